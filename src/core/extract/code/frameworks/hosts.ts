// Where a request goes: the provider a base URL or endpoint URL names (`https://api.groq.com/openai/v1`
// → groq), self-hosted servers (localhost, Ollama's and vLLM's ports, docker service names) and the
// kind of request an endpoint path is (`/v1/chat/completions`, `/v1/messages`, `:generateContent`,
// `/v1/embeddings`…). Shared by OpenAI-compatible clients (base_url), raw HTTP calls and test doubles
// (an intercepted host).
import type { Node } from '@vscode/tree-sitter-wasm';
import { argsOf, calleeOf, dotted, memberChain, unwrap } from '../ast';
import type { Operation } from '../callKit';
import { argumentsFromCallers, callableOf, contextFor, loopItems, resolveValue, returnExpressions, single, Value, ValueContext } from '../values';
import { own } from '../../../util/own';

/** Known API hosts → the provider that bills them (as the price catalogue names providers). */
const HOSTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(^|\.)api\.openai\.com$/, 'openai'],
  [/\.openai\.azure\.com$/, 'azure'],
  [/\.(services|cognitiveservices)\.ai\.azure\.com$/, 'azure'],
  [/^models\.(inference\.ai\.azure\.com|github\.ai)$/, 'azure'],
  [/(^|\.)api\.anthropic\.com$/, 'anthropic'],
  [/(^|\.)generativelanguage\.googleapis\.com$/, 'google'],
  [/(^|\.)aiplatform\.googleapis\.com$/, 'google'],
  [/(^|\.)api\.groq\.com$/, 'groq'],
  [/(^|\.)api\.deepseek\.com$/, 'deepseek'],
  [/(^|\.)api\.together\.(xyz|ai)$/, 'together'],
  [/(^|\.)openrouter\.ai$/, 'openrouter'],
  [/(^|\.)api\.fireworks\.ai$/, 'fireworks'],
  [/(^|\.)api\.mistral\.ai$/, 'mistral'],
  [/(^|\.)codestral\.mistral\.ai$/, 'mistral'],
  [/(^|\.)api\.x\.ai$/, 'x-ai'],
  [/(^|\.)api\.cohere\.(ai|com)$/, 'cohere'],
  [/(^|\.)api\.cerebras\.ai$/, 'cerebras'],
  [/(^|\.)api\.perplexity\.ai$/, 'perplexity'],
  [/(^|\.)api\.moonshot\.(ai|cn)$/, 'moonshotai'],
  [/(^|\.)api\.voyageai\.com$/, 'voyageai'],
  [/(^|\.)api\.novita\.ai$/, 'novita'],
  [/(^|\.)api\.deepinfra\.com$/, 'deepinfra'],
  [/(^|\.)dashscope(-intl)?\.aliyuncs\.com$/, 'alibaba'],
  [/(^|\.)(api-inference|router)\.huggingface\.co$/, 'huggingface'],
  [/(^|\.)api\.sambanova\.ai$/, 'sambanova'],
  [/(^|\.)api\.hyperbolic\.xyz$/, 'hyperbolic'],
  [/(^|\.)integrate\.api\.nvidia\.com$/, 'nvidia'],
  [/(^|\.)api\.minimaxi?\.(chat|io|com)$/, 'minimax'],
  [/(^|\.)open\.bigmodel\.cn$/, 'zhipuai'],
  [/(^|\.)api\.z\.ai$/, 'zai'],
  [/(^|\.)ark\.[\w-]+\.volces\.com$/, 'volcengine'],
  [/(^|\.)(qianfan|aip)\.baidubce\.com$/, 'baidu'],
  [/(^|\.)api\.siliconflow\.(cn|com)$/, 'siliconflow'],
  [/(^|\.)api-inference\.modelscope\.cn$/, 'modelscope'],
  [/(^|\.)api\.stepfun\.com$/, 'stepfun'],
  [/(^|\.)api\.lingyiwanwu\.com$/, '01-ai'],
  [/(^|\.)api\.baichuan-ai\.com$/, 'baichuan'],
  [/(^|\.)spark-api-open\.xf-yun\.com$/, 'xunfei'],
  [/(^|\.)hunyuan\.(cloud\.)?tencent(cloudapi)?\.com$/, 'tencent'],
  [/(^|\.)api\.link-ai\.(tech|chat)$/, 'linkai'],
  // Ollama's own cloud bills; an Ollama server of the user's does not.
  [/(^|\.)ollama\.com$/, 'ollama'],
];

/** Well-known ports of local model servers, for the label of a self-hosted call. */
const LOCAL_PORTS: Record<string, string> = { '11434': 'Ollama', '8000': 'vLLM', '1234': 'LM Studio', '8080': 'TGI or llama.cpp' };
/** A local LiteLLM proxy (its default port) forwards to paid providers: not self-hosted. */
const PROXY_PORTS = new Set(['4000']);
/** Hostnames of compose services and local servers that name what they run. */
const LOCAL_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/(^|[-_.])ollama([-_.]|$)/, 'Ollama'],
  [/(^|[-_.])vllm([-_.]|$)/, 'vLLM'],
  [/(^|[-_.])(tgi|text-generation-inference)([-_.]|$)/, 'TGI'],
  [/(^|[-_.])(llama-?cpp|llamacpp|llama-server)([-_.]|$)/, 'llama.cpp'],
  [/(^|[-_.])lmstudio([-_.]|$)/, 'LM Studio'],
];

export interface Endpoint {
  /** The provider billed (`groq`), `unknown` when the host is not known, or what a local server runs. */
  provider: string;
  /** Set when the server is the user's own: no API bill. */
  selfHosted?: string;
  /** The host as written (`api.groq.com`, `localhost:11434`), when the URL says it. */
  host?: string;
  /** What serves a self-hosted endpoint (Ollama, vLLM…), or LOCAL_SERVER when the URL does not say. */
  server?: string;
  /** A local LiteLLM proxy: it forwards to the provider the model id names. */
  proxy?: boolean;
}

const UNKNOWN = '\u0000';

/** `https://api.groq.com/openai/v1` → { host: 'api.groq.com', port, path }; unknown parts stay unknown. */
export function splitUrl(url: string): { host?: string; port?: string; path: string } {
  // Read by hand, not by one regular expression: its optional scheme made it quadratic (the ReDoS check).
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url);
  const rest = scheme ? url.slice(scheme[0].length) : url;
  if (!rest.startsWith('//')) return { path: url };
  const end = rest.slice(2).search(/[/?#]/);
  const authorityText = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
  const pathText = end < 0 ? '' : rest.slice(end + 2);
  const authority = authorityText.replace(/^[^@]*@/, '');
  const hp = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority)!;
  const host = hp[1].toLowerCase();
  return { host: host && !host.includes(UNKNOWN) ? host : undefined, port: hp[2] && !hp[2].includes(UNKNOWN) ? hp[2] : undefined, path: pathText };
}

/** Whether a host is the user's own machine or network (or names a local model server). */
function localHost(host: string, port: string | undefined): string | undefined {
  const named = LOCAL_NAMES.find(([re]) => re.test(host));
  if (named) return named[1];
  const local = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1?\]|::1|host\.docker\.internal|[\w-]+\.local|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+)$/.test(host);
  if (!local) return undefined;
  return (port && own(LOCAL_PORTS, port)) || LOCAL_SERVER;
}

/** The label of a local server that names no model server (an app's own backend may be one). */
export const LOCAL_SERVER = 'a local server';

/** The provider or self-hosted server a URL (or base URL) names; undefined when its host is not written. */
export function endpointOf(url: string): Endpoint | undefined {
  const { host, port } = splitUrl(url);
  if (!host) return undefined;
  const where = port ? `${host}:${port}` : host;
  const known = HOSTS.find(([re]) => re.test(host));
  if (known) return { provider: known[1], host: where };
  if (port && PROXY_PORTS.has(port) && localHost(host, undefined)) return { provider: 'unknown', host: where, proxy: true };
  const local = localHost(host, port);
  if (local) return { provider: local === 'Ollama' ? 'ollama' : local === 'vLLM' ? 'vllm' : 'self-hosted', selfHosted: `${local} at ${where}`, host: where, server: local };
  return { provider: 'unknown', host: where };
}

/** The kind of request an endpoint path is, when it is a model provider's. */
export interface EndpointPath {
  api: string;
  operation: Operation;
  /** The model written in the path (`models/gemini-2.0-flash:generateContent`). */
  model?: string;
  /** A path any server could have (Ollama's `/api/chat`): only a call when the host is a model server. */
  generic?: boolean;
  /** The local servers that serve this path (Ollama's `/api/chat` is not vLLM's): others are an app's own backend. */
  servedBy?: string[];
}

/** What a URL's path asks for: chat completions, messages, responses, embeddings, images, audio. */
export function endpointPath(path: string): EndpointPath | undefined {
  const query = path.search(/[?#]/);
  const p = query < 0 ? path : path.slice(0, query);
  const google = /models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents|predict)$/.exec(p);
  if (google) {
    const model = google[1].includes(UNKNOWN) ? undefined : google[1];
    const op: Operation = /embed/i.test(google[2]) ? 'embedding' : google[2] === 'predict' ? 'image' : 'chat';
    return { api: google[2], operation: op, model };
  }
  if (/\/chat\/completions$/.test(p)) return { api: 'chat.completions', operation: 'chat' };
  if (/(^|\/)v\d+\/completions$/.test(p)) return { api: 'completions', operation: 'chat' };
  if (/\/v1\/messages$/.test(p)) return { api: 'messages', operation: 'chat' };
  if (/\/v\d+\/responses$/.test(p)) return { api: 'responses', operation: 'chat' };
  if (/\/v\d+\/(chat|generate)$/.test(p)) return { api: p.endsWith('chat') ? 'chat' : 'generate', operation: 'chat', generic: true }; // Cohere's
  if (/\/v\d+\/embed(dings)?$/.test(p)) return { api: 'embeddings', operation: 'embedding' };
  if (/\/v\d+\/images\/(generations|edits|variations)$/.test(p)) return { api: 'images', operation: 'image' };
  // Mistral's document OCR (also on Azure AI Foundry): billed per page.
  if (/\/v\d+\/ocr$/.test(p)) return { api: 'ocr', operation: 'image' };
  if (/\/v\d+\/realtime\/calls$/.test(p)) return { api: 'realtime.calls', operation: 'audio' };
  if (/\/v\d+\/audio\/(speech|transcriptions|translations)$/.test(p)) return { api: `audio.${/audio\/(\w+)/.exec(p)![1]}`, operation: 'audio' };
  if (/\/api\/(chat|generate)$/.test(p)) return { api: `ollama.${p.endsWith('chat') ? 'chat' : 'generate'}`, operation: 'chat', generic: true, servedBy: ['Ollama'] };
  if (/\/api\/embed(dings)?$/.test(p)) return { api: 'ollama.embed', operation: 'embedding', generic: true, servedBy: ['Ollama'] };
  // Text Generation Inference.
  if (/^\/?(generate|generate_stream)$/.test(p)) return { api: 'tgi.generate', operation: 'chat', generic: true, servedBy: ['TGI', 'TGI or llama.cpp'] };
  return undefined;
}

/**
 * A URL expression as text, its parts resolved where the code says them (constants, env defaults,
 * class fields and properties, `urljoin`/`new URL(path, base)`, a config lookup's default); parts it
 * cannot read are left as a marker.
 */
export function urlText(node: Node | undefined, ctx: ValueContext, depth = 0): string | undefined {
  if (!node || depth > 6) return undefined;
  const u = unwrap(node);
  // `self.api_base` written as a property (`@property def api_base(self): return …`).
  if (u.type === 'attribute' || u.type === 'member_expression') {
    const chain = memberChain(u);
    const self = chain.root.type === 'this' || (chain.root.type === 'identifier' && chain.root.text === 'self');
    if (self && chain.members.length === 1 && !ctx.scope.lookup(`${chain.root.text}.${chain.members[0]}`, u).value) {
      const fn = callableOf(u, ctx);
      if (fn?.kind === 'function') {
        const texts = returnExpressions(fn.node).map((r) => urlText(r, fn.ctx, depth + 1)).filter((t): t is string => t !== undefined);
        return texts.find((t) => splitUrl(t).host) ?? texts[0];
      }
    }
  }
  // `f"{base}{path}" if path.startswith("/") else f"{base}/{path}"`: either branch says where it goes.
  if (u.type === 'conditional_expression' || u.type === 'ternary_expression') {
    const branches = u.type === 'ternary_expression' ? [u.childForFieldName('consequence'), u.childForFieldName('alternative')] : [u.namedChildren[0], u.namedChildren[2]];
    const texts = branches.map((b) => urlText(b ?? undefined, ctx, depth + 1)).filter((t): t is string => t !== undefined);
    return texts.find((t) => splitUrl(t).host) ?? texts[0];
  }
  // `api_base or DEFAULT_API_BASE`: a base the code cannot read falls back to the one it writes.
  const or = orOperands(u);
  if (or) {
    const left = urlText(or[0], ctx, depth + 1);
    if (left !== undefined && splitUrl(left).host) return left;
    const right = urlText(or[1], ctx, depth + 1);
    return right !== undefined && splitUrl(right).host ? right : left ?? right;
  }
  const v = resolveValue(u, { ...ctx, callers: true });
  const text = valueText(v, ctx, depth);
  if (text !== undefined || u.type !== 'identifier') return text;
  // `for url in candidates:`: the URLs tried in turn, the one that names an endpoint first.
  const loop = loopItems(u, ctx);
  if (loop) {
    const texts = loop.items.map((item) => urlText(item, loop.ctx, depth + 1)).filter((t): t is string => t !== undefined);
    if (texts.length) return texts.find(namesEndpoint) ?? texts[0];
  }
  // A URL handed in as a parameter: what the callers pass, read as URLs.
  const passed = argumentsFromCallers(u, ctx)
    .map((a) => urlText(a.node, a.ctx, depth + 1))
    .filter((t): t is string => t !== undefined);
  if (passed.length) return passed.find((t) => splitUrl(t).host) ?? passed[0];
  // `url = url.rsplit(…)[0]` reassigns a URL from itself: its first value in the function names the host.
  const fn = ctx.scope.functionAround(u);
  const first = (ctx.scope.bindings.get(u.text) ?? []).find((b) => b.at < u.startIndex && ctx.scope.functionAround(b.node)?.id === fn?.id);
  return first && first.value.id !== u.id ? valueText(resolveValue(first.value, { ...ctx, callers: true }), ctx, depth + 1) : undefined;
}

function valueText(v: Value, ctx: ValueContext, depth: number): string | undefined {
  // One of several URLs (tried in turn, or per caller): the one that names an endpoint says what the request is.
  if (v.kind === 'union') {
    const texts = v.options.map((o) => valueText(o, ctx, depth)).filter((t): t is string => t !== undefined);
    return texts.find(namesEndpoint) ?? texts[0];
  }
  const s = single(v);
  // `os.getenv("OCR_URL", "")`: set where it runs, not in the code.
  if (s.kind === 'string') return s.value === '' && s.via?.startsWith('default of environment variable') ? UNKNOWN : s.value;
  if (s.kind === 'template') {
    return s.pieces.map((p) => ('text' in p ? p.text : urlText(p.expr, s.ctx ?? ctx, depth + 1) ?? UNKNOWN)).join('');
  }
  // A name bound to a conditional or an `or` (which read as no one value): its branches, as above.
  if (s.kind === 'unknown' && s.node && (['conditional_expression', 'ternary_expression'].includes(unwrap(s.node).type) || orOperands(unwrap(s.node)))) return urlText(s.node, contextFor(s.node, ctx), depth);
  if (s.kind === 'call' || s.kind === 'unknown') {
    // `conf().get("base") or "https://…"`: the lookup cannot be read, its fallback is the code's.
    const fallback = s.node ? orFallback(s.node, s.ctx ?? ctx, depth) : undefined;
    if (fallback !== undefined) return fallback;
  }
  if (s.kind === 'call') {
    const n = unwrap(s.node);
    const callee = calleeOf(n);
    const name = callee ? dotted(callee) ?? callee.text : '';
    const a = argsOf(n);
    const c = s.ctx ?? ctx;
    const method = callee && (callee.type === 'attribute' || callee.type === 'member_expression') ? memberChain(callee).members.slice(-1)[0] : undefined;
    const object = callee ? callee.childForFieldName('object') ?? undefined : undefined;
    // urljoin(base, "chat/completions") / new URL("chat/completions", base) / path.join-like helpers.
    if (/(^|\.)urljoin$/.test(name) && a.positional.length >= 2) return joinUrl(urlText(a.positional[0], c, depth + 1) ?? UNKNOWN, urlText(a.positional[1], c, depth + 1) ?? UNKNOWN);
    if (name === 'URL' && a.positional.length >= 1) {
      const rel = urlText(a.positional[0], c, depth + 1) ?? UNKNOWN;
      return a.positional[1] ? joinUrl(urlText(a.positional[1], c, depth + 1) ?? UNKNOWN, rel) : rel;
    }
    // "{}/chat/completions".format(base) reads as its literal with the gaps unknown.
    if (method === 'format' && object) return urlText(object, c, depth + 1)?.replace(/\{[^{}]*\}/g, UNKNOWN);
    // A config lookup with a default: `conf().get("moonshot_base_url", "https://api.moonshot.cn/v1")`.
    if (method === 'get' && a.positional.length === 2) return urlText(a.positional[1], c, depth + 1);
    // Trimming a URL keeps its host: `url.rstrip("/")`, `base.strip()`.
    if (method && ['rstrip', 'strip', 'lstrip', 'removesuffix', 'trim', 'trimEnd', 'replace'].includes(method) && object) return urlText(object, c, depth + 1);
  }
  if (s.kind === 'unknown' && s.node) {
    // `url.rsplit("/chat/completions", 1)[0]`: the part before, the host kept.
    const n = unwrap(s.node);
    const obj = n.type === 'subscript' ? n.childForFieldName('value') : undefined;
    const callee = obj && unwrap(obj).type === 'call' ? calleeOf(unwrap(obj)) : undefined;
    const m = callee && callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    if (m && ['rsplit', 'split', 'partition', 'rpartition'].includes(m)) {
      const base = urlText(callee!.childForFieldName('object') ?? undefined, ctx, depth + 1);
      return base !== undefined ? base.replace(/\/(chat\/completions|completions|messages|responses)$/, '') : undefined;
    }
  }
  return undefined;
}

/** Whether a URL text's path is a model endpoint (its host may be unknown). */
function namesEndpoint(url: string): boolean {
  return !!endpointPath(splitUrl(url.startsWith(UNKNOWN) ? `//${url}` : url).path);
}

/** The two sides of `a or b` / `a || b` / `a ?? b`. */
function orOperands(n: Node): [Node, Node] | undefined {
  const op = n.type === 'boolean_operator' ? (n.childForFieldName('operator')?.text ?? '') : n.type === 'binary_expression' ? (n.childForFieldName('operator')?.text ?? '') : '';
  if (!['or', '||', '??'].includes(op)) return undefined;
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  return left && right ? [left, right] : undefined;
}

/** The fallback of the `or`/`||`/`??` a value is the left side of, when it names a host. */
function orFallback(node: Node, ctx: ValueContext, depth: number): string | undefined {
  let cur = node;
  for (let p = cur.parent; p; cur = p, p = p.parent) {
    const op = p.type === 'boolean_operator' ? (p.text.includes(' or ') ? 'or' : 'and') : p.type === 'binary_expression' ? (p.childForFieldName('operator')?.text ?? '') : '';
    if (!['or', '||', '??'].includes(op)) {
      if (p.type === 'parenthesized_expression') continue;
      return undefined;
    }
    if (p.childForFieldName('left')?.id !== cur.id) continue;
    const right = urlText(p.childForFieldName('right') ?? undefined, ctx, depth + 1);
    if (right !== undefined && splitUrl(right).host) return right;
  }
  return undefined;
}

function joinUrl(base: string, rel: string): string {
  if (/^[a-z]+:\/\//i.test(rel)) return rel;
  if (rel.startsWith('/')) {
    const m = /^([a-z]+:\/\/[^/]*)/i.exec(base);
    return (m ? m[1] : base.replace(/\/$/, '')) + rel;
  }
  return base.replace(/\/?$/, '/') + rel;
}

/** Whether a URL text holds parts the code did not say. */
export function hasUnknown(url: string): boolean {
  return url.includes(UNKNOWN);
}
