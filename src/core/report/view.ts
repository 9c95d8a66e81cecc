// What the cost report webview shows, computed from the core `Report`: pure, so every figure the
// page displays is unit-tested in plain Node, and the page itself only lays it out.
import type { AnalysisError, LowExpectedHigh, Severity } from '../model';
import { RULES } from '../rules';
import type { Report, ReportCallSite } from './report';

/** Bumped when the shape changes, so a page restored from an older state ignores it. */
export const REPORT_VIEW_VERSION = 1;

export type RowKind = 'task' | 'site' | 'model' | 'file';

/** One row of the tasks, call sites, models or files table. */
export interface CostRow {
  /** Unique in the view (`site:<call-site key>`, `task:<task key>`, `model:<id>`, `file:<path>`): focus messages name it. */
  id: string;
  kind: RowKind;
  /** The call site's, task's, model's or file's own key (a call-site key, a path…). */
  key: string;
  label: string;
  /** A second line under the label (location, provider, why a task runs so often…). */
  detail: string;
  /** Where clicking the row goes; null for rows that are not one place (models). */
  location: { path: string; line: number } | null;
  /** Model id of a call site (null: unresolved); for other rows the models used, comma-separated. */
  model: string | null;
  callSites: number;
  /** Calls per task (the multiplier's expected value; summed for a group). */
  callsPerTask: number;
  /** Expected USD of one call (for a group: its calls' mean). Null when nothing in the row is priced. */
  usdPerCall: number | null;
  /** Expected USD per task (for a group: the sum over its call sites). */
  usdPerTask: number | null;
  /** Expected USD per month at the stated traffic. */
  usdPerMonth: number | null;
  usdPerMonthRange: LowExpectedHigh | null;
  /** Expected tokens of one call (for a group: weighted by calls per task). */
  inputTokens: number;
  outputTokens: number;
  /** Share of the workspace's expected $/month, 0–1; null when unpriced. */
  share: number | null;
  /** Call sites in the row with no known price: the row's dollars leave them out. */
  unpricedCallSites: number;
  /** Some token counts are estimates (no offline tokenizer for the model): shown with ≈. */
  estimatedTokens: boolean;
  /** Short flags a person should notice: `history grows`, `unbounded loop`, `5,000 tasks/day`. */
  notes: string[];
  /** What telemetry saw, summed over the row's call sites: $ a month at the observed rate; null when nothing was seen. */
  observedUsdPerMonth: number | null;
}

export interface ChartBar {
  /** The row the bar stands for (`model:…`, `task:…`), or `other` for the rest lumped together. */
  id: string;
  label: string;
  usdPerMonth: number;
  share: number;
}

export interface RuleSavings {
  ruleId: string;
  /** What the rule finds, in one sentence (the rule's own description; '' for a rule this build does not know). */
  description: string;
  /** The rule's page, relative to the extension (and repository) root. */
  docsPath: string;
  findings: number;
  /** Sum of the findings' USD per month at stake; null when none of them states a figure. */
  usdPerMonthAtStake: number | null;
  /** Findings of the rule that state no dollar figure. */
  unquantified: number;
  /** The most severe of its findings. */
  severity: Severity;
  /** Findings with a fix the editor (or `costlens check --fix`) can apply. */
  fixable: number;
}

export interface FindingRow {
  id: string;
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  line: number;
  usdPerMonthAtStake: number | null;
  fixes: number;
  safeFixes: number;
}

export interface ReportView {
  version: typeof REPORT_VIEW_VERSION;
  generatedAt: string;
  toolVersion: string;
  headline: {
    usdPerMonth: LowExpectedHigh;
    /** Mean cost of one task, weighted by each task's traffic; null when no task is priced. */
    usdPerTask: LowExpectedHigh | null;
    tasks: number;
    /** Tasks with every call site priced: those `usdPerTask` is the mean of. */
    pricedTasks: number;
    callSites: number;
    files: number;
    unpricedCallSites: number;
    findings: number;
    errors: number;
    traffic: {
      tasksPerDay: number;
      daysPerMonth: number;
      /** Tasks whose `costlens: tasks-per-day=N` comment sets their own rate. */
      tasksWithOwnRate: number;
      /** The assumption in words: `2,000 tasks/day × 30 days`. */
      text: string;
    };
    budgetPerMonth: number | null;
    overBudget: boolean;
  };
  /** Present when the report carries telemetry: observed against estimated, for the call sites seen. */
  observed?: { usdPerMonth: number; estimatedUsdPerMonth: number; gapUsdPerMonth: number; callSites: number; calls: number; unmatchedCalls: number };
  charts: { byModel: ChartBar[]; byTask: ChartBar[] };
  tasks: CostRow[];
  callSites: CostRow[];
  models: CostRow[];
  files: CostRow[];
  savings: RuleSavings[];
  findings: FindingRow[];
  errors: AnalysisError[];
}

/** Bars a chart shows before lumping the rest into one "other" bar. */
export const CHART_MAX_BARS = 10;

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Larger $/month first; unpriced rows last; then by label, then id, so the order is stable. */
export function compareRows(a: CostRow, b: CostRow): number {
  const av = a.usdPerMonth ?? -1;
  const bv = b.usdPerMonth ?? -1;
  if (av !== bv) return bv - av;
  return a.label < b.label ? -1 : a.label > b.label ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function siteNotes(s: ReportCallSite): string[] {
  const notes: string[] = [];
  if (s.testDouble) notes.push(`test double (${s.testDouble})`);
  else if (!s.usd) notes.push(s.model ? `no price for ${s.model}` : 'model unresolved');
  if (s.historyGrows) notes.push('history grows');
  if (s.multiplier.unbounded) notes.push('unbounded loop');
  if (!s.outputCap) notes.push('no output cap');
  return notes;
}

/** A group of call sites (a task, a model, a file, or one site) as a table row. */
function groupRow(
  base: Pick<CostRow, 'id' | 'kind' | 'key' | 'label' | 'detail' | 'location' | 'notes'> & { model?: string | null },
  sites: ReportCallSite[],
  total: number,
): CostRow {
  const priced = sites.filter((s) => s.usd);
  const callsPerTask = sites.reduce((n, s) => n + s.multiplier.expected, 0);
  const pricedCalls = priced.reduce((n, s) => n + s.multiplier.expected, 0);
  const usdPerTask = priced.length ? priced.reduce((n, s) => n + s.usd!.perTask.expected, 0) : null;
  const range = priced.length
    ? priced.reduce((r, s) => ({ low: r.low + s.usd!.perMonth.low, expected: r.expected + s.usd!.perMonth.expected, high: r.high + s.usd!.perMonth.high }), { low: 0, expected: 0, high: 0 })
    : null;
  let usdPerCall: number | null = null;
  if (sites.length === 1 && priced.length === 1) usdPerCall = priced[0].usd!.perCall.expected;
  else if (usdPerTask !== null) usdPerCall = pricedCalls > 0 ? usdPerTask / pricedCalls : 0;
  const weighted = (f: (s: ReportCallSite) => number): number => {
    if (sites.length === 1) return f(sites[0]);
    return callsPerTask > 0 ? sites.reduce((n, s) => n + f(s) * s.multiplier.expected, 0) / callsPerTask : 0;
  };
  const models = [...new Set(sites.map((s) => s.model ?? 'unresolved'))].sort();
  return {
    ...base,
    model: base.model !== undefined ? base.model : models.join(', '),
    callSites: sites.length,
    callsPerTask,
    usdPerCall,
    usdPerTask,
    usdPerMonth: range ? range.expected : null,
    usdPerMonthRange: range,
    inputTokens: weighted((s) => s.tokens.input),
    outputTokens: weighted((s) => s.tokens.output),
    share: range ? (total > 0 ? range.expected / total : 0) : null,
    unpricedCallSites: sites.length - priced.length,
    estimatedTokens: sites.some((s) => !s.exactTokens),
    observedUsdPerMonth: sites.some((s) => s.observed?.usdPerMonth != null) ? sites.reduce((n, s) => n + (s.observed?.usdPerMonth ?? 0), 0) : null,
  };
}

function bars(rows: CostRow[], total: number): ChartBar[] {
  const priced = rows.filter((r) => r.usdPerMonth !== null);
  // Two tasks named alike (a `summarize` prompt file and a `summarize` function) are told apart by file.
  const named = new Map<string, number>();
  for (const r of priced) named.set(r.label, (named.get(r.label) ?? 0) + 1);
  const label = (r: CostRow): string => (named.get(r.label)! > 1 && r.location ? `${r.label} (${r.location.path.split('/').pop()})` : r.label);
  const toBar = (r: CostRow): ChartBar => ({ id: r.id, label: label(r), usdPerMonth: r.usdPerMonth!, share: total > 0 ? r.usdPerMonth! / total : 0 });
  if (priced.length <= CHART_MAX_BARS) return priced.map(toBar);
  const shown = priced.slice(0, CHART_MAX_BARS - 1).map(toBar);
  const rest = priced.slice(CHART_MAX_BARS - 1);
  const usd = rest.reduce((n, r) => n + r.usdPerMonth!, 0);
  return [...shown, { id: 'other', label: `${rest.length} others`, usdPerMonth: usd, share: total > 0 ? usd / total : 0 }];
}

export function buildReportView(report: Report): ReportView {
  const total = report.totals.usdPerMonth.expected;
  const sites = report.callSites;
  const siteByKey = new Map(sites.map((s) => [s.key, s]));

  const callSites = sites
    .map((s) =>
      groupRow(
        {
          id: `site:${s.key}`,
          kind: 'site',
          key: s.key,
          label: s.name ?? s.key,
          detail: `${s.path}:${s.line} · ${s.provider} ${s.api}`,
          location: { path: s.path, line: s.line },
          model: s.model,
          notes: siteNotes(s),
        },
        [s],
        total,
      ),
    )
    .sort(compareRows);

  // A call site outside any task (a prompt file, a top-level call) is priced by the report as a task
  // of its own at the stated traffic; listing it as one keeps the tasks table adding up to the total.
  const inTask = new Set(report.tasks.flatMap((t) => t.callSites));
  const defaultRate = report.traffic.tasksPerDay;
  const tasks = [
    ...report.tasks.map((t) => {
      const members = t.callSites.map((k) => siteByKey.get(k)).filter((s): s is ReportCallSite => s !== undefined);
      const notes: string[] = [];
      if (t.tasksPerDay !== defaultRate) notes.push(`${count(t.tasksPerDay)} tasks/day`);
      if (t.historyGrows) notes.push('history grows');
      if (members.some((s) => s.multiplier.unbounded)) notes.push('unbounded loop');
      if (members.length && members.every((s) => !s.usd)) notes.push('unpriced');
      else if (members.some((s) => !s.usd)) notes.push('partly unpriced');
      return groupRow(
        {
          id: `task:${t.key}`,
          kind: 'task',
          key: t.key,
          label: t.name,
          detail: `${t.path}:${t.line} · ${t.steps} step${t.steps === 1 ? '' : 's'}${t.reason ? ` (${t.reason})` : ''}`,
          location: { path: t.path, line: t.line },
          notes,
        },
        members,
        total,
      );
    }),
    ...sites
      .filter((s) => !inTask.has(s.key))
      .map((s) =>
        groupRow(
          {
            id: `task:${s.key}`,
            kind: 'task',
            key: s.key,
            label: s.name ?? s.key,
            detail: `${s.path}:${s.line} · ${s.kind === 'prompt-file' ? 'prompt file' : 'call'}, one task of its own`,
            location: { path: s.path, line: s.line },
            notes: s.usd ? [] : ['unpriced'],
          },
          [s],
          total,
        ),
      ),
  ].sort(compareRows);

  const byModel = new Map<string | null, ReportCallSite[]>();
  for (const s of sites) {
    const list = byModel.get(s.model);
    if (list) list.push(s);
    else byModel.set(s.model, [s]);
  }
  const models = [...byModel].map(([model, members]) => {
    const providers = [...new Set(members.map((s) => s.provider))].sort().join(', ');
    const priced = members.find((s) => s.pricedModel)?.pricedModel;
    const notes: string[] = [];
    if (model && !priced) notes.push('no price');
    if (members.some((s) => !s.exactTokens)) notes.push('≈ tokens');
    return groupRow(
      {
        id: `model:${model ?? ''}`,
        kind: 'model',
        key: model ?? '',
        label: model ?? 'unresolved model',
        detail: `${providers} · ${members.length} call site${members.length === 1 ? '' : 's'}${priced && priced !== model ? ` · priced as ${priced}` : ''}`,
        location: null,
        model,
        notes,
      },
      members,
      total,
    );
  }).sort(compareRows);

  const byFile = new Map<string, ReportCallSite[]>();
  for (const s of sites) {
    const list = byFile.get(s.path);
    if (list) list.push(s);
    else byFile.set(s.path, [s]);
  }
  const files = [...byFile].map(([path, members]) =>
    groupRow(
      {
        id: `file:${path}`,
        kind: 'file',
        key: path,
        label: path,
        detail: `${members.length} call site${members.length === 1 ? '' : 's'}`,
        location: { path, line: members.reduce((min, s) => Math.min(min, s.line), Infinity) },
        notes: members.some((s) => !s.usd) ? ['partly unpriced'] : [],
      },
      members,
      total,
    ),
  ).sort(compareRows);

  const byRule = new Map<string, RuleSavings>();
  for (const f of report.findings) {
    const r = byRule.get(f.ruleId) ?? { ruleId: f.ruleId, description: RULES.find((x) => x.meta.id === f.ruleId)?.meta.description ?? '', docsPath: ruleDocsPath(f.ruleId), findings: 0, usdPerMonthAtStake: null, unquantified: 0, severity: f.severity, fixable: 0 };
    r.findings++;
    if (f.usdPerMonthAtStake === null) r.unquantified++;
    else r.usdPerMonthAtStake = (r.usdPerMonthAtStake ?? 0) + f.usdPerMonthAtStake;
    if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[r.severity]) r.severity = f.severity;
    if (f.fixes.length) r.fixable++;
    byRule.set(f.ruleId, r);
  }
  const savings = [...byRule.values()].sort((a, b) => (b.usdPerMonthAtStake ?? -1) - (a.usdPerMonthAtStake ?? -1) || b.findings - a.findings || (a.ruleId < b.ruleId ? -1 : 1));

  const findings: FindingRow[] = report.findings
    .map((f, i) => ({
      id: `finding:${i}`,
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      path: f.path,
      line: f.line,
      usdPerMonthAtStake: f.usdPerMonthAtStake,
      fixes: f.fixes.length,
      safeFixes: f.fixes.filter((x) => x.safe).length,
    }))
    // Costliest first; the report's file-and-line order among equals (sort is stable).
    .sort((a, b) => (b.usdPerMonthAtStake ?? -1) - (a.usdPerMonthAtStake ?? -1));

  // Mean cost of a task, each task weighted by how often it runs.
  const pricedTasks = tasks.filter((t) => t.usdPerMonth !== null && t.unpricedCallSites === 0);
  const rates = new Map(report.tasks.map((t) => [`task:${t.key}`, t.tasksPerDay]));
  const rateOf = (t: CostRow): number => rates.get(t.id) ?? defaultRate;
  const taskRuns = pricedTasks.reduce((n, t) => n + rateOf(t), 0) * report.traffic.daysPerMonth;
  const monthly = pricedTasks.reduce((r, t) => ({ low: r.low + t.usdPerMonthRange!.low, expected: r.expected + t.usdPerMonthRange!.expected, high: r.high + t.usdPerMonthRange!.high }), { low: 0, expected: 0, high: 0 });
  const usdPerTask = pricedTasks.length && taskRuns > 0 ? { low: monthly.low / taskRuns, expected: monthly.expected / taskRuns, high: monthly.high / taskRuns } : null;

  const tasksWithOwnRate = report.tasks.filter((t) => t.tasksPerDay !== defaultRate).length;
  const budgetPerMonth = report.budgets.perMonth;
  const t = report.telemetry;
  return {
    ...(t
      ? {
          observed: {
            usdPerMonth: t.observedUsdPerMonth,
            estimatedUsdPerMonth: t.estimatedUsdPerMonth,
            gapUsdPerMonth: t.gapUsdPerMonth,
            callSites: t.observedCallSites,
            calls: t.calls,
            unmatchedCalls: t.unmatchedCalls,
          },
        }
      : {}),
    version: REPORT_VIEW_VERSION,
    generatedAt: report.generatedAt,
    toolVersion: report.tool.version,
    headline: {
      usdPerMonth: report.totals.usdPerMonth,
      usdPerTask,
      tasks: tasks.length,
      pricedTasks: pricedTasks.length,
      callSites: report.totals.callSites,
      files: report.totals.files,
      unpricedCallSites: report.totals.unpricedCallSites,
      findings: report.findings.length,
      errors: report.errors.length,
      traffic: {
        tasksPerDay: defaultRate,
        daysPerMonth: report.traffic.daysPerMonth,
        tasksWithOwnRate,
        text: `${count(defaultRate)} tasks/day × ${count(report.traffic.daysPerMonth)} days${tasksWithOwnRate ? ` (${tasksWithOwnRate} task${tasksWithOwnRate === 1 ? '' : 's'} with a rate of ${tasksWithOwnRate === 1 ? 'its' : 'their'} own)` : ''}`,
      },
      budgetPerMonth,
      overBudget: budgetPerMonth !== null && report.totals.usdPerMonth.expected > budgetPerMonth,
    },
    charts: { byModel: bars(models, total), byTask: bars(tasks, total) },
    tasks,
    callSites,
    models,
    files,
    savings,
    findings,
    errors: report.errors,
  };
}
