// Where code runs, as far as the bill cares: production code runs for users; tests, examples,
// docs, scripts and notebooks do not run at production traffic. A call site's scope comes from
// `.costlens.json` `"scopes"` (path prefixes or globs) when it says, else from path conventions.
// Only production counts toward the monthly total; other scopes get a monthly figure only where
// traffic is stated for their tasks.
import type { ConfigValues } from '../../config/load';
import { own } from '../util/own';

export type Scope = 'production' | 'test' | 'example' | 'script' | 'docs' | 'notebook';
export const SCOPES: readonly Scope[] = ['production', 'test', 'example', 'script', 'docs', 'notebook'];

/** Folder names and file-name shapes of each non-production scope (the first that matches wins). */
const CONVENTIONS: { scope: Scope; dirs: readonly string[]; file?: (name: string) => boolean }[] = [
  { scope: 'test', dirs: ['test', 'tests', '__tests__', 'spec', 'specs', 'testing', 'e2e', 'cassettes', '__mocks__', 'fixtures'], file: (n) => /^test_.*\.py$|_test\.py$|^conftest\.py$|\.(test|spec)\.[cm]?[jt]sx?$/.test(n) },
  { scope: 'example', dirs: ['examples', 'example', 'samples', 'sample', 'demo', 'demos', 'cookbook', 'cookbooks', 'tutorials', 'tutorial', 'quickstart', 'quickstarts', 'playground', 'recipes', 'starter', 'starters', 'templates'] },
  { scope: 'docs', dirs: ['docs', 'doc', 'documentation', 'docs_src', 'website'] },
  { scope: 'script', dirs: ['scripts', 'script', 'bin', 'benchmarks', 'benchmark', 'bench', 'evals', 'eval', 'experiments', 'notebooks'] },
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
const EXAMPLE_REPOSITORY_WORDS = new Set(['examples', 'samples', 'cookbook', 'cookbooks', 'demos', 'tutorials', 'recipes']);

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
  }
  const whole = workspaceScope(config?.[WORKSPACE_FOLDER_KEY]);
  if (whole) return whole;
  return { scope: 'production', reason: 'no test, example, docs or script convention in its path' };
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
export function applyScopes<S extends { scope?: Scope }, T extends { key: string; path: string; scope?: Scope; tasksPerDay?: number; traffic?: string }>(path: string, sites: S[], tasks: T[], config?: ConfigValues): { sites: S[]; tasks: T[] } {
  const s = scopeOf(path, config);
  const outSites = sites.map((x) => (x.scope === s.scope ? x : { ...x, scope: s.scope }));
  const outTasks = tasks.map((t) => {
    const stated = t.tasksPerDay === undefined ? statedTraffic(t.key, t.path, config) : undefined;
    if (t.tasksPerDay !== undefined) return { ...t, scope: s.scope, traffic: t.traffic ?? 'a costlens: tasks-per-day= comment' };
    if (stated) return { ...t, scope: s.scope, tasksPerDay: stated.tasksPerDay, traffic: `.costlens.json traffic["${stated.key}"]` };
    if (s.scope !== 'production') return { ...t, scope: s.scope, tasksPerDay: 0, traffic: `not counted in a month: ${s.scope} code (${s.reason}); state its traffic in .costlens.json "traffic" to count it` };
    return { ...t, scope: s.scope };
  });
  return { sites: outSites, tasks: outTasks };
}
