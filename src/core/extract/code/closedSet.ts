// Values from a small closed set: a placeholder whose value is one of a few constants known where
// the code is written — a `Literal["a", "b"]` or `'a' | 'b'` parameter, an enum, a literal list a
// loop runs over, callers that each pass a constant. A response to such a prompt repeats.
import type { Node } from '@vscode/tree-sitter-wasm';
import { field, isFunction, kids, unwrap } from './ast';
import type { Scope } from './scope';
import type { Value, ValueContext } from './values';

export interface ClosedSet {
  count: number;
  from: string;
}

const MAX_CHOICES = 64;

/** String literals in a type: `Literal["a", "b"]`, `'a' | 'b'`; undefined when any member is not one. */
function literalType(type: Node): number | undefined {
  const t = type.text.trim();
  const py = /^(?:typing\.|t\.)?Literal\[(.*)\]$/s.exec(t);
  const members = py ? py[1].split(',') : t.split('|');
  const values = members.map((m) => m.trim()).filter(Boolean);
  if (!values.length || values.length > MAX_CHOICES) return undefined;
  if (!values.every((m) => /^(['"`]).*\1$/s.test(m))) return undefined;
  // A single literal is a constant, not a choice; `x | y` needs at least two.
  return py || values.length > 1 ? new Set(values).size : undefined;
}

/** Members of an enum named `name` defined at the file's top level: a Python `class X(Enum)` or a TS `enum X`. */
function enumMembers(root: Node, name: string): number | undefined {
  for (const top of kids(root)) {
    const n = top.type === 'decorated_definition' || top.type === 'export_statement' ? kids(top).find((k) => k.type === 'class_definition' || k.type === 'enum_declaration') : top;
    if (!n || field(n, 'name')?.text !== name) continue;
    let count = 0;
    if (n.type === 'class_definition' && /Enum\b/.test(field(n, 'superclasses')?.text ?? '')) count = kids(field(n, 'body') ?? n).filter((s) => s.type === 'expression_statement' && kids(s)[0]?.type === 'assignment').length;
    else if (n.type === 'enum_declaration') count = kids(field(n, 'body') ?? n).filter((m) => m.type === 'property_identifier' || m.type === 'enum_assignment').length;
    return count > 0 && count <= MAX_CHOICES ? count : undefined;
  }
  return undefined;
}

/**
 * The innermost function around `at`: from the file's scope when it is `at`'s file (its function
 * index; walking up `.parent` starts again from the root each step, which made a module of 3,000
 * functions quadratic), else up the tree.
 */
function functionAround(at: Node, scope: Scope | undefined): Node | undefined {
  if (scope && scope.root.tree === at.tree) return scope.functionAround(at);
  for (let p = at.parent; p; p = p.parent) if (isFunction(p)) return p;
  return undefined;
}

/** The parameter `name` of the function around `at`, with its type annotation. */
function parameterType(at: Node, name: string, scope: Scope | undefined): Node | undefined {
  const p = functionAround(at, scope);
  if (p) {
    const params = field(p, 'parameters');
    for (const param of params ? kids(params) : []) {
      const id = param.type === 'identifier' ? param : field(param, 'name') ?? field(param, 'pattern') ?? kids(param).find((k) => k.type === 'identifier');
      if (id?.text !== name) continue;
      const type = field(param, 'type');
      // TS: `type_annotation` wraps the type after its colon.
      return type?.type === 'type_annotation' ? kids(type)[0] : type;
    }
  }
  return undefined;
}

/**
 * Whether a placeholder's value comes from a closed set: its resolved value is a few constants, or
 * it reads a parameter typed as a literal union or an enum (`tone`, `tone.value`, `${kind}`).
 */
export function closedSetOf(expr: Node, value: Value | undefined, ctx?: ValueContext): ClosedSet | undefined {
  if (value?.kind === 'union' && value.options.length <= MAX_CHOICES && value.options.every((o) => o.kind === 'string')) {
    const via = value.options.map((o) => (o.kind === 'string' ? o.via : undefined)).find(Boolean);
    return { count: value.options.length, from: via ? `${value.options.length} constants (${via})` : `${value.options.length} constants` };
  }
  const u = unwrap(expr);
  // `tone`, `tone.value`: the name of a parameter.
  const base = u.type === 'identifier' ? u : (u.type === 'attribute' || u.type === 'member_expression') && /^(value|name)$/.test((field(u, 'attribute') ?? field(u, 'property'))?.text ?? '') ? unwrap(field(u, 'object')!) : undefined;
  if (!base || base.type !== 'identifier') return undefined;
  const scope = [ctx?.scope, value?.ctx?.scope].find((s) => s?.root.tree === base.tree);
  const type = parameterType(base, base.text, scope);
  if (!type) return undefined;
  const literals = literalType(type);
  if (literals !== undefined) return { count: literals, from: `parameter \`${base.text}: ${type.text.replace(/\s+/g, ' ').slice(0, 60)}\`` };
  let root = scope?.root ?? type;
  while (root.parent) root = root.parent;
  const members = /^[A-Za-z_]\w*$/.test(type.text) ? enumMembers(root, type.text) : undefined;
  if (members) return { count: members, from: `parameter \`${base.text}\` of enum ${type.text} (${members} members)` };
  return undefined;
}
