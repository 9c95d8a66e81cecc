// LangGraph and LangChain agents: `create_react_agent` (langgraph.prebuilt), LangChain v1
// `create_agent`, JS `createReactAgent` / `createAgent`, run with `invoke / ainvoke / stream /
// astream` and bounded by `recursion_limit` (a config of the run or `with_config` on the agent);
// LangChain's fake chat models (test doubles); LangChain embedding models (`embed_documents`,
// `embed_query`, a vector store's `from_documents(…, embedding=…)`). A custom StateGraph's nodes
// call their models themselves: those calls are the SDK's LangChain invokes, and running the
// compiled graph is not another call site.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, calleeOf, field, isCall, kids, memberChain, unwrap, walk } from '../ast';
import { addStepsSoFar, capOf, DetectedCall, inArgs, modelOf, nextIndex, optionsArgs, paramsOf, providerFor, shorthandTarget, valueArgs } from '../callKit';
import { addChatPrompt, addMessages, addText, PromptBuild, PromptContext } from '../prompts';
import { argValue, classifyReceiver, Receiver } from '../receivers';
import { parametersOf, resolveValue, single, stringOptions, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import { deployedAs } from '../graphs';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { chatModelCall, selfHostedModel } from './langchainModels';

const PY_AGENT_MODULES = ['langgraph', 'langchain'];
const JS_AGENT_MODULES = ['@langchain/langgraph', 'langchain'];

/** `provider:` prefixes of `init_chat_model` / `create_agent` model strings → the catalogue's provider ids. */
const PREFIXES: Record<string, string> = {
  openai: 'openai',
  azure_openai: 'openai',
  anthropic: 'anthropic',
  google_genai: 'google',
  google_vertexai: 'google',
  google_anthropic_vertex: 'anthropic',
  bedrock: 'aws',
  bedrock_converse: 'aws',
  mistralai: 'mistral',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x-ai',
  fireworks: 'fireworks',
  together: 'together',
  cohere: 'cohere',
  perplexity: 'perplexity',
  ollama: 'ollama',
  huggingface: 'huggingface',
};

/** Providers whose models run on the user's machines. */
const SELF_HOSTED_PREFIXES = new Set(['ollama']);

/** LangChain's fake models (langchain_core.language_models.fake*, @langchain/core/utils/testing). */
const FAKES = ['FakeListLLM', 'FakeStreamingListLLM', 'FakeListChatModel', 'FakeMessagesListChatModel', 'GenericFakeChatModel', 'ParrotFakeChatModel', 'FakeChatModel', 'FakeLLM', 'FakeStreamingLLM', 'FakeStreamingChatModel', 'FakeBuiltModel', 'fakeModel', 'FakeEmbeddings', 'DeterministicFakeEmbedding'];

/** LangChain embedding classes → the provider they bill (`self-hosted` when they run locally). */
const EMBEDDINGS: Record<string, string> = {
  OpenAIEmbeddings: 'openai',
  AzureOpenAIEmbeddings: 'openai',
  GoogleGenerativeAIEmbeddings: 'google',
  VertexAIEmbeddings: 'google',
  CohereEmbeddings: 'cohere',
  MistralAIEmbeddings: 'mistral',
  BedrockEmbeddings: 'aws',
  VoyageAIEmbeddings: 'voyage',
  VoyageEmbeddings: 'voyage',
  NomicEmbeddings: 'nomic',
  FireworksEmbeddings: 'fireworks',
  TogetherEmbeddings: 'together',
  JinaEmbeddings: 'jina',
  OllamaEmbeddings: 'self-hosted',
  HuggingFaceEmbeddings: 'self-hosted',
  HuggingFaceBgeEmbeddings: 'self-hosted',
  SentenceTransformerEmbeddings: 'self-hosted',
  FastEmbedEmbeddings: 'self-hosted',
  HuggingFaceTransformersEmbeddings: 'self-hosted',
};
const EMBEDDING_MODULES = ['langchain_openai', 'langchain_google_genai', 'langchain_google_vertexai', 'langchain_cohere', 'langchain_mistralai', 'langchain_aws', 'langchain_voyageai', 'langchain_nomic', 'langchain_fireworks', 'langchain_together', 'langchain_community', 'langchain_ollama', 'langchain_huggingface', 'langchain', '@langchain/'];

const RUN_METHODS = new Set(['invoke', 'ainvoke', 'stream', 'astream', 'astream_events', 'streamEvents', 'batch', 'abatch']);
const CHAT_METHODS = new Set(['invoke', 'ainvoke', 'stream', 'astream', 'batch', 'abatch', 'predict', 'apredict', 'call', 'generate', 'agenerate']);
const EMBED_METHODS = new Set(['embed_query', 'embed_documents', 'aembed_query', 'aembed_documents', 'embedQuery', 'embedDocuments']);
const VECTOR_STORE_METHODS = new Set(['from_documents', 'afrom_documents', 'from_texts', 'afrom_texts', 'fromDocuments', 'fromTexts']);
/**
 * A LangChain vector store embeds what it adds (`add_documents`, `add_texts`) and each query it
 * searches (`similarity_search…`, `max_marginal_relevance_search`) with the embeddings it was made
 * with: embedding requests on the bill, as `from_documents` is.
 */
const VECTOR_STORE_ADD = new Set(['add_documents', 'aadd_documents', 'add_texts', 'aadd_texts', 'addDocuments', 'addTexts']);
const VECTOR_STORE_SEARCH = new Set([
  'similarity_search', 'asimilarity_search', 'similarity_search_with_score', 'asimilarity_search_with_score', 'similarity_search_with_relevance_scores',
  'asimilarity_search_with_relevance_scores', 'max_marginal_relevance_search', 'amax_marginal_relevance_search',
  'similaritySearch', 'similaritySearchWithScore', 'maxMarginalRelevanceSearch',
]);
/** LangChain vector store classes (Python and JS): what they are made with names their embeddings. */
const VECTOR_STORES = [
  'InMemoryVectorStore', 'Chroma', 'FAISS', 'PGVector', 'Pinecone', 'PineconeVectorStore', 'Qdrant', 'QdrantVectorStore', 'Weaviate', 'WeaviateVectorStore',
  'Milvus', 'Redis', 'RedisVectorStore', 'ElasticsearchStore', 'OpenSearchVectorSearch', 'MongoDBAtlasVectorSearch', 'LanceDB', 'SupabaseVectorStore',
  'AzureSearch', 'DocArrayInMemorySearch', 'SKLearnVectorStore', 'Neo4jVector', 'Cassandra', 'AstraDBVectorStore',
  'MemoryVectorStore', 'FaissStore', 'PineconeStore', 'HNSWLib', 'PGVectorStore',
];
/** Embedding classes that run in the process (sentence-transformers, FastEmbed): nothing is sent, no call site. */
const IN_PROCESS_EMBEDDINGS = new Set(['HuggingFaceEmbeddings', 'HuggingFaceBgeEmbeddings', 'SentenceTransformerEmbeddings', 'FastEmbedEmbeddings', 'HuggingFaceTransformersEmbeddings']);
const VECTOR_STORE_MODULES = ['langchain_core', 'langchain_community', 'langchain_chroma', 'langchain_pinecone', 'langchain_qdrant', 'langchain_postgres', 'langchain_milvus', 'langchain_weaviate', 'langchain_mongodb', 'langchain_elasticsearch', 'langchain_astradb', 'langchain_redis', 'langchain', '@langchain/'];

/** A LangGraph store with an `index={"embed": …}` embeds the values it puts and the queries it searches. */
const STORE_METHODS = new Set(['put', 'aput', 'search', 'asearch']);
const STORES = ['InMemoryStore', 'PostgresStore', 'AsyncPostgresStore', 'SqliteStore', 'AsyncSqliteStore', 'RedisStore', 'AsyncRedisStore'];

/**
 * LangChain's deep agents (`deepagents.create_deep_agent`): a `create_agent` with built-in tools
 * (files, shell, to-dos, a `task` tool that runs sub-agents) and their prompts, a default model, and
 * a recursion limit bound on the agent.
 */
const DEEP_AGENTS = ['create_deep_agent', 'async_create_deep_agent', 'define_deep_agent'];
/** A Managed Deep Agent's definition (`managed_deepagents.define_deep_agent`), which its runtime serves (`mda deploy`). */
const MANAGED_DEEP_AGENT = 'define_deep_agent';
const DEEPAGENTS_PYPI = { pypi: 'deepagents' };
/**
 * What deepagents adds to every request besides the code's own prompt, measured on deepagents 0.7.8's
 * own text (libs/deepagents at 23b83ad, o200k tokens): the file and shell tools' descriptions
 * (ls 41, read_file 257, edit_file 70, write_file 72, delete 72, glob 207, grep 126, execute 152), the
 * task tool's 191 and the base agent prompt's 460. The tools' schemas and write_todos' prompt come on top.
 */
const DEEPAGENTS_OWN_TOKENS = 1648;

addDefaults([
  { sdk: 'deepagents', packages: DEEPAGENTS_PYPI, key: 'model', versions: '>=0.4.5', value: 'claude-sonnet-4-6', source: 'libs/deepagents/deepagents/graph.py get_default_model() ChatAnthropic(model_name="claude-sonnet-4-6") (from deepagents 0.4.5, commit d41f3e4; deprecated since 0.5.3, still the default in 0.7.8)', asOf: '2026-12-06' },
  { sdk: 'deepagents', packages: DEEPAGENTS_PYPI, key: 'model', versions: '>=0.1.0 <0.4.5', value: 'claude-sonnet-4-5-20250929', source: 'deepagents/graph.py get_default_model() ChatAnthropic(model_name="claude-sonnet-4-5-20250929") (from commit 14be04b, October 2025, to 0.4.4)', asOf: '2026-12-06' },
  { sdk: 'deepagents', packages: DEEPAGENTS_PYPI, key: 'model', versions: '<0.1.0', value: 'claude-sonnet-4-20250514', source: 'src/deepagents/model.py get_default_model() ChatAnthropic(model_name="claude-sonnet-4-20250514", max_tokens=64000) (deepagents 0.0.x)', asOf: '2026-12-06' },
  { sdk: 'deepagents', packages: DEEPAGENTS_PYPI, key: 'maxTurns', versions: '>=0.5.0', value: 9999, source: 'libs/deepagents/deepagents/graph.py create_deep_agent(…).with_config({"recursion_limit": 9_999}) (deepagents 0.7.8; 10_000 from 0.5.0, commit 7dbc251)', asOf: '2026-12-06' },
  { sdk: 'deepagents', packages: DEEPAGENTS_PYPI, key: 'maxTurns', versions: '<0.5.0', value: 1000, source: 'libs/deepagents/deepagents/graph.py create_deep_agent(…).with_config({"recursion_limit": 1000}) (deepagents 0.2–0.4)', asOf: '2026-12-06' },
]);

addDefaults([
  {
    sdk: 'langchain-agent-executor',
    packages: { pypi: 'langchain' },
    language: 'python',
    key: 'maxTurns',
    value: 15,
    source: 'langchain/agents/agent.py AgentExecutor.max_iterations: Optional[int] = 15 (and initialize_agent, the pandas/CSV/SQL agent toolkits; langchain 0.0.x to 0.3, langchain_classic in 1.x)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'langgraph',
    packages: { pypi: 'langgraph' },
    language: 'python',
    key: 'maxTurns',
    versions: '>=1.1.4',
    value: 10007,
    source: 'langgraph/_internal/_config.py:31 DEFAULT_RECURSION_LIMIT = 10007 (langgraph 1.1.4, commit 2fb367e9)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'langgraph',
    packages: { pypi: 'langgraph' },
    language: 'python',
    key: 'maxTurns',
    versions: '>=1.0.6 <1.1.4',
    value: 10000,
    source: 'langgraph/_internal/_config.py:31 DEFAULT_RECURSION_LIMIT = 10000 (langgraph 1.0.6, commit a5827c5c)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'langgraph',
    packages: { pypi: 'langgraph' },
    language: 'python',
    key: 'maxTurns',
    versions: '<1.0.6',
    value: 25,
    source: 'langgraph/_internal/_config.py DEFAULT_RECURSION_LIMIT = 25 (langgraph 1.0.5; langchain_core RunnableConfig recursion_limit 25 before)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'langgraph',
    packages: { npm: '@langchain/langgraph' },
    language: 'js',
    key: 'maxTurns',
    value: 25,
    source: 'libs/langgraph-core/src/pregel/utils/config.ts:45 DEFAULT_RECURSION_LIMIT = 25 (@langchain/langgraph 1.4.12)',
    asOf: '2026-12-06',
  },
  {
    // create_agent binds its own limit with `.with_config({"recursion_limit": …})`.
    sdk: 'langchain',
    packages: { pypi: 'langchain' },
    language: 'python',
    key: 'maxTurns',
    value: 9999,
    source: 'langchain/agents/factory.py:1831 create_agent config = {"recursion_limit": 9_999} (langchain 1.4.2; 10_000 before langchain PR #36351, 2026-03-29)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'langchain',
    packages: { pypi: 'langchain-openai' },
    language: 'python',
    key: 'embeddingModel',
    value: 'text-embedding-ada-002',
    source: 'langchain_openai/embeddings/base.py OpenAIEmbeddings.model = "text-embedding-ada-002"',
    asOf: '2026-12-06',
  },
  {
    sdk: 'langchain',
    packages: { npm: '@langchain/openai' },
    language: 'js',
    key: 'embeddingModel',
    value: 'text-embedding-ada-002',
    source: 'libs/providers/langchain-openai/src/embeddings.ts:84 model = "text-embedding-ada-002"',
    asOf: '2026-12-06',
  },
]);

type ModelOf = { value: Value | Extract<DetectedCall['model'], { kind: 'default' }>; node?: Node; provider?: string; testDouble?: string; selfHosted?: string };

/** `openai:gpt-4o` → provider openai, model gpt-4o (strings of every option of a set). */
function splitPrefixed(v: Value): { value: Value; prefix?: string } {
  const first = stringOptions(v)[0];
  if (!first || !first.value.includes(':')) return { value: v };
  const prefix = first.value.slice(0, first.value.indexOf(':'));
  if (!/^[a-z_]+$/.test(prefix)) return { value: v };
  const strip = (s: string) => (s.startsWith(`${prefix}:`) ? s.slice(prefix.length + 1) : s);
  const value: Value = v.kind === 'union' ? { ...v, options: v.options.map((o) => (o.kind === 'string' ? { ...o, value: strip(o.value) } : o)) } : { ...first, value: strip(first.value) };
  return { value, prefix };
}

/** The model of a LangChain chat model object (`ChatOpenAI(model=…)`, `init_chat_model("openai:gpt-4o")`). */
export function chatModelOf(r: Extract<Receiver, { type: 'chat-model' }>, ctx: PromptContext): ModelOf {
  // The class's default model when none is given (langchainModels.ts).
  const m = chatModelCall(r, ctx).model;
  let provider = r.provider === 'unknown' ? undefined : r.provider;
  let value: ModelOf['value'] = m.value;
  if (r.modelFromFirstArg) {
    const mp = argValue(r.args, ['model_provider', 'modelProvider']);
    const pv = mp ? single(resolveValue(mp, inArgs(r.args, ctx))) : undefined;
    if (pv?.kind === 'string') provider = PREFIXES[pv.value] ?? pv.value;
    const split: { value: ModelOf['value']; prefix?: string } = value.kind === 'default' ? { value } : splitPrefixed(value);
    if (split.prefix) {
      provider = PREFIXES[split.prefix] ?? split.prefix;
      value = split.value;
    }
  }
  const selfHosted = selfHostedModel(r) ?? (provider === 'ollama' ? 'Ollama' : undefined);
  return { value, node: m.node, provider, ...(selfHosted ? { selfHosted } : {}) };
}

/** What the model an agent is given is: a `provider:model` string, a chat model object (bound or not), a fake. */
/** A deep agent made without a model: deepagents' default Claude model for the installed version. */
function deepAgentDefault(ctx: PromptContext): ModelOf | undefined {
  const d = sdkDefault('deepagents', 'model', ctx, 'deepagents default model');
  return d ? { value: { kind: 'default', value: String(d.value), reason: d.reason }, provider: 'anthropic' } : undefined;
}

export function langchainModel(node: Node | undefined, ctx: PromptContext): ModelOf | undefined {
  if (!node) return undefined;
  const v = resolveValue(node, { ...ctx, callers: true });
  if (stringOptions(v).length) {
    const split = splitPrefixed(v);
    const provider = split.prefix ? PREFIXES[split.prefix] ?? split.prefix : undefined;
    return { value: split.value, node, provider, ...(split.prefix && SELF_HOSTED_PREFIXES.has(split.prefix) ? { selfHosted: split.prefix } : {}) };
  }
  const r = classifyReceiver(shorthandTarget(node, ctx), ctx);
  if (r.type === 'chat-model' && r.framework === 'langchain') return chatModelOf(r, ctx);
  if (r.type === 'chain' && r.model) return chatModelOf(r.model, ctx);
  if (r.type === 'framework' && r.kind === 'test-double') return { value: { kind: 'unknown', reason: `${r.ctor} is a test double` }, testDouble: r.ctor };
  return { value: v.kind === 'unknown' ? v : { kind: 'unknown', reason: `the agent's model \`${unwrap(node).text.slice(0, 60)}\` is not a model this analysis knows` }, node };
}

function ours(r: Receiver, kind: string): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'langgraph' && r.kind === kind ? r : undefined;
}

/** A number from a config: `{"recursion_limit": 10}`, `{ recursionLimit: 10 }`, `RunnableConfig(recursion_limit=10)`. */
function recursionLimitOf(node: Node | undefined, ctx: PromptContext): { value: number; node: Node } | undefined {
  if (!node) return undefined;
  const a = valueArgs(single(resolveValue(node, ctx)), ctx);
  const n = a ? argValue(a, ['recursion_limit', 'recursionLimit']) : undefined;
  const v = n ? single(resolveValue(n, inArgs(a, ctx))) : undefined;
  return v?.kind === 'number' ? { value: v.value, node: n! } : undefined;
}

/** A limit bound on the agent itself: `create_react_agent(…).with_config({"recursion_limit": 50})`. */
function boundLimit(receiver: Node | undefined, ctx: PromptContext): { value: number; node: Node } | undefined {
  let cur = receiver ? unwrap(receiver) : undefined;
  for (let hops = 0; cur && hops < 6; hops++) {
    if (cur.type === 'identifier') {
      const found = ctx.scope.lookup(cur.text, cur);
      if (!found.value || found.param) return undefined;
      cur = unwrap(found.value);
      continue;
    }
    const callee = calleeOf(cur);
    if (!callee || (callee.type !== 'attribute' && callee.type !== 'member_expression')) return undefined;
    const name = memberChain(callee).members.at(-1);
    if (name !== 'with_config' && name !== 'withConfig') return undefined;
    const args = optionsArgs(cur, ctx);
    const direct = argValue(args, ['recursion_limit', 'recursionLimit']);
    const dv = direct ? single(resolveValue(direct, ctx)) : undefined;
    if (dv?.kind === 'number') return { value: dv.value, node: direct! };
    const found = recursionLimitOf(args.positional[0] ?? argValue(args, ['config']), ctx);
    if (found) return found;
    cur = unwrap(field(callee, 'object')!);
  }
  return undefined;
}

/** Whether a tools argument holds tools (`[]` holds none). */
function hasTools(node: Node | undefined, ctx: PromptContext): boolean {
  if (!node) return false;
  const v = resolveValue(node, ctx);
  return !(v.kind === 'list' && v.items.length === 0);
}

/** The run's input: `{"messages": [...]}` (the state), or a plain prompt. */
function addInput(b: PromptBuild, input: Node | undefined, ctx: PromptContext): void {
  if (!input) return;
  const v = resolveValue(input, ctx);
  if (v.kind === 'dict') {
    const messages = v.entries.get('messages');
    if (messages) addMessages(b, messages, ctx);
    return;
  }
  if (v.kind === 'list') addMessages(b, input, ctx);
  else addText(b, input, 'user', nextIndex(b), ctx);
}

/** Agent factories whose result a langgraph.json can deploy (`"graphs": {"agent": "./agent.py:agent"}`). */
const AGENT_FACTORIES = new Set(['create_react_agent', 'create_agent', ...DEEP_AGENTS, 'createReactAgent', 'createAgent']);

/**
 * The module-level name an agent factory's result is bound to (`agent = create_deep_agent(…)`, also
 * through `.with_config(…)`), and the expression bound: what a langgraph.json deploys by that name.
 */
function moduleBinding(call: Node, ctx: PromptContext): { name: string; value: Node } | undefined {
  let value: Node = call;
  // `create_agent(…).with_config({...})`: the outer call is what is bound.
  for (let up = call.parent; up; up = up.parent) {
    if (up.type === 'attribute' || up.type === 'member_expression' || up.type === 'argument_list' || up.type === 'arguments') continue;
    if (isCall(up) && value !== up && calleeOf(up) && /^(with_config|withConfig)$/.test(memberChain(calleeOf(up)!).members.at(-1) ?? '')) {
      value = up;
      continue;
    }
    break;
  }
  const assign = value.parent;
  if (!assign || (assign.type !== 'assignment' && assign.type !== 'variable_declarator')) return undefined;
  if (ctx.scope.functionAround(assign)) return undefined;
  const target = field(assign, assign.type === 'assignment' ? 'left' : 'name');
  if (target?.type !== 'identifier' || unwrap(field(assign, assign.type === 'assignment' ? 'right' : 'value') ?? target).id !== unwrap(value).id) return undefined;
  return { name: target.text, value };
}

/**
 * An agent a langgraph.json deploys and no code here runs (`langgraph dev`, LangGraph Platform, a
 * managed deployment serve it): the factory's call stands for one run, one per request.
 */
function deployedAgent(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const bound = moduleBinding(info.call, ctx);
  if (!bound) return undefined;
  const managed = info.method === MANAGED_DEEP_AGENT;
  const dep = managed ? undefined : deployedAs({ path: ctx.path, name: bound.name, ctx });
  if (!dep && !managed) return undefined;
  const agent = ours(classifyReceiver(info.call, ctx), 'agent');
  if (!agent) return undefined;
  const d = agentRun(info, agent, ctx, bound.value);
  d.entry = { kind: 'route', label: dep ? `deployed as "${dep.name}" in ${dep.file} (one run per request)` : `a Managed Deep Agent \`${bound.name}\`, served by its runtime (one run per request)` };
  return d;
}

/** A run of an agent: `agent.invoke(…)`, or (deployed: the expression a langgraph.json serves) one request's run. */
function agentRun(info: CallInfo, agent: FrameworkObject, ctx: PromptContext, deployed?: Node): DetectedCall {
  const b = info.build;
  const a = inArgs(agent.args, ctx);
  const js = ctx.scope.family === 'js';
  const deep = DEEP_AGENTS.includes(agent.ctor);
  const modelArg = agent.args.positional[0] ?? argValue(agent.args, ['model', 'llm']);
  const m = deep && (!modelArg || unwrap(modelArg).text === 'None') ? deepAgentDefault(ctx) : langchainModel(modelArg, a);
  for (const name of ['prompt', 'system_prompt', 'systemPrompt', 'state_modifier', 'stateModifier', 'messages_modifier', 'messageModifier']) {
    const n = argValue(agent.args, [name]);
    if (n) addText(b, n, 'system', 0, a);
  }
  // JS runs take (input, config): an options object's properties would be the input's. A deployed
  // agent's input is the request's.
  const call: Args = deployed ? { positional: [], named: new Map(), spread: false } : js ? jsArgs(info.call) : optionsArgs(info.call, ctx);
  addInput(b, call.positional[0] ?? argValue(call, ['input']), ctx);
  const toolsNode = agent.args.positional[1] ?? argValue(agent.args, ['tools']);
  if (deep) {
    const basis = `deepagents' own tool descriptions and base prompt, measured on deepagents 0.7.8 (${DEEPAGENTS_OWN_TOKENS} tokens; the tools' schemas and write_todos' prompt come on top)`;
    b.parts.push({ role: 'system', message: 0, source: 'unknown', text: '', dynamic: { kind: 'unknown', name: 'deepagents built-in tools and prompt', volatile: false, size: { low: DEEPAGENTS_OWN_TOKENS, expected: DEEPAGENTS_OWN_TOKENS, high: DEEPAGENTS_OWN_TOKENS, basis } } });
  }
  // A deep agent always has tools: its files, shell, to-dos and sub-agents.
  const tools = deep || hasTools(toolsNode, a);
  if (tools) {
    // Tool calls and their results come back to the model each step of the loop.
    addStepsSoFar(b, 'steps so far (tool calls and results)');
    b.historyGrows = true;
  }
  const v1 = agent.ctor === 'create_agent' || agent.ctor === 'createAgent';
  const stated = recursionLimitOf(call.positional[1] ?? argValue(call, ['config']), ctx) ?? boundLimit(deployed ?? field(unwrap(info.callee), 'object'), ctx);
  const sdk = deep ? 'deepagents' : v1 && !js ? 'langchain' : 'langgraph';
  const dflt = stated ? undefined : sdkDefault(sdk, 'maxTurns', ctx, deep ? 'recursion_limit create_deep_agent binds' : v1 && !js ? 'recursion_limit create_agent binds' : 'LangGraph default recursion_limit', js ? 'js' : 'python');
  const limit = stated?.value ?? (typeof dflt?.value === 'number' ? dflt.value : undefined);
  // A model step and a tool step alternate: a limit of n steps allows ⌈n/2⌉ model calls.
  const calls = limit !== undefined ? Math.max(1, Math.ceil(limit / 2)) : undefined;
  const param = js ? 'recursionLimit' : 'recursion_limit';
  const value: ModelOf['value'] = m?.value ?? { kind: 'unknown', reason: 'the agent names no model' };
  return {
    provider: m?.testDouble ? 'unknown' : providerFor(m?.provider, value),
    api: `${sdk}.${agent.ctor}.${deployed ? 'served' : info.method}`,
    sdk: 'langgraph',
    operation: 'agent-run',
    ...(m?.testDouble ? { testDouble: m.testDouble } : {}),
    ...(m?.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m?.node,
    model: value,
    build: b,
    outputCap: modelCap(modelArg, a),
    params: { ...paramsOf(agent.args, ctx), ...(tools && toolsNode ? { tools: unwrap(toolsNode).text.slice(0, 80) } : {}) },
    ...(tools && calls !== undefined
      ? {
          maxTurns: stated
            ? { value: calls, param, isDefault: false, reason: `up to ${calls} model calls (${param} ${stated.value}: a model step and a tool step each)` }
            : { value: calls, param, isDefault: true, reason: `up to ${calls} model calls (${param} ${limit} steps, a model step and a tool step each: ${dflt!.reason})` },
        }
      : {}),
  };
}

/** LangChain's legacy agents (`langchain.agents`, `langchain_classic.agents` in 1.x), run by an AgentExecutor. */
const LEGACY_AGENTS = ['create_openai_tools_agent', 'create_tool_calling_agent', 'create_openai_functions_agent', 'create_structured_chat_agent', 'create_json_chat_agent', 'create_xml_agent', 'create_react_agent', 'create_self_ask_with_search_agent'];
/** What makes an AgentExecutor: its class, `initialize_agent`, and the toolkits' agent factories (the llm first). */
const EXECUTORS = ['AgentExecutor', 'AgentExecutor.from_agent_and_tools', 'initialize_agent', 'create_pandas_dataframe_agent', 'create_csv_agent', 'create_sql_agent', 'create_spark_dataframe_agent', 'create_json_agent', 'create_openapi_agent', 'create_vectorstore_agent'];
const EXECUTOR_RUNS = new Set(['invoke', 'ainvoke', 'run', 'arun', 'stream', 'astream', 'batch', 'abatch']);

/**
 * An AgentExecutor run (`executor.invoke({"input": q})`, `.run(q)`): the agent's model each
 * iteration, up to `max_iterations` (default 15), the agent's prompt and the tool steps so far resent.
 */
function executorRun(info: CallInfo, exec: FrameworkObject, ctx: PromptContext): DetectedCall {
  const b = info.build;
  const a = inArgs(exec.args, ctx);
  let llm: Node | undefined;
  let prompt: Node | undefined;
  let tools = argValue(exec.args, ['tools']);
  let model: ModelOf | undefined;
  if (exec.ctor.startsWith('AgentExecutor')) {
    const agentNode = argValue(exec.args, ['agent']) ?? exec.args.positional[0];
    const r = agentNode ? classifyReceiver(agentNode, a) : undefined;
    const legacy = r ? ours(r, 'legacy-agent') : undefined;
    if (legacy) {
      llm = legacy.args.positional[0] ?? argValue(legacy.args, ['llm', 'model']);
      prompt = legacy.args.positional[2] ?? argValue(legacy.args, ['prompt']);
      tools ??= legacy.args.positional[1] ?? argValue(legacy.args, ['tools']);
      model = langchainModel(llm, inArgs(legacy.args, a));
    } else if (r?.type === 'chain' && r.model) {
      // An agent written as a runnable: `{…} | prompt | llm.bind_tools(tools) | OpenAIToolsAgentOutputParser()`.
      model = chatModelOf(r.model, a);
      prompt = r.prompt;
    }
  } else if (exec.ctor === 'initialize_agent') {
    llm = exec.args.positional[1] ?? argValue(exec.args, ['llm']);
    tools ??= exec.args.positional[0];
    model = langchainModel(llm, a);
  } else {
    llm = exec.args.positional[0] ?? argValue(exec.args, ['llm']);
    model = langchainModel(llm, a);
  }
  if (prompt) addChatPrompt(b, prompt, a);
  const run = optionsArgs(info.call, ctx);
  const input = run.positional[0] ?? argValue(run, ['input']);
  const iv = input ? single(resolveValue(input, ctx)) : undefined;
  if (iv?.kind === 'dict' && iv.entries.get('input')) addText(b, iv.entries.get('input'), 'user', nextIndex(b), ctx);
  else if (input) addInput(b, input, ctx);
  // The scratchpad: each iteration's tool call and observation, sent back with the next.
  addStepsSoFar(b, 'agent_scratchpad (steps so far)');
  b.historyGrows = true;
  const kwargs = argValue(exec.args, ['agent_executor_kwargs']);
  const kv = kwargs ? single(resolveValue(kwargs, a)) : undefined;
  const statedNode = argValue(exec.args, ['max_iterations']) ?? (kv?.kind === 'dict' ? kv.entries.get('max_iterations') : undefined);
  const stated = statedNode ? single(resolveValue(statedNode, { ...a, callers: true })) : undefined;
  const dflt = stated?.kind === 'number' ? undefined : sdkDefault('langchain-agent-executor', 'maxTurns', ctx, 'the AgentExecutor max_iterations default', 'python');
  const limit = stated?.kind === 'number' ? stated.value : Number(dflt?.value ?? 15);
  const value: ModelOf['value'] = model?.value ?? { kind: 'unknown', reason: `the agent of \`${exec.ctor}\` could not be read` };
  return {
    provider: model?.testDouble ? 'unknown' : providerFor(model?.provider, value),
    api: `langchain.${exec.ctor}.${info.method}`,
    sdk: 'langchain',
    operation: 'agent-run',
    ...(model?.testDouble ? { testDouble: model.testDouble } : {}),
    ...(model?.selfHosted ? { selfHosted: model.selfHosted } : {}),
    modelNode: model?.node,
    model: value,
    build: b,
    outputCap: modelCap(llm, a),
    params: { ...(tools ? { tools: unwrap(tools).text.slice(0, 80) } : { tools: 'the toolkit\'s tools' }) },
    maxTurns: { value: limit, param: 'max_iterations', isDefault: stated?.kind !== 'number', reason: `up to ${limit} iterations (${stated?.kind === 'number' ? `max_iterations=${limit}` : dflt?.reason ?? 'the AgentExecutor max_iterations default'}), one model call each` },
  };
}

/** The output cap of the model object an agent is given (`ChatOpenAI(max_tokens=…)`). */
function modelCap(node: Node | undefined, ctx: PromptContext): DetectedCall['outputCap'] {
  if (!node) return undefined;
  const r = classifyReceiver(node, ctx);
  const model = r.type === 'chat-model' ? r : r.type === 'chain' ? r.model : undefined;
  return model ? capOf(model.args, ctx) : undefined;
}

/** A JS call's arguments as written (the input object stays one argument). */
function jsArgs(call: Node): Args {
  const list = field(call, 'arguments');
  const positional = list ? list.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') : [];
  return { positional, named: new Map(), spread: false };
}

function fakeCall(info: CallInfo, fake: FrameworkObject, ctx: PromptContext): DetectedCall {
  const a = optionsArgs(info.call, ctx);
  const input = a.positional[0] ?? argValue(a, ['input', 'messages']);
  if (input && resolveValue(input, ctx).kind === 'list') addMessages(info.build, input, ctx);
  else addText(info.build, input, 'user', 0, ctx);
  return { provider: 'unknown', api: `langchain.${info.method}`, sdk: 'langchain', testDouble: fake.ctor, model: { kind: 'unknown', reason: `${fake.ctor} is a test double` }, build: info.build, params: {} };
}

/** An embedding model object's model: its argument, else the class's documented default. */
export function embeddingModel(r: FrameworkObject, ctx: PromptContext): { value: ModelOf['value']; node?: Node; provider: string; selfHosted?: string } {
  if (r.ctor === 'init_embeddings' || r.ctor === 'initEmbeddings') {
    const first = r.args.positional[0] ?? argValue(r.args, ['model']);
    const m = first ? langchainModel(first, inArgs(r.args, ctx)) : undefined;
    return { value: m?.value ?? { kind: 'unknown', reason: `${r.ctor} without a model` }, node: first, provider: m?.provider ?? 'unknown', ...(m?.selfHosted ? { selfHosted: m.selfHosted } : {}) };
  }
  const provider = EMBEDDINGS[r.ctor] ?? 'unknown';
  const m = modelOf(r.args, ['model', 'model_name', 'modelName', 'deployment', 'azure_deployment', 'azureDeployment', 'model_id', 'modelId'], ctx);
  const selfHosted = provider === 'self-hosted' ? `${r.ctor} runs the model locally` : undefined;
  if (m.node) return { value: m.value, node: m.node, provider: selfHosted ? 'unknown' : provider, ...(selfHosted ? { selfHosted } : {}) };
  if (r.ctor === 'OpenAIEmbeddings' || r.ctor === 'AzureOpenAIEmbeddings') {
    const d = sdkDefault('langchain', 'embeddingModel', ctx, 'OpenAIEmbeddings default model', ctx.scope.family === 'js' ? 'js' : 'python');
    if (d) return { value: { kind: 'default', value: String(d.value), reason: d.reason }, provider };
  }
  return { value: { kind: 'unknown', reason: `${r.ctor} without a model argument` }, provider: selfHosted ? 'unknown' : provider, ...(selfHosted ? { selfHosted } : {}) };
}

function embeddingCall(info: CallInfo, r: FrameworkObject, texts: Node | undefined, ctx: PromptContext, api: string): DetectedCall {
  const m = embeddingModel(r, { ...ctx, ...(r.args.ctx ?? {}) });
  if (texts) {
    const v = resolveValue(texts, ctx);
    if (v.kind === 'list') for (const item of v.items) addText(info.build, item, 'user', nextIndex(info.build), ctx);
    else addText(info.build, texts, 'user', 0, ctx);
  }
  const testDouble = r.kind === 'test-double' ? r.ctor : undefined;
  return {
    provider: testDouble ? 'unknown' : providerFor(m.provider === 'unknown' ? undefined : m.provider, m.value),
    api,
    sdk: 'langchain',
    operation: 'embedding',
    ...(testDouble ? { testDouble } : {}),
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model: m.value,
    build: info.build,
    params: {},
  };
}

/** `Chroma.from_documents(docs, embedding=OpenAIEmbeddings())`: the documents are embedded. */
function vectorStoreCall(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const a = ctx.scope.family === 'js' ? jsArgs(info.call) : optionsArgs(info.call, ctx);
  const candidates = [argValue(a, ['embedding', 'embeddings', 'embedding_function']), ...a.positional.slice(1)].filter((n): n is Node => !!n);
  for (const n of candidates) {
    const r = classifyReceiver(n, ctx);
    if (r.type === 'framework' && r.framework === 'langgraph' && IN_PROCESS_EMBEDDINGS.has(r.ctor)) return undefined;
    if (r.type !== 'framework' || r.framework !== 'langgraph' || (r.kind !== 'embedding-model' && !(r.kind === 'test-double' && /Embedding/.test(r.ctor)))) continue;
    return embeddingCall(info, r, a.positional[0] ?? argValue(a, ['documents', 'texts']), ctx, `langchain.${info.method}`);
  }
  return undefined;
}

/**
 * `store.add_documents(docs)` / `store.similarity_search(query)` on a LangChain vector store: an
 * embedding request with the store's embeddings (its `embedding=`/`embedding_function=` or, for
 * `InMemoryVectorStore(embeddings)` and `from_documents(docs, embeddings)`, the argument in that place).
 * A store the code takes as a parameter typed `VectorStore` embeds with what its caller made it with.
 */
function vectorStoreUse(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const a = ctx.scope.family === 'js' ? jsArgs(info.call) : optionsArgs(info.call, ctx);
  const texts = VECTOR_STORE_ADD.has(info.method) ? a.positional[0] ?? argValue(a, ['documents', 'texts']) : a.positional[0] ?? argValue(a, ['query']);
  const store = ours(info.receiver(), 'vector-store');
  if (store) {
    const sa = inArgs(store.args, ctx);
    const made = store.ctor.includes('.') ? 1 : 0; // from_documents(docs, embedding): the second argument
    const candidates = [argValue(store.args, ['embedding', 'embeddings', 'embedding_function', 'embeddingFunction']), store.args.positional[made]].filter((n): n is Node => !!n);
    for (const n of candidates) {
      const r = classifyReceiver(n, sa);
      if (r.type === 'framework' && r.framework === 'langgraph' && IN_PROCESS_EMBEDDINGS.has(r.ctor)) return undefined;
      if (r.type === 'framework' && r.framework === 'langgraph' && (r.kind === 'embedding-model' || (r.kind === 'test-double' && /Embedding/.test(r.ctor)))) return embeddingCall(info, r, texts, ctx, `langchain.${info.method}`);
    }
    return unknownEmbedding(info, texts, ctx, `the ${store.ctor.split('.')[0]} store's embeddings are not an embedding model this analysis knows`);
  }
  // A parameter typed as a vector store (`vector_store: VectorStore`), or an attribute the
  // constructor sets from one (`self.vector_store = vector_store`): its caller made it.
  const root = unwrap(info.chain.root);
  let at: Node | undefined;
  let name: string | undefined;
  if (root.type === 'identifier' && root.text !== 'self' && info.members.length === 1) [at, name] = [root, root.text];
  else if ((root.type === 'this' || root.text === 'self') && info.chain.members.length === 2) {
    const held = ctx.scope.lookup(`${root.text}.${info.chain.members[0]}`, root).value;
    if (held && unwrap(held).type === 'identifier') [at, name] = [unwrap(held), unwrap(held).text];
  }
  const fn = at ? ctx.scope.functionAround(at) : undefined;
  const param = fn && name ? parametersOf(fn).find((p) => p.name === name) : undefined;
  if (param?.type && /\bVectorStore\b/.test(param.type.text)) return unknownEmbedding(info, texts, ctx, `\`${name}\` is a vector store its caller makes: its embeddings are set there`);
  return undefined;
}

function unknownEmbedding(info: CallInfo, texts: Node | undefined, ctx: PromptContext, reason: string): DetectedCall {
  if (texts) addText(info.build, texts, 'user', 0, ctx);
  return { provider: 'unknown', api: `langchain.${info.method}`, sdk: 'langchain', operation: 'embedding', model: { kind: 'unknown', reason }, build: info.build, params: {} };
}

/** The embedding model of a store's index: `{"embed": init_embeddings("openai:…")}`, an embeddings object or a `provider:model` string. */
function storeEmbedding(store: FrameworkObject, ctx: PromptContext): { r?: FrameworkObject; model?: ModelOf } | undefined {
  const a = inArgs(store.args, ctx);
  const index = argValue(store.args, ['index']);
  const iv = index ? single(resolveValue(index, a)) : undefined;
  const ia = iv ? valueArgs(iv, a) : undefined;
  const embed = ia ? argValue(ia, ['embed', 'embeddings']) : undefined;
  if (!embed) return undefined;
  const ea = inArgs(ia, a);
  const ev = single(resolveValue(embed, ea));
  if (ev.kind === 'string') return { model: langchainModel(embed, ea) };
  const r = classifyReceiver(embed, ea);
  if (r.type === 'framework' && r.framework === 'langgraph' && (r.kind === 'embedding-model' || r.kind === 'test-double')) return { r };
  return { model: { value: { kind: 'unknown', reason: `the store's embed \`${unwrap(embed).text.slice(0, 40)}\` is not an embedding model this analysis knows` }, node: embed } };
}

/**
 * The store a node or tool is handed by LangGraph (`store: BaseStore`, `Annotated[BaseStore,
 * InjectedStore]`): the one the module compiles the graph or builds the agent with (`store=…`),
 * else the last store with an index made above the call.
 */
function injectedStore(receiver: Node, ctx: PromptContext): FrameworkObject | undefined {
  if (receiver.type !== 'identifier') return undefined;
  const fn = ctx.scope.functionAround(receiver);
  const param = fn ? parametersOf(fn).find((p) => p.name === receiver.text) : undefined;
  if (!param?.type || !/\bBaseStore\b/.test(param.type.text)) return undefined;
  const stores: { name: string; at: number; store: FrameworkObject }[] = [];
  for (const st of kids(ctx.scope.root)) {
    const expr = st.type === 'expression_statement' ? kids(st)[0] : undefined;
    if (expr?.type !== 'assignment') continue;
    const left = field(expr, 'left');
    const right = field(expr, 'right');
    if (!left || left.type !== 'identifier' || !right || !isCall(unwrap(right))) continue;
    const r = classifyReceiver(right, ctx);
    if (r.type === 'framework' && r.framework === 'langgraph' && r.kind === 'store') stores.push({ name: left.text, at: st.startIndex, store: r });
  }
  if (!stores.length) return undefined;
  const handed = new Set<string>();
  walk(ctx.scope.root, (k) => {
    if (field(k, 'name')?.text === 'store' && field(k, 'value')?.type === 'identifier') handed.add(field(k, 'value')!.text);
  }, new Set(['keyword_argument']));
  const indexed = stores.filter((s) => argValue(s.store.args, ['index']));
  const pool = stores.filter((s) => handed.has(s.name)).length ? stores.filter((s) => handed.has(s.name)) : indexed.length ? indexed : stores;
  const above = pool.filter((s) => s.at < receiver.startIndex);
  return (above.at(-1) ?? pool[0]).store;
}

function storeCall(info: CallInfo, store: FrameworkObject, ctx: PromptContext): DetectedCall | undefined {
  const emb = storeEmbedding(store, ctx);
  if (!emb) return undefined;
  const a = optionsArgs(info.call, ctx);
  const searching = info.method.includes('search');
  // `put(…, index=False)` stores without embedding; a search without a query only filters.
  const text = searching ? argValue(a, ['query']) : a.positional[2] ?? argValue(a, ['value']);
  if (!text) return undefined;
  const idx = argValue(a, ['index']);
  if (!searching && idx && single(resolveValue(idx, ctx)).kind === 'bool' && /false/i.test(unwrap(idx).text)) return undefined;
  if (emb.r) return embeddingCall(info, emb.r, text, ctx, `langgraph.store.${info.method}`);
  const m = emb.model!;
  addText(info.build, text, 'user', 0, ctx);
  return {
    provider: providerFor(m.provider, m.value),
    api: `langgraph.store.${info.method}`,
    sdk: 'langgraph',
    operation: 'embedding',
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model: m.value,
    build: info.build,
    params: {},
  };
}

/**
 * Amazon Bedrock knowledge-base retrievers: each query is embedded by the knowledge base's embedding
 * model, which is configured in AWS, not in the code (@langchain/community
 * retrievers/amazon_knowledge_base, langchain_aws AmazonKnowledgeBasesRetriever).
 */
const KB_RETRIEVERS = ['AmazonKnowledgeBaseRetriever', 'AmazonKnowledgeBasesRetriever'];
const KB_METHODS = new Set(['invoke', 'ainvoke', 'getRelevantDocuments', 'get_relevant_documents', 'aget_relevant_documents']);

function kbRetrieve(info: CallInfo, kb: FrameworkObject, ctx: PromptContext): DetectedCall {
  const query = (ctx.scope.family === 'js' ? jsArgs(info.call) : optionsArgs(info.call, ctx)).positional[0];
  if (query) addText(info.build, query, 'user', 0, ctx);
  return {
    provider: 'aws',
    api: `langchain.${kb.ctor}.${info.method}`,
    sdk: 'langchain',
    operation: 'embedding',
    model: { kind: 'unknown', reason: "the knowledge base's embedding model is configured in AWS" },
    build: info.build,
    params: {},
  };
}

export const langgraph: Framework = {
  id: 'langgraph',
  callNames: [...RUN_METHODS, ...CHAT_METHODS, ...AGENT_FACTORIES, ...EXECUTOR_RUNS, ...EMBED_METHODS, ...VECTOR_STORE_METHODS, ...VECTOR_STORE_ADD, ...VECTOR_STORE_SEARCH, ...STORE_METHODS, ...KB_METHODS],
  objects: [
    // Before the LangGraph agents: `langchain.agents.create_react_agent` is the legacy ReAct agent an AgentExecutor runs.
    { kind: 'legacy-agent', names: LEGACY_AGENTS, modules: ['langchain.agents', 'langchain_classic.agents'] },
    { kind: 'executor', names: EXECUTORS, modules: ['langchain', 'langchain_classic', 'langchain_experimental', 'langchain_community'] },
    { kind: 'agent', names: ['create_react_agent', 'create_agent'], modules: PY_AGENT_MODULES },
    { kind: 'agent', names: DEEP_AGENTS, modules: ['deepagents', 'managed_deepagents'] },
    { kind: 'agent', names: ['createReactAgent', 'createAgent'], modules: JS_AGENT_MODULES },
    { kind: 'test-double', names: FAKES, modules: ['langchain_core', 'langchain_community', 'langchain', '@langchain/core'] },
    { kind: 'embedding-model', names: [...Object.keys(EMBEDDINGS), 'init_embeddings'], modules: EMBEDDING_MODULES },
    { kind: 'store', names: STORES, modules: ['langgraph', '@langchain/langgraph'] },
    { kind: 'kb-retriever', names: KB_RETRIEVERS, modules: ['langchain_aws', 'langchain_community', 'langchain', '@langchain/'] },
    { kind: 'vector-store', names: [...VECTOR_STORES, ...VECTOR_STORES.flatMap((c) => [...VECTOR_STORE_METHODS].map((m) => `${c}.${m}`))], modules: VECTOR_STORE_MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (VECTOR_STORE_METHODS.has(info.method)) return vectorStoreCall(info, ctx);
    if (VECTOR_STORE_ADD.has(info.method) || VECTOR_STORE_SEARCH.has(info.method)) return vectorStoreUse(info, ctx);
    if (STORE_METHODS.has(info.method)) {
      const r = info.receiver();
      const store = ours(r, 'store') ?? (r.type === 'unknown' && info.members.length === 1 ? injectedStore(unwrap(info.chain.root), ctx) : undefined);
      return store ? storeCall(info, store, ctx) : undefined;
    }
    const r = info.receiver();
    const kb = KB_METHODS.has(info.method) ? ours(r, 'kb-retriever') : undefined;
    if (kb) return kbRetrieve(info, kb, ctx);
    if (AGENT_FACTORIES.has(info.method)) return deployedAgent(info, ctx);
    const agent = ours(r, 'agent');
    if (agent && RUN_METHODS.has(info.method)) return agentRun(info, agent, ctx);
    const exec = ours(r, 'executor');
    if (exec && EXECUTOR_RUNS.has(info.method) && ctx.scope.family !== 'js') return executorRun(info, exec, ctx);
    const fake = ours(r, 'test-double');
    if (fake && EMBED_METHODS.has(info.method)) return embeddingCall(info, fake, optionsArgs(info.call, ctx).positional[0], ctx, `langchain.${info.method}`);
    if (fake && CHAT_METHODS.has(info.method)) return fakeCall(info, fake, ctx);
    const emb = ours(r, 'embedding-model');
    if (emb && EMBED_METHODS.has(info.method)) return embeddingCall(info, emb, (ctx.scope.family === 'js' ? jsArgs(info.call) : optionsArgs(info.call, ctx)).positional[0], ctx, `langchain.${info.method}`);
    return undefined;
  },
};
