// AutoGen AgentChat (0.4+): `AssistantAgent(name, model_client=OpenAIChatCompletionClient(model=…))`
// run with `run / run_stream / on_messages`, teams (`RoundRobinGroupChat`, `SelectorGroupChat`,
// `Swarm`, `MagenticOneGroupChat`) run with `run / run_stream` and bounded by `max_turns` or a
// `MaxMessageTermination(n)`, and a model client called directly (`model_client.create(...)`).
// `ReplayChatCompletionClient` is a test double; Ollama and llama.cpp clients are self-hosted.
import type { Node } from '@vscode/tree-sitter-wasm';
import { calleeOf, field, isCall, memberChain, unwrap } from '../ast';
import { addStepsSoFar, DetectedCall, inArgs, modelOf, nextIndex, optionsArgs, providerFor } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver, Receiver } from '../receivers';
import { ctxOf, resolveValue, single, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';

const MODULES = ['autogen_agentchat', 'autogen_ext', 'autogen_core'];

/** Model clients → the provider they bill (`self-hosted`: served by the user). */
const CLIENTS: Record<string, string> = {
  OpenAIChatCompletionClient: 'openai',
  AzureOpenAIChatCompletionClient: 'openai',
  AnthropicChatCompletionClient: 'anthropic',
  AnthropicBedrockChatCompletionClient: 'aws',
  AzureAIChatCompletionClient: 'unknown',
  SKChatCompletionAdapter: 'unknown',
  OllamaChatCompletionClient: 'self-hosted',
  LlamaCppChatCompletionClient: 'self-hosted',
};

const TEAMS = ['RoundRobinGroupChat', 'SelectorGroupChat', 'Swarm', 'MagenticOneGroupChat', 'GraphFlow'];
/** Teams whose manager calls a model to pick each next speaker. */
const SELECTING = new Set(['SelectorGroupChat', 'MagenticOneGroupChat']);

addDefaults([
  {
    sdk: 'autogen:AssistantAgent',
    packages: { pypi: 'autogen-agentchat' },
    key: 'maxTurns',
    value: 1,
    source: 'autogen_agentchat/agents/_assistant_agent.py:739 max_tool_iterations: int = 1 (autogen-agentchat 0.7.5; one tool round before the parameter came in 0.6.2)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'autogen:MagenticOneGroupChat',
    packages: { pypi: 'autogen-agentchat' },
    key: 'maxTurns',
    value: 20,
    source: 'autogen_agentchat/teams/_group_chat/_magentic_one/_magentic_one_group_chat.py:117 max_turns: int | None = 20',
    asOf: '2026-12-06',
  },
]);

type Model = { value: Value; node?: Node; provider?: string; testDouble?: string; selfHosted?: string };

function ours(r: Receiver, ...kinds: string[]): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'autogen' && kinds.includes(r.kind) ? r : undefined;
}

/** A model client's model: `OpenAIChatCompletionClient(model="gpt-4o")`. */
function clientModel(client: FrameworkObject, ctx: PromptContext): Model {
  if (client.kind === 'test-double') return { value: { kind: 'unknown', reason: `${client.ctor} replays scripted responses` }, testDouble: client.ctor };
  if (client.ctor === 'SKChatCompletionAdapter') return skModel(client, ctx);
  const m = modelOf(client.args, ['model', 'azure_deployment', 'model_name'], ctx);
  const provider = CLIENTS[client.ctor];
  const selfHosted = provider === 'self-hosted' ? `${client.ctor} (served by the user)` : undefined;
  return { value: m.value, node: m.node, provider: selfHosted ? undefined : provider === 'unknown' ? undefined : provider, ...(selfHosted ? { selfHosted } : {}) };
}

/** `SKChatCompletionAdapter(AnthropicChatCompletion(ai_model_id=…))`: the Semantic Kernel service's model. */
function skModel(client: FrameworkObject, ctx: PromptContext): Model {
  const a = inArgs(client.args, ctx);
  const service = client.args.positional[0] ?? argValue(client.args, ['sk_client']);
  const sv = service ? single(resolveValue(service, a)) : undefined;
  if (sv?.kind !== 'call') return { value: { kind: 'unknown', reason: 'the Semantic Kernel service is not one this analysis can read' } };
  const sa = optionsArgs(sv.node, { ...a, ...ctxOf(sv, a) });
  const m = modelOf({ ...sa, ctx: { ...a, ...ctxOf(sv, a) } }, ['ai_model_id', 'deployment_name', 'model_id'], a);
  const provider = /Anthropic/.test(sv.callee) ? 'anthropic' : /Google|Gemini|VertexAI/.test(sv.callee) ? 'google' : /OpenAI/.test(sv.callee) ? 'openai' : /Mistral/.test(sv.callee) ? 'mistral' : undefined;
  return { value: m.value, node: m.node, provider };
}

function modelOfClientNode(node: Node | undefined, ctx: PromptContext): Model {
  if (!node) return { value: { kind: 'unknown', reason: 'no model_client' } };
  const client = ours(classifyReceiver(node, ctx), 'model-client', 'test-double');
  if (client) return clientModel(client, ctx);
  return { value: { kind: 'unknown', reason: `the model client \`${unwrap(node).text.slice(0, 50)}\` is not one this analysis knows` }, node };
}

/** The agent's model client: `model_client=` or the second positional argument. */
function agentClient(agent: FrameworkObject): Node | undefined {
  return argValue(agent.args, ['model_client']) ?? agent.args.positional[1];
}

/** How many model calls one run of an AssistantAgent makes at most: tool rounds, plus the reflection. */
function agentCalls(agent: FrameworkObject, ctx: PromptContext): { calls: number; tools: boolean; reason: string; isDefault: boolean } {
  const a = inArgs(agent.args, ctx);
  const toolsNode = argValue(agent.args, ['tools', 'workbench']);
  const tv = toolsNode ? resolveValue(toolsNode, a) : undefined;
  const tools = !!toolsNode && !(tv?.kind === 'list' && tv.items.length === 0);
  if (!tools) return { calls: 1, tools: false, reason: 'one model call (no tools)', isDefault: false };
  const n = argValue(agent.args, ['max_tool_iterations']);
  const nv = n ? single(resolveValue(n, a)) : undefined;
  const dflt = nv?.kind === 'number' ? undefined : sdkDefault('autogen:AssistantAgent', 'maxTurns', ctx, 'AssistantAgent default max_tool_iterations', 'python');
  const rounds = nv?.kind === 'number' ? nv.value : Number(dflt?.value ?? 1);
  const r = argValue(agent.args, ['reflect_on_tool_use']);
  const rv = r ? single(resolveValue(r, a)) : undefined;
  const reflect = rv?.kind === 'bool' ? rv.value : !!argValue(agent.args, ['output_content_type']);
  const calls = rounds + (reflect ? 1 : 0);
  const why = `${nv?.kind === 'number' ? `max_tool_iterations ${rounds}` : `max_tool_iterations ${rounds}: ${dflt?.reason ?? 'the default'}`}${reflect ? ', plus the reflection on the tool results' : ''}`;
  return { calls, tools, reason: `up to ${calls} model call${calls === 1 ? '' : 's'} (${why})`, isDefault: nv?.kind !== 'number' };
}

/** A run's task: `run(task="…")`, a message list, or nothing (a resumed run). */
function addTask(b: DetectedCall['build'], call: Node, ctx: PromptContext): void {
  const a = optionsArgs(call, ctx);
  const task = argValue(a, ['task', 'messages']) ?? a.positional[0];
  if (!task) return;
  const v = resolveValue(task, ctx);
  if (v.kind === 'list') addMessages(b, task, ctx);
  else addText(b, task, 'user', nextIndex(b), ctx);
}

function asCall(m: Model, b: DetectedCall['build'], api: string, operation: DetectedCall['operation'], extra: Partial<DetectedCall> = {}): DetectedCall {
  return {
    provider: m.testDouble ? 'unknown' : providerFor(m.provider, m.value),
    api,
    sdk: 'autogen',
    ...(operation && operation !== 'chat' ? { operation } : {}),
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model: m.value,
    build: b,
    params: {},
    ...extra,
  };
}

function agentRun(info: CallInfo, agent: FrameworkObject, ctx: PromptContext): DetectedCall {
  const a = inArgs(agent.args, ctx);
  const m = modelOfClientNode(agentClient(agent), a);
  const sys = argValue(agent.args, ['system_message']);
  if (sys) addText(info.build, sys, 'system', 0, a);
  addTask(info.build, info.call, ctx);
  const c = agentCalls(agent, ctx);
  if (c.tools) {
    addStepsSoFar(info.build, 'tool calls and results');
    info.build.historyGrows = true;
  }
  return asCall(m, info.build, `autogen.${agent.ctor}.${info.method}`, 'agent-run', {
    params: c.tools ? { tools: unwrap(argValue(agent.args, ['tools', 'workbench'])!).text.slice(0, 80) } : {},
    ...(c.tools && c.calls > 1 ? { maxTurns: { value: c.calls, param: 'max_tool_iterations', isDefault: c.isDefault, reason: c.reason } } : {}),
  });
}

/** The message bound of a termination condition: `MaxMessageTermination(10)`, combined with `|` (the first to hold) or `&` (both). */
function messageBound(node: Node | undefined, ctx: PromptContext, depth = 0): number | undefined {
  if (!node || depth > 6) return undefined;
  const u = unwrap(node);
  if (u.type === 'binary_operator') {
    const op = field(u, 'operator')?.text ?? u.child(1)?.text;
    const l = messageBound(field(u, 'left'), ctx, depth + 1);
    const r = messageBound(field(u, 'right'), ctx, depth + 1);
    if (op === '|') return l === undefined ? r : r === undefined ? l : Math.min(l, r);
    if (op === '&') return l !== undefined && r !== undefined ? Math.max(l, r) : undefined;
    return undefined;
  }
  if (u.type === 'identifier') {
    const v = single(resolveValue(u, ctx));
    return v.node && v.node !== u ? messageBound(v.node, { ...ctx, ...ctxOf(v, ctx) }, depth + 1) : undefined;
  }
  if (!isCall(u)) return undefined;
  const callee = calleeOf(u);
  const name = callee ? memberChain(callee).members.at(-1) ?? memberChain(callee).root.text : undefined;
  if (name !== 'MaxMessageTermination') return undefined;
  const a = optionsArgs(u, ctx);
  const n = a.positional[0] ?? argValue(a, ['max_messages']);
  const nv = n ? single(resolveValue(n, ctx)) : undefined;
  return nv?.kind === 'number' ? nv.value : undefined;
}

function teamRun(info: CallInfo, team: FrameworkObject, ctx: PromptContext): DetectedCall {
  const a = inArgs(team.args, ctx);
  const list = argValue(team.args, ['participants']) ?? team.args.positional[0];
  const lv = list ? resolveValue(list, a) : undefined;
  const agents = lv?.kind === 'list' ? lv.items.map((n) => ours(classifyReceiver(n, ctxOf(lv, a)), 'agent')).filter((x): x is FrameworkObject => !!x) : [];
  // Priced on the first participant that calls a model (the one the task goes to first).
  const first = agents.find((g) => agentClient(g));
  const m = first ? modelOfClientNode(agentClient(first), inArgs(first.args, ctx)) : modelOfClientNode(argValue(team.args, ['model_client']), a);
  if (first) {
    const sys = argValue(first.args, ['system_message']);
    if (sys) addText(info.build, sys, 'system', 0, inArgs(first.args, ctx));
  }
  addTask(info.build, info.call, ctx);
  // Every turn sends the conversation so far.
  info.build.parts.push({ role: 'user', message: nextIndex(info.build), source: 'unknown', text: '', dynamic: { kind: 'history', name: 'the group chat so far', volatile: true } });
  info.build.historyGrows = true;
  const mt = argValue(team.args, ['max_turns']);
  const mtv = mt ? single(resolveValue(mt, a)) : undefined;
  const stated = mtv?.kind === 'number' ? mtv.value : undefined;
  const dflt = stated === undefined && !mt ? sdkDefault(`autogen:${team.ctor}`, 'maxTurns', ctx, `${team.ctor} default max_turns`, 'python') : undefined;
  const byMessages = messageBound(argValue(team.args, ['termination_condition']), a);
  // The task is the first message a MaxMessageTermination counts: n messages leave n − 1 turns.
  const turnsOptions = [stated ?? (dflt ? Number(dflt.value) : undefined), byMessages !== undefined ? Math.max(1, byMessages - 1) : undefined].filter((x): x is number => x !== undefined);
  const turns = turnsOptions.length ? Math.min(...turnsOptions) : undefined;
  const perTurn = SELECTING.has(team.ctor) ? 2 : 1;
  const why = [stated !== undefined ? `max_turns ${stated}` : dflt ? `max_turns ${dflt.value}: ${dflt.reason}` : undefined, byMessages !== undefined ? `MaxMessageTermination(${byMessages}) counts the task` : undefined].filter(Boolean).join('; ');
  // A team's bound is a cap; a round in which each participant speaks once is the prior.
  const participants = Math.max(1, agents.length);
  const expectedReason = `one turn per participant (${participants}) expected${perTurn > 1 ? ', each with a speaker-selection call' : ''}`;
  // No max_turns and no message bound: the team runs until its condition holds (a text mention, a
  // handoff, a timeout) or for ever — AgentChat's teams default to max_turns=None. Expected one
  // round; the cap is unbounded, not a number read from the code.
  const termination = argValue(team.args, ['termination_condition']);
  const until = termination ? `it stops only when \`${unwrap(termination).text.replace(/\s+/g, ' ').slice(0, 60)}\` holds` : 'no termination_condition';
  return asCall(m, info.build, `autogen.${team.ctor}.${info.method}`, 'agent-run', {
    params: { participants: agents.length },
    maxTurns:
      turns !== undefined
        ? {
            value: turns * perTurn,
            param: stated !== undefined || dflt ? 'max_turns' : 'termination_condition',
            isDefault: stated === undefined && byMessages === undefined,
            reason: `up to ${turns} turns${perTurn > 1 ? ', each with a speaker-selection call' : ''} (${why})`,
            expected: Math.min(turns, participants) * perTurn,
            expectedReason,
          }
        : {
            value: perTurn,
            unbounded: true,
            param: 'termination_condition',
            isDefault: true,
            reason: `${team.ctor}: ${until}, with no MaxMessageTermination and no max_turns (autogen_agentchat teams/_group_chat/_base_group_chat.py: max_turns: int | None = None)`,
            expected: participants * perTurn,
            expectedReason,
          },
  });
}

function clientCall(info: CallInfo, client: FrameworkObject, ctx: PromptContext): DetectedCall {
  const m = clientModel(client, { ...ctx, ...(client.args.ctx ?? {}) });
  const a = optionsArgs(info.call, ctx);
  addMessages(info.build, a.positional[0] ?? argValue(a, ['messages']), ctx);
  return asCall(m, info.build, `autogen.${client.ctor}.${info.method}`, 'chat');
}

export const autogen: Framework = {
  id: 'autogen',
  callNames: ['run', 'run_stream', 'on_messages', 'on_messages_stream', 'create', 'create_stream'],
  objects: [
    { kind: 'agent', names: ['AssistantAgent', 'SocietyOfMindAgent', 'MultimodalWebSurfer', 'CodeExecutorAgent'], modules: MODULES },
    { kind: 'team', names: TEAMS, modules: MODULES },
    { kind: 'model-client', names: Object.keys(CLIENTS), modules: MODULES },
    { kind: 'test-double', names: ['ReplayChatCompletionClient'], modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    const r = info.receiver();
    const agent = ours(r, 'agent');
    if (agent && ['run', 'run_stream', 'on_messages', 'on_messages_stream'].includes(info.method)) return agentClient(agent) ? agentRun(info, agent, ctx) : undefined;
    const team = ours(r, 'team');
    if (team && (info.method === 'run' || info.method === 'run_stream')) return teamRun(info, team, ctx);
    const client = ours(r, 'model-client', 'test-double');
    if (client && (info.method === 'create' || info.method === 'create_stream')) return clientCall(info, client, ctx);
    return undefined;
  },
};
