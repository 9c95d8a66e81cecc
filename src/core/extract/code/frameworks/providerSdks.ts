// Provider SDKs with their own interface: Mistral (`Mistral().chat.complete/stream`, the older
// `MistralClient().chat`), Cohere (`ClientV2().chat/chat_stream/embed`, v1 `Client().chat(message=…)`),
// the xAI SDK (`client.chat.create(model=…)` then `.sample()`), Azure AI Inference
// (`ChatCompletionsClient(...).complete`, JS `ModelClient(...).path('/chat/completions').post`),
// Ollama (`ollama.chat/generate/embed`: self-hosted unless it is Ollama's cloud), vLLM's offline
// `LLM(model=…).generate/chat` (self-hosted) and Voyage embeddings (`voyageai.Client().embed`).
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, field, memberChain, unwrap } from '../ast';
import { callArgsOf, capOf, DetectedCall, inArgs, nextIndex, Operation, optionsArgs, paramsOf, providerFor } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import { resolveValue, single, Value } from '../values';
import { own } from '../../../util/own';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { endpointOf, urlText } from './hosts';
import { bodyArgs, bodyCap, endsWithPath, frameworkReceiver, modelValue, receiverBelow } from './providerKit';

type Model = Value | { kind: 'default'; value: string; reason: string };

/** The call site every provider SDK returns, with what is common filled in. */
function site(f: { provider: string; api: string; sdk: string; operation?: Operation; modelNode?: Node; model: Model; info: CallInfo; args: Args; ctx: PromptContext; cap?: DetectedCall['outputCap']; selfHosted?: string }): DetectedCall {
  return {
    provider: f.provider,
    api: f.api,
    sdk: f.sdk,
    ...(f.operation && f.operation !== 'chat' ? { operation: f.operation } : {}),
    ...(f.selfHosted ? { selfHosted: f.selfHosted } : {}),
    modelNode: f.modelNode,
    model: f.model,
    build: f.info.build,
    outputCap: f.operation === 'embedding' ? undefined : f.cap ?? capOf(f.args, f.ctx),
    params: paramsOf(f.args, f.ctx),
  };
}

/** Input texts of an embedding request, as one user message (a list is sized item by item). */
function addInput(info: CallInfo, node: Node | undefined, ctx: PromptContext): void {
  if (node) addText(info.build, node, 'user', nextIndex(info.build), ctx);
}

// --- Mistral -------------------------------------------------------------------------------------

const MISTRAL_MODULES = ['mistralai', '@mistralai/mistralai'];
const CONVERSATION_METHODS = ['start', 'start_async', 'start_stream', 'start_stream_async', 'append', 'append_async', 'append_stream', 'append_stream_async', 'restart', 'restart_async'];

export const mistral: Framework = {
  id: 'mistral',
  callNames: ['complete', 'complete_async', 'stream', 'stream_async', 'parse', 'parse_async', 'parse_stream', 'parse_stream_async', 'create', 'create_async', 'chat', 'chat_stream', 'chatStream', 'embeddings', 'completion', ...CONVERSATION_METHODS, 'process', 'process_async'],
  objects: [
    { kind: 'client', names: ['Mistral'], modules: MISTRAL_MODULES },
    // mistralai < 1.0: `MistralClient(api_key=…).chat(model=…, messages=[ChatMessage(…)])`.
    { kind: 'legacy-client', names: ['MistralClient', 'MistralAsyncClient'], modules: MISTRAL_MODULES },
  ],
  detect(info, ctx) {
    const args = optionsArgs(info.call, ctx);
    const m = argValue(args, ['model']);
    const model = modelValue(m, args, ctx, 'no model argument');
    const b = info.build;
    const chat = (api: string) => {
      addMessages(b, args.named.get('messages'), ctx);
      return site({ provider: providerFor('mistral', model), api, sdk: 'mistral', modelNode: m, model, info, args, ctx });
    };
    // mistralai >= 1.0 (Python and JS): client.chat.complete / stream / parse, fim, embeddings, audio.
    if (endsWithPath(info, ['chat', 'complete|complete_async|stream|stream_async|parse|parse_async|parse_stream|parse_stream_async'])) {
      return frameworkReceiver(receiverBelow(info, 2, ctx), 'mistral', ['client']) ? chat(`chat.${info.method}`) : undefined;
    }
    if (endsWithPath(info, ['fim', 'complete|complete_async|stream|stream_async'])) {
      if (!frameworkReceiver(receiverBelow(info, 2, ctx), 'mistral', ['client'])) return undefined;
      addText(b, args.named.get('prompt'), 'user', 0, ctx);
      return site({ provider: 'mistral', api: `fim.${info.method}`, sdk: 'mistral', modelNode: m, model, info, args, ctx });
    }
    if (endsWithPath(info, ['embeddings', 'create|create_async'])) {
      if (!frameworkReceiver(receiverBelow(info, 2, ctx), 'mistral', ['client'])) return undefined;
      addInput(info, args.named.get('inputs') ?? args.named.get('input'), ctx);
      return site({ provider: 'mistral', api: 'embeddings.create', sdk: 'mistral', operation: 'embedding', modelNode: m, model, info, args, ctx });
    }
    if (endsWithPath(info, ['audio', 'transcriptions|speech', 'complete|complete_async|stream|stream_async'])) {
      if (!frameworkReceiver(receiverBelow(info, 3, ctx), 'mistral', ['client'])) return undefined;
      if (info.members[info.members.length - 2] === 'speech') addText(b, args.named.get('input'), 'user', 0, ctx);
      return site({ provider: 'mistral', api: `audio.${info.members[info.members.length - 2]}`, sdk: 'mistral', operation: 'audio', modelNode: m, model, info, args, ctx });
    }
    // Document AI: client.ocr.process(model="mistral-ocr-latest", document=…), billed per page.
    if (endsWithPath(info, ['ocr', 'process|process_async'])) {
      if (!frameworkReceiver(receiverBelow(info, 2, ctx), 'mistral', ['client'])) return undefined;
      return site({ provider: 'mistral', api: 'ocr.process', sdk: 'mistral', operation: 'image', modelNode: m, model, info, args, ctx });
    }
    // Agents and conversations: the model is the call's or the agent's (`agents.create(model=…)`).
    if (endsWithPath(info, ['conversations|agents', [...CONVERSATION_METHODS, 'complete', 'complete_async', 'stream', 'stream_async'].join('|')])) {
      if (!frameworkReceiver(receiverBelow(info, 2, ctx), 'mistral', ['client'])) return undefined;
      const agent = m ? undefined : mistralAgent(args.named.get('agent_id') ?? args.named.get('agentId'), ctx);
      const value: Value = m ? model : agent ? modelValue(agent.model, agent.args, ctx, 'no model argument') : { kind: 'unknown', reason: args.named.has('conversation_id') || args.named.has('conversationId') ? "the conversation's model (set when it started)" : "the agent's model is not written here" };
      if (agent?.instructions) addText(b, agent.instructions, 'system', 0, inArgs(agent.args, ctx));
      addText(b, args.named.get('inputs') ?? args.named.get('messages'), 'user', nextIndex(b), ctx);
      return { ...site({ provider: providerFor('mistral', value), api: `${info.members[info.members.length - 2]}.${info.method}`, sdk: 'mistral', operation: 'agent-run', modelNode: m ?? agent?.model, model: value, info, args, ctx }), params: { ...paramsOf(args, ctx), ...(agent?.tools ? { tools: agent.tools.text.slice(0, 80) } : {}) } };
    }
    // mistralai < 1.0: client.chat / chat_stream / embeddings / completion on MistralClient (and the
    // same shape written on the 1.x client).
    if (info.members.length >= 1 && ['chat', 'chat_stream', 'chatStream', 'embeddings', 'completion'].includes(info.method)) {
      if (!frameworkReceiver(info.receiver(), 'mistral')) return undefined;
      if (info.method === 'embeddings') {
        addInput(info, args.named.get('input'), ctx);
        return site({ provider: 'mistral', api: 'embeddings', sdk: 'mistral', operation: 'embedding', modelNode: m, model, info, args, ctx });
      }
      if (info.method === 'completion') {
        addText(b, args.named.get('prompt'), 'user', 0, ctx);
        return site({ provider: 'mistral', api: 'completion', sdk: 'mistral', modelNode: m, model, info, args, ctx });
      }
      return chat(info.method);
    }
    return undefined;
  },
};

/** The agent an `agent_id=agent.id` names, when the code made it: `client.beta.agents.create(model=…)`. */
function mistralAgent(node: Node | undefined, ctx: PromptContext): { model?: Node; args: Args; instructions?: Node; tools?: Node } | undefined {
  if (!node) return undefined;
  const u = unwrap(node);
  const obj = (u.type === 'attribute' || u.type === 'member_expression') && memberChain(u).members.slice(-1)[0] === 'id' ? field(u, 'object') : undefined;
  if (!obj) return undefined;
  const v = single(resolveValue(obj, { ...ctx, callers: true }));
  if (v.kind !== 'call') return undefined;
  const callee = calleeOf(unwrap(v.node));
  if (!callee || !/(^|\.)agents\.(create|create_async)$/.test(memberChain(callee).members.join('.'))) return undefined;
  const args = { ...optionsArgs(unwrap(v.node), v.ctx ? { ...ctx, ...v.ctx } : ctx), ctx: v.ctx };
  return { model: argValue(args, ['model']), args, instructions: argValue(args, ['instructions']), tools: argValue(args, ['tools']) };
}

// --- Cohere --------------------------------------------------------------------------------------

const COHERE_MODULES = ['cohere', 'cohere-ai'];

// The v1 API's model when `chat`/`embed` names none, as the SDK documents it (it stopped saying in
// 5.15.0 for chat and 5.15.1 for embed: the newest documented value applies after that).
addDefaults([
  { sdk: 'cohere', packages: { pypi: 'cohere' }, language: 'python', key: 'model', versions: '>=5.9.0', value: 'command-r-plus-08-2024', source: 'cohere-python src/cohere/base_client.py chat(): "model … Defaults to `command-r-plus-08-2024`" (5.9.0 to 5.14.2; no longer stated from 5.15.0)', asOf: '2026-12-06' },
  { sdk: 'cohere', packages: { pypi: 'cohere' }, language: 'python', key: 'model', versions: '>=5.3.3 <5.9.0', value: 'command-r-plus', source: 'cohere-python src/cohere/base_client.py chat(): "Defaults to `command-r-plus`" (5.3.3 to 5.8.x)', asOf: '2026-12-06' },
  { sdk: 'cohere', packages: { pypi: 'cohere' }, language: 'python', key: 'model', versions: '>=5.2.0 <5.3.3', value: 'command-r', source: 'cohere-python src/cohere/base_client.py chat(): "Defaults to `command-r`" (5.2.0 to 5.3.2)', asOf: '2026-12-06' },
  { sdk: 'cohere', packages: { pypi: 'cohere' }, language: 'python', key: 'model', versions: '<5.2.0', value: 'command', source: 'cohere-python src/cohere/base_client.py chat(): "Defaults to `command`" (5.0.0 to 5.1.x)', asOf: '2026-12-06' },
  { sdk: 'cohere', packages: { pypi: 'cohere' }, language: 'python', key: 'embeddingModel', value: 'embed-english-v2.0', source: 'cohere-python src/cohere/base_client.py embed(): "Defaults to embed-english-v2.0" (until 5.15.0; no longer stated from 5.15.1)', asOf: '2026-12-06' },
]);

export const cohere: Framework = {
  id: 'cohere',
  callNames: ['chat', 'chat_stream', 'chatStream', 'embed', 'generate', 'generate_stream', 'generateStream'],
  objects: [
    { kind: 'v2', names: ['ClientV2', 'AsyncClientV2', 'CohereClientV2'], modules: COHERE_MODULES },
    { kind: 'v1', names: ['Client', 'AsyncClient', 'CohereClient'], modules: COHERE_MODULES },
  ],
  detect(info, ctx) {
    if (info.members.length < 1) return undefined;
    const recv = frameworkReceiver(info.receiver(), 'cohere');
    if (!recv) return undefined;
    const args = optionsArgs(info.call, ctx);
    const m = argValue(args, ['model']);
    const b = info.build;
    const python = ctx.scope.family === 'py';
    const embedding = info.method === 'embed';
    let model: Model = modelValue(m, args, ctx, 'no model argument');
    if (!m && recv.kind === 'v1') {
      const d = python ? sdkDefault('cohere', embedding ? 'embeddingModel' : 'model', ctx, embedding ? 'Cohere v1 embed default model' : 'Cohere v1 chat default model', 'python') : undefined;
      model = d ? { kind: 'default', value: String(d.value), reason: d.reason } : { kind: 'unknown', reason: 'no model argument: the Cohere API picks its default model' };
    }
    if (embedding) {
      addInput(info, args.named.get('texts') ?? args.named.get('inputs'), ctx);
      return site({ provider: 'cohere', api: 'embed', sdk: 'cohere', operation: 'embedding', modelNode: m, model, info, args, ctx });
    }
    if (recv.kind === 'v2') addMessages(b, args.named.get('messages'), ctx);
    else {
      addText(b, args.named.get('preamble'), 'system', 0, ctx);
      const history = args.named.get('chat_history') ?? args.named.get('chatHistory');
      if (history) b.parts.push({ role: 'user', message: nextIndex(b), source: 'unknown', text: '', dynamic: { kind: 'history', name: history.text.slice(0, 60), volatile: true } });
      addText(b, args.named.get('message') ?? args.named.get('prompt'), 'user', nextIndex(b), ctx);
    }
    return site({ provider: providerFor('cohere', model), api: info.method, sdk: 'cohere', modelNode: m, model, info, args, ctx });
  },
};

// --- xAI SDK -------------------------------------------------------------------------------------

export const xai: Framework = {
  id: 'xai',
  callNames: ['sample', 'sample_batch', 'stream', 'stream_batch', 'parse'],
  objects: [{ kind: 'client', names: ['Client', 'AsyncClient'], modules: ['xai_sdk'] }],
  detect(info, ctx) {
    if (info.members.length < 1) return undefined;
    // client.image.sample(model=…, prompt=…)
    if (endsWithPath(info, ['image', 'sample|sample_batch'])) {
      if (!frameworkReceiver(receiverBelow(info, 2, ctx), 'xai')) return undefined;
      const args = optionsArgs(info.call, ctx);
      const m = argValue(args, ['model']);
      addText(info.build, args.named.get('prompt'), 'user', 0, ctx);
      return site({ provider: 'x-ai', api: 'image.sample', sdk: 'xai', operation: 'image', modelNode: m, model: modelValue(m, args, ctx, 'no model argument'), info, args, ctx });
    }
    // chat = client.chat.create(model=…, messages=[system(…)]); chat.append(user(…)); chat.sample()
    const session = chatSession(field(unwrap(info.callee), 'object'), ctx);
    if (!session) return undefined;
    const { args, name } = session;
    const m = argValue(args, ['model']);
    const c = inArgs(args, ctx);
    addMessages(info.build, args.named.get('messages'), c);
    if (name) addAppends(info, name, ctx);
    return site({ provider: 'x-ai', api: `chat.${info.method}`, sdk: 'xai', modelNode: m, model: modelValue(m, args, ctx, 'no model argument'), info, args, ctx });
  },
};

/** The `client.chat.create(…)` call a chat session comes from, with the session's variable name. */
function chatSession(node: Node | undefined, ctx: PromptContext): { args: Args; name?: string } | undefined {
  if (!node) return undefined;
  const u = unwrap(node);
  const v = u.type === 'call' ? { kind: 'call' as const, node: u, ctx: undefined } : single(resolveValue(u, ctx));
  if (v.kind !== 'call') return undefined;
  const call = unwrap(v.node);
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const chain = memberChain(callee);
  if (chain.members.slice(-2).join('.') !== 'chat.create') return undefined;
  const client = field(unwrap(field(unwrap(callee), 'object')!), 'object');
  const c = v.ctx ? { ...ctx, ...v.ctx } : ctx;
  if (!client || !frameworkReceiver(classifyReceiver(client, c), 'xai')) return undefined;
  return { args: { ...optionsArgs(call, c), ctx: v.ctx }, name: u.type === 'identifier' ? u.text : undefined };
}

const XAI_ROLES: Record<string, 'system' | 'user' | 'assistant'> = { system: 'system', user: 'user', assistant: 'assistant' };

/** `chat.append(user(…))` before the call (or in a loop around it: the history grows). */
function addAppends(info: CallInfo, name: string, ctx: PromptContext): void {
  const b = info.build;
  const fn = ctx.scope.functionAround(info.call);
  for (const mut of ctx.scope.mutationsOf(name, fn)) {
    if (mut.op !== 'append' || !mut.value) continue;
    if (ctx.loops.some((l) => mut.node.startIndex >= l.startIndex && mut.node.endIndex <= l.endIndex)) {
      b.historyGrows = true;
      continue;
    }
    if (mut.node.startIndex > info.call.startIndex) continue;
    const v = single(resolveValue(mut.value, ctx));
    const callee = v.kind === 'call' ? calleeOf(unwrap(v.node)) : undefined;
    const role = callee?.type === 'identifier' ? own(XAI_ROLES, callee.text) : undefined;
    if (role && v.kind === 'call') addText(b, argsOf(unwrap(v.node)).positional[0], role, nextIndex(b), ctx);
    // A response appended back (`chat.append(response)`) is history.
    else b.parts.push({ role: 'assistant', message: nextIndex(b), source: 'unknown', text: '', dynamic: { kind: 'history', name: mut.value.text.slice(0, 60), volatile: true } });
  }
}

// --- Azure AI Inference --------------------------------------------------------------------------

const AZURE_INFERENCE_MODULES = ['azure.ai.inference', '@azure-rest/ai-inference'];

export const azureAiInference: Framework = {
  id: 'azure-ai-inference',
  callNames: ['complete', 'embed', 'post'],
  objects: [
    { kind: 'chat-client', names: ['ChatCompletionsClient'], modules: AZURE_INFERENCE_MODULES },
    { kind: 'embeddings-client', names: ['EmbeddingsClient', 'ImageEmbeddingsClient'], modules: AZURE_INFERENCE_MODULES },
    // JS: `const client = ModelClient(endpoint, new AzureKeyCredential(key))` (the default export).
    { kind: 'rest-client', names: ['ModelClient', 'createClient'], modules: ['@azure-rest/ai-inference'] },
  ],
  detect(info, ctx) {
    if (info.members.length < 1) return undefined;
    if (info.method === 'post') return azureRestPost(info, ctx);
    const recv = frameworkReceiver(info.receiver(), 'azure-ai-inference', [info.method === 'embed' ? 'embeddings-client' : 'chat-client']);
    if (!recv) return undefined;
    let args = optionsArgs(info.call, ctx);
    // client.complete({"messages": [...], "model": …}): the request body as one dict.
    const first = args.positional[0];
    if (first && !args.named.size) args = bodyArgs(first, ctx) ?? args;
    const m = argValue(args, ['model']) ?? argValue(recv.args, ['model']);
    const model = m ? resolveValue(m, { ...(argValue(args, ['model']) ? inArgs(args, ctx) : inArgs(recv.args, ctx)), callers: true }) : ({ kind: 'unknown', reason: 'no model argument: the endpoint serves its deployed model' } as Value);
    const provider = providerFor(azureProvider(recv.args, ctx), model);
    if (info.method === 'embed') {
      addInput(info, args.named.get('input'), ctx);
      return site({ provider, api: 'embed', sdk: 'azure-ai-inference', operation: 'embedding', modelNode: m, model, info, args, ctx });
    }
    addMessages(info.build, args.named.get('messages'), ctx);
    return site({ provider, api: 'complete', sdk: 'azure-ai-inference', modelNode: m, model, info, args, ctx });
  },
};

/** The provider an Azure endpoint bills (Azure, or what its URL names). */
function azureProvider(args: Args, ctx: PromptContext): string {
  const endpoint = args.positional[0] ?? argValue(args, ['endpoint']);
  const url = endpoint ? urlText(endpoint, inArgs(args, ctx)) : undefined;
  const e = url ? endpointOf(url) : undefined;
  return e && e.provider !== 'unknown' ? e.provider : 'azure';
}

/** JS REST client: `client.path("/chat/completions").post({ body: { messages, model, max_tokens } })`. */
function azureRestPost(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const pathCall = field(unwrap(info.callee), 'object');
  if (!pathCall || unwrap(pathCall).type !== 'call_expression') return undefined;
  const pc = unwrap(pathCall);
  const pcallee = calleeOf(pc);
  if (!pcallee || memberChain(pcallee).members.slice(-1)[0] !== 'path') return undefined;
  const recv = frameworkReceiver(classifyReceiver(field(unwrap(pcallee), 'object'), ctx), 'azure-ai-inference', ['rest-client']);
  if (!recv) return undefined;
  const route = urlText(callArgsOf(pc, ctx).positional[0], ctx) ?? '';
  const embedding = /embeddings$/.test(route);
  if (!embedding && !/chat\/completions$/.test(route)) return undefined;
  const opts = optionsArgs(info.call, ctx);
  const body = bodyArgs(opts.named.get('body'), ctx) ?? { positional: [], named: new Map(), spread: false };
  const m = argValue(body, ['model']);
  const model = modelValue(m, body, ctx, 'no model in the body: the endpoint serves its deployed model');
  const provider = providerFor(azureProvider(recv.args, ctx), model);
  if (embedding) {
    addInput(info, body.named.get('input'), inArgs(body, ctx));
    return site({ provider, api: 'embeddings', sdk: 'azure-ai-inference', operation: 'embedding', modelNode: m, model, info, args: body, ctx });
  }
  addMessages(info.build, body.named.get('messages'), inArgs(body, ctx));
  return site({ provider, api: 'chat/completions', sdk: 'azure-ai-inference', modelNode: m, model, info, args: body, ctx, cap: bodyCap(body, ctx) });
}

// --- Ollama and vLLM (self-hosted) ---------------------------------------------------------------

export const ollama: Framework = {
  id: 'ollama',
  callNames: ['chat', 'generate', 'embed', 'embeddings'],
  objects: [
    { kind: 'client', names: ['Client', 'AsyncClient', 'Ollama'], modules: ['ollama'] },
    // vLLM's offline engine: the model runs in this process.
    { kind: 'vllm', names: ['LLM'], modules: ['vllm'] },
  ],
  detect(info, ctx) {
    const host = ollamaTarget(info, ctx);
    if (!host) return undefined;
    if (host.vllm) return vllmCall(info, ctx, host.vllm);
    const args = optionsArgs(info.call, ctx);
    const m = argValue(args, ['model']);
    const model = modelValue(m, args, ctx, 'no model argument');
    const b = info.build;
    const embedding = info.method === 'embed' || info.method === 'embeddings';
    if (embedding) addInput(info, args.named.get('input') ?? args.named.get('prompt'), ctx);
    else if (info.method === 'generate') {
      addText(b, args.named.get('system'), 'system', 0, ctx);
      addText(b, args.named.get('prompt'), 'user', nextIndex(b), ctx);
    } else addMessages(b, args.named.get('messages'), ctx);
    return site({ provider: 'ollama', api: `ollama.${info.method}`, sdk: 'ollama', operation: embedding ? 'embedding' : 'chat', modelNode: m, model, info, args, ctx, cap: bodyCap(args, ctx), selfHosted: host.selfHosted });
  },
};

/** Where an Ollama call goes: the user's server (self-hosted) unless its host is Ollama's cloud. */
function ollamaTarget(info: CallInfo, ctx: PromptContext): { selfHosted?: string; vllm?: FrameworkObject } | undefined {
  const local = { selfHosted: 'Ollama (the local server, OLLAMA_HOST or localhost:11434)' };
  if (!info.members.length) {
    // from ollama import chat; chat(model=…)
    return info.importOf(info.method)?.module === 'ollama' ? local : undefined;
  }
  if (info.members.length !== 1) return undefined;
  const r = info.receiver();
  if (r.type === 'module') return r.module === 'ollama' ? local : undefined;
  const obj = frameworkReceiver(r, 'ollama');
  if (obj?.kind === 'vllm') return ['generate', 'chat', 'embed'].includes(info.method) ? { vllm: obj } : undefined;
  if (obj) {
    const hostNode = argValue(obj.args, ['host']) ?? obj.args.positional[0];
    const url = hostNode ? urlText(hostNode, inArgs(obj.args, ctx)) : undefined;
    const e = url ? endpointOf(url) : undefined;
    if (e && !e.selfHosted && e.provider === 'ollama') return {};
    return e?.selfHosted ? { selfHosted: `Ollama (${e.host})` } : local;
  }
  // JS: `import ollama from 'ollama'` — the default export is a client of the local server.
  const root = memberChain(info.callee).root;
  if (root.type === 'identifier' && info.importOf(root.text)?.module === 'ollama') return local;
  return undefined;
}

function vllmCall(info: CallInfo, ctx: PromptContext, llm: FrameworkObject): DetectedCall {
  const m = llm.args.positional[0] ?? argValue(llm.args, ['model']);
  const model = modelValue(m, llm.args, ctx, 'no model argument');
  const a = callArgsOf(info.call, ctx);
  const input = a.positional[0] ?? a.named.get('prompts') ?? a.named.get('messages');
  if (info.method === 'chat') addMessages(info.build, input, ctx);
  else addInput(info, input, ctx);
  const sp = a.positional[1] ?? a.named.get('sampling_params');
  const spArgs = sp ? bodyArgs(sp, ctx) ?? (() => { const v = single(resolveValue(sp, ctx)); return v.kind === 'call' ? optionsArgs(v.node, ctx) : undefined; })() : undefined;
  return site({ provider: 'vllm', api: `vllm.LLM.${info.method}`, sdk: 'vllm', operation: info.method === 'embed' ? 'embedding' : 'chat', modelNode: m, model, info, args: a, ctx, cap: spArgs ? capOf(spArgs, ctx) : undefined, selfHosted: 'vLLM (offline engine in this process)' });
}

// --- Voyage AI -----------------------------------------------------------------------------------

// voyageai's `embed(texts)` without a model: VOYAGE_EMBED_DEFAULT_MODEL, renamed in 0.1.6.
addDefaults([
  { sdk: 'voyageai', packages: { pypi: 'voyageai' }, language: 'python', key: 'embeddingModel', versions: '>=0.1.6', value: 'voyage-2', source: 'voyageai/__init__.py VOYAGE_EMBED_DEFAULT_MODEL = "voyage-2" (since 0.1.6, commit 0e0d5c3 "update name to voyage-2")', asOf: '2026-12-06' },
  { sdk: 'voyageai', packages: { pypi: 'voyageai' }, language: 'python', key: 'embeddingModel', versions: '<0.1.6', value: 'voyage-02', source: 'voyageai/__init__.py VOYAGE_EMBED_DEFAULT_MODEL = "voyage-02" (0.1.5, commit 410c6fb)', asOf: '2026-12-06' },
]);

export const voyage: Framework = {
  id: 'voyageai',
  callNames: ['embed', 'multimodal_embed', 'contextualized_embed', 'multimodalEmbed', 'contextualizedEmbed'],
  objects: [{ kind: 'client', names: ['Client', 'AsyncClient', 'VoyageAIClient'], modules: ['voyageai'] }],
  detect(info, ctx) {
    if (info.members.length < 1 || !frameworkReceiver(info.receiver(), 'voyageai')) return undefined;
    const args = optionsArgs(info.call, ctx);
    const m = argValue(args, ['model']);
    let model: Model = modelValue(m, args, ctx, 'no model argument');
    if (!m && ctx.scope.family === 'py' && info.method === 'embed') {
      const d = sdkDefault('voyageai', 'embeddingModel', ctx, 'voyageai embed default model', 'python');
      if (d) model = { kind: 'default', value: String(d.value), reason: d.reason };
    }
    addInput(info, args.positional[0] ?? args.named.get('texts') ?? args.named.get('inputs') ?? args.named.get('input'), ctx);
    return site({ provider: 'voyageai', api: info.method, sdk: 'voyageai', operation: 'embedding', modelNode: m, model, info, args, ctx });
  },
};

// --- TwelveLabs ----------------------------------------------------------------------------------

/**
 * TwelveLabs' video understanding: `TwelveLabs().analyze(model_name=…, video=…, prompt=…)` (and
 * `analyze_stream`, the async client): Pegasus answers a prompt about a video. The video is billed by
 * its length, which the code does not say.
 */
export const twelveLabs: Framework = {
  id: 'twelvelabs',
  callNames: ['analyze', 'analyze_stream'],
  objects: [{ kind: 'client', names: ['TwelveLabs', 'AsyncTwelveLabs'], modules: ['twelvelabs'] }],
  detect(info, ctx) {
    if (info.members.length < 1) return undefined;
    const args = optionsArgs(info.call, ctx);
    const r = info.receiver();
    // A client the code holds where it cannot be followed (`ctx.deps.twelvelabs`, a dataclass field):
    // in a file that imports twelvelabs, the call's own shape says it.
    const shaped = r.type === 'unknown' && args.named.has('model_name') && (args.named.has('video') || args.named.has('video_id')) && [...ctx.scope.imports.values()].some((b) => b.module === 'twelvelabs' || b.module.startsWith('twelvelabs.'));
    if (!frameworkReceiver(r, 'twelvelabs') && !shaped) return undefined;
    const m = argValue(args, ['model_name']);
    const model = modelValue(m, args, ctx, 'no model_name: TwelveLabs picks its Pegasus model');
    info.build.parts.push({ role: 'user', message: 0, source: 'unknown', text: '', dynamic: { kind: 'user-data', name: 'the video', volatile: true } });
    addText(info.build, args.named.get('prompt'), 'user', 0, ctx);
    return site({ provider: 'twelvelabs', api: info.method, sdk: 'twelvelabs', modelNode: m, model, info, args, ctx });
  },
};

// --- Hugging Face Inference (huggingface_hub) ------------------------------------------------------

/** `InferenceClient` task methods and what they are billed as. */
const HF_TASKS: Record<string, Operation> = {
  chat_completion: 'chat',
  text_generation: 'chat',
  post: 'chat',
  feature_extraction: 'embedding',
  sentence_similarity: 'embedding',
  text_to_image: 'image',
  image_to_text: 'image',
  automatic_speech_recognition: 'audio',
  text_to_speech: 'audio',
};

/**
 * huggingface_hub's `InferenceClient(model=…)`: `chat_completion`, its OpenAI-style
 * `chat.completions.create`, `text_generation`, the older raw `post(json=…)` and the task methods.
 * The model is the call's, else the client's (`InferenceClient("org/model")`); a client with
 * neither uses the Hub's recommended model for the task, which the code does not say.
 */
export const huggingfaceHub: Framework = {
  id: 'huggingface-hub',
  callNames: [...Object.keys(HF_TASKS), 'create'],
  objects: [{ kind: 'client', names: ['InferenceClient', 'AsyncInferenceClient'], modules: ['huggingface_hub'] }],
  detect(info, ctx) {
    const openaiStyle = endsWithPath(info, ['chat', 'completions', 'create']);
    const task = openaiStyle ? 'chat' : own(HF_TASKS, info.method);
    if (!task || info.members.length < 1) return undefined;
    const client = frameworkReceiver(receiverBelow(info, openaiStyle ? 3 : 1, ctx), 'huggingface-hub', ['client']);
    if (!client) return undefined;
    const args = optionsArgs(info.call, ctx);
    const own_ = argValue(args, ['model']);
    const clientModel = argValue(client.args, ['model']) ?? client.args.positional[0];
    const model: Value = own_ ? modelValue(own_, args, ctx, '') : clientModel ? modelValue(clientModel, client.args, ctx, '') : { kind: 'unknown', reason: "the client names no model: the Hub's recommended model for the task serves it" };
    const b = info.build;
    if (info.method === 'post') {
      const body = bodyArgs(args.named.get('json'), ctx);
      addText(b, body?.named.get('inputs'), 'user', 0, body ? inArgs(body, ctx) : ctx);
      return site({ provider: 'huggingface', api: 'post', sdk: 'huggingface-hub', modelNode: own_ ?? clientModel, model, info, args, ctx, cap: body ? bodyCap(body, ctx) : undefined });
    }
    const input = args.named.get('messages') ?? args.named.get('prompt') ?? args.named.get('text') ?? args.positional[0];
    if (task === 'chat' && input && resolveValue(input, ctx).kind === 'list') addMessages(b, input, ctx);
    else if (task !== 'image' && task !== 'audio') addInput(info, input, ctx);
    return site({ provider: 'huggingface', api: openaiStyle ? 'chat.completions.create' : info.method, sdk: 'huggingface-hub', operation: task, modelNode: own_ ?? clientModel, model, info, args, ctx, cap: bodyCap(args, ctx) });
  },
};
