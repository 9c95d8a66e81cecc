// A default given to a value after it is set, when it has none: `if not X: X = "d"`,
// `if X is None: X = "d"`, `X = X or "d"` (Python). mem0's providers do it to their config object in
// the constructor (`if not self.config.model: self.config.model = "gpt-5-mini"`) after taking the
// caller's config (`config or OpenAIConfig()`). The value is the caller's when it sets one, else the
// default, said as such.
import type { Node } from '@vscode/tree-sitter-wasm';
import { enclosingClass, field, kids, memberChain, unwrap } from './ast';
import { classLineage, resolveValue } from './values';
import type { Value, ValueContext } from './values';

/** Where a default is given: the default's expression, the statement giving it, and the class. */
export interface Fallback {
  value: Node;
  stmt: Node;
  ctx: ValueContext;
  /** The class whose constructor gives it, for a `self.…` target. */
  owner?: string;
}

/**
 * The expression an unset-test tests: `not X`, `X is None`, `X == None`, `X == ""` (parentheses
 * aside). Undefined for any other condition.
 */
export function unsetTested(cond: Node | undefined): Node | undefined {
  const u = cond ? unwrap(cond) : undefined;
  if (!u) return undefined;
  if (u.type === 'not_operator') {
    const arg = field(u, 'argument');
    return arg ? unwrap(arg) : undefined;
  }
  if (u.type !== 'comparison_operator') return undefined;
  const parts = kids(u).filter((k) => k.isNamed);
  if (parts.length !== 2) return undefined;
  const op = u.text.slice(parts[0].endIndex - u.startIndex, parts[1].startIndex - u.startIndex).trim();
  const empty = (n: Node) => n.type === 'none' || (n.type === 'string' && /^(['"])\1$/.test(n.text));
  if ((op === 'is' || op === '==') && empty(parts[1])) return unwrap(parts[0]);
  return undefined;
}

const same = (a: Node, b: string): boolean => a.text.replace(/\s+/g, '') === b;

/**
 * The default a statement gives `target` (spelled without spaces) when it is unset: an `if` testing
 * it whose branch assigns it, or `target = target or default`. Undefined for other statements.
 */
export function fallbackIn(stmt: Node, target: string): { value: Node; stmt: Node } | undefined {
  if (stmt.type === 'if_statement') {
    const tested = unsetTested(field(stmt, 'condition'));
    if (!tested || !same(tested, target)) return undefined;
    const body = field(stmt, 'consequence');
    for (const s of body ? kids(body) : []) {
      const a = s.type === 'expression_statement' ? kids(s)[0] : undefined;
      const left = a?.type === 'assignment' ? field(a, 'left') : undefined;
      const right = a ? field(a, 'right') : undefined;
      if (left && right && same(left, target)) return { value: right, stmt };
    }
    return undefined;
  }
  const a = stmt.type === 'expression_statement' ? kids(stmt)[0] : undefined;
  const left = a?.type === 'assignment' ? field(a, 'left') : undefined;
  const right = a ? field(a, 'right') : undefined;
  const r = right ? unwrap(right) : undefined;
  if (!left || r?.type !== 'boolean_operator' || !same(left, target) || !/\bor\b/.test(r.text)) return undefined;
  const l = field(r, 'left');
  const d = field(r, 'right');
  return l && d && same(l, target) ? { value: d, stmt } : undefined;
}

/** Defaults a constructor gives `self.…` chains, by the chain's text; indexed once per constructor. */
const constructorIndex = new WeakMap<object, Map<number, Map<string, { value: Node; stmt: Node }>>>();

function constructorFallbacks(init: Node): Map<string, { value: Node; stmt: Node }> {
  let byTree = constructorIndex.get(init.tree);
  if (!byTree) constructorIndex.set(init.tree, (byTree = new Map()));
  let out = byTree.get(init.startIndex);
  if (out) return out;
  out = new Map();
  const body = field(init, 'body');
  for (const s of body ? kids(body) : []) {
    // Cheap first look: only statements that read `self.` chains of two or more links.
    const target = s.type === 'if_statement' ? unsetTested(field(s, 'condition')) : s.type === 'expression_statement' && kids(s)[0]?.type === 'assignment' ? field(kids(s)[0], 'left') : undefined;
    if (!target || target.type !== 'attribute') continue;
    const chain = memberChain(target);
    if (chain.root.type !== 'identifier' || chain.root.text !== 'self' || chain.members.length < 2) continue;
    const text = target.text.replace(/\s+/g, '');
    const found = fallbackIn(s, text);
    // The last one the constructor runs stands.
    if (found) out.set(text, found);
  }
  byTree.set(init.startIndex, out);
  return out;
}

/**
 * The default the constructor of the instance's class (or of a base class) gives a `self.a.b` chain
 * when it is unset (`if not self.config.model: self.config.model = "gpt-5-mini"`). Not for the test
 * itself: there the chain is still the caller's.
 */
export function constructorFallback(n: Node, ctx: ValueContext): Fallback | undefined {
  const own = enclosingClass(n);
  const cls = ctx.selfClass ?? (own ? { node: own, ctx } : undefined);
  if (!cls) return undefined;
  const text = n.text.replace(/\s+/g, '');
  for (const k of classLineage(cls.node, cls.ctx)) {
    const init = k.ctx.scope.methodOf(k.node, '__init__');
    const found = init ? constructorFallbacks(init).get(text) : undefined;
    if (!found) continue;
    if (n.tree === found.stmt.tree && n.startIndex >= found.stmt.startIndex && n.endIndex <= found.stmt.endIndex) return undefined;
    return { ...found, ctx: k.ctx, owner: field(k.node, 'name')?.text };
  }
  return undefined;
}

/**
 * The value a fallback gives: `base` (what was set before) when it holds a value, else the default,
 * said as the default given when `base`'s owner (`self.config`, the caller) sets none.
 */
export function withFallback(base: Value, fb: Fallback, target: Node, depth: number): Value {
  const unset = (v: Value) => v.kind === 'unknown' || (v.kind === 'string' && v.value === '');
  if (base.kind === 'union' ? base.options.some((o) => !unset(o)) : !unset(base)) return base;
  const d = resolveValue(fb.value, fb.ctx, depth + 1);
  if (d.kind !== 'string') return d.kind === 'unknown' ? base : d;
  const chain = target.type === 'attribute' ? memberChain(target) : undefined;
  const holder = chain && chain.members.length >= 2 ? `\`${[chain.root.text, ...chain.members.slice(0, -1)].join('.')}\`` : 'the caller';
  const who = fb.owner ? `${fb.owner} gives \`${target.text}\`` : `given to \`${target.text}\``;
  return { ...d, via: `default ${who} when ${holder} sets none` };
}
