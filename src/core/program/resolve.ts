// Which workspace file an import names. Python: relative imports, packages (`__init__.py`), the
// importing file's folders up to the root, `src/` layouts and the package folders named in
// `pyproject.toml`. TypeScript/JavaScript: relative imports with their extensions and `index`
// files, `tsconfig.json`/`jsconfig.json` `baseUrl` and `paths` (with `extends`), and the packages of
// a monorepo by their `package.json` name. Everything is read through the program's reader, so
// what the answer depended on is recorded.
import { languageOf } from '../extract/code/parser';

export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

export function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];
const JS_INDEX = ['index.ts', 'index.tsx', 'index.js', 'index.mjs', 'index.jsx'];

/** Strip line and block comments and trailing commas from JSONC (tsconfig), outside strings. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/** The strings quoted in a piece of TOML or YAML: `["src", 'lib']` → src, lib. */
export function quoted(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const q = text[i];
    if (q !== '"' && q !== "'") continue;
    const end = text.indexOf(q, i + 1);
    if (end < 0) break;
    out.push(text.slice(i + 1, end));
    i = end;
  }
  return out;
}

/** `key = value` pairs of a TOML line, and of an inline table on it (`{ include = "x", from = "src" }`). */
function keyValues(line: string): [string, string][] {
  const out: [string, string][] = [];
  const eq = line.indexOf('=');
  if (eq < 0) return out;
  out.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  const open = line.indexOf('{');
  const close = line.lastIndexOf('}');
  if (open >= 0 && close > open) {
    for (const piece of line.slice(open + 1, close).split(',')) {
      const e = piece.indexOf('=');
      if (e > 0) out.push([piece.slice(0, e).trim(), piece.slice(e + 1).trim()]);
    }
  }
  return out;
}

/** The file a package.json `exports` map gives a subpath (`.`, `./sub`), through its conditions. */
function exportTarget(exports: unknown, subpath: string): string | undefined {
  const pick = (v: unknown, depth: number): string | undefined => {
    if (typeof v === 'string') return v;
    if (!v || typeof v !== 'object' || depth > 4) return undefined;
    const o = v as Record<string, unknown>;
    for (const cond of ['source', 'types', 'import', 'node', 'require', 'default']) {
      const r = Object.prototype.hasOwnProperty.call(o, cond) ? pick(o[cond], depth + 1) : undefined;
      if (r) return r;
    }
    return undefined;
  };
  if (typeof exports === 'string') return subpath === '.' ? exports : undefined;
  if (!exports || typeof exports !== 'object') return undefined;
  const map = exports as Record<string, unknown>;
  // A map of conditions only (no subpaths) is the package's root.
  if (!Object.keys(map).some((k) => k.startsWith('.'))) return subpath === '.' ? pick(map, 0) : undefined;
  if (Object.prototype.hasOwnProperty.call(map, subpath)) return pick(map[subpath], 0);
  for (const [k, v] of Object.entries(map)) {
    const star = k.indexOf('*');
    if (star < 0 || !subpath.startsWith(k.slice(0, star)) || !subpath.endsWith(k.slice(star + 1))) continue;
    const t = pick(v, 0);
    return t?.replace('*', subpath.slice(star, subpath.length - (k.length - star - 1)));
  }
  return undefined;
}

interface TsPaths {
  /** Folder `baseUrl` names (workspace-relative), if any. */
  baseUrl?: string;
  /** Folder the `paths` entries are relative to. */
  pathsBase: string;
  paths: [pattern: string, targets: string[]][];
}

export class ModuleResolver {
  private readonly tsconfigs = new Map<string, TsPaths | null>();
  private pythonRoots?: string[];
  private readonly resolved = new Map<string, string | null>();

  /** Names that are a folder or a module stem somewhere in the workspace (from its file list). */
  private stems?: Set<string>;

  /**
   * `files`: the workspace's files, when known. A Python import whose top-level name is no folder or
   * module of the workspace (`openai`, `os`) is a package from outside: no file is tried for it.
   */
  constructor(
    private readonly read: (rel: string) => string | undefined,
    private readonly files?: () => readonly string[],
  ) {}

  private isWorkspaceName(name: string): boolean {
    if (!this.files) return true;
    if (!this.stems) {
      const list = this.files();
      if (!list.length) return true;
      this.stems = new Set();
      for (const f of list) for (const seg of f.split('/')) this.stems.add(seg.replace(/\.(py|pyw|ipynb)$/, ''));
    }
    return this.stems.has(name);
  }

  /** Forget every answer (a file was created, deleted or changed: candidates may exist now or no more). */
  clear(): void {
    this.tsconfigs.clear();
    this.resolved.clear();
    this.pythonRoots = undefined;
    this.stems = undefined;
    this.packages = undefined;
    this.globs = undefined;
  }

  private exists(rel: string): boolean {
    return rel !== '' && this.read(rel) !== undefined;
  }

  /** The workspace file `module` names when imported from `fromPath`, or undefined (a package from outside). */
  resolve(fromPath: string, module: string): string | undefined {
    const key = `${fromPath}\u0000${module}`;
    const known = this.resolved.get(key);
    if (known !== undefined) return known ?? undefined;
    const found = (languageOf(fromPath) === 'python' || fromPath.endsWith('.ipynb') ? this.python(fromPath, module) : this.js(fromPath, module)) ?? null;
    this.resolved.set(key, found);
    return found ?? undefined;
  }

  /** Every candidate file, in the order tried (for tests and for what a cached analysis depends on). */
  private python(fromPath: string, module: string): string | undefined {
    const dir = dirOf(fromPath);
    const dots = /^\.*/.exec(module)![0].length;
    const rest = module.slice(dots).replace(/\./g, '/');
    if (dots === 0 && !this.isWorkspaceName(rest.split('/')[0])) return undefined;
    const tryBase = (base: string): string | undefined => {
      const stem = normalizePath(rest ? `${base}/${rest}` : base);
      for (const c of [`${stem}.py`, `${stem}/__init__.py`]) if (this.exists(normalizePath(c))) return normalizePath(c);
      return undefined;
    };
    if (dots > 0) {
      let base = dir;
      for (let i = 1; i < dots; i++) base = dirOf(base);
      return tryBase(base);
    }
    // Absolute: from the file's folder (scripts), then each ancestor up to the root, then the
    // source roots a project declares (`src/`, pyproject's package folders).
    for (let d = dir; ; d = dirOf(d)) {
      const f = tryBase(d);
      if (f) return f;
      if (!d) break;
    }
    for (const root of this.pythonSourceRoots()) {
      const f = tryBase(root);
      if (f) return f;
    }
    return undefined;
  }

  private pythonSourceRoots(): string[] {
    if (this.pythonRoots) return this.pythonRoots;
    const roots = new Set<string>(['src', 'lib', 'app']);
    const py = this.read('pyproject.toml');
    // setuptools `where = ["src"]` and `package-dir = {"" = "src"}`, poetry `{ include = "x", from = "src" }`,
    // hatch `packages = ["src/x"]`: read line by line (no pattern scans a whole file).
    for (const line of py ? py.split('\n') : []) {
      for (const [key, value] of keyValues(line)) {
        if (key === 'where' || key === 'from' || key === '""') for (const v of quoted(value)) roots.add(normalizePath(v));
        else if (key === 'packages') for (const v of quoted(value)) if (v.includes('/')) roots.add(dirOf(normalizePath(v)));
      }
    }
    roots.delete('');
    this.pythonRoots = [...roots];
    return this.pythonRoots;
  }

  private jsFile(base: string): string | undefined {
    const b = normalizePath(base);
    if (/\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/.test(b) && this.exists(b)) return b;
    // `./x.js` in TypeScript source names `./x.ts`.
    const stripped = b.replace(/\.(js|mjs|cjs|jsx)$/, '');
    for (const e of JS_EXTENSIONS) if (this.exists(stripped + e)) return stripped + e;
    for (const i of JS_INDEX) if (this.exists(`${b}/${i}`)) return `${b}/${i}`;
    return undefined;
  }

  private js(fromPath: string, module: string): string | undefined {
    const dir = dirOf(fromPath);
    if (module.startsWith('.')) return this.jsFile(`${dir}/${module}`);
    const cfg = this.tsconfigFor(dir);
    if (cfg) {
      for (const [pattern, targets] of cfg.paths) {
        const star = pattern.indexOf('*');
        let rest: string | undefined;
        if (star < 0) rest = pattern === module ? '' : undefined;
        else if (module.startsWith(pattern.slice(0, star)) && module.endsWith(pattern.slice(star + 1)) && module.length >= pattern.length - 1) rest = module.slice(star, module.length - (pattern.length - star - 1));
        if (rest === undefined) continue;
        for (const t of targets) {
          const f = this.jsFile(`${cfg.pathsBase}/${t.replace('*', rest)}`);
          if (f) return f;
        }
      }
      if (cfg.baseUrl !== undefined) {
        const f = this.jsFile(`${cfg.baseUrl}/${module}`);
        if (f) return f;
      }
    }
    return this.workspacePackage(module);
  }

  /** The nearest tsconfig.json / jsconfig.json above `dir`, with `extends` followed (workspace files only). */
  private tsconfigFor(dir: string): TsPaths | undefined {
    const known = this.tsconfigs.get(dir);
    if (known !== undefined) return known ?? undefined;
    let found: TsPaths | null = null;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const file = dir ? `${dir}/${name}` : name;
      const cfg = this.loadTsconfig(file, 0);
      if (cfg) {
        found = cfg;
        break;
      }
    }
    if (!found && dir) found = this.tsconfigFor(dirOf(dir)) ?? null;
    this.tsconfigs.set(dir, found);
    return found ?? undefined;
  }

  private loadTsconfig(file: string, depth: number): TsPaths | undefined {
    const text = this.read(file);
    if (text === undefined || depth > 4) return undefined;
    let json: { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
    try {
      json = parseJsonc(text) as typeof json;
    } catch {
      return undefined;
    }
    if (!json || typeof json !== 'object') return undefined;
    const dir = dirOf(file);
    const parent = typeof json.extends === 'string' && json.extends.startsWith('.') ? this.loadTsconfig(normalizePath(`${dir}/${json.extends}${json.extends.endsWith('.json') ? '' : '.json'}`), depth + 1) : undefined;
    const opts = json.compilerOptions && typeof json.compilerOptions === 'object' ? json.compilerOptions : {};
    const baseUrl = typeof opts.baseUrl === 'string' ? normalizePath(`${dir}/${opts.baseUrl}`) : parent?.baseUrl;
    let paths = parent?.paths ?? [];
    let pathsBase = parent?.pathsBase ?? dir;
    if (opts.paths && typeof opts.paths === 'object') {
      paths = Object.entries(opts.paths as Record<string, unknown>).filter((e): e is [string, string[]] => Array.isArray(e[1]) && e[1].every((t) => typeof t === 'string'));
      pathsBase = baseUrl ?? dir;
    }
    return { baseUrl, pathsBase, paths };
  }

  private packages?: Map<string, string>;

  /** `@acme/llm` or `@acme/llm/sub` → the monorepo package of that name (root package.json `workspaces`). */
  private workspacePackage(module: string): string | undefined {
    if (!this.packages) {
      this.packages = new Map();
      const root = this.read('package.json');
      let globs: string[] = [];
      try {
        const json = root ? (JSON.parse(root) as { workspaces?: unknown }) : undefined;
        const ws = json?.workspaces;
        globs = Array.isArray(ws) ? ws.filter((g): g is string => typeof g === 'string') : ws && typeof ws === 'object' && Array.isArray((ws as { packages?: unknown }).packages) ? ((ws as { packages: unknown[] }).packages.filter((g) => typeof g === 'string') as string[]) : [];
      } catch {
        globs = [];
      }
      const pnpm = this.read('pnpm-workspace.yaml');
      for (const line of pnpm ? pnpm.split('\n') : []) {
        const t = line.trim();
        if (!t.startsWith('-')) continue;
        const item = t.slice(1).split('#')[0].trim();
        const unquoted = quoted(item)[0] ?? item;
        if (unquoted) globs.push(unquoted);
      }
      this.globs = globs.map((g) => normalizePath(g.replace(/\/\*\*?$/, '')));
    }
    const parts = module.split('/');
    const name = module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    const sub = parts.slice(module.startsWith('@') ? 2 : 1).join('/');
    // Packages sit in a folder named after the package's last segment, under a workspace folder.
    const leaf = name.split('/').pop()!;
    for (const g of this.globs ?? []) {
      const dir = g.includes('*') ? undefined : `${g}/${leaf}`;
      for (const d of dir ? [dir] : []) {
        const pj = this.read(`${d}/package.json`);
        if (!pj) continue;
        try {
          const json = JSON.parse(pj) as { name?: unknown; main?: unknown; types?: unknown; source?: unknown; exports?: unknown };
          if (json.name !== name) continue;
          // `exports`: the subpath's target (`"./sub": "./src/sub.ts"`, conditions: `types`, `import`, `default`…).
          const target = exportTarget(json.exports, sub ? `./${sub}` : '.');
          const viaExports = target ? this.jsFile(`${d}/${target.replace(/^\.\//, '').replace(/\.d\.ts$/, '').replace(/^dist\//, 'src/')}`) : undefined;
          if (viaExports) return viaExports;
          if (sub) return this.jsFile(`${d}/src/${sub}`) ?? this.jsFile(`${d}/${sub}`);
          for (const entry of [json.source, json.types, json.main, 'src/index', 'index']) {
            if (typeof entry !== 'string') continue;
            const f = this.jsFile(`${d}/${entry.replace(/^\.\//, '').replace(/\.d\.ts$/, '').replace(/^dist\//, 'src/')}`);
            if (f) return f;
          }
        } catch {
          /* not a package.json we can read */
        }
      }
    }
    return undefined;
  }

  private globs?: string[];
}
