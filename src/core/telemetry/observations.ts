// What telemetry saw, kept compact (StoredCall), priced, joined to call sites and summed up per
// call site: count, calls per day, percentiles of tokens and cost, cache hit rate, recent traces.
// Calls past the store's retention are not dropped but folded into CallSummary records (one per
// code location, names and model: what the join reads), which every figure here counts too.
import type { ConfigValues } from '../../config/load';
import { lookupPricing } from '../pricing/catalogue';
import { costOf, NormalizedUsage } from '../pricing/usage';
import type { ObservedCall } from './call';
import type { CallSiteIndex, JoinedBy } from './join';

/** One observed call as stored: short keys, since stores hold hundreds of thousands of them. */
export interface StoredCall {
  /** Start, Unix ms; duration, ms. */
  t: number;
  d: number;
  /** Provider, model (the response's when known), operation. */
  p?: string;
  m?: string;
  /** Tokens: input (cached included), cache read, cache write (and of those 1-hour), output, reasoning. */
  in: number;
  cr: number;
  cw: number;
  cw1h: number;
  out: number;
  rs: number;
  /** USD; null when neither the span nor the price catalogue gave a price. */
  usd: number | null;
  /** Where usd comes from: the span itself, or the catalogue's prices. */
  usdFrom: 'span' | 'priced' | 'none';
  tr: string;
  sp: string;
  /** Code location and declared names, for joining again when the code changes. */
  f?: string;
  l?: number;
  fn?: string;
  n?: string[];
  src: string;
  err?: boolean;
  /** The call had no usage on its span (tokens unknown, not zero). */
  noUsage?: boolean;
}

const finite = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : 0);

/** Price an observed call with the catalogue, by each provider's cache accounting. */
export function priceObserved(call: ObservedCall, config: ConfigValues): number | undefined {
  const model = call.responseModel ?? call.requestModel;
  if (!model || !call.usage) return undefined;
  const pricing =
    lookupPricing(model, call.provider, { overrides: config['pricing.overrides'] as never, customModels: config['pricing.customModels'] as never }) ??
    (call.responseModel && call.requestModel ? lookupPricing(call.requestModel, call.provider, { overrides: config['pricing.overrides'] as never, customModels: config['pricing.customModels'] as never }) : undefined);
  if (!pricing) return undefined;
  const u = call.usage;
  const input = finite(u.input);
  const read = Math.min(finite(u.cacheRead), input);
  const write = Math.min(finite(u.cacheWrite), input - read);
  const write1h = Math.min(finite(u.cacheWrite1h), write);
  const usage: NormalizedUsage = {
    format: 'openai-chat',
    inputTokens: input,
    uncachedInputTokens: input - read - write,
    cacheReadTokens: read,
    cacheWrite5mTokens: write - write1h,
    cacheWrite1hTokens: write1h,
    outputTokens: finite(u.output),
    reasoningTokens: finite(u.reasoning),
  };
  return costOf(usage, pricing, config['pricing.batch'] as boolean).total;
}

export function toStoredCall(call: ObservedCall, config: ConfigValues): StoredCall {
  const priced = call.costUsd !== undefined && Number.isFinite(call.costUsd) && call.costUsd >= 0 ? undefined : priceObserved(call, config);
  const u = call.usage;
  return {
    t: finite(call.startMs),
    d: finite(call.durationMs),
    ...(call.provider ? { p: call.provider } : {}),
    ...((call.responseModel ?? call.requestModel) ? { m: call.responseModel ?? call.requestModel } : {}),
    in: finite(u?.input),
    cr: finite(u?.cacheRead),
    cw: finite(u?.cacheWrite),
    cw1h: finite(u?.cacheWrite1h),
    out: finite(u?.output),
    rs: finite(u?.reasoning),
    usd: call.costUsd !== undefined && Number.isFinite(call.costUsd) && call.costUsd >= 0 ? call.costUsd : (priced ?? null),
    usdFrom: call.costUsd !== undefined && Number.isFinite(call.costUsd) && call.costUsd >= 0 ? 'span' : priced !== undefined ? 'priced' : 'none',
    tr: call.traceId,
    sp: call.spanId,
    ...(call.location.file ? { f: call.location.file } : {}),
    ...(call.location.line !== undefined ? { l: call.location.line } : {}),
    ...(call.location.function ? { fn: call.location.function } : {}),
    ...(call.names.length ? { n: call.names } : {}),
    src: call.source,
    ...(call.error ? { err: true } : {}),
    ...(u ? {} : { noUsage: true }),
  };
}

/** Back to the form the join reads. */
export function asObservedCall(s: StoredCall): ObservedCall {
  return {
    traceId: s.tr,
    spanId: s.sp,
    startMs: s.t,
    durationMs: s.d,
    provider: s.p,
    responseModel: s.m,
    location: { file: s.f, line: s.l, function: s.fn },
    names: s.n ?? [],
    source: s.src,
  };
}

/**
 * Calls beyond the store's retention, folded together by what the join reads (code location,
 * declared names, model): counts, sums and log-scale histograms enough for every figure
 * observationStats gives (count, rate, window, means, p50/p95 within 1%, cache hit rate, errors).
 */
export interface CallSummary {
  f?: string;
  l?: number;
  fn?: string;
  n?: string[];
  m?: string;
  count: number;
  /** First start and last end, Unix ms. */
  from: number;
  to: number;
  /** Calls with usage, and the sums of their tokens. */
  withUsage: number;
  in: number;
  cr: number;
  out: number;
  /** Calls with a price, and the sum of it. */
  priced: number;
  usd: number;
  errors: number;
  /** Histograms (bucket → calls; see bucketOf) of input, cached and output tokens per call with usage, and USD per priced call. */
  hIn: Record<string, number>;
  hCr: Record<string, number>;
  hOut: Record<string, number>;
  hUsd: Record<string, number>;
}

/** Histogram buckets grow by 2% each: a value read back from its bucket is within 1% of it. */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);

/** The bucket of a value: `z` for 0, else the integer i with GROWTH^(i-1) < v ≤ GROWTH^i. */
export function bucketOf(v: number): string {
  return v <= 0 ? 'z' : String(Math.ceil(Math.log(v) / LOG_GROWTH - 1e-9));
}

/** The value a bucket stands for: the middle of its range (relative error under 1%). */
export function bucketValue(b: string): number {
  if (b === 'z') return 0;
  const i = Number(b);
  return (2 * GROWTH ** i) / (GROWTH + 1);
}

/** The key calls are summarised by: what the join reads. */
export function summaryKey(c: { f?: string; l?: number; fn?: string; n?: string[]; m?: string }): string {
  return JSON.stringify([c.f ?? null, c.l ?? null, c.fn ?? null, c.n ?? null, c.m ?? null]);
}

export function emptySummary(c: { f?: string; l?: number; fn?: string; n?: string[]; m?: string }): CallSummary {
  return {
    ...(c.f !== undefined ? { f: c.f } : {}),
    ...(c.l !== undefined ? { l: c.l } : {}),
    ...(c.fn !== undefined ? { fn: c.fn } : {}),
    ...(c.n !== undefined ? { n: c.n } : {}),
    ...(c.m !== undefined ? { m: c.m } : {}),
    count: 0,
    from: Infinity,
    to: -Infinity,
    withUsage: 0,
    in: 0,
    cr: 0,
    out: 0,
    priced: 0,
    usd: 0,
    errors: 0,
    hIn: {},
    hCr: {},
    hOut: {},
    hUsd: {},
  };
}

const bump = (h: Record<string, number>, v: number) => {
  const b = bucketOf(v);
  h[b] = (h[b] ?? 0) + 1;
};

/** Fold one call into a summary. */
export function addToSummary(s: CallSummary, c: StoredCall): void {
  s.count++;
  s.from = Math.min(s.from, c.t);
  s.to = Math.max(s.to, c.t + c.d);
  if (!c.noUsage) {
    s.withUsage++;
    s.in += c.in;
    s.cr += c.cr;
    s.out += c.out;
    bump(s.hIn, c.in);
    bump(s.hCr, c.cr);
    bump(s.hOut, c.out);
  }
  if (c.usd !== null) {
    s.priced++;
    s.usd += c.usd;
    bump(s.hUsd, c.usd);
  }
  if (c.err) s.errors++;
}

/** Fold one summary into another (the catch-all, when there are too many). */
export function mergeSummary(into: CallSummary, s: CallSummary): void {
  into.count += s.count;
  into.from = Math.min(into.from, s.from);
  into.to = Math.max(into.to, s.to);
  for (const k of ['withUsage', 'in', 'cr', 'out', 'priced', 'usd', 'errors'] as const) into[k] += s[k];
  for (const h of ['hIn', 'hCr', 'hOut', 'hUsd'] as const) for (const [b, n] of Object.entries(s[h])) into[h][b] = (into[h][b] ?? 0) + n;
}

/** The form the join reads, for a summary. */
export function summaryAsObservedCall(s: CallSummary): ObservedCall {
  return { traceId: '', spanId: '', startMs: s.from, durationMs: 0, responseModel: s.m, location: { file: s.f, line: s.l, function: s.fn }, names: s.n ?? [], source: 'summary' };
}

export interface Percentiles {
  p50: number;
  p95: number;
  mean: number;
}

export interface ObservationStats {
  count: number;
  /** Calls a day over the window seen (at least an hour, so a burst is not taken for a rate). */
  callsPerDay: number;
  windowStartMs: number;
  windowEndMs: number;
  inputTokens: Percentiles;
  cachedInputTokens: Percentiles;
  outputTokens: Percentiles;
  /** USD per call over the calls with a price; undefined when none had one. */
  usdPerCall?: Percentiles;
  pricedCalls: number;
  /** Share of input tokens read from the cache. */
  cacheHitRate: number;
  errors: number;
  /** Models seen, most calls first. */
  models: string[];
  /** Most recent calls first. */
  recent: { traceId: string; spanId: string; startMs: number; inputTokens: number; outputTokens: number; usd: number | null; model?: string }[];
  joinedBy: Partial<Record<JoinedBy, number>>;
  /** Runs (distinct traces) among the calls kept one by one, and this call site's calls per run. */
  runs: number;
  callsPerRun: number;
  /** Reasoning tokens per call, over the calls that reported any. */
  reasoningTokens?: Percentiles;
}

/** Percentiles of the values kept one by one and of the summaries' histograms together; the mean from exact sums. */
function percentiles(values: number[], histograms: Record<string, number>[] = [], summedCount = 0, summedTotal = 0): Percentiles {
  const n = values.length + summedCount;
  if (!n) return { p50: 0, p95: 0, mean: 0 };
  const mean = (values.reduce((s, v) => s + v, 0) + summedTotal) / n;
  if (!histograms.length) {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
    return { p50: at(0.5), p95: at(0.95), mean };
  }
  const weighted: [number, number][] = values.map((v) => [v, 1]);
  for (const h of histograms) for (const [b, c] of Object.entries(h)) weighted.push([bucketValue(b), c]);
  weighted.sort((a, b) => a[0] - b[0]);
  const total = weighted.reduce((s, [, c]) => s + c, 0);
  const at = (p: number) => {
    const rank = Math.min(total, Math.max(1, Math.ceil(p * total)));
    let seen = 0;
    for (const [v, c] of weighted) {
      seen += c;
      if (seen >= rank) return v;
    }
    return weighted[weighted.length - 1][0];
  };
  return { p50: at(0.5), p95: at(0.95), mean };
}

const HOUR = 3_600_000;

/** The figures of a call site from its calls, and from the summaries of its calls past the store's retention. */
export function observationStats(calls: readonly StoredCall[], joinedBy: Partial<Record<JoinedBy, number>> = {}, recentCount = 20, summaries: readonly CallSummary[] = []): ObservationStats {
  const withUsage = calls.filter((c) => !c.noUsage);
  const priced = calls.filter((c) => c.usd !== null);
  let start = Infinity;
  let end = -Infinity;
  for (const c of calls) {
    start = Math.min(start, c.t);
    end = Math.max(end, c.t + c.d);
  }
  const sum = (k: 'count' | 'withUsage' | 'in' | 'cr' | 'out' | 'priced' | 'usd' | 'errors') => summaries.reduce((n, s) => n + s[k], 0);
  for (const s of summaries) {
    start = Math.min(start, s.from);
    end = Math.max(end, s.to);
  }
  const count = calls.length + sum('count');
  const window = Math.max(HOUR, end - start);
  const input = withUsage.reduce((s, c) => s + c.in, 0) + sum('in');
  const cached = withUsage.reduce((s, c) => s + c.cr, 0) + sum('cr');
  const models = new Map<string, number>();
  for (const c of calls) if (c.m) models.set(c.m, (models.get(c.m) ?? 0) + 1);
  for (const s of summaries) if (s.m) models.set(s.m, (models.get(s.m) ?? 0) + s.count);
  const pricedCount = priced.length + sum('priced');
  const hist = (k: 'hIn' | 'hCr' | 'hOut' | 'hUsd') => summaries.map((s) => s[k]);
  return {
    count,
    callsPerDay: count ? (count * 24 * HOUR) / window : 0,
    windowStartMs: count ? start : 0,
    windowEndMs: count ? end : 0,
    inputTokens: percentiles(withUsage.map((c) => c.in), hist('hIn'), sum('withUsage'), sum('in')),
    cachedInputTokens: percentiles(withUsage.map((c) => c.cr), hist('hCr'), sum('withUsage'), sum('cr')),
    outputTokens: percentiles(withUsage.map((c) => c.out), hist('hOut'), sum('withUsage'), sum('out')),
    ...(pricedCount ? { usdPerCall: percentiles(priced.map((c) => c.usd!), hist('hUsd'), sum('priced'), sum('usd')) } : {}),
    pricedCalls: pricedCount,
    cacheHitRate: input > 0 ? cached / input : 0,
    errors: calls.filter((c) => c.err).length + sum('errors'),
    models: [...models.entries()].sort((a, b) => b[1] - a[1]).map(([m]) => m),
    recent: [...calls]
      .sort((a, b) => b.t - a.t)
      .slice(0, recentCount)
      .map((c) => ({ traceId: c.tr, spanId: c.sp, startMs: c.t, inputTokens: c.in, outputTokens: c.out, usd: c.usd, ...(c.m ? { model: c.m } : {}) })),
    joinedBy,
    runs: new Set(calls.map((c) => c.tr)).size,
    callsPerRun: calls.length ? calls.length / new Set(calls.map((c) => c.tr)).size : 0,
    ...(withUsage.some((c) => c.rs > 0) ? { reasoningTokens: percentiles(withUsage.filter((c) => c.rs > 0).map((c) => c.rs)) } : {}),
  };
}

export interface WorkspaceObservations {
  /** By call-site key. */
  byKey: Map<string, ObservationStats>;
  /** Calls that matched no call site, most recent first, with why (bounded). */
  unmatched: { call: StoredCall; reason: string }[];
  unmatchedCount: number;
  matchedCount: number;
}

/** Join every stored call (and summary of calls past the retention) to a call site and sum them up per call site. */
export function observeWorkspace(calls: readonly StoredCall[], index: CallSiteIndex, keepUnmatched = 200, summaries: readonly CallSummary[] = []): WorkspaceObservations {
  const groups = new Map<string, { calls: StoredCall[]; summaries: CallSummary[]; by: Partial<Record<JoinedBy, number>> }>();
  const unmatched: { call: StoredCall; reason: string }[] = [];
  let unmatchedCount = 0;
  for (const c of calls) {
    const r = index.match(asObservedCall(c));
    if (r.key === undefined) {
      unmatchedCount++;
      unmatched.push({ call: c, reason: r.reason });
      continue;
    }
    const g = groups.get(r.key) ?? { calls: [], summaries: [], by: {} };
    g.calls.push(c);
    g.by[r.by] = (g.by[r.by] ?? 0) + 1;
    groups.set(r.key, g);
  }
  let summarized = 0;
  for (const s of summaries) {
    summarized += s.count;
    const r = index.match(summaryAsObservedCall(s));
    // Unmatched, they are counted; they have no trace to list.
    if (r.key === undefined) {
      unmatchedCount += s.count;
      continue;
    }
    const g = groups.get(r.key) ?? { calls: [], summaries: [], by: {} };
    g.summaries.push(s);
    g.by[r.by] = (g.by[r.by] ?? 0) + s.count;
    groups.set(r.key, g);
  }
  unmatched.sort((a, b) => b.call.t - a.call.t);
  const byKey = new Map<string, ObservationStats>();
  for (const [key, g] of groups) byKey.set(key, observationStats(g.calls, g.by, 20, g.summaries));
  return { byKey, unmatched: unmatched.slice(0, keepUnmatched), unmatchedCount, matchedCount: calls.length + summarized - unmatchedCount };
}
