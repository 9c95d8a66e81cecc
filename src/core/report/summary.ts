// Figures the editor and the report show for one file's analysis: a task's cost (the sum of its
// call sites' costs per task) and per month at its traffic. One definition, used by the lens, the
// hover, the status bar and the report alike.
import type { ConfigValues } from '../../config/load';
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { CallSite, Estimate, LowExpectedHigh, Task } from '../model';
import { combineTask, typicalOfTask } from '../estimate/task';
import { scopeOf, statedTraffic } from '../analysis/scopes';

export interface TaskCost {
  task: Task;
  sites: CallSite[];
  /** Undefined when a call site of the task has no price. */
  perTask?: LowExpectedHigh;
  perMonth?: LowExpectedHigh;
  tasksPerDay: number;
}

const scale = (a: LowExpectedHigh, k: number): LowExpectedHigh => ({ low: a.low * k, expected: a.expected * k, high: a.high * k });

export function trafficOf(config: ConfigValues): { tasksPerDay: number; daysPerMonth: number } {
  return { tasksPerDay: config['traffic.tasksPerDay'] as number, daysPerMonth: config['traffic.daysPerMonth'] as number };
}

export function taskCost(analysis: FileAnalysis, task: Task, config: ConfigValues): TaskCost {
  const { tasksPerDay, daysPerMonth } = trafficOf(config);
  // A test double's call adds nothing to a task.
  const sites = task.callSiteKeys.map((k) => analysis.callSites.find((c) => c.key === k)).filter((c): c is CallSite => !!c && !c.testDouble);
  const estimates = sites.map((s) => analysis.estimates.get(s.key));
  const tpd = task.tasksPerDay ?? tasksPerDay;
  if (!sites.length || estimates.some((e) => !e?.usd)) return { task, sites, tasksPerDay: tpd };
  const perTask = combineTask(sites.map((s, i) => ({ exclusive: s.exclusive, perTask: estimates[i]!.usd!.perTask })));
  // A month averages its tasks: each call at its expected count, over its per-call range (not the cap).
  const typical = typicalOfTask(estimates.map((e) => ({ usd: e!.usd! })));
  return { task, sites, perTask, perMonth: scale({ ...typical, expected: perTask.expected }, tpd * daysPerMonth), tasksPerDay: tpd };
}

/** How a task's month reads: `$2.8k/month @ 1k tasks/day`, or why it has none (`not counted: example code`). */
export function monthText(task: Task | undefined, perMonth: LowExpectedHigh | undefined, tasksPerDay: number, fmtUsd: (n: number) => string, fmtCount: (n: number) => string): string {
  if (task?.reachedFrom?.length) return `runs in ${task.reachedFrom.map((r) => r.name).join(', ')}: counted in a month there`;
  if (task?.tasksPerDay === 0 && task.scope && task.scope !== 'production') return `not counted in a month (${task.scope} code)`;
  if (!perMonth) return '';
  return `${fmtUsd(perMonth.expected)}/month @ ${fmtCount(tasksPerDay)} tasks/day`;
}

/** The task a call site belongs to, if any. */
export function taskOf(analysis: FileAnalysis, key: string): Task | undefined {
  return analysis.tasks.find((t) => t.callSiteKeys.includes(key));
}

/** Runs a day of the task a call belongs to: its own traffic, or the sum of the entry points that reach it. */
export function runsPerDay(task: Task | undefined, config: ConfigValues): number {
  const { tasksPerDay } = trafficOf(config);
  // A helper an entry point runs several times a run (called twice, in a loop) runs that many times a day more.
  if (task?.reachedFrom?.length) return task.reachedFrom.reduce((n, r) => n + (statedTraffic(r.key, r.path, config)?.tasksPerDay ?? (!r.library && !r.undeployed && scopeOf(r.path, config).scope === 'production' ? tasksPerDay : 0)) * (r.times?.expected ?? 1), 0);
  return task?.tasksPerDay ?? tasksPerDay;
}

/** Runs a month of the task a call site belongs to (what its per-task cost is multiplied by for a month). */
export function siteTasksPerMonth(analysis: FileAnalysis, site: CallSite, config: ConfigValues): number {
  return runsPerDay(taskOf(analysis, site.key), config) * trafficOf(config).daysPerMonth;
}

/** Monthly cost of a call site alone, at its task's traffic (through the entry points that reach it). */
export function siteMonthly(analysis: FileAnalysis, site: CallSite, estimate: Estimate | undefined, config: ConfigValues): LowExpectedHigh | undefined {
  if (!estimate?.usd) return undefined;
  const { daysPerMonth } = trafficOf(config);
  return scale(typicalOfTask([{ usd: estimate.usd }]), runsPerDay(taskOf(analysis, site.key), config) * daysPerMonth);
}
