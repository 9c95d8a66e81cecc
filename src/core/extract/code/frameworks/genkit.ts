// Firebase Genkit (`genkit` on npm and PyPI): a Genkit instance (`const ai = genkit({ plugins, model,
// promptDir })`, Python `ai = Genkit(plugins=[…], model='googleai/…')`) runs models with
// `ai.generate` / `generateStream` (Python `generate_stream`), prompts defined in code
// (`ai.definePrompt`, Python `define_prompt`) or loaded from Dotprompt files (`ai.prompt('name')`,
// from the instance's prompt folder) when they are called or streamed, chat sessions
// (`ai.chat(prompt).send`), and embedders (`ai.embed`, `ai.index`/`ai.retrieve` with the embedder
// the indexer's plugin entry names). The model is the call's, else the prompt's, else the
// instance's default; references are plugin strings (`googleai/gemini-2.5-flash`, `ollama/…`) or a
// plugin's `googleAI.model('…')`. With tools, a call is a tool loop of up to `maxTurns` requests.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, field, isCall, memberChain, unwrap, walk } from '../ast';
import { addStepsSoFar, capOf, DetectedCall, inArgs, nextIndex, optionsArgs, paramsOf, providerFor, valueArgs } from '../callKit';
import { addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver, Receiver } from '../receivers';
import { ctxOf, importedAs, resolveValue, single, stringOptions, Value } from '../values';
import { parsePromptFile } from '../../promptFiles';
import { modalityOf } from '../../../pricing/capabilities';
import { addPrompt } from './aiSdk';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import type { ModuleInfo, Program } from '../../../program/program';
import type { CallSite } from '../../../model';
import { inferProviderFromModel } from '../../provider';

const FAMILY = 'genkit';

addDefaults([
  {
    sdk: FAMILY,
    packages: { npm: 'genkit' },
    language: 'js',
    key: 'maxTurns',
    value: 5,
    source: 'genkit 1.33.0 js/ai/src/generate/action.ts:540 `const maxIterations = rawRequest.maxTurns ?? 5`',
    asOf: '2026-12-06',
  },
  {
    sdk: FAMILY,
    packages: { pypi: 'genkit' },
    language: 'python',
    key: 'maxTurns',
    value: 5,
    source: 'genkit 0.5.2 py/packages/genkit/src/genkit/_ai/_generate.py:59 `DEFAULT_MAX_TURNS = 5`',
    asOf: '2026-12-06',
  },
]);

/** Plugin names (the prefix of a model string, the lower-cased plugin export) → who bills. */
const PLUGINS: Record<string, { provider?: string; selfHosted?: string }> = {
  googleai: { provider: 'google' },
  vertexai: { provider: 'google' },
  'vertex-model-garden': { provider: 'google' },
  openai: { provider: 'openai' },
  anthropic: { provider: 'anthropic' },
  deepseek: { provider: 'deepseek' },
  xai: { provider: 'x-ai' },
  mistral: { provider: 'mistral' },
  groq: { provider: 'groq' },
  openrouter: { provider: 'openrouter' },
  cohere: { provider: 'cohere' },
  'aws-bedrock': { provider: 'aws' },
  ollama: { selfHosted: 'Ollama' },
};

/** Plugin packages → the plugin name their model helpers and constants belong to. */
const PACKAGES: [RegExp, string][] = [
  [/^@genkit-ai\/compat-oai\/deepseek$/, 'deepseek'],
  [/^@genkit-ai\/compat-oai\/xai$/, 'xai'],
  [/^@genkit-ai\/compat-oai(\/openai)?$|^genkitx-openai$/, 'openai'],
  [/^@genkit-ai\/(anthropic|vertexai\/modelgarden)$|^genkitx-anthropic$/, 'anthropic'],
  [/^genkitx-ollama$|^@genkit-ai\/ollama$/, 'ollama'],
  [/^genkitx-mistral$/, 'mistral'],
  [/^genkitx-groq$/, 'groq'],
  [/^@genkit-ai\/(google-genai|googleai|vertexai)/, 'googleai'],
];

/** Genkit's own test models: no bill. */
const TEST_MODELS = /^(echoModel|echo|programmableModel|pm|test\/.*|.*-mock|mock.*|fake.*)$/i;

export interface GenkitModel {
  value: Value;
  node?: Node;
  provider?: string;
  selfHosted?: string;
  testDouble?: string;
}

/** `googleai/gemini-2.5-flash` → google, gemini-2.5-flash (each option of a set). */
function pluginString(v: Value, node: Node): GenkitModel {
  const first = stringOptions(v)[0];
  if (!first) return { value: v, node };
  if (TEST_MODELS.test(first.value)) return { value: v, node, testDouble: `Genkit test model ${first.value}` };
  const slash = first.value.indexOf('/');
  const plugin = slash > 0 ? first.value.slice(0, slash).toLowerCase() : '';
  const p = Object.prototype.hasOwnProperty.call(PLUGINS, plugin) ? PLUGINS[plugin] : undefined;
  if (!p) return { value: v, node };
  const strip = (o: Value): Value => (o.kind === 'string' && o.value.toLowerCase().startsWith(`${plugin}/`) ? { ...o, value: o.value.slice(plugin.length + 1) } : o);
  return { value: v.kind === 'union' ? { ...v, options: v.options.map(strip) } : strip(v), node, ...p };
}

/** An exported model constant (`gemini15Flash`, `gpt4oMini`, `claude35Sonnet`) → its model id. */
export function constantModelId(name: string): string | undefined {
  const m = /^(gemini|gpt|claude|textEmbedding|llama|imagen|o)(\d+)([A-Za-z]\w*)?$/.exec(name);
  if (!m) return undefined;
  const [, family, digits, rest = ''] = m;
  const words = rest.split(/(?=[A-Z])|(?<=\D)(?=\d)/).filter(Boolean).map((w) => w.toLowerCase());
  const version = family === 'gpt' || family === 'o' || family === 'textEmbedding' ? digits : digits.length === 2 ? `${digits[0]}.${digits[1]}` : digits;
  const head = family === 'textEmbedding' ? 'text-embedding' : family;
  const sep = family === 'o' ? '' : '-';
  // gpt4o: the `o` belongs to the version.
  if (family === 'gpt' && words[0] === 'o') return [`gpt-${version}o`, ...words.slice(1)].join('-');
  return [`${head}${sep}${version}`, ...words].join('-');
}

function pluginOfModule(module: string): string | undefined {
  return PACKAGES.find(([re]) => re.test(module))?.[1];
}

/** A model (or embedder) reference as Genkit takes it. */
export function genkitModel(node: Node, ctx: PromptContext, depth = 0): GenkitModel {
  const u = unwrap(node);
  if (u.type === 'identifier') {
    // `import { gemini15Flash } from '@genkit-ai/googleai'`
    const imp = importedAs(u.text, u, ctx);
    const plugin = imp ? pluginOfModule(imp.module) : undefined;
    const id = plugin ? constantModelId(imp!.name) : undefined;
    if (plugin && id) return { value: { kind: 'string', value: id, node: u }, node: u, ...PLUGINS[plugin] };
  }
  const v = resolveValue(node, { ...ctx, callers: true });
  if (stringOptions(v).length) return pluginString(v, node);
  const one = single(v);
  if (one.kind !== 'call' || depth > 4) return { value: v, node };
  const c = { ...ctx, ...ctxOf(one, ctx), callers: true };
  const callee = calleeOf(one.node);
  if (!callee) return { value: v, node };
  const chain = memberChain(callee);
  const method = chain.members[chain.members.length - 1] ?? (chain.root.type === 'identifier' ? chain.root.text : '');
  const a = argsOf(one.node);
  const first = a.positional[0];
  if (/^(defineModel|define_model|defineEmbedder|define_embedder|defineBackgroundModel)$/.test(method) || /^define(Echo|Programmable|Static|Test)\w*Model$/.test(method)) {
    // A model whose handler is the code's own function: the handler's own requests are call sites
    // of their own (priced where they are made); Genkit's tests define their fake models this way.
    const name = first ? valueArgs(single(resolveValue(first, c)), c)?.named.get('name') : undefined;
    const label = name ? stringOptions(resolveValue(name, c))[0]?.value : undefined;
    return { value: { kind: 'unknown', reason: `a model defined in the code (${method})` }, node, testDouble: `a model defined in the code with ${method}${label ? ` (${label})` : ''}` };
  }
  if (/^(compatOaiModelRef|modelRef|embedderRef)$/.test(method) && first) {
    // compatOaiModelRef({ name: 'openrouter/z-ai/glm-4.5-air:free' })
    const o = valueArgs(single(resolveValue(first, c)), c);
    const name = o?.named.get('name');
    return name ? genkitModel(name, { ...c, ...inArgs(o, c) }, depth + 1) : { value: v, node };
  }
  if ((method === 'model' || method === 'embedder') && chain.members.length === 1 && chain.root.type === 'identifier' && first) {
    // googleAI.model('gemini-2.5-flash'), ollama.embedder('nomic-embed-text')
    const plugin = pluginOf(chain.root, c) ?? chain.root.text.toLowerCase();
    const id = resolveValue(first, c);
    const inner = pluginString(id, first);
    if (inner.provider || inner.selfHosted || inner.testDouble) return inner;
    const p = Object.prototype.hasOwnProperty.call(PLUGINS, plugin) ? PLUGINS[plugin] : undefined;
    return { value: id, node: first, ...(p ?? {}) };
  }
  return { value: v, node };
}

/** The plugin a name stands for: its import (`googleAI`), or the plugin instance it holds (`const oai = openAI()`). */
function pluginOf(root: Node, ctx: PromptContext): string | undefined {
  const imp = importedAs(root.text, root, ctx);
  if (imp) return pluginOfModule(imp.module);
  const found = ctx.scope.lookup(root.text, root);
  const held = found.value && !found.param ? unwrap(found.value) : undefined;
  const callee = held && isCall(held) ? calleeOf(held) : undefined;
  const u = callee ? unwrap(callee) : undefined;
  if (u?.type !== 'identifier') return undefined;
  const made = importedAs(u.text, u, ctx);
  return made ? pluginOfModule(made.module) : undefined;
}

function isGenkit(r: Receiver | undefined): r is FrameworkObject {
  return r?.type === 'framework' && r.framework === FAMILY && r.kind === 'instance';
}

/** The Genkit instance a method is called on (`ai` in `ai.generate`). */
function instanceAt(node: Node | null | undefined, ctx: PromptContext): FrameworkObject | undefined {
  if (!node) return undefined;
  const r = classifyReceiver(node, { ...ctx, callers: true });
  return isGenkit(r) ? r : undefined;
}

/** The model a call without one uses: the instance's default `model`. */
function defaultModel(inst: FrameworkObject, ctx: PromptContext): GenkitModel | undefined {
  const n = argValue(inst.args, ['model']);
  if (!n) return undefined;
  return genkitModel(n, { ...ctx, ...inArgs(inst.args, ctx) });
}

function isPython(ctx: PromptContext): boolean {
  return ctx.scope.family === 'py';
}

/** The tool-loop bound of a call with tools: `maxTurns`/`max_turns`, else the SDK's default. */
function loopOf(args: Args[], hasTools: boolean, ctx: PromptContext): DetectedCall['maxTurns'] {
  for (const a of args) {
    const n = argValue(a, ['maxTurns', 'max_turns']);
    const v = n ? single(resolveValue(n, { ...inArgs(a, ctx), callers: true })) : undefined;
    if (v?.kind === 'number') {
      const param = isPython(ctx) ? 'max_turns' : 'maxTurns';
      return { value: v.value, param, isDefault: false, reason: `up to ${v.value} model turns (${param} ${v.value})` };
    }
  }
  if (!hasTools) return undefined;
  const py = isPython(ctx);
  const d = sdkDefault(FAMILY, 'maxTurns', ctx, 'Genkit default maxTurns', py ? 'python' : 'js');
  if (typeof d?.value !== 'number') return undefined;
  return { value: d.value, param: py ? 'max_turns' : 'maxTurns', isDefault: true, reason: `up to ${d.value} model turns: ${d.reason}` };
}

interface Pieces {
  /** Options at the call (`generate({...})`, a prompt run's second argument). */
  call?: Args;
  /** The prompt's definition (`definePrompt({...})`), when the call runs one. */
  prompt?: Args;
  /** A Dotprompt file's model and path, when the call runs one. */
  file?: { path: string; model?: string };
}

function result(inst: FrameworkObject | undefined, pieces: Pieces, api: string, info: CallInfo, ctx: PromptContext): DetectedCall {
  const b = info.build;
  const all = [pieces.call, pieces.prompt].filter((a): a is Args => !!a);
  let m: GenkitModel | undefined;
  for (const a of all) {
    const n = argValue(a, ['model']);
    if (n) {
      m = genkitModel(n, inArgs(a, ctx));
      break;
    }
  }
  if (!m && pieces.file?.model) {
    const s: Value = { kind: 'string', value: pieces.file.model, node: info.call };
    m = pluginString(s, info.call);
  }
  if (!m && inst) m = defaultModel(inst, ctx);
  const model: Value = m?.value ?? { kind: 'unknown', reason: inst ? 'neither the call nor the Genkit instance names a model' : 'the Genkit instance was not found' };
  const tools = all.map((a) => argValue(a, ['tools'])).find((t) => !!t);
  const maxTurns = loopOf(all, !!tools, ctx);
  if (tools && maxTurns && maxTurns.value > 1) {
    addStepsSoFar(b, 'steps so far (tool calls and results)');
    b.historyGrows = true;
  }
  return {
    provider: m?.selfHosted ? m.selfHosted.toLowerCase() : providerFor(m?.provider, model),
    api: `genkit.${api}`,
    sdk: FAMILY,
    // ai.generate runs image, speech and transcription models too: the model's kind decides.
    operation: operationOf(model, !!tools),
    ...(m?.testDouble ? { testDouble: m.testDouble } : {}),
    ...(m?.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m?.node,
    model,
    build: b,
    outputCap: all.map((a) => capOf(a, inArgs(a, ctx))).find((x) => !!x),
    params: { ...Object.assign({}, ...all.map((a) => paramsOf(a, ctx))), ...(tools ? { tools: unwrap(tools).text.slice(0, 80) } : {}) },
    maxTurns,
    structuredOutput: all.some((a) => a.named.has('output') || a.named.has('output_schema')),
  };
}

function operationOf(model: Value, tools: boolean): DetectedCall['operation'] {
  const id = stringOptions(model)[0]?.value;
  const kind = id ? modalityOf(id) : 'chat';
  if (kind === 'image' || kind === 'audio') return kind;
  return tools ? 'agent-run' : 'chat';
}

/** `ai.generate({ model, prompt, system, messages, tools, config })`, or `ai.generate('text')`. */
function generate(inst: FrameworkObject, info: CallInfo, ctx: PromptContext): DetectedCall {
  const a = optionsArgs(info.call, ctx);
  const first = a.positional[0];
  const b = info.build;
  if (first && !a.named.size) addText(b, first, 'user', 0, ctx);
  else addPrompt(b, a, ctx);
  return result(inst, { call: a }, info.method, info, ctx);
}

/** The instance's prompt folder (`promptDir`/`prompt_dir`, default `./prompts`) and where it is read from. */
function promptFolder(inst: FrameworkObject | undefined, ctx: PromptContext): string {
  const n = inst ? argValue(inst.args, ['promptDir', 'prompt_dir']) : undefined;
  const v = n ? single(resolveValue(n, inArgs(inst!.args, ctx))) : undefined;
  return (v?.kind === 'string' ? v.value : './prompts').replace(/^\.\//, '').replace(/\/$/, '');
}

/** The Dotprompt file `ai.prompt(name, { variant })` loads: the prompt folder of the app, searched from the code's folder up. */
function promptFile(name: string, variant: string | undefined, inst: FrameworkObject | undefined, ctx: PromptContext): { path: string; text: string } | undefined {
  const program = ctx.program;
  if (!program) return undefined;
  const folder = promptFolder(inst, ctx);
  const file = `${name}${variant ? `.${variant}` : ''}.prompt`;
  const segs = ctx.path.split('/').slice(0, -1);
  for (let i = segs.length; i >= 0; i--) {
    const path = [...segs.slice(0, i), folder, file].filter(Boolean).join('/');
    const text = program.read(path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

/** The methods whose result is called to run a model: a prompt's makers, and a plugin's `model`. */
const PROMPT_MAKERS = ['definePrompt', 'define_prompt', 'prompt', 'model'];

/** The method a call expression calls (`definePrompt` of `ai.definePrompt({...})`). */
function lastMember(n: Node): string | undefined {
  const callee = isCall(n) ? calleeOf(n) : undefined;
  const chain = callee ? memberChain(callee) : undefined;
  return chain?.members[chain.members.length - 1];
}

/** What a prompt object is made by: `ai.definePrompt({...})` or `ai.prompt('name')`. */
function promptMaker(node: Node, ctx: PromptContext): { call: Node; ctx: PromptContext; method: string } | undefined {
  const u = unwrap(node);
  let call: Node | undefined;
  let c = ctx;
  if (isCall(u)) call = u;
  else if (u.type === 'identifier') {
    // Every call of a file that mentions Genkit comes here: only a name assigned a call or
    // imported from the workspace can be a prompt, and only those are followed.
    const found = ctx.scope.lookup(u.text, u);
    if (found.param) return undefined;
    if (found.value && !PROMPT_MAKERS.includes(lastMember(unwrap(found.value)) ?? '')) return undefined;
    if (!found.value && !found.imported?.module.startsWith('.') && !(found.imported && isPython(ctx))) return undefined;
    const v = single(resolveValue(u, { ...ctx, callers: true }));
    if (v.kind !== 'call') return undefined;
    call = v.node;
    c = { ...ctx, ...ctxOf(v, ctx) };
  }
  const callee = call ? calleeOf(call) : undefined;
  if (!call || !callee) return undefined;
  const chain = memberChain(callee);
  const method = chain.members[chain.members.length - 1];
  if (chain.members.length !== 1 || !PROMPT_MAKERS.includes(method)) return undefined;
  return { call, ctx: c, method };
}

/** A prompt run: `prompt(input, opts)`, `prompt.stream(input, opts)`, `ai.prompt('name')(input)`. */
function promptRun(target: Node, info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const made = promptMaker(target, ctx);
  if (!made) return undefined;
  if (made.method === 'model') return modelActionCall(made.call, made.ctx, info, ctx);
  const inst = instanceAt(field(unwrap(calleeOf(made.call)!), 'object'), made.ctx);
  if (!inst) return undefined;
  const b = info.build;
  const defArgs = optionsArgs(made.call, made.ctx);
  const runArgs = argsOf(info.call);
  const input = runArgs.positional[0];
  const optsNode = runArgs.positional[1];
  const opts = optsNode ? valueArgs(single(resolveValue(optsNode, ctx)), ctx) : undefined;
  if (made.method === 'prompt') {
    const nameNode = defArgs.positional[0];
    const name = nameNode ? stringOptions(resolveValue(nameNode, made.ctx))[0]?.value : undefined;
    const optionArg = defArgs.positional[1] ? valueArgs(single(resolveValue(defArgs.positional[1], made.ctx)), made.ctx) : undefined;
    const variantNode = optionArg ? argValue(optionArg, ['variant']) : argValue(defArgs, ['variant']);
    const variant = variantNode ? stringOptions(resolveValue(variantNode, made.ctx))[0]?.value : undefined;
    const found = name ? promptFile(name, variant, inst, made.ctx) : undefined;
    if (!found) {
      b.notes.push(name ? `prompt file ${name}${variant ? `.${variant}` : ''}.prompt not found in the ${promptFolder(inst, made.ctx)} folder` : 'the prompt name is not known');
      if (input) addText(b, input, 'user', 0, ctx);
      return result(inst, { call: opts }, 'prompt', info, ctx);
    }
    const parsed = parsePromptFile(found.path, found.text);
    for (const p of parsed?.callSite.parts ?? []) b.parts.push({ ...p, path: found.path });
    const fileModel = parsed?.callSite.model.id;
    const r = result(inst, { call: opts, file: { path: found.path, model: fileModel } }, 'prompt', info, ctx);
    if (!fileModel && !opts?.named.has('model')) b.notes.push(`${found.path} names no model: the Genkit instance's default applies`);
    return r;
  }
  // definePrompt({ name, model, system, prompt, messages, tools, config }, template?)
  const template = defArgs.positional[0] && unwrap(defArgs.positional[0]).type === 'object' ? defArgs.positional[1] : undefined;
  const dc = { ...made.ctx, ...inArgs(defArgs, made.ctx) };
  const sys = argValue(defArgs, ['system']);
  if (sys) addText(b, sys, 'system', 0, dc);
  for (const key of ['prompt', 'messages']) {
    const n = argValue(defArgs, [key]);
    if (!n) continue;
    const fn = unwrap(n).type === 'arrow_function' || unwrap(n).type === 'function_expression';
    if (fn) b.parts.push({ role: 'user', message: nextIndex(b), source: 'unknown', text: '', dynamic: { kind: 'user-data', name: `the ${key} function of the prompt`, volatile: true } });
    else addText(b, n, 'user', nextIndex(b), dc);
  }
  if (template) addText(b, template, 'user', nextIndex(b), dc);
  return result(inst, { call: opts, prompt: defArgs }, made.method, info, ctx);
}

/** The keys a vector-store plugin entry (and a reference to it) names its index by. */
const STORE_NAMES = ['indexName', 'indexId', 'collectionName', 'name'];

/**
 * A plugin's model action called directly: `const gpt4o = await openAI().model('gpt-4o')` then
 * `gpt4o({ messages, tools })` is one request (no Genkit tool loop runs around it).
 */
function modelActionCall(modelCall: Node, modelCtx: PromptContext, info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const callee = calleeOf(modelCall);
  const root = callee ? memberChain(callee).root : undefined;
  if (!root || root.type !== 'identifier' || !pluginOf(root, modelCtx)) return undefined;
  const m = genkitModel(modelCall, modelCtx);
  const a = optionsArgs(info.call, ctx);
  addPrompt(info.build, a, ctx);
  return {
    provider: m.selfHosted ? m.selfHosted.toLowerCase() : providerFor(m.provider, m.value),
    api: 'genkit.model',
    sdk: FAMILY,
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    modelNode: m.node,
    model: m.value,
    build: info.build,
    outputCap: capOf(a, ctx),
    params: paramsOf(a, ctx),
  };
}

/** The embedder an indexer/retriever reference uses: the plugin entry of the instance with its name. */
function storeEmbedder(inst: FrameworkObject, ref: Node | undefined, ctx: PromptContext): GenkitModel | undefined {
  const rc = ctx;
  let refName: string | undefined;
  if (ref) {
    const v = single(resolveValue(ref, { ...rc, callers: true }));
    if (v.kind === 'call') {
      // devLocalRetrieverRef('menuQA'), pineconeRetrieverRef({ indexId: 'cat-facts' })
      const first = argsOf(v.node).positional[0];
      const vc = { ...rc, ...ctxOf(v, rc) };
      const arg = first ? single(resolveValue(first, vc)) : undefined;
      const named = arg?.kind === 'dict' ? STORE_NAMES.map((k) => arg.entries.get(k)).find((n) => !!n) : first;
      refName = named ? stringOptions(resolveValue(named, { ...vc, ...(arg ? ctxOf(arg, vc) : {}) }))[0]?.value : undefined;
    } else refName = stringOptions(v)[0]?.value;
    if (refName?.includes('/')) refName = refName.slice(refName.indexOf('/') + 1);
  }
  const ic = { ...ctx, ...inArgs(inst.args, ctx) };
  const plugins = argValue(inst.args, ['plugins']);
  const list = plugins ? single(resolveValue(plugins, ic)) : undefined;
  if (list?.kind !== 'list') return undefined;
  const lc = { ...ic, ...ctxOf(list, ic) };
  const found: { name?: string; embedder: Node; ctx: PromptContext }[] = [];
  for (const item of list.items) {
    const p = single(resolveValue(item, lc));
    if (p.kind !== 'call') continue;
    const pc = { ...lc, ...ctxOf(p, lc) };
    const entries = argsOf(p.node).positional[0];
    const ev = entries ? single(resolveValue(entries, pc)) : undefined;
    const dicts = ev?.kind === 'list' ? ev.items.map((i) => single(resolveValue(i, { ...pc, ...ctxOf(ev, pc) }))) : ev ? [ev] : [];
    for (const d of dicts) {
      if (d.kind !== 'dict' || !d.entries.has('embedder')) continue;
      const nameNode = STORE_NAMES.map((k) => d.entries.get(k)).find((n) => !!n);
      const name = nameNode ? stringOptions(resolveValue(nameNode, pc))[0]?.value : undefined;
      found.push({ name, embedder: d.entries.get('embedder')!, ctx: { ...pc, ...ctxOf(d, pc) } });
    }
  }
  const hit = (refName ? found.find((f) => f.name === refName) : undefined) ?? (found.length === 1 ? found[0] : undefined);
  return hit ? genkitModel(hit.embedder, hit.ctx) : undefined;
}

/** `ai.embed({ embedder, content })`, `ai.embedMany`, `ai.index({ indexer, documents })`, `ai.retrieve({ retriever, query })`. */
function embedding(inst: FrameworkObject, info: CallInfo, ctx: PromptContext): DetectedCall {
  const a = optionsArgs(info.call, ctx);
  const b = info.build;
  let m: GenkitModel | undefined;
  if (info.method === 'index' || info.method === 'retrieve') m = storeEmbedder(inst, argValue(a, ['indexer', 'retriever']), ctx);
  else {
    const n = argValue(a, ['embedder']);
    m = n ? genkitModel(n, ctx) : undefined;
  }
  const input = argValue(a, ['content', 'query', 'documents']);
  if (input) addText(b, input, 'user', 0, ctx);
  const what = info.method === 'index' ? 'the indexer' : info.method === 'retrieve' ? 'the retriever' : 'the call';
  return {
    provider: m?.selfHosted ? m.selfHosted.toLowerCase() : providerFor(m?.provider, m?.value ?? { kind: 'unknown', reason: '' }),
    api: `genkit.${info.method}`,
    sdk: FAMILY,
    operation: 'embedding',
    ...(m?.selfHosted ? { selfHosted: m.selfHosted } : {}),
    ...(m?.testDouble ? { testDouble: m.testDouble } : {}),
    modelNode: m?.node,
    model: m?.value ?? { kind: 'unknown', reason: `${what} names no embedder this workspace configures` },
    build: b,
    params: {},
  };
}

/** `chat.send(…)` of `const chat = ai.chat(prompt?)`: the prompt's model and tools, else the instance's. */
function chatSend(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const recv = field(unwrap(info.callee), 'object');
  if (!recv) return undefined;
  const v = single(resolveValue(recv, { ...ctx, callers: true }));
  if (v.kind !== 'call') return undefined;
  const vc = { ...ctx, ...ctxOf(v, ctx) };
  const callee = calleeOf(v.node);
  const chain = callee ? memberChain(callee) : undefined;
  if (!chain || chain.members.length !== 1 || chain.members[0] !== 'chat') return undefined;
  const inst = instanceAt(field(unwrap(callee!), 'object'), vc);
  if (!inst) return undefined;
  const first = argsOf(v.node).positional[0];
  const made = first ? promptMaker(first, vc) : undefined;
  const b = info.build;
  const input = argsOf(info.call).positional[0];
  b.parts.push({ role: 'user', message: 0, source: 'unknown', text: '', dynamic: { kind: 'history', name: 'the chat session so far', volatile: true } });
  if (input) addText(b, input, 'user', nextIndex(b), ctx);
  const defArgs = made && made.method !== 'prompt' ? optionsArgs(made.call, made.ctx) : first && !made ? valueArgs(single(resolveValue(first, vc)), vc) : undefined;
  if (defArgs) {
    const sys = argValue(defArgs, ['system']);
    if (sys) addText(b, sys, 'system', 0, inArgs(defArgs, vc));
  }
  return result(inst, { prompt: defArgs }, 'chat.send', info, ctx);
}

const EMBED_METHODS = ['embed', 'embedMany', 'embed_many', 'index', 'retrieve'];
const GENERATE_METHODS = ['generate', 'generateStream', 'generate_stream'];

export const genkit: Framework = {
  id: FAMILY,
  callNames: [...GENERATE_METHODS, ...EMBED_METHODS, 'stream', 'send'],
  // A prompt object is called under its own name (`await myPrompt(input)`, `ai.prompt('x')(input)`).
  anyName: (text) => /genkit/i.test(text),
  objects: [{ kind: 'instance', names: ['genkit', 'Genkit'], modules: ['genkit'] }],
  detect(info, ctx): DetectedCall | undefined {
    const callee = unwrap(info.callee);
    // `prompt(input)`, `ai.prompt('x')(input)`
    if (isCall(callee) || (callee.type === 'identifier' && !info.members.length)) return promptRun(callee, info, ctx);
    if (info.members.length !== 1 && !(info.method === 'stream' && info.members.length === 1)) {
      // `ai.prompt('x').stream(input)`
      if (info.method === 'stream' && isCall(info.chain.root)) return promptRun(info.chain.root, info, ctx);
      return undefined;
    }
    // Offered every call of the file (anyName): the methods that are not Genkit's go no further.
    if (!genkit.callNames.includes(info.method)) return undefined;
    const recv = field(callee, 'object');
    if (info.method === 'stream') return recv ? promptRun(recv, info, ctx) : undefined;
    if (info.method === 'send') return chatSend(info, ctx);
    const inst = instanceAt(recv, ctx);
    if (!inst) return undefined;
    if (GENERATE_METHODS.includes(info.method)) return generate(inst, info, ctx);
    if (EMBED_METHODS.includes(info.method)) return embedding(inst, info, ctx);
    return undefined;
  },
};

/** What a Dotprompt file that names no model runs on: the model of the Genkit instance whose prompt folder holds it. */
export interface PromptFolderModel {
  id?: string;
  provider?: string;
  selfHosted?: string;
  testDouble?: string;
  /** `src/index.ts:5`: where the instance is made. */
  from: string;
  /** Why the instance gives no model, when it does not. */
  unresolvedReason?: string;
}

interface MadeInstance {
  inst: FrameworkObject;
  ctx: PromptContext;
  file: string;
  line: number;
  /** Its prompt folder, as written (`prompts`). */
  folder: string;
}

/** The Genkit instances a module makes; kept while the program keeps the module's parse (an edit re-parses it). */
const madeIn = new WeakMap<ModuleInfo, MadeInstance[]>();

function instancesIn(mod: ModuleInfo): MadeInstance[] {
  const known = madeIn.get(mod);
  if (known) return known;
  const out: MadeInstance[] = [];
  walk(mod.tree.rootNode, (n) => {
    const callee = calleeOf(n) ?? field(n, 'constructor');
    const name = callee ? unwrap(callee).text : '';
    if (name !== 'genkit' && name !== 'Genkit') return;
    const ctx: PromptContext = { ...mod.ctx, call: n, loops: [] };
    const r = classifyReceiver(n, ctx);
    if (isGenkit(r)) out.push({ inst: r, ctx, file: mod.path, line: n.startPosition.row + 1, folder: promptFolder(r, ctx) });
  }, new Set(['call_expression', 'call', 'new_expression']));
  madeIn.set(mod, out);
  return out;
}

/**
 * The Genkit instance (`genkit({ promptDir })`, Python `Genkit(prompt_dir=…)`) whose prompt folder
 * (default `prompts`, beside or above the code that makes it) holds `promptPath`, the nearest
 * first, and the model it defaults to.
 */
export function promptFolderModel(promptPath: string, program: Program): PromptFolderModel | undefined {
  const files = new Set([...program.filesMentioning('genkit'), ...program.filesMentioning('Genkit')]);
  let best: (MadeInstance & { depth: number }) | undefined;
  for (const file of files) {
    // Most files that mention Genkit are far from the prompt: only those whose folder (or an
    // ancestor's) holds it under the prompt folder their text names are parsed.
    const text = program.read(file) ?? '';
    const written = /\b(?:promptDir|prompt_dir)\s*[:=]\s*['"]([^'"]+)['"]/.exec(text)?.[1];
    // A folder given by a name or an expression is read from the parse.
    const unread = !written && /\b(?:promptDir|prompt_dir)\b/.test(text);
    const folder = (written ?? 'prompts').replace(/^\.\//, '').replace(/\/$/, '');
    const dirs = file.split('/').slice(0, -1);
    const near = dirs.map((_, i) => dirs.slice(0, i + 1).join('/')).some((d) => promptPath.startsWith(`${d}/${folder}/`)) || promptPath.startsWith(`${folder}/`);
    if (!unread && !near) continue;
    const mod = program.module(file);
    if (!mod) continue;
    for (const made of instancesIn(mod)) {
      for (let i = dirs.length; i >= 0; i--) {
        const base = [...dirs.slice(0, i), made.folder].filter(Boolean).join('/');
        if (!promptPath.startsWith(`${base}/`)) continue;
        if (!best || i > best.depth) best = { ...made, depth: i };
        break;
      }
    }
  }
  if (!best) return undefined;
  const from = `${best.file}:${best.line}`;
  const m = defaultModel(best.inst, best.ctx);
  const id = m ? stringOptions(m.value)[0]?.value : undefined;
  if (!m || !id) return { from, unresolvedReason: m ? `the Genkit instance at ${from} names a model this analysis cannot read` : `the prompt file and the Genkit instance whose prompt folder holds it (${from}) name no model` };
  return { id, from, ...(m.provider ? { provider: m.provider } : {}), ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}), ...(m.testDouble ? { testDouble: m.testDouble } : {}) };
}

/** A Dotprompt file's call site that names no model: priced on the Genkit instance's default, where one holds it. */
export function withPromptFolderModel(site: CallSite, program: Program): void {
  if (site.model.id || !site.path.endsWith('.prompt')) return;
  const m = promptFolderModel(site.path, program);
  if (!m) return;
  if (!m.id) {
    site.model = { ...site.model, unresolvedReason: m.unresolvedReason };
    return;
  }
  site.model = { id: m.id, from: m.from };
  site.provider = m.selfHosted ? m.selfHosted.toLowerCase() : m.provider ?? inferProviderFromModel(m.id);
  if (m.selfHosted) site.selfHosted = m.selfHosted;
  if (m.testDouble) site.testDouble = m.testDouble;
  site.notes = [...(site.notes ?? []), `the prompt file names no model: the default of the Genkit instance whose prompt folder holds it (${m.from})`];
}
