// LangChain's legacy chains (`langchain.chains`, `langchain_classic.chains` in 1.x), still the bulk of
// LangChain code written before LCEL: `LLMChain(llm, prompt).run(…)`, `RetrievalQA.from_chain_type(llm,
// retriever=…)`, `ConversationalRetrievalChain.from_llm(llm, retriever)`, `load_summarize_chain(llm,
// chain_type="map_reduce")`, and the helpers that replaced them (`create_retrieval_chain(retriever,
// create_stuff_documents_chain(llm, prompt))`). Each run makes the requests its chain type makes: one
// for `stuff`, one per document and one to combine for `map_reduce`, one per document for `refine` —
// with the chain's own prompt when the code gives none.
import type { Node } from '@vscode/tree-sitter-wasm';
import { calleeOf, unwrap } from '../ast';
import { DetectedCall, inArgs, nextIndex, optionsArgs } from '../callKit';
import { addChatPrompt, addText, PromptBuild, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import { providerFor } from '../callKit';
import { resolveValue, single, stringOptions } from '../values';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { embeddingModel, langchainModel } from './langgraph';

const MODULES = ['langchain', 'langchain_classic', 'langchain_community', 'langchain_experimental'];

/** Chains whose model is their `llm=` (or first argument), by how they are made. */
const CHAINS = [
  'LLMChain', 'ConversationChain', 'LLMMathChain.from_llm',
  'RetrievalQA', 'RetrievalQA.from_chain_type', 'RetrievalQA.from_llm', 'VectorDBQA.from_chain_type',
  'RetrievalQAWithSourcesChain', 'RetrievalQAWithSourcesChain.from_chain_type', 'RetrievalQAWithSourcesChain.from_llm',
  'ConversationalRetrievalChain.from_llm', 'SQLDatabaseChain.from_llm',
  'load_summarize_chain', 'load_qa_chain', 'load_qa_with_sources_chain',
  'create_stuff_documents_chain', 'create_retrieval_chain', 'create_history_aware_retriever',
];
const RUNS = new Set(['run', 'arun', 'invoke', 'ainvoke', 'predict', 'apredict', 'batch', 'abatch', 'stream', 'astream', 'apply', 'call', 'acall']);

/** LangChain's default prompts, as its source writes them (chains/question_answering/stuff_prompt.py, summarize/stuff_prompt.py). */
const QA_PROMPT = "Use the following pieces of context to answer the question at the end. If you don't know the answer, just say that you don't know, don't try to make up an answer.\n\n";
const SUMMARY_PROMPT = 'Write a concise summary of the following:\n\n\n"';
const CONDENSE_PROMPT = 'Given the following conversation and a follow up question, rephrase the follow up question to be a standalone question, in its original language.\n\nChat History:\n';
/** VectorStoreRetriever's `k` when `search_kwargs` does not set it (langchain_core/vectorstores/base.py). */
const RETRIEVER_K = 4;

function ours(r: ReturnType<typeof classifyReceiver>): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'langchain-chains' && r.kind === 'chain' ? r : undefined;
}

/** `retriever=db.as_retriever(search_kwargs={"k": 6})`: how many documents a retrieval returns. */
function retrieverK(node: Node | undefined, ctx: PromptContext): number {
  if (!node) return RETRIEVER_K;
  const v = single(resolveValue(node, ctx));
  const call = v.kind === 'call' ? v.node : undefined;
  const callee = call ? calleeOf(call) : undefined;
  if (!call || !callee || !/as_retriever$/.test(callee.text)) return RETRIEVER_K;
  const sk = argValue(optionsArgs(call, ctx), ['search_kwargs']);
  const d = sk ? single(resolveValue(sk, ctx)) : undefined;
  const k = d?.kind === 'dict' ? d.entries.get('k') : undefined;
  const kv = k ? single(resolveValue(k, ctx)) : undefined;
  return kv?.kind === 'number' ? kv.value : RETRIEVER_K;
}

function chainType(chain: FrameworkObject, ctx: PromptContext): string {
  const t = argValue(chain.args, ['chain_type']);
  return (t && stringOptions(resolveValue(t, inArgs(chain.args, ctx)))[0]?.value) || 'stuff';
}

/** The requests one run makes for a chain type over `docs` documents. */
function callsFor(type: string, docs: number): { calls: number; why: string } {
  if (type === 'map_reduce') return { calls: docs + 1, why: `chain_type="map_reduce": one request per document (${docs}) and one to combine` };
  if (type === 'refine' || type === 'map_rerank') return { calls: docs, why: `chain_type="${type}": one request per document (${docs})` };
  return { calls: 1, why: 'chain_type="stuff": one request with every document' };
}

function literal(b: PromptBuild, role: 'system' | 'user', text: string): void {
  b.parts.push({ role, message: role === 'system' ? 0 : nextIndex(b), source: 'literal', text });
}

function dynamicPart(b: PromptBuild, kind: 'retrieved-documents' | 'history' | 'user-data', name: string, same = false): void {
  const message = same && b.parts.length ? b.parts[b.parts.length - 1].message : nextIndex(b);
  b.parts.push({ role: 'user', message, source: 'unknown', text: '', dynamic: { kind, name, volatile: true } });
}

/** The run's input (`{"query": q}`, `question=q`, a string): what the user sends. */
function addRunInput(b: PromptBuild, call: Node, ctx: PromptContext): void {
  const a = optionsArgs(call, ctx);
  const first = a.positional[0];
  const v = first ? single(resolveValue(first, ctx)) : undefined;
  const key = ['query', 'question', 'input', 'text'].find((k) => (v?.kind === 'dict' ? v.entries.has(k) : a.named.has(k)));
  const node = key ? (v?.kind === 'dict' ? v.entries.get(key) : a.named.get(key)) : v?.kind === 'string' || v?.kind === 'template' ? first : undefined;
  if (node) addText(b, node, 'user', nextIndex(b), ctx);
  else dynamicPart(b, 'user-data', 'the chain\'s input');
}

function chainRun(info: CallInfo, chain: FrameworkObject, ctx: PromptContext): DetectedCall | undefined {
  const b = info.build;
  const a = inArgs(chain.args, ctx);
  let llmNode = argValue(chain.args, ['llm']) ?? chain.args.positional[0];
  let promptNode = argValue(chain.args, ['prompt']);
  let calls = { calls: 1, why: 'one request' };
  const ctor = chain.ctor;
  if (ctor === 'create_retrieval_chain') {
    // create_retrieval_chain(retriever, combine_docs_chain): the combining chain's model and prompt.
    const combine = argValue(chain.args, ['combine_docs_chain']) ?? chain.args.positional[1];
    const inner = combine ? ours(classifyReceiver(combine, a)) : undefined;
    if (!inner) return undefined;
    llmNode = argValue(inner.args, ['llm']) ?? inner.args.positional[0];
    promptNode = argValue(inner.args, ['prompt']) ?? inner.args.positional[1];
    const retr = argValue(chain.args, ['retriever']) ?? chain.args.positional[0];
    const aware = retr ? ours(classifyReceiver(retr, a)) : undefined;
    if (promptNode) addChatPrompt(b, promptNode, inArgs(inner.args, a));
    if (aware?.ctor === 'create_history_aware_retriever') calls = { calls: 2, why: 'a history-aware retriever rephrases the question first, then the documents chain answers' };
    const m = langchainModel(llmNode, inArgs(inner.args, a));
    addRunInput(b, info.call, ctx);
    return finish(info, m, calls, b);
  }
  if (ctor === 'create_stuff_documents_chain') {
    promptNode ??= chain.args.positional[1];
    if (promptNode) addChatPrompt(b, promptNode, a);
  } else if (/^(RetrievalQA|VectorDBQA|RetrievalQAWithSourcesChain)/.test(ctor)) {
    const docs = retrieverK(argValue(chain.args, ['retriever']), a);
    calls = callsFor(chainType(chain, ctx), docs);
    const kwargs = argValue(chain.args, ['chain_type_kwargs']);
    const kv = kwargs ? single(resolveValue(kwargs, a)) : undefined;
    const custom = kv?.kind === 'dict' ? kv.entries.get('prompt') : promptNode;
    if (custom) addChatPrompt(b, custom, a);
    else literal(b, 'system', QA_PROMPT);
    dynamicPart(b, 'retrieved-documents', 'context (retrieved documents)', true);
  } else if (ctor === 'ConversationalRetrievalChain.from_llm') {
    const docs = retrieverK(argValue(chain.args, ['retriever']) ?? chain.args.positional[1], a);
    calls = { calls: 2, why: `one request to rephrase the question with the chat history, one to answer it from ${docs} documents` };
    literal(b, 'system', QA_PROMPT);
    dynamicPart(b, 'retrieved-documents', 'context (retrieved documents)', true);
    dynamicPart(b, 'history', 'chat_history');
    b.parts.push({ role: 'user', message: nextIndex(b), source: 'literal', text: CONDENSE_PROMPT });
  } else if (/^load_(summarize|qa|qa_with_sources)_chain$/.test(ctor)) {
    calls = callsFor(chainType(chain, ctx), RETRIEVER_K);
    if (calls.calls > 1) calls = { ...calls, why: `${calls.why.replace(/\(\d+\)/, `(${RETRIEVER_K} assumed: the documents are given at run time)`)}` };
    literal(b, ctor === 'load_summarize_chain' ? 'user' : 'system', ctor === 'load_summarize_chain' ? SUMMARY_PROMPT : QA_PROMPT);
    dynamicPart(b, ctor === 'load_summarize_chain' ? 'user-data' : 'retrieved-documents', 'the documents', true);
  } else if (ctor === 'ConversationChain') {
    dynamicPart(b, 'history', 'the conversation so far (memory)');
  } else if (ctor === 'SQLDatabaseChain.from_llm') {
    calls = { calls: 2, why: 'one request to write the SQL query, one to answer from its result' };
    llmNode = chain.args.positional[0] ?? argValue(chain.args, ['llm']);
  } else if (promptNode) addChatPrompt(b, promptNode, a);
  if (ctor !== 'ConversationalRetrievalChain.from_llm') addRunInput(b, info.call, ctx);
  return finish(info, langchainModel(llmNode, a), calls, b);
}

function finish(info: CallInfo, m: ReturnType<typeof langchainModel>, calls: { calls: number; why: string }, b: PromptBuild): DetectedCall {
  const value = m?.value ?? { kind: 'unknown' as const, reason: 'the chain names no llm' };
  return {
    provider: m?.testDouble ? 'unknown' : providerFor(m?.provider, value),
    api: `langchain.${info.method}`,
    sdk: 'langchain',
    ...(m?.testDouble ? { testDouble: m.testDouble } : {}),
    ...(m?.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m?.node,
    model: value,
    build: b,
    params: {},
    ...(calls.calls > 1 ? { maxTurns: { value: calls.calls, param: 'chain_type', isDefault: false, expected: calls.calls, expectedReason: calls.why, reason: calls.why } } : {}),
  };
}

const COMPRESSORS = ['EmbeddingsFilter', 'EmbeddingsRedundantFilter', 'LLMChainExtractor.from_llm', 'LLMChainFilter.from_llm', 'LLMListwiseRerank.from_llm', 'DocumentCompressorPipeline'];
const RETRIEVE = new Set(['invoke', 'ainvoke', 'get_relevant_documents', 'aget_relevant_documents']);

/**
 * A ContextualCompressionRetriever's retrieval (`retriever.invoke(query)`): its compressor runs on
 * what the base retriever returns — an LLM extractor or filter asks the model once per document, an
 * embeddings filter embeds the query and every chunk. The LLM step is the one priced when a
 * pipeline has both.
 */
function compressionRun(info: CallInfo, retriever: FrameworkObject, ctx: PromptContext): DetectedCall | undefined {
  const a = inArgs(retriever.args, ctx);
  const base = argValue(retriever.args, ['base_compressor']);
  const top = base ? classifyReceiver(base, a) : undefined;
  const steps: { comp: FrameworkObject; ctx: PromptContext }[] = [];
  const c0 = top?.type === 'framework' && top.framework === 'langchain-chains' && top.kind === 'compressor' ? top : undefined;
  if (c0?.ctor === 'DocumentCompressorPipeline') {
    const list = argValue(c0.args, ['transformers']) ?? c0.args.positional[0];
    const lv = list ? single(resolveValue(list, inArgs(c0.args, a))) : undefined;
    for (const item of lv?.kind === 'list' ? lv.items : []) {
      const r = classifyReceiver(item, inArgs(c0.args, a));
      if (r.type === 'framework' && r.framework === 'langchain-chains' && r.kind === 'compressor') steps.push({ comp: r, ctx: inArgs(c0.args, a) });
    }
  } else if (c0) steps.push({ comp: c0, ctx: a });
  const llmStep = steps.find((s) => s.comp.ctor.includes('.from_llm'));
  if (llmStep) {
    const llm = argValue(llmStep.comp.args, ['llm']) ?? llmStep.comp.args.positional[0];
    dynamicPart(info.build, 'retrieved-documents', 'a retrieved document');
    addRunInput(info.build, info.call, ctx);
    const docs = retrieverK(argValue(retriever.args, ['base_retriever']), a);
    const per = llmStep.comp.ctor.startsWith('LLMListwiseRerank') ? { calls: 1, why: 'one request ranks the documents' } : { calls: docs, why: `${llmStep.comp.ctor.split('.')[0]}: one request per retrieved document (${docs})` };
    return finish(info, langchainModel(llm, inArgs(llmStep.comp.args, llmStep.ctx)), per, info.build);
  }
  const embStep = steps.find((s) => s.comp.ctor.startsWith('Embeddings'));
  if (!embStep) return undefined;
  const embNode = argValue(embStep.comp.args, ['embeddings']) ?? embStep.comp.args.positional[0];
  const er = embNode ? classifyReceiver(embNode, inArgs(embStep.comp.args, embStep.ctx)) : undefined;
  const emb = er?.type === 'framework' && er.kind === 'embedding-model' ? embeddingModel(er, inArgs(embStep.comp.args, embStep.ctx)) : undefined;
  dynamicPart(info.build, 'user-data', 'the query and the retrieved chunks');
  return {
    provider: emb?.provider && emb.provider !== 'unknown' ? emb.provider : 'unknown',
    api: `langchain.ContextualCompressionRetriever.${info.method}`,
    sdk: 'langchain',
    operation: 'embedding',
    ...(emb?.selfHosted ? { selfHosted: emb.selfHosted } : {}),
    modelNode: emb?.node,
    model: emb?.value ?? { kind: 'unknown', reason: `the embeddings \`${embNode ? unwrap(embNode).text.slice(0, 40) : '?'}\` the filter is given could not be read` },
    build: info.build,
    params: {},
  };
}

export const langchainChains: Framework = {
  id: 'langchain-chains',
  callNames: [...RUNS, ...RETRIEVE],
  // `qa({"query": q})`: a chain called as a function.
  anyName: (text) => text.includes('langchain') && /\b(LLMChain|RetrievalQA|ConversationalRetrievalChain|ConversationChain|load_qa_chain|load_summarize_chain|SQLDatabaseChain)\b/.test(text),
  objects: [
    { kind: 'chain', names: CHAINS, modules: MODULES },
    { kind: 'compression-retriever', names: ['ContextualCompressionRetriever'], modules: MODULES },
    { kind: 'compressor', names: COMPRESSORS, modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (info.members.length === 0) {
      const chain = ours(classifyReceiver(unwrap(info.callee), ctx));
      return chain && chain.ctor !== 'create_stuff_documents_chain' && chain.ctor !== 'create_history_aware_retriever' ? chainRun(info, chain, ctx) : undefined;
    }
    if (info.members.length !== 1) return undefined;
    const r = info.receiver();
    if (RETRIEVE.has(info.method) && r.type === 'framework' && r.framework === 'langchain-chains' && r.kind === 'compression-retriever') return compressionRun(info, r, ctx);
    if (!RUNS.has(info.method)) return undefined;
    const chain = ours(r);
    if (!chain || chain.ctor === 'create_history_aware_retriever') return undefined;
    return chainRun(info, chain, ctx);
  },
};
