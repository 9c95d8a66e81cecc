// How many times a call runs per task: the loops around it (bounded by `range(N)`, counters,
// `max_turns`/`max_iterations`), collections of unknown size (a stated default), and
// `costlens:` comments that override what the code says.
import type { Node } from '@vscode/tree-sitter-wasm';
import { LineIndex, type Multiplier } from '../../model';
import { argsOf, calleeOf, dotted, field, isFunction, kids, unwrap } from './ast';
import { resolveValue, ValueContext } from './values';

export interface LoopInfo {
  node: Node;
  kind: 'for' | 'while' | 'comprehension';
  /** Iterations when known; undefined = unknown bound. */
  count?: number;
  /** The iterations used for estimates and why. */
  assumed: number;
  reason: string;
  /** No visible bound at all (`while True` without a counter). */
  unbounded: boolean;
}

export interface LoopDefaults {
  /** Iterations assumed for a loop over a collection of unknown size. */
  collection: number;
  /** Steps assumed for an agent loop with no visible bound. */
  unbounded: number;
}

const LOOP_TYPES = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement', 'list_comprehension', 'generator_expression', 'dictionary_comprehension', 'set_comprehension']);

/** Loops between the call and its enclosing function, innermost first. */
export function enclosingLoops(call: Node): Node[] {
  const out: Node[] = [];
  for (let p = call.parent; p && !isFunction(p); p = p.parent) if (LOOP_TYPES.has(p.type)) out.push(p);
  return out;
}

function countOfIterable(iter: Node, ctx: ValueContext): { count?: number; reason: string } {
  const u = unwrap(iter);
  if (u.type === 'call') {
    const name = dotted(calleeOf(u)!) ?? '';
    const a = argsOf(u);
    if (name === 'range') {
      const nums = a.positional.map((x) => {
        const v = resolveValue(x, ctx);
        return v.kind === 'number' ? v.value : undefined;
      });
      if (nums.length === 1 && nums[0] !== undefined) return { count: Math.max(0, nums[0]), reason: `range(${a.positional[0].text})` };
      if (nums.length >= 2 && nums[0] !== undefined && nums[1] !== undefined) {
        const step = nums[2] ?? 1;
        return { count: Math.max(0, Math.ceil((nums[1] - nums[0]) / (step || 1))), reason: `range(${a.positional.map((x) => x.text).join(', ')})` };
      }
      return { reason: `range(${a.positional.map((x) => x.text).join(', ')}) with an unknown bound` };
    }
    if (name === 'enumerate' || name === 'zip' || name === 'reversed' || name === 'sorted') return a.positional[0] ? countOfIterable(a.positional[0], ctx) : { reason: name };
  }
  const v = resolveValue(u, ctx);
  if (v.kind === 'list') return { count: v.items.length, reason: `${v.items.length} items in \`${u.text.slice(0, 30)}\`` };
  if (v.kind === 'dict') return { count: v.entries.size, reason: `${v.entries.size} entries in \`${u.text.slice(0, 30)}\`` };
  return { reason: `collection \`${u.text.slice(0, 40)}\` of unknown size` };
}

/** `i < N`, `step <= MAX`, `turns < self.max_turns` → N (bound of a counter loop). */
function counterBound(cond: Node, ctx: ValueContext): { count?: number; reason?: string } {
  const c = unwrap(cond);
  if (c.type === 'comparison_operator' || c.type === 'binary_expression') {
    const parts = kids(c);
    const op = c.type === 'binary_expression' ? field(c, 'operator')?.text ?? c.child(1)?.text : c.child(1)?.text;
    const right = c.type === 'binary_expression' ? field(c, 'right') : parts[1];
    if (right && (op === '<' || op === '<=')) {
      const v = resolveValue(right, ctx);
      if (v.kind === 'number') return { count: op === '<=' ? v.value + 1 : v.value, reason: `\`${c.text.slice(0, 40)}\`` };
      return { reason: `\`${c.text.slice(0, 40)}\` with an unknown bound` };
    }
  }
  if (c.type === 'boolean_operator' || (c.type === 'binary_expression' && /&&|\band\b/.test(c.text))) {
    for (const k of kids(c)) {
      const r = counterBound(k, ctx);
      if (r.count !== undefined) return r;
    }
  }
  return {};
}

/** A counter bound hidden in the body: `if step >= MAX_STEPS: break`. */
function breakBound(body: Node | undefined, ctx: ValueContext): { count?: number; reason?: string } {
  if (!body) return {};
  for (const stmt of kids(body)) {
    if (stmt.type !== 'if_statement') continue;
    const cond = field(stmt, 'condition');
    const cons = field(stmt, 'consequence');
    if (!cond || !cons || !/\bbreak\b|\breturn\b|\braise\b|\bthrow\b/.test(cons.text)) continue;
    const c = unwrap(cond);
    const op = c.child(1)?.text ?? field(c, 'operator')?.text;
    const right = field(c, 'right') ?? kids(c)[1];
    if (right && (op === '>=' || op === '>' || op === '==')) {
      const v = resolveValue(right, ctx);
      if (v.kind === 'number') return { count: op === '>' ? v.value + 1 : v.value, reason: `\`${c.text.slice(0, 40)}\` breaks the loop` };
    }
  }
  return {};
}

export function describeLoop(loop: Node, ctx: ValueContext, defaults: LoopDefaults): LoopInfo {
  if (loop.type === 'for_statement' && field(loop, 'right')) {
    const r = countOfIterable(field(loop, 'right')!, ctx);
    if (r.count !== undefined) return { node: loop, kind: 'for', count: r.count, assumed: r.count, reason: r.reason, unbounded: false };
    return { node: loop, kind: 'for', assumed: defaults.collection, reason: `${r.reason}: ${defaults.collection} assumed`, unbounded: false };
  }
  if (loop.type === 'for_in_statement') {
    const r = countOfIterable(field(loop, 'right')!, ctx);
    if (r.count !== undefined) return { node: loop, kind: 'for', count: r.count, assumed: r.count, reason: r.reason, unbounded: false };
    return { node: loop, kind: 'for', assumed: defaults.collection, reason: `${r.reason}: ${defaults.collection} assumed`, unbounded: false };
  }
  if (loop.type === 'for_statement') {
    // JS for (let i = 0; i < N; i++)
    const cond = field(loop, 'condition');
    const r = cond ? counterBound(cond, ctx) : {};
    if (r.count !== undefined) return { node: loop, kind: 'for', count: r.count, assumed: r.count, reason: r.reason!, unbounded: false };
    const b = breakBound(field(loop, 'body'), ctx);
    if (b.count !== undefined) return { node: loop, kind: 'for', count: b.count, assumed: b.count, reason: b.reason!, unbounded: false };
    return { node: loop, kind: 'for', assumed: defaults.unbounded, reason: `loop with no visible bound: ${defaults.unbounded} steps assumed`, unbounded: !cond || /^(true|1)?$/.test(cond.text.replace(/;/g, '').trim()) };
  }
  if (loop.type === 'while_statement' || loop.type === 'do_statement') {
    const cond = field(loop, 'condition');
    const body = field(loop, 'body');
    const r = cond ? counterBound(cond, ctx) : {};
    if (r.count !== undefined) return { node: loop, kind: 'while', count: r.count, assumed: r.count, reason: r.reason!, unbounded: false };
    const b = breakBound(body, ctx);
    if (b.count !== undefined) return { node: loop, kind: 'while', count: b.count, assumed: b.count, reason: b.reason!, unbounded: false };
    const literalTrue = !cond || /^\(?\s*(True|true|1)\s*\)?$/.test(cond.text.trim());
    return {
      node: loop,
      kind: 'while',
      assumed: defaults.unbounded,
      reason: literalTrue ? `\`while ${cond?.text ?? 'True'}\` with no counter: ${defaults.unbounded} steps assumed` : `\`while ${cond!.text.slice(0, 40)}\` with no visible bound: ${defaults.unbounded} steps assumed`,
      unbounded: literalTrue,
    };
  }
  // comprehensions: for_in_clause right side
  const clause = kids(loop).find((k) => k.type === 'for_in_clause');
  const right = clause ? field(clause, 'right') : undefined;
  const r = right ? countOfIterable(right, ctx) : { reason: 'comprehension' };
  if (r.count !== undefined) return { node: loop, kind: 'comprehension', count: r.count, assumed: r.count, reason: r.reason, unbounded: false };
  return { node: loop, kind: 'comprehension', assumed: defaults.collection, reason: `${r.reason}: ${defaults.collection} assumed`, unbounded: false };
}

/** More calls per task than this is no estimate anyone can use (and squared by history growth, overflows): counts above it are capped, and say so. */
export const MAX_CALLS_PER_TASK = 1e9;

export function capMultiplier(m: Multiplier): Multiplier {
  if (m.max <= MAX_CALLS_PER_TASK) return m;
  const cap = (n: number) => Math.min(n, MAX_CALLS_PER_TASK);
  return { ...m, min: cap(m.min), expected: cap(m.expected), max: MAX_CALLS_PER_TASK, reason: `${m.reason} (capped at ${MAX_CALLS_PER_TASK.toLocaleString('en-US')} calls per task)` };
}

/** Multiply the loops around a call. */
export function multiplierOf(loops: LoopInfo[]): Multiplier {
  if (!loops.length) return { min: 1, expected: 1, max: 1, reason: 'one call per task' };
  let expected = 1;
  let min = 1;
  let max = 1;
  for (const l of loops) {
    expected *= l.assumed;
    max *= l.count ?? l.assumed * 3;
    min *= l.count ?? 1;
  }
  const unbounded = loops.some((l) => l.unbounded);
  return { min, expected, max, reason: loops.map((l) => l.reason).join(' × '), ...(unbounded ? { unbounded } : {}) };
}

/**
 * The `costlens:` comments of a text by line, each line read once: every call reads its own line's
 * and its loops' (reading the line for each call made a long line of many calls quadratic).
 */
export class CostlensComments {
  private lines?: LineIndex;
  private readonly byLine = new Map<number, Readonly<Record<string, string>>>();

  constructor(private readonly text: string) {}

  /** What `costlensComments` reads for the line of `offset`. */
  at(offset: number): Readonly<Record<string, string>> {
    const lines = (this.lines ??= new LineIndex(this.text));
    const line = lines.lineOf(offset);
    let found = this.byLine.get(line);
    if (!found) this.byLine.set(line, (found = costlensComments(this.text, lines.startOf(line))));
    return found;
  }
}

/** `# costlens: steps=12 tasks-per-day=5000` / `// costlens: steps=12` on the line of the node or the lines just above it. */
export function costlensComments(text: string, offset: number): Record<string, string> {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const out: Record<string, string> = {};
  const read = (line: string) => {
    // The rest of the line, up to a line break (a CRLF file's `\r` too): `\s*(.*)$` backtracked
    // quadratically, and failed on `\r`. The spaces after `costlens:` are matched atomically.
    const m = /(?:#|\/\/|\/\*)\s*costlens:(?=(\s*))\1(.*)/.exec(line);
    if (!m) return false;
    for (const kv of m[2].replace(/\*\/\s*$/, '').split(/[\s,]+/)) {
      const eq = kv.indexOf('=');
      if (eq > 0) out[kv.slice(0, eq)] ??= kv.slice(eq + 1);
    }
    return true;
  };
  read(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd));
  // Comment lines directly above.
  let end = lineStart - 1;
  for (let i = 0; i < 5 && end > 0; i++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (!/^\s*(#|\/\/|\/\*|\*)/.test(line)) break;
    read(line);
    end = start - 1;
  }
  return out;
}

