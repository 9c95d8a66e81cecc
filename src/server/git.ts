// A git revision's files, read from git's objects (ls-tree, one cat-file --batch), never from or
// into the working tree; and the renames between two revisions (git's own rename detection).
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

export class GitError extends Error {}

function git(cwd: string, args: string[], input?: string): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1024 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  if (r.error) throw new GitError(`git could not be run: ${r.error.message}`);
  if (r.status !== 0) throw new GitError(`git ${args[0]} failed: ${r.stderr.toString('utf8').trim() || `exit code ${r.status}`}`);
  return r.stdout;
}

/** The repository's top folder, or a GitError when `cwd` is not in one. */
export function gitRoot(cwd: string): string {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch (e) {
    throw new GitError(`${cwd} is not in a git repository (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The commit a revision names (a branch, tag, sha, `HEAD~2`…). */
export function resolveCommit(cwd: string, rev: string): string {
  if (!rev || rev.startsWith('-')) throw new GitError(`"${rev}" is not a revision`);
  try {
    return git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new GitError(`"${rev}" names no commit in this repository (a branch, tag or sha; fetch it first in a shallow CI checkout)`);
  }
}

export interface TreeFile {
  /** Relative to `prefix` (the workspace root within the repository), forward slashes. */
  path: string;
  oid: string;
  size: number;
}

/**
 * The files of a commit under `prefix` (the workspace root's path inside the repository, '' for
 * the top), with their blob ids and sizes.
 */
export function listTree(cwd: string, commit: string, prefix: string): TreeFile[] {
  const out = git(cwd, ['ls-tree', '-r', '-l', '-z', '--full-tree', commit]).toString('utf8');
  const files: TreeFile[] = [];
  for (const entry of out.split('\0')) {
    // "<mode> blob <oid> <size>\t<path>"
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid, size] = entry.slice(0, tab).split(/\s+/);
    if (type !== 'blob' || mode === '120000' || mode === '160000') continue; // no symlinks, no submodules
    const full = entry.slice(tab + 1);
    if (prefix && !full.startsWith(`${prefix}/`)) continue;
    files.push({ path: prefix ? full.slice(prefix.length + 1) : full, oid, size: Number(size) });
  }
  return files;
}

/** Blobs' contents by id, in one `git cat-file --batch`. */
export function readBlobs(cwd: string, oids: string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!oids.length) return out;
  const buf = git(cwd, ['cat-file', '--batch'], oids.join('\n') + '\n');
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(10, at);
    if (nl < 0) break;
    const header = buf.toString('utf8', at, nl);
    const [oid, type, size] = header.split(' ');
    if (type === 'missing' || size === undefined) {
      at = nl + 1;
      continue;
    }
    const n = Number(size);
    out.set(oid, buf.subarray(nl + 1, nl + 1 + n));
    at = nl + 1 + n + 1;
  }
  return out;
}

/**
 * Files renamed between two commits (`head` undefined: the working tree), old path → new path,
 * both relative to `prefix`.
 */
export function renames(cwd: string, base: string, head: string | undefined, prefix: string): Map<string, string> {
  const args = ['diff', '--name-status', '-z', '-M', '--no-ext-diff', base, ...(head ? [head] : []), '--', ...(prefix ? [prefix] : ['.'])];
  const parts = git(cwd, args).toString('utf8').split('\0');
  const out = new Map<string, string>();
  const rel = (p: string) => (prefix ? p.slice(prefix.length + 1) : p);
  for (let i = 0; i < parts.length; ) {
    const status = parts[i];
    if (!status) {
      i++;
      continue;
    }
    if (status.startsWith('R') || status.startsWith('C')) {
      if (status.startsWith('R')) out.set(rel(parts[i + 1]), rel(parts[i + 2]));
      i += 3;
    } else i += 2;
  }
  return out;
}

/** The workspace root's path inside the repository ('' at the top). */
export function prefixOf(repoRoot: string, workspaceRoot: string): string {
  const rel = path.relative(repoRoot, workspaceRoot).split(path.sep).join('/');
  if (rel.startsWith('..')) throw new GitError(`the workspace ${workspaceRoot} is not inside the repository ${repoRoot}`);
  return rel;
}

/** One file of a commit, for reads the listing did not foresee. */
export function showFile(cwd: string, commit: string, repoPath: string): string | undefined {
  try {
    return execFileSync('git', ['cat-file', 'blob', `${commit}:${repoPath}`], { cwd, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Local and remote branches and tags, most recently committed first (for a picker). */
export function listRefs(cwd: string): { name: string; kind: 'branch' | 'remote' | 'tag'; subject: string }[] {
  const out = git(cwd, ['for-each-ref', '--sort=-committerdate', '--format=%(refname)%00%(subject)', 'refs/heads', 'refs/remotes', 'refs/tags']).toString('utf8');
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [ref, subject] = line.split('\0');
      const kind = ref.startsWith('refs/heads/') ? 'branch' : ref.startsWith('refs/tags/') ? 'tag' : 'remote';
      return { name: ref.replace(/^refs\/(heads|tags|remotes)\//, ''), kind, subject: subject ?? '' } as const;
    })
    .filter((r) => !r.name.endsWith('/HEAD'));
}
