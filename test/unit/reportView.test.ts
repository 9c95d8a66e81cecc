import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scan } from '../../src/cli/main';
import { defaultConfig } from '../../src/config/load';
import { buildReport, type Report, type ReportCallSite } from '../../src/core/report/report';
import { renderTable } from '../../src/core/report/table';
import { buildReportView, CHART_MAX_BARS, type CostRow, type ReportView } from '../../src/core/report/view';
import { RULES } from '../../src/core/rules';

const root = path.join(__dirname, '../../..');

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

/** Rows in $/month order: larger first, unpriced at the end. */
function assertSorted(rows: CostRow[], what: string): void {
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1].usdPerMonth;
    const b = rows[i].usdPerMonth;
    if (a === null) assert.equal(b, null, `${what}: a priced row after an unpriced one at ${i}`);
    else if (b !== null) assert.ok(a >= b, `${what}: ${rows[i - 1].label} (${a}) before ${rows[i].label} (${b})`);
  }
}

/** Every number in the view is finite: no NaN from a division by an empty total. */
function assertFinite(value: unknown, at = 'view'): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${at} is ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => assertFinite(v, `${at}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertFinite(v, `${at}.${k}`);
}

const TRIAGE = `---
name: triage
model:
  api: chat
  configuration:
    type: openai
    name: gpt-4o-mini
  parameters:
    max_tokens: 200
sample:
  question: Where is my parcel? It was due on Monday.
---
system:
You are the triage assistant of an online shop. Classify the customer's message.

user:
{{question}}
`;

async function scanFiles(files: Record<string, string>): Promise<Report> {
  const dir = mkdtempSync(path.join(tmpdir(), 'costlens-view-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return await scan(['.'], { cwd: dir, jobs: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('report view', () => {
  describe('of the examples workspace', () => {
    let report: Report;
    let view: ReportView;
    before(async () => {
      report = await scan(['examples'], { cwd: root, jobs: 1 });
      view = buildReportView(report);
    });

    it('heads with the totals and the traffic they assume', () => {
      const hl = view.headline;
      assert.deepEqual(hl.usdPerMonth, report.totals.usdPerMonth);
      assert.ok(hl.usdPerMonth.expected > 0);
      assert.equal(hl.callSites, report.callSites.length);
      assert.equal(hl.files, new Set(report.callSites.map((c) => c.path)).size);
      assert.equal(hl.unpricedCallSites, report.callSites.filter((c) => !c.usd).length);
      assert.ok(hl.unpricedCallSites > 0, 'the examples have prompt files with no model');
      assert.equal(hl.findings, report.findings.length);
      // examples/.costlens.json sets 2,000 tasks a day; classify.py's comment sets 5,000 for its task.
      assert.equal(hl.traffic.tasksPerDay, 2000);
      assert.equal(hl.traffic.tasksWithOwnRate, 1);
      assert.equal(hl.traffic.text, '2,000 tasks/day × 30 days (1 task with a rate of its own)');
      assert.equal(hl.budgetPerMonth, null);
      assert.equal(hl.overBudget, false);
      assertFinite(view);
    });

    it('lists every call site once, costliest first, adding up to the total', () => {
      assert.deepEqual(view.callSites.map((r) => r.key).sort(), report.callSites.map((c) => c.key).sort());
      assertSorted(view.callSites, 'call sites');
      close(sum(view.callSites.map((r) => r.usdPerMonth ?? 0)), report.totals.usdPerMonth.expected, 'sum of call sites');
      close(sum(view.callSites.map((r) => r.share ?? 0)), 1, 'shares');
      const agent = view.callSites.find((r) => r.key === 'support-agent/agent.py#answer#0')!;
      const site = report.callSites.find((c) => c.key === agent.key)!;
      assert.equal(view.callSites[0].id, agent.id, 'the looping agent is the costliest call site');
      assert.equal(agent.usdPerCall, site.usd!.perCall.expected);
      assert.equal(agent.usdPerTask, site.usd!.perTask.expected);
      assert.deepEqual(agent.usdPerMonthRange, site.usd!.perMonth);
      assert.equal(agent.inputTokens, site.tokens.input);
      assert.equal(agent.outputTokens, site.tokens.output);
      assert.equal(agent.callsPerTask, 3, 'an agent loop of up to 8 steps that ends when the model stops calling tools: 1 + 2 tool rounds expected');
      assert.deepEqual(agent.location, { path: 'support-agent/agent.py', line: 22 });
      assert.equal(agent.estimatedTokens, true, 'Claude tokens are estimates');
      assert.ok(agent.notes.includes('history grows'));
      const unpriced = view.callSites.filter((r) => r.usdPerMonth === null);
      assert.equal(unpriced.length, report.totals.unpricedCallSites);
      for (const r of unpriced) {
        assert.equal(r.share, null);
        assert.equal(r.unpricedCallSites, 1);
        assert.equal(r.model, null);
        assert.ok(r.notes.includes('model unresolved'));
      }
    });

    it('lists the report\'s tasks — the CLI\'s — with prompt files no code sends as tasks of their own, adding up to the total', () => {
      // Every call site is in a task of the report itself, so this view and the CLI's table list the same ones.
      assert.deepEqual(report.callSites.filter((c) => !report.tasks.some((t) => t.callSites.includes(c.key))).map((c) => c.key), []);
      assert.ok(report.tasks.some((t) => t.path.endsWith('triage.prompty')), 'a prompt file no code sends is a task of its own');
      assert.equal(view.tasks.length, report.tasks.length);
      const table = renderTable(report).split('\n');
      const rest = table.slice(table.findIndex((l) => l.startsWith('Task ')) + 2);
      const taskRows = rest.slice(0, rest.findIndex((l) => l.trim() === ''));
      assert.deepEqual(taskRows.map((l) => /\S+:\d+/.exec(l)![0]).sort(), report.tasks.map((t) => `${t.path}:${t.line}`).sort());
      assert.equal(view.headline.tasks, view.tasks.length);
      assertSorted(view.tasks, 'tasks');
      close(sum(view.tasks.map((r) => r.usdPerMonth ?? 0)), report.totals.usdPerMonth.expected, 'sum of tasks');
      for (const t of report.tasks) {
        const row = view.tasks.find((r) => r.id === `task:${t.key}`)!;
        assert.ok(row, t.key);
        if (!t.usd) {
          assert.equal(row.usdPerMonth, null, `${t.name}: unpriced`);
          continue;
        }
        close(row.usdPerMonth!, t.usd.perMonth.expected, `${t.name} per month`);
        close(row.usdPerTask!, t.usd.perTask.expected, `${t.name} per task`);
        assert.deepEqual(row.location, { path: t.path, line: t.line });
      }
      const classify = view.tasks.find((r) => r.label === 'is_refund_request')!;
      assert.ok(classify.notes.includes('5,000 tasks/day'), classify.notes.join());
      // The mean task, weighted by how often each runs.
      assert.equal(view.headline.pricedTasks, report.tasks.filter((t) => t.usd).length);
      const runs = sum(view.tasks.filter((r) => r.usdPerMonth !== null).map((r) => (r.id === classify.id ? 5000 : 2000))) * 30;
      close(view.headline.usdPerTask!.expected, sum(view.tasks.map((r) => r.usdPerMonth ?? 0)) / runs, 'mean $/task');
    });

    it('groups by model and by file, with per-call means weighted by calls', () => {
      const models = new Set(report.callSites.map((c) => c.model));
      assert.equal(view.models.length, models.size);
      assertSorted(view.models, 'models');
      const sonnet = view.models.find((r) => r.id === 'model:claude-sonnet-4-5')!;
      const sites = report.callSites.filter((c) => c.model === 'claude-sonnet-4-5');
      assert.equal(sonnet.callSites, sites.length);
      assert.ok(sites.length >= 2);
      close(sonnet.usdPerMonth!, sum(sites.map((s) => s.usd!.perMonth.expected)), 'sonnet per month');
      close(sonnet.usdPerTask!, sum(sites.map((s) => s.usd!.perTask.expected)), 'sonnet per task');
      const calls = sum(sites.map((s) => s.multiplier.expected));
      close(sonnet.usdPerCall!, sonnet.usdPerTask! / calls, 'sonnet per call');
      close(sonnet.inputTokens, sum(sites.map((s) => s.tokens.input * s.multiplier.expected)) / calls, 'sonnet input tokens');
      assert.equal(sonnet.location, null);
      const unresolved = view.models.find((r) => r.id === 'model:')!;
      assert.equal(unresolved.label, 'unresolved model');
      assert.equal(unresolved.usdPerMonth, null);
      assert.equal(view.models.at(-1)!.id, unresolved.id, 'the unpriced group sorts last');
      const review = view.models.find((r) => r.key === 'claude-sonnet-4')!;
      assert.match(review.detail, /priced as claude-sonnet-4-0/);

      assert.equal(view.files.length, report.totals.files);
      assertSorted(view.files, 'files');
      close(sum(view.files.map((r) => r.usdPerMonth ?? 0)), report.totals.usdPerMonth.expected, 'sum of files');
      for (const f of view.files) assert.deepEqual(f.location, { path: f.key, line: Math.min(...report.callSites.filter((c) => c.path === f.key).map((c) => c.line)) });
    });

    it('charts $/month by model and by task: one bar per priced row, largest first', () => {
      const priced = view.models.filter((r) => r.usdPerMonth !== null);
      assert.ok(priced.length <= CHART_MAX_BARS);
      assert.deepEqual(view.charts.byModel.map((b) => b.id), priced.map((r) => r.id));
      assert.deepEqual(view.charts.byModel.map((b) => b.usdPerMonth), priced.map((r) => r.usdPerMonth));
      for (let i = 1; i < view.charts.byModel.length; i++) assert.ok(view.charts.byModel[i - 1].usdPerMonth >= view.charts.byModel[i].usdPerMonth);
      close(sum(view.charts.byModel.map((b) => b.share)), 1, 'model shares');
      assert.equal(view.charts.byTask.length, view.tasks.filter((r) => r.usdPerMonth !== null).length);
      // Two tasks named `summarize` (a Dotprompt file and a Python function) are told apart by file.
      const summaries = view.charts.byTask.filter((b) => b.label.startsWith('summarize')).map((b) => b.label).sort();
      assert.deepEqual(summaries, ['summarize (summarize.prompt)', 'summarize (summarize_ticket.py)']);
    });

    it('sums what each rule puts at stake, with its docs page', () => {
      const rules = new Set(report.findings.map((f) => f.ruleId));
      assert.equal(view.savings.length, rules.size);
      for (const s of view.savings) {
        const fs = report.findings.filter((f) => f.ruleId === s.ruleId);
        assert.equal(s.findings, fs.length);
        close(s.usdPerMonthAtStake!, sum(fs.map((f) => f.usdPerMonthAtStake ?? 0)), `${s.ruleId} at stake`);
        assert.equal(s.docsPath, `docs/rules/${s.ruleId}.md`);
        assert.ok(existsSync(path.join(root, s.docsPath)), s.docsPath);
        assert.equal(s.description, RULES.find((r) => r.meta.id === s.ruleId)!.meta.description);
        assert.equal(s.fixable, fs.filter((f) => f.fixes.length).length);
      }
      for (let i = 1; i < view.savings.length; i++) assert.ok(view.savings[i - 1].usdPerMonthAtStake! >= view.savings[i].usdPerMonthAtStake!);
      const outputCap = view.savings.find((s) => s.ruleId === 'missing-output-cap')!;
      assert.equal(outputCap.findings, 2);
      assert.equal(outputCap.severity, 'warning');
    });

    it('lists findings costliest first, each with its location', () => {
      assert.equal(view.findings.length, report.findings.length);
      for (let i = 1; i < view.findings.length; i++) assert.ok((view.findings[i - 1].usdPerMonthAtStake ?? -1) >= (view.findings[i].usdPerMonthAtStake ?? -1));
      const f = view.findings[0];
      const source = report.findings.find((x) => x.ruleId === f.ruleId && x.path === f.path && x.line === f.line)!;
      assert.equal(f.usdPerMonthAtStake, Math.max(...report.findings.map((x) => x.usdPerMonthAtStake ?? -1)));
      assert.equal(f.fixes, source.fixes.length);
      assert.equal(new Set(view.findings.map((x) => x.id)).size, view.findings.length, 'ids are unique');
    });

    it('counts a prompt file a code call sends once, in that call: no call site or task of its own', () => {
      const escalation = 'support-agent/prompts/escalation.txt';
      assert.ok(!report.callSites.some((c) => c.path === escalation), 'not a call site');
      assert.ok(!report.tasks.some((t) => t.path === escalation), 'not a task');
      assert.ok(!view.callSites.some((r) => r.location?.path === escalation) && !view.tasks.some((r) => r.location?.path === escalation));
      const sender = report.callSites.find((c) => c.path === 'support-agent/summarize_ticket.py')!;
      assert.deepEqual(report.promptFiles, [{ path: escalation, name: 'escalation', sentBy: [{ key: sender.key, path: sender.path, line: sender.line, usdPerCall: sender.usd!.perCall }] }]);
      assert.equal(report.totals.callSites, report.callSites.length);
    });

    it('gives every row a unique id', () => {
      const ids = [...view.tasks, ...view.callSites, ...view.models, ...view.files].map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length);
    });
  });

  it('shows an empty workspace as zeros, with no NaN and nothing to chart', () => {
    const view = buildReportView(buildReport([], defaultConfig()));
    assert.deepEqual(view.headline.usdPerMonth, { low: 0, expected: 0, high: 0 });
    assert.equal(view.headline.usdPerTask, null);
    assert.equal(view.headline.callSites, 0);
    assert.equal(view.headline.tasks, 0);
    assert.equal(view.headline.traffic.text, '1,000 tasks/day × 30 days');
    for (const rows of [view.tasks, view.callSites, view.models, view.files, view.savings, view.findings, view.errors]) assert.deepEqual(rows, []);
    assert.deepEqual(view.charts, { byModel: [], byTask: [] });
    assertFinite(view);
  });

  it('leaves unpriced call sites out of the dollars, and says so', async () => {
    const report = await scanFiles({ 'prompts/triage.prompty': TRIAGE, 'prompts/escalate.txt': 'You are the escalation assistant. Summarise the ticket for a human agent.\n' });
    const view = buildReportView(report);
    assert.equal(view.headline.callSites, 2);
    assert.equal(view.headline.unpricedCallSites, 1);
    const [priced, unpriced] = view.callSites;
    assert.equal(priced.model, 'gpt-4o-mini');
    assert.equal(priced.share, 1);
    assert.equal(unpriced.usdPerCall, null);
    assert.equal(unpriced.usdPerMonth, null);
    assert.equal(unpriced.share, null);
    assert.deepEqual(view.charts.byModel.map((b) => b.label), ['gpt-4o-mini'], 'no bar for the unpriced model');
    const unpricedTask = view.tasks.find((t) => t.key === unpriced.key)!;
    assert.deepEqual(unpricedTask.notes, ['unpriced']);
    assert.equal(view.tasks.at(-1)!.id, unpricedTask.id);
    // The mean task is over priced tasks only.
    close(view.headline.usdPerTask!.expected, priced.usdPerTask!, 'mean $/task');
  });

  it('shows a single call site as the whole of the cost', async () => {
    const report = await scanFiles({ 'prompts/triage.prompty': TRIAGE });
    const view = buildReportView(report);
    const site = report.callSites[0];
    assert.equal(view.callSites.length, 1);
    const [row] = view.callSites;
    assert.equal(row.share, 1);
    assert.equal(row.usdPerCall, site.usd!.perCall.expected);
    assert.equal(row.inputTokens, site.tokens.input);
    assert.equal(row.estimatedTokens, false);
    assert.deepEqual(row.notes, []);
    assert.equal(view.tasks.length, 1);
    assert.match(view.tasks[0].detail, /a prompt file no code of the workspace sends: a task of its own/);
    assert.deepEqual(view.charts.byModel, [{ id: 'model:gpt-4o-mini', label: 'gpt-4o-mini', usdPerMonth: site.usd!.perMonth.expected, share: 1 }]);
    assert.deepEqual(view.charts.byTask.map((b) => b.share), [1]);
    close(view.headline.usdPerTask!.expected, site.usd!.perTask.expected, 'one task');
    assert.equal(view.files[0].label, 'prompts/triage.prompty');
  });

  describe('on reports built by hand', () => {
    let base: Report;
    before(async () => {
      base = await scanFiles({ 'prompts/triage.prompty': TRIAGE });
    });
    const withModel = (site: ReportCallSite, model: string, usd: number, i: number): ReportCallSite => ({
      ...site,
      key: `m${i}.prompty#m${i}`,
      path: `m${i}.prompty`,
      name: `m${i}`,
      model,
      pricedModel: model,
      usd: { ...site.usd!, perMonth: { low: usd, expected: usd, high: usd } },
    });

    it(`lumps models past the ${CHART_MAX_BARS}th bar into one "others" bar`, () => {
      const models = Array.from({ length: 15 }, (_, i) => withModel(base.callSites[0], `model-${String(i).padStart(2, '0')}`, 100 * (i + 1), i));
      const total = sum(models.map((s) => s.usd!.perMonth.expected));
      const report: Report = { ...base, callSites: models, totals: { ...base.totals, callSites: 15, files: 15, usdPerMonth: { low: total, expected: total, high: total } } };
      const view = buildReportView(report);
      assert.equal(view.models.length, 15);
      assert.equal(view.charts.byModel.length, CHART_MAX_BARS);
      assert.equal(view.charts.byModel[0].label, 'model-14');
      const other = view.charts.byModel.at(-1)!;
      assert.equal(other.id, 'other');
      assert.equal(other.label, '6 others');
      close(other.usdPerMonth, sum([100, 200, 300, 400, 500, 600]), 'others');
      close(sum(view.charts.byModel.map((b) => b.usdPerMonth)), total, 'chart total');
    });

    it('flags a total over the monthly budget, and rules whose findings state no figure', () => {
      const report: Report = {
        ...base,
        budgets: { perCall: null, perTask: null, perMonth: base.totals.usdPerMonth.expected / 2 },
        findings: [
          { ruleId: 'unbounded-agent-loop', severity: 'warning', message: 'loop', path: 'a.py', line: 3, usdPerMonthAtStake: null, fixes: [] },
          { ruleId: 'missing-output-cap', severity: 'info', message: 'cap', path: 'a.py', line: 5, usdPerMonthAtStake: 12, fixes: [{ title: 'add', safe: true }] },
          { ruleId: 'missing-output-cap', severity: 'error', message: 'cap', path: 'b.py', line: 7, usdPerMonthAtStake: null, fixes: [] },
        ],
      };
      const view = buildReportView(report);
      assert.equal(view.headline.overBudget, true);
      assert.deepEqual(
        view.savings.map((s) => [s.ruleId, s.findings, s.usdPerMonthAtStake, s.unquantified, s.severity, s.fixable]),
        [
          ['missing-output-cap', 2, 12, 1, 'error', 1],
          ['unbounded-agent-loop', 1, null, 1, 'warning', 0],
        ],
      );
      assert.deepEqual(view.findings.map((f) => f.line), [5, 3, 7], 'costliest first, then report order');
      assert.equal(view.findings[0].safeFixes, 1);
    });
  });
});
