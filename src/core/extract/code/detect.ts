// Is this call an LLM request, and of which SDK? The call-site patterns of OpenAI, Anthropic,
// Google GenAI, LiteLLM, LangChain, LlamaIndex, the Vercel AI SDK and the OpenAI Agents SDK.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, field, memberChain, objectArgs, stringValue, unwrap } from './ast';
import { callArgsOf, capOf, DetectedCall, reasoningOf, endsWith, inArgs, lastMembers, modelOf, nextIndex, optionsArgs, paramsOf, providerFor, SKIP_SEGMENTS, valueArgs } from './callKit';
import { addMessages, addText, newBuild, PromptBuild, PromptContext } from './prompts';
import { argValue, classifyReceiver, Receiver } from './receivers';
import { ctxOf, importedAs, resolveValue, single, Value } from './values';
import { FRAMEWORKS, frameworkCallNames } from './frameworks';
import type { CallInfo } from './frameworks/framework';
import { clientRoute } from './frameworks/openaiCompatible';
import { markTestDouble } from './frameworks/testDoubles';

export type { DetectedCall } from './callKit';


const VERCEL_FNS = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);
const LANGCHAIN_METHODS = new Set(['invoke', 'ainvoke', 'stream', 'astream', 'batch', 'abatch', 'predict', 'apredict', 'call']);
const LLAMAINDEX_METHODS = new Set(['complete', 'acomplete', 'chat', 'achat', 'stream_complete', 'astream_complete', 'stream_chat', 'astream_chat', 'predict', 'apredict', 'structured_predict']);
/** OpenAI Agents SDK: DEFAULT_MAX_TURNS in agents/run.py and @openai/agents. */
export const AGENTS_DEFAULT_MAX_TURNS = 10;
/** The Agents SDK's model when an Agent names none (agents/models/__init__.py get_default_model). */
export const AGENTS_DEFAULT_MODEL = 'gpt-4.1';

/** Every name an LLM call can end in; calls ending otherwise are not examined. */
export const CALL_NAMES: ReadonlySet<string> = new Set([
  'create', 'parse', 'stream',
  'generate_content', 'generate_content_stream', 'generateContent', 'generateContentStream', 'generate_content_async',
  'send_message', 'sendMessage', 'send_message_stream', 'sendMessageStream',
  'completion', 'acompletion', 'responses', 'aresponses',
  ...VERCEL_FNS,
  ...LANGCHAIN_METHODS,
  ...LLAMAINDEX_METHODS,
  'query', 'aquery',
  'run', 'runSync', 'run_sync', 'run_streamed',
  ...frameworkCallNames(),
]);


function chatModelCall(r: Extract<Receiver, { type: 'chat-model' }>, ctx: PromptContext): { model: { node?: Node; value: Value }; cap?: DetectedCall['outputCap']; reasoning?: DetectedCall['reasoning'] } {
  const model = r.modelFromFirstArg && r.args.positional[0] ? { node: r.args.positional[0], value: resolveValue(r.args.positional[0], { ...inArgs(r.args, ctx), callers: true }) } : modelOf(r.args, ['model', 'model_name', 'modelName', 'deployment_name', 'azure_deployment', 'azureDeployment', 'model_id', 'modelId'], ctx);
  return { model, cap: capOf(r.args, ctx), reasoning: reasoningOf(r.args, ctx) };
}

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

/** A call of an agent framework (frameworks/): the first detector that claims it. */
function detectFrameworkCall(call: Node, ctx: PromptContext): DetectedCall | undefined {
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
  for (const f of FRAMEWORKS) {
    if (!f.callNames.includes(method)) continue;
    const d = f.detect(info, ctx);
    if (d) return d;
  }
  return undefined;
}

function detectSdkCall(call: Node, ctx: PromptContext): DetectedCall | undefined {
  if (call.type === 'new_expression') return undefined;
  const callee = ctx.via && call === ctx.call ? ctx.via.callee : calleeOf(call);
  if (!callee) return undefined;
  const chain = memberChain(callee);
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
    const prop = (n: Node) => (n.type === 'attribute' ? field(n, 'attribute') : field(n, 'property'))?.text ?? '';
    while (cur.type === 'attribute' || cur.type === 'member_expression') {
      if (steps >= tail && !SKIP_SEGMENTS.has(prop(cur))) break;
      if (!SKIP_SEGMENTS.has(prop(cur))) steps++;
      cur = unwrap(field(cur, 'object')!);
    }
    return cur;
  };
  const b = newBuild();

  // --- Plain functions: Vercel AI SDK, LiteLLM, Agents SDK run(), init-less helpers.
  if (members.length === 0 && chain.root.type === 'identifier') {
    const fn = chain.root.text;
    const imported = importedAs(fn, call, ctx);
    if (VERCEL_FNS.has(fn) && (!imported || imported.module === 'ai')) {
      const args = optionsArgs(call, ctx);
      if (!args.named.has('model')) return undefined;
      const m = vercelModel(args.named.get('model')!, ctx);
      addText(b, args.named.get('system'), 'system', 0, ctx);
      if (args.named.has('messages')) addMessages(b, args.named.get('messages'), ctx);
      if (args.named.has('prompt')) addText(b, args.named.get('prompt'), 'user', nextIndex(b), ctx);
      return {
        provider: providerFor(m.provider, m.value),
        api: fn,
        sdk: 'vercel-ai',
        modelNode: m.node,
        model: m.value,
        build: b,
        outputCap: capOf(args, ctx),
        params: paramsOf(args, ctx),
        maxTurns: stepsOf(args, ctx),
        structuredOutput: fn.includes('Object'),
      };
    }
    if ((fn === 'completion' || fn === 'acompletion' || fn === 'responses' || fn === 'aresponses') && imported?.module === 'litellm') return liteLlm(call, fn, ctx, b);
    if ((fn === 'run' || fn === 'runSync') && imported?.module.startsWith('@openai/agents')) return agentsRun(call, ctx, b, 'run');
    return undefined;
  }

  // --- Module-level functions: litellm.completion, openai.chat.completions.create (module client)
  const rootName = chain.root.type === 'identifier' ? chain.root.text : undefined;
  const rootImport = rootName ? importedAs(rootName, call, ctx) : undefined;
  if (rootImport?.module === 'litellm' && rootImport.name === '*' && members.length === 1 && ['completion', 'acompletion', 'responses', 'aresponses'].includes(method)) return liteLlm(call, method, ctx, b);
  if (rootName === 'Runner' && members.length === 1 && ['run', 'run_sync', 'run_streamed'].includes(method)) return agentsRun(call, ctx, b, method);

  // --- OpenAI: chat.completions.create/parse/stream, responses.create/parse/stream
  if (endsWith(members, ['chat', 'completions', 'create|parse|stream'])) {
    const recv = classifyReceiver(receiverNode(3), ctx);
    if (recv.type === 'chat-model' || recv.type === 'router') return undefined;
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
  if (['generate_content', 'generateContent', 'generateContentStream', 'generate_content_async', 'send_message', 'sendMessage', 'send_message_stream', 'sendMessageStream'].includes(method) && members.length === 1) {
    const recv = classifyReceiver(receiverNode(1), ctx);
    if (recv.type !== 'generative-model') return undefined;
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
    if (recv.type === 'module' && recv.module === 'litellm' && ['completion', 'acompletion', 'responses', 'aresponses'].includes(method)) return liteLlm(call, method, ctx, b);
    if (recv.type === 'runner' && ['run', 'run_sync', 'run_streamed'].includes(method)) return agentsRun(call, ctx, b, method);
    if (recv.type === 'chat-model' && recv.framework === 'langchain' && LANGCHAIN_METHODS.has(method)) return langchainInvoke(call, recv, undefined, ctx, b, method);
    if (recv.type === 'chain' && recv.model && LANGCHAIN_METHODS.has(method)) return langchainInvoke(call, recv.model, recv.prompt, ctx, b, method, recv.structured);
    if (recv.type === 'chat-model' && recv.framework === 'llamaindex' && LLAMAINDEX_METHODS.has(method)) {
      const { model, cap, reasoning } = chatModelCall(recv, ctx);
      const a = callArgsOf(call, ctx);
      const arg = a.positional[0] ?? a.named.get('prompt') ?? a.named.get('messages');
      if (arg && resolveValue(arg, ctx).kind === 'list') addMessages(b, arg, ctx);
      else addText(b, arg, 'user', 0, ctx);
      return { provider: providerFor(recv.provider, model.value), api: `llama_index.${method}`, sdk: 'llamaindex', modelNode: model.node, model: model.value, build: b, outputCap: cap, params: paramsOf(recv.args, ctx), ...(reasoning ? { reasoning } : {}) };
    }
    if (recv.type === 'query-engine' && ['query', 'aquery', 'chat', 'achat'].includes(method)) {
      const kNode = argValue(recv.args, ['similarity_top_k', 'similarityTopK']);
      const kv = kNode ? resolveValue(kNode, ctx) : undefined;
      const k = kv?.kind === 'number' ? kv.value : 2; // LlamaIndex DEFAULT_SIMILARITY_TOP_K
      const model = recv.model ? chatModelCall(recv.model, ctx) : undefined;
      b.parts.push({ role: 'system', message: 0, source: 'unknown', text: '', dynamic: { kind: 'retrieved-documents', name: `${k} retrieved chunks (similarity_top_k)`, volatile: true } });
      addText(b, callArgsOf(call, ctx).positional[0], 'user', 1, ctx);
      return {
        provider: model ? providerFor(recv.model!.provider, model.model.value) : 'openai',
        api: `llama_index.query_engine.${method}`,
        sdk: 'llamaindex',
        modelNode: model?.model.node,
        model: model?.model.value ?? { kind: 'default', value: 'gpt-3.5-turbo', reason: 'LlamaIndex Settings.llm default (OpenAI gpt-3.5-turbo) — set llm= to be sure' },
        build: b,
        outputCap: model?.cap,
        params: {},
        rag: { k, param: kNode ? 'similarity_top_k' : 'similarity_top_k (default 2)' },
      };
    }
  }
  return undefined;
}


function stepsOf(args: Args, ctx: PromptContext): DetectedCall['maxTurns'] {
  for (const name of ['maxSteps', 'max_steps']) {
    const n = args.named.get(name);
    if (!n) continue;
    const v = resolveValue(n, ctx);
    if (v.kind === 'number') return { value: v.value, param: name, isDefault: false };
  }
  const stop = args.named.get('stopWhen');
  if (stop) {
    const m = /stepCountIs\(\s*(\d+)\s*\)/.exec(stop.text);
    if (m) return { value: Number(m[1]), param: 'stopWhen: stepCountIs', isDefault: false };
  }
  return undefined;
}

/** Vercel AI SDK model expressions: openai('gpt-4o'), anthropic("…"), openai.chat('…'), 'openai/gpt-4o', registry.languageModel('openai:gpt-4o'). */
function vercelModel(n: Node, ctx: PromptContext): { node?: Node; value: Value; provider?: string } {
  const v = single(resolveValue(n, { ...ctx, callers: true }));
  if (v.kind === 'string') {
    const [prov, id] = v.value.includes('/') ? v.value.split('/', 2) : [undefined, v.value];
    return { node: v.node, value: { ...v, value: id }, provider: prov };
  }
  if (v.kind === 'call') {
    const a = argsOf(v.node);
    const first = a.positional[0];
    const callee = calleeOf(v.node);
    const chain = callee ? memberChain(callee) : undefined;
    const fnName = chain?.root.type === 'identifier' ? chain.root.text : undefined;
    const method = chain?.members[chain.members.length - 1];
    const vctx = { ...ctx, ...ctxOf(v, ctx), callers: true };
    if (first) {
      const id = resolveValue(first, vctx);
      if (method === 'languageModel' && id.kind === 'string') {
        const [prov, model] = id.value.includes(':') ? id.value.split(':', 2) : [undefined, id.value];
        return { node: id.node, value: { ...id, value: model }, provider: prov };
      }
      const imported = fnName ? importedAs(fnName, v.node, vctx) : undefined;
      const prov = imported?.module.startsWith('@ai-sdk/') ? imported.module.slice('@ai-sdk/'.length).replace('google-vertex', 'google') : fnName;
      return { node: first, value: id, provider: prov === 'azure' ? 'openai' : prov };
    }
  }
  return { node: n, value: v };
}

function liteLlm(call: Node, fn: string, ctx: PromptContext, b: PromptBuild, router = false): DetectedCall {
  const args = optionsArgs(call, ctx);
  const m = modelOf(args, ['model'], ctx);
  if (fn.includes('responses')) {
    addText(b, args.named.get('instructions'), 'system', 0, ctx);
    addText(b, args.named.get('input'), 'user', nextIndex(b), ctx);
  } else addMessages(b, args.named.get('messages'), ctx);
  let value = m.value;
  let provider = 'unknown';
  if (value.kind === 'string' && value.value.includes('/')) {
    const [p, id] = value.value.split('/', 2);
    provider = p === 'gemini' || p === 'vertex_ai' ? 'google' : p === 'bedrock' ? 'aws' : p === 'azure' ? 'openai' : p;
    value = { ...value, value: id };
  }
  return { provider: providerFor(provider === 'unknown' ? undefined : provider, value), api: router ? `router.${fn}` : fn, sdk: 'litellm', modelNode: m.node, model: value, build: b, outputCap: capOf(args, ctx), params: paramsOf(args, ctx) };
}

function langchainInvoke(call: Node, model: Extract<Receiver, { type: 'chat-model' }>, prompt: Node | undefined, ctx: PromptContext, b: PromptBuild, method: string, structured = false): DetectedCall {
  const { model: m, cap, reasoning } = chatModelCall(model, ctx);
  if (prompt) addChatPrompt(b, prompt, ctx);
  const a = callArgsOf(call, ctx);
  const input = a.positional[0] ?? a.named.get('input');
  if (input) {
    const v = resolveValue(input, ctx);
    if (v.kind === 'list') addMessages(b, input, ctx);
    else if (v.kind === 'dict') {
      // Variables of a prompt template: sized at the template's placeholders.
    } else addText(b, input, 'user', nextIndex(b), ctx);
  }
  let provider = model.provider;
  if (model.modelFromFirstArg) {
    const mp = argValue(model.args, ['model_provider', 'modelProvider']);
    const pv = mp ? resolveValue(mp, inArgs(model.args, ctx)) : undefined;
    if (pv?.kind === 'string') provider = pv.value === 'google_genai' || pv.value === 'google_vertexai' ? 'google' : pv.value;
  }
  let value = m.value;
  if (value.kind === 'string' && value.value.includes(':') && model.modelFromFirstArg) {
    const [p, id] = value.value.split(':', 2);
    provider = p === 'google_genai' ? 'google' : p;
    value = { ...value, value: id };
  }
  return {
    provider: providerFor(provider === 'unknown' ? undefined : provider, value),
    api: `langchain.${method}`,
    sdk: 'langchain',
    modelNode: m.node,
    model: value,
    build: b,
    outputCap: cap,
    params: paramsOf(model.args, ctx),
    structuredOutput: structured,
    ...(reasoning ? { reasoning } : {}),
  };
}

/** ChatPromptTemplate.from_messages([...]) / PromptTemplate.from_template("...") at the head of a chain. */
function addChatPrompt(b: PromptBuild, prompt: Node, ctx: PromptContext): void {
  const v = resolveValue(prompt, ctx);
  if (v.kind !== 'call') return;
  const a = argsOf(v.node);
  if (/from_messages|fromMessages/.test(v.callee)) {
    const list = a.positional[0];
    // Template variables (`{text}`) stay in the text as written: the input dict fills them.
    if (list) addMessages(b, list, ctx);
  } else if (/from_template|fromTemplate|PromptTemplate/.test(v.callee)) {
    addText(b, a.positional[0] ?? a.named.get('template'), 'user', nextIndex(b), ctx);
  }
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

function agentsRun(call: Node, ctx: PromptContext, b: PromptBuild, method: string): DetectedCall | undefined {
  const a = callArgsOf(call, ctx);
  const agentNode = a.positional[0] ?? a.named.get('starting_agent') ?? a.named.get('agent');
  const agent = agentNode ? classifyReceiver(agentNode, ctx) : undefined;
  if (!agent || agent.type !== 'agent') return undefined;
  const m = modelOf(agent.args, ['model'], ctx);
  const model = m.node ? m.value : { kind: 'default' as const, value: AGENTS_DEFAULT_MODEL, reason: `the Agents SDK default model (${AGENTS_DEFAULT_MODEL})` };
  addText(b, argValue(agent.args, ['instructions']), 'system', 0, inArgs(agent.args, ctx));
  const tools = argValue(agent.args, ['tools']);
  const input = a.positional[1] ?? a.named.get('input');
  if (input) addText(b, input, 'user', nextIndex(b), ctx);
  // With tools, tool results and prior turns come back in every turn: the history grows. Without,
  // the agent answers in one request.
  if (tools) {
    b.parts.push({ role: 'tool', message: nextIndex(b), source: 'unknown', text: '', dynamic: { kind: 'history', name: 'turns so far (tool calls and results)', volatile: true } });
    b.historyGrows = true;
  }
  const opts = a.positional[2] && unwrap(a.positional[2]).type === 'object' ? objectArgs(unwrap(a.positional[2])) : a;
  const mt = opts.named.get('max_turns') ?? opts.named.get('maxTurns');
  const mv = mt ? resolveValue(mt, ctx) : undefined;
  const settings = argValue(agent.args, ['model_settings', 'modelSettings']);
  const sv = settings ? single(resolveValue(settings, inArgs(agent.args, ctx))) : undefined;
  const settingsArgs = sv ? valueArgs(sv, ctx) : undefined;
  return {
    provider: providerFor('openai', model),
    api: `agents.${method}`,
    sdk: 'openai-agents',
    modelNode: m.node,
    model,
    build: b,
    outputCap: settingsArgs ? capOf(settingsArgs, ctx) : undefined,
    params: { tools: tools ? tools.text.slice(0, 80) : undefined },
    maxTurns: mv?.kind === 'number' ? { value: mv.value, param: mt!.text.includes('max_turns') || a.named.has('max_turns') ? 'max_turns' : 'maxTurns', isDefault: false } : { value: AGENTS_DEFAULT_MAX_TURNS, param: 'max_turns', isDefault: true },
  };
}
