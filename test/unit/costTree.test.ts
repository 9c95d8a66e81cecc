// The CostLens view's tree from the workspace report: the report's figures, tasks grouped by scope
// (production first, the others not counted in the month), sorted by $/month or by name, each call
// site with its assumptions and findings.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeWorkspace } from '../../src/cli/main';
import { buildCostTree, type CostTreeTask } from '../../src/core/report/costTree';

const examples = path.join(__dirname, '../../../examples');

const TEST_FILE = `from openai import OpenAI

client = OpenAI()


def test_summary_is_short():
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Summarise: the parcel is late."}], max_tokens=60)
    assert len(reply.choices[0].message.content) < 400
`;

describe('the CostLens view tree', function () {
  this.timeout(120_000);
  let dir: string;
  let scanned: Awaited<ReturnType<typeof analyzeWorkspace>>;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-tree-'));
    cpSync(examples, dir, { recursive: true });
    mkdirSync(path.join(dir, 'support-agent', 'tests'));
    writeFileSync(path.join(dir, 'support-agent', 'tests', 'test_costs.py'), TEST_FILE);
    scanned = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has the report\'s totals, every task, and every call site outside a task as a task of its own', () => {
    const { report, analyses } = scanned;
    const tree = buildCostTree(report, analyses);
    assert.deepEqual(tree.totals.usdPerMonth, report.totals.usdPerMonth);
    assert.equal(tree.totals.notCounted, 1);
    const tasks = tree.scopes.flatMap((s) => s.tasks);
    for (const t of report.tasks) {
      const shown = tasks.find((x) => x.key === t.key && !x.ownTask);
      assert.ok(shown, `task ${t.name}`);
      assert.deepEqual(shown.sites.map((s) => s.key).sort(), [...t.callSites].sort());
      if (shown.month.kind === 'counted') assert.deepEqual(shown.month.usd, t.usd?.perMonth ?? null);
    }
    // Every call site is in a task of the report (a prompt file no code sends is a task of its own there).
    const inTask = new Set(report.tasks.flatMap((t) => t.callSites));
    assert.deepEqual(report.callSites.filter((s) => !inTask.has(s.key)).map((s) => s.key), []);
    assert.ok(tasks.some((t) => t.path.endsWith('triage.prompty')), 'a prompt file of its own is listed as a task');
    // The counted tasks add up to the month's total (every one of them priced here but the prompt file without a model).
    const counted = tasks.reduce((n, t) => n + (t.month.kind === 'counted' ? (t.month.usd?.expected ?? 0) : 0), 0);
    assert.ok(Math.abs(counted - report.totals.usdPerMonth.expected) < 1e-6, `${counted} ≠ ${report.totals.usdPerMonth.expected}`);
  });

  it('puts production first and a test\'s task under its scope, not counted in the month', () => {
    const tree = buildCostTree(scanned.report, scanned.analyses);
    assert.deepEqual(tree.scopes.map((s) => s.scope), ['production', 'test']);
    const [test] = tree.scopes[1].tasks;
    assert.equal(test.name, 'test_summary_is_short');
    assert.equal(test.month.kind, 'notCounted');
    assert.match(test.month.kind === 'notCounted' ? test.month.why : '', /not counted in a month: test code/);
    assert.equal(tree.scopes[1].notCounted, 1);
    assert.equal(tree.scopes[1].usdPerMonth, 0);
  });

  it('sorts tasks by $/month, or by name', () => {
    const month = (t: CostTreeTask) => (t.month.kind === 'counted' ? (t.month.usd?.expected ?? -1) : -1);
    const byCost = buildCostTree(scanned.report, scanned.analyses, 'cost').scopes[0].tasks;
    for (let i = 1; i < byCost.length; i++) assert.ok(month(byCost[i - 1]) >= month(byCost[i]), `${byCost[i - 1].name} before ${byCost[i].name}`);
    assert.equal(byCost[0].name, 'answer');
    const byName = buildCostTree(scanned.report, scanned.analyses, 'name').scopes[0].tasks.map((t) => t.name.toLowerCase());
    assert.deepEqual(byName, [...byName].sort());
    assert.notDeepEqual(byName, byCost.map((t) => t.name.toLowerCase()));
  });

  it('lists each call site\'s assumptions and the findings about it', () => {
    const { report, analyses } = scanned;
    const tree = buildCostTree(report, analyses);
    const sites = tree.scopes.flatMap((s) => s.tasks.flatMap((t) => t.sites));
    // Every finding is under a call site (once per call site; a site under two tasks shows it twice).
    const unique = new Map(sites.map((s) => [s.key, s]));
    assert.equal([...unique.values()].reduce((n, s) => n + s.findings.length, 0), report.findings.length);
    const rag = unique.get(report.callSites.find((c) => c.path === 'support-agent/rag.py')!.key)!;
    assert.deepEqual(rag.findings.map((f) => f.ruleId).sort(), ['missing-output-cap', 'rag-chunk-bloat']);
    assert.deepEqual(rag.assumptions, rag.site.assumptions);
    assert.ok(rag.assumptions.length > 0, 'rag.py states assumptions (chunk size)');
    const agent = unique.get(report.callSites.find((c) => c.path === 'support-agent/agent.py')!.key)!;
    assert.deepEqual(agent.findings.map((f) => f.ruleId).sort(), ['history-growth', 'volatile-prefix']);
  });
});
