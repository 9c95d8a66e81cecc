// What a scan leaves alone, and says so: minified and generated code, what .gitignore excludes
// (with git's precedence: deeper files and negations), and a file that takes longer than its time
// budget, cut with a message instead of holding the scan (or the editor) up.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main, scan } from '../../src/cli/main';
import { analyzeFile } from '../../src/core/analysis/analyzeFile';
import { IgnoreRules } from '../../src/core/analysis/gitignore';
import { IncrementalAnalyzer } from '../../src/core/analysis/incremental';
import { extractFile } from '../../src/core/analysis/extractFile';
import { AnalysisTimeout, Deadline, minifiedReason } from '../../src/core/analysis/limits';
import { defaultConfig } from '../../src/config/load';
import { loadParsers } from '../../src/core/extract/code/parser';

// A budget counted in checks, not milliseconds: what an analysis does after its budget is spent is
// counted exactly, whatever the machine's load.
class CountedDeadline extends Deadline {
  checks = 0;
  constructor(private readonly allowed: number) {
    super(3_600_000);
  }
  override check(): void {
    if (++this.checks > this.allowed) throw new AnalysisTimeout(this.budgetMs);
  }
}

// gpt-researcher's deep_agents/drb_generate.py, cut down: a closure's parameter defaults to the
// loop's `agent` of the same name (`agent=agent`), and the closure's one caller passes nothing.
const SAME_NAME_DEFAULT = `import asyncio
from openai import AsyncOpenAI


def build_agent(model, system_prompt=None):
    return AsyncOpenAI(), model


BUILDERS = {"a": build_agent, "b": build_agent}


async def main(model):
    for name, builder in BUILDERS.items():
        agent, _ = builder(model, system_prompt="Be brief.")

        async def run_task(task, agent=agent, name=name):
            return await agent.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": task}], max_tokens=50)

        await asyncio.gather(*(run_task(t) for t in ["x", "y"]))
`;

const CALL = `from openai import OpenAI\nclient = OpenAI()\n\ndef ask(q):\n    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}], max_tokens=20)\n`;

describe('limits', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-limits-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };

  it('skips minified and generated code with the reason, and keeps a file with a long prompt on one line', async () => {
    const minified = `import OpenAI from "openai";const c=new OpenAI();${Array.from({ length: 400 }, (_, i) => `function f${i}(a){return c.chat.completions.create({model:"gpt-4o",messages:[{role:"user",content:a}]})}`).join(';')}`;
    write('web/vendor.js', minified);
    write('web/app.min.js', CALL);
    write('agent/long_prompt.ts', `import OpenAI from 'openai';\nconst c = new OpenAI();\nconst POLICY = \`${'Refunds are issued within 14 days of the claim, after photo review. '.repeat(600)}\`;\nexport const ask = (q: string) => c.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: POLICY }, { role: 'user', content: q }], max_tokens: 50 });\n`);
    const report = await scan(['.'], { cwd: dir, cache: false, jobs: 1, observations: false });
    const reason = (p: string) => report.errors.find((e) => e.path === p)?.message ?? '';
    assert.match(reason('web/vendor.js'), /^skipped: minified code \([\d,]+ characters a line on average\)$/);
    assert.match(reason('web/app.min.js'), /generated or minified/);
    assert.deepEqual(report.callSites.map((c) => c.path), ['agent/long_prompt.ts'], 'the long prompt on one line is analysed');
    assert.equal(minifiedReason('x.py', 'x = 1\n'.repeat(10)), undefined);
  });

  it('leaves out what .gitignore excludes, deeper files first, negations included, and says so; --no-ignore scans it', async () => {
    write('.costlens.json', '{}'); // the workspace root, as a repository's .git would make it
    write('.gitignore', 'generated/\n*_scratch.py\n');
    write('agent/.gitignore', '!keep_scratch.py\n');
    write('agent/main.py', CALL);
    write('agent/try_scratch.py', CALL);
    write('agent/keep_scratch.py', CALL);
    write('generated/client.py', CALL);
    const report = await scan(['.'], { cwd: dir, cache: false, jobs: 1, observations: false });
    assert.deepEqual(report.callSites.map((c) => c.path).sort(), ['agent/keep_scratch.py', 'agent/main.py']);
    assert.match(report.errors.find((e) => e.kind === 'skipped')?.message ?? '', /2 paths \.gitignore excludes \(--no-ignore scans them\)/);
    // A folder named on the command line: the .gitignore files above it still apply.
    assert.deepEqual((await scan(['agent'], { cwd: dir, cache: false, jobs: 1, observations: false })).callSites.map((c) => c.path).sort(), ['agent/keep_scratch.py', 'agent/main.py']);
    let out = '';
    await main(['scan', '--no-ignore', '--no-cache', '--format', 'json'], { cwd: dir, stdout: (s) => (out += s), stderr: () => undefined });
    assert.equal(JSON.parse(out).callSites.length, 4);
    const rules = new IgnoreRules();
    rules.add('', 'logs/\n*.tmp\n');
    rules.add('sub', '!keep.tmp\n');
    assert.ok(rules.ignores('logs', true) && rules.ignores('a/b.tmp') && !rules.ignores('sub/keep.tmp') && !rules.ignores('src/app.py'));
  });

  it('cuts a file that takes longer than its time budget, with the reason, in a scan and in the editor\'s analyser', async () => {
    await loadParsers();
    const many = `from openai import OpenAI\nclient = OpenAI()\n\n${Array.from({ length: 3000 }, (_, i) => `def f${i}(q):\n    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": f"{q} ${i}"}], max_tokens=20)\n`).join('\n')}`;
    const config = { ...defaultConfig(), 'limits.analysisMs': 20 };
    const a = analyzeFile('big.py', many, { config });
    assert.equal(a.callSites.length, 0, 'nothing half-done');
    assert.match(a.errors[0]?.message ?? '', /^analysis cut after 20 ms: .*\(costlens\.limits\.analysisMs\)$/);
    assert.equal(a.errors[0].kind, 'limit');
    const inc = new IncrementalAnalyzer();
    const b = inc.analyze('big.py', 1, many, config);
    assert.match(b.errors[0]?.message ?? '', /^analysis cut after 20 ms/);
    // With its default budget the same file is analysed whole.
    const whole = analyzeFile('big.py', many, { config: defaultConfig() });
    assert.equal(whole.callSites.length, 3000);
    inc.dispose();
  });

  it('reads a parameter defaulting to the enclosing name of the same name (`agent=agent`) once, not the parameter again through its callers', async () => {
    await loadParsers();
    // Read as the parameter itself, each lookup went back to the callers and the default again: a
    // 20-line file took 20 s and more, cut at its budget with nothing found.
    const deadline = new CountedDeadline(20_000);
    const x = extractFile('drb.py', SAME_NAME_DEFAULT, { config: defaultConfig(), deadline });
    assert.deepEqual(x.errors, []);
    assert.deepEqual(x.callSites.map((c) => [c.line, c.model.id]), [[17, 'gpt-4o-mini']]);
    assert.ok(deadline.checks < 2_000, `${deadline.checks} resolution steps`);
  });

  it('stops a call\'s value resolution at the budget, not only between calls', async () => {
    await loadParsers();
    // The budget passes inside the one call's detection (following the receiver through defaults,
    // a loop and a builder): the analysis stops at the next step, reported cut.
    for (const allowed of [2, 5]) {
      const deadline = new CountedDeadline(allowed);
      const x = extractFile('drb.py', SAME_NAME_DEFAULT, { config: defaultConfig(), deadline });
      assert.deepEqual(x.callSites, [], 'nothing half-done');
      assert.match(x.errors[0]?.message ?? '', /^analysis cut after 3600000 ms/);
      assert.equal(deadline.checks, allowed + 1, 'no work checked after the budget was spent');
    }
  });
});
