// What telemetry saw, kept compact (StoredCall), priced, joined to call sites and summed up per
// call site: count, calls per day, percentiles of tokens and cost, cache hit rate, recent traces.
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
}

function percentiles(values: number[]): Percentiles {
  if (!values.length) return { p50: 0, p95: 0, mean: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { p50: at(0.5), p95: at(0.95), mean: values.reduce((s, v) => s + v, 0) / values.length };
}

const HOUR = 3_600_000;

export function observationStats(calls: readonly StoredCall[], joinedBy: Partial<Record<JoinedBy, number>> = {}, recentCount = 20): ObservationStats {
  const withUsage = calls.filter((c) => !c.noUsage);
  const priced = calls.filter((c) => c.usd !== null);
  let start = Infinity;
  let end = -Infinity;
  for (const c of calls) {
    start = Math.min(start, c.t);
    end = Math.max(end, c.t + c.d);
  }
  const window = Math.max(HOUR, end - start);
  const input = withUsage.reduce((s, c) => s + c.in, 0);
  const cached = withUsage.reduce((s, c) => s + c.cr, 0);
  const models = new Map<string, number>();
  for (const c of calls) if (c.m) models.set(c.m, (models.get(c.m) ?? 0) + 1);
  return {
    count: calls.length,
    callsPerDay: calls.length ? (calls.length * 24 * HOUR) / window : 0,
    windowStartMs: calls.length ? start : 0,
    windowEndMs: calls.length ? end : 0,
    inputTokens: percentiles(withUsage.map((c) => c.in)),
    cachedInputTokens: percentiles(withUsage.map((c) => c.cr)),
    outputTokens: percentiles(withUsage.map((c) => c.out)),
    ...(priced.length ? { usdPerCall: percentiles(priced.map((c) => c.usd!)) } : {}),
    pricedCalls: priced.length,
    cacheHitRate: input > 0 ? cached / input : 0,
    errors: calls.filter((c) => c.err).length,
    models: [...models.entries()].sort((a, b) => b[1] - a[1]).map(([m]) => m),
    recent: [...calls]
      .sort((a, b) => b.t - a.t)
      .slice(0, recentCount)
      .map((c) => ({ traceId: c.tr, spanId: c.sp, startMs: c.t, inputTokens: c.in, outputTokens: c.out, usd: c.usd, ...(c.m ? { model: c.m } : {}) })),
    joinedBy,
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

/** Join every stored call to a call site and sum them up per call site. */
export function observeWorkspace(calls: readonly StoredCall[], index: CallSiteIndex, keepUnmatched = 200): WorkspaceObservations {
  const groups = new Map<string, { calls: StoredCall[]; by: Partial<Record<JoinedBy, number>> }>();
  const unmatched: { call: StoredCall; reason: string }[] = [];
  let unmatchedCount = 0;
  for (const c of calls) {
    const r = index.match(asObservedCall(c));
    if (r.key === undefined) {
      unmatchedCount++;
      unmatched.push({ call: c, reason: r.reason });
      continue;
    }
    const g = groups.get(r.key) ?? { calls: [], by: {} };
    g.calls.push(c);
    g.by[r.by] = (g.by[r.by] ?? 0) + 1;
    groups.set(r.key, g);
  }
  unmatched.sort((a, b) => b.call.t - a.call.t);
  const byKey = new Map<string, ObservationStats>();
  for (const [key, g] of groups) byKey.set(key, observationStats(g.calls, g.by));
  return { byKey, unmatched: unmatched.slice(0, keepUnmatched), unmatchedCount, matchedCount: calls.length - unmatchedCount };
}
