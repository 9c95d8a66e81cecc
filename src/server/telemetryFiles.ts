// Telemetry from files, for users without a live pipe: OTLP JSON (one request, or one per line as
// the Collector's file exporter writes them) and Langfuse exports of observations. Used by
// `costlens import` and the editor's import command alike.
import type { ConfigValues } from '../config/load';
import type { ObservedCall } from '../core/telemetry/call';
import { observedCallsFromLangfuseExport } from '../core/telemetry/langfuse';
import { observedCalls } from '../core/telemetry/normalize';
import { toStoredCall } from '../core/telemetry/observations';
import { decodeOtlpJsonFile } from '../core/telemetry/otlpJson';
import type { CallLog } from './callLog';

export type TelemetryFileFormat = 'otlp' | 'langfuse';

/** The LLM calls in a file's text; `auto` tells OTLP JSON from a Langfuse export by its content. */
export function readTelemetryText(text: string, format: 'auto' | TelemetryFileFormat = 'auto'): { calls: ObservedCall[]; problems: string[]; format: TelemetryFileFormat } {
  const looksOtlp = /"resourceSpans"|"resource_spans"/.test(text.slice(0, 65536));
  const kind = format === 'auto' ? (looksOtlp ? 'otlp' : 'langfuse') : format;
  if (kind === 'otlp') {
    const { requests, problems } = decodeOtlpJsonFile(text);
    const calls: ObservedCall[] = [];
    for (const r of requests) {
      const x = observedCalls(r);
      calls.push(...x.calls);
      problems.push(...x.problems);
    }
    return { calls, problems, format: 'otlp' };
  }
  const x = observedCallsFromLangfuseExport(text);
  return { calls: x.calls, problems: x.problems, format: 'langfuse' };
}

/** Add calls to a store, skipping those it has already (the same trace and span). Returns how many were new. */
export function importCalls(log: CallLog, calls: ObservedCall[], config: ConfigValues): number {
  let fresh = 0;
  // In batches, so one journal line never holds a whole big file.
  for (let i = 0; i < calls.length; i += 1000) fresh += log.append(calls.slice(i, i + 1000).map((c) => toStoredCall(c, config)));
  return fresh;
}
