// Raw HTTP requests to model providers: `requests.post(url, json=payload)`, `httpx.post` /
// `AsyncClient().post`, aiohttp `session.post`, `fetch(url, { method: 'POST', body: JSON.stringify(
// {...}) })`, `axios.post(url, body)`, ky/got `post(url, { json })`. A call site only when the URL is a
// provider's endpoint (`/v1/chat/completions`, `/v1/messages`, `/v1/responses`, `:generateContent`,
// `/v1/embeddings`, `/v1/audio/speech`… on a known host or an OpenAI-compatible base URL read from a
// constant or an env default); a POST elsewhere is not one. The model comes from the JSON body (or
// the URL, for Gemini), the output cap from its `max_tokens`.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, calleeOf, enclosingClass, field, kids, memberChain, unwrap } from '../ast';
import { callArgsOf, DetectedCall, inArgs, nextIndex, optionsArgs, paramsOf, providerFor } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { resolveValue, single, Value } from '../values';
import { sdkDefault } from './defaults';
import type { CallInfo, Framework } from './framework';
import { endpointOf, endpointPath, hasUnknown, LOCAL_SERVER, splitUrl, urlText } from './hosts';
import { bodyArgs, bodyCap } from './providerKit';
import { interceptedHost } from './testDoubles';

const FETCH_NAMES = ['fetch', '$fetch', 'ofetch'];

interface HttpRequest {
  url: Node;
  body?: Args;
}

export const rawHttp: Framework = {
  id: 'raw-http',
  callNames: ['post', 'request', 'stream', 'axios', ...FETCH_NAMES],
  detect(info, ctx) {
    if (routeOfAMock(info, ctx)) return undefined;
    const req = httpRequest(info, ctx);
    if (!req) return undefined;
    let url = urlText(req.url, ctx);
    if (url === undefined) return undefined;
    // A path against the client's base URL: httpx.Client(base_url=…), axios.create({ baseURL }).
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('\u0000')) {
      const base = info.members.length ? clientBase(field(unwrap(info.callee), 'object'), ctx) : undefined;
      if (!base) return undefined;
      let end = base.length;
      while (end > 0 && base[end - 1] === '/') end--;
      url = base.slice(0, end) + (url.startsWith('/') ? url : `/${url}`);
    }
    const { path } = splitUrl(url.startsWith('\u0000') ? `//\u0000${url.slice(1)}` : url);
    const ep = endpointPath(path);
    if (!ep) return undefined;
    const where = endpointOf(url);
    const body = req.body ?? { positional: [], named: new Map(), spread: false };
    // A host the code names that is no provider's nor the user's machine: not a model call.
    if (where && where.provider === 'unknown' && !where.selfHosted && !where.proxy) return undefined;
    // A path any server could have (`/api/chat`) is a model call only on a model server's host.
    if (ep.generic && !(where && (!where.selfHosted || (where.server && where.server !== LOCAL_SERVER)))) return undefined;
    // …and one that serves it: `localhost:8000/api/chat` is an app's backend (vLLM serves /v1/chat/completions there).
    if (ep.generic && where?.selfHosted && ep.servedBy && !ep.servedBy.includes(where.server ?? '')) return undefined;
    // A base URL the code does not say (an env var without default): an OpenAI-style request body says it.
    if (!where && !(hasUnknown(url) && (body.named.has('model') || ep.model))) return undefined;

    const b = info.build;
    const bc = inArgs(body, ctx);
    const modelNode = body.named.get('model');
    let model: Value = modelNode ? resolveValue(modelNode, { ...bc, callers: true }) : { kind: 'unknown', reason: req.body ? 'no model in the request body' : 'the request body is not written here' };
    if (!modelNode && ep.model) model = { kind: 'string', value: ep.model, node: req.url, via: 'the URL path' };
    // A realtime call opened with an SDP offer inside a transport of the Agents SDK
    // (`class … extends OpenAIRealtimeBase`): the session's model, which is the SDK's default until
    // the session names another (the base class starts `currentModel` there).
    const transport = !modelNode && ep.api === 'realtime.calls' ? realtimeTransportBase(info.call, ctx) : undefined;
    const sessionDefault = transport ? sdkDefault('openai-agents realtime', 'model', ctx, `Agents SDK default realtime model (this transport extends ${transport}; a RealtimeSession's \`model\` replaces it)`, 'js') : undefined;
    addPrompt(b, ep.api, body, bc);
    const provider = where && where.provider !== 'unknown' && !where.selfHosted ? where.provider : providerFor(undefined, model);
    const double = where?.host ? interceptedHost([where.host.replace(/:\d+$/, '')], info.call, ctx) : undefined;
    return {
      provider: where?.selfHosted ? where.provider : provider,
      api: `http.${ep.api}`,
      sdk: 'raw-http',
      ...(ep.operation !== 'chat' ? { operation: ep.operation } : {}),
      ...(where?.selfHosted ? { selfHosted: where.selfHosted } : {}),
      ...(double ? { testDouble: double } : {}),
      modelNode: modelNode ?? (ep.model ? req.url : undefined),
      model: sessionDefault ? { kind: 'default', value: String(sessionDefault.value), reason: sessionDefault.reason } : model,
      build: b,
      outputCap: ep.operation === 'embedding' ? undefined : bodyCap(body, ctx),
      params: { ...paramsOf(body, ctx), endpoint: url.replace(/\u0000/g, '{…}').slice(0, 120) },
    } satisfies DetectedCall;
  },
};

/** The Agents SDK realtime base class the class around a call extends (`OpenAIRealtimeBase`…), if it does. */
function realtimeTransportBase(call: Node, ctx: PromptContext): string | undefined {
  const cls = enclosingClass(call);
  const heritage = cls ? kids(cls).find((k) => k.type === 'class_heritage') : undefined;
  const ext = heritage ? kids(heritage).find((k) => k.type === 'extends_clause') : undefined;
  const base = ext ? kids(ext)[0] : undefined;
  if (!base || base.type !== 'identifier' || !/^OpenAIRealtime(Base|WebRTC|WebSocket)$/.test(base.text)) return undefined;
  const imported = ctx.scope.lookup(base.text, base).imported;
  return imported && /^@openai\/agents(-realtime|\/realtime)?$/.test(imported.module) ? base.text : undefined;
}

/** Libraries whose `post(url, …)` declares a mocked route, not a request. */
const MOCK_LIBRARIES = /^(respx|responses|requests_mock|aioresponses|pytest_httpx|nock|msw|fetch-mock|undici)(\/|\.|$)/;

/** `respx.post(url)`, `nock(host).post(path)`, msw's `http.post(url, resolver)`, a `*_mock` fixture's `post`. */
function routeOfAMock(info: CallInfo, ctx: PromptContext): boolean {
  if (!info.members.length) return false;
  let root = info.chain.root;
  while (root.type === 'call' || root.type === 'call_expression') {
    const c = calleeOf(root);
    if (!c) break;
    root = memberChain(c).root;
  }
  if (root.type === 'identifier') {
    if (/mock/i.test(root.text)) return true;
    const imported = info.importOf(root.text);
    if (imported && MOCK_LIBRARIES.test(imported.module)) return true;
  }
  const a = callArgsOf(info.call, ctx);
  // A handler as the second argument (msw, Express-like routers), or aioresponses' `payload=`/`status=`.
  const second = a.positional[1] ? unwrap(a.positional[1]).type : '';
  if (['arrow_function', 'function_expression', 'function'].includes(second)) return true;
  return ['payload', 'status', 'callback', 'exception'].some((k) => a.named.has(k));
}

/** The URL and JSON body of a POST, in the shapes the HTTP libraries take them; undefined for other calls. */
function httpRequest(info: CallInfo, ctx: PromptContext): HttpRequest | undefined {
  const m = info.method;
  const py = ctx.scope.family === 'py';
  if (FETCH_NAMES.includes(m)) {
    // fetch(url, { method: 'POST', body: JSON.stringify(payload) })
    const a = callArgsOf(info.call, ctx);
    const url = a.positional[0];
    const opts = a.positional[1] ? single(resolveValue(a.positional[1], ctx)) : undefined;
    if (!url || opts?.kind !== 'dict') return undefined;
    const method = opts.entries.get('method');
    const mv = method ? single(resolveValue(method, opts.ctx ?? ctx)) : undefined;
    const body = opts.entries.get('body');
    if (mv?.kind === 'string' ? mv.value.toUpperCase() !== 'POST' : !body) return undefined;
    return { url, body: bodyArgs(body, opts.ctx ? { ...ctx, ...opts.ctx } : ctx) };
  }
  if (m === 'axios' && !info.members.length) {
    // axios({ method: 'post', url, data })
    const a = optionsArgs(info.call, ctx);
    const method = a.named.get('method');
    const mv = method ? single(resolveValue(method, ctx)) : undefined;
    const url = a.named.get('url');
    if (!url || mv?.kind !== 'string' || mv.value.toUpperCase() !== 'POST') return undefined;
    return { url, body: bodyArgs(a.named.get('data'), inArgs(a, ctx)) };
  }
  if (!info.members.length) return undefined;
  if (m === 'post') {
    if (py) {
      const a = callArgsOf(info.call, ctx);
      const url = a.positional[0] ?? a.named.get('url');
      if (!url) return undefined;
      return { url, body: bodyArgs(a.named.get('json') ?? a.named.get('data') ?? a.named.get('content'), ctx) };
    }
    // axios.post(url, body, config) / ky.post(url, { json }) / got.post(url, { json })
    const a = callArgsOf(info.call, ctx);
    const url = a.positional[0];
    if (!url) return undefined;
    const second = a.positional[1];
    const v = second ? single(resolveValue(second, ctx)) : undefined;
    if (v?.kind === 'dict' && !v.entries.has('model') && (v.entries.has('json') || v.entries.has('body'))) {
      const inner = v.entries.get('json') ?? v.entries.get('body');
      return { url, body: bodyArgs(inner, v.ctx ? { ...ctx, ...v.ctx } : ctx) };
    }
    return { url, body: second ? bodyArgs(second, ctx) : undefined };
  }
  if (m === 'request' || m === 'stream') {
    // requests.request("POST", url, json=…) / httpx client.stream("POST", url, json=…)
    const a = callArgsOf(info.call, ctx);
    const method = a.positional[0] ?? a.named.get('method');
    const mv = method ? single(resolveValue(method, ctx)) : undefined;
    if (mv?.kind !== 'string' || mv.value.toUpperCase() !== 'POST') return undefined;
    const url = a.positional[1] ?? a.named.get('url');
    if (!url) return undefined;
    return { url, body: bodyArgs(a.named.get('json') ?? a.named.get('data') ?? a.named.get('content') ?? a.named.get('body'), ctx) };
  }
  return undefined;
}

/** The base URL of the client a request is made on: `httpx.AsyncClient(base_url=…)`, `axios.create({ baseURL })`. */
function clientBase(node: Node | undefined, ctx: PromptContext): string | undefined {
  if (!node) return undefined;
  const bound = unwrap(node).type === 'identifier' ? withTarget(unwrap(node)) : undefined;
  const v = single(resolveValue(bound ?? node, { ...ctx, callers: true }));
  if (v.kind !== 'call') return undefined;
  const call = unwrap(v.node);
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const name = memberChain(callee).members.slice(-1)[0] ?? callee.text;
  if (!['Client', 'AsyncClient', 'create', 'ClientSession', 'Session', 'extend'].includes(name)) return undefined;
  const c = v.ctx ? { ...ctx, ...v.ctx } : ctx;
  const a = optionsArgs(call, c);
  const base = a.named.get('base_url') ?? a.named.get('baseURL') ?? a.named.get('prefixUrl') ?? a.named.get('prefix_url');
  return base ? urlText(base, c) : undefined;
}

/** `async with httpx.AsyncClient(…) as client:` around a use of `client`: the client expression. */
function withTarget(name: Node): Node | undefined {
  for (let p = name.parent; p; p = p.parent) {
    if (p.type !== 'with_statement') continue;
    for (const clause of kids(p).filter((k) => k.type === 'with_clause')) {
      for (const item of kids(clause)) {
        const as = field(item, 'value');
        if (as?.type !== 'as_pattern') continue;
        const alias = field(as, 'alias');
        if (alias && kids(alias)[0]?.type === 'identifier' && kids(alias)[0].text === name.text) return kids(as)[0];
      }
    }
  }
  return undefined;
}

/** The prompt in a request body, by the endpoint's shape. */
function addPrompt(b: DetectedCall['build'], api: string, body: Args, ctx: PromptContext): void {
  const get = (k: string) => body.named.get(k);
  switch (api) {
    case 'messages':
      addText(b, get('system'), 'system', 0, ctx);
      addMessages(b, get('messages'), ctx);
      return;
    case 'responses':
      addText(b, get('instructions'), 'system', 0, ctx);
      addText(b, get('input'), 'user', nextIndex(b), ctx);
      return;
    case 'generateContent':
    case 'streamGenerateContent': {
      const sys = get('systemInstruction') ?? get('system_instruction');
      if (sys) addText(b, partsText(sys, ctx)[0] ?? sys, 'system', 0, ctx);
      const contents = get('contents');
      const cv = contents ? single(resolveValue(contents, ctx)) : undefined;
      // [{"role": "user", "parts": [{"text": …}]}]: each part's text.
      if (cv?.kind === 'list') {
        const c = cv.ctx ? { ...ctx, ...cv.ctx } : ctx;
        for (const item of cv.items) {
          const iv = single(resolveValue(item, c));
          const role = iv.kind === 'dict' && iv.entries.get('role')?.text.includes('model') ? 'assistant' : 'user';
          const texts = partsText(item, c);
          if (texts.length) for (const t of texts) addText(b, t, role, nextIndex(b), c);
          else addText(b, item, 'user', nextIndex(b), c);
        }
      } else addText(b, contents, 'user', nextIndex(b), ctx);
      return;
    }
    case 'ollama.generate':
    case 'generate':
      addText(b, get('system'), 'system', 0, ctx);
      addText(b, get('prompt') ?? get('message'), 'user', nextIndex(b), ctx);
      return;
    case 'tgi.generate':
      addText(b, get('inputs'), 'user', 0, ctx);
      return;
    default:
      if (get('messages')) addMessages(b, get('messages'), ctx);
      else addText(b, get('prompt') ?? get('input') ?? get('message') ?? get('texts') ?? get('content') ?? get('text'), 'user', nextIndex(b), ctx);
  }
}

/** `{"parts": [{"text": …}]}` → the text nodes of its parts (Gemini's contents and systemInstruction). */
function partsText(n: Node, ctx: PromptContext): Node[] {
  const v = single(resolveValue(n, ctx));
  if (v.kind !== 'dict') return [];
  const parts = v.entries.get('parts');
  const pv = parts ? single(resolveValue(parts, v.ctx ?? ctx)) : undefined;
  if (pv?.kind !== 'list') return [];
  const out: Node[] = [];
  for (const item of pv.items) {
    const iv = single(resolveValue(item, pv.ctx ?? ctx));
    const t = iv.kind === 'dict' ? iv.entries.get('text') : undefined;
    if (t) out.push(t);
  }
  return out;
}
