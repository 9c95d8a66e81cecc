// browser-use (issue 14): `Agent(task=…, llm=…).run()` is an agent run on the llm's model, up to
// max_steps (the run's, else the default of the browser-use version the workspace pins); the llm is a
// LangChain chat model or one of browser-use's own chat classes.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const files: Record<string, string> = {
  'requirements.txt': 'browser-use==0.1.40\nlangchain-openai==0.3.1\n',
  'research.py': `import asyncio

from browser_use import Agent
from langchain_openai import ChatOpenAI


def find_price(product):
    agent = Agent(
        task=f"Find the current price of {product} on the maker's website",
        llm=ChatOpenAI(model="gpt-4o", temperature=0),
    )
    history = asyncio.get_event_loop().run_until_complete(agent.run())  # langchain llm
    return history.final_result()
`,
  'jobs/apply.py': `from browser_use import Agent, ChatAnthropic, ChatOllama

from jobs.profile import CV_TEXT


async def apply(url):
    llm = ChatAnthropic(model="claude-sonnet-4-5")
    agent = Agent(task="Fill in the application form at " + url, llm=llm, extend_system_message="Never submit payment details.")
    return await agent.run(max_steps=25)  # own class


def check_locally(url):
    return Agent(task="Is the page at " + url + " in English?", llm=ChatOllama(model="qwen2.5:7b")).run_sync()  # ollama


def fill_defaults(url):
    agent = Agent(task=CV_TEXT + url)
    return agent.run()  # no llm
`,
  'jobs/profile.py': 'CV_TEXT = "Apply with this CV: "\n',
};

describe('frameworks: browser-use', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it("prices Agent(llm=ChatOpenAI(model=…)).run() as an agent run on the llm's model, up to the pinned version's max_steps default", async () => {
    const r = await scanFiles(files);
    const s = siteAt(r, files, 'research.py', '# langchain llm');
    assert.equal(s.sdk, 'browser-use');
    assert.equal(s.operation, 'agent-run');
    assert.equal(s.model, 'gpt-4o');
    assert.equal(s.provider, 'openai');
    assertPriced(s);
    // browser-use 0.1.40 (requirements.txt): run(max_steps=100).
    assert.equal(s.multiplier.cap, 100);
    assert.match(s.multiplier.reason, /browser-use 0\.1\.40 in requirements\.txt/);
    assert.ok(s.historyGrows, 'each step resends the page state and the steps so far');
  });

  it("reads browser-use's own chat classes, max_steps given to run, and a local Ollama model", async () => {
    const r = await scanFiles(files);
    const own = siteAt(r, files, 'jobs/apply.py', '# own class');
    assert.equal(own.model, 'claude-sonnet-4-5');
    assert.equal(own.provider, 'anthropic');
    assert.equal(own.multiplier.cap, 25);
    assertPriced(own);
    const local = siteAt(r, files, 'jobs/apply.py', '# ollama');
    assert.equal(local.model, 'qwen2.5:7b');
    assert.match(local.selfHosted ?? '', /Ollama/);
    const none = siteAt(r, files, 'jobs/apply.py', '# no llm');
    assert.equal(none.model, null);
    assert.match(none.modelUnresolvedReason ?? '', /ChatBrowserUse|DEFAULT_LLM/);
  });

  it('an Agent of another library is not browser-use', async () => {
    const other: Record<string, string> = {
      'bot.py': `from my_agents import Agent


def go():
    return Agent(task="x").run()  # not browser-use
`,
      'my_agents.py': 'class Agent:\n    def __init__(self, task):\n        self.task = task\n\n    def run(self):\n        return self.task\n',
    };
    noSiteAt(await scanFiles(other), other, 'bot.py', '# not browser-use');
  });
});
