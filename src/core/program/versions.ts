// Which version of a package the workspace uses, read from its manifests and lockfiles (nearest
// first, walking up from the file): package-lock.json, pnpm-lock.yaml, yarn.lock and package.json
// for npm packages; uv.lock, poetry.lock, requirements*.txt and pyproject.toml for Python ones. A
// lockfile gives the exact version; a manifest gives a range, whose lower bound is taken.
import { dirOf } from './resolve';

export interface PackageVersion {
  /** `1.2.3` (a lower bound when only a range is declared). */
  version: string;
  /** Where it was read: `package-lock.json`, `pyproject.toml (>=0.80)`. */
  source: string;
  exact: boolean;
}

/** Reads a workspace file (workspace-relative path); undefined when absent. */
export type ReadFile = (rel: string) => string | undefined;

function normName(n: string): string {
  return n.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The first version number in a specifier: `>=0.80,<1` → 0.80, `^1.2.3` → 1.2.3. */
function lowerBound(spec: string): string | undefined {
  for (const part of spec.split(',')) {
    const t = part.trim();
    if (t.startsWith('<') || t.startsWith('!=')) continue;
    let i = 0;
    while (i < t.length && !(t[i] >= '0' && t[i] <= '9')) i++;
    let j = i;
    while (j < t.length && ((t[j] >= '0' && t[j] <= '9') || t[j] === '.')) j++;
    if (j > i) return t.slice(i, j).replace(/\.$/, '');
  }
  return undefined;
}

function fromPackageLock(text: string, name: string): string | undefined {
  try {
    const json = JSON.parse(text) as { packages?: Record<string, { version?: unknown }>; dependencies?: Record<string, { version?: unknown }> };
    const v = json.packages?.[`node_modules/${name}`]?.version ?? json.dependencies?.[name]?.version;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function fromPnpmLock(text: string, name: string): string | undefined {
  // `  /ai@4.3.2:` (v6), `  ai@4.3.2:` (v9), `  '@ai-sdk/openai@1.0.0':`
  for (const line of text.split('\n')) {
    const t = line.trim().replace(/^['"/]+/, '');
    if (!t.startsWith(`${name}@`)) continue;
    const rest = t.slice(name.length + 1);
    const end = rest.search(/[('":\s]/);
    const v = end < 0 ? rest : rest.slice(0, end);
    if (/^\d/.test(v)) return v;
  }
  return undefined;
}

/**
 * A pnpm workspace's lockfile lists each project (`importers:`) with its own dependencies: what the
 * project at `importer` (its folder relative to the lockfile, `.` for the root) resolves `name` to —
 * a version, `link` for the workspace's own source, `absent` when that project does not depend on it
 * (other projects' copies are not its) — or undefined when the lockfile has no such importer.
 */
function fromPnpmImporter(text: string, importer: string, name: string): string | 'link' | 'absent' | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === 'importers:');
  if (start < 0) return undefined;
  const head = lines.findIndex((l, i) => i > start && (l === `  ${importer}:` || l === `  '${importer}':`));
  if (head < 0) return undefined;
  for (let i = head + 1; i < lines.length; i++) {
    const l = lines[i];
    if (l && !l.startsWith('    ')) break;
    const key = l.trim().replace(/['"]/g, '');
    if (l.startsWith('      ') && !l.startsWith('       ') && key === `${name}:`) {
      for (let j = i + 1; j < lines.length && lines[j].startsWith('        '); j++) {
        const t = lines[j].trim();
        if (!t.startsWith('version:')) continue;
        const v = t.slice('version:'.length).trim().replace(/['"]/g, '');
        if (/^(link|file|workspace):/.test(v)) return 'link';
        const m = /^\d[^(\s]*/.exec(v);
        return m ? m[0] : undefined;
      }
    }
  }
  return 'absent';
}

function fromYarnLock(text: string, name: string): string | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i];
    if (head.startsWith(' ') || !(head.startsWith(`${name}@`) || head.startsWith(`"${name}@`))) continue;
    for (let j = i + 1; j < lines.length && lines[j].startsWith(' '); j++) {
      const t = lines[j].trim();
      if (t.startsWith('version')) return t.slice('version'.length).replace(/[:"\s]/g, '');
    }
  }
  return undefined;
}

function fromPackageJson(text: string, name: string): string | undefined {
  try {
    const json = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
      const spec = json[field]?.[name];
      if (typeof spec === 'string') return spec;
    }
  } catch {
    /* not JSON */
  }
  return undefined;
}

/** `[[package]]` blocks of uv.lock and poetry.lock: `name = "crewai"` then `version = "0.95.0"`. */
function fromTomlLock(text: string, name: string): string | undefined {
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '[[package]]') current = undefined;
    else if (t.startsWith('name = ')) current = normName(t.slice(7).replace(/"/g, ''));
    else if (t.startsWith('version = ') && current === normName(name)) return t.slice(10).replace(/"/g, '');
  }
  return undefined;
}

/** A requirement line or a pyproject dependency string: `crewai[tools]==0.95.0`, `"crewai>=0.80"`. */
function fromRequirements(text: string, name: string): string | undefined {
  const want = normName(name);
  for (const raw of text.split('\n')) {
    for (const piece of raw.split(/["']/)) {
      const t = piece.trim();
      if (!t || t.startsWith('#')) continue;
      let k = 0;
      while (k < t.length && /[A-Za-z0-9_.-]/.test(t[k])) k++;
      if (normName(t.slice(0, k)) !== want) continue;
      const rest = t.slice(k).replace(/^\[[^\]]*\]/, '').trim();
      if (/^(==|>=|~=|>|\^|~|<=|<|!=|===)/.test(rest)) return rest.split(';')[0].trim();
    }
  }
  return undefined;
}

/**
 * The version of `pkg` the workspace declares for code at `fromPath`: the nearest folder (walking
 * up) whose lockfile or manifest names it.
 */
export function packageVersion(pkg: { npm?: string; pypi?: string }, fromPath: string, read: ReadFile): PackageVersion | undefined {
  // The folder of the project the file belongs to: the nearest package.json above it.
  let project: string | undefined;
  for (let dir = dirOf(fromPath); ; dir = dirOf(dir)) {
    const at = (f: string) => (dir ? `${dir}/${f}` : f);
    if (project === undefined && pkg.npm && read(at('package.json')) !== undefined) project = dir;
    const tryExact = (file: string, get: (t: string) => string | undefined): PackageVersion | undefined => {
      const text = read(at(file));
      const v = text === undefined ? undefined : get(text);
      return v && /^\d/.test(v) ? { version: v, source: at(file), exact: true } : undefined;
    };
    const tryRange = (file: string, get: (t: string) => string | undefined): PackageVersion | undefined => {
      const text = read(at(file));
      const spec = text === undefined ? undefined : get(text);
      if (!spec) return undefined;
      const exact = /^(==|===)\s*\d/.test(spec) || /^\d/.test(spec);
      const v = lowerBound(spec);
      return v ? { version: v, source: exact ? at(file) : `${at(file)} (${spec})`, exact } : undefined;
    };
    if (pkg.npm) {
      const name = pkg.npm;
      // A pnpm workspace: only the project's own importer entry says what it uses.
      const pnpm = project !== undefined ? read(at('pnpm-lock.yaml')) : undefined;
      const importer = pnpm !== undefined ? fromPnpmImporter(pnpm, project === dir ? '.' : project!.slice(dir ? dir.length + 1 : 0), name) : undefined;
      if (importer === 'link' || importer === 'absent') return undefined;
      if (importer) return { version: importer, source: at('pnpm-lock.yaml'), exact: true };
      const found = tryExact('package-lock.json', (t) => fromPackageLock(t, name)) ?? tryExact('pnpm-lock.yaml', (t) => fromPnpmLock(t, name)) ?? tryExact('yarn.lock', (t) => fromYarnLock(t, name)) ?? tryRange('package.json', (t) => fromPackageJson(t, name));
      if (found) return found;
      // `"workspace:*"` / `link:` / `file:`: the package's own source in this repository, not a
      // release; a lockfile further up describes other packages' copies, so the walk stops here.
      const manifest = read(at('package.json'));
      const spec = manifest === undefined ? undefined : fromPackageJson(manifest, name);
      if (spec && /^(workspace|link|file|portal):/.test(spec)) return undefined;
    }
    if (pkg.pypi) {
      const name = pkg.pypi;
      const found =
        tryExact('uv.lock', (t) => fromTomlLock(t, name)) ??
        tryExact('poetry.lock', (t) => fromTomlLock(t, name)) ??
        tryRange('requirements.txt', (t) => fromRequirements(t, name)) ??
        tryRange('requirements-dev.txt', (t) => fromRequirements(t, name)) ??
        tryRange('pyproject.toml', (t) => fromRequirements(t, name));
      if (found) return found;
    }
    if (!dir) return undefined;
  }
}

/** Compare dotted versions: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10));
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.isFinite(pa[i]) ? pa[i] : 0;
    const y = Number.isFinite(pb[i]) ? pb[i] : 0;
    if (x !== y) return x - y;
  }
  return 0;
}

/** Whether `version` satisfies a range written as comparators: `>=0.4.0 <0.5.0`, `<1`, `*`. */
export function inRange(version: string, range: string): boolean {
  for (const c of range.trim().split(/\s+/)) {
    if (c === '*' || c === '') continue;
    const op = /^(>=|<=|>|<|=)?/.exec(c)![0];
    const v = c.slice(op.length);
    const d = compareVersions(version, v);
    if ((op === '>=' && d < 0) || (op === '<=' && d > 0) || (op === '>' && d <= 0) || (op === '<' && d >= 0) || ((op === '=' || op === '') && d !== 0)) return false;
  }
  return true;
}
