// The OpenAI Agents SDK, Python and JS (issue 14): the default model keyed by the version the
// workspace's lockfiles name, the Runner's and RunConfig's model, agents from factories, generics and
// parameters, model classes, test doubles, realtime sessions, and max_turns as the cap. Scanned by
// the real CLI code on workspaces written to a temporary folder.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import type { Report, ReportCallSite } from '../../../src/core/report/report';
import { extractIn, lineOf, scanOnDisk, siteAt } from './workspace';

const scan = scanOnDisk;

function at(report: Report, file: string, line: number): ReportCallSite {
  const found = report.callSites.find((c) => c.path === file && c.line === line);
  assert.ok(found, `no call site at ${file}:${line}; found ${report.callSites.map((c) => `${c.path}:${c.line}`).join(', ')}`);
  return found;
}

/** Why the model is what it is: the default's source and the version read, for an SDK default. */
const note = (s: ReportCallSite) => s.modelFrom ?? '';

const jsHello = `import { Agent, run } from '@openai/agents';
const agent = new Agent({ name: 'Assistant', instructions: 'You only respond in haikus.' });
export async function main() {
  return run(agent, 'Write a haiku about recursion.');
}
`;
const pyHello = `from agents import Agent, Runner

agent = Agent(name="Assistant", instructions="You only respond in haikus.")


async def main():
    return await Runner.run(agent, "Write a haiku about recursion.")
`;
const npmLock = (version: string) => JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { dependencies: { '@openai/agents': `^${version}` } }, 'node_modules/@openai/agents': { version } } });
const uvLock = (version: string) => `version = 1\n\n[[package]]\nname = "openai-agents"\nversion = "${version}"\nsource = { registry = "https://pypi.org/simple" }\n`;

describe('OpenAI Agents SDK', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('prices an agent without a model on the default model of the SDK version in the lockfile (two lockfiles, two defaults), the newest without one', async () => {
    const old = at(await scan({ 'package-lock.json': npmLock('0.9.1'), 'src/main.ts': jsHello }), 'src/main.ts', 4);
    assert.equal(old.model, 'gpt-4.1');
    assert.match(note(old), /@openai\/agents 0\.9\.1 in package-lock\.json; packages\/agents-core\/src\/defaultModel\.ts/);
    const mid = at(await scan({ 'package-lock.json': npmLock('0.12.0'), 'src/main.ts': jsHello }), 'src/main.ts', 4);
    assert.equal(mid.model, 'gpt-5.4-mini');
    const none = at(await scan({ 'src/main.ts': jsHello }), 'src/main.ts', 4);
    assert.equal(none.model, 'gpt-5.6-luna');
    assert.match(note(none), /version not found in the workspace: the newest default assumed.*OPENAI_DEFAULT_MODEL, when set in the environment, replaces it/);
    // Python's releases changed the default at other versions.
    const py = at(await scan({ 'uv.lock': uvLock('0.2.5'), 'app/main.py': pyHello }), 'app/main.py', 7);
    assert.equal(py.model, 'gpt-4o');
    assert.match(note(py), /openai-agents 0\.2\.5 in uv\.lock/);
    assert.equal(at(await scan({ 'uv.lock': uvLock('0.17.0'), 'app/main.py': pyHello }), 'app/main.py', 7).model, 'gpt-5.4-mini');
    assert.equal(at(await scan({ 'requirements.txt': 'openai-agents==0.20.1\n', 'app/main.py': pyHello }), 'app/main.py', 7).model, 'gpt-5.6-luna');
  });

  it('takes OPENAI_DEFAULT_MODEL where the workspace sets it (a .env above the file, or the code) over the SDK default', async () => {
    const report = await scan({
      'package-lock.json': npmLock('0.9.1'),
      'server/.env': 'OPENAI_API_KEY=sk-test\nOPENAI_DEFAULT_MODEL=gpt-5.4-nano\n',
      'server/src/main.ts': jsHello,
      'app/main.py': `import os\n\nos.environ["OPENAI_DEFAULT_MODEL"] = "gpt-4.1-mini"\n\n${pyHello}`,
    });
    const js = at(report, 'server/src/main.ts', 4);
    assert.equal(js.model, 'gpt-5.4-nano');
    assert.match(note(js), /OPENAI_DEFAULT_MODEL set in server\/\.env/);
    assert.equal(at(report, 'app/main.py', 11).model, 'gpt-4.1-mini');
  });

  it('applies the SDK\'s own reasoning default for a named gpt-5 model (none for gpt-5.6-luna, low for gpt-5), and model_settings over it', async () => {
    const report = await scan({
      'app/main.py': `from agents import Agent, ModelSettings, Runner
from openai.types.shared import Reasoning

plain = Agent(name="Plain", instructions="Help.")
legacy = Agent(name="Legacy", instructions="Help.", model="gpt-5")
deep = Agent(name="Deep", instructions="Think.", model="gpt-5.6", model_settings=ModelSettings(reasoning=Reasoning(effort="high")))


async def go(q):
    await Runner.run(plain, q)
    await Runner.run(legacy, q)
    await Runner.run(deep, q)
`,
    });
    assert.equal(at(report, 'app/main.py', 10).tokens.reasoning, undefined, 'gpt-5.6-luna runs with effort none under the SDK');
    const legacy = at(report, 'app/main.py', 11);
    assert.match(legacy.tokens.reasoningBasis ?? '', /effort low \(the Agents SDK's default model settings/);
    const deep = at(report, 'app/main.py', 12);
    assert.match(deep.tokens.reasoningBasis ?? '', /effort high \(model_settings\.reasoning\.effort\)/);
  });

  // Reasoning tokens by effort (src/core/estimate/reasoning.ts, a CostLens prior): low 1,000,
  // medium 2,500, high 6,000, minimal 150. Each form below states an effort the SDK sends.
  it('reads the reasoning effort of a model called directly: model.get_response(model_settings=ModelSettings(reasoning=Reasoning(effort="high")))', async () => {
    const report = await scan({
      'app/main.py': `from agents import ModelSettings
from agents.models.openai_provider import OpenAIProvider
from openai.types.shared.reasoning import Reasoning


async def go(q):
    model = OpenAIProvider().get_model("gpt-5.6")
    return await model.get_response(system_instructions="Write.", input=q, model_settings=ModelSettings(reasoning=Reasoning(effort="high", summary="auto")), tools=[], output_schema=None, handoffs=[], tracing=None, previous_response_id=None, prompt=None)


async def plain(q):
    model = OpenAIProvider().get_model("gpt-5.6")
    return await model.get_response(system_instructions="Write.", input=q, model_settings=ModelSettings(), tools=[], output_schema=None, handoffs=[], tracing=None, previous_response_id=None, prompt=None)
`,
    });
    const high = at(report, 'app/main.py', 8);
    assert.equal(high.tokens.reasoning, 6000, 'effort high: 6,000 reasoning tokens, not the model default (medium, 2,500)');
    assert.match(high.tokens.reasoningBasis ?? '', /effort high \(model_settings\.reasoning\.effort\)/);
    assert.match(at(report, 'app/main.py', 13).tokens.reasoningBasis ?? '', /effort medium, the default of gpt-5\.6/, 'settings without reasoning: the model’s own default');
  });

  it('reads reasoning={"effort": …} on an Agent, and RunConfig(model_settings=…) over the agent’s (ModelSettings.resolve)', async () => {
    const report = await scan({
      'app/main.py': `from agents import Agent, ModelSettings, RunConfig, Runner
from openai.types.shared import Reasoning

quick = Agent(name="Quick", instructions="Help.", model="gpt-5.6", model_settings=ModelSettings(reasoning={"effort": "low"}))


async def go(q):
    await Runner.run(quick, q)
    await Runner.run(quick, q, run_config=RunConfig(model_settings=ModelSettings(reasoning=Reasoning(effort="high"))))
    await Runner.run(quick, q, run_config=RunConfig(model_settings=ModelSettings(extra_args={"reasoning_effort": "minimal"})))
`,
    });
    assert.equal(at(report, 'app/main.py', 8).tokens.reasoning, 1000, 'the agent’s effort low');
    const over = at(report, 'app/main.py', 9);
    assert.equal(over.tokens.reasoning, 6000, 'the run config’s effort high overrides the agent’s low');
    assert.match(over.tokens.reasoningBasis ?? '', /run_config\.model_settings\.reasoning\.effort/);
    assert.equal(at(report, 'app/main.py', 10).tokens.reasoning, 150, 'extra_args reasoning_effort minimal, sent with the request');
  });

  it('reads modelSettings: { reasoning: { effort } } and providerData on a JS Agent, and a Runner’s modelSettings under the agent’s (mergeModelSettings)', async () => {
    const report = await scan({
      'src/main.ts': `import { Agent, Runner, run } from '@openai/agents';
const deep = new Agent({ name: 'Deep', instructions: 'Think.', model: 'gpt-5.6', modelSettings: { reasoning: { effort: 'high' } } });
const viaData = new Agent({ name: 'Data', instructions: 'Think.', model: 'gpt-5.6', modelSettings: { providerData: { reasoning: { effort: 'low' } } } });
const plain = new Agent({ name: 'Plain', instructions: 'Think.', model: 'o4-mini' });
const runner = new Runner({ modelSettings: { reasoning: { effort: 'minimal' } } });
export async function main(q: string) {
  await run(deep, q);
  await run(viaData, q);
  await runner.run(plain, q);
  await runner.run(deep, q);
}
`,
    });
    const deep = at(report, 'src/main.ts', 7);
    assert.equal(deep.tokens.reasoning, 6000);
    assert.match(deep.tokens.reasoningBasis ?? '', /effort high \(modelSettings\.reasoning\.effort\)/);
    const viaData = at(report, 'src/main.ts', 8);
    assert.equal(viaData.tokens.reasoning, 1000);
    assert.match(viaData.tokens.reasoningBasis ?? '', /modelSettings\.providerData\.reasoning\.effort/);
    assert.equal(at(report, 'src/main.ts', 9).tokens.reasoning, 150, 'the runner’s effort minimal for an agent without settings');
    assert.equal(at(report, 'src/main.ts', 10).tokens.reasoning, 6000, 'the agent’s high over the runner’s minimal');
  });

  it('does not take a workspace-linked package\'s version from a lockfile further up (a monorepo\'s own examples)', async () => {
    const report = await scan({
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n\npackages:\n\n  '@openai/agents@0.3.9':\n    resolution: {integrity: sha512-x}\n",
      'examples/basic/package.json': JSON.stringify({ name: 'basic', dependencies: { '@openai/agents': 'workspace:*' } }),
      'examples/basic/hello.ts': jsHello,
    });
    assert.equal(at(report, 'examples/basic/hello.ts', 4).model, 'gpt-5.6-luna', 'workspace:* is the repository’s own source, not 0.3.9');
  });

  it('reads a pnpm workspace project\'s versions from its own importer entry: another project\'s copy is not its (nor a lockfile without importers)', async () => {
    const lock = [
      "lockfileVersion: '9.0'",
      '',
      'importers:',
      '',
      '  examples/old:',
      '    dependencies:',
      "      '@openai/agents':",
      '        specifier: ^0.3.0',
      '        version: 0.3.9(zod@3.25.76)',
      '',
      '  examples/basic:',
      '    dependencies:',
      '      zod:',
      '        specifier: ^3.25.0',
      '        version: 3.25.76',
      '',
      'packages:',
      '',
      "  '@openai/agents@0.3.9':",
      '    resolution: {integrity: sha512-x}',
      '',
    ].join('\n');
    const report = await scan({
      'pnpm-lock.yaml': lock,
      'examples/basic/package.json': JSON.stringify({ name: 'basic', dependencies: { zod: '^3.25.0' } }),
      'examples/basic/hello.ts': jsHello,
      'examples/old/package.json': JSON.stringify({ name: 'old', dependencies: { '@openai/agents': '^0.3.0' } }),
      'examples/old/hello.ts': jsHello,
    });
    assert.equal(at(report, 'examples/basic/hello.ts', 4).model, 'gpt-5.6-luna', 'basic does not depend on @openai/agents 0.3.9: the newest default, said assumed');
    assert.notEqual(at(report, 'examples/old/hello.ts', 4).model, 'gpt-5.6-luna', 'old pins 0.3.9: that version\'s default');
  });

  it('keeps max_turns as the cap (default 10, or the run\'s), and says whether the agent has tools, handoffs included', async () => {
    const report = await scan({
      'app/main.py': `from agents import Agent, Runner, function_tool


@function_tool
def lookup(order_id: str) -> str:
    return order_id


billing = Agent(name="Billing", instructions="Billing questions.", model="gpt-4.1-mini")
triage = Agent(name="Triage", instructions="Route the customer.", model="gpt-4.1", handoffs=[billing])
support = Agent(name="Support", instructions="Answer order questions.", model="gpt-4.1", tools=[lookup])


async def main(q):
    await Runner.run(triage, q)
    await Runner.run(support, q, max_turns=4)
    return Runner.run_sync(billing, q)
`,
    });
    const triage = at(report, 'app/main.py', 15);
    assert.equal(triage.multiplier.max, 10);
    assert.match(triage.multiplier.reason, /up to 10 turns \(the Agents SDK default max_turns .*src\/agents\/run_config\.py DEFAULT_MAX_TURNS/);
    assert.ok(triage.multiplier.expected > 1, 'handoffs are tools to the model');
    assert.equal(triage.historyGrows, true);
    const support = at(report, 'app/main.py', 16);
    assert.equal(support.multiplier.max, 4);
    const billing = at(report, 'app/main.py', 17);
    assert.equal(billing.multiplier.max, 10, 'the cap stays');
    assert.equal(billing.multiplier.expected, 1, 'no tools: one request expected');
    assert.equal(billing.historyGrows, false);
  });

  it('takes the model of new Runner({ model }) for agents without one and RunConfig(model=) over every agent\'s; Agent.create and SandboxAgent', async () => {
    const report = await scan({
      'src/run.ts': `import { Agent, Runner } from '@openai/agents';
import { SandboxAgent } from '@openai/agents/sandbox';
const plain = Agent.create({ name: 'Plain', instructions: 'Help.' });
const own = new Agent({ name: 'Own', instructions: 'Help.', model: 'gpt-4.1-nano' });
const sandbox = new SandboxAgent({ name: 'Sandbox', instructions: 'Code.', model: 'gpt-5.4' });
const runner = new Runner({ model: 'gpt-4o-mini' });
export async function go(q: string) {
  await runner.run(plain, q);
  await runner.run(own, q);
  return runner.run(sandbox, q, { maxTurns: 12 });
}
`,
      'app/cfg.py': `from agents import Agent, RunConfig, Runner

agent = Agent(name="A", instructions="Help.", model="gpt-4.1")


async def go(q):
    return await Runner.run(agent, q, run_config=RunConfig(model="o4-mini"))
`,
    });
    assert.equal(at(report, 'src/run.ts', 8).model, 'gpt-4o-mini');
    assert.equal(at(report, 'src/run.ts', 9).model, 'gpt-4.1-nano', 'the agent’s own model wins over the Runner’s');
    const sb = at(report, 'src/run.ts', 10);
    assert.equal(sb.model, 'gpt-5.4');
    assert.equal(sb.multiplier.max, 12);
    assert.equal(at(report, 'app/cfg.py', 7).model, 'o4-mini');
  });

  it('follows agents made by factories from typed parameters, Python generics and agents passed as parameters', async () => {
    const report = await scan({
      'app/build.py': `import argparse
import asyncio

from agents import Agent, Runner
from agents.sandbox import SandboxAgent

DEFAULT_MODEL = "gpt-5.4"


def build_agent(model: str) -> SandboxAgent:
    return SandboxAgent(name="Engineer", instructions="Fix the bug.", model=model)


class Ctx:
    pass


generic = Agent[Ctx](name="Generic", instructions="Help.", model="gpt-4.1-mini")


async def run_turn(agent: Agent, q: str):
    return await Runner.run(agent, q)


async def main(model: str, q: str) -> None:
    await Runner.run(build_agent(model), q)
    await run_turn(generic, q)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    asyncio.run(main(args.model, "hi"))
`,
    });
    assert.equal(at(report, 'app/build.py', 26).model, 'gpt-5.4', 'model: str is a parameter whose callers give the argparse default');
    assert.equal(at(report, 'app/build.py', 22).model, 'gpt-4.1-mini', 'Agent[Ctx](…) constructs an Agent');
  });

  it('follows the agent a run takes from a registry of agents looked up by name (`agents.get(name, triage_agent)`), in another module', async () => {
    const report = await scan({
      'support/agents.py': `from agents import Agent

MODEL = "gpt-4.1"

faq_agent = Agent(name="FAQ Agent", instructions="Answer questions about the airline.", model=MODEL)
booking_agent = Agent(name="Booking Agent", instructions="Change or cancel bookings.", model=MODEL)
triage_agent = Agent(
    name="Triage Agent",
    instructions="Hand the customer to the right agent.",
    model=MODEL,
    handoffs=[faq_agent, booking_agent],
)
`,
      'support/server.py': `from agents import Runner

from support.agents import booking_agent, faq_agent, triage_agent


def agent_by_name(name: str):
    agents = {
        triage_agent.name: triage_agent,
        faq_agent.name: faq_agent,
        booking_agent.name: booking_agent,
    }
    return agents.get(name, triage_agent)


async def respond(state, text: str):
    state.items.append({"role": "user", "content": text})
    return Runner.run_streamed(agent_by_name(state.current_agent), state.items)
`,
    });
    const run = at(report, 'support/server.py', 17);
    assert.equal(run.model, 'gpt-4.1');
    assert.ok(run.usd, 'priced');
    assert.ok(run.tokens.staticInput > 5, `the triage agent's instructions are counted (${run.tokens.staticInput} static tokens)`);
  });

  it('reads model classes: OpenAIChatCompletionsModel on a local server (self-hosted), LitellmModel, aisdk(); fakes are test doubles', async () => {
    const report = await scan({
      'app/models.py': `from agents import Agent, OpenAIChatCompletionsModel, Runner
from agents.extensions.models.litellm_model import LitellmModel
from openai import AsyncOpenAI
from tests.fake_model import FakeModel

local = OpenAIChatCompletionsModel(model="gpt-oss:20b", openai_client=AsyncOpenAI(base_url="http://localhost:11434/v1", api_key="ollama"))
a = Agent(name="A", instructions="Help.", model=local)
b = Agent(name="B", instructions="Help.", model=LitellmModel(model="anthropic/claude-sonnet-4-5"))
c = Agent(name="C", instructions="Help.", model=FakeModel())


async def go(q):
    await Runner.run(a, q)
    await Runner.run(b, q)
    await Runner.run(c, q)
`,
      'src/aisdk.ts': `import { Agent, run } from '@openai/agents';
import { aisdk } from '@openai/agents-extensions/ai-sdk';
import { ScriptedModel } from '@openai/agents/testing';
import { openai } from '@ai-sdk/openai';
const agent = new Agent({ name: 'A', instructions: 'Help.', model: aisdk(openai('gpt-5.4')) });
const scripted = new Agent({ name: 'S', model: new ScriptedModel([]) });
export const go = (q: string) => run(agent, q);
export const test = (q: string) => run(scripted, q);
`,
    });
    const local = at(report, 'app/models.py', 13);
    assert.equal(local.model, 'gpt-oss:20b');
    assert.match(local.selfHosted ?? '', /localhost:11434/);
    assert.equal(local.usd?.perCall.expected, 0);
    const b = at(report, 'app/models.py', 14);
    assert.equal(b.model, 'claude-sonnet-4-5');
    assert.equal(b.provider, 'anthropic');
    const c = at(report, 'app/models.py', 15);
    assert.equal(c.testDouble, 'FakeModel');
    assert.equal(c.usd, null);
    assert.equal(at(report, 'src/aisdk.ts', 7).model, 'gpt-5.4');
    assert.equal(at(report, 'src/aisdk.ts', 8).testDouble, 'ScriptedModel');
  });

  it('prices a realtime session as audio, on its model or the realtime default of the version; a SIP attach is not a second session', async () => {
    const report = await scan({
      'package-lock.json': npmLock('0.11.2'),
      'src/voice.ts': `import { RealtimeAgent, RealtimeSession, OpenAIRealtimeSIP } from '@openai/agents/realtime';
const agent = new RealtimeAgent({ name: 'Greeter', instructions: 'Greet the caller.' });
export async function start() {
  const ws = new RealtimeSession(agent, { transport: 'websocket', model: 'gpt-realtime-1.5' });
  await ws.connect({ apiKey: 'k' });
  const rtc = new RealtimeSession(agent);
  await rtc.connect({ apiKey: 'k' });
  const sip = new RealtimeSession(agent, { transport: new OpenAIRealtimeSIP() });
  await sip.connect({ apiKey: 'k', callId: 'c' });
}
`,
    });
    const ws = at(report, 'src/voice.ts', 5);
    assert.equal(ws.operation, 'audio');
    assert.equal(ws.model, 'gpt-realtime-1.5');
    const rtc = at(report, 'src/voice.ts', 7);
    assert.equal(rtc.model, 'gpt-realtime-2', '@openai/agents 0.11.2: the realtime default of 0.11–0.12');
    assert.equal(report.callSites.filter((c) => c.path === 'src/voice.ts').length, 2);
  });

  it("follows a session held in a React ref to its connect, and prices the SIP call that openai.realtime.calls.accept answers", async () => {
    const report = await scan({
      'src/app/page.tsx': `'use client';
import { useEffect, useRef } from 'react';
import { RealtimeAgent, RealtimeSession } from '@openai/agents/realtime';
const agent = new RealtimeAgent({ name: 'Assistant', instructions: 'Be brief.' });
export default function Page() {
  const session = useRef<RealtimeSession | null>(null);
  useEffect(() => {
    const createdSession = new RealtimeSession(agent, { transport: 'websocket', model: 'gpt-realtime-1.5' });
    session.current = createdSession;
    return () => { session.current = null; };
  }, []);
  async function connect(token: string) {
    await session.current?.connect({ apiKey: token });
  }
  return <button onClick={() => connect('k')}>Connect</button>;
}
`,
      'src/sip.ts': `import OpenAI from 'openai';
import { OpenAIRealtimeSIP, RealtimeAgent, type RealtimeSessionOptions } from '@openai/agents/realtime';
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY!, webhookSecret: process.env.OPENAI_WEBHOOK_SECRET! });
const agent = new RealtimeAgent({ name: 'Receptionist', instructions: 'Welcome the caller.' });
const sessionOptions: Partial<RealtimeSessionOptions> = { model: 'gpt-realtime-1.5' };
export async function acceptIncomingCall(callId: string): Promise<void> {
  const initialConfig = await OpenAIRealtimeSIP.buildInitialConfig(agent, sessionOptions);
  await openai.realtime.calls.accept(callId, initialConfig);
}
`,
    });
    const ref = at(report, 'src/app/page.tsx', 13);
    assert.equal(ref.operation, 'audio');
    assert.equal(ref.model, 'gpt-realtime-1.5', 'session.current is the RealtimeSession the effect assigned');
    const sip = at(report, 'src/sip.ts', 8);
    assert.equal(sip.operation, 'audio');
    assert.equal(sip.model, 'gpt-realtime-1.5', 'the model of the options given to buildInitialConfig');
  });

  it("reads the options given to buildInitialConfig where the SDK's own source is in the workspace (its examples folder)", async () => {
    // In the SDK's monorepo the import resolves to the static method, whose body returns a payload
    // it builds: the options as written name the model.
    const report = await scan({
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n  - examples/*\n',
      'package.json': '{ "name": "voice-root", "private": true }\n',
      'packages/agents-realtime/package.json': '{ "name": "@openai/agents-realtime", "main": "src/index.ts" }\n',
      'packages/agents-realtime/src/index.ts': "export { OpenAIRealtimeSIP } from './sip';\n",
      'packages/agents-realtime/src/sip.ts': `export class OpenAIRealtimeSIP {
  static async buildInitialConfig(agent: unknown, options: Record<string, unknown> = {}) {
    const payload = OpenAIRealtimeSIP.toPayload(agent, options);
    return payload;
  }
  static toPayload(agent: unknown, options: Record<string, unknown>) {
    return { type: 'realtime', agent, ...options };
  }
}
`,
      'examples/phone/package.json': '{ "name": "phone", "dependencies": { "@openai/agents-realtime": "workspace:*", "openai": "^6.0.0" } }\n',
      'examples/phone/answer.ts': `import OpenAI from 'openai';
import { OpenAIRealtimeSIP } from '@openai/agents-realtime';

const client = new OpenAI();
const frontDesk = { name: 'Front desk', instructions: 'Take a message.' };
const options = { model: 'gpt-realtime-1.5', config: { audio: { input: { turnDetection: { type: 'semantic_vad' } } } } };

export async function answer(callId: string) {
  const session = await OpenAIRealtimeSIP.buildInitialConfig(frontDesk, options);
  await client.realtime.calls.accept(callId, session);
}
`,
    });
    const sip = at(report, 'examples/phone/answer.ts', 10);
    assert.equal(sip.api, 'realtime.calls.accept');
    assert.equal(sip.model, 'gpt-realtime-1.5', sip.modelUnresolvedReason);
  });

  it('does not take a Runner or run() of another library, or an agent of another framework, for the Agents SDK', async () => {
    const report = await scan({
      'app/other.py': `from google.adk.agents import Agent
from google.adk.runners import Runner

agent = Agent(name="a", model="gemini-2.5-flash")
runner = Runner(agent=agent, app_name="x", session_service=None)


def go(q):
    return runner.run(user_id="u", session_id="s", new_message=q)
`,
      'src/other.ts': `import { run } from './jobs';
const job = { name: 'nightly' };
export const go = () => run(job, 'now');
`,
      'src/jobs.ts': 'export function run(job: unknown, when: string) { return [job, when]; }\n',
    });
    // Google ADK's Runner runs an ADK agent: a call site of that family, not of the Agents SDK.
    assert.deepEqual(report.callSites.map((c) => `${c.path}:${c.line} ${c.sdk}`), ['app/other.py:9 google-adk']);
  });

  it('finds a model of the SDK called directly (get_model(…).get_response / stream_response), not inside a wrapping model class', () => {
    const text = [
      'import os',
      'from agents import ModelSettings',
      'from agents.models.interface import Model, ModelTracing',
      'from agents.models.openai_provider import OpenAIProvider',
      '',
      'MODEL_NAME = os.getenv("REASONING_MODEL_NAME") or "gpt-5-mini"',
      '',
      'async def explain(prompt: str):',
      '    model = OpenAIProvider().get_model(MODEL_NAME)',
      '    response = await model.get_response(',
      '        system_instructions="Explain technical concepts clearly.",',
      '        input=prompt,',
      '        model_settings=ModelSettings(),',
      '        tools=[], output_schema=None, handoffs=[], tracing=ModelTracing.DISABLED, previous_response_id=None,',
      '    )',
      '    return response',
      '',
      'class LoggingModel(Model):',
      '    def __init__(self, name: str):',
      '        self._model = OpenAIProvider().get_model(name)',
      '    async def get_response(self, *args, **kwargs):',
      '        return await self._model.get_response(*args, **kwargs)',
      '',
    ].join('\n');
    const sites = extractIn({ 'reasoning.py': text }, 'reasoning.py').callSites;
    const s = siteAt(sites, lineOf(text, 'await model.get_response('));
    assert.equal(s.model.id, 'gpt-5-mini');
    assert.equal(s.provider, 'openai');
    assert.ok(s.parts.some((p) => p.role === 'system' && /Explain technical/.test(p.text)));
    assert.ok(!sites.some((c) => c.line === lineOf(text, 'self._model.get_response')), 'the wrapping class delegates: not another request');
  });

  it('runs agents through a responses websocket session (`async with responses_websocket_session() as ws`)', () => {
    const text = [
      'import os',
      'from typing import Any',
      'from agents import Agent, ResponsesWebSocketSession, responses_websocket_session',
      '',
      'async def turn(ws: ResponsesWebSocketSession, agent: Agent[Any], prompt: str):',
      '    result = ws.run_streamed(agent, prompt)',
      '    async for _ in result.stream_events():',
      '        pass',
      '    return result.final_output',
      '',
      'async def main() -> None:',
      '    agent = Agent(name="Support", instructions="Help with refunds.", model=os.getenv("OPENAI_MODEL", "gpt-5-mini"))',
      '    async with responses_websocket_session() as ws:',
      '        await turn(ws, agent, "Refund order 1001")',
      '',
    ].join('\n');
    const s = siteAt(extractIn({ 'stream_ws.py': text }, 'stream_ws.py').callSites, lineOf(text, 'ws.run_streamed('));
    assert.equal(s.model.id, 'gpt-5-mini');
    assert.equal(s.operation, 'agent-run');
  });
  it('reports a compaction session\'s run_compaction as a responses.compact request on the session\'s model', () => {
    const text = [
      'from agents import Agent, OpenAIResponsesCompactionSession, Runner, SQLiteSession',
      '',
      'async def main():',
      '    session = OpenAIResponsesCompactionSession(session_id="chat", underlying_session=SQLiteSession(":memory:"), model="gpt-4.1-mini")',
      '    agent = Agent(name="Assistant", instructions="Be brief.", model="gpt-4.1")',
      '    await Runner.run(agent, "Hello", session=session)',
      '    await session.run_compaction({"force": True})  # compact',
      '',
    ].join('\n');
    const s = siteAt(extractIn({ 'compaction.py': text }, 'compaction.py').callSites, lineOf(text, '# compact'));
    assert.equal(s.api, 'responses.compact');
    assert.equal(s.model.id, 'gpt-4.1-mini');
  });
});
