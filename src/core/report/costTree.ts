// What the CostLens view shows, from the workspace report: the month's total, then the tasks grouped
// by where their code runs (production first), each with its call sites, and under each call site
// its assumptions and findings. Pure, so the view's figures are the report's (`costlens scan`'s) and
// are unit-tested in plain Node; src/vscode/features/costView.ts only draws it.
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { Assumption, LowExpectedHigh, Severity } from '../model';
import { notCountedWhy, rolledUpNames, type Report, type ReportCallSite } from './report';

export type CostTreeSort = 'cost' | 'name';

export interface CostTreeFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  line: number;
  usdPerMonthAtStake: number | null;
}

export interface CostTreeSite {
  /** The call site's key (as in the report). */
  key: string;
  site: ReportCallSite;
  assumptions: Assumption[];
  findings: CostTreeFinding[];
}

/** How a task's runs count in the month. */
export type TaskMonth =
  | { kind: 'counted'; usd: LowExpectedHigh | null }
  /** A helper's task: its calls are counted through the entry points that reach it (their names). */
  | { kind: 'rolledUp'; into: string[] }
  /** Outside production with no traffic stated: shown, not counted. */
  | { kind: 'notCounted'; scope: string; why: string };

export interface CostTreeTask {
  /** The task's key, or for a call site in no task (priced as a task of its own) the call site's. */
  key: string;
  name: string;
  path: string;
  line: number;
  scope: string;
  steps: number;
  /** A call site outside any task, counted as one task of its own (as the report's total does). */
  ownTask: boolean;
  usdPerTask: LowExpectedHigh | null;
  month: TaskMonth;
  sites: CostTreeSite[];
}

export interface CostTreeScope {
  scope: string;
  tasks: CostTreeTask[];
  /** Expected $ a month of the group's counted tasks. */
  usdPerMonth: number;
  notCounted: number;
}

export interface CostTree {
  totals: {
    usdPerMonth: LowExpectedHigh;
    tasksPerDay: number;
    daysPerMonth: number;
    callSites: number;
    unpricedCallSites: number;
    notCounted: number;
  };
  scopes: CostTreeScope[];
}

const SCOPE_ORDER = ['production', 'test', 'example', 'script', 'docs', 'notebook', 'library'];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What a task adds to the month (rolled-up and uncounted tasks add nothing of their own): for sorting. */
function monthly(t: CostTreeTask): number {
  return t.month.kind === 'counted' ? (t.month.usd?.expected ?? -1) : -1;
}

/** The call site each finding is about: the innermost one whose span holds it, else the nearest in its file. */
function findingsBySite(analyses: FileAnalysis[]): Map<string, CostTreeFinding[]> {
  const out = new Map<string, CostTreeFinding[]>();
  for (const a of analyses) {
    if (!a.findings.length || !a.callSites.length) continue;
    for (const f of a.findings) {
      const holding = a.callSites.filter((s) => s.kind === 'code' && s.span.start <= f.span.start && f.span.start <= s.span.end).sort((x, y) => x.span.end - x.span.start - (y.span.end - y.span.start))[0];
      const site = holding ?? [...a.callSites].sort((x, y) => Math.abs(x.line - f.line) - Math.abs(y.line - f.line) || x.line - y.line)[0];
      const list = out.get(site.key) ?? [];
      list.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, path: f.path, line: f.line, usdPerMonthAtStake: f.usdPerMonthAtStake ?? null });
      out.set(site.key, list);
    }
  }
  return out;
}

export function buildCostTree(report: Report, analyses: FileAnalysis[], sort: CostTreeSort = 'cost'): CostTree {
  const sites = new Map(report.callSites.map((s) => [s.key, s]));
  const findings = findingsBySite(analyses);
  const siteOf = (s: ReportCallSite): CostTreeSite => ({ key: s.key, site: s, assumptions: s.assumptions, findings: findings.get(s.key) ?? [] });
  const tasks: CostTreeTask[] = report.tasks.map((t) => {
    const scope = t.scope ?? 'production';
    let month: TaskMonth;
    if (t.rolledUpInto?.length) month = { kind: 'rolledUp', into: rolledUpNames(report, t.rolledUpInto) };
    else if (notCountedWhy(t)) month = { kind: 'notCounted', scope: notCountedWhy(t)!, why: t.traffic ?? `${scope} code, no traffic stated` };
    else month = { kind: 'counted', usd: t.usd?.perMonth ?? null };
    return {
      key: t.key,
      name: t.name,
      path: t.path,
      line: t.line,
      scope,
      steps: t.steps,
      ownTask: false,
      usdPerTask: t.usd?.perTask ?? null,
      month,
      sites: t.callSites.map((k) => sites.get(k)).filter((s): s is ReportCallSite => s !== undefined).map(siteOf),
    };
  });
  // A call site in no task is priced by the report as a task of its own at the stated traffic (and
  // added to the total so): listed as one, so the tasks add up to the total.
  const inTask = new Set(report.tasks.flatMap((t) => t.callSites));
  for (const s of report.callSites) {
    if (inTask.has(s.key) || s.testDouble) continue;
    tasks.push({ key: s.key, name: s.name ?? s.key, path: s.path, line: s.line, scope: s.scope ?? 'production', steps: s.multiplier.expected, ownTask: true, usdPerTask: s.usd?.perTask ?? null, month: { kind: 'counted', usd: s.usd?.perMonth ?? null }, sites: [siteOf(s)] });
  }

  const byName = (a: { name: string; path: string; line: number }, b: { name: string; path: string; line: number }) => byText(a.name.toLowerCase(), b.name.toLowerCase()) || byText(a.path, b.path) || a.line - b.line;
  const taskOrder = sort === 'cost' ? (a: CostTreeTask, b: CostTreeTask) => monthly(b) - monthly(a) || (b.usdPerTask?.expected ?? -1) - (a.usdPerTask?.expected ?? -1) || byName(a, b) : byName;
  const siteOrder =
    sort === 'cost'
      ? (a: CostTreeSite, b: CostTreeSite) => (b.site.usd?.perTask.expected ?? -1) - (a.site.usd?.perTask.expected ?? -1) || byText(a.site.path, b.site.path) || a.site.line - b.site.line
      : (a: CostTreeSite, b: CostTreeSite) => byText(a.site.path, b.site.path) || a.site.line - b.site.line;
  for (const t of tasks) t.sites.sort(siteOrder);

  const groups = new Map<string, CostTreeTask[]>();
  for (const t of tasks) groups.set(t.scope, [...(groups.get(t.scope) ?? []), t]);
  const rank = (s: string) => (SCOPE_ORDER.includes(s) ? SCOPE_ORDER.indexOf(s) : SCOPE_ORDER.length);
  const scopes = [...groups]
    .sort(([a], [b]) => rank(a) - rank(b) || byText(a, b))
    .map(([scope, list]) => ({
      scope,
      tasks: list.sort(taskOrder),
      usdPerMonth: list.reduce((n, t) => n + (t.month.kind === 'counted' ? (t.month.usd?.expected ?? 0) : 0), 0),
      notCounted: list.filter((t) => t.month.kind === 'notCounted').length,
    }));
  return {
    totals: {
      usdPerMonth: report.totals.usdPerMonth,
      tasksPerDay: report.traffic.tasksPerDay,
      daysPerMonth: report.traffic.daysPerMonth,
      callSites: report.totals.callSites,
      unpricedCallSites: report.totals.unpricedCallSites,
      notCounted: report.totals.notCounted?.tasks ?? 0,
    },
    scopes,
  };
}
