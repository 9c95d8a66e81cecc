// OpenAI Swarm: `Swarm().run(agent, messages)` is an agent run on the agent's model ("gpt-4o" by
// default), unbounded while the agent has functions (max_turns defaults to infinity), on the client
// Swarm is given (a local OpenAI-compatible server is self-hosted). As Swarm's README writes it.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const files: Record<string, string> = {
  'triage.py': `from openai import OpenAI
from swarm import Agent, Swarm

client = Swarm()
local = Swarm(client=OpenAI(base_url="http://localhost:11434/v1", api_key="ollama"))


def transfer_to_agent_b():
    return agent_b


agent_a = Agent(name="Agent A", instructions="You are a helpful agent.", functions=[transfer_to_agent_b])
agent_b = Agent(name="Agent B", model="gpt-4o-mini", instructions="Only speak in Haikus.")


def ask(q):
    return client.run(agent=agent_a, messages=[{"role": "user", "content": q}])  # handoff


def haiku(q):
    return client.run(agent=agent_b, messages=[{"role": "user", "content": q}])  # no functions


def bounded(q):
    return client.run(agent=agent_a, messages=[{"role": "user", "content": q}], max_turns=4)  # bounded


def offline(q):
    return local.run(agent=Agent(model="llama3.2", instructions="Be brief."), messages=[{"role": "user", "content": q}])  # ollama
`,
};

describe('frameworks: OpenAI Swarm', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it("runs an agent with functions on Swarm's default model, unbounded (max_turns is infinite) but expected modestly", async () => {
    const r = await scanFiles(files);
    const s = siteAt(r, files, 'triage.py', '# handoff');
    assert.equal(s.sdk, 'swarm');
    assert.equal(s.operation, 'agent-run');
    assert.equal(s.model, 'gpt-4o');
    assert.match(s.modelFrom ?? '', /swarm\/types\.py/);
    assertPriced(s);
    assert.match(s.multiplier.reason, /float\("inf"\)|no bound|unbounded/i);
    assert.ok(s.multiplier.expected <= 3, `expected modestly (${s.multiplier.expected}), the cap only at the high end`);
    assert.equal(siteAt(r, files, 'triage.py', '# bounded').multiplier.cap, 4);
  });

  it("an agent without functions answers in one request, on its own model; a local client's run is self-hosted", async () => {
    const r = await scanFiles(files);
    const one = siteAt(r, files, 'triage.py', '# no functions');
    assert.equal(one.model, 'gpt-4o-mini');
    assert.equal(one.multiplier.expected, 1);
    const local = siteAt(r, files, 'triage.py', '# ollama');
    assert.equal(local.model, 'llama3.2');
    assert.ok(local.selfHosted, 'a localhost base URL is the user\'s own server');
  });

  it('an Agent of another library is not Swarm', async () => {
    const other: Record<string, string> = {
      'bot.py': 'from my_swarm import Swarm, Agent\n\nclient = Swarm()\n\n\ndef go(q):\n    return client.run(agent=Agent(), messages=[q])  # not swarm\n',
      'my_swarm.py': 'class Swarm:\n    def run(self, agent, messages):\n        return messages\n\n\nclass Agent:\n    pass\n',
    };
    noSiteAt(await scanFiles(other), other, 'bot.py', '# not swarm');
  });
});
