// Firebase Genkit: ai.generate/generateStream on a Genkit instance (JS and Python) with the call's
// model or the instance's default, Genkit's model references (plugin strings, `googleAI.model(…)`,
// compat-oai's `openAI.model(…)`, exported constants, self-hosted Ollama), Dotprompt files run with
// ai.prompt('name') (their model, else the instance's; an override at the run), definePrompt runs,
// the tool loop bound (maxTurns, default 5), embedders, and Genkit's test models. Scanned by the real
// CLI code on workspaces written to a temporary folder, in the style of Genkit's documentation.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import type { Report, ReportCallSite } from '../../../src/core/report/report';
import { scanOnDisk } from './workspace';

function at(report: Report, file: string, line: number): ReportCallSite {
  const found = report.callSites.find((c) => c.path === file && c.line === line);
  assert.ok(found, `no call site at ${file}:${line}; found ${report.callSites.map((c) => `${c.path}:${c.line}`).join(', ')}`);
  return found;
}

describe('Genkit', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('prices ai.generate on the model the call names, else the instance default; plugin strings, compat-oai, constants and Ollama', async () => {
    const report = await scanOnDisk({
      'src/index.ts': `import { googleAI } from '@genkit-ai/google-genai';
import { openAI } from '@genkit-ai/compat-oai/openai';
import { gemini15Flash } from '@genkit-ai/googleai';
import { genkit, z } from 'genkit';

const ai = genkit({ plugins: [googleAI(), openAI()], model: googleAI.model('gemini-2.5-flash') });

export const menuSuggestionFlow = ai.defineFlow({ name: 'menuSuggestionFlow', inputSchema: z.string() }, async (theme) => {
  const { text } = await ai.generate({ prompt: \`Invent a menu item for a \${theme} themed restaurant.\` });
  const pro = await ai.generate({ model: 'googleai/gemini-2.5-pro', prompt: 'Describe it.', config: { maxOutputTokens: 200 } });
  const oai = await ai.generate({ model: openAI.model('gpt-4o'), system: 'You are a chef.', prompt: text });
  const old = await ai.generate({ model: gemini15Flash, prompt: 'Name it.' });
  const local = await ai.generate({ model: 'ollama/llama3.2', prompt: 'Price it.' });
  return pro.text + oai.text + old.text + local.text;
});
`,
    });
    const d = at(report, 'src/index.ts', 9);
    assert.equal(d.api, 'genkit.generate');
    assert.equal(d.model, 'gemini-2.5-flash');
    assert.equal(d.provider, 'google');
    assert.ok(d.usd, 'the default model is priced');
    const pro = at(report, 'src/index.ts', 10);
    assert.equal(pro.model, 'gemini-2.5-pro');
    assert.deepEqual(pro.outputCap, { tokens: 200, param: 'config.maxOutputTokens' });
    const oai = at(report, 'src/index.ts', 11);
    assert.equal(oai.model, 'gpt-4o');
    assert.equal(oai.provider, 'openai');
    assert.equal(at(report, 'src/index.ts', 12).model, 'gemini-1.5-flash');
    const local = at(report, 'src/index.ts', 13);
    assert.equal(local.model, 'llama3.2');
    assert.equal(local.selfHosted, 'Ollama');
    assert.equal(local.usd?.perCall.expected ?? 0, 0);
  });

  it("prices a plugin's model action called directly as one request", async () => {
    const report = await scanOnDisk({
      'src/direct.ts': `import { openAI } from '@genkit-ai/compat-oai/openai';
(async () => {
  const oai = openAI();
  const gpt4o = await oai.model('gpt-4o');
  const response = await gpt4o({ messages: [{ role: 'user', content: [{ text: 'what is a gablorken of 4!' }] }] });
  console.log(response.message);
})();
`,
    });
    const d = at(report, 'src/direct.ts', 5);
    assert.equal(d.api, 'genkit.model');
    assert.equal(d.model, 'gpt-4o');
    assert.equal(d.provider, 'openai');
    assert.equal(report.callSites.filter((c) => c.path === 'src/direct.ts').length, 1, 'console.log and openAI() are no call sites');
  });

  it('does not take another object\'s generate for Genkit, and a call with no model anywhere says so', async () => {
    const report = await scanOnDisk({
      'src/other.ts': `import { genkit } from 'genkit';
const ai = genkit({ plugins: [] });
const store = { generate: async (o: unknown) => o };
export async function go() {
  await store.generate({ prompt: 'not a model call' });
  return ai.generate({ prompt: 'Hello' });
}
`,
    });
    assert.equal(report.callSites.filter((c) => c.path === 'src/other.ts' && c.line === 5).length, 0);
    const none = at(report, 'src/other.ts', 6);
    assert.equal(none.model, null);
    assert.match(none.modelUnresolvedReason ?? '', /neither the call nor the Genkit instance names a model/);
  });

  it('bounds a call with tools by maxTurns, the SDK default 5 when unset', async () => {
    const report = await scanOnDisk({
      'src/tools.ts': `import { googleAI } from '@genkit-ai/google-genai';
import { genkit, z } from 'genkit';
const ai = genkit({ plugins: [googleAI()], model: googleAI.model('gemini-2.5-flash') });
const getWeather = ai.defineTool({ name: 'getWeather', description: 'Weather', inputSchema: z.object({ city: z.string() }) }, async () => 'sunny');
export async function go() {
  await ai.generate({ prompt: 'Weather in Paris?', tools: [getWeather] });
  const { stream } = ai.generateStream({ prompt: 'And Rome?', tools: [getWeather], maxTurns: 2 });
  return ai.generate({ prompt: 'No tools here.' });
}
`,
    });
    const a = at(report, 'src/tools.ts', 6);
    assert.equal(a.operation, 'agent-run');
    assert.equal(a.multiplier.max, 5);
    assert.match(a.multiplier.reason, /Genkit default maxTurns .*action\.ts:540/);
    assert.equal(at(report, 'src/tools.ts', 7).multiplier.max, 2);
    const plain = at(report, 'src/tools.ts', 8);
    assert.equal(plain.multiplier.max, 1);
    assert.equal(plain.operation, undefined);
  });

  it("runs a Dotprompt file loaded with ai.prompt('name'): its model, else the instance's, else the run's override; the file is counted in the call", async () => {
    const report = await scanOnDisk({
      'app/prompts/recipe.prompt': `---
model: googleai/gemini-2.5-pro
input:
  schema:
    food: string
---
You are a chef famous for making creative recipes. Generate a recipe for {{food}}.
`,
      'app/prompts/greeting.prompt': `---
input:
  schema:
    name: string
---
Greet {{name}} warmly.
`,
      'app/src/index.ts': `import { googleAI } from '@genkit-ai/google-genai';
import { genkit } from 'genkit';
const ai = genkit({ plugins: [googleAI()], model: googleAI.model('gemini-2.5-flash') });
export async function go(food: string) {
  const recipe = await ai.prompt('recipe')({ food });
  const greetingPrompt = ai.prompt('greeting');
  const hi = await greetingPrompt({ name: 'Ada' });
  const { response } = greetingPrompt.stream({ name: 'Bo' }, { model: googleAI.model('gemini-2.5-flash-lite') });
  return [recipe.text, hi.text, (await response).text];
}
`,
    });
    const r = at(report, 'app/src/index.ts', 5);
    assert.equal(r.api, 'genkit.prompt');
    assert.equal(r.model, 'gemini-2.5-pro');
    assert.ok(r.tokens.staticInput > 5, 'the prompt file text is sent');
    assert.equal(at(report, 'app/src/index.ts', 7).model, 'gemini-2.5-flash');
    assert.equal(at(report, 'app/src/index.ts', 8).model, 'gemini-2.5-flash-lite');
    const sent = report.promptFiles?.find((p) => p.path === 'app/prompts/greeting.prompt');
    assert.ok(sent, 'the prompt file is sent by code');
    assert.deepEqual(sent.sentBy.map((s) => s.line).sort(), [7, 8]);
  });

  it("prices a Dotprompt file no code runs and that names no model on the default of the Genkit instance whose prompt folder holds it (promptDir too), and says so", async () => {
    const report = await scanOnDisk({
      'app/prompts/story.prompt': `---
input:
  schema:
    subject: string
---
Tell me a story about {{subject}}.
`,
      'app/src/index.ts': `import { googleAI } from '@genkit-ai/google-genai';
import { genkit } from 'genkit';
export const ai = genkit({ plugins: [googleAI()], model: googleAI.model('gemini-2.5-flash') });
`,
      'other/llm/templates/joke.prompt': `---
input:
  schema:
    topic: string
---
Tell me a joke about {{topic}}.
`,
      'other/main.py': `from genkit.ai import Genkit
ai = Genkit(plugins=[], model='googleai/gemini-2.5-pro', prompt_dir='llm/templates')
`,
      'loose/prompts/alone.prompt': `---
input:
  schema:
    x: string
---
Say {{x}}.
`,
    });
    const story = report.callSites.find((c) => c.path === 'app/prompts/story.prompt');
    assert.ok(story);
    assert.equal(story.model, 'gemini-2.5-flash');
    assert.equal(story.provider, 'google');
    assert.equal(story.modelFrom, 'app/src/index.ts:3');
    assert.ok(story.usd, 'priced');
    const joke = report.callSites.find((c) => c.path === 'other/llm/templates/joke.prompt');
    assert.equal(joke?.model, 'gemini-2.5-pro');
    const alone = report.callSites.find((c) => c.path === 'loose/prompts/alone.prompt');
    assert.equal(alone?.model, null);
    assert.equal(alone?.modelUnresolvedReason, 'the prompt file names no model');
  });

  it('runs an ai.definePrompt prompt where it is called, and embeds with ai.embed and an indexer\'s embedder', async () => {
    const report = await scanOnDisk({
      'src/genkit.ts': `import { devLocalVectorstore } from '@genkit-ai/dev-local-vectorstore';
import { googleAI } from '@genkit-ai/google-genai';
import { genkit } from 'genkit';
export const ai = genkit({
  plugins: [googleAI(), devLocalVectorstore([{ indexName: 'menu-items', embedder: googleAI.embedder('gemini-embedding-001') }])],
});
`,
      'src/flows.ts': `import { devLocalIndexerRef } from '@genkit-ai/dev-local-vectorstore';
import { googleAI } from '@genkit-ai/google-genai';
import { Document, z } from 'genkit';
import { ai } from './genkit.js';
const characterPrompt = ai.definePrompt({
  name: 'characterPrompt',
  model: googleAI.model('gemini-2.5-flash'),
  input: { schema: z.object({ inspiration: z.string() }) },
  prompt: 'You are an expert DnD designer. Create a new character based on {{inspiration}}.',
});
export async function go(items: string[]) {
  const c = await characterPrompt({ inspiration: 'Yogi Berra' });
  const e = await ai.embed({ embedder: googleAI.embedder('gemini-embedding-001'), content: c.text });
  await ai.index({ indexer: devLocalIndexerRef('menu-items'), documents: items.map((t) => Document.fromText(t)) });
  return e;
}
`,
    });
    const p = at(report, 'src/flows.ts', 12);
    assert.equal(p.api, 'genkit.definePrompt');
    assert.equal(p.model, 'gemini-2.5-flash');
    const e = at(report, 'src/flows.ts', 13);
    assert.equal(e.operation, 'embedding');
    assert.equal(e.model, 'gemini-embedding-001');
    const i = at(report, 'src/flows.ts', 14);
    assert.equal(i.operation, 'embedding');
    assert.equal(i.model, 'gemini-embedding-001');
  });

  it('reads Python: Genkit(model=…) as the default of ai.generate, tools bounded by max_turns (default 5)', async () => {
    const report = await scanOnDisk({
      'main.py': `from genkit.ai import Genkit
from genkit.plugins.google_genai import GoogleAI

ai = Genkit(plugins=[GoogleAI()], model='googleai/gemini-2.5-flash')


@ai.flow()
async def joke(topic: str) -> str:
    response = await ai.generate(prompt=f'Tell me a joke about {topic}.')
    tooled = await ai.generate(prompt='Look up the user.', tools=['get_user_info'])
    pro = await ai.generate(model='googleai/gemini-2.5-pro', prompt='Explain it.', max_turns=3, tools=['get_user_info'])
    return response.text + tooled.text + pro.text
`,
    });
    const j = at(report, 'main.py', 9);
    assert.equal(j.model, 'gemini-2.5-flash');
    assert.equal(j.provider, 'google');
    const t = at(report, 'main.py', 10);
    assert.equal(t.multiplier.max, 5);
    assert.match(t.multiplier.reason, /_generate\.py:59/);
    const p = at(report, 'main.py', 11);
    assert.equal(p.model, 'gemini-2.5-pro');
    assert.equal(p.multiplier.max, 3);
  });

  it("does not price Genkit's echo test model nor a model the code defines with ai.defineModel", async () => {
    const report = await scanOnDisk({
      'src/echo.test.ts': `import { genkit } from 'genkit';
const ai = genkit({ model: 'echoModel' });
export async function go() {
  const pm = ai.defineModel({ name: 'programmableModel' }, async () => ({ message: { role: 'model', content: [{ text: 'ok' }] } }));
  await ai.generate({ model: pm, prompt: 'hello' });
  return ai.generate({ prompt: 'hi' });
}
`,
    });
    const e = at(report, 'src/echo.test.ts', 6);
    assert.ok(e.testDouble, 'a test double');
    assert.equal(e.usd, null);
    const pm = at(report, 'src/echo.test.ts', 5);
    assert.match(pm.testDouble ?? '', /defined in the code with defineModel \(programmableModel\)/);
    assert.equal(pm.usd, null);
  });
});
