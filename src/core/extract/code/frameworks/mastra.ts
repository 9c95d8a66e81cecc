// Mastra (`@mastra/core`): `new Agent({ name, instructions, model, tools })` run with
// `.generate/.stream` (and `generateVNext/streamVNext/generateLegacy/streamLegacy`), agents looked up
// with `mastra.getAgent('name')` / `getAgentById('id')` from the `new Mastra({ agents })` that
// registers them (found in the workspace when the `mastra` at the call is a workflow step's
// argument), `handleChatStream({ mastra, agentId })` of `@mastra/ai-sdk`, and Harness sessions
// (`harness.sendMessage`, `session.sendMessage`). Models are model-router strings
// (`'openai/gpt-4o'`), AI SDK models (`openai('gpt-4o')`), `ModelRouterLanguageModel('…')` or fallback
// lists (the first is used). `maxSteps` bounds a run of an agent that has tools (default 5).
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, calleeOf, field, isCall, memberChain, unwrap, walk } from '../ast';
import { addStepsSoFar, capOf, DetectedCall, inArgs, nextIndex, optionsArgs, paramsOf, providerFor, reasoningOf, valueArgs } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, callArgs, classifyReceiver, Receiver } from '../receivers';
import { callableOf, ctxOf, enterCall, resolveValue, returnExpressions, single, stringOptions, Value } from '../values';
import { aiModel, AiModel, stepBound } from './aiSdk';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';

const FAMILY = 'mastra';
const MODULES = ['@mastra/', 'mastracode'];

addDefaults([
  {
    sdk: FAMILY,
    packages: { npm: '@mastra/core' },
    key: 'maxTurns',
    value: 5,
    source: 'packages/core/src/llm/model/model.loop.ts MastraLLMVNext.stream `stopWhen = stepCountIs(5)` (maxSteps replaces it when given)',
    asOf: '2026-12-06',
  },
]);

const RUN_METHODS = ['generate', 'stream', 'generateVNext', 'streamVNext', 'generateLegacy', 'streamLegacy'];

function isMastra(r: Receiver | undefined, kind: string): r is FrameworkObject {
  return r?.type === 'framework' && r.framework === FAMILY && r.kind === kind;
}

/** A Mastra model: a model-router string, an AI SDK model, `ModelRouterLanguageModel('…')`, a fallback list. */
export function mastraModel(node: Node, ctx: PromptContext): AiModel {
  const v = single(resolveValue(node, { ...ctx, callers: true }));
  if (v.kind === 'list' && v.items.length) {
    // [{ model, maxRetries }, …]: the first is tried first.
    const first = single(resolveValue(v.items[0], { ...ctx, ...ctxOf(v, ctx) }));
    const inner = first.kind === 'dict' ? first.entries.get('model') : v.items[0];
    return inner ? mastraModel(inner, { ...ctx, ...ctxOf(first, ctx) }) : { value: v, node };
  }
  if (v.kind === 'call' && /ModelRouterLanguageModel$/.test(v.callee)) {
    const a = valueArgs(v, ctx);
    const id = a?.positional[0] ?? (a ? argValue(a, ['id']) : undefined);
    if (id) return aiModel(id, { ...ctx, ...inArgs(a, ctx) });
  }
  const u = unwrap(node);
  if (u.type === 'arrow_function' || u.type === 'function_expression' || v.kind === 'unknown' && /function/.test(v.reason)) {
    return { value: { kind: 'unknown', reason: 'the model is chosen at run time by a function' }, node };
  }
  return aiModel(node, ctx);
}

/**
 * The call that made an object, followed through names, `await`, class fields and the helpers
 * that return it (`getSession()` returning `await harness.createSession()`): the first call whose
 * method is one of `methods`.
 */
function madeBy(node: Node, ctx: PromptContext, methods: readonly string[], depth = 0): { call: Node; ctx: PromptContext } | undefined {
  if (depth > 4) return undefined;
  let cur = unwrap(node);
  const c = ctx;
  for (let i = 0; i < 8; i++) {
    if (cur.type === 'identifier' || (cur.type === 'member_expression' && field(cur, 'object')?.type === 'this')) {
      const name = cur.type === 'identifier' ? cur.text : `this.${field(cur, 'property')?.text ?? ''}`;
      const found = c.scope.lookup(name, cur);
      if (!found.value || found.param) return undefined;
      cur = unwrap(found.value);
      continue;
    }
    break;
  }
  if (!isCall(cur)) return undefined;
  const callee = calleeOf(cur);
  if (!callee) return undefined;
  const chain = memberChain(callee);
  const method = chain.members[chain.members.length - 1];
  if (method && methods.includes(method)) return { call: cur, ctx: c };
  const fn = callableOf(callee, c);
  if (fn?.kind !== 'function') return undefined;
  const inner = { ...c, ...enterCall(fn, cur, c) };
  for (const r of returnExpressions(fn.node)) {
    const found = madeBy(r, inner, methods, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** `new Mastra({ agents })` calls of the workspace, the nearest to `path` first. */
function registrations(ctx: PromptContext): { args: Args; ctx: PromptContext }[] {
  const program = ctx.program;
  if (!program) return [];
  const out: { args: Args; ctx: PromptContext; shared: number }[] = [];
  const dir = (p: string) => p.split('/').slice(0, -1);
  const here = dir(ctx.path);
  for (const file of program.filesMentioning('new Mastra(')) {
    const mod = program.module(file);
    if (!mod) continue;
    const mc: PromptContext = { ...ctx, ...mod.ctx };
    walk(mod.tree.rootNode, (n) => {
      if (field(n, 'constructor')?.text === 'Mastra') out.push({ args: callArgs(n, mod.ctx), ctx: mc, shared: 0 });
    }, new Set(['new_expression']));
    const there = dir(file);
    let shared = 0;
    while (shared < here.length && shared < there.length && here[shared] === there[shared]) shared++;
    for (const o of out) if (o.ctx === mc) o.shared = shared;
  }
  return out.sort((a, b) => b.shared - a.shared);
}

/** The agents a `new Mastra({ agents: {...} })` registers, by key, with their `id` and `name`. */
function registered(reg: { args: Args; ctx: PromptContext }): { key: string; agent: FrameworkObject }[] {
  const agentsNode = argValue(reg.args, ['agents']);
  const dict = agentsNode ? single(resolveValue(agentsNode, { ...reg.ctx, ...inArgs(reg.args, reg.ctx) })) : undefined;
  if (dict?.kind !== 'dict') return [];
  const dc = { ...reg.ctx, ...ctxOf(dict, reg.ctx) };
  const out: { key: string; agent: FrameworkObject }[] = [];
  for (const [key, node] of dict.entries) {
    const r = classifyReceiver(node, dc);
    if (isMastra(r, 'agent')) out.push({ key, agent: r });
  }
  return out;
}

/** The agent `getAgent(key)` / `getAgentById(id)` returns; several when the key is not known. */
function lookupAgents(key: Value | undefined, mastraNode: Node | undefined, ctx: PromptContext): FrameworkObject[] {
  const m = mastraNode ? classifyReceiver(mastraNode, { ...ctx, callers: true }) : undefined;
  const regs = isMastra(m, 'mastra') ? [{ args: m.args, ctx: { ...ctx, ...inArgs(m.args, ctx) } }] : registrations(ctx);
  const wanted = key ? stringOptions(key).map((s) => s.value) : [];
  for (const reg of regs) {
    const all = registered(reg);
    if (!all.length) continue;
    if (!wanted.length) return all.map((a) => a.agent);
    const idOf = (a: FrameworkObject) => stringOptions(resolveValue(argValue(a.args, ['id', 'name']), inArgs(a.args, ctx))).map((s) => s.value);
    // getAgent('key') names the registration key, getAgentById the agent's id; either is accepted
    // (older releases looked agents up by name).
    const hits = all.filter((a) => wanted.includes(a.key) || idOf(a.agent).some((i) => wanted.includes(i)));
    if (hits.length) return hits.map((a) => a.agent);
  }
  return [];
}

/** The agent(s) a run's receiver is: an `Agent` object, or one looked up in a Mastra instance. */
function agentsAt(node: Node, ctx: PromptContext): FrameworkObject[] {
  const r = classifyReceiver(node, { ...ctx, callers: true });
  if (isMastra(r, 'agent')) return [r];
  const made = madeBy(node, ctx, ['getAgent', 'getAgentById']);
  if (!made) return [];
  const callee = calleeOf(made.call)!;
  const a = optionsArgs(made.call, made.ctx);
  const key = a.positional[0] ? resolveValue(a.positional[0], { ...made.ctx, callers: true }) : undefined;
  return lookupAgents(key, field(unwrap(callee), 'object'), made.ctx);
}

/** One model for a run over several possible agents: their models as a set. */
function modelOfAgents(agents: FrameworkObject[], ctx: PromptContext): AiModel {
  const models = agents.map((a) => {
    const n = argValue(a.args, ['model']);
    return n ? mastraModel(n, { ...ctx, ...inArgs(a.args, ctx) }) : ({ value: { kind: 'unknown', reason: 'the agent names no model' } } as AiModel);
  });
  if (models.length === 1) return models[0];
  const options = models.flatMap((m) => (m.value.kind === 'union' ? m.value.options : [m.value]));
  const strings = options.filter((o): o is Extract<Value, { kind: 'string' }> => o.kind === 'string');
  if (!strings.length) return models[0];
  return { value: strings.length === 1 ? strings[0] : { kind: 'union', options: strings, node: strings[0].node }, node: models[0].node, provider: models[0].provider };
}

/** What the agent can act with: tools, sub-agents and workflows all come back as tool calls. */
function actingOf(agent: FrameworkObject): Node | undefined {
  return argValue(agent.args, ['tools', 'agents', 'workflows']);
}

/** The bound a run's options or the agent's default options set (`maxSteps`, `stopWhen`). */
function boundOf(run: Args | undefined, agent: FrameworkObject, ctx: PromptContext) {
  if (run) {
    const b = stepBound(run, ctx);
    if (b) return b;
  }
  for (const name of ['defaultOptions', 'defaultGenerateOptions', 'defaultStreamOptions', 'defaultGenerateOptionsLegacy', 'defaultStreamOptionsLegacy']) {
    const n = argValue(agent.args, [name]);
    const a = n ? valueArgs(single(resolveValue(n, inArgs(agent.args, ctx))), inArgs(agent.args, ctx)) : undefined;
    const b = a ? stepBound(a, ctx) : undefined;
    if (b) return b;
  }
  return undefined;
}

function run(agents: FrameworkObject[], runOpts: Args | undefined, input: Node | undefined, api: string, info: CallInfo, ctx: PromptContext): DetectedCall {
  const b = info.build;
  const agent = agents[0];
  const ac = { ...ctx, ...inArgs(agent.args, ctx) };
  const m = modelOfAgents(agents, ctx);
  const instructions = argValue(agent.args, ['instructions']);
  if (instructions) addText(b, instructions, 'system', 0, ac);
  if (input) {
    const v = single(resolveValue(input, ctx));
    if (v.kind === 'list') addMessages(b, input, ctx);
    else addText(b, input, 'user', nextIndex(b), ctx);
  }
  const acting = actingOf(agent);
  let maxTurns: DetectedCall['maxTurns'];
  const bound = boundOf(runOpts, agent, ctx);
  if (acting) {
    addStepsSoFar(b, 'steps so far (tool calls and results)');
    b.historyGrows = true;
  }
  // The bound is a cap; an agent without tools (no `tools` param) is expected to answer in one request.
  if (bound?.value !== undefined) maxTurns = { value: bound.value, param: bound.param, isDefault: false, reason: `up to ${bound.value} steps (${bound.param} ${bound.value})` };
  else if (bound?.unbounded !== undefined) b.notes.push(`stopWhen has no step count (${bound.unbounded}): no cap the code states`);
  else {
    const d = sdkDefault(FAMILY, 'maxTurns', ctx, 'Mastra default maxSteps');
    if (typeof d?.value === 'number') maxTurns = { value: d.value, param: 'maxSteps', isDefault: true, reason: `up to ${d.value} steps: ${d.reason}` };
  }
  const settings = (args: Args | undefined, c: PromptContext) => {
    const n = args ? argValue(args, ['modelSettings']) : undefined;
    const a = n ? valueArgs(single(resolveValue(n, c)), c) : undefined;
    return a ? capOf(a, ctx) : undefined;
  };
  // providerOptions (`openai: { reasoningEffort }`) of the run, else of the agent's default options.
  const defaults = argValue(agent.args, ['defaultOptions']);
  const da = defaults ? valueArgs(single(resolveValue(defaults, ac)), ac) : undefined;
  const reasoning = (runOpts ? reasoningOf(runOpts, ctx) : undefined) ?? (da ? reasoningOf(da, ctx) : undefined);
  return {
    ...(reasoning ? { reasoning } : {}),
    // `openrouter/openai/gpt-oss-20b`: the router named bills, whatever the model's maker.
    provider: m.routed && m.provider ? m.provider : providerFor(m.provider, m.value),
    api: `mastra.${api}`,
    sdk: FAMILY,
    operation: 'agent-run',
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model: m.value,
    build: b,
    outputCap: settings(runOpts, ctx) ?? settings(agent.args, ac),
    params: { ...paramsOf(agent.args, ctx), ...(acting ? { tools: unwrap(acting).text.slice(0, 80) } : {}), ...(agents.length > 1 ? { agents: agents.length } : {}) },
    maxTurns,
    structuredOutput: !!runOpts?.named.has('structuredOutput') || !!runOpts?.named.has('output'),
  };
}

/**
 * A session handed in from elsewhere (`this.session = options.session` in a TUI's constructor): the
 * `harness.createSession()` its callers pass.
 */
function passedSession(node: Node, ctx: PromptContext): { call: Node; ctx: PromptContext } | undefined {
  const v = resolveValue(node, { ...ctx, callers: true });
  for (const o of v.kind === 'union' ? v.options : [v]) {
    if (o.kind !== 'call') continue;
    const found = madeBy(o.node, { ...ctx, ...ctxOf(o, ctx) }, ['createSession']);
    if (found) return found;
  }
  return undefined;
}

/** `harness.sendMessage(…)` / `session.sendMessage(…)`: the harness's agent (its default mode's). */
function harnessRun(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const recvNode = field(unwrap(info.callee), 'object');
  if (!recvNode) return undefined;
  let h = classifyReceiver(recvNode, { ...ctx, callers: true });
  if (!isMastra(h, 'harness') && unwrap(recvNode).type === 'identifier') {
    // `const { harness } = createMastraCode()`
    const from = destructuredFrom(unwrap(recvNode), ctx);
    if (from) h = classifyReceiver(from, { ...ctx, callers: true });
  }
  if (!isMastra(h, 'harness')) {
    const made = madeBy(recvNode, ctx, ['createSession']) ?? passedSession(recvNode, ctx);
    const owner = made ? field(unwrap(calleeOf(made.call)!), 'object') : undefined;
    h = owner ? classifyReceiver(owner, { ...made!.ctx, callers: true }) : h;
  }
  if (!isMastra(h, 'harness')) return undefined;
  const hc = { ...ctx, ...inArgs(h.args, ctx) };
  let agentNode = argValue(h.args, ['agent']);
  if (!agentNode) {
    const modes = argValue(h.args, ['modes']);
    const list = modes ? single(resolveValue(modes, hc)) : undefined;
    if (list?.kind === 'list') {
      const lc = { ...hc, ...ctxOf(list, hc) };
      const dicts = list.items.map((i) => single(resolveValue(i, lc))).filter((d): d is Extract<Value, { kind: 'dict' }> => d.kind === 'dict');
      const mode = dicts.find((d) => d.entries.has('default') && unwrap(d.entries.get('default')!).text === 'true') ?? dicts[0];
      agentNode = mode?.entries.get('agent');
    }
  }
  const a = optionsArgs(info.call, ctx);
  const input = a.positional[0] && single(resolveValue(a.positional[0], ctx)).kind === 'dict' ? valueArgs(single(resolveValue(a.positional[0], ctx)), ctx)?.named.get('content') : a.positional[0];
  const agents = agentNode ? agentsAt(agentNode, hc) : [];
  if (!agents.length) {
    const b = info.build;
    if (input) addText(b, input, 'user', 0, ctx);
    return { provider: 'unknown', api: `mastra.harness.${info.method}`, sdk: FAMILY, operation: 'agent-run', model: { kind: 'unknown', reason: h.ctor === 'Harness' ? 'the harness agent could not be read' : `the ${h.ctor}() harness chooses its model (not in this workspace)` }, build: b, params: {} };
  }
  return run(agents, undefined, input, `harness.${info.method}`, info, ctx);
}

export const mastra: Framework = {
  id: FAMILY,
  callNames: [...RUN_METHODS, 'sendMessage', 'handleChatStream', 'createStep'],
  objects: [
    { kind: 'agent', names: ['Agent'], modules: MODULES },
    { kind: 'mastra', names: ['Mastra'], modules: MODULES },
    { kind: 'harness', names: ['Harness', 'createMastraCode'], modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (!info.members.length) {
      if (info.method === 'createStep') return agentStep(info, ctx);
      // handleChatStream({ mastra, agentId, params: { messages, maxSteps } }) of @mastra/ai-sdk
      if (info.method !== 'handleChatStream' || !info.importOf('handleChatStream')?.module.startsWith('@mastra/')) return undefined;
      const a = optionsArgs(info.call, ctx);
      const id = argValue(a, ['agentId']);
      const agents = lookupAgents(id ? resolveValue(id, { ...ctx, callers: true }) : undefined, argValue(a, ['mastra']), ctx);
      if (!agents.length) return undefined;
      const params = argValue(a, ['params']);
      const pa = params ? valueArgs(single(resolveValue(params, ctx)), ctx) : undefined;
      const b = info.build;
      b.parts.push({ role: 'user', message: 1, source: 'unknown', text: '', dynamic: { kind: 'history', name: 'chat messages (params.messages)', volatile: true } });
      return run(agents, pa, undefined, 'handleChatStream', info, ctx);
    }
    if (info.method === 'sendMessage') return harnessRun(info, ctx);
    if (info.method === 'createStep') return agentStep(info, ctx);
    if (!RUN_METHODS.includes(info.method)) return undefined;
    const recvNode = field(unwrap(info.callee), 'object');
    const agents = recvNode ? agentsAt(recvNode, ctx) : [];
    if (!agents.length) return undefined;
    // generate(messages, options): the options object is the second argument (a first object is the input).
    const raw = argumentNodes(info.call);
    const opts = raw[1] ? valueArgs(single(resolveValue(raw[1], ctx)), ctx) : undefined;
    return run(agents, opts, raw[0], info.method, info, ctx);
  },
};

/**
 * `createStep(agent)`: a workflow step that runs the agent (streams its reply to the step's
 * prompt) each time the workflow runs; the step is where that run is written.
 */
function agentStep(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const first = argumentNodes(info.call)[0];
  if (!first || unwrap(first).type === 'object') return undefined;
  const agents = agentsAt(first, ctx);
  if (!agents.length) return undefined;
  info.build.parts.push({ role: 'user', message: 1, source: 'unknown', text: '', dynamic: { kind: 'user-data', name: "the step's prompt (inputData.prompt)", volatile: true } });
  return run(agents, undefined, undefined, 'createStep', info, ctx);
}

/** The value a name is destructured from in this file (`const { harness, mcp } = createMastraCode()`). */
function destructuredFrom(name: Node, ctx: PromptContext): Node | undefined {
  let out: Node | undefined;
  walk(ctx.scope.root, (n) => {
    if (out) return false;
    const pattern = field(n, 'name');
    const value = field(n, 'value');
    if (pattern?.type !== 'object_pattern' || !value || value.startIndex > name.startIndex) return;
    const names = pattern.namedChildren.map((k) => (k?.type === 'pair_pattern' ? field(k, 'value') : k)).filter((k): k is Node => !!k);
    if (names.some((k) => k.text === name.text)) out = value;
  }, new Set(['variable_declarator']));
  return out;
}

function argumentNodes(call: Node): Node[] {
  const list = field(call, 'arguments');
  return list ? list.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') : [];
}
