// The OpenAI Agents SDK, Python (`agents`) and JS (`@openai/agents`): runs of an `Agent` /
// `SandboxAgent` (`Agent.create` in JS) through `Runner.run/run_sync/run_streamed`, JS `run()` and a
// `Runner` instance, with the agent's model (a string, `litellm/…` and `openai/…` prefixes, a model
// object such as `OpenAIChatCompletionsModel(model=…, openai_client=…)`, `LitellmModel(model=…)`,
// `aisdk(openai('…'))`, or a test double), else the Runner's / RunConfig's model, else the SDK's
// default model for the version the workspace uses. `max_turns` / `maxTurns` bound the run (default
// 10). Realtime sessions (`RealtimeSession(…).connect()`, `RealtimeRunner(…).run()`) are audio.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, calleeOf, objectArgs, unwrap } from '../ast';
import { addStepsSoFar, callArgsOf, capOf, DetectedCall, inArgs, nextIndex, optionsArgs, paramsOf, providerFor, reasoningOf, valueArgs } from '../callKit';
import type { ReasoningSetting } from '../../../estimate/reasoning';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver, Receiver } from '../receivers';
import { ctxOf, resolveValue, single, stringOptions, Value } from '../values';
import { aiModel } from './aiSdk';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';

export const AGENTS_SDK = 'openai-agents';
const REALTIME = 'openai-agents realtime';
const MODULES = ['agents', '@openai/agents', '@openai/agents-core', '@openai/agents-openai', '@openai/agents-extensions', '@openai/agents-realtime'];
const JS = { npm: '@openai/agents' };
const PY = { pypi: 'openai-agents' };
const AS_OF = '2026-12-06';

addDefaults([
  // The default model changed several times; each row names the release that shipped the change.
  { sdk: AGENTS_SDK, packages: JS, language: 'js', key: 'model', versions: '>=0.15.0', value: 'gpt-5.6-luna', source: 'packages/agents-core/src/defaultModel.ts getDefaultModel() (#1613, @openai/agents 0.15.0)', asOf: AS_OF },
  { sdk: AGENTS_SDK, packages: JS, language: 'js', key: 'model', versions: '>=0.10.0 <0.15.0', value: 'gpt-5.4-mini', source: 'packages/agents-core/src/defaultModel.ts getDefaultModel() (#1248, @openai/agents 0.10.0)', asOf: AS_OF },
  { sdk: AGENTS_SDK, packages: JS, language: 'js', key: 'model', versions: '<0.10.0', value: 'gpt-4.1', source: 'packages/agents-core/src/defaultModel.ts getDefaultModel() (from 0.1.0; packages/agents-openai/src/defaults.ts DEFAULT_OPENAI_MODEL before)', asOf: AS_OF },
  { sdk: AGENTS_SDK, packages: PY, language: 'python', key: 'model', versions: '>=0.20.0', value: 'gpt-5.6-luna', source: 'src/agents/models/default_models.py get_default_model() (#4282, openai-agents 0.20.0)', asOf: AS_OF },
  { sdk: AGENTS_SDK, packages: PY, language: 'python', key: 'model', versions: '>=0.16.0 <0.20.0', value: 'gpt-5.4-mini', source: 'src/agents/models/default_models.py get_default_model() (#3147, openai-agents 0.16.0)', asOf: AS_OF },
  { sdk: AGENTS_SDK, packages: PY, language: 'python', key: 'model', versions: '>=0.2.9 <0.16.0', value: 'gpt-4.1', source: 'src/agents/models/default_models.py get_default_model() (#1534, openai-agents 0.2.9)', asOf: AS_OF },
  { sdk: AGENTS_SDK, packages: PY, language: 'python', key: 'model', versions: '<0.2.9', value: 'gpt-4o', source: 'src/agents/models/openai_provider.py DEFAULT_MODEL', asOf: AS_OF },
  { sdk: AGENTS_SDK, packages: JS, language: 'js', key: 'maxTurns', value: 10, source: 'packages/agents-core/src/runner/constants.ts DEFAULT_MAX_TURNS', asOf: AS_OF },
  { sdk: AGENTS_SDK, packages: PY, language: 'python', key: 'maxTurns', value: 10, source: 'src/agents/run_config.py DEFAULT_MAX_TURNS', asOf: AS_OF },
  { sdk: REALTIME, packages: JS, language: 'js', key: 'model', versions: '>=0.13.0', value: 'gpt-realtime-2.1', source: 'packages/agents-realtime/src/openaiRealtimeBase.ts DEFAULT_OPENAI_REALTIME_MODEL (#1446, 0.13.0)', asOf: AS_OF },
  { sdk: REALTIME, packages: JS, language: 'js', key: 'model', versions: '>=0.11.0 <0.13.0', value: 'gpt-realtime-2', source: 'packages/agents-realtime/src/openaiRealtimeBase.ts DEFAULT_OPENAI_REALTIME_MODEL (#1270, 0.11.0)', asOf: AS_OF },
  { sdk: REALTIME, packages: JS, language: 'js', key: 'model', versions: '>=0.8.0 <0.11.0', value: 'gpt-realtime-1.5', source: 'packages/agents-realtime/src/openaiRealtimeBase.ts DEFAULT_OPENAI_REALTIME_MODEL (#1108, 0.8.0)', asOf: AS_OF },
  { sdk: REALTIME, packages: JS, language: 'js', key: 'model', versions: '>=0.1.0 <0.8.0', value: 'gpt-realtime', source: 'packages/agents-realtime/src/openaiRealtimeBase.ts DEFAULT_OPENAI_REALTIME_MODEL (#402, 0.1.0)', asOf: AS_OF },
  { sdk: REALTIME, packages: JS, language: 'js', key: 'model', versions: '<0.1.0', value: 'gpt-4o-realtime-preview', source: 'packages/agents-realtime/src/openaiRealtimeBase.ts DEFAULT_OPENAI_REALTIME_MODEL', asOf: AS_OF },
  { sdk: REALTIME, packages: PY, language: 'python', key: 'model', versions: '>=0.18.0', value: 'gpt-realtime-2.1', source: 'src/agents/realtime/openai_realtime.py DEFAULT_REALTIME_MODEL (#3740, 0.18.0)', asOf: AS_OF },
  { sdk: REALTIME, packages: PY, language: 'python', key: 'model', versions: '>=0.17.0 <0.18.0', value: 'gpt-realtime-2', source: 'src/agents/realtime/openai_realtime.py DEFAULT_REALTIME_MODEL (#3190, 0.17.0)', asOf: AS_OF },
  { sdk: REALTIME, packages: PY, language: 'python', key: 'model', versions: '>=0.13.0 <0.17.0', value: 'gpt-realtime-1.5', source: 'src/agents/realtime/openai_realtime.py DEFAULT_REALTIME_MODEL (#2737, 0.13.0)', asOf: AS_OF },
  { sdk: REALTIME, packages: PY, language: 'python', key: 'model', versions: '>=0.3.0 <0.13.0', value: 'gpt-realtime', source: 'src/agents/realtime/openai_realtime.py OpenAIRealtimeWebSocketModel.model (#1646, 0.3.0)', asOf: AS_OF },
  { sdk: REALTIME, packages: PY, language: 'python', key: 'model', versions: '<0.3.0', value: 'gpt-4o-realtime-preview', source: 'src/agents/realtime/openai_realtime.py OpenAIRealtimeWebSocketModel.model', asOf: AS_OF },
]);

/**
 * The reasoning effort the SDK sets itself for a model named by a string (its default model
 * settings; `none` turns reasoning off), as in its current source: packages/agents-core/src/
 * defaultModel.ts and src/agents/models/default_models.py DEFAULT_REASONING_EFFORT_PATTERNS.
 */
const SDK_EFFORT: [RegExp, string][] = [
  [/^gpt-5(?:-\d{4}-\d{2}-\d{2})?$/, 'low'],
  [/^gpt-5\.[12](?:-\d{4}-\d{2}-\d{2})?$/, 'none'],
  [/^gpt-5\.[24]-pro(?:-\d{4}-\d{2}-\d{2})?$/, 'medium'],
  [/^gpt-5\.2-codex$/, 'low'],
  [/^gpt-5\.3-codex$/, 'none'],
  [/^gpt-5\.4(?:-mini|-nano)?(?:-\d{4}-\d{2}-\d{2})?$/, 'none'],
  [/^gpt-5\.5(?:-\d{4}-\d{2}-\d{2})?$/, 'none'],
  [/^gpt-5\.6(?:-sol|-terra|-luna)?(?:-\d{4}-\d{2}-\d{2})?$/, 'none'],
];

/**
 * The reasoning a model settings object states: `reasoning=Reasoning(effort=…)` / `{"effort": …}`
 * / `reasoning: { effort }`, else its `providerData` / `extra_args` (`reasoning_effort`, `reasoning`),
 * which the SDK sends as they are under the top-level setting.
 */
function settingsReasoning(a: Args, ctx: PromptContext, label: string): ReasoningSetting | undefined {
  const top = reasoningOf(a, ctx, `${label}.`);
  if (top) return top;
  for (const name of ['providerData', 'extra_args', 'extra_body']) {
    const n = a.named.get(name);
    const inner = n ? valueArgs(single(resolveValue(n, inArgs(a, ctx))), inArgs(a, ctx)) : undefined;
    const r = inner ? reasoningOf(inner, ctx, `${label}.${name}.`) : undefined;
    if (r) return r;
  }
  return undefined;
}

/**
 * What a run says about reasoning: model settings first (most specific first, as the SDK merges
 * them), else the SDK's own default for a named model.
 */
function runReasoning(settings: ({ args: Args; label: string } | undefined)[], m: AgentModel, ctx: PromptContext): ReasoningSetting | undefined {
  for (const s of settings) {
    const r = s ? settingsReasoning(s.args, ctx, s.label) : undefined;
    if (r) return r;
  }
  // Only a model given by name gets the SDK's default settings (a Model object keeps its own).
  const named = m.value.kind === 'default' || (m.value.kind === 'string' && !m.testDouble);
  const id = named ? String(m.value.kind === 'default' || m.value.kind === 'string' ? m.value.value : '') : '';
  const effort = SDK_EFFORT.find(([re]) => re.test(id))?.[1];
  return effort ? { effort, param: "the Agents SDK's default model settings for it (DEFAULT_REASONING_EFFORT_PATTERNS)" } : undefined;
}

/** Model classes: where their model id is, and the provider they bill. */
const MODEL_CLASSES = ['OpenAIChatCompletionsModel', 'OpenAIResponsesModel', 'OpenAIResponsesWSModel', 'OpenAIHostedMultiAgentModel', 'LitellmModel', 'AnyLLMModel', 'aisdk'];

interface AgentModel {
  value: Value | { kind: 'default'; value: string; reason: string };
  node?: Node;
  provider?: string;
  testDouble?: string;
  selfHosted?: string;
}

const languageOf = (ctx: PromptContext): 'python' | 'js' => (ctx.path.endsWith('.py') || ctx.path.endsWith('.ipynb') ? 'python' : 'js');

/** `litellm/anthropic/claude-…` → provider anthropic; `openai/gpt-4o` → openai (the SDK's MultiProvider prefixes). */
function prefixed(v: Value): { value: Value; provider?: string } {
  const first = stringOptions(v)[0]?.value;
  if (!first) return { value: v };
  const strip = (s: string): { id: string; provider?: string } => {
    const m = /^(litellm|any-llm|openai)\/(.+)$/.exec(s);
    if (!m) return { id: s };
    if (m[1] === 'openai') return { id: m[2], provider: 'openai' };
    // LiteLLM ids name their provider first: `anthropic/claude-…`.
    const rest = m[2];
    const at = rest.indexOf('/');
    return at > 0 ? { id: rest.slice(at + 1), provider: rest.slice(0, at) } : { id: rest };
  };
  const map = (o: Value): Value => (o.kind === 'string' ? { ...o, value: strip(o.value).id } : o);
  return { value: v.kind === 'union' ? { ...v, options: v.options.map(map) } : map(v), provider: strip(first).provider };
}

/** A LiteLLM model id (`openrouter/openai/gpt-4o`): the provider it names, the rest as the id. */
function litellmId(v: Value): { value: Value; provider?: string } {
  const first = stringOptions(v)[0]?.value;
  if (!first || !first.includes('/')) return { value: v };
  const at = first.indexOf('/');
  const map = (o: Value): Value => (o.kind === 'string' && o.value.includes('/') ? { ...o, value: o.value.slice(o.value.indexOf('/') + 1) } : o);
  return { value: v.kind === 'union' ? { ...v, options: v.options.map(map) } : map(v), provider: first.slice(0, at) };
}

/** An OpenAI client pointed at this machine (`AsyncOpenAI(base_url="http://localhost:11434/v1")`). */
function localClient(client: Node | undefined, ctx: PromptContext): string | undefined {
  if (!client) return undefined;
  const v = single(resolveValue(client, { ...ctx, callers: true }));
  if (v.kind !== 'call') return undefined;
  const a = valueArgs(v, ctx);
  const base = a ? argValue(a, ['base_url', 'baseURL']) : undefined;
  const url = base ? stringOptions(resolveValue(base, { ...inArgs(a, ctx), callers: true }))[0]?.value : undefined;
  return url && /\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])\b/.test(url) ? `an OpenAI-compatible server on this machine (${url})` : undefined;
}

/** A model expression of the SDK: a name, a prefixed name, a model object, a test double. */
export function agentsModel(node: Node, ctx: PromptContext): AgentModel {
  const v = resolveValue(node, { ...ctx, callers: true });
  if (stringOptions(v).length) return { ...prefixed(v), node };
  const one = single(v);
  if (one.kind !== 'call' && !one.node) return { value: v, node };
  // The expression as written first: `aisdk(openai('…'))` is the SDK's factory even where the
  // workspace holds its source (the value followed into it is its internal class).
  const direct = classifyReceiver(node, { ...ctx, callers: true });
  const c = { ...ctx, ...ctxOf(one, ctx) };
  const r = direct.type === 'framework' && direct.framework === AGENTS_SDK ? direct : one.node ? classifyReceiver(one.node, c) : undefined;
  if (r?.type !== 'framework' || r.framework !== AGENTS_SDK) {
    // `OpenAIProvider().get_model("gpt-4o")`, `provider.getModel('gpt-4o')`.
    if (one.kind === 'call' && /(^|\.)(get_model|getModel)$/.test(one.callee)) {
      const a = valueArgs(one, c);
      const id = a?.positional[0] ?? (a ? argValue(a, ['model_name']) : undefined);
      if (id) return { ...prefixed(resolveValue(id, { ...inArgs(a, c), callers: true })), node: id };
    }
    return { value: one, node };
  }
  const a = { ...inArgs(r.args, c), callers: true };
  if (r.kind === 'test-double') return { value: { kind: 'unknown', reason: 'a test double' }, node, testDouble: r.ctor };
  if (r.kind !== 'model') return { value: one, node };
  if (r.ctor === 'aisdk') {
    const inner = r.args.positional[0];
    const m = inner ? aiModel(inner, a) : undefined;
    return m ? { value: m.value, node: m.node, provider: m.provider, testDouble: m.testDouble, selfHosted: m.selfHosted } : { value: one, node };
  }
  // Python takes `model=`; JS `(client, model)`: the first positional that is a string.
  let idNode = argValue(r.args, ['model', 'model_name']);
  if (!idNode) idNode = r.args.positional.find((p) => stringOptions(resolveValue(p, a)).length > 0);
  if (!idNode) return { value: { kind: 'unknown', reason: `${r.ctor} without a model id` }, node };
  const id = resolveValue(idNode, a);
  if (r.ctor === 'LitellmModel' || r.ctor === 'AnyLLMModel') return { ...litellmId(id), node: idNode };
  const selfHosted = localClient(argValue(r.args, ['openai_client', 'client']) ?? r.args.positional.find((p) => p !== idNode), a);
  return { value: id, node: idNode, provider: 'openai', ...(selfHosted ? { selfHosted } : {}) };
}

/** A module of the SDK (`agents`, `agents.run`, `@openai/agents`, `@openai/agents/realtime`). */
function fromSdk(module: string | undefined): boolean {
  return module !== undefined && MODULES.some((m) => module === m || module.startsWith(`${m}/`) || module.startsWith(`${m}.`));
}

function isAgent(r: Receiver | undefined): r is FrameworkObject {
  return r?.type === 'framework' && r.framework === AGENTS_SDK && r.kind === 'agent';
}

const ENV_IN_CODE = /(?:os\.environ\[\s*["']OPENAI_DEFAULT_MODEL["']\s*\]\s*=|os\.environ\.setdefault\(\s*["']OPENAI_DEFAULT_MODEL["']\s*,|process\.env\.OPENAI_DEFAULT_MODEL\s*(?:\?\?)?=)\s*["']([\w.:/-]+)["']/;
// Blanks, not \s: with /m a \s at the line start would also eat newlines (quadratic on many blank lines).
const ENV_IN_FILE = /^[ \t]*(?:export[ \t]+)?OPENAI_DEFAULT_MODEL[ \t]*=[ \t]*["']?([\w.:/-]+)/m;

/** `OPENAI_DEFAULT_MODEL`, which replaces the SDK's default, set in this file or a `.env` above it. */
function envDefault(ctx: PromptContext): { value: string; where: string } | undefined {
  const inCode = ENV_IN_CODE.exec(ctx.scope.root.text);
  if (inCode) return { value: inCode[1].toLowerCase(), where: ctx.path };
  if (!ctx.program) return undefined;
  const parts = ctx.path.split('/').slice(0, -1);
  for (let i = parts.length; i >= 0; i--) {
    const rel = [...parts.slice(0, i), '.env'].join('/');
    const m = ENV_IN_FILE.exec(ctx.program.read(rel) ?? '');
    if (m) return { value: m[1].toLowerCase(), where: rel };
  }
  return undefined;
}

/** The SDK's default model for this workspace (version from its lockfiles), or OPENAI_DEFAULT_MODEL where the workspace sets it. */
function defaultModel(ctx: PromptContext, sdk = AGENTS_SDK, what = 'Agents SDK default model'): AgentModel {
  const env = sdk === AGENTS_SDK ? envDefault(ctx) : undefined;
  if (env) return { value: { kind: 'default', value: env.value, reason: `OPENAI_DEFAULT_MODEL set in ${env.where} (it replaces the Agents SDK default model)` }, provider: 'openai' };
  const d = sdkDefault(sdk, 'model', ctx, what, languageOf(ctx));
  const value = String(d?.value ?? 'gpt-5.6-luna');
  return { value: { kind: 'default', value, reason: `${d?.reason ?? `the ${what}`}${sdk === AGENTS_SDK ? '; OPENAI_DEFAULT_MODEL, when set in the environment, replaces it' : ''}` }, provider: 'openai' };
}

/** The model settings object among an agent's, a RunConfig's or a Runner's arguments. */
function settingsOf(args: Args | undefined, names: string[], ctx: PromptContext): Args | undefined {
  const s = args ? argValue(args, names) : undefined;
  const sv = s ? single(resolveValue(s, inArgs(args, ctx))) : undefined;
  return sv ? valueArgs(sv, inArgs(args, ctx)) : undefined;
}

function runOptions(a: Args): Args {
  // JS: run(agent, input, { maxTurns, stream, context }); Python: keyword arguments.
  const third = a.positional[2] ? unwrap(a.positional[2]) : undefined;
  return third?.type === 'object' ? objectArgs(third) : a;
}

/** The agent a run is given: followed through names, factories and (callers followed) parameters. */
function findAgent(node: Node, ctx: PromptContext): FrameworkObject | undefined {
  // Callers followed: an agent made by a factory from a parameter (`build_agent(model)` in `main(model)`).
  const c = { ...ctx, callers: true };
  const r = classifyReceiver(node, c);
  if (isAgent(r)) return r;
  // A name assigned more than once (`current_agent = result.last_agent` in a loop): any option that is an agent.
  const v = resolveValue(node, c);
  for (const o of v.kind === 'union' ? v.options : [v]) {
    if (!o.node || o.kind === 'string' || o.kind === 'number' || o.kind === 'unknown') continue;
    const ro = classifyReceiver(o.node, { ...c, ...ctxOf(o, c) });
    if (isAgent(ro)) return ro;
  }
  return undefined;
}

/**
 * A run of an agent. `sdkRunner`: the runner is certainly the SDK's (imported from it), so a run
 * whose agent cannot be followed is still a call site, with its model unknown.
 */
function agentRun(info: CallInfo, ctx: PromptContext, runner: FrameworkObject | undefined, sdkRunner: boolean): DetectedCall | undefined {
  const a = callArgsOf(info.call, ctx);
  const agentNode = a.positional[0] ?? a.named.get('starting_agent') ?? a.named.get('agent');
  const found = agentNode ? findAgent(agentNode, ctx) : undefined;
  if (!found && !(sdkRunner && agentNode)) return undefined;
  const none: Args = { positional: [], named: new Map(), spread: false };
  const agent = found ?? { args: none };
  const b = info.build;
  const opts = runOptions(a);
  const ac = inArgs(agent.args, ctx);
  const agentModelNode = argValue(agent.args, ['model']);
  // Python: RunConfig(model=…) overrides every agent's model; JS: the Runner's model applies to agents without one.
  const runConfig = argValue(opts, ['run_config']);
  const rc = runConfig ? valueArgs(single(resolveValue(runConfig, ctx)), ctx) : undefined;
  const rcModel = rc ? argValue(rc, ['model']) : undefined;
  const runnerModel = runner ? argValue(runner.args, ['model']) : undefined;
  let m: AgentModel;
  if (rcModel) m = agentsModel(rcModel, inArgs(rc, ctx));
  else if (agentModelNode) m = agentsModel(agentModelNode, ac);
  else if (!found) m = { value: { kind: 'unknown', reason: `the agent \`${unwrap(agentNode!).text.slice(0, 40)}\` could not be followed to the Agent(…) that makes it` } };
  else if (runnerModel) m = agentsModel(runnerModel, inArgs(runner!.args, ctx));
  else if (argValue(agent.args, ['prompt'])) m = { value: { kind: 'unknown', reason: 'the agent names no model and uses a stored prompt: the prompt decides the model' } };
  else m = defaultModel(ctx);
  addText(b, argValue(agent.args, ['instructions']), 'system', 0, ac);
  const input = a.positional[1] ?? a.named.get('input');
  if (input) {
    const iv = single(resolveValue(input, ctx));
    if (iv.kind === 'list') addMessages(b, input, ctx);
    else addText(b, input, 'user', nextIndex(b), ctx);
  }
  const tools = argValue(agent.args, ['tools']);
  const handoffs = argValue(agent.args, ['handoffs']);
  const mcp = argValue(agent.args, ['mcp_servers', 'mcpServers']);
  const acting = tools ?? handoffs ?? mcp;
  if (acting) {
    // Tool results, handoffs and prior turns come back in every turn: the history grows.
    addStepsSoFar(b, 'turns so far (tool calls and results)');
    b.historyGrows = true;
  }
  const mt = opts.named.get('max_turns') ?? opts.named.get('maxTurns');
  const mv = mt ? single(resolveValue(mt, { ...ctx, callers: true })) : undefined;
  let maxTurns: DetectedCall['maxTurns'];
  // The bound is a cap: an agent without tools, handoffs or MCP servers (no `tools` param) is
  // expected to answer in one request (extract.ts).
  if (mv?.kind === 'number') maxTurns = { value: mv.value, param: opts.named.has('max_turns') ? 'max_turns' : 'maxTurns', isDefault: false };
  else {
    const d = sdkDefault(AGENTS_SDK, 'maxTurns', ctx, 'Agents SDK default max_turns', languageOf(ctx));
    const n = typeof d?.value === 'number' ? d.value : 10;
    maxTurns = { value: n, param: 'max_turns', isDefault: true, reason: `up to ${n} turns (${d?.reason ?? 'the Agents SDK default max_turns'})` };
  }
  // The SDK merges model settings field by field: Python's RunConfig.model_settings override the
  // agent's (ModelSettings.resolve); JS's agent settings override the Runner's (mergeModelSettings).
  const labelled = (args: Args | undefined, label: string) => (args ? { args, label } : undefined);
  const agentSettings = labelled(settingsOf(agent.args, ['model_settings', 'modelSettings'], ctx), languageOf(ctx) === 'python' ? 'model_settings' : 'modelSettings');
  const settings = [labelled(settingsOf(rc, ['model_settings'], ctx), 'run_config.model_settings'), agentSettings, labelled(settingsOf(runner?.args, ['modelSettings'], ctx), 'runner modelSettings')];
  const cap = settings.reduce<DetectedCall['outputCap']>((found, sa) => found ?? (sa ? capOf(sa.args, ctx) : undefined), undefined);
  const reasoning = runReasoning(settings, m, ctx);
  return {
    provider: providerFor(m.provider ?? 'openai', m.value),
    api: `agents.${info.method}`,
    sdk: AGENTS_SDK,
    operation: 'agent-run',
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model: m.value,
    build: b,
    outputCap: cap,
    ...(reasoning ? { reasoning } : {}),
    // Handoffs and MCP servers are tools to the model: each can take a turn.
    params: { ...paramsOf(agent.args, ctx), ...(acting ? { tools: unwrap(acting).text.slice(0, 80) } : {}), ...(handoffs ? { handoffs: unwrap(handoffs).text.slice(0, 80) } : {}) },
    maxTurns,
  };
}

/** A realtime session: `new RealtimeSession(agent, { model }).connect()`, `RealtimeRunner(agent).run(model_config=…)`. */
function realtime(info: CallInfo, ctx: PromptContext, holder: FrameworkObject): DetectedCall | undefined {
  const b = info.build;
  const hc = inArgs(holder.args, ctx);
  const agentNode = holder.args.positional[0] ?? argValue(holder.args, ['starting_agent', 'agent']);
  const agent = agentNode ? classifyReceiver(agentNode, hc) : undefined;
  if (agent?.type === 'framework' && agent.framework === AGENTS_SDK) addText(b, argValue(agent.args, ['instructions']), 'system', 0, inArgs(agent.args, ctx));
  b.parts.push({ role: 'user', message: nextIndex(b), source: 'unknown', text: '', dynamic: { kind: 'user-data', name: 'the conversation (audio)', volatile: true } });
  // Where a model can be named: the session options' `model`, the runner's `config.model_settings`,
  // the run's `model_config.initial_model_settings`.
  const dictAt = (n: Node | undefined, c: PromptContext): Args | undefined => (n ? valueArgs(single(resolveValue(n, c)), c) : undefined);
  const options = holder.args.positional[1] ? dictAt(holder.args.positional[1], hc) : holder.args;
  // The SIP transport attaches to a call accepted with `openai.realtime.calls.accept`: that is the session billed.
  const transport = options ? argValue(options, ['transport']) : undefined;
  if (transport && /RealtimeSIP\b/.test(transport.text)) return undefined;
  let modelNode = options ? argValue(options, ['model']) : undefined;
  let mc: PromptContext = options ? inArgs(options, hc) : hc;
  const nested = (args: Args | undefined, path: string[], c: PromptContext) => {
    let cur = args;
    for (const p of path.slice(0, -1)) cur = cur ? dictAt(argValue(cur, [p]), inArgs(cur, c)) : undefined;
    const n = cur ? argValue(cur, [path[path.length - 1]]) : undefined;
    return n ? { node: n, ctx: inArgs(cur, c) } : undefined;
  };
  const found = modelNode ? undefined : nested(holder.args, ['config', 'model_settings', 'model_name'], hc) ?? nested(callArgsOf(info.call, ctx), ['model_config', 'initial_model_settings', 'model_name'], ctx);
  if (found) {
    modelNode = found.node;
    mc = found.ctx;
  }
  const m: AgentModel = modelNode ? { value: resolveValue(modelNode, { ...mc, callers: true }), node: modelNode } : defaultModel(ctx, REALTIME, 'Agents SDK default realtime model');
  return {
    provider: providerFor('openai', m.value),
    api: `agents.realtime.${info.method}`,
    sdk: AGENTS_SDK,
    operation: 'audio',
    modelNode: m.node,
    model: m.value,
    build: b,
    params: {},
  };
}

/**
 * A model of the SDK called directly, outside any run: `OpenAIProvider().get_model(name).get_response(…)`
 * / `.stream_response(…)` (or a model class's), one request with the instructions and input given.
 */
function modelCall(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  if (info.callee.type !== 'attribute' && info.callee.type !== 'member_expression') return undefined;
  // Inside a model class of the workspace (`class RecordingModel(Model)` delegating to a real one), the
  // run that uses the class is the site: its delegation is not another request.
  for (let p = info.call.parent; p; p = p.parent) {
    if ((p.type === 'class_definition' || p.type === 'class_declaration') && /\bModel\b/.test((p.childForFieldName('superclasses') ?? p.children.find((k) => k?.type === 'class_heritage'))?.text ?? '')) return undefined;
  }
  const obj = info.callee.childForFieldName('object');
  if (!obj) return undefined;
  const one = single(resolveValue(obj, { ...ctx, callers: true }));
  if (one.kind !== 'call') return undefined;
  // The provider's `get_model` (a provider of the SDK) or a model class of the SDK.
  const providerCall = /(^|\.)(get_model|getModel)$/.test(one.callee) ? calleeOf(unwrap(one.node))?.childForFieldName('object') ?? undefined : undefined;
  const providerValue = providerCall ? single(resolveValue(providerCall, { ...ctxOf(one, ctx), callers: true })) : undefined;
  const sdkProvider = providerValue?.kind === 'call' && /(^|\.)(OpenAIProvider|MultiProvider)$/.test(providerValue.callee);
  const r = sdkProvider ? undefined : classifyReceiver(obj, ctx);
  if (!sdkProvider && !(r?.type === 'framework' && r.framework === AGENTS_SDK && r.kind === 'model')) return undefined;
  const m = agentsModel(obj, ctx);
  const a = optionsArgs(info.call, ctx);
  const b = info.build;
  const system = argValue(a, ['system_instructions', 'systemInstructions']);
  if (system) addText(b, system, 'system', 0, ctx);
  const input = argValue(a, ['input']);
  if (input) addText(b, input, 'user', nextIndex(b), ctx);
  // The model settings given to the call (`model_settings=ModelSettings(reasoning=Reasoning(effort="high"))`).
  const settingsNode = argValue(a, ['model_settings', 'modelSettings']);
  const sv = settingsNode ? single(resolveValue(settingsNode, ctx)) : undefined;
  const settings = sv ? valueArgs(sv, ctx) : undefined;
  // Only what the call states: the SDK's default settings for a model name are the Agent's, not the model's.
  const reasoning = settings ? settingsReasoning(settings, ctx, languageOf(ctx) === 'python' ? 'model_settings' : 'modelSettings') : undefined;
  const cap = settings ? capOf(settings, ctx) : undefined;
  return {
    provider: m.provider ?? providerFor('openai', m.value),
    api: `agents.model.${info.method}`,
    ...(reasoning ? { reasoning } : {}),
    ...(cap ? { outputCap: cap } : {}),
    sdk: AGENTS_SDK,
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model: m.value,
    build: b,
    params: {},
  };
}

export const openaiAgents: Framework = {
  id: AGENTS_SDK,
  callNames: ['run', 'runSync', 'run_sync', 'run_streamed', 'connect', 'get_response', 'stream_response', 'getResponse', 'getStreamedResponse', 'run_compaction', 'runCompaction'],
  objects: [
    { kind: 'agent', names: ['Agent', 'SandboxAgent', 'Agent.create'], modules: [...MODULES, ''] },
    // `async with responses_websocket_session() as ws:` runs agents as a Runner does, over one websocket.
    { kind: 'runner', names: ['Runner', 'responses_websocket_session'], modules: MODULES },
    { kind: 'realtime-agent', names: ['RealtimeAgent'], modules: MODULES },
    { kind: 'realtime-session', names: ['RealtimeSession'], modules: MODULES },
    { kind: 'realtime-runner', names: ['RealtimeRunner'], modules: MODULES },
    { kind: 'compaction-session', names: ['OpenAIResponsesCompactionSession'], modules: MODULES },
    { kind: 'model', names: MODEL_CLASSES, modules: MODULES },
    { kind: 'test-double', names: ['FakeModel', 'ScriptedModel'], modules: [...MODULES, 'tests.fake_model', '.fake_model'] },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (!info.members.length) {
      // JS `run(agent, input, { maxTurns })` imported from the SDK.
      const imp = info.chain.root.type === 'identifier' ? info.importOf(info.chain.root.text) : undefined;
      if ((info.method === 'run' || info.method === 'runSync') && fromSdk(imp?.module)) return agentRun(info, ctx, undefined, true);
      return undefined;
    }
    if (['get_response', 'stream_response', 'getResponse', 'getStreamedResponse'].includes(info.method)) return modelCall(info, ctx);
    const r = info.receiver();
    // `Runner.run(…)`: the class itself (imported, or named so where the import is not seen).
    const bare = r.type === 'runner' || (r.type === 'unknown' && info.members.length === 1 && info.chain.root.type === 'identifier' && info.chain.root.text === 'Runner');
    if (bare && ['run', 'run_sync', 'run_streamed'].includes(info.method)) return agentRun(info, ctx, undefined, fromSdk(info.importOf('Runner')?.module));
    if (r.type !== 'framework' || r.framework !== AGENTS_SDK) return undefined;
    if (r.kind === 'runner' && ['run', 'run_sync', 'run_streamed', 'runSync'].includes(info.method)) return agentRun(info, ctx, r, true);
    if ((r.kind === 'realtime-session' && info.method === 'connect') || (r.kind === 'realtime-runner' && info.method === 'run')) return realtime(info, ctx, r);
    if (r.kind === 'compaction-session' && (info.method === 'run_compaction' || info.method === 'runCompaction')) return compaction(info, ctx, r);
    return undefined;
  },
};

/**
 * `session.run_compaction(…)` of an `OpenAIResponsesCompactionSession`: a `responses.compact`
 * request that summarises the stored conversation, on the session's model.
 */
function compaction(info: CallInfo, ctx: PromptContext, session: FrameworkObject): DetectedCall {
  const m = argValue(session.args, ['model']);
  const value: Value = m ? resolveValue(m, { ...inArgs(session.args, ctx), callers: true }) : { kind: 'unknown', reason: 'the compaction session names no model (its own default applies)' };
  info.build.parts.push({ role: 'user', message: 0, source: 'unknown', text: '', dynamic: { kind: 'history', name: 'the stored conversation, compacted', volatile: true } });
  return { provider: providerFor('openai', value), api: 'responses.compact', sdk: AGENTS_SDK, modelNode: m, model: value, build: info.build, params: {} };
}
