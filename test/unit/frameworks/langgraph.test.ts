// LangGraph and LangChain agents (frameworks/langgraph.ts): prebuilt and v1 agents with their
// models, prompts and recursion limits, StateGraph nodes, fakes and embeddings, on fixtures in the
// style of the frameworks' docs, scanned by the real CLI code (parsers, program, pricing).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeWorkspace } from '../../../src/cli/main';
import { loadParsers } from '../../../src/core/extract/code/parser';
import type { Report, ReportCallSite } from '../../../src/core/report/report';
import { extractIn, lineOf, siteAt } from './workspace';

const fixtures = path.join(__dirname, '../../../../test/fixtures');

async function scan(dir: string): Promise<Report> {
  return (await analyzeWorkspace(['.'], { cwd: path.join(fixtures, dir), jobs: 1, observations: false })).report;
}

/** The fixture folders are scanned from the repository's root: paths end with the fixture's own. */
const at = (c: ReportCallSite, file: string) => c.path === file || c.path.endsWith(`/${file}`);

function site(report: Report, file: string, line: number): ReportCallSite {
  const found = report.callSites.find((c) => at(c, file) && c.line === line);
  assert.ok(found, `no call site at ${file}:${line}; found ${report.callSites.map((c) => `${c.path}:${c.line}`).join(', ')}`);
  return found;
}

describe('LangGraph and LangChain agents', function () {
  this.timeout(60_000);
  let report: Report;
  before(async () => {
    await loadParsers();
    report = await scan('code/langgraph');
  });

  it('prices a prebuilt agent run on its provider:model string, with its prompt and the default recursion limit as the cap', () => {
    const s = site(report, 'react_agents.py', 32);
    assert.equal(s.operation, 'agent-run');
    assert.equal(s.sdk, 'langgraph');
    assert.equal(s.provider, 'anthropic');
    assert.equal(s.model, 'claude-3-7-sonnet-latest');
    assert.ok(s.usd, 'priced');
    // No lockfile here: the newest langgraph default (10007 steps) is assumed and said so.
    assert.equal(s.multiplier.max, 5004);
    assert.match(s.multiplier.reason, /recursion_limit 10007 steps/);
    assert.match(s.multiplier.reason, /langgraph version not found in the workspace/);
    assert.match(s.multiplier.reason, /_config\.py/);
  });

  it('reads the model object an agent is given (a chat model, init_chat_model) and its output cap', () => {
    const s = site(report, 'react_agents.py', 36);
    assert.equal(s.model, 'gpt-4o');
    assert.equal(s.provider, 'openai');
    assert.deepEqual(s.outputCap, { tokens: 1024, param: 'max_tokens' });
    const bound = site(report, 'react_agents.py', 40);
    assert.equal(bound.model, 'gpt-4.1-mini');
    assert.equal(bound.provider, 'openai');
  });

  it('takes recursion_limit from the run config, a positional config or with_config on the agent', () => {
    assert.equal(site(report, 'react_agents.py', 36).multiplier.max, 5, 'config={"recursion_limit": 10}: 5 model calls');
    assert.equal(site(report, 'react_agents.py', 40).multiplier.max, 3, 'positional {"recursion_limit": 6}, not multiplied by the async for over the stream');
    const bound = site(report, 'react_agents.py', 53);
    assert.equal(bound.multiplier.max, 5, 'with_config({"recursion_limit": 9})');
    assert.match(bound.multiplier.reason, /recursion_limit 9/);
  });

  it("bounds LangChain v1 create_agent by the limit it binds, and an agent without tools is one call", () => {
    const v1 = site(report, 'react_agents.py', 45);
    assert.equal(v1.model, 'claude-sonnet-4-5');
    assert.equal(v1.provider, 'anthropic');
    assert.equal(v1.multiplier.max, 5000);
    assert.match(v1.multiplier.reason, /factory\.py/);
    const plain = site(report, 'react_agents.py', 49);
    assert.equal(plain.model, 'gpt-4o-mini');
    assert.equal(plain.multiplier.max, 1, 'tools=[]: no loop');
  });

  it("reads a configurable model's model and output cap from with_config, and settings from a config class's factory", () => {
    // research/graph.py: init_chat_model(configurable_fields=…) set per node with with_config({…}).
    const brief = site(report, 'research/graph.py', 20);
    assert.equal(brief.model, 'gpt-4.1', 'Configuration.from_runnable_config(config).research_model is the class default');
    assert.equal(brief.provider, 'openai');
    assert.deepEqual(brief.outputCap, { tokens: 10000, param: 'max_tokens' });
    assert.ok(brief.usd, 'priced');
    // The config class is re-exported under its own name (`Configuration = Configuration`) and read through an identity helper.
    const section = site(report, 'research/graph.py', 28);
    assert.equal(section.model, 'claude-3-7-sonnet-latest');
    assert.equal(section.provider, 'anthropic');
    // with_config(configurable={"model": …}) sets the model too.
    const summary = site(report, 'research/graph.py', 33);
    assert.equal(summary.model, 'gpt-4.1-mini');
    const findings = report.findings.filter((f) => at({ path: f.path } as ReportCallSite, 'research/graph.py') && f.ruleId === 'missing-output-cap');
    assert.deepEqual(findings.map((f) => f.line).sort(), [28, 33], 'the node whose config sets max_tokens has a cap');
  });

  it('keeps agents and calls on LangChain fakes out of the bill', () => {
    for (const [file, line] of [['react_agents.py', 59], ['react_agents.py', 64], ['agents.ts', 45]] as const) {
      const s = site(report, file, line);
      assert.ok(s.testDouble, `${file}:${line} is a test double`);
      assert.equal(s.usd, null, `${file}:${line} has no price`);
    }
    assert.match(site(report, 'react_agents.py', 59).testDouble!, /FakeListChatModel/);
    assert.ok((report.totals.testDoubles ?? 0) >= 3, 'counted in the summary');
  });

  it('finds model calls inside StateGraph nodes and does not count the graph run', () => {
    assert.equal(site(report, 'state_graph.py', 34).model, 'claude-sonnet-4-5');
    assert.equal(site(report, 'state_graph.py', 37).model, 'gpt-4.1', 'self.tool_llm = self.llm.bind_tools(...)');
    assert.equal(site(report, 'state_graph.py', 40).model, 'gpt-4.1');
    assert.equal(report.callSites.filter((c) => at(c, 'state_graph.py') && c.line === 59).length, 0, 'graph.invoke is not a call site');
    assert.equal(report.callSites.filter((c) => at(c, 'react_agents.py') && c.line === 69).length, 0, 'a tool.invoke is not a call site');
  });

  it('prices LangChain embeddings as embeddings, on the class default when no model is given', () => {
    const docs = site(report, 'state_graph.py', 63);
    assert.equal(docs.operation, 'embedding');
    assert.equal(docs.model, 'text-embedding-3-small');
    assert.equal(docs.tokens.output, 0, 'an embedding has no output');
    const dflt = site(report, 'state_graph.py', 67);
    assert.equal(dflt.model, 'text-embedding-ada-002');
    assert.match(dflt.modelFrom ?? '', /OpenAIEmbeddings default model/, 'says the model is the default, and where it is read');
    const js = site(report, 'agents.ts', 40);
    assert.equal(js.operation, 'embedding');
    assert.equal(js.model, 'text-embedding-3-large');
  });

  it('prices what a LangChain vector store adds and each query it searches as embeddings, with the embeddings it was made with', () => {
    const py = `from langchain_core.vectorstores import InMemoryVectorStore, VectorStore
from langchain_openai import OpenAIEmbeddings
from langchain_chroma import Chroma
from langchain_community.vectorstores import FAISS

embeddings = OpenAIEmbeddings(model="text-embedding-3-large")
store = InMemoryVectorStore(embeddings)
chroma = Chroma(collection_name="docs", embedding_function=OpenAIEmbeddings(model="text-embedding-3-small"))
faiss = FAISS.from_documents(seed_docs, OpenAIEmbeddings(model="text-embedding-3-small"))


def index(docs):
    store.add_documents(docs)
    chroma.add_texts([d.page_content for d in docs])


def retrieve(question: str):
    return store.similarity_search(question, k=4) + faiss.max_marginal_relevance_search(question)


async def search(vector_store: VectorStore, query: str):
    return await vector_store.asimilarity_search(query, k=4)


class Index:
    def __init__(self, vector_store: VectorStore):
        self.vector_store = vector_store

    def load(self, chunks):
        self.vector_store.add_documents(chunks)
`;
    const x = extractIn({ 'rag.py': py }, 'rag.py');
    const byLine = (needle: string) => siteAt(x.callSites, lineOf(py, needle));
    for (const [needle, model] of [['store.add_documents', 'text-embedding-3-large'], ['chroma.add_texts', 'text-embedding-3-small'], ['store.similarity_search', 'text-embedding-3-large']] as const) {
      const c = byLine(needle);
      assert.equal(c.operation, 'embedding', needle);
      assert.equal(c.model.id, model, needle);
    }
    assert.equal(x.callSites.filter((c) => c.api === 'langchain.max_marginal_relevance_search')[0]?.model.id, 'text-embedding-3-small', 'a store from from_documents: its second argument');
    const param = byLine('vector_store.asimilarity_search');
    assert.equal(param.operation, 'embedding');
    assert.match(param.model.unresolvedReason ?? '', /`vector_store` is a vector store its caller makes/);
    const held = byLine('self.vector_store.add_documents');
    assert.equal(held.operation, 'embedding', 'a store the constructor keeps from a VectorStore parameter');
    const local = extractIn({ 'local.py': 'from langchain_huggingface import HuggingFaceEmbeddings\nfrom langchain_community.vectorstores import Chroma\n\nstore = Chroma.from_documents(docs, HuggingFaceEmbeddings(model_name="sentence-transformers/all-MiniLM-L6-v2"))\nhits = store.similarity_search("q")\n' }, 'local.py');
    assert.deepEqual(local.callSites.map((c) => c.api), [], 'sentence-transformers embed in the process: nothing is sent');
    const js = extractIn({ 'rag.ts': `import { MemoryVectorStore } from 'langchain/vectorstores/memory';\nimport { OpenAIEmbeddings } from '@langchain/openai';\n\nconst store = new MemoryVectorStore(new OpenAIEmbeddings({ model: 'text-embedding-3-small' }));\nexport async function ask(q: string) {\n  return store.similaritySearch(q, 3);\n}\n` }, 'rag.ts');
    assert.equal(js.callSites[0]?.operation, 'embedding');
    assert.equal(js.callSites[0]?.model.id, 'text-embedding-3-small');
  });

  it("prices a store's semantic index as embeddings (put and search, the store a node is handed too), not a put with index=False or a plain store", () => {
    for (const line of [11, 15, 19]) {
      const s = site(report, 'memory_store.py', line);
      assert.equal(s.operation, 'embedding', `memory_store.py:${line}`);
      assert.equal(s.model, 'text-embedding-3-small');
      assert.equal(s.provider, 'openai');
    }
    assert.deepEqual(report.callSites.filter((c) => at(c, 'memory_store.py') && c.line >= 23).map((c) => c.line), []);
  });

  it('reads JS createReactAgent / createAgent: llm objects (shorthand too), provider:model strings and recursionLimit', () => {
    const a = site(report, 'agents.ts', 26);
    assert.equal(a.model, 'claude-3-7-sonnet-latest');
    assert.equal(a.multiplier.max, 13, 'LangGraph.js default recursionLimit 25: 13 model calls');
    assert.match(a.multiplier.reason, /config\.ts:45/);
    const v1 = site(report, 'agents.ts', 30);
    assert.equal(v1.model, 'gpt-4o-mini');
    assert.equal(v1.multiplier.max, 6);
    assert.equal(site(report, 'agents.ts', 36).model, 'gpt-4.1');
    assert.equal(report.callSites.filter((c) => at(c, 'agents.ts') && c.line === 49).length, 0, 'a tool.invoke is not a call site');
  });

  it('resolves node models held on self, bound with tools, or imported from another module', async () => {
    const r = await scan('program/langgraph-nodes');
    assert.equal(site(r, 'app/graph.py', 24).model, 'claude-sonnet-4-5');
    assert.match(site(r, 'app/graph.py', 24).modelFrom ?? '', /app\/models\.py:3$/);
    assert.equal(site(r, 'app/graph.py', 27).model, 'gpt-4.1');
    assert.equal(site(r, 'app/graph.py', 30).model, 'gpt-4.1');
    assert.equal(r.callSites.filter((c) => at(c, 'app/graph.py') && c.sdk === 'langgraph').length, 0, 'the graph run is not a call site');
  });

  it('picks the recursion limit of the langgraph version in the lockfile (25 before 1.0.6, 10000 from 1.0.6)', async () => {
    const old = site(await scan('program/langgraph-versions/old'), 'agent.py', 15);
    assert.equal(old.multiplier.max, 13);
    assert.match(old.multiplier.reason, /recursion_limit 25 steps/);
    assert.match(old.multiplier.reason, /langgraph 0\.6\.7 in uv\.lock/);
    const recent = site(await scan('program/langgraph-versions/new'), 'agent.py', 15);
    assert.equal(recent.multiplier.max, 5000);
    assert.match(recent.multiplier.reason, /recursion_limit 10000 steps/);
    assert.match(recent.multiplier.reason, /langgraph 1\.0\.8 in uv\.lock/);
  });
});
