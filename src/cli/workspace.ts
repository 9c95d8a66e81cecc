// Finding and reading the files a scan covers. Skips what no one wants analysed (dependencies,
// build output, virtual environments), and files too big or binary, each with a stated reason.
import { closeSync, fstatSync, openSync, promises as fs, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_FILE_BYTES, SKIPPED_DIRS, skipReason } from '../core/analysis/limits';
import type { AnalysisError } from '../core/model';

export { MAX_FILE_BYTES, SKIPPED_DIRS };

export interface WorkspaceFile {
  /** Absolute path. */
  absolute: string;
  /** Relative to the workspace root, forward slashes. */
  path: string;
}

/** The folder that holds `.costlens.json` or `.git`, walking up from `start`; `start` itself otherwise. */
export async function findWorkspaceRoot(start: string): Promise<string> {
  let dir = path.resolve(start);
  try {
    if (!(await fs.stat(dir)).isDirectory()) dir = path.dirname(dir);
  } catch {
    return path.resolve(start);
  }
  const first = dir;
  for (;;) {
    for (const marker of ['.costlens.json', '.git']) {
      try {
        await fs.access(path.join(dir, marker));
        return dir;
      } catch {
        /* keep looking */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return first;
    dir = parent;
  }
}

export function relativePath(root: string, absolute: string): string {
  const rel = path.relative(root, absolute);
  return (rel.startsWith('..') ? absolute : rel).split(path.sep).join('/');
}

/**
 * Every file under the given paths, sorted, with skipped directories left out. Synchronous: a
 * walk of a few thousand folders is a few milliseconds of system calls, far less than awaiting
 * each one.
 */
export function listFiles(root: string, inputs: string[], errors: AnalysisError[], accept: (rel: string) => boolean): WorkspaceFile[] {
  const out = new Map<string, WorkspaceFile>();
  // `abs` is `rel` joined to the root when the walk starts inside it; `rel` is null outside it.
  const walkDir = (abs: string, rel: string | null): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      errors.push({ path: relativePath(root, abs), kind: 'read', message: `cannot list: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      const child = abs + path.sep + name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(name) && !(name.startsWith('.') && name !== '.github')) walkDir(child, rel === null ? null : rel ? `${rel}/${name}` : name);
      } else if (entry.isFile()) {
        const childRel = rel === null ? relativePath(root, child) : rel ? `${rel}/${name}` : name;
        if (accept(childRel)) out.set(child, { absolute: child, path: childRel });
      }
      // Symbolic links are not followed: they can leave the workspace or loop.
    }
  };
  for (const input of inputs) {
    const abs = path.resolve(input);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      errors.push({ path: relativePath(root, abs), kind: 'read', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      continue;
    }
    if (st.isDirectory()) {
      const rel = relativePath(root, abs);
      // Inside the root the relative path of a child is its folder's plus its name (no path.relative per file).
      walkDir(abs, abs === root ? '' : rel.startsWith('/') || /^[A-Za-z]:/.test(rel) ? null : rel);
    } else if (st.isFile()) {
      const rel = relativePath(root, abs);
      // A file named on the command line that CostLens does not read is said, not silently dropped.
      if (accept(rel)) out.set(abs, { absolute: abs, path: rel });
      else errors.push({ path: rel, kind: 'read', message: 'skipped: not a prompt file or Python/TypeScript/JavaScript code' });
    }
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Most files fit in one read of this size; bigger ones are read whole after a size check. */
const FIRST_READ = 64 * 1024;
let firstReadBuffer: Buffer | undefined;

/**
 * The file's text, or an error saying why it is skipped (too big, binary, unreadable). Synchronous:
 * the analysis that follows is synchronous too, and open/read/close into a reused buffer beats
 * both readFileSync (which also stats) and awaiting each call.
 */
export function readText(file: WorkspaceFile): { text: string } | { error: AnalysisError } {
  let fd: number | undefined;
  try {
    fd = openSync(file.absolute, 'r');
    const first = (firstReadBuffer ??= Buffer.allocUnsafe(FIRST_READ));
    const n = readSync(fd, first, 0, FIRST_READ, 0);
    let buf: Buffer;
    if (n < FIRST_READ) buf = first.subarray(0, n);
    else {
      const size = fstatSync(fd).size;
      if (size > MAX_FILE_BYTES) {
        return { error: { path: file.path, kind: 'limit', message: `skipped: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit` } };
      }
      // The first read was positional (pread), so the file position is still 0: this reads it all.
      buf = readFileSync(fd);
    }
    const reason = skipReason(buf);
    if (reason) return { error: { path: file.path, kind: 'limit', message: reason } };
    return { text: buf.toString('utf8') };
  } catch (e) {
    return { error: { path: file.path, kind: 'read', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
