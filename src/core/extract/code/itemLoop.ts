// The loop over items that runs a call once per item — a `for` over rows, files or records, a
// comprehension, `.map` over a list — and whether each pass stands on its own (its request does
// not read what an earlier pass's answer wrote). Independent passes can be sent as one batch job;
// a loop that feeds each answer into the next request (an agent, a refinement chain) cannot.
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ItemLoop } from '../../model';
import { argsOf, calleeOf, callName, field, isFunction, kids, memberChain, unwrap, walk } from './ast';
import type { LoopInfo } from './loops';

const ASSIGNMENTS = new Set(['assignment', 'augmented_assignment', 'named_expression', 'assignment_expression', 'augmented_assignment_expression', 'variable_declarator']);
/** Methods that change the collection they are called on: a later request that reads it reads what this pass added. */
const MUTATORS = new Set(['append', 'extend', 'insert', 'push', 'unshift', 'add', 'update', 'add_message', 'add_messages', 'add_user_message', 'add_ai_message']);
/** Methods and functions that call a function once per item of a collection. */
const MAPPERS = new Set(['map', 'flatMap', 'forEach', 'apply', 'applymap', 'progress_apply', 'progress_map', 'parallel_apply', 'imap', 'imap_unordered', 'starmap', 'map_async']);

/** The names an expression reads (not keyword-argument names, not attribute or property names). */
function namesRead(n: Node): Set<string> {
  const out = new Set<string>();
  walk(n, (x) => {
    if (x.type !== 'identifier') return;
    const p = x.parent;
    if (p?.type === 'keyword_argument' && field(p, 'name')?.id === x.id) return;
    if (p?.type === 'attribute' && field(p, 'attribute')?.id === x.id) return;
    out.add(x.text);
  });
  return out;
}

/** The names an assignment's target binds (`a`, `a, b`, `self.a` → a's root is not bound: skipped). */
function namesBound(target: Node): string[] {
  const t = unwrap(target);
  if (t.type === 'identifier') return [t.text];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'array_pattern', 'object_pattern', 'tuple', 'list'].includes(t.type)) return kids(t).flatMap(namesBound);
  if (t.type === 'shorthand_property_identifier_pattern') return [t.text];
  if (t.type === 'pair_pattern') return namesBound(field(t, 'value') ?? t);
  // `history[i] = …`, `state.text = …`: the object the target belongs to changes.
  if (t.type === 'subscript' || t.type === 'subscript_expression' || t.type === 'attribute' || t.type === 'member_expression') {
    const root = memberChain(t).root;
    return root.type === 'identifier' ? [root.text] : [];
  }
  return [];
}

/**
 * Whether a pass of `loop` reads what an earlier pass wrote: the names the call's arguments read
 * (and, through assignments earlier in the body, the names those were made from) are assigned
 * again at or after the call, or a collection among them is appended to after it.
 */
function carriedName(loop: Node, call: Node): string | undefined {
  const body = field(loop, 'body');
  const args = field(call, 'arguments');
  if (!body || !args) return undefined;
  const read = namesRead(args);
  const assigns: { names: string[]; rhs: Set<string>; start: number; end: number }[] = [];
  const mutations: { name: string; start: number }[] = [];
  walk(body, (n) => {
    // A function defined in the body runs when it is called, not in the pass.
    if (isFunction(n)) return false;
    if (ASSIGNMENTS.has(n.type)) {
      const left = field(n, 'left') ?? field(n, 'name');
      const right = field(n, 'right') ?? field(n, 'value');
      if (left) assigns.push({ names: namesBound(left), rhs: right ? namesRead(right) : new Set(), start: n.startIndex, end: n.endIndex });
    } else if ((n.type === 'call' || n.type === 'call_expression') && MUTATORS.has(callName(n) ?? '')) {
      const root = memberChain(calleeOf(n)!).root;
      if (root.type === 'identifier') mutations.push({ name: root.text, start: n.startIndex });
    }
  });
  // What the request is made of, back through the body's assignments before it.
  for (let round = 0; round < 3; round++) {
    for (const a of assigns) if (a.end <= call.startIndex && a.names.some((x) => read.has(x))) for (const r of a.rhs) read.add(r);
  }
  for (const a of assigns) if (a.end > call.startIndex) for (const x of a.names) if (read.has(x)) return x;
  for (const m of mutations) if (m.start >= call.endIndex && read.has(m.name)) return m.name;
  return undefined;
}

/** The iterable of a loop as written (`rows`, `range(100)`, `i < items.length`). */
function iterableOf(loop: Node): Node | undefined {
  if (loop.type === 'for_statement' || loop.type === 'for_in_statement') return field(loop, 'right') ?? field(loop, 'condition');
  const clause = kids(loop).find((k) => k.type === 'for_in_clause');
  return clause ? field(clause, 'right') : undefined;
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 37)}…` : s).replace(/\s+/g, ' ');

/** `items.map(x => …)`, `df.apply(lambda row: …)`, `map(fn, items)`, `pool.map(fn, items)` around the call, within its function. */
function mapperAround(call: Node, functionAround?: (n: Node) => Node | undefined): ItemLoop | undefined {
  let fn: Node | undefined;
  if (functionAround) fn = functionAround(call);
  else {
    for (let p = call.parent; p; p = p.parent) {
      if (isFunction(p)) {
        fn = p;
        break;
      }
    }
  }
  const list = fn?.parent;
  const mapper = list?.type === 'arguments' || list?.type === 'argument_list' ? list.parent : undefined;
  if (!fn || !mapper || (mapper.type !== 'call' && mapper.type !== 'call_expression')) return undefined;
  const name = callName(mapper) ?? '';
  if (!MAPPERS.has(name)) return undefined;
  const callee = unwrap(calleeOf(mapper)!);
  const a = argsOf(mapper);
  // `map(fn, items)` and `executor.map(fn, items)`: the items are the second argument.
  if (a.positional.length >= 2 && a.positional[0].id === fn.id) return { kind: 'map', over: clip(a.positional[1].text), line: mapper.startPosition.row + 1 };
  if (callee.type === 'identifier') return undefined;
  const object = field(callee, 'object');
  return object ? { kind: 'map', over: clip(object.text), line: mapper.startPosition.row + 1 } : undefined;
}

/** Parameters that hold one user's question or a graph run's state: a loop under them runs while someone waits. */
const QUERY_PARAMETER = /^(state|query|question|user_query|user_question|user_input|user_message|input_query|search_query|q)$/i;

/** The parameter of the function around `n` that says it answers a query (`grade_documents(state)`, `rank(self, query)`). */
function queryParameter(n: Node): string | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (!isFunction(p)) continue;
    const params = field(p, 'parameters');
    for (const param of params ? kids(params) : []) {
      const id = param.type === 'identifier' ? param : field(param, 'name') ?? field(param, 'pattern') ?? kids(param).find((k) => k.type === 'identifier');
      if (id && id.type === 'identifier' && QUERY_PARAMETER.test(id.text)) return id.text;
    }
    return undefined;
  }
  return undefined;
}

/**
 * The loop over items around a call (innermost, within its function; retry loops looked through),
 * or undefined when the call is in no such loop, or in a `while` (an agent or polling loop: each
 * pass waits on the one before). `minItems`: a loop the code bounds below this is no batch.
 * `functionAround`: the file's function index (Scope.functionAround), where the caller has one:
 * each `.parent` step walks down again from the root, slow in a module of thousands of functions.
 */
export function itemLoopOf(call: Node, loops: readonly LoopInfo[], minItems = 2, functionAround?: (n: Node) => Node | undefined): ItemLoop | undefined {
  const loop = loops.find((l) => !l.retry);
  if (!loop) {
    const mapped = mapperAround(call, functionAround);
    const query = mapped ? queryParameter(call.parent!) : undefined;
    return mapped && query ? { ...mapped, perQuery: query } : mapped;
  }
  if (loop.kind === 'while') return undefined;
  if (loop.count !== undefined && loop.count < minItems) return undefined;
  const iterable = iterableOf(loop.node);
  // `[e.embedding for e in client.embeddings.create(…).data]`: the call makes the collection, once.
  if (iterable && call.startIndex >= iterable.startIndex && call.endIndex <= iterable.endIndex) return undefined;
  const carried = loop.kind === 'for' ? carriedName(loop.node, call) : undefined;
  const query = queryParameter(loop.node);
  return { kind: loop.kind === 'comprehension' ? 'comprehension' : 'for', over: clip(iterable?.text ?? loop.reason), line: loop.node.startPosition.row + 1, ...(loop.count !== undefined ? { count: loop.count } : {}), ...(carried ? { carried } : {}), ...(query ? { perQuery: query } : {}) };
}
