// LangChain chat models beyond the classes listed by name: any partner package's `Chat…` class
// (langchain_nvidia_ai_endpoints, langchain_ibm…), held by a workspace class that another file
// builds, and a model rebound to its tool-bound copy (`model = model.bind_tools(tools)`).
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, siteAt } from './workspace';

const files: Record<string, string> = {
  // As the NVIDIA AI Endpoints docs write it.
  'app/nim.py': `from langchain_nvidia_ai_endpoints import ChatNVIDIA
from langchain_ibm import ChatWatsonx
from langchain_core.prompts import ChatPromptTemplate

llm = ChatNVIDIA(model="meta/llama-3.1-8b-instruct", temperature=0.2)
watsonx = ChatWatsonx(model_id="ibm/granite-3-8b-instruct", project_id="PROJECT_ID")
prompt = ChatPromptTemplate.from_messages([("system", "You are terse."), ("user", "{question}")])


def ask(question):
    return llm.invoke(question)  # nvidia


def ask_watsonx(question):
    return watsonx.invoke([("human", question)])  # watsonx


def fill(question):
    return prompt.invoke({"question": question})  # a prompt, no model
`,
  // A wrapper class holds the model; another module builds it.
  'app/wrapper.py': `from langchain_nvidia_ai_endpoints import ChatNVIDIA


class NimLLM:
    def __init__(self, llm: ChatNVIDIA, temperature: float = 0.0):
        self.llm = llm
        self.temperature = temperature

    def call(self, messages):
        params = {"input": messages, "temperature": self.temperature}
        return self.llm.invoke(**params).content  # wrapped
`,
  'app/crew.py': `import os
from langchain_nvidia_ai_endpoints import ChatNVIDIA
from app.wrapper import NimLLM

model = os.getenv("MODEL", "meta/llama-3.1-70b-instruct")
default_llm = NimLLM(llm=ChatNVIDIA(model=model))
`,
  // A LangGraph agent node, as the agentic RAG tutorial writes it.
  'app/graph.py': `from langchain_openai import ChatOpenAI
from app.tools import tools


def agent(state):
    model = ChatOpenAI(temperature=0, streaming=True, model="gpt-4o")
    model = model.bind_tools(tools)
    response = model.invoke(state["messages"])  # node
    return {"messages": [response]}
`,
  'app/tools.py': 'tools = []\n',
  // A provider factory whose partner class gets its model through **kwargs.
  'app/factory.py': `class Provider:
    def __init__(self, llm):
        self.llm = llm

    @classmethod
    def make(cls, **kwargs):
        from langchain_netmind import ChatNetmind
        llm = ChatNetmind(**kwargs)
        return cls(llm)

    def respond(self, messages):
        return self.llm.invoke(messages)  # factory
`,
};

describe('LangChain chat models of any partner package', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('takes a `Chat…` class of a langchain_* partner package given a model as a chat model', () => {
    const sites = extractIn(files, 'app/nim.py').callSites;
    const nim = siteAt(sites, lineOf(files['app/nim.py'], '# nvidia'));
    assert.equal(nim.model.id, 'meta/llama-3.1-8b-instruct');
    assert.equal(nim.api, 'langchain.invoke');
    assert.equal(siteAt(sites, lineOf(files['app/nim.py'], '# watsonx')).model.id, 'ibm/granite-3-8b-instruct');
  });

  it('takes a partner class given splatted arguments (`ChatNetmind(**kwargs)` in a provider factory) as a chat model', () => {
    const text = files['app/factory.py'];
    const s = siteAt(extractIn(files, 'app/factory.py').callSites, lineOf(text, '# factory'));
    assert.equal(s.sdk, 'langchain');
  });

  it('reads the chat model a provider class keeps from its constructor (`cls(llm)` in a factory, then `provider.llm` in a chain)', () => {
    const py = `from langchain_core.prompts import ChatPromptTemplate
from langchain_core.output_parsers import StrOutputParser


class Provider:
    def __init__(self, llm, verbose: bool = True):
        self.llm = llm
        self.verbose = verbose

    @classmethod
    def from_provider(cls, provider: str, **kwargs):
        if provider == "openai":
            from langchain_openai import ChatOpenAI
            llm = ChatOpenAI(**kwargs)
        else:
            raise ValueError(provider)
        return cls(llm)


async def summarize(text: str):
    provider = Provider.from_provider("openai", model="gpt-4.1-mini", max_tokens=300)
    chain = ChatPromptTemplate.from_template("Summarize: {text}") | provider.llm | StrOutputParser()
    return await chain.ainvoke({"text": text})
`;
    const x = extractIn({ 'prov.py': py }, 'prov.py');
    const c = siteAt(x.callSites, lineOf(py, 'chain.ainvoke'));
    assert.equal(c.model.id, 'gpt-4.1-mini');
    assert.equal(c.outputCap?.tokens, 300);
  });

  it('does not take a prompt template (`ChatPromptTemplate`) for a model', () => {
    const sites = extractIn(files, 'app/nim.py').callSites;
    assert.equal(sites.find((s) => s.line === lineOf(files['app/nim.py'], '# a prompt')), undefined);
  });

  it('follows `self.llm` to the model another module passes to the constructor', () => {
    const s = siteAt(extractIn(files, 'app/wrapper.py').callSites, lineOf(files['app/wrapper.py'], '# wrapped'));
    assert.equal(s.model.id, 'meta/llama-3.1-70b-instruct');
  });

  it('reads `model = model.bind_tools(tools)` as the model assigned before', () => {
    const s = siteAt(extractIn(files, 'app/graph.py').callSites, lineOf(files['app/graph.py'], '# node'));
    assert.equal(s.model.id, 'gpt-4o');
  });
  it('runs a legacy AgentExecutor (create_openai_tools_agent, initialize_agent, a pandas agent, an LCEL agent) on its llm, up to max_iterations (15 by default)', () => {
    const text = `from langchain.agents import AgentExecutor, AgentType, create_openai_tools_agent, initialize_agent
from langchain.agents.format_scratchpad.openai_tools import format_to_openai_tool_messages
from langchain.agents.output_parsers.openai_tools import OpenAIToolsAgentOutputParser
from langchain_anthropic import ChatAnthropic
from langchain_community.tools import DuckDuckGoSearchRun
from langchain_core.prompts import ChatPromptTemplate
from langchain_experimental.agents import create_pandas_dataframe_agent
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)
tools = [DuckDuckGoSearchRun()]
prompt = ChatPromptTemplate.from_messages([("system", "You are a helpful research assistant. Cite your sources."), ("human", "{input}"), ("placeholder", "{agent_scratchpad}")])
agent = create_openai_tools_agent(llm, tools, prompt)
agent_executor = AgentExecutor(agent=agent, tools=tools, max_iterations=6)
legacy = initialize_agent(tools, ChatAnthropic(model="claude-haiku-4-5"), agent=AgentType.ZERO_SHOT_REACT_DESCRIPTION)
lcel = {"input": lambda x: x["input"], "agent_scratchpad": lambda x: format_to_openai_tool_messages(x["intermediate_steps"])} | prompt | llm.bind_tools(tools) | OpenAIToolsAgentOutputParser()
lcel_executor = AgentExecutor(agent=lcel, tools=tools)


def research(q):
    return agent_executor.invoke({"input": q})  # tools agent


def old(q):
    return legacy.run(q)  # initialize_agent


def table(df, q):
    return create_pandas_dataframe_agent(ChatOpenAI(model="gpt-4o"), df, allow_dangerous_code=True).invoke(q)  # pandas agent


def chained(q):
    return lcel_executor.invoke({"input": q})  # lcel agent
`;
    const sites = extractIn({ 'agents.py': text }, 'agents.py').callSites;
    const tools = siteAt(sites, lineOf(text, '# tools agent'));
    assert.equal(tools.model.id, 'gpt-4o-mini');
    assert.equal(tools.operation, 'agent-run');
    assert.equal(tools.multiplier.cap, 6);
    assert.ok(tools.parts.some((p) => p.role === 'system' && /research assistant/.test(p.text)), 'the agent prompt');
    const old = siteAt(sites, lineOf(text, '# initialize_agent'));
    assert.equal(old.model.id, 'claude-haiku-4-5');
    assert.equal(old.multiplier.cap, 15);
    assert.match(old.multiplier.reason, /max_iterations/);
    assert.equal(siteAt(sites, lineOf(text, '# pandas agent')).model.id, 'gpt-4o');
    assert.equal(siteAt(sites, lineOf(text, '# lcel agent')).model.id, 'gpt-4o-mini');
  });
  it("runs LangChain's legacy chains on their llm with the requests their chain type makes (LLMChain, RetrievalQA, ConversationalRetrievalChain, load_summarize_chain, create_retrieval_chain, a chain called as a function)", () => {
    const text = `from langchain.chains import ConversationalRetrievalChain, LLMChain, RetrievalQA, create_retrieval_chain
from langchain.chains.combine_documents import create_stuff_documents_chain
from langchain.chains.summarize import load_summarize_chain
from langchain.prompts import PromptTemplate
from langchain_community.vectorstores import FAISS
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI, OpenAIEmbeddings

llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)
prompt = PromptTemplate(input_variables=["topic"], template="Write a haiku about {topic}.")
haiku_chain = LLMChain(llm=llm, prompt=prompt)
db = FAISS.load_local("index", OpenAIEmbeddings(model="text-embedding-3-small"))
qa = RetrievalQA.from_chain_type(llm=ChatOpenAI(model="gpt-4o"), chain_type="map_reduce", retriever=db.as_retriever(search_kwargs={"k": 6}))
conv = ConversationalRetrievalChain.from_llm(llm, db.as_retriever())
answer_prompt = ChatPromptTemplate.from_messages([("system", "Answer only from this context: {context}"), ("human", "{input}")])
rag = create_retrieval_chain(db.as_retriever(), create_stuff_documents_chain(llm, answer_prompt))


def haiku(t):
    return haiku_chain.run(topic=t)  # llmchain


def ask(q):
    return qa.invoke({"query": q})  # map_reduce qa


def chat(q, history):
    return conv({"question": q, "chat_history": history})  # called as a function


def summarize(docs):
    return load_summarize_chain(llm, chain_type="refine").run(docs)  # refine


def answer(q):
    return rag.invoke({"input": q})  # retrieval chain
`;
    const sites = extractIn({ 'chains.py': text }, 'chains.py').callSites;
    const at = (m: string) => siteAt(sites, lineOf(text, m));
    const h = at('# llmchain');
    assert.equal(h.model.id, 'gpt-4o-mini');
    assert.ok(h.parts.some((p) => /Write a haiku/.test(p.text)), 'the PromptTemplate');
    assert.equal(h.multiplier.expected, 1);
    const q = at('# map_reduce qa');
    assert.equal(q.model.id, 'gpt-4o');
    assert.equal(q.multiplier.expected, 7, 'one request per document (k=6) and one to combine');
    assert.ok(q.parts.some((p) => p.dynamic?.kind === 'retrieved-documents'));
    assert.equal(at('# called as a function').multiplier.expected, 2, 'rephrase, then answer');
    assert.equal(at('# refine').multiplier.expected, 4);
    assert.match(at('# refine').multiplier.reason, /assumed/);
    const r = at('# retrieval chain');
    assert.equal(r.model.id, 'gpt-4o-mini');
    assert.ok(r.parts.some((p) => /Answer only from this context/.test(p.text)), 'the documents chain\'s prompt');
  });
  it("prices a ContextualCompressionRetriever's retrieval: an LLM extractor once per retrieved document, an embeddings filter as an embedding on its embeddings' model (also handed to asyncio.to_thread)", () => {
    const text = `import asyncio

from langchain.retrievers import ContextualCompressionRetriever
from langchain.retrievers.document_compressors import DocumentCompressorPipeline, EmbeddingsFilter, LLMChainExtractor
from langchain_community.vectorstores import FAISS
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

embeddings = OpenAIEmbeddings(model="text-embedding-3-small")
db = FAISS.load_local("index", embeddings)
extractor = ContextualCompressionRetriever(base_compressor=LLMChainExtractor.from_llm(ChatOpenAI(model="gpt-4o-mini")), base_retriever=db.as_retriever(search_kwargs={"k": 5}))


class Compressor:
    def __init__(self, embeddings):
        self.embeddings = embeddings

    def _retriever(self):
        relevance_filter = EmbeddingsFilter(embeddings=self.embeddings, similarity_threshold=0.4)
        pipeline = DocumentCompressorPipeline(transformers=[RecursiveCharacterTextSplitter(chunk_size=1000), relevance_filter])
        return ContextualCompressionRetriever(base_compressor=pipeline, base_retriever=db.as_retriever())

    async def context(self, query):
        retriever = self._retriever()
        return await asyncio.to_thread(retriever.invoke, query)  # embeddings filter


def extract(q):
    return extractor.invoke(q)  # llm extractor


async def main(q):
    return await Compressor(OpenAIEmbeddings(model="text-embedding-3-large")).context(q)
`;
    const sites = extractIn({ 'rag.py': text }, 'rag.py').callSites;
    const llm = siteAt(sites, lineOf(text, '# llm extractor'));
    assert.equal(llm.model.id, 'gpt-4o-mini');
    assert.equal(llm.multiplier.expected, 5, 'one request per retrieved document (k=5)');
    const emb = siteAt(sites, lineOf(text, '# embeddings filter'));
    assert.equal(emb.operation, 'embedding');
    assert.equal(emb.model.id, 'text-embedding-3-large', 'the embeddings the class was made with');
  });
});
