// Cross-file values: constants imported from other workspace files, and prompt files read by
// path. The caller supplies how to read a file (disk for the CLI, open documents in the editor).
import type { PromptPart } from '../model';
import { extractConstants } from '../extract/code/constants';
import { languageOf } from '../extract/code/parser';
import type { FileReader } from '../extract/code/prompts';
import type { ImportResolver } from '../extract/code/values';
import { isPromptFile, parsePromptFile } from '../extract/promptFiles';
import { dirOf, normalizePath } from '../program/resolve';

/** Reads a workspace file by its workspace-relative path; undefined when absent or unreadable. */
export type ReadWorkspaceFile = (relPath: string) => string | undefined;

/**
 * Told of every workspace file whose content (or absence) an answer depended on, each time it is
 * asked, even when the answer comes from a cache: what a persisted analysis must re-check.
 */
export type OnConsult = (relPath: string) => void;

const normalize = normalizePath;

/** Candidate files for an import: Python `pkg.mod`/`.mod`, JS `./mod`. */
export function moduleCandidates(fromPath: string, module: string): string[] {
  const dir = dirOf(fromPath);
  if (languageOf(fromPath) === 'python') {
    const dots = /^\.*/.exec(module)![0].length;
    const rest = module.slice(dots).replace(/\./g, '/');
    if (dots > 0) {
      let base = dir;
      for (let i = 1; i < dots; i++) base = dirOf(base);
      return [`${base}/${rest}.py`, `${base}/${rest}/__init__.py`].map(normalize);
    }
    // Absolute: from the file's folder (scripts), then each ancestor up to the root.
    const out: string[] = [];
    for (let d = dir; ; d = dirOf(d)) {
      out.push(normalize(`${d}/${rest}.py`), normalize(`${d}/${rest}/__init__.py`));
      if (!d) break;
    }
    return out;
  }
  if (!module.startsWith('.')) return [];
  const base = normalize(`${dir}/${module}`);
  const stripped = base.replace(/\.(js|mjs|cjs)$/, '');
  return [base, ...['.ts', '.tsx', '.mts', '.js', '.mjs', '.jsx'].map((e) => stripped + e), ...['index.ts', 'index.tsx', 'index.js'].map((i) => `${base}/${i}`)];
}

export function createImportResolver(read: ReadWorkspaceFile, onConsult?: OnConsult): ImportResolver {
  const constants = new Map<string, Map<string, string | number> | null>();
  const load = (file: string): Map<string, string | number> | null => {
    if (constants.has(file)) return constants.get(file)!;
    constants.set(file, null); // cycles resolve to nothing
    const text = read(file);
    const map = text === undefined ? null : extractConstants(file, text);
    constants.set(file, map);
    return map;
  };
  return (fromPath, module, name) => {
    for (const file of moduleCandidates(fromPath, module)) {
      onConsult?.(file);
      const map = load(file);
      if (!map) continue;
      const value = map.get(name);
      if (value !== undefined) return { text: name, value };
      return undefined;
    }
    return undefined;
  };
}

/** Prompt files and text files read by path from code, relative to the code file or the root. */
export function createFileReader(read: ReadWorkspaceFile, onConsult?: OnConsult): FileReader {
  return (fromPath, target) => {
    const t = target.replace(/\\/g, '/');
    const candidates = t.startsWith('/') ? [] : [normalize(`${dirOf(fromPath)}/${t}`), normalize(t)];
    for (const file of candidates) {
      onConsult?.(file);
      const text = read(file);
      if (text === undefined) continue;
      const prompt = isPromptFile(file) ? parsePromptFile(file, text) : undefined;
      const parts: PromptPart[] = prompt ? prompt.callSite.parts.map((p) => ({ ...p, path: file })) : [{ role: 'system', message: 0, source: 'file', text, path: file }];
      return { path: file, parts };
    }
    return undefined;
  };
}
