// smolagents: `CodeAgent` / `ToolCallingAgent` (`MultiStepAgent`) `.run(task)`, and a model object
// called directly (`model(messages)`, `model.generate(messages)`). The model class says who bills:
// `InferenceClientModel` / `HfApiModel` (Hugging Face Inference Providers, its default model per
// version when `model_id` is not given), `LiteLLMModel` (LiteLLM ids), `LiteLLMRouterModel` (the
// router's model group), `OpenAIServerModel` / `OpenAIModel` (OpenAI or the server at `api_base`),
// `AzureOpenAIServerModel`, `AmazonBedrockServerModel`; `TransformersModel`, `VLLMModel` and
// `MLXModel` run on the user's machine (self-hosted). A run takes up to `max_steps` steps (the
// version's default when unset), one model call each, plus planning steps and the final answer.
import type { Node } from '@vscode/tree-sitter-wasm';
import { calleeOf, enclosingClass, field, kids, unwrap } from '../ast';
import { addStepsSoFar, capOf, DetectedCall, inArgs, nextIndex, optionsArgs, providerFor } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver, Receiver } from '../receivers';
import { callableOf, callersOf, classLineage, ctxOf, importedAs, resolveValue, single, stringOptions, Value, ValueContext } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { instanceClass, parameterAnnotation } from './instances';
import { bareIds, parseLiteLlmId } from './modelIds';

const MODULES = ['smolagents'];
const PYPI = { pypi: 'smolagents' };

// Read from smolagents' own source at each release tag (github.com/huggingface/smolagents).
addDefaults([
  { sdk: 'smolagents', packages: PYPI, key: 'maxTurns', versions: '>=1.10.0', value: 20, source: 'src/smolagents/agents.py:300 MultiStepAgent.__init__ max_steps: int = 20 (smolagents 1.10.0 onwards, line 300 in 1.26.0)', asOf: '2026-12-06' },
  { sdk: 'smolagents', packages: PYPI, key: 'maxTurns', versions: '>=1.1.0 <1.10.0', value: 6, source: 'src/smolagents/agents.py:196 max_steps: int = 6 (smolagents 1.1.0–1.9.2)', asOf: '2026-12-06' },
  { sdk: 'smolagents', packages: PYPI, key: 'maxTurns', versions: '<1.1.0', value: 6, source: 'src/smolagents/agents.py:166 max_iterations: int = 6 (smolagents 0.1.0–1.0.0)', asOf: '2026-12-06' },
  { sdk: 'smolagents', packages: PYPI, key: 'model', versions: '>=1.23.0', value: 'Qwen/Qwen3-Next-80B-A3B-Thinking', source: 'src/smolagents/models.py:1516 InferenceClientModel model_id: str = "Qwen/Qwen3-Next-80B-A3B-Thinking" (smolagents 1.23.0 onwards)', asOf: '2026-12-06' },
  { sdk: 'smolagents', packages: PYPI, key: 'model', versions: '>=1.0.0 <1.23.0', value: 'Qwen/Qwen2.5-Coder-32B-Instruct', source: 'src/smolagents/models.py:1401 InferenceClientModel / HfApiModel model_id: str = "Qwen/Qwen2.5-Coder-32B-Instruct" (smolagents 1.0.0–1.22.0)', asOf: '2026-12-06' },
  { sdk: 'smolagents', packages: PYPI, key: 'model', versions: '<1.0.0', value: 'meta-llama/Llama-3.3-70B-Instruct', source: 'src/smolagents/models.py:222 HfApiModel model_id: str = "meta-llama/Llama-3.3-70B-Instruct" (smolagents 0.1.0)', asOf: '2026-12-06' },
  { sdk: 'smolagents.LiteLLMModel', packages: PYPI, key: 'model', value: 'anthropic/claude-3-5-sonnet-20240620', source: 'src/smolagents/models.py:1240 LiteLLMModel: model_id defaults to "anthropic/claude-3-5-sonnet-20240620" (a warning since 1.11.0 says it will be required in 2.0)', asOf: '2026-12-06' },
]);

/**
 * The system prompt smolagents sends before the tools' descriptions, measured on its own prompt
 * templates (src/smolagents/prompts/*.yaml `system_prompt` at e3a5b89, o200k tokens).
 */
const SYSTEM_PROMPT_TOKENS: Record<string, { tokens: number; file: string }> = {
  CodeAgent: { tokens: 2251, file: 'code_agent.yaml' },
  ToolCallingAgent: { tokens: 924, file: 'toolcalling_agent.yaml' },
};

const SELF_HOSTED: Record<string, string> = { TransformersModel: 'transformers (local)', VLLMModel: 'vLLM', MLXModel: 'MLX (local)' };
const API_MODELS = ['InferenceClientModel', 'HfApiModel', 'LiteLLMModel', 'LiteLLMRouterModel', 'OpenAIServerModel', 'OpenAIModel', 'AzureOpenAIServerModel', 'AzureOpenAIModel', 'AmazonBedrockServerModel', 'AmazonBedrockModel'];
const AGENTS = ['CodeAgent', 'ToolCallingAgent', 'MultiStepAgent'];

/** Hugging Face Inference Providers (`provider=`) → the price catalogue's ids; others bill through Hugging Face. */
const HF_PROVIDERS: Record<string, string> = {
  together: 'together',
  'fireworks-ai': 'fireworks',
  groq: 'groq',
  cerebras: 'cerebras',
  novita: 'novita',
  cohere: 'cohere',
  sambanova: 'sambanova',
  nebius: 'nebius',
  hyperbolic: 'hyperbolic',
  openai: 'openai',
};

/** Servers an `api_base` can point at. */
function providerOfBase(base: string): { provider?: string; selfHosted?: string } {
  if (/localhost|127\.0\.0\.1|0\.0\.0\.0|:11434|:8000\b/.test(base)) return { selfHosted: 'a local server (api_base)' };
  const hosts: [RegExp, string][] = [
    [/api\.openai\.com/, 'openai'],
    [/generativelanguage\.googleapis\.com/, 'google'],
    [/api\.anthropic\.com/, 'anthropic'],
    [/api\.together\.(xyz|ai)/, 'together'],
    [/api\.fireworks\.ai/, 'fireworks'],
    [/api\.groq\.com/, 'groq'],
    [/openrouter\.ai/, 'openrouter'],
    [/api\.deepseek\.com/, 'deepseek'],
    [/api\.x\.ai/, 'x-ai'],
    [/api\.mistral\.ai/, 'mistral'],
    [/api\.cerebras\.ai/, 'cerebras'],
  ];
  for (const [re, p] of hosts) if (re.test(base)) return { provider: p };
  return {};
}

export interface SmolModel {
  value: Value;
  node?: Node;
  provider?: string;
  selfHosted?: string;
  testDouble?: string;
  cap?: DetectedCall['outputCap'];
  ctor?: string;
}

function smolObject(r: Receiver, kinds: string[]): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'smolagents' && kinds.includes(r.kind) ? r : undefined;
}

/** The string an argument holds, read through files and callers. */
function stringArg(node: Node | undefined, ctx: ValueContext): string | undefined {
  if (!node) return undefined;
  const v = single(resolveValue(node, { ...ctx, callers: true }));
  return v.kind === 'string' ? v.value : undefined;
}

const isTestPath = (p: string) => /(^|\/)(tests?|testing)\/|(^|\/)(test_[^/]*|[^/]*_test)\.py$|(^|\/)conftest\.py$/.test(p);

/**
 * A workspace class made to stand in for a model in tests (`class FakeModel(Model)`): a test double.
 * One defined in tests and reached through the callers of production code says nothing of what
 * production runs: the model is unknown then, not a double.
 */
function testDoubleClass(node: Node, ctx: PromptContext, site: string): { name: string; fromTests: boolean } | undefined {
  // `unittest.mock` objects stand in for anything.
  const v = single(resolveValue(node, { ...ctx, callers: true }));
  if (v.kind === 'call' && /(^|\.)(MagicMock|Mock|AsyncMock|NonCallableMagicMock|create_autospec)$/.test(v.callee)) {
    const where = ctxOf(v, ctx).path;
    return { name: v.callee, fromTests: isTestPath(where) && !isTestPath(site) };
  }
  const cls = instanceClass(node, ctx);
  if (!cls) return undefined;
  const name = field(cls.node, 'name')?.text ?? '';
  if (!/fake|mock|dummy|stub|scripted/i.test(name)) return undefined;
  const bases = field(cls.node, 'superclasses');
  for (const b of bases ? kids(bases) : []) {
    const root = b.type === 'attribute' ? b.text.split('.')[0] : b.text;
    const imp = importedAs(root, b, cls.ctx);
    if (imp?.module.startsWith('smolagents') || callableOf(b, cls.ctx)) return { name, fromTests: isTestPath(cls.ctx.path) && !isTestPath(site) };
  }
  return undefined;
}

/** Model classes a parameter's annotation can name (`reformulation_model: Model`). */
const MODEL_TYPES = new Set(['Model', 'ApiModel', ...API_MODELS]);

/** The smolagents class a parameter is annotated with, when the expression is such a parameter. */
function annotatedType(node: Node, ctx: PromptContext, names: Set<string>): string | undefined {
  const a = parameterAnnotation(node, ctx);
  return a && names.has(a.name) && a.module.startsWith('smolagents') ? a.name : undefined;
}

/** What a model expression is: its class, model id (or the class's default), provider, cap. */
export function smolModel(node: Node | undefined, ctx: PromptContext, site: string = ctx.path): SmolModel | undefined {
  if (!node) return undefined;
  const r = classifyReceiver(node, ctx);
  const m = smolObject(r, ['model', 'self-hosted']);
  if (!m) {
    const double = testDoubleClass(node, ctx, site);
    if (double?.fromTests) return { value: { kind: 'unknown', reason: `the model comes from the callers; only a test double (${double.name}) in the tests is seen` }, node, ctor: 'Model' };
    if (double) return { value: { kind: 'unknown', reason: 'a test double' }, testDouble: double.name };
    const annotated = annotatedType(node, ctx, MODEL_TYPES);
    if (annotated) return { value: { kind: 'unknown', reason: `the ${annotated} is a parameter (${unwrap(node).text}) its callers give` }, node, ctor: annotated };
    return { value: { kind: 'unknown', reason: r.type === 'unknown' ? `the model is ${r.reason}` : 'the model is not a smolagents model class' }, node };
  }
  const a = m.args;
  const c = inArgs(a, ctx);
  const idNode = argValue(a, ['model_id']) ?? a.positional[0];
  const id = idNode ? resolveValue(idNode, { ...c, callers: true }) : undefined;
  const cap = capOf(a, ctx);
  const base = stringArg(argValue(a, ['api_base', 'base_url']), c);
  if (m.kind === 'self-hosted') return { value: id ?? { kind: 'unknown', reason: `${m.ctor} without a model_id` }, node: idNode, selfHosted: SELF_HOSTED[m.ctor], cap, ctor: m.ctor };
  switch (m.ctor) {
    case 'InferenceClientModel':
    case 'HfApiModel': {
      const p = stringArg(argValue(a, ['provider']), c);
      const provider = p ? HF_PROVIDERS[p] ?? 'huggingface' : 'huggingface';
      // A model_id the code gives but that cannot be read is not the default.
      if (id) return { value: id, node: idNode, provider, cap, ctor: m.ctor };
      const d = sdkDefault('smolagents', 'model', ctx, `${m.ctor} default model_id`);
      return { value: d ? { kind: 'string', value: String(d.value), node: m.node, via: d.reason } : { kind: 'unknown', reason: 'no model_id' }, provider, cap, ctor: m.ctor };
    }
    case 'LiteLLMModel': {
      let v = id;
      if (!v) {
        const d = sdkDefault('smolagents.LiteLLMModel', 'model', ctx, 'LiteLLMModel default model_id');
        v = d ? { kind: 'string', value: String(d.value), node: m.node, via: d.reason } : id;
      }
      if (!v) return { value: { kind: 'unknown', reason: 'no model_id' }, cap, ctor: m.ctor };
      const b = bareIds(v);
      const local = base ? providerOfBase(base) : {};
      return { value: b.value, node: idNode, provider: b.provider ?? local.provider, selfHosted: b.selfHosted ?? local.selfHosted, cap, ctor: m.ctor };
    }
    case 'LiteLLMRouterModel':
      return { ...routerModels(a, id, c), cap, ctor: m.ctor };
    case 'OpenAIServerModel':
    case 'OpenAIModel': {
      const local = base ? providerOfBase(base) : { provider: 'openai' };
      return { value: id ?? { kind: 'unknown', reason: `${m.ctor} without a model_id` }, node: idNode, ...local, cap, ctor: m.ctor };
    }
    case 'AzureOpenAIServerModel':
    case 'AzureOpenAIModel':
      return { value: id ?? { kind: 'unknown', reason: 'no deployment (model_id)' }, node: idNode, provider: 'azure', cap, ctor: m.ctor };
    case 'AmazonBedrockServerModel':
    case 'AmazonBedrockModel':
      return { value: id ? bareIds(id).value : { kind: 'unknown', reason: 'no model_id' }, node: idNode, provider: 'aws', cap, ctor: m.ctor };
    default:
      return { value: id ?? { kind: 'unknown', reason: 'no model_id' }, node: idNode, cap, ctor: m.ctor };
  }
}

/** `LiteLLMRouterModel(model_id="group", model_list=[{model_name: "group", litellm_params: {model: …}}])`: the group's models. */
function routerModels(a: FrameworkObject['args'], id: Value | undefined, ctx: PromptContext): SmolModel {
  const group = id?.kind === 'string' ? id.value : undefined;
  const listNode = argValue(a, ['model_list']);
  const list = listNode ? resolveValue(listNode, ctx) : undefined;
  const options: Value[] = [];
  let provider: string | undefined;
  if (list?.kind === 'list') {
    const lc = ctxOf(list, ctx);
    for (const item of list.items) {
      const e = resolveValue(item, lc);
      if (e.kind !== 'dict') continue;
      const ec = ctxOf(e, lc);
      const name = e.entries.get('model_name');
      if (group && name && stringArg(name, ec) !== group) continue;
      const params = e.entries.get('litellm_params');
      const pv = params ? resolveValue(params, ec) : undefined;
      const mn = pv?.kind === 'dict' ? pv.entries.get('model') : undefined;
      const mv = mn ? single(resolveValue(mn, ctxOf(pv!, ec))) : undefined;
      if (mv?.kind !== 'string') continue;
      const p = parseLiteLlmId(mv.value);
      // The first model's provider (a set of models is priced one by one, each by its id).
      if (!options.length) provider = p.provider;
      options.push({ ...mv, value: p.model, via: `one of the ${group ?? 'router'} models in model_list` });
    }
  }
  if (!options.length) return { value: { kind: 'unknown', reason: `the router's model group ${group ?? ''} is not read` } };
  return { value: options.length === 1 ? options[0] : { kind: 'union', options, node: listNode! }, node: listNode, provider };
}

/** Bedrock and Azure bill their own hosting of another maker's model: they, not the maker, are the provider. */
function billedBy(m: SmolModel, model: DetectedCall['model']): string {
  return m.provider === 'aws' || m.provider === 'azure' ? m.provider : providerFor(m.provider, model);
}

function agentOf(info: CallInfo): FrameworkObject | undefined {
  return smolObject(info.receiver(), ['agent']);
}

function numberArg(node: Node | undefined, ctx: PromptContext): number | undefined {
  if (!node) return undefined;
  const v = single(resolveValue(node, { ...ctx, callers: true }));
  return v.kind === 'number' ? v.value : undefined;
}

function agentRun(info: CallInfo, agent: FrameworkObject, ctx: PromptContext): DetectedCall {
  const b = info.build;
  const a = agent.args;
  const ac = inArgs(a, ctx);
  const run = optionsArgs(info.call, ctx);
  const m = smolModel(argValue(a, ['model']) ?? a.positional[1], ac, ctx.path) ?? { value: { kind: 'unknown', reason: 'the agent names no model' } as Value };
  // The agent's own system prompt, then what the code adds to it, then the task.
  const sys = SYSTEM_PROMPT_TOKENS[agent.ctor];
  if (sys) b.parts.push({ role: 'system', message: 0, source: 'unknown', text: '', dynamic: { kind: 'unknown', name: `smolagents ${agent.ctor} system prompt`, volatile: false, size: { low: sys.tokens, expected: sys.tokens, high: sys.tokens, basis: `src/smolagents/prompts/${sys.file} system_prompt (${sys.tokens} tokens), before the tools' descriptions` } } });
  const instructions = argValue(a, ['instructions']);
  if (instructions) addText(b, instructions, 'system', 0, ac);
  const task = run.positional[0] ?? argValue(run, ['task']);
  if (task) addText(b, task, 'user', nextIndex(b), ctx);
  // Each step sends the memory so far (thoughts, code or tool calls, observations).
  addStepsSoFar(b, 'steps so far (actions and observations)');
  b.historyGrows = true;
  const toolsNode = argValue(a, ['tools']) ?? a.positional[0];
  const toolsValue = toolsNode ? resolveValue(toolsNode, ac) : undefined;
  // `tools=[]`: no tools of the user's (the agent's own final_answer aside).
  const tools = toolsValue?.kind === 'list' && toolsValue.items.length === 0 ? undefined : toolsNode;
  const managed = argValue(a, ['managed_agents']);
  const managedModels: SmolModel[] = [];
  if (managed) {
    const mv = resolveValue(managed, ac);
    if (mv.kind === 'list') for (const item of mv.items) {
      const sub = smolObject(classifyReceiver(item, ctxOf(mv, ac)), ['agent']);
      const sm = sub ? smolModel(argValue(sub.args, ['model']) ?? sub.args.positional[1], inArgs(sub.args, ac), ctx.path) : undefined;
      if (sm) managedModels.push(sm);
    }
  }
  // The bound: max_steps of the run, else of the agent, else the version's default.
  const runSteps = numberArg(argValue(run, ['max_steps']), ctx);
  const agentSteps = numberArg(argValue(a, ['max_steps']), ac);
  const d = runSteps === undefined && agentSteps === undefined ? sdkDefault('smolagents', 'maxTurns', ctx, 'smolagents max_steps default') : undefined;
  const steps = runSteps ?? agentSteps ?? Number(d?.value ?? 20);
  const interval = numberArg(argValue(a, ['planning_interval']), ac);
  const planning = interval && interval > 0 ? Math.ceil(steps / interval) : 0;
  const why = runSteps !== undefined ? `max_steps=${steps} given to run` : agentSteps !== undefined ? `max_steps=${steps}` : d?.reason ?? 'the smolagents max_steps default';
  const reason = `up to ${steps} steps (${why}), one model call each${planning ? `, ${planning} planning steps (planning_interval=${interval})` : ''}, and the final answer when the steps run out${managedModels.length ? '; the managed agents\' own runs are not counted in this bound' : ''}`;
  let value: Value = m.value;
  if (managedModels.length) {
    // The managed agents run on their own models inside the manager's run: a range over them.
    const opts = [m, ...managedModels].flatMap((x) => stringOptions(x.value));
    const seen = new Set<string>();
    const distinct = opts.filter((o) => (seen.has(o.value) ? false : (seen.add(o.value), true)));
    if (distinct.length > 1) value = { kind: 'union', options: distinct, node: distinct[0].node };
  }
  const model: DetectedCall['model'] = value.kind === 'string' && value.via && !m.node ? { kind: 'default', value: value.value, reason: value.via } : value;
  return {
    provider: billedBy(m, model),
    api: `smolagents.${agent.ctor}.${info.method}`,
    sdk: 'smolagents',
    operation: 'agent-run',
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    ...(m.selfHosted && managedModels.every((x) => x.selfHosted) ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model,
    build: b,
    outputCap: m.cap,
    params: { ...(tools ? { tools: unwrap(tools).text.slice(0, 80) } : {}), ...(managed ? { managed_agents: unwrap(managed).text.slice(0, 80) } : {}), ...(interval ? { planning_interval: interval } : {}) },
    maxTurns: { value: steps + planning + 1, param: 'max_steps', isDefault: runSteps === undefined && agentSteps === undefined, reason },
  };
}

/**
 * Inside an agent class (smolagents' own `MultiStepAgent`, a subclass of `CodeAgent`), the model's
 * calls are the steps of a run: counted at the run's call site, not again here.
 */
function insideAgentClass(call: Node, ctx: PromptContext): boolean {
  return agentClassAround(call, ctx) !== undefined;
}

/** The smolagents agent class (`CodeAgent`, `MultiStepAgent`…) the class around `node` is or derives from. */
function agentClassAround(node: Node, ctx: PromptContext): string | undefined {
  const cls = enclosingClass(node);
  if (!cls) return undefined;
  for (const k of classLineage(cls, ctx)) {
    const name = field(k.node, 'name')?.text ?? '';
    if (AGENTS.includes(name)) return name;
    const bases = field(k.node, 'superclasses');
    for (const b of bases ? kids(bases) : []) {
      const base = b.text.split('.').pop() ?? '';
      if (AGENTS.includes(base)) return base;
    }
  }
  return undefined;
}

/**
 * `self.run(task)` in an agent class's own method: a managed agent's `__call__` runs itself when
 * its manager calls it. A run of its own (the manager's bound leaves the managed agents' runs out),
 * on the model the agent was made with.
 */
function selfRun(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const callee = unwrap(info.callee);
  // (A class of that name in a file that never names smolagents is another library's.)
  if (callee.type !== 'attribute' || field(callee, 'object')?.text !== 'self' || !ctx.scope.root.text.includes('smolagents')) return undefined;
  const ctor = agentClassAround(info.call, ctx);
  const cls = enclosingClass(info.call);
  if (!ctor || !cls) return undefined;
  // Where the code makes the agent (once): its arguments (model, max_steps) are self's.
  const name = field(cls, 'name')?.text;
  const made = name && name !== ctor ? callersOf(cls, name, false, ctx) : [];
  const args = made.length === 1 ? { ...made[0].args, ctx: made[0].ctx } : { positional: [], named: new Map(), spread: false };
  const self: FrameworkObject = { type: 'framework', framework: 'smolagents', kind: 'agent', ctor, args, node: cls, module: 'smolagents' };
  const d = agentRun(info, self, ctx);
  return d.model.kind === 'unknown' ? { ...d, model: { kind: 'unknown', reason: `the agent runs on its own model (\`self.model\`), given where the agent is made${made.length > 1 ? ` (${made.length} places)` : ''}` } } : d;
}

/**
 * What a name called as a function was assigned from, in its function before the call, when that
 * names a model (`agent = model`, `fn = self.llm`): whichever branch ran, the call may be the model's.
 */
function modelAssigned(name: Node, call: Node, ctx: PromptContext): Node | undefined {
  const fn = ctx.scope.functionAround(call);
  const bindings = ctx.scope.bindings.get(name.text) ?? [];
  for (let i = bindings.length - 1; i >= 0; i--) {
    const b = bindings[i];
    if (b.at >= call.startIndex || ctx.scope.functionAround(b.node)?.id !== fn?.id) continue;
    const v = unwrap(b.value);
    if ((v.type === 'identifier' || v.type === 'attribute') && /model|llm/i.test(v.text.split('.').pop() ?? '')) return v;
  }
  return undefined;
}

/** `model(messages)` / `model.generate(messages)`: one request with the model object. */
function modelCall(info: CallInfo, target: Node, ctx: PromptContext): DetectedCall | undefined {
  if (insideAgentClass(info.call, ctx)) return undefined;
  const m = smolModel(target, ctx);
  if (!m || (!m.ctor && !m.testDouble)) return undefined;
  const b = info.build;
  const a = optionsArgs(info.call, ctx);
  const messages = a.positional[0] ?? argValue(a, ['messages']);
  if (messages) addMessages(b, messages, ctx);
  const model: DetectedCall['model'] = m.value.kind === 'string' && m.value.via && !m.node ? { kind: 'default', value: m.value.value, reason: m.value.via } : m.value;
  return {
    provider: billedBy(m, model),
    api: `smolagents.${m.ctor ?? 'Model'}.${info.method === 'generate' || info.method === 'generate_stream' ? info.method : '__call__'}`,
    sdk: 'smolagents',
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model,
    build: b,
    outputCap: capOf(a, ctx) ?? m.cap,
    params: {},
  };
}

export const smolagents: Framework = {
  id: 'smolagents',
  callNames: ['run', 'generate', 'generate_stream'],
  // A model object is called as a function: `model(messages)`, `self.model(messages)`.
  anyName: (text) => text.includes('smolagents'),
  objects: [
    { kind: 'agent', names: AGENTS, modules: MODULES },
    { kind: 'model', names: API_MODELS, modules: MODULES },
    { kind: 'self-hosted', names: Object.keys(SELF_HOSTED), modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (info.method === 'run') {
      const agent = agentOf(info);
      return agent ? agentRun(info, agent, ctx) : selfRun(info, ctx);
    }
    if ((info.method === 'generate' || info.method === 'generate_stream') && info.members.length) {
      const obj = field(unwrap(info.callee), 'object');
      return obj ? modelCall(info, obj, ctx) : undefined;
    }
    // A plain call whose callee is a model object (`model(messages)`, `self.model(messages)`).
    const callee = unwrap(info.callee);
    if (callee.type !== 'identifier' && callee.type !== 'attribute') return undefined;
    if (calleeOf(info.call) === undefined) return undefined;
    // Every call of the file comes here: only names that say they hold a model are looked into, or
    // a name assigned one on some path (`agent = model` in one branch, `agent = CodeAgent(…)` in another).
    if (!/model|llm/i.test(info.method)) {
      const held = callee.type === 'identifier' ? modelAssigned(callee, info.call, ctx) : undefined;
      return held ? modelCall(info, held, ctx) : undefined;
    }
    if (callee.type === 'identifier' && !ctx.scope.lookup(callee.text, callee).value && !ctx.scope.lookup(callee.text, callee).param) return undefined;
    return modelCall(info, callee, ctx);
  },
};
