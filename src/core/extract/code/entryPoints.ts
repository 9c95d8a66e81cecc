// What a user or a schedule triggers: HTTP handlers (FastAPI/Flask routes, Next.js route handlers
// and API routes, Express/Hono/Fastify registrations), command-line mains (`if __name__ ==
// "__main__":`, click/typer commands), queue consumers and scheduled jobs (Celery tasks, cron
// decorators), serverless handlers. A call in a helper belongs to the entry points that reach it
// (through the workspace's callers, a few levels up): one trigger runs them all.
import type { Node } from '@vscode/tree-sitter-wasm';
import type { EntryKindName, ItemLoop } from '../../model';
import { calleeOf, decoratorsOf, field, functionName, kids, memberChain, unwrap } from './ast';
import { itemLoopOf } from './itemLoop';
import { describeLoop, enclosingLoops, LoopDefaults, multiplierOf } from './loops';
import { compiledFrom, CompiledGraph, deployedAs, deploymentOf, GraphBuilder, graphRuns, nodeRegistrations, nodeTimes } from './graphs';
import { callersOf, ValueContext } from './values';

export interface EntryKind {
  kind: EntryKindName;
  /** How it was recognised: `@app.post("/chat")`, `export async function POST in a route file`. */
  label: string;
}

export interface EntryRef extends EntryKind {
  /** The task key an entry point's task has: `path#name@line`. */
  key: string;
  name: string;
  path: string;
  line: number;
  /**
   * The times one run of the entry point runs the task's function: each call on the way, × the
   * loops around it (`for q in questions: answer(q)`); absent when once.
   */
  times?: { expected: number; max: number; reason: string; itemLoop?: ItemLoop };
  /** A compiled graph nothing in the workspace runs or deploys (its own task). */
  untriggered?: boolean;
  /** Such a graph where the workspace's langgraph.json deploys others: why it is not counted in a month. */
  undeployed?: string;
}

const ROUTE_DECORATORS = new Set(['get', 'post', 'put', 'patch', 'delete', 'route', 'websocket', 'api_route', 'head', 'options']);
const JOB_DECORATORS = new Set(['task', 'shared_task', 'periodic_task', 'scheduled_job', 'job', 'cron', 'schedule', 'function', 'consumer', 'subscribe', 'on_message', 'agent']);
const CLI_DECORATORS = new Set(['command', 'group', 'callback']);
// Chainlit's hooks run while a user waits in the chat: a message, the chat opening or resuming, a
// button, recorded audio, changed settings (docs.chainlit.io, API reference: lifecycle hooks).
const CHAINLIT_HOOKS = new Set(['on_message', 'on_chat_start', 'on_chat_resume', 'action_callback', 'on_audio_start', 'on_audio_chunk', 'on_audio_end', 'on_settings_update', 'on_window_message', 'on_mcp_connect']);
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const REGISTRARS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'use', 'route', 'on', 'handle']);

/** The name a decorator or registration call ends in: `app.post` → post, `shared_task` → shared_task. */
function lastName(n: Node): string {
  const u = unwrap(n.type === 'call' || n.type === 'call_expression' ? calleeOf(n) ?? n : n);
  const c = memberChain(u);
  return c.members.length ? c.members[c.members.length - 1] : u.text;
}

/** Functions a file hands to a CLI runner (`typer.run(main)`, `fire.Fire(main)`), by name, per parse. */
const runnerTargets = new WeakMap<object, Map<string, string>>();

function cliRunnerTargets(fn: Node): Map<string, string> {
  const root = fn.tree.rootNode;
  let found = runnerTargets.get(root.tree);
  if (!found) {
    found = new Map();
    for (const m of root.text.matchAll(/\b(typer\.run|fire\.Fire)\(\s*([A-Za-z_]\w*)\s*[,)]/g)) found.set(m[2], `${m[1]}(${m[2]})`);
    runnerTargets.set(root.tree, found);
  }
  return found;
}

/** Whether a file imports chainlit, per parse. */
const chainlitFiles = new WeakMap<object, boolean>();

function importsChainlit(fn: Node): boolean {
  const root = fn.tree.rootNode;
  let found = chainlitFiles.get(root.tree);
  if (found === undefined) chainlitFiles.set(root.tree, (found = /^[ \t]*(import chainlit\b|from chainlit\b)/m.test(root.text)));
  return found;
}

/** Whether a function is itself an entry point, and which kind. */
export function entryKindOf(fn: Node, path: string): EntryKind | undefined {
  for (const d of decoratorsOf(fn)) {
    const expr = kids(d)[0];
    if (!expr) continue;
    const name = lastName(expr);
    const text = d.text.replace(/\s+/g, ' ').slice(0, 60);
    if (CHAINLIT_HOOKS.has(name) && importsChainlit(fn)) return { kind: 'handler', label: text };
    if (ROUTE_DECORATORS.has(name) && expr.text.includes('.')) return { kind: 'route', label: text };
    if (JOB_DECORATORS.has(name)) return { kind: 'job', label: text };
    if (CLI_DECORATORS.has(name) && expr.text.includes('.')) return { kind: 'cli', label: text };
  }
  const name = functionName(fn);
  // A command-line program's command: the function typer or python-fire runs.
  const runner = name && fn.type === 'function_definition' ? cliRunnerTargets(fn).get(name) : undefined;
  if (runner) return { kind: 'cli', label: runner };
  const lower = path.toLowerCase();
  // Next.js app router: `export async function POST(req)` in app/**/route.ts.
  if (name && HTTP_METHODS.has(name) && /(^|\/)route\.[cm]?[jt]sx?$/.test(lower)) return { kind: 'route', label: `${name} in a route file` };
  // Next.js pages API and serverless handlers: the default export of pages/api/**, `handler(event, context)`.
  if (/(^|\/)pages\/api\//.test(lower) && fn.parent?.type === 'export_statement' && fn.parent.text.startsWith('export default')) return { kind: 'route', label: 'default export of a pages/api route' };
  if (name && /^(lambda_handler|handler)$/.test(name) && /\(\s*event\s*,\s*context\s*\)/.test(field(fn, 'parameters')?.text ?? '')) return { kind: 'handler', label: `${name}(event, context)` };
  // Express/Hono/Fastify: an inline handler registered as `app.post('/x', async (req, res) => …)`.
  const args = fn.parent?.type === 'arguments' ? fn.parent : undefined;
  const reg = args?.parent;
  if (reg && (reg.type === 'call_expression' || reg.type === 'call') && REGISTRARS.has(lastName(reg)) && kids(args!).some((a) => a.type === 'string' || a.type === 'template_string')) return { kind: 'route', label: reg.text.replace(/\s+/g, ' ').slice(0, 40) };
  return undefined;
}

/** `if __name__ == "__main__":` around a node: the script's own entry point. */
function mainGuard(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'if_statement' && /__name__\s*==\s*["']__main__["']/.test(field(p, 'condition')?.text ?? '')) return p;
  }
  return undefined;
}

/** The outermost function around a node (its task's function), or undefined at module level. */
function outermostFunction(n: Node): Node | undefined {
  let top: Node | undefined;
  for (let p = n.parent; p; p = p.parent) if (['function_definition', 'function_declaration', 'method_definition', 'arrow_function', 'function_expression', 'generator_function_declaration'].includes(p.type)) top = p;
  return top;
}

/** The outermost function a call sits in (or its file's module level), as a key. */
function functionKey(a: { call: Node; ctx: ValueContext }): string {
  return `${a.ctx.path}@${outermostFunction(a.call)?.startIndex ?? -1}`;
}

const MAX_LEVELS = 3;
const MAX_ENTRIES = 8;
/** Graphs nested in graphs followed at most (a subgraph's node → the subgraph → its parent graph …). */
const MAX_GRAPH_DEPTH = 8;

/**
 * The entry points that reach a task's function: it calls nothing up, or its callers (in this file
 * and the workspace, up to three levels) include route handlers, mains, jobs. Bounded; a function
 * no entry point is found for returns none (it is a task of its own).
 */
export function reachingEntries(fn: Node, ctx: ValueContext, loopDefaults?: LoopDefaults): EntryRef[] {
  const out = new Map<string, EntryRef>();
  const seen = new Set<string>();
  // Each call of the function on the way runs it once more, and as often as the loops around it pass.
  const paths = new Map<string, { expected: number; max: number; calls: number; loops: Set<string>; itemLoop?: ItemLoop }>();
  type Times = { expected: number; max: number; reasons: string[]; itemLoop?: ItemLoop };
  // Entry points found so far (a graph that leads to none is its own).
  let founds = 0;
  const found = (ref: Omit<EntryRef, 'times'>, times: Times) => {
    founds++;
    const p = paths.get(ref.key) ?? { expected: 0, max: 0, calls: 0, loops: new Set<string>() };
    paths.set(ref.key, { expected: p.expected + times.expected, max: p.max + times.max, calls: p.calls + 1, loops: new Set([...p.loops, ...times.reasons]), itemLoop: p.itemLoop ?? times.itemLoop });
    const sum = paths.get(ref.key)!;
    const reason = [sum.calls > 1 ? `${sum.calls} calls` : '', ...sum.loops].filter(Boolean).join('; ');
    out.set(ref.key, { ...ref, ...(sum.expected !== 1 || sum.max !== 1 ? { times: { expected: sum.expected, max: sum.max, reason, ...(sum.itemLoop ? { itemLoop: sum.itemLoop } : {}) } } : {}) });
  };
  // One run of a graph runs its nodes (each as often as the graph's loops pass): a node's calls are
  // part of the graph's run, and the graph's run part of what runs it.
  const times1 = (t: Times, n: { expected: number; max: number; reason?: string }): Times => ({ ...t, expected: t.expected * n.expected, max: t.max * n.max, reasons: [...t.reasons, ...(n.reason ? [n.reason] : [])] });
  const visitNode = (b: GraphBuilder, node: string, level: number, times: Times, depth: number) => {
    if (depth > MAX_GRAPH_DEPTH) return;
    const here = times1(times, nodeTimes(b, node, loopDefaults));
    const { graphs, asNode } = compiledFrom(b);
    for (const g of graphs) visitGraph(g, level, here, depth + 1);
    for (const p of asNode) visitNode(p.builder, p.node, level, here, depth + 1);
  };
  const visitGraph = (g: CompiledGraph, level: number, times: Times, depth: number) => {
    if (seen.has(g.key) || out.size >= MAX_ENTRIES) return;
    seen.add(g.key);
    const before = founds;
    const ref = { key: g.key, name: g.name, path: g.path, line: g.line, kind: 'graph' as const };
    const deployed = deployedAs(g);
    if (deployed) found({ ...ref, label: `deployed as "${deployed.name}" in ${deployed.file}` }, times);
    for (const run of graphRuns(g)) {
      const loops = loopDefaults ? enclosingLoops(run.call).map((l) => describeLoop(l, run.ctx, loopDefaults)) : [];
      const m = multiplierOf(loops);
      const here: Times = { ...times, expected: times.expected * m.expected, max: times.max * m.max, reasons: [...times.reasons, ...(m.reason !== 'one call per task' ? [`${g.name} run in ${m.reason}`] : [])] };
      reachCaller(run.call, run.ctx, level, here);
    }
    for (const r of nodeRegistrations({ graph: g }, g.name, g.ctx)) visitNode(r.builder, r.node, level, times, depth + 1);
    // Run by nothing the workspace shows (or only by code no entry point reaches): the graph's run is the task.
    if (founds === before) {
      // A workspace that deploys its graphs with langgraph.json and leaves this one out does not run it.
      const dep = deploymentOf(g);
      const listed = dep ? dep.names.map((n) => `"${n}"`).join(', ') : '';
      if (dep) found({ ...ref, label: `a compiled LangGraph graph ${dep.file} does not deploy (it deploys ${listed}); no code found that runs it`, untriggered: true, undeployed: `${dep.file} deploys ${listed}, not this graph` }, times);
      else found({ ...ref, label: 'a compiled LangGraph graph (not in langgraph.json; no code found that runs it from an entry point)', untriggered: true }, times);
    }
  };
  /** Where a call that runs the task's function (or its graph) sits: an entry point, module code, or a function to walk up from. */
  const reachCaller = (call: Node, cctx: ValueContext, level: number, here: Times) => {
    const cf = outermostFunction(call);
    if (!cf) {
      // Module-level code: a script's main guard, or the module run as a script.
      const guard = mainGuard(call);
      const key = `${cctx.path}#<module>`;
      found({ key, name: guard ? '__main__' : cctx.path, path: cctx.path, line: (guard ?? call).startPosition.row + 1, kind: guard ? 'cli' : 'script', label: guard ? 'if __name__ == "__main__"' : 'module-level code' }, here);
      return;
    }
    const kind = entryKindOf(cf, cctx.path);
    if (kind) {
      const key = `${cctx.path}#${functionName(cf) ?? 'anonymous'}@${cf.startPosition.row + 1}`;
      found({ ...kind, key, name: functionName(cf) ?? 'anonymous', path: cctx.path, line: cf.startPosition.row + 1 }, here);
    } else visit(cf, cctx, level + 1, here);
  };
  const visit = (f: Node, c: ValueContext, level: number, times: Times) => {
    const name = functionName(f);
    const where = `${c.path}@${f.startIndex}`;
    if (!name || seen.has(where) || level > MAX_LEVELS || out.size >= MAX_ENTRIES) return;
    seen.add(where);
    // A graph's node: part of the graph's run (graph hops are not levels of callers).
    if (f.type === 'function_definition') for (const r of nodeRegistrations({ fn: f, fnPath: c.program?.pathOf(f) ?? c.path }, name, c)) visitNode(r.builder, r.node, level, times, 0);
    const methodOfClass = f.type === 'method_definition' || (f.parent?.type === 'block' && f.parent.parent?.type === 'class_definition');
    const callers = callersOf(f, name, !!methodOfClass, { ...c, callerDepth: 0 }).map((caller) => {
      const loops = loopDefaults ? enclosingLoops(caller.call).map((l) => describeLoop(l, caller.ctx, loopDefaults)) : [];
      return { caller, m: multiplierOf(loops), itemLoop: itemLoopOf(caller.call, loops) };
    });
    // A method is found by its name: `financial.analyze(t)` and `risk.analyze(t)` in one function
    // are most likely two classes' methods, each run once there. A function called twice runs twice.
    let counted = callers;
    if (methodOfClass) {
      const most = new Map<string, (typeof callers)[number]>();
      for (const x of callers) {
        const k = functionKey(x.caller);
        const had = most.get(k);
        if (!had || x.m.expected > had.m.expected) most.set(k, x);
      }
      counted = [...most.values()];
    }
    for (const { caller, m, itemLoop } of counted) {
      // The loop over items nearest the call is the one a batch job would replace.
      const nearest = times.itemLoop ?? itemLoop;
      const here: Times = { expected: times.expected * m.expected, max: times.max * m.max, reasons: [...times.reasons, ...(m.reason !== 'one call per task' ? [`${name}() in ${m.reason}`] : [])], ...(nearest ? { itemLoop: nearest } : {}) };
      reachCaller(caller.call, caller.ctx, level, here);
    }
  };
  visit(fn, ctx, 1, { expected: 1, max: 1, reasons: [] });
  return [...out.values()];
}
