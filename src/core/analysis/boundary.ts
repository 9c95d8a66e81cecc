// Files are read (and fixes written) only inside the workspace, the same in the CLI and the editor.
// A path counts by its real path, every symbolic link resolved: a link that stays inside is
// followed, a link out (to /etc/passwd, /proc/self/environ, a folder elsewhere) is refused with
// the reason and never opened. Only regular files are read: not FIFOs (opening one waits for a
// writer), sockets or devices, nor files that report a size of 0 and have content (/proc).
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { maxBytesFor, sizeReason, skipReason } from './limits';

export const LINK_OUTSIDE = 'symbolic link to a path outside the workspace';
export const PATH_OUTSIDE = 'outside the workspace';
export const NOT_REGULAR = 'not a regular file (a FIFO, socket or device)';
export const SPECIAL_FILE = 'a special file (it reports a size of 0 but has content, like the files under /proc)';

// O_NOFOLLOW: a last component swapped for a link after the check is refused by open() itself.
// O_NONBLOCK: open() of a FIFO returns at once instead of waiting for a writer (then fstat refuses it).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Whether `p` is `root` or below it (both absolute, already resolved). */
export function isInside(root: string, p: string): boolean {
  // Below the root as text, with no `..` to climb out: inside without path.relative (a scan asks for every file).
  if (p.length > root.length && p.startsWith(root) && (root.endsWith(path.sep) || p[root.length] === path.sep) && !p.includes(`${path.sep}..`)) return true;
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** The real path of `p`; `p` itself when it does not resolve (absent). */
export function realPathOf(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

/** The workspace's roots, by their real paths. */
export class WorkspaceBoundary {
  readonly roots: readonly string[];
  /** The roots as given (before links are resolved): a path below one of them is inside lexically. */
  private readonly given: readonly string[];

  constructor(roots: readonly string[]) {
    this.given = roots.map((r) => path.resolve(r));
    this.roots = this.given.map(realPathOf);
  }

  /** Whether a real path is inside one of the roots. */
  contains(real: string): boolean {
    return this.roots.some((r) => isInside(r, real));
  }

  /**
   * The real path of `p`, or why it is refused: a link out, or a path outside. Throws the system's
   * error (ENOENT…) when `p` does not resolve.
   */
  resolve(p: string): { real: string } | { refused: string } {
    const real = realpathSync.native(p);
    if (this.contains(real)) return { real };
    const abs = path.resolve(p);
    return { refused: this.given.some((r) => isInside(r, abs)) || this.contains(abs) ? LINK_OUTSIDE : PATH_OUTSIDE };
  }
}

/** Why a file is not read: `skipped` (a link out, a special file), `limit` (too big) or `read` (a system error). */
export interface ReadRefusal {
  kind: 'skipped' | 'limit' | 'read';
  message: string;
  /** The system's error code, for `read`. */
  code?: string;
}

const probe = Buffer.alloc(1);

/**
 * The bytes of a regular file inside the boundary (no boundary: anywhere), at most `maxBytes`, or
 * why it is not read. `buffer`, when big enough, receives the bytes (the result is a view of it).
 */
export function readInside(boundary: WorkspaceBoundary | undefined, file: string, maxBytes: number, buffer?: Buffer): { bytes: Buffer; real: string } | { refusal: ReadRefusal } {
  let fd: number | undefined;
  try {
    let real = file;
    if (boundary) {
      const r = boundary.resolve(file);
      if ('refused' in r) return { refusal: { kind: 'skipped', message: `skipped: ${r.refused}` } };
      real = r.real;
    }
    fd = openSync(real, READ_FLAGS);
    const st = fstatSync(fd);
    if (!st.isFile()) return { refusal: { kind: 'skipped', message: `skipped: ${NOT_REGULAR}` } };
    if (st.size > maxBytes) return { refusal: { kind: 'limit', message: sizeReason(st.size, maxBytes) } };
    const size = st.size;
    const buf = buffer && buffer.length >= size ? buffer.subarray(0, size) : Buffer.allocUnsafe(size);
    // What the file holds is what it says it holds: a file growing meanwhile is read to its size then.
    let n = 0;
    while (n < size) {
      const k = readSync(fd, buf, n, size - n, n);
      if (k === 0) break;
      n += k;
    }
    if (size === 0 && readSync(fd, probe, 0, 1, 0) > 0) return { refusal: { kind: 'skipped', message: `skipped: ${SPECIAL_FILE}` } };
    return { bytes: buf.subarray(0, n), real };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ELOOP: the file is a link (O_NOFOLLOW): without a boundary none is followed; with one, it
    // became a link after the check.
    if (code === 'ELOOP') return { refusal: { kind: 'skipped', message: `skipped: ${boundary ? LINK_OUTSIDE : 'a symbolic link (not followed)'}`, code } };
    return { refusal: { kind: 'read', message: `cannot read: ${code ?? String(e)}`, code } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads a folder's files by path relative to it (the editor's imports and prompt files read by
 * path): nothing outside it, links resolved first (a link out is not followed, even when its
 * target is open in the editor); `openText` gives a document's text as edited, when it is open.
 */
export function folderFileReader(root: string, openText?: (abs: string) => string | undefined): (rel: string) => string | undefined {
  const boundary = new WorkspaceBoundary([root]);
  return (rel) => {
    const abs = path.resolve(root, rel);
    if (!isInside(root, abs)) return undefined;
    try {
      if ('refused' in boundary.resolve(abs)) return undefined;
    } catch {
      /* not on disk: an open document may still have it */
    }
    const maxBytes = maxBytesFor(rel);
    const open = openText?.(abs);
    if (open !== undefined) return open.length > maxBytes ? undefined : open;
    const r = readInside(boundary, abs, maxBytes);
    return 'bytes' in r && !skipReason(r.bytes, maxBytes) ? r.bytes.toString('utf8') : undefined;
  };
}
