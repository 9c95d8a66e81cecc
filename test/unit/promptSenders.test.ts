// A prompt file that code sends shows the calls that send it (its lens and hover in the editor):
// which calls, from the report of a real scan, and the text of each.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scan } from '../../src/cli/main';
import { formatUsd } from '../../src/core/report/format';
import { promptSenders, senderLensTitle, senderMoneyText } from '../../src/core/report/promptSenders';
import type { Report } from '../../src/core/report/report';

const root = path.join(__dirname, '../../..');

const AGENT = `from pathlib import Path
from openai import OpenAI

client = OpenAI()
PROMPT = (Path(__file__).parent / "prompts" / "escalation.txt").read_text()


def escalate(ticket: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": PROMPT}, {"role": "user", "content": ticket}],
        max_tokens=200,
    )
    return response.choices[0].message.content
`;
const TEST = `from pathlib import Path
from openai import OpenAI

client = OpenAI()
PROMPT = (Path(__file__).parent.parent / "prompts" / "escalation.txt").read_text()


def test_escalation():
    response = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "system", "content": PROMPT}, {"role": "user", "content": "my order is late"}],
        max_tokens=200,
    )
    assert response.choices[0].message.content
`;

describe('the calls that send a prompt file', () => {
  describe('in examples/', () => {
    let report: Report;
    before(async () => {
      report = await scan(['examples'], { cwd: root, jobs: 1 });
    });

    it('names the call that reads escalation.txt, with its $ a call and $ a month', () => {
      const senders = promptSenders(report, 'support-agent/prompts/escalation.txt');
      assert.ok(senders, `escalation.txt has senders (promptFiles: ${JSON.stringify(report.promptFiles)})`);
      assert.equal(senders.length, 1);
      const site = report.callSites.find((c) => c.path === 'support-agent/summarize_ticket.py')!;
      const [s] = senders;
      assert.deepEqual({ key: s.key, path: s.path, line: s.line }, { key: site.key, path: site.path, line: site.line });
      assert.equal(s.usdPerCall, site.usd!.perCall.expected);
      assert.equal(s.usdPerMonth, site.usd!.perMonth.expected);
      assert.ok(s.usdPerMonth! > 0, 'a production call: counted in the month');
      assert.equal(senderLensTitle(s), `sent by summarize_ticket.py:${site.line} · ${formatUsd(site.usd!.perCall.expected)}/call · ${formatUsd(site.usd!.perMonth.expected)}/month`);
      assert.equal(senderMoneyText(s), `${formatUsd(site.usd!.perCall.expected)} a call · ${formatUsd(site.usd!.perMonth.expected)} a month`);
    });

    it('has none for a prompt file no code sends (it keeps its own figure)', () => {
      assert.equal(promptSenders(report, 'support-agent/prompts/triage.prompty'), undefined);
      assert.ok(report.callSites.some((c) => c.path === 'support-agent/prompts/triage.prompty' && c.usd), 'triage.prompty is priced on its own');
      assert.equal(promptSenders(report, 'support-agent/agent.py'), undefined, 'a code file is not a prompt file');
    });
  });

  it('lists every sender, and says a test\'s call is not counted in a month rather than $0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'costlens-senders-'));
    let report: Report;
    try {
      mkdirSync(path.join(dir, 'prompts'));
      mkdirSync(path.join(dir, 'tests'));
      writeFileSync(path.join(dir, 'prompts/escalation.txt'), 'You write escalation notes for the on-call support engineer. Keep notes under 80 words.\n');
      writeFileSync(path.join(dir, 'agent.py'), AGENT);
      writeFileSync(path.join(dir, 'tests/test_escalation.py'), TEST);
      report = await scan(['.'], { cwd: dir, jobs: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const senders = promptSenders(report, 'prompts/escalation.txt');
    assert.deepEqual(senders?.map((s) => `${s.path}:${s.line}`), ['agent.py:9', 'tests/test_escalation.py:9']);
    const [app, test] = senders!;
    assert.match(senderLensTitle(app), /^sent by agent\.py:9 · \$[\d.]+\/call · \$[\d.]+\/month$/);
    assert.equal(test.scope, 'test');
    assert.equal(test.usdPerMonth, 0);
    assert.equal(senderLensTitle(test), `sent by test_escalation.py:9 · ${formatUsd(test.usdPerCall!)}/call · not counted (test)`);
    assert.equal(senderMoneyText(test), `${formatUsd(test.usdPerCall!)} a call · not counted (test)`);
  });

  it('follows a prompt loader helper (`load_prompt(name)` reading `PROMPTS_DIR / f"{name}.md"`) to the file it reads: one count, not a call site of its own', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'costlens-loader-'));
    let report: Report;
    try {
      mkdirSync(path.join(dir, 'prompts'));
      writeFileSync(path.join(dir, 'prompts/coding_prompt.md'), 'You are a careful coding agent. Read the spec, write the code, run the tests, and report what changed in under 100 words.\n');
      writeFileSync(path.join(dir, 'prompts.py'), 'from pathlib import Path\n\nPROMPTS_DIR = Path(__file__).parent / "prompts"\n\n\ndef load_prompt(name: str) -> str:\n    prompt_path = PROMPTS_DIR / f"{name}.md"\n    return prompt_path.read_text()\n\n\ndef get_coding_prompt() -> str:\n    return load_prompt("coding_prompt")\n');
      writeFileSync(path.join(dir, 'agent.py'), 'from anthropic import Anthropic\nfrom prompts import get_coding_prompt\n\nclient = Anthropic()\n\n\ndef run(task: str):\n    return client.messages.create(model="claude-sonnet-4-5", max_tokens=300, system=get_coding_prompt(), messages=[{"role": "user", "content": task}])\n');
      report = await scan(['.'], { cwd: dir, jobs: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(promptSenders(report, 'prompts/coding_prompt.md')?.map((s) => `${s.path}:${s.line}`), ['agent.py:8']);
    assert.deepEqual(report.callSites.map((c) => c.path), ['agent.py'], 'the prompt file is part of the call, not a call site');
    assert.ok(report.callSites[0].tokens.staticInput >= 20, `the file's text is counted as the system prompt (${report.callSites[0].tokens.staticInput} static tokens)`);
  });

  it('says a sender without a price has none', () => {
    assert.equal(senderLensTitle({ key: 'a.py#f#0', path: 'src/a.py', line: 3, usdPerCall: null, usdPerMonth: null }), 'sent by a.py:3 · no price');
    assert.equal(senderMoneyText({ key: 'a.py#f#0', path: 'src/a.py', line: 3, usdPerCall: null, usdPerMonth: null }), 'no price');
  });
});
