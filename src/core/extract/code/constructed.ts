// What an attribute of an object holds once its constructor has run: `self.x = …` in `__init__` and
// in the methods `__init__` calls (`self._set_llm_attributes()`), a tuple unpacked into attributes
// (`self.provider, self.model = self.parse(self.llm)`), and `setattr(self, key.lower(), value)` in a
// loop over a table of defaults (`for key, value in config.items():`). Statements are read in the
// order they run: a later assignment replaces an earlier one; one under a condition adds a possible
// value; one under a condition on the environment (`if os.getenv("X") is not None:`) is the
// environment overriding the default, which is said, as for `os.getenv("X", default)`.
import type { Node } from '@vscode/tree-sitter-wasm';
import { argsOf, calleeOf, dotted, field, isCall, kids, memberChain, stringValue, unwrap, walk } from './ast';
import { callableOf, classLineage, enterCall, resolveValue, unpackedValue } from './values';
import type { Value, ValueContext } from './values';

/** Methods followed from the constructor, at most (nested calls of `self.m()`). */
const MAX_METHOD_DEPTH = 4;

/** Attributes being read, so an attribute set from another (or itself) is read once per lookup. */
const reading = new Set<string>();

const ENV_READS = new Set(['os.getenv', 'os.environ.get', 'environ.get', 'getenv']);

/**
 * The value `self.<name>` has after the constructor of `cls` has run (for the call `call` that
 * makes the object, when known: its arguments are the constructor's). Undefined when the
 * constructor and the methods it calls set no such attribute.
 */
export function constructedAttribute(cls: Node, name: string, clsCtx: ValueContext, depth: number, call?: { node: Node; ctx: ValueContext }): Value | undefined {
  const lineage = classLineage(cls, clsCtx);
  const owner = lineage.find((k) => k.ctx.scope.methodOf(k.node, '__init__'));
  const init = owner ? owner.ctx.scope.methodOf(owner.node, '__init__') : undefined;
  if (!owner || !init || depth > 12) return undefined;
  const token = `${owner.ctx.path}\u0000${init.startIndex}\u0000${name}\u0000${call ? `${call.ctx.path}:${call.node.startIndex}` : ''}`;
  if (reading.has(token)) return undefined;
  reading.add(token);
  try {
    const selfClass = clsCtx.selfClass ?? { node: cls, ctx: clsCtx };
    const ctx: ValueContext = call
      ? enterCall({ kind: 'function', node: init, ctx: { ...owner.ctx, selfClass }, bound: true }, call.node, call.ctx)
      : { ...owner.ctx, selfClass, callers: true };
    // A fresh budget of indirections for the constructor's own reading (a table of defaults, a split, a
    // parse helper take several): each attribute is read once per lookup (\`reading\`), so this ends.
    const walker = new Walker(name, Math.min(depth, 4), selfClass);
    walker.block(field(init, 'body'), ctx, 0, false);
    if (!walker.values.length) return undefined;
    const known = walker.values.filter((v) => v.kind !== 'unknown');
    if (!known.length) return walker.values[walker.values.length - 1];
    // An assignment that cannot be read beside ones that can: the value is not known.
    if (known.length < walker.values.length) return walker.values.find((v) => v.kind === 'unknown');
    const envNote = walker.envOverrides.length ? `, which environment variable ${walker.envOverrides.join(', ')} override${walker.envOverrides.length > 1 ? '' : 's'}` : '';
    const out = known.map((v) => (v.kind === 'string' && envNote ? { ...v, via: `${v.via ?? `value set by the constructor of ${field(cls, 'name')?.text ?? 'the class'}`}${envNote}` } : v));
    return out.length === 1 ? out[0] : { kind: 'union', options: out, node: init };
  } finally {
    reading.delete(token);
  }
}

class Walker {
  /** The possible values so far (a later unconditional assignment replaces them). */
  values: Value[] = [];
  /** Environment variables that, when set, replace the value (`if os.getenv("X") is not None:`). */
  envOverrides: string[] = [];

  constructor(
    readonly name: string,
    readonly depth: number,
    readonly selfClass: { node: Node; ctx: ValueContext },
  ) {}

  private set(v: Value, conditional: boolean): void {
    if (conditional) this.values.push(v);
    else this.values = [v];
  }

  block(body: Node | undefined, ctx: ValueContext, level: number, conditional: boolean): void {
    for (const stmt of body ? kids(body) : []) this.statement(stmt, ctx, level, conditional);
  }

  private statement(stmt: Node, ctx: ValueContext, level: number, conditional: boolean): void {
    switch (stmt.type) {
      case 'expression_statement': {
        const e = kids(stmt)[0];
        if (e?.type === 'assignment') this.assignment(e, ctx, conditional);
        else if (e && isCall(unwrap(e))) this.call(unwrap(e), ctx, level, conditional);
        return;
      }
      case 'if_statement': {
        const env = envGuard(field(stmt, 'condition'), ctx);
        if (env) {
          // The environment replaces the value when it is set: the value stays the default.
          if (this.setsIt(stmt)) this.envOverrides.push(env);
          return;
        }
        this.block(field(stmt, 'consequence'), ctx, level, true);
        for (const c of kids(stmt)) {
          if (c.type === 'elif_clause') this.block(field(c, 'consequence'), ctx, level, true);
          else if (c.type === 'else_clause') this.block(field(c, 'body'), ctx, level, true);
        }
        return;
      }
      case 'try_statement': {
        this.block(field(stmt, 'body'), ctx, level, conditional);
        for (const c of kids(stmt)) if (c.type === 'except_clause' || c.type === 'else_clause' || c.type === 'finally_clause') this.block(kids(c).find((k) => k.type === 'block'), ctx, level, c.type !== 'finally_clause' || conditional);
        return;
      }
      case 'with_statement':
        this.block(field(stmt, 'body'), ctx, level, conditional);
        return;
      case 'for_statement':
        this.loop(stmt, ctx, conditional);
        return;
    }
  }

  /** Whether a statement (an `if` under an environment guard) assigns the attribute. */
  private setsIt(stmt: Node): boolean {
    let found = false;
    walk(stmt, (a) => {
      const left = field(a, 'left');
      if (left && targets(left).some((t) => isSelfAttr(t, this.name))) found = true;
    }, new Set(['assignment']));
    return found;
  }

  private assignment(a: Node, ctx: ValueContext, conditional: boolean): void {
    const left = field(a, 'left');
    const right = field(a, 'right');
    if (!left || !right) return;
    if (isSelfAttr(left, this.name)) {
      this.set(resolveValue(right, ctx, this.depth + 1), conditional);
      return;
    }
    if (left.type !== 'pattern_list' && left.type !== 'tuple_pattern') return;
    const index = kids(left).filter((k) => k.isNamed).findIndex((k) => isSelfAttr(k, this.name));
    if (index < 0) return;
    this.set(unpackedValue(right, index, ctx, this.depth + 1) ?? { kind: 'unknown', reason: `\`${clip(a.text)}\``, node: right }, conditional);
  }

  /** `self._set_attributes(config)`: the method's body, read with the call's arguments. */
  private call(c: Node, ctx: ValueContext, level: number, conditional: boolean): void {
    const callee = calleeOf(c);
    if (!callee || level >= MAX_METHOD_DEPTH) return;
    const chain = memberChain(callee);
    if (chain.root.type !== 'identifier' || chain.root.text !== 'self' || chain.members.length !== 1) return;
    const method = callableOf(callee, { ...ctx, selfClass: this.selfClass });
    if (method?.kind !== 'function') return;
    this.block(field(method.node, 'body'), enterCall(method, c, ctx), level + 1, conditional);
  }

  /**
   * `for key, value in table.items(): … setattr(self, key.lower(), value)`: the entry of the table
   * whose key names the attribute. A value the loop replaces from the environment of the same key
   * (`if os.getenv(key) is not None: value = …`) is that key's default.
   */
  private loop(stmt: Node, ctx: ValueContext, conditional: boolean): void {
    const left = field(stmt, 'left');
    const right = field(stmt, 'right');
    const body = field(stmt, 'body');
    if (!left || !right || !body) return;
    const names = kids(left).filter((k) => k.isNamed);
    const items = unwrap(right);
    const itemsCallee = isCall(items) ? calleeOf(items) : undefined;
    if (names.length !== 2 || names.some((k) => k.type !== 'identifier') || itemsCallee?.type !== 'attribute' || field(itemsCallee, 'attribute')?.text !== 'items') return;
    const [keyVar, valueVar] = names.map((k) => k.text);
    for (const c of ctx.scope.calls) {
      if (c.startIndex < body.startIndex || c.endIndex > body.endIndex || c.tree !== body.tree || calleeOf(c)?.text !== 'setattr') continue;
      const [target, key, value] = argsOf(c).positional;
      if (target?.text !== 'self' || !key || !value) continue;
      const spelled = keyTransform(key, keyVar);
      if (!spelled) continue;
      const table = resolveValue(field(itemsCallee, 'object')!, ctx, this.depth + 1);
      if (table.kind !== 'dict') {
        this.set({ kind: 'unknown', reason: `\`self.${this.name}\` is set from the entries of \`${clip(field(itemsCallee, 'object')!.text)}\`, which cannot be read`, node: c }, conditional);
        return;
      }
      const entry = [...table.entries].find(([k]) => spelled(k) === this.name);
      if (!entry) continue;
      const [k, node] = entry;
      if (unwrap(value).type !== 'identifier' || unwrap(value).text !== valueVar) {
        this.set({ kind: 'unknown', reason: `\`self.${this.name}\` is set to \`${clip(value.text)}\` in a loop over \`${clip(field(itemsCallee, 'object')!.text)}\``, node: c }, conditional);
        return;
      }
      // Reassignments of the value in the loop before setattr: only from the environment.
      let env = false;
      for (const b of ctx.scope.bindings.get(valueVar) ?? []) {
        if (b.at < body.startIndex || b.at > c.startIndex || b.node.tree !== body.tree) continue;
        if (!underEnvGuard(b.node, body, ctx, keyVar)) {
          this.set({ kind: 'unknown', reason: `\`self.${this.name}\` is set from \`${clip(b.node.text)}\` in a loop over \`${clip(field(itemsCallee, 'object')!.text)}\``, node: b.node }, conditional);
          return;
        }
        env = true;
      }
      const tableCtx = table.ctx ?? ctx;
      const v = resolveValue(node, tableCtx, this.depth + 1);
      // The table by its name where it is written (`DEFAULT_CONFIG = {…}`), else as the loop reads it.
      const named = table.node.parent?.type === 'assignment' ? field(table.node.parent, 'left')?.text : undefined;
      const where = `${named ?? clip(field(itemsCallee, 'object')!.text)}["${k}"]`;
      this.set(v.kind === 'string' ? { ...v, via: env ? `default of environment variable ${k} (${where})` : where } : v, conditional);
      return;
    }
  }
}

/** How a loop's key becomes the attribute's name: `key`, `key.lower()`, `key.upper()`. */
function keyTransform(key: Node, keyVar: string): ((k: string) => string) | undefined {
  const u = unwrap(key);
  if (u.type === 'identifier' && u.text === keyVar) return (k) => k;
  const callee = isCall(u) ? calleeOf(u) : undefined;
  if (callee?.type !== 'attribute' || field(callee, 'object')?.text !== keyVar || argsOf(u).positional.length) return undefined;
  const m = field(callee, 'attribute')?.text;
  return m === 'lower' ? (k) => k.toLowerCase() : m === 'upper' ? (k) => k.toUpperCase() : undefined;
}

/** `self.<name>` as an assignment target. */
function isSelfAttr(n: Node, name: string): boolean {
  const u = unwrap(n);
  if (u.type !== 'attribute') return false;
  return field(u, 'object')?.text === 'self' && field(u, 'attribute')?.text === name;
}

/** The targets of an assignment's left side (each name of a tuple). */
function targets(left: Node): Node[] {
  return left.type === 'pattern_list' || left.type === 'tuple_pattern' ? kids(left).filter((k) => k.isNamed) : [left];
}

/**
 * The environment variable a condition tests (`os.getenv("X") is not None`, `os.environ.get("X")`,
 * `"X" in os.environ`), or undefined when the condition does not read the environment.
 */
function envGuard(cond: Node | undefined, ctx: ValueContext): string | undefined {
  if (!cond) return undefined;
  let env: string | undefined;
  walk(cond, (n) => {
    if (env) return false;
    if (isCall(n)) {
      const name = calleeOf(n) ? dotted(calleeOf(n)!) : undefined;
      if (name && ENV_READS.has(name)) env = envName(n);
    } else if (n.type === 'comparison_operator' && /\bin\s+os\.environ\b/.test(n.text)) env = stringValue(kids(n)[0]) ?? '?';
    else if (n.type === 'identifier' && n.parent?.type !== 'attribute') {
      // `env_value = os.getenv(key)` above, then `if env_value is not None:`.
      const v = ctx.scope.lookup(n.text, n).value;
      const u = v ? unwrap(v) : undefined;
      const name = u && isCall(u) && calleeOf(u) ? dotted(calleeOf(u)!) : undefined;
      if (name && ENV_READS.has(name)) env = envName(u!);
    }
  }, new Set(['call', 'comparison_operator', 'identifier']));
  return env;
}

/** The variable an environment read names: its text, or the expression naming it (`key` in a loop). */
function envName(read: Node): string {
  const arg = argsOf(read).positional[0];
  return (arg ? stringValue(arg) ?? arg.text : undefined) ?? '?';
}

/** Whether an assignment inside a loop body sits under an `if` that tests the environment variable named by the loop's key. */
function underEnvGuard(n: Node, body: Node, ctx: ValueContext, keyVar: string): boolean {
  for (let p = n.parent; p && p.id !== body.id; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const env = envGuard(field(p, 'condition'), ctx);
    if (env === keyVar) return true;
  }
  return false;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? one.slice(0, 37) + '…' : one;
}
