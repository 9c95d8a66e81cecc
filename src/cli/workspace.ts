// Finding and reading the files a scan covers. Skips what no one wants analysed (dependencies,
// build output, virtual environments), and files too big or binary, each with a stated reason.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AnalysisError } from '../core/model';

export const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache', '.next', '.turbo', 'coverage', 'site-packages']);
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

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

/** Every file under the given paths, sorted, with skipped directories left out. */
export async function listFiles(root: string, inputs: string[], errors: AnalysisError[], accept: (rel: string) => boolean): Promise<WorkspaceFile[]> {
  const out = new Map<string, WorkspaceFile>();
  const visit = async (abs: string, explicit: boolean): Promise<void> => {
    let st;
    try {
      st = await fs.stat(abs);
    } catch (e) {
      if (explicit) errors.push({ path: relativePath(root, abs), kind: 'read', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      return;
    }
    if (st.isDirectory()) {
      const name = path.basename(abs);
      if (!explicit && (SKIPPED_DIRS.has(name) || (name.startsWith('.') && name !== '.github'))) return;
      let entries: string[];
      try {
        entries = await fs.readdir(abs);
      } catch (e) {
        errors.push({ path: relativePath(root, abs), kind: 'read', message: `cannot list: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
        return;
      }
      entries.sort();
      for (const entry of entries) await visit(path.join(abs, entry), false);
    } else if (st.isFile()) {
      const rel = relativePath(root, abs);
      if (explicit || accept(rel)) out.set(abs, { absolute: abs, path: rel });
    }
  };
  for (const input of inputs) await visit(path.resolve(input), true);
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The file's text, or an error saying why it is skipped (too big, binary, unreadable). */
export async function readText(file: WorkspaceFile): Promise<{ text: string } | { error: AnalysisError }> {
  try {
    const st = await fs.stat(file.absolute);
    if (st.size > MAX_FILE_BYTES) {
      return { error: { path: file.path, kind: 'limit', message: `skipped: ${(st.size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit` } };
    }
    const buf = await fs.readFile(file.absolute);
    if (buf.subarray(0, 8192).includes(0)) return { error: { path: file.path, kind: 'limit', message: 'skipped: binary file (contains NUL bytes)' } };
    return { text: buf.toString('utf8') };
  } catch (e) {
    return { error: { path: file.path, kind: 'read', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` } };
  }
}
