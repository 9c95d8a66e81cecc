// What a scan leaves alone, the same in the CLI and the editor: dependency, build and tool folders,
// files too big to be prompts or hand-written agent code, and binary files.

/** Folders never walked into (dependencies, build output, virtual environments, caches). */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache', '.next', '.turbo', 'coverage', 'site-packages', '.costlens_cache']);

export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Why a file's bytes are not analysed, or undefined when they are fine. */
export function skipReason(bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_FILE_BYTES) return `skipped: ${(bytes.length / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`;
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return 'skipped: binary file (contains NUL bytes)';
  return undefined;
}
