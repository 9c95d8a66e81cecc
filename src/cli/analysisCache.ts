// Analyses kept between scans (like ruff's .ruff_cache or ESLint's --cache): a file whose text,
// whose imported files and prompt files, whose settings and whose CostLens build are all unchanged
// is not parsed, counted or priced again. Kept in `.costlens_cache/` in the workspace root, which
// ignores itself in git. A cache that cannot be read is rebuilt; one that cannot be written is
// skipped; neither stops a scan.
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, Stats, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ConfigValues } from '../config/load';
import { readInside } from '../core/analysis/boundary';
import type { FileAnalysis } from '../core/analysis/analyzeFile';
import type { Estimate } from '../core/model';
import { CALLS_PREFIX, MENTIONS_PREFIX, StoredMentions } from '../core/program/mentions';

export const CACHE_DIR = '.costlens_cache';
const CACHE_FILE = 'analysis-v1.json';
const FORMAT = 1;

/** A file's content hash (null: absent or unreadable). */
export function hashText(text: string): string {
  // The one-shot form where Node has it (20.12): the same digest, at about half the cost for a
  // small file (a warm scan hashes every code file of the workspace).
  return oneShot ? oneShot('sha1', text, 'base64url') : createHash('sha1').update(text).digest('base64url');
}
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;

/**
 * What the analysis code is: size and modification time of every module loaded in this process
 * (in the bundle, the bundle itself, price tables included). A rebuilt or upgraded CostLens
 * never reuses an older build's analyses.
 */
function codeVersion(): string {
  const h = createHash('sha1');
  for (const file of Object.keys(require.cache).sort()) {
    try {
      const st = statSync(file);
      h.update(`${file}\u0000${st.size}\u0000${st.mtimeMs}\n`);
    } catch {
      h.update(`${file}\u0000missing\n`);
    }
  }
  return h.digest('base64url');
}

interface StoredAnalysis extends Omit<FileAnalysis, 'estimates'> {
  estimates: [string, Estimate][];
}

interface Entry {
  hash: string;
  /** Workspace files the analysis read (imports, prompt files) and their hashes then. */
  deps: Record<string, string | null>;
  analysis: StoredAnalysis;
}

interface Stored {
  format: number;
  key: string;
  files: Record<string, Entry>;
  /** Which code files mentioned or called the names the analyses depended on, with the files' hashes then. */
  mentions?: StoredMentions;
  /** Each file read by the last scan: its stat signature, content hash and whether it may hold call sites. */
  seen?: Record<string, SeenFile>;
}

/** A file as a scan read it: `[stat signature, content hash, may hold call sites]`. */
type SeenFile = [string, string, boolean];

/**
 * What a file's metadata says of its content, as git's index keeps it: size, modification and
 * change times, inode and device. An edit changes the change time even when it restores the size
 * and modification time (`touch -d`, a tool that keeps times), and a file replaced by another gets
 * another inode.
 */
export function statSignature(st: Stats): string {
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}:${st.dev}`;
}

/**
 * A file modified this close to a scan (or after it started) may change again within the clock's
 * resolution without its times changing (git's "racily clean" entries): its signature is not
 * trusted, so the next scan reads it. Two seconds covers filesystems that keep times to the second.
 */
const RACY_MS = 2000;

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private dirty = false;
  /** The workspace's mention index as the last scan left it (checked file by file against the current hashes). */
  mentions?: StoredMentions;
  /** What was wrong with the cache file when it was opened (it was set aside and rebuilt). */
  problem?: string;
  hits = 0;
  misses = 0;
  /** The files read by the last scan (kept for this one to skip), and those this scan read or found unchanged. */
  private seenBefore: Record<string, SeenFile> = {};
  private readonly seenNow = new Map<string, SeenFile>();
  /** When this scan started: files changed since (or just before) are not taken as unchanged next time. */
  private readonly started = Date.now();

  private constructor(
    private readonly dir: string,
    private readonly key: string,
  ) {}

  /** The cache in `dir` for these settings; empty when absent, unreadable or made for other settings or another build. */
  static open(dir: string, config: ConfigValues): AnalysisCache {
    const key = createHash('sha1').update(JSON.stringify({ code: codeVersion(), config })).digest('base64url');
    const cache = new AnalysisCache(dir, key);
    const file = path.join(dir, CACHE_FILE);
    sweepStaleWrites(dir);
    // Opened as no link and no FIFO (a planted one would be read, or wait forever).
    const r = readInside(undefined, file, Infinity);
    if ('refusal' in r && (r.refusal.code === 'ENOENT' || r.refusal.code === 'ENOTDIR')) {
      cache.dirty = true; // none yet
      return cache;
    }
    try {
      if ('refusal' in r) throw new Error(r.refusal.message);
      const stored = JSON.parse(r.bytes.toString('utf8')) as Stored;
      if (!stored || typeof stored !== 'object' || stored.format !== FORMAT || !stored.files || typeof stored.files !== 'object') throw new Error('not a CostLens analysis cache');
      // Made by another build or for other settings: not an error, just not reusable.
      if (stored.key === key) {
        for (const [f, entry] of Object.entries(stored.files)) cache.entries.set(f, entry);
        // Without it, the answers are found again from the files (and kept at the next save).
        if (isStoredMentions(stored.mentions)) cache.mentions = stored.mentions;
        else cache.dirty = true;
        if (isSeen(stored.seen)) cache.seenBefore = stored.seen;
      } else cache.dirty = true;
    } catch (e) {
      // Corrupt (a disk error, an edit by hand): kept aside for a look, and rebuilt.
      const aside = `${file}.unreadable-${Date.now()}`;
      try {
        renameSync(file, aside);
      } catch {
        /* it will be overwritten */
      }
      cache.problem = `the analysis cache could not be read (${e instanceof Error ? e.message : String(e)}); set aside as ${path.basename(aside)} and rebuilt`;
      cache.dirty = true;
    }
    return cache;
  }

  /** The analysis of `file` when its text and every file it read are as they were. */
  get(file: string, hash: string, currentHash: (dep: string) => string | null): FileAnalysis | undefined {
    const entry = this.entries.get(file);
    if (!entry || entry.hash !== hash || !Object.entries(entry.deps).every(([dep, h]) => currentHash(dep) === h)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return { ...entry.analysis, estimates: new Map(entry.analysis.estimates) };
  }

  /**
   * The content hash of a file the last scan read, and whether it may hold call sites, when its
   * stat signature is the same now: the file need not be read again.
   */
  unchanged(file: string, signature: string): { hash: string; mayHold: boolean } | undefined {
    const seen = Object.hasOwn(this.seenBefore, file) ? this.seenBefore[file] : undefined;
    if (!seen || seen[0] !== signature) return undefined;
    this.seenNow.set(file, seen);
    return { hash: seen[1], mayHold: seen[2] };
  }

  /** A file this scan read (its stat taken before the read), for the next scan to skip if it stays the same. */
  read(file: string, st: Stats, hash: string, mayHold: boolean): void {
    if (st.mtimeMs > this.started - RACY_MS) return;
    const seen: SeenFile = [statSignature(st), hash, mayHold];
    this.seenNow.set(file, seen);
    const before = Object.hasOwn(this.seenBefore, file) ? this.seenBefore[file] : undefined;
    if (!before || before[0] !== seen[0] || before[1] !== hash || before[2] !== mayHold) this.dirty = true;
  }

  set(file: string, hash: string, deps: Record<string, string | null>, analysis: FileAnalysis): void {
    this.entries.set(file, { hash, deps, analysis: { ...analysis, estimates: [...analysis.estimates] } });
    this.dirty = true;
  }

  /** Whether the next save writes anything (an analysis or the mention index changed). */
  get changed(): boolean {
    return this.dirty;
  }

  /** The mention answers (`*mentions:<name>`, `*calls:<name>`) the kept analyses depend on. */
  mentionKeys(): string[] {
    const keys = new Set<string>();
    for (const entry of this.entries.values()) for (const dep of Object.keys(entry.deps)) if (dep.startsWith(MENTIONS_PREFIX) || dep.startsWith(CALLS_PREFIX)) keys.add(dep);
    return [...keys].sort();
  }

  /** Keep the workspace's mention index for the next scan. */
  keepMentions(mentions: StoredMentions): void {
    this.mentions = mentions;
    this.dirty = true;
  }

  /**
   * Forget the files for which `drop` says so (deleted, or no longer holding anything); `gone`
   * says which files not seen by this scan no longer exist (a scan of part of the workspace keeps
   * what the last scans read of the rest).
   */
  prune(drop: (file: string) => boolean, gone: (file: string) => boolean): void {
    for (const file of [...this.entries.keys()]) {
      if (drop(file)) {
        this.entries.delete(file);
        this.dirty = true;
      }
    }
    for (const file of Object.keys(this.seenBefore)) {
      if (this.seenNow.has(file)) continue;
      if (gone(file)) this.dirty = true;
      else this.seenNow.set(file, this.seenBefore[file]);
    }
  }

  /** Write the cache atomically (a reader never sees half of it). Failure is not an error: the next scan recomputes. */
  save(): boolean {
    if (!this.dirty) return true;
    try {
      mkdirSync(this.dir, { recursive: true });
      replaceFile(path.join(this.dir, '.gitignore'), '# Written by CostLens: its analysis cache, safe to delete.\n*\n');
      const stored: Stored = { format: FORMAT, key: this.key, files: Object.fromEntries(this.entries), ...(this.mentions ? { mentions: this.mentions } : {}), seen: Object.fromEntries(this.seenNow) };
      replaceFile(path.join(this.dir, CACHE_FILE), JSON.stringify(stored));
      this.dirty = false;
      return true;
    } catch {
      return false;
    }
  }
}

/** Whether a stored mention index has the shape this build writes (a file edited by hand may not). */
function isStoredMentions(m: unknown): m is StoredMentions {
  if (!m || typeof m !== 'object') return false;
  const { files, names } = m as Partial<StoredMentions>;
  if (!files || typeof files !== 'object' || !names || typeof names !== 'object') return false;
  return Object.values(files).every((h) => h === null || typeof h === 'string') && Object.values(names).every((l) => Array.isArray(l) && l.every((f) => typeof f === 'string'));
}

/** Whether stored stat signatures have the shape this build writes. */
function isSeen(m: unknown): m is Record<string, SeenFile> {
  if (!m || typeof m !== 'object') return false;
  return Object.values(m).every((v) => Array.isArray(v) && v.length === 3 && typeof v[0] === 'string' && typeof v[1] === 'string' && typeof v[2] === 'boolean');
}

/**
 * Write `file` atomically: a new file (created exclusively, so never through a link left under
 * its name) renamed over it, which replaces a link rather than writing where it points.
 */
function replaceFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  if (process.env.COSTLENS_FAULT_CACHE_KILL && file.endsWith(CACHE_FILE)) {
    // Fault injection for the test that a scan killed while saving leaves the last cache whole.
    writeFileSync(tmp, text.slice(0, text.length >> 1), { flag: 'wx' });
    process.kill(process.pid, 'SIGKILL');
  }
  writeFileSync(tmp, text, { flag: 'wx' });
  renameSync(tmp, file);
}

/** Temporary files of scans that were killed while saving (their process is gone): removed. */
function sweepStaleWrites(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /\.(\d+)\.tmp$/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0);
      continue; // still running: its save is under way
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPERM') continue;
    }
    rmSync(path.join(dir, name), { force: true });
  }
}
