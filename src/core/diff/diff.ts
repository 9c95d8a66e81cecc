// The cost of a change: two analyses of a workspace (a base revision and a head) compared call site
// by call site, matched by their stable keys (paths carried through renames; a call whose function
// was renamed still pairs with its old self in the same file), with the change in tokens and
// dollars per call, per task and per month, the tasks that got dearer or cheaper, and the findings
// a change introduces or fixes. Pure: the CLI and the editor read the revisions.
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { Report, ReportCallSite, ReportFinding, ReportTask } from '../report/report';

export const DIFF_VERSION = 1;

export interface Delta {
  base: number | null;
  head: number | null;
  /** head − base (a side without a value counts as 0). */
  delta: number;
}

export type DiffStatus = 'added' | 'removed' | 'changed';

export interface DiffCallSite {
  status: DiffStatus;
  /** The head's key (the base's for a removed call site). */
  key: string;
  baseKey: string | null;
  path: string;
  /** 1-based, in the head (in the base for a removed call site). */
  line: number;
  name: string | null;
  model: { base: string | null; head: string | null };
  tokens: { input: Delta; cachedInput: Delta; output: Delta };
  callsPerTask: Delta;
  usd: { perCall: Delta; perTask: Delta; perMonth: Delta };
  /** What changed, in words: `model gpt-4o → gpt-4o-mini`, `calls per task 1 → 8`… */
  changes: string[];
}

export interface DiffTask {
  status: DiffStatus;
  key: string;
  name: string;
  path: string;
  line: number;
  steps: Delta;
  usd: { perTask: Delta; perMonth: Delta };
  /** Change of $ per task in percent of the base; null for a new task or a free base. */
  percentPerTask: number | null;
}

export interface DiffFinding extends ReportFinding {
  /** The call site the finding is about, when there is one. */
  callSite: string | null;
}

export interface DiffBudget {
  /** Largest increase allowed, USD per month (null: none set). */
  perMonth: number | null;
  /** Largest increase of any task's $ per task allowed, in percent (null: none set). */
  percentPerTask: number | null;
  /** Why the change is over a budget; empty when within. */
  exceeded: string[];
}

export interface DiffReport {
  version: typeof DIFF_VERSION;
  generatedAt: string;
  base: { rev: string; commit: string | null };
  head: { rev: string; commit: string | null };
  traffic: { base: Report['traffic']; head: Report['traffic'] };
  totals: {
    base: { usdPerMonth: number; callSites: number };
    head: { usdPerMonth: number; callSites: number };
    /** head − base, USD per month (expected). */
    deltaUsdPerMonth: number;
    /** Percent of the base; null when the base costs nothing. */
    percent: number | null;
    added: number;
    removed: number;
    changed: number;
    unchanged: number;
  };
  /** Added, removed and changed call sites, the largest change per month first. */
  callSites: DiffCallSite[];
  tasks: DiffTask[];
  findings: { introduced: DiffFinding[]; fixed: DiffFinding[] };
  budget: DiffBudget;
}

export interface DiffSide {
  rev: string;
  commit: string | null;
  report: Report;
  analyses: readonly FileAnalysis[];
}

const EPS = 1e-12;
const near = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= EPS * Math.max(1, Math.abs(a), Math.abs(b)));
const delta = (base: number | null | undefined, head: number | null | undefined): Delta => ({ base: base ?? null, head: head ?? null, delta: (head ?? 0) - (base ?? 0) });

/** A key with its path carried through a rename (keys start with the path). */
function renamedKey(key: string, path: string, renames: ReadonlyMap<string, string>): string {
  const to = renames.get(path);
  return to && key.startsWith(`${path}#`) ? to + key.slice(path.length) : key;
}

function siteDiff(status: DiffStatus, b: ReportCallSite | undefined, h: ReportCallSite | undefined): DiffCallSite {
  const s = (h ?? b)!;
  const changes: string[] = [];
  if (b && h) {
    if (b.model !== h.model) changes.push(`model ${b.model ?? 'unknown'} → ${h.model ?? 'unknown'}`);
    if (b.multiplier.expected !== h.multiplier.expected) changes.push(`calls per task ${b.multiplier.expected} → ${h.multiplier.expected}${h.multiplier.reason !== b.multiplier.reason ? ` (${h.multiplier.reason})` : ''}`);
    if (b.tokens.input !== h.tokens.input) changes.push(`input tokens ${b.tokens.input} → ${h.tokens.input}`);
    if (b.tokens.cacheablePrefix !== h.tokens.cacheablePrefix) changes.push(`cacheable prefix ${b.tokens.cacheablePrefix} → ${h.tokens.cacheablePrefix} tokens`);
    if (b.tokens.output !== h.tokens.output) changes.push(`output tokens ${b.tokens.output} → ${h.tokens.output}`);
    if (b.historyGrows !== h.historyGrows) changes.push(h.historyGrows ? 'the history now grows each step' : 'the history no longer grows');
    if (!!b.usd !== !!h.usd) changes.push(h.usd ? 'now priced' : 'no longer priced');
  }
  return {
    status,
    key: s.key,
    baseKey: b?.key ?? null,
    path: s.path,
    line: s.line,
    name: s.name ?? null,
    model: { base: b ? b.model : null, head: h ? h.model : null },
    tokens: { input: delta(b?.tokens.input, h?.tokens.input), cachedInput: delta(b?.tokens.cachedInput, h?.tokens.cachedInput), output: delta(b?.tokens.output, h?.tokens.output) },
    callsPerTask: delta(b?.multiplier.expected, h?.multiplier.expected),
    usd: {
      perCall: delta(b?.usd?.perCall.expected, h?.usd?.perCall.expected),
      perTask: delta(b?.usd?.perTask.expected, h?.usd?.perTask.expected),
      perMonth: delta(b?.usd?.perMonth.expected, h?.usd?.perMonth.expected),
    },
    changes,
  };
}

function sameFigures(b: ReportCallSite, h: ReportCallSite): boolean {
  return (
    b.model === h.model &&
    b.tokens.input === h.tokens.input &&
    b.tokens.output === h.tokens.output &&
    b.tokens.cachedInput === h.tokens.cachedInput &&
    b.multiplier.expected === h.multiplier.expected &&
    b.historyGrows === h.historyGrows &&
    near(b.usd?.perCall.expected ?? null, h.usd?.perCall.expected ?? null) &&
    near(b.usd?.perTask.expected ?? null, h.usd?.perTask.expected ?? null) &&
    near(b.usd?.perMonth.expected ?? null, h.usd?.perMonth.expected ?? null)
  );
}

/** Pairs of (base, head) call sites: by key through renames, then left-overs of one file in order when the same API calls remain. */
function pairSites(base: ReportCallSite[], head: ReportCallSite[], renames: ReadonlyMap<string, string>): { pairs: [ReportCallSite, ReportCallSite][]; removed: ReportCallSite[]; added: ReportCallSite[] } {
  const headByKey = new Map(head.map((h) => [h.key, h]));
  const pairs: [ReportCallSite, ReportCallSite][] = [];
  const matched = new Set<string>();
  const leftBase: ReportCallSite[] = [];
  for (const b of base) {
    const h = headByKey.get(renamedKey(b.key, b.path, renames));
    if (h && !matched.has(h.key)) {
      pairs.push([b, h]);
      matched.add(h.key);
    } else leftBase.push(b);
  }
  const leftHead = head.filter((h) => !matched.has(h.key));
  // A renamed function (or a new `costlens: id=`) changes a key: the same file's unmatched calls of
  // the same API pair up in order when there are as many on each side.
  const removed: ReportCallSite[] = [];
  const added: ReportCallSite[] = [...leftHead];
  const groups = new Map<string, ReportCallSite[]>();
  for (const b of leftBase) {
    const g = `${renames.get(b.path) ?? b.path}\u0000${b.api}`;
    groups.set(g, [...(groups.get(g) ?? []), b]);
  }
  for (const [g, bs] of groups) {
    const hs = added.filter((h) => `${h.path}\u0000${h.api}` === g);
    if (hs.length === bs.length) {
      bs.sort((x, y) => x.line - y.line);
      hs.sort((x, y) => x.line - y.line);
      bs.forEach((b, i) => pairs.push([b, hs[i]]));
      for (const h of hs) added.splice(added.indexOf(h), 1);
    } else removed.push(...bs);
  }
  return { pairs, removed, added };
}

/** A task's identity across revisions: its file (through renames) and name; its line moves with edits. */
function taskId(t: ReportTask, renames?: ReadonlyMap<string, string>): string {
  return `${renames?.get(t.path) ?? t.path}#${t.name}`;
}

function diffTasks(base: ReportTask[], head: ReportTask[], renames: ReadonlyMap<string, string>): DiffTask[] {
  const out: DiffTask[] = [];
  const headById = new Map<string, ReportTask[]>();
  for (const h of head) headById.set(taskId(h), [...(headById.get(taskId(h)) ?? []), h]);
  const one = (status: DiffStatus, b: ReportTask | undefined, h: ReportTask | undefined): DiffTask => {
    const t = (h ?? b)!;
    const perTask = delta(b?.usd?.perTask.expected, h?.usd?.perTask.expected);
    return {
      status,
      key: t.key,
      name: t.name,
      path: t.path,
      line: t.line,
      steps: delta(b?.steps, h?.steps),
      usd: { perTask, perMonth: delta(b?.usd?.perMonth.expected, h?.usd?.perMonth.expected) },
      percentPerTask: b?.usd && h?.usd && b.usd.perTask.expected > 0 ? (100 * perTask.delta) / b.usd.perTask.expected : null,
    };
  };
  for (const b of base) {
    const list = headById.get(taskId(b, renames));
    const h = list?.shift();
    if (!h) out.push(one('removed', b, undefined));
    else if (!near(b.usd?.perTask.expected ?? null, h.usd?.perTask.expected ?? null) || !near(b.usd?.perMonth.expected ?? null, h.usd?.perMonth.expected ?? null) || b.steps !== h.steps) out.push(one('changed', b, h));
  }
  for (const list of headById.values()) for (const h of list) out.push(one('added', undefined, h));
  return out.sort((a, b) => Math.abs(b.usd.perMonth.delta) - Math.abs(a.usd.perMonth.delta) || a.key.localeCompare(b.key));
}

/** The call site a finding is on: the one whose lines hold it, else the nearest one above it in its file. */
function anchorOf(f: ReportFinding, analyses: ReadonlyMap<string, FileAnalysis>): string | null {
  const sites = analyses.get(f.path)?.callSites ?? [];
  const on = sites.find((s) => s.line <= f.line && f.line <= (s.endLine ?? s.line));
  if (on) return on.key;
  const above = sites.filter((s) => s.line <= f.line).sort((a, b) => b.line - a.line)[0];
  return above?.key ?? null;
}

export interface DiffBudgetSettings {
  perMonth: number | null;
  percentPerTask: number | null;
}

export function diffReports(base: DiffSide, head: DiffSide, renames: ReadonlyMap<string, string> = new Map(), budgets: DiffBudgetSettings = { perMonth: null, percentPerTask: null }): DiffReport {
  const { pairs, removed, added } = pairSites(base.report.callSites, head.report.callSites, renames);
  const callSites: DiffCallSite[] = [];
  let unchanged = 0;
  for (const [b, h] of pairs) {
    if (sameFigures(b, h)) unchanged++;
    else callSites.push(siteDiff('changed', b, h));
  }
  for (const b of removed) callSites.push(siteDiff('removed', b, undefined));
  for (const h of added) callSites.push(siteDiff('added', undefined, h));
  callSites.sort((a, b) => Math.abs(b.usd.perMonth.delta) - Math.abs(a.usd.perMonth.delta) || a.key.localeCompare(b.key));

  // Findings: the same rule on the same call site (through renames and re-keyings) is the same finding.
  const pairedKey = new Map(pairs.map(([b, h]) => [b.key, h.key]));
  const baseFiles = new Map(base.analyses.map((a) => [a.path, a]));
  const headFiles = new Map(head.analyses.map((a) => [a.path, a]));
  const idOf = (f: ReportFinding, anchor: string | null, side: 'base' | 'head') => {
    const path = side === 'base' ? (renames.get(f.path) ?? f.path) : f.path;
    const site = anchor && side === 'base' ? (pairedKey.get(anchor) ?? anchor) : anchor;
    return `${f.ruleId}\u0000${path}\u0000${site ?? ''}`;
  };
  const baseFindings = base.report.findings.map((f) => ({ ...f, callSite: anchorOf(f, baseFiles) }));
  const headFindings = head.report.findings.map((f) => ({ ...f, callSite: anchorOf(f, headFiles) }));
  const baseIds = new Set(baseFindings.map((f) => idOf(f, f.callSite, 'base')));
  const headIds = new Set(headFindings.map((f) => idOf(f, f.callSite, 'head')));
  const introduced = headFindings.filter((f) => !baseIds.has(idOf(f, f.callSite, 'head')));
  const fixed = baseFindings.filter((f) => !headIds.has(idOf(f, f.callSite, 'base')));
  const atStake = (f: DiffFinding) => -(f.usdPerMonthAtStake ?? 0);
  introduced.sort((a, b) => atStake(a) - atStake(b));
  fixed.sort((a, b) => atStake(a) - atStake(b));

  const tasks = diffTasks(base.report.tasks, head.report.tasks, renames);
  const b = base.report.totals.usdPerMonth.expected;
  const h = head.report.totals.usdPerMonth.expected;
  const exceeded: string[] = [];
  if (budgets.perMonth !== null && h - b > budgets.perMonth) exceeded.push(`the change adds $${(h - b).toFixed(2)} a month, over the budget of $${budgets.perMonth.toFixed(2)} (budgets.diffPerMonth)`);
  if (budgets.percentPerTask !== null) {
    for (const t of tasks) {
      if (t.percentPerTask !== null && t.percentPerTask > budgets.percentPerTask) exceeded.push(`the task ${t.name} (${t.path}:${t.line}) costs ${t.percentPerTask.toFixed(1)}% more per task, over the budget of ${budgets.percentPerTask}% (budgets.diffPercentPerTask)`);
    }
  }
  return {
    version: DIFF_VERSION,
    generatedAt: new Date().toISOString(),
    base: { rev: base.rev, commit: base.commit },
    head: { rev: head.rev, commit: head.commit },
    traffic: { base: base.report.traffic, head: head.report.traffic },
    totals: {
      base: { usdPerMonth: b, callSites: base.report.callSites.length },
      head: { usdPerMonth: h, callSites: head.report.callSites.length },
      deltaUsdPerMonth: h - b,
      percent: b > 0 ? (100 * (h - b)) / b : null,
      added: added.length,
      removed: removed.length,
      changed: callSites.filter((c) => c.status === 'changed').length,
      unchanged,
    },
    callSites,
    tasks,
    findings: { introduced, fixed },
    budget: { perMonth: budgets.perMonth, percentPerTask: budgets.percentPerTask, exceeded },
  };
}
