// Telemetry refines the token estimates of model families without an offline tokenizer (Claude,
// Gemini, …): where calls were observed, the ratio of observed to estimated input tokens corrects
// the family's calibration factor, and the estimates say they were calibrated so. Only call sites
// whose input is mostly static text count (a wrong guess at a placeholder's size is not the
// tokenizer's fault), weighted by how many calls were seen.
import type { FileAnalysis } from '../analysis/analyzeFile';
import { CALIBRATIONS } from '../tokens/calibration';
import type { ObservationStats } from './observations';

export interface ObservedCalibration {
  family: string;
  /** The factor the estimates used, and the one the observations call for. */
  previous: number;
  factor: number;
  calls: number;
  sites: number;
}

/** Calls a family needs before its factor moves. */
export const MIN_CALLS = 5;
/** Largest share of dynamic (placeholder) tokens in a call site's input for it to count. */
const MAX_DYNAMIC_SHARE = 0.25;

export function calibrationFromObservations(analyses: readonly FileAnalysis[], byKey: ReadonlyMap<string, ObservationStats>): ObservedCalibration[] {
  const sums = new Map<string, { weighted: number; calls: number; sites: number; previous: number }>();
  for (const a of analyses) {
    for (const site of a.callSites) {
      const o = byKey.get(site.key);
      const e = a.estimates.get(site.key);
      if (!o || !e || e.exact || !e.tokenizer.startsWith('estimate:') || e.tokens.input <= 0 || o.inputTokens.p50 <= 0) continue;
      if (e.tokens.dynamicInput / e.tokens.input > MAX_DYNAMIC_SHARE) continue;
      const family = e.tokenizer.slice('estimate:'.length);
      const previous = factorUsed(e.assumptions.map((x) => x.text), family);
      const s = sums.get(family) ?? { weighted: 0, calls: 0, sites: 0, previous };
      s.weighted += (o.inputTokens.p50 / e.tokens.input) * o.count;
      s.calls += o.count;
      s.sites++;
      sums.set(family, s);
    }
  }
  const out: ObservedCalibration[] = [];
  for (const [family, s] of sums) {
    if (s.calls < MIN_CALLS) continue;
    const ratio = s.weighted / s.calls;
    // A factor far outside what any tokenizer does means the estimate was wrong for another reason.
    const factor = Math.min(3, Math.max(0.5, s.previous * ratio));
    out.push({ family, previous: s.previous, factor: Math.round(factor * 1000) / 1000, calls: s.calls, sites: s.sites });
  }
  return out.sort((a, b) => a.family.localeCompare(b.family));
}

/** The factor an estimate used for a family: from its assumption text, else the data table's. */
function factorUsed(assumptions: string[], family: string): number {
  for (const t of assumptions) {
    const m = new RegExp(`^${family.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} tokens estimated as .* × ([\\d.]+) `).exec(t);
    if (m) return Number(m[1]);
  }
  return CALIBRATIONS.find((c) => c.family === family)?.factor ?? 1;
}
