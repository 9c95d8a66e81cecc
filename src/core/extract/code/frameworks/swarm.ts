// OpenAI's Swarm (`from swarm import Swarm, Agent`; educational, replaced by the Agents SDK but common
// in 2024 code): `Swarm().run(agent=…, messages=…)` loops chat completions on the active agent's model
// (`Agent(model=…)`, "gpt-4o" by default; `model_override` at the run wins) while the model calls the
// agent's `functions`, handing off when a function returns another Agent. `max_turns` defaults to
// infinity: a run with functions has no bound. The client is `Swarm(client=OpenAI(base_url=…))`'s.
import { addStepsSoFar, DetectedCall, inArgs, optionsArgs, providerFor } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import { resolveValue, single, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';

const MODULES = ['swarm'];

addDefaults([
  { sdk: 'swarm', packages: { pypi: 'swarm' }, key: 'model', value: 'gpt-4o', source: 'swarm/types.py:16 Agent.model: str = "gpt-4o" (openai/swarm 0.1.0, commit 6af0b4c)', asOf: '2026-12-06' },
]);

function ours(r: ReturnType<typeof classifyReceiver>, kind: string): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'swarm' && r.kind === kind ? r : undefined;
}

function swarmRun(info: CallInfo, client: FrameworkObject, ctx: PromptContext): DetectedCall | undefined {
  const run = optionsArgs(info.call, ctx);
  const agentNode = argValue(run, ['agent']) ?? run.positional[0];
  const agent = agentNode ? ours(classifyReceiver(agentNode, ctx), 'agent') : undefined;
  if (!agent) return undefined;
  const ac = inArgs(agent.args, ctx);
  const b = info.build;
  const instructions = argValue(agent.args, ['instructions']);
  if (instructions) addText(b, instructions, 'system', 0, ac);
  const messages = argValue(run, ['messages']) ?? run.positional[1];
  if (messages) addMessages(b, messages, ctx);
  // The model: the run's override, the agent's, Swarm's default.
  const override = argValue(run, ['model_override']);
  const stated = override ?? argValue(agent.args, ['model']);
  let model: DetectedCall['model'];
  if (stated) model = resolveValue(stated, { ...(override ? ctx : ac), callers: true });
  else {
    const d = sdkDefault('swarm', 'model', ctx, 'Swarm default Agent model');
    model = d ? { kind: 'default', value: String(d.value), reason: d.reason } : ({ kind: 'unknown', reason: 'no model' } as Value);
  }
  // `Swarm(client=OpenAI(base_url=…))`: who the requests go to.
  const clientNode = argValue(client.args, ['client']) ?? client.args.positional[0];
  const route = clientNode ? classifyReceiver(clientNode, inArgs(client.args, ctx)) : undefined;
  const endpoint = route?.type === 'client' ? route : undefined;
  const functions = argValue(agent.args, ['functions']);
  const fv = functions ? single(resolveValue(functions, ac)) : undefined;
  const tools = !!functions && !(fv?.kind === 'list' && fv.items.length === 0);
  const capNode = argValue(run, ['max_turns']);
  const cap = capNode ? single(resolveValue(capNode, { ...ctx, callers: true })) : undefined;
  if (tools) {
    addStepsSoFar(b, 'function calls and results so far');
    b.historyGrows = true;
  }
  const provider = endpoint && endpoint.provider !== 'openai' ? endpoint.provider : providerFor('openai', model);
  return {
    provider,
    api: `swarm.Swarm.${info.method}`,
    sdk: 'swarm',
    operation: 'agent-run',
    ...(endpoint?.selfHosted ? { selfHosted: endpoint.selfHosted } : {}),
    modelNode: stated,
    model,
    build: b,
    params: tools && functions ? { tools: functions.text.slice(0, 80) } : {},
    ...(tools
      ? cap?.kind === 'number'
        ? { maxTurns: { value: cap.value, param: 'max_turns', isDefault: false, reason: `up to ${cap.value} turns (max_turns=${cap.value}), one request each` } }
        : { maxTurns: { value: 1, param: 'max_turns', isDefault: true, unbounded: true, reason: 'Swarm runs until the model stops calling functions (max_turns defaults to float("inf"), swarm/core.py Swarm.run)' } }
      : {}),
  };
}

export const swarm: Framework = {
  id: 'swarm',
  callNames: ['run', 'run_and_stream'],
  objects: [
    { kind: 'client', names: ['Swarm'], modules: MODULES },
    { kind: 'agent', names: ['Agent'], modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (info.members.length !== 1) return undefined;
    const client = ours(info.receiver(), 'client');
    return client ? swarmRun(info, client, ctx) : undefined;
  },
};
