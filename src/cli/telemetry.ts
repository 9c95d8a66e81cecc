// `costlens serve` (the OTLP/HTTP receiver, headless, for a team's Collector to forward to),
// `costlens import` (OTLP JSON files as the Collector's file exporter writes them, Langfuse
// exports), and the observed figures a scan adds from the store they write.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { ConfigValues } from '../config/load';
import type { FileAnalysis } from '../core/analysis/analyzeFile';
import { CallSiteIndex } from '../core/telemetry/join';
import { observeWorkspace, WorkspaceObservations } from '../core/telemetry/observations';
import { CallLog, StoreUnavailableError } from '../server/callLog';
import { DEFAULT_PORT, ReceiverError, startReceiver } from '../server/receiver';
import { ImportError, importTelemetryFile, TelemetryFileFormat } from '../server/telemetryFiles';

/** Where observed calls are kept for a workspace (it ignores itself in git). */
export const TELEMETRY_DIR = path.join('.costlens', 'telemetry');

export function defaultStore(root: string): string {
  return path.join(root, TELEMETRY_DIR);
}

/** The observed calls of a store joined to the analysed call sites; undefined when there is no store. */
export function observationsFor(store: string, root: string, analyses: readonly FileAnalysis[]): { observations: WorkspaceObservations; problems: string[] } | undefined {
  if (!existsSync(store)) return undefined;
  const log = CallLog.read(store);
  return { observations: observeWorkspace(log.all(), new CallSiteIndex(analyses, [root]), undefined, log.summaries()), problems: log.problems };
}

export interface ServeOptions {
  root: string;
  store: string;
  host?: string;
  port?: number;
  token?: string;
  maxBodyBytes?: number;
  /** Calls kept one by one (older ones are summarised); default: costlens.telemetry.retention.maxCalls. */
  maxCalls?: number;
  /** Time a request may take to arrive (ms); for tests. */
  bodyTimeoutMs?: number;
  config: ConfigValues;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Resolves when the server should stop (a signal). */
  stopped: Promise<unknown>;
}

/** Past its file-size limit (ulimit -f) a write fails like on a full disk (EFBIG), answered 503, instead of the signal killing the process. */
const ignoreFileSizeSignal = () => undefined;

/** The user told that calls past the bound were summarised: once when it starts, then as it grows. */
function summarisedNotice(log: CallLog, reported: number): string | undefined {
  if (log.summarizedThisRun === reported) return undefined;
  return `${log.summarizedThisRun} call(s) beyond the ${log.retention} kept one by one (costlens.telemetry.retention.maxCalls, --max-calls) were folded into per-call-site summaries: their counts, tokens and costs stay in every figure; their trace ids are no longer listed`;
}

export async function serve(o: ServeOptions): Promise<number> {
  let log: CallLog;
  try {
    log = CallLog.open(o.store, { maxCalls: o.maxCalls ?? (o.config['telemetry.retention.maxCalls'] as number | undefined) });
  } catch (e) {
    o.err(`costlens serve: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  let problemsShown = 0;
  const showProblems = () => {
    for (const p of log.problems.slice(problemsShown)) o.err(`costlens serve: ${p}\n`);
    problemsShown = log.problems.length;
  };
  showProblems();
  let summarised = 0;
  const showSummarised = () => {
    const notice = summarisedNotice(log, summarised);
    if (notice) o.err(`costlens serve: ${notice}\n`);
    summarised = log.summarizedThisRun;
  };
  showSummarised();
  let receiver;
  try {
    receiver = await startReceiver({ host: o.host, port: o.port ?? DEFAULT_PORT, token: o.token, maxBodyBytes: o.maxBodyBytes, bodyTimeoutMs: o.bodyTimeoutMs, config: o.config, log });
  } catch (e) {
    log.close();
    o.err(`costlens serve: ${e instanceof ReceiverError || e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  process.on('SIGXFSZ', ignoreFileSizeSignal);
  o.out(`CostLens receiver on ${receiver.url} (OTLP/HTTP, JSON or protobuf${o.token ? ', bearer token required' : ''}), keeping observed LLM calls in ${path.relative(o.root, o.store) || o.store} (${log.size} so far).\n`);
  o.out('Point an OTLP/HTTP trace exporter or a Collector\'s otlphttp exporter at it; Ctrl+C stops.\n');
  let shown = '';
  const status = () => `${receiver.stats.calls} LLM call(s) stored from ${receiver.stats.spans} span(s); ${receiver.stats.rejectedSpans} span(s) and ${receiver.stats.rejected} request(s) refused`;
  const timer = setInterval(() => {
    showProblems();
    showSummarised();
    if (status() !== shown) {
      shown = status();
      o.out(`${shown}\n`);
    }
  }, 10_000);
  timer.unref();
  await o.stopped;
  clearInterval(timer);
  await receiver.close();
  log.close();
  process.off('SIGXFSZ', ignoreFileSizeSignal);
  showProblems();
  showSummarised();
  o.out(`Stopped: ${receiver.stats.calls} LLM call(s) stored from ${receiver.stats.spans} span(s) this run${receiver.stats.rejectedSpans ? `; ${receiver.stats.rejectedSpans} span(s) refused` : ''}.\n`);
  return 0;
}

export function importFiles(files: string[], store: string, format: 'auto' | TelemetryFileFormat, config: ConfigValues, out: (s: string) => void, err: (s: string) => void, maxBytes?: number): number {
  let log: CallLog;
  try {
    log = CallLog.open(store, { maxCalls: config['telemetry.retention.maxCalls'] as number | undefined });
  } catch (e) {
    err(`costlens import: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  process.on('SIGXFSZ', ignoreFileSizeSignal);
  try {
    let failed = false;
    for (const file of files) {
      let r;
      try {
        r = importTelemetryFile(log, file, format, config, maxBytes);
      } catch (e) {
        err(`costlens import: ${file}: ${e instanceof ImportError || e instanceof StoreUnavailableError || e instanceof Error ? e.message : String(e)}\n`);
        failed = true;
        if (e instanceof StoreUnavailableError) break;
        continue;
      }
      out(`${file}: ${r.imported} LLM call(s) imported (${r.format === 'otlp' ? 'OTLP JSON' : 'Langfuse export'})${r.calls > r.imported ? `, ${r.calls - r.imported} already in the store` : ''}\n`);
      for (const p of r.problems.slice(0, 10)) err(`  ${file}: ${p}\n`);
      if (!r.calls && r.problems.length) failed = true;
    }
    for (const p of log.problems) err(`costlens import: ${p}\n`);
    const notice = summarisedNotice(log, 0);
    if (notice) err(`costlens import: ${notice}\n`);
    return failed ? 1 : 0;
  } finally {
    log.close();
    process.off('SIGXFSZ', ignoreFileSizeSignal);
  }
}
