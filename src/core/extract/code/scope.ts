// What names mean in a file: assignments (module, function and `self.x`/`this.x`), parameters
// with defaults, imports, and what is appended/pushed to lists. Built in one walk of the tree.
import type { Node } from '@vscode/tree-sitter-wasm';
import { callName, enclosingClass, enclosingFunction, Family, field, kids, memberChain, stringValue, walk } from './ast';

export interface Binding {
  name: string;
  value: Node;
  /** Where the binding is made; its scope (function or class) is found when first asked for. */
  node: Node;
  at: number;
  /** Resolved lazily: null = module level. */
  scopeCache?: Node | null;
  /** Whether it sits in a branch that cannot run (resolved lazily). */
  deadCache?: boolean;
}

/** A `None`/`null`/`undefined` placeholder. */
function isNone(n: Node): boolean {
  return n.type === 'none' || n.type === 'null' || n.type === 'undefined';
}

const MUTATORS = new Set(['append', 'extend', 'insert', 'push', 'unshift', 'concat']);

/** The function (or class, for `self.x`/`this.x`) a binding belongs to; undefined at module level. */
export function scopeOf(b: Binding, scope?: Scope): Node | undefined {
  if (b.scopeCache === undefined) {
    b.scopeCache = (b.name.startsWith('self.') || b.name.startsWith('this.') ? enclosingClass(b.node) : scope ? scope.functionAround(b.node) : enclosingFunction(b.node)) ?? null;
    // `global client` in the function: its assignment sets the module's name.
    if (b.scopeCache && scope?.declaresGlobal(b.scopeCache, b.name)) b.scopeCache = null;
  }
  return b.scopeCache ?? undefined;
}

const FUNCTION_TYPES = new Set(['function_definition', 'lambda', 'function_declaration', 'method_definition', 'arrow_function', 'function_expression', 'function', 'generator_function_declaration']);

export interface ImportBinding {
  /** Module as written: `openai`, `./prompts`, `@ai-sdk/openai`, `llama_index.llms.openai`. */
  module: string;
  /** The imported name (`OpenAI`), `*` for a namespace/module import. */
  name: string;
}

export interface Mutation {
  /** The list's name (`messages`, `self.history`). */
  target: string;
  /** `append`, `push`, `extend`, `+=`, `insert`, `unshift`. */
  op: string;
  value?: Node;
  node: Node;
  scope?: Node;
}

/** The node types the scope walk looks at; everything else is skipped without being materialised. */
export const SCOPE_TYPES: readonly string[] = [
  'function_definition',
  'function_declaration',
  'assignment',
  'augmented_assignment',
  'import_from_statement',
  'import_statement',
  'variable_declarator',
  'assignment_expression',
  'public_field_definition',
  'default_parameter',
  'typed_default_parameter',
  'required_parameter',
  'optional_parameter',
  'assignment_pattern',
  'as_pattern',
  'global_statement',
  'call',
  'call_expression',
  'new_expression',
  // functions of every kind, for the scope of what is bound inside them
  'lambda',
  'method_definition',
  'arrow_function',
  'function_expression',
  'generator_function_declaration',
];

export class Scope {
  readonly bindings = new Map<string, Binding[]>();
  readonly imports = new Map<string, ImportBinding>();
  readonly mutations: Mutation[] = [];
  readonly params = new Map<Node['id'], Map<string, Node | null>>();
  /** Functions defined in the file, by name. */
  readonly functions = new Map<string, Node>();
  /** Names a function declares `global` (Python), by the function's id. */
  private readonly globals = new Map<number, Set<string>>();

  /** Every call in the file, in document order (collected by the same walk). */
  readonly calls: Node[] = [];
  /** Function-like nodes in document order, with their spans read once (reading a span crosses into wasm). */
  private readonly fnNodes: Node[] = [];
  private readonly fnStart: number[] = [];
  private readonly fnEnd: number[] = [];
  /** Whether the function list is complete (built from a query over the whole file or range). */
  private fnComplete = false;
  /** For each function of the list, the index of the innermost function around it (-1: none); built on first need. */
  private fnParent?: Int32Array;
  /** Bindings of a name by the id of their scope (-1: module level), in document order; built per name on first need. */
  private readonly byScope = new Map<string, Map<number, Binding[]>>();
  /** Mutations by list name and the id of their function (-1: module level); built on first need. */
  private mutationIndex?: Map<string, Mutation[]>;
  /**
   * Functions, bindings and mutations looked at to answer functionAround, lookup and mutationsOf:
   * a test checks that it grows in proportion to the file (a scan of every one per question did not).
   */
  probes = 0;

  /** `nodes`: the nodes of SCOPE_TYPES in document order, when the caller found them already (a query). */
  constructor(
    readonly root: Node,
    readonly family: Family,
    nodes?: Node[],
  ) {
    if (nodes) {
      for (const n of nodes) this.visit(n);
      this.fnComplete = true;
    } else
      walk(
        root,
        (n) => {
          this.visit(n);
        },
        new Set(SCOPE_TYPES),
      );
  }

  private bind(name: string, value: Node, at: Node): void {
    const list = this.bindings.get(name) ?? [];
    list.push({ name, value, node: at, at: at.startIndex });
    this.bindings.set(name, list);
  }

  private targetName(n: Node): string | undefined {
    if (n.type === 'identifier') return n.text;
    // params["model"] = … : a key set on a dict (what a later `**params` passes).
    if (n.type === 'subscript' || n.type === 'subscript_expression') {
      const obj = field(n, 'value') ?? field(n, 'object');
      const idx = field(n, 'subscript') ?? field(n, 'index');
      const key = idx ? stringValue(idx) : undefined;
      if (obj?.type === 'identifier' && key !== undefined) return `${obj.text}[${key}]`;
    }
    if (n.type === 'attribute' || n.type === 'member_expression') {
      const c = memberChain(n);
      if ((c.root.type === 'identifier' || c.root.type === 'this') && c.members.length === 1) return `${c.root.text}.${c.members[0]}`;
    }
    return undefined;
  }

  /**
   * The innermost function strictly around `n` (not `n` itself), from the function list when it
   * is complete, else by walking up the tree.
   */
  functionAround(n: Node): Node | undefined {
    if (!this.fnComplete) return enclosingFunction(n);
    const start = n.startIndex;
    const end = n.endIndex;
    // Functions are in document order, so their spans nest like a tree: the innermost function
    // around n is the last one starting at or before n, or one of the functions around that one.
    // (A scan of every function before n for each lookup made a file of many functions quadratic.)
    const parent = (this.fnParent ??= this.functionParents());
    let lo = 0;
    let hi = this.fnStart.length - 1;
    while (lo <= hi) {
      this.probes++;
      const mid = (lo + hi) >>> 1;
      if (this.fnStart[mid] <= start) lo = mid + 1;
      else hi = mid - 1;
    }
    for (let i = hi; i >= 0; i = parent[i]) {
      this.probes++;
      if (this.fnEnd[i] >= end && this.fnNodes[i].id !== n.id && !(this.fnStart[i] === start && this.fnEnd[i] === end)) return this.fnNodes[i];
    }
    return undefined;
  }

  /** The innermost function around each function of the list (the list is in document order). */
  private functionParents(): Int32Array {
    const parent = new Int32Array(this.fnStart.length);
    const open: number[] = [];
    for (let i = 0; i < this.fnStart.length; i++) {
      while (open.length && this.fnEnd[open[open.length - 1]] < this.fnEnd[i]) open.pop();
      parent[i] = open.length ? open[open.length - 1] : -1;
      open.push(i);
    }
    return parent;
  }

  /** The bindings of `name` made in a scope (a function's or class's id; -1: module level), in document order. */
  private bindingsIn(name: string, scopeId: number): readonly Binding[] {
    let byId = this.byScope.get(name);
    if (!byId) {
      byId = new Map();
      for (const b of this.bindings.get(name) ?? []) {
        this.probes++;
        const id = scopeOf(b, this)?.id ?? -1;
        const list = byId.get(id);
        if (list) list.push(b);
        else byId.set(id, [b]);
      }
      for (const list of byId.values()) list.sort((a, b) => a.at - b.at);
      this.byScope.set(name, byId);
    }
    return byId.get(scopeId) ?? [];
  }

  /** What is appended, pushed or added to the list `target` in a function (undefined: module level), in document order. */
  mutationsOf(target: string, fn: Node | undefined): readonly Mutation[] {
    if (!this.mutationIndex) {
      this.mutationIndex = new Map();
      for (const m of this.mutations) {
        const key = `${m.scope?.id ?? -1} ${m.target}`;
        const list = this.mutationIndex.get(key);
        if (list) list.push(m);
        else this.mutationIndex.set(key, [m]);
      }
    }
    const found = this.mutationIndex.get(`${fn?.id ?? -1} ${target}`) ?? [];
    this.probes += found.length;
    return found;
  }

  /** Whether `fn` declares `name` global (`global client`), so what it assigns is the module's. */
  declaresGlobal(fn: Node, name: string): boolean {
    return this.globals.get(fn.id)?.has(name) ?? false;
  }

  private visit(n: Node): void {
    if (FUNCTION_TYPES.has(n.type)) {
      this.fnNodes.push(n);
      this.fnStart.push(n.startIndex);
      this.fnEnd.push(n.endIndex);
    }
    switch (n.type) {
      case 'function_definition':
      case 'function_declaration': {
        const name = field(n, 'name')?.text;
        if (name) this.functions.set(name, n);
        break;
      }
      case 'global_statement': {
        const fn = this.functionAround(n);
        if (!fn) break;
        const names = this.globals.get(fn.id) ?? new Set<string>();
        for (const k of kids(n)) if (k.type === 'identifier') names.add(k.text);
        this.globals.set(fn.id, names);
        break;
      }
      // Python `x = …`, JavaScript `x = …` / `this.x = …`
      case 'assignment':
      case 'assignment_expression': {
        const left = field(n, 'left');
        const right = field(n, 'right');
        const name = left && this.targetName(left);
        if (name && right) this.bind(name, right, n);
        // `researcher, writer = make_agents()`: each name holds its place of what the right side makes
        // (values.ts, `destructured`, picks the place out).
        if (!name && right && left && (left.type === 'pattern_list' || left.type === 'tuple_pattern')) {
          for (const k of kids(left)) if (k.type === 'identifier') this.bind(k.text, right, n);
        }
        break;
      }
      // `with CodeAgent(…) as agent:`: the name holds what the expression makes (a context manager
      // of an SDK object returns the object itself).
      case 'as_pattern': {
        if (n.parent?.type !== 'with_item') break;
        const alias = field(n, 'alias');
        const target = alias?.type === 'as_pattern_target' ? kids(alias)[0] : alias;
        const value = kids(n)[0];
        if (target?.type === 'identifier' && value && value.id !== alias?.id) this.bind(target.text, value, n);
        break;
      }
      case 'augmented_assignment': {
        const left = field(n, 'left');
        const name = left && this.targetName(left);
        if (name && n.text.includes('+=')) this.mutations.push({ target: name, op: '+=', value: field(n, 'right'), node: n, scope: this.functionAround(n) });
        break;
      }
      case 'import_from_statement': {
        const module = field(n, 'module_name')?.text ?? '';
        for (const c of kids(n)) {
          if (c.id === field(n, 'module_name')?.id) continue;
          if (c.type === 'dotted_name') this.imports.set(c.text, { module, name: c.text });
          else if (c.type === 'aliased_import') {
            const name = field(c, 'name')?.text;
            const alias = field(c, 'alias')?.text;
            if (name && alias) this.imports.set(alias, { module, name });
          }
        }
        break;
      }
      case 'import_statement': {
        if (this.family === 'py') {
          for (const c of kids(n)) {
            if (c.type === 'dotted_name') this.imports.set(c.text.split('.')[0], { module: c.text.split('.')[0], name: '*' });
            else if (c.type === 'aliased_import') {
              const name = field(c, 'name')?.text;
              const alias = field(c, 'alias')?.text;
              if (name && alias) this.imports.set(alias, { module: name, name: '*' });
            }
          }
        } else {
          const source = field(n, 'source');
          const module = source ? stringValue(source) ?? '' : '';
          const clause = kids(n).find((c) => c.type === 'import_clause');
          if (clause) this.jsImportClause(clause, module);
        }
        break;
      }
      // JS/TS
      case 'variable_declarator': {
        const name = field(n, 'name');
        const value = field(n, 'value');
        if (!name || !value) break;
        if (name.type === 'identifier') {
          this.bind(name.text, value, n);
          // const x = require('mod')
          if (value.type === 'call_expression' && field(value, 'function')?.text === 'require') {
            const arg = kids(field(value, 'arguments')!)[0];
            const module = arg ? stringValue(arg) : undefined;
            if (module) this.imports.set(name.text, { module, name: '*' });
          }
        } else if (name.type === 'object_pattern' && value.type === 'call_expression' && field(value, 'function')?.text === 'require') {
          const arg = kids(field(value, 'arguments')!)[0];
          const module = arg ? stringValue(arg) : undefined;
          if (module) for (const p of kids(name)) if (p.type === 'shorthand_property_identifier_pattern') this.imports.set(p.text, { module, name: p.text });
        } else if (name.type === 'object_pattern') {
          // `const { model, prompt } = await req.json()`: each name holds its key of what the right
          // side is (values.ts, `objectPatternKey`, picks the key out).
          for (const local of objectPatternNames(name)) this.bind(local, value, n);
        }
        break;
      }
      case 'public_field_definition': {
        const name = field(n, 'name')?.text;
        const value = field(n, 'value');
        if (name && value) this.bind(`this.${name}`, value, n);
        break;
      }
      // Parameters with defaults.
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = field(n, 'name');
        const value = field(n, 'value');
        if (name && value) this.bindParam(n, name.text, value);
        break;
      }
      // `({ modelId = 'x', text }) => …`: a destructured parameter's own default.
      case 'object_assignment_pattern': {
        const left = field(n, 'left');
        const value = field(n, 'right');
        if (left?.type === 'shorthand_property_identifier_pattern' && value && n.parent && parameterPattern(n.parent)) this.bindParam(n, left.text, value);
        break;
      }
      case 'required_parameter':
      case 'optional_parameter':
      case 'assignment_pattern': {
        const name = field(n, 'pattern') ?? field(n, 'left');
        const value = field(n, 'value') ?? field(n, 'right');
        if (name?.type === 'identifier' && value) this.bindParam(n, name.text, value);
        break;
      }
      // Mutations of lists: messages.append(...), history.push(...)
      case 'new_expression':
        this.calls.push(n);
        break;
      case 'call':
      case 'call_expression': {
        this.calls.push(n);
        const name = callName(n);
        if (!name || !MUTATORS.has(name)) break;
        const fn = field(n, 'function');
        if (fn && (fn.type === 'attribute' || fn.type === 'member_expression')) {
          const c = memberChain(fn);
          const op = c.members[c.members.length - 1];
          if (['append', 'extend', 'insert', 'push', 'unshift', 'concat'].includes(op)) {
            const targetNode = fn.type === 'attribute' ? field(fn, 'object') : field(fn, 'object');
            const target = targetNode && this.targetName(targetNode);
            const args = kids(field(n, 'arguments')!);
            if (target) this.mutations.push({ target, op, value: op === 'insert' ? args[1] : args[0], node: n, scope: this.functionAround(n) });
          }
        }
        break;
      }
    }
  }

  private bindParam(param: Node, name: string, value: Node): void {
    const fn = this.functionAround(param);
    if (!fn) return;
    const map = this.params.get(fn.id) ?? new Map<string, Node | null>();
    map.set(name, value);
    this.params.set(fn.id, map);
  }

  private jsImportClause(clause: Node, module: string): void {
    for (const c of kids(clause)) {
      if (c.type === 'identifier') this.imports.set(c.text, { module, name: 'default' });
      else if (c.type === 'namespace_import') {
        const id = kids(c).find((k) => k.type === 'identifier');
        if (id) this.imports.set(id.text, { module, name: '*' });
      } else if (c.type === 'named_imports') {
        for (const s of kids(c)) {
          if (s.type !== 'import_specifier') continue;
          const name = field(s, 'name')?.text;
          const alias = field(s, 'alias')?.text;
          if (name) this.imports.set(alias ?? name, { module, name });
        }
      }
    }
  }

  private topLevel?: Map<string, Node>;

  /** Functions and classes defined at the top of the module (the last definition of a name wins). */
  private topLevelDefinitions(): Map<string, Node> {
    if (this.topLevel) return this.topLevel;
    const out = new Map<string, Node>();
    const visit = (s: Node) => {
      switch (s.type) {
        case 'decorated_definition': {
          const d = field(s, 'definition');
          if (d) visit(d);
          break;
        }
        case 'export_statement': {
          const d = field(s, 'declaration');
          if (d) visit(d);
          break;
        }
        case 'function_definition':
        case 'function_declaration':
        case 'generator_function_declaration':
        case 'class_definition':
        case 'class_declaration': {
          const name = field(s, 'name')?.text;
          if (name) out.set(name, s);
          break;
        }
      }
    };
    for (const s of kids(this.root)) visit(s);
    this.topLevel = out;
    return out;
  }

  /** A function of the module by name: defined at the top, else anywhere but in a class. */
  moduleFunction(name: string): Node | undefined {
    const top = this.topLevelDefinitions().get(name);
    if (top) return top.type.startsWith('class') ? undefined : top;
    const fn = this.functions.get(name);
    return fn && !enclosingClass(fn) ? fn : undefined;
  }

  /** A class defined at the top of the module. */
  moduleClass(name: string): Node | undefined {
    const top = this.topLevelDefinitions().get(name);
    return top && top.type.startsWith('class') ? top : undefined;
  }

  /** A method of a class, by name. */
  methodOf(cls: Node, name: string): Node | undefined {
    const body = field(cls, 'body');
    for (const s of body ? kids(body) : []) {
      const def = s.type === 'decorated_definition' ? field(s, 'definition') : s;
      if (def && (def.type === 'function_definition' || def.type === 'method_definition') && field(def, 'name')?.text === name) return def;
    }
    return undefined;
  }

  /** The expression a same-file function returns, when its body ends in one `return <expr>`. */
  returnOf(name: string): Node | undefined {
    const fn = this.functions.get(name);
    const body = fn && field(fn, 'body');
    if (!body) return undefined;
    const returns = kids(body).filter((s) => s.type === 'return_statement');
    if (returns.length !== 1) return undefined;
    return kids(returns[0])[0];
  }

  /**
   * The value a name has at `at`: the last assignment before it in the same function, else a
   * parameter default of an enclosing function, else the module-level (or class-level) binding.
   */
  lookup(name: string, at: Node): { value?: Node; param?: boolean; imported?: ImportBinding } {
    for (let fn = this.functionAround(at); fn; fn = this.functionAround(fn)) {
      const local = this.lastBefore(this.bindingsIn(name, fn.id), at.startIndex, at);
      if (local && local.at >= fn.startIndex) return { value: local.value };
      const params = this.params.get(fn.id);
      if (params?.has(name)) return { value: params.get(name) ?? undefined, param: true };
      if (this.isParameter(fn, name)) return { param: true };
    }
    if (name.startsWith('self.') || name.startsWith('this.')) {
      const members = this.bindingsIn(name, enclosingClass(at)?.id ?? -1);
      if (members.length) return { value: members[members.length - 1].value };
    }
    const module = this.bindingsIn(name, -1);
    // `try: from google.adk.runners import Runner` / `except ImportError: Runner = None`: an optional
    // import whose only other binding is the placeholder: the name holds the import where it is used.
    if (module.length && this.imports.has(name) && module.every((b) => isNone(b.value))) return { imported: this.imports.get(name)! };
    if (module.length) {
      const before = (this.lastBefore(module, at.startIndex, at) ?? module[module.length - 1]).value;
      // `client = None` at the top, set for real later (a `global` in a setup function): inside a
      // function, which runs after the setup, the name holds what the setup made.
      if (isNone(before) && this.functionAround(at)) {
        const set = [...module].reverse().find((b) => !isNone(b.value));
        if (set) return { value: set.value };
      }
      return { value: before };
    }
    const imported = this.imports.get(name);
    if (imported) return { imported };
    return {};
  }

  /**
   * The last of `list` (in document order) made before `offset`; not the assignment `at` is the
   * right side of (`model = model.bind_tools(tools)`: `model` there is the one assigned before).
   */
  private lastBefore(list: readonly Binding[], offset: number, at?: Node): Binding | undefined {
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      this.probes++;
      const mid = (lo + hi) >>> 1;
      if (list[mid].at < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    while (at && hi >= 0 && ((list[hi].node.endIndex >= at.endIndex && list[hi].node.type !== 'as_pattern') || this.inDeadBranch(list[hi]) || (this.family === 'py' && exclusiveBranches(list[hi].node, at)))) {
      this.probes++;
      hi--;
    }
    return hi >= 0 ? list[hi] : undefined;
  }

  private judging = false;

  /**
   * Whether a binding sits in an `if`/`elif`/`else` branch that cannot run: its condition compares a
   * name the file sets to a string (`if chosen == "openai":`) and the string differs, or an earlier
   * branch's such condition holds. (A script that picks one of several set-ups by a constant.)
   */
  private inDeadBranch(b: Binding): boolean {
    if (b.deadCache !== undefined) return b.deadCache;
    if (this.judging || this.family !== 'py') return false;
    this.judging = true;
    try {
      let dead = false;
      for (let n: Node | null = b.node; n && !dead; n = n.parent) {
        const p = n.parent;
        if (!p || FUNCTION_TYPES.has(p.type)) break;
        if ((p.type === 'if_statement' || p.type === 'elif_clause') && field(p, 'consequence')?.id === n.id) {
          dead = this.holds(field(p, 'condition')) === false || (p.type === 'elif_clause' && this.earlierHolds(p));
        } else if (n.type === 'else_clause' && p.type === 'if_statement') dead = this.earlierHolds(n);
      }
      return (b.deadCache = dead);
    } finally {
      this.judging = false;
    }
  }

  /** Whether a condition before this clause of its `if` statement holds. */
  private earlierHolds(clause: Node): boolean {
    const stmt = clause.parent!;
    if (this.holds(field(stmt, 'condition')) === true) return true;
    for (const c of kids(stmt)) {
      if (c.id === clause.id) break;
      if (c.type === 'elif_clause' && this.holds(field(c, 'condition')) === true) return true;
    }
    return false;
  }

  /** `name == "text"` / `name != "text"` with the name set to a string in the file: true or false; else unknown. */
  private holds(cond: Node | null | undefined): boolean | undefined {
    if (cond?.type !== 'comparison_operator') return undefined;
    const parts = kids(cond);
    if (parts.length !== 2) return undefined;
    const op = cond.text.slice(parts[0].endIndex - cond.startIndex, parts[1].startIndex - cond.startIndex).trim();
    if (op !== '==' && op !== '!=') return undefined;
    const [a, c] = parts[0].type === 'identifier' ? [parts[0], parts[1]] : [parts[1], parts[0]];
    const literal = stringValue(c);
    if (a.type !== 'identifier' || literal === undefined || c.type !== 'string') return undefined;
    const found = this.lookup(a.text, cond);
    const v = found.value && !found.param && found.value.type === 'string' ? stringValue(found.value) : undefined;
    if (v === undefined) return undefined;
    return op === '==' ? v === literal : v !== literal;
  }

  private isParameter(fn: Node, name: string): boolean {
    const params = field(fn, 'parameters');
    if (!params) {
      const single = field(fn, 'parameter');
      return single?.text === name;
    }
    for (const p of kids(params)) {
      // Python `model: str` (typed_parameter) has its name as a plain child, not a field.
      const id = p.type === 'identifier' ? p : field(p, 'name') ?? field(p, 'pattern') ?? (p.type === 'typed_parameter' ? kids(p).find((k) => k.type === 'identifier') : undefined);
      if (id?.text === name) return true;
      const pattern = p.type === 'object_pattern' ? p : id?.type === 'object_pattern' ? id : undefined;
      if (pattern && destructuredName(pattern, name)) return true;
      if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') if (kids(p)[0]?.text === name) return true;
      // `**kwargs: Any`, `*args: str`: a typed splat.
      if (p.type === 'typed_parameter') for (const k of kids(p)) if ((k.type === 'list_splat_pattern' || k.type === 'dictionary_splat_pattern') && kids(k)[0]?.text === name) return true;
    }
    return false;
  }
}

/** The local names an object pattern binds (`{ a, b: c, d = 1, ...rest }` → a, c, d), not nested patterns. */
export function objectPatternNames(pattern: Node): string[] {
  const out: string[] = [];
  for (const p of kids(pattern)) {
    if (p.type === 'shorthand_property_identifier_pattern') out.push(p.text);
    else if (p.type === 'pair_pattern') {
      const v = field(p, 'value');
      if (v?.type === 'identifier') out.push(v.text);
    } else if (p.type === 'object_assignment_pattern') {
      const l = field(p, 'left');
      if (l?.type === 'shorthand_property_identifier_pattern' || l?.type === 'identifier') out.push(l.text);
    }
  }
  return out;
}

/** Whether `pattern` is a function's parameter (`({ a, b }) =>`, TS `({ a }: Opts)`). */
function parameterPattern(pattern: Node): boolean {
  if (pattern.type !== 'object_pattern') return false;
  const p = pattern.parent;
  return p?.type === 'formal_parameters' || ((p?.type === 'required_parameter' || p?.type === 'optional_parameter') && p.parent?.type === 'formal_parameters');
}

/** Whether an object pattern binds `name` under its own property name (`{ name }`, `{ name = d }`). */
function destructuredName(pattern: Node, name: string): boolean {
  return kids(pattern).some((k) => (k.type === 'shorthand_property_identifier_pattern' && k.text === name) || (k.type === 'object_assignment_pattern' && field(k, 'left')?.text === name));
}

/** One clause of an `if`/`elif`/`else` chain or a `match`: its body and what selects it. */
export interface Clause {
  /** The clause (the `if`'s consequence block, an `elif`/`else`/`case` clause). */
  node: Node;
  body: Node;
  /** `x == "a"`, `x in ("a", "b")`, `case "a" | "b":` (values of `subject`); `_`/`else`; anything else. */
  test: { kind: 'equals'; subject: Node; values: string[] } | { kind: 'default' } | { kind: 'other' };
}

/** The clause `child` is of `parent` (an `if_statement`, or a `match`'s block), if it is one. */
function clauseAt(parent: Node, child: Node): Node | undefined {
  if (parent.type === 'if_statement' && (field(parent, 'consequence')?.id === child.id || child.type === 'elif_clause' || child.type === 'else_clause')) return child;
  if (child.type === 'case_clause' && parent.parent?.type === 'match_statement') return child;
  return undefined;
}

/** The `if` or `match` statement a clause belongs to. */
function statementOf(clause: Node): Node {
  return clause.type === 'case_clause' ? clause.parent!.parent! : clause.parent!;
}

/** Whether a loop around `stmt` (inside its function) may run it again: then its clauses are not exclusive across runs. */
function inLoop(stmt: Node): boolean {
  for (let p = stmt.parent; p && !FUNCTION_TYPES.has(p.type) && p.type !== 'class_definition'; p = p.parent) if (p.type === 'for_statement' || p.type === 'while_statement') return true;
  return false;
}

/**
 * Whether what is bound at `binding` cannot reach `use` because they sit in different clauses of
 * one `if`/`elif`/`else` chain or `match` (Python): `kwargs = {…}` in the bedrock branch of a
 * provider factory is not what the `ChatNetmind(**kwargs)` of a later branch passes.
 */
export function exclusiveBranches(binding: Node, use: Node): boolean {
  if (binding.tree !== use.tree || use.startIndex < binding.endIndex) return false;
  for (let n = binding; n.parent; n = n.parent) {
    const p = n.parent;
    if (FUNCTION_TYPES.has(p.type) || p.type === 'class_definition') return false;
    const clause = clauseAt(p, n);
    if (!clause) continue;
    const stmt = statementOf(clause);
    if (use.startIndex >= clause.endIndex && use.endIndex <= stmt.endIndex) return !inLoop(stmt);
  }
  return false;
}

/** The innermost clause around `n` whose statement does not hold `use` (`use` comes after it), in the same function. */
export function clauseAround(n: Node, use: Node): Node | undefined {
  for (let c = n; c.parent; c = c.parent) {
    const p = c.parent;
    if (FUNCTION_TYPES.has(p.type) || p.type === 'class_definition') return undefined;
    const clause = clauseAt(p, c);
    if (!clause) continue;
    const stmt = statementOf(clause);
    if (use.tree === stmt.tree && use.startIndex >= stmt.endIndex) return clause;
  }
  return undefined;
}

/** The clauses of the statement a clause belongs to, in order, with what selects each. */
export function clausesOf(clause: Node): { stmt: Node; clauses: Clause[] } {
  const stmt = statementOf(clause);
  const clauses: Clause[] = [];
  if (stmt.type === 'if_statement') {
    const first = field(stmt, 'consequence');
    if (first) clauses.push({ node: first, body: first, test: testOf(field(stmt, 'condition')) });
    for (const c of kids(stmt)) {
      if (c.type === 'elif_clause') {
        const body = field(c, 'consequence');
        if (body) clauses.push({ node: c, body, test: testOf(field(c, 'condition')) });
      } else if (c.type === 'else_clause') {
        const body = field(c, 'body');
        if (body) clauses.push({ node: c, body, test: { kind: 'default' } });
      }
    }
  } else {
    const subject = field(stmt, 'subject');
    for (const c of kids(field(stmt, 'body') ?? stmt)) {
      if (c.type !== 'case_clause') continue;
      const body = field(c, 'consequence') ?? kids(c).find((k) => k.type === 'block');
      const pattern = kids(c).find((k) => k.type === 'case_pattern');
      if (!body || !pattern) continue;
      const guard = kids(c).find((k) => k.type === 'if_clause');
      const values = literalsOf(kids(pattern)[0]);
      const test: Clause['test'] = guard || !subject ? { kind: 'other' } : pattern.text.trim() === '_' ? { kind: 'default' } : values ? { kind: 'equals', subject, values } : { kind: 'other' };
      clauses.push({ node: c, body, test });
    }
  }
  return { stmt, clauses };
}

/** `x == "a"`, `"a" == x`, `x in ("a", "b")`: the subject and the strings it is compared with. */
function testOf(cond: Node | undefined): Clause['test'] {
  if (cond?.type !== 'comparison_operator') return { kind: 'other' };
  const parts = kids(cond);
  if (parts.length !== 2) return { kind: 'other' };
  const op = cond.text.slice(parts[0].endIndex - cond.startIndex, parts[1].startIndex - cond.startIndex).trim();
  if (op === '==') {
    const [subject, literal] = parts[1].type === 'string' ? [parts[0], parts[1]] : [parts[1], parts[0]];
    const v = literal.type === 'string' ? stringValue(literal) : undefined;
    return v !== undefined && subject.type !== 'string' ? { kind: 'equals', subject, values: [v] } : { kind: 'other' };
  }
  if (op === 'in') {
    const values = literalsOf(parts[1]);
    return values && parts[0].type !== 'string' ? { kind: 'equals', subject: parts[0], values } : { kind: 'other' };
  }
  return { kind: 'other' };
}

/** The strings of `"a"`, `"a" | "b"` (a case pattern) or `("a", "b")` / `["a", "b"]` / `{"a", "b"}`; undefined if anything else is there. */
function literalsOf(n: Node | undefined): string[] | undefined {
  if (!n) return undefined;
  if (n.type === 'string') {
    const v = stringValue(n);
    return v === undefined ? undefined : [v];
  }
  if (n.type === 'union_pattern' || n.type === 'tuple' || n.type === 'list' || n.type === 'set') {
    const out: string[] = [];
    for (const k of kids(n)) {
      const v = k.type === 'string' ? stringValue(k) : undefined;
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out.length ? out : undefined;
  }
  return undefined;
}
