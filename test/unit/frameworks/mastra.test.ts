// Mastra (issue 14): Agent runs with model-router strings and AI SDK models, agents looked up in the
// `new Mastra({ agents })` that registers them (from a workflow step too), handleChatStream, Harness
// sessions, and maxSteps as the cap (default 5). Scanned by the real CLI code on workspaces written
// to a temporary folder.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import type { Report, ReportCallSite } from '../../../src/core/report/report';
import { scanOnDisk } from './workspace';

const scan = scanOnDisk;

function at(report: Report, file: string, line: number): ReportCallSite {
  const found = report.callSites.find((c) => c.path === file && c.line === line);
  assert.ok(found, `no call site at ${file}:${line}; found ${report.callSites.map((c) => `${c.path}:${c.line}`).join(', ')}`);
  return found;
}

const weatherAgent = (model: string) => `import { Agent } from '@mastra/core/agent';
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

const weatherTool = createTool({ id: 'weather', description: 'Weather', inputSchema: z.object({ city: z.string() }), execute: async () => ({ temp: 20 }) });

export const weatherAgent = new Agent({
  id: 'weather-agent',
  name: 'Weather Agent',
  instructions: 'You are a helpful weather assistant.',
  model: ${model},
  tools: { weatherTool },
});
`;

const registry = `import { Mastra } from '@mastra/core/mastra';
import { weatherAgent } from './agents/weather-agent';

export const mastra = new Mastra({ agents: { weatherAgent } });
`;

const workflow = `import { createStep } from '@mastra/core/workflows';
import { z } from 'zod';

export const planActivities = createStep({
  id: 'plan-activities',
  inputSchema: z.object({ city: z.string() }),
  outputSchema: z.object({ text: z.string() }),
  execute: async ({ inputData, mastra }) => {
    const agent = mastra?.getAgent('weatherAgent');
    const response = await agent.stream([{ role: 'user', content: \`Plan a day in \${inputData.city}\` }]);
    return { text: await response.text };
  },
});
`;

describe('Mastra', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('runs an Agent on its model-router string, with its instructions, capped at the default 5 steps, or maxSteps from the run or the agent', async () => {
    const report = await scan({
      'src/mastra/agents/weather-agent.ts': weatherAgent("'openai/gpt-4o'"),
      'src/app.ts': `import { Agent } from '@mastra/core/agent';
import { weatherAgent } from './mastra/agents/weather-agent';
const capped = new Agent({ name: 'Capped', instructions: 'Be brief.', model: 'anthropic/claude-sonnet-4-5', tools: {}, defaultOptions: { maxSteps: 6 } });
const plain = new Agent({ name: 'Plain', instructions: 'Be brief.', model: 'openrouter/openai/gpt-oss-20b' });
export async function go(q: string) {
  await weatherAgent.generate(q);
  await weatherAgent.stream(q, { maxSteps: 3, modelSettings: { maxOutputTokens: 256 } });
  await capped.generate(q);
  return plain.generate(q);
}
`,
    });
    const a = at(report, 'src/app.ts', 6);
    assert.equal(a.api, 'mastra.generate');
    assert.equal(a.operation, 'agent-run');
    assert.equal(a.model, 'gpt-4o');
    assert.equal(a.provider, 'openai');
    assert.equal(a.multiplier.max, 5);
    assert.match(a.multiplier.reason, /up to 5 steps: the Mastra default maxSteps .*stepCountIs\(5\)/);
    const b = at(report, 'src/app.ts', 7);
    assert.equal(b.multiplier.max, 3);
    assert.deepEqual(b.outputCap, { tokens: 256, param: 'maxOutputTokens' });
    assert.equal(at(report, 'src/app.ts', 8).multiplier.max, 6);
    const plain = at(report, 'src/app.ts', 9);
    assert.equal(plain.model, 'openai/gpt-oss-20b');
    assert.equal(plain.provider, 'openrouter');
    assert.equal(plain.multiplier.expected, 1, 'no tools: one request expected');
  });

  it('finds the agent a workflow step gets with mastra.getAgent(…) in the Mastra that registers it, the nearest of two apps', async () => {
    const report = await scan({
      'apps/one/src/mastra/agents/weather-agent.ts': weatherAgent("'openai/gpt-4o'"),
      'apps/one/src/mastra/index.ts': registry,
      'apps/one/src/mastra/workflows/weather.ts': workflow,
      'apps/two/src/mastra/agents/weather-agent.ts': weatherAgent("'openai/gpt-5-mini'"),
      'apps/two/src/mastra/index.ts': registry,
      'apps/two/src/mastra/workflows/weather.ts': workflow,
    });
    assert.equal(at(report, 'apps/one/src/mastra/workflows/weather.ts', 10).model, 'gpt-4o');
    assert.equal(at(report, 'apps/two/src/mastra/workflows/weather.ts', 10).model, 'gpt-5-mini');
  });

  it('runs the agent handleChatStream names by id, and AI SDK models; a Harness session runs its agent', async () => {
    const report = await scan({
      'src/mastra/agents/weather-agent.ts': weatherAgent("openai('gpt-4o-mini')").replace("import { Agent } from '@mastra/core/agent';", "import { Agent } from '@mastra/core/agent';\nimport { openai } from '@ai-sdk/openai';"),
      'src/mastra/index.ts': registry,
      'src/routes/chat.ts': `import { handleChatStream } from '@mastra/ai-sdk';
import { mastra } from '../mastra';
export async function POST(req: Request) {
  const params = await req.json();
  return handleChatStream({ mastra, agentId: 'weather-agent', params: { ...params, maxSteps: 4 } });
}
`,
      'src/harness.ts': `import { Agent } from '@mastra/core/agent';
import { Harness } from '@mastra/core/harness';
const agent = new Agent({ id: 'orchestrator', name: 'Orchestrator', instructions: 'Delegate.', model: 'anthropic/claude-sonnet-4-5' });
const harness = new Harness({ id: 'h', agent, modes: [{ id: 'chat', name: 'Chat', default: true }] });
export async function go(content: string) {
  const session = await harness.createSession();
  await session.sendMessage({ content });
}
`,
    });
    const chat = at(report, 'src/routes/chat.ts', 5);
    assert.equal(chat.model, 'gpt-4o-mini');
    assert.equal(chat.provider, 'openai');
    assert.equal(chat.multiplier.max, 4);
    const h = at(report, 'src/harness.ts', 7);
    assert.equal(h.model, 'claude-sonnet-4-5');
    assert.equal(h.api, 'mastra.harness.sendMessage');
  });

  it("runs a Harness session handed to a TUI class's constructor by its caller (workshop 07 simple-tui)", async () => {
    const report = await scan({
      'src/simple-tui.ts': `import type { Harness } from '@mastra/core/harness';
type AnySession = Awaited<ReturnType<Harness['createSession']>>;
export class SimpleTUI {
  private readonly session: AnySession;
  constructor(options: { harness: Harness; session: AnySession }) {
    this.session = options.session;
  }
  async send(input: string) {
    await this.session.sendMessage({ content: input });
  }
}
`,
      'src/basic-tui.ts': `import { Agent } from '@mastra/core/agent';
import { Harness } from '@mastra/core/harness';
import { SimpleTUI } from './simple-tui';
const agent = new Agent({ id: 'orchestrator', name: 'Orchestrator', instructions: 'Delegate.', model: 'anthropic/claude-sonnet-4-5' });
const harness = new Harness({ id: 'basic-harness', agent, modes: [{ id: 'chat', name: 'Chat', default: true }] });
await harness.init();
const session = await harness.createSession();
const tui = new SimpleTUI({ harness, session });
await tui.send('hello');
`,
    });
    const send = at(report, 'src/simple-tui.ts', 9);
    assert.equal(send.api, 'mastra.harness.sendMessage');
    assert.equal(send.model, 'claude-sonnet-4-5');
  });

  it('prices a workflow step made from an agent (createStep(agent)) as a run of that agent', async () => {
    const report = await scan({
      'src/mastra/agents/weather-agent.ts': weatherAgent("'anthropic/claude-haiku-4-5'"),
      'src/mastra/workflows/plan.ts': `import { createStep, createWorkflow } from '@mastra/core/workflows';
import { z } from 'zod';
import { weatherAgent } from '../agents/weather-agent';
const planStep = createStep(weatherAgent);
const otherStep = createStep({ id: 'noop', inputSchema: z.object({}), outputSchema: z.object({}), execute: async () => ({}) });
export const plan = createWorkflow({ id: 'plan', inputSchema: z.object({ prompt: z.string() }), outputSchema: z.object({ text: z.string() }) }).then(planStep).then(otherStep).commit();
`,
    });
    const step = at(report, 'src/mastra/workflows/plan.ts', 4);
    assert.equal(step.api, 'mastra.createStep');
    assert.equal(step.model, 'claude-haiku-4-5');
    assert.equal(report.callSites.filter((c) => c.path === 'src/mastra/workflows/plan.ts').length, 1, 'a step with its own execute is not an agent run');
  });

  it('does not take another library\u2019s generate or an Agent of another package for Mastra', async () => {
    const report = await scan({
      'src/other.ts': `import { Agent } from './agent';
class Writer { generate(q: string) { return q; } }
const writer = new Writer();
export const a = (q: string) => writer.generate(q);
export const b = (q: string) => new Agent({ model: 'openai/gpt-4o' }).generate(q);
`,
      'src/agent.ts': 'export class Agent { constructor(readonly o: unknown) {} generate(q: string) { return q; } }\n',
    });
    assert.deepEqual(report.callSites.map((c) => `${c.path}:${c.line}`), []);
  });
});
