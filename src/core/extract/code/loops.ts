// How many times a call runs per task: the loops around it (bounded by `range(N)`, counters,
// `max_turns`/`max_iterations`), collections of unknown size (a stated default), and
// `costlens:` comments that override what the code says.
import type { Node } from '@vscode/tree-sitter-wasm';
import { LineIndex, type Multiplier } from '../../model';
import { argsOf, calleeOf, dotted, field, isFunction, kids, unwrap } from './ast';
import { resolveValue, single, ValueContext } from './values';

export interface LoopInfo {
  node: Node;
  kind: 'for' | 'while' | 'comprehension';
  /** Iterations when known; undefined = unknown bound. */
  count?: number;
  /** The iterations a run is expected to make (what the estimate uses), and why. */
  assumed: number;
  /** The most iterations it can make (the worst case): its bound, or an assumed one. */
  cap: number;
  /** Why the bound (the cap). */
  reason: string;
  /** Why the expectation, when it is below the cap. */
  expectedReason?: string;
  /** No visible bound at all (`while True` without a counter). */
  unbounded: boolean;
  /** The body leaves the loop on a condition (`break`, `return`, `raise`): it may end before its bound. */
  exits?: boolean;
  /** A retry loop: the call sits in a `try` that leaves the loop when it succeeds. */
  retry?: boolean;
}

export interface LoopDefaults {
  /** Iterations assumed for a loop over a collection of unknown size. */
  collection: number;
  /** The bound assumed for a loop with no visible bound (its worst case). */
  unbounded: number;
  /** Passes expected of a loop that ends on a condition (a retry, an approval, until done). */
  loopWithExit?: number;
  /** Tool rounds an agent with tools is expected to take before answering (a run: 1 + these). */
  toolRounds?: number;
  /** Sizes stated for particular collections (`.costlens.json` `defaults.collectionSizes`), by `path#name` or name. */
  sizes?: Record<string, number>;
}

/** Where a collection's items come from a dataset: loaded from the Hub, a file, a table. */
const DATASET_LOADERS = /(^|\.)(load_dataset|load_from_disk|read_csv|read_json|read_jsonl|read_parquet|read_excel|read_table|from_csv|from_json|from_parquet|readlines|json\.load|yaml\.safe_load|pickle\.load)$/;

/** The collection named in a loop's iterable (`tasks_to_run`, `self.rows`), for a stated size. */
function collectionName(u: Node): string {
  return u.text.replace(/\s+/g, ' ').slice(0, 60);
}

const LOOP_TYPES = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement', 'list_comprehension', 'generator_expression', 'dictionary_comprehension', 'set_comprehension']);

/** Loops between the call and its enclosing function, innermost first. */
export function enclosingLoops(call: Node): Node[] {
  const out: Node[] = [];
  for (let p = call.parent; p && !isFunction(p); p = p.parent) {
    if (!LOOP_TYPES.has(p.type)) continue;
    // `for chunk in agent.astream(…)`: the iterable is evaluated once, not once per pass.
    const iterable = (p.type === 'for_statement' || p.type === 'for_in_statement') && p.childForFieldName('right');
    if (iterable && call.startIndex >= iterable.startIndex && call.endIndex <= iterable.endIndex) continue;
    out.push(p);
  }
  return out;
}

function countOfIterable(iter: Node, ctx: ValueContext, defaults?: LoopDefaults, depth = 0): { count?: number; reason: string } {
  const u = unwrap(iter);
  // A size stated for this collection wins over what the code shows or the prior.
  const name = collectionName(u);
  for (const key of [`${ctx.path}#${name}`, name]) {
    const n = defaults?.sizes ? Object.prototype.hasOwnProperty.call(defaults.sizes, key) ? defaults.sizes[key] : undefined : undefined;
    if (typeof n === 'number') return { count: n, reason: `\`${name}\`: ${n} items (.costlens.json defaults.collectionSizes["${key}"])` };
  }
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
    if (name === 'enumerate' || name === 'zip' || name === 'reversed' || name === 'sorted' || name === 'tqdm' || name === 'list') return a.positional[0] ? countOfIterable(a.positional[0], ctx, defaults) : { reason: name };
    // `FILES.items()`: as many passes as the dict has entries.
    const callee = calleeOf(u);
    const method = callee && (callee.type === 'attribute' || callee.type === 'member_expression') ? field(callee, 'attribute') ?? field(callee, 'property') : undefined;
    const object = callee ? field(callee, 'object') : undefined;
    if (method && object && /^(items|keys|values)$/.test(method.text) && !a.positional.length) {
      const d = resolveValue(unwrap(object), ctx);
      if (d.kind === 'dict' && d.entries.size > 0) return { count: d.entries.size, reason: `${d.entries.size} entries in \`${object.text.slice(0, 30)}\`` };
    }
  }
  // `rows[:5]`, `calls[:config.max_units]`: at most that many passes, whatever `rows` holds.
  if (u.type === 'subscript') {
    const s = field(u, 'subscript');
    // Spaces dropped first: a pattern with `\s*` on both sides of `:` backtracks polynomially.
    const m = s?.type === 'slice' ? /^0?:(\d+)$/.exec(s.text.replace(/\s+/g, '')) : null;
    const parts = s?.type === 'slice' ? kids(s) : [];
    // `[:expr]`: the slice's only value follows its colon.
    const end = !m && parts.length === 1 && s!.text.trimStart().startsWith(':') ? single(resolveValue(parts[0], ctx)) : undefined;
    const n = m ? Number(m[1]) : end?.kind === 'number' && end.value >= 0 ? end.value : undefined;
    if (n !== undefined) {
      const inner = countOfIterable(field(u, 'value')!, ctx, defaults);
      return inner.count !== undefined && inner.count < n ? inner : { count: n, reason: `\`${u.text.slice(0, 60)}\`${m ? '' : ` (${n})`}` };
    }
  }
  // `allowed = calls[:n]` then a loop over `allowed`: the slice bounds it.
  if (u.type === 'identifier' && depth < 2) {
    const bound = ctx.scope.lookup(u.text, u);
    const v = bound.value && !bound.param ? unwrap(bound.value) : undefined;
    if (v?.type === 'subscript' && field(v, 'subscript')?.type === 'slice') {
      const r = countOfIterable(v, ctx, defaults, depth + 1);
      if (r.count !== undefined) return { count: r.count, reason: `\`${u.text.slice(0, 30)}\` = ${r.reason}` };
    }
  }
  const v = resolveValue(u, ctx);
  // An empty list or dict where it is made (`products = []`) is filled later: its size is unknown,
  // not 0 (a loop the code writes over nothing would not be written).
  if (v.kind === 'list' && v.items.length === 0) return { reason: `\`${u.text.slice(0, 30)}\` (empty where it is made, filled later)` };
  if (v.kind === 'dict' && v.entries.size === 0) return { reason: `\`${u.text.slice(0, 30)}\` (empty where it is made, filled later)` };
  if (v.kind === 'list') return { count: v.items.length, reason: `${v.items.length} items in \`${u.text.slice(0, 30)}\`` };
  if (v.kind === 'dict') return { count: v.entries.size, reason: `${v.entries.size} entries in \`${u.text.slice(0, 30)}\`` };
  // A dataset read at run time (`load_dataset(…)`, `pd.read_csv(path)`, `json.load(f)`, and what is
  // taken from one: `.to_list()`, a row filter): its size is the data's, which the code does not show.
  let from: Node | undefined = v.kind === 'call' ? unwrap(v.node ?? u) : undefined;
  for (let i = 0; from && i < 4 && from.type === 'call'; i++) {
    const callee = calleeOf(from);
    const loader = callee ? dotted(callee) ?? '' : '';
    if (DATASET_LOADERS.test(loader)) return { reason: `dataset \`${name.slice(0, 40)}\` (${loader}(…)) of unknown size` };
    const obj = callee?.type === 'attribute' || callee?.type === 'member_expression' ? callee.childForFieldName('object') : undefined;
    const ov = obj ? single(resolveValue(obj, ctx)) : undefined;
    from = ov?.kind === 'call' && ov.node ? unwrap(ov.node) : undefined;
  }
  return { reason: `collection \`${u.text.slice(0, 40)}\` of unknown size` };
}

/** The prior for a collection of unknown size, said with where to state the real one. */
function assumedSize(reason: string, iterable: Node | undefined, ctx: ValueContext, defaults: LoopDefaults): string {
  const key = iterable ? `${ctx.path}#${collectionName(unwrap(iterable))}` : undefined;
  return `${reason}: ${defaults.collection} assumed (costlens.defaults.collectionSize${key ? `; state its size in .costlens.json "defaults": {"collectionSizes": {"${key}": N}}` : ''}), up to ${defaults.collection * 3}`;
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

/** A counter bound hidden in the body: `if step >= MAX_STEPS: break` (and that `if`, which is the bound, not an early exit). */
function breakBound(body: Node | undefined, ctx: ValueContext): { count?: number; reason?: string; stmt?: Node } {
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
      if (v.kind === 'number') return { count: op === '>' ? v.value + 1 : v.value, reason: `\`${c.text.slice(0, 40)}\` breaks the loop`, stmt };
    }
  }
  return {};
}

/** Statements under `body` that leave the loop, not inside a nested function or loop: `break`, `return`, `raise`, `throw`. */
function exitsOf(body: Node | undefined, skip?: Node): { exits: boolean; retry: boolean } {
  let exits = false;
  let retry = false;
  const visit = (n: Node, inTry: boolean, conditional: boolean) => {
    for (const c of kids(n)) {
      if (isFunction(c) || LOOP_TYPES.has(c.type) || c.id === skip?.id) continue;
      if (c.type === 'break_statement' || c.type === 'return_statement' || c.type === 'raise_statement' || c.type === 'throw_statement') {
        // An exit on a condition, or the exit of a try block after its call succeeded.
        if (conditional || inTry) exits = true;
        if (inTry && c.type !== 'raise_statement' && c.type !== 'throw_statement') retry = true;
        continue;
      }
      if (c.type === 'try_statement') {
        const block = field(c, 'body') ?? kids(c).find((k) => k.type === 'block' || k.type === 'statement_block');
        for (const k of kids(c)) visit(k, k.id === block?.id ? true : inTry, conditional || k.id !== block?.id);
        continue;
      }
      const branching = c.type === 'if_statement' || c.type === 'elif_clause' || c.type === 'else_clause' || c.type === 'match_statement' || c.type === 'case_clause' || c.type === 'switch_statement' || c.type === 'switch_case' || c.type === 'conditional_expression';
      visit(c, inTry, conditional || branching);
    }
  };
  if (body) visit(body, false, false);
  // A loop that waits for the user each pass (a chat REPL) runs a task per message: its passes are
  // the user's, not the task's.
  if (!exits && body && USER_INPUT.test(body.text)) exits = true;
  return { exits, retry };
}

/** Reading a line from the user: Python's input(), Node's readline question(), prompts of CLI kits. */
const USER_INPUT = /(?<![\w.])input\(|\.question\(|\breadline\.|\bprompt_toolkit\b|\bPrompt\.ask\(|\bclick\.prompt\(|\bgetpass\(|\brun_in_executor\(\s*None\s*,\s*input\b/;

/** The loop's bound, before what its exits make of the expectation. */
function loopBound(loop: Node, ctx: ValueContext, defaults: LoopDefaults): Omit<LoopInfo, 'assumed' | 'exits' | 'retry' | 'expectedReason'> & { assumed?: number; boundStmt?: Node; guarded?: boolean } {
  if ((loop.type === 'for_statement' && field(loop, 'right')) || loop.type === 'for_in_statement') {
    const r = countOfIterable(field(loop, 'right')!, ctx, defaults);
    if (r.count !== undefined) return { node: loop, kind: 'for', count: r.count, cap: r.count, reason: r.reason, unbounded: false };
    return { node: loop, kind: 'for', assumed: defaults.collection, cap: defaults.collection * 3, reason: assumedSize(r.reason, field(loop, 'right'), ctx, defaults), unbounded: false };
  }
  if (loop.type === 'for_statement') {
    // JS for (let i = 0; i < N; i++)
    const cond = field(loop, 'condition');
    const r = cond ? counterBound(cond, ctx) : {};
    if (r.count !== undefined) return { node: loop, kind: 'for', count: r.count, cap: r.count, reason: r.reason!, unbounded: false };
    const b = breakBound(field(loop, 'body'), ctx);
    if (b.count !== undefined) return { node: loop, kind: 'for', count: b.count, cap: b.count, reason: b.reason!, unbounded: false, boundStmt: b.stmt };
    return { node: loop, kind: 'for', cap: defaults.unbounded, reason: `loop with no visible bound: up to ${defaults.unbounded} steps assumed`, unbounded: !cond || /^(true|1)?$/.test(cond.text.replace(/;/g, '').trim()) };
  }
  if (loop.type === 'while_statement' || loop.type === 'do_statement') {
    const cond = field(loop, 'condition');
    const body = field(loop, 'body');
    const r = cond ? counterBound(cond, ctx) : {};
    if (r.count !== undefined) return { node: loop, kind: 'while', count: r.count, cap: r.count, reason: r.reason!, unbounded: false };
    const b = breakBound(body, ctx);
    const literalTrue = !cond || /^\(?\s*(True|true|1)\s*\)?$/.test(cond.text.trim());
    // `while result.interruptions:` with `if rounds > 5: raise`: the loop ends on its condition,
    // and the counter is its guard — the worst case, not what a run makes.
    if (b.count !== undefined) return { node: loop, kind: 'while', count: b.count, cap: b.count, reason: b.reason!, unbounded: false, boundStmt: b.stmt, ...(literalTrue ? {} : { guarded: true }) };
    return {
      node: loop,
      kind: 'while',
      cap: defaults.unbounded,
      reason: literalTrue ? `\`while ${cond?.text ?? 'True'}\` with no counter: up to ${defaults.unbounded} steps assumed` : `\`while ${cond!.text.slice(0, 40)}\` with no visible bound: up to ${defaults.unbounded} steps assumed`,
      unbounded: literalTrue,
    };
  }
  // comprehensions: for_in_clause right side
  const clause = kids(loop).find((k) => k.type === 'for_in_clause');
  const right = clause ? field(clause, 'right') : undefined;
  const r = right ? countOfIterable(right, ctx, defaults) : { reason: 'comprehension' };
  if (r.count !== undefined) return { node: loop, kind: 'comprehension', count: r.count, cap: r.count, reason: r.reason, unbounded: false };
  return { node: loop, kind: 'comprehension', assumed: defaults.collection, cap: defaults.collection * 3, reason: assumedSize(r.reason, right, ctx, defaults), unbounded: false };
}

/**
 * A loop's bound (the worst case) and what a run is expected to make of it: every item of a known
 * collection; below the bound when the body leaves on a condition — a retry loop once, a loop that
 * ends on a condition (an approval, until done) the stated prior; a `while` whose condition is its
 * exit the same. The agent loop that resends a growing history is the caller's to refine (it knows).
 */
export function describeLoop(loop: Node, ctx: ValueContext, defaults: LoopDefaults): LoopInfo {
  const { boundStmt, guarded, ...bound } = loopBound(loop, ctx, defaults);
  const { exits, retry } = exitsOf(field(loop, 'body') ?? kids(loop).find((k) => k.type === 'block'), boundStmt);
  const withExit = defaults.loopWithExit ?? 1;
  const conditionExit = bound.kind === 'while' && ((bound.count === undefined && !bound.unbounded) || !!guarded);
  let assumed = bound.assumed ?? (bound.count ?? bound.cap);
  let expectedReason: string | undefined;
  if (retry) {
    assumed = 1;
    expectedReason = 'a retry loop: the first attempt is expected to succeed';
  } else if ((exits || conditionExit) && withExit < assumed) {
    assumed = withExit;
    expectedReason = `ends on a condition: ${withExit} pass${withExit === 1 ? '' : 'es'} expected (costlens.defaults.expected.loopWithExit)`;
  }
  return { ...bound, assumed: Math.min(assumed, bound.cap), ...(expectedReason ? { expectedReason } : {}), exits: exits || conditionExit, retry };
}

/** More calls per task than this is no estimate anyone can use (and squared by history growth, overflows): counts above it are capped, and say so. */
export const MAX_CALLS_PER_TASK = 1e9;

export function capMultiplier(m: Multiplier): Multiplier {
  if (m.max <= MAX_CALLS_PER_TASK) return m;
  const cap = (n: number) => Math.min(n, MAX_CALLS_PER_TASK);
  return { ...m, min: cap(m.min), expected: cap(m.expected), max: MAX_CALLS_PER_TASK, cap: MAX_CALLS_PER_TASK, reason: `${m.reason} (capped at ${MAX_CALLS_PER_TASK.toLocaleString('en-US')} calls per task)` };
}

/** Multiply the loops around a call: expectations by expectations, caps by caps (never an expectation by a cap). */
export function multiplierOf(loops: LoopInfo[]): Multiplier {
  if (!loops.length) return { min: 1, expected: 1, max: 1, cap: 1, reason: 'one call per task' };
  let expected = 1;
  let min = 1;
  let max = 1;
  for (const l of loops) {
    expected *= l.assumed;
    max *= l.cap;
    min *= l.exits || l.count === undefined ? 1 : l.count;
  }
  min = Math.min(min, expected);
  const unbounded = loops.some((l) => l.unbounded);
  const expectedReasons = loops.filter((l) => l.expectedReason).map((l) => l.expectedReason!);
  return { min, expected, max, cap: max, reason: loops.map((l) => l.reason).join(' × '), ...(expectedReasons.length ? { expectedReason: expectedReasons.join('; ') } : {}), ...(unbounded ? { unbounded } : {}) };
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

