// AutoGen AgentChat (frameworks/autogen.ts): agents, teams and model clients with their models and
// loop bounds (max_tool_iterations, max_turns, MaxMessageTermination), test doubles and self-hosted
// clients, on a fixture in the style of the AgentChat user guide, scanned by the real CLI code.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeWorkspace } from '../../../src/cli/main';
import { loadParsers } from '../../../src/core/extract/code/parser';
import type { Report, ReportCallSite } from '../../../src/core/report/report';

const fixtures = path.join(__dirname, '../../../../test/fixtures');
const at = (c: ReportCallSite, file: string) => c.path === file || c.path.endsWith(`/${file}`);

function site(report: Report, line: number): ReportCallSite {
  const found = report.callSites.find((c) => at(c, 'agentchat.py') && c.line === line);
  assert.ok(found, `no call site at agentchat.py:${line}; found ${report.callSites.map((c) => `${c.path}:${c.line}`).join(', ')}`);
  return found;
}

describe('AutoGen AgentChat', function () {
  this.timeout(60_000);
  let report: Report;
  before(async () => {
    await loadParsers();
    report = (await analyzeWorkspace(['.'], { cwd: path.join(fixtures, 'code/autogen'), jobs: 1, observations: false })).report;
  });

  it("prices an AssistantAgent run on its model client's model, with the system message and the task", () => {
    const s = site(report, 42);
    assert.equal(s.operation, 'agent-run');
    assert.equal(s.sdk, 'autogen');
    assert.equal(s.provider, 'anthropic');
    assert.equal(s.model, 'claude-sonnet-4-5');
    assert.ok(s.usd);
    assert.equal(s.multiplier.max, 1, 'no tools: one model call');
  });

  it('bounds a tool agent by max_tool_iterations (default 1) plus the reflection', () => {
    const reflect = site(report, 41);
    assert.equal(reflect.model, 'gpt-4o');
    assert.equal(reflect.multiplier.max, 2, 'one tool round and the reflection on its result');
    assert.match(reflect.multiplier.reason, /max_tool_iterations 1: the AssistantAgent default max_tool_iterations/);
    assert.match(reflect.multiplier.reason, /_assistant_agent\.py:739/);
    assert.equal(site(report, 43).multiplier.max, 5, 'max_tool_iterations=5');
  });

  it('bounds a team by max_turns or MaxMessageTermination (the task counts), a selector team with a selection call per turn', () => {
    const rr = site(report, 44);
    assert.equal(rr.model, 'claude-sonnet-4-5', 'the first participant speaks first');
    assert.equal(rr.multiplier.max, 9, 'text_termination | MaxMessageTermination(10): 9 agent turns');
    assert.match(rr.multiplier.reason, /MaxMessageTermination\(10\)/);
    const capped = site(report, 45);
    assert.equal(capped.model, 'gpt-4o');
    assert.equal(capped.multiplier.max, 4, 'max_turns=4, not multiplied by the async for over its stream');
    const sel = site(report, 47);
    assert.equal(sel.multiplier.max, 12, 'MaxMessageTermination(7): 6 turns, each with a speaker selection');
  });

  it('prices a model client called directly as a chat request', () => {
    const s = site(report, 48);
    assert.equal(s.operation, undefined);
    assert.equal(s.model, 'claude-sonnet-4-5');
  });

  it('keeps a ReplayChatCompletionClient out of the bill and prices an Ollama client as self-hosted', () => {
    const replay = site(report, 61);
    assert.match(replay.testDouble ?? '', /ReplayChatCompletionClient/);
    assert.equal(replay.usd, null);
    const local = site(report, 55);
    assert.ok(local.selfHosted);
    assert.equal(local.model, 'llama3.2');
    assert.equal(local.usd?.perCall.expected, 0);
  });

  it('does not take a user proxy run, a team reset or closing a client for a model call', () => {
    assert.deepEqual(report.callSites.filter((c) => at(c, 'agentchat.py') && c.line >= 66).map((c) => c.line), []);
  });
});
