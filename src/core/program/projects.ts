// Which project of a workspace a file belongs to: the nearest folder above it with a manifest of its
// own (pyproject.toml, requirements.txt, setup.py, Pipfile, package.json). A repository of many
// independent apps (a collection of examples, a monorepo) is many projects, each with its own
// traffic: the report says its month per project, not only as one sum.
import { dirOf } from './resolve';
import type { ReadFile } from './versions';

const MANIFESTS = ['pyproject.toml', 'requirements.txt', 'setup.py', 'Pipfile', 'package.json'];

/** The folder (workspace-relative, '' for the root) of the nearest manifest above the file; undefined when none. */
export function projectOf(path: string, read: ReadFile): string | undefined {
  for (let dir = dirOf(path); ; dir = dirOf(dir)) {
    for (const m of MANIFESTS) if (read(dir ? `${dir}/${m}` : m) !== undefined) return dir;
    if (!dir) return undefined;
  }
}
