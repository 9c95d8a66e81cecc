// Methods called on instances of the workspace's own classes: `TripAgents().city_agent()`,
// `agents = TripAgents(); agents.city_agent()`, `MyCrew().crew()`. Frameworks whose objects are made
// by such methods (crewAI's agent classes and `@CrewBase` crews) are found through them.
import type { Node } from '@vscode/tree-sitter-wasm';
import { calleeOf, field, isCall, memberChain, unwrap, walk } from '../ast';
import { bindArguments, Callable, callableOf, classLineage, contextFor, ctxOf, importedAs, parametersOf, resolveValue, single, ValueContext } from '../values';

/**
 * The workspace class an expression is an instance of (`Cls(…)`, a name bound to one, `self`), with
 * its context and, when it is made here, the constructor call (whose arguments the instance's
 * `self.x = x` holds).
 */
export function instanceClass(node: Node, ctx: ValueContext, depth = 0): { node: Node; ctx: ValueContext; made?: { call: Node; ctx: ValueContext } } | undefined {
  if (depth > 4) return undefined;
  const n = unwrap(node);
  const c = contextFor(n, ctx);
  if (n.type === 'identifier' && n.text === 'self') return c.selfClass ?? enclosingClassOf(n, c);
  if (isCall(n)) {
    const callee = calleeOf(n);
    const k = callee ? callableOf(callee, c) : undefined;
    return k?.kind === 'class' ? { node: k.node, ctx: k.ctx, made: { call: n, ctx: c } } : undefined;
  }
  if (n.type !== 'identifier' && n.type !== 'attribute') return undefined;
  const v = single(resolveValue(n, c));
  if (v.kind !== 'call') return undefined;
  return instanceClass(v.node, ctxOf(v, c), depth + 1);
}

function enclosingClassOf(n: Node, ctx: ValueContext): { node: Node; ctx: ValueContext } | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'class_definition') return { node: p, ctx };
  return undefined;
}

/**
 * The method `obj.m` names when `obj` is an instance of a workspace class (its own or a base
 * class's), as a bound callable whose `self` is that instance. Undefined for anything else.
 */
export function instanceMethod(callee: Node, ctx: ValueContext): Callable | undefined {
  const u = unwrap(callee);
  if (u.type !== 'attribute') return undefined;
  const chain = memberChain(u);
  const object = field(u, 'object');
  if (!object || chain.members.length === 0) return undefined;
  // `self.m` is callableOf's own case.
  if (unwrap(object).type === 'identifier' && unwrap(object).text === 'self') return undefined;
  const cls = instanceClass(object, ctx);
  if (!cls) return undefined;
  const name = chain.members[chain.members.length - 1];
  const start = { node: cls.node, ctx: cls.ctx };
  // This instance's constructor arguments: `self.name = name` in __init__ is what it was given.
  const init = cls.made ? cls.ctx.scope.methodOf(cls.node, '__init__') : undefined;
  const frame = init && cls.made ? { fn: init, args: bindArguments(init, cls.made.call, cls.made.ctx, true) } : undefined;
  for (const k of classLineage(cls.node, cls.ctx)) {
    const m = k.ctx.scope.methodOf(k.node, name);
    if (m) return { kind: 'function', node: m, ctx: { ...k.ctx, selfClass: start, ...(frame && k.node === cls.node ? { frame } : {}) }, bound: true };
  }
  return undefined;
}

/**
 * The class a parameter is annotated with (`client: Instructor`, `m: Model | None`,
 * `Optional[smolagents.Model]`) and the module it is imported from, when the expression is such a
 * parameter. Read without regular expressions: annotations are user text of any length.
 */
export function parameterAnnotation(node: Node, ctx: ValueContext): { name: string; module: string } | undefined {
  const n = unwrap(node);
  if (n.type !== 'identifier' || !ctx.scope.lookup(n.text, n).param) return undefined;
  for (let fn = ctx.scope.functionAround(n); fn; fn = ctx.scope.functionAround(fn)) {
    const p = parametersOf(fn).find((x) => x.name === n.text);
    if (!p) continue;
    let t = p.type ? unwrap(p.type).text.trim() : '';
    if (t.startsWith('Optional[') && t.endsWith(']')) t = t.slice('Optional['.length, -1);
    const bar = t.indexOf('|');
    if (bar >= 0) t = t.slice(0, bar);
    t = t.trim();
    if (!t) return undefined;
    const dot = t.lastIndexOf('.');
    const name = t.slice(dot + 1);
    const imp = importedAs(dot >= 0 ? t.slice(0, t.indexOf('.')) : t, n, ctx);
    return imp ? { name, module: imp.module } : undefined;
  }
  return undefined;
}

/**
 * The calls made on the object a constructor call is assigned to (`pipe = Pipeline()` …
 * `pipe.add_component(…)`, `kernel.add_service(…)`), in the function (or module) that makes it: the
 * name it is bound to and each method call, in order. Undefined when the object is not assigned.
 */
export function callsOnMade(made: Node, root: Node): { name: Node; calls: { method: string; call: Node }[] } | undefined {
  const assign = made.parent?.type === 'assignment' ? made.parent : undefined;
  const name = assign ? field(assign, 'left') : undefined;
  if (!name) return undefined;
  let scope: Node = root;
  for (let p = made.parent; p; p = p.parent) {
    if (p.type === 'function_definition') {
      scope = p;
      break;
    }
  }
  const calls: { method: string; call: Node }[] = [];
  walk(scope, (call) => {
    const callee = calleeOf(call);
    if (!callee || callee.type !== 'attribute' || unwrap(field(callee, 'object')!).text !== name.text) return;
    const method = field(callee, 'attribute')?.text;
    if (method) calls.push({ method, call });
  }, new Set(['call']));
  return { name, calls };
}
