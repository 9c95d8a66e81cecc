// Analysing a list of workspace files, in this thread or split across worker threads. Workers
// start loading the parsers and the tokenizer at once, so that cost overlaps with listing files.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConfigValues } from '../config/load';
import { analyzeFile, FileAnalysis, isAnalyzable } from '../core/analysis/analyzeFile';
import { createFileReader, createImportResolver, ReadWorkspaceFile } from '../core/analysis/imports';
import { mayCallAnSdk } from '../core/extract/code/extract';
import { loadParsers } from '../core/extract/code/parser';
import { isPromptFile } from '../core/extract/promptFiles';
import type { AnalysisError } from '../core/model';
import { countText } from '../core/tokens/count';
import { MAX_FILE_BYTES, readText, WorkspaceFile } from './workspace';

export interface SourceText {
  path: string;
  text: string;
}

export interface AnalyzeBatch {
  root: string;
  files: SourceText[];
  config: ConfigValues;
}

export interface BatchResult {
  analyses: FileAnalysis[];
  errors: AnalysisError[];
}

/** Reads other files of the workspace for imports and prompt files; never outside the root. */
export function workspaceReader(root: string): ReadWorkspaceFile {
  return (rel) => {
    const abs = path.resolve(root, rel);
    if (!abs.startsWith(root + path.sep)) return undefined;
    try {
      if (statSync(abs).size > MAX_FILE_BYTES) return undefined;
      return readFileSync(abs, 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * Read the files to analyse. Code that calls nothing an SDK call can end in is dropped here (it
 * has no call sites), so the work left is known before deciding whether threads pay off.
 */
export function readSources(files: WorkspaceFile[]): { sources: SourceText[]; errors: AnalysisError[] } {
  const sources: SourceText[] = [];
  const errors: AnalysisError[] = [];
  for (const file of files) {
    if (!isAnalyzable(file.path)) continue;
    const r = readText(file);
    if ('error' in r) errors.push(r.error);
    else if (isPromptFile(file.path) || mayCallAnSdk(r.text)) sources.push({ path: file.path, text: r.text });
  }
  return { sources, errors };
}

/** Analyse texts in this thread. */
export async function analyzeBatch(batch: AnalyzeBatch): Promise<BatchResult> {
  await loadParsers();
  const read = workspaceReader(batch.root);
  const resolveImport = createImportResolver(read);
  const readFile = createFileReader(read);
  const out: BatchResult = { analyses: [], errors: [] };
  for (const file of batch.files) out.analyses.push(analyzeFile(file.path, file.text, { config: batch.config, resolveImport, readFile }));
  return out;
}

/** Warm up what analysis loads on first need (called in workers while files are being listed). */
export async function warmUp(): Promise<void> {
  await loadParsers();
  countText('warm up', 'gpt-4o');
}

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

export class WorkerPool {
  private readonly workers: Worker[] = [];

  constructor(size: number) {
    const script = workerScript();
    if (!script) return;
    for (let i = 0; i < size; i++) {
      const w = new Worker(script);
      w.postMessage({ type: 'warm-up' });
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Split the files across the workers (interleaved, so big folders spread) and gather the results. */
  async run(batch: AnalyzeBatch): Promise<BatchResult> {
    const parts = this.workers.map((): SourceText[] => []);
    batch.files.forEach((f, i) => parts[i % parts.length].push(f));
    const results = await Promise.all(
      this.workers.map(
        (w, i) =>
          new Promise<BatchResult>((resolve, reject) => {
            const onMessage = (m: { type: string; result?: BatchResult; error?: string }) => {
              if (m.type === 'result') {
                w.off('message', onMessage);
                w.off('error', reject);
                resolve(m.result!);
              } else if (m.type === 'error') {
                w.off('message', onMessage);
                reject(new Error(m.error));
              }
            };
            w.on('message', onMessage);
            w.once('error', reject);
            w.postMessage({ type: 'analyze', batch: { ...batch, files: parts[i] } });
          }),
      ),
    );
    return { analyses: results.flatMap((r) => r.analyses), errors: results.flatMap((r) => r.errors) };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
