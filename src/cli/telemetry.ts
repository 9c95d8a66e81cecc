// `costlens serve` (the OTLP/HTTP receiver, headless, for a team's Collector to forward to),
// `costlens import` (OTLP JSON files as the Collector's file exporter writes them, Langfuse
// exports), and the observed figures a scan adds from the store they write.
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { ConfigValues } from '../config/load';
import type { FileAnalysis } from '../core/analysis/analyzeFile';
import { CallSiteIndex } from '../core/telemetry/join';
import { observeWorkspace, WorkspaceObservations } from '../core/telemetry/observations';
import { CallLog } from '../server/callLog';
import { DEFAULT_PORT, ReceiverError, startReceiver } from '../server/receiver';
import { importCalls, readTelemetryText, TelemetryFileFormat } from '../server/telemetryFiles';

/** Where observed calls are kept for a workspace (it ignores itself in git). */
export const TELEMETRY_DIR = path.join('.costlens', 'telemetry');

export function defaultStore(root: string): string {
  return path.join(root, TELEMETRY_DIR);
}

/** The observed calls of a store joined to the analysed call sites; undefined when there is no store. */
export function observationsFor(store: string, root: string, analyses: readonly FileAnalysis[]): { observations: WorkspaceObservations; problems: string[] } | undefined {
  if (!existsSync(store)) return undefined;
  const log = CallLog.read(store);
  return { observations: observeWorkspace(log.all(), new CallSiteIndex(analyses, [root])), problems: log.problems };
}

export interface ServeOptions {
  root: string;
  store: string;
  host?: string;
  port?: number;
  token?: string;
  maxBodyBytes?: number;
  config: ConfigValues;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Resolves when the server should stop (a signal). */
  stopped: Promise<unknown>;
}

export async function serve(o: ServeOptions): Promise<number> {
  let log: CallLog;
  try {
    log = CallLog.open(o.store);
  } catch (e) {
    o.err(`costlens serve: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  for (const p of log.problems) o.err(`costlens serve: ${p}\n`);
  let receiver;
  try {
    receiver = await startReceiver({ host: o.host, port: o.port ?? DEFAULT_PORT, token: o.token, maxBodyBytes: o.maxBodyBytes, config: o.config, log });
  } catch (e) {
    log.close();
    o.err(`costlens serve: ${e instanceof ReceiverError || e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  o.out(`CostLens receiver on ${receiver.url} (OTLP/HTTP, JSON or protobuf${o.token ? ', bearer token required' : ''}), keeping observed LLM calls in ${path.relative(o.root, o.store) || o.store} (${log.size} so far).\n`);
  o.out('Point an OTLP/HTTP trace exporter or a Collector\'s otlphttp exporter at it; Ctrl+C stops.\n');
  let shown = 0;
  const timer = setInterval(() => {
    if (receiver.stats.calls !== shown) {
      shown = receiver.stats.calls;
      o.out(`${receiver.stats.calls} LLM call(s) stored from ${receiver.stats.spans} span(s); ${receiver.stats.rejected} request(s) refused\n`);
    }
  }, 10_000);
  timer.unref();
  await o.stopped;
  clearInterval(timer);
  await receiver.close();
  log.close();
  o.out(`Stopped: ${receiver.stats.calls} LLM call(s) stored from ${receiver.stats.spans} span(s) this run.\n`);
  return 0;
}

export function importFiles(files: string[], store: string, format: 'auto' | TelemetryFileFormat, config: ConfigValues, out: (s: string) => void, err: (s: string) => void): number {
  let log: CallLog;
  try {
    log = CallLog.open(store);
  } catch (e) {
    err(`costlens import: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  try {
    let failed = false;
    for (const file of files) {
      let r;
      try {
        r = readTelemetryText(readFileSync(file, 'utf8'), format);
      } catch (e) {
        err(`costlens import: ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
        failed = true;
        continue;
      }
      const fresh = importCalls(log, r.calls, config);
      out(`${file}: ${fresh} LLM call(s) imported (${r.format === 'otlp' ? 'OTLP JSON' : 'Langfuse export'})${r.calls.length > fresh ? `, ${r.calls.length - fresh} already in the store` : ''}\n`);
      for (const p of r.problems.slice(0, 10)) err(`  ${file}: ${p}\n`);
      if (!r.calls.length && r.problems.length) failed = true;
    }
    return failed ? 1 : 0;
  } finally {
    log.close();
  }
}
