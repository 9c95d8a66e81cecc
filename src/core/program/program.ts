// The workspace as one program: other files' modules parsed on demand, their exports found
// (re-exports and import proxies followed), so a value, a client, an LLM object, an agent or a
// factory defined in one file is understood where another file uses it. Lazy like Pyright's
// program: a module is parsed when a value is first asked of it, and kept for the rest of the
// analysis (a scan thread, an editor folder) until the files it read change.
//
// Nodes carry their tree, and every tree the program parsed maps back to its module: a value
// found in another file is resolved further in that file's own scope (`contextOf`).
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { field, familyOf, kids, stringValue } from '../extract/code/ast';
import { CodeLanguage, languageOf, parse } from '../extract/code/parser';
import { Scope } from '../extract/code/scope';
import type { ImportBinding } from '../extract/code/scope';
import type { ValueContext } from '../extract/code/values';
import { isNotebook, notebookModule, NotebookModule } from './notebook';
import { CALLS_PREFIX, MENTIONS_PREFIX, MentionIndex } from './mentions';
import { ModuleResolver } from './resolve';

export { CALLS_PREFIX, MENTIONS_PREFIX } from './mentions';

/** How the program reads the workspace: workspace-relative paths, forward slashes. */
export interface ProgramHost {
  /** A file's text; undefined when absent or unreadable (or outside the workspace). */
  read(rel: string): string | undefined;
  /** Told of every file whose content (or absence) an answer depended on. */
  onConsult?(rel: string): void;
  /** The workspace's code files, for finding the callers of a function; absent: same file only. */
  files?(): readonly string[];
  /** Which of those files mention a name, when the host keeps that index itself (a scan shares one, reused between scans). */
  mentions?: Pick<MentionIndex, 'filesMentioning' | 'filesCalling'>;
}

/** What a module exports under a name. */
export type Export =
  | { kind: 'value'; node: Node; ctx: ValueContext }
  | { kind: 'function'; node: Node; ctx: ValueContext }
  | { kind: 'class'; node: Node; ctx: ValueContext }
  /** A name the module imports from outside the workspace and passes on (an import proxy). */
  | { kind: 'import'; binding: ImportBinding }
  /** A submodule (`from app import llm` where app/llm.py exists). */
  | { kind: 'module'; path: string };

export interface ModuleInfo {
  path: string;
  lang: CodeLanguage;
  text: string;
  tree: Tree;
  /** Notebooks: the cells behind the module text. */
  notebook?: NotebookModule;
  ctx: ValueContext;
}

/** Modules kept parsed at most; beyond it the least recently used are freed (between files only). */
const MAX_MODULES = 400;
/** Re-exports followed at most (`__init__` → submodule → …). */
const MAX_HOPS = 8;

export class Program {
  private readonly modules = new Map<string, ModuleInfo | null>();
  private readonly byTree = new Map<Tree, ValueContext>();
  private readonly exports = new Map<string, Export | null>();
  readonly resolver: ModuleResolver;
  /** Files found by name in the workspace (lazily): for callers. */
  private mentions?: MentionIndex;
  private pinned = new Set<Tree>();

  constructor(readonly host: ProgramHost) {
    this.resolver = new ModuleResolver((rel) => this.read(rel), host.files ? () => host.files!() : undefined);
  }

  /** A workspace file's text, noting that the analysis under way depended on it. */
  read(rel: string): string | undefined {
    this.host.onConsult?.(rel);
    return this.host.read(rel);
  }

  /** Register a tree parsed elsewhere (the file being analysed): its nodes resolve in `ctx`. */
  adopt(tree: Tree, ctx: ValueContext): void {
    this.byTree.set(tree, ctx);
    this.pinned.add(tree);
  }

  /** Forget a tree registered with `adopt` (its owner frees it). */
  release(tree: Tree): void {
    this.byTree.delete(tree);
    this.pinned.delete(tree);
  }

  /** The context a node resolves in: its own module's, or `fallback` for a tree the program does not know. */
  contextOf(node: Node, fallback: ValueContext): ValueContext {
    if (fallback.scope.root.tree === node.tree) return fallback;
    return this.byTree.get(node.tree) ?? fallback;
  }

  /** The workspace path of the file a node is in, when the program knows its tree. */
  pathOf(node: Node): string | undefined {
    return this.byTree.get(node.tree)?.path;
  }

  /** A module of the workspace, parsed (undefined when absent, unreadable or not code). */
  module(rel: string): ModuleInfo | undefined {
    const known = this.modules.get(rel);
    if (known !== undefined) {
      if (known) {
        // Most recently used last.
        this.modules.delete(rel);
        this.modules.set(rel, known);
      }
      return known ?? undefined;
    }
    const raw = this.read(rel);
    let info: ModuleInfo | null = null;
    if (raw !== undefined) {
      const nb = isNotebook(rel) ? notebookModule(raw) : undefined;
      const lang = nb ? 'python' : languageOf(rel);
      const text = nb ? nb.text : raw;
      if (lang && (!nb || nb.ok)) {
        const tree = parse(lang, text);
        const ctx: ValueContext = { scope: new Scope(tree.rootNode, familyOf(lang)), path: rel, program: this };
        info = { path: rel, lang, text, tree, ctx, ...(nb ? { notebook: nb } : {}) };
        this.byTree.set(tree, ctx);
      }
    }
    this.modules.set(rel, info);
    return info ?? undefined;
  }

  /**
   * A file changed (edited, saved, created, deleted): its module is parsed again when next asked,
   * and every answer that may have gone through it is forgotten (exports, import resolution).
   */
  invalidate(rel: string): void {
    const info = this.modules.get(rel);
    this.modules.delete(rel);
    if (info && !this.pinned.has(info.tree)) {
      this.byTree.delete(info.tree);
      info.tree.delete();
    }
    this.exports.clear();
    this.resolver.clear();
    this.mentions = undefined;
  }

  /** Free modules beyond the budget, oldest first. Call between files, never while values are in use. */
  trim(max = MAX_MODULES): void {
    if (this.modules.size <= max) return;
    for (const [rel, info] of this.modules) {
      if (this.modules.size <= max) break;
      this.modules.delete(rel);
      if (info && !this.pinned.has(info.tree)) {
        this.byTree.delete(info.tree);
        info.tree.delete();
      }
    }
    this.exports.clear();
  }

  /** Free every tree the program parsed. */
  dispose(): void {
    for (const info of this.modules.values()) {
      if (info && !this.pinned.has(info.tree)) info.tree.delete();
    }
    this.modules.clear();
    this.byTree.clear();
    this.exports.clear();
    this.pinned.clear();
  }

  /** What `name` imported from `module` in `fromPath` is, following re-exports across files. */
  exportOf(fromPath: string, module: string, name: string): Export | undefined {
    const file = this.resolver.resolve(fromPath, module);
    if (!file) return undefined;
    if (name === '*') return { kind: 'module', path: file };
    return this.exportFrom(file, name, 0);
  }

  /** What the module at `file` binds to `name` at its top level. */
  exportFrom(file: string, name: string, hops: number): Export | undefined {
    const key = `${file}\u0000${name}`;
    const cached = this.exports.get(key);
    if (cached !== undefined) return cached ?? undefined;
    this.exports.set(key, null); // a cycle of re-exports resolves to nothing
    const found = hops > MAX_HOPS ? undefined : this.findExport(file, name, hops);
    this.exports.set(key, found ?? null);
    return found;
  }

  private findExport(file: string, name: string, hops: number): Export | undefined {
    const mod = this.module(file);
    if (!mod) return undefined;
    const follow = (module: string, orig: string): Export | undefined => {
      const target = this.resolver.resolve(file, module);
      if (target) {
        if (orig === '*') return { kind: 'module', path: target };
        return this.exportFrom(target, orig, hops + 1) ?? this.submodule(target, orig);
      }
      return { kind: 'import', binding: { module, name: orig } };
    };
    const found = mod.lang === 'python' ? this.pythonExport(mod, name, follow) : this.jsExport(mod, name, follow);
    if (found) return found;
    // `from pkg import mod`: a submodule of a package.
    return this.submodule(file, name);
  }

  private submodule(file: string, name: string): Export | undefined {
    if (!/(^|\/)__init__\.py$/.test(file) && !/(^|\/)index\.[jt]sx?$/.test(file)) return undefined;
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    for (const candidate of [`${dir}${name}.py`, `${dir}${name}/__init__.py`, `${dir}${name}.ts`, `${dir}${name}/index.ts`]) {
      if (this.module(candidate)) return { kind: 'module', path: candidate };
    }
    return undefined;
  }

  private pythonExport(mod: ModuleInfo, name: string, follow: (module: string, orig: string) => Export | undefined): Export | undefined {
    let found: Export | undefined;
    const visit = (stmts: Node[]) => {
      for (const s of stmts) {
        const r = this.pythonStatement(mod, s, name, follow, visit);
        if (r) found = r; // the last binding at module level wins
      }
    };
    visit(kids(mod.tree.rootNode));
    return found;
  }

  private pythonStatement(mod: ModuleInfo, s: Node, name: string, follow: (module: string, orig: string) => Export | undefined, visit: (stmts: Node[]) => void): Export | undefined {
    switch (s.type) {
      case 'expression_statement': {
        const a = kids(s)[0];
        if (a?.type !== 'assignment') return undefined;
        const left = field(a, 'left');
        const right = field(a, 'right');
        if (left?.type === 'identifier' && left.text === name && right) return { kind: 'value', node: right, ctx: mod.ctx };
        return undefined;
      }
      case 'function_definition':
        return field(s, 'name')?.text === name ? { kind: 'function', node: s, ctx: mod.ctx } : undefined;
      case 'class_definition':
        return field(s, 'name')?.text === name ? { kind: 'class', node: s, ctx: mod.ctx } : undefined;
      case 'decorated_definition': {
        const def = field(s, 'definition');
        return def ? this.pythonStatement(mod, def, name, follow, visit) : undefined;
      }
      case 'import_from_statement': {
        const moduleNode = field(s, 'module_name');
        const module = moduleNode?.text ?? '';
        for (const c of kids(s)) {
          if (c.id === moduleNode?.id) continue;
          if (c.type === 'dotted_name' && c.text === name) return follow(module, name);
          if (c.type === 'aliased_import' && field(c, 'alias')?.text === name) return follow(module, field(c, 'name')?.text ?? name);
          if (c.type === 'wildcard_import') {
            const r = follow(module, name);
            if (r && r.kind !== 'import') return r;
          }
        }
        return undefined;
      }
      case 'import_statement': {
        for (const c of kids(s)) {
          if (c.type === 'dotted_name' && c.text.split('.')[0] === name) return follow(c.text.split('.')[0], '*');
          if (c.type === 'aliased_import' && field(c, 'alias')?.text === name) return follow(field(c, 'name')?.text ?? name, '*');
        }
        return undefined;
      }
      case 'if_statement':
      case 'try_statement': {
        // `try: import x / except ImportError: …`, `if TYPE_CHECKING: …`: bindings made in either branch.
        const blocks: Node[] = [];
        for (const c of kids(s)) {
          if (c.type === 'block') blocks.push(c);
          else if (c.type === 'except_clause' || c.type === 'else_clause' || c.type === 'elif_clause' || c.type === 'finally_clause') blocks.push(...kids(c).filter((k) => k.type === 'block'));
        }
        let found: Export | undefined;
        for (const b of blocks) for (const st of kids(b)) found = this.pythonStatement(mod, st, name, follow, visit) ?? found;
        return found;
      }
      default:
        return undefined;
    }
  }

  private jsExport(mod: ModuleInfo, name: string, follow: (module: string, orig: string) => Export | undefined): Export | undefined {
    let found: Export | undefined;
    let star: string[] = [];
    for (const s of kids(mod.tree.rootNode)) {
      const r = this.jsStatement(mod, s, name, follow, (m) => star.push(m));
      if (r) found = r;
    }
    if (found) return found;
    for (const m of star) {
      const r = follow(m, name);
      if (r && r.kind !== 'import') return r;
    }
    star = [];
    return undefined;
  }

  private jsStatement(mod: ModuleInfo, s: Node, name: string, follow: (module: string, orig: string) => Export | undefined, starFrom: (module: string) => void): Export | undefined {
    switch (s.type) {
      case 'export_statement': {
        const source = field(s, 'source');
        const from = source ? stringValue(source) : undefined;
        const decl = field(s, 'declaration');
        if (decl) return this.jsStatement(mod, decl, name, follow, starFrom);
        const value = field(s, 'value');
        if (value && name === 'default') {
          if (value.type === 'identifier') return this.jsLocal(mod, value.text, follow);
          return { kind: 'value', node: value, ctx: mod.ctx };
        }
        const clause = kids(s).find((k) => k.type === 'export_clause');
        if (clause) {
          for (const spec of kids(clause)) {
            if (spec.type !== 'export_specifier') continue;
            const orig = field(spec, 'name')?.text;
            const alias = field(spec, 'alias')?.text ?? orig;
            if (alias !== name || !orig) continue;
            return from !== undefined ? follow(from, orig) : this.jsLocal(mod, orig, follow);
          }
          return undefined;
        }
        // export * from './x'
        if (from !== undefined && /^export\s*\*\s*from/.test(s.text)) starFrom(from);
        if (from !== undefined && /^export\s*\*\s*as\s+(\w+)/.exec(s.text)?.[1] === name) return follow(from, '*');
        return undefined;
      }
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const d of kids(s)) {
          if (d.type !== 'variable_declarator') continue;
          const id = field(d, 'name');
          const value = field(d, 'value');
          if (id?.type === 'identifier' && id.text === name && value) return value.type === 'arrow_function' || value.type === 'function_expression' || value.type === 'function' ? { kind: 'function', node: value, ctx: mod.ctx } : { kind: 'value', node: value, ctx: mod.ctx };
        }
        return undefined;
      case 'function_declaration':
      case 'generator_function_declaration':
        return field(s, 'name')?.text === name ? { kind: 'function', node: s, ctx: mod.ctx } : undefined;
      case 'class_declaration':
        return field(s, 'name')?.text === name ? { kind: 'class', node: s, ctx: mod.ctx } : undefined;
      case 'import_statement': {
        const imported = mod.ctx.scope.imports.get(name);
        const source = field(s, 'source');
        const from = source ? stringValue(source) : undefined;
        if (imported && from === imported.module) return follow(imported.module, imported.name === 'default' ? 'default' : imported.name);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** A name bound at the top of a JS module (what `export { x }` and `export default x` pass on). */
  private jsLocal(mod: ModuleInfo, name: string, follow: (module: string, orig: string) => Export | undefined): Export | undefined {
    let found: Export | undefined;
    for (const s of kids(mod.tree.rootNode)) {
      if (s.type === 'export_statement') continue;
      found = this.jsStatement(mod, s, name, follow, () => undefined) ?? found;
    }
    for (const s of kids(mod.tree.rootNode)) {
      if (s.type !== 'export_statement') continue;
      const decl = field(s, 'declaration');
      if (decl) found = this.jsStatement(mod, decl, name, follow, () => undefined) ?? found;
    }
    return found;
  }

  /**
   * The workspace code files whose text mentions `name` (a function's callers are among them).
   * Built once, on first need, from the host's file list.
   */
  filesMentioning(name: string): string[] {
    const files = this.host.files;
    if (!files) return [];
    this.host.onConsult?.(`${MENTIONS_PREFIX}${name}`);
    return this.mentionIndex(files).filesMentioning(name);
  }
  /** The workspace code files that may call `name` or hand it on (see MentionIndex.filesCalling). */
  filesCalling(name: string): string[] {
    const files = this.host.files;
    if (!files) return [];
    this.host.onConsult?.(`${CALLS_PREFIX}${name}`);
    return this.mentionIndex(files).filesCalling(name);
  }

  private mentionIndex(files: () => readonly string[]): Pick<MentionIndex, 'filesMentioning' | 'filesCalling'> {
    return this.host.mentions ?? (this.mentions ??= new MentionIndex(() => files.call(this.host), (f) => this.host.read(f)));
  }
}

/** The language of a workspace module path (notebooks are Python). */
export function moduleLanguage(rel: string): CodeLanguage | undefined {
  return isNotebook(rel) ? 'python' : languageOf(rel);
}
