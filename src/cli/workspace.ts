// Finding and reading the files a scan covers. Skips what no one wants analysed (dependencies,
// build output, virtual environments), and files too big or binary, each with a stated reason.
import { closeSync, fstatSync, openSync, promises as fs, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_FILE_BYTES, maxBytesFor, SKIPPED_DIRS, skipReason } from '../core/analysis/limits';
import { IgnoreRules } from '../core/analysis/gitignore';
import type { AnalysisError } from '../core/model';
import { CACHE_DIR } from './analysisCache';

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
export interface ListOptions {
  /** Leave out what .gitignore files exclude (default true). */
  gitignore?: boolean;
}

export function listFiles(root: string, inputs: string[], errors: AnalysisError[], accept: (rel: string) => boolean, options: ListOptions = {}): WorkspaceFile[] {
  const out = new Map<string, WorkspaceFile>();
  const useIgnore = options.gitignore !== false;
  const rules = new IgnoreRules();
  const loaded = new Set<string>();
  const loadIgnore = (abs: string, rel: string) => {
    if (!useIgnore || loaded.has(rel)) return;
    loaded.add(rel);
    try {
      rules.add(rel, readFileSync(path.join(abs, '.gitignore'), 'utf8'));
    } catch {
      /* none here */
    }
  };
  const skippedDirs = new Set<string>();
  let ignoredPaths = 0;
  // `abs` is `rel` joined to the root when the walk starts inside it; `rel` is null outside it.
  let honour = useIgnore;
  const walkDir = (abs: string, rel: string | null): void => {
    if (rel !== null && honour) loadIgnore(abs, rel);
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
      const childRel = rel === null ? relativePath(root, child) : rel ? `${rel}/${name}` : name;
      if (entry.isDirectory()) {
        // CostLens's own cache folder is passed over without a word: saying so would make the
        // report of a scan that wrote the cache differ from the next one's.
        if (name === CACHE_DIR) continue;
        if (SKIPPED_DIRS.has(name)) skippedDirs.add(name);
        else if (name.startsWith('.') && name !== '.github') continue;
        else if (rel !== null && honour && rules.ignores(childRel, true)) ignoredPaths++;
        else walkDir(child, rel === null ? null : childRel);
      } else if (entry.isFile()) {
        if (!accept(childRel)) continue;
        if (rel !== null && honour && rules.ignores(childRel)) ignoredPaths++;
        else out.set(child, { absolute: child, path: childRel });
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
      const inside = abs === root ? '' : rel.startsWith('/') || /^[A-Za-z]:/.test(rel) ? null : rel;
      // The .gitignore files of the folders above a folder named on the command line apply to it too.
      if (inside) {
        const parts = inside.split('/');
        for (let i = 0; i < parts.length; i++) loadIgnore(path.join(root, ...parts.slice(0, i)), parts.slice(0, i).join('/'));
      }
      // A folder named on the command line that .gitignore excludes is scanned all the same (as
      // ripgrep searches a path it is given): what is asked for by name is not left out.
      honour = useIgnore && !(inside && rules.ignores(inside, true));
      // Inside the root the relative path of a child is its folder's plus its name (no path.relative per file).
      walkDir(abs, inside);
    } else if (st.isFile()) {
      const rel = relativePath(root, abs);
      // A file named on the command line that CostLens does not read is said, not silently dropped.
      if (accept(rel)) out.set(abs, { absolute: abs, path: rel });
      else errors.push({ path: rel, kind: 'read', message: 'skipped: not a prompt file or Python/TypeScript/JavaScript code' });
    }
  }
  if (skippedDirs.size || ignoredPaths) {
    const parts = [];
    if (skippedDirs.size) parts.push(`dependency, build and tool folders (${[...skippedDirs].sort().join(', ')})`);
    if (ignoredPaths) parts.push(`${ignoredPaths} path${ignoredPaths === 1 ? '' : 's'} .gitignore excludes (--no-ignore scans them)`);
    errors.push({ path: '.', kind: 'skipped', message: `not scanned: ${parts.join(' and ')}` });
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
      const max = maxBytesFor(file.path);
      if (size > max) {
        return { error: { path: file.path, kind: 'limit', message: `skipped: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${max / 1024 / 1024} MB limit` } };
      }
      // The first read was positional (pread), so the file position is still 0: this reads it all.
      buf = readFileSync(fd);
    }
    const reason = skipReason(buf, maxBytesFor(file.path));
    if (reason) return { error: { path: file.path, kind: 'limit', message: reason } };
    return { text: buf.toString('utf8') };
  } catch (e) {
    return { error: { path: file.path, kind: 'read', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
