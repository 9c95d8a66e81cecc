// crewAI: `Crew(agents=…, tasks=…).kickoff / kickoff_async / kickoff_for_each[_async]`, `crew.train /
// replay / test`, `Task.execute / execute_sync`, `Agent(...).kickoff`. A crew is found where it is
// made: `Crew(...)` itself, or the `@crew` method of a `@CrewBase` class (`MyCrew().crew()`), whose
// `self.agents` / `self.tasks` are its `@agent` / `@task` methods, with their role, goal, backstory,
// description and expected output (and an agent's `llm:`) read from `config/agents.yaml` and
// `config/tasks.yaml`. Each agent's model is its `llm=` (a model id, `LLM(model=…)`, a LangChain chat
// model, an Ollama model: self-hosted) or crewAI's default model for the version in the lockfile
// (`OPENAI_MODEL_NAME` / `MODEL` set in the file override it); a run makes up to `max_iter` requests
// per task (crewAI's default when unset). Flow steps need nothing of their own: the crews they kick
// off are the call sites, `Flow.kickoff` orchestrates them and is none.
import type { Node } from '@vscode/tree-sitter-wasm';
import { parse as parseYaml } from 'yaml';
import type { PromptPart } from '../../../model';
import { Args, argsOf, calleeOf, enclosingClass, field, kids, memberChain, stringValue, unwrap } from '../ast';
import { addStepsSoFar, capOf, DetectedCall, inArgs, nextIndex, optionsArgs, providerFor } from '../callKit';
import { addText, PromptBuild, PromptContext } from '../prompts';
import { argValue, classifyReceiver, Receiver } from '../receivers';
import { dirOf, normalizePath } from '../../../program/resolve';
import { callableOf, classField, classLineage, ctxOf, enterCall, resolveValue, returnExpressions, single, stringOptions, Value, ValueContext } from '../values';
import { addDefaults, sdkDefault, VersionHint } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { parseLiteLlmId } from './modelIds';

const MODULES = ['crewai'];
const PYPI = { pypi: 'crewai' };

// Read from crewAI's own source at each release tag (github.com/crewAIInc/crewAI).
addDefaults([
  { sdk: 'crewai', packages: PYPI, key: 'model', versions: '>=1.2.0', value: 'gpt-4.1-mini', source: 'lib/crewai/src/crewai/cli/constants.py:325 DEFAULT_LLM_MODEL = "gpt-4.1-mini" (crewai 1.2.0; lib/crewai/src/crewai/constants.py since), used by utilities/llm_utils.py when an agent has no llm and MODEL / OPENAI_MODEL_NAME are unset', asOf: '2026-12-06' },
  { sdk: 'crewai', packages: PYPI, key: 'model', versions: '>=0.63.0 <1.2.0', value: 'gpt-4o-mini', source: 'src/crewai/agent.py `or "gpt-4o-mini"` (crewai 0.63.0), src/crewai/cli/constants.py:257 DEFAULT_LLM_MODEL = "gpt-4o-mini" (0.98.0–1.1.0)', asOf: '2026-12-06' },
  { sdk: 'crewai', packages: PYPI, key: 'model', versions: '>=0.32.0 <0.63.0', value: 'gpt-4o', source: 'src/crewai/agent.py os.environ.get("OPENAI_MODEL_NAME", "gpt-4o") (crewai 0.32.0–0.61.0)', asOf: '2026-12-06' },
  { sdk: 'crewai', packages: PYPI, key: 'model', versions: '<0.32.0', value: 'gpt-4', source: 'src/crewai/agent.py ChatOpenAI(model=os.environ.get("OPENAI_MODEL_NAME", "gpt-4")) (crewai 0.11.0–0.30.11)', asOf: '2026-12-06' },
  { sdk: 'crewai', packages: PYPI, key: 'maxTurns', versions: '>=0.102.0', value: 25, source: 'src/crewai/agents/agent_builder/base_agent.py max_iter: int = Field(default=25) (crewai 0.102.0; lib/crewai/… since 1.0)', asOf: '2026-12-06' },
  { sdk: 'crewai', packages: PYPI, key: 'maxTurns', versions: '>=0.64.0 <0.102.0', value: 20, source: 'src/crewai/agent.py max_iter: int = Field(default=20) (crewai 0.64.0–0.100.0)', asOf: '2026-12-06' },
  { sdk: 'crewai', packages: PYPI, key: 'maxTurns', versions: '>=0.60.0 <0.64.0', value: 15, source: 'src/crewai/agent.py max_iter: Optional[int] = Field(default=15) (crewai 0.60.0–0.63.6)', asOf: '2026-12-06' },
  { sdk: 'crewai', packages: PYPI, key: 'maxTurns', versions: '>=0.28.0 <0.60.0', value: 25, source: 'src/crewai/agent.py (0.28–0.36), agents/agent_builder/base_agent.py (0.41–0.55) max_iter default=25', asOf: '2026-12-06' },
  { sdk: 'crewai', packages: PYPI, key: 'maxTurns', versions: '<0.28.0', value: 15, source: 'src/crewai/agent.py max_iter default=15 (crewai 0.1–0.27)', asOf: '2026-12-06' },
]);

/**
 * APIs that date the crewAI a project was written for, when it declares no version: `task.execute()`
 * became `execute_sync` / `execute_async` in 0.41.0 (src/crewai/task.py at v0.36.0 and v0.41.0).
 */
const DATED_TASK_METHODS: Record<string, VersionHint> = {
  execute: { versions: '<0.41.0', reason: 'the code calls Task.execute(), which crewAI has only before 0.41.0 (src/crewai/task.py; execute_sync / execute_async since)' },
};

const hints = new WeakMap<object, VersionHint | null>();

/** What the file's own crewAI calls say of the version it was written for (see DATED_TASK_METHODS). */
function versionHint(ctx: PromptContext): VersionHint | undefined {
  const known = hints.get(ctx.scope);
  if (known !== undefined) return known ?? undefined;
  let found: VersionHint | null = null;
  for (const call of ctx.scope.calls) {
    const callee = calleeOf(call);
    if (!callee || unwrap(callee).type !== 'attribute') continue;
    const chain = memberChain(unwrap(callee));
    const hint = Object.prototype.hasOwnProperty.call(DATED_TASK_METHODS, chain.members[chain.members.length - 1]) ? DATED_TASK_METHODS[chain.members[chain.members.length - 1]] : undefined;
    if (!hint || !crewaiObject(classifyReceiver(field(unwrap(callee), 'object'), ctx), 'task')) continue;
    found = hint;
    break;
  }
  hints.set(ctx.scope, found);
  return found ?? undefined;
}

/** Ollama models through LangChain (crewAI examples use them as an agent's llm): served by the user. */
const OLLAMA_CLASSES = new Set(['Ollama', 'OllamaLLM', 'ChatOllama']);
/** LangChain / LlamaIndex model classes' model arguments. */
const MODEL_ARGS = ['model', 'model_name', 'modelName', 'deployment_name', 'azure_deployment', 'model_id'];

/** What an agent runs on. */
interface AgentModel {
  value: Value;
  provider?: string;
  selfHosted?: string;
  node?: Node;
  cap?: DetectedCall['outputCap'];
  /** crewAI's default model (the agent names none). */
  isDefault?: boolean;
}

/** An agent as the crew runs it: its arguments, with what its YAML config entry adds. */
interface AgentInfo {
  obj: FrameworkObject;
  ctx: PromptContext;
  yaml: YamlEntry;
}

interface YamlEntry {
  values: Record<string, unknown>;
  path?: string;
}

interface TaskInfo {
  obj: FrameworkObject;
  ctx: PromptContext;
  yaml: YamlEntry;
  agent?: AgentInfo;
}

// --- Reading config/agents.yaml and config/tasks.yaml -------------------------------------------

const yamlCache = new WeakMap<object, Map<string, Record<string, unknown> | null>>();
const noProgram = {};

/** A workspace file's text: through the program (which records the dependency), else the file reader. */
function readText(ctx: PromptContext, rel: string): string | undefined {
  if (ctx.program) return ctx.program.read(rel);
  const r = ctx.readFile?.('', rel);
  return r && r.parts.length === 1 && r.parts[0].source === 'file' ? r.parts[0].text : undefined;
}

function readYaml(ctx: PromptContext, rel: string): Record<string, unknown> | undefined {
  const key = (ctx.program as object | undefined) ?? noProgram;
  let cache = yamlCache.get(key);
  if (!cache) yamlCache.set(key, (cache = new Map()));
  if (!cache.has(rel)) {
    const text = readText(ctx, rel);
    let doc: unknown;
    try {
      doc = text === undefined ? undefined : parseYaml(text);
    } catch {
      doc = undefined;
    }
    cache.set(rel, doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null);
    // Without a program the cache cannot know when the file changes: keep nothing.
    if (key === noProgram) yamlCache.delete(key);
  }
  return cache.get(rel) ?? undefined;
}

/**
 * `self.agents_config['researcher']` in a `@CrewBase` class: the entry of the YAML file the class's
 * `agents_config` names (crewAI's default `config/agents.yaml`), relative to the class's file.
 */
function configEntry(node: Node | undefined, ctx: PromptContext, kind: 'agents' | 'tasks'): YamlEntry {
  if (!node) return { values: {} };
  const n = unwrap(node);
  if (n.type !== 'subscript') return { values: {} };
  const base = field(n, 'value');
  const idx = field(n, 'subscript');
  const key = idx ? single(resolveValue(idx, ctx)) : undefined;
  if (!base || key?.kind !== 'string') return { values: {} };
  const chain = memberChain(base);
  if (!(chain.root.type === 'identifier' && chain.root.text === 'self' && chain.members.length === 1)) return { values: {} };
  const cls = ctx.selfClass ?? (enclosingClass(n) ? { node: enclosingClass(n)!, ctx } : undefined);
  if (!cls) return { values: {} };
  const f = classField(cls.node, chain.members[0], cls.ctx);
  const fv = f ? single(resolveValue(f.node, f.ctx)) : undefined;
  const rel = fv?.kind === 'string' ? fv.value : `config/${kind}.yaml`;
  const fileCtx = f?.ctx ?? cls.ctx;
  const path = normalizePath(`${dirOf(fileCtx.path)}/${rel}`);
  const doc = readYaml(ctx, path);
  const entry = doc?.[key.value];
  return entry && typeof entry === 'object' ? { values: entry as Record<string, unknown>, path } : { values: {}, path };
}

// --- Crews, agents and tasks ----------------------------------------------------------------------

function crewaiObject(r: Receiver, kind: string): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'crewai' && r.kind === kind ? r : undefined;
}

interface Members {
  found: { obj: FrameworkObject; ctx: PromptContext }[];
  /** Items that could not be read (`researcher` unpacked from a helper's tuple), as written. */
  unread: string[];
}

/** The objects a list argument holds (`agents=[a, b]`), or a `@CrewBase` class's decorated methods (`self.agents`). */
function members(args: Args, name: 'agents' | 'tasks', ctx: PromptContext): Members {
  const node = argValue(args, [name]);
  if (!node) return { found: [], unread: [] };
  const c = inArgs(args, ctx);
  const n = unwrap(node);
  const chain = n.type === 'attribute' ? memberChain(n) : undefined;
  if (chain && chain.root.type === 'identifier' && chain.root.text === 'self' && chain.members.length === 1 && chain.members[0] === name) {
    const cls = c.selfClass ?? (enclosingClass(n) ? { node: enclosingClass(n)!, ctx: c } : undefined);
    return { found: cls ? decorated(cls, name === 'agents' ? 'agent' : 'task', name === 'agents' ? 'agent' : 'task', ctx) : [], unread: cls ? [] : [n.text] };
  }
  const v = resolveValue(n, c);
  if (v.kind !== 'list') return { found: [], unread: [n.text.slice(0, 40)] };
  const vc = ctxOf(v, c);
  const out: Members = { found: [], unread: [] };
  for (const item of v.items) {
    const r = crewaiObject(classifyReceiver(item, vc), name === 'agents' ? 'agent' : 'task');
    if (r) out.found.push({ obj: r, ctx: { ...ctx, ...(r.args.ctx ?? vc) } });
    else out.unread.push(item.text.slice(0, 40));
  }
  return out;
}

/** The `@agent` / `@task` methods of a `@CrewBase` class (and its bases), in order, as the objects they return. */
function decorated(cls: { node: Node; ctx: ValueContext }, decorator: string, kind: string, ctx: PromptContext): { obj: FrameworkObject; ctx: PromptContext }[] {
  const out: { obj: FrameworkObject; ctx: PromptContext }[] = [];
  for (const k of classLineage(cls.node, cls.ctx)) {
    const body = field(k.node, 'body');
    for (const s of body ? kids(body) : []) {
      if (s.type !== 'decorated_definition') continue;
      const names = kids(s)
        .filter((d) => d.type === 'decorator')
        .map((d) => d.text.replace(/^@\s*/, '').replace(/\(.*$/s, '').trim());
      if (!names.some((d) => d === decorator || d.endsWith(`.${decorator}`))) continue;
      const def = field(s, 'definition');
      if (!def) continue;
      const inner = { ...ctx, ...k.ctx, selfClass: { node: cls.node, ctx: cls.ctx } };
      for (const r of returnExpressions(def)) {
        const o = crewaiObject(classifyReceiver(r, inner), kind);
        if (o) {
          out.push({ obj: o, ctx: { ...ctx, ...(o.args.ctx ?? inner) } });
          break;
        }
      }
    }
  }
  return out;
}

function agentInfo(obj: FrameworkObject, ctx: PromptContext): AgentInfo {
  const c = inArgs(obj.args, ctx);
  return { obj, ctx: c, yaml: configEntry(argValue(obj.args, ['config']), c, 'agents') };
}

function taskInfo(obj: FrameworkObject, ctx: PromptContext, agents: AgentInfo[]): TaskInfo {
  const c = inArgs(obj.args, ctx);
  const yaml = configEntry(argValue(obj.args, ['config']), c, 'tasks');
  const agentNode = argValue(obj.args, ['agent']);
  let agent: AgentInfo | undefined;
  if (agentNode) {
    const a = crewaiObject(classifyReceiver(agentNode, c), 'agent');
    if (a) agent = agents.find((x) => x.obj.node.id === a.node.id && x.obj.node.tree === a.node.tree) ?? agentInfo(a, c);
  } else if (typeof yaml.values.agent === 'string') {
    // `agent: researcher` in tasks.yaml names the `@agent` method.
    agent = agents.find((x) => x.yaml.path && agentKey(x) === yaml.values.agent);
  }
  return { obj, ctx: c, yaml, agent };
}

/** The YAML key an agent was configured from (`researcher` in `self.agents_config['researcher']`). */
function agentKey(a: AgentInfo): string | undefined {
  const n = argValue(a.obj.args, ['config']);
  const u = n ? unwrap(n) : undefined;
  const idx = u?.type === 'subscript' ? field(u, 'subscript') : undefined;
  return idx ? stringValue(idx) : undefined;
}

// --- An agent's model -----------------------------------------------------------------------------

/** `os.environ["OPENAI_MODEL_NAME"] = "gpt-4o"` (or `MODEL`) in the file: crewAI's default model then. */
function envModel(ctx: PromptContext): { value: string; node: Node } | undefined {
  const text = ctx.scope.root.text;
  if (!text.includes('MODEL')) return undefined;
  const re = /os\.environ\[\s*["'](?:OPENAI_MODEL_NAME|MODEL|MODEL_NAME)["']\s*\]\s*=\s*["']([^"'\n]+)["']/g;
  let found: { value: string; node: Node } | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const node = ctx.scope.root.descendantForIndex(m.index, m.index + m[0].length);
    if (node) found = { value: m[1], node };
  }
  return found;
}

function fromModelId(v: Value, node: Node | undefined, base?: { provider?: string; selfHosted?: string }): AgentModel {
  const opts = stringOptions(v);
  if (!opts.length) return { value: v, node, ...base };
  const parsed = opts.map((o) => ({ o, p: parseLiteLlmId(o.value) }));
  const options: Value[] = parsed.map(({ o, p }) => ({ ...o, value: p.model }));
  const value: Value = options.length === 1 ? options[0] : { kind: 'union', options, node: v.node ?? node! };
  return { value, node, provider: base?.provider ?? parsed[0].p.provider, selfHosted: base?.selfHosted ?? parsed[0].p.selfHosted };
}

/**
 * A custom LLM of the workspace (`class NvidiaLLM(LLM)` / `(BaseLLM)`, crewAI's documented way to wrap
 * another client): the model id its `__init__` stores in `self.model`, read for the constructor's arguments.
 */
function customLlm(call: Value, ctx: PromptContext): AgentModel | undefined {
  if (call.kind !== 'call') return undefined;
  const n = unwrap(call.node);
  const callee = calleeOf(n);
  const c = ctxOf(call, ctx);
  const cls = callee ? callableOf(callee, c) : undefined;
  if (cls?.kind !== 'class' || !/\b(LLM|BaseLLM)\b/.test(field(cls.node, 'superclasses')?.text ?? '')) return undefined;
  const body = field(cls.node, 'body');
  const defs = body ? kids(body).map((k) => (k.type === 'decorated_definition' ? field(k, 'definition') ?? k : k)) : [];
  const init = defs.find((d) => d.type === 'function_definition' && field(d, 'name')?.text === '__init__');
  if (!init) return undefined;
  let stored: Node | undefined;
  const visit = (x: Node) => {
    if (stored) return;
    if (x.type === 'assignment' && field(x, 'left')?.text === 'self.model') stored = field(x, 'right') ?? undefined;
    else for (const k of kids(x)) if (k.type !== 'function_definition' && k.type !== 'class_definition') visit(k);
  };
  visit(field(init, 'body') ?? init);
  if (!stored) return undefined;
  const inner = enterCall({ kind: 'function', node: init, ctx: cls.ctx, bound: true }, n, c);
  return fromModelId(resolveValue(stored, { ...inner, callers: true }), stored);
}

/** The model an `llm=` value stands for: a model id, `LLM(model=…)`, a LangChain chat model, an Ollama model. */
function llmModel(node: Node, ctx: PromptContext): AgentModel {
  const v = resolveValue(node, { ...ctx, callers: true });
  if (stringOptions(v).length) return fromModelId(v, node);
  const r = classifyReceiver(node, ctx);
  const llm = crewaiObject(r, 'llm');
  if (llm) {
    const m = llm.args.positional[0] ?? argValue(llm.args, ['model']);
    const c = inArgs(llm.args, ctx);
    const mv = m ? resolveValue(m, { ...c, callers: true }) : ({ kind: 'unknown', reason: 'LLM() without a model' } as Value);
    const base = argValue(llm.args, ['base_url', 'api_base']);
    const bv = base ? single(resolveValue(base, c)) : undefined;
    const local = bv?.kind === 'string' && /localhost|127\.0\.0\.1|:11434/.test(bv.value) ? 'a local server (base_url)' : undefined;
    const parsed = fromModelId(mv, m, local ? { selfHosted: local } : undefined);
    return { ...parsed, cap: capOf(llm.args, ctx) };
  }
  if (r.type === 'chat-model') {
    const m = argValue(r.args, MODEL_ARGS);
    const mv = m ? resolveValue(m, { ...inArgs(r.args, ctx), callers: true }) : ({ kind: 'unknown', reason: `${r.ctor} without a model argument` } as Value);
    if (OLLAMA_CLASSES.has(r.ctor)) return { value: mv, node: m, selfHosted: 'Ollama' };
    return { value: mv, node: m, provider: r.provider === 'unknown' ? undefined : r.provider, cap: capOf(r.args, ctx) };
  }
  // `Ollama(model=…)` from langchain(_community).llms and other classes named after their server.
  const call = single(v);
  const custom = customLlm(call, ctx);
  if (custom) return custom;
  if (call.kind === 'call') {
    const callee = calleeOf(call.node);
    const name = callee ? memberChain(callee).members.slice(-1)[0] ?? callee.text : '';
    if (OLLAMA_CLASSES.has(name)) {
      const a = argsOf(call.node);
      const m = a.named.get('model') ?? a.positional[0];
      return { value: m ? resolveValue(m, { ...ctx, ...ctxOf(call, ctx), callers: true }) : { kind: 'unknown', reason: 'Ollama model not named' }, node: m, selfHosted: 'Ollama' };
    }
  }
  return { value: r.type === 'unknown' ? { kind: 'unknown', reason: `the agent's llm is ${r.reason}` } : { kind: 'unknown', reason: `the agent's llm (${unwrap(node).text.slice(0, 40)}) is not a model crewAI names` }, node };
}

/** An agent's model: its `llm=`, its YAML `llm:`, else crewAI's default (or the model the file sets in the environment). */
function agentModel(a: AgentInfo, ctx: PromptContext): AgentModel {
  const llm = argValue(a.obj.args, ['llm']);
  if (llm) return llmModel(llm, a.ctx);
  const y = a.yaml.values.llm;
  if (typeof y === 'string' && a.yaml.path) {
    const p = parseLiteLlmId(y);
    return { value: { kind: 'string', value: p.model, node: a.obj.node, via: `llm: ${y} in ${a.yaml.path}` }, provider: p.provider, selfHosted: p.selfHosted, node: a.obj.node };
  }
  return defaultModel(a.obj.node, ctx);
}

function defaultModel(at: Node, ctx: PromptContext): AgentModel {
  const env = envModel(ctx);
  if (env) {
    const p = parseLiteLlmId(env.value);
    return { value: { kind: 'string', value: p.model, node: env.node, via: 'model crewAI reads from OPENAI_MODEL_NAME / MODEL, set in this file' }, provider: p.provider, selfHosted: p.selfHosted, node: env.node };
  }
  const d = sdkDefault('crewai', 'model', ctx, "crewAI default model (the agent names no llm; OPENAI_MODEL_NAME or MODEL in the environment would override it)", undefined, versionHint(ctx));
  if (!d) return { value: { kind: 'unknown', reason: 'the agent names no llm' } };
  return { value: { kind: 'string', value: String(d.value), node: at, via: d.reason }, provider: 'openai', isDefault: true, node: undefined };
}

/** Several agents: their models as one set (each option saying where it comes from). */
function combine(models: AgentModel[]): AgentModel | undefined {
  if (!models.length) return undefined;
  if (models.length === 1) return models[0];
  const options: Value[] = [];
  const seen = new Set<string>();
  for (const m of models) {
    for (const o of m.value.kind === 'union' ? m.value.options : [m.value]) {
      const key = o.kind === 'string' ? `s:${o.value}` : `${o.kind}:${o.node?.startIndex ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      options.push(o);
    }
  }
  const strings = options.filter((o) => o.kind === 'string');
  const allSelf = models.every((m) => m.selfHosted);
  const first = models.find((m) => m.value.kind === 'string' || m.value.kind === 'union') ?? models[0];
  const value: Value = strings.length === 0 ? models[0].value : strings.length === 1 ? strings[0] : { kind: 'union', options: strings, node: strings[0].node! };
  return { value, provider: first.provider, selfHosted: allSelf ? models[0].selfHosted : undefined, node: first.node, cap: models.every((m) => m.cap) ? models.map((m) => m.cap!).sort((x, y) => y.tokens - x.tokens)[0] : undefined, isDefault: models.every((m) => m.isDefault) };
}

// --- Prompt, tools and loop bound -----------------------------------------------------------------

function yamlText(b: PromptBuild, entry: YamlEntry, keys: string[], role: 'system' | 'user', message: number): boolean {
  let added = false;
  for (const k of keys) {
    const t = entry.values[k];
    if (typeof t !== 'string' || !t.trim()) continue;
    const part: PromptPart = { role, message, source: 'file', text: t, ...(entry.path ? { path: entry.path } : {}) };
    b.parts.push(part);
    added = true;
  }
  return added;
}

/** One request of the run: the (first) task's agent as the system prompt, the task as the user message. */
function addPrompt(b: PromptBuild, agent: AgentInfo | undefined, task: TaskInfo | undefined): void {
  if (agent) {
    for (const k of ['role', 'goal', 'backstory']) {
      const n = argValue(agent.obj.args, [k]);
      if (n) addText(b, n, 'system', 0, agent.ctx);
      else yamlText(b, agent.yaml, [k], 'system', 0);
    }
  }
  if (task) {
    const m = nextIndex(b);
    for (const k of ['description', 'expected_output']) {
      const n = argValue(task.obj.args, [k]);
      if (n) addText(b, n, 'user', m, task.ctx);
      else yamlText(b, task.yaml, [k], 'user', m);
    }
  }
}

function hasTools(a: AgentInfo): boolean {
  const t = argValue(a.obj.args, ['tools']);
  if (t) {
    const v = resolveValue(t, a.ctx);
    return !(v.kind === 'list' && v.items.length === 0);
  }
  return Array.isArray(a.yaml.values.tools) && a.yaml.values.tools.length > 0;
}

interface IterBound {
  value: number;
  isDefault: boolean;
  /** `25 (crewAI Agent max_iter default, …)` */
  reason: string;
}

function maxIter(a: AgentInfo | undefined, ctx: PromptContext): IterBound {
  const n = a ? argValue(a.obj.args, ['max_iter']) : undefined;
  const v = n && a ? single(resolveValue(n, { ...a.ctx, callers: true })) : undefined;
  if (v?.kind === 'number') return { value: v.value, isDefault: false, reason: `max_iter=${v.value}` };
  const y = a?.yaml.values.max_iter;
  if (typeof y === 'number') return { value: y, isDefault: false, reason: `max_iter: ${y} in ${a!.yaml.path}` };
  const d = sdkDefault('crewai', 'maxTurns', ctx, 'crewAI Agent max_iter default', undefined, versionHint(ctx));
  return { value: Number(d?.value ?? 25), isDefault: true, reason: d?.reason ?? 'the crewAI Agent max_iter default' };
}

/** Runs the method makes: `kickoff_for_each(inputs=[…])` once per input, `train/test(n_iterations=N)` N times. */
function runsOf(info: CallInfo, ctx: PromptContext): { runs: number; why?: string } {
  const a = optionsArgs(info.call, ctx);
  if (info.method.startsWith('kickoff_for_each')) {
    const n = argValue(a, ['inputs']) ?? a.positional[0];
    const v = n ? resolveValue(n, ctx) : undefined;
    if (v?.kind === 'list') return { runs: Math.max(1, v.items.length), why: `once per input (${v.items.length} inputs)` };
    return { runs: 1, why: 'once per input (the number of inputs is not written in the code)' };
  }
  if (info.method === 'train' || info.method === 'test') {
    const n = argValue(a, ['n_iterations']) ?? a.positional[0];
    const v = n ? single(resolveValue(n, { ...ctx, callers: true })) : undefined;
    if (v?.kind === 'number' && v.value >= 1) return { runs: v.value, why: `${v.value} ${info.method === 'train' ? 'training' : 'test'} runs (n_iterations)` };
    return { runs: 1, why: `n_iterations ${info.method === 'train' ? 'training' : 'test'} runs (the number is not written in the code)` };
  }
  return { runs: 1 };
}

// --- The detector ---------------------------------------------------------------------------------

function result(info: CallInfo, ctx: PromptContext, agents: AgentInfo[], tasks: TaskInfo[], api: string, extraModels: AgentModel[] = [], unread: string[] = []): DetectedCall {
  const b = info.build;
  const first = tasks[0];
  const firstAgent = first?.agent ?? agents[0];
  addPrompt(b, firstAgent, first);
  const tools = agents.some(hasTools) || tasks.some((t) => t.agent && hasTools(t.agent));
  if (tasks.length > 1) b.parts.push({ role: 'user', message: nextIndex(b), source: 'unknown', text: '', dynamic: { kind: 'history', name: 'output of the earlier tasks (context)', volatile: true } });
  if (tools) {
    addStepsSoFar(b, 'iterations so far (tool calls and results)');
    b.historyGrows = true;
  }
  const used = tasks.length ? [...new Set(tasks.map((t) => t.agent).filter((a): a is AgentInfo => !!a))] : agents;
  const modelsOf = (used.length ? used : agents).map((a) => agentModel(a, ctx));
  // Agents that could not be read run on a model the code sets somewhere unseen: not the default.
  const fallback: AgentModel = unread.length ? { value: { kind: 'unknown', reason: `the crew's agents (${unread.join(', ')}) could not be read` } } : defaultModel(info.call, ctx);
  const m = combine([...(modelsOf.length ? modelsOf : [fallback]), ...extraModels])!;
  // Requests: up to max_iter per task (its agent's), per run.
  const perTask = (tasks.length ? tasks.map((t) => maxIter(t.agent ?? agents[0], ctx)) : [maxIter(firstAgent, ctx)]);
  const total = perTask.reduce((s, x) => s + x.value, 0);
  const runs = runsOf(info, ctx);
  const iterWhy = perTask.every((x) => x.reason === perTask[0].reason) ? `${perTask.length > 1 ? `${perTask.length} tasks × ` : ''}up to ${perTask[0].value} iterations (${perTask[0].reason})` : `${perTask.length} tasks, up to ${total} iterations in all (${perTask.map((x) => x.reason).join('; ')})`;
  const reason = `${iterWhy}${runs.why ? `; ${runs.why}` : ''}`;
  const model: DetectedCall['model'] = m.isDefault && m.value.kind === 'string' ? { kind: 'default', value: m.value.value, reason: m.value.via ?? "crewAI's default model" } : m.value;
  return {
    provider: providerFor(m.provider, model),
    api,
    sdk: 'crewai',
    operation: 'agent-run',
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model,
    build: b,
    outputCap: m.cap,
    params: { ...(tools ? { tools: 'agent tools' } : {}), ...(tasks.length ? { tasks: tasks.length } : {}), ...(agents.length ? { agents: agents.length } : {}) },
    // Each task is a run of its agent (and each kickoff runs them all): expectations per run.
    maxTurns: { value: total * runs.runs, param: 'max_iter', isDefault: perTask.some((x) => x.isDefault), reason, runs: { count: perTask.length * runs.runs, label: [perTask.length > 1 ? `${perTask.length} tasks` : '', runs.runs > 1 ? `${runs.runs} runs` : ''].filter(Boolean).join(' × ') } },
  };
}

/**
 * A RAG tool of crewai_tools (`RagTool`, `PDFSearchTool`, `WebsiteSearchTool`…) a class extends:
 * the import it comes from, through the workspace's own subclasses.
 */
function ragToolBase(cls: Node, ctx: PromptContext): string | undefined {
  for (const k of classLineage(cls, ctx)) {
    const bases = field(k.node, 'superclasses');
    for (const b of bases ? kids(bases) : []) {
      if (b.type !== 'identifier') continue;
      const imp = k.ctx.scope.lookup(b.text, b).imported;
      if (imp && (imp.module === 'crewai_tools' || imp.module.startsWith('crewai_tools.')) && /(RagTool|SearchTool)$/.test(imp.name)) return imp.name;
    }
  }
  return undefined;
}

/**
 * `super().add(…)` / `super()._run(query=…)` in a subclass of a crewai_tools RAG tool: the tool
 * embeds what is added, and embeds the query to search (with its embedder, OpenAI's unless the
 * tool's `config` names another).
 */
function ragToolCall(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  if (info.members.length !== 1 || !(info.method === 'add' || info.method === '_run')) return undefined;
  const root = unwrap(info.chain.root);
  if (root.type !== 'call' || calleeOf(root)?.text !== 'super') return undefined;
  const cls = enclosingClass(info.call);
  const base = cls ? ragToolBase(cls, ctx) : undefined;
  if (!base) return undefined;
  const args = optionsArgs(info.call, ctx);
  const input = info.method === '_run' ? argValue(args, ['query', 'search_query']) ?? args.positional[0] : args.positional[0];
  if (input) addText(info.build, input, 'user', 0, ctx);
  return {
    provider: 'unknown',
    api: `crewai_tools.${base}.${info.method === 'add' ? 'add' : 'query'}`,
    sdk: 'crewai',
    operation: 'embedding',
    model: { kind: 'unknown', reason: `the ${base}'s embedder is set in its config (not read here)` },
    build: info.build,
    params: {},
  };
}

export const crewai: Framework = {
  id: 'crewai',
  callNames: ['kickoff', 'kickoff_async', 'akickoff', 'kickoff_for_each', 'kickoff_for_each_async', 'train', 'replay', 'test', 'execute', 'execute_sync', 'execute_async', 'add', '_run'],
  objects: [
    { kind: 'crew', names: ['Crew'], modules: MODULES },
    { kind: 'agent', names: ['Agent'], modules: MODULES },
    { kind: 'task', names: ['Task'], modules: MODULES },
    { kind: 'llm', names: ['LLM'], modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (info.method === 'add' || info.method === '_run') return ragToolCall(info, ctx);
    const r = info.receiver();
    if (r.type !== 'framework' || r.framework !== 'crewai') return undefined;
    if (r.kind === 'crew' && ['kickoff', 'kickoff_async', 'akickoff', 'kickoff_for_each', 'kickoff_for_each_async', 'train', 'replay', 'test'].includes(info.method)) {
      const am = members(r.args, 'agents', ctx);
      const tm = members(r.args, 'tasks', ctx);
      const agents = am.found.map((x) => agentInfo(x.obj, x.ctx));
      const tasks = tm.found.map((x) => taskInfo(x.obj, x.ctx, agents));
      // A hierarchical crew's manager plans and delegates with its own model.
      const manager = argValue(r.args, ['manager_llm']);
      const extra = manager ? [llmModel(manager, inArgs(r.args, ctx))] : [];
      return result(info, ctx, agents, tasks, `crewai.Crew.${info.method}`, extra, am.unread);
    }
    if (r.kind === 'task' && info.method.startsWith('execute')) {
      const t = taskInfo(r, ctx, []);
      const agents = t.agent ? [t.agent] : [];
      // `task.execute_sync(agent=…)`: the agent given to the call runs it.
      const given = argValue(optionsArgs(info.call, ctx), ['agent']);
      const ga = given ? crewaiObject(classifyReceiver(given, ctx), 'agent') : undefined;
      if (ga) t.agent = agentInfo(ga, ctx);
      return result(info, ctx, t.agent ? [t.agent] : agents, [t], `crewai.Task.${info.method}`);
    }
    if (r.kind === 'agent' && (info.method === 'kickoff' || info.method === 'kickoff_async')) {
      const a = agentInfo(r, ctx);
      const d = result(info, ctx, [a], [], `crewai.Agent.${info.method}`);
      const prompt = optionsArgs(info.call, ctx).positional[0] ?? argValue(optionsArgs(info.call, ctx), ['messages']);
      if (prompt) addText(d.build, prompt, 'user', nextIndex(d.build), ctx);
      return d;
    }
    return undefined;
  },
};
