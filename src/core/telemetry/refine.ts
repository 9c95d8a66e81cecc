// What telemetry saw per call site refines the priors behind its estimate: the calls a run makes
// (calls of the call site per trace) replace the expected count (never beyond the cap), and the
// reasoning tokens it reported replace the reasoning prior. Only with enough calls and runs.
import type { ObservationStats } from './observations';

/** Observed figures an estimate takes, per call-site key (config key `telemetry.observedSites`). */
export interface ObservedSite {
  calls: number;
  /** Calls of the site per run (trace), over `runs` runs. */
  callsPerRun?: number;
  runs?: number;
  /** Mean reasoning tokens per call. */
  reasoning?: number;
}

export const OBSERVED_SITES_KEY = 'telemetry.observedSites' as const;
/** Calls a call site needs before its figures move; runs before its calls per run do. */
export const MIN_CALLS = 5;
export const MIN_RUNS = 3;

export function observedSites(byKey: ReadonlyMap<string, ObservationStats>): Record<string, ObservedSite> {
  const out: Record<string, ObservedSite> = {};
  for (const [key, o] of byKey) {
    if (o.count < MIN_CALLS) continue;
    const site: ObservedSite = { calls: o.count };
    if (o.runs >= MIN_RUNS) {
      site.callsPerRun = Math.round(o.callsPerRun * 100) / 100;
      site.runs = o.runs;
    }
    if (o.reasoningTokens) site.reasoning = Math.round(o.reasoningTokens.mean);
    if (site.callsPerRun !== undefined || site.reasoning !== undefined) Object.defineProperty(out, key, { value: site, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
