// Telemetry from files, for users without a live pipe: OTLP JSON (one request, or one per line as
// the Collector's file exporter writes them) and Langfuse exports of observations. Used by
// `costlens import` and the editor's import command alike.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ConfigValues } from '../config/load';
import type { ObservedCall } from '../core/telemetry/call';
import { observedCallsFromLangfuseExport } from '../core/telemetry/langfuse';
import { observedCalls } from '../core/telemetry/normalize';
import { toStoredCall } from '../core/telemetry/observations';
import { decodeOtlpJson, decodeOtlpJsonFile } from '../core/telemetry/otlpJson';
import type { CallLog } from './callLog';

/** The largest file an import reads (`costlens import --max-size`). */
export const DEFAULT_IMPORT_MAX_BYTES = 256 * 1024 * 1024;
const CHUNK = 1024 * 1024;
/** Calls appended to the store at a time. */
const BATCH = 1000;

/** A file that cannot be imported, with the reason. */
export class ImportError extends Error {}

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
  for (let i = 0; i < calls.length; i += BATCH) fresh += log.append(calls.slice(i, i + BATCH).map((c) => toStoredCall(c, config)));
  return fresh;
}

export interface ImportResult {
  format: TelemetryFileFormat;
  /** LLM calls read, and of those new to the store. */
  calls: number;
  imported: number;
  problems: string[];
}

/**
 * Import one file into a store as it is read: OTLP JSON lines a line at a time (memory follows the
 * longest line, not the file), anything else (one JSON request, a Langfuse export) whole. At most
 * `maxBytes` are read; a folder or a device (`/dev/zero`, a terminal) is refused, a pipe is read
 * within the same bound. Throws ImportError with the reason; what was imported before a store
 * failure stays imported.
 */
export function importTelemetryFile(log: CallLog, file: string, format: 'auto' | TelemetryFileFormat, config: ConfigValues, maxBytes = DEFAULT_IMPORT_MAX_BYTES): ImportResult {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new ImportError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new ImportError('is a folder: import reads files of exported spans or observations');
    if (!st.isFile() && !st.isFIFO()) throw new ImportError('is not a regular file (a device or socket): import reads files of exported spans or observations');
    if (st.isFile() && st.size > maxBytes) throw new ImportError(`is ${st.size} bytes, over the import limit of ${maxBytes} bytes (--max-size); split it, e.g. by lines`);
    return importFrom(fd, log, format, config, maxBytes);
  } finally {
    closeSync(fd);
  }
}

function importFrom(fd: number, log: CallLog, format: 'auto' | TelemetryFileFormat, config: ConfigValues, maxBytes: number): ImportResult {
  const buf = Buffer.alloc(CHUNK);
  let total = 0;
  const read = (): Buffer | undefined => {
    const n = readSync(fd, buf, 0, CHUNK, null);
    if (n === 0) return undefined;
    total += n;
    if (total > maxBytes) throw new ImportError(`is over the import limit of ${maxBytes} bytes (--max-size); split it, e.g. by lines`);
    return Buffer.from(buf.subarray(0, n));
  };
  // The start tells the format, and whether the file is OTLP JSON a request per line.
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < 65536) {
    const c = read();
    if (!c) {
      ended = true;
      break;
    }
    head.push(c);
    headBytes += c.length;
  }
  const start = Buffer.concat(head);
  const kind = format === 'auto' ? (/"resourceSpans"|"resource_spans"/.test(start.toString('utf8', 0, 65536)) ? 'otlp' : 'langfuse') : format;
  const firstLine = kind === 'otlp' ? start.indexOf(10) : -1;
  let linewise = false;
  if (firstLine >= 0) {
    try {
      decodeOtlpJson(start.toString('utf8', 0, firstLine));
      linewise = true;
    } catch {
      // Not a request on its own line: one request spread over lines, read whole.
    }
  }
  if (!linewise) {
    const chunks: Buffer[] = [start];
    for (let c = ended ? undefined : read(); c; c = read()) chunks.push(c);
    const r = readTelemetryText(Buffer.concat(chunks).toString('utf8'), kind);
    return { format: r.format, calls: r.calls.length, imported: importCalls(log, r.calls, config), problems: r.problems };
  }
  const problems: string[] = [];
  let problemsLeft = 0;
  let pending: ObservedCall[] = [];
  let calls = 0;
  let imported = 0;
  let line = 0;
  const flush = () => {
    imported += importCalls(log, pending, config);
    pending = [];
  };
  const take = (text: string) => {
    line++;
    if (!text.trim()) return;
    try {
      const r = observedCalls(decodeOtlpJson(text));
      calls += r.calls.length;
      pending.push(...r.calls);
      for (const p of r.problems) if (problems.length < 20) problems.push(`line ${line}: ${p}`);
      else problemsLeft++;
    } catch (e) {
      if (problems.length < 20) problems.push(`line ${line}: ${(e as Error).message}`);
      else problemsLeft++;
    }
    if (pending.length >= BATCH) flush();
  };
  // The line being read, in pieces (a long line is joined once, not copied chunk by chunk).
  let parts: Buffer[] = [];
  const lineOf = (last: Buffer) => {
    const text = (parts.length ? Buffer.concat([...parts, last]) : last).toString('utf8');
    parts = [];
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  };
  for (let c: Buffer | undefined = start; c; c = ended ? undefined : read()) {
    let from = 0;
    for (let nl = c.indexOf(10, from); nl >= 0; nl = c.indexOf(10, from)) {
      take(lineOf(c.subarray(from, nl)));
      from = nl + 1;
    }
    if (from < c.length) parts.push(c.subarray(from));
  }
  if (parts.length) take(lineOf(Buffer.alloc(0)));
  flush();
  if (problemsLeft) problems.push(`… and ${problemsLeft} more`);
  return { format: 'otlp', calls, imported, problems };
}
