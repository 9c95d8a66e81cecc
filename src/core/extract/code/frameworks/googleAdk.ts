// Google's Agent Development Kit (Python `google.adk`): an agent tree — `LlmAgent` / `Agent` with
// its `model` (a Gemini id, `LiteLlm(model="openai/gpt-4o")`, `Claude(…)`, `Gemini(…)`, or none:
// then the nearest LlmAgent above it lends its model, as ADK's `canonical_model` does), its
// `instruction` / `global_instruction` / `description` (the system prompt ADK builds), `tools`
// (`AgentTool(agent=…)` runs another agent as a tool), `sub_agents` (the model transfers to one of
// them), and the workflow agents `SequentialAgent` / `ParallelAgent` / `LoopAgent(max_iterations=…)`,
// which call no model themselves and run their sub-agents. One run of the tree is one call site:
// `Runner(…).run_async/run/run_live` and `InMemoryRunner`, or — with no runner in the code — the
// `root_agent` a module defines, which `adk web` / `adk run` / `adk api_server` serve: one run per
// user message. A run makes up to `RunConfig(max_llm_calls=…)` model calls (ADK's default when unset).
import type { Node } from '@vscode/tree-sitter-wasm';
import { unwrap } from '../ast';
import { addStepsSoFar, capOf, DetectedCall, inArgs, nextIndex, optionsArgs, providerFor, valueArgs } from '../callKit';
import { addText, PromptBuild, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import { callableOf, ctxOf, resolveValue, single, stringOptions, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { parseLiteLlmId } from './modelIds';
import { modelDouble } from './testDoubles';
import { isTestPath } from '../testPaths';

export const ADK = 'google-adk';
const MODULES = ['google.adk'];
const PYPI = { pypi: 'google-adk' };
const AS_OF = '2026-12-06';
// Read from github.com/google/adk-python at 7c670f6 (google-adk 1.4.2, 2025-06-20).
const AT = 'google-adk 1.4.2, adk-python@7c670f6';

addDefaults([
  { sdk: ADK, packages: PYPI, key: 'maxTurns', value: 500, source: `src/google/adk/agents/run_config.py:82 RunConfig.max_llm_calls: int = 500 (${AT}); \`adk web\` / \`adk api_server\` run with a RunConfig that leaves it so (cli/fast_api.py:789)`, asOf: AS_OF },
  { sdk: 'google-adk.Claude', packages: PYPI, key: 'model', value: 'claude-3-5-sonnet-v2@20241022', source: `src/google/adk/models/anthropic_llm.py:209 Claude.model: str = "claude-3-5-sonnet-v2@20241022" (${AT})`, asOf: AS_OF },
  { sdk: 'google-adk.Gemini', packages: PYPI, key: 'model', value: 'gemini-1.5-flash', source: `src/google/adk/models/google_llm.py:57 Gemini.model: str = 'gemini-1.5-flash' (${AT})`, asOf: AS_OF },
  // The output cap ADK's Claude class sends on every request (it has no setting for it).
  { sdk: 'google-adk.Claude', packages: PYPI, key: 'outputCap', value: 1024, source: `src/google/adk/models/anthropic_llm.py:48 MAX_TOKEN = 1024, sent as max_tokens (${AT})`, asOf: AS_OF },
]);

const LLM_AGENTS = ['LlmAgent', 'Agent'];
const WORKFLOW_AGENTS = ['SequentialAgent', 'ParallelAgent', 'LoopAgent'];
const AGENT_CTORS = new Set([...LLM_AGENTS, ...WORKFLOW_AGENTS]);
const RUN_METHODS = ['run', 'run_async', 'run_live', 'run_debug'];

/** The model an LlmAgent calls, as far as the code says. */
interface AdkModel {
  value: Value | { kind: 'default'; value: string; reason: string };
  node?: Node;
  provider?: string;
  selfHosted?: string;
  testDouble?: string;
  /** A cap the model object itself sets (ADK's Claude: 1024 tokens on every request). */
  cap?: { tokens: number; param: string; node: Node };
  /** Whose model it is, when inherited: `the model of coordinator, the LlmAgent above it`. */
  inherited?: string;
}

/** An LlmAgent of the tree a run reaches. */
interface Member {
  agent: FrameworkObject;
  ctx: PromptContext;
  name: string;
  model: AdkModel;
  tools: boolean;
  /** It makes exactly one model call per run (no tools, no sub-agents to transfer to). */
  oneCall: boolean;
}

/** What one run of an agent tree makes: its LlmAgents, the runs expected of them, the most it can make. */
interface TreeRun {
  members: Member[];
  /** LlmAgent runs expected in one run of the root, and those of them by agents with tools. */
  expected: number;
  expectedWithTools: number;
  /** Model calls at most (Infinity: only max_llm_calls bounds them). */
  max: number;
  why: string[];
  unknownAgents: string[];
}

const isAdkObject = (r: ReturnType<typeof classifyReceiver> | undefined): r is FrameworkObject => r?.type === 'framework' && r.framework === ADK;

/** A model class of the workspace (or ADK's tests' `MockModel`) standing in for a model. */
function doubleModel(node: Node, ctx: PromptContext): string | undefined {
  const v = single(resolveValue(node, { ...ctx, callers: true }));
  if (v.kind !== 'call') return undefined;
  // `MockModel(…)`, `testing_utils.MockModel.create(responses=[…])`: the class, before its factory.
  const segments = v.callee.split('.');
  if (segments.length > 1 && segments[segments.length - 1] === 'create') segments.pop();
  const name = segments[segments.length - 1];
  const calleeNode = unwrap(v.node).childForFieldName('function');
  const classNode = calleeNode && v.callee.endsWith('.create') && calleeNode.type === 'attribute' ? calleeNode.childForFieldName('object') ?? calleeNode : calleeNode;
  const cls = classNode ? callableOf(classNode, ctxOf(v, ctx)) : undefined;
  if (cls?.kind === 'class') return modelDouble(cls.node, cls.ctx) ? cls.node.childForFieldName('name')?.text ?? name : undefined;
  // A class the workspace does not hold, named as a double (ADK's own tests' MockModel).
  return /^(Mock|Fake|Stub|Dummy|Scripted)[A-Z]\w*(Model|Llm|LLM)$/.test(name) ? name : undefined;
}

/** The model an LlmAgent's `model=` names: an id, a model object of ADK, a test double. */
function adkModel(node: Node, ctx: PromptContext): AdkModel {
  const c = { ...ctx, callers: true };
  const v = resolveValue(node, c);
  if (stringOptions(v).length) {
    // A bare id goes through ADK's LLMRegistry: `gemini-…` is Gemini; the id says who bills.
    return { value: v, node, provider: providerFor(undefined, v) === 'unknown' ? undefined : providerFor(undefined, v) };
  }
  const r = classifyReceiver(node, c);
  if (isAdkObject(r) && r.kind === 'model') {
    const a = inArgs(r.args, c);
    const idNode = argValue(r.args, ['model']) ?? r.args.positional[0];
    if (r.ctor === 'LiteLlm') {
      if (!idNode) return { value: { kind: 'unknown', reason: 'LiteLlm without a model id' }, node };
      const id = resolveValue(idNode, a);
      const first = stringOptions(id)[0]?.value;
      const parsed = first ? parseLiteLlmId(first) : undefined;
      const strip = (o: Value): Value => (o.kind === 'string' ? { ...o, value: parseLiteLlmId(o.value).model } : o);
      const value = id.kind === 'union' ? { ...id, options: id.options.map(strip) } : strip(id);
      return { value, node: idNode, provider: parsed?.provider, selfHosted: parsed?.selfHosted };
    }
    const sdk = r.ctor === 'Claude' ? 'google-adk.Claude' : 'google-adk.Gemini';
    const capRow = r.ctor === 'Claude' ? sdkDefault(sdk, 'outputCap', ctx, 'output cap of ADK\'s Claude class') : undefined;
    const cap = capRow ? { tokens: Number(capRow.value), param: `max_tokens (${capRow.reason})`, node: r.node } : undefined;
    const provider = r.ctor === 'Claude' ? 'anthropic' : 'google';
    if (idNode) return { value: resolveValue(idNode, a), node: idNode, provider, cap };
    const d = sdkDefault(sdk, 'model', ctx, `${r.ctor} class's default model`);
    return { value: d ? { kind: 'default', value: String(d.value), reason: d.reason } : { kind: 'unknown', reason: `${r.ctor} without a model` }, node, provider, cap };
  }
  const double = doubleModel(node, ctx);
  if (double) return { value: { kind: 'unknown', reason: 'a test double' }, node, testDouble: double };
  return { value: single(v), node };
}

/** The items of a list argument (`tools=[…]`, `sub_agents=[…]`), each with the context it resolves in. */
function listItems(node: Node | undefined, ctx: PromptContext): { node: Node; ctx: PromptContext }[] {
  if (!node) return [];
  const v = resolveValue(node, ctx);
  if (v.kind !== 'list') return [];
  const c = { ...ctx, ...ctxOf(v, ctx) };
  return v.items.map((n) => ({ node: n, ctx: c }));
}

function nameOf(agent: FrameworkObject, ctx: PromptContext): string {
  const n = argValue(agent.args, ['name']);
  const v = n ? single(resolveValue(n, inArgs(agent.args, ctx))) : undefined;
  return v?.kind === 'string' ? v.value : agent.ctor;
}

/**
 * Walks an agent tree as ADK runs it. `lent`: the model of the nearest LlmAgent above (ADK's
 * canonical_model walks up through workflow agents to it); `times`: how often this agent runs in
 * one run of the root (expected, at most).
 */
function walk(node: Node, ctx: PromptContext, lent: AdkModel | undefined, times: { expected: number; max: number }, out: TreeRun, seen: Set<number>, depth = 0): void {
  if (depth > 8) return;
  const r = classifyReceiver(node, { ...ctx, callers: true });
  if (!isAdkObject(r) || (r.kind !== 'agent' && r.kind !== 'workflow')) {
    out.unknownAgents.push(unwrap(node).text.slice(0, 40));
    return;
  }
  if (seen.has(r.node.id)) return;
  seen.add(r.node.id);
  const a = r.args;
  const ac = inArgs(a, ctx);
  const subs = listItems(argValue(a, ['sub_agents']), ac);
  if (r.kind === 'workflow') {
    if (r.ctor === 'LoopAgent') {
      const n = argValue(a, ['max_iterations']);
      const nv = n ? single(resolveValue(n, { ...ac, callers: true })) : undefined;
      const cap = nv?.kind === 'number' && nv.value > 0 ? nv.value : undefined;
      // A loop stops early when a sub-agent escalates (an exit tool sets `escalate`); one that nothing
      // can stop runs every pass.
      const canExit = [ac, ...subs.map((s) => subAgentCtx(s.node, s.ctx))].some((c) => /\bescalate\b/.test(c.scope.root.text));
      const expected = cap === undefined ? 2 : canExit ? Math.min(cap, 2) : cap;
      out.why.push(cap === undefined
        ? `a LoopAgent without max_iterations (it loops until a sub-agent escalates): ${expected} passes expected, only max_llm_calls bounds it`
        : canExit ? `a LoopAgent of up to ${cap} passes (max_iterations=${cap}): ${expected} expected, a sub-agent escalates to end it` : `a LoopAgent of ${cap} passes (max_iterations=${cap}; nothing in it escalates to end it early)`);
      const inner = { expected: times.expected * expected, max: cap === undefined ? Infinity : times.max * cap };
      for (const s of subs) walk(s.node, s.ctx, lent, inner, out, seen, depth + 1);
      return;
    }
    if (subs.length) out.why.push(`${subs.length} agents run by a ${r.ctor}`);
    for (const s of subs) walk(s.node, s.ctx, lent, times, out, seen, depth + 1);
    return;
  }
  const name = nameOf(r, ctx);
  const modelNode = argValue(a, ['model']);
  const model: AdkModel = modelNode
    ? adkModel(modelNode, ac)
    : lent
      ? { ...lent, inherited: lent.inherited ?? 'the LlmAgent above it' }
      : { value: { kind: 'unknown', reason: `${name} names no model and no LlmAgent above it lends one (ADK raises "No model found")` } };
  const toolItems = listItems(argValue(a, ['tools']), ac);
  const toolsNode = argValue(a, ['tools']);
  const tools = toolItems.length > 0 || (!!toolsNode && resolveValue(toolsNode, ac).kind !== 'list');
  const oneCall = !tools && subs.length === 0;
  out.members.push({ agent: r, ctx: ac, name, model, tools, oneCall });
  out.expected += times.expected;
  if (tools) out.expectedWithTools += times.expected;
  out.max += oneCall ? times.max : Infinity;
  const lend: AdkModel = { ...model, inherited: model.inherited ?? `the model of ${name}, the LlmAgent above it` };
  // Agents run as tools (`AgentTool(agent=…)`): each in a runner of its own, with no agent above it.
  const agentTools = toolItems.flatMap((t) => {
    const tr = classifyReceiver(t.node, { ...t.ctx, callers: true });
    if (!isAdkObject(tr) || tr.kind !== 'agent-tool') return [];
    const inner = argValue(tr.args, ['agent']) ?? tr.args.positional[0];
    return inner ? [{ node: inner, ctx: inArgs(tr.args, t.ctx) }] : [];
  });
  if (agentTools.length) {
    const each = Math.min(1, 2 / agentTools.length);
    out.why.push(`${name} calls ${agentTools.length} agent${agentTools.length > 1 ? 's' : ''} as tools${agentTools.length > 2 ? ' (two expected per run)' : ''}`);
    for (const t of agentTools) walk(t.node, t.ctx, undefined, { expected: times.expected * each, max: Infinity }, out, seen, depth + 1);
  }
  if (subs.length) {
    // The model transfers to one sub-agent (which may transfer on): one expected per run.
    out.why.push(`${name} transfers to one of ${subs.length} sub-agent${subs.length > 1 ? 's' : ''}`);
    for (const s of subs) walk(s.node, s.ctx, lend, { expected: times.expected / subs.length, max: Infinity }, out, seen, depth + 1);
  }
}

/** The context a sub-agent is made in (its own file, where its tools usually are). */
function subAgentCtx(node: Node, ctx: PromptContext): PromptContext {
  const r = classifyReceiver(node, { ...ctx, callers: true });
  return isAdkObject(r) ? inArgs(r.args, ctx) : ctx;
}

/** The instruction an agent gives: its text, or a function ADK calls for it at run time. */
function addInstruction(b: PromptBuild, node: Node | undefined, what: string, ctx: PromptContext): void {
  if (!node) return;
  const fn = unwrap(node).type === 'identifier' || unwrap(node).type === 'attribute' ? callableOf(unwrap(node), ctx) : undefined;
  if (fn?.kind === 'function' || unwrap(node).type === 'lambda') {
    b.parts.push({ role: 'system', message: 0, source: 'unknown', text: '', span: { start: node.startIndex, end: node.endIndex }, dynamic: { kind: 'unknown', name: `${what} ${unwrap(node).text.slice(0, 40)} (a function ADK calls for the text at run time)`, volatile: false } });
    b.notes.push(`the ${what} is a function (\`${unwrap(node).text.slice(0, 40)}\`): its text is built at run time and not counted`);
    return;
  }
  addText(b, node, 'system', 0, ctx);
}

/** A run of an agent tree from its root: the call site's model, prompt, cap and bound. */
function treeRun(info: CallInfo, ctx: PromptContext, rootNode: Node | undefined, rootCtx: PromptContext, runConfig: Node | undefined, api: string, userMessage: Node | undefined): DetectedCall {
  const b = info.build;
  const out: TreeRun = { members: [], expected: 0, expectedWithTools: 0, max: 0, why: [], unknownAgents: [] };
  if (rootNode) walk(rootNode, rootCtx, undefined, { expected: 1, max: 1 }, out, new Set());
  const first = out.members[0];
  // The system prompt of the first LlmAgent to run: its global_instruction, its instruction, and the
  // description ADK's identity line adds (flows/llm_flows/identity.py).
  if (first) {
    addInstruction(b, argValue(first.agent.args, ['global_instruction']), 'global_instruction', first.ctx);
    addInstruction(b, argValue(first.agent.args, ['instruction']), 'instruction', first.ctx);
    addText(b, argValue(first.agent.args, ['description']), 'system', 0, first.ctx);
  }
  if (userMessage) b.parts.push({ role: 'user', message: nextIndex(b), source: 'unknown', text: '', span: { start: userMessage.startIndex, end: userMessage.endIndex }, dynamic: { kind: 'user-data', name: unwrap(userMessage).text.slice(0, 40), volatile: true } });
  else b.parts.push({ role: 'user', message: nextIndex(b), source: 'unknown', text: '', dynamic: { kind: 'user-data', name: 'the user message', volatile: true } });
  const acting = out.members.some((m) => !m.oneCall);
  if (acting) {
    // Tool calls, their results and transfers come back in each call: the history grows.
    addStepsSoFar(b, 'the invocation so far (tool calls, results, transfers)');
    b.historyGrows = true;
  }
  // The models of the LlmAgents that run: one, or a range over them.
  const options: Value[] = [];
  let unknown: AdkModel | undefined;
  let defaulted: AdkModel | undefined;
  for (const m of out.members) {
    if (m.model.value.kind === 'default') defaulted ??= m.model;
    const strings = m.model.value.kind === 'default' ? [] : stringOptions(m.model.value as Value);
    if (!strings.length && m.model.value.kind !== 'default') unknown ??= m.model;
    for (const s of strings) if (!options.some((o) => o.kind === 'string' && o.value === s.value)) options.push(m.model.inherited ? { ...s, via: `model ${m.name} inherits (${m.model.inherited})` } : s);
  }
  const firstModel = first?.model;
  let model: DetectedCall['model'];
  if (options.length > 1) model = { kind: 'union', options, node: options[0].node! };
  else if (options.length === 1) model = options[0];
  else if (defaulted) model = defaulted.value;
  else if (unknown) model = unknown.value.kind === 'unknown' ? unknown.value : { kind: 'unknown', reason: `the model is \`${unknown.node ? unwrap(unknown.node).text.slice(0, 40) : '?'}\`, which is not read` };
  else if (!rootNode) model = { kind: 'unknown', reason: 'the runner\'s agent could not be followed to the Agent(…) that makes it' };
  else model = { kind: 'unknown', reason: out.unknownAgents.length ? `the agent \`${out.unknownAgents[0]}\` could not be followed to an ADK agent` : 'no LlmAgent found in the agent tree' };
  const testDouble = out.members.find((m) => m.model.testDouble)?.model.testDouble;
  const selfHosted = out.members.length > 0 && out.members.every((m) => m.model.selfHosted) ? first!.model.selfHosted : undefined;
  // The cap of the first LlmAgent's requests: generate_content_config=GenerateContentConfig(max_output_tokens=…).
  let outputCap: DetectedCall['outputCap'];
  if (first) {
    const cfg = argValue(first.agent.args, ['generate_content_config']);
    const inner = cfg ? valueArgs(single(resolveValue(cfg, { ...first.ctx, callers: true })), first.ctx) : undefined;
    const c = inner ? capOf(inner, first.ctx) : undefined;
    outputCap = c ? { ...c, param: `generate_content_config.${c.param}` } : first.model.cap;
  }
  // The bound: RunConfig(max_llm_calls=…) of the run, else ADK's default; a tree of one-call agents less.
  const rc = runConfig ? valueArgs(single(resolveValue(runConfig, { ...ctx, callers: true })), ctx) : undefined;
  const mlc = rc ? argValue(rc, ['max_llm_calls']) : undefined;
  const mv = mlc ? single(resolveValue(mlc, { ...inArgs(rc, ctx), callers: true })) : undefined;
  const d = mv?.kind === 'number' ? undefined : sdkDefault(ADK, 'maxTurns', ctx, 'ADK default RunConfig.max_llm_calls');
  const limit = mv?.kind === 'number' ? mv.value : Number(d?.value ?? 500);
  const unbounded = mv?.kind === 'number' && mv.value <= 0;
  const limitWhy = mv?.kind === 'number' ? (unbounded ? `max_llm_calls=${mv.value}: no limit` : `max_llm_calls=${limit}`) : d?.reason ?? 'ADK default max_llm_calls';
  const treeBound = out.max !== Infinity && out.members.length > 0;
  const value = unbounded ? (treeBound ? out.max : 1) : treeBound ? Math.min(limit, out.max) : limit;
  const count = Math.max(1, Math.round(out.expected));
  const agents = out.members.length;
  const label = agents > 1 || count !== 1 ? `${agents} LlmAgent${agents > 1 ? 's' : ''} in the tree, ${count} agent run${count === 1 ? '' : 's'} expected (${out.why.join('; ')})` : '';
  const reason = treeBound
    ? `up to ${value} model calls (${agents} LlmAgent${agents > 1 ? 's' : ''} without tools or sub-agents, one call each${out.why.length ? `; ${out.why.join('; ')}` : ''})`
    : unbounded ? `no limit on model calls (${limitWhy})` : `up to ${value} model calls in one run (${limitWhy})`;
  const toolsParam = out.members.filter((m) => m.tools).map((m) => m.name);
  const subsParam = out.members.filter((m) => !m.oneCall && !m.tools).map((m) => m.name);
  return {
    provider: first?.model.provider ?? providerFor(undefined, model),
    api,
    sdk: ADK,
    operation: 'agent-run',
    ...(testDouble ? { testDouble } : {}),
    ...(selfHosted ? { selfHosted } : {}),
    modelNode: firstModel?.node,
    model,
    build: b,
    outputCap,
    params: {
      // Transfers are function calls too, but a transfer hands the answer to the sub-agent: no tool rounds.
      ...(toolsParam.length ? { tools: `tools of ${toolsParam.join(', ')}`.slice(0, 80) } : {}),
      ...(subsParam.length ? { sub_agents: `transfers from ${subsParam.join(', ')}`.slice(0, 80) } : {}),
      ...(agents > 1 ? { agents: out.members.map((m) => m.name).join(', ').slice(0, 120) } : {}),
    },
    maxTurns: {
      value,
      param: 'max_llm_calls',
      isDefault: !mlc,
      reason,
      ...(unbounded && !treeBound ? { unbounded: true } : {}),
      ...(label ? { runs: { count, label, withTools: Math.min(count, Math.round(out.expectedWithTools)) } } : {}),
    },
  };
}

/** The calls a module binds `root_agent` to at its top level (directly or through a name), per file. */
const rootCalls = new WeakMap<object, Set<number>>();

/** `root_agent` bound at module level to this call: `root_agent = Agent(…)`, `root_agent = coordinator`, `root_agent = build_agent()`. */
function boundAsRoot(call: Node, ctx: PromptContext): boolean {
  let ids = rootCalls.get(ctx.scope);
  if (!ids) {
    ids = new Set();
    for (const b of ctx.scope.bindings.get('root_agent') ?? []) {
      if (ctx.scope.functionAround(b.node)) continue;
      const v = unwrap(b.value);
      if (v.type === 'call') ids.add(v.id);
      else if (v.type === 'identifier') {
        const r = single(resolveValue(v, ctx));
        if (r.kind === 'call' && r.node.tree === v.tree) ids.add(r.node.id);
      }
    }
    rootCalls.set(ctx.scope, ids);
  }
  return ids.has(call.id);
}

const RUNNER_CALL = /\b(?:InMemoryRunner|Runner)\s*\(/;

/**
 * Why a module's `root_agent` is not what `adk web` serves, if it is not: another module of the
 * workspace takes it in under another name (`from .bqml.agent import root_agent as bqml_agent`: a
 * sub-agent of a bigger tree), or a Runner of this file or of another module (tests aside) runs it
 * (that run is the call site, with its own task).
 */
function notServed(call: Node, ctx: PromptContext): boolean {
  // A Runner in this file given the root agent, and run.
  const runners = new Set<number>();
  for (const c of ctx.scope.calls) {
    if (c.id === call.id || !RUNNER_CALL.test(c.text.slice(0, 40))) continue;
    const r = classifyReceiver(c, ctx);
    if (!isAdkObject(r) || r.kind !== 'runner') continue;
    const agent = runnerAgent(r, ctx);
    const v = agent ? single(resolveValue(agent.node, agent.ctx)) : undefined;
    if (v?.kind === 'call' && v.node.id === call.id) runners.add(c.id);
  }
  if (runners.size) {
    for (const c of ctx.scope.calls) {
      const callee = c.childForFieldName('function');
      const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
      if (!object || !RUN_METHODS.includes(callee!.childForFieldName('attribute')?.text ?? '')) continue;
      const o = single(resolveValue(object, ctx));
      if (unwrap(object).type === 'call' ? runners.has(unwrap(object).id) : o.kind === 'call' && runners.has(o.node.id)) return true;
    }
  }
  const program = ctx.program;
  if (!program) return false;
  // The module as another file imports it: `pkg.agent` for pkg/agent.py, `pkg` for pkg/__init__.py.
  const parts = ctx.path.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  const dotted = parts.slice(-2).join('.');
  const stem = parts[parts.length - 1];
  const names = (m: string) => m === dotted || m.endsWith(`.${dotted}`) || (parts.length < 2 && m === stem);
  for (const f of program.filesMentioning('root_agent')) {
    if (f === ctx.path || isTestPath(f)) continue;
    const text = program.read(f) ?? '';
    for (const line of text.split('\n')) {
      const t = line.trim();
      const at = t.indexOf(' import ');
      if (!t.startsWith('from ') || at < 0 || !t.includes('root_agent') || !names(t.slice(5, at).trim())) continue;
      const item = t.slice(at + 8).replace(/[()]/g, '').split(',').map((x) => x.trim()).find((x) => x === 'root_agent' || x.startsWith('root_agent '));
      if (item && (item !== 'root_agent' || RUNNER_CALL.test(text))) return true;
    }
  }
  return false;
}

/** The agent a runner runs: `Runner(agent=…)`, `InMemoryRunner(root_agent)`, `Runner(app=App(root_agent=…))`. */
function runnerAgent(runner: FrameworkObject, ctx: PromptContext): { node: Node; ctx: PromptContext } | undefined {
  const c = inArgs(runner.args, ctx);
  const direct = argValue(runner.args, ['agent']) ?? runner.args.positional[0];
  if (direct) return { node: direct, ctx: c };
  const app = argValue(runner.args, ['app']);
  const av = app ? valueArgs(single(resolveValue(app, { ...c, callers: true })), c) : undefined;
  const root = av ? argValue(av, ['root_agent']) : undefined;
  return root ? { node: root, ctx: inArgs(av, c) } : undefined;
}

/**
 * `AgentEvaluator.evaluate("pkg", data, num_runs=N)`: ADK imports `pkg` and runs `pkg.agent.root_agent`
 * on each case of the eval set, N times (agent_evaluator.py: `agent_module.agent.root_agent`, NUM_RUNS = 2).
 */
function evaluation(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const root = info.chain.root;
  if (root.type !== 'identifier' || root.text !== 'AgentEvaluator' || !info.importOf('AgentEvaluator')?.module.startsWith('google.adk')) return undefined;
  const a = optionsArgs(info.call, ctx);
  const moduleNode = argValue(a, ['agent_module']) ?? a.positional[0];
  const mv = moduleNode ? single(resolveValue(moduleNode, { ...ctx, callers: true })) : undefined;
  const module = mv?.kind === 'string' ? mv.value : undefined;
  const found = module && ctx.program ? ctx.program.exportOf(ctx.path, `${module}.agent`, 'root_agent') ?? ctx.program.exportOf(ctx.path, module, 'root_agent') : undefined;
  const rootNode = found?.kind === 'value' ? found.node : undefined;
  const rootCtx = found?.kind === 'value' ? { ...ctx, ...found.ctx } : ctx;
  const runs = argValue(a, ['num_runs']);
  const rv = runs ? single(resolveValue(runs, ctx)) : undefined;
  const d = treeRun(info, ctx, rootNode, rootCtx, undefined, `adk.AgentEvaluator.${info.method}`, undefined);
  d.build.notes.push(`each case of the eval set is run ${rv?.kind === 'number' ? `${rv.value} time(s) (num_runs=${rv.value})` : '2 times (ADK\'s NUM_RUNS default)'}; the number of cases is in the eval data, not counted here`);
  if (!rootNode) d.model = { kind: 'unknown', reason: module ? `the agent module \`${module}\` (its agent.root_agent) is not found in the workspace` : 'the agent module is not written in the code' };
  return d;
}

export const googleAdk: Framework = {
  id: ADK,
  callNames: ['run_async', 'run_live', 'run_debug'],
  // An agent tree a module serves as `root_agent` is made by a constructor call, under any name.
  anyName: (text) => text.includes('google.adk'),
  objects: [
    { kind: 'agent', names: LLM_AGENTS, modules: MODULES },
    { kind: 'workflow', names: WORKFLOW_AGENTS, modules: MODULES },
    { kind: 'model', names: ['LiteLlm', 'Claude', 'Gemini'], modules: MODULES },
    { kind: 'runner', names: ['Runner', 'InMemoryRunner'], modules: MODULES },
    { kind: 'agent-tool', names: ['AgentTool'], modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    // `root_agent = Agent(…)`, or a factory of the workspace that makes it (`root_agent = build_agent()`).
    if ((AGENT_CTORS.has(info.method) || ctx.scope.bindings.has('root_agent')) && boundAsRoot(info.call, ctx)) {
      const r = classifyReceiver(info.call, ctx);
      if (!isAdkObject(r) || (r.kind !== 'agent' && r.kind !== 'workflow') || notServed(info.call, ctx)) return undefined;
      const d = treeRun(info, ctx, info.call, ctx, undefined, `adk.root_agent (${r.ctor})`, undefined);
      d.entry = { kind: 'route', label: 'root_agent, served by `adk web` / `adk run` / `adk api_server` (one run per user message)' };
      return d;
    }
    if ((info.method === 'evaluate' || info.method === 'evaluate_eval_set') && info.members.length === 1) return evaluation(info, ctx);
    return RUN_METHODS.includes(info.method) ? runOf(info, ctx) : undefined;
  },
};

/** A runner's run: `runner.run_async(user_id=…, session_id=…, new_message=…)`. */
function runOf(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  if (!info.members.length) return undefined;
  const r = info.receiver();
  const a = optionsArgs(info.call, ctx);
  const runConfig = argValue(a, ['run_config']);
  const message = argValue(a, ['new_message']);
  if (isAdkObject(r) && r.kind === 'runner') {
    const agent = runnerAgent(r, ctx);
    return treeRun(info, ctx, agent?.node, agent?.ctx ?? ctx, runConfig, `adk.${r.ctor}.${info.method}`, message);
  }
  // A runner the code does not show being made (`self.runner`, a parameter), called with the
  // Runner's own keyword arguments in a file of ADK code.
  if (r.type === 'unknown' && info.method !== 'run_debug' && argValue(a, ['session_id']) && (message || argValue(a, ['live_request_queue'])) && ctx.scope.root.text.includes('google.adk')) {
    return treeRun(info, ctx, undefined, ctx, runConfig, `adk.Runner.${info.method}`, message);
  }
  return undefined;
}
