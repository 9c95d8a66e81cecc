// Vector stores that embed for you: a Chroma collection made with a provider's embedding function
// (`get_or_create_collection(embedding_function=OpenAIEmbeddingFunction(model_name=…))`) embeds the
// documents of `add`/`upsert`/`update` and the texts of `query(query_texts=…)`; a LanceDB table whose
// schema takes its vectors from a registry function (`get_registry().get("openai").create(name=…)`)
// embeds what `add` stores and what `search("text")` looks for. Those are embedding requests on the
// bill. Local embedding functions (Chroma's default, sentence-transformers, Ollama) are not.
import type { Node } from '@vscode/tree-sitter-wasm';
import { calleeOf, field, isCall, kids, memberChain, stringValue, unwrap } from '../ast';
import { DetectedCall, nextIndex, optionsArgs } from '../callKit';
import { addText, PromptContext } from '../prompts';
import { argValue, callArgs, classifyReceiver } from '../receivers';
import { ctxOf, resolveValue, Value, ValueContext } from '../values';
import { own } from '../../../util/own';
import type { Framework } from './framework';
import { objectBelow } from './providerKit';

/** Chroma's embedding functions that call a provider's API, by the provider that bills them. */
const CHROMA_FUNCTIONS: Record<string, string> = {
  OpenAIEmbeddingFunction: 'openai',
  CohereEmbeddingFunction: 'cohere',
  GoogleGenerativeAiEmbeddingFunction: 'google',
  GoogleGenaiEmbeddingFunction: 'google',
  GoogleVertexEmbeddingFunction: 'google',
  VoyageAIEmbeddingFunction: 'voyage',
  JinaEmbeddingFunction: 'jina',
  MistralEmbeddingFunction: 'mistral',
  AmazonBedrockEmbeddingFunction: 'aws',
  TogetherAIEmbeddingFunction: 'together',
};

/** LanceDB registry names that call a provider's API. */
const LANCEDB_REGISTRY: Record<string, string> = {
  openai: 'openai',
  'azure-openai': 'openai',
  cohere: 'cohere',
  'gemini-text': 'google',
  voyageai: 'voyage',
  jina: 'jina',
  'bedrock-text': 'aws',
  watsonx: 'ibm',
};

const COLLECTION_FACTORIES = new Set(['get_or_create_collection', 'create_collection', 'get_collection', 'getOrCreateCollection', 'createCollection', 'getCollection']);

interface Embedder {
  provider: string;
  model: Value;
  modelNode?: Node;
}

export const vectorStores: Framework = {
  id: 'vector-stores',
  callNames: ['add', 'upsert', 'update', 'query', 'search'],
  objects: [{ kind: 'embedding-function', names: Object.keys(CHROMA_FUNCTIONS), modules: ['chromadb', '@chroma-core/', 'chromadb-default-embed'] }],
  detect(info, ctx) {
    if (info.members.length < 1) return undefined;
    const args = optionsArgs(info.call, ctx);
    const method = info.method;
    // Only what the store embeds itself: texts given without vectors.
    let texts: Node | undefined;
    if (method === 'query') {
      texts = argValue(args, ['query_texts', 'queryTexts']);
      if (!texts || argValue(args, ['query_embeddings', 'queryEmbeddings'])) return undefined;
    } else if (method === 'search') {
      texts = args.positional[0] ?? argValue(args, ['query']);
      if (!texts || !looksLikeText(texts, ctx)) return undefined;
    } else {
      texts = argValue(args, ['documents']) ?? (method === 'add' ? args.positional[0] ?? argValue(args, ['data']) : undefined);
      if (!texts || argValue(args, ['embeddings'])) return undefined;
    }
    const store = objectBelow(info, 1);
    if (!store) return undefined;
    const embedder = method === 'add' || method === 'search' ? lanceTable(store, ctx) ?? (method === 'add' && argValue(args, ['documents']) ? chromaCollection(store, ctx) : undefined) : chromaCollection(store, ctx);
    if (!embedder) return undefined;
    addText(info.build, texts, 'user', nextIndex(info.build), ctx);
    return {
      provider: embedder.provider,
      api: `${method === 'search' || method === 'query' ? 'vector_store.query' : 'vector_store.add'}`,
      sdk: 'vector-store',
      operation: 'embedding',
      modelNode: embedder.modelNode,
      model: embedder.model,
      build: info.build,
      params: {},
    } satisfies DetectedCall;
  },
};

/** A search argument that is text to embed (a string, or a name for one), not a vector. */
function looksLikeText(node: Node, ctx: PromptContext): boolean {
  const v = resolveValue(node, ctx);
  if (v.kind === 'string' || v.kind === 'template') return true;
  if (v.kind === 'list' || v.kind === 'number') return false;
  return /^(query|question|text|q|prompt|search_query|user_query)$/i.test(unwrap(node).text);
}

/** The calls a receiver may hold (each branch or caller's). */
function madeBy(node: Node, ctx: ValueContext): { call: Node; ctx: ValueContext }[] {
  const v = resolveValue(node, { ...ctx, callers: true });
  const out: { call: Node; ctx: ValueContext }[] = [];
  for (const o of v.kind === 'union' ? v.options : [v]) if (o.kind === 'call' && o.node) out.push({ call: unwrap(o.node), ctx: ctxOf(o, ctx) });
  return out;
}

function calledName(call: Node): string | undefined {
  const c = calleeOf(call);
  if (!c) return undefined;
  const chain = memberChain(c);
  return chain.members.length ? chain.members[chain.members.length - 1] : chain.root.type === 'identifier' ? chain.root.text : undefined;
}

/** A Chroma collection made with a provider's embedding function: that function's provider and model. */
function chromaCollection(store: Node, ctx: ValueContext): Embedder | undefined {
  for (const { call, ctx: cctx } of madeBy(store, ctx)) {
    if (!COLLECTION_FACTORIES.has(calledName(call) ?? '')) continue;
    const a = callArgs(call, cctx);
    const fn = argValue(a, ['embedding_function', 'embeddingFunction']);
    if (!fn) continue;
    const r = classifyReceiver(fn, a.ctx ?? cctx);
    if (r.type !== 'framework' || r.framework !== 'vector-stores') continue;
    const provider = own(CHROMA_FUNCTIONS, r.ctor);
    if (!provider) continue;
    const m = argValue(r.args, ['model_name', 'modelName', 'model', 'openai_model', 'model_id']);
    const model: Value = m ? resolveValue(m, { ...(r.args.ctx ?? cctx), callers: true }) : { kind: 'unknown', reason: `${r.ctor} is given no model_name: its own default applies` };
    return { provider, model, modelNode: m };
  }
  return undefined;
}

/** A LanceDB table whose schema's vectors come from a provider's registry function. */
function lanceTable(store: Node, ctx: ValueContext): Embedder | undefined {
  for (const { call, ctx: cctx } of madeBy(store, ctx)) {
    if (calledName(call) !== 'create_table') continue;
    const a = callArgs(call, cctx);
    const schema = argValue(a, ['schema']);
    const cls = schema && unwrap(schema).type === 'identifier' ? cctx.scope.moduleClass(unwrap(schema).text) : undefined;
    if (!cls) continue;
    const fn = registryFunctionOf(cls, cctx);
    if (fn) return fn;
  }
  return undefined;
}

/** The registry function a LanceModel's fields take their source and vector from (`func.SourceField()`). */
function registryFunctionOf(cls: Node, ctx: ValueContext): Embedder | undefined {
  const body = field(cls, 'body');
  for (const stmt of body ? kids(body) : []) {
    const assign = stmt.type === 'expression_statement' ? kids(stmt)[0] : undefined;
    const right = assign?.type === 'assignment' ? field(assign, 'right') : undefined;
    const callee = right && isCall(right) ? calleeOf(right) : undefined;
    if (!callee || callee.type !== 'attribute' || !/^(SourceField|VectorField)$/.test(field(callee, 'attribute')?.text ?? '')) continue;
    const obj = field(callee, 'object');
    if (obj?.type !== 'identifier') continue;
    const found = ctx.scope.lookup(obj.text, cls);
    const made = found.value ? unwrap(found.value) : undefined;
    // get_registry().get("openai").create(name="text-embedding-3-small")
    if (!made || !isCall(made) || calledName(made) !== 'create') continue;
    const getter = calleeOf(made);
    const inner = getter?.type === 'attribute' ? field(getter, 'object') : undefined;
    if (!inner || !isCall(inner) || calledName(inner) !== 'get') continue;
    const nameArg = callArgs(inner).positional[0];
    const provider = nameArg ? own(LANCEDB_REGISTRY, stringValue(nameArg) ?? '') : undefined;
    if (!provider) return undefined;
    const a = callArgs(made, ctx);
    const m = argValue(a, ['name', 'model_name', 'model']);
    const model: Value = m ? resolveValue(m, { ...ctx, callers: true }) : { kind: 'unknown', reason: `the "${stringValue(nameArg!)}" registry function is given no name: its own default model applies` };
    return { provider, model, modelNode: m };
  }
  return undefined;
}

