// LangChain's models called the pre-LCEL way, as 2023–2024 tutorials and Streamlit/Chainlit apps
// write them: the model called as a function (`llm(prompt)`, `chat(messages)`), `predict`,
// `predict_messages`, `call_as_llm`, `generate`/`agenerate` (one request per prompt), the legacy
// completion classes (`langchain.llms.OpenAI`) with their defaults by version, and the Anthropic
// SDK's legacy `anthropic.Client` with the Text Completions API.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, siteAt } from './workspace';

const app = `from langchain.llms import OpenAI
from langchain.chat_models import ChatOpenAI
from langchain.schema import HumanMessage, SystemMessage


def quickstart(q):
    llm = OpenAI(temperature=0.7)
    return llm(q)  # llm called


def outline(topic):
    llm = OpenAI(model_name="text-davinci-003", max_tokens=500)
    return llm.predict(f"Write an outline for a blog about {topic}.")  # predict


def ask(q):
    chat = ChatOpenAI(model_name="gpt-4", temperature=0)
    return chat([SystemMessage(content="You are a terse assistant."), HumanMessage(content=q)])  # chat called


def ask_messages(q):
    return ChatOpenAI().predict_messages([HumanMessage(content=q)])  # predict_messages


def ask_text(q):
    return ChatOpenAI(model="gpt-4o-mini").call_as_llm(q)  # call_as_llm


def twice(q):
    return OpenAI().generate([q, "Say it again: " + q])  # generate


async def many(a, b, c):
    chat = ChatOpenAI(model="gpt-4o")
    return await chat.agenerate([[HumanMessage(content=a)], [HumanMessage(content=b)], [HumanMessage(content=c)]])  # agenerate


async def later(q):
    return await ChatOpenAI(model="gpt-4o").apredict(q)  # apredict


class Bot:
    def __init__(self):
        self.llm = OpenAI(model_name="gpt-3.5-turbo-instruct")

    def reply(self, q):
        return self.llm(q)  # self.llm called


def not_a_model(q):
    render = str.upper
    return render(q)  # plain callable
`;

describe('LangChain models called the pre-LCEL way', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('takes a model object called as a function (`llm(q)`, `chat(messages)`, `self.llm(q)`) as a call on its model', () => {
    const sites = extractIn({ 'app.py': app }, 'app.py').callSites;
    const llm = siteAt(sites, lineOf(app, '# llm called'));
    assert.equal(llm.sdk, 'langchain');
    assert.equal(llm.provider, 'openai');
    assert.equal(llm.api, 'langchain.__call__');
    const chat = siteAt(sites, lineOf(app, '# chat called'));
    assert.equal(chat.model.id, 'gpt-4');
    assert.ok(chat.parts.some((p) => p.role === 'system' && /terse assistant/.test(p.text)), 'the messages are the prompt');
    assert.equal(siteAt(sites, lineOf(app, '# self.llm called')).model.id, 'gpt-3.5-turbo-instruct');
  });

  it('takes predict, predict_messages, call_as_llm and apredict as calls on the model', () => {
    const sites = extractIn({ 'app.py': app }, 'app.py').callSites;
    const predict = siteAt(sites, lineOf(app, '# predict'));
    assert.equal(predict.model.id, 'text-davinci-003');
    assert.equal(predict.outputCap?.tokens, 500);
    assert.ok(predict.parts.some((p) => /outline for a blog/.test(p.text)));
    assert.equal(siteAt(sites, lineOf(app, '# predict_messages')).api, 'langchain.predict_messages');
    assert.equal(siteAt(sites, lineOf(app, '# call_as_llm')).model.id, 'gpt-4o-mini');
    assert.equal(siteAt(sites, lineOf(app, '# apredict')).model.id, 'gpt-4o');
  });

  it('counts generate/agenerate as one request per prompt or message list given', () => {
    const sites = extractIn({ 'app.py': app }, 'app.py').callSites;
    const gen = siteAt(sites, lineOf(app, '# generate'));
    assert.equal(gen.multiplier.expected, 2);
    assert.match(gen.multiplier.reason, /one request per prompt/);
    const agen = siteAt(sites, lineOf(app, '# agenerate'));
    assert.equal(agen.multiplier.expected, 3);
    assert.equal(agen.model.id, 'gpt-4o');
  });

  it('is no call site on a callable that is not a LangChain model', () => {
    const sites = extractIn({ 'app.py': app }, 'app.py').callSites;
    assert.equal(sites.find((s) => s.line === lineOf(app, '# plain callable')), undefined);
  });

  it("prices a completion class made without a model on its version's default (text-davinci-003 before langchain 0.1, gpt-3.5-turbo-instruct after; max_tokens 256)", () => {
    const old = extractIn({ 'app.py': app, 'requirements.txt': 'langchain==0.0.300\n' }, 'app.py').callSites;
    const o = siteAt(old, lineOf(app, '# llm called'));
    assert.equal(o.model.id, 'text-davinci-003');
    assert.match(o.model.from ?? '', /langchain 0\.0\.300/);
    assert.equal(o.outputCap?.tokens, 256);
    const now = extractIn({ 'app.py': app, 'requirements.txt': 'langchain==0.1.20\n' }, 'app.py').callSites;
    assert.equal(siteAt(now, lineOf(app, '# llm called')).model.id, 'gpt-3.5-turbo-instruct');
    // ChatOpenAI() without a model: gpt-3.5-turbo.
    assert.equal(siteAt(now, lineOf(app, '# predict_messages')).model.id, 'gpt-3.5-turbo');
  });

  it("takes langchain_openai's OpenAI for LangChain's completion model, not the OpenAI SDK's client; LlamaIndex's and the SDK's OpenAI stay theirs", () => {
    const py = `from langchain_openai import OpenAI
import openai


def lc(q):
    return OpenAI().invoke(q)  # langchain_openai


def sdk(q):
    client = openai.OpenAI()
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])  # sdk
`;
    const li = `from llama_index.llms.openai import OpenAI


def li(q):
    return OpenAI(model="gpt-4o-mini").complete(q)  # llama_index
`;
    const sites = extractIn({ 'lc.py': py }, 'lc.py').callSites;
    const lc = siteAt(sites, lineOf(py, '# langchain_openai'));
    assert.equal(lc.sdk, 'langchain');
    assert.equal(lc.model.id, 'gpt-3.5-turbo-instruct');
    assert.equal(lc.outputCap?.tokens, 256);
    assert.equal(siteAt(extractIn({ 'li.py': li }, 'li.py').callSites, lineOf(li, '# llama_index')).sdk, 'llamaindex');
    assert.equal(siteAt(sites, lineOf(py, '# sdk')).sdk, 'openai');
  });

  it('takes a local LangChain LLM (Ollama, HuggingFacePipeline) for a self-hosted model, and runs a legacy chain (LLMChain.arun) on a completion model', () => {
    const py = `from langchain.llms import Ollama, OpenAI
from langchain.chains import LLMChain
from langchain.prompts import PromptTemplate

local = Ollama(model="llama2")
chain = LLMChain(llm=OpenAI(model_name="gpt-3.5-turbo-instruct"), prompt=PromptTemplate.from_template("Name a {thing}."))


def here(q):
    return local(q)  # ollama


async def there(thing):
    return await chain.arun(thing=thing)  # chain
`;
    const sites = extractIn({ 'local.py': py }, 'local.py').callSites;
    const here = siteAt(sites, lineOf(py, '# ollama'));
    assert.match(here.selfHosted ?? '', /Ollama/);
    assert.equal(here.model.id, 'llama2');
    assert.equal(siteAt(sites, lineOf(py, '# chain')).model.id, 'gpt-3.5-turbo-instruct');
  });

  it('reads a prompt a PromptTemplate formats (`llm(prompt.format(topic=t))`) as its template with the variables as placeholders', () => {
    const py = `from langchain.llms import OpenAI
from langchain.prompts import PromptTemplate


def blog_outline(topic):
    llm = OpenAI(model_name="gpt-3.5-turbo-instruct")
    template = "As an experienced data scientist and technical writer, generate an outline for a blog about {topic}."
    prompt = PromptTemplate(input_variables=["topic"], template=template)
    prompt_query = prompt.format(topic=topic)
    return llm(prompt_query)  # formatted
`;
    const s = siteAt(extractIn({ 'outline.py': py }, 'outline.py').callSites, lineOf(py, '# formatted'));
    assert.ok(s.parts.some((p) => /experienced data scientist/.test(p.text)), 'the template text is the prompt');
    assert.ok(s.parts.some((p) => p.dynamic?.name === 'topic'), 'topic is a placeholder');
  });

  it("reads the Anthropic SDK's legacy `anthropic.Client` and the Text Completions API (max_tokens_to_sample caps the output)", () => {
    const py = `import anthropic


def answer(key, article, question):
    prompt = f"{anthropic.HUMAN_PROMPT} Here's an article:\\n\\n<article>{article}</article>\\n\\n{question}{anthropic.AI_PROMPT}"
    client = anthropic.Client(api_key=key)
    return client.completions.create(prompt=prompt, stop_sequences=[anthropic.HUMAN_PROMPT], model="claude-v1", max_tokens_to_sample=100)  # text completion
`;
    const s = siteAt(extractIn({ 'qa.py': py }, 'qa.py').callSites, lineOf(py, '# text completion'));
    assert.equal(s.provider, 'anthropic');
    assert.equal(s.api, 'completions');
    assert.equal(s.model.id, 'claude-v1');
    assert.equal(s.outputCap?.tokens, 100);
    assert.ok(s.parts.some((p) => /Here's an article/.test(p.text)));
  });
});
