// LangGraph graphs as tasks: a `StateGraph`'s nodes (`add_node(name, fn)`, `add_node(fn)`, a
// compiled subgraph added as a node) run as part of one run of the compiled graph
// (`graph = builder.compile()`), not as tasks of their own. A run of the graph is what a user
// triggers: the graphs `langgraph.json` deploys are entry points; so is the code that runs the graph
// (`graph.invoke / ainvoke / stream / astream`), and a graph added as a node (or run from a node) of
// another graph is part of that graph's run.
//
// A node on a loop (a conditional edge or a `Command(goto=…)` back to an earlier node, a tool node
// and the model node that calls it) runs more than once a run: its expected passes are the project's
// priors (an agent loop: 1 + the tool rounds; a loop that ends on a condition: its passes), its worst
// case the loop's bound — an iteration cap the loop's nodes compare with (`max_researcher_iterations`),
// else `recursion_limit`, which counts super-steps (one node of a sequential graph each), so a loop
// of k nodes makes at most ⌊limit / k⌋ passes. A subgraph counts its own super-steps.
import type { Node } from '@vscode/tree-sitter-wasm';
import { argsOf, calleeOf, callName, field, isCall, kids, memberChain, stringValue, unwrap, walk } from './ast';
import { sdkDefault } from './frameworks/defaults';
import type { LoopDefaults } from './loops';
import { describeLoop } from './loops';
import { callableOf, resolveValue, single, stringOptions, ValueContext } from './values';

export interface Times {
  expected: number;
  max: number;
  /** Why more than once (empty when once). */
  reason?: string;
}

/** A `StateGraph(…)` builder: its nodes and edges, read from the calls on its name. */
export interface GraphBuilder {
  /** The builder's variable (`builder`, `workflow`). */
  name: string;
  path: string;
  ctx: ValueContext;
  /** The `StateGraph(…)` call. */
  decl: Node;
  /** Node name → what the node runs (a function's name, a compiled graph, a `ToolNode(…)`). */
  nodes: Map<string, Node>;
  edges: Map<string, Set<string>>;
  /** Conditional edges' routers, by source node. */
  routers: Map<string, Node[]>;
  /** Nodes a `Send` fans out to (the comprehension that makes the `Send`s): each item runs the node once. */
  fanOut: Map<string, { loop: Node; ctx: ValueContext }>;
}

/** A compiled graph with a name: `graph = builder.compile()`. */
export interface CompiledGraph {
  /** The task key the graph's task has: `path#name@line`. */
  key: string;
  name: string;
  path: string;
  line: number;
  ctx: ValueContext;
  builder: GraphBuilder;
  /** The assignment's target. */
  target: Node;
}

const START = '__start__';
const END = '__end__';
const RUN_METHODS = new Set(['invoke', 'ainvoke', 'stream', 'astream', 'astream_events', 'batch', 'abatch', 'stream_events']);
const GRAPH_CLASSES = /^(StateGraph|MessageGraph)$/;
/** A cap a loop's nodes compare a counter with: `max_researcher_iterations`, `MAX_STEPS`, `max_revisions`. */
/** A default recursion_limit above this bounds nothing a run would reach (LangGraph ≥ 1.0.6: 10,000). */
const EFFECTIVELY_UNBOUNDED = 1000;
const CAP_NAME = /^max_?\w*(iter|step|turn|round|loop|revision|cycle|call|attempt|retr|hop|pass|depth|reflection|search|quer|tool)/i;

const builders = new WeakMap<object, Map<string, GraphBuilder | null>>();

/** The calls a graph is read from, by name, per file (one pass over the file's calls; most files have none). */
const GRAPH_METHODS = new Set(['add_node', 'add_sequence', 'add_edge', 'add_conditional_edges', 'set_entry_point', 'set_finish_point', 'set_conditional_entry_point', 'compile', ...RUN_METHODS]);
const callIndex = new WeakMap<object, Map<string, Node[]>>();
function callsOf(ctx: ValueContext, ...names: string[]): Node[] {
  let index = callIndex.get(ctx.scope);
  if (!index) {
    index = new Map();
    for (const call of ctx.scope.calls) {
      const name = callName(call);
      if (!name || !GRAPH_METHODS.has(name)) continue;
      const list = index.get(name);
      if (list) list.push(call);
      else index.set(name, [call]);
    }
    callIndex.set(ctx.scope, index);
  }
  if (names.length === 1) return index.get(names[0]) ?? [];
  return names.flatMap((n) => index!.get(n) ?? []).sort((a, b) => a.startIndex - b.startIndex);
}

/** Whether another file may import the graph's module (`from agent.graph import graph`, `import deep_researcher`): read before it is parsed. */
function mayImport(file: string, g: { path: string }, program: NonNullable<ValueContext['program']>): boolean {
  if (/\.ipynb$/i.test(g.path)) return false;
  const base = g.path.split('/').pop()!.replace(/\.[^.]+$/, '');
  const text = program.read(file);
  return !!text && new RegExp(`\\b(from|import)\\s+[\\w.]*\\b${base.replace(/[^\w]/g, '')}\\b`).test(text);
}

/** The callee's last name: `builder.add_node` → add_node. */
function lastName(call: Node): string | undefined {
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const u = unwrap(callee);
  if (u.type === 'identifier') return u.text;
  const c = memberChain(u);
  return c.members[c.members.length - 1];
}

/** The identifier a method is called on: `builder.add_node(…)` → builder. */
function receiverName(call: Node): string | undefined {
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const u = unwrap(callee);
  if (u.type !== 'attribute') return undefined;
  const obj = field(u, 'object');
  return obj && obj.type === 'identifier' ? obj.text : undefined;
}

/** A node name written in the code: a string, or `START` / `END`. */
function nodeNames(n: Node | undefined, ctx: ValueContext): string[] {
  if (!n) return [];
  const u = unwrap(n);
  if (u.type === 'identifier' && (u.text === 'START' || u.text === 'END')) return [u.text === 'START' ? START : END];
  if (u.type === 'list' || u.type === 'tuple') return kids(u).filter((k) => k.isNamed && k.type !== 'comment').flatMap((k) => nodeNames(k, ctx));
  const s = stringValue(u);
  if (s !== undefined) return [s];
  if (u.type === 'identifier') return stringOptions(resolveValue(u, ctx)).map((o) => o.value);
  return [];
}

/** The `StateGraph(…)` a builder's name is bound to, where it is used. */
function builderAt(call: Node, ctx: ValueContext): GraphBuilder | undefined {
  const name = receiverName(call);
  if (!name) return undefined;
  const found = ctx.scope.lookup(name, call);
  if (!found.value) return undefined;
  const decl = unwrap(found.value);
  if (!isCall(decl) || !GRAPH_CLASSES.test(lastName(decl) ?? '')) return undefined;
  return builderOf(name, decl, ctx);
}

/** A builder's nodes and edges (once per file and builder). */
function builderOf(name: string, decl: Node, ctx: ValueContext): GraphBuilder {
  let perScope = builders.get(ctx.scope);
  if (!perScope) builders.set(ctx.scope, (perScope = new Map()));
  const id = `${name}@${decl.startIndex}`;
  const known = perScope.get(id);
  if (known) return known;
  const b: GraphBuilder = { name, path: ctx.path, ctx, decl, nodes: new Map(), edges: new Map(), routers: new Map(), fanOut: new Map() };
  perScope.set(id, b);
  const edge = (from: string, to: string) => {
    const set = b.edges.get(from) ?? new Set<string>();
    set.add(to);
    b.edges.set(from, set);
  };
  const mine = (call: Node) => {
    const recv = receiverName(call);
    if (recv !== name) return false;
    const v = ctx.scope.lookup(name, call).value;
    return !!v && unwrap(v).startIndex === decl.startIndex;
  };
  const routerTargets: { from: string; router: Node }[] = [];
  for (const call of callsOf(ctx, 'add_node', 'add_sequence', 'add_edge', 'add_conditional_edges', 'set_entry_point', 'set_finish_point', 'set_conditional_entry_point')) {
    const method = lastName(call);
    if (!method || !mine(call)) continue;
    const a = argsOf(call);
    if (method === 'add_node') {
      const first = a.positional[0] ?? a.named.get('node');
      const second = a.positional[1] ?? a.named.get('action');
      const named = first ? stringValue(unwrap(first)) : undefined;
      if (named !== undefined && second) b.nodes.set(named, second);
      else if (first && unwrap(first).type === 'identifier') b.nodes.set(unwrap(first).text, first);
    } else if (method === 'add_edge') {
      for (const from of nodeNames(a.positional[0] ?? a.named.get('start_key'), ctx)) for (const to of nodeNames(a.positional[1] ?? a.named.get('end_key'), ctx)) edge(from, to);
    } else if (method === 'set_entry_point') {
      for (const to of nodeNames(a.positional[0], ctx)) edge(START, to);
    } else if (method === 'set_finish_point') {
      for (const from of nodeNames(a.positional[0], ctx)) edge(from, END);
    } else if (method === 'add_sequence') {
      const list = a.positional[0] ? unwrap(a.positional[0]) : undefined;
      const items = list && (list.type === 'list' || list.type === 'tuple') ? kids(list).filter((k) => k.isNamed && k.type !== 'comment') : [];
      let prev: string | undefined;
      for (const item of items) {
        const u = unwrap(item);
        const pair = u.type === 'tuple' ? kids(u).filter((k) => k.isNamed) : undefined;
        const nodeName = pair ? stringValue(unwrap(pair[0])) : u.type === 'identifier' ? u.text : undefined;
        if (!nodeName) continue;
        b.nodes.set(nodeName, pair ? pair[1] : u);
        if (prev) edge(prev, nodeName);
        prev = nodeName;
      }
    } else if (method === 'add_conditional_edges' || method === 'set_conditional_entry_point') {
      const entry = method === 'set_conditional_entry_point';
      const from = entry ? [START] : nodeNames(a.positional[0] ?? a.named.get('source'), ctx);
      const router = entry ? a.positional[0] ?? a.named.get('path') : a.positional[1] ?? a.named.get('path');
      const map = entry ? a.positional[1] ?? a.named.get('path_map') : a.positional[2] ?? a.named.get('path_map');
      const mapped = map ? unwrap(map) : undefined;
      for (const f of from) {
        if (router) b.routers.set(f, [...(b.routers.get(f) ?? []), router]);
        if (mapped?.type === 'dictionary') {
          for (const pair of kids(mapped).filter((k) => k.type === 'pair')) for (const to of nodeNames(field(pair, 'value'), ctx)) edge(f, to);
        } else if (mapped) for (const to of nodeNames(mapped, ctx)) edge(f, to);
        else if (router) routerTargets.push({ from: f, router });
      }
    }
  }
  // Without a path map, where a router can go: its `Literal[…]` return type, the names it returns, `Send`s.
  for (const { from, router } of routerTargets) {
    const u = unwrap(router);
    if (u.type === 'identifier' && u.text === 'tools_condition') {
      edge(from, 'tools');
      edge(from, END);
      continue;
    }
    const fn = functionOf(router, ctx);
    if (fn) for (const to of goesTo(fn.node, fn.ctx, b)) edge(from, to);
  }
  // A node's own `Command(goto=…)` and `Command[Literal[…]]`.
  for (const [nodeName, target] of b.nodes) {
    const fn = functionOf(target, ctx);
    if (fn) for (const to of goesTo(fn.node, fn.ctx, b)) edge(nodeName, to);
  }
  return b;
}

/** The function a node or router names (`researcher`, an imported function). */
function functionOf(n: Node, ctx: ValueContext): { node: Node; ctx: ValueContext } | undefined {
  const u = unwrap(n);
  if (u.type === 'lambda') return { node: u, ctx };
  if (u.type !== 'identifier' && u.type !== 'attribute') return undefined;
  const c = callableOf(u, ctx);
  return c?.kind === 'function' ? { node: c.node, ctx: c.ctx } : undefined;
}

/**
 * Where a node or router sends the run: the `Literal[…]` of its return type (`Command[Literal["a",
 * "__end__"]]`), `Command(goto=…)`, the names it returns, and `Send("node", …)` (a fan-out: the
 * node runs once per item, as the loop that makes the `Send`s passes).
 */
function goesTo(fn: Node, ctx: ValueContext, b: GraphBuilder): string[] {
  const out = new Set<string>();
  const ret = field(fn, 'return_type');
  if (ret) walk(ret, (k) => {
    if (k.type === 'subscript' && /(^|\.)Literal$/.test(field(k, 'value')?.text ?? '')) {
      for (const s of kids(k).slice(1)) for (const name of nodeNames(s, ctx)) out.add(name);
      return false;
    }
  });
  const body = field(fn, 'body');
  if (body) {
    walk(body, (k) => {
      if (k.type === 'function_definition' || k.type === 'lambda') return false;
      if (k.type === 'call') {
        const name = lastName(k);
        const a = argsOf(k);
        if (name === 'Command') for (const to of nodeNames(a.named.get('goto'), ctx)) out.add(to);
        else if (name === 'Send') {
          const to = nodeNames(a.positional[0] ?? a.named.get('node'), ctx)[0];
          if (to) {
            out.add(to);
            // `[Send("write", s) for s in sections]`: once per item.
            const loop = k.parent?.type === 'list_comprehension' || k.parent?.type === 'generator_expression' ? k.parent : undefined;
            if (loop && !b.fanOut.has(to)) b.fanOut.set(to, { loop, ctx });
          }
        }
      } else if (k.type === 'return_statement' && fn.type !== 'lambda') {
        for (const e of kids(k)) for (const to of nodeNames(e, ctx)) out.add(to);
      }
    });
    if (fn.type === 'lambda') for (const to of nodeNames(body, ctx)) out.add(to);
  }
  return [...out];
}

/** The loops of a graph: its strongly connected nodes (Tarjan), each set with more than one node or an edge to itself. */
function loopsOf(b: GraphBuilder): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  let i = 0;
  const visit = (v: string) => {
    index.set(v, i);
    low.set(v, i++);
    stack.push(v);
    on.add(v);
    for (const w of b.edges.get(v) ?? []) {
      if (!b.nodes.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || b.edges.get(v)?.has(v)) out.push(scc.reverse());
    }
  };
  for (const v of b.nodes.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** Whether a node runs a `ToolNode`, or a function that reads tool calls without calling a model with tools bound. */
function isToolSide(b: GraphBuilder, node: string): boolean {
  const t = b.nodes.get(node);
  if (!t) return false;
  const u = unwrap(t);
  if (isCall(u) && /ToolNode$/.test(lastName(u) ?? '')) return true;
  if (node === 'tools' && [...b.routers.values()].flat().some((r) => unwrap(r).text === 'tools_condition')) return true;
  const fn = functionOf(t, b.ctx);
  return !!fn && /\.tool_calls\b|\["tool_calls"\]/.test(fn.node.text) && !/\.bind_tools\(/.test(fn.node.text);
}

/** The cap a loop's nodes (and their routers) compare a counter with, when the code gives its value. */
function capOf(b: GraphBuilder, loop: string[]): { value: number; name: string; node: string } | undefined {
  let best: { value: number; name: string; node: string } | undefined;
  for (const node of loop) {
    const fns = [b.nodes.get(node), ...(b.routers.get(node) ?? [])].filter((n): n is Node => !!n).map((n) => functionOf(n, b.ctx)).filter((f): f is { node: Node; ctx: ValueContext } => !!f);
    for (const fn of fns) {
      walk(fn.node, (k) => {
        if (k.type !== 'comparison_operator') return;
        for (const side of kids(k).filter((x) => x.isNamed)) {
          const u = unwrap(side);
          const name = u.type === 'identifier' ? u.text : u.type === 'attribute' ? memberChain(u).members.at(-1) : u.type === 'subscript' ? stringValue(unwrap(field(u, 'subscript') ?? u)) : undefined;
          if (!name || !CAP_NAME.test(name)) continue;
          const v = single(resolveValue(side, fn.ctx));
          if (v.kind !== 'number' || v.value < 1) continue;
          if (!best || v.value < best.value) best = { value: v.value, name, node };
        }
      });
    }
  }
  return best;
}

const timesCache = new WeakMap<GraphBuilder, Map<string, Times>>();

/**
 * How many times one run of a graph runs a node: once on the path; on a loop, the loop's expected
 * passes (the worst case its bound); a `Send` fan-out's items.
 */
export function nodeTimes(b: GraphBuilder, node: string, defaults?: LoopDefaults): Times {
  let cache = timesCache.get(b);
  if (!cache) {
    cache = new Map();
    timesCache.set(b, cache);
    const toolRounds = defaults?.toolRounds ?? 2;
    const withExit = defaults?.loopWithExit ?? 1;
    for (const loop of loopsOf(b)) {
      const agent = loop.some((n) => isToolSide(b, n));
      const path = [...loop, loop[0]].join(' → ');
      const cap = capOf(b, loop);
      let max: number;
      let bound: string;
      if (cap) {
        max = cap.value;
        bound = `up to ${cap.value} passes (\`${cap.name}\` = ${cap.value}, compared in ${cap.node})`;
      } else {
        const d = sdkDefault('langgraph', 'maxTurns', b.ctx, 'LangGraph default recursion_limit', 'python');
        const limit = typeof d?.value === 'number' ? d.value : 25;
        const passes = Math.max(1, Math.floor(limit / loop.length));
        if (limit > EFFECTIVELY_UNBOUNDED) {
          // LangGraph 1.0.6 raised the default to 10,000 super-steps: no practical bound, so the worst
          // case is the one assumed for a loop with none, and says so.
          max = Math.min(passes, defaults?.unbounded ?? 10);
          bound = `no iteration cap in the code and recursion_limit ${limit.toLocaleString('en-US')} super-steps (${d?.reason ?? 'the LangGraph default'}): unbounded in practice; the worst case assumes ${max} passes (costlens.defaults.unboundedSteps)`;
        } else {
          max = passes;
          bound = `up to ${max} passes (recursion_limit ${limit} super-steps, ${loop.length} a pass: ${d?.reason ?? 'the LangGraph default'})`;
        }
      }
      for (const n of loop) {
        // An agent loop: the model's node answers after 1 + the tool rounds, the tools' node runs the rounds.
        const passes = agent ? (isToolSide(b, n) ? toolRounds : 1 + toolRounds) : withExit;
        const expected = Math.max(1, Math.min(max, passes));
        const why = agent ? `an agent loop that ends when the model stops calling tools: ${isToolSide(b, n) ? `${toolRounds} tool rounds` : `1 + ${toolRounds} tool rounds`} expected (costlens.defaults.expected.toolRounds)` : `a loop that ends on a condition: ${withExit} pass${withExit === 1 ? '' : 'es'} expected (costlens.defaults.expected.loopWithExit)`;
        cache.set(n, { expected, max, reason: `the graph loop ${path}: ${why}; ${bound}` });
      }
    }
    for (const [n, f] of b.fanOut) {
      const t = cache.get(n) ?? { expected: 1, max: 1 };
      const info = describeLoop(f.loop, f.ctx, defaults ?? { collection: 5, unbounded: 10 });
      const why = `a Send to ${n} per item of ${info.expectedReason ?? info.reason}`;
      cache.set(n, { expected: t.expected * info.assumed, max: t.max * info.cap, reason: [t.reason, why].filter(Boolean).join('; ') });
    }
  }
  return cache.get(node) ?? { expected: 1, max: 1 };
}

/** Where a function (or a compiled graph's name) is added to a graph as a node: the builder and the node's name. */
export function nodeRegistrations(target: { fn?: Node; fnPath?: string; graph?: CompiledGraph }, name: string, ctx: ValueContext): { builder: GraphBuilder; node: string }[] {
  const out: { builder: GraphBuilder; node: string }[] = [];
  const program = ctx.program;
  // Only files that build graphs (most name no `add_node`), before any is parsed.
  const building = program ? new Set([...program.filesMentioning('add_node'), ...program.filesMentioning('add_sequence')]) : new Set<string>();
  const others = !program ? [] : (target.graph ? program.filesMentioning(name).filter((f) => building.has(f) && mayImport(f, target.graph!, program)) : program.filesCalling(name).filter((f) => building.has(f)));
  const files = [ctx.path, ...others.filter((f) => f !== ctx.path)];
  for (const file of files) {
    const fctx = file === ctx.path ? ctx : program?.module(file)?.ctx;
    if (!fctx) continue;
    for (const call of callsOf(fctx, 'add_node', 'add_sequence')) {
      const b = builderAt(call, fctx);
      if (!b) continue;
      for (const [node, t] of b.nodes) if (!out.some((o) => o.builder === b && o.node === node) && names(t, target, name, fctx)) out.push({ builder: b, node });
    }
  }
  return out;
}

/** Whether a node's target is the function (or the compiled graph) looked for. */
function names(t: Node, target: { fn?: Node; fnPath?: string; graph?: CompiledGraph }, name: string, ctx: ValueContext): boolean {
  const u = unwrap(t);
  if (u.type !== 'identifier' || u.text !== name) return false;
  if (target.graph) return isGraph(u, target.graph, ctx);
  const fn = target.fn!;
  const c = callableOf(u, ctx);
  // The same definition, whichever parse of its file the node comes from.
  return !!c && c.node.startIndex === fn.startIndex && c.node.endIndex === fn.endIndex && (c.node.tree === fn.tree || (ctx.program?.pathOf(c.node) ?? c.ctx.path) === target.fnPath);
}

/** Whether an identifier names the compiled graph (in its file, or imported from it). */
function isGraph(id: Node, g: CompiledGraph, ctx: ValueContext): boolean {
  const found = ctx.scope.lookup(id.text, id);
  if (ctx.path === g.path) return !!found.value && unwrap(found.value).startIndex === unwrap(field(g.target.parent!, 'right')!).startIndex;
  if (!found.imported || !ctx.program) return false;
  const exp = ctx.program.exportOf(ctx.path, found.imported.module, found.imported.name);
  return exp?.kind === 'value' && exp.ctx.path === g.path && unwrap(exp.node).startIndex === unwrap(field(g.target.parent!, 'right')!).startIndex;
}

/**
 * Where a builder's graph is compiled: to a name (`graph = builder.compile()`), or in place as
 * another graph's node (`parent.add_node("section", builder.compile())`).
 */
export function compiledFrom(b: GraphBuilder): { graphs: CompiledGraph[]; asNode: { builder: GraphBuilder; node: string }[] } {
  const graphs: CompiledGraph[] = [];
  const asNode: { builder: GraphBuilder; node: string }[] = [];
  const ctx = b.ctx;
  for (const call of callsOf(ctx, 'compile')) {
    if (receiverName(call) !== b.name) continue;
    const v = ctx.scope.lookup(b.name, call).value;
    if (!v || unwrap(v).startIndex !== b.decl.startIndex) continue;
    let up: Node = call;
    while (up.parent && (up.parent.type === 'parenthesized_expression' || up.parent.type === 'await')) up = up.parent;
    const p = up.parent;
    if (p?.type === 'assignment' && field(p, 'left')?.type === 'identifier') {
      const target = field(p, 'left')!;
      const line = p.startPosition.row + 1;
      graphs.push({ key: `${ctx.path}#${target.text}@${line}`, name: target.text, path: ctx.path, line, ctx, builder: b, target });
    } else if (p?.type === 'argument_list' && p.parent && lastName(p.parent) === 'add_node') {
      const parent = builderAt(p.parent, ctx);
      if (!parent) continue;
      for (const [node, t] of parent.nodes) if (t.startIndex === up.startIndex || unwrap(t).startIndex === call.startIndex) asNode.push({ builder: parent, node });
    }
  }
  return { graphs, asNode };
}

/** What a langgraph.json can deploy: a module-level name of a file (a compiled graph, an agent). */
type Deployable = Pick<CompiledGraph, 'name' | 'path' | 'ctx'>;

/** Each `langgraph.json` with a `graphs` object in a graph's folder or a folder above it, nearest first. */
function* deployments(g: Deployable): Generator<{ dir: string; file: string; graphs: Record<string, unknown> }> {
  const program = g.ctx.program;
  if (!program) return;
  const parts = g.path.split('/');
  // The graph's folder and each folder above it, up to the workspace's root.
  for (let i = parts.length - 1; i >= 0; i--) {
    const dir = parts.slice(0, i).join('/');
    const file = dir ? `${dir}/langgraph.json` : 'langgraph.json';
    const text = program.read(file);
    if (text === undefined) continue;
    let config: unknown;
    try {
      config = JSON.parse(text);
    } catch {
      continue; // not JSON: no deployment read from it
    }
    const graphs = config && typeof config === 'object' ? (config as { graphs?: unknown }).graphs : undefined;
    if (graphs && typeof graphs === 'object') yield { dir, file, graphs: graphs as Record<string, unknown> };
  }
}

/** The name `langgraph.json` deploys a compiled graph under (`"graphs": {"agent": "./src/agent/graph.py:graph"}`), if it does. */
export function deployedAs(g: Deployable): { name: string; file: string } | undefined {
  for (const { dir, file, graphs } of deployments(g)) {
    for (const [name, spec] of Object.entries(graphs)) {
      const where = typeof spec === 'string' ? spec : spec && typeof spec === 'object' && typeof (spec as { path?: unknown }).path === 'string' ? (spec as { path: string }).path : undefined;
      if (!where) continue;
      const colon = where.lastIndexOf(':');
      if (colon < 0 || where.slice(colon + 1) !== g.name) continue;
      const rel = normalise(dir, where.slice(0, colon));
      if (rel === g.path) return { name, file };
    }
  }
  return undefined;
}

/**
 * The nearest `langgraph.json` above a graph's file that deploys graphs, and their names: a graph it
 * does not list is not deployed there (an older version kept in the repository, a graph for tests).
 */
export function deploymentOf(g: CompiledGraph): { file: string; names: string[] } | undefined {
  for (const { file, graphs } of deployments(g)) if (Object.keys(graphs).length) return { file, names: Object.keys(graphs) };
  return undefined;
}

/** `./src/agent.py` relative to `dir` → a workspace-relative path. */
function normalise(dir: string, p: string): string {
  const out = dir ? dir.split('/') : [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/** The calls that run a compiled graph: `graph.invoke(…)`, `await graph.ainvoke(…)`, `graph.astream(…)`, in its file and the files that import it. */
export function graphRuns(g: CompiledGraph): { call: Node; ctx: ValueContext }[] {
  const out: { call: Node; ctx: ValueContext }[] = [];
  const program = g.ctx.program;
  const files = [g.path, ...(program ? program.filesMentioning(g.name).filter((f) => f !== g.path && mayImport(f, g, program)) : [])];
  for (const file of files) {
    const ctx = file === g.path ? g.ctx : program?.module(file)?.ctx;
    if (!ctx) continue;
    for (const call of callsOf(ctx, ...RUN_METHODS)) {
      const callee = calleeOf(call);
      const u = callee ? unwrap(callee) : undefined;
      if (!u || u.type !== 'attribute') continue;
      const c = memberChain(u);
      if (c.members.length !== 1 || !RUN_METHODS.has(c.members[0]) || c.root.type !== 'identifier' || c.root.text !== g.name) continue;
      if (isGraph(c.root, g, ctx)) out.push({ call, ctx });
    }
  }
  return out;
}
