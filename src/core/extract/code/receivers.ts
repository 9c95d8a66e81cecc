// What an object is: an SDK client, a chat model, a chain, a router, an agent… found by following
// the receiver of a call back to the constructor or factory that made it.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, dotted, field, isCall, kids, memberChain, objectArgs, unwrap, walk } from './ast';
import type { ImportBinding } from './scope';
import { callableOf, contextFor, ctxOf, destructured, enterCall, externalImport, resolveValue, returnExpressions, single, userSessionStored, withSplats } from './values';
import type { Value, ValueContext } from './values';
import { own } from '../../util/own';
import { frameworkObject } from './frameworks';
import { instanceMethod } from './frameworks/instances';
import { compatibleClient, openAiEndpoint } from './frameworks/openaiCompatible';
import { modelDouble } from './frameworks/testDoubles';
import { langchainLlm } from './frameworks/langchainModels';

export type Receiver =
  /** `selfHosted`/`endpoint`: an OpenAI client whose base URL is the user's own server, or names its host. */
  | { type: 'client'; sdk: 'openai' | 'anthropic' | 'google-genai' | 'google-generativeai'; provider: string; azure?: boolean; ctor: string; selfHosted?: string; endpoint?: string }
  | { type: 'module'; module: string }
  | { type: 'generative-model'; provider: 'google'; args: Args; ctor: string }
  /** `module`/`node`: where the class is imported from and the call that makes it (for the class's defaults). */
  | { type: 'chat-model'; framework: 'langchain' | 'llamaindex'; provider: string; args: Args; ctor: string; modelFromFirstArg?: boolean; module?: string; node?: Node }
  | { type: 'chain'; model?: Extract<Receiver, { type: 'chat-model' }>; prompt?: Node; structured?: boolean }
  | { type: 'router'; args: Args }
  | { type: 'query-engine'; args: Args; model?: Extract<Receiver, { type: 'chat-model' }> }
  | { type: 'runner' }
  /** An object of an agent framework (an agent, a crew, a model class): its detector reads it. */
  | { type: 'framework'; framework: string; kind: string; ctor: string; args: Args; node: Node; module: string }
  | { type: 'unknown'; reason: string };

const OPENAI_CLIENTS = new Set(['OpenAI', 'AsyncOpenAI', 'AzureOpenAI', 'AsyncAzureOpenAI']);
const ANTHROPIC_CLIENTS = new Set(['Anthropic', 'AsyncAnthropic', 'AnthropicBedrock', 'AsyncAnthropicBedrock', 'AnthropicVertex', 'AsyncAnthropicVertex', 'AnthropicFoundry']);

/** LangChain chat model classes → provider (as the price catalogue names it). */
const LANGCHAIN_MODELS: Record<string, string> = {
  ChatOpenAI: 'openai',
  AzureChatOpenAI: 'openai',
  ChatAnthropic: 'anthropic',
  ChatAnthropicVertex: 'anthropic',
  ChatGoogleGenerativeAI: 'google',
  ChatVertexAI: 'google',
  ChatBedrock: 'aws',
  ChatBedrockConverse: 'aws',
  ChatMistralAI: 'mistral',
  ChatGroq: 'groq',
  ChatDeepSeek: 'deepseek',
  ChatXAI: 'x-ai',
  ChatOllama: 'unknown',
  ChatLiteLLM: 'unknown',
  ChatTogether: 'together',
  ChatFireworks: 'fireworks',
  ChatCohere: 'cohere',
};

/** LlamaIndex LLM classes (imported from llama_index.llms.* or the JS packages). */
const LLAMAINDEX_MODELS: Record<string, string> = {
  OpenAI: 'openai',
  AzureOpenAI: 'openai',
  Anthropic: 'anthropic',
  Gemini: 'google',
  GoogleGenAI: 'google',
  Vertex: 'google',
  MistralAI: 'mistral',
  Groq: 'groq',
  DeepSeek: 'deepseek',
  Bedrock: 'aws',
  BedrockConverse: 'aws',
  LiteLLM: 'unknown',
  Ollama: 'unknown',
  OpenAIResponses: 'openai',
  AzureOpenAIResponses: 'openai',
  DeepSeekLLM: 'deepseek',
  XAILLM: 'x-ai',
  TogetherLLM: 'together',
  FireworksLLM: 'fireworks',
  Fireworks: 'fireworks',
  Perplexity: 'perplexity',
  ReplicateLLM: 'replicate',
  Replicate: 'replicate',
  OpenRouter: 'openrouter',
  OpenAILike: 'unknown',
  Cohere: 'cohere',
  DeepInfra: 'deepinfra',
  GoogleStudio: 'google',
  HuggingFaceInferenceAPI: 'huggingface',
  HuggingFaceLLM: 'unknown',
  LlamaCPP: 'unknown',
  VLLM: 'unknown',
  Vllm: 'unknown',
  VercelLLM: 'unknown',
  // @llamaindex/portkey-ai: a gateway; the model and its host are in `llms: [{ provider, model }]`.
  Portkey: 'unknown',
  LlamaDeuce: 'replicate',
  AnthropicMultiModal: 'anthropic',
  OpenAIMultiModal: 'openai',
  GeminiMultiModal: 'google',
  // LlamaIndexTS's factories (`openai({ model })`), imported from @llamaindex/* like the classes.
  openai: 'openai',
  openaiResponses: 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  groq: 'groq',
  deepseek: 'deepseek',
  mistral: 'mistral',
  xai: 'x-ai',
  together: 'together',
  fireworks: 'fireworks',
  perplexity: 'perplexity',
  replicate: 'replicate',
  deepinfra: 'deepinfra',
  huggingface: 'unknown',
  ollama: 'unknown',
  vercel: 'unknown',
};

/** Packages of LangChain itself whose `Chat…` names are not models (prompts, histories, messages). */
const LANGCHAIN_NOT_PARTNERS = /^(langchain_core|langchain_text_splitters|langchain_experimental|langchain_classic|langchain_tests|langgraph|@langchain\/(core|langgraph|textsplitters))\b/;

/**
 * A chat model of any LangChain partner package (`ChatNVIDIA` from langchain_nvidia_ai_endpoints,
 * `ChatWatsonx`, `ChatCloudflareWorkersAI`…): a `Chat…` class imported from a `langchain_*` or
 * `@langchain/*` package (or a `chat_models` module) and given a model. Its provider, where the
 * package names one the price catalogue knows, else unknown (the model id may still say).
 */
function langchainPartnerModel(name: string, module: string, args: Args): string | undefined {
  if (!/^Chat[A-Z][A-Za-z0-9]*$/.test(name) || /(Template|History|Message|Prompt|Value|Result|Generation|Chunk|Session|Memory|Loader)$/.test(name)) return undefined;
  if (!/^(langchain_|langchain\.|@langchain\/)/.test(module) || LANGCHAIN_NOT_PARTNERS.test(module)) return undefined;
  const chatModels = /(^|[./])chat_models\b/.test(module);
  // Given a model, or splatted arguments that may carry one (`ChatNetmind(**kwargs)` in a provider factory).
  if (!chatModels && !args.splats?.length && !['model', 'model_name', 'model_id', 'modelName', 'modelId'].some((k) => args.named.has(k))) return undefined;
  const partner = /^(?:langchain_|@langchain\/)([a-z0-9-]+)/.exec(module)?.[1]?.replace(/-/g, '_') ?? '';
  return own(LANGCHAIN_PARTNER_PROVIDERS, partner) ?? 'unknown';
}

/** LangChain partner packages → provider, where the package's name is not the provider's. */
const LANGCHAIN_PARTNER_PROVIDERS: Record<string, string> = {
  nvidia_ai_endpoints: 'nvidia',
  google_genai: 'google',
  google_vertexai: 'google',
  aws: 'aws',
  openai: 'openai',
  anthropic: 'anthropic',
  mistralai: 'mistral',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x-ai',
  together: 'together',
  fireworks: 'fireworks',
  cohere: 'cohere',
  perplexity: 'perplexity',
  cerebras: 'cerebras',
  openrouter: 'openrouter',
};

/** The class a call constructs: Python generics `Agent[Ctx](…)` construct `Agent`. */
function ctorOf(call: Node): Node | undefined {
  const c = calleeOf(call);
  return c?.type === 'subscript' ? field(c, 'value') ?? c : c;
}

function ctorName(call: Node): { name?: string; full?: string } {
  const c = ctorOf(call);
  if (!c) return {};
  const full = dotted(c);
  const chain = memberChain(c);
  const name = chain.members.length ? chain.members[chain.members.length - 1] : chain.root.type === 'identifier' ? chain.root.text : undefined;
  return { name, full };
}

function importOf(call: Node, ctx: ValueContext): ImportBinding | undefined {
  const c = ctorOf(call);
  if (!c) return undefined;
  const chain = memberChain(c);
  if (chain.root.type !== 'identifier') return undefined;
  const found = ctx.scope.lookup(chain.root.text, call);
  return found.imported && !found.value ? externalImport(found.imported, ctx) : undefined;
}

/** A constructor's or factory's arguments (a JS options object's properties), read where the call is. */
export function callArgs(call: Node, ctx?: ValueContext): Args {
  const a = argsOf(call);
  const first = a.positional[0] ? unwrap(a.positional[0]) : undefined;
  const out = first?.type === 'object' && a.named.size === 0 ? objectArgs(first, { positional: a.positional.slice(1), named: new Map(), spread: a.spread }) : a;
  if (!ctx) return out;
  return { ...withSplats(out, ctx), ctx };
}

/** A receiver found through a value (an argument, an imported object, a factory's result). */
function classifyValue(v: Value, ctx: ValueContext, depth: number): Receiver | undefined {
  for (const o of v.kind === 'union' ? v.options : [v]) {
    if (!o.node || o.kind === 'unknown' || o.kind === 'string' || o.kind === 'number' || o.kind === 'bool') continue;
    if (o.kind === 'imported') {
      if (o.binding.name === '*') return { type: 'module', module: o.binding.module };
      if (o.binding.name === 'Runner') return { type: 'runner' };
      continue;
    }
    const r = classifyReceiver(o.node, ctxOf(o, ctx), depth + 1);
    if (r.type !== 'unknown') return r;
  }
  return undefined;
}

/**
 * The object a lookup in a registry dict gives (`{'general': gp_agent, 'cardiology': cardio_agent}`):
 * when every value is the same kind of object made with the same model argument, that object;
 * otherwise nothing (which entry a run picks is not in the code).
 */
function registryEntry(dictNode: Node | undefined, ctx: ValueContext, depth: number): Receiver | undefined {
  if (!dictNode) return undefined;
  const d = resolveValue(dictNode, ctx);
  if (d.kind !== 'dict' || d.entries.size === 0 || d.entries.size > 32) return undefined;
  const dctx = ctxOf(d, ctx);
  const found = [...d.entries.values()].map((v) => classifyReceiver(v, dctx, depth + 1));
  const first = found[0];
  if (first.type !== 'framework') return undefined;
  const modelText = (r: Receiver) => (r.type === 'framework' ? (r.args.named.get('model') ?? r.args.positional[0])?.text ?? '' : undefined);
  const same = found.every((r) => r.type === 'framework' && r.framework === first.framework && r.kind === first.kind && modelText(r) === modelText(first));
  return same ? first : undefined;
}

/** Classify what a receiver expression holds. */
/**
 * What a React ref holds (`const session = useRef<RealtimeSession>(null)`, then `session.current =
 * created` in an effect): the first object assigned to `ref.current` in the file that is one this
 * analysis knows, else the ref's initial value.
 */
function refHeld(root: Node, ctx: ValueContext, depth: number): Receiver | undefined {
  const found = ctx.scope.lookup(root.text, root);
  const init = found.value && !found.param ? unwrap(found.value) : undefined;
  const callee = init && isCall(init) ? calleeOf(init) : undefined;
  if (!callee || !/^(React\.)?useRef$/.test(callee.text)) return undefined;
  const assigned: Node[] = [];
  walk(ctx.scope.root, (n) => {
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (left && right && left.type === 'member_expression' && unwrap(left).text === `${root.text}.current`) assigned.push(right);
  }, new Set(['assignment_expression']));
  const first = argsOf(init!).positional[0];
  for (const v of [...assigned, ...(first ? [first] : [])]) {
    const r = classifyReceiver(v, ctx, depth + 1);
    if (r.type !== 'unknown') return r;
  }
  return undefined;
}

export function classifyReceiver(node: Node | undefined, ctx: ValueContext, depth = 0): Receiver {
  if (!node) return { type: 'unknown', reason: 'no receiver' };
  if (depth > 12) return { type: 'unknown', reason: 'too many indirections' };
  const n = unwrap(node);
  ctx = contextFor(n, ctx);
  // Follow names to what was assigned.
  // A shorthand property (`{ agent }`) is the name it repeats.
  if (n.type === 'identifier' || n.type === 'shorthand_property_identifier' || n.type === 'attribute' || n.type === 'member_expression') {
    const chain = memberChain(n);
    const isSelf = chain.root.type === 'this' || (chain.root.type === 'identifier' && chain.root.text === 'self');
    const name = isSelf && chain.members.length === 1 ? `${chain.root.text}.${chain.members[0]}` : n.type === 'identifier' || n.type === 'shorthand_property_identifier' ? n.text : undefined;
    if (name) {
      const found = ctx.scope.lookup(name, n);
      if (found.value && !found.param) {
        const part = destructured(found.value, name, ctx);
        return part ? classifyReceiver(part.node, part.ctx, depth + 1) : classifyReceiver(found.value, ctx, depth + 1);
      }
      // A parameter (an argument of the helper call followed, or what callers pass), an imported
      // object, a class field: through the value.
      if (found.param || found.imported || isSelf) {
        const v = resolveValue(n, { ...ctx, callers: true });
        const r = classifyValue(v, ctx, depth);
        if (r) return r;
      }
      if (found.value) return classifyReceiver(found.value, ctx, depth + 1);
      if (found.imported) {
        const imp = externalImport(found.imported, ctx);
        if (imp.name === '*') return { type: 'module', module: imp.module };
        if (imp.name === 'Runner') return { type: 'runner' };
      }
      return { type: 'unknown', reason: found.param ? `\`${name}\` is a parameter` : `\`${name}\` is not assigned in this file` };
    }
    if (chain.root.type === 'identifier' && chain.members.length === 1 && chain.members[0] === 'current') {
      const held = refHeld(chain.root, ctx, depth);
      if (held) return held;
    }
    if (chain.root.type === 'identifier' && chain.members.length) {
      // module.attr, e.g. `openai` module-level client or `genai.GenerativeModel`
      const found = ctx.scope.lookup(chain.root.text, n);
      const imp = found.imported && !found.value ? externalImport(found.imported, ctx) : undefined;
      if (imp?.name === '*') {
        // A workspace module's object: `llm.client` where llm.py makes the client.
        const exp = ctx.program?.exportOf(ctx.path, imp.module, '*');
        const inner = exp?.kind === 'module' && chain.members.length === 1 ? ctx.program!.exportFrom(exp.path, chain.members[0], 0) : undefined;
        if (inner?.kind === 'value') return classifyReceiver(inner.node, inner.ctx, depth + 1);
        // `st.session_state.agent`: what the app stored under that key (read below), not the module.
        if (!exp && !(imp.module === 'streamlit' && chain.members[0] === 'session_state')) return { type: 'module', module: imp.module };
      }
      // A config object's attribute: `self.config.llm`, `settings.client`.
      const v = resolveValue(n, { ...ctx, callers: true });
      const r = classifyValue(v, ctx, depth);
      if (r) return r;
    }
    return { type: 'unknown', reason: `\`${n.text}\`` };
  }
  if (n.type === 'binary_operator' || n.type === 'binary_expression') {
    // LCEL: prompt | llm | parser
    if (n.text.includes('|')) {
      const operands: Node[] = [];
      const flatten = (x: Node) => {
        const u = unwrap(x);
        if ((u.type === 'binary_operator' || u.type === 'binary_expression') && (field(u, 'operator')?.text ?? u.child(1)?.text) === '|') {
          flatten(field(u, 'left')!);
          flatten(field(u, 'right')!);
        } else operands.push(u);
      };
      flatten(n);
      let model: Extract<Receiver, { type: 'chat-model' }> | undefined;
      let structured = false;
      for (const o of operands) {
        const r = classifyReceiver(o, ctx, depth + 1);
        if (r.type === 'chat-model') model ??= r;
        if (r.type === 'chain' && r.model) {
          model ??= r.model;
          structured ||= !!r.structured;
        }
      }
      return { type: 'chain', model, prompt: operands[0], structured };
    }
  }
  if (n.type === 'conditional_expression' || n.type === 'ternary_expression') {
    // `OpenAI() if x else AzureOpenAI()`: either branch; the first that is understood.
    for (const b of n.type === 'ternary_expression' ? [field(n, 'consequence'), field(n, 'alternative')] : [kids(n)[0], kids(n)[2]]) {
      const r = b ? classifyReceiver(b, ctx, depth + 1) : undefined;
      if (r && r.type !== 'unknown') return r;
    }
  }
  // `AGENTS[name]`: one of a dict's values.
  if (n.type === 'subscript' || n.type === 'subscript_expression') {
    const r = registryEntry(field(n, n.type === 'subscript' ? 'value' : 'object'), ctx, depth);
    if (r) return r;
  }
  if (!isCall(n)) return { type: 'unknown', reason: `\`${n.text.slice(0, 40)}\`` };
  // `SPECIALISTS.get(name)`: one of a dict's values.
  const getter = calleeOf(n);
  if (getter?.type === 'attribute' && field(getter, 'attribute')?.text === 'get') {
    // `chain = cl.user_session.get("chain")`: the object a Chainlit handler stored under that key.
    const stored = userSessionStored(n, ctx);
    if (stored) {
      for (const v of stored) {
        const r = classifyReceiver(v, ctx, depth + 1);
        if (r.type !== 'unknown') return r;
      }
      return { type: 'unknown', reason: stored.length ? `\`${n.text.slice(0, 40)}\` holds an object this analysis does not know` : `\`${n.text.slice(0, 40)}\` is set at run time (nothing in the file stores that key in Chainlit's user session)` };
    }
    const r = registryEntry(field(getter, 'object'), ctx, depth);
    if (r) return r;
  }
  // A framework's object or a LlamaIndex LLM imported from its package is that object, even where
  // the workspace holds the package's source (a framework's own examples) and it could be followed.
  const early = ctorName(n);
  const earlyImport = early.name ? importOf(n, ctx) : undefined;
  if (early.name && earlyImport) {
    if (own(LLAMAINDEX_MODELS, early.name) && /^(llama_index|llamaindex|@llamaindex)/.test(earlyImport.module)) return { type: 'chat-model', framework: 'llamaindex', provider: own(LLAMAINDEX_MODELS, early.name)!, args: callArgs(n, ctx), ctor: early.name };
    const byFull = early.full && early.full !== early.name ? frameworkObject(early.full, earlyImport.module) : undefined;
    // `from agno.agent import Agent as AgnoAgent`: the class is the imported name, not the alias.
    const original = early.full === early.name && earlyImport.name !== '*' ? earlyImport.name : early.name;
    const fw = byFull ?? frameworkObject(original, earlyImport.module);
    if (fw) return { type: 'framework', framework: fw.framework, kind: fw.spec.kind, ctor: byFull ? early.full! : original, args: callArgs(n, ctx), node: n, module: earlyImport.module };
  }
  // A helper of the workspace that makes the object: what it returns for these arguments.
  const calleeNode = calleeOf(n);
  // A method of an instance of a workspace class (`TripAgents().city_agent()`) is such a helper too.
  const helper = calleeNode ? callableOf(calleeNode, ctx) ?? instanceMethod(calleeNode, ctx) : undefined;
  if (helper?.kind === 'function') {
    const inner = enterCall(helper, n, ctx);
    for (const r of returnExpressions(helper.node).reverse()) {
      const found = classifyReceiver(r, inner, depth + 1);
      if (found.type !== 'unknown') return found;
    }
  }
  const { name, full } = ctorName(n);
  const imp = importOf(n, ctx);
  const module = imp?.module ?? (full && full.includes('.') ? full.split('.')[0] : '');
  if (!name) return { type: 'unknown', reason: 'call' };

  // Methods that return a configured copy of a model: llm.bind_tools(...), llm.with_structured_output(...)
  const callee = calleeOf(n)!;
  if ((callee.type === 'attribute' || callee.type === 'member_expression') && ['bind_tools', 'bindTools', 'with_structured_output', 'withStructuredOutput', 'bind', 'with_config', 'withConfig', 'with_retry', 'withRetry'].includes(name)) {
    let inner = classifyReceiver(field(callee, 'object'), ctx, depth + 1);
    // `configurable_model.with_config({"model": …, "max_tokens": …})`: the config sets the model's fields.
    if (name === 'with_config' || name === 'withConfig') {
      const model = inner.type === 'chat-model' ? inner : inner.type === 'chain' ? inner.model : undefined;
      const set = model ? configuredFields(n, ctx) : undefined;
      if (model && set) {
        const sameFile = !model.args.ctx || model.args.ctx.path === ctx.path;
        const named = new Map([...(sameFile ? model.args.named : []), ...set.named]);
        const positional = sameFile && !(model.modelFromFirstArg && set.named.has('model')) ? model.args.positional : [];
        const configured = { ...model, args: { positional, named, spread: false, ...(set.ctx ? { ctx: set.ctx } : {}) } };
        inner = inner.type === 'chain' ? { ...inner, model: configured } : configured;
      }
    }
    if (inner.type === 'chat-model') return { type: 'chain', model: inner, structured: /structured/i.test(name) };
    return inner;
  }
  if ((callee.type === 'attribute' || callee.type === 'member_expression') && ['as_query_engine', 'as_chat_engine', 'asQueryEngine', 'asChatEngine'].includes(name)) {
    const args = callArgs(n, ctx);
    const llm = args.named.get('llm');
    const legacy = llm ? undefined : serviceContextLlm(args.named.get('service_context'), ctx);
    const m = llm ? classifyReceiver(llm, ctx, depth + 1) : legacy ? classifyReceiver(legacy.node, legacy.ctx, depth + 1) : undefined;
    return { type: 'query-engine', args, model: m?.type === 'chat-model' ? m : undefined };
  }
  if (name === 'GenerativeModel' || name === 'getGenerativeModel') return { type: 'generative-model', provider: 'google', args: callArgs(n, ctx), ctor: name };
  if (name === 'start_chat' || name === 'startChat') {
    return classifyReceiver(field(callee, 'object'), ctx, depth + 1);
  }
  if ((name === 'create' || name === 'chats') && full?.includes('chats')) {
    // client.chats.create(model=…) → a chat session whose send_message calls the model
    return { type: 'generative-model', provider: 'google', args: callArgs(n, ctx), ctor: 'chats.create' };
  }
  // Objects of the agent frameworks (frameworks/): agents, crews, model classes, test doubles.
  const fwModule = imp?.module ?? (full && full.includes('.') ? full.split('.').slice(0, -1).join('.') : '');
  // A static factory (`Agent.create(…)`) is listed by its dotted name.
  const byFull = full && full !== name ? frameworkObject(full, fwModule) : undefined;
  const fw = byFull ?? frameworkObject(name, fwModule);
  if (fw) return { type: 'framework', framework: fw.framework, kind: fw.spec.kind, ctor: byFull ? full! : name, args: callArgs(n, ctx), node: n, module: imp?.module ?? '' };
  // A class of the workspace standing in for a model (frameworks/testDoubles.ts): a test double.
  if (helper?.kind === 'class' && modelDouble(helper.node, helper.ctx)) return { type: 'framework', framework: 'test-doubles', kind: 'model-double', ctor: name, args: callArgs(n, ctx), node: n, module: imp?.module ?? '' };
  const fromLlamaIndex = module.startsWith('llama_index') || module.startsWith('llamaindex') || module.startsWith('@llamaindex');
  const llamaProvider = own(LLAMAINDEX_MODELS, name);
  if (fromLlamaIndex && llamaProvider) return { type: 'chat-model', framework: 'llamaindex', provider: llamaProvider, args: callArgs(n, ctx), ctor: name };
  // LangChain's completion classes (`langchain.llms.OpenAI`) share names with SDK clients: the module decides.
  const llm = langchainLlm(name, imp?.module ?? (full && full.includes('.') ? full.split('.').slice(0, -1).join('.') : ''));
  if (llm) return { type: 'chat-model', framework: 'langchain', provider: llm, args: callArgs(n, ctx), ctor: name, module: imp?.module ?? fwModule, node: n };
  // The base URL decides who bills (frameworks/openaiCompatible.ts): Groq, OpenRouter, a local server…
  if (OPENAI_CLIENTS.has(name)) return { type: 'client', sdk: 'openai', azure: name.includes('Azure'), ctor: name, ...openAiEndpoint(callArgs(n, ctx), ctx) };
  const compatible = compatibleClient(name, module);
  if (compatible) return { type: 'client', sdk: 'openai', provider: compatible, ctor: name };
  // `anthropic.Client` / `AsyncClient`: the SDK's legacy aliases of Anthropic / AsyncAnthropic.
  if (ANTHROPIC_CLIENTS.has(name) || ((name === 'Client' || name === 'AsyncClient') && module === 'anthropic')) return { type: 'client', sdk: 'anthropic', provider: 'anthropic', ctor: name };
  if (name === 'GoogleGenAI' || (name === 'Client' && (module.includes('genai') || full === 'genai.Client'))) return { type: 'client', sdk: 'google-genai', provider: 'google', ctor: name };
  if (name === 'GoogleGenerativeAI') return { type: 'client', sdk: 'google-generativeai', provider: 'google', ctor: name };
  const langchainProvider = own(LANGCHAIN_MODELS, name) ?? langchainPartnerModel(name, module, callArgs(n));
  if (langchainProvider) return { type: 'chat-model', framework: 'langchain', provider: langchainProvider, args: callArgs(n, ctx), ctor: name, module: imp?.module ?? fwModule, node: n };
  if (name === 'init_chat_model' || name === 'initChatModel') return { type: 'chat-model', framework: 'langchain', provider: 'unknown', args: callArgs(n, ctx), ctor: name, modelFromFirstArg: true };
  if (name === 'Router' && (module.includes('litellm') || full === 'litellm.Router')) return { type: 'router', args: callArgs(n, ctx) };
  if (name === 'Runner') return { type: 'runner' };
  if (name === 'clone' || name === 'clone_with') {
    return classifyReceiver(field(callee, 'object'), ctx, depth + 1);
  }
  return { type: 'unknown', reason: `made by \`${full ?? name}(…)\`` };
}

/**
 * The LLM a LlamaIndex `ServiceContext.from_defaults(llm=…)` (before 0.10; also through
 * `llm_predictor=LLMPredictor(llm=…)`) hands the engine made with it, or undefined.
 */
function serviceContextLlm(node: Node | undefined, ctx: ValueContext): { node: Node; ctx: ValueContext } | undefined {
  if (!node) return undefined;
  const v = single(resolveValue(node, ctx));
  const call = v.node ? unwrap(v.node) : undefined;
  if (v.kind !== 'call' || !call || !isCall(call) || !/(^|\.)ServiceContext\.from_defaults$/.test(calleeOf(call)?.text ?? '')) return undefined;
  const vctx = ctxOf(v, ctx);
  const a = argsOf(call);
  const llm = a.named.get('llm');
  if (llm) return { node: llm, ctx: vctx };
  const predictor = a.named.get('llm_predictor');
  const p = predictor ? single(resolveValue(predictor, vctx)) : undefined;
  const pc = p?.node ? unwrap(p.node) : undefined;
  const inner = p?.kind === 'call' && pc && isCall(pc) ? argsOf(pc).named.get('llm') : undefined;
  return inner ? { node: inner, ctx: ctxOf(p!, vctx) } : undefined;
}

const CONFIGURABLE_FIELDS = new Set(['model', 'model_provider', 'modelProvider', 'max_tokens', 'maxTokens', 'temperature', 'reasoning_effort', 'reasoningEffort']);

/**
 * The model fields a `with_config(…)` sets: keys of the config (a dict or its variable) and of its
 * `configurable` dict, as LangChain's configurable models (`init_chat_model(configurable_fields=…)`)
 * read them. Undefined when it sets none of them.
 */
function configuredFields(call: Node, ctx: ValueContext): Args | undefined {
  const a = argsOf(call);
  const named = new Map<string, Node>();
  let at: ValueContext | undefined;
  const take = (node: Node | undefined, c: ValueContext, level: number) => {
    if (!node || level > 1) return;
    const v = resolveValue(node, c);
    if (v.kind !== 'dict') return;
    const vc = ctxOf(v, c);
    for (const [k, valueNode] of v.entries) {
      if (k === 'configurable') take(valueNode, vc, level + 1);
      else if (CONFIGURABLE_FIELDS.has(k)) {
        named.set(k, valueNode);
        at ??= vc;
      }
    }
  };
  take(a.positional[0] ?? a.named.get('config'), ctx, 0);
  for (const [k, valueNode] of a.named) {
    if (k === 'configurable') take(valueNode, ctx, 1);
    else if (CONFIGURABLE_FIELDS.has(k)) named.set(k, valueNode);
  }
  if (!named.size) return undefined;
  return { positional: [], named, spread: false, ...(at && at.path !== ctx.path ? { ctx: at } : {}) };
}

/** The value of a named argument of a constructor/factory, or of the options object. */
export function argValue(args: Args, names: string[]): Node | undefined {
  for (const n of names) {
    const v = args.named.get(n);
    if (v) return v;
  }
  return undefined;
}

