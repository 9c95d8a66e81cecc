// `costlens diff` on a git repository built by the test: commits that add a call, change a model,
// add a loop and move a volatile value, each reported with the right sign and amount (checked
// against a scan of a real checkout of each commit); renames and edits above a call are not a
// removal and an addition; budgets fail the run; the working tree is never touched.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main, scan } from '../../src/cli/main';
import { diffRevisions } from '../../src/cli/diff';
import type { DiffReport } from '../../src/core/diff/diff';

// ~1,900 tokens of stable policy: over OpenAI's 1,024-token caching minimum.
const POLICY = Array.from({ length: 60 }, (_, i) => `Policy ${i + 1}: refunds for damaged items are issued within 14 days of the claim, after photo review by the returns desk.`).join('\\n');

const BASE = `from openai import OpenAI

client = OpenAI()
POLICY = "${POLICY}"


def triage(message):
    return client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": POLICY}, {"role": "user", "content": message}],
        max_tokens=50,
    )
`;

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

describe('costlens diff', function () {
  this.timeout(120_000);
  let repo: string;
  const commits: Record<string, string> = {};

  function commit(name: string, files: Record<string, string | null>): void {
    for (const [f, text] of Object.entries(files)) {
      const p = path.join(repo, f);
      if (text === null) rmSync(p);
      else {
        mkdirSync(path.dirname(p), { recursive: true });
        writeFileSync(p, text);
      }
    }
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', name);
    commits[name] = git(repo, 'rev-parse', 'HEAD').trim();
  }

  /** The report of a real checkout of a commit (a separate worktree), to check the diff against. */
  async function scanCommit(name: string) {
    const dir = path.join(repo, '..', `wt-${name}`);
    git(repo, 'worktree', 'add', '-q', '--detach', dir, commits[name]);
    try {
      return await scan(['.'], { cwd: dir, cache: false, jobs: 1, observations: false });
    } finally {
      git(repo, 'worktree', 'remove', '--force', dir);
    }
  }

  async function diff(base: string, head?: string): Promise<DiffReport> {
    return diffRevisions(repo, {
      base: commits[base] ?? base,
      head: head ? (commits[head] ?? head) : undefined,
      workingTree: async () => {
        const { analyzeWorkspace } = await import('../../src/cli/main');
        const w = await analyzeWorkspace(['.'], { cwd: repo, cache: false, jobs: 1, observations: false });
        return { rev: 'working tree', commit: null, ...w };
      },
    });
  }

  before(() => {
    const top = mkdtempSync(path.join(tmpdir(), 'costlens-diff-'));
    repo = path.join(top, 'repo');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    commit('base', { 'agent/triage.py': BASE, '.costlens.json': JSON.stringify({ traffic: { tasksPerDay: 1000 } }) });
    commit('add-call', { 'agent/summarize.py': BASE.replace('def triage', 'def summarize').replace('max_tokens=50', 'max_tokens=300') });
    commit('change-model', { 'agent/triage.py': BASE.replace('"gpt-4o-mini"', '"gpt-4o"') });
    commit('add-loop', { 'agent/triage.py': BASE.replace('"gpt-4o-mini"', '"gpt-4o"').replace('    return client.chat', '    for _ in range(5):\n        client.chat').replace('        model=', '            model=').replace('        messages=', '            messages=').replace('        max_tokens=50,\n    )', '            max_tokens=50,\n        )') });
    const volatile = BASE.replace('"gpt-4o-mini"', '"gpt-4o"').replace('{"role": "system", "content": POLICY}', '{"role": "system", "content": f"Now: {datetime.now().isoformat()}\\n{POLICY}"}').replace('from openai import OpenAI', 'from datetime import datetime\nfrom openai import OpenAI');
    commit('move-volatile', { 'agent/triage.py': volatile });
    // A rename and lines added above the call: no cost change, no removal, no addition.
    execFileSync('git', ['mv', 'agent/triage.py', 'agent/routing.py'], { cwd: repo });
    commit('rename', { 'agent/routing.py': `"""Routing of incoming messages."""\n# The first lines are new.\n\n${volatile}` });
  });

  after(() => rmSync(path.dirname(repo), { recursive: true, force: true }));

  it('reports an added call with its cost', async () => {
    const d = await diff('base', 'add-call');
    const [added] = d.callSites;
    assert.equal(d.totals.added, 1);
    assert.equal(added.status, 'added');
    assert.equal(added.path, 'agent/summarize.py');
    const head = await scanCommit('add-call');
    const site = head.callSites.find((c) => c.path === 'agent/summarize.py')!;
    assert.ok(added.usd.perMonth.delta > 0);
    assert.ok(Math.abs(added.usd.perMonth.delta - site.usd!.perMonth.expected) < 1e-9, 'the amount a scan of the commit gives');
    assert.ok(Math.abs(d.totals.deltaUsdPerMonth - site.usd!.perMonth.expected) < 1e-9);
  });

  it('reports a model change with the right sign and amount', async () => {
    const d = await diff('add-call', 'change-model');
    assert.equal(d.totals.changed, 1);
    const [c] = d.callSites;
    assert.deepEqual(c.model, { base: 'gpt-4o-mini', head: 'gpt-4o' });
    assert.ok(c.changes.includes('model gpt-4o-mini → gpt-4o'));
    const before = (await scanCommit('add-call')).callSites.find((s) => s.path === 'agent/triage.py')!;
    const after = (await scanCommit('change-model')).callSites.find((s) => s.path === 'agent/triage.py')!;
    const want = after.usd!.perMonth.expected - before.usd!.perMonth.expected;
    assert.ok(want > 0, 'gpt-4o costs more');
    assert.ok(Math.abs(c.usd.perMonth.delta - want) < 1e-9);
    assert.ok(Math.abs(d.totals.deltaUsdPerMonth - want) < 1e-9);
    assert.ok(d.totals.percent! > 0);
  });

  it('reports a loop added around a call: calls per task and $ per task up fivefold', async () => {
    const d = await diff('change-model', 'add-loop');
    const [c] = d.callSites;
    assert.equal(c.status, 'changed');
    assert.deepEqual([c.callsPerTask.base, c.callsPerTask.head], [1, 5]);
    assert.ok(Math.abs(c.usd.perTask.head! - 5 * c.usd.perTask.base!) < 1e-12);
    assert.ok(Math.abs(c.usd.perMonth.delta - 4 * c.usd.perMonth.base!) < 1e-9);
    const task = d.tasks.find((t) => t.name === 'triage')!;
    assert.ok(Math.abs(task.percentPerTask! - 400) < 1e-6, `${task.percentPerTask}% per task`);
  });

  it('reports a volatile value moved before the stable prompt: the cache lost, the finding introduced', async () => {
    const d = await diff('change-model', 'move-volatile');
    const [c] = d.callSites;
    assert.equal(c.status, 'changed');
    assert.ok(c.usd.perCall.delta > 0, 'dearer without cache hits');
    assert.ok(c.tokens.cachedInput.base! > 0 && c.tokens.cachedInput.head === 0);
    assert.ok(c.changes.some((x) => x.startsWith('cacheable prefix')));
    assert.ok(d.findings.introduced.some((f) => f.ruleId === 'volatile-prefix'), 'volatile-prefix is new');
    const back = await diff('move-volatile', 'change-model');
    assert.ok(back.findings.fixed.some((f) => f.ruleId === 'volatile-prefix'), 'and fixed going back');
    assert.ok(back.totals.deltaUsdPerMonth < 0);
  });

  it('does not report a rename and lines added above a call as a removal and an addition', async () => {
    const d = await diff('move-volatile', 'rename');
    assert.equal(d.totals.added, 0);
    assert.equal(d.totals.removed, 0);
    assert.equal(d.totals.changed, 0);
    assert.equal(d.totals.unchanged, 2);
    assert.equal(d.findings.introduced.length, 0);
    assert.equal(d.findings.fixed.length, 0);
    assert.ok(Math.abs(d.totals.deltaUsdPerMonth) < 1e-9);
  });

  it('compares with the working tree without touching it, and prints Markdown with the summary first', async () => {
    git(repo, 'checkout', '-q', 'main');
    const file = path.join(repo, 'agent/summarize.py');
    const edited = readFileSync(file, 'utf8').replace('"gpt-4o-mini"', '"gpt-4.1"');
    writeFileSync(file, edited);
    const status = git(repo, 'status', '--porcelain');
    let stdout = '';
    const code = await main(['diff', '--base', 'HEAD', '--format', 'markdown', '--no-cache'], { cwd: repo, stdout: (s) => (stdout += s), stderr: () => undefined });
    assert.equal(code, 0);
    assert.match(stdout.split('\n')[0], /^\*\*\+\$[\d.,k]+\/month \(\+[\d.]+%\)\*\* at 1k tasks\/day/);
    assert.match(stdout, /model gpt-4o-mini → gpt-4\.1/);
    assert.equal(readFileSync(file, 'utf8'), edited, 'the working tree as it was');
    assert.equal(git(repo, 'status', '--porcelain'), status, 'git status unchanged');
    writeFileSync(file, edited.replace('"gpt-4.1"', '"gpt-4o-mini"'));
  });

  it('fails the run when a change is over its budgets, and says why', async () => {
    let stdout = '';
    let stderr = '';
    const io = { cwd: repo, stdout: (s: string) => (stdout += s), stderr: (s: string) => (stderr += s) };
    writeFileSync(path.join(repo, 'budget.json'), JSON.stringify({ traffic: { tasksPerDay: 1000 }, budgets: { diffPerMonth: 1, diffPercentPerTask: 50 } }));
    const code = await main(['diff', '--base', commits['change-model'], '--head', commits['add-loop'], '--config', 'budget.json', '--format', 'json'], io);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as DiffReport;
    assert.equal(report.version, 1);
    assert.equal(report.budget.exceeded.length, 2);
    assert.match(stderr, /over the budget of \$1\.00 \(budgets\.diffPerMonth\)/);
    assert.match(stderr, /triage .* 400\.0% more per task, over the budget of 50%/);
    stdout = '';
    assert.equal(await main(['diff', '--base', commits['move-volatile'], '--head', commits['rename'], '--config', 'budget.json'], io), 0, 'no change: within');
    assert.equal(await main(['diff', '--base', 'no-such-branch'], io), 2);
    assert.equal(await main(['diff'], io), 2);
    rmSync(path.join(repo, 'budget.json'));
  });
});
