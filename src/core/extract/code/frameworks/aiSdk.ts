// The Vercel AI SDK (`ai`): `generateText/streamText/generateObject/streamObject`, the agent classes
// (`ToolLoopAgent`, `Experimental_Agent`) and `createAgentUIStreamResponse({ agent })`, and the other
// priced endpoints (`embed/embedMany`, `generateImage`, `generateSpeech`, `transcribe`, `rerank`,
// video). Models: provider functions (`openai('gpt-4o')`, `openai.embedding(…)`), gateway strings
// (`'openai/gpt-4o'`, `gateway('…')`), `customProvider` / `createProviderRegistry` lookups,
// `wrapLanguageModel({ model })`, and the `ai/test` mocks (test doubles). The loop bound is the
// `stopWhen` step count (`isStepCount(n)`, its old name `stepCountIs(n)`, arrays of conditions) or
// v4's `maxSteps`; unset, generateText runs one step and ToolLoopAgent its version's default.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, field, isCall, memberChain, unwrap } from '../ast';
import { addStepsSoFar, capOf, DetectedCall, nextIndex, Operation, optionsArgs, paramsOf, providerFor, reasoningOf } from '../callKit';
import { addMessageItem, addMessages, addText, PromptContext } from '../prompts';
import { argValue, callArgs, classifyReceiver } from '../receivers';
import { callableOf, ctxOf, enterCall, importedAs, resolveValue, returnExpressions, single, stringOptions, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';

/** `DetectedCall.sdk` of these calls (as before this file); the family is `ai-sdk`. */
export const AI_SDK = 'vercel-ai';
const FAMILY = 'ai-sdk';
/** The defaults rows of the agent classes (their step default differs from generateText's). */
const AGENT_SDK = 'vercel-ai ToolLoopAgent';

addDefaults([
  {
    sdk: AI_SDK,
    packages: { npm: 'ai' },
    key: 'maxTurns',
    value: 1,
    source: "packages/ai/src/generate-text/generate-text.ts `stopWhen = isStepCount(1)` (`stepCountIs(1)` before ai 7; v4 `maxSteps = 1`)",
    asOf: '2026-12-06',
  },
  {
    sdk: AGENT_SDK,
    packages: { npm: 'ai' },
    key: 'maxTurns',
    versions: '>=6.0.0',
    value: 20,
    source: 'packages/ai/src/agent/tool-loop-agent.ts `stopWhen: this.settings.stopWhen ?? isStepCount(20)` (since ai 6.0.0, #9086)',
    asOf: '2026-12-06',
  },
  {
    sdk: AGENT_SDK,
    packages: { npm: 'ai' },
    key: 'maxTurns',
    versions: '<6.0.0',
    value: 1,
    source: "ai 5.x packages/ai/src/agent/agent.ts: Experimental_Agent passes its settings to generateText, whose default is `stepCountIs(1)`",
    asOf: '2026-12-06',
  },
  {
    sdk: 'vercel-ai harness-codex',
    packages: { npm: '@ai-sdk/harness-codex' },
    key: 'model',
    value: 'gpt-5.5',
    source: 'packages/harness-codex/src/codex-harness.ts DEFAULT_CODEX_MODEL',
    asOf: '2026-12-06',
  },
]);

/** Harness packages (`@ai-sdk/harness-<name>`): the provider their agent CLI bills, where it is one. */
const HARNESS_PROVIDERS: Record<string, string> = { codex: 'openai', 'claude-code': 'anthropic', 'grok-build': 'x-ai' };

/** What a plain function of `ai` is, by its exported name. */
const FUNCTIONS: Record<string, { operation: Operation; structured?: boolean }> = {
  generateText: { operation: 'chat' },
  streamText: { operation: 'chat' },
  generateObject: { operation: 'chat', structured: true },
  streamObject: { operation: 'chat', structured: true },
  embed: { operation: 'embedding' },
  embedMany: { operation: 'embedding' },
  // Reranking is billed per query, like an embedding: no output tokens.
  rerank: { operation: 'embedding' },
  generateImage: { operation: 'image' },
  experimental_generateImage: { operation: 'image' },
  // Video is priced as generated media, with images.
  generateVideo: { operation: 'image' },
  experimental_generateVideo: { operation: 'image' },
  generateSpeech: { operation: 'audio' },
  experimental_generateSpeech: { operation: 'audio' },
  transcribe: { operation: 'audio' },
  experimental_transcribe: { operation: 'audio' },
  streamTranslate: { operation: 'audio' },
  experimental_streamTranslate: { operation: 'audio' },
};
/** The text functions that accepted a call without an import before (kept so). */
const TEXT_FUNCTIONS = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);
/** Functions that run an agent given as `agent:`. */
const AGENT_UI = new Set(['createAgentUIStreamResponse', 'createAgentUIStream', 'pipeAgentUIStreamToResponse']);

/** `@ai-sdk/<name>` packages → the catalogue's provider ids. */
const PACKAGE_PROVIDERS: Record<string, string> = {
  'google-vertex': 'google',
  azure: 'openai',
  'amazon-bedrock': 'aws',
  togetherai: 'together',
  xai: 'x-ai',
  fireworks: 'fireworks',
};

/** Hosts of OpenAI-compatible endpoints → provider (`createOpenAICompatible({ baseURL })`). */
const HOSTS: [RegExp, string][] = [
  [/api\.openai\.com/, 'openai'],
  [/together\.(xyz|ai)/, 'together'],
  [/deepseek\.com/, 'deepseek'],
  [/fireworks\.ai/, 'fireworks'],
  [/groq\.com/, 'groq'],
  [/mistral\.ai/, 'mistral'],
  [/x\.ai/, 'x-ai'],
  [/openrouter\.ai/, 'openrouter'],
  [/(localhost|127\.0\.0\.1|0\.0\.0\.0)/, 'local'],
];

const MOCKS = /^Mock(LanguageModel|EmbeddingModel|ImageModel|SpeechModel|TranscriptionModel|RerankingModel|VideoModel)V\d$/;

export interface AiModel {
  value: Value;
  node?: Node;
  provider?: string;
  testDouble?: string;
  selfHosted?: string;
  /** The provider is named by a `provider/model` string (a router's or gateway's id), not inferred. */
  routed?: boolean;
}

/** `openai/gpt-4o` → provider `openai`, model `gpt-4o` (each option of a set). */
function splitPrefix(v: Value, sep: string): { value: Value; provider?: string } {
  const first = stringOptions(v)[0];
  if (!first || !first.value.includes(sep)) return { value: v };
  const at = (s: string) => s.indexOf(sep);
  const strip = (o: Value): Value => (o.kind === 'string' && at(o.value) > 0 ? { ...o, value: o.value.slice(at(o.value) + 1) } : o);
  return { value: v.kind === 'union' ? { ...v, options: v.options.map(strip) } : strip(v), provider: first.value.slice(0, at(first.value)) };
}

function providerOfPackage(module: string): string | undefined {
  if (!module.startsWith('@ai-sdk/')) return undefined;
  const name = module.slice('@ai-sdk/'.length);
  return PACKAGE_PROVIDERS[name] ?? name;
}

/**
 * The provider a provider instance bills: imported from `@ai-sdk/x`, or made by `createX({...})`
 * (an OpenAI-compatible one by its `baseURL`).
 */
function providerOfInstance(root: Node, ctx: PromptContext): { provider?: string; selfHosted?: string } {
  if (root.type !== 'identifier' && root.type !== 'shorthand_property_identifier') return {};
  const imp = importedAs(root.text, root, ctx);
  if (imp) return { provider: providerOfPackage(imp.module) };
  const v = single(resolveValue(root, { ...ctx, callers: true }));
  if (v.kind === 'imported') return { provider: providerOfPackage(v.binding.module) };
  if (v.kind !== 'call') return {};
  const c = { ...ctx, ...ctxOf(v, ctx) };
  const callee = calleeOf(v.node);
  const chain = callee ? memberChain(callee) : undefined;
  const made = chain?.root.type === 'identifier' ? importedAs(chain.root.text, v.node, c) : undefined;
  const args = callArgs(v.node, c);
  const base = argValue(args, ['baseURL', 'baseUrl']);
  const url = base ? stringOptions(resolveValue(base, { ...c, callers: true }))[0]?.value : undefined;
  const host = url ? HOSTS.find(([re]) => re.test(url))?.[1] : undefined;
  if (host === 'local') return { provider: 'unknown', selfHosted: `a server on this machine (${url})` };
  if (host) return { provider: host };
  return { provider: made ? providerOfPackage(made.module) : undefined };
}

/** A `customProvider({ languageModels: { chat: … } })` or registry entry named `id`, as a model. */
function lookupModel(holder: Value, id: string, method: string, ctx: PromptContext, depth: number): AiModel | undefined {
  if (holder.kind !== 'call') return undefined;
  const c = { ...ctx, ...ctxOf(holder, ctx) };
  const callee = calleeOf(holder.node);
  const chain = callee ? memberChain(callee) : undefined;
  const name = chain?.members.length ? chain.members[chain.members.length - 1] : chain?.root.text;
  const args = callArgs(holder.node, c);
  if (name === 'customProvider' || name === 'experimental_customProvider') {
    const group = method === 'languageModel' ? 'languageModels' : method === 'imageModel' ? 'imageModels' : method === 'speechModel' ? 'speechModels' : method === 'transcriptionModel' ? 'transcriptionModels' : 'textEmbeddingModels';
    for (const g of [group, group === 'textEmbeddingModels' ? 'embeddingModels' : group]) {
      const models = argValue(args, [g]);
      const dict = models ? single(resolveValue(models, c)) : undefined;
      const entry = dict?.kind === 'dict' ? dict.entries.get(id) : undefined;
      if (entry) return aiModel(entry, { ...c, ...ctxOf(dict!, c) }, depth + 1);
    }
    // Not listed: the fallback provider serves it.
    const fallback = argValue(args, ['fallbackProvider']);
    if (fallback) return { ...providerModel(fallback, id, c), node: undefined };
    return undefined;
  }
  if (name === 'createProviderRegistry' || name === 'experimental_createProviderRegistry') {
    // createProviderRegistry({ openai, anthropic }, { separator: ' > ' })
    const raw = argsOf(holder.node);
    const opts = raw.positional[1] ? single(resolveValue(raw.positional[1], c)) : undefined;
    const sepNode = opts?.kind === 'dict' ? opts.entries.get('separator') : undefined;
    const sep = (sepNode ? stringOptions(resolveValue(sepNode, { ...c, ...ctxOf(opts!, c) }))[0]?.value : undefined) ?? ':';
    const at = id.indexOf(sep);
    if (at <= 0) return undefined;
    const prefix = id.slice(0, at);
    const rest = id.slice(at + sep.length);
    const dict = raw.positional[0] ? single(resolveValue(raw.positional[0], c)) : undefined;
    const entry = dict?.kind === 'dict' ? dict.entries.get(prefix) : undefined;
    if (!entry) return { value: { kind: 'unknown', reason: `no provider "${prefix}" in the registry` }, provider: prefix };
    const ec = { ...c, ...ctxOf(dict!, c), callers: true };
    const held = sdkCallAt(entry, ec);
    const ev: Value = held ? { kind: 'call', callee: calleeOf(held)?.text ?? '', node: held } : single(resolveValue(entry, ec));
    const inner = lookupModel(ev, rest, method, c, depth + 1);
    if (inner) return inner;
    return providerModel(entry, rest, { ...c, ...ctxOf(dict!, c) });
  }
  return undefined;
}

/** A model id served by a provider expression (`openai`, `createOpenAI({...})`): its provider. */
function providerModel(providerNode: Node, id: string, ctx: PromptContext): AiModel {
  const u = unwrap(providerNode);
  const p = u.type === 'identifier' || u.type === 'shorthand_property_identifier' ? providerOfInstance(u, ctx) : {};
  return { value: { kind: 'string', value: id, node: providerNode }, node: providerNode, provider: p.provider ?? (u.type === 'identifier' || u.type === 'shorthand_property_identifier' ? u.text : undefined), ...(p.selfHosted ? { selfHosted: p.selfHosted } : {}) };
}

/**
 * An AI SDK model expression: `openai('gpt-4o')`, `anthropic.messages('…')`, `'openai/gpt-4o'`,
 * `gateway('…')`, `registry.languageModel('openai:gpt-4o')`, `myProvider.languageModel('chat')`,
 * `wrapLanguageModel({ model })`, `new MockLanguageModelV3(…)`.
 */
export function aiModel(n: Node, ctx: PromptContext, depth = 0): AiModel {
  if (depth > 6) return { value: { kind: 'unknown', reason: 'too many indirections' }, node: n };
  // The SDK's own calls as written: where the workspace holds the SDK's source (a fork, the SDK's
  // repository) the value would be followed into its implementation.
  const direct = sdkCallAt(n, ctx);
  if (direct) return callModel(direct, { ...ctx, callers: true }, n, depth);
  const v = resolveValue(n, { ...ctx, callers: true });
  if (stringOptions(v).length) {
    // A gateway string: `provider/model`.
    const s = splitPrefix(v, '/');
    return { value: s.value, node: n, provider: s.provider, ...(s.provider ? { routed: true } : {}) };
  }
  const one = single(v);
  // A hand-written model object (`{ doGenerate, doStream: … simulateReadableStream(…) }`) answers itself.
  if (one.kind === 'dict' && (one.entries.has('doGenerate') || one.entries.has('doStream'))) return { value: { kind: 'unknown', reason: 'a test double' }, node: n, testDouble: 'a model object with its own doGenerate/doStream' };
  if (one.kind !== 'call') return { value: v, node: n };
  const c = { ...ctx, ...ctxOf(one, ctx), callers: true };
  return helperModel(one.node, c, depth) ?? callModel(one.node, c, n, depth);
}

/**
 * A workspace helper that returns a model (`getTitleModel()` in a providers module): the model of
 * each of its returns. A branch that returns a test double (`if (isTestEnvironment) return
 * mockProvider.languageModel('title-model')`) or no model id is not the one production runs; the
 * real models are what the call may use (several: each one an alternative).
 */
function helperModel(call: Node, ctx: PromptContext, depth: number): AiModel | undefined {
  const callee = calleeOf(call);
  const fn = callee ? callableOf(callee, ctx) : undefined;
  let models: AiModel[];
  if (fn?.kind === 'function') {
    const returns = returnExpressions(fn.node);
    if (!returns.length) return undefined;
    const inner = { ...ctx, ...enterCall(fn, call, ctx), callers: true };
    models = returns.map((r) => aiModel(r, inner, depth + 1));
  } else {
    // `createClient()` where `createClient = providerConfigs[providerId]`: the functions the lookup
    // may give (the key's own when the code determines it), each called with no arguments.
    const picked = callee ? pickedFunctions(callee, ctx) : [];
    if (!picked.length) return undefined;
    models = picked.flatMap((f) => returnExpressions(f)).map((r) => aiModel(r, ctx, depth + 1));
    if (!models.length) return undefined;
  }
  const real = models.filter((m) => !m.testDouble && stringOptions(m.value).length > 0);
  if (!real.length) {
    const why = (m: AiModel) => (m.value.kind === 'unknown' ? m.value.reason : '');
    // The reason that says where the model comes from (the request, a parameter, a caller) first.
    return models.find((m) => m.testDouble) ?? (models.length === 1 ? models[0] : models.find((m) => /request|parameter|caller/.test(why(m))));
  }
  // Alternatives from one provider are one set; across providers, the helper's last return (its
  // fall-through, the path taken when no special case applies) is the model priced.
  const provider = real[0].provider;
  if (real.length === 1 || real.some((m) => m.provider !== provider)) return real[real.length - 1];
  // The fall-through first: the model the call uses unless a special case applies.
  const options = [...real].reverse().flatMap((m) => (m.value.kind === 'union' ? m.value.options : [m.value]));
  return { ...real[real.length - 1], value: { kind: 'union', options, node: call } };
}

/**
 * The functions a name holds when it is set from a lookup in an object of functions written in the
 * code (`const createClient = providerConfigs[providerId]`, `PROVIDERS[name]`): the entry for a key
 * the code determines, else every entry.
 */
function pickedFunctions(callee: Node, ctx: PromptContext): Node[] {
  const u = unwrap(callee);
  if (u.type !== 'identifier') return [];
  const found = ctx.scope.lookup(u.text, u);
  const lookup = found.value && !found.param ? unwrap(found.value) : undefined;
  if (!lookup || (lookup.type !== 'subscript_expression' && lookup.type !== 'subscript')) return [];
  const holder = field(lookup, 'object') ?? field(lookup, 'value');
  const index = field(lookup, 'index') ?? field(lookup, 'subscript');
  const obj = holder ? single(resolveValue(holder, ctx)) : undefined;
  if (obj?.kind !== 'dict' || !index) return [];
  const key = stringOptions(resolveValue(index, ctx)).map((o) => o.value);
  const entries = [...obj.entries].filter(([k]) => !key.length || key.includes(k));
  const fns = (key.length && entries.length ? entries : [...obj.entries]).map(([, v]) => unwrap(v));
  return fns.filter((f) => f.type === 'arrow_function' || f.type === 'function_expression' || f.type === 'function' || f.type === 'lambda');
}

/** A call of the SDK or a provider package that `n` is, or names through local variables. */
function sdkCallAt(n: Node, ctx: PromptContext): Node | undefined {
  let cur = unwrap(n);
  for (let i = 0; i < 8 && cur.type === 'identifier'; i++) {
    const found = ctx.scope.lookup(cur.text, cur);
    if (!found.value || found.param) return undefined;
    cur = unwrap(found.value);
  }
  if (!isCall(cur)) return undefined;
  const callee = calleeOf(cur);
  const chain = callee ? memberChain(callee) : undefined;
  if (!chain || chain.root.type !== 'identifier') return undefined;
  const imp = importedAs(chain.root.text, cur, ctx);
  return imp && (imp.module === 'ai' || imp.module.startsWith('ai/') || imp.module.startsWith('@ai-sdk/')) ? cur : undefined;
}

/** A model made by a call (`openai('gpt-4o')`, `wrapLanguageModel({ model })`, a mock, a lookup). */
function callModel(call: Node, c: PromptContext, n: Node, depth: number): AiModel {
  const one: Value = { kind: 'call', callee: calleeOf(call)?.text ?? '', node: call };
  const callee = calleeOf(one.node);
  if (!callee) return { value: one, node: n };
  const chain = memberChain(callee);
  const method = chain.members.length ? chain.members[chain.members.length - 1] : chain.root.type === 'identifier' ? chain.root.text : '';
  if (MOCKS.test(method)) return { value: { kind: 'unknown', reason: 'a test double' }, node: n, testDouble: method };
  const args = argsOf(one.node);
  const first = args.positional[0];
  if (/^(experimental_)?wrap(Language|Embedding|Image)Model$/.test(method)) {
    const inner = argValue(callArgs(one.node, c), ['model']);
    return inner ? aiModel(inner, c, depth + 1) : { value: one, node: n };
  }
  const rootImport = chain.root.type === 'identifier' ? importedAs(chain.root.text, one.node, c) : undefined;
  if (method === 'gateway' || (rootImport && (rootImport.module === '@ai-sdk/gateway' || (rootImport.module === 'ai' && rootImport.name === 'gateway')))) {
    const id = first ? resolveValue(first, c) : undefined;
    if (id && stringOptions(id).length) {
      const s = splitPrefix(id, '/');
      return { value: s.value, node: first, provider: s.provider };
    }
  }
  if (first && chain.members.length && /^(languageModel|textEmbeddingModel|embeddingModel|imageModel|speechModel|transcriptionModel|rerankingModel)$/.test(method)) {
    const id = resolveValue(first, c);
    const idText = stringOptions(id)[0]?.value;
    const holderNode = field(unwrap(callee), 'object');
    if (idText !== undefined && holderNode) {
      const held = sdkCallAt(holderNode, c);
      const holder: Value = held ? { kind: 'call', callee: calleeOf(held)?.text ?? '', node: held } : single(resolveValue(holderNode, c));
      const found = lookupModel(holder, idText, method, { ...c, ...ctxOf(holder, c) }, depth);
      if (found) return found;
    }
    // A registry not seen: `openai:gpt-4o` names its provider.
    if (idText?.includes(':')) {
      const s = splitPrefix(id, ':');
      return { value: s.value, node: first, provider: s.provider };
    }
  }
  if (first) {
    const id = resolveValue(first, c);
    if (id.kind === 'dict') {
      // `google.interactions({ agent })`, `xai.speech()`-style options: no model id to read.
      return { value: { kind: 'unknown', reason: `\`${callee.text.slice(0, 40)}(…)\` names no model id` }, node: n, ...providerOfInstance(chain.root, c) };
    }
    const p = providerOfInstance(chain.root, c);
    return { value: id, node: first, provider: p.provider ?? (chain.root.type === 'identifier' ? chain.root.text : undefined), ...(p.selfHosted ? { selfHosted: p.selfHosted } : {}) };
  }
  return { value: { kind: 'unknown', reason: `\`${callee.text.slice(0, 40)}()\` names no model id` }, node: n, ...providerOfInstance(chain.root, c) };
}

export interface StepBound {
  value?: number;
  param: string;
  /** Conditions with no step count (`hasToolCall`, `isLoopFinished()`, a function): no cap read. */
  unbounded?: string;
}

/** The step bound of `stopWhen` (a condition or an array: the smallest count stops first) or `maxSteps`. */
export function stepBound(args: Args, ctx: PromptContext): StepBound | undefined {
  const c = { ...ctx, ...(args.ctx ?? {}), callers: true };
  for (const name of ['maxSteps', 'max_steps']) {
    const n = args.named.get(name);
    if (!n) continue;
    const v = single(resolveValue(n, c));
    if (v.kind === 'number') return { value: v.value, param: name };
  }
  const stop = args.named.get('stopWhen');
  if (!stop) return undefined;
  const conditions = (n: Node, cc: PromptContext, depth: number): Value[] => {
    const v = single(resolveValue(n, cc));
    if (v.kind === 'list' && depth < 3) return v.items.flatMap((i) => conditions(i, { ...cc, ...ctxOf(v, cc) }, depth + 1));
    return [v];
  };
  let best: number | undefined;
  const others: string[] = [];
  for (const v of conditions(stop, c, 0)) {
    if (v.kind === 'call') {
      const name = v.callee.split('.').pop() ?? '';
      if (name === 'isStepCount' || name === 'stepCountIs') {
        const a = argsOf(v.node).positional[0];
        const count = a ? single(resolveValue(a, { ...c, ...ctxOf(v, c), callers: true })) : undefined;
        if (count?.kind === 'number') {
          best = best === undefined ? count.value : Math.min(best, count.value);
          continue;
        }
      }
      others.push(`${name}(…)`);
    } else others.push(v.kind === 'unknown' ? v.name ?? 'a condition' : 'a condition');
  }
  const param = `stopWhen: ${best !== undefined ? 'isStepCount' : others[0] ?? 'stopWhen'}`;
  if (best !== undefined) return { value: best, param };
  return { param, unbounded: others.join(', ') };
}

/**
 * The call's loop bound (a cap) from its step bound, else the SDK's default. `hasTools`: without
 * tools (and no spread that may hold them) generateText's default single step needs no bound.
 */
function maxTurnsOf(bound: StepBound | undefined, hasTools: boolean, ctx: PromptContext, sdk: string, what: string, notes: string[]): DetectedCall['maxTurns'] {
  if (bound?.value !== undefined) return { value: bound.value, param: bound.param, isDefault: false, reason: `up to ${bound.value} steps (${bound.param}(${bound.value}))` };
  if (bound?.unbounded !== undefined) {
    notes.push(`stopWhen has no step count (${bound.unbounded}): the loop runs while the model calls tools, with no cap the code states`);
    return undefined;
  }
  if (!hasTools && sdk === AI_SDK) return undefined;
  const d = sdkDefault(sdk, 'maxTurns', ctx, what);
  if (!d || typeof d.value !== 'number') return undefined;
  return { value: d.value, param: 'stopWhen', isDefault: true, reason: `up to ${d.value} step${d.value === 1 ? '' : 's'}: ${d.reason}` };
}

function agentOf(r: ReturnType<CallInfo['receiver']>): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === FAMILY && r.kind === 'agent' ? r : undefined;
}

/** The prompt a run or a function is given: instructions/system, messages, prompt. */
export function addPrompt(b: DetectedCall['build'], args: Args, ctx: PromptContext): void {
  const c = { ...ctx, ...(args.ctx ?? {}) };
  for (const name of ['instructions', 'system']) {
    const n = args.named.get(name);
    if (!n) continue;
    const v = single(resolveValue(n, c));
    // `instructions: { role: 'system', content, providerOptions }` or a list of such messages.
    if (v.kind === 'dict' && v.entries.has('content')) addMessageItem(b, n, c);
    else if (v.kind === 'list') addMessages(b, n, c);
    else addText(b, n, 'system', 0, c);
  }
  if (args.named.has('messages')) addMessages(b, args.named.get('messages'), c);
  const prompt = args.named.get('prompt');
  if (prompt) {
    const v = single(resolveValue(prompt, c));
    if (v.kind === 'list') addMessages(b, prompt, c);
    else addText(b, prompt, 'user', nextIndex(b), c);
  }
}

function detectFunction(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  if (info.members.length || info.chain.root.type !== 'identifier') return undefined;
  const local = info.chain.root.text;
  const imp = info.importOf(local);
  const name = imp?.module === 'ai' ? imp.name : !imp && TEXT_FUNCTIONS.has(local) ? local : undefined;
  if (!name) return undefined;
  const args = optionsArgs(info.call, ctx);
  if (AGENT_UI.has(name)) {
    const agentNode = args.named.get('agent');
    const agent = agentNode ? agentOf(classifyReceiver(agentNode, ctx)) : undefined;
    if (!agent) return undefined;
    const b = info.build;
    b.parts.push({ role: 'user', message: 0, source: 'unknown', text: '', dynamic: { kind: 'history', name: 'UI messages (uiMessages)', volatile: true } });
    return agentRun(agent, args, name, info, ctx);
  }
  const spec = FUNCTIONS[name];
  if (!spec) return undefined;
  const modelNode = args.named.get('model');
  if (!modelNode) return undefined;
  const m = aiModel(modelNode, ctx);
  const b = info.build;
  if (spec.operation === 'chat') addPrompt(b, args, ctx);
  else {
    const input = args.named.get('value') ?? args.named.get('values') ?? args.named.get('prompt') ?? args.named.get('text') ?? args.named.get('query');
    if (input) addText(b, input, 'user', 0, ctx);
  }
  const tools = args.named.get('tools');
  const maxTurns = spec.operation === 'chat' ? maxTurnsOf(stepBound(args, ctx), !!tools || args.spread, ctx, AI_SDK, 'AI SDK generateText default', b.notes) : undefined;
  if (maxTurns && !maxTurns.isDefault && maxTurns.value > 1 && tools) {
    // Tool results come back each step.
    addStepsSoFar(b, 'steps so far (tool calls and results)');
    b.historyGrows = true;
  }
  return {
    provider: providerFor(m.provider, m.value),
    api: name.replace(/^experimental_/, ''),
    sdk: AI_SDK,
    operation: maxTurns && !maxTurns.isDefault && maxTurns.value > 1 && tools ? 'agent-run' : spec.operation,
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model: m.value,
    build: b,
    outputCap: spec.operation === 'chat' ? capOf(args, ctx) : undefined,
    params: paramsOf(args, ctx),
    maxTurns,
    structuredOutput: !!spec.structured || args.named.has('output') || args.named.has('experimental_output'),
  };
}

/** A run of an agent object: `agent.generate/stream({...})`, `createAgentUIStreamResponse({ agent })`. */
function agentRun(agent: FrameworkObject, run: Args, api: string, info: CallInfo, ctx: PromptContext): DetectedCall {
  const b = info.build;
  const a = { ...ctx, ...(agent.args.ctx ?? {}) };
  const modelNode = argValue(agent.args, ['model']);
  const m: AiModel = modelNode ? aiModel(modelNode, a) : { value: { kind: 'unknown', reason: `${agent.ctor} without a model` } };
  addPrompt(b, { ...agent.args, named: new Map([...agent.args.named].filter(([k]) => k === 'instructions' || k === 'system')) }, ctx);
  addPrompt(b, { ...run, named: new Map([...run.named].filter(([k]) => k !== 'instructions' && k !== 'system')) }, ctx);
  const tools = argValue(agent.args, ['tools']);
  if (tools) {
    addStepsSoFar(b, 'steps so far (tool calls and results)');
    b.historyGrows = true;
  }
  const bound = stepBound(run, ctx) ?? stepBound(agent.args, ctx);
  const maxTurns = maxTurnsOf(bound, !!tools || agent.args.spread, ctx, AGENT_SDK, `${agent.ctor} default stopWhen`, b.notes);
  // The agent's settings (`providerOptions.openai.reasoningEffort`, …) apply to each of its steps.
  const reasoning = reasoningOf(run, ctx) ?? reasoningOf(agent.args, ctx);
  return {
    provider: providerFor(m.provider, m.value),
    api: `${agent.ctor}.${api}`,
    sdk: AI_SDK,
    operation: 'agent-run',
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model: m.value,
    build: b,
    outputCap: capOf(run, ctx) ?? capOf(agent.args, ctx),
    ...(reasoning ? { reasoning } : {}),
    params: { ...paramsOf(agent.args, ctx), ...(tools ? { tools: unwrap(tools).text.slice(0, 80) } : {}) },
    maxTurns,
    structuredOutput: agent.args.named.has('output') || agent.args.named.has('experimental_output'),
  };
}

/** The harness a `HarnessAgent` is given: `createCodex({...})` of `@ai-sdk/harness-codex`, through local wrappers. */
function harnessOf(node: Node, ctx: PromptContext, depth = 0): { name: string; args: Args } | undefined {
  if (depth > 3) return undefined;
  let cur = unwrap(node);
  for (let i = 0; i < 8 && cur.type === 'identifier'; i++) {
    const found = ctx.scope.lookup(cur.text, cur);
    if (!found.value || found.param) return undefined;
    cur = unwrap(found.value);
  }
  if (!isCall(cur)) return undefined;
  const callee = calleeOf(cur);
  const chain = callee ? memberChain(callee) : undefined;
  if (!callee || chain?.root.type !== 'identifier') return undefined;
  const imp = importedAs(chain.root.text, cur, ctx);
  if (imp?.module.startsWith('@ai-sdk/harness-')) return { name: imp.module.slice('@ai-sdk/harness-'.length), args: callArgs(cur, ctx) };
  const fn = callableOf(callee, ctx);
  if (fn?.kind !== 'function') return undefined;
  const inner = { ...ctx, ...enterCall(fn, cur, ctx) };
  for (const r of returnExpressions(fn.node)) {
    const h = harnessOf(r, inner, depth + 1);
    if (h) return h;
  }
  return undefined;
}

/** A run of a `HarnessAgent` (an agent CLI such as Codex or Claude Code driven through the SDK). */
function harnessRun(agent: FrameworkObject, run: Args, info: CallInfo, ctx: PromptContext): DetectedCall {
  const b = info.build;
  const a = { ...ctx, ...(agent.args.ctx ?? {}) };
  const hNode = argValue(agent.args, ['harness']);
  const h = hNode ? harnessOf(hNode, a) : undefined;
  const modelNode = h ? argValue(h.args, ['model']) : undefined;
  let model: DetectedCall['model'];
  if (modelNode) model = resolveValue(modelNode, { ...a, ...(h!.args.ctx ?? {}), callers: true });
  else {
    const d = h ? sdkDefault(`vercel-ai harness-${h.name}`, 'model', ctx, `${h.name} harness default model`) : undefined;
    model = d ? { kind: 'default', value: String(d.value), reason: d.reason } : { kind: 'unknown', reason: h ? `the ${h.name} harness names no model: its agent CLI's own default applies` : 'the harness could not be read' };
  }
  addPrompt(b, { ...agent.args, named: new Map([...agent.args.named].filter(([k]) => k === 'instructions')) }, ctx);
  addPrompt(b, run, ctx);
  const bound = stepBound(run, ctx) ?? stepBound(agent.args, ctx);
  if (!bound) b.notes.push('the harness runs its own agent loop: its number of model calls is not in the code');
  return {
    provider: providerFor(h ? HARNESS_PROVIDERS[h.name] : undefined, model),
    api: `HarnessAgent.${info.method}`,
    sdk: AI_SDK,
    operation: 'agent-run',
    modelNode: modelNode ?? hNode,
    model,
    build: b,
    params: { ...(h ? { harness: h.name } : {}) },
    maxTurns: bound?.value !== undefined ? { value: bound.value, param: bound.param, isDefault: false, reason: `up to ${bound.value} steps (${bound.param}(${bound.value}))` } : undefined,
  };
}

export const aiSdk: Framework = {
  id: FAMILY,
  callNames: [...Object.keys(FUNCTIONS), ...AGENT_UI, 'generate', 'stream', 'respond', 'continueStream'],
  objects: [
    { kind: 'agent', names: ['ToolLoopAgent', 'Experimental_Agent', 'Agent'], modules: ['ai'] },
    { kind: 'harness-agent', names: ['HarnessAgent'], modules: ['@ai-sdk/harness'] },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (!info.members.length) return detectFunction(info, ctx);
    if (!['generate', 'stream', 'respond', 'continueStream'].includes(info.method)) return undefined;
    const r = info.receiver();
    if (r.type === 'framework' && r.framework === FAMILY && r.kind === 'harness-agent') return harnessRun(r, optionsArgs(info.call, ctx), info, ctx);
    const agent = agentOf(r);
    if (!agent || info.method === 'continueStream') return undefined;
    return agentRun(agent, optionsArgs(info.call, ctx), info.method, info, ctx);
  },
};
