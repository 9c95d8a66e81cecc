// Agno (formerly phidata): `Agent(model=OpenAIChat(id="gpt-4o"), instructions=…, tools=[…])`
// `.run / .arun / .print_response / .aprint_response / .cli_app`, a `Team(members=[…])` run (the
// leader's calls and its members' runs are one task), a `Workflow(steps=[…])` run over its agent
// steps, and the agents an `AgentOS(agents=[…])` serves. The model class says who bills (its module:
// `agno.models.anthropic.Claude` is Anthropic, `agno.models.aws.Claude` is Bedrock); `Ollama`,
// `LMStudio`, `LlamaCpp` and `VLLM` are servers the user runs. `model="openai:gpt-4o"` is Agno's
// `provider:id` string. Without a model, Agno sets its own default (by version). The run loops while
// the model calls tools: no bound unless `tool_call_limit` is set. Old `phi.agent` imports (phidata)
// have the same shapes.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, unwrap } from '../ast';
import { addStepsSoFar, capOf, DetectedCall, inArgs, nextIndex, optionsArgs, providerFor } from '../callKit';
import { addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver, Receiver } from '../receivers';
import { ctxOf, resolveValue, single, stringOptions, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { urlText, endpointOf } from './hosts';
import { parseLiteLlmId } from './modelIds';

const MODULES = ['agno', 'phi'];
const PYPI = { pypi: 'agno' };

// Read from Agno's own source (github.com/agno-agi/agno, libs/agno/agno; HEAD 9644f22 is agno 2.9.0).
addDefaults([
  { sdk: 'agno', packages: PYPI, key: 'model', versions: '>=2.6.0', value: 'gpt-5.4', source: 'libs/agno/agno/agent/_init.py:99 set_default_model: OpenAIResponses(id="gpt-5.4") (agno 2.6.0 onwards; team/_init.py:557 the same for a Team)', asOf: '2026-12-06' },
  { sdk: 'agno', packages: PYPI, key: 'model', versions: '<2.6.0', value: 'gpt-4o', source: 'libs/agno/agno/agent/agent.py set_default_model: OpenAIChat(id="gpt-4o") (agno 1.0.0–2.5.17; agent/_init.py:78 in 2.5.17)', asOf: '2026-12-06' },
  { sdk: 'agno', packages: PYPI, key: 'runs', value: 8, source: 'libs/agno/agno/environments/runner.py:1247 run_rollouts(env, *, k: int = 8): each task k times', asOf: '2026-12-06' },
  { sdk: 'phidata', packages: { pypi: 'phidata' }, key: 'model', value: 'gpt-4o', source: 'phi/agent/agent.py:499 update_model: OpenAIChat(), whose id: str = "gpt-4o" (phi/model/openai/chat.py:88, phidata 2.7)', asOf: '2026-12-06' },
  // A model class made without `id=` runs on the class's own default id.
  { sdk: 'agno.OpenAIChat', packages: PYPI, key: 'model', versions: '>=2.6.2', value: 'gpt-5.4-mini', source: 'libs/agno/agno/models/openai/chat.py:41 OpenAIChat id: str = "gpt-5.4-mini" (agno 2.6.2 onwards)', asOf: '2026-12-06' },
  { sdk: 'agno.OpenAIChat', packages: PYPI, key: 'model', versions: '<2.6.2', value: 'gpt-4o', source: 'libs/agno/agno/models/openai/chat.py OpenAIChat id: str = "gpt-4o" (before agno 2.6.2)', asOf: '2026-12-06' },
  { sdk: 'agno.OpenAIResponses', packages: PYPI, key: 'model', versions: '>=2.6.2', value: 'gpt-5.4-mini', source: 'libs/agno/agno/models/openai/responses.py:38 OpenAIResponses id: str = "gpt-5.4-mini" (agno 2.6.2 onwards)', asOf: '2026-12-06' },
  { sdk: 'agno.OpenAIResponses', packages: PYPI, key: 'model', versions: '<2.6.2', value: 'gpt-4o', source: 'libs/agno/agno/models/openai/responses.py OpenAIResponses id: str = "gpt-4o" (before agno 2.6.2)', asOf: '2026-12-06' },
  { sdk: 'agno.Claude', packages: PYPI, key: 'model', versions: '>=2.1.2', value: 'claude-sonnet-4-5-20250929', source: 'libs/agno/agno/models/anthropic/claude.py:126 Claude id: str = "claude-sonnet-4-5-20250929" (agno 2.1.2 onwards)', asOf: '2026-12-06' },
  { sdk: 'agno.Claude', packages: PYPI, key: 'model', versions: '<2.1.2', value: 'claude-3-5-sonnet-20241022', source: 'libs/agno/agno/models/anthropic/claude.py Claude id: str = "claude-3-5-sonnet-20241022" (before agno 2.1.2)', asOf: '2026-12-06' },
  { sdk: 'agno.Gemini', packages: PYPI, key: 'model', value: 'gemini-3.7-flash', source: 'libs/agno/agno/models/google/gemini.py:86 Gemini id: str = "gemini-3.7-flash" (agno 2.9.0; older versions had older Gemini ids)', asOf: '2026-12-06' },
  { sdk: 'agno.GeminiInteractions', packages: PYPI, key: 'model', value: 'gemini-3.7-flash', source: 'libs/agno/agno/models/google/gemini_interactions.py:158 GeminiInteractions id: str = "gemini-3.7-flash" (agno 2.9.0)', asOf: '2026-12-06' },
  { sdk: 'agno.Nebius', packages: PYPI, key: 'model', value: 'openai/gpt-oss-20b', source: 'libs/agno/agno/models/nebius/nebius.py:22 Nebius id: str = "openai/gpt-oss-20b" (agno 2.9.0)', asOf: '2026-12-06' },
  { sdk: 'agno.Groq', packages: PYPI, key: 'model', value: 'openai/gpt-oss-120b', source: 'libs/agno/agno/models/groq/groq.py:37 Groq id: str = "openai/gpt-oss-120b" (agno 2.9.0; "llama-3.3-70b-versatile" before)', asOf: '2026-12-06' },
  { sdk: 'agno.Ollama', packages: PYPI, key: 'model', value: 'llama3.1', source: 'libs/agno/agno/models/ollama/chat.py:33 Ollama id: str = "llama3.1"', asOf: '2026-12-06' },
]);

// Embedders (agno.knowledge.embedder.*): the class's default id, and the one a vector db makes when
// it is given none.
addDefaults([
  { sdk: 'agno.vectordb', packages: PYPI, key: 'embeddingModel', value: 'text-embedding-3-small', source: 'libs/agno/agno/vectordb/pgvector/pgvector.py:129 embedder = OpenAIEmbedder() when none is given (qdrant.py:108, lance_db.py:83, chromadb.py:122 the same); knowledge/embedder/openai.py:19 id: str = "text-embedding-3-small"', asOf: '2026-12-06' },
  { sdk: 'agno.OpenAIEmbedder', packages: PYPI, key: 'embeddingModel', value: 'text-embedding-3-small', source: 'libs/agno/agno/knowledge/embedder/openai.py:19 id: str = "text-embedding-3-small"', asOf: '2026-12-06' },
  { sdk: 'agno.GeminiEmbedder', packages: PYPI, key: 'embeddingModel', value: 'gemini-embedding-001', source: 'libs/agno/agno/knowledge/embedder/google.py:19 id: str = "gemini-embedding-001"', asOf: '2026-12-06' },
  { sdk: 'agno.MistralEmbedder', packages: PYPI, key: 'embeddingModel', value: 'mistral-embed', source: 'libs/agno/agno/knowledge/embedder/mistral.py:13 id: str = "mistral-embed"', asOf: '2026-12-06' },
  { sdk: 'agno.CohereEmbedder', packages: PYPI, key: 'embeddingModel', value: 'embed-english-v3.0', source: 'libs/agno/agno/knowledge/embedder/cohere.py:18 id: str = "embed-english-v3.0"', asOf: '2026-12-06' },
  { sdk: 'agno.OllamaEmbedder', packages: PYPI, key: 'embeddingModel', value: 'openhermes', source: 'libs/agno/agno/knowledge/embedder/ollama.py:39 id: str = "openhermes"', asOf: '2026-12-06' },
]);

/** Embedder classes by the provider that bills them (agno.knowledge.embedder.<module>). */
const EMBEDDERS: Record<string, string> = {
  OpenAIEmbedder: 'openai', AzureOpenAIEmbedder: 'azure', GeminiEmbedder: 'google', MistralEmbedder: 'mistral', CohereEmbedder: 'cohere',
  VoyageAIEmbedder: 'voyage', JinaEmbedder: 'jina', FireworksEmbedder: 'fireworks', TogetherEmbedder: 'together', AwsBedrockEmbedder: 'aws', HuggingfaceCustomEmbedder: 'huggingface',
  OllamaEmbedder: 'ollama', SentenceTransformerEmbedder: 'local', FastEmbedEmbedder: 'local',
};
const LOCAL_EMBEDDERS: Record<string, string> = { OllamaEmbedder: 'Ollama', SentenceTransformerEmbedder: 'sentence-transformers (local)', FastEmbedEmbedder: 'FastEmbed (local)' };

/** The model an embedder expression embeds with: its `id=`, else its class's default. */
function embedderModel(node: Node | undefined, ctx: PromptContext): { model: DetectedCall['model']; node?: Node; provider: string; selfHosted?: string } | undefined {
  if (!node) {
    const d = sdkDefault('agno.vectordb', 'embeddingModel', ctx, 'embedder a vector db makes when given none');
    return d ? { model: { kind: 'default', value: String(d.value), reason: d.reason }, provider: 'openai' } : undefined;
  }
  const e = agnoObject(classifyReceiver(node, ctx), ['embedder']);
  if (!e) return undefined;
  const idNode = argValue(e.args, ['id', 'model']);
  const id = idNode ? resolveValue(idNode, { ...inArgs(e.args, ctx), callers: true }) : undefined;
  const d = id ? undefined : sdkDefault(`agno.${e.ctor}`, 'embeddingModel', ctx, `Agno ${e.ctor} default id`);
  const model: DetectedCall['model'] = id ?? (d ? { kind: 'default', value: String(d.value), reason: d.reason } : { kind: 'unknown', reason: `${e.ctor} without an id` });
  const local = Object.prototype.hasOwnProperty.call(LOCAL_EMBEDDERS, e.ctor) ? LOCAL_EMBEDDERS[e.ctor] : undefined;
  return { model, node: idNode, provider: EMBEDDERS[e.ctor] ?? 'unknown', ...(local ? { selfHosted: local } : {}) };
}

/** What adds content to a Knowledge (agno 2.x; `add_content[s][_async]` in 2.0). */
const INSERTS = ['insert', 'ainsert', 'insert_many', 'ainsert_many', 'add_content', 'add_contents', 'add_content_async', 'add_contents_async'];

/**
 * `knowledge.insert(…)` / `ainsert` / `insert_many` embeds the content with the knowledge's vector db's embedder;
 * `embedder.get_embedding(text)` is one embedding request.
 */
function embedding(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const r = info.receiver();
  let m: ReturnType<typeof embedderModel>;
  if (info.method === 'get_embedding' || info.method === 'get_embedding_and_usage') {
    const e = agnoObject(r, ['embedder']);
    if (!e) return undefined;
    m = embedderModel(e.node, ctx);
    const a = optionsArgs(info.call, ctx);
    if (a.positional[0]) addText(info.build, a.positional[0], 'user', 0, ctx);
  } else {
    const k = agnoObject(r, ['knowledge']);
    const vdb = k ? argValue(k.args, ['vector_db']) : undefined;
    if (!k || !vdb) return undefined;
    const v = single(resolveValue(vdb, inArgs(k.args, ctx)));
    if (v.kind !== 'call') return undefined;
    const vc = ctxOf(v, inArgs(k.args, ctx)) as PromptContext;
    const va = argsOf(unwrap(v.node));
    m = embedderModel(argValue(va, ['embedder']), inArgs(va, vc));
    // What is inserted (a file, a URL, a folder) is read at run time.
    info.build.parts.push({ role: 'user', message: 0, source: 'unknown', text: '', dynamic: { kind: 'unknown', name: 'the content inserted (chunks of a document)', volatile: false } });
  }
  if (!m) return undefined;
  return {
    provider: m.provider,
    api: `agno.${INSERTS.includes(info.method) ? `Knowledge.${info.method}` : `Embedder.${info.method}`}`,
    sdk: 'agno',
    operation: 'embedding',
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model: m.model,
    build: info.build,
    params: {},
  };
}

/** Where the run loop is written: no bound unless tool_call_limit is set. */
const LOOP_SOURCE = 'agno models/base.py Model.response: `while True` until the model calls no tool; Agent tool_call_limit: Optional[int] = None (agent/agent.py:180)';

/** `agno.models.<package>` → the provider that bills the model classes it holds. */
const PACKAGES: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  groq: 'groq',
  together: 'together',
  openrouter: 'openrouter',
  xai: 'x-ai',
  deepseek: 'deepseek',
  azure: 'azure',
  aws: 'aws',
  mistral: 'mistral',
  cohere: 'cohere',
  fireworks: 'fireworks',
  cerebras: 'cerebras',
  huggingface: 'huggingface',
  nvidia: 'nvidia',
  perplexity: 'perplexity',
  sambanova: 'sambanova',
  nebius: 'nebius',
  deepinfra: 'deepinfra',
  vertexai: 'google',
  meta: 'meta',
  vercel: 'vercel',
  dashscope: 'alibaba',
  moonshot: 'moonshotai',
  minimax: 'minimax',
  ibm: 'ibm',
  // phidata's model packages (`phi.model.openai`, `phi.model.anthropic`…) share these names.
};

/** Model packages of servers the user runs (no API bill). */
const SELF_HOSTED: Record<string, string> = { ollama: 'Ollama', lmstudio: 'LM Studio', llama_cpp: 'llama.cpp', vllm: 'vLLM' };

/** Agno's `provider:id` keys (agno/models/utils.py _PROVIDERS) → the catalogue's providers. */
const STRING_PROVIDERS: Record<string, string> = {
  openai: 'openai',
  'openai-chat': 'openai',
  'openai-responses': 'openai',
  anthropic: 'anthropic',
  google: 'google',
  'google-interactions': 'google',
  groq: 'groq',
  together: 'together',
  openrouter: 'openrouter',
  'openrouter-responses': 'openrouter',
  xai: 'x-ai',
  deepseek: 'deepseek',
  'azure-openai': 'azure',
  'azure-ai-foundry': 'azure',
  azure: 'azure',
  'aws-bedrock': 'aws',
  'aws-claude': 'aws',
  mistral: 'mistral',
  cohere: 'cohere',
  fireworks: 'fireworks',
  cerebras: 'cerebras',
  huggingface: 'huggingface',
  nvidia: 'nvidia',
  perplexity: 'perplexity',
  sambanova: 'sambanova',
  nebius: 'nebius',
  deepinfra: 'deepinfra',
  'vertexai-claude': 'google',
};
const STRING_SELF_HOSTED: Record<string, string> = { ollama: 'Ollama', 'ollama-responses': 'Ollama', lmstudio: 'LM Studio', 'llama-cpp': 'llama.cpp', vllm: 'vLLM' };

/** The provider id a self-hosted server is reported under (as hosts.ts names them). */
const serverProvider = (label: string) => (label === 'Ollama' ? 'ollama' : label === 'vLLM' ? 'vllm' : 'self-hosted');

/** The model classes (agno.models.*, phi.model.*), as one list: the module says who bills. */
const MODEL_CLASSES = [
  'OpenAIChat', 'OpenAIResponses', 'OpenAILike', 'Claude', 'Gemini', 'GeminiInteractions', 'Groq', 'Together', 'OpenRouter', 'OpenRouterResponses',
  'xAI', 'DeepSeek', 'AzureOpenAI', 'AzureAIFoundry', 'AzureFoundryClaude', 'AwsBedrock', 'MistralChat', 'Cohere', 'CohereChat', 'Fireworks', 'Cerebras', 'CerebrasOpenAI',
  'HuggingFace', 'Nvidia', 'Perplexity', 'Sambanova', 'Nebius', 'DeepInfra', 'LiteLLM', 'LiteLLMOpenAI', 'Ollama', 'OllamaResponses', 'OllamaTools', 'LMStudio', 'LlamaCpp', 'VLLM',
  'Llama', 'LlamaOpenAI', 'V0', 'AIMLAPI', 'CometAPI', 'Cloudflare', 'DashScope', 'Inception', 'InternLM', 'LangDB', 'MiniMax', 'MoonShot', 'N1N', 'Neosantara',
  'Nexus', 'Portkey', 'Requesty', 'Siliconflow', 'TokenLab', 'TrustedRouter', 'TuningEngines', 'MiMo', 'WatsonX',
  // phidata names
  'Hermes', 'Anthropic',
];
const AGENT_CLASSES = ['Agent', 'Assistant'];

const agnoObject = (r: Receiver, kinds: string[]): FrameworkObject | undefined => (r.type === 'framework' && r.framework === 'agno' && kinds.includes(r.kind) ? r : undefined);

export interface AgnoModel {
  value: Value;
  node?: Node;
  provider?: string;
  selfHosted?: string;
  cap?: DetectedCall['outputCap'];
  ctor?: string;
}

function stringOf(node: Node | undefined, ctx: PromptContext): string | undefined {
  if (!node) return undefined;
  const v = single(resolveValue(node, { ...ctx, callers: true }));
  return v.kind === 'string' ? v.value : undefined;
}

/** The package a model class is imported from: `agno.models.anthropic` → anthropic, `phi.model.openai.chat` (`phi.llm.openai` in phidata 1.x) → openai. */
function packageOf(module: string): string {
  const parts = module.split('.');
  const i = parts.findIndex((p) => p === 'models' || p === 'model' || p === 'llm');
  return i >= 0 ? parts[i + 1] ?? '' : '';
}

/** `model="openai:gpt-4o"`: Agno parses `provider:id` (agno/models/utils.py _parse_model_string). */
function modelString(v: Value, node: Node): AgnoModel | undefined {
  const strings = stringOptions(v);
  if (!strings.length || !strings[0].value.includes(':')) return undefined;
  const first = strings[0].value;
  const key = first.slice(0, first.indexOf(':')).trim().toLowerCase();
  const split = (s: string) => (s.includes(':') ? s.slice(s.indexOf(':') + 1).trim() : s);
  const value: Value = v.kind === 'union' ? { ...v, options: v.options.map((o) => (o.kind === 'string' ? { ...o, value: split(o.value) } : o)) } : { ...strings[0], value: split(first) };
  if (key === 'litellm') {
    const p = value.kind === 'string' ? parseLiteLlmId(value.value) : undefined;
    return { value: p && value.kind === 'string' ? { ...value, value: p.model } : value, node, provider: p?.provider, selfHosted: p?.selfHosted, ctor: 'LiteLLM' };
  }
  const self = Object.prototype.hasOwnProperty.call(STRING_SELF_HOSTED, key) ? STRING_SELF_HOSTED[key] : undefined;
  if (self) return { value, node, provider: serverProvider(self), selfHosted: self };
  return { value, node, provider: Object.prototype.hasOwnProperty.call(STRING_PROVIDERS, key) ? STRING_PROVIDERS[key] : key };
}

/** What a `model=` expression is: its class (and so provider), id (or the class's default), cap. */
export function agnoModel(node: Node | undefined, ctx: PromptContext): AgnoModel | undefined {
  if (!node) return undefined;
  const v = resolveValue(node, { ...ctx, callers: true });
  const str = modelString(v, node);
  if (str) return str;
  const recv = classifyReceiver(node, ctx);
  const r = agnoObject(recv, ['model']);
  if (!r) {
    return { value: stringOptions(v).length ? v : { kind: 'unknown', reason: recv.type === 'unknown' ? `the model is ${recv.reason}` : 'the model is not an Agno model class' }, node };
  }
  const a = r.args;
  const c = inArgs(a, ctx);
  const idNode = argValue(a, ['id', 'model']) ?? a.positional[0];
  const id = idNode ? resolveValue(idNode, { ...c, callers: true }) : undefined;
  const cap = capOf(a, ctx);
  const pkg = packageOf(r.module);
  const dflt = (): Value => {
    const d = sdkDefault(`agno.${r.ctor}`, 'model', ctx, `Agno ${r.ctor} default id`);
    return d ? { kind: 'string', value: String(d.value), node: r.node, via: d.reason } : { kind: 'unknown', reason: `${r.ctor} without an id` };
  };
  const value = id ?? dflt();
  const base = urlText(argValue(a, ['base_url', 'host']), c);
  const at = base !== undefined ? endpointOf(base) : undefined;
  const self = Object.prototype.hasOwnProperty.call(SELF_HOSTED, pkg) ? SELF_HOSTED[pkg] : undefined;
  if (self) return { value, node: idNode, provider: serverProvider(self), selfHosted: at?.host ? `${self} at ${at.host}` : self, cap, ctor: r.ctor };
  if (r.ctor === 'LiteLLM' || r.ctor === 'LiteLLMOpenAI') {
    const p = value.kind === 'string' ? parseLiteLlmId(value.value) : undefined;
    return { value: p && value.kind === 'string' ? { ...value, value: p.model } : value, node: idNode, provider: p?.provider, selfHosted: p?.selfHosted, cap, ctor: r.ctor };
  }
  // An OpenAI-style class pointed at another server (`OpenAILike(base_url=…)`, `OpenAIChat(base_url=…)`).
  if (at?.selfHosted) return { value, node: idNode, provider: at.provider, selfHosted: at.selfHosted, cap, ctor: r.ctor };
  const provider = at && at.provider !== 'unknown' ? at.provider : Object.prototype.hasOwnProperty.call(PACKAGES, pkg) ? PACKAGES[pkg] : undefined;
  return { value, node: idNode, provider: r.ctor === 'OpenAILike' && !at ? undefined : provider, cap, ctor: r.ctor };
}

/** The model of an agent or team: its `model=`, else Agno's default for the version. */
function modelOf(obj: FrameworkObject, ctx: PromptContext): AgnoModel {
  const c = inArgs(obj.args, ctx);
  // (phidata's `Assistant(llm=OpenAIChat(model=…))` before its `Agent(model=…)`.)
  const given = argValue(obj.args, ['model', 'llm']);
  if (given) return agnoModel(given, c)!;
  const phi = obj.module.startsWith('phi');
  const d = sdkDefault(phi ? 'phidata' : 'agno', 'model', ctx, `${phi ? 'phidata' : 'Agno'} default model (no model= given)`);
  return { value: d ? { kind: 'string', value: String(d.value), node: obj.node, via: d.reason } : { kind: 'unknown', reason: 'no model' }, provider: 'openai', ctor: phi ? 'OpenAIChat' : 'OpenAIResponses' };
}

function numberOf(node: Node | undefined, ctx: PromptContext): number | undefined {
  if (!node) return undefined;
  const v = single(resolveValue(node, { ...ctx, callers: true }));
  return v.kind === 'number' ? v.value : undefined;
}

/** Whether the agent has tools the model may call: `tools=[…]` not empty, or a knowledge base it searches. */
function toolsOf(a: Args, ctx: PromptContext): Node | undefined {
  const t = argValue(a, ['tools']);
  if (t) {
    const v = resolveValue(t, inArgs(a, ctx));
    if (!(v.kind === 'list' && v.items.length === 0)) return t;
  }
  // With knowledge, Agno gives the model a search_knowledge tool (search_knowledge defaults to True).
  const k = argValue(a, ['knowledge', 'knowledge_base']);
  const search = argValue(a, ['search_knowledge']);
  if (k && unwrap(k).text !== 'None' && search?.text !== 'False') return k;
  return undefined;
}

interface RunShape {
  model: AgnoModel;
  tools?: Node;
  /** The model requests of one run: a bound, or none (the tool loop runs until the model stops). */
  turns: { value: number; unbounded: boolean; reason: string; param: string; isDefault: boolean };
}

/** One agent's run: its model, tools and how many requests the tool loop may make. */
function agentShape(agent: FrameworkObject, ctx: PromptContext): RunShape {
  const c = inArgs(agent.args, ctx);
  const model = modelOf(agent, ctx);
  const tools = toolsOf(agent.args, ctx);
  const limit = numberOf(argValue(agent.args, ['tool_call_limit']), c);
  if (!tools) return { model, turns: { value: 1, unbounded: false, reason: 'no tools: one request', param: 'tools', isDefault: false } };
  if (limit !== undefined) {
    // Each request makes at least one tool call until the limit, then one more answers.
    return { model, tools, turns: { value: limit + 1, unbounded: false, reason: `up to ${limit} tool calls (tool_call_limit=${limit}) and the answer after them`, param: 'tool_call_limit', isDefault: false } };
  }
  return { model, tools, turns: { value: 1, unbounded: true, reason: `no tool_call_limit (${LOOP_SOURCE})`, param: 'tool_call_limit', isDefault: true } };
}

/** Instructions, description and system message: the system prompt Agno builds from them. */
function addSystem(b: DetectedCall['build'], obj: FrameworkObject, ctx: PromptContext): void {
  const c = inArgs(obj.args, ctx);
  const system = argValue(obj.args, ['system_message', 'system_prompt']);
  // A system_message replaces the one Agno builds from description and instructions.
  if (system) return addText(b, system, 'system', 0, c);
  for (const name of ['description', 'role', 'instructions', 'expected_output', 'additional_context']) {
    const n = argValue(obj.args, [name]);
    if (n) addText(b, n, 'system', 0, c);
  }
}

/** The input of a run: `run("…")`, `run(input=…)`, `print_response(message=…)`. */
function addInput(info: CallInfo, ctx: PromptContext): void {
  const run = optionsArgs(info.call, ctx);
  const input = run.positional[0] ?? argValue(run, ['input', 'message']);
  if (input) addText(info.build, input, 'user', nextIndex(info.build), ctx);
}

function modelValue(m: AgnoModel): DetectedCall['model'] {
  return m.value.kind === 'string' && m.value.via && !m.node ? { kind: 'default', value: m.value.value, reason: m.value.via } : m.value;
}

/** Bedrock and Azure bill their own hosting of another maker's model; Agno's model class says who else bills. */
function billedBy(m: AgnoModel, model: DetectedCall['model']): string {
  if (m.provider === 'aws' || m.provider === 'azure' || m.provider === 'openrouter' || m.provider === 'together' || m.provider === 'groq') return m.provider;
  return m.provider ?? providerFor(undefined, model);
}

function agentRun(info: CallInfo, agent: FrameworkObject, ctx: PromptContext): DetectedCall {
  const s = agentShape(agent, ctx);
  const b = info.build;
  addSystem(b, agent, ctx);
  addInput(info, ctx);
  if (s.tools) {
    // Tool calls and their results are sent back with each request of the run.
    addStepsSoFar(b, 'tool calls and results so far');
    b.historyGrows = true;
  }
  const model = modelValue(s.model);
  const cli = info.method === 'cli_app' || info.method === 'acli_app';
  return {
    provider: billedBy(s.model, model),
    api: `agno.${agent.ctor}.${info.method}`,
    sdk: 'agno',
    operation: 'agent-run',
    ...(s.model.selfHosted ? { selfHosted: s.model.selfHosted } : {}),
    modelNode: s.model.node,
    model,
    build: b,
    outputCap: s.model.cap,
    params: { ...(s.tools ? { tools: unwrap(s.tools).text.slice(0, 80) } : {}), ...(cli ? { cli_app: 'one run per message typed' } : {}) },
    ...(s.tools ? { maxTurns: s.turns } : {}),
  };
}

/** The agents and teams a list argument holds (`members=[…]`, `agents=[…]`). */
function objectsIn(a: Args, names: string[], ctx: PromptContext, kinds: string[]): { obj: FrameworkObject; ctx: PromptContext }[] {
  const n = argValue(a, names);
  if (!n) return [];
  const c = inArgs(a, ctx);
  const v = resolveValue(n, c);
  if (v.kind !== 'list') return [];
  const lc = ctxOf(v, c) as PromptContext;
  const out: { obj: FrameworkObject; ctx: PromptContext }[] = [];
  for (const item of v.items) {
    const r = classifyReceiver(item, lc);
    const obj = agnoObject(r, kinds);
    const step = obj ? undefined : agnoObject(r, ['step']);
    if (obj) out.push({ obj, ctx: lc });
    else if (step) {
      // `Step(name=…, agent=researcher)`: the step's agent or team.
      const inner = argValue(step.args, ['agent', 'team']);
      const sc = inArgs(step.args, lc);
      const io = inner ? agnoObject(classifyReceiver(inner, sc), kinds) : undefined;
      if (io) out.push({ obj: io, ctx: sc });
    }
  }
  return out;
}

const LEADER = 'the team leader';

/**
 * One run inside a task: its shape; `repeat`, how many times it may run (a Loop's iterations);
 * `expected`, the requests it is expected to make (its share, when only one of several runs).
 */
interface Run {
  label: string;
  shape: RunShape;
  repeat: number;
  expected: number;
}

/** A member or step's run: one request, or with tools one tool round and the answer. */
function memberRun(label: string, shape: RunShape, share = 1, repeat = 1): Run {
  return { label, shape, repeat, expected: (shape.tools ? 2 : 1) * share };
}

/** Whether a team answers with the member's response (`mode=TeamMode.route`, `"route"`, `respond_directly=True`). */
function routes(team: FrameworkObject, ctx: PromptContext): boolean {
  const c = inArgs(team.args, ctx);
  const mode = argValue(team.args, ['mode']);
  const m = mode ? stringOf(mode, c) ?? unwrap(mode).text.split('.').pop() : undefined;
  const direct = argValue(team.args, ['respond_directly']);
  return m === 'route' || direct?.text === 'True';
}

/** The runs one run of a team makes: the leader's, then each member's (a member team: its own). */
function teamRuns(team: FrameworkObject, ctx: PromptContext, depth = 0, share = 1): Run[] {
  const leader = modelOf(team, ctx);
  const c = inArgs(team.args, ctx);
  const limit = numberOf(argValue(team.args, ['tool_call_limit']), c);
  const members = objectsIn(team.args, ['members'], ctx, ['agent', 'team']);
  const routed = routes(team, ctx);
  const runs: Run[] = [];
  // The leader delegates through a tool and answers after (a router hands back the member's answer).
  const turns = limit !== undefined ? { value: limit + 1, unbounded: false, reason: `tool_call_limit=${limit}`, param: 'tool_call_limit', isDefault: false } : { value: 1, unbounded: true, reason: `the leader delegates until it answers, no tool_call_limit (${LOOP_SOURCE})`, param: 'tool_call_limit', isDefault: true };
  runs.push({ label: routed ? `${LEADER} (routes to one member)` : LEADER, shape: { model: leader, tools: team.node, turns }, repeat: 1, expected: (routed ? 1 : 2) * share });
  // Routed: one member answers, each as likely.
  const memberShare = routed && members.length ? share / members.length : share;
  for (const m of members) {
    if (m.obj.kind === 'team' && depth < 3) runs.push(...teamRuns(m.obj, m.ctx, depth + 1, memberShare));
    else if (m.obj.kind === 'agent') runs.push(memberRun(String(nameOf(m.obj, m.ctx) ?? 'a member'), agentShape(m.obj, m.ctx), memberShare));
  }
  return runs;
}

function nameOf(obj: FrameworkObject, ctx: PromptContext): string | undefined {
  return stringOf(argValue(obj.args, ['name']), inArgs(obj.args, ctx));
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Several runs as one task (a team's leader and members, a workflow's steps): the models of all of
 * them, the first's provider, the bound over the runs and the requests they are expected to make.
 */
function combined(info: CallInfo, api: string, runs: Run[], what: string): DetectedCall {
  const first = runs[0].shape.model;
  const opts = runs.flatMap((r) => stringOptions(r.shape.model.value));
  const seen = new Set<string>();
  const distinct = opts.filter((o) => (seen.has(o.value) ? false : (seen.add(o.value), true)));
  const value: Value = distinct.length > 1 ? { kind: 'union', options: distinct, node: distinct[0].node } : first.value;
  const model: DetectedCall['model'] = distinct.length > 1 ? value : modelValue(first);
  const b = info.build;
  addStepsSoFar(b, `${what}: delegations, tool calls and results so far`);
  b.historyGrows = true;
  const unbounded = runs.some((r) => r.shape.turns.unbounded);
  const count = runs.reduce((n, r) => n + r.repeat, 0);
  const bounded = runs.reduce((n, r) => n + r.shape.turns.value * r.repeat, 0);
  const expected = Math.max(1, round(runs.reduce((n, r) => n + r.expected, 0)));
  const at = (r: Run) => `${r.label}${r.repeat > 1 ? ` ×${r.repeat}` : ''}: ${r.shape.turns.unbounded ? 'no bound' : `up to ${r.shape.turns.value}`}`;
  const reason = `${runs.length} runs in one (${runs.map((r) => r.label).join(', ')}): ${runs.map(at).join('; ')}${unbounded ? `; ${LOOP_SOURCE}` : ''}`;
  const allSelf = runs.every((r) => r.shape.model.selfHosted);
  return {
    provider: billedBy(first, model),
    api,
    sdk: 'agno',
    operation: 'agent-run',
    ...(allSelf ? { selfHosted: first.selfHosted } : {}),
    modelNode: distinct.length > 1 ? undefined : first.node,
    model,
    build: b,
    outputCap: first.cap,
    params: { tools: `${runs.length} runs (${runs.map((r) => r.label).join(', ')})`.slice(0, 80) },
    maxTurns: {
      value: unbounded ? count : bounded,
      unbounded,
      param: 'tool_call_limit',
      isDefault: runs.some((r) => r.shape.turns.isDefault),
      reason,
      runs: { count, label: `${count} runs (${what})` },
      expected,
      expectedReason: `${runs.map((r) => `${r.label} ${round(r.expected)}`).join(', ')} (a leader delegates and answers; a run with tools: one tool round and the answer; a routed member: its share)`,
    },
  };
}

function teamRun(info: CallInfo, team: FrameworkObject, ctx: PromptContext): DetectedCall {
  addSystem(info.build, team, ctx);
  addInput(info, ctx);
  return combined(info, `agno.${team.ctor}.${info.method}`, teamRuns(team, ctx), 'the team leader and its members');
}

/** Agno's Loop runs its steps up to max_iterations times (agno/workflow/loop.py:75 max_iterations: int = 3). */
const LOOP_ITERATIONS = 3;

/**
 * The runs of a workflow's steps: agents, teams, `Step(agent=…)`, and the steps inside `Loop`
 * (up to max_iterations times), `Parallel`, `Steps`, `Condition` (its steps or else_steps) and
 * `Router` (one of its choices).
 */
function stepRuns(items: Node[], ctx: PromptContext, share: number, repeat: number, depth: number): Run[] {
  const runs: Run[] = [];
  for (const item of items) {
    const r = classifyReceiver(item, ctx);
    const obj = agnoObject(r, ['agent', 'team', 'step', 'container']);
    if (!obj) continue;
    const c = inArgs(obj.args, ctx);
    if (obj.kind === 'agent') runs.push(memberRun(String(nameOf(obj, ctx) ?? 'an agent step'), agentShape(obj, ctx), share, repeat));
    else if (obj.kind === 'team') runs.push(...teamRuns(obj, ctx, 0, share).map((x) => ({ ...x, repeat })));
    else if (obj.kind === 'step') {
      const inner = argValue(obj.args, ['agent', 'team']);
      if (inner) runs.push(...stepRuns([inner], c, share, repeat, depth + 1));
    } else if (depth < 6) {
      const list = (names: string[]) => {
        const n = argValue(obj.args, names);
        const v = n ? resolveValue(n, c) : undefined;
        return v?.kind === 'list' ? { items: v.items, ctx: ctxOf(v, c) as PromptContext } : { items: [] as Node[], ctx: c };
      };
      if (obj.ctor === 'Loop') {
        const max = numberOf(argValue(obj.args, ['max_iterations']), c) ?? LOOP_ITERATIONS;
        const l = list(['steps']);
        runs.push(...stepRuns(l.items, l.ctx, share, repeat * Math.max(1, max), depth + 1));
      } else if (obj.ctor === 'Router') {
        const l = list(['choices']);
        runs.push(...stepRuns(l.items, l.ctx, l.items.length ? share / l.items.length : share, repeat, depth + 1));
      } else if (obj.ctor === 'Parallel') {
        runs.push(...stepRuns(obj.args.positional, c, share, repeat, depth + 1));
      } else {
        for (const names of [['steps'], ['else_steps']]) {
          const l = list(names);
          runs.push(...stepRuns(l.items, l.ctx, share, repeat, depth + 1));
        }
      }
    }
  }
  return runs;
}

/** `Workflow(steps=[agent, team, Step(agent=…), Loop(…)]).run(…)`: each agent or team step runs once. */
function workflowRun(info: CallInfo, wf: FrameworkObject, ctx: PromptContext): DetectedCall | undefined {
  const c = inArgs(wf.args, ctx);
  const n = argValue(wf.args, ['steps']);
  const v = n ? resolveValue(n, c) : undefined;
  const runs = v?.kind === 'list' ? stepRuns(v.items, ctxOf(v, c) as PromptContext, 1, 1, 0) : [];
  if (!runs.length) return undefined;
  addInput(info, ctx);
  return combined(info, `agno.Workflow.${info.method}`, runs, "the workflow's steps");
}

/**
 * `run_rollouts(env, k=…)` / `arun_rollouts` of agno.environments: each of the environment's tasks
 * runs k times on its agent (or team), on `model=` when the call gives one.
 */
function rollouts(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const imp = info.chain.root.type === 'identifier' && !info.members.length ? info.importOf(info.chain.root.text) : undefined;
  if (!imp || !imp.module.startsWith('agno.environments')) return undefined;
  const a = optionsArgs(info.call, ctx);
  const envNode = a.positional[0] ?? argValue(a, ['env']);
  const env = envNode ? agnoObject(classifyReceiver(envNode, ctx), ['environment']) : undefined;
  if (!env) return undefined;
  const ec = inArgs(env.args, ctx);
  const target = argValue(env.args, ['agent', 'team']);
  const obj = target ? agnoObject(classifyReceiver(target, ec), ['agent', 'team']) : undefined;
  if (!obj) return undefined;
  const tasksNode = argValue(a, ['tasks']) ?? argValue(env.args, ['tasks']);
  const tv = tasksNode ? resolveValue(tasksNode, argValue(a, ['tasks']) ? ctx : ec) : undefined;
  const tasks = tv?.kind === 'list' ? tv.items.length : undefined;
  const kv = numberOf(argValue(a, ['k']), ctx);
  const kd = kv === undefined ? sdkDefault('agno', 'runs', ctx, 'run_rollouts default k') : undefined;
  const k = kv ?? Number(kd?.value ?? 8);
  const count = (tasks ?? 1) * k;
  const label = `${tasks ?? 'the'} task${tasks === 1 ? '' : 's'} × k=${k}${kd ? ` (${kd.reason})` : ''}${tasks === undefined ? ' (the number of tasks is not written in the code: 1 assumed)' : ''}`;
  const override = argValue(a, ['model']);
  if (obj.kind === 'team') {
    addSystem(info.build, obj, ec);
    const d = combined(info, `agno.environments.${imp.name}`, teamRuns(obj, ec), 'the team leader and its members');
    const t = d.maxTurns!;
    return { ...d, maxTurns: { ...t, value: t.value * count, expected: (t.expected ?? 1) * count, runs: { count: (t.runs?.count ?? 1) * count, label: `${t.runs?.label}, ${label}` } } };
  }
  const s = agentShape(obj, ec);
  const m = override ? agnoModel(override, ctx) ?? s.model : s.model;
  addSystem(info.build, obj, ec);
  info.build.parts.push({ role: 'user', message: nextIndex(info.build), source: 'unknown', text: '', dynamic: { kind: 'unknown', name: "a task's input", volatile: true } });
  if (s.tools) {
    addStepsSoFar(info.build, 'tool calls and results so far');
    info.build.historyGrows = true;
  }
  const model = modelValue(m);
  return {
    provider: billedBy(m, model),
    api: `agno.environments.${imp.name}`,
    sdk: 'agno',
    operation: 'agent-run',
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model,
    build: info.build,
    outputCap: m.cap,
    params: { ...(s.tools ? { tools: unwrap(s.tools).text.slice(0, 80) } : {}), rollouts: label.slice(0, 80) },
    maxTurns: { ...s.turns, value: s.turns.value * count, reason: `${count} runs (${label}), each: ${s.turns.reason}`, runs: { count, label: `${count} runs (${label})` } },
  };
}

/**
 * `AgentOS(agents=[…], teams=[…])` / `Playground(agents=[…])`: a server that runs the agents it
 * holds for each request. The site is where they are served, one request's run of one of them.
 */
function served(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const imp = info.chain.root.type === 'identifier' ? info.importOf(info.chain.root.text) : undefined;
  if (!imp || info.members.length || !MODULES.some((m) => imp.module === m || imp.module.startsWith(`${m}.`))) return undefined;
  const a = optionsArgs(info.call, ctx);
  const held = [...objectsIn(a, ['agents'], ctx, ['agent']), ...objectsIn(a, ['teams'], ctx, ['team'])];
  if (!held.length) return undefined;
  // A request runs one of them: the models of all, the first's shape for the bound.
  const shapes = held.map((h) => (h.obj.kind === 'team' ? undefined : agentShape(h.obj, h.ctx)));
  const first = held[0];
  if (first.obj.kind === 'team') {
    const d = combined(info, `agno.${imp.name}`, teamRuns(first.obj, first.ctx), 'a served team');
    return { ...d, params: { ...d.params, served: `${held.length} agent${held.length === 1 ? '' : 's'}/teams, one run per request` } };
  }
  const s = shapes[0]!;
  addSystem(info.build, first.obj, first.ctx);
  info.build.parts.push({ role: 'user', message: nextIndex(info.build), source: 'unknown', text: '', dynamic: { kind: 'unknown', name: 'the request\'s message', volatile: true } });
  const opts = shapes.flatMap((x) => (x ? stringOptions(x.model.value) : []));
  const seen = new Set<string>();
  const distinct = opts.filter((o) => (seen.has(o.value) ? false : (seen.add(o.value), true)));
  const model: DetectedCall['model'] = distinct.length > 1 ? { kind: 'union', options: distinct, node: distinct[0].node } : modelValue(s.model);
  if (s.tools) {
    addStepsSoFar(info.build, 'tool calls and results so far');
    info.build.historyGrows = true;
  }
  return {
    provider: billedBy(s.model, model),
    api: `agno.${imp.name}`,
    sdk: 'agno',
    operation: 'agent-run',
    ...(shapes.every((x) => x?.model.selfHosted) ? { selfHosted: s.model.selfHosted } : {}),
    modelNode: distinct.length > 1 ? undefined : s.model.node,
    model,
    build: info.build,
    outputCap: s.model.cap,
    params: { ...(s.tools ? { tools: unwrap(s.tools).text.slice(0, 80) } : {}), served: `${held.length} agent${held.length === 1 ? '' : 's'}, one run per request` },
    ...(s.tools ? { maxTurns: s.turns } : {}),
  };
}

const RUNS = ['run', 'arun', 'print_response', 'aprint_response', 'cli_app', 'acli_app'];

export const agno: Framework = {
  id: 'agno',
  callNames: [...RUNS, 'AgentOS', 'Playground', 'run_rollouts', 'arun_rollouts', ...INSERTS, 'get_embedding', 'get_embedding_and_usage'],
  objects: [
    { kind: 'agent', names: AGENT_CLASSES, modules: MODULES },
    { kind: 'team', names: ['Team'], modules: MODULES },
    { kind: 'workflow', names: ['Workflow'], modules: MODULES },
    { kind: 'step', names: ['Step'], modules: MODULES },
    { kind: 'container', names: ['Loop', 'Parallel', 'Condition', 'Router', 'Steps'], modules: ['agno.workflow'] },
    { kind: 'environment', names: ['Environment'], modules: ['agno.environments'] },
    { kind: 'knowledge', names: ['Knowledge'], modules: MODULES },
    { kind: 'embedder', names: Object.keys(EMBEDDERS), modules: MODULES },
    { kind: 'model', names: MODEL_CLASSES, modules: ['agno.models', 'phi.model', 'phi.llm'] },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (info.method === 'AgentOS' || info.method === 'Playground') return served(info, ctx);
    if (info.method === 'run_rollouts' || info.method === 'arun_rollouts') return rollouts(info, ctx);
    if (INSERTS.includes(info.method) || info.method.startsWith('get_embedding')) return embedding(info, ctx);
    const r = info.receiver();
    const agent = agnoObject(r, ['agent']);
    if (agent) return agentRun(info, agent, ctx);
    const team = agnoObject(r, ['team']);
    if (team) return teamRun(info, team, ctx);
    const wf = agnoObject(r, ['workflow']);
    if (wf && (info.method === 'run' || info.method === 'arun' || info.method === 'print_response' || info.method === 'aprint_response')) return workflowRun(info, wf, ctx);
    return undefined;
  },
};
