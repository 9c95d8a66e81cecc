// Claude Agent SDK (frameworks/claudeAgentSdk.ts): query() and ClaudeSDKClient.query() runs in
// Python (claude_agent_sdk, claude_code_sdk) and TypeScript, with their model, max_turns and the
// assumed Claude Code default model, on fixtures in the style of the SDK's examples.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeWorkspace } from '../../../src/cli/main';
import { loadParsers } from '../../../src/core/extract/code/parser';
import type { Report, ReportCallSite } from '../../../src/core/report/report';

const fixtures = path.join(__dirname, '../../../../test/fixtures');
const at = (c: ReportCallSite, file: string) => c.path === file || c.path.endsWith(`/${file}`);

function site(report: Report, file: string, line: number): ReportCallSite {
  const found = report.callSites.find((c) => at(c, file) && c.line === line);
  assert.ok(found, `no call site at ${file}:${line}; found ${report.callSites.map((c) => `${c.path}:${c.line}`).join(', ')}`);
  return found;
}

describe('Claude Agent SDK', function () {
  this.timeout(60_000);
  let report: Report;
  before(async () => {
    await loadParsers();
    report = (await analyzeWorkspace(['.'], { cwd: path.join(fixtures, 'code/claude-agent-sdk'), jobs: 1, observations: false })).report;
  });

  it('prices query() with ClaudeAgentOptions on its model, bounded by max_turns, with the system prompt', () => {
    const s = site(report, 'research.py', 18);
    assert.equal(s.operation, 'agent-run');
    assert.equal(s.sdk, 'claude-agent-sdk');
    assert.equal(s.provider, 'anthropic');
    assert.equal(s.model, 'claude-opus-4-7');
    assert.equal(s.multiplier.max, 3);
    assert.match(s.multiplier.reason, /max_turns 3/);
    assert.ok(s.usd);
  });

  it("states the Claude Code CLI's default model as an assumption when no model is given, with no turn cap", () => {
    const s = site(report, 'research.py', 7);
    assert.equal(s.model, 'claude-sonnet-4-6');
    assert.match(s.modelFrom ?? '', /assumed: .*Defaults to the CLI default model/);
    assert.match(s.modelFrom ?? '', /claude-agent-sdk version not found in the workspace/);
    assert.equal(s.multiplier.max, 1, 'no max_turns: no cap is read from the code');
    assert.equal(site(report, 'agent.ts', 11).model, 'claude-sonnet-4-6');
  });

  it('reads ClaudeSDKClient opened in `async with` and each query() turn on it', () => {
    for (const line of [28, 31]) {
      const s = site(report, 'research.py', line);
      assert.equal(s.model, 'claude-haiku-4-5', `research.py:${line}`);
      assert.equal(s.multiplier.max, 2);
    }
  });

  it('reads the older claude_code_sdk and the TypeScript SDK options object', () => {
    assert.equal(site(report, 'legacy.py', 6).model, 'claude-sonnet-4-5');
    const ts = site(report, 'agent.ts', 5);
    assert.equal(ts.model, 'claude-sonnet-4-5');
    assert.equal(ts.multiplier.max, 5);
    assert.match(ts.multiplier.reason, /maxTurns 5/);
  });

  it('does not take interrupt() or another object\'s query() for a run', () => {
    assert.deepEqual(report.callSites.filter((c) => at(c, 'research.py') && (c.line === 32 || c.line === 36)).map((c) => c.line), []);
  });
});
