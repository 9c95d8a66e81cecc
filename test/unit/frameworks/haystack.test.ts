// Haystack (deepset): a pipeline's run is a call site on the model of its chat generator (read where
// the pipeline is built), with the prompt of the PromptBuilder that feeds it; generators, embedders
// and the Agent run directly are call sites at the run; OpenAI components without a model take the default of the Haystack version
// the workspace pins. Written in the style of Haystack's own tutorials and cookbook.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const rag = `from haystack import Pipeline
from haystack.components.builders import ChatPromptBuilder
from haystack.components.embedders import SentenceTransformersTextEmbedder
from haystack.components.generators.chat import OpenAIChatGenerator
from haystack.components.retrievers.in_memory import InMemoryEmbeddingRetriever
from haystack.dataclasses import ChatMessage

from store import document_store

template = [
    ChatMessage.from_system("You answer questions about the product manual. Cite the section you used."),
    ChatMessage.from_user(
        """
Given these documents, answer the question.
Documents:
{% for doc in documents %}
    {{ doc.content }}
{% endfor %}
Question: {{question}}
Answer:
"""
    ),
]

rag_pipeline = Pipeline()
rag_pipeline.add_component("text_embedder", SentenceTransformersTextEmbedder(model="sentence-transformers/all-MiniLM-L6-v2"))  # local embedder
rag_pipeline.add_component("retriever", InMemoryEmbeddingRetriever(document_store))
rag_pipeline.add_component("prompt_builder", ChatPromptBuilder(template=template))
rag_pipeline.add_component(name="llm", instance=OpenAIChatGenerator(model="gpt-4o-mini", generation_kwargs={"max_tokens": 300}))  # the generator
rag_pipeline.connect("text_embedder.embedding", "retriever.query_embedding")
rag_pipeline.connect("retriever", "prompt_builder")
rag_pipeline.connect("prompt_builder.prompt", "llm.messages")


def answer(question):
    result = rag_pipeline.run({"text_embedder": {"text": question}, "prompt_builder": {"question": question}})  # the run
    return result["llm"]["replies"][0].text
`;

const agent = `from haystack.components.agents import Agent
from haystack.dataclasses import ChatMessage
from haystack.tools import Tool
from haystack_integrations.components.generators.anthropic import AnthropicChatGenerator
from haystack_integrations.components.generators.ollama import OllamaChatGenerator


def lookup(city: str) -> str:
    return "sunny"


weather = Tool(name="weather", description="Weather in a city", parameters={"type": "object", "properties": {"city": {"type": "string"}}}, function=lookup)

agent = Agent(
    chat_generator=AnthropicChatGenerator(model="claude-sonnet-4-5"),
    system_prompt="You are a travel assistant. Use the weather tool before recommending a trip.",
    tools=[weather],
)
short = Agent(chat_generator=AnthropicChatGenerator(model="claude-haiku-4-5"), tools=[weather], max_agent_steps=5)
local = OllamaChatGenerator(model="llama3.2")


def plan(city):
    return agent.run(messages=[ChatMessage.from_user(f"Should I visit {city} this weekend?")])  # agent run


def plan_quickly(city):
    return short.run(messages=[ChatMessage.from_user(city)])  # bounded agent


def offline(city):
    return local.run(messages=[ChatMessage.from_user(city)])  # ollama
`;

const defaults = `from haystack.components.embedders import OpenAITextEmbedder
from haystack.components.generators.chat import OpenAIChatGenerator
from haystack.components.generators.chat.mock import MockChatGenerator
from haystack.dataclasses import ChatMessage

generator = OpenAIChatGenerator()
embedder = OpenAITextEmbedder()
fake = MockChatGenerator()


def reply(text):
    return generator.run(messages=[ChatMessage.from_user(text)])  # default model


def embed(text):
    return embedder.run(text=text)  # default embedder


def canned(text):
    return fake.run(messages=[ChatMessage.from_user(text)])  # mock
`;

describe('frameworks: Haystack', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it("prices a pipeline's run on its generator's model, with the ChatPromptBuilder's template and retrieved documents; adding components is no call", async () => {
    const files = { 'requirements.txt': 'haystack-ai==2.26.0\n', 'app.py': rag, 'store.py': 'from haystack.document_stores.in_memory import InMemoryDocumentStore\n\ndocument_store = InMemoryDocumentStore()\n' };
    const r = await scanFiles(files);
    const s = siteAt(r, files, 'app.py', '# the run');
    assert.equal(s.sdk, 'haystack');
    assert.equal(s.model, 'gpt-4o-mini');
    assert.equal(s.provider, 'openai');
    assert.equal(s.tokens.output, 300, 'generation_kwargs max_tokens is the output cap');
    assertPriced(s);
    assert.ok(s.tokens.staticInput >= 20, `the template's text is counted (${s.tokens.staticInput} static tokens)`);
    assert.ok(s.tokens.input > s.tokens.staticInput + 1000, `the documents loop is retrieved context (${s.tokens.input} tokens in)`);
    noSiteAt(r, files, 'app.py', '# the generator');
    noSiteAt(r, files, 'app.py', '# local embedder');
    assert.equal(r.tasks.find((t) => t.callSites?.includes(s.key))?.name, 'answer', 'the task is the function that runs the pipeline');
  });

  it('reads a pipeline built by a function of another module, and counts each of several generators once a run', async () => {
    const files = {
      'requirements.txt': 'haystack-ai==2.26.0\n',
      'pipelines.py': `from haystack import Pipeline
from haystack.components.builders import PromptBuilder
from haystack.components.generators import OpenAIGenerator


def build_pipeline():
    pipe = Pipeline()
    pipe.add_component("rewriter_prompt", PromptBuilder(template="Rewrite the question for search: {{question}}"))
    pipe.add_component("rewriter", OpenAIGenerator(model="gpt-4o-mini"))
    pipe.add_component("answer_prompt", PromptBuilder(template="Answer briefly: {{question}}"))
    pipe.add_component("answerer", OpenAIGenerator(model="gpt-4o-mini"))
    pipe.connect("rewriter_prompt", "rewriter")
    pipe.connect("answer_prompt", "answerer")
    return pipe
`,
      'api.py': `from pipelines import build_pipeline

pipeline = build_pipeline()


def handle(question):
    return pipeline.run({"rewriter_prompt": {"question": question}, "answer_prompt": {"question": question}})  # two generators
`,
    };
    const r = await scanFiles(files);
    const s = siteAt(r, files, 'api.py', '# two generators');
    assert.equal(s.model, 'gpt-4o-mini');
    assert.equal(s.multiplier.expected, 2);
    assert.match(s.multiplier.reason, /2 generators in the pipeline \(rewriter, answerer\)/);
    assert.ok(s.tokens.staticInput >= 5, 'the prompt builder that feeds the first generator');
  });

  it('runs an Agent on its chat generator, with its system prompt and tools, up to max_agent_steps (100 by default); Ollama is self-hosted', async () => {
    const files = { 'requirements.txt': 'haystack-ai==2.26.0\nanthropic-haystack==3.1.0\n', 'travel.py': agent };
    const r = await scanFiles(files);
    const s = siteAt(r, files, 'travel.py', '# agent run');
    assert.equal(s.operation, 'agent-run');
    assert.equal(s.model, 'claude-sonnet-4-5');
    assert.equal(s.provider, 'anthropic');
    assert.equal(s.multiplier.cap, 100);
    assert.match(s.multiplier.reason, /max_agent_steps/);
    assert.equal(s.multiplier.expected, 3, 'an agent with tools: 1 + 2 tool rounds expected, not its cap');
    assertPriced(s);
    assert.equal(siteAt(r, files, 'travel.py', '# bounded agent').multiplier.cap, 5);
    const local = siteAt(r, files, 'travel.py', '# ollama');
    assert.equal(local.model, 'llama3.2');
    assert.match(local.selfHosted ?? '', /Ollama/);
  });

  it("takes Haystack's default model for the pinned version (gpt-5-mini from 2.21, gpt-4o-mini before), embeddings on ada-002, and keeps MockChatGenerator out", async () => {
    const newer = { 'requirements.txt': 'haystack-ai==2.26.0\n', 'bot.py': defaults };
    const older = { 'requirements.txt': 'haystack-ai==2.10.3\n', 'bot.py': defaults };
    const a = await scanFiles(newer);
    const b = await scanFiles(older);
    assert.equal(siteAt(a, newer, 'bot.py', '# default model').model, 'gpt-5-mini');
    assert.equal(siteAt(b, older, 'bot.py', '# default model').model, 'gpt-4o-mini');
    assert.match(siteAt(b, older, 'bot.py', '# default model').modelFrom ?? '', /2\.10\.3/);
    const e = siteAt(a, newer, 'bot.py', '# default embedder');
    assert.equal(e.operation, 'embedding');
    assert.equal(e.model, 'text-embedding-ada-002');
    assert.equal(e.tokens.output, 0);
    const mock = siteAt(a, newer, 'bot.py', '# mock');
    assert.ok(mock.testDouble, 'a test double');
    assert.equal(mock.usd, null);
  });

  it('a Pipeline or Agent of another library is not Haystack', async () => {
    const files = {
      'flow.py': 'from my_lib import Pipeline, OpenAIChatGenerator\n\np = Pipeline()\np.add_component("llm", OpenAIChatGenerator(model="gpt-4o"))  # not haystack\n',
      'my_lib.py': 'class Pipeline:\n    def add_component(self, name, c):\n        pass\n\n\nclass OpenAIChatGenerator:\n    def __init__(self, model):\n        self.model = model\n',
    };
    noSiteAt(await scanFiles(files), files, 'flow.py', '# not haystack');
  });
});
