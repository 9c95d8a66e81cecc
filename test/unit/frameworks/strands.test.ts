// Strands Agents (AWS): an agent is run by calling it (`agent("…")`) or `invoke_async`/`stream_async`/
// `structured_output`; without a model it runs on Bedrock's default model of the pinned version; a
// model class bills its provider, Ollama is self-hosted; with tools the event loop has no bound of its
// own. As Strands' quickstart writes it.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const agent = `from strands import Agent, tool
from strands.models import BedrockModel
from strands.models.anthropic import AnthropicModel
from strands.models.ollama import OllamaModel
from strands_tools import calculator


@tool
def word_count(text: str) -> int:
    """Count words."""
    return len(text.split())


agent = Agent(tools=[calculator, word_count], system_prompt="You are a helpful assistant.")
claude = Agent(model=AnthropicModel(model_id="claude-sonnet-4-5", max_tokens=1024), system_prompt="Be concise.")
local = Agent(model=OllamaModel(host="http://localhost:11434", model_id="llama3.2"))
bedrock = Agent(model=BedrockModel(model_id="us.anthropic.claude-haiku-4-5-20251001-v1:0", temperature=0.3))


def ask(q):
    return agent(q)  # default model


def short(q):
    return claude(q)  # anthropic


def offline(q):
    return local(q)  # ollama


async def fast(q):
    return await bedrock.invoke_async(q)  # bedrock
`;

describe('frameworks: Strands Agents', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it("runs an agent called as a function on Bedrock's default model of the pinned version, with tools unbounded but expected modestly", async () => {
    const newer = { 'requirements.txt': 'strands-agents==1.40.0\nstrands-agents-tools==0.2.0\n', 'agent.py': agent };
    const older = { 'requirements.txt': 'strands-agents==1.20.0\n', 'agent.py': agent };
    const a = await scanFiles(newer);
    const s = siteAt(a, newer, 'agent.py', '# default model');
    assert.equal(s.sdk, 'strands');
    assert.equal(s.operation, 'agent-run');
    assert.equal(s.model, 'global.anthropic.claude-sonnet-4-6');
    assert.equal(s.provider, 'aws');
    assertPriced(s);
    assert.match(s.multiplier.reason, /event loop/);
    assert.ok(s.multiplier.expected <= 3, `expected modestly (${s.multiplier.expected})`);
    assert.equal(siteAt(await scanFiles(older), older, 'agent.py', '# default model').model, 'us.anthropic.claude-sonnet-4-20250514-v1:0');
  });

  it('reads model classes: Anthropic with its max_tokens, Bedrock by model_id, Ollama self-hosted; an agent without tools is one request', async () => {
    const files = { 'agent.py': agent };
    const r = await scanFiles(files);
    const c = siteAt(r, files, 'agent.py', '# anthropic');
    assert.equal(c.model, 'claude-sonnet-4-5');
    assert.equal(c.provider, 'anthropic');
    assert.equal(c.multiplier.expected, 1);
    assertPriced(c);
    assert.equal(siteAt(r, files, 'agent.py', '# bedrock').model, 'us.anthropic.claude-haiku-4-5-20251001-v1:0');
    const o = siteAt(r, files, 'agent.py', '# ollama');
    assert.equal(o.model, 'llama3.2');
    assert.match(o.selfHosted ?? '', /Ollama/);
  });

  it('a call of something else in a Strands file is not a run', async () => {
    const files = { 'agent.py': agent + '\n\ndef count(t):\n    return word_count(t)  # a tool\n' };
    noSiteAt(await scanFiles(files), files, 'agent.py', '# a tool');
  });
});
