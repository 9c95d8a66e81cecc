// Writing a fixed file (`check --fix`) so that it stays the file the user had: inside the
// workspace only (by its real path), with the same mode, the same owner where this process may
// set it, and, for a file with more than one hard link, the same inode (a rename would leave the
// other names with the old text).
//
// Two ways, both safe against a kill at any point:
// - usually a new file beside it (`<file>.<pid>.costlens.tmp`, created exclusively, given the old
//   mode and owner, synced) renamed over it: a reader sees the old text or the new, never half;
// - in place when a rename would lose something (hard links, an owner this process cannot give a
//   new file, a folder it may not create files in): the old text is first copied to
//   `<file>.<pid>.costlens.bak` and synced, then the file is overwritten and truncated, synced,
//   and the copy removed. A kill in between leaves the copy: the next scan or check finds it and
//   says so (it never writes the user's file back on its own: the user may have edited it since).
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, lstatSync, openSync, readFileSync, readSync, renameSync, rmSync, Stats, writeSync, fchmodSync, fchownSync } from 'node:fs';
import * as path from 'node:path';
import { readInside, WorkspaceBoundary } from '../core/analysis/boundary';
import type { AnalysisError } from '../core/model';
import { FIX_DEBRIS } from './workspace';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

function writeAll(fd: number, data: Buffer): void {
  for (let n = 0; n < data.length; ) n += writeSync(fd, data, n, data.length - n, n);
}

function readAll(fd: number): Buffer {
  const size = fstatSync(fd).size;
  const buf = Buffer.alloc(size);
  let n = 0;
  while (n < size) {
    const k = readSync(fd, buf, n, size - n, n);
    if (k === 0) break;
    n += k;
  }
  return buf.subarray(0, n);
}

/** Best effort: a created or removed name is durable once its folder is synced (not possible everywhere). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* Windows, or a file system without it */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Create `file` exclusively (never through a link left there), with `data`, synced. */
function createExclusive(file: string, data: Buffer, mode: number): number {
  rmSync(file, { force: true }); // a stale one of ours, or anything planted under its name
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, mode);
  try {
    writeAll(fd, data);
    return fd;
  } catch (e) {
    closeSync(fd);
    rmSync(file, { force: true });
    throw e;
  }
}

/** Whether a new file this process creates can be given `st`'s owner. */
function canKeepOwner(st: Stats): boolean {
  if (!process.getuid || !process.getgid) return true; // Windows: no owners to keep this way
  const uid = process.getuid();
  if (uid === 0) return true;
  return st.uid === uid && (st.gid === process.getgid() || (process.getgroups?.() ?? []).includes(st.gid));
}

/** Fault injection for the tests and `npm run torture`: the process is killed at that point of a write. */
function faultPoint(where: 'temp' | 'in-place'): void {
  if (process.env.COSTLENS_FAULT_FIX_KILL === where) process.kill(process.pid, 'SIGKILL');
}

export type FixWrite = { written: 'renamed' | 'in place' } | { error: string };

/**
 * Write `text` over `file` (absolute, inside `boundary`), which must still hold `before` (what the
 * fixes were computed from).
 */
export function writeFixed(file: string, before: string, text: string, boundary: WorkspaceBoundary): FixWrite {
  let real: string;
  try {
    const r = boundary.resolve(file);
    if ('refused' in r) return { error: `not written: ${r.refused}` };
    real = r.real;
  } catch (e) {
    return { error: `not written: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  const st = lstatSync(real);
  if (!st.isFile()) return { error: 'not written: not a regular file' };
  const data = Buffer.from(text, 'utf8');
  const mode = st.mode & 0o7777;
  if (st.nlink === 1 && canKeepOwner(st)) {
    const tmp = `${real}.${process.pid}.costlens.tmp`;
    let fd: number | undefined;
    try {
      fd = createExclusive(tmp, data, 0o600);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A folder this process may not create files in: the file itself may still be writable.
      if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw e;
    }
    if (fd !== undefined) {
      try {
        const mine = fstatSync(fd);
        // Owner first: changing it clears set-user-id and set-group-id bits, which the mode then restores.
        if (mine.uid !== st.uid || mine.gid !== st.gid) fchownSync(fd, st.uid, st.gid);
        fchmodSync(fd, mode);
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
        faultPoint('temp');
        if (readFileSync(real, 'utf8') !== before) {
          rmSync(tmp, { force: true });
          return { error: 'not written: it changed while it was being fixed' };
        }
        renameSync(tmp, real);
        syncFolder(path.dirname(real));
        return { written: 'renamed' };
      } catch (e) {
        if (fd !== undefined) closeSync(fd);
        rmSync(tmp, { force: true });
        throw e;
      }
    }
  }
  return writeInPlace(real, before, data);
}

function writeInPlace(real: string, before: string, data: Buffer): FixWrite {
  const fd = openSync(real, constants.O_RDWR | NOFOLLOW);
  try {
    const old = readAll(fd);
    if (old.toString('utf8') !== before) return { error: 'not written: it changed while it was being fixed' };
    const bak = `${real}.${process.pid}.costlens.bak`;
    let bfd: number;
    try {
      bfd = createExclusive(bak, old, 0o600);
    } catch (e) {
      return { error: `not written: no room for a copy of the old text beside it (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
    }
    try {
      fsyncSync(bfd);
    } finally {
      closeSync(bfd);
    }
    syncFolder(path.dirname(real));
    if (process.env.COSTLENS_FAULT_FIX_KILL === 'in-place') {
      // Cut as a crash could leave it: half the new text, the rest gone.
      writeAll(fd, data.subarray(0, data.length >> 1));
      ftruncateSync(fd, data.length >> 1);
      faultPoint('in-place');
    }
    writeAll(fd, data);
    ftruncateSync(fd, data.length);
    fsyncSync(fd);
    rmSync(bak, { force: true });
    return { written: 'in place' };
  } finally {
    closeSync(fd);
  }
}

/** Whether a process with this id is running (a pid of another user counts as running). */
function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Clear what killed fixes left (FIX_DEBRIS) before a scan reads anything: a `.costlens.tmp` of a
 * process no longer running is removed (the file it was to replace is whole); a `.costlens.bak`
 * is removed when the file holds that same text, else kept and reported (the in-place write it
 * guarded was cut: the user compares and restores). `rel` gives a file's path for messages.
 */
export function sweepFixDebris(files: readonly string[], boundary: WorkspaceBoundary, rel: (abs: string) => string): AnalysisError[] {
  const errors: AnalysisError[] = [];
  for (const debris of files) {
    const m = FIX_DEBRIS.exec(debris);
    if (!m || running(Number(m[1]))) continue;
    try {
      if (m[2] === 'tmp') {
        rmSync(debris, { force: true });
        continue;
      }
      const original = debris.slice(0, -m[0].length);
      // Read as any workspace file is: a name planted as a link out or a FIFO is not opened.
      const now = readInside(boundary, original, Infinity);
      const copy = readInside(boundary, debris, Infinity);
      const same = 'bytes' in now && 'bytes' in copy && now.bytes.equals(copy.bytes);
      if (same) rmSync(debris, { force: true });
      else errors.push({ path: rel(original), kind: 'fix', message: `a fix was cut while writing this file in place; its text before the fix is kept in ${path.basename(debris)}: compare, restore it if the file is damaged, then delete it` });
    } catch (e) {
      errors.push({ path: rel(debris), kind: 'fix', message: `cannot clear what a cut fix left: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
    }
  }
  return errors;
}
