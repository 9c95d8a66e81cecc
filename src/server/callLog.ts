// The observed calls on disk: an append-only journal (one line per acknowledged batch, synced to
// disk before the batch is acknowledged) and a snapshot it is compacted into (written aside,
// synced, then renamed over the old one). A process killed at any moment loses only a batch it
// had not acknowledged: a torn last line is cut off when the log is next opened, and journal
// lines the snapshot already holds (a kill between the rename and the truncation) are skipped by
// their sequence number. A write that fails (a full disk, a file-size limit) is cut back to the
// last complete line at once and the batch refused as retryable, so no later batch lands on a torn
// line. A snapshot that cannot be read is set aside with a message and the log starts from the
// journal. Bounded: beyond `maxCalls` the oldest calls are folded into per-call-site summaries
// (CallSummary) that the figures still count, never dropped.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { addToSummary, type CallSummary, emptySummary, mergeSummary, type StoredCall, summaryKey } from '../core/telemetry/observations';

const SNAPSHOT = 'snapshot.json';
const JOURNAL = 'journal.jsonl';
const LOCK = 'lock';
const FORMAT = 1;
/** A snapshot being written: `snapshot.json.<pid>.tmp`. */
const SNAPSHOT_TMP = /^snapshot\.json\.\d+\.tmp$/;

/** Calls kept one by one when no bound is given (costlens.telemetry.retention.maxCalls). */
export const DEFAULT_MAX_CALLS = 200_000;
/** Summaries kept; past this, further ones are folded into one that joins no call site. */
const MAX_SUMMARIES = 10_000;

export interface CallLogOptions {
  /** Calls kept one by one; older ones are folded into summaries. */
  maxCalls?: number;
  /** Compact when the journal grows past this many bytes. */
  compactBytes?: number;
}

/**
 * The store could not write a batch (a full disk, a file-size limit, an I/O error): nothing of it
 * was kept, and sending it again later may succeed (the receiver answers 503 with Retry-After).
 */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot sync a directory; the rename is still atomic.
  }
}

/** Linux: a process's state letter and its start (Unix ms), from /proc; undefined elsewhere or when gone. */
function procStat(pid: number): { state: string; startMs: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after the last `)`.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const bootSec = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    // Field 22, start time in clock ticks after boot (100 a second on Linux).
    return { state: fields[0], startMs: bootSec * 1000 + Number(fields[19]) * 10 };
  } catch {
    return undefined;
  }
}

/** Directories this process holds the lock of. */
const heldHere = new Set<string>();

/**
 * Whether the process a lock names still holds it: it runs (not a zombie waiting to be reaped),
 * it started before the lock was written (else its pid was reused), and it is not this process
 * without holding it (a container restarted with the same pid).
 */
function lockHolderAlive(pid: number, lockWrittenMs: number, dir: string): boolean {
  if (pid === process.pid) return heldHere.has(dir);
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (!stat) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  // A second's slack for the clocks' resolution.
  return stat.startMs <= lockWrittenMs + 1000;
}

/**
 * Fault injection for the crash tests: `COSTLENS_FAULT_KILL=<point>:<n>` kills this process the
 * n-th time it reaches the point (`append`, `snapshot`: half-way through writing; `after-snapshot`:
 * between the snapshot's rename and the journal's truncation).
 */
const faultCounts = new Map<string, number>();
function maybeDie(point: string, fd?: number, data?: Buffer): void {
  const spec = process.env.COSTLENS_FAULT_KILL;
  if (!spec) return;
  const [at, n] = spec.split(':');
  if (at !== point) return;
  const count = (faultCounts.get(point) ?? 0) + 1;
  faultCounts.set(point, count);
  if (count < Number(n ?? 1)) return;
  if (fd !== undefined && data) {
    writeSync(fd, data, 0, Math.max(1, Math.floor(data.length / 2)));
    fsyncSync(fd);
  }
  process.kill(process.pid, 'SIGKILL');
}

function isSummary(v: unknown): v is CallSummary {
  const s = v as CallSummary;
  return !!s && typeof s === 'object' && typeof s.count === 'number' && typeof s.from === 'number' && typeof s.to === 'number' && typeof s.hIn === 'object' && typeof s.hUsd === 'object';
}

const errorText = (e: unknown) => ((e as NodeJS.ErrnoException).code ? `${(e as NodeJS.ErrnoException).code}: ${(e as Error).message.replace(/^\w+: /, '')}` : e instanceof Error ? e.message : String(e));

function isStoredCall(v: unknown): v is StoredCall {
  const c = v as StoredCall;
  return !!c && typeof c === 'object' && typeof c.t === 'number' && typeof c.in === 'number' && typeof c.out === 'number' && typeof c.tr === 'string';
}

export class CallLog {
  private calls: StoredCall[] = [];
  /** Calls past maxCalls, by summaryKey. */
  private readonly summaryByKey = new Map<string, CallSummary>();
  /** Calls folded into summaries since this log was opened (for the user to be told). */
  summarizedThisRun = 0;
  /** The journal's tail may hold a failed write not yet cut back. */
  private tailDirty = false;
  /** Compaction failed (a full disk): try again once the journal has grown this far. */
  private nextCompactAt = 0;
  /** Trace and span of every call kept: an exporter's retry of a batch already stored adds nothing. */
  private readonly keys = new Set<string>();
  private seq = 0;
  private journalFd: number | undefined;
  private journalBytes = 0;
  private readonly maxCalls: number;
  private readonly compactBytes: number;
  /** What was wrong with the files when opened (set-aside snapshot, torn or bad journal lines). */
  readonly problems: string[] = [];
  private locked = false;

  private constructor(
    readonly dir: string,
    options: CallLogOptions,
  ) {
    this.maxCalls = options.maxCalls ?? DEFAULT_MAX_CALLS;
    // COSTLENS_COMPACT_BYTES: for the crash tests, to compact often.
    this.compactBytes = options.compactBytes ?? (Number(process.env.COSTLENS_COMPACT_BYTES) || 16 * 1024 * 1024);
  }

  /** Open for writing (a receiver): takes the folder's lock, repairs a torn journal. */
  static open(dir: string, options: CallLogOptions = {}): CallLog {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(path.join(dir, '.gitignore'))) writeFileSync(path.join(dir, '.gitignore'), '# Written by CostLens: observed LLM calls (telemetry), not for git.\n*\n');
    const log = new CallLog(dir, options);
    log.lock();
    try {
      log.sweep();
      log.load(true);
      log.journalFd = openSync(path.join(dir, JOURNAL), 'a');
      log.journalBytes = fstatSync(log.journalFd).size;
    } catch (e) {
      log.close();
      throw e;
    }
    return log;
  }

  /**
   * Open to read only (a scan, the editor showing figures): never writes, takes no lock. Keeps
   * every call on disk one by one unless told a bound (the writer's bound already applies).
   */
  static read(dir: string, options: CallLogOptions = {}): CallLog {
    const log = new CallLog(dir, { maxCalls: Infinity, ...options });
    if (existsSync(dir)) log.load(false);
    return log;
  }

  private lock(): void {
    const file = path.join(this.dir, LOCK);
    const dir = path.resolve(this.dir);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.locked = true;
        heldHere.add(dir);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        let pid: number;
        let written: number;
        try {
          pid = Number(readFileSync(file, 'utf8').trim());
          written = statSync(file).mtimeMs;
        } catch {
          continue; // gone meanwhile: try again
        }
        if (Number.isInteger(pid) && pid > 0 && lockHolderAlive(pid, written, dir)) {
          throw new Error(`the telemetry store ${this.dir} is in use by process ${pid}${pid === process.pid ? ' (this one)' : ' (another receiver or import)'}; stop it or use another folder`);
        }
        // Left by a process that is gone (killed, a zombie, its pid now another's): take it over.
        try {
          unlinkSync(file);
        } catch {
          /* another process took it over first */
        }
      }
    }
    throw new Error(`cannot lock the telemetry store ${this.dir}`);
  }

  /** Remove snapshots left half-written by a process killed while writing one (the lock is ours). */
  private sweep(): void {
    let removed = 0;
    for (const f of readdirSync(this.dir)) {
      if (!SNAPSHOT_TMP.test(f)) continue;
      try {
        unlinkSync(path.join(this.dir, f));
        removed++;
      } catch {
        /* gone already */
      }
    }
    if (removed) this.problems.push(`${this.dir}: removed ${removed} temporary snapshot file(s) left by an interrupted write`);
  }

  private load(repair: boolean): void {
    const snapFile = path.join(this.dir, SNAPSHOT);
    if (existsSync(snapFile)) {
      try {
        const snap = JSON.parse(readFileSync(snapFile, 'utf8')) as { format: number; seq: number; calls: unknown[]; summaries?: unknown[] };
        if (snap.format !== FORMAT || !Number.isInteger(snap.seq) || !Array.isArray(snap.calls)) throw new Error('not a CostLens telemetry snapshot');
        this.seq = snap.seq;
        for (const sm of Array.isArray(snap.summaries) ? snap.summaries.filter(isSummary) : []) this.addSummary(sm);
        this.push(snap.calls.filter(isStoredCall));
      } catch (e) {
        const aside = `${snapFile}.unreadable-${Date.now()}`;
        this.problems.push(`${snapFile} could not be read (${e instanceof Error ? e.message : String(e)})${repair ? `; set aside as ${path.basename(aside)}` : ''}, starting from the journal`);
        if (repair) renameSync(snapFile, aside);
      }
    }
    const journalFile = path.join(this.dir, JOURNAL);
    if (!existsSync(journalFile)) return;
    const buf = readFileSync(journalFile);
    let start = 0;
    let goodEnd = 0;
    let line = 0;
    while (start < buf.length) {
      const nl = buf.indexOf(10, start);
      line++;
      if (nl < 0) {
        // No newline: a batch cut off by a kill; it was never acknowledged.
        this.problems.push(`${journalFile}: an incomplete last batch (${buf.length - start} bytes, never acknowledged) was dropped`);
        break;
      }
      const text = buf.toString('utf8', start, nl);
      start = nl + 1;
      try {
        const entry = JSON.parse(text) as { s: number; c: unknown[] };
        if (!Number.isInteger(entry.s) || !Array.isArray(entry.c)) throw new Error('not a batch');
        goodEnd = start;
        if (entry.s <= this.seq) continue; // already in the snapshot
        this.seq = entry.s;
        this.push(entry.c.filter(isStoredCall));
      } catch {
        this.problems.push(`${journalFile}:${line}: an unreadable line was skipped`);
        goodEnd = start;
      }
    }
    if (repair && goodEnd < buf.length) {
      const fd = openSync(journalFile, 'r+');
      try {
        ftruncateSync(fd, goodEnd);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }

  private push(batch: StoredCall[]): void {
    for (const c of batch) {
      const k = `${c.tr}/${c.sp}`;
      if (this.keys.has(k)) continue;
      this.keys.add(k);
      this.calls.push(c);
    }
    if (this.calls.length > this.maxCalls) {
      for (const c of this.calls.splice(0, this.calls.length - this.maxCalls)) {
        this.keys.delete(`${c.tr}/${c.sp}`);
        addToSummary(this.summaryFor(c), c);
        this.summarizedThisRun++;
      }
    }
  }

  /** The summary a call past the bound goes into: its own call site's, or past MAX_SUMMARIES the catch-all. */
  private summaryFor(c: { f?: string; l?: number; fn?: string; n?: string[]; m?: string }): CallSummary {
    const key = summaryKey(c);
    let s = this.summaryByKey.get(key);
    if (s) return s;
    if (this.summaryByKey.size >= MAX_SUMMARIES) {
      // Counted still, though no longer joined to a call site (it has no location or name).
      const rest = summaryKey({});
      s = this.summaryByKey.get(rest);
      if (!s) this.summaryByKey.set(rest, (s = emptySummary({})));
      return s;
    }
    s = emptySummary(c);
    this.summaryByKey.set(key, s);
    return s;
  }

  private addSummary(sm: CallSummary): void {
    const into = this.summaryFor(sm);
    if (into.count === 0 && summaryKey(into) === summaryKey(sm)) this.summaryByKey.set(summaryKey(sm), sm);
    else mergeSummary(into, sm);
  }

  /** Calls past the bound, summed per call site (code location, names, model). */
  summaries(): readonly CallSummary[] {
    return [...this.summaryByKey.values()];
  }

  /** How many calls the summaries hold. */
  get summarized(): number {
    let n = 0;
    for (const s of this.summaryByKey.values()) n += s.count;
    return n;
  }

  /** The bound on calls kept one by one. */
  get retention(): number {
    return this.maxCalls;
  }

  /** Whether a call (by trace and span) is kept already. */
  has(traceId: string, spanId: string): boolean {
    return this.keys.has(`${traceId}/${spanId}`);
  }

  get size(): number {
    return this.calls.length;
  }

  /** Every call kept, oldest first. */
  all(): readonly StoredCall[] {
    return this.calls;
  }

  /**
   * Store a batch: on disk (synced) before this returns, so a caller that acknowledges after it
   * never acknowledges what a crash could lose. Returns how many calls were new.
   */
  append(incoming: StoredCall[]): number {
    if (this.journalFd === undefined) throw new Error('the telemetry store is open to read only');
    // Calls already kept (a retried batch, a file imported twice) and repeats within the batch are left out.
    const inBatch = new Set<string>();
    const batch = incoming.filter((c) => {
      const k = `${c.tr}/${c.sp}`;
      if (this.keys.has(k) || inBatch.has(k)) return false;
      inBatch.add(k);
      return true;
    });
    if (!batch.length) return 0;
    const file = path.join(this.dir, JOURNAL);
    if (this.tailDirty) this.cutBack(file);
    const seq = this.seq + 1;
    const line = Buffer.from(`${JSON.stringify({ s: seq, c: batch })}\n`);
    try {
      maybeDie('append', this.journalFd, line);
      let off = 0;
      while (off < line.length) off += writeSync(this.journalFd, line, off, line.length - off);
      fsyncSync(this.journalFd);
    } catch (e) {
      // Part of the line may be on disk: cut back to the last complete line, or the next batch
      // would be appended to it and both lost on the next open.
      this.tailDirty = true;
      this.cutBack(file, e);
      throw new StoreUnavailableError(`the batch could not be written to ${file} (${errorText(e)}); nothing of it was kept, send it again once there is space`);
    }
    this.seq = seq;
    this.journalBytes += line.length;
    this.push(batch);
    if (this.journalBytes > this.compactBytes && this.journalBytes >= this.nextCompactAt) {
      try {
        this.compact();
      } catch (e) {
        // The batch is safe in the journal; the snapshot is tried again once it has grown more.
        this.nextCompactAt = this.journalBytes + this.compactBytes / 4;
        this.problems.push(`${path.join(this.dir, SNAPSHOT)} could not be written (${errorText(e)}); the journal keeps every batch meanwhile`);
      }
    }
    return batch.length;
  }

  /** Truncate the journal to its last complete line. Throws StoreUnavailableError when even that fails. */
  private cutBack(file: string, cause?: unknown): void {
    try {
      ftruncateSync(this.journalFd!, this.journalBytes);
      fsyncSync(this.journalFd!);
      this.tailDirty = false;
    } catch (e) {
      throw new StoreUnavailableError(`the journal ${file} could not be cut back to its last complete batch (${errorText(e)}${cause ? `, after ${errorText(cause)}` : ''}); no batch is accepted until it can`);
    }
  }

  /** Fold the journal into the snapshot. */
  compact(): void {
    if (this.journalFd === undefined) return;
    const snapFile = path.join(this.dir, SNAPSHOT);
    const tmp = `${snapFile}.${process.pid}.tmp`;
    const data = Buffer.from(JSON.stringify({ format: FORMAT, seq: this.seq, calls: this.calls, ...(this.summaryByKey.size ? { summaries: this.summaries() } : {}) }));
    const fd = openSync(tmp, 'w');
    try {
      try {
        maybeDie('snapshot', fd, data);
        let off = 0;
        while (off < data.length) off += writeSync(fd, data, off, data.length - off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        /* gone */
      }
      throw e;
    }
    renameSync(tmp, snapFile);
    fsyncDir(this.dir);
    maybeDie('after-snapshot');
    ftruncateSync(this.journalFd, 0);
    fsyncSync(this.journalFd);
    this.journalBytes = 0;
    this.nextCompactAt = 0;
  }

  close(): void {
    if (this.journalFd !== undefined) {
      closeSync(this.journalFd);
      this.journalFd = undefined;
    }
    if (this.locked) {
      try {
        unlinkSync(path.join(this.dir, LOCK));
      } catch {
        /* already gone */
      }
      this.locked = false;
      heldHere.delete(path.resolve(this.dir));
    }
  }
}

/** The number of bytes the journal holds (for tests). */
export function journalSize(dir: string): number {
  const file = path.join(dir, JOURNAL);
  if (!existsSync(file)) return 0;
  const fd = openSync(file, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

/** The files of a store, for tests that tamper with them. */
export const STORE_FILES = { SNAPSHOT, JOURNAL, LOCK };
