// Language-neutral views of tree-sitter nodes for Python and JavaScript/TypeScript: calls, member
// chains, arguments, literals. Everything the extractor reads goes through here.
import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeLanguage } from './parser';
import type { ValueContext } from './values';

export type Family = 'py' | 'js';
export const familyOf = (lang: CodeLanguage): Family => (lang === 'python' ? 'py' : 'js');

export function kids(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => c !== null);
}

export function field(n: Node, name: string): Node | undefined {
  return n.childForFieldName(name) ?? undefined;
}

/** Strip wrappers that do not change a value: parentheses, `await`, TS `as`/`satisfies`/`!`. */
export function unwrap(n: Node): Node {
  let cur = n;
  for (;;) {
    switch (cur.type) {
      case 'parenthesized_expression':
      case 'await':
      case 'await_expression':
      case 'non_null_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'type_assertion': {
        const inner = kids(cur).find((k) => !k.type.includes('type') || k.type === 'type_assertion');
        if (!inner || inner.id === cur.id) return cur;
        cur = inner;
        break;
      }
      default:
        return cur;
    }
  }
}

export function isCall(n: Node): boolean {
  return n.type === 'call' || n.type === 'call_expression' || n.type === 'new_expression';
}

export function calleeOf(n: Node): Node | undefined {
  return field(n, 'function') ?? field(n, 'constructor');
}

export interface Chain {
  /** Member names from the root: `client.chat.completions.create` → [chat, completions, create]. */
  members: string[];
  /** The root expression (identifier, call, `self`/`this`…). */
  root: Node;
}

/** `a.b.c(…)` → root a, members [b, c]; `a["b"]` counts as member b. */
export function memberChain(n: Node): Chain {
  const members: string[] = [];
  let cur = unwrap(n);
  for (;;) {
    if (cur.type === 'attribute') {
      members.unshift(field(cur, 'attribute')?.text ?? '');
      cur = unwrap(field(cur, 'object')!);
    } else if (cur.type === 'member_expression') {
      members.unshift(field(cur, 'property')?.text ?? '');
      cur = unwrap(field(cur, 'object')!);
    } else if (cur.type === 'subscript' || cur.type === 'subscript_expression') {
      const idx = field(cur, 'subscript') ?? field(cur, 'index');
      const key = idx ? stringValue(idx) : undefined;
      if (key === undefined) return { members, root: cur };
      members.unshift(key);
      cur = unwrap(field(cur, 'value') ?? field(cur, 'object')!);
    } else return { members, root: cur };
  }
}

/** Dotted text of a pure name chain (`os.environ.get`), or undefined if any link is not a name. */
export function dotted(n: Node): string | undefined {
  const c = memberChain(n);
  const root = c.root;
  if (root.type !== 'identifier' && root.type !== 'this' && root.type !== 'self') return undefined;
  return [root.text, ...c.members].join('.');
}

export interface Args {
  positional: Node[];
  named: Map<string, Node>;
  /** The object literal the named arguments came from (JS options objects). */
  object?: Node;
  /** `**kwargs` / `...rest` present: more arguments than we see. */
  spread: boolean;
  /** The splatted expressions (`**params`, `...opts`), for what a dict built above them holds. */
  splats?: Node[];
  /** Where the argument nodes resolve, when not where the call is analysed (another file, a helper's body). */
  ctx?: ValueContext;
}

export function argsOf(call: Node): Args {
  const out: Args = { positional: [], named: new Map(), spread: false };
  const list = field(call, 'arguments');
  if (!list) return out;
  for (const a of kids(list)) {
    if (a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const name = field(a, 'name')?.text;
      const value = field(a, 'value');
      if (name && value) out.named.set(name, value);
    } else if (a.type === 'dictionary_splat' || a.type === 'list_splat' || a.type === 'spread_element') {
      out.spread = true;
      const inner = kids(a)[0];
      if (a.type !== 'list_splat' && inner) (out.splats ??= []).push(inner);
    } else out.positional.push(a);
  }
  return out;
}

/** JS SDKs take one options object: its properties become named arguments. */
export function objectArgs(obj: Node, into: Args = { positional: [], named: new Map(), spread: false }): Args {
  into.object = obj;
  for (const p of kids(obj)) {
    if (p.type === 'pair') {
      const key = field(p, 'key');
      const value = field(p, 'value');
      const name = key ? propertyName(key) : undefined;
      if (name && value) into.named.set(name, value);
    } else if (p.type === 'shorthand_property_identifier') into.named.set(p.text, p);
    else if (p.type === 'spread_element') {
      into.spread = true;
      const inner = kids(p)[0];
      if (inner) (into.splats ??= []).push(inner);
    }
  }
  return into;
}

export function propertyName(key: Node): string | undefined {
  if (key.type === 'property_identifier' || key.type === 'identifier') return key.text;
  return stringValue(key);
}

/** A plain string literal's value (no interpolation), or undefined. */
export function stringValue(n: Node): string | undefined {
  n = unwrap(n);
  if (n.type === 'string') {
    const parts = kids(n);
    if (parts.some((p) => p.type === 'interpolation' || p.type === 'template_substitution')) return undefined;
    // Python: string_start/string_content/escape_sequence/string_end; JS: string_fragment/escape_sequence.
    const start = kids(n).find((p) => p.type === 'string_start');
    if (start && /[fF]/.test(start.text)) return undefined;
    const raw = !!start && /[rR]/.test(start.text);
    return parts
      .filter((p) => p.type === 'string_content' || p.type === 'string_fragment' || p.type === 'escape_sequence')
      .map((p) => pieceText(p, raw))
      .join('');
  }
  if (n.type === 'template_string' && !kids(n).some((p) => p.type === 'template_substitution')) {
    return kids(n)
      .filter((p) => p.type === 'string_fragment' || p.type === 'escape_sequence')
      .map((p) => (p.type === 'escape_sequence' ? unescape(p.text) : p.text))
      .join('');
  }
  if (n.type === 'concatenated_string') {
    const parts = kids(n).map(stringValue);
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  return undefined;
}

/** The text of a literal piece of a string: escapes decoded (Python nests them in string_content). */
export function pieceText(p: Node, raw = false): string {
  if (p.type === 'escape_sequence') return raw ? p.text : unescape(p.text);
  if (raw || !p.text.includes('\\')) return p.text;
  return p.text.replace(/\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\r?\n|[\s\S])/g, unescape);
}

export function unescape(seq: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '`': '`', '0': '\0', $: '$' };
  if (seq.length === 2 && seq[1] in map) return map[seq[1]];
  if (/^\\u[0-9a-fA-F]{4}$/.test(seq)) return String.fromCharCode(parseInt(seq.slice(2), 16));
  if (/^\\U[0-9a-fA-F]{8}$/.test(seq)) return String.fromCodePoint(parseInt(seq.slice(2), 16));
  if (/^\\[0-7]{1,3}$/.test(seq)) return String.fromCharCode(parseInt(seq.slice(1), 8));
  if (/^\\x[0-9a-fA-F]{2}$/.test(seq)) return String.fromCharCode(parseInt(seq.slice(2), 16));
  if (/^\\\r?\n$/.test(seq)) return '';
  return seq.slice(1);
}

export function numberValue(n: Node): number | undefined {
  n = unwrap(n);
  if (n.type === 'integer' || n.type === 'number' || n.type === 'float') {
    const v = Number(n.text.replace(/_/g, ''));
    return Number.isFinite(v) ? v : undefined;
  }
  if (n.type === 'unary_operator' || n.type === 'unary_expression') {
    const arg = field(n, 'argument') ?? field(n, 'operand');
    const v = arg ? numberValue(arg) : undefined;
    if (v !== undefined && n.text.trim().startsWith('-')) return -v;
  }
  return undefined;
}

/** The decorators on a Python function or class (`@app.post(…)`, `@classmethod`), in order. */
export function decoratorsOf(fn: Node): Node[] {
  const p = fn.parent;
  return p?.type === 'decorated_definition' ? kids(p).filter((k) => k.type === 'decorator') : [];
}

export function isFunction(n: Node): boolean {
  return ['function_definition', 'function_declaration', 'method_definition', 'arrow_function', 'function_expression', 'function', 'generator_function_declaration', 'lambda'].includes(n.type);
}

/** The name of a function node (`def run`, `function run`, `const run = () =>`, `run() {}` in a class). */
export function functionName(fn: Node): string | undefined {
  const own = field(fn, 'name');
  if (own) return sane(own.text);
  const parent = fn.parent;
  if (parent?.type === 'variable_declarator') return sane(field(parent, 'name')?.text);
  if (parent?.type === 'pair') return sane(field(parent, 'key')?.text);
  if (parent?.type === 'assignment_expression') return sane(field(parent, 'left')?.text);
  return undefined;
}

/**
 * A name as written, or nothing when what stands there is no name: in half-typed code the parser's
 * recovery can make the left side of an "assignment" the whole file above it, which would become a
 * kilobytes-long call-site key.
 */
function sane(name: string | undefined): string | undefined {
  return name !== undefined && name.length <= 200 && !name.includes('\n') ? name : undefined;
}

export function enclosingFunction(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (isFunction(p)) return p;
  return undefined;
}

export function enclosingClass(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'class_definition' || p.type === 'class_declaration' || p.type === 'class') return p;
  return undefined;
}

/** Qualified name of the function holding `n`: `Agent.run`, `handler`, or undefined at module level. */
export function qualifiedFunctionName(n: Node): string | undefined {
  const names: string[] = [];
  for (let p: Node | null = n.parent; p; p = p.parent) {
    if (isFunction(p)) {
      const name = functionName(p);
      if (name) names.unshift(name);
    } else if (p.type === 'class_definition' || p.type === 'class_declaration') {
      const name = field(p, 'name')?.text;
      if (name) names.unshift(name);
    }
  }
  return names.length ? names.join('.') : undefined;
}

/**
 * Visit the named nodes under `n` in document order. With `types`, only nodes of those types are
 * materialised and visited (the cursor reads the type without building a node object, which is
 * most of the cost of walking a tree from JavaScript).
 */
export function walk(n: Node, visit: (n: Node) => boolean | void, types?: ReadonlySet<string>): void {
  const cursor = n.walk();
  try {
    let descend = true;
    for (;;) {
      if (descend && cursor.nodeIsNamed && (!types || types.has(cursor.nodeType))) {
        if (visit(cursor.currentNode) === false) descend = false;
      }
      if (descend && cursor.gotoFirstChild()) continue;
      descend = true;
      if (cursor.gotoNextSibling()) continue;
      let up = false;
      while (cursor.gotoParent()) {
        if (cursor.currentDepth === 0) break;
        if (cursor.gotoNextSibling()) {
          up = true;
          break;
        }
      }
      if (!up) return;
    }
  } finally {
    cursor.delete();
  }
}

/** The name a call ends in (`create` in `client.chat.completions.create(…)`), read cheaply. */
export function callName(call: Node): string | undefined {
  const fn = call.childForFieldName('function') ?? call.childForFieldName('constructor');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  if (fn.type === 'member_expression') return fn.childForFieldName('property')?.text;
  return undefined;
}
