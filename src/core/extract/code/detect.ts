// Is this call an LLM request, and of which SDK? The call-site patterns of OpenAI, Anthropic,
// Google GenAI, LiteLLM, LangChain and LlamaIndex; the agent frameworks (the Vercel AI SDK, the OpenAI
// Agents SDK, …) are in frameworks/.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, calleeOf, field, kids, memberChain, stringValue, unwrap } from './ast';
import { callArgsOf, capOf, DetectedCall, reasoningOf, endsWith, inArgs, lastMembers, modelOf, nextIndex, optionsArgs, paramsOf, providerFor, SKIP_SEGMENTS, valueArgs } from './callKit';
import { addMessages, addText, newBuild, PromptBuild, PromptContext } from './prompts';
import { argValue, classifyReceiver, Receiver } from './receivers';
import { importedAs, resolveValue, single } from './values';
import { FRAMEWORKS, frameworkCallNames } from './frameworks';
import { llamaDefaultLlm, llamaLlm } from './frameworks/llamaIndex';
import type { CallInfo, Framework } from './frameworks/framework';
import { bareIds } from './frameworks/modelIds';
import { clientRoute } from './frameworks/openaiCompatible';
import { markTestDouble } from './frameworks/testDoubles';
import { chatModelCall, langchainInvoke } from './frameworks/langchainModels';
import { own } from '../../util/own';

export type { DetectedCall } from './callKit';


const LANGCHAIN_METHODS = new Set(['invoke', 'ainvoke', 'stream', 'astream', 'batch', 'abatch', 'predict', 'apredict', 'call']);
const LLAMAINDEX_METHODS = new Set(['complete', 'acomplete', 'chat', 'achat', 'stream_complete', 'astream_complete', 'stream_chat', 'astream_chat', 'predict', 'apredict', 'structured_predict']);

/** LiteLLM's other endpoints, by what they are billed as. */
const LITELLM_OTHER: Record<string, 'embedding' | 'audio' | 'image'> = {
  embedding: 'embedding',
  aembedding: 'embedding',
  transcription: 'audio',
  atranscription: 'audio',
  speech: 'audio',
  aspeech: 'audio',
  image_generation: 'image',
  aimage_generation: 'image',
};

/** Every name an LLM call can end in; calls ending otherwise are not examined. */
export const CALL_NAMES: ReadonlySet<string> = new Set([
  'create', 'parse', 'stream',
  'generate_content', 'generate_content_stream', 'generateContent', 'generateContentStream', 'generate_content_async',
  'send_message', 'sendMessage', 'send_message_stream', 'sendMessageStream',
  'completion', 'acompletion', 'responses', 'aresponses',
  ...Object.keys(LITELLM_OTHER),
  ...LANGCHAIN_METHODS,
  ...LLAMAINDEX_METHODS,
  'query', 'aquery',
  'run', 'runSync', 'run_sync', 'run_streamed',
  ...frameworkCallNames(),
]);


/** The call site this call is, or undefined when it is not an LLM request. */
export function detectCall(call: Node, ctx: PromptContext): DetectedCall | undefined {
  const d = detectSdkCall(call, ctx) ?? detectFrameworkCall(call, ctx);
  // Reasoning settings written at the call (a chat model's constructor sets its own, below).
  if (d && !d.reasoning) {
    const r = reasoningOf(optionsArgs(call, ctx), ctx);
    if (r) d.reasoning = r;
  }
  // A mocked client, a fake model, an intercepted endpoint: a test double, whatever the SDK.
  return d && !d.testDouble ? markTestDouble(d, call, ctx) : d;
}

/**
 * A call of an agent framework (frameworks/): the first detector that claims it. `anyName`: the
 * frameworks whose objects are called under any name in this file (the call's name is none of theirs).
 */
export function detectFrameworkCall(call: Node, ctx: PromptContext, anyName?: readonly Framework[]): DetectedCall | undefined {
  if (call.type === 'new_expression' || !FRAMEWORKS.length) return undefined;
  const callee = ctx.via && call === ctx.call ? ctx.via.callee : calleeOf(call);
  if (!callee) return undefined;
  const chain = memberChain(callee);
  const members = lastMembers(chain.members);
  const method = members.length ? members[members.length - 1] : chain.root.type === 'identifier' ? chain.root.text : '';
  let receiver: Receiver | undefined;
  const info: CallInfo = {
    call,
    callee,
    chain,
    members,
    method,
    receiver: () => (receiver ??= members.length ? classifyReceiver(field(unwrap(callee), 'object'), ctx) : { type: 'unknown', reason: 'a plain function' }),
    importOf: (name) => importedAs(name, call, ctx),
    build: newBuild(),
  };
  for (const f of anyName ?? FRAMEWORKS) {
    if (!anyName && !f.callNames.includes(method)) continue;
    const d = f.detect(info, ctx);
    if (d) return d;
  }
  return undefined;
}

function detectSdkCall(call: Node, ctx: PromptContext): DetectedCall | undefined {
  if (call.type === 'new_expression') return undefined;
  const callee = ctx.via && call === ctx.call ? ctx.via.callee : calleeOf(call);
  if (!callee) return undefined;
  const written = memberChain(callee);
  // `api = client.beta.messages if betas else client.messages; api.stream(…)`: a name for a part of
  // an SDK client stands for its path (the rest of the chain hangs off what it names).
  const alias = written.members.length ? sdkPathAlias(written.root, ctx) : undefined;
  const chain = alias ? { root: memberChain(alias).root, members: [...memberChain(alias).members, ...written.members] } : written;
  const members = lastMembers(chain.members);
  const method = members[members.length - 1];
  /**
   * The object the SDK path of `tail` members hangs off: `client` in `client.chat.completions.create`
   * (tail 3), `self.client` in `self.client.messages.create` (tail 2), `self.llm` in
   * `self.llm.invoke` (tail 1); segments like `with_raw_response` and `beta` are passed over.
   */
  const receiverNode = (tail: number): Node | undefined => {
    let cur = unwrap(callee);
    let steps = 0;
    let into = alias;
    const prop = (n: Node) => (n.type === 'attribute' ? field(n, 'attribute') : field(n, 'property'))?.text ?? '';
    for (;;) {
      while (cur.type === 'attribute' || cur.type === 'member_expression') {
        if (steps >= tail && !SKIP_SEGMENTS.has(prop(cur))) break;
        if (!SKIP_SEGMENTS.has(prop(cur))) steps++;
        cur = unwrap(field(cur, 'object')!);
      }
      if (!into || steps >= tail || (cur.type === 'attribute' || cur.type === 'member_expression')) return cur;
      // Past the alias's name: on through the path it names.
      cur = unwrap(into);
      into = undefined;
    }
  };
  const b = newBuild();

  // --- Plain functions: LiteLLM, init-less helpers.
  if (members.length === 0 && chain.root.type === 'identifier') {
    const fn = chain.root.text;
    const imported = importedAs(fn, call, ctx);
    if ((fn === 'completion' || fn === 'acompletion' || fn === 'responses' || fn === 'aresponses' || own(LITELLM_OTHER, fn)) && imported?.module === 'litellm') return liteLlm(call, fn, ctx, b);
    return undefined;
  }

  // --- Module-level functions: litellm.completion, openai.chat.completions.create (module client)
  const rootName = chain.root.type === 'identifier' ? chain.root.text : undefined;
  const rootImport = rootName ? importedAs(rootName, call, ctx) : undefined;
  if (rootImport?.module === 'litellm' && rootImport.name === '*' && members.length === 1 && ['completion', 'acompletion', 'responses', 'aresponses'].includes(method)) return liteLlm(call, method, ctx, b);
  if (rootImport?.module === 'litellm' && rootImport.name === '*' && members.length === 1 && own(LITELLM_OTHER, method)) return liteLlm(call, method, ctx, b);

  // --- OpenAI: chat.completions.create/parse/stream, responses.create/parse/stream
  if (endsWith(members, ['chat', 'completions', 'create|parse|stream'])) {
    const recv = classifyReceiver(receiverNode(3), ctx);
    // A framework's wrapper of the client (instructor) is its detector's to read.
    if (recv.type === 'chat-model' || recv.type === 'router' || recv.type === 'framework') return undefined;
    const args = optionsArgs(call, ctx);
    const m = modelOf(args, ['model'], ctx);
    addMessages(b, args.named.get('messages'), ctx);
    return { ...clientRoute(recv, m.value), api: 'chat.completions', modelNode: m.node, model: m.value, build: b, outputCap: capOf(args, ctx), params: paramsOf(args, ctx), structuredOutput: method === 'parse' || args.named.has('response_format') };
  }
  if (endsWith(members, ['responses', 'create|parse|stream']) && members.length >= 2) {
    const recv = classifyReceiver(receiverNode(2), ctx);
    const args = optionsArgs(call, ctx);
    if (recv.type !== 'client' && !(args.named.has('model') && (args.named.has('input') || args.named.has('instructions')))) return undefined;
    const m = modelOf(args, ['model'], ctx);
    addText(b, args.named.get('instructions'), 'system', 0, ctx);
    const input = args.named.get('input');
    if (input) {
      const iv = resolveValue(input, ctx);
      if (iv.kind === 'list' || unwrap(input).type === 'identifier') addMessages(b, input, ctx);
      else addText(b, input, 'user', nextIndex(b), ctx);
    }
    return { ...clientRoute(recv, m.value), api: 'responses', modelNode: m.node, model: m.value, build: b, outputCap: capOf(args, ctx), params: paramsOf(args, ctx), structuredOutput: method === 'parse' };
  }

  // --- Anthropic: messages.create/stream (beta too), on an Anthropic client (Bedrock/Vertex too)
  if (endsWith(members, ['messages', 'create|stream']) && members.length >= 1) {
    const recv = classifyReceiver(receiverNode(2), ctx);
    if (recv.type === 'framework') return undefined;
    const args = optionsArgs(call, ctx);
    const known = recv.type === 'client' && recv.sdk === 'anthropic';
    if (!known && !(args.named.has('model') && args.named.has('messages') && args.named.has('max_tokens'))) return undefined;
    if (recv.type === 'client' && recv.sdk !== 'anthropic') return undefined;
    const m = modelOf(args, ['model'], ctx);
    const system = args.named.get('system');
    if (system) addText(b, system, 'system', 0, ctx);
    addMessages(b, args.named.get('messages'), ctx);
    const top = args.named.get('cache_control');
    if (top && b.parts.length) b.cacheMarkers.push({ afterPart: b.parts.length - 1, ttl: '5m', span: { start: top.startIndex, end: top.endIndex } });
    return {
      provider: 'anthropic',
      api: 'messages',
      sdk: 'anthropic',
      modelNode: m.node,
      model: m.value,
      build: b,
      outputCap: capOf(args, ctx),
      params: paramsOf(args, ctx),
      ...(system ? { systemArg: { start: system.startIndex, end: system.endIndex } } : {}),
    };
  }
  if (endsWith(members, ['messages', 'count_tokens|countTokens'])) return undefined;

  // --- Legacy text completions: Anthropic `completions.create(prompt=, max_tokens_to_sample=)`,
  // OpenAI `completions.create(prompt=)` (instruct models), on a client of that SDK.
  if (endsWith(members, ['completions', 'create']) && !members.includes('chat')) {
    const recv = classifyReceiver(receiverNode(2), ctx);
    if (recv.type !== 'client' || (recv.sdk !== 'anthropic' && recv.sdk !== 'openai')) return undefined;
    const args = optionsArgs(call, ctx);
    if (!args.named.has('prompt')) return undefined;
    const m = modelOf(args, ['model'], ctx);
    addText(b, args.named.get('prompt'), 'user', 0, ctx);
    return { ...(recv.sdk === 'anthropic' ? { provider: 'anthropic', sdk: 'anthropic' } : clientRoute(recv, m.value)), api: 'completions', modelNode: m.node, model: m.value, build: b, outputCap: capOf(args, ctx), params: paramsOf(args, ctx) };
  }

  // --- Google GenAI: models.generate_content[_stream] / models.generateContent[Stream]
  if (endsWith(members, ['models', 'generate_content|generate_content_stream|generateContent|generateContentStream'])) {
    const args = optionsArgs(call, ctx);
    const m = modelOf(args, ['model'], ctx);
    googleConfigAndContents(b, args, ctx);
    return { provider: 'google', api: 'models.generate_content', sdk: 'google-genai', modelNode: m.node, model: m.value, build: b, outputCap: capOf(args, ctx), params: paramsOf(args, ctx) };
  }
  // On a name, or on an object's own field (`self.chat.send_message(…)`, the chat its methods made).
  const ownField = members.length === 2 && (chain.root.type === 'this' || (chain.root.type === 'identifier' && chain.root.text === 'self'));
  if (['generate_content', 'generateContent', 'generateContentStream', 'generate_content_async', 'send_message', 'sendMessage', 'send_message_stream', 'sendMessageStream'].includes(method) && (members.length === 1 || ownField)) {
    const recv = classifyReceiver(receiverNode(1), ctx);
    if (recv.type !== 'generative-model') return unreadGenerativeModel(call, recv, method, ctx, b);
    const m = recv.args.positional[0] && !argValue(recv.args, ['model_name', 'model']) ? { node: recv.args.positional[0], value: resolveValue(recv.args.positional[0], { ...inArgs(recv.args, ctx), callers: true }) } : modelOf(recv.args, ['model_name', 'model'], ctx);
    const sys = argValue(recv.args, ['system_instruction', 'systemInstruction']);
    if (sys) addText(b, sys, 'system', 0, inArgs(recv.args, ctx));
    const cfg = argValue(recv.args, ['config']);
    if (cfg) googleConfigAndContents(b, { positional: [], named: new Map([['config', cfg]]), spread: false, ctx: recv.args.ctx }, ctx);
    const a = callArgsOf(call, ctx);
    const content = a.positional[0] ?? a.named.get('contents') ?? a.named.get('message');
    if (content) {
      const v = resolveValue(content, ctx);
      if (v.kind === 'list') addMessages(b, content, ctx);
      else addText(b, content, 'user', nextIndex(b), ctx);
    }
    if (recv.ctor === 'chats.create' || /send_?message/i.test(method)) b.parts.push({ role: 'user', message: nextIndex(b), source: 'unknown', text: '', dynamic: { kind: 'history', name: 'chat session history', volatile: true } });
    return { provider: 'google', api: recv.ctor === 'chats.create' ? 'chats.send_message' : 'generate_content', sdk: 'google-genai', modelNode: m.node, model: m.value, build: b, outputCap: capOf(recv.args, ctx, callArgsOf(call, ctx)), params: paramsOf(recv.args, ctx) };
  }

  // --- Receivers that are models, chains, routers, query engines, runners
  if (members.length >= 1) {
    const recv = classifyReceiver(receiverNode(1), ctx);
    if (recv.type === 'router' && ['completion', 'acompletion', 'responses', 'aresponses'].includes(method)) return liteLlm(call, method, ctx, b, true);
    // The litellm module held in a variable or attribute (`self.client = create_client()` returning it).
    if (recv.type === 'module' && recv.module === 'litellm' && (['completion', 'acompletion', 'responses', 'aresponses'].includes(method) || own(LITELLM_OTHER, method))) return liteLlm(call, method, ctx, b);
    if (recv.type === 'chat-model' && recv.framework === 'langchain' && LANGCHAIN_METHODS.has(method)) return langchainInvoke(call, recv, undefined, ctx, b, method);
    if (recv.type === 'chain' && recv.model && LANGCHAIN_METHODS.has(method)) return langchainInvoke(call, recv.model, recv.prompt, ctx, b, method, recv.structured);
    if ((recv.type === 'unknown' || recv.type === 'chain') && LANGCHAIN_METHODS.has(method) && llmCallbacks(call, ctx)) return langchainUnread(call, recv, ctx, b, method);
    if (recv.type === 'chat-model' && recv.framework === 'llamaindex' && LLAMAINDEX_METHODS.has(method)) {
      // The class's default model when none is given; local models are self-hosted (frameworks/llamaIndex).
      const model = llamaLlm(recv, ctx);
      const { cap, reasoning } = chatModelCall(recv, ctx);
      const a = callArgsOf(call, ctx);
      const arg = a.positional[0] ?? a.named.get('prompt') ?? a.named.get('messages');
      if (arg && resolveValue(arg, ctx).kind === 'list') addMessages(b, arg, ctx);
      else addText(b, arg, 'user', 0, ctx);
      return { provider: providerFor(model.provider ?? recv.provider, model.value), api: `llama_index.${method}`, sdk: 'llamaindex', ...(model.selfHosted ? { selfHosted: model.selfHosted } : {}), modelNode: model.node, model: model.value, build: b, outputCap: cap, params: paramsOf(recv.args, ctx), ...(reasoning ? { reasoning } : {}) };
    }
    if (recv.type === 'query-engine' && ['query', 'aquery', 'chat', 'achat'].includes(method)) {
      const kNode = argValue(recv.args, ['similarity_top_k', 'similarityTopK']);
      const kv = kNode ? resolveValue(kNode, ctx) : undefined;
      const k = kv?.kind === 'number' ? kv.value : 2; // LlamaIndex DEFAULT_SIMILARITY_TOP_K
      // The engine's llm=, else Settings.llm wherever the workspace sets it, else the version's default.
      const model = recv.model ? llamaLlm(recv.model, ctx) : llamaDefaultLlm(ctx);
      b.parts.push({ role: 'system', message: 0, source: 'unknown', text: '', dynamic: { kind: 'retrieved-documents', name: `${k} retrieved chunks (similarity_top_k)`, volatile: true } });
      addText(b, callArgsOf(call, ctx).positional[0], 'user', 1, ctx);
      return {
        provider: providerFor(recv.model?.provider ?? model.provider, model.value),
        api: `llama_index.query_engine.${method}`,
        sdk: 'llamaindex',
        ...(model.selfHosted ? { selfHosted: model.selfHosted } : {}),
        modelNode: model.node,
        model: model.value,
        build: b,
        outputCap: recv.model ? capOf(recv.model.args, ctx) : undefined,
        params: {},
        rag: { k, param: kNode ? 'similarity_top_k' : 'similarity_top_k (default 2)' },
      };
    }
  }
  return undefined;
}


/**
 * `model.generate_content(…)` on a model the code does not show being made (a parameter no caller
 * in the workspace passes), in a file that uses Google's SDK: a Gemini call whose model is not in
 * the code, said so, rather than no call at all.
 */
function unreadGenerativeModel(call: Node, recv: Receiver, method: string, ctx: PromptContext, b: PromptBuild): DetectedCall | undefined {
  if (recv.type !== 'unknown' || !/generate_?content/i.test(method)) return undefined;
  const google = [...ctx.scope.imports.values()].some((i) => /^(google\.generativeai|google\.genai|vertexai|@google\/generative-ai|@google\/genai)\b/.test(i.module) || (i.module === 'google' && (i.name === 'genai' || i.name === 'generativeai')));
  if (!google) return undefined;
  const a = callArgsOf(call, ctx);
  const content = a.positional[0] ?? a.named.get('contents');
  if (content) {
    const v = resolveValue(content, ctx);
    if (v.kind === 'list') addMessages(b, content, ctx);
    else addText(b, content, 'user', nextIndex(b), ctx);
  }
  return { provider: 'google', api: 'generate_content', sdk: 'google-genai', model: { kind: 'unknown', reason: `${recv.reason} (a Gemini GenerativeModel made where the code does not show)` }, build: b, outputCap: capOf(a, ctx), params: {} };
}

function liteLlm(call: Node, fn: string, ctx: PromptContext, b: PromptBuild, router = false): DetectedCall {
  const args = optionsArgs(call, ctx);
  const m = modelOf(args, ['model'], ctx);
  const operation = own(LITELLM_OTHER, fn);
  if (fn.includes('responses')) {
    addText(b, args.named.get('instructions'), 'system', 0, ctx);
    addText(b, args.named.get('input'), 'user', nextIndex(b), ctx);
  } else if (operation) addText(b, args.named.get(operation === 'embedding' || fn.includes('speech') ? 'input' : 'prompt'), 'user', 0, ctx);
  else addMessages(b, args.named.get('messages'), ctx);
  // `ollama/llama3.1` is the user's own server, `anthropic/claude-…` bills Anthropic (LiteLLM's prefixes, modelIds.ts).
  const ids = bareIds(m.value);
  const value = ids.value;
  return { provider: providerFor(ids.provider, value), api: router ? `router.${fn}` : fn, sdk: 'litellm', ...(operation ? { operation } : {}), ...(ids.selfHosted ? { selfHosted: ids.selfHosted } : {}), modelNode: m.node, model: value, build: b, outputCap: operation ? undefined : capOf(args, ctx), params: paramsOf(args, ctx) };
}

/**
 * LangChain's own callback handlers among a call's options (`{ callbacks: [{ handleLLMNewToken }] }`):
 * whatever the receiver is, the call runs an LLM — `handleLLM*` and `handleChatModelStart` are the
 * events of LangChain's BaseCallbackHandler, fired by its models.
 */
function llmCallbacks(call: Node, ctx: PromptContext): boolean {
  if (ctx.scope.family !== 'js') return false;
  const opts = callArgsOf(call, ctx).positional[1];
  const ov = opts ? single(resolveValue(opts, ctx)) : undefined;
  const cbs = ov?.kind === 'dict' ? ov.entries.get('callbacks') : undefined;
  return !!cbs && /\bhandle(LLMNewToken|LLMStart|LLMEnd|ChatModelStart)\b/.test(cbs.text);
}

/** A LangChain run whose runnable this analysis cannot follow (a component prop, a state value): a call with no model read. */
function langchainUnread(call: Node, recv: Receiver, ctx: PromptContext, b: PromptBuild, method: string): DetectedCall {
  const a = callArgsOf(call, ctx);
  const input = a.positional[0];
  if (input && resolveValue(input, ctx).kind !== 'dict') addText(b, input, 'user', 0, ctx);
  const why = recv.type === 'unknown' ? recv.reason : 'a chain whose model is not read';
  return { provider: 'unknown', api: `langchain.${method}`, sdk: 'langchain', model: { kind: 'unknown', reason: `the LangChain runnable is ${why} (its LLM callbacks show it runs a model)` }, build: b, params: {} };
}

function googleConfigAndContents(b: PromptBuild, args: Args, ctx: PromptContext): void {
  const cfg = args.named.get('config') ?? args.named.get('generation_config');
  if (cfg) {
    const inner = valueArgs(single(resolveValue(cfg, inArgs(args, ctx))), ctx);
    const sys = inner?.named.get('system_instruction') ?? inner?.named.get('systemInstruction');
    if (sys) addText(b, sys, 'system', 0, inArgs(inner, ctx));
  }
  const contents = args.named.get('contents') ?? args.positional[0];
  if (contents) {
    const v = resolveValue(contents, ctx);
    if (v.kind === 'list') {
      for (const item of v.items) {
        const iv = resolveValue(item, ctx);
        if (iv.kind === 'dict' && iv.entries.has('parts')) {
          const role = stringValue(iv.entries.get('role') ?? item) === 'model' ? 'assistant' : 'user';
          const parts = resolveValue(iv.entries.get('parts'), ctx);
          if (parts.kind === 'list') for (const p of parts.items) addText(b, (() => { const pv = resolveValue(p, ctx); return pv.kind === 'dict' ? pv.entries.get('text') : p; })(), role, nextIndex(b), ctx);
        } else addText(b, item, 'user', nextIndex(b), ctx);
      }
    } else addText(b, contents, 'user', nextIndex(b), ctx);
  }
}

/**
 * The SDK path a local name holds, when it holds one (`api = client.messages`, or either branch of
 * `client.beta.messages if betas else client.messages`): a member chain off a name, not a call's result.
 */
function sdkPathAlias(root: Node, ctx: PromptContext): Node | undefined {
  const r = unwrap(root);
  if (r.type !== 'identifier') return undefined;
  const found = ctx.scope.lookup(r.text, r);
  if (!found.value || found.param) return undefined;
  const v = unwrap(found.value);
  const branches = v.type === 'conditional_expression' ? [kids(v)[0], kids(v)[2]] : v.type === 'ternary_expression' ? [field(v, 'consequence'), field(v, 'alternative')] : [v];
  const paths = branches.map((b) => (b ? unwrap(b) : undefined)).filter((b): b is Node => !!b && (b.type === 'attribute' || b.type === 'member_expression'));
  if (paths.length !== branches.length) return undefined;
  const rooted = paths.filter((p) => unwrap(memberChain(p).root).type === 'identifier' || memberChain(p).root.type === 'this');
  // Both branches must name the same resource (`…messages`), or the call's path is not one thing.
  const last = (p: Node) => memberChain(p).members.at(-1);
  return rooted.length === paths.length && paths.every((p) => last(p) === last(paths[0])) ? paths[paths.length - 1] : undefined;
}
