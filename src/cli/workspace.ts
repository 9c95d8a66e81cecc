// Finding and reading the files a scan covers. Skips what no one wants analysed (dependencies,
// build output, virtual environments), and files too big or binary, each with a stated reason.
// Nothing outside the workspace is read (core/analysis/boundary.ts).
import { promises as fs, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isInside, LINK_OUTSIDE, NOT_REGULAR, readInside, realPathOf, WorkspaceBoundary } from '../core/analysis/boundary';
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

/** The folder that holds `.costlens.json` or `.git` at or above `start`, or undefined when none does. */
async function markedRoot(start: string): Promise<string | undefined> {
  let dir = path.resolve(start);
  try {
    if (!(await fs.stat(dir)).isDirectory()) dir = path.dirname(dir);
  } catch {
    return undefined;
  }
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
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The folder that holds `.costlens.json` or `.git`, walking up from `start`; `start` itself otherwise. */
export async function findWorkspaceRoot(start: string): Promise<string> {
  const marked = await markedRoot(start);
  if (marked) return marked;
  try {
    if (!(await fs.stat(start)).isDirectory()) return path.dirname(path.resolve(start));
  } catch {
    /* absent: the path itself */
  }
  return path.resolve(start);
}

/** A path given on the command line that cannot be scanned: said plainly, with the path. */
export class PathArgumentError extends Error {}

export interface ScanWorkspace {
  /** The workspace root, as found (links in it not resolved). */
  root: string;
  boundary: WorkspaceBoundary;
  /** The paths to scan, each resolved against the current folder, by their real paths. */
  paths: string[];
}

/**
 * The workspace of a scan and the real paths of its arguments, each resolved against `cwd`. The
 * workspace is the folder with `.costlens.json` or `.git` at or above the first path (default: the
 * current folder); every path must lie inside it once links are resolved. A path that is absent,
 * outside, or a link out of the workspace is refused (PathArgumentError), never followed.
 */
export async function resolveScanPaths(cwd: string, inputs: readonly string[]): Promise<ScanWorkspace> {
  const given = inputs.length ? [...inputs] : ['.'];
  const abs = given.map((p) => path.resolve(cwd, p));
  for (const [i, a] of abs.entries()) {
    try {
      statSync(a);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new PathArgumentError(code === 'ENOENT' ? `no such file or folder: ${given[i]}` : `cannot read ${given[i]}: ${code ?? String(e)}`);
    }
  }
  // A path inside the current folder's workspace may not lead out of it through a link (whose
  // target's own .git would otherwise make it a workspace of its own).
  const here = await markedRoot(cwd);
  if (here) {
    const real = realPathOf(here);
    for (const [i, a] of abs.entries()) {
      if (isInside(here, a) && !isInside(real, realPathOf(a))) throw new PathArgumentError(`${given[i]} is a ${LINK_OUTSIDE} (${here}): not scanned`);
    }
  }
  const root = await findWorkspaceRoot(abs[0]);
  const boundary = new WorkspaceBoundary([root]);
  const paths = abs.map((a, i) => {
    const r = boundary.resolve(a);
    if ('refused' in r) {
      throw new PathArgumentError(
        r.refused === LINK_OUTSIDE
          ? `${given[i]} is a ${LINK_OUTSIDE} (${root}): not scanned`
          : `${given[i]} is outside the workspace (${root}, the folder with .costlens.json or .git at or above the first path): scan it on its own`,
      );
    }
    return r.real;
  });
  return { root, boundary, paths };
}

export function relativePath(root: string, absolute: string): string {
  const rel = path.relative(root, absolute);
  return (isInside(root, absolute) ? rel : absolute).split(path.sep).join('/');
}

/** What a killed `check --fix` may leave beside a file it was writing (see safeWrite.ts). */
export const FIX_DEBRIS = /\.(\d+)\.costlens\.(tmp|bak)$/;

/**
 * Every file under the given paths, sorted, with skipped directories left out. Synchronous: a
 * walk of a few thousand folders is a few milliseconds of system calls, far less than awaiting
 * each one.
 */
export interface ListOptions {
  /** Leave out what .gitignore files exclude (default true). */
  gitignore?: boolean;
  /** Where files may be read (default: the root). */
  boundary?: WorkspaceBoundary;
  /** Told of each file a killed `check --fix` left (FIX_DEBRIS), by its real path. */
  onDebris?: (file: string) => void;
}

/**
 * Files are listed by their real paths, relative to the root's: a link that stays inside the
 * workspace is followed (its target is listed once, under its own path), a link out is listed in
 * `errors` with the reason and never followed.
 */
export function listFiles(root: string, inputs: string[], errors: AnalysisError[], accept: (rel: string) => boolean, options: ListOptions = {}): WorkspaceFile[] {
  const out = new Map<string, WorkspaceFile>();
  const boundary = options.boundary ?? new WorkspaceBoundary([root]);
  const realRoot = realPathOf(root);
  const useIgnore = options.gitignore !== false;
  const rules = new IgnoreRules();
  const loaded = new Set<string>();
  const loadIgnore = (abs: string, rel: string) => {
    if (!useIgnore || loaded.has(rel)) return;
    loaded.add(rel);
    const r = readInside(boundary, path.join(abs, '.gitignore'), MAX_FILE_BYTES);
    if ('bytes' in r) rules.add(rel, r.bytes.toString('utf8'));
  };
  // The .gitignore files of the folders above a folder apply to it too.
  const loadIgnoresAbove = (rel: string) => {
    if (!rel) return;
    const parts = rel.split('/');
    for (let i = 0; i < parts.length; i++) loadIgnore(path.join(realRoot, ...parts.slice(0, i)), parts.slice(0, i).join('/'));
  };
  const skippedDirs = new Set<string>();
  let ignoredPaths = 0;
  let honour = useIgnore;
  // Folders walked, by real path: a link back up would loop, a link across would list twice.
  const walked = new Set<string>();
  const addFile = (abs: string, rel: string) => {
    if (!accept(rel)) {
      if (FIX_DEBRIS.test(rel)) options.onDebris?.(abs);
      return;
    }
    if (honour && rules.ignores(rel)) ignoredPaths++;
    else out.set(abs, { absolute: abs, path: rel });
  };
  // `abs` is a real path inside the root, `rel` its path relative to the root's real path.
  const walkDir = (abs: string, rel: string): void => {
    if (walked.has(abs)) return;
    walked.add(abs);
    if (honour) loadIgnore(abs, rel);
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      errors.push({ path: rel || '.', kind: 'read', message: `cannot list: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      let child = abs + path.sep + name;
      let childRel = rel ? `${rel}/${name}` : name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Links by a name never walked stay unread, as those folders do; the rest are followed
        // only inside the workspace, to their target's own path.
        if (name === CACHE_DIR || SKIPPED_DIRS.has(name) || name.startsWith('.')) continue;
        if (honour && rules.ignores(childRel)) {
          ignoredPaths++;
          continue;
        }
        let real: string;
        try {
          const r = boundary.resolve(child);
          if ('refused' in r) {
            errors.push({ path: childRel, kind: 'skipped', message: `skipped: ${r.refused}` });
            continue;
          }
          real = r.real;
          const st = statSync(real);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // a dangling link: nothing to read
        }
        child = real;
        childRel = relativePath(realRoot, real);
        if (isDir && honour) loadIgnoresAbove(childRel);
      }
      if (isDir) {
        // CostLens's own cache folder is passed over without a word: saying so would make the
        // report of a scan that wrote the cache differ from the next one's.
        if (name === CACHE_DIR) continue;
        if (SKIPPED_DIRS.has(name)) skippedDirs.add(name);
        else if (name.startsWith('.') && name !== '.github') continue;
        else if (honour && rules.ignores(childRel, true)) ignoredPaths++;
        else walkDir(child, childRel);
      } else if (isFile) addFile(child, childRel);
      else if (accept(childRel)) errors.push({ path: childRel, kind: 'skipped', message: `skipped: ${NOT_REGULAR}` });
    }
  };
  for (const input of inputs) {
    let real: string;
    let st;
    try {
      const r = boundary.resolve(input);
      if ('refused' in r) {
        errors.push({ path: relativePath(root, path.resolve(input)), kind: 'skipped', message: `skipped: ${r.refused}` });
        continue;
      }
      real = r.real;
      st = statSync(real);
    } catch (e) {
      errors.push({ path: relativePath(root, path.resolve(input)), kind: 'read', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      continue;
    }
    const rel = relativePath(realRoot, real);
    if (st.isDirectory()) {
      loadIgnoresAbove(rel);
      // A folder named on the command line that .gitignore excludes is scanned all the same (as
      // ripgrep searches a path it is given): what is asked for by name is not left out.
      honour = useIgnore && !(rel && rules.ignores(rel, true));
      walkDir(real, rel);
    } else if (st.isFile()) {
      // A file named on the command line that CostLens does not read is said, not silently dropped.
      if (accept(rel)) out.set(real, { absolute: real, path: rel });
      else errors.push({ path: rel, kind: 'read', message: 'skipped: not a prompt file or Python/TypeScript/JavaScript code' });
    } else errors.push({ path: rel, kind: 'skipped', message: `skipped: ${NOT_REGULAR}` });
  }
  if (skippedDirs.size || ignoredPaths) {
    const parts = [];
    if (skippedDirs.size) parts.push(`dependency, build and tool folders (${[...skippedDirs].sort().join(', ')})`);
    if (ignoredPaths) parts.push(`${ignoredPaths} path${ignoredPaths === 1 ? '' : 's'} .gitignore excludes (--no-ignore scans them)`);
    errors.push({ path: '.', kind: 'skipped', message: `not scanned: ${parts.join(' and ')}` });
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Most files fit in a buffer of this size, reused; bigger ones get their own. */
const FIRST_READ = 64 * 1024;
let firstReadBuffer: Buffer | undefined;

/**
 * The file's text, or an error saying why it is skipped (a link out of the workspace, a special
 * file, too big, binary, unreadable). Synchronous: the analysis that follows is synchronous too,
 * and open/fstat/read/close into a reused buffer beats awaiting each call.
 */
export function readText(file: WorkspaceFile, boundary: WorkspaceBoundary | undefined): { text: string } | { error: AnalysisError } {
  const max = maxBytesFor(file.path);
  const r = readInside(boundary, file.absolute, max, (firstReadBuffer ??= Buffer.allocUnsafe(FIRST_READ)));
  if ('refusal' in r) return { error: { path: file.path, kind: r.refusal.kind, message: r.refusal.message } };
  const reason = skipReason(r.bytes, max);
  if (reason) return { error: { path: file.path, kind: 'limit', message: reason } };
  return { text: r.bytes.toString('utf8') };
}
