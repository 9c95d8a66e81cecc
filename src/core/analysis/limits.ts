// What a scan leaves alone, the same in the CLI and the editor: dependency, build and tool folders,
// files too big to be prompts or hand-written agent code, and binary files.

/** Folders never walked into (dependencies, build output, virtual environments, caches). */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache', '.next', '.turbo', 'coverage', 'site-packages', '.costlens_cache']);

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Notebooks carry their outputs (images, tables) beside a little code: they may be larger. */
export const MAX_NOTEBOOK_BYTES = 25 * 1024 * 1024;

/** The size over which a file is skipped. */
export function maxBytesFor(path: string): number {
  return path.toLowerCase().endsWith('.ipynb') ? MAX_NOTEBOOK_BYTES : MAX_FILE_BYTES;
}

/** Why a file of `size` bytes is not read (over `limit`). */
export function sizeReason(size: number, limit = MAX_FILE_BYTES): string {
  return `skipped: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${limit / 1024 / 1024} MB limit`;
}

/** Why a file's bytes are not analysed, or undefined when they are fine. */
export function skipReason(bytes: Uint8Array, max = MAX_FILE_BYTES): string | undefined {
  if (bytes.length > max) return sizeReason(bytes.length, max);
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return 'skipped: binary file (contains NUL bytes)';
  return undefined;
}

/** Minified or generated code: no one writes agent code like it, and parsing it is slow. */
export function minifiedReason(path: string, text: string): string | undefined {
  const lower = path.toLowerCase();
  if (/\.min\.(js|mjs|cjs)$|[.-]bundle\.(js|mjs)$|_pb2\.py$|\.generated\.(ts|js)$/.test(lower)) return `skipped: generated or minified code (by its name)`;
  // JavaScript with long lines on average over a sizeable file: minified. (Python is not minified,
  // and a long prompt written on one line is ordinary in any language: a small file of a few long
  // lines is not taken for minified code.)
  if (!/\.(js|mjs|cjs|jsx|ts|tsx|mts|cts)$/.test(lower) || text.length < 20_000) return undefined;
  let lines = 1;
  let longest = { start: 0, end: 0 };
  let start = 0;
  for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', i + 1)) {
    const end = i < 0 ? text.length : i;
    if (end - start > longest.end - longest.start) longest = { start, end };
    if (i < 0) break;
    lines++;
    start = i + 1;
  }
  const average = text.length / lines;
  if (average <= 400) return undefined;
  // Code, not prose: minified lines are dense with braces, parentheses and semicolons; a prompt is not.
  let code = 0;
  for (let i = longest.start; i < longest.end; i++) if (';{}()='.includes(text[i])) code++;
  return code >= 0.05 * (longest.end - longest.start) ? `skipped: minified code (${Math.round(average).toLocaleString('en-US')} characters a line on average)` : undefined;
}

/** An analysis that ran out of its time budget (costlens.limits.analysisMs). */
export class AnalysisTimeout extends Error {
  constructor(readonly budgetMs: number) {
    super(`analysis cut after ${budgetMs} ms: the file is too large or complex to analyse in time (costlens.limits.analysisMs)`);
    this.name = 'AnalysisTimeout';
  }
}

/** A point in time (performance.now()) after which an analysis stops, checked as it goes. */
export class Deadline {
  private readonly at: number;
  /** `spentMs`: what the file's analysis already took elsewhere (extracted in another thread). */
  constructor(
    readonly budgetMs: number,
    spentMs = 0,
  ) {
    this.at = performance.now() + budgetMs - spentMs;
  }

  get passed(): boolean {
    return performance.now() > this.at;
  }

  check(): void {
    if (this.passed) throw new AnalysisTimeout(this.budgetMs);
  }

  /** A file's deadline from its settings (costlens.limits.analysisMs), starting now, less what was spent on it already. */
  static forSettings(config: { readonly [key: string]: unknown }, spentMs = 0): Deadline {
    return new Deadline((config['limits.analysisMs'] as number | undefined) ?? 3000, spentMs);
  }
}

// The deadline of the code analysis under way: value resolution deep inside one call's detection
// (callers of callers, helpers, other files) checks it as it goes, not only between calls, so a
// file's budget ends its analysis near the budget. Analyses are synchronous: one at a time per thread.
let current: Deadline | undefined;

/** Makes `deadline` the one `checkDeadline` checks, until the returned function puts the previous one back. */
export function enterDeadline(deadline: Deadline | undefined): () => void {
  const previous = current;
  current = deadline;
  return () => {
    current = previous;
  };
}

/** Throws AnalysisTimeout when the analysis under way is past its deadline. */
export function checkDeadline(): void {
  current?.check();
}
