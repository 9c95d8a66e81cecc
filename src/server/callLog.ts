// The observed calls on disk: an append-only journal (one line per acknowledged batch, synced to
// disk before the batch is acknowledged) and a snapshot it is compacted into (written aside,
// synced, then renamed over the old one). A process killed at any moment loses only a batch it
// had not acknowledged: a torn last line is cut off when the log is next opened, and journal
// lines the snapshot already holds (a kill between the rename and the truncation) are skipped by
// their sequence number. A snapshot that cannot be read is set aside with a message and the log
// starts from the journal. Bounded: the oldest calls go first beyond `maxCalls`.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { StoredCall } from '../core/telemetry/observations';

const SNAPSHOT = 'snapshot.json';
const JOURNAL = 'journal.jsonl';
const LOCK = 'lock';
const FORMAT = 1;

export interface CallLogOptions {
  /** Calls kept (oldest dropped first). */
  maxCalls?: number;
  /** Compact when the journal grows past this many bytes. */
  compactBytes?: number;
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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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

function isStoredCall(v: unknown): v is StoredCall {
  const c = v as StoredCall;
  return !!c && typeof c === 'object' && typeof c.t === 'number' && typeof c.in === 'number' && typeof c.out === 'number' && typeof c.tr === 'string';
}

export class CallLog {
  private calls: StoredCall[] = [];
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
    this.maxCalls = options.maxCalls ?? 200_000;
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
      log.load(true);
      log.journalFd = openSync(path.join(dir, JOURNAL), 'a');
      log.journalBytes = fstatSync(log.journalFd).size;
    } catch (e) {
      log.close();
      throw e;
    }
    return log;
  }

  /** Open to read only (a scan, the editor showing figures): never writes, takes no lock. */
  static read(dir: string, options: CallLogOptions = {}): CallLog {
    const log = new CallLog(dir, options);
    if (existsSync(dir)) log.load(false);
    return log;
  }

  private lock(): void {
    const file = path.join(this.dir, LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.locked = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number(readFileSync(file, 'utf8').trim());
        if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) {
          throw new Error(`the telemetry store ${this.dir} is in use by process ${pid}${pid === process.pid ? ' (this one)' : ' (another receiver or import)'}; stop it or use another folder`);
        }
        // Left by a process that is gone: take it over.
        unlinkSync(file);
      }
    }
    throw new Error(`cannot lock the telemetry store ${this.dir}`);
  }

  private load(repair: boolean): void {
    const snapFile = path.join(this.dir, SNAPSHOT);
    if (existsSync(snapFile)) {
      try {
        const snap = JSON.parse(readFileSync(snapFile, 'utf8')) as { format: number; seq: number; calls: unknown[] };
        if (snap.format !== FORMAT || !Number.isInteger(snap.seq) || !Array.isArray(snap.calls)) throw new Error('not a CostLens telemetry snapshot');
        this.seq = snap.seq;
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
    if (this.calls.length > this.maxCalls) for (const c of this.calls.splice(0, this.calls.length - this.maxCalls)) this.keys.delete(`${c.tr}/${c.sp}`);
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
    const seq = this.seq + 1;
    const line = Buffer.from(`${JSON.stringify({ s: seq, c: batch })}\n`);
    maybeDie('append', this.journalFd, line);
    let off = 0;
    while (off < line.length) off += writeSync(this.journalFd, line, off, line.length - off);
    fsyncSync(this.journalFd);
    this.seq = seq;
    this.journalBytes += line.length;
    this.push(batch);
    if (this.journalBytes > this.compactBytes) this.compact();
    return batch.length;
  }

  /** Fold the journal into the snapshot. */
  compact(): void {
    if (this.journalFd === undefined) return;
    const snapFile = path.join(this.dir, SNAPSHOT);
    const tmp = `${snapFile}.${process.pid}.tmp`;
    const data = Buffer.from(JSON.stringify({ format: FORMAT, seq: this.seq, calls: this.calls }));
    const fd = openSync(tmp, 'w');
    try {
      maybeDie('snapshot', fd, data);
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, snapFile);
    fsyncDir(this.dir);
    maybeDie('after-snapshot');
    ftruncateSync(this.journalFd, 0);
    fsyncSync(this.journalFd);
    this.journalBytes = 0;
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
