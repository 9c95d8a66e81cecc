// Resolving what an expression evaluates to, as far as the source says: literals, same-file
// constants, parameter defaults, config objects, environment lookups with defaults, imported
// constants, f-strings and template literals. What cannot be resolved says why.
import type { Node } from '@vscode/tree-sitter-wasm';
import { argsOf, calleeOf, dotted, field, isCall, kids, memberChain, numberValue, pieceText, propertyName, stringValue, unwrap } from './ast';
import type { ImportBinding, Scope } from './scope';

export type TemplatePiece = { text: string; node?: Node } | { expr: Node; name: string };

export type Value =
  | { kind: 'string'; value: string; node: Node; via?: string }
  | { kind: 'number'; value: number; node: Node }
  | { kind: 'bool'; value: boolean; node: Node }
  | { kind: 'template'; pieces: TemplatePiece[]; node: Node }
  | { kind: 'list'; items: Node[]; node: Node }
  | { kind: 'dict'; entries: Map<string, Node>; node: Node }
  | { kind: 'call'; callee: string; node: Node }
  | { kind: 'imported'; binding: ImportBinding; node: Node }
  | { kind: 'unknown'; reason: string; node?: Node; name?: string };

/** Looks up a constant exported by another workspace file (`from config import MODEL`). */
export type ImportResolver = (fromPath: string, module: string, name: string) => { text: string; value: string | number } | undefined;

export interface ValueContext {
  scope: Scope;
  path: string;
  resolveImport?: ImportResolver;
}

const MAX_DEPTH = 12;

export function resolveValue(node: Node | undefined, ctx: ValueContext, depth = 0): Value {
  if (!node) return { kind: 'unknown', reason: 'no value' };
  if (depth > MAX_DEPTH) return { kind: 'unknown', reason: 'too many indirections', node };
  const n = unwrap(node);
  const s = stringValue(n);
  if (s !== undefined) return { kind: 'string', value: s, node: n };
  const num = numberValue(n);
  if (num !== undefined) return { kind: 'number', value: num, node: n };
  switch (n.type) {
    case 'true':
    case 'false':
      return { kind: 'bool', value: n.type === 'true', node: n };
    case 'none':
    case 'null':
    case 'undefined':
      return { kind: 'unknown', reason: 'None/null', node: n };
    case 'string':
      return template(n);
    case 'template_string':
      return template(n);
    case 'list':
    case 'array':
    case 'tuple':
      return { kind: 'list', items: kids(n).filter((k) => k.type !== 'comment'), node: n };
    case 'dictionary':
    case 'object': {
      const entries = new Map<string, Node>();
      for (const p of kids(n)) {
        if (p.type === 'pair') {
          const key = field(p, 'key');
          const value = field(p, 'value');
          const name = key ? propertyName(key) : undefined;
          if (name !== undefined && value) entries.set(name, value);
        } else if (p.type === 'shorthand_property_identifier') entries.set(p.text, p);
      }
      return { kind: 'dict', entries, node: n };
    }
    case 'identifier':
    case 'shorthand_property_identifier': {
      const found = ctx.scope.lookup(n.text, n);
      if (found.value) {
        const v = resolveValue(found.value, ctx, depth + 1);
        if (v.kind === 'unknown' && found.param) return { kind: 'unknown', reason: `\`${n.text}\` is a parameter`, node: n, name: n.text };
        return v;
      }
      if (found.param) return { kind: 'unknown', reason: `\`${n.text}\` is a parameter without a default`, node: n, name: n.text };
      if (found.imported) return importedValue(found.imported, n, ctx);
      return { kind: 'unknown', reason: `\`${n.text}\` is not defined in this file`, node: n, name: n.text };
    }
    case 'attribute':
    case 'member_expression':
    case 'subscript':
    case 'subscript_expression':
      return memberValue(n, ctx, depth);
    case 'binary_operator':
    case 'binary_expression': {
      const op = field(n, 'operator')?.text ?? n.child(1)?.text;
      const left = field(n, 'left');
      const right = field(n, 'right');
      // process.env.X ?? "default" / process.env.X || "default"
      if ((op === '??' || op === '||') && left && right) {
        const l = resolveValue(left, ctx, depth + 1);
        if (l.kind !== 'unknown') return l;
        const r = resolveValue(right, ctx, depth + 1);
        if (r.kind === 'string') return { ...r, via: `default of ${left.text}` };
        return r;
      }
      if (op === '+' && left && right) {
        const l = resolveValue(left, ctx, depth + 1);
        const r = resolveValue(right, ctx, depth + 1);
        if (l.kind === 'string' && r.kind === 'string') return { kind: 'string', value: l.value + r.value, node: n };
        if (isTextual(l) || isTextual(r)) return { kind: 'template', pieces: [...pieces(l, left), ...pieces(r, right)], node: n };
      }
      return { kind: 'unknown', reason: `expression \`${clip(n.text)}\``, node: n };
    }
    case 'boolean_operator': {
      // os.getenv("X") or "default"
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (n.text.includes(' or ') && left && right) {
        const l = resolveValue(left, ctx, depth + 1);
        if (l.kind !== 'unknown') return l;
        return resolveValue(right, ctx, depth + 1);
      }
      return { kind: 'unknown', reason: `expression \`${clip(n.text)}\``, node: n };
    }
    case 'conditional_expression':
    case 'ternary_expression': {
      // Take the first branch that resolves; say it is one of several.
      const branches = n.type === 'ternary_expression' ? [field(n, 'consequence'), field(n, 'alternative')] : [kids(n)[0], kids(n)[2]];
      for (const b of branches) {
        const v = b ? resolveValue(b, ctx, depth + 1) : undefined;
        if (v && v.kind === 'string') return { ...v, via: 'one branch of a conditional' };
      }
      return { kind: 'unknown', reason: 'conditional expression', node: n };
    }
    case 'call':
    case 'call_expression':
    case 'new_expression':
      return callValue(n, ctx, depth);
    default:
      return { kind: 'unknown', reason: `expression \`${clip(n.text)}\``, node: n };
  }
}

function isTextual(v: Value): boolean {
  return v.kind === 'string' || v.kind === 'template';
}

function pieces(v: Value, node: Node): TemplatePiece[] {
  if (v.kind === 'string') return [{ text: v.value, node }];
  if (v.kind === 'template') return v.pieces;
  return [{ expr: node, name: node.text }];
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? one.slice(0, 37) + '…' : one;
}

/** f-strings and template literals → literal text and placeholder expressions. */
function template(n: Node): Value {
  const out: TemplatePiece[] = [];
  const start = kids(n).find((p) => p.type === 'string_start');
  const raw = !!start && /[rR]/.test(start.text);
  for (const c of kids(n)) {
    if (c.type === 'string_content' || c.type === 'string_fragment' || c.type === 'escape_sequence') out.push({ text: pieceText(c, raw), node: c });
    else if (c.type === 'interpolation' || c.type === 'template_substitution') {
      const expr = field(c, 'expression') ?? kids(c)[0];
      if (expr) out.push({ expr, name: expr.text });
    }
  }
  return { kind: 'template', pieces: out, node: n };
}

function importedValue(binding: ImportBinding, node: Node, ctx: ValueContext): Value {
  if (ctx.resolveImport && binding.name !== '*' && binding.name !== 'default') {
    const r = ctx.resolveImport(ctx.path, binding.module, binding.name);
    const value = r?.value;
    if (typeof value === 'number') return { kind: 'number', value, node };
    if (typeof value === 'string') return { kind: 'string', value, node, via: `${binding.name} from ${binding.module}` };
  }
  return { kind: 'imported', binding, node };
}

const ENV_GETTERS = new Set(['os.getenv', 'os.environ.get', 'environ.get', 'getenv']);

function callValue(n: Node, ctx: ValueContext, depth: number): Value {
  const callee = calleeOf(n);
  const name = callee ? dotted(callee) : undefined;
  if (name && ENV_GETTERS.has(name)) {
    const a = argsOf(n);
    const def = a.positional[1] ?? a.named.get('default');
    const envName = a.positional[0] ? stringValue(a.positional[0]) : undefined;
    if (def) {
      const v = resolveValue(def, ctx, depth + 1);
      if (v.kind === 'string') return { ...v, via: `default of environment variable ${envName ?? '?'}` };
    }
    return { kind: 'unknown', reason: `environment variable ${envName ?? '?'} with no default`, node: n };
  }
  // A helper of this file that returns a prompt: its return expression (parameters stay dynamic).
  if (callee && callee.type === 'identifier') {
    const ret = ctx.scope.returnOf(callee.text);
    if (ret) {
      const v = resolveValue(ret, ctx, depth + 1);
      if (v.kind === 'string' || v.kind === 'template') return v;
    }
  }
  // "…".format(...) / str(x): text with unknown parts.
  return { kind: 'call', callee: name ?? callee?.text ?? '?', node: n };
}

/** `CONFIG["model"]`, `settings.model`, `process.env.MODEL`, `os.environ["X"]`. */
function memberValue(n: Node, ctx: ValueContext, depth: number): Value {
  const chain = memberChain(n);
  const rootText = chain.root.text;
  if (rootText === 'process' && chain.members[0] === 'env') return { kind: 'unknown', reason: `environment variable ${chain.members[1] ?? '?'} with no default`, node: n };
  if (rootText === 'os' && chain.members[0] === 'environ') return { kind: 'unknown', reason: `environment variable ${chain.members[1] ?? '?'} with no default`, node: n };
  // self.x / this.x bound in the class.
  if ((chain.root.type === 'identifier' && rootText === 'self') || chain.root.type === 'this') {
    const found = ctx.scope.lookup(`${rootText}.${chain.members[0]}`, n);
    if (found.value) return followMembers(resolveValue(found.value, ctx, depth + 1), chain.members.slice(1), ctx, depth, n);
    return { kind: 'unknown', reason: `\`${rootText}.${chain.members[0]}\` is not assigned in this class`, node: n };
  }
  const root = resolveValue(chain.root, ctx, depth + 1);
  if (root.kind === 'imported' && ctx.resolveImport && root.binding.name === '*') {
    const r = ctx.resolveImport(ctx.path, root.binding.module, chain.members[0]);
    const value = r?.value;
    if (typeof value === 'number') return { kind: 'number', value, node: n };
    if (typeof value === 'string') return { kind: 'string', value, node: n, via: `${chain.members[0]} from ${root.binding.module}` };
  }
  return followMembers(root, chain.members, ctx, depth, n);
}

function followMembers(start: Value, members: string[], ctx: ValueContext, depth: number, node: Node): Value {
  let cur = start;
  for (const m of members) {
    if (cur.kind === 'dict') {
      const next = cur.entries.get(m);
      if (!next) return { kind: 'unknown', reason: `no key "${m}" in the object`, node };
      cur = resolveValue(next, ctx, depth + 1);
    } else if (cur.kind === 'call') {
      // A config object built by a constructor: Settings(model="gpt-4o").model
      const args = argsOf(cur.node);
      const obj = args.positional[0] && unwrap(args.positional[0]).type === 'object' ? unwrap(args.positional[0]) : undefined;
      const v = args.named.get(m) ?? (obj ? resolveValue(obj, ctx, depth + 1) : undefined);
      if (!v) return { kind: 'unknown', reason: `\`${clip(node.text)}\``, node };
      cur = 'kind' in v ? (v.kind === 'dict' ? resolveValue(v.entries.get(m), ctx, depth + 1) : v) : resolveValue(v, ctx, depth + 1);
    } else if (cur.kind === 'list' && /^\d+$/.test(m)) {
      const item = cur.items[Number(m)];
      if (!item) return { kind: 'unknown', reason: `index ${m} out of range`, node };
      cur = resolveValue(item, ctx, depth + 1);
    } else return cur.kind === 'unknown' ? cur : { kind: 'unknown', reason: `\`${clip(node.text)}\``, node };
  }
  return cur;
}

/** Is this call node a constructor/factory call whose callee ends with one of the names? */
export function callName(n: Node): string | undefined {
  const u = unwrap(n);
  if (!isCall(u)) return undefined;
  const c = calleeOf(u);
  if (!c) return undefined;
  const chain = memberChain(c);
  if (chain.members.length) return chain.members[chain.members.length - 1];
  return chain.root.type === 'identifier' ? chain.root.text : undefined;
}
