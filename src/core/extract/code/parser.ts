// Real grammars: the tree-sitter runtime and the Python, TypeScript, TSX and JavaScript grammars
// VS Code itself uses (@vscode/tree-sitter-wasm). Loaded on first need, one parser per language
// reused, trees freed by the caller (or kept per document version for incremental re-parses).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Language, Node, Parser, Query, Tree } from '@vscode/tree-sitter-wasm';
import type { Deadline } from '../../analysis/limits';

export type CodeLanguage = 'python' | 'typescript' | 'tsx' | 'javascript';

type TreeSitter = typeof import('@vscode/tree-sitter-wasm');

const GRAMMAR_FILES: Record<CodeLanguage, string> = {
  python: 'tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
};

export const WASM_FILES = ['tree-sitter.wasm', ...Object.values(GRAMMAR_FILES)];

/** The language of a file by its name, or undefined when it is not code we analyse. */
export function languageOf(filePath: string): CodeLanguage | undefined {
  const lower = filePath.toLowerCase();
  if (lower.endsWith('.py') || lower.endsWith('.pyw')) return 'python';
  if (lower.endsWith('.d.ts') || lower.endsWith('.d.mts') || lower.endsWith('.d.cts') || lower.endsWith('.pyi')) return undefined; // type stubs send nothing
  if (lower.endsWith('.tsx')) return 'tsx';
  if (lower.endsWith('.ts') || lower.endsWith('.mts') || lower.endsWith('.cts')) return 'typescript';
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs') || lower.endsWith('.jsx')) return 'javascript';
  return undefined;
}

/** Where the .wasm files are: beside the bundle (dist/), else in the installed package. */
function wasmDir(): string {
  if (existsSync(path.join(__dirname, 'tree-sitter.wasm'))) return __dirname;
  // Unbundled (tests, tools): the installed package. Spelled so the bundler leaves it alone.
  const specifier = ['@vscode', 'tree-sitter-wasm', 'wasm', 'tree-sitter.wasm'].join('/');
  return path.dirname(require.resolve(specifier));
}

let loading: Promise<void> | undefined;
let ts: TreeSitter | undefined;
const languages = new Map<CodeLanguage, Language>();
const parsers = new Map<CodeLanguage, Parser>();

/** Load the runtime and the grammars once. Safe to call many times. */
export function loadParsers(): Promise<void> {
  loading ??= (async () => {
    const mod = require('@vscode/tree-sitter-wasm') as TreeSitter;
    const dir = wasmDir();
    await mod.Parser.init({ locateFile: (file: string) => path.join(dir, file) });
    for (const [lang, file] of Object.entries(GRAMMAR_FILES) as [CodeLanguage, string][]) {
      languages.set(lang, await mod.Language.load(path.join(dir, file)));
    }
    ts = mod;
  })().catch((e) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

export function parsersLoaded(): boolean {
  return ts !== undefined;
}

/**
 * Parse text. `oldTree` (already `edit()`ed) lets tree-sitter reuse what did not change.
 * Throws if loadParsers() has not finished.
 */
export function parse(lang: CodeLanguage, text: string, oldTree?: Tree, deadline?: Deadline): Tree {
  if (!ts) throw new Error('parsers not loaded: await loadParsers() first');
  let parser = parsers.get(lang);
  if (!parser) {
    parser = new ts.Parser();
    parser.setLanguage(languages.get(lang)!);
    parsers.set(lang, parser);
  }
  // tree-sitter asks the progress callback as it goes; `true` stops the parse (a file too slow to parse).
  const tree = parser.parse(text, oldTree ?? null, deadline ? { progressCallback: () => deadline.passed } : undefined);
  if (!tree) {
    deadline?.check();
    throw new Error(`tree-sitter returned no tree for ${lang}`);
  }
  return tree;
}

/**
 * The deepest a node may be for tree-sitter's queries to find it: a query cursor keeps a node's
 * depth in 16 bits, and what lies deeper (a call in 100,000 parentheses) is silently not matched.
 */
export const QUERY_MAX_DEPTH = 65_535;

/**
 * Where the tree nests deeper than queries reach (the line it passes QUERY_MAX_DEPTH), or
 * undefined. Only subtrees long enough to nest that deep are walked: a node holds at most about
 * one level per character below it (measured: `----x`, `!!!!x`; parentheses, brackets, operator
 * chains, generics and blocks take more), so with a 4× margin an ordinary file is done after
 * its top-level statements.
 */
export function nestedBeyondQueries(root: Node): { line: number } | undefined {
  const c = root.walk();
  try {
    let depth = 0;
    for (;;) {
      if (depth > QUERY_MAX_DEPTH) return { line: c.startPosition.row + 1 };
      if (depth + 4 * (c.endIndex - c.startIndex) + 8 > QUERY_MAX_DEPTH && c.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!c.gotoNextSibling()) {
        if (!c.gotoParent()) return undefined;
        depth--;
      }
    }
  } finally {
    c.delete();
  }
}

const queries = new Map<string, Query>();
const typeQueries = new Map<string, string>();

/**
 * Nodes of the given types under `root`, in document order, found by a tree-sitter query: the
 * matching runs inside the wasm module and only matches become JavaScript objects.
 */
export function nodesOfTypes(lang: CodeLanguage, root: Node, types: readonly string[], range?: { start: number; end: number }): Node[] {
  const language = languages.get(lang);
  if (!ts || !language) throw new Error('parsers not loaded: await loadParsers() first');
  const key = `${lang}\u0000${types.join(',')}`;
  let source = typeQueries.get(key);
  if (source === undefined) {
    // A query may only name node types the grammar has.
    const present = types.filter((t) => language.idForNodeType(t, true) !== null);
    typeQueries.set(key, (source = `[${present.map((t) => `(${t})`).join(' ')}] @node`));
  }
  return runQuery(lang, source, root, range);
}

// Bindings made at the top of a module: what code elsewhere in the file can see.
const MODULE_LEVEL: Record<'py' | 'js', string> = {
  py: `(module (expression_statement (assignment) @node))
(module (import_statement) @node)
(module (import_from_statement) @node)
(module (function_definition) @node)
(module (decorated_definition (function_definition) @node))`,
  js: `(program (lexical_declaration (variable_declarator) @node))
(program (variable_declaration (variable_declarator) @node))
(program (export_statement (lexical_declaration (variable_declarator) @node)))
(program (import_statement) @node)
(program (function_declaration) @node)
(program (export_statement (function_declaration) @node))`,
};

/** Module-level assignments, imports and function definitions, in document order. */
export function moduleLevelNodes(lang: CodeLanguage, root: Node): Node[] {
  return runQuery(lang, MODULE_LEVEL[lang === 'python' ? 'py' : 'js'], root);
}

function runQuery(lang: CodeLanguage, source: string, root: Node, range?: { start: number; end: number }): Node[] {
  const key = `${lang}\u0000${source}`;
  let query = queries.get(key);
  if (!query) {
    query = new ts!.Query(languages.get(lang)!, source);
    queries.set(key, query);
  }
  // The query cursor takes byte offsets; the parser reads JavaScript strings as UTF-16 (2 bytes a unit).
  return query.captures(root, range ? { startIndex: range.start * 2, endIndex: range.end * 2 } : undefined).map((c) => c.node);
}

/** Free the parsers (the runtime stays loaded; parsing again recreates them). */
export function disposeParsers(): void {
  for (const p of parsers.values()) p.delete();
  parsers.clear();
  for (const q of queries.values()) q.delete();
  queries.clear();
}
