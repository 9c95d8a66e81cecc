// The Vercel AI SDK (issue 14): agent classes, UI stream helpers, the other priced endpoints, the
// step bound of `stopWhen` / `maxSteps` and each version's default, the ways a model is named, and
// the `ai/test` mocks. Scanned by the real CLI code on workspaces written to a temporary folder.
import * as assert from 'node:assert/strict';
import { extractCode } from '../../../src/core/extract/code/extract';
import { loadParsers } from '../../../src/core/extract/code/parser';
import type { Report, ReportCallSite } from '../../../src/core/report/report';
import { scanOnDisk } from './workspace';

const scan = scanOnDisk;

function at(report: Report, file: string, line: number): ReportCallSite {
  const found = report.callSites.find((c) => c.path === file && c.line === line);
  assert.ok(found, `no call site at ${file}:${line}; found ${report.callSites.map((c) => `${c.path}:${c.line}`).join(', ')}`);
  return found;
}

const lock = (version: string) => JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { dependencies: { ai: `^${version}` } }, 'node_modules/ai': { version } } });

const toolAgent = `import { openai } from '@ai-sdk/openai';
import { ToolLoopAgent, tool } from 'ai';
import { z } from 'zod';

const weather = tool({ description: 'Weather in a city', inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => city });
export const agent = new ToolLoopAgent({ model: openai('gpt-4o'), instructions: 'You help with the weather.', tools: { weather }, maxOutputTokens: 300 });

export async function ask(q: string) {
  return agent.generate({ prompt: q });
}
`;

describe('Vercel AI SDK', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('runs a ToolLoopAgent with its model, instructions and output cap, capped at the default 20 steps of ai ≥ 6 (1 in ai 5)', async () => {
    const newest = at(await scan({ 'src/agent.ts': toolAgent }), 'src/agent.ts', 9);
    assert.equal(newest.api, 'ToolLoopAgent.generate');
    assert.equal(newest.operation, 'agent-run');
    assert.equal(newest.model, 'gpt-4o');
    assert.equal(newest.provider, 'openai');
    assert.deepEqual(newest.outputCap, { tokens: 300, param: 'maxOutputTokens' });
    assert.equal(newest.multiplier.max, 20);
    assert.match(newest.multiplier.reason, /up to 20 steps: the ToolLoopAgent default stopWhen \(ai version not found in the workspace: the newest default assumed; .*isStepCount\(20\)/);
    const v6 = at(await scan({ 'package-lock.json': lock('6.0.3'), 'src/agent.ts': toolAgent }), 'src/agent.ts', 9);
    assert.equal(v6.multiplier.max, 20);
    assert.match(v6.multiplier.reason, /ai 6\.0\.3 in package-lock\.json/);
    // ai 5's Experimental_Agent handed its settings to generateText: one step unless stopWhen says more.
    const v5 = at(await scan({ 'package-lock.json': lock('5.0.60'), 'src/agent.ts': toolAgent }), 'src/agent.ts', 9);
    assert.equal(v5.multiplier.max, 1);
    assert.match(v5.multiplier.reason, /ai 5\.0\.60 in package-lock\.json.*stepCountIs\(1\)/);
  });

  it('reads stopWhen as the cap: isStepCount(n), its old name stepCountIs(n), the smallest count of an array, v4 maxSteps; generateText with tools and none is one step', async () => {
    const report = await scan({
      'app/steps.ts': `import { anthropic } from '@ai-sdk/anthropic';
import { generateText, hasToolCall, isLoopFinished, isStepCount, stepCountIs, streamText } from 'ai';
const tools = { search: { description: 'search', inputSchema: {}, execute: async () => 'r' } };
const STEPS = 7;
export const a = (q: string) => generateText({ model: anthropic('claude-sonnet-4-5'), prompt: q, tools, stopWhen: isStepCount(STEPS) });
export const b = (q: string) => streamText({ model: anthropic('claude-sonnet-4-5'), prompt: q, tools, stopWhen: [hasToolCall('done'), stepCountIs(4), stepCountIs(9)] });
export const c = (q: string) => generateText({ model: anthropic('claude-sonnet-4-5'), prompt: q, tools, maxSteps: 3 });
export const d = (q: string) => generateText({ model: anthropic('claude-sonnet-4-5'), prompt: q, tools });
export const e = (q: string) => generateText({ model: anthropic('claude-sonnet-4-5'), prompt: q, tools, stopWhen: isLoopFinished() });
export const f = (q: string) => generateText({ model: anthropic('claude-sonnet-4-5'), prompt: q });
`,
    });
    const a = at(report, 'app/steps.ts', 5);
    assert.equal(a.multiplier.max, 7);
    assert.equal(a.operation, 'agent-run', 'tools and more than one step: an agent loop');
    assert.match(a.multiplier.reason, /stopWhen: isStepCount\(7\)/);
    assert.equal(at(report, 'app/steps.ts', 6).multiplier.max, 4, 'an array stops at the first condition met');
    assert.equal(at(report, 'app/steps.ts', 7).multiplier.max, 3);
    const d = at(report, 'app/steps.ts', 8);
    assert.equal(d.multiplier.max, 1);
    assert.match(d.multiplier.reason, /generateText default .*isStepCount\(1\)/);
    assert.equal(d.operation, undefined, 'one step: a chat request');
    // isLoopFinished(): no count to read; the call keeps one step and says why.
    const e = extractCode('app/e.ts', `import { anthropic } from '@ai-sdk/anthropic';
import { generateText, isLoopFinished } from 'ai';
export const e = (q: string, tools: any) => generateText({ model: anthropic('claude-sonnet-4-5'), prompt: q, tools, stopWhen: isLoopFinished() });
`, {}).callSites[0];
    assert.equal(e.multiplier.max, 1);
    assert.ok(e.notes?.some((n) => /stopWhen has no step count \(isLoopFinished\(…\)\)/.test(n)), JSON.stringify(e.notes));
    const f = at(report, 'app/steps.ts', 10);
    assert.equal(f.multiplier.max, 1);
    assert.equal(f.multiplier.reason, 'one call per task', 'no tools, no bound: nothing to say');
  });

  it('resolves customProvider and registry lookups, gateway strings, wrapLanguageModel and OpenAI-compatible providers by their baseURL', async () => {
    const report = await scan({
      'lib/providers.ts': `import { openai } from '@ai-sdk/openai';
import { anthropic } from '@ai-sdk/anthropic';
import { createProviderRegistry, customProvider } from 'ai';
export const myProvider = customProvider({ languageModels: { chat: openai('gpt-4o'), fast: anthropic('claude-haiku-4-5') } });
export const registry = createProviderRegistry({ app: myProvider, anthropic }, { separator: ' > ' });
`,
      'app/route.ts': `import { gateway } from '@ai-sdk/gateway';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { openai } from '@ai-sdk/openai';
import { generateText, wrapLanguageModel, extractReasoningMiddleware } from 'ai';
import { myProvider, registry } from '../lib/providers';
const together = createOpenAICompatible({ name: 'together', baseURL: 'https://api.together.xyz/v1' });
export const a = (q: string) => generateText({ model: myProvider.languageModel('chat'), prompt: q });
export const b = (q: string) => generateText({ model: registry.languageModel('app > fast'), prompt: q });
export const c = (q: string) => generateText({ model: registry.languageModel('anthropic > claude-sonnet-4-5'), prompt: q });
export const d = (q: string) => generateText({ model: gateway('anthropic/claude-opus-4-1'), prompt: q });
export const e = (q: string) => generateText({ model: wrapLanguageModel({ model: openai('gpt-4o-mini'), middleware: extractReasoningMiddleware({ tagName: 'think' }) }), prompt: q });
export const f = (q: string) => generateText({ model: together('meta-llama/Llama-3.3-70B-Instruct-Turbo'), prompt: q });
`,
    });
    const a = at(report, 'app/route.ts', 7);
    assert.equal(a.model, 'gpt-4o');
    assert.equal(a.modelFrom, 'lib/providers.ts:4');
    const b = at(report, 'app/route.ts', 8);
    assert.equal(b.model, 'claude-haiku-4-5', 'the registry entry is the custom provider: its `fast` model');
    assert.equal(b.provider, 'anthropic');
    const c = at(report, 'app/route.ts', 9);
    assert.equal(c.model, 'claude-sonnet-4-5');
    assert.equal(c.provider, 'anthropic');
    const d = at(report, 'app/route.ts', 10);
    assert.equal(d.model, 'claude-opus-4-1');
    assert.equal(d.provider, 'anthropic');
    assert.equal(at(report, 'app/route.ts', 11).model, 'gpt-4o-mini');
    const f = at(report, 'app/route.ts', 12);
    assert.equal(f.model, 'meta-llama/Llama-3.3-70B-Instruct-Turbo');
    assert.equal(f.provider, 'together');
  });

  it('prices embeddings, images, speech and transcription as their own kinds (an embedding has no output)', async () => {
    const report = await scan({
      'app/media.ts': `import { openai } from '@ai-sdk/openai';
import { embed, embedMany, experimental_generateImage as generateImage, experimental_generateSpeech as generateSpeech, experimental_transcribe as transcribe } from 'ai';
export const a = (text: string) => embed({ model: openai.embedding('text-embedding-3-small'), value: text });
export const b = (texts: string[]) => embedMany({ model: openai.textEmbeddingModel('text-embedding-3-large'), values: texts });
export const c = (p: string) => generateImage({ model: openai.image('gpt-image-1'), prompt: p });
export const d = (t: string) => generateSpeech({ model: openai.speech('gpt-4o-mini-tts'), text: t });
export const e = (audio: Uint8Array) => transcribe({ model: openai.transcription('whisper-1'), audio });
`,
    });
    const a = at(report, 'app/media.ts', 3);
    assert.equal(a.operation, 'embedding');
    assert.equal(a.model, 'text-embedding-3-small');
    assert.equal(a.tokens.output, 0);
    assert.ok(a.usd, 'an embedding is on the bill');
    assert.equal(at(report, 'app/media.ts', 4).model, 'text-embedding-3-large');
    const c = at(report, 'app/media.ts', 5);
    assert.equal(c.operation, 'image');
    assert.equal(c.api, 'generateImage', 'the experimental_ name it was imported under');
    assert.equal(c.model, 'gpt-image-1');
    assert.equal(at(report, 'app/media.ts', 6).operation, 'audio');
    assert.equal(at(report, 'app/media.ts', 7).model, 'whisper-1');
  });

  it('runs the agent a UI stream helper is given, defined in another file', async () => {
    const report = await scan({
      'src/agent.ts': toolAgent,
      'app/api/chat/route.ts': `import { createAgentUIStreamResponse } from 'ai';
import { agent } from '../../../src/agent';
export async function POST(req: Request) {
  const { messages } = await req.json();
  return createAgentUIStreamResponse({ agent, uiMessages: messages });
}
`,
    });
    const s = at(report, 'app/api/chat/route.ts', 5);
    assert.equal(s.api, 'ToolLoopAgent.createAgentUIStreamResponse');
    assert.equal(s.model, 'gpt-4o');
    assert.equal(s.multiplier.max, 20);
  });

  it('keeps the ai/test mocks out of the bill: a test double, no price, counted in the summary', async () => {
    const report = await scan({
      'test/chat.test.ts': `import { generateText, embed, ToolLoopAgent } from 'ai';
import { MockLanguageModelV3, MockEmbeddingModelV3, simulateReadableStream } from 'ai/test';
const model = new MockLanguageModelV3({ doStream: async () => ({ stream: simulateReadableStream({ chunks: [] }) }) });
export const a = () => generateText({ model, prompt: 'Hello' });
export const b = () => embed({ model: new MockEmbeddingModelV3({}), value: 'x' });
export const c = () => new ToolLoopAgent({ model }).generate({ prompt: 'Hi' });
export const d = () => generateText({ model: { specificationVersion: 'v3', provider: 'fake', modelId: 'fake', doGenerate: async () => ({}), doStream: async () => ({ stream: simulateReadableStream({ chunks: [] }) }) }, prompt: 'Hi' });
`,
    });
    assert.equal(at(report, 'test/chat.test.ts', 7).testDouble, 'a model object with its own doGenerate/doStream');
    for (const line of [4, 5, 6]) {
      const s = at(report, 'test/chat.test.ts', line);
      assert.match(s.testDouble ?? '', /^Mock(Language|Embedding)ModelV3$/, `line ${line}`);
      assert.equal(s.usd, null);
    }
    assert.equal(report.totals.testDoubles, 4);
  });

  it('marks a cache breakpoint set with providerOptions.anthropic.cacheControl, on a message and on a content part', () => {
    const r = extractCode('app/cached.ts', `import { anthropic } from '@ai-sdk/anthropic';
import { generateText } from 'ai';
const POLICY = 'Refunds within 14 days. '.repeat(200);
export const a = (q: string) => generateText({ model: anthropic('claude-sonnet-4-5'), messages: [
  { role: 'system', content: POLICY, providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ttl: '1h' } } } },
  { role: 'user', content: [{ type: 'text', text: POLICY, providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } }, { type: 'text', text: q }] },
] });
`, {});
    assert.equal(r.callSites.length, 1);
    assert.deepEqual(r.callSites[0].cacheMarkers.map((m) => m.ttl), ['1h', '5m']);
  });

  it('follows a client picked from an object of provider factories by a computed key (`providerConfigs[providerId]()`) to the model the request names', async () => {
    const report = await scan({
      'lib/models.ts': `import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';

export type LLMModel = { id: string; providerId: string };

export function getModelClient(model: LLMModel, config: { apiKey?: string }) {
  const { id: modelNameString, providerId } = model;
  const { apiKey } = config;
  const providerConfigs = {
    anthropic: () => createAnthropic({ apiKey })(modelNameString),
    openai: () => createOpenAI({ apiKey })(modelNameString),
    groq: () => createOpenAI({ apiKey, baseURL: 'https://api.groq.com/openai/v1' })(modelNameString),
  };
  const createClient = providerConfigs[providerId as keyof typeof providerConfigs];
  if (!createClient) throw new Error(\`Unsupported provider: \${providerId}\`);
  return createClient();
}

export function getFixedClient(config: { apiKey?: string }) {
  const providerConfigs = {
    anthropic: () => createAnthropic({ apiKey: config.apiKey })('claude-haiku-4-5'),
  };
  const createClient = providerConfigs['anthropic'];
  return createClient();
}
`,
      'app/api/chat/route.ts': `import { streamText, generateText, type LanguageModel } from 'ai';
import { getModelClient, getFixedClient, type LLMModel } from '../../../lib/models';

export async function POST(req: Request) {
  const { messages, model, config }: { messages: any[]; model: LLMModel; config: { apiKey?: string } } = await req.json();
  const modelClient = getModelClient(model, config);
  const result = streamText({ model: modelClient as LanguageModel, messages, maxOutputTokens: 500 });
  await generateText({ model: getFixedClient(config), prompt: 'Title for this chat', maxOutputTokens: 20 });
  return result.toTextStreamResponse();
}
`,
    });
    const chat = at(report, 'app/api/chat/route.ts', 7);
    assert.equal(chat.model, null);
    assert.match(chat.modelUnresolvedReason ?? '', /request body/);
    assert.doesNotMatch(chat.modelUnresolvedReason ?? '', /names no model id/);
    const title = at(report, 'app/api/chat/route.ts', 8);
    assert.equal(title.model, 'claude-haiku-4-5');
    assert.equal(title.provider, 'anthropic');
  });

  it('does not take look-alikes for calls: a provider function alone, a local embed, another library’s generate', async () => {
    const report = await scan({
      'app/none.ts': `import { openai } from '@ai-sdk/openai';
import { Agent } from './my-agent';
export const model = openai('gpt-4o');
function embed(x: { value: string }) { return x.value.length; }
export const n = embed({ value: 'x' });
export const g = new Agent({ model }).generate({ prompt: 'x' });
`,
      'app/my-agent.ts': 'export class Agent { constructor(readonly o: unknown) {} generate(o: unknown) { return o; } }\n',
    });
    assert.deepEqual(report.callSites.map((c) => `${c.path}:${c.line}`), []);
  });
});
