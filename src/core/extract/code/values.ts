// Resolving what an expression evaluates to, as far as the source says: literals, constants,
// parameter defaults, config objects and class fields, environment lookups with defaults, f-strings
// and template literals; with the workspace program, names imported from other files, what helper
// functions return for the arguments they are given, and what a parameter receives from the
// callers of its function (a set of values when callers differ). What cannot be resolved says why.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, decoratorsOf, dotted, enclosingClass, field, isCall, kids, memberChain, numberValue, pieceText, propertyName, stringValue, unwrap, walk } from './ast';
import type { Binding, ImportBinding, Scope } from './scope';
import { clauseAround, clausesOf } from './scope';
import type { Program } from '../../program/program';
import { checkDeadline } from '../../analysis/limits';
import { isTestPath } from './testPaths';
import { scopeOf } from '../../analysis/scopes';
import { constructedAttribute } from './constructed';
import { constructorFallback, withFallback } from './fallbacks';

export type TemplatePiece = { text: string; node?: Node } | { expr: Node; name: string };

/**
 * A value, and (`ctx`) the context its node and the nodes inside it resolve in, when that is not
 * the caller's own: a value found in another file, or inside a helper called with arguments.
 */
export type Value = (
  | { kind: 'string'; value: string; node: Node; via?: string }
  | { kind: 'number'; value: number; node: Node }
  | { kind: 'bool'; value: boolean; node: Node }
  | { kind: 'template'; pieces: TemplatePiece[]; node: Node }
  | { kind: 'list'; items: Node[]; node: Node }
  | { kind: 'dict'; entries: Map<string, Node>; node: Node }
  | { kind: 'call'; callee: string; node: Node }
  | { kind: 'imported'; binding: ImportBinding; node: Node }
  /** Several values, from different callers or branches: each is possible. */
  | { kind: 'union'; options: Value[]; node: Node }
  /** `env`: the environment variable the value is read from, when that is why it is unknown. */
  | { kind: 'unknown'; reason: string; node?: Node; name?: string; env?: string }
) & { ctx?: ValueContext };

/** Looks up a constant exported by another workspace file (`from config import MODEL`). */
export type ImportResolver = (fromPath: string, module: string, name: string) => { text: string; value: string | number } | undefined;

/** The arguments a helper function was called with, while its body is read for that call. */
export interface Frame {
  fn: Node;
  args: Map<string, { node: Node; ctx: ValueContext }>;
  parent?: Frame;
}

export interface ValueContext {
  scope: Scope;
  path: string;
  resolveImport?: ImportResolver;
  /** The workspace as one program: imported names resolve in the files that define them. */
  program?: Program;
  /** Arguments of the helper calls being followed (innermost first). */
  frame?: Frame;
  /** Levels of callers already followed to find a parameter's values. */
  callerDepth?: number;
  /**
   * The class `self`/`this` is an instance of, for the call being analysed (the most derived one
   * known): a base class's `self.create_client()` dispatches to the subclass's override.
   */
  selfClass?: { node: Node; ctx: ValueContext };
  /**
   * Follow parameters to what callers pass (models, clients, caps). Prompt text keeps its
   * parameters as placeholders: a caller's argument is one sample of many requests.
   */
  callers?: boolean;
  /** `**kwargs` handed on from caller to caller, followed so far (bounded like the levels of callers). */
  kwargsHops?: number;
}

/** Callers followed for a parameter's values, at most (levels), and call sites read per level. */
export const MAX_CALLER_DEPTH = 3;
const MAX_CALLERS = 12;
const MAX_DEPTH = 16;

/** The context a node resolves in: its own file's when it comes from another file of the program. */
export function contextFor(node: Node, ctx: ValueContext): ValueContext {
  if (!ctx.program || node.tree === ctx.scope.root.tree) return ctx;
  const c = ctx.program.contextOf(node, ctx);
  // What the resolution is for (callers followed or not) and how far it has gone carry over to the other file.
  return c === ctx || (c.callers === ctx.callers && !ctx.callerDepth && !ctx.kwargsHops) ? c : { ...c, callers: ctx.callers, callerDepth: ctx.callerDepth, kwargsHops: ctx.kwargsHops };
}

/** The context of a value's nodes: its own, else the one it was resolved in. */
export function ctxOf(v: Value, ctx: ValueContext): ValueContext {
  return v.ctx ?? (v.node ? contextFor(v.node, ctx) : ctx);
}

/**
 * What an imported name really is outside the workspace: `from app.llm import litellm` where
 * app/llm.py imports litellm is litellm (an import proxy). The binding as written otherwise.
 */
export function externalImport(binding: ImportBinding, ctx: ValueContext): ImportBinding {
  if (!ctx.program) return binding;
  const exp = ctx.program.exportOf(ctx.path, binding.module, binding.name);
  if (exp?.kind === 'import') return exp.binding;
  // A lazy-loading stand-in named after the SDK it loads: `litellm = LazyLiteLLM()` whose class
  // does `importlib.import_module("litellm")` (aider's pattern) is that SDK.
  if (exp?.kind === 'value' && isCall(unwrap(exp.node))) {
    const callee = calleeOf(unwrap(exp.node));
    const cls = callee ? callableOf(callee, exp.ctx) : undefined;
    if (cls?.kind === 'class' && loadsModule(cls.node, binding.name)) return { module: binding.name, name: '*' };
  }
  return binding;
}

/** Whether a class's body imports `module` (`import m`, `importlib.import_module("m")`). */
function loadsModule(cls: Node, module: string): boolean {
  const text = cls.text;
  if (text.includes(`import_module("${module}")`) || text.includes(`import_module('${module}')`)) return true;
  const needle = `import ${module}`;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    const after = text[i + needle.length];
    if (after === undefined || !/\w/.test(after)) return true;
  }
  return false;
}

/** The import a name at `at` stands for, through import proxies of the workspace. */
export function importedAs(name: string, at: Node, ctx: ValueContext): ImportBinding | undefined {
  const c = contextFor(at, ctx);
  const found = c.scope.lookup(name, at);
  return found.imported && !found.value ? externalImport(found.imported, c) : undefined;
}

const FUNCTION_NODE_TYPES = new Set(['function_definition', 'function_declaration', 'method_definition', 'arrow_function', 'function_expression', 'function', 'generator_function_declaration', 'lambda', 'decorated_definition']);

/** Each function's returns, by tree and the function's start: one walk of a body per analysis. */
const returnsIndex = new WeakMap<object, Map<string, Node[]>>();

/** The expressions a function returns (its own `return`s, not those of functions inside it). */
export function returnExpressions(fn: Node): Node[] {
  let byStart = returnsIndex.get(fn.tree);
  if (!byStart) returnsIndex.set(fn.tree, (byStart = new Map()));
  const key = `${fn.startIndex}/${fn.type}`;
  const known = byStart.get(key);
  if (known) return known;
  const found = walkReturns(fn);
  byStart.set(key, found);
  return found;
}

function walkReturns(fn: Node): Node[] {
  const body = field(fn, 'body');
  if (!body) return [];
  // `() => expr`, `lambda: expr`
  if (body.type !== 'block' && body.type !== 'statement_block') return [body];
  const out: Node[] = [];
  const visit = (n: Node) => {
    for (const c of kids(n)) {
      if (c.type === 'return_statement') {
        const e = kids(c).find((k) => k.type !== 'comment');
        if (e) out.push(e);
      } else if (!FUNCTION_NODE_TYPES.has(c.type) && c.type !== 'class_definition' && c.type !== 'class_declaration') visit(c);
    }
  };
  visit(body);
  return out;
}

/** A function (or class) a callee names, and the context its body resolves in. */
export interface Callable {
  kind: 'function' | 'class';
  node: Node;
  ctx: ValueContext;
  /** A method called on an instance (`self.helper(…)`, `obj.m(…)`): its first parameter is the instance. */
  bound?: boolean;
}

/**
 * `a, b = make()` / `a, b = x, y`: where `value` (the right side a name was bound to) is such an
 * assignment's, the expression at the name's place: the item of a written tuple, or of the tuple the
 * called helper returns (read for the call's arguments). Undefined when the name is not unpacked there.
 */
export function destructured(value: Node, name: string, ctx: ValueContext): { node: Node; ctx: ValueContext } | undefined {
  const assign = value.parent;
  const left = assign?.type === 'assignment' ? field(assign, 'left') : undefined;
  if (!left || (left.type !== 'pattern_list' && left.type !== 'tuple_pattern') || field(assign!, 'right')?.id !== value.id) return undefined;
  const index = kids(left).filter((k) => k.isNamed).findIndex((k) => k.type === 'identifier' && k.text === name);
  if (index < 0) return undefined;
  const itemOf = (n: Node): Node | undefined => {
    const u = unwrap(n);
    return u.type === 'expression_list' || u.type === 'tuple' ? kids(u).filter((k) => k.isNamed)[index] : undefined;
  };
  const direct = itemOf(value);
  if (direct) return { node: direct, ctx };
  const u = unwrap(value);
  const callee = isCall(u) ? calleeOf(u) : undefined;
  const fn = callee ? callableOf(callee, ctx) : undefined;
  if (fn?.kind !== 'function') return undefined;
  const inner = enterCall(fn, u, ctx);
  for (const r of returnExpressions(fn.node)) {
    const item = itemOf(r);
    if (item) return { node: item, ctx: inner };
  }
  return undefined;
}

/**
 * `a, b = <right>`: the value at place `index` (of `count` names) — an item of a written tuple, a
 * part of a string split in as many (`provider, model = "openai:gpt-4o".split(":", 1)`), or the item
 * of the tuples a helper returns (read for the call's arguments; a `return None, None` for an input
 * the call does not give is left out). Undefined when the right side is none of these.
 */
export function unpackedValue(right: Node, index: number, ctx: ValueContext, depth: number, count?: number): Value | undefined {
  const u = unwrap(right);
  const itemOf = (n: Node): Node | undefined => {
    const x = unwrap(n);
    return x.type === 'expression_list' || x.type === 'tuple' ? kids(x).filter((k) => k.isNamed)[index] : undefined;
  };
  const direct = itemOf(u);
  if (direct) return resolveValue(direct, ctx, depth + 1);
  if (!isCall(u)) return undefined;
  const callee = calleeOf(u);
  const split = callee ? splitPart(u, callee, index, ctx, depth, count) : undefined;
  if (split) return split;
  const fn = callee ? callableOf(callee, ctx) : undefined;
  if (fn?.kind !== 'function') return undefined;
  const inner = enterCall(fn, u, ctx);
  const items = returnExpressions(fn.node).map(itemOf).filter((n): n is Node => !!n);
  if (!items.length) return undefined;
  const values = items.filter((n) => unwrap(n).type !== 'none').map((n) => resolveValue(n, inner, depth + 1));
  // None of the returns can be read: why the first cannot. Some can: `destructured` (the first
  // return's item) decides, as before.
  if (values.length && values.every((v) => v.kind === 'unknown')) return values[0];
  if (!values.length || values.some((v) => v.kind === 'unknown')) return undefined;
  return oneOrUnion(dedupeValues(values), u);
}

const ORDINALS = ['first', 'second', 'third', 'fourth'];

/** `text.split(sep, maxsplit)`, `rsplit`, `partition`, `rpartition` of a known string: the part at `index`. */
function splitPart(call: Node, callee: Node, index: number, ctx: ValueContext, depth: number, count?: number): Value | undefined {
  const u = unwrap(callee);
  const method = u.type === 'attribute' ? field(u, 'attribute')?.text : undefined;
  if (method !== 'split' && method !== 'rsplit' && method !== 'partition' && method !== 'rpartition') return undefined;
  const a = argsOf(call);
  const sepNode = a.positional[0] ?? a.named.get('sep');
  const sep = sepNode ? stringValue(sepNode) : undefined;
  if (sepNode && sep === undefined) return undefined;
  const maxNode = a.positional[1] ?? a.named.get('maxsplit');
  const max = maxNode ? numberValue(maxNode) : -1;
  if (max === undefined || (method.includes('partition') && !sep)) return undefined;
  const whole = resolveValue(field(u, 'object')!, ctx, depth + 1);
  // The text split cannot be read: why is the reason for its parts too.
  if (whole.kind === 'unknown') return whole;
  const strings = stringOptions(whole);
  if (!strings.length || strings.length !== (whole.kind === 'union' ? whole.options.length : 1)) return undefined;
  const parts = (s: string): string[] => {
    if (method === 'partition' || method === 'rpartition') {
      const i = method === 'partition' ? s.indexOf(sep!) : s.lastIndexOf(sep!);
      return i < 0 ? (method === 'partition' ? [s, '', ''] : ['', '', s]) : [s.slice(0, i), sep!, s.slice(i + sep!.length)];
    }
    const all = sep === undefined ? s.trim().split(/\s+/) : s.split(sep);
    if (max < 0 || all.length <= max + 1) return all;
    const joiner = sep ?? ' ';
    return method === 'split' ? [...all.slice(0, max), all.slice(max).join(joiner)] : [all.slice(0, all.length - max).join(joiner), ...all.slice(all.length - max)];
  };
  const options: Value[] = [];
  for (const s of strings) {
    const p = parts(s.value);
    // Unpacked into a different number of names: the code raises there.
    if ((count !== undefined && p.length !== count) || index >= p.length) return { kind: 'unknown', reason: `"${s.value}" does not split into ${count ?? index + 1} parts at \`${clip(call.text)}\``, node: call };
    const which = sep !== undefined && p.length === 2 ? (index === 0 ? `part before "${sep}"` : `part after "${sep}"`) : `${ORDINALS[index] ?? `${index + 1}th`} part`;
    options.push({ kind: 'string', value: p[index], node: s.node, via: `${which} of "${s.value}"${s.via ? `, the ${s.via}` : ''}` });
  }
  return oneOrUnion(dedupeValues(options), call);
}

/** What a callee expression names: a function or class of this file, of another workspace file, or a method of this class. */
export function callableOf(callee: Node, ctx: ValueContext, hops = 0): Callable | undefined {
  const c = contextFor(callee, ctx);
  const u = unwrap(callee);
  if (u.type === 'identifier') {
    const found = c.scope.lookup(u.text, u);
    if (found.value) {
      const v = unwrap(found.value);
      if (FUNCTION_NODE_TYPES.has(v.type)) return { kind: 'function', node: v, ctx: c };
      // An alias: `Config = Configuration`, `make = build_llm`.
      if (v.type === 'identifier' && hops < 4) {
        // `Configuration = Configuration` names the definition above it, not itself.
        const self = v.text === u.text ? c.scope.moduleClass(v.text) ?? c.scope.moduleFunction(v.text) : undefined;
        if (self) return { kind: self.type.startsWith('class') ? 'class' : 'function', node: self, ctx: c };
        if (v.text !== u.text) return callableOf(v, c, hops + 1);
      }
      return undefined;
    }
    if (found.param) return undefined;
    const local = c.scope.moduleFunction(u.text) ?? c.scope.moduleClass(u.text);
    if (local) return { kind: local.type.startsWith('class') ? 'class' : 'function', node: local, ctx: c };
    if (found.imported && c.program) {
      const exp = c.program.exportOf(c.path, found.imported.module, found.imported.name);
      if (exp?.kind === 'function' || exp?.kind === 'class') return { kind: exp.kind, node: exp.node, ctx: exp.ctx };
      // An exported alias (`Configuration = Configuration` kept for old imports, `Settings = AppSettings`).
      if (exp?.kind === 'value' && unwrap(exp.node).type === 'identifier' && hops < 4) return callableOf(exp.node, exp.ctx, hops + 1);
    }
    return undefined;
  }
  if (u.type === 'attribute' || u.type === 'member_expression') {
    const chain = memberChain(u);
    const method = chain.members[chain.members.length - 1];
    if (chain.members.length === 1 && ((chain.root.type === 'identifier' && chain.root.text === 'self') || chain.root.type === 'this')) {
      // The most derived class first (an override), then the class the call is written in, then their bases.
      const cls = enclosingClass(u);
      const start = c.selfClass ?? (cls ? { node: cls, ctx: c } : undefined);
      for (const k of start ? classLineage(start.node, start.ctx) : []) {
        const m = k.ctx.scope.methodOf(k.node, method);
        if (m) return { kind: 'function', node: m, ctx: { ...k.ctx, selfClass: start }, bound: true };
      }
      return undefined;
    }
    // A class's own method called on the class: `Provider.from_provider(…)`, `Config.load()`.
    if (chain.members.length === 1 && chain.root.type === 'identifier' && hops < 4) {
      const owner = callableOf(chain.root, c, hops + 1);
      if (owner?.kind === 'class') {
        for (const k of classLineage(owner.node, owner.ctx)) {
          const m = k.ctx.scope.methodOf(k.node, method);
          if (m) return { kind: 'function', node: m, ctx: k.ctx, bound: decoratedWith(m, 'classmethod') };
        }
        return undefined;
      }
    }
    // module.function: `llm_utils.get_model()`
    if (chain.members.length === 1 && chain.root.type === 'identifier' && c.program) {
      const found = c.scope.lookup(chain.root.text, chain.root);
      if (found.imported && !found.value) {
        const exp = c.program.exportOf(c.path, found.imported.module, found.imported.name);
        const file = exp?.kind === 'module' ? exp.path : undefined;
        const inner = file ? c.program.exportFrom(file, method, 0) : undefined;
        if (inner?.kind === 'function' || inner?.kind === 'class') return { kind: inner.kind, node: inner.node, ctx: inner.ctx };
      }
    }
  }
  return undefined;
}

/** Whether a Python function is decorated with `@name` (`@classmethod`, `@staticmethod`). */
function decoratedWith(fn: Node, name: string): boolean {
  return decoratorsOf(fn).some((d) => d.text.replace(/^@\s*/, '') === name);
}

/** The parameters of a function, in order: name, default, and whether it takes the rest. */
export function parametersOf(fn: Node): { name: string; default?: Node; rest?: 'positional' | 'keyword'; destructured?: string[]; destructuredDefaults?: Map<string, Node>; type?: Node }[] {
  const params = field(fn, 'parameters') ?? field(fn, 'parameter');
  if (!params) return [];
  const list = params.type === 'identifier' ? [params] : kids(params);
  const out: ReturnType<typeof parametersOf> = [];
  for (const p of list) {
    if (p.type === 'comment') continue;
    if (p.type === 'identifier') out.push({ name: p.text });
    else if (p.type === 'typed_parameter') {
      const id = kids(p).find((k) => k.type === 'identifier');
      const splat = kids(p).find((k) => k.type === 'list_splat_pattern' || k.type === 'dictionary_splat_pattern');
      if (id) out.push({ name: id.text, type: field(p, 'type') });
      else if (splat) out.push({ name: kids(splat)[0]?.text ?? '', rest: splat.type === 'list_splat_pattern' ? 'positional' : 'keyword' });
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const name = field(p, 'name');
      if (name) out.push({ name: name.text, default: field(p, 'value'), type: field(p, 'type') });
    } else if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') out.push({ name: kids(p)[0]?.text ?? '', rest: p.type === 'list_splat_pattern' ? 'positional' : 'keyword' });
    else if (p.type === 'required_parameter' || p.type === 'optional_parameter') {
      const pattern = field(p, 'pattern');
      const value = field(p, 'value');
      const type = field(p, 'type');
      if (pattern?.type === 'identifier') out.push({ name: pattern.text, default: value, type });
      else if (pattern?.type === 'object_pattern') out.push({ name: '', destructured: destructuredNames(pattern), destructuredDefaults: destructuredDefaults(pattern), default: value, type });
      else if (pattern?.type === 'rest_pattern') out.push({ name: kids(pattern)[0]?.text ?? '', rest: 'positional' });
    } else if (p.type === 'object_pattern') out.push({ name: '', destructured: destructuredNames(p), destructuredDefaults: destructuredDefaults(p) });
    else if (p.type === 'assignment_pattern') {
      const left = field(p, 'left');
      if (left?.type === 'identifier') out.push({ name: left.text, default: field(p, 'right') });
    }
  }
  return out;
}

/** `{ modelId = 'x' }`: the defaults written inside a destructuring pattern, by name. */
function destructuredDefaults(pattern: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const k of kids(pattern)) {
    const l = k.type === 'object_assignment_pattern' ? field(k, 'left') : undefined;
    const r = k.type === 'object_assignment_pattern' ? field(k, 'right') : undefined;
    if (l && r) out.set(l.text, r);
  }
  return out;
}

function destructuredNames(pattern: Node): string[] {
  const out: string[] = [];
  for (const k of kids(pattern)) {
    if (k.type === 'shorthand_property_identifier_pattern') out.push(k.text);
    else if (k.type === 'object_assignment_pattern') {
      const l = field(k, 'left');
      if (l) out.push(l.text);
    } else if (k.type === 'pair_pattern') {
      const key = field(k, 'key');
      if (key) out.push(key.text);
    }
  }
  return out;
}

/** Bind a call's arguments to the parameters of the function it calls (`bound`: skip `self`). */
export function bindArguments(fn: Node, call: Node, callerCtx: ValueContext, bound: boolean): Frame['args'] {
  const params = parametersOf(fn);
  const skip = bound && params[0] && (params[0].name === 'self' || params[0].name === 'cls') ? 1 : 0;
  const ctx = contextFor(call, callerCtx);
  // `f(provider, **provider_kwargs)`: the entries of a dict the caller builds are named arguments too.
  const a = ctx.scope.family === 'py' ? withSplats(argsOf(call), ctx) : argsOf(call);
  const out: Frame['args'] = new Map();
  let i = 0;
  for (const p of params.slice(skip)) {
    if (p.rest) break;
    const arg = a.positional[i++];
    if (p.destructured && arg) {
      const v = resolveValue(arg, ctx);
      if (v.kind === 'dict') for (const name of p.destructured) {
        const e = v.entries.get(name);
        if (e) out.set(name, { node: e, ctx: ctxOf(v, ctx) });
      }
      continue;
    }
    if (arg && p.name) out.set(p.name, { node: arg, ctx });
  }
  for (const [name, node] of a.named) out.set(name, { node, ctx });
  return out;
}

/** The context to read a function's body in, for one call with these arguments. */
export function enterCall(callable: Callable, call: Node, callerCtx: ValueContext): ValueContext {
  return { ...callable.ctx, frame: { fn: callable.node, args: bindArguments(callable.node, call, callerCtx, !!callable.bound), parent: callable.ctx.frame }, callerDepth: callerCtx.callerDepth };
}

export function resolveValue(node: Node | undefined, ctx: ValueContext, depth = 0): Value {
  if (!node) return { kind: 'unknown', reason: 'no value' };
  if (depth > MAX_DEPTH) return { kind: 'unknown', reason: 'too many indirections', node };
  checkDeadline();
  const n = unwrap(node);
  ctx = contextFor(n, ctx);
  const v = resolveNode(n, ctx, depth);
  // Composite values remember where their insides resolve (another file, a helper's arguments).
  if (!v.ctx && (v.kind === 'call' || v.kind === 'dict' || v.kind === 'list' || v.kind === 'template') && (ctx.frame || ctx.program)) return { ...v, ctx: v.node ? contextFor(v.node, ctx) : ctx };
  return v;
}

function resolveNode(n: Node, ctx: ValueContext, depth: number): Value {
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
    // `EMBEDDING_MODEL = MODEL_ID = "…"` (and `a = b = …` in JS): the value assigned down the chain.
    case 'assignment':
    case 'assignment_expression':
      return field(n, 'right') ? resolveValue(field(n, 'right')!, ctx, depth + 1) : { kind: 'unknown', reason: `expression \`${clip(n.text)}\``, node: n };
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
    case 'shorthand_property_identifier':
      return identifierValue(n, ctx, depth);
    case 'attribute':
    case 'member_expression':
      return memberValue(n, ctx, depth);
    case 'subscript':
    case 'subscript_expression':
      return computedEntry(n, ctx, depth) ?? memberValue(n, ctx, depth);
    case 'binary_operator':
    case 'binary_expression': {
      const op = field(n, 'operator')?.text ?? n.child(1)?.text;
      const left = field(n, 'left');
      const right = field(n, 'right');
      // process.env.X ?? "default" / process.env.X || "default"
      if ((op === '??' || op === '||') && left && right) {
        const l = resolveValue(left, ctx, depth + 1);
        if (l.kind !== 'unknown' && !orDefaultApplies(l, right, ctx, depth)) return l;
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
        if (l.kind !== 'unknown' && !orDefaultApplies(l, right, ctx, depth)) return l;
        const r = resolveValue(right, ctx, depth + 1);
        return r.kind === 'string' ? { ...r, via: `default of ${left.text}` } : r;
      }
      return { kind: 'unknown', reason: `expression \`${clip(n.text)}\``, node: n };
    }
    case 'conditional_expression':
    case 'ternary_expression': {
      // Both branches are possible: a set when both resolve to text, else the one that does.
      const branches = n.type === 'ternary_expression' ? [field(n, 'consequence'), field(n, 'alternative')] : [kids(n)[0], kids(n)[2]];
      const values = branches.map((b) => (b ? resolveValue(b, ctx, depth + 1) : undefined)).filter((v): v is Value => !!v && v.kind === 'string');
      if (values.length === 2 && values[0].kind === 'string' && values[1].kind === 'string' && values[0].value !== values[1].value) return { kind: 'union', options: values.map((v) => ({ ...v, via: 'one branch of a conditional' })), node: n };
      if (values.length) return { ...values[0], via: 'one branch of a conditional' } as Value;
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

/**
 * Where a name is looked up: where it is written, except in a parameter's default, which is
 * evaluated outside its function (Python, at the `def`) and never sees its own parameter
 * (`def run(task, agent=agent)` is the enclosing `agent`; read as the parameter, each lookup of it
 * went back to the callers of `run`, and its default again, over and over).
 */
function lookupPoint(n: Node, ctx: ValueContext): Node {
  const fn = ctx.scope.functionAround(n);
  const params = fn ? field(fn, 'parameters') : undefined;
  if (!fn || !params || n.startIndex < params.startIndex || n.endIndex > params.endIndex) return n;
  for (let c = n, p = n.parent; p && p.id !== params.id; c = p, p = p.parent) {
    const value = field(p, 'value') ?? field(p, 'right');
    if (!value || value.id !== c.id) continue;
    const own = field(p, 'name') ?? field(p, 'pattern') ?? field(p, 'left');
    return ctx.scope.family === 'py' || own?.text === n.text ? fn : n;
  }
  return n;
}

function identifierValue(n: Node, ctx: ValueContext, depth: number): Value {
  const at = lookupPoint(n, ctx);
  const found = ctx.scope.lookup(n.text, at);
  // A method's `self` handed on (`ReportGenerator(self)`): the instance, whose attributes followMembers reads.
  const selfOf = found.param && n.text === 'self' && ctx.scope.family === 'py' ? enclosingClass(n) : undefined;
  if (selfOf) return { kind: 'unknown', reason: `\`self\` (an instance of ${field(selfOf, 'name')?.text ?? 'its class'})`, node: n, name: 'self' };
  if (found.param) {
    // An argument of the helper call being followed (the call is known: no argument means the default).
    let inFrame = false;
    for (let f = ctx.frame; f; f = f.parent) {
      if (at.id === f.fn.id || at.startIndex < f.fn.startIndex || at.endIndex > f.fn.endIndex || at.tree !== f.fn.tree) continue;
      const arg = f.args.get(n.text);
      if (arg) return resolveValue(arg.node, arg.ctx, depth + 1);
      // `**kwargs` of the helper being followed: the named arguments of the call beyond its own parameters.
      const rest = frameKeywords(f, n.text);
      if (rest) return rest;
      inFrame = true;
      break;
    }
    // What the callers of the function pass, with the default for those that pass nothing.
    const fromCallers = ctx.callers && !inFrame ? parameterFromCallers(n, at, ctx, depth) : undefined;
    if (fromCallers) return fromCallers;
  }
  if (found.value && !found.param) {
    const key = objectPatternKey(found.value, n.text);
    if (key) {
      const whole = resolveValue(found.value, ctx, depth + 1);
      const v = followMembers(whole, [key.key], ctx, depth, n);
      if (v.kind !== 'unknown') return v;
      if (key.default) {
        const d = resolveValue(key.default, ctx, depth + 1);
        if (d.kind !== 'unknown') return d.kind === 'string' ? { ...d, via: `default of \`${n.text}\`` } : d;
      }
      const body = requestBodyRead(found.value, ctx);
      return { kind: 'unknown', reason: body ? `\`${n.text}\` comes from the request body (\`${clip(body)}\`)` : v.reason, node: n, name: n.text };
    }
  }
  if (found.value) {
    const picked = found.param ? undefined : branchValue(n, at, found.value, ctx, depth);
    if (picked) return picked;
    const place = found.param ? undefined : unpackedPlace(found.value, n.text);
    const unpacked = place ? unpackedValue(found.value, place.index, ctx, depth, place.count) : undefined;
    if (unpacked) return unpacked;
    const part = found.param ? undefined : destructured(found.value, n.text, ctx);
    const v = part ? resolveValue(part.node, part.ctx, depth + 1) : resolveValue(found.value, ctx, depth + 1);
    if (v.kind === 'unknown' && found.param) return { kind: 'unknown', reason: `\`${n.text}\` is a parameter`, node: n, name: n.text };
    if (v.kind === 'dict' && !found.param && !part) return withDictWrites(v, found.value, n, ctx, depth);
    // A dict a helper returns that the code cannot read (`params = self._get_supported_params(…)`),
    // then written into (`params.update({"model": …})`): the keys written are known.
    if (v.kind === 'call' && !found.param && !part && ctx.scope.family === 'py') {
      const written = withDictWrites({ kind: 'dict', entries: new Map(), node: found.value }, found.value, n, ctx, depth, true);
      if (written.kind === 'dict' && written.entries.size) return written;
    }
    return v;
  }
  if (found.param) {
    // click: the option decorating the function gives the default.
    const fn = ctx.scope.functionAround(at);
    const def = fn ? decoratorDefault(fn, n.text) : undefined;
    if (def) {
      const v = resolveValue(def, ctx, depth + 1);
      if (v.kind !== 'unknown') return v.kind === 'string' ? { ...v, via: `default of the command-line option --${n.text}` } : v;
    }
    return { kind: 'unknown', reason: `\`${n.text}\` is a parameter without a default`, node: n, name: n.text };
  }
  if (found.imported) return importedValue(found.imported, n, ctx, depth);
  const looped = loopVariableValue(n, ctx, depth);
  if (looped) return looped;
  return { kind: 'unknown', reason: `\`${n.text}\` is not defined in this file`, node: n, name: n.text };
}

/**
 * A name set in each branch of an `if provider == "openai": … elif …` chain or a `match provider:`
 * (a factory), read after it: the branch (or branches) the subject's known value selects. Undefined
 * when the subject cannot be read or a branch is selected otherwise (then the last assignment
 * written stands, as before).
 */
function branchValue(n: Node, at: Node, value: Node, ctx: ValueContext, depth: number): Value | undefined {
  const assign = value.parent;
  if (ctx.scope.family !== 'py' || assign?.type !== 'assignment' || field(assign, 'left')?.type !== 'identifier') return undefined;
  const clause = clauseAround(assign, at);
  if (!clause) return undefined;
  const { stmt, clauses } = clausesOf(clause);
  const subjects = new Set(clauses.map((c) => (c.test.kind === 'equals' ? c.test.subject.text : c.test.kind)));
  subjects.delete('default');
  const first = clauses.find((c) => c.test.kind === 'equals');
  if (subjects.size !== 1 || first?.test.kind !== 'equals') return undefined;
  const subject = resolveValue(first.test.subject, ctx, depth + 1);
  const known = stringOptions(subject);
  if (!known.length || known.length !== (subject.kind === 'union' ? subject.options.length : 1)) return undefined;
  const fn = ctx.scope.functionAround(at);
  const options: Value[] = [];
  let before = false;
  for (const s of known) {
    const c = clauses.find((k) => k.test.kind === 'default' || (k.test.kind === 'equals' && k.test.values.includes(s.value)));
    if (!c) {
      before = true;
      continue;
    }
    // The last assignment of the name in the branch (in this function), else what it held before the statement.
    const inBranch = (ctx.scope.bindings.get(n.text) ?? []).filter((b) => b.node.tree === c.body.tree && b.at >= c.body.startIndex && b.node.endIndex <= c.body.endIndex && ctx.scope.functionAround(b.node)?.id === fn?.id);
    const last = inBranch[inBranch.length - 1];
    if (!last) {
      // A branch that raises or returns does not get here.
      const end = kids(c.body).filter((k) => k.type !== 'comment').slice(-1)[0];
      if (end?.type !== 'raise_statement' && end?.type !== 'return_statement') before = true;
      continue;
    }
    if (last.node.type !== 'assignment' || field(last.node, 'left')?.type !== 'identifier') return undefined;
    const v = resolveValue(last.value, ctx, depth + 1);
    options.push(v.kind === 'string' && !v.via ? { ...v, via: `value set where ${first.test.subject.text} is "${s.value}"` } : v);
  }
  if (before) {
    const prior = ctx.scope.lookup(n.text, stmt);
    if (!prior.value || prior.param) return undefined;
    options.push(resolveValue(prior.value, ctx, depth + 1));
  }
  return oneOrUnion(dedupeValues(options), n);
}

/** Where `value` is the right side of `a, b = value`: the place of `name` among the names, and how many there are. */
function unpackedPlace(value: Node, name: string): { index: number; count: number } | undefined {
  const assign = value.parent;
  const left = assign?.type === 'assignment' ? field(assign, 'left') : undefined;
  if (!left || (left.type !== 'pattern_list' && left.type !== 'tuple_pattern') || field(assign!, 'right')?.id !== value.id) return undefined;
  const names = kids(left).filter((k) => k.isNamed);
  const index = names.findIndex((k) => k.type === 'identifier' && k.text === name);
  return index < 0 ? undefined : { index, count: names.length };
}

/** The `**name` parameter of a frame's function: the call's named arguments that no other parameter takes. */
function frameKeywords(f: Frame, name: string): Value | undefined {
  const params = parametersOf(f.fn);
  if (!params.some((p) => p.rest === 'keyword' && p.name === name)) return undefined;
  const own = new Set(params.map((p) => p.name));
  const entries = new Map<string, Node>();
  let ctx: ValueContext | undefined;
  for (const [k, a] of f.args) {
    if (own.has(k)) continue;
    entries.set(k, a.node);
    ctx ??= a.ctx;
  }
  const first = entries.values().next().value;
  return first && ctx ? { kind: 'dict', entries, node: first.parent ?? first, ctx } : undefined;
}

/**
 * A dict the code writes into after building it, up to where it is used, in the same function:
 * `params["stop"] = stop`, `params.update(kwargs)`, `params.update(model=…)` (later writes win).
 */
function withDictWrites(dict: Extract<Value, { kind: 'dict' }>, built: Node, use: Node, ctx: ValueContext, depth: number, keysOnly = false): Value {
  const fn = ctx.scope.functionAround(use);
  // Writes between the assignment the dict comes from and the use.
  const since = built.tree === use.tree ? built.startIndex : -1;
  const writes: { at: number; entries: Map<string, Node> }[] = [];
  // (On what a call returned, only `x["k"] = …`: `x.k = …` sets an attribute of an object.)
  for (const [k, node] of dictAssignments(use, ctx, keysOnly)) if (node.startIndex > since) writes.push({ at: node.startIndex, entries: new Map([[k, node]]) });
  for (const call of callsNamed(ctx.scope, 'update')) {
    if (call.startIndex <= since || call.startIndex >= use.startIndex || ctx.scope.functionAround(call)?.id !== fn?.id) continue;
    const callee = unwrap(calleeOf(call)!);
    if (callee.type !== 'attribute' || field(callee, 'object')?.text !== use.text) continue;
    const a = argsOf(call);
    const entries = new Map(a.named);
    const from = a.positional[0] ? resolveValue(a.positional[0], ctx, depth + 1) : undefined;
    if (from?.kind === 'dict') for (const [k, node] of from.entries) if (!entries.has(k)) entries.set(k, node);
    if (entries.size) writes.push({ at: call.startIndex, entries });
  }
  if (!writes.length) return dict;
  const entries = new Map(dict.entries);
  for (const w of writes.sort((x, y) => x.at - y.at)) for (const [k, node] of w.entries) entries.set(k, node);
  return { ...dict, entries };
}

/**
 * A loop variable over a list the code writes: `for model in MODELS:`, `for model, env in [(…), (…)]:`,
 * `for (const model of MODELS)`: each item (or each tuple's item at the variable's place) is a value.
 */
function loopVariableValue(n: Node, ctx: ValueContext, depth: number): Value | undefined {
  const loop = loopItems(n, ctx, depth);
  if (!loop) return undefined;
  const options = loop.items.map((item) => {
    const v = resolveValue(item, loop.ctx, depth + 1);
    return v.kind === 'string' ? { ...v, via: `one item of the list \`${clip(loop.list.text)}\` the loop runs over` } : v;
  });
  const strings = dedupeValues(options.filter((o) => o.kind === 'string'));
  if (strings.length === options.length) return strings.length === 1 ? strings[0] : { kind: 'union', options: strings, node: loop.list };
  return options.length === 1 ? options[0] : undefined;
}

/**
 * The items a loop variable takes, as written (each tuple's item at the variable's place), and where
 * they resolve; undefined when `n` is no loop variable over a list the code writes.
 */
export function loopItems(n: Node, ctx: ValueContext, depth = 0): { items: Node[]; ctx: ValueContext; list: Node } | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type !== 'for_statement' && p.type !== 'for_in_statement') continue;
    const left = field(p, 'left');
    const right = field(p, 'right');
    if (!left || !right || n.startIndex < (field(p, 'body') ?? p).startIndex) continue;
    // `for (const k in obj)` runs over keys, not the values written.
    if (p.type === 'for_in_statement' && field(p, 'operator')?.text !== 'of') continue;
    const target = unwrap(left);
    let index = -1;
    if (target.type !== 'identifier' || target.text !== n.text) {
      const names = kids(target).filter((k) => k.isNamed);
      index = names.findIndex((k) => k.type === 'identifier' && k.text === n.text);
      if (index < 0) continue;
    }
    const list = resolveValue(right, ctx, depth + 1);
    if (list.kind !== 'list' || list.items.length === 0 || list.items.length > 32) return undefined;
    const items: Node[] = [];
    for (const item of list.items) {
      let node: Node | undefined = unwrap(item);
      if (index >= 0) node = (node.type === 'tuple' || node.type === 'array' || node.type === 'list' ? kids(node).filter((k) => k.isNamed)[index] : undefined);
      if (!node) return undefined;
      items.push(node);
    }
    return { items, ctx: ctxOf(list, ctx), list: right };
  }
  return undefined;
}

/**
 * The named function whose parameter `n` is (lambdas and arrows assigned to a name count), and how
 * its callers name it: `__init__`/`constructor` are called by the class's name.
 */
function functionOfParameter(n: Node, at: Node, ctx: ValueContext): { fn: Node; name: string; index: number; bound: boolean; default?: Node; ctor?: boolean; rest?: 'positional' | 'keyword'; names: string[] } | undefined {
  for (let fn = ctx.scope.functionAround(at); fn; fn = ctx.scope.functionAround(fn)) {
    const params = parametersOf(fn);
    const i = params.findIndex((p) => p.name === n.text || p.destructured?.includes(n.text));
    if (i < 0) continue;
    const nameNode = field(fn, 'name') ?? (fn.parent?.type === 'variable_declarator' ? field(fn.parent, 'name') : undefined);
    if (!nameNode) return undefined;
    const cls = methodClass(fn);
    const skip = cls && (params[0]?.name === 'self' || params[0]?.name === 'cls') ? 1 : 0;
    const index = params[i].destructured ? -1 - (i - skip) : i - skip;
    const ctor = cls && (nameNode.text === '__init__' || nameNode.text === 'constructor');
    const className = ctor ? field(cls, 'name')?.text : undefined;
    if (ctor && !className) return undefined;
    // A classmethod or staticmethod is called on the class (`Provider.make(…)`), from any file.
    const onClass = !!cls && (decoratedWith(fn, 'classmethod') || decoratedWith(fn, 'staticmethod'));
    // A destructured name's default is its own (`{ a = 1 }`), not the whole object's (`{ a } = {}`).
    const dflt = params[i].destructured ? params[i].destructuredDefaults?.get(n.text) : params[i].default;
    return { fn: ctor ? cls : fn, name: className ?? nameNode.text, index, bound: !!cls && !ctor && !onClass, default: dflt, ctor: !!ctor, rest: params[i].rest, names: params.map((q) => q.name) };
  }
  return undefined;
}

/** The class a function is a method of, when it is one. */
function methodClass(fn: Node): Node | undefined {
  let p = fn.parent;
  if (p?.type === 'decorated_definition') p = p.parent;
  if (p?.type === 'block' && p.parent?.type === 'class_definition') return p.parent;
  if (p?.type === 'class_body' && p.parent && (p.parent.type === 'class_declaration' || p.parent.type === 'class')) return p.parent;
  return undefined;
}

/**
 * A parameter's values from the calls of its function: in this file, and (through the program)
 * in the workspace files that import it. Bounded in levels and in calls read; several values make
 * a set, one makes a value, none leaves the parameter to its default.
 */
function parameterFromCallers(n: Node, at: Node, ctx: ValueContext, depth: number): Value | undefined {
  const level = ctx.callerDepth ?? 0;
  if (level >= MAX_CALLER_DEPTH) return undefined;
  const p = functionOfParameter(n, at, ctx);
  if (!p) return undefined;
  // The instance is of a known subclass: its constructor's `super().__init__(…)` is the one caller.
  const viaSuper = p.ctor && ctx.selfClass ? superInitCall(p.fn, ctx) : undefined;
  const calls = viaSuper ? [viaSuper] : callersOf(p.fn, p.name, p.bound, ctx);
  if (!calls.length) return undefined;
  const values: Value[] = [];
  let missing = false;
  // `**kwargs`: the named arguments callers pass beyond the function's own parameters (and what they splat in turn).
  const rest = p.rest === 'keyword' ? p.names : undefined;
  const hops = ctx.kwargsHops ?? 0;
  if (rest && hops >= MAX_CALLER_DEPTH) return undefined;
  // What tests pass (`model="test-model"`) is not what production runs: a function outside the
  // tests takes its model ids and numbers from the callers outside them. The objects tests pass (an
  // agent built on a fake model) still say what the parameter is, and are kept.
  const ownTest = inTests(ctx.path);
  const fromTests: string[] = [];
  /** Arguments callers pass that do not resolve: where, and what they pass. */
  const unresolved: { at: string; text: string }[] = [];
  for (const { call, ctx: cctx, args: a } of calls.slice(0, MAX_CALLERS)) {
    const testCaller = !ownTest && inTests(cctx.path);
    if (testCaller) fromTests.push(cctx.path);
    if (rest) {
      if (testCaller) continue;
      // Handing `**kwargs` on is not a level of callers of its own: the arguments are the outer caller's.
      const passed = withSplats(a, { ...cctx, callerDepth: level, kwargsHops: hops + 1, callers: true });
      const entries = new Map([...passed.named].filter(([k]) => !rest.includes(k)));
      if (entries.size) values.push({ kind: 'dict', entries, node: call, ctx: cctx });
      continue;
    }
    let arg: Node | undefined;
    if (p.index < 0) {
      const obj = a.positional[-1 - p.index];
      const v = obj ? resolveValue(obj, { ...cctx, callerDepth: level + 1, callers: true }) : undefined;
      arg = v?.kind === 'dict' ? v.entries.get(n.text) : undefined;
    } else arg = a.named.get(n.text) ?? a.positional[p.index];
    if (!arg) {
      missing = true;
      continue;
    }
    const v = resolveValue(arg, { ...cctx, callerDepth: level + (viaSuper ? 0 : 1), frame: undefined, callers: true }, depth + 1);
    // JS: `undefined` handed on (written, or a parameter no caller gives) makes the default apply.
    if (v.kind === 'unknown' && isUndefinedArgument(arg, cctx, level + 1)) {
      missing = true;
      continue;
    }
    if (v.kind === 'unknown' && v.name !== 'self' && !testCaller) unresolved.push({ at: `${cctx.path}:${call.startPosition.row + 1}`, text: arg.text });
    for (const o of v.kind === 'union' ? v.options : [v]) {
      // The instance a caller hands on (`Helper(self)`) is kept: its attributes can be read.
      if (o.kind === 'unknown' && o.name !== 'self') continue;
      if (testCaller && SCALAR_KINDS.has(o.kind)) continue;
      const at = `${cctx.path}:${call.startPosition.row + 1}`;
      values.push(o.kind === 'string' ? { ...o, via: o.via ? `${o.via}, passed by the caller at ${at}` : `passed by the caller at ${at}` } : o);
    }
  }
  if (missing && p.default) {
    const d = resolveValue(p.default, ctx, depth + 1);
    if (d.kind !== 'unknown') values.push(d.kind === 'string' ? { ...d, via: `default of parameter \`${n.text}\`` } : d);
  }
  const distinct = dedupeValues(values);
  if (!distinct.length) {
    // With a default, the lookup goes on to it (as before); without one, say where the value comes from.
    if (p.default) return undefined;
    if (unresolved.length) return { kind: 'unknown', reason: `\`${n.text}\` comes from the caller${unresolved.length > 1 ? 's' : ''} at ${unresolved.slice(0, 2).map((u) => `${u.at} (\`${clip(u.text)}\`)`).join(', ')}`, node: n, name: n.text };
    if (fromTests.length && !missing && fromTests.length === Math.min(calls.length, MAX_CALLERS)) return { kind: 'unknown', reason: `\`${n.text}\` is a parameter only tests pass (${[...new Set(fromTests)].slice(0, 2).join(', ')})`, node: n, name: n.text };
    return undefined;
  }
  if (distinct.length === 1) return distinct[0];
  return { kind: 'union', options: distinct, node: n };
}

/** Whether a file is test code (by the scope conventions, and test files' names, fixtures and mocks). */
const inTests = (path: string): boolean => isTestPath(path) || scopeOf(path).scope === 'test';

/** Values a test's arguments give that production does not share: literals. */
const SCALAR_KINDS = new Set<Value['kind']>(['string', 'number', 'bool', 'template']);

/**
 * The arguments the callers of a parameter's function pass for it, as written (one level), for a
 * reader that reads them its own way: a URL built in the caller (`url = f"{base}{path}" if … else …`)
 * is no one value, but its text still says where the request goes.
 */
export function argumentsFromCallers(n: Node, ctx: ValueContext): { node: Node; ctx: ValueContext }[] {
  const u = unwrap(n);
  const level = ctx.callerDepth ?? 0;
  if (u.type !== 'identifier' || level >= MAX_CALLER_DEPTH) return [];
  const at = lookupPoint(u, ctx);
  if (!ctx.scope.lookup(u.text, at).param) return [];
  const p = functionOfParameter(u, at, ctx);
  if (!p || p.rest) return [];
  const out: { node: Node; ctx: ValueContext }[] = [];
  for (const { ctx: cctx, args: a } of callersOf(p.fn, p.name, p.bound, ctx).slice(0, MAX_CALLERS)) {
    const c = { ...cctx, callerDepth: level + 1, callers: true, frame: undefined };
    let arg: Node | undefined;
    if (p.index < 0) {
      const obj = a.positional[-1 - p.index];
      const v = obj ? resolveValue(obj, c) : undefined;
      arg = v?.kind === 'dict' ? v.entries.get(u.text) : undefined;
    } else arg = a.named.get(u.text) ?? a.positional[p.index];
    if (arg) out.push({ node: arg, ctx: c });
  }
  return out;
}

/**
 * Whether a JS argument is `undefined` when the call runs: the word itself, or a parameter without
 * a default that none of its function's callers gives (`({ modelId, text }) => ask(body, modelId)`
 * called as `summarize({ text })`). Not Python: `None` passed is not a default.
 */
function isUndefinedArgument(arg: Node, ctx: ValueContext, level: number): boolean {
  if (ctx.scope.family === 'py') return false;
  const u = unwrap(arg);
  if (u.type === 'undefined') return true;
  if ((u.type !== 'identifier' && u.type !== 'shorthand_property_identifier') || level >= MAX_CALLER_DEPTH) return false;
  const found = ctx.scope.lookup(u.text, u);
  if (!found.param) return false;
  const p = functionOfParameter(u, u, ctx);
  if (!p || p.default || p.rest) return false;
  const calls = callersOf(p.fn, p.name, p.bound, ctx);
  // Every call is read, or the ones not read could give it.
  if (!calls.length || calls.length > MAX_CALLERS) return false;
  return calls.every(({ ctx: cctx, args: a }) => {
    if (a.spread) return false;
    let given: Node | undefined;
    if (p.index < 0) {
      const obj = a.positional[-1 - p.index];
      if (!obj) return true;
      const v = resolveValue(obj, { ...cctx, callerDepth: level + 1, callers: true });
      // An object that cannot be read, or spreads another in, may hold it.
      if (v.kind !== 'dict' || kids(unwrap(v.node)).some((k) => k.type === 'spread_element')) return false;
      given = v.entries.get(u.text);
    } else given = a.positional[p.index];
    return !given || isUndefinedArgument(given, cctx, level + 1);
  });
}

function dedupeValues(values: Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const v of values) {
    const key = v.kind === 'string' || v.kind === 'number' || v.kind === 'bool' ? `${v.kind}:${String(v.value)}` : v.node ? `${v.kind}@${v.node.startIndex}:${v.node.endIndex}:${v.node.text.slice(0, 40)}` : v.kind;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

/**
 * In the subclass (of `ctx.selfClass`'s lineage) that derives from `base`, the call of the base
 * constructor: `super().__init__(…)`, `super(Sub, self).__init__(…)` or `Base.__init__(self, …)`.
 */
function superInitCall(base: Node, ctx: ValueContext): CallerCall | undefined {
  const lineage = classLineage(ctx.selfClass!.node, ctx.selfClass!.ctx);
  const i = lineage.findIndex((k) => k.node.startIndex === base.startIndex && k.node.endIndex === base.endIndex);
  if (i <= 0) return undefined;
  const sub = lineage[i - 1];
  const init = sub.ctx.scope.methodOf(sub.node, '__init__') ?? sub.ctx.scope.methodOf(sub.node, 'constructor');
  if (!init) return undefined;
  for (const c of sub.ctx.scope.calls) {
    if (c.startIndex < init.startIndex || c.endIndex > init.endIndex) continue;
    const callee = calleeOf(c);
    if (!callee) continue;
    const text = callee.text.replace(/\s+/g, '');
    if (callee.type === 'super') return { call: c, ctx: { ...sub.ctx, selfClass: ctx.selfClass }, args: argsOf(c) };
    if (/^super\([^()]*\)\.__init__$/.test(text)) return { call: c, ctx: { ...sub.ctx, selfClass: ctx.selfClass }, args: argsOf(c) };
    if (text.endsWith('.__init__') && text.split('.').length === 2) {
      const a = argsOf(c);
      return { call: c, ctx: { ...sub.ctx, selfClass: ctx.selfClass }, args: { ...a, positional: a.positional.slice(1) } };
    }
  }
  return undefined;
}

/**
 * Helpers that call a function they are handed with the arguments that follow it:
 * `trio.to_thread.run_sync(fn, a, b)`, `executor.submit(fn, a)`, `partial(fn, a)`,
 * `loop.run_in_executor(None, fn, a)`.
 */
const RUNNERS = new Set(['run_sync', 'to_thread', 'submit', 'partial', 'run_in_executor', 'start_soon', 'call_soon', 'spawn', 'defer', 'apply_async', 'run_until_complete', 'run_in_threadpool']);
/**
 * Helpers that wrap a function in one that takes its arguments: `cl.make_async(fn)(a)` (Chainlit),
 * `sync_to_async(fn)(a)` (asgiref), `asyncify(fn)(a)` (asyncer).
 */
export const WRAPPERS: ReadonlySet<string> = new Set(['make_async', 'sync_to_async', 'async_to_sync', 'asyncify']);

/** `\u0000make_async` for `make_async(fn)(…)`: where callsNamed indexes calls of a wrapped function. */
function wrappedKey(call: Node): string {
  const callee = calleeOf(call);
  const inner = callee ? unwrap(callee) : undefined;
  const name = inner && isCall(inner) ? calleeName(inner) : '';
  return WRAPPERS.has(name) ? `\u0000${name}` : '';
}

/** A call of a function: the call, where it is, and the arguments the function receives. */
export interface CallerCall {
  call: Node;
  ctx: ValueContext;
  args: Args;
}

/** The last name of a call's callee: `f` of `f(…)`, `m` of `a.b.m(…)`; '' when it has none. */
function calleeName(call: Node): string {
  const callee = calleeOf(call);
  if (!callee) return '';
  const u = unwrap(callee);
  return memberChain(u).members.slice(-1)[0] ?? (u.type === 'identifier' ? u.text : '');
}

const callIndexes = new WeakMap<Scope, Map<string, Node[]>>();

/**
 * A file's calls under a callee name, and the calls of runners (which may hand on a function by
 * name), indexed once per parse: a caller search looks at those, not at every call of every file
 * that mentions the name (quadratic in a workspace whose files share function names).
 */
function callsNamed(scope: Scope, name: string): Node[] {
  let index = callIndexes.get(scope);
  if (!index) {
    index = new Map();
    for (const call of scope.calls) {
      const key = calleeName(call) || wrappedKey(call);
      if (!key) continue;
      const list = index.get(key);
      if (list) list.push(call);
      else index.set(key, [call]);
    }
    callIndexes.set(scope, index);
  }
  const named = index.get(name) ?? [];
  const runners = [...RUNNERS, ...[...WRAPPERS].map((w) => `\u0000${w}`)].flatMap((r) => (r === name ? [] : index!.get(r) ?? []));
  // Document order, as the walk over every call gave them.
  return runners.length ? [...named, ...runners].sort((a, b) => a.startIndex - b.startIndex) : named;
}

/** Calls of a function by name: in its own file, and in the workspace files that mention it (directly, or handed to a runner). */
export function callersOf(fn: Node, name: string, bound: boolean, ctx: ValueContext): CallerCall[] {
  const out: CallerCall[] = [];
  // The same definition, whichever parse of its file a node comes from (the file analysed, or the program's copy).
  const fnPath = ctx.program?.pathOf(fn) ?? ctx.path;
  const isDefinition = (d: Node, dctx: ValueContext) => d.startIndex === fn.startIndex && d.endIndex === fn.endIndex && (d.tree === fn.tree || (ctx.program?.pathOf(d) ?? dctx.path) === fnPath);
  // A method's class: its callers in other files call it on an instance of that class (or of a subclass).
  const owner = bound ? methodClass(fn) : undefined;
  const ownerPath = owner ? ctx.program?.pathOf(owner) ?? ctx.path : undefined;
  const isInstanceOf = (obj: Node | undefined, cctx: ValueContext): boolean => {
    const made = obj && owner ? instanceClass(obj, cctx) : undefined;
    return !!made && classLineage(made.node, made.ctx).some((k) => k.node.startIndex === owner!.startIndex && k.node.endIndex === owner!.endIndex && (k.node.tree === owner!.tree || (ctx.program?.pathOf(k.node) ?? k.ctx.path) === ownerPath));
  };
  const isFn = (ref: Node, cctx: ValueContext): boolean => {
    const u = unwrap(ref);
    if (u.type === 'identifier' && u.text === name) {
      if (cctx.path === ctx.path) return true;
      const c = callableOf(u, cctx);
      return !!c && isDefinition(c.node, c.ctx);
    }
    if ((u.type === 'attribute' || u.type === 'member_expression') && memberChain(u).members.slice(-1)[0] === name) {
      // A method: any `x.name(…)` of its own file; in another file, only on an instance the code shows made of its class.
      if (bound) return cctx.path === ctx.path || isInstanceOf(field(u, 'object'), cctx);
      const c = callableOf(u, cctx);
      return !!c && isDefinition(c.node, c.ctx);
    }
    return false;
  };
  const callOf = (call: Node, cctx: ValueContext): Args | undefined => {
    const callee = calleeOf(call);
    if (!callee) return undefined;
    if (bound ? unwrap(callee).type !== 'identifier' && isFn(callee, cctx) : isFn(callee, cctx)) return argsOf(call);
    // fn wrapped (`cl.make_async(fn)(a)`): the wrapper's call takes fn's arguments.
    const wrapped = unwrap(callee);
    if (isCall(wrapped)) {
      const f = WRAPPERS.has(calleeName(wrapped)) ? argsOf(wrapped).positional[0] : undefined;
      return f && isFn(f, cctx) ? argsOf(call) : undefined;
    }
    // fn handed to a runner: the arguments after it are fn's.
    const last = memberChain(unwrap(callee)).members.slice(-1)[0] ?? (unwrap(callee).type === 'identifier' ? unwrap(callee).text : '');
    if (!RUNNERS.has(last)) return undefined;
    const a = argsOf(call);
    const i = a.positional.findIndex((p) => isFn(p, cctx));
    if (i < 0) return undefined;
    return { positional: a.positional.slice(i + 1), named: a.named, spread: a.spread };
  };
  const inside = (call: Node) => call.startIndex >= fn.startIndex && call.endIndex <= fn.endIndex && call.tree === fn.tree;
  // A class is also made by its own factories: `return cls(llm)` in a classmethod, `ClassName(…)` in a method.
  const isClass = fn.type === 'class_definition' || fn.type === 'class_declaration' || fn.type === 'class';
  for (const call of callsNamed(ctx.scope, name)) {
    if (call.id === fn.id || (inside(call) && !bound && !isClass)) continue;
    const args = callOf(call, ctx);
    if (args) out.push({ call, ctx, args });
  }
  if (isClass) {
    for (const call of callsNamed(ctx.scope, 'cls')) {
      const callee = calleeOf(call);
      if (inside(call) && callee && unwrap(callee).type === 'identifier') out.push({ call, ctx, args: argsOf(call) });
    }
  }
  const program = ctx.program;
  // A method's callers elsewhere make or name an instance of its class there: only files that mention the class are read.
  const className = owner ? field(owner, 'name')?.text : undefined;
  const mentioning = program && className ? new Set(program.filesMentioning(className)) : undefined;
  // A subclass's instance is one too (`DefaultHandler(role).handle(…)` calls Handler.handle): files naming a subclass count.
  if (program && className && mentioning) for (const sub of subclassNames(program, className, [...mentioning])) for (const f of program.filesMentioning(sub)) mentioning.add(f);
  // Tests call a method with their fixtures' values (`model="fake-model"`), not what production runs.
  const skipTests = !!className && !inTests(ctx.path);
  if (program && (!bound || className)) {
    for (const file of program.filesCalling(name)) {
      if (mentioning && !mentioning.has(file)) continue;
      if (skipTests && inTests(file)) continue;
      if (file === ctx.path || out.length >= MAX_CALLERS) continue;
      // Reading another file of the program may parse it: not past the budget.
      checkDeadline();
      const mod = program.module(file);
      if (!mod) continue;
      for (const call of callsNamed(mod.ctx.scope, name)) {
        const args = callOf(call, mod.ctx);
        if (args) out.push({ call, ctx: mod.ctx, args });
      }
    }
  }
  return out;
}

/** Files read at most to find a class's subclasses, and levels of subclasses. */
const MAX_SUBCLASS_FILES = 24;
const subclassIndex = new WeakMap<Program, Map<string, string[]>>();

/**
 * The names of the workspace classes deriving from the class named `className` (two levels:
 * `ReplHandler(ChatHandler)`, `ChatHandler(Handler)`), found in the files that mention it. By name:
 * a same-named class elsewhere makes a file read in vain, never a caller taken (isInstanceOf checks).
 */
function subclassNames(program: Program, className: string, files: string[]): string[] {
  let memo = subclassIndex.get(program);
  if (!memo) subclassIndex.set(program, (memo = new Map()));
  const known = memo.get(className);
  if (known) return known;
  const out: string[] = [];
  memo.set(className, out);
  let names = [className];
  let among = files;
  for (let level = 0; level < 2 && names.length; level++) {
    const next: string[] = [];
    for (const file of among.slice(0, MAX_SUBCLASS_FILES)) {
      const mod = program.module(file);
      if (!mod || mod.ctx.scope.family !== 'py') continue;
      for (const s of kids(mod.ctx.scope.root)) {
        const cls = s.type === 'decorated_definition' ? field(s, 'definition') : s;
        const bases = cls?.type === 'class_definition' ? field(cls, 'superclasses') : undefined;
        const name = cls ? field(cls, 'name')?.text : undefined;
        if (!bases || !name || out.includes(name) || name === className) continue;
        if (kids(bases).some((b) => names.includes(b.type === 'attribute' ? field(b, 'attribute')?.text ?? '' : b.text))) next.push(name);
      }
    }
    out.push(...next);
    names = next;
    among = [...new Set(next.flatMap((n) => program.filesMentioning(n)))];
  }
  return out;
}

/**
 * The class of the instance an expression holds, when the code shows it made: `c = Classifier(…)`,
 * `c = Classifier.load(path)` (a factory of the class), in the expression's own file.
 */
function instanceClass(obj: Node, ctx: ValueContext): Callable | undefined {
  let known = instanceClasses.get(obj.tree);
  if (!known) instanceClasses.set(obj.tree, (known = new Map()));
  const k = known.get(obj.id);
  if (k !== undefined) return k ?? undefined;
  const found = madeClass(obj, ctx);
  known.set(obj.id, found ?? null);
  return found;
}

/** Receivers' classes, per parse (the same calls are read for each parameter of a method). */
const instanceClasses = new WeakMap<object, Map<number, Callable | null>>();

function madeClass(obj: Node, ctx: ValueContext): Callable | undefined {
  // Its own file only: what callers pass is not followed to find a receiver's class.
  const v = resolveValue(obj, { ...ctx, callers: false, frame: undefined });
  if (v.kind !== 'call') return undefined;
  const vctx = ctxOf(v, ctx);
  const callee = calleeOf(v.node);
  if (!callee) return undefined;
  const made = callableOf(callee, vctx);
  return made?.kind === 'class' ? made : factoryClass(callee, vctx);
}

function isTextual(v: Value): boolean {
  return v.kind === 'string' || v.kind === 'template';
}

function pieces(v: Value, node: Node): TemplatePiece[] {
  if (v.kind === 'string') return [{ text: v.value, node }];
  if (v.kind === 'template') return v.pieces;
  return [{ expr: node, name: node.text }];
}

/**
 * The text of an f-string or template literal whose placeholders the code determines
 * (`f"models/{MODEL_ID}"` with `MODEL_ID = "gemini-2.5-flash"`), else undefined.
 */
export function templateText(v: Extract<Value, { kind: 'template' }>, ctx: ValueContext): string | undefined {
  let out = '';
  for (const p of v.pieces) {
    if ('text' in p) out += p.text;
    else {
      const x = single(resolveValue(p.expr, contextFor(p.expr, v.ctx ?? ctx), 1));
      if (x.kind !== 'string') return undefined;
      out += x.value;
    }
  }
  return out;
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

function importedValue(binding: ImportBinding, node: Node, ctx: ValueContext, depth: number): Value {
  if (ctx.program) {
    const exp = ctx.program.exportOf(ctx.path, binding.module, binding.name);
    if (exp?.kind === 'value') {
      const v = resolveValue(exp.node, exp.ctx, depth + 1);
      return v.kind === 'string' && !v.via ? { ...v, via: `${binding.name} from ${binding.module}` } : v;
    }
    if (exp?.kind === 'import') return { kind: 'imported', binding: exp.binding, node };
  }
  if (ctx.resolveImport && binding.name !== '*' && binding.name !== 'default') {
    const r = ctx.resolveImport(ctx.path, binding.module, binding.name);
    const value = r?.value;
    if (typeof value === 'number') return { kind: 'number', value, node };
    if (typeof value === 'string') return { kind: 'string', value, node, via: `${binding.name} from ${binding.module}` };
  }
  return { kind: 'imported', binding, node };
}

const ENV_GETTERS = new Set(['os.getenv', 'os.environ.get', 'environ.get', 'getenv']);

/** The destination an argparse/click option writes: `--model-id` → model_id, `-m`/`--model` → model. */
function optionDest(a: Args): string | undefined {
  const dest = a.named.get('dest');
  const d = dest ? stringValue(dest) : undefined;
  if (d) return d;
  const names = a.positional.map((p) => stringValue(p)).filter((x): x is string => x !== undefined);
  const long = names.find((x) => x.startsWith('--')) ?? names.find((x) => !x.startsWith('-')) ?? names[0];
  return long?.replace(/^-+/, '').replace(/-/g, '_');
}

/**
 * `parser.parse_args()` (or `parse_known_args()`): the default the parser's `add_argument` gives
 * `member` (`parser.add_argument("--model", default="gpt-4o")`), in the same file.
 */
function argparseDefault(callee: Node, member: string, ctx: ValueContext): Node | undefined {
  const u = unwrap(callee);
  if (u.type !== 'attribute') return undefined;
  const method = field(u, 'attribute')?.text;
  if (method !== 'parse_args' && method !== 'parse_known_args') return undefined;
  const parserNode = field(u, 'object');
  const parserText = parserNode?.text;
  // `_build_parser().parse_args()`: the parser a helper of the file builds and returns.
  const builderCallee = parserNode && isCall(unwrap(parserNode)) ? calleeOf(unwrap(parserNode)) : undefined;
  const builder = builderCallee ? callableOf(builderCallee, ctx) : undefined;
  const inBuilder = (c: Node) => builder?.kind === 'function' && c.tree === builder.node.tree && c.startIndex >= builder.node.startIndex && c.endIndex <= builder.node.endIndex;
  for (const c of builder?.kind === 'function' ? builder.ctx.scope.calls : ctx.scope.calls) {
    const cc = calleeOf(c);
    if (cc?.type !== 'attribute' || field(cc, 'attribute')?.text !== 'add_argument') continue;
    // The parser itself or one of its argument groups.
    const target = field(cc, 'object')?.text;
    if (builder?.kind === 'function' ? !inBuilder(c) : target !== parserText && !ctx.scope.lookup(target ?? '', c).value?.text.includes('add_argument_group')) continue;
    const a = argsOf(c);
    if (optionDest(a) !== member) continue;
    return a.named.get('default');
  }
  return undefined;
}

/** `@click.option("--model", default="gpt-4o")` on the function whose parameter `name` is. */
function decoratorDefault(fn: Node, name: string): Node | undefined {
  for (const d of decoratorsOf(fn)) {
    const call = kids(d).find((k) => k.type === 'call');
    const callee = call ? calleeOf(call) : undefined;
    const last = callee ? (callee.type === 'attribute' ? field(callee, 'attribute')?.text : callee.text) : undefined;
    if (!call || (last !== 'option' && last !== 'argument')) continue;
    const a = argsOf(call);
    if (optionDest(a) === name) return a.named.get('default');
  }
  return undefined;
}

/**
 * `params.get("model") or MODEL`: a lookup the code cannot read (a request's query, a dict passed in)
 * with a written fallback: the fallback is what the code says, as for an environment variable's default.
 */
function orDefaultApplies(left: Value, right: Node, ctx: ValueContext, depth: number): boolean {
  if (left.kind !== 'call') return false;
  const r = resolveValue(right, ctx, depth + 1);
  return r.kind === 'string';
}

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
    return { kind: 'unknown', reason: `environment variable ${envName ?? '?'} with no default`, node: n, env: envName };
  }
  // typer: `model: str = typer.Option("gpt-4o")` — the option's default.
  if (name && /(^|\.)(Option|Argument)$/.test(name) && (name.startsWith('typer.') || ctx.scope.lookup(name.split('.')[0], n).imported?.module === 'typer')) {
    const a = argsOf(n);
    const def = a.named.get('default') ?? (a.positional[0] && a.positional[0].type !== 'ellipsis' ? a.positional[0] : undefined);
    if (def) {
      const v = resolveValue(def, ctx, depth + 1);
      return v.kind === 'string' ? { ...v, via: 'default of the command-line option' } : v;
    }
  }
  // A Streamlit choice (`st.selectbox("Model", ["gpt-4o", "gpt-4o-mini"], index=0)`, `st.sidebar.radio`):
  // the option shown selected when the page opens, the others as alternatives.
  if (name && /(^|\.)(selectbox|radio|select_slider|pills|segmented_control)$/.test(name) && ctx.scope.lookup(name.split('.')[0], n).imported?.module === 'streamlit') {
    const a = argsOf(n);
    const opts = a.positional[1] ?? a.named.get('options');
    const list = opts ? single(resolveValue(opts, ctx, depth + 1)) : undefined;
    if (list?.kind === 'list') {
      const values = list.items.map((i) => resolveValue(i, ctx, depth + 1));
      if (values.length && values.every((v) => v.kind === 'string')) {
        const idx = a.named.get('index');
        const iv = idx ? single(resolveValue(idx, ctx, depth + 1)) : undefined;
        const first = iv?.kind === 'number' && iv.value >= 0 && iv.value < values.length ? iv.value : 0;
        const ordered = [values[first], ...values.filter((_, i) => i !== first)].map((v) => ({ ...v, via: `the option \`${clip(n.text)}\` opens on` }) as Value);
        return oneOrUnion(dedupeValues(ordered), n)!;
      }
    }
  }
  // `typing.cast(T, x)` is `x` at run time.
  if (name && /(^|\.)cast$/.test(name) && (name === 'typing.cast' || ctx.scope.lookup('cast', n).imported?.module === 'typing')) {
    const x = argsOf(n).positional[1];
    if (x) return resolveValue(x, ctx, depth + 1);
  }
  // `model.replace(":latest", "")`, `name.strip().lower()`: a pure string method on a known string.
  const edited = callee ? stringMethod(n, callee, ctx, depth) : undefined;
  if (edited) return edited;
  // `DEFAULTS.copy()`, `dict(DEFAULTS)`: the same entries (what is written into the copy after is withDictWrites's).
  const copied = callee ? copiedDict(n, callee, ctx, depth) : undefined;
  if (copied) return copied;
  // `cl.user_session.get("chain")`: what the app's handlers stored under that key.
  const stored = callee ? userSessionValue(n, callee, ctx, depth) : undefined;
  if (stored) return stored;
  // `AGENTS.get(name, triage_agent)` on a dict the code writes: the entry for a key the code names,
  // else any of its values, or the default (a registry of agents or models looked up per request).
  const fromDict = callee ? dictGet(n, callee, ctx, depth) : undefined;
  if (fromDict) return fromDict;
  // A helper that returns text (a prompt, a model id): what it returns for these arguments.
  if (callee) {
    const fn = callableOf(callee, ctx);
    if (fn?.kind === 'function') {
      const inner = enterCall(fn, n, ctx);
      const returns = returnExpressions(fn.node);
      const values = returns.map((r) => resolveValue(r, inner, depth + 1));
      const texts = values.filter((v) => v.kind === 'string' || v.kind === 'template');
      const strings = dedupeValues(values.filter((v) => v.kind === 'string'));
      if (strings.length > 1 && strings.length === values.length) return { kind: 'union', options: strings, node: n };
      if (strings.length === 1 && values.every((v) => v.kind === 'string')) return strings[0];
      // One return, or several of the same (a table of defaults, or a copy of it): whatever it is (a
      // dict of request arguments, a config object), read for these arguments.
      if (values.length === 1 && values[0].kind !== 'unknown') return values[0];
      // Special cases and a return the code does not determine (`_model_mapping(model)` mapping a few
      // names and returning the rest as given): the undetermined one is the general path, not a
      // special case's text.
      const open = values.find((v) => v.kind === 'unknown' || v.kind === 'call');
      if (open && strings.length && texts.length === strings.length) return open;
      const same = values.every((v) => v.kind === 'dict') ? dedupeValues(values) : [];
      if (same.length === 1) return same[0];
      if (texts.length) return texts[texts.length - 1];
    }
  }
  // "…".format(...) / str(x): text with unknown parts. With the context it was read in: a helper's
  // `prompt_path.read_text()` is read with the helper's arguments.
  return { kind: 'call', callee: name ?? callee?.text ?? '?', node: n, ...(ctx.frame ? { ctx } : {}) };
}

/** Python string methods that only compute a new string from the string and their text arguments. */
const STRING_METHODS: Record<string, (s: string, a: string[]) => string | undefined> = {
  replace: (s, [a, b]) => (a === undefined || b === undefined ? undefined : s.split(a).join(b)),
  strip: (s, [c]) => trim(s, c, true, true),
  lstrip: (s, [c]) => trim(s, c, true, false),
  rstrip: (s, [c]) => trim(s, c, false, true),
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  removeprefix: (s, [p]) => (p === undefined ? undefined : s.startsWith(p) ? s.slice(p.length) : s),
  removesuffix: (s, [p]) => (p === undefined ? undefined : p && s.endsWith(p) ? s.slice(0, -p.length) : s),
};

/** Python's strip family: whitespace, or any of the characters given. */
function trim(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  const drop = (c: string) => (chars === undefined ? /\s/.test(c) : chars.includes(c));
  let i = 0;
  let j = s.length;
  while (left && i < j && drop(s[i])) i++;
  while (right && j > i && drop(s[j - 1])) j--;
  return s.slice(i, j);
}

/** `text.replace(a, b)` (and the other STRING_METHODS) where `text` and the arguments are known strings. */
function stringMethod(n: Node, callee: Node, ctx: ValueContext, depth: number): Value | undefined {
  const u = unwrap(callee);
  const method = u.type === 'attribute' ? field(u, 'attribute')?.text : undefined;
  const apply = method && Object.hasOwn(STRING_METHODS, method) ? STRING_METHODS[method] : undefined;
  const obj = apply ? field(u, 'object') : undefined;
  if (!apply || !obj || ctx.scope.family !== 'py') return undefined;
  const a = argsOf(n);
  if (a.named.size || a.spread) return undefined;
  const args: string[] = [];
  for (const p of a.positional) {
    const v = resolveValue(p, ctx, depth + 1);
    if (v.kind !== 'string') return undefined;
    args.push(v.value);
  }
  const base = resolveValue(obj, ctx, depth + 1);
  const each = (v: Value): Value | undefined => {
    const out = v.kind === 'string' ? apply(v.value, args) : undefined;
    return out === undefined ? undefined : { kind: 'string', value: out, node: n, ...(v.kind === 'string' && v.via ? { via: v.via } : {}) };
  };
  if (base.kind === 'union') {
    const options = base.options.map(each);
    return options.every((o): o is Value => !!o) ? oneOrUnion(dedupeValues(options), n) : undefined;
  }
  return each(base);
}

/** The dict a copy is made of: `d.copy()`, `dict(d)`, `copy.copy(d)`, `copy.deepcopy(d)` of a Python dict. */
function copiedDict(n: Node, callee: Node, ctx: ValueContext, depth: number): Value | undefined {
  if (ctx.scope.family !== 'py') return undefined;
  const u = unwrap(callee);
  const a = argsOf(n);
  let from: Node | undefined;
  if (u.type === 'attribute' && field(u, 'attribute')?.text === 'copy' && !a.positional.length) from = field(u, 'object');
  else if ((u.text === 'dict' || u.text === 'copy.copy' || u.text === 'copy.deepcopy') && a.positional.length === 1 && !a.named.size && !a.splats) from = a.positional[0];
  // `dict(messages=messages, **kwargs)`, `dict(base, model=…)`: the keys named (a splat or a base read
  // where it can be; the names written win).
  else if (u.text === 'dict' && a.positional.length <= 1 && (a.named.size || a.splats) && !ctx.scope.lookup('dict', u).value) return dictOfArgs(a, n, ctx, depth);
  const v = from ? resolveValue(from, ctx, depth + 1) : undefined;
  if (v?.kind === 'dict') return v;
  return dictSubclassMade(n, callee, ctx, depth);
}

/**
 * The entries `dict(base, k=v, **more)` starts with: a base or splat read where it can be (with
 * the context its entries resolve in), the names written winning. Entries of another context
 * than the first are left out (a dict value has one context).
 */
function dictOfArgs(a: Args, node: Node, ctx: ValueContext, depth: number): Value {
  const entries = new Map<string, Node>();
  let at: ValueContext | undefined;
  for (const s of [...(a.positional[0] ? [a.positional[0]] : []), ...(a.splats ?? [])]) {
    const v = resolveValue(s, ctx, depth + 1);
    if (v.kind !== 'dict') continue;
    const c = ctxOf(v, ctx);
    if (at && c !== at) continue;
    at = c;
    for (const [k, e] of v.entries) entries.set(k, e);
  }
  // Named arguments resolve where the call is: with another context taken, they are kept only when it is the same.
  if (!at || at === ctx) for (const [k, e] of a.named) entries.set(k, e);
  return { kind: 'dict', entries, node, ...(at && at !== ctx ? { ctx: at } : {}) };
}

/**
 * An instance of a workspace class that subclasses `dict` (`class Config(dict)`, made as
 * `Config(path, **DEFAULT_CONFIG)`): the entries its constructor hands `super().__init__(…)` (or
 * `dict.__init__(self, …)`), read with the call's arguments; without a constructor, the call's own.
 * Reads and writes from a file at run time are not in the code: these are the defaults.
 */
function dictSubclassMade(n: Node, callee: Node, ctx: ValueContext, depth: number): Value | undefined {
  const cls = callableOf(callee, ctx);
  if (cls?.kind !== 'class' || depth > 12) return undefined;
  const bases = field(cls.node, 'superclasses');
  if (!bases || !kids(bases).some((b) => b.type === 'identifier' && b.text === 'dict')) return undefined;
  const init = cls.ctx.scope.methodOf(cls.node, '__init__');
  if (!init) return dictOfArgs(argsOf(n), n, ctx, depth);
  const inner = enterCall({ kind: 'function', node: init, ctx: cls.ctx, bound: true }, n, ctx);
  for (const c of cls.ctx.scope.calls) {
    if (c.tree !== init.tree || c.startIndex < init.startIndex || c.endIndex > init.endIndex) continue;
    const text = calleeOf(c)?.text.replace(/\s+/g, '');
    if (!text || !/^(super\(([^()]*)\)\.__init__|dict\.__init__|super\(\)\.update|self\.update)$/.test(text)) continue;
    const a = argsOf(c);
    const v = dictOfArgs(text === 'dict.__init__' ? { ...a, positional: a.positional.slice(1) } : a, n, inner, depth + 1);
    if (v.kind === 'dict' && v.entries.size) return v;
  }
  return undefined;
}

/** `CONFIG["model"]`, `settings.model`, `process.env.MODEL`, `os.environ["X"]`, `self.config.model`. */
function memberValue(n: Node, ctx: ValueContext, depth: number): Value {
  const chain = memberChain(n);
  const rootText = chain.root.text;
  const session = sessionStateValue(n, chain, ctx, depth);
  if (session) return session;
  if ((rootText === 'process' && chain.members[0] === 'env') || (rootText === 'os' && chain.members[0] === 'environ')) return { kind: 'unknown', reason: `environment variable ${chain.members[1] ?? '?'} with no default`, node: n, env: chain.members[1] };
  // self.x / this.x bound in the class, or a field of the class with a default.
  if ((chain.root.type === 'identifier' && rootText === 'self') || chain.root.type === 'this') {
    // `if not self.config.model: self.config.model = "…"` in the constructor: the config's, else that default.
    const fb = chain.members.length >= 2 && ctx.scope.family === 'py' && n.type === 'attribute' ? constructorFallback(n, ctx) : undefined;
    const v = selfMemberValue(n, chain, ctx, depth);
    return fb ? withFallback(v, fb, n, depth) : v;
  }
  // `cls.DEFAULT_MODEL` in a classmethod: the class's own field.
  if (chain.root.type === 'identifier' && rootText === 'cls') {
    const cls = enclosingClass(n);
    const f = cls ? classField(cls, chain.members[0], ctx) : undefined;
    if (f) return followMembers(resolveValue(f.node, f.ctx, depth + 1), chain.members.slice(1), ctx, depth, n);
  }
  const root = resolveValue(chain.root, ctx, depth + 1);
  // `from .shared_libraries import constants` then `constants.MODEL`: a submodule's own binding.
  if (root.kind === 'imported' && root.binding.name !== '*' && ctx.program) {
    // (A folder without __init__.py is a namespace package: its submodule is found by its dotted name.)
    const sep = root.binding.module.endsWith('.') ? '' : '.';
    const exp = ctx.program.exportOf(ctx.path, root.binding.module, root.binding.name) ?? ctx.program.exportOf(ctx.path, `${root.binding.module}${sep}${root.binding.name}`, '*');
    const inner = exp?.kind === 'module' ? ctx.program.exportFrom(exp.path, chain.members[0], 0) : undefined;
    if (inner?.kind === 'value') return followMembers(resolveValue(inner.node, inner.ctx, depth + 1), chain.members.slice(1), ctx, depth, n);
  }
  if (root.kind === 'imported' && root.binding.name === '*') {
    if (ctx.program) {
      const exp = ctx.program.exportOf(ctx.path, root.binding.module, '*');
      const inner = exp?.kind === 'module' ? ctx.program.exportFrom(exp.path, chain.members[0], 0) : undefined;
      if (inner?.kind === 'value') return followMembers(resolveValue(inner.node, inner.ctx, depth + 1), chain.members.slice(1), ctx, depth, n);
      // `import constants` … `constants.Model.HAIKU_4_5.value`: a field of the module's class.
      if (inner?.kind === 'class' && chain.members.length > 1) {
        const f = classField(inner.node, chain.members[1], inner.ctx);
        if (f) return followMembers(resolveValue(f.node, f.ctx, depth + 1), chain.members.slice(2), ctx, depth, n);
      }
    }
    if (ctx.resolveImport) {
      const r = ctx.resolveImport(ctx.path, root.binding.module, chain.members[0]);
      const value = r?.value;
      if (typeof value === 'number') return { kind: 'number', value, node: n };
      if (typeof value === 'string') return { kind: 'string', value, node: n, via: `${chain.members[0]} from ${root.binding.module}` };
    }
  }
  // A class's own field: `Config.MODEL`.
  if (chain.root.type === 'identifier' && root.kind !== 'dict' && root.kind !== 'call') {
    const cls = callableOf(chain.root, ctx);
    if (cls?.kind === 'class') {
      const f = classField(cls.node, chain.members[0], cls.ctx);
      if (f) return followMembers(resolveValue(f.node, f.ctx, depth + 1), chain.members.slice(1), ctx, depth, n);
    }
  }
  return followMembers(root, chain.members, ctx, depth, n);
}

/** `self.x…` / `this.x…`: bound in the class, a base class, a field's default, or set by the constructor. */
function selfMemberValue(n: Node, chain: { root: Node; members: string[] }, ctx: ValueContext, depth: number): Value {
  const rootText = chain.root.text;
  const found = ctx.scope.lookup(`${rootText}.${chain.members[0]}`, n);
  if (found.value) return followMembers(resolveValue(found.value, ctx, depth + 1), chain.members.slice(1), ctx, depth, n);
  const cls = enclosingClass(n);
  const inherited = cls ? selfAssignment(cls, chain.members[0], ctx) : undefined;
  if (inherited) return followMembers(resolveValue(inherited.node, inherited.ctx, depth + 1), chain.members.slice(1), ctx, depth, n);
  const fieldDefault = cls ? classField(cls, chain.members[0], ctx) : undefined;
  if (fieldDefault) return followMembers(resolveValue(fieldDefault.node, fieldDefault.ctx, depth + 1), chain.members.slice(1), ctx, depth, n);
  // Set by name (`setattr(self, key.lower(), value)` in a loop the constructor runs); only a class
  // that does so is walked (walking every class for every unassigned `self.x` cost seconds on large files).
  const built = cls && ctx.scope.family === 'py' && (ctx.selfClass?.node ?? cls).text.includes('setattr(self') ? constructedAttribute(ctx.selfClass?.node ?? cls, chain.members[0], ctx.selfClass?.ctx ?? ctx, depth + 1) : undefined;
  if (built) return followMembers(built, chain.members.slice(1), ctx, depth, n);
  return { kind: 'unknown', reason: `\`${rootText}.${chain.members[0]}\` is not assigned in this class`, node: n };
}

/** A class and its workspace base classes, nearest first (a simple MRO: depth first, bounded). */
export function classLineage(cls: Node, ctx: ValueContext): { node: Node; ctx: ValueContext }[] {
  const out: { node: Node; ctx: ValueContext }[] = [];
  const visit = (node: Node, c: ValueContext, depth: number) => {
    if (depth > 5 || out.some((o) => o.node.id === node.id && o.node.tree === node.tree)) return;
    out.push({ node, ctx: c });
    const bases = field(node, 'superclasses') ?? kids(node).find((k) => k.type === 'class_heritage');
    for (const b of bases ? kids(bases) : []) {
      const ref = b.type === 'extends_clause' ? kids(b)[0] : b;
      if (!ref || (ref.type !== 'identifier' && ref.type !== 'attribute' && ref.type !== 'member_expression')) continue;
      const base = callableOf(ref, c);
      if (base?.kind === 'class') visit(base.node, base.ctx, depth + 1);
    }
  };
  visit(cls, contextFor(cls, ctx), 0);
  return out;
}

/** `self.name = …` made in a method of a class of the lineage (the subclass's own first). */
function selfAssignment(cls: Node, name: string, ctx: ValueContext): { node: Node; ctx: ValueContext } | undefined {
  const start = ctx.selfClass ?? { node: cls, ctx };
  for (const k of classLineage(start.node, start.ctx)) {
    const bindings = k.ctx.scope.bindings.get(`self.${name}`) ?? k.ctx.scope.bindings.get(`this.${name}`) ?? [];
    const own = bindings.filter((b) => enclosingClass(b.node)?.id === k.node.id);
    if (own.length) return { node: own[own.length - 1].value, ctx: { ...k.ctx, selfClass: start } };
  }
  return undefined;
}

/**
 * A class's field default: `model: str = "x"` in a dataclass, pydantic model or settings class
 * body, `model = "x"` as a class attribute, `model = "x"` in a TypeScript class; the base classes
 * of the workspace are searched too.
 */
export function classField(cls: Node, name: string, ctx: ValueContext, seen = 0): { node: Node; ctx: ValueContext } | undefined {
  const c = contextFor(cls, ctx);
  const body = field(cls, 'body');
  if (!body || seen > 4) return undefined;
  for (const stmt of kids(body)) {
    const a = stmt.type === 'expression_statement' ? kids(stmt)[0] : stmt;
    if (!a) continue;
    if (a.type === 'assignment') {
      const left = field(a, 'left');
      const right = field(a, 'right');
      if (left?.type === 'identifier' && left.text === name && right) return { node: fieldValue(right), ctx: c };
    } else if (a.type === 'public_field_definition' || a.type === 'field_definition') {
      const fname = field(a, 'name') ?? field(a, 'property');
      const value = field(a, 'value');
      if (fname?.text === name && value) return { node: value, ctx: c };
    }
  }
  // Base classes: `class Settings(BaseConfig)`, `class A extends B`.
  const bases = field(cls, 'superclasses') ?? kids(cls).find((k) => k.type === 'class_heritage');
  for (const b of bases ? kids(bases) : []) {
    const ref = b.type === 'extends_clause' ? kids(b)[0] : b;
    if (!ref || (ref.type !== 'identifier' && ref.type !== 'attribute' && ref.type !== 'member_expression')) continue;
    const base = callableOf(ref, c);
    if (base?.kind === 'class') {
      const f = classField(base.node, name, base.ctx, seen + 1);
      if (f) return f;
    }
  }
  return undefined;
}

/** `Field(default="x")`, `Field("x")`, `field(default="x")`: the default inside. */
function fieldValue(right: Node): Node {
  const u = unwrap(right);
  if (isCall(u)) {
    const callee = calleeOf(u);
    const name = callee ? memberChain(callee).members.slice(-1)[0] ?? callee.text : '';
    if (name === 'Field' || name === 'field') {
      const a = argsOf(u);
      return a.named.get('default') ?? (a.positional[0] && a.positional[0].type !== 'ellipsis' ? a.positional[0] : u);
    }
  }
  return right;
}

function followMembers(start: Value, members: string[], ctx: ValueContext, depth: number, node: Node): Value {
  let cur = start;
  for (const m of members) {
    if (cur.kind === 'union') {
      const opts = cur.options.map((o) => followMembers(o, [m], ctx, depth + 1, node)).filter((o) => o.kind !== 'unknown');
      cur = opts.length > 1 ? { kind: 'union', options: dedupeValues(opts), node } : opts[0] ?? { kind: 'unknown', reason: `\`${clip(node.text)}\``, node };
      continue;
    }
    const cctx = ctxOf(cur, ctx);
    if (cur.kind === 'dict') {
      const next = cur.entries.get(m);
      if (!next) return { kind: 'unknown', reason: `no key "${m}" in the object`, node };
      cur = resolveValue(next, cctx, depth + 1);
    } else if (cur.kind === 'call') {
      // A config object built by a constructor: Settings(model="gpt-4o").model, or the class's default.
      const args = argsOf(cur.node);
      const obj = args.positional[0] && unwrap(args.positional[0]).type === 'object' ? unwrap(args.positional[0]) : undefined;
      const named = args.named.get(m);
      if (named) {
        cur = resolveValue(named, cctx, depth + 1);
        continue;
      }
      if (obj) {
        const ov = resolveValue(obj, cctx, depth + 1);
        if (ov.kind === 'dict' && ov.entries.has(m)) {
          cur = resolveValue(ov.entries.get(m), ctxOf(ov, cctx), depth + 1);
          continue;
        }
      }
      const callee = calleeOf(cur.node);
      // argparse: `args = parser.parse_args()`, `args.model` is the default of `--model`.
      const cli = callee ? argparseDefault(callee, m, cctx) : undefined;
      if (cli) {
        cur = { ...resolveValue(cli, cctx, depth + 1) };
        if (cur.kind === 'string') cur = { ...cur, via: `default of the command-line option for \`${m}\`` };
        continue;
      }
      const made = callee ? callableOf(callee, cctx) : undefined;
      // `Configuration.from_runnable_config(config)`: a factory of the class returns an instance of it.
      const cls = made?.kind === 'class' ? made : callee ? factoryClass(callee, cctx) : undefined;
      const f = cls ? classField(cls.node, m, cls.ctx) : undefined;
      if (!f && cls && depth < 12) {
        // `GenericLLMProvider(llm).llm`, `Config().smart_llm_model`: what the constructor (and the
        // methods it calls) sets, read with this call's arguments.
        const v = ctx.scope.family === 'py' ? constructedAttribute(cls.node, m, cls.ctx, depth + 1, { node: cur.node, ctx: cctx }) : undefined;
        if (v && v.kind !== 'unknown') {
          cur = v;
          continue;
        }
        const stored = selfAssignment(cls.node, m, cls.ctx);
        const init = cls.ctx.scope.methodOf(cls.node, '__init__') ?? cls.ctx.scope.methodOf(cls.node, 'constructor');
        if (stored && init && stored.node.startIndex >= init.startIndex && stored.node.endIndex <= init.endIndex) {
          const inner = enterCall({ kind: 'function', node: init, ctx: cls.ctx, bound: true }, cur.node, cctx);
          const sv = resolveValue(stored.node, { ...stored.ctx, frame: inner.frame }, depth + 1);
          if (sv.kind !== 'unknown') {
            cur = sv;
            continue;
          }
        }
        if (v) return v;
      }
      if (!f && made?.kind === 'function' && depth < 12) {
        // `getModelConfig(config).modelName`, `const { modelName } = getModelConfig(config)`: the key
        // of what the helper returns (each return; several: a set), or why none gives it.
        const inner = enterCall(made, cur.node, cctx);
        const each = returnExpressions(made.node).map((r) => followMembers(resolveValue(r, inner, depth + 1), [m], inner, depth + 1, r));
        const known = dedupeValues(each.filter((v) => v.kind !== 'unknown'));
        // A return that does not give it (the value the caller passed in, say) leaves the key
        // unknown: the returns that do may be special cases (a fallback model), not the call's.
        if (!known.length || known.length < each.length) {
          // The reason that says where the value comes from (a parameter, the request, the
          // environment) first; one that only names an expression last.
          const reasons = each.flatMap((v) => (v.kind === 'unknown' ? [v.reason] : []));
          const why = reasons.find((r) => /parameter|request|environment|caller/.test(r)) ?? reasons.find((r) => !/^`[^`]*`$/.test(r) && !r.startsWith('no key'));
          return { kind: 'unknown', reason: why ?? `\`${m}\` of what \`${clip(cur.node.text)}\` returns`, node };
        }
        cur = known.length === 1 ? known[0] : { kind: 'union', options: known, node };
        continue;
      }
      if (!f) return { kind: 'unknown', reason: `\`${clip(node.text)}\``, node };
      cur = resolveValue(f.node, f.ctx, depth + 1);
    } else if (cur.kind === 'string' && m === 'value') {
      // `Model.HAIKU_4_5.value`: a text has no `.value`, an Enum member does: its value is the text.
      continue;
    } else if (cur.kind === 'list' && /^\d+$/.test(m)) {
      const item = cur.items[Number(m)];
      if (!item) return { kind: 'unknown', reason: `index ${m} out of range`, node };
      cur = resolveValue(item, cctx, depth + 1);
    } else if (cur.kind === 'unknown' && cur.name === 'self' && cur.node && depth < 12) {
      // An attribute of the instance a method hands on: as its class sets it.
      const held = cctx.scope.lookup(`self.${m}`, cur.node).value;
      const cls = enclosingClass(cur.node);
      const next = held ? resolveValue(held, cctx, depth + 1) : cls ? constructedAttribute(cls, m, cctx, depth + 1) : undefined;
      if (!next) return { kind: 'unknown', reason: `\`self.${m}\` is not set by the class`, node };
      cur = next;
    } else if (cur.kind === 'unknown' && cur.name && /parameter/.test(cur.reason)) {
      // `body["model"]` of a handler's parameter: the value comes with each request.
      return { kind: 'unknown', reason: `\`${clip(node.text)}\` comes from the parameter \`${cur.name}\` (set by each caller or request)`, node };
    } else return cur.kind === 'unknown' ? cur : { kind: 'unknown', reason: `\`${clip(node.text)}\``, node };
  }
  return cur;
}

/**
 * The class a factory method makes: `Config.from_env()` / `Config.load(…)` where the method is the
 * class's own and returns `cls(…)` or `Config(…)`, or is annotated to return the class. Its fields'
 * values are then the class's defaults (what the factory fills in at run time is not in the code).
 */
function factoryClass(callee: Node, ctx: ValueContext): Callable | undefined {
  const u = unwrap(callee);
  // `cls(…)` in a classmethod: the class it is written in.
  if (u.type === 'identifier' && u.text === 'cls') {
    const own = enclosingClass(u);
    return own ? { kind: 'class', node: own, ctx: contextFor(own, ctx) } : undefined;
  }
  if (u.type !== 'attribute' && u.type !== 'member_expression') return undefined;
  const chain = memberChain(u);
  if (chain.members.length !== 1 || chain.root.type !== 'identifier') return undefined;
  const cls = callableOf(chain.root, ctx);
  if (cls?.kind !== 'class') return undefined;
  const method = cls.ctx.scope.methodOf(cls.node, chain.members[0]);
  if (!method) return undefined;
  const className = field(cls.node, 'name')?.text;
  const annotation = field(method, 'return_type')?.text.replace(/^["']|["']$/g, '').replace(/^:\s*/, '');
  if (className && (annotation === className || annotation === 'Self')) return cls;
  const makesIt = returnExpressions(method).some((r) => {
    const e = unwrap(r);
    const c = isCall(e) ? calleeOf(e) : undefined;
    return c?.type === 'identifier' && (c.text === 'cls' || c.text === className);
  });
  return makesIt ? cls : undefined;
}

/**
 * Named arguments a call gets from splatted dicts built before it (`create(**params)` after
 * `params = {"model": …}`, `{...base, prompt}`): what is written at the call wins.
 */
export function withSplats(args: Args, ctx: ValueContext): Args {
  if (!args.splats?.length) return args;
  const named = new Map(args.named);
  let resolvedAll = true;
  for (const s of args.splats) {
    const r = resolveValue(s, ctx);
    // `**kwargs` from several callers: the first caller's arguments stand for the others.
    const v = r.kind === 'union' ? r.options.find((o) => o.kind === 'dict') ?? r : r;
    if (v.kind === 'dict') {
      for (const [k, node] of v.entries) if (!named.has(k)) named.set(k, node);
      for (const [k, node] of dictAssignments(s, ctx)) named.set(k, node);
    } else resolvedAll = false;
  }
  return { ...args, named, spread: !resolvedAll };
}

/** `params["model"] = …` / `params.model = …` after `params = {…}` and before the call, in the same function. */
function dictAssignments(target: Node, ctx: ValueContext, keysOnly = false): Map<string, Node> {
  const out = new Map<string, Node>();
  const u = unwrap(target);
  if (u.type !== 'identifier') return out;
  const fn = ctx.scope.functionAround(u);
  // Not the assignment `target` is read in (`params["model"] = params["model"].replace(…)` reads the key as set before).
  for (const [member, b] of memberBindings(ctx.scope).get(u.text) ?? []) if (b.at < u.startIndex && b.node.endIndex < u.endIndex && (!keysOnly || b.name.startsWith(`${u.text}[`)) && ctx.scope.functionAround(b.node)?.id === fn?.id) out.set(member, b.value);
  return out;
}

const memberIndexes = new WeakMap<Scope, Map<string, [member: string, binding: Binding][]>>();

/** A file's `x[k] = …` / `x.k = …` bindings by `x`, in document order, indexed once per parse. */
function memberBindings(scope: Scope): Map<string, [string, Binding][]> {
  let index = memberIndexes.get(scope);
  if (index) return index;
  index = new Map();
  for (const [key, bindings] of scope.bindings) {
    const m = /^([A-Za-z_$][\w$]*)([[.])/.exec(key);
    if (!m) continue;
    const member = m[2] === '[' ? key.slice(m[1].length + 1, -1) : key.slice(m[1].length + 1);
    const list = index.get(m[1]) ?? [];
    for (const b of bindings) list.push([member, b]);
    index.set(m[1], list);
  }
  for (const list of index.values()) list.sort((a, b) => a[1].at - b[1].at);
  memberIndexes.set(scope, index);
  return index;
}

/** The string values a value can take (one for a string, each option of a set). */
export function stringOptions(v: Value): Extract<Value, { kind: 'string' }>[] {
  if (v.kind === 'string') return [v];
  if (v.kind === 'union') return v.options.flatMap(stringOptions);
  return [];
}

/** One value for consumers that take one: the value, or the first option of a set. */
export function single(v: Value): Value {
  return v.kind === 'union' ? v.options[0] ?? { kind: 'unknown', reason: 'no value', node: v.node } : v;
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

/**
 * `const { model, prompt = "…" } = value`: where `value` is such a declaration's right side, the key
 * the name `name` reads (`{ model }`, `{ chatModel: model }`) and its default.
 */
function objectPatternKey(value: Node, name: string): { key: string; default?: Node } | undefined {
  const decl = value.parent;
  const pattern = decl?.type === 'variable_declarator' ? field(decl, 'name') : undefined;
  if (pattern?.type !== 'object_pattern' || field(decl!, 'value')?.id !== value.id) return undefined;
  for (const p of kids(pattern)) {
    if (p.type === 'shorthand_property_identifier_pattern' && p.text === name) return { key: name };
    if (p.type === 'pair_pattern' && field(p, 'value')?.text === name) {
      const k = field(p, 'key');
      const key = k ? (k.type === 'property_identifier' ? k.text : stringValue(k)) : undefined;
      return key ? { key } : undefined;
    }
    if (p.type === 'object_assignment_pattern' && field(p, 'left')?.text === name) return { key: name, default: field(p, 'right') ?? undefined };
  }
  return undefined;
}

/**
 * Whether a value is the body of the request a handler serves: `await req.json()`,
 * `await request.formData()`, `req.body`, `c.req.json()` (Hono), or a schema's parse of one, or a
 * name holding one. Returns the text that reads it.
 */
export function requestBodyRead(value: Node, ctx: ValueContext, hops = 0): string | undefined {
  let u = unwrap(value);
  while (u.type === 'await_expression' && kids(u).length) u = unwrap(kids(u)[kids(u).length - 1]);
  if (isCall(u)) {
    const callee = calleeOf(u);
    const chain = callee ? memberChain(callee) : undefined;
    const method = chain?.members[chain.members.length - 1];
    if (method === 'json' || method === 'formData' || method === 'text') {
      const owner = chain!.members.length >= 2 ? chain!.members[chain!.members.length - 2] : chain!.root.text;
      if (/^(req|request)$/i.test(owner)) return u.text;
    }
    // `schema.parse(json)`, `schema.safeParse(await req.json())`: what it parses.
    if (method === 'parse' || method === 'parseAsync') {
      const arg = argsOf(u).positional[0];
      if (arg && hops < 3) return requestBodyRead(arg, ctx, hops + 1) ? u.text : undefined;
    }
    return undefined;
  }
  if (u.type === 'member_expression') {
    const chain = memberChain(u);
    if (chain.members[chain.members.length - 1] === 'body' && /^(req|request)$/i.test(chain.members.length >= 2 ? chain.members[chain.members.length - 2] : chain.root.text)) return u.text;
    return undefined;
  }
  if (u.type === 'identifier' && hops < 3) {
    const found = ctx.scope.lookup(u.text, u);
    if (found.value && !found.param) return requestBodyRead(found.value, ctx, hops + 1) ? u.text : undefined;
  }
  return undefined;
}

/** `d.get(key[, default])` where `d` is a Python dict literal: see callValue. */
function dictGet(n: Node, callee: Node, ctx: ValueContext, depth: number): Value | undefined {
  const u = unwrap(callee);
  if (u.type !== 'attribute' || field(u, 'attribute')?.text !== 'get') return undefined;
  const a = argsOf(n);
  const dict = dictLiteral(field(u, 'object'), ctx, depth);
  if (!dict) {
    // A dict built otherwise (`dict(**DEFAULTS)`, a dict subclass): a key it holds.
    const built = field(u, 'object') ? single(resolveValue(field(u, 'object')!, ctx, depth + 1)) : undefined;
    const key = built?.kind === 'dict' && a.positional[0] ? resolveValue(a.positional[0], ctx, depth + 1) : undefined;
    const entry = key?.kind === 'string' && built?.kind === 'dict' ? built.entries.get(key.value) : undefined;
    return entry && built ? resolveValue(entry, ctxOf(built, ctx), depth + 1) : undefined;
  }
  const key = a.positional[0] ? resolveValue(a.positional[0], ctx, depth + 1) : undefined;
  if (key?.kind === 'string' && dict.value.entries.has(key.value)) return resolveValue(dict.value.entries.get(key.value)!, dict.ctx, depth + 1);
  const def = a.positional[1] ?? a.named.get('default');
  // The default first, then every value of the dict.
  return oneOrUnion(dedupeValues([...(def ? [resolveValue(def, ctx, depth + 1)].filter((v) => v.kind !== 'unknown') : []), ...dictValues(dict, depth)]), n);
}

/**
 * `MODELS[provider]` with a key the code computes, on a Python dict the code writes: the entry for the
 * key when the code determines the key (`provider` set to `APIProvider.ANTHROPIC`, a key written
 * `APIProvider.ANTHROPIC: "claude-…"`), else one of its values (a set; a value the code does not
 * resolve is left out). A key written as text is memberValue's.
 */
function computedEntry(n: Node, ctx: ValueContext, depth: number): Value | undefined {
  const index = field(n, 'subscript') ?? field(n, 'index');
  if (!index || stringValue(index) !== undefined || numberValue(index) !== undefined || depth > 20) return undefined;
  const obj = field(n, 'value') ?? field(n, 'object');
  const dict = dictLiteral(obj, ctx, depth);
  if (!dict) return undefined;
  const key = resolveValue(index, ctx, depth + 1);
  const keys = new Set((key.kind === 'union' ? key.options : [key]).filter((k) => k.kind === 'string').map((k) => (k as { value: string }).value));
  if (keys.size) {
    const chosen: Value[] = [];
    for (const p of kids(unwrap(dict.value.node)).filter((p) => p.type === 'pair')) {
      const k = field(p, 'key');
      const v = field(p, 'value');
      const kv = k ? single(resolveValue(k, dict.ctx, depth + 1)) : undefined;
      if (v && kv?.kind === 'string' && keys.has(kv.value)) {
        const r = resolveValue(v, dict.ctx, depth + 1);
        chosen.push(r.kind === 'string' ? { ...r, via: `\`${clip(obj!.text)}\` for \`${clip(index.text)}\` = "${kv.value}"` } : r);
      }
    }
    const found = dedupeValues(chosen.filter((c) => c.kind !== 'unknown'));
    if (found.length) return oneOrUnion(found, n);
  }
  const options = dictValues(dict, depth);
  return oneOrUnion(options.length > 1 ? options.map((o) => (o.kind === 'string' ? { ...o, via: `one of \`${clip(obj!.text)}\`'s values` } : o)) : options, n);
}

/** A Python dict literal an expression holds, with the context its values resolve in. */
function dictLiteral(expr: Node | undefined, ctx: ValueContext, depth: number): { value: Extract<Value, { kind: 'dict' }>; ctx: ValueContext } | undefined {
  const dict = expr ? single(resolveValue(expr, ctx, depth + 1)) : undefined;
  if (dict?.kind !== 'dict' || unwrap(dict.node).type !== 'dictionary') return undefined;
  return { value: dict, ctx: { ...ctx, ...ctxOf(dict, ctx) } };
}

/** Every value of a dict literal that resolves, keys written or computed (`triage_agent.name: triage_agent`). */
function dictValues(dict: { value: Extract<Value, { kind: 'dict' }>; ctx: ValueContext }, depth: number): Value[] {
  const nodes = kids(unwrap(dict.value.node)).filter((p) => p.type === 'pair').map((p) => field(p, 'value')).filter((v): v is Node => !!v);
  return dedupeValues(nodes.map((v) => resolveValue(v, dict.ctx, depth + 1)).filter((v) => v.kind !== 'unknown'));
}

/** One value, several as a set, none as undefined. */
function oneOrUnion(options: Value[], node: Node): Value | undefined {
  return options.length > 1 ? { kind: 'union', options, node } : options[0];
}

/**
 * Streamlit's session state (`st.session_state.model`, `st.session_state["model"]`): what the app's
 * code assigns to that key anywhere in the file (a set), or why nothing is known.
 */
function sessionStateValue(n: Node, chain: { root: Node; members: string[] }, ctx: ValueContext, depth: number): Value | undefined {
  if (chain.root.type !== 'identifier' || chain.members[0] !== 'session_state' || chain.members.length < 2 || depth > 20) return undefined;
  const imp = ctx.scope.lookup(chain.root.text, chain.root).imported;
  if (imp?.module !== 'streamlit') return undefined;
  const key = chain.members[1];
  const token = `${ctx.path}\u0000${key}`;
  // A key set from another (or itself): read once per lookup, not again inside it.
  if (sessionReads.has(token)) return { kind: 'unknown', reason: `\`${clip(n.text)}\` is set from session state`, node: n };
  // What a key holds is the same wherever the file reads it: read once per analysis (a lookup
  // made inside another's is not kept, its cycles cut short).
  const outermost = sessionReads.size === 0;
  let byKey = sessionMemo.get(ctx.scope.root.tree);
  if (!byKey) sessionMemo.set(ctx.scope.root.tree, (byKey = new Map()));
  const memoKey = `${ctx.callers ? 1 : 0}\u0000${chain.root.text}\u0000${key}`;
  const memo = ctx.frame ? undefined : byKey.get(memoKey);
  if (memo) return sessionResult(memo, n);
  sessionReads.add(token);
  try {
    const values: Value[] = [];
    const assigned = sessionAssignments(ctx.scope.root, chain.root.text);
    const push = (v: Value, at: Node) => {
      for (const o of v.kind === 'union' ? v.options : [v]) if (o.kind !== 'unknown') values.push(o.kind === 'string' ? { ...o, via: `st.session_state.${key} set at line ${at.startPosition.row + 1}` } : o);
    };
    for (const a of assigned.get(key) ?? []) push(resolveValue(field(a, 'right')!, ctx, depth + 1), a);
    // Defaults applied from a dict in a loop: `for k, v in defaults.items(): st.session_state[k] = v()`.
    for (const loop of assigned.get(DEFAULTS_LOOP) ?? []) {
      const applied = loopDefault(loop, key, ctx, depth);
      if (applied) push(applied.value, applied.at);
    }
    const options = dedupeValues(values);
    if (outermost && !ctx.frame) byKey.set(memoKey, options);
    return sessionResult(options, n);
  } finally {
    sessionReads.delete(token);
  }
}

function sessionResult(options: Value[], n: Node): Value {
  if (!options.length) return { kind: 'unknown', reason: `\`${clip(n.text)}\` is set at run time (Streamlit's session state)`, node: n };
  return options.length === 1 ? options[0] : { kind: 'union', options, node: n };
}

/**
 * Chainlit's user session (`cl.user_session.get("chain")`, or `user_session` imported from chainlit):
 * what the file's handlers store under that key with `cl.user_session.set("chain", chain)` (a set; the
 * chain made in `on_chat_start` and run in `on_message`), else the `get`'s default, or why nothing is
 * known. Undefined for any other `get`.
 */
function userSessionValue(n: Node, callee: Node, ctx: ValueContext, depth: number): Value | undefined {
  const store = userSessionStore(callee, 'get', ctx);
  if (!store || depth > 20) return undefined;
  const a = argsOf(n);
  const keyValue = a.positional[0] ? single(resolveValue(a.positional[0], ctx, depth + 1)) : undefined;
  if (keyValue?.kind !== 'string') return { kind: 'unknown', reason: `\`${clip(n.text)}\` reads the user session with a key the code does not name`, node: n };
  const key = keyValue.value;
  const token = `${ctx.path}\u0000user_session\u0000${key}`;
  // A key set from its own value (`history = cl.user_session.get("history"); …set("history", history)`): read once.
  if (sessionReads.has(token)) return { kind: 'unknown', reason: `\`${clip(n.text)}\` is set from the user session`, node: n };
  sessionReads.add(token);
  try {
    const values: Value[] = [];
    for (const set of userSessionSets(ctx.scope.root, store).get(key) ?? []) {
      const v = resolveValue(argsOf(set).positional[1], ctx, depth + 1);
      for (const o of v.kind === 'union' ? v.options : [v]) if (o.kind !== 'unknown') values.push(o.kind === 'string' ? { ...o, via: `user_session "${key}" set at line ${set.startPosition.row + 1}` } : o);
    }
    // A list kept in the session is the conversation so far: a handler appends each turn to it, so
    // what it starts as (`[]`, the system message) is not what a later turn sends.
    if (values.some((v) => v.kind === 'list')) return { kind: 'unknown', reason: `\`${clip(n.text)}\` is the conversation kept in Chainlit's user session (it grows each turn)`, node: n };
    const def = a.positional[1] ?? a.named.get('default');
    if (def && !values.length) return resolveValue(def, ctx, depth + 1);
    const options = dedupeValues(values);
    if (!options.length) return { kind: 'unknown', reason: `\`${clip(n.text)}\` is set at run time (Chainlit's user session)`, node: n };
    return oneOrUnion(options, n);
  } finally {
    sessionReads.delete(token);
  }
}

/**
 * The values a `cl.user_session.get("key")` call reads, as written where they are stored (the
 * objects a receiver is classified from), or undefined when the call is not such a read.
 */
export function userSessionStored(call: Node, ctx: ValueContext): Node[] | undefined {
  const callee = calleeOf(call);
  const store = callee ? userSessionStore(callee, 'get', ctx) : undefined;
  const k = store ? argsOf(call).positional[0] : undefined;
  if (!store) return undefined;
  const key = k ? single(resolveValue(k, ctx, 1)) : undefined;
  if (key?.kind !== 'string') return [];
  return (userSessionSets(ctx.scope.root, store).get(key.value) ?? []).map((set) => argsOf(set).positional[1]);
}

/**
 * The text a user session's `get`/`set` is called on (`cl.user_session`, `user_session`) when `callee`
 * is that method of Chainlit's user session, else undefined.
 */
function userSessionStore(callee: Node, method: 'get' | 'set', ctx: ValueContext): string | undefined {
  const u = unwrap(callee);
  if (u.type !== 'attribute' || field(u, 'attribute')?.text !== method) return undefined;
  const obj = unwrap(field(u, 'object')!);
  const chain = memberChain(obj);
  if (chain.root.type !== 'identifier') return undefined;
  const imp = ctx.scope.lookup(chain.root.text, chain.root).imported;
  if (!imp || !/^chainlit(\.|$)/.test(imp.module)) return undefined;
  const direct = chain.members.length === 0 && imp.name === 'user_session';
  const viaModule = chain.members.length === 1 && chain.members[0] === 'user_session' && imp.name === '*';
  return direct || viaModule ? obj.text : undefined;
}

/** The `<store>.set("key", value)` calls in a file, by key: one walk per file and store. */
function userSessionSets(root: Node, store: string): Map<string, Node[]> {
  return indexOnce(userSessionIndex, root, store, (add) =>
    walk(root, (c) => {
      const callee = calleeOf(c);
      if (!callee || unwrap(callee).type !== 'attribute' || field(unwrap(callee), 'attribute')?.text !== 'set' || field(unwrap(callee), 'object')?.text !== store) return;
      const [k, v] = argsOf(c).positional;
      const key = k && v ? stringValue(k) : undefined;
      if (key !== undefined) add(key, c);
    }, new Set(['call'])),
  );
}

/** A file's index of nodes by key for one name (a session store), built by `fill` once per parse. */
function indexOnce(cache: WeakMap<object, Map<string, Map<string, Node[]>>>, root: Node, name: string, fill: (add: (key: string, n: Node) => void) => void): Map<string, Node[]> {
  let byName = cache.get(root.tree);
  if (!byName) cache.set(root.tree, (byName = new Map()));
  const known = byName.get(name);
  if (known) return known;
  const byKey = new Map<string, Node[]>();
  byName.set(name, byKey);
  fill((key, n) => {
    const list = byKey.get(key) ?? [];
    list.push(n);
    byKey.set(key, list);
  });
  return byKey;
}

const userSessionIndex = new WeakMap<object, Map<string, Map<string, Node[]>>>();
const sessionReads = new Set<string>();
const sessionMemo = new WeakMap<object, Map<string, Value[]>>();
const sessionIndex = new WeakMap<object, Map<string, Map<string, Node[]>>>();
/** Not a key: where sessionAssignments keeps the assignments made by key variable in a loop over a dict. */
const DEFAULTS_LOOP = '\u0000loop';

/**
 * What `st.session_state[k] = v` (or `= v()`) in `for k, v in defaults.items():` assigns to one key: the
 * dict's entry for it (a lambda's body when the loop calls the value), or undefined.
 */
function loopDefault(assign: Node, key: string, ctx: ValueContext, depth: number): { value: Value; at: Node } | undefined {
  const right = unwrap(field(assign, 'right')!);
  let loop: Node | null = assign.parent;
  while (loop && loop.type !== 'for_statement') loop = loop.parent;
  const target = loop ? field(loop, 'left') : undefined;
  const iter = loop ? unwrap(field(loop, 'right')!) : undefined;
  const names = target ? kids(target).filter((k) => k.type === 'identifier').map((k) => k.text) : [];
  if (!iter || names.length !== 2 || !isCall(iter)) return undefined;
  const items = calleeOf(iter);
  if (!items || items.type !== 'attribute' || field(items, 'attribute')?.text !== 'items') return undefined;
  const left = unwrap(field(assign, 'left')!);
  if (field(left, 'subscript')?.text !== names[0]) return undefined;
  const called = isCall(right) && calleeOf(right)?.text === names[1];
  if (!called && right.text !== names[1]) return undefined;
  const dict = dictLiteral(field(items, 'object'), ctx, depth);
  let entry = dict?.value.entries.get(key);
  if (!dict || !entry) return undefined;
  if (called && unwrap(entry).type === 'lambda') entry = field(unwrap(entry), 'body') ?? entry;
  return { value: resolveValue(entry, dict.ctx, depth + 1), at: entry };
}

/**
 * The assignments `<name>.session_state.<key> = …` (or `["key"]`) in a file, by key, and those made
 * through a loop's key variable (`[k]`) under DEFAULTS_LOOP: one walk per file.
 */
function sessionAssignments(root: Node, name: string): Map<string, Node[]> {
  return indexOnce(sessionIndex, root, name, (add) =>
    walk(root, (a) => {
      const left = field(a, 'left');
      if (!left || !field(a, 'right') || (left.type !== 'attribute' && left.type !== 'subscript')) return;
      // `st.session_state[k]` with a variable key: the chain of what it indexes.
      const variable = left.type === 'subscript' && field(left, 'subscript')?.type === 'identifier';
      const lc = memberChain(variable ? field(left, 'value')! : left);
      if (lc.root.text !== name || lc.members[0] !== 'session_state' || lc.members.length !== (variable ? 1 : 2)) return;
      add(variable ? DEFAULTS_LOOP : lc.members[1], a);
    }, new Set(['assignment'])),
  );
}
