// Analysing the files of a scan, in three steps:
// 1. this thread reads every file, skips what has no LLM call (and what is too big or binary),
//    and takes what the analysis cache still holds;
// 2. the rest is extracted (parsed, call sites found) here and in worker threads, which are handed
//    chunks that shrink as the queue empties (guided self-scheduling), two chunks ahead, so none
//    waits while this thread builds the tokenizer and the last chunks end together;
// 3. pricing (tokens, dollars, rules) runs in this thread only, so the tokenizer is built once.
import { lstatSync, Stats, statSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConfigValues } from '../config/load';
import { FileAnalysis, priceFile } from '../core/analysis/analyzeFile';
import { extractFile, FileExtraction, isAnalyzable } from '../core/analysis/extractFile';
import { isInside, readInside, WorkspaceBoundary } from '../core/analysis/boundary';
import { createFileReader, createImportResolver } from '../core/analysis/imports';
import { Deadline } from '../core/analysis/limits';
import { mayCallAnSdk } from '../core/extract/code/extract';
import { languageOf, loadParsers } from '../core/extract/code/parser';
import { isNotebook } from '../core/program/notebook';
import { MentionIndex } from '../core/program/mentions';
import { CALLS_PREFIX, MENTIONS_PREFIX, Program } from '../core/program/program';
import type { FileReader } from '../core/extract/code/prompts';
import type { ImportResolver } from '../core/extract/code/values';
import { isPromptFile } from '../core/extract/promptFiles';
import type { AnalysisError } from '../core/model';
import { countText } from '../core/tokens/count';
import { AnalysisCache, hashText, statSignature } from './analysisCache';
import { readText, WorkspaceFile } from './workspace';
import { maxBytesFor } from '../core/analysis/limits';

/** A file to extract: its workspace-relative path and text. */
export interface SourceText {
  path: string;
  text: string;
}

/** A file extracted, with the workspace files it read and their hashes (for the cache). */
export interface ExtractedFile extends SourceText {
  extraction: FileExtraction;
  deps: Record<string, string | null>;
  /** Time extracting took, in milliseconds: pricing has what is left of the file's budget. */
  ms: number;
}

/** How the program names "the files that mention this name" among what an analysis depended on. */
const MENTIONS = MENTIONS_PREFIX;

/**
 * Reads other files of the workspace (imports, prompt files read by path), never outside the
 * root (a link out is refused, and said), each once per thread, with the hash of what was read.
 */
export class WorkspaceReader {
  private readonly files = new Map<string, ReadFile>();
  private readonly boundary: WorkspaceBoundary;

  /** `readOther`: where other files come from when not from the disk under `root` (a git revision). */
  constructor(
    private readonly root: string,
    private readonly readOther?: (rel: string) => string | undefined,
  ) {
    this.boundary = new WorkspaceBoundary([root]);
  }

  /** The workspace's code files: where callers of a function are looked for. */
  codeFiles: readonly string[] = [];
  /** Which code files mention a name: the program's answers and the cache's checks of them come from this one index. */
  readonly mentions = new MentionIndex(() => this.codeFiles, (rel) => this.read(rel));

  /**
   * A file's text already read (the scan reads every file once), with its hash: kept so nothing
   * reads it again. `keepText` false keeps the hash alone (the text is read again if asked for).
   */
  prime(rel: string, text: string, keepText = true): string {
    let f = this.files.get(rel);
    if (!f) {
      f = keepText ? { text, hash: hashText(text) } : { text: undefined, hash: hashText(text), dropped: true };
      this.files.set(rel, f);
    }
    return f.hash!;
  }

  /** A file's hash known without reading it (unchanged since the last scan): its text is read if asked for. */
  primeHash(rel: string, hash: string): void {
    if (!this.files.has(rel)) this.files.set(rel, { text: undefined, hash, lazy: true });
  }

  private load(rel: string): ReadFile {
    let f = this.files.get(rel);
    if (!f) {
      if (rel.startsWith(CALLS_PREFIX)) {
        // Which code files may call a function (its callers are among them): as for mentions below.
        f = { text: undefined, hash: hashText(this.mentions.filesCalling(rel.slice(CALLS_PREFIX.length)).join('\n')) };
      } else if (rel.startsWith(MENTIONS)) {
        // Which code files mention a function's name (its callers are among them): a cached analysis
        // that followed callers is stale when that set changes (a new caller in another file).
        const name = rel.slice(MENTIONS.length);
        const mentioning = this.mentions.filesMentioning(name);
        f = { text: undefined, hash: hashText(mentioning.join('\n')) };
      } else if (this.readOther) {
        const text = this.readOther(rel);
        f = { text, hash: text === undefined ? null : hashText(text) };
      } else f = this.readDisk(rel);
      this.files.set(rel, f);
    }
    return f;
  }

  private readDisk(rel: string): ReadFile {
    const abs = path.resolve(this.root, rel);
    if (!isInside(this.root, abs)) return { text: undefined, hash: null };
    const r = readInside(this.boundary, abs, maxBytesFor(rel));
    if ('bytes' in r) return { text: r.bytes.toString('utf8'), hash: hashText(r.bytes.toString('utf8')) };
    // Absent is no news; a link out or a special file is, and a cached analysis must see it change.
    if (r.refusal.kind === 'skipped') return { text: undefined, hash: `refused: ${r.refusal.message}`, refused: r.refusal.message };
    return { text: undefined, hash: null };
  }

  read = (rel: string): string | undefined => {
    const f = this.load(rel);
    if (f.lazy) {
      // Asked for at last (an unchanged module a changed file imports): read once, and kept.
      f.lazy = undefined;
      f.text = this.readOther ? this.readOther(rel) : this.readDisk(rel).text;
    }
    // Primed beyond the budget: read again, not kept.
    return f.dropped ? (this.readOther ? this.readOther(rel) : this.readDisk(rel).text) : f.text;
  };
  hash = (rel: string): string | null => this.load(rel).hash;
  /** Why a file was not read, when it exists and is refused (a link out, a special file). */
  refusal = (rel: string): string | undefined => this.load(rel).refused;
}

interface ReadFile {
  text: string | undefined;
  hash: string | null;
  refused?: string;
  /** Primed with its hash only: the text is read again when asked for. */
  dropped?: true;
  /** Known unchanged by its hash alone: the text is read (and kept) when first asked for. */
  lazy?: true;
}

/**
 * Extracts files with the import and prompt-file caches of one thread, noting what each one read.
 * The workspace is one program: other files' modules are parsed when a value is asked of them and
 * kept for the rest of the scan (within a budget).
 */
export class Extractor {
  private readonly resolveImport: ImportResolver;
  private readonly readFile: FileReader;
  private readonly program: Program;
  private deps: Record<string, string | null> = {};
  private refused = new Map<string, string>();

  /** `codeFiles`: the workspace's code files (where callers of a function are looked for). */
  constructor(
    reader: WorkspaceReader,
    private readonly config: ConfigValues,
    codeFiles: readonly string[] = [],
  ) {
    const consult = (rel: string) => {
      this.deps[rel] = reader.hash(rel);
      const why = reader.refusal(rel);
      if (why) this.refused.set(rel, why);
    };
    this.resolveImport = createImportResolver(reader.read, consult);
    this.readFile = createFileReader(reader.read, consult);
    reader.codeFiles = codeFiles;
    this.program = new Program({ read: reader.read, onConsult: consult, files: () => codeFiles, mentions: reader.mentions });
  }

  extract(source: SourceText): ExtractedFile {
    this.deps = {};
    this.refused = new Map();
    this.program.trim();
    const t0 = performance.now();
    const extraction = extractFile(source.path, source.text, { config: this.config, resolveImport: this.resolveImport, readFile: this.readFile, program: this.program });
    // A file the code reads that is a link out is said with the code file's errors (and cached with them).
    for (const [rel, why] of this.refused) extraction.errors.push({ path: rel, kind: 'skipped', message: `${why} (read by ${source.path})` });
    return { ...source, extraction, deps: this.deps, ms: performance.now() - t0 };
  }

  dispose(): void {
    this.program.dispose();
  }
}

/** Whether a file is worth extracting: prompt files, and code that may call an SDK (else it has no call sites). */
export function mayHoldCallSites(file: string, text: string): boolean {
  return isPromptFile(file) || mayCallAnSdk(text);
}

/** Messages between this thread and a scan worker. */
export type ToWorker = { type: 'start'; root: string; config: ConfigValues; codeFiles: string[] } | { type: 'files'; files: SourceText[] } | { type: 'stop' };
export type FromWorker = { type: 'extracted'; results: ExtractedFile[] } | { type: 'failed'; error: string };

/** The worker script beside this module (dist/scanWorker.js in the bundle, out/src/cli/ in tests). */
function workerScript(): string | undefined {
  for (const candidate of [path.join(__dirname, 'scanWorker.js'), path.join(__dirname, '..', 'cli', 'scanWorker.js')]) {
    try {
      statSync(candidate);
      return candidate;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** Smallest chunk handed to a worker (a message each way per chunk). */
const MIN_CHUNK = 4;

export interface AnalyzeFilesOptions {
  root: string;
  config: ConfigValues;
  /** Worker threads to start when there are at least `parallelThreshold` files to extract (0: this thread alone). */
  workers: number;
  parallelThreshold: number;
  /** Keep analyses between scans in this folder (undefined: no cache). */
  cacheDir?: string;
  /** The scan covers the whole workspace: cached files not seen are gone. */
  wholeWorkspace?: boolean;
  /** Where listed files may be read (default: the root). */
  boundary?: WorkspaceBoundary;
  /**
   * Files come from elsewhere than the disk (a git revision): how to read a listed file, and any
   * other file (imports, prompt files read by path). Analysed in this thread only.
   */
  source?: { read(file: WorkspaceFile): { text: string } | { error: AnalysisError }; readOther(rel: string): string | undefined };
}

export interface AnalyzeFilesResult {
  analyses: FileAnalysis[];
  errors: AnalysisError[];
  /** Threads that extracted files: this one plus the workers started. */
  threads: number;
  /** `read`: files whose text was read (the others were unchanged since the last scan read them). */
  cache?: { hits: number; misses: number; read: number; saved: boolean; problem?: string };
}

/** A listed file's own metadata (not a link's target: a file that became a link is read, and refused, again). */
function statOf(abs: string): Stats | undefined {
  try {
    const st = lstatSync(abs);
    return st.isFile() ? st : undefined;
  } catch {
    return undefined;
  }
}

/** Characters of code kept from the first read of a cached scan (beyond it, files are read again when needed). */
const PRIME_CHARS = 64 * 1024 * 1024;

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

interface WorkerSlot {
  worker: Worker;
  inFlight: SourceText[][];
  alive: boolean;
}

/** Read, extract and price the files, in this thread and worker threads. */
export async function analyzeFiles(files: WorkspaceFile[], options: AnalyzeFilesOptions): Promise<AnalyzeFilesResult> {
  const { root, config } = options;
  const errors: AnalysisError[] = [];
  const analyses: FileAnalysis[] = [];
  const reader = new WorkspaceReader(root, options.source?.readOther);
  const boundary = options.boundary ?? new WorkspaceBoundary([root]);
  const cache = options.cacheDir ? AnalysisCache.open(options.cacheDir, config) : undefined;

  // Where the callers of a function are looked for: every code file of the scan.
  const codeFiles = files.map((f) => f.path).filter((p) => languageOf(p) !== undefined || isNotebook(p));
  reader.codeFiles = codeFiles;

  // 1. Read; keep what may hold call sites and is not cached. With a cache, every code file's hash
  // is kept (and its text, up to a budget): a cached analysis that followed callers is checked
  // against the mention index of the last scan, file by file, which needs every file's hash first.
  if (cache) reader.mentions.useStored({ hash: reader.hash, stored: cache.mentions });
  const todo: (SourceText & { hash?: string })[] = [];
  const candidates: { file: WorkspaceFile; text?: string; hash: string }[] = [];
  const seen = new Set<string>();
  let primed = 0;
  let read = 0;
  for (const file of files) {
    if (!isAnalyzable(file.path)) continue;
    seen.add(file.path);
    const isCode = languageOf(file.path) !== undefined || isNotebook(file.path);
    // A file the last scan read whose stat signature is the same is not read again (as git's
    // index spares `git status` reading unchanged files): its hash and whether it may hold call
    // sites are the last scan's. Its text is read later only if something asks for it.
    const st = cache && !options.source ? statOf(file.absolute) : undefined;
    const unchanged = st ? cache!.unchanged(file.path, statSignature(st)) : undefined;
    if (unchanged) {
      if (isCode) reader.primeHash(file.path, unchanged.hash);
      if (unchanged.mayHold) candidates.push({ file, hash: unchanged.hash });
      continue;
    }
    const r = options.source ? options.source.read(file) : readText(file, boundary);
    read++;
    if ('error' in r) {
      errors.push(r.error);
      continue;
    }
    let hash: string | undefined;
    if (cache && isCode) {
      const keep = primed < PRIME_CHARS;
      hash = reader.prime(file.path, r.text, keep);
      if (keep) primed += r.text.length;
    }
    const mayHold = mayHoldCallSites(file.path, r.text);
    if (cache) {
      hash ??= hashText(r.text);
      if (st) cache.read(file.path, st, hash, mayHold);
    }
    if (!mayHold) continue;
    if (!cache) todo.push({ path: file.path, text: r.text });
    else candidates.push({ file, text: r.text, hash: hash! });
  }
  for (const c of candidates) {
    const hit = cache!.get(c.file.path, c.hash, reader.hash);
    if (hit) {
      analyses.push(hit);
      continue;
    }
    let text = c.text;
    if (text === undefined) {
      // Unchanged, but something it depends on is not: read now.
      const r = readText(c.file, boundary);
      read++;
      if ('error' in r) {
        errors.push(r.error);
        continue;
      }
      text = r.text;
    }
    todo.push({ path: c.file.path, text, hash: c.hash });
  }

  // 2 and 3. Extract (here and in workers), price here.
  const toPrice: ExtractedFile[] = [];
  let next = 0; // todo[next…] are not handed out yet
  const script = options.workers > 0 && !options.source && todo.length >= options.parallelThreshold ? workerScript() : undefined;
  const workers: WorkerSlot[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const chunkSize = () => Math.max(MIN_CHUNK, Math.ceil((todo.length - next) / (2 * (workers.length + 1))));
  const handOut = (w: WorkerSlot) => {
    if (!w.alive) return;
    if (next >= todo.length) {
      if (!w.inFlight.length) {
        w.alive = false;
        w.worker.postMessage({ type: 'stop' } satisfies ToWorker);
      }
      return;
    }
    const chunk = todo.slice(next, next + chunkSize()).map(({ path: p, text }) => ({ path: p, text }));
    next += chunk.length;
    w.inFlight.push(chunk);
    w.worker.postMessage({ type: 'files', files: chunk } satisfies ToWorker);
  };
  // A worker that fails gives its unfinished chunks back to this thread: nothing is lost.
  const lost: SourceText[] = [];
  const retire = (w: WorkerSlot, why: string) => {
    if (!w.alive && !w.inFlight.length) return;
    w.alive = false;
    for (const chunk of w.inFlight) lost.push(...chunk);
    w.inFlight = [];
    void w.worker.terminate();
    if (process.env.COSTLENS_DEBUG) process.stderr.write(`costlens: a scan worker stopped (${why}); this thread takes over its files\n`);
    notify();
  };
  if (script) {
    for (let i = 0; i < options.workers; i++) {
      const w: WorkerSlot = { worker: new Worker(script), inFlight: [], alive: true };
      w.worker.on('message', (m: FromWorker) => {
        if (m.type === 'extracted') {
          w.inFlight.shift();
          toPrice.push(...m.results);
          handOut(w);
        } else retire(w, m.error);
        notify();
      });
      w.worker.on('error', (e) => retire(w, e instanceof Error ? e.message : String(e)));
      w.worker.on('exit', (code) => retire(w, `exit code ${code}`));
      w.worker.postMessage({ type: 'start', root, config, codeFiles } satisfies ToWorker);
      workers.push(w);
    }
    // Two chunks ahead each, before this thread blocks on building the tokenizer.
    for (const w of workers) {
      handOut(w);
      handOut(w);
    }
    countText('warm up', 'gpt-4o');
  }
  const extractor = new Extractor(reader, config, codeFiles);
  let parsersReady = false;
  let tokenizerReady = !!script;
  try {
    for (;;) {
      // Pricing happens only here, so it comes first; extracting is what any thread can do.
      const ready = toPrice.shift();
      if (ready) {
        // The tokenizer is built once for the scan, not within the budget of the file priced first.
        if (!tokenizerReady) {
          countText('warm up', 'gpt-4o');
          tokenizerReady = true;
        }
        const analysis = priceFile(ready.extraction, ready.text, config, undefined, Deadline.forSettings(config, ready.ms));
        analyses.push(analysis);
        cache?.set(ready.path, hashText(ready.text), ready.deps, analysis);
      } else {
        const source = lost.length ? lost.shift() : next < todo.length ? todo[next++] : undefined;
        if (source) {
          if (!parsersReady) {
            await loadParsers();
            parsersReady = true;
          }
          toPrice.push(extractor.extract(source));
        } else if (workers.some((w) => w.alive || w.inFlight.length)) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        } else break;
      }
      if (workers.length) await yieldToEvents();
    }
  } finally {
    extractor.dispose();
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
  errors.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  let cacheResult: AnalyzeFilesResult['cache'];
  if (cache) {
    const kept = new Set(analyses.map((a) => a.path));
    // Files read this time and holding nothing, and (on a whole-workspace scan) files gone.
    cache.prune((file) => (seen.has(file) ? !kept.has(file) : !!options.wholeWorkspace), (file) => !seen.has(file) && !!options.wholeWorkspace);
    // The answers the kept analyses depend on, for the next scan to check without reading every file.
    if (cache.changed || reader.mentions.differsFromStored()) cache.keepMentions(reader.mentions.snapshot(cache.mentionKeys()));
    cacheResult = { hits: cache.hits, misses: cache.misses, read, saved: cache.save(), ...(cache.problem ? { problem: cache.problem } : {}) };
    if (cache.problem) errors.push({ path: path.relative(root, options.cacheDir!) || '.', kind: 'cache', message: cache.problem });
  }
  return { analyses, errors, threads: 1 + workers.length, ...(cacheResult ? { cache: cacheResult } : {}) };
}
