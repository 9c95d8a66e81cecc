// Test doubles, whatever the SDK: a call whose client is a mock (`MagicMock()`, `mocker.patch(...)`,
// `vi.fn()` leaves, `vi.spyOn(client.chat.completions, 'create')`, a `mock_client` fixture), whose model
// is a fake (`FakeListChatModel`, `MockLanguageModelV3`, a class of the workspace implementing the
// SDK's model interface with a canned `_call`/`_generate`/`doGenerate`, a model object built over a
// mocked client), or whose endpoint a test intercepts (respx, nock, msw, responses, pytest-httpx). It
// sends nothing to a provider: reported as a test double, kept out of totals and findings.
import { isTestPath } from '../testPaths';
import type { Node } from '@vscode/tree-sitter-wasm';
import { argsOf, calleeOf, dotted, enclosingFunction, field, isCall, kids, memberChain, objectArgs, unwrap } from '../ast';
import { callArgsOf, DetectedCall, lastMembers } from '../callKit';
import type { PromptContext } from '../prompts';
import { newBuild } from '../prompts';
import { classifyReceiver } from '../receivers';
import { callableOf, classLineage, resolveValue, single, Value, ValueContext } from '../values';
import type { Framework } from './framework';

/** Mock factories of the test libraries (`unittest.mock`, pytest-mock, Vitest, Jest, Sinon). */
const MOCK_FACTORIES = /(^|\.)(MagicMock|Mock|AsyncMock|NonCallableMagicMock|NonCallableMock|PropertyMock|create_autospec|createStubInstance)$|^(mocker|mock|unittest\.mock)\.(patch|patch\.object|MagicMock|Mock|AsyncMock)$|^patch(\.object)?$|^(vi|jest)\.(fn|mocked)$|^sinon\.(stub|spy)$/;
/** Names that say they hold a mock: `mock_client`, `mockOpenAI`, `fake_llm`, `stubClient`. */
const MOCK_NAME = /^(mock|mocked|fake|stub|dummy)([_A-Z0-9]|$)/i;
/** Classes named as doubles: `MockOpenAI.create_mock(…)`, `FakeClient()`, `MockLanguageModelV3`. */
const DOUBLE_CLASS = /^(Mock|Fake|Stub|Dummy)[A-Z]/;

/** Model and client classes the SDKs ship as test doubles, by the module they come from. */
const SHIPPED_DOUBLES: ReadonlyArray<{ names: readonly string[]; modules: readonly string[]; sdk: string }> = [
  {
    names: ['FakeListLLM', 'FakeStreamingListLLM', 'FakeListChatModel', 'FakeChatModel', 'GenericFakeChatModel', 'ParrotFakeChatModel', 'FakeMessagesListChatModel', 'FakeEmbeddings', 'DeterministicFakeEmbedding', 'FakeLLM'],
    modules: ['langchain_core', 'langchain_community', 'langchain', '@langchain/core'],
    sdk: 'langchain',
  },
  { names: ['MockLanguageModelV1', 'MockLanguageModelV2', 'MockLanguageModelV3', 'MockEmbeddingModelV1', 'MockEmbeddingModelV2', 'MockEmbeddingModelV3', 'MockImageModelV2', 'MockImageModelV3'], modules: ['ai/test', 'ai'], sdk: 'vercel-ai' },
  { names: ['MockLLM', 'MockEmbedding', 'MockMultiModalLLM'], modules: ['llama_index', 'llamaindex', '@llamaindex'], sdk: 'llamaindex' },
  { names: ['DummyLM'], modules: ['dspy'], sdk: 'dspy' },
];

/** Base classes of the SDKs' model interfaces, and the methods an implementation of them defines. */
const MODEL_BASES = /\b(BaseLlm|BaseChatModel|SimpleChatModel|BaseLLM|LLM|CustomLLM|BaseLanguageModel|BaseChatOpenAI|Embeddings|BaseEmbedding|LanguageModelV[1-9]|EmbeddingModelV[1-9]|ImageModelV[1-9]|Model)\b/;
const MODEL_METHODS = /\bdef\s+(generate_content_async|_call|_acall|_generate|_agenerate|_stream|_astream|complete|stream_complete|embed_documents|embed_query|_get_text_embedding|request|request_stream)\s*\(|\b(doGenerate|doStream|doEmbed|_call|_generate|_streamResponseChunks)\s*[(:=]/;

/**
 * Libraries that intercept HTTP in tests, as a file imports them. `scoped`: active only inside a
 * decorator, a `with` block or a fixture of the test (respx, responses…), not in the whole file.
 */
const INTERCEPTORS: ReadonlyArray<{ re: RegExp; lib: string; scope?: RegExp }> = [
  { re: /\b(import\s+respx|from\s+respx\s+import)\b/, lib: 'respx', scope: /\brespx(\.mock|_mock)\b/ },
  { re: /\bhttpx_mock\b/, lib: 'pytest-httpx', scope: /\bhttpx_mock\b/ },
  { re: /\b(import\s+responses|from\s+responses\s+import)\b/, lib: 'responses', scope: /\bresponses\.(activate|RequestsMock)\b|\bmocked_responses\b/ },
  { re: /\brequests_mock\b/, lib: 'requests-mock', scope: /\brequests_mock\b/ },
  { re: /\baioresponses\b/, lib: 'aioresponses', scope: /\baioresponses\b/ },
  { re: /(from\s+|require\()['"]nock['"]/, lib: 'nock' },
  { re: /(from\s+|require\()['"]msw(\/node|\/browser)?['"]/, lib: 'msw' },
  { re: /(from\s+|require\()['"]fetch-mock['"]/, lib: 'fetch-mock' },
  { re: /\bMockAgent\b/, lib: 'undici MockAgent' },
  { re: /\bStubber\(/, lib: 'botocore Stubber' },
  { re: /\b(mock_aws|mock_bedrock|mock_bedrock_runtime)\b/, lib: 'moto', scope: /\bmock_(aws|bedrock|bedrock_runtime)\b/ },
];

/** The host each provider's SDK calls by default: a test intercepting it intercepts the SDK. */
const DEFAULT_HOSTS: Record<string, readonly string[]> = {
  openai: ['api.openai.com'],
  anthropic: ['api.anthropic.com'],
  google: ['generativelanguage.googleapis.com', 'aiplatform.googleapis.com'],
  groq: ['api.groq.com'],
  mistral: ['api.mistral.ai'],
  cohere: ['api.cohere.com', 'api.cohere.ai'],
  deepseek: ['api.deepseek.com'],
  'x-ai': ['api.x.ai'],
  together: ['api.together.xyz', 'api.together.ai'],
  fireworks: ['api.fireworks.ai'],
  openrouter: ['openrouter.ai'],
  voyageai: ['api.voyageai.com'],
  aws: ['bedrock-runtime'],
};

/** SDK modules a `@patch("openai.…")` target can name. */
const SDK_MODULES = /^['"](openai|anthropic|google\.genai|google\.generativeai|mistralai|cohere|groq|together|boto3|botocore|litellm|voyageai|ollama|xai_sdk|azure\.ai\.inference)\./;

/** What a file says about doubles, read once per file (reading its text crosses into wasm). */
interface FileFacts {
  text: string;
  /** `obj.method` paths replaced by a mock: `vi.spyOn(client.chat.completions, 'create')`, `x.create = vi.fn()`. */
  replaced: Set<string>;
  /** The HTTP-intercepting library the file imports, if any. */
  interceptor?: (typeof INTERCEPTORS)[number];
  hosts: Map<string, boolean>;
}

const facts = new WeakMap<object, FileFacts>();
// The assignment form starts at the dot before the method: the object path before it is read
// backwards by hand (a pattern for both would be quadratic on a long run of word characters).
const REPLACED = /(?:spyOn|patch\.object|stub)\(\s*([\w.$]+)\s*,\s*['"]([\w$]+)['"]|\.([\w$]+)\s*=\s*(?:vi\.fn|jest\.fn|sinon\.stub|MagicMock|AsyncMock|Mock)\b/g;

/** The `a.b` path that ends just before `end` in `text` (word characters, `$` and dots). */
function pathBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && /[\w.$]/.test(text[start - 1])) start--;
  return text.slice(start, end);
}

function factsOf(ctx: ValueContext): FileFacts {
  let f = facts.get(ctx.scope);
  if (!f) {
    const text = ctx.scope.root.text;
    const replaced = new Set<string>();
    for (const m of text.matchAll(REPLACED)) {
      if (m[1] !== undefined) replaced.add(`${m[1]}.${m[2]}`);
      else {
        const object = pathBefore(text, m.index);
        if (object) replaced.add(`${object}.${m[3]}`);
      }
    }
    f = { text, replaced, interceptor: INTERCEPTORS.find((i) => i.re.test(text)), hosts: new Map() };
    facts.set(ctx.scope, f);
  }
  return f;
}

/** Why a value is a mock, or undefined: made by a mock factory, or by a class named as a double. */
function mockMadeBy(v: Value): string | undefined {
  const s = single(v);
  if (s.kind !== 'call') return undefined;
  const n = unwrap(s.node);
  const callee = calleeOf(n);
  if (!callee) return undefined;
  const name = dotted(callee) ?? '';
  if (MOCK_FACTORIES.test(name)) return `${name}(…)`;
  // patch("…").start() / mocker.patch.object(…).start()
  const inner = field(unwrap(callee), 'object');
  if (/\.start$/.test(callee.text) && inner && isCall(unwrap(inner))) {
    const ic = calleeOf(unwrap(inner));
    const iname = ic ? dotted(ic) ?? '' : '';
    if (MOCK_FACTORIES.test(iname)) return `${iname}(…).start()`;
  }
  const chain = memberChain(callee);
  const cls = chain.root.type === 'identifier' ? chain.root.text : '';
  const last = chain.members.length ? chain.members[chain.members.length - 1] : cls;
  if (DOUBLE_CLASS.test(cls)) return `${cls}${chain.members.length ? `.${chain.members.join('.')}` : ''}(…)`;
  if (DOUBLE_CLASS.test(last)) return `${last}(…)`;
  return undefined;
}

/** The object the SDK path hangs off (`client` in `client.chat.completions.create`, `self.client`). */
function receiverRoot(callee: Node): { node: Node; name: string } | undefined {
  const chain = memberChain(callee);
  if (!chain.members.length) return undefined;
  const root = chain.root;
  const isSelf = root.type === 'this' || (root.type === 'identifier' && root.text === 'self');
  if (isSelf) {
    // `self.client.chat…`: the attribute node `self.client`.
    let cur = unwrap(callee);
    while ((cur.type === 'attribute' || cur.type === 'member_expression') && field(cur, 'object') && memberChain(field(cur, 'object')!).members.length > 0) cur = unwrap(field(cur, 'object')!);
    return cur.type === 'attribute' || cur.type === 'member_expression' ? { node: cur, name: chain.members[0] } : undefined;
  }
  return root.type === 'identifier' ? { node: root, name: root.text } : undefined;
}

/** The client of the call is a mock: by how it was made, by its name, or by a hand-made stub object. */
function mockedReceiver(call: Node, ctx: PromptContext): string | undefined {
  const callee = ctx.via && call === ctx.call ? ctx.via.callee : calleeOf(call);
  if (!callee) return undefined;
  const root = receiverRoot(callee);
  if (!root) return undefined;
  if (MOCK_NAME.test(root.name)) return `the client \`${root.name}\` is a mock`;
  const v = resolveValue(root.node, ctx);
  const made = mockMadeBy(v);
  if (made) return `the client is a mock (${made})`;
  // A stub object with the SDK's path: `{ chat: { completions: { create: vi.fn() } } }`.
  const s = single(v);
  if (s.kind === 'dict') {
    const chain = memberChain(callee);
    const members = lastMembers(chain.members).slice(root.node.id === chain.root.id ? 0 : 1);
    let cur: Value = s;
    for (const m of members) {
      if (cur.kind !== 'dict') return undefined;
      const next = cur.entries.get(m);
      if (!next) return undefined;
      cur = single(resolveValue(next, cur.ctx ?? ctx));
    }
    return 'the client is a stub object written in the test';
  }
  // The method itself replaced: vi.spyOn(client.chat.completions, 'create'), patch.object(…), `… .create = vi.fn()`.
  const obj = field(unwrap(callee), 'object');
  const method = memberChain(callee).members.slice(-1)[0];
  if (obj && method && factsOf(ctx).replaced.has(`${obj.text}.${method}`)) return `\`${obj.text}.${method}\` is replaced by a mock in this file`;
  return undefined;
}

/** Calls that would reach a provider from inside a model class: it wraps a real API, it is no stand-in. */
const OUTBOUND = /\b(requests|httpx|aiohttp|urllib|urlopen|fetch|axios|boto3|litellm|OpenAI|Anthropic|genai|completions?|messages)\s*[.(]|\.(post|create|invoke|generate_content|converse)\s*\(/;

/**
 * A class of the workspace that implements an SDK's model interface with canned answers: named as a
 * double (`FakeLLM`, `MockChatModel`), or defined in a test file and calling out to nothing. A class
 * that wraps a real API (its methods post, create, invoke…) is a custom model, not a double.
 */
const doubles = new WeakMap<object, Map<number, boolean>>();

export function modelDouble(cls: Node, ctx: ValueContext): boolean {
  let byStart = doubles.get(cls.tree);
  if (!byStart) doubles.set(cls.tree, (byStart = new Map()));
  let known = byStart.get(cls.startIndex);
  if (known === undefined) byStart.set(cls.startIndex, (known = isModelDouble(cls, ctx)));
  return known;
}

function isModelDouble(cls: Node, ctx: ValueContext): boolean {
  const name = field(cls, 'name')?.text ?? '';
  for (const k of classLineage(cls, ctx)) {
    const body = field(k.node, 'body');
    const header = body ? k.node.text.slice(0, body.startIndex - k.node.startIndex) : k.node.text;
    if (!MODEL_BASES.test(header) || !MODEL_METHODS.test(k.node.text)) continue;
    if (DOUBLE_CLASS.test(name) || /(Fake|Mock|Stub|Dummy|Canned|Scripted|Echo)/.test(name)) return true;
    return isTestPath(ctx.path) && !OUTBOUND.test(body?.text ?? '');
  }
  return false;
}

/** The model is a fake: a shipped double, a workspace class implementing the interface, a stub object, a mock. */
function fakeModel(node: Node | undefined, ctx: PromptContext, depth = 0): string | undefined {
  if (!node || depth > 2) return undefined;
  const v = single(resolveValue(node, ctx));
  const made = mockMadeBy(v);
  if (made) return `the model is a test double (${made})`;
  if (v.kind === 'dict' && (v.entries.has('doGenerate') || v.entries.has('doStream'))) return 'the model is a stub object (doGenerate)';
  if (v.kind === 'call') {
    const callee = calleeOf(unwrap(v.node));
    const cls = callee ? callableOf(callee, v.ctx ?? ctx) : undefined;
    if (cls?.kind === 'class' && modelDouble(cls.node, cls.ctx)) return `the model is ${cls.node.childForFieldName('name')?.text ?? 'a class'} of the workspace, a stand-in implementing the SDK's model interface`;
    const r = classifyReceiver(v.node, v.ctx ?? ctx);
    if (r.type === 'framework' && r.framework === 'test-doubles') return `the model is a test double (${r.ctor})`;
    const over = mockedArguments(unwrap(v.node), v.ctx ?? ctx, depth);
    if (over) return over;
  }
  // The model id is an argument of a model object: `OpenAIChatModel('gpt-4o', provider=…(openai_client=mock))`.
  const parent = unwrap(node).parent;
  if (parent && (parent.type === 'argument_list' || parent.type === 'arguments' || parent.type === 'keyword_argument' || parent.type === 'pair')) {
    let call: Node | null = parent;
    while (call && !isCall(call)) call = call.parent;
    if (call && call.id !== ctx.call.id) {
      const made2 = mockMadeBy({ kind: 'call', callee: '', node: call });
      if (made2) return `the model is a test double (${made2})`;
      return mockedArguments(call, ctx, depth);
    }
  }
  return undefined;
}

/** A model object built over a mocked client: `ChatOpenAI(client=MagicMock())`, `…Provider(openai_client=mock)`. */
function mockedArguments(call: Node, ctx: ValueContext, depth: number): string | undefined {
  const raw = argsOf(call);
  const first = raw.positional[0] ? unwrap(raw.positional[0]) : undefined;
  const a = first?.type === 'object' && raw.named.size === 0 ? objectArgs(first) : raw;
  for (const [name, arg] of a.named) {
    if (!/client|provider|session|transport/i.test(name)) continue;
    const u = unwrap(arg);
    if (u.type === 'identifier' && MOCK_NAME.test(u.text)) return `the model's ${name} is a mock (\`${u.text}\`)`;
    const v = single(resolveValue(arg, ctx));
    const made = mockMadeBy(v);
    if (made) return `the model's ${name} is a mock (${made})`;
    if (v.kind === 'call' && depth < 2) {
      const inner = mockedArguments(unwrap(v.node), v.ctx ?? ctx, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** A test library intercepting the host in this file (respx, nock, msw…): the request never leaves. */
export function interceptedHost(hosts: readonly string[], call: Node, ctx: ValueContext): string | undefined {
  if (!hosts.length) return undefined;
  const f = factsOf(ctx);
  const lib = f.interceptor;
  if (!lib) return undefined;
  if (lib.scope && !inScopeOf(call, lib.scope)) return undefined;
  for (const h of hosts) {
    let seen = f.hosts.get(h);
    if (seen === undefined) f.hosts.set(h, (seen = f.text.includes(h)));
    if (seen) return `${h} is intercepted by ${lib.lib} in this file`;
  }
  return undefined;
}

/** Whether a scoped interceptor is active at the call: a decorator, a `with` block or a parameter of an enclosing test. */
function inScopeOf(call: Node, scope: RegExp): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'with_statement') {
      const clause = kids(p).find((k) => k.type === 'with_clause');
      if (clause && scope.test(clause.text)) return true;
    }
    if (p.type === 'function_definition') {
      const params = field(p, 'parameters');
      if (params && scope.test(params.text)) return true;
      const decorated = p.parent?.type === 'decorated_definition' ? p.parent : undefined;
      if (decorated && kids(decorated).some((d) => d.type === 'decorator' && scope.test(d.text))) return true;
    }
  }
  return false;
}

/** The test is decorated with `@patch("openai.…")` / `@respx.mock`: the SDK or HTTP is replaced while it runs. */
function patchedByDecorator(call: Node): string | undefined {
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    for (const d of decorated ? kids(decorated).filter((k) => k.type === 'decorator') : []) {
      const c = kids(d)[0];
      if (!c) continue;
      const target = c.type === 'call' ? argsOf(c).positional[0] : undefined;
      const name = c.type === 'call' ? dotted(calleeOf(c)!) ?? '' : c.text;
      if (/(^|\.)patch(\.object)?$/.test(name) && target && SDK_MODULES.test(target.text)) return `the SDK is patched by @${name}(${target.text}) on the test`;
      if (/^respx\.mock$/.test(name)) return 'HTTP is intercepted by @respx.mock on the test';
    }
  }
  return undefined;
}

/** Marks a detected call whose client, model or endpoint is a test double. */
export function markTestDouble(d: DetectedCall, call: Node, ctx: PromptContext): DetectedCall {
  const model = fakeModel(d.modelNode, ctx);
  // A fake model object is no provider's; a real model class over a mocked client still names one.
  if (model) return { ...d, testDouble: model, ...(model.startsWith('the model is') ? { provider: 'unknown' } : {}) };
  const why =
    mockedReceiver(call, ctx) ??
    patchedByDecorator(call) ??
    (d.sdk === 'litellm' && callArgsOf(call, ctx).named.has('mock_response') ? 'litellm mock_response: no request is sent' : undefined) ??
    interceptedHost(DEFAULT_HOSTS[d.provider] ?? [], call, ctx);
  return why ? { ...d, testDouble: why } : d;
}

const MODEL_METHOD_NAMES = ['invoke', 'ainvoke', 'stream', 'astream', 'batch', 'abatch', 'predict', 'apredict', 'generate', 'agenerate', 'complete', 'acomplete', 'chat', 'achat', 'stream_complete', 'stream_chat', 'embed_documents', 'embed_query', 'aembed_documents', 'aembed_query', 'get_text_embedding', 'embedQuery', 'embedDocuments', 'doGenerate', 'doStream'];

/**
 * Calls made directly on a fake model: `FakeListChatModel(responses=[…]).invoke(…)`, `MockLLM().complete(…)`,
 * `FakeLLM().invoke(…)` where FakeLLM subclasses BaseChatModel with a canned `_call`.
 */
export const testDoubles: Framework = {
  id: 'test-doubles',
  callNames: MODEL_METHOD_NAMES,
  objects: SHIPPED_DOUBLES.map((d) => ({ kind: `fake-model:${d.sdk}`, names: d.names, modules: d.modules })),
  detect(info) {
    const r = info.receiver();
    if (r.type !== 'framework' || r.framework !== 'test-doubles') return undefined;
    const sdk = r.kind.startsWith('fake-model:') ? r.kind.slice('fake-model:'.length) : 'test-double';
    const embedding = /embed/i.test(info.method);
    return {
      provider: 'unknown',
      api: `${r.ctor}.${info.method}`,
      sdk,
      ...(embedding ? { operation: 'embedding' as const } : {}),
      testDouble: r.kind === 'model-double' ? `${r.ctor} is a class of the workspace implementing the SDK's model interface (a stand-in)` : `${r.ctor} is a fake model`,
      model: { kind: 'unknown', reason: 'a test double' },
      build: newBuild(),
      params: {},
    } satisfies DetectedCall;
  },
};
