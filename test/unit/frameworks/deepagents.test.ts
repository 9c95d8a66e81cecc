// LangChain deep agents (`deepagents.create_deep_agent`) and agents a langgraph.json deploys, in the
// style of the deepagents examples (libs/deepagents README, examples/deep_research): a deep agent
// always has tools (files, shell, to-dos, sub-agents) and sends deepagents' own prompts with each
// request; without a model it runs deepagents' default Claude model of the installed version; an
// agent that only a langgraph.json serves (`langgraph dev`, LangGraph Platform) is one run per request.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const research = `from deepagents import create_deep_agent
from langchain.chat_models import init_chat_model


def internet_search(query: str) -> str:
    """Run a web search."""
    return query


research_sub_agent = {
    "name": "research-agent",
    "description": "Delegate research to the sub-agent researcher.",
    "system_prompt": "You are a dedicated researcher.",
    "tools": [internet_search],
}

model = init_chat_model(model="anthropic:claude-sonnet-4-5-20250929", temperature=0.0)

agent = create_deep_agent(  # deployed
    model=model,
    tools=[internet_search],
    system_prompt="You are an expert researcher. Write a polished report.",
    subagents=[research_sub_agent],
)

default_agent = create_deep_agent(tools=[internet_search], system_prompt="Answer briefly.")  # not deployed


def ask(question: str):
    return default_agent.invoke({"messages": [{"role": "user", "content": question}]})  # default model
`;

const react = `from langchain.agents import create_agent


def lookup(order_id: str) -> str:
    """Look an order up."""
    return order_id


graph = create_agent("openai:gpt-4.1", tools=[lookup], system_prompt="You answer order questions.")  # react deployed
helper = create_agent("openai:gpt-4.1-mini", tools=[lookup])  # not listed
`;

const langgraphJson = JSON.stringify({ dependencies: ['.'], graphs: { research: './agent.py:agent', orders: './orders.py:graph' } });

const managed = `from managed_deepagents import define_deep_agent

agent = define_deep_agent(  # managed
    name="docs_agent",
    model="google_genai:gemini-2.5-flash-lite",
    tools=[],
)
`;

describe('frameworks: deep agents and agents a langgraph.json deploys', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('an agent a langgraph.json deploys is one run per request; one it does not list, and no code runs, is not a call', async () => {
    const files = { 'langgraph.json': langgraphJson, 'agent.py': research, 'orders.py': react, 'requirements.txt': 'deepagents==0.7.8\nlangchain==1.4.2\n' };
    const r = await scanFiles(files);
    const deep = siteAt(r, files, 'agent.py', '# deployed');
    assert.equal(deep.model, 'claude-sonnet-4-5-20250929');
    assert.equal(deep.operation, 'agent-run');
    assertPriced(deep);
    // deepagents' own tool descriptions and prompt (1,648 tokens measured) come with every request, on
    // top of the code's prompt and the steps so far (1,500 assumed).
    assert.equal(deep.tokens.dynamicInput, 1648 + 1500);
    // A deep agent always has tools: a loop expected modestly, bounded by the limit it binds.
    assert.ok(deep.multiplier.expected > 1 && deep.multiplier.expected <= 3, `expected ${deep.multiplier.expected}`);
    assert.match(deep.multiplier.reason, /recursion_limit 9999 steps.*create_deep_agent binds.*deepagents 0\.7\.8 in requirements\.txt/);
    const orders = siteAt(r, files, 'orders.py', '# react deployed');
    assert.equal(orders.model, 'gpt-4.1');
    const task = r.tasks.find((t) => t.callSites.includes(deep.key));
    assert.ok(task, 'the deployed agent has a task');
    noSiteAt(r, files, 'orders.py', '# not listed');
    noSiteAt(r, files, 'agent.py', '# not deployed');
  });

  it("a deep agent made without a model runs deepagents' default Claude model of the installed version", async () => {
    const newer = { 'agent.py': research, 'requirements.txt': 'deepagents==0.7.8\n' };
    const older = { 'agent.py': research, 'requirements.txt': 'deepagents==0.3.1\n' };
    const s = siteAt(await scanFiles(newer), newer, 'agent.py', '# default model');
    assert.equal(s.model, 'claude-sonnet-4-6');
    assert.equal(s.provider, 'anthropic');
    assert.match(s.modelFrom ?? '', /the deepagents default model \(deepagents 0\.7\.8 in requirements\.txt/);
    assertPriced(s);
    const o = siteAt(await scanFiles(older), older, 'agent.py', '# default model');
    assert.equal(o.model, 'claude-sonnet-4-5-20250929');
    assert.match(o.multiplier.reason, /recursion_limit 1000 steps/);
  });

  it('a Managed Deep Agent definition is served by its runtime: one run per request on the model it names', async () => {
    const files = { 'agent.py': managed };
    const s = siteAt(await scanFiles(files), files, 'agent.py', '# managed');
    assert.equal(s.model, 'gemini-2.5-flash-lite');
    assert.equal(s.provider, 'google');
    assertPriced(s);
  });
});
