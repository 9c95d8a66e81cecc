// The versioned JSON report (`costlens scan --format json`). Its shape is an interface users
// script CI around: add fields, never rename or remove them. Documented in README.md.
import type { ConfigValues } from '../../config/load';
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { AnalysisError, Assumption, Finding, LowExpectedHigh, Multiplier, PricePerMtok, Severity, Task } from '../model';
import type { Percentiles, WorkspaceObservations } from '../telemetry/observations';
import { combineTask, typicalOfTask } from '../estimate/task';
import { scopeOf, statedTraffic } from '../analysis/scopes';

export const REPORT_VERSION = 1;

export interface ReportCallSite {
  key: string;
  kind: 'code' | 'prompt-file';
  path: string;
  /** 1-based line where the call or prompt starts (in a notebook: within its cell). */
  line: number;
  /** Notebooks: the cell (1-based among all the notebook's cells). */
  cell?: number;
  provider: string;
  /** The SDK or framework the call goes through (`openai`, `crewai`, `pydantic-ai`…). */
  sdk?: string;
  /** Where the code runs: `production`, `test`, `example`, `script`, `docs`, `notebook` (only production counts toward a month by default). */
  scope?: string;
  /** Absent for a chat request: `agent-run`, `embedding`, `image`, `audio`. */
  operation?: string;
  /** The model is a test double (what it is): no price, kept out of totals and findings. */
  testDouble?: string;
  /** A self-hosted model (what serves it): $0 API cost. */
  selfHosted?: string;
  api: string;
  /** Resolved model id, or null with `modelUnresolvedReason`. */
  model: string | null;
  modelUnresolvedReason?: string;
  /** The price catalogue's entry the call was priced on. */
  pricedModel: string | null;
  /** Where the price comes from: the catalogue (with its provider's pricing page), a dated supplement row, or settings. */
  priceSource?: string;
  /** Where the model id is written when not at the call (`app/llm.py:12`: a config module, a caller, a class default). */
  modelFrom?: string;
  /** Every model the call can use when the code gives several (`model` is the first): the USD range spans them. */
  modelAlternatives?: { id: string; from: string }[];
  /** The model is not in the code but taken from a stated default: an assumption. */
  modelAssumed?: boolean;
  name?: string;
  tokens: {
    input: number;
    cachedInput: number;
    cacheWrite: number;
    output: number;
    staticInput: number;
    dynamicInput: number;
    cacheablePrefix: number;
    inputRange: LowExpectedHigh;
    outputRange: LowExpectedHigh;
    /** Reasoning (thinking) tokens per call, billed as output besides `output`, with their range and basis. */
    reasoning?: number;
    reasoningRange?: LowExpectedHigh;
    reasoningBasis?: string;
  };
  exactTokens: boolean;
  tokenizer: string;
  outputCap: { tokens: number; param: string } | null;
  multiplier: Multiplier;
  /** Input grows at each step of the task (history resent): perTask is the sum over the steps. */
  historyGrows: boolean;
  /** null when no price is known for the model. */
  usd: {
    perCall: LowExpectedHigh;
    perCallNoCache: LowExpectedHigh;
    perTask: LowExpectedHigh;
    perMonth: LowExpectedHigh;
  } | null;
  pricesPerMtok: PricePerMtok | null;
  contextWindow: number | null;
  assumptions: Assumption[];
  /** What telemetry saw for this call site (present when the scan read a telemetry store; null: nothing seen). */
  observed?: ReportObserved | null;
}

export interface ReportObserved {
  calls: number;
  callsPerDay: number;
  /** ISO 8601: the first and last call seen. */
  from: string;
  to: string;
  inputTokens: Percentiles;
  cachedInputTokens: Percentiles;
  outputTokens: Percentiles;
  /** Null when no call seen had a price. */
  usdPerCall: Percentiles | null;
  /** Mean $ per call × calls per day × days per month. */
  usdPerMonth: number | null;
  cacheHitRate: number;
  errors: number;
  models: string[];
  /** How the calls were matched to this call site: by code location, declared name, model + function. */
  joinedBy: Record<string, number>;
  recentTraceIds: string[];
}

export interface ReportTask {
  key: string;
  name: string;
  path: string;
  line: number;
  /** Notebooks: the cell the task starts in. */
  cell?: number;
  /** Where the code runs (see ReportCallSite.scope). */
  scope?: string;
  /** Where `tasksPerDay` comes from when the task has its own (a comment, .costlens.json traffic, or not counted outside production). */
  traffic?: string;
  /** What triggers the task: a route, a CLI main, a job, a handler, a script (with how it was recognised). */
  entryPoint?: { kind: string; label: string };
  /** The task's function runs as part of these entry points' tasks (its calls are counted in a month through them). */
  rolledUpInto?: string[];
  steps: number;
  historyGrows: boolean;
  callSites: string[];
  reason: string;
  tasksPerDay: number;
  usd: { perTask: LowExpectedHigh; perMonth: LowExpectedHigh } | null;
}

export interface ReportPromptFile {
  path: string;
  /** The prompt's name (its front matter's, or the file's). */
  name?: string;
  sentBy: { key: string; path: string; line: number; usdPerCall: LowExpectedHigh | null }[];
}

export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  line: number;
  /** Notebooks: the cell `line` is in. */
  cell?: number;
  usdPerMonthAtStake: number | null;
  fixes: { title: string; safe: boolean }[];
}

export interface Report {
  version: typeof REPORT_VERSION;
  generatedAt: string;
  tool: { name: 'costlens'; version: string };
  traffic: { tasksPerDay: number; daysPerMonth: number };
  /** Budgets from settings (USD; null when unset). */
  budgets: { perCall: number | null; perTask: number | null; perMonth: number | null };
  /** `testDoubles`: call sites whose model is a test double (mock, fake): in `callSites`, never in the figures. */
  totals: {
    callSites: number;
    files: number;
    /** Production tasks (and tasks with stated traffic) a month: tests, examples, docs, scripts and notebooks count only with stated traffic. */
    usdPerMonth: LowExpectedHigh;
    unpricedCallSites: number;
    testDoubles?: number;
    /** Tasks left out of the month (no traffic outside production), by scope. */
    notCounted?: { tasks: number; byScope: Record<string, number> };
  };
  callSites: ReportCallSite[];
  tasks: ReportTask[];
  /**
   * Present when tasks of several projects count in the month (folders with their own manifest:
   * pyproject.toml, requirements.txt, setup.py, Pipfile, package.json; '' the workspace's root):
   * each project's month, dearest first (of its tasks with a price).
   */
  projects?: ReportProject[];
  /**
   * Prompt files a code call sends (read by path, loaded by name): part of those calls' figures, so
   * neither call sites nor tasks of their own; each lists the calls that send it and what they cost.
   */
  promptFiles?: ReportPromptFile[];
  findings: ReportFinding[];
  errors: AnalysisError[];
  /** Present when the scan read a telemetry store. */
  telemetry?: ReportTelemetry;
}

export interface ReportProject {
  /** The project's folder, workspace-relative ('' the root). */
  path: string;
  /** Its counted tasks' month (expected), at their traffic. */
  usdPerMonth: number;
  /** Its tasks counted in the month. */
  tasks: number;
}

export interface ReportTelemetry {
  calls: number;
  matchedCalls: number;
  unmatchedCalls: number;
  /** Call sites telemetry saw, and their cost a month as estimated and as observed. */
  observedCallSites: number;
  estimatedUsdPerMonth: number;
  observedUsdPerMonth: number;
  /** observed − estimated, for those call sites. */
  gapUsdPerMonth: number;
  /** The most recent calls that matched no call site, with why. */
  unmatched: { model: string | null; file: string | null; line: number | null; names: string[]; traceId: string; at: string; reason: string }[];
}


const scale = (v: LowExpectedHigh, k: LowExpectedHigh | number): LowExpectedHigh =>
  typeof k === 'number' ? { low: v.low * k, expected: v.expected * k, high: v.high * k } : { low: v.low * k.low, expected: v.expected * k.expected, high: v.high * k.high };
const add = (a: LowExpectedHigh, b: LowExpectedHigh): LowExpectedHigh => ({ low: a.low + b.low, expected: a.expected + b.expected, high: a.high + b.high });
const ZERO: LowExpectedHigh = { low: 0, expected: 0, high: 0 };

/**
 * The names of the entry points a task rolls up into, as a reader tells them apart: entry points of
 * the same name (`__main__` of three scripts, `graph` of two files) carry their file.
 */
export function rolledUpNames(report: Report, keys: readonly string[]): string[] {
  const byKey = new Map(report.tasks.map((t) => [t.key, t]));
  const named = keys.map((k) => byKey.get(k));
  // Told apart among every entry point of the report (two files' `graph`), not only these.
  const count = new Map<string, number>();
  for (const t of new Set([...named, ...report.tasks.filter((x) => x.entryPoint)])) if (t) count.set(t.name, (count.get(t.name) ?? 0) + 1);
  return [...new Set(named.map((t, i) => (!t ? keys[i] : (count.get(t.name) ?? 0) > 1 ? `${t.name} (${t.path.split('/').pop()})` : t.name)))];
}

/** How often one run of an entry point runs a helper, and its bound: `, 3 times a run, up to 6 (why)`. */
export function runsText(times: { expected: number; max: number; reason: string } | undefined): string {
  if (!times) return '';
  return `, ${+times.expected.toFixed(2)} times a run${times.max !== times.expected ? `, up to ${+times.max.toFixed(2)}` : ''} (${times.reason})`;
}

function reportFinding(f: Finding): ReportFinding {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, path: f.path, line: f.line, ...(f.cell !== undefined ? { cell: f.cell } : {}), usdPerMonthAtStake: f.usdPerMonthAtStake ?? null, fixes: f.fixes.map((x) => ({ title: x.title, safe: x.safe })) };
}

export function buildReport(files: FileAnalysis[], config: ConfigValues, extraErrors: AnalysisError[] = [], version = '0.0.0', observations?: WorkspaceObservations): Report {
  const tasksPerDay = config['traffic.tasksPerDay'] as number;
  const daysPerMonth = config['traffic.daysPerMonth'] as number;
  const callSites: ReportCallSite[] = [];
  let total = ZERO;
  let unpriced = 0;
  let testDoubles = 0;
  // A file that holds nothing adds nothing (in a cached scan of a large workspace, most of them).
  const sorted = files.filter((f) => f.callSites.length || f.tasks.length || f.findings.length || f.errors.length).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const rollup = rollUp(sorted, config);
  // Prompt files whose text a code call sends: counted once, in that call.
  const sentBy = new Map<string, ReportPromptFile['sentBy']>();
  for (const f of sorted) {
    for (const site of f.callSites) {
      if (site.kind !== 'code') continue;
      const usdPerCall = f.estimates.get(site.key)?.usd?.perCall ?? null;
      for (const from of new Set(site.parts.map((p) => p.path).filter((p): p is string => !!p && p !== site.path))) {
        const list = sentBy.get(from) ?? [];
        if (!list.some((x) => x.key === site.key)) list.push({ key: site.key, path: site.path, line: site.line, usdPerCall });
        sentBy.set(from, list);
      }
    }
  }
  const promptFiles: ReportPromptFile[] = [];
  for (const file of sorted) {
    const taskOf = new Map<string, (typeof file.tasks)[number]>();
    for (const t of file.tasks) for (const k of t.callSiteKeys) taskOf.set(k, t);
    for (const site of file.callSites) {
      const e = file.estimates.get(site.key);
      if (!e) continue;
      const sent = site.kind === 'prompt-file' ? sentBy.get(site.path) : undefined;
      if (sent) {
        promptFiles.push({ path: site.path, ...(site.name ? { name: site.name } : {}), sentBy: sent });
        continue;
      }
      const task = taskOf.get(site.key);
      // A call runs once per run of each entry point that reaches it (at that entry's traffic); a
      // call in no task (a prompt file of its own) is a task of its own at its own traffic.
      const monthFactor = (rollup.sitePerDay.get(site.key) ?? task?.tasksPerDay ?? ownTraffic(site.key, site.path, config).perDay) * daysPerMonth;
      // A month averages its tasks: the range of the task at its expected calls, not one task at its cap.
      const usd = e.usd ? { perCall: e.usd.perCall, perCallNoCache: e.usd.perCallNoCache, perTask: e.usd.perTask, perMonth: scale(typicalOfTask([{ usd: e.usd }]), monthFactor) } : null;
      if (site.testDouble) testDoubles++;
      // The month adds calls through their tasks (alternatives take one arm).
      else if (!usd) unpriced++;
      callSites.push({
        key: site.key,
        kind: site.kind,
        path: site.path,
        line: site.line,
        ...(site.cell !== undefined ? { cell: site.cell } : {}),
        provider: site.provider,
        ...(site.sdk ? { sdk: site.sdk } : {}),
        ...(site.scope ? { scope: site.scope } : {}),
        ...(site.operation ? { operation: site.operation } : {}),
        ...(site.testDouble ? { testDouble: site.testDouble } : {}),
        ...(site.selfHosted ? { selfHosted: site.selfHosted } : {}),
        api: site.api,
        model: site.model.id ?? null,
        ...(site.model.id ? {} : { modelUnresolvedReason: site.model.unresolvedReason ?? 'not found' }),
        pricedModel: e.pricedModel ?? null,
        ...(e.priceSource ? { priceSource: e.priceSource } : {}),
        ...(site.model.from ? { modelFrom: site.model.from } : {}),
        ...(site.model.alternatives && site.model.alternatives.length > 1 ? { modelAlternatives: site.model.alternatives.map((a) => ({ id: a.id, from: a.from })) } : {}),
        ...(site.model.assumed ? { modelAssumed: true } : {}),
        ...(site.name ? { name: site.name } : {}),
        tokens: {
          input: e.tokens.input,
          cachedInput: e.tokens.cachedInput,
          cacheWrite: e.tokens.cacheWrite,
          output: e.tokens.output,
          staticInput: e.tokens.staticInput,
          dynamicInput: e.tokens.dynamicInput,
          cacheablePrefix: e.tokens.cacheablePrefix,
          inputRange: e.inputRange,
          outputRange: e.outputRange,
          ...(e.tokens.reasoning !== undefined ? { reasoning: e.tokens.reasoning, reasoningRange: e.reasoningRange, reasoningBasis: e.reasoningBasis } : {}),
        },
        exactTokens: e.exact,
        tokenizer: e.tokenizer,
        outputCap: site.outputCap ? { tokens: site.outputCap.tokens, param: site.outputCap.param } : null,
        multiplier: e.multiplier ?? site.multiplier,
        historyGrows: !!site.historyGrows,
        usd,
        pricesPerMtok: e.prices ?? null,
        contextWindow: e.contextWindow ?? null,
        assumptions: e.assumptions,
        ...(observations ? { observed: observedOf(observations, site.key, daysPerMonth) } : {}),
      });
    }
  }
  const tasks: ReportTask[] = [];
  const byKey = new Map(callSites.map((c) => [c.key, c]));
  const exclusiveOf = new Map(sorted.flatMap((f) => f.callSites.map((c) => [c.key, c.exclusive] as const)));
  const estimateOf = new Map(sorted.flatMap((f) => [...f.estimates]));
  /** A task's cost from its call sites: per task (alternatives take one arm) and per month at `perDay`. */
  const costOf = (siteKeys: string[], perDay: number, times?: Map<string, { expected: number; max: number }>) => {
    // A test double's call adds nothing to a task (a task of test doubles only has no price).
    const sites = siteKeys.map((k) => byKey.get(k)).filter((c): c is ReportCallSite => c !== undefined && !c.testDouble);
    const priced = sites.length > 0 && sites.every((s) => s.usd);
    // A helper the entry point runs several times (called twice, in a loop) counts that many times.
    const perTaskOf = (s: ReportCallSite) => {
      const t = times?.get(s.key);
      const p = s.usd!.perTask;
      return t ? { low: p.low, expected: p.expected * t.expected, high: p.high * t.max } : p;
    };
    const combined = combineTask(sites.filter((s) => s.usd).map((s) => ({ exclusive: exclusiveOf.get(s.key), perTask: perTaskOf(s) })));
    // The month averages the task's runs: each call at its expected count, over its per-call range.
    const typical = typicalOfTask(sites.filter((s) => estimateOf.get(s.key)?.usd).map((s) => ({ usd: estimateOf.get(s.key)!.usd!, times: times?.get(s.key)?.expected })));
    const month = scale({ ...typical, expected: combined.expected }, perDay * daysPerMonth);
    // The month counts the priced calls of every counted task (an unpriced one is said in the totals).
    total = add(total, month);
    return priced ? { perTask: combined, perMonth: month } : null;
  };
  for (const file of sorted) {
    for (const t of file.tasks) {
      const entry = rollup.entries.get(t.key);
      if (t.reachedFrom?.length) {
        // Part of the entry points' runs: listed, counted in a month through them.
        const into = t.reachedFrom.map((r) => r.key);
        tasks.push({ ...taskFields(t), traffic: `runs as part of ${t.reachedFrom.map((r) => `${r.name} (${r.path}:${r.line})${runsText(r.times)}`).join(', ')}`, tasksPerDay: 0, rolledUpInto: into, usd: costOf(t.callSiteKeys, 0) });
        continue;
      }
      const siteKeys = entry ? [...entry.siteKeys] : t.callSiteKeys;
      const perDay = entry ? entry.perDay : t.tasksPerDay ?? tasksPerDay;
      tasks.push({ ...taskFields(t), ...(entry ? { entryPoint: entry.kind, callSites: siteKeys, traffic: entry.traffic ?? t.traffic } : {}), tasksPerDay: perDay, usd: costOf(siteKeys, perDay, entry?.times) });
    }
  }
  // A call in no task (a prompt file no code sends, a call the extraction put in none): a task of
  // its own, so the task list and the month agree with the call sites.
  const inTask = new Set(tasks.flatMap((t) => t.callSites));
  for (const site of callSites) {
    if (site.testDouble || inTask.has(site.key)) continue;
    const own = ownTraffic(site.key, site.path, config);
    tasks.push({
      key: site.key,
      name: site.name ?? site.path.split('/').pop()!,
      path: site.path,
      line: site.line,
      ...(site.cell !== undefined ? { cell: site.cell } : {}),
      scope: own.scope,
      ...(own.traffic ? { traffic: own.traffic } : {}),
      steps: site.multiplier.expected,
      historyGrows: site.historyGrows,
      callSites: [site.key],
      reason: site.kind === 'prompt-file' ? 'a prompt file no code of the workspace sends: a task of its own' : 'a call in no function: a task of its own',
      tasksPerDay: own.perDay,
      usd: costOf([site.key], own.perDay),
    });
  }
  // Entry points whose own function makes no call (a route that calls a helper that does).
  for (const [key, entry] of rollup.entries) {
    if (entry.own) continue;
    tasks.push({
      key,
      name: entry.ref.name,
      path: entry.ref.path,
      line: entry.ref.line,
      scope: entry.scope,
      // A graph's run: every node's calls on the expected path, each as often as the graph's loops pass.
      steps: entry.kind.kind === 'graph' ? graphSteps(entry, byKey) : Math.max(0, ...[...entry.siteKeys].map((k) => byKey.get(k)?.multiplier.expected ?? 0)),
      historyGrows: [...entry.siteKeys].some((k) => byKey.get(k)?.historyGrows),
      callSites: [...entry.siteKeys],
      reason: `${entry.ref.label}: the calls of the helpers it reaches`,
      entryPoint: entry.kind,
      ...(entry.traffic ? { traffic: entry.traffic } : {}),
      tasksPerDay: entry.perDay,
      usd: costOf([...entry.siteKeys], entry.perDay, entry.times),
    });
  }
  const projects = projectsOf(tasks, sorted);
  // In file order: by path (files are sorted), then line.
  const findings = sorted.flatMap((f) => [...f.findings].sort((a, b) => a.line - b.line || a.span.start - b.span.start)).map(reportFinding);
  const errors = [...extraErrors, ...sorted.flatMap((f) => f.errors)];
  let telemetry: ReportTelemetry | undefined;
  if (observations) {
    const seen = callSites.filter((c) => c.observed && c.observed.usdPerMonth !== null && c.usd);
    const estimated = seen.reduce((sum, c) => sum + c.usd!.perMonth.expected, 0);
    const observed = seen.reduce((sum, c) => sum + c.observed!.usdPerMonth!, 0);
    telemetry = {
      calls: observations.matchedCount + observations.unmatchedCount,
      matchedCalls: observations.matchedCount,
      unmatchedCalls: observations.unmatchedCount,
      observedCallSites: callSites.filter((c) => c.observed).length,
      estimatedUsdPerMonth: estimated,
      observedUsdPerMonth: observed,
      gapUsdPerMonth: observed - estimated,
      unmatched: observations.unmatched.slice(0, 50).map(({ call, reason }) => ({ model: call.m ?? null, file: call.f ?? null, line: call.l ?? null, names: call.n ?? [], traceId: call.tr, at: new Date(call.t).toISOString(), reason })),
    };
  }
  return {
    version: REPORT_VERSION,
    generatedAt: new Date().toISOString(),
    tool: { name: 'costlens', version },
    traffic: { tasksPerDay, daysPerMonth },
    budgets: { perCall: config['budgets.perCall'] as number | null, perTask: config['budgets.perTask'] as number | null, perMonth: config['budgets.perMonth'] as number | null },
    totals: { callSites: callSites.length, files: new Set(callSites.map((c) => c.path)).size, usdPerMonth: total, unpricedCallSites: unpriced, testDoubles, ...notCountedOf(tasks) },
    callSites,
    tasks,
    ...(promptFiles.length ? { promptFiles } : {}),
    ...(projects ? { projects } : {}),
    findings,
    errors,
    ...(telemetry ? { telemetry } : {}),
  };
}

/**
 * The month of each project whose tasks count in it, dearest first — when there are several (a
 * collection of apps, a monorepo): each runs at its own traffic, and their sum is not one app's bill.
 */
function projectsOf(tasks: ReportTask[], files: FileAnalysis[]): ReportProject[] | undefined {
  const projectOfPath = new Map(files.map((f) => [f.path, f.project ?? '']));
  const by = new Map<string, ReportProject>();
  for (const t of tasks) {
    const month = t.usd?.perMonth.expected ?? 0;
    if (t.rolledUpInto?.length || !(month > 0)) continue;
    const path = projectOfPath.get(t.path) ?? '';
    const p = by.get(path) ?? { path, usdPerMonth: 0, tasks: 0 };
    p.usdPerMonth += month;
    p.tasks++;
    by.set(path, p);
  }
  return by.size > 1 ? [...by.values()].sort((a, b) => b.usdPerMonth - a.usdPerMonth || (a.path < b.path ? -1 : 1)) : undefined;
}

function taskFields(t: Task): Omit<ReportTask, 'tasksPerDay' | 'usd'> {
  return {
    key: t.key,
    name: t.name,
    path: t.path,
    line: t.line,
    ...(t.cell !== undefined ? { cell: t.cell } : {}),
    ...(t.scope ? { scope: t.scope } : {}),
    ...(t.traffic ? { traffic: t.traffic } : {}),
    ...(t.entry ? { entryPoint: t.entry } : {}),
    steps: t.steps,
    historyGrows: t.historyGrows,
    callSites: t.callSiteKeys,
    reason: t.reason,
  };
}

interface Entry {
  ref: { name: string; path: string; line: number; label: string };
  kind: { kind: string; label: string };
  /** The entry point's function holds calls of its own (it is a task of its file). */
  own: boolean;
  siteKeys: Set<string>;
  /** Calls of helpers one run makes more than once (the helper called twice, in a loop). */
  times: Map<string, { expected: number; max: number }>;
  perDay: number;
  traffic?: string;
  scope: string;
}

/**
 * Tasks are what a user or a schedule triggers: each entry point with the calls of the helpers it
 * reaches (through callers, found at extraction), at the entry point's traffic — stated, the
 * default in production, none elsewhere. Calls in no entry point's reach stay tasks of their own.
 */
function rollUp(files: FileAnalysis[], config: ConfigValues): { entries: Map<string, Entry>; sitePerDay: Map<string, number> } {
  const defaultPerDay = config['traffic.tasksPerDay'] as number;
  const entries = new Map<string, Entry>();
  const make = (key: string, ref: Entry['ref'], kind: Entry['kind'], own: Task | undefined, graph?: { untriggered?: boolean; library?: string; undeployed?: string }): Entry => {
    let e = entries.get(key);
    if (e) {
      if (own) e.own = true;
      return e;
    }
    const pathScope = scopeOf(ref.path, config);
    const stated = statedTraffic(key, ref.path, config);
    // A graph nothing runs: library code in a distributable package, else an application's at the default traffic, said so.
    const library = !stated && graph?.library;
    const scope = library ? 'library' : pathScope.scope;
    // A graph the workspace's langgraph.json leaves out, that nothing runs: not deployed, so no traffic.
    const undeployed = !stated && !library && graph?.undeployed;
    const perDay = own?.tasksPerDay ?? stated?.tasksPerDay ?? (scope === 'production' && !undeployed ? defaultPerDay : 0);
    const traffic =
      own?.traffic ??
      (stated ? `.costlens.json traffic["${stated.key}"]`
      : library ? `not counted in a month: library code (${graph!.library}) that nothing in this workspace runs or deploys: it runs in its users' programs; state its traffic in .costlens.json "traffic", or scope it "production", to count it`
      : undeployed && scope === 'production' ? `not counted in a month: not deployed (${undeployed}) and nothing in this workspace runs it; state its traffic in .costlens.json "traffic" to count it`
      : scope !== 'production' ? `not counted in a month: ${scope} code (${pathScope.reason}); state its traffic in .costlens.json "traffic" to count it`
      : graph?.untriggered ? `assumed: the default ${defaultPerDay.toLocaleString('en-US')} tasks/day (traffic.tasksPerDay); not in langgraph.json and nothing in this workspace runs it`
      : undefined);
    e = { ref, kind: { kind: kind.kind, label: kind.label }, own: !!own, siteKeys: new Set(), times: new Map(), perDay, scope, ...(traffic ? { traffic } : {}) };
    entries.set(key, e);
    return e;
  };
  // Entry points that are tasks themselves first (their own traffic comment applies), then those reached.
  for (const f of files) for (const t of f.tasks) if (t.entry && !t.reachedFrom?.length) for (const k of t.callSiteKeys) make(t.key, { name: t.name, path: t.path, line: t.line, label: t.entry.label }, t.entry, t).siteKeys.add(k);
  for (const f of files) {
    for (const t of f.tasks) {
      for (const r of t.reachedFrom ?? []) {
        const e = make(r.key, r, r, undefined, r);
        for (const k of t.callSiteKeys) {
          e.siteKeys.add(k);
          if (r.times) e.times.set(k, { expected: r.times.expected, max: r.times.max });
        }
      }
    }
  }
  const sitePerDay = new Map<string, number>();
  for (const e of entries.values()) for (const k of e.siteKeys) sitePerDay.set(k, (sitePerDay.get(k) ?? 0) + e.perDay * (e.times.get(k)?.expected ?? 1));
  return { entries, sitePerDay };
}

/** The model calls one run of a graph makes on its expected path: each node's calls × the passes of the loops it is on. */
function graphSteps(entry: Entry, byKey: Map<string, ReportCallSite>): number {
  let n = 0;
  for (const k of entry.siteKeys) {
    const site = byKey.get(k);
    if (site && !site.testDouble) n += site.multiplier.expected * (entry.times.get(k)?.expected ?? 1);
  }
  return +n.toFixed(2);
}

/** The traffic of a call that is a task of its own: stated, the default in production, none elsewhere. */
function ownTraffic(key: string, path: string, config: ConfigValues): { perDay: number; scope: string; traffic?: string } {
  const scope = scopeOf(path, config);
  const stated = statedTraffic(key, path, config);
  if (stated) return { perDay: stated.tasksPerDay, scope: scope.scope, traffic: `.costlens.json traffic["${stated.key}"]` };
  if (scope.scope === 'production') return { perDay: config['traffic.tasksPerDay'] as number, scope: scope.scope };
  return { perDay: 0, scope: scope.scope, traffic: `not counted in a month: ${scope.scope} code (${scope.reason}); state its traffic in .costlens.json "traffic" to count it` };
}

/**
 * Why a task is left out of the month, when it is: its scope (`test`, `example`, `library`…), or
 * `not deployed` (a LangGraph graph the workspace's langgraph.json leaves out and nothing runs).
 */
export function notCountedWhy(t: Pick<ReportTask, 'tasksPerDay' | 'scope' | 'traffic' | 'rolledUpInto'>): string | undefined {
  if (t.tasksPerDay !== 0 || !t.scope || t.rolledUpInto) return undefined;
  if (t.scope !== 'production') return t.scope;
  return t.traffic?.startsWith('not counted in a month: not deployed') ? 'not deployed' : undefined;
}

function notCountedOf(tasks: ReportTask[]): { notCounted?: { tasks: number; byScope: Record<string, number> } } {
  const byScope: Record<string, number> = {};
  let n = 0;
  for (const t of tasks) {
    const why = notCountedWhy(t);
    if (!why) continue;
    byScope[why] = (byScope[why] ?? 0) + 1;
    n++;
  }
  return n ? { notCounted: { tasks: n, byScope } } : {};
}

function observedOf(observations: WorkspaceObservations, key: string, daysPerMonth: number): ReportObserved | null {
  const o = observations.byKey.get(key);
  if (!o) return null;
  return {
    calls: o.count,
    callsPerDay: o.callsPerDay,
    from: new Date(o.windowStartMs).toISOString(),
    to: new Date(o.windowEndMs).toISOString(),
    inputTokens: o.inputTokens,
    cachedInputTokens: o.cachedInputTokens,
    outputTokens: o.outputTokens,
    usdPerCall: o.usdPerCall ?? null,
    usdPerMonth: o.usdPerCall ? o.usdPerCall.mean * o.callsPerDay * daysPerMonth : null,
    cacheHitRate: o.cacheHitRate,
    errors: o.errors,
    models: o.models,
    joinedBy: o.joinedBy as Record<string, number>,
    recentTraceIds: o.recent.slice(0, 10).map((r) => r.traceId),
  };
}
