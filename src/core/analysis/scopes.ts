// Where code runs, as far as the bill cares: production code runs for users; tests, examples,
// docs, scripts and notebooks do not run at production traffic. A call site's scope comes from
// `.costlens.json` `"scopes"` (path prefixes or globs) when it says, else from path conventions.
// Library code (a distributable package's functions that no entry point of the workspace reaches)
// runs in its users' programs, at their traffic. Only production counts toward the monthly total;
// other scopes get a monthly figure only where traffic is stated for their tasks.
import type { ConfigValues } from '../../config/load';
import { own } from '../util/own';

export type Scope = 'production' | 'test' | 'example' | 'script' | 'docs' | 'notebook' | 'library';
export const SCOPES: readonly Scope[] = ['production', 'test', 'example', 'script', 'docs', 'notebook', 'library'];

/** Folder names and file-name shapes of each non-production scope (the first that matches wins). */
const CONVENTIONS: { scope: Scope; dirs: readonly string[]; file?: (name: string) => boolean; lastWords?: ReadonlySet<string> }[] = [
  { scope: 'test', dirs: ['test', 'tests', '__tests__', 'spec', 'specs', 'testing', 'e2e', 'cassettes', '__mocks__', 'fixtures'], file: (n) => /^test_.*\.py$|_test\.py$|^conftest\.py$|\.(test|spec)\.[cm]?[jt]sx?$/.test(n) },
  // A folder whose name ends in one of the example words is examples too (`rag_tutorials/`,
  // `ai_agent_framework_crash_course/`, `agent-samples/`).
  { scope: 'example', dirs: ['examples', 'example', 'samples', 'sample', 'demo', 'demos', 'cookbook', 'cookbooks', 'tutorials', 'tutorial', 'quickstart', 'quickstarts', 'playground', 'recipes', 'starter', 'starters', 'templates', 'testapps', 'test-apps', 'test_apps'], lastWords: new Set(['examples', 'samples', 'cookbook', 'cookbooks', 'demos', 'tutorials', 'tutorial', 'recipes', 'course', 'courses', 'workshop', 'workshops']) },
  { scope: 'docs', dirs: ['docs', 'doc', 'documentation', 'docs_src', 'website', 'doc-snippets', 'doc_snippets', 'snippets'] },
  // A benchmark is run by hand, wherever it lives (`deep_agents/recency_benchmark.py`, `bench_rag.ts`).
  { scope: 'script', dirs: ['scripts', 'script', 'bin', 'benchmarks', 'benchmark', 'bench', 'evals', 'eval', 'experiments', 'notebooks'], file: (n) => /(?:^|[_.-])(?:bench|benchmark|benchmarks)(?:[_.-])/.test(n.toLowerCase()) },
];

/** A `.costlens.json` scope pattern: a path prefix (`tools/`), or a glob with `*` and `**`. */
function matches(pattern: string, path: string): boolean {
  if (!pattern.includes('*')) return path === pattern || path.startsWith(pattern.endsWith('/') ? pattern : `${pattern}/`);
  // Glob → linear matcher: segments compared one by one, `**` any number of segments.
  const pat = pattern.split('/');
  const segs = path.split('/');
  const memo = new Map<string, boolean>();
  const seg = (p: string, s: string): boolean => {
    const parts = p.split('*');
    if (parts.length === 1) return p === s;
    if (!s.startsWith(parts[0]) || !s.endsWith(parts[parts.length - 1])) return false;
    let at = parts[0].length;
    for (const mid of parts.slice(1, -1)) {
      const i = s.indexOf(mid, at);
      if (i < 0) return false;
      at = i + mid.length;
    }
    return at <= s.length - parts[parts.length - 1].length;
  };
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let r: boolean;
    if (i === pat.length) r = j === segs.length;
    else if (pat[i] === '**') r = go(i + 1, j) || (j < segs.length && go(i, j + 1));
    else r = j < segs.length && seg(pat[i], segs[j]) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/**
 * Not a setting: the name of the workspace folder (the scan's root, the editor's workspace folder),
 * set by the scan and the editor. A workspace that is itself an examples folder or a cookbook
 * (`examples/` opened on its own, `crewAI-examples`, `anthropic-cookbook`) says so by its name, not
 * by a folder in its paths. Not read in a workspace with a .costlens.json: that one has said how it
 * runs (its `"scopes"` say the rest).
 */
export const WORKSPACE_FOLDER_KEY = 'workspace.folderName' as const;

/** The settings with the workspace folder's name, for scopes (`root`: the folder's path or name). */
export function withWorkspaceFolder<C extends ConfigValues>(config: C, root: string | undefined): C {
  const name = root?.split(/[\\/]/).filter(Boolean).pop();
  return name ? { ...config, [WORKSPACE_FOLDER_KEY]: name } : config;
}

/**
 * The last word of a workspace folder's name that makes all of it examples (`crewAI-examples`,
 * `anthropic-cookbook`). Narrower than the folder conventions: a `nextjs-starter` or a
 * `chat-template` is what people build their product from.
 */
const EXAMPLE_REPOSITORY_WORDS = new Set(['examples', 'samples', 'cookbook', 'cookbooks', 'demos', 'tutorials', 'tutorial', 'recipes', 'course', 'courses', 'workshop', 'workshops', 'academy']);

/** The scope a workspace folder's own name gives all of its code, if any. */
function workspaceScope(name: string | undefined): ScopeOf | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  // The folder is one of the conventional folders opened on its own (`examples`, `tests`, `docs`).
  for (const c of CONVENTIONS) if (c.dirs.includes(lower)) return { scope: c.scope, reason: `the workspace folder is a ${lower}/ folder` };
  const words = lower.split(/[^a-z0-9]+/).filter(Boolean);
  const last = words[words.length - 1];
  if (words.length > 1 && last && EXAMPLE_REPOSITORY_WORDS.has(last)) return { scope: 'example', reason: `the workspace folder is named "${name}"` };
  return undefined;
}

export interface ScopeOf {
  scope: Scope;
  /** Why: `.costlens.json scopes["tools/"]`, `in a tests/ folder`, `a test file (test_*.py)`. */
  reason: string;
}

export function scopeOf(path: string, config?: ConfigValues): ScopeOf {
  const stated = (config?.scopes ?? {}) as Record<string, string>;
  // The longest matching pattern is the most specific statement.
  let best: { pattern: string; scope: Scope } | undefined;
  for (const pattern of Object.keys(stated)) {
    const scope = own(stated, pattern) as Scope | undefined;
    if (scope && matches(pattern, path) && (!best || pattern.length > best.pattern.length)) best = { pattern, scope };
  }
  if (best) return { scope: best.scope, reason: `.costlens.json scopes["${best.pattern}"]` };
  if (path.toLowerCase().endsWith('.ipynb')) return { scope: 'notebook', reason: 'a notebook' };
  const segs = path.split('/');
  const name = segs[segs.length - 1];
  const dirs = segs.slice(0, -1).map((d) => d.toLowerCase());
  for (const c of CONVENTIONS) {
    if (c.file?.(name)) return { scope: c.scope, reason: `a ${c.scope} file (${name})` };
    const d = dirs.find((x) => c.dirs.includes(x));
    if (d) return { scope: c.scope, reason: `in a ${d}/ folder` };
    const named = c.lastWords && segs.slice(0, -1).find((x) => {
      const words = x.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
      return words.length > 1 && c.lastWords!.has(words[words.length - 1]);
    });
    if (named) return { scope: c.scope, reason: `in a folder named "${named}"` };
  }
  const whole = workspaceScope(config?.[WORKSPACE_FOLDER_KEY]);
  if (whole) return whole;
  return { scope: 'production', reason: 'no test, example, docs or script convention in its path' };
}

/** Reads a workspace file (workspace-relative path); undefined when absent. */
export type ReadWorkspaceFile = (rel: string) => string | undefined;

/** The distributable package a file ships in: its manifest and why it is one. */
export interface LibraryPackage {
  /** Workspace-relative path of the manifest: `pydantic_evals/pyproject.toml`. */
  manifest: string;
  /** `pyproject.toml [project] and [build-system]`, `setup.py`, `package.json main/exports, not private`. */
  why: string;
  name?: string;
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const PY_FILE = /\.py$/;
const JS_FILE = /\.[cm]?[jt]sx?$/;

/** The body of a TOML table (`[project]`): its lines up to the next table header. */
function tomlTable(text: string, header: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => l.trim() === `[${header}]`);
  if (at < 0) return undefined;
  const end = lines.findIndex((l, i) => i > at && /^\s*\[/.test(l));
  return lines.slice(at + 1, end < 0 ? undefined : end).join('\n');
}

/** The strings of a TOML or Python list assigned to `key` in `text`: `include = ["cli*"]`. */
function listOf(text: string, key: string): string[] | undefined {
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.length)) {
    // The key itself, not the end of a longer name (`packages` in `exclude_packages`).
    if (at > 0 && !/[\s,(]/.test(text[at - 1])) continue;
    let i = at + key.length;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '=') continue;
    i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '[') continue;
    const end = text.indexOf(']', i);
    if (end < 0) return undefined;
    return [...text.slice(i + 1, end).matchAll(/["']([^"']+)["']/g)].map((x) => x[1]);
  }
  return undefined;
}

/**
 * The top-level folders a Python manifest says it ships (`[tool.setuptools] packages`,
 * `[tool.setuptools.packages.find] include` and `where`, hatch's wheel `packages`, setup.py's
 * `packages=[…]`), as globs on the first folder of a path under the manifest; undefined when it
 * names none (then everything under it ships).
 */
function shippedPython(text: string, isSetupPy: boolean): string[] | undefined {
  const names: string[] = [];
  const add = (list: string[] | undefined, where: string[] = []) => {
    for (const n of list ?? []) {
      const first = n.replace(/^\.?\//, '').split(/[./]/)[0];
      if (first) names.push(...(where.length ? where.map((w) => `${w.replace(/\/$/, '')}/${first}`) : [first]));
    }
  };
  if (isSetupPy) add(listOf(text, 'packages'));
  else {
    const find = tomlTable(text, 'tool.setuptools.packages.find');
    if (find) add(listOf(find, 'include'), listOf(find, 'where'));
    const st = tomlTable(text, 'tool.setuptools');
    if (st) add(listOf(st, 'packages'));
    const wheel = tomlTable(text, 'tool.hatch.build.targets.wheel');
    if (wheel) for (const p of listOf(wheel, 'packages') ?? []) names.push(p.replace(/^\.?\//, '').replace(/\/$/, ''));
  }
  return names.length ? names : undefined;
}

/** Whether `rel` (a path under the manifest's folder) is in one of the shipped folders (globs with `*`). */
function inShipped(rel: string, shipped: string[] | undefined): boolean {
  return !shipped || shipped.some((p) => matches(p.includes('*') ? `${p}/**` : p, rel));
}

/**
 * The distributable package a code file belongs to, read from the nearest manifest above it (it
 * decides; nothing further up is read): for Python, a pyproject.toml with `[project]` and
 * `[build-system]` (a `[project]` without a build system is an application's), a Poetry project
 * not in `package-mode = false`, or a setup.py — within the folders it says it ships; for
 * JavaScript/TypeScript, a package.json with `main`, `module` or `exports` that is not `private`.
 */
export function libraryPackageOf(path: string, read: ReadWorkspaceFile): LibraryPackage | undefined {
  const python = PY_FILE.test(path);
  if (!python && !JS_FILE.test(path)) return undefined;
  for (let dir = dirOf(path); ; dir = dirOf(dir)) {
    const at = (f: string) => (dir ? `${dir}/${f}` : f);
    const rel = dir ? path.slice(dir.length + 1) : path;
    if (python) {
      const py = read(at('pyproject.toml'));
      const project = py !== undefined ? tomlTable(py, 'project') : undefined;
      const poetry = py !== undefined ? tomlTable(py, 'tool.poetry') : undefined;
      if (py !== undefined && (project !== undefined || poetry !== undefined)) {
        const builds = tomlTable(py, 'build-system') !== undefined && !/^[ \t]*package-mode[ \t]*=[ \t]*false/m.test(poetry ?? '');
        if (!builds || !inShipped(rel, shippedPython(py, false))) return undefined;
        const name = /^[ \t]*name[ \t]*=[ \t]*["']([^"'\n]+)["']/m.exec(project ?? poetry ?? '')?.[1];
        return { manifest: at('pyproject.toml'), why: `${at('pyproject.toml')} builds a distribution ([project] and [build-system])`, ...(name ? { name } : {}) };
      }
      const setup = read(at('setup.py'));
      if (setup !== undefined && /\bsetup\s*\(/.test(setup)) {
        if (!inShipped(rel, shippedPython(setup, true))) return undefined;
        const name = /\bname[ \t]*=[ \t]*["']([^"'\n]+)["']/.exec(setup)?.[1];
        return { manifest: at('setup.py'), why: `${at('setup.py')} builds a distribution`, ...(name ? { name } : {}) };
      }
    } else {
      const text = read(at('package.json'));
      if (text !== undefined) {
        let pj: Record<string, unknown>;
        try {
          pj = JSON.parse(text) as Record<string, unknown>;
        } catch {
          return undefined;
        }
        if (pj.private === true || !(pj.main || pj.module || pj.exports)) return undefined;
        return { manifest: at('package.json'), why: `${at('package.json')} publishes it (main/exports, not private)`, ...(typeof pj.name === 'string' ? { name: pj.name } : {}) };
      }
    }
    if (!dir) return undefined;
  }
}

/**
 * The traffic stated for a task in `.costlens.json` `"traffic"` (`{"app/api/chat/route.ts#POST": 5000}`),
 * by task key, `path#function`, or path.
 */
export function statedTraffic(taskKey: string, path: string, config?: ConfigValues): { tasksPerDay: number; key: string } | undefined {
  const map = (config?.['traffic.tasks'] ?? {}) as Record<string, number>;
  const fn = taskKey.replace(/@\d+$/, '');
  for (const key of [taskKey, fn, path]) {
    const v = own(map, key);
    if (typeof v === 'number') return { tasksPerDay: v, key };
  }
  return undefined;
}

/**
 * Scope on each call site and task of a file, and each task's traffic: stated (a `costlens:
 * tasks-per-day=` comment, `.costlens.json` traffic) or, outside production, none (0 a day): an
 * example's task is priced per task, and counts in a month only when someone says it runs.
 */
export function applyScopes<S extends { key: string; scope?: Scope }, T extends { key: string; path: string; scope?: Scope; tasksPerDay?: number; traffic?: string; callSiteKeys: string[]; entry?: unknown; reachedFrom?: unknown[] }>(path: string, sites: S[], tasks: T[], config?: ConfigValues, read?: ReadWorkspaceFile): { sites: S[]; tasks: T[] } {
  const s = scopeOf(path, config);
  // A task nobody in the workspace triggers: no entry point of its own, none reaching it.
  const untriggered = (t: T) => !t.entry && !t.reachedFrom?.length;
  // Read only when it can matter: production by convention (not stated), a task no entry point reaches.
  const stated = s.reason.startsWith('.costlens.json');
  const lib = s.scope === 'production' && !stated && read && tasks.some(untriggered) ? libraryPackageOf(path, read) : undefined;
  const libraryKeys = new Set<string>();
  const defaultPerDay = config?.['traffic.tasksPerDay'] as number | undefined;
  const assumed = `assumed: the default ${defaultPerDay !== undefined ? `${defaultPerDay.toLocaleString('en-US')} tasks/day` : 'traffic'} (traffic.tasksPerDay); no entry point in this workspace reaches it, so it is a task of its own`;
  // A graph nothing in the workspace runs, in a distributable package: library code, like a function no entry point reaches.
  const graphLibrary = (t: T): T => {
    const refs = t.reachedFrom as { path: string; untriggered?: boolean; library?: string }[] | undefined;
    if (!read || !refs?.some((r) => r.untriggered)) return t;
    const reachedFrom = refs.map((r) => {
      if (!r.untriggered) return r;
      const rs = scopeOf(r.path, config);
      const pkg = rs.scope === 'production' && !rs.reason.startsWith('.costlens.json') ? libraryPackageOf(r.path, read) : undefined;
      return pkg ? { ...r, library: pkg.why } : r;
    });
    return { ...t, reachedFrom };
  };
  const outTasks = tasks.map(graphLibrary).map((t) => {
    const statedTask = t.tasksPerDay === undefined ? statedTraffic(t.key, t.path, config) : undefined;
    if (t.tasksPerDay !== undefined) return { ...t, scope: s.scope, traffic: t.traffic ?? 'a costlens: tasks-per-day= comment' };
    if (statedTask) return { ...t, scope: s.scope, tasksPerDay: statedTask.tasksPerDay, traffic: `.costlens.json traffic["${statedTask.key}"]` };
    if (s.scope !== 'production') return { ...t, scope: s.scope, tasksPerDay: 0, traffic: `not counted in a month: ${s.scope} code (${s.reason}); state its traffic in .costlens.json "traffic" to count it` };
    // Run only as part of library graphs: library code too.
    if ((t.reachedFrom as { library?: string }[] | undefined)?.every((r) => r.library)) {
      for (const k of t.callSiteKeys) libraryKeys.add(k);
      return { ...t, scope: 'library' as const };
    }
    if (untriggered(t) && lib) {
      for (const k of t.callSiteKeys) libraryKeys.add(k);
      return { ...t, scope: 'library' as const, tasksPerDay: 0, traffic: `not counted in a month: library code (${lib.why}) that no entry point in this workspace reaches: it runs in its users' programs; state its traffic in .costlens.json "traffic", or scope it "production", to count it` };
    }
    // An application's helper nobody calls is still counted, at the default traffic, saying so
    // (only where the workspace's callers were looked for).
    if (untriggered(t) && read) return { ...t, scope: s.scope, traffic: assumed };
    return { ...t, scope: s.scope };
  });
  const outSites = sites.map((x) => {
    const scope = libraryKeys.has(x.key) ? 'library' : s.scope;
    return x.scope === scope ? x : { ...x, scope };
  });
  return { sites: outSites, tasks: outTasks };
}
