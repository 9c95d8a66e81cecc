// Arguments of a call → prompt parts: message lists (literals, `append`/`push`), system prompts,
// f-strings and template literals with their placeholders classified, prompt files read by path.
import type { Node } from '@vscode/tree-sitter-wasm';
import type { CacheMarker, DynamicKind, PromptPart, Role } from '../../model';
import { Args, argsOf, calleeOf, dotted, field, isCall, kids, memberChain, stringValue, unwrap } from './ast';
import { closedSetOf } from './closedSet';
import { classifyExpression } from './dynamic';
import { ctxOf, resolveValue, Value, ValueContext } from './values';
import { own } from '../../util/own';

/** Reads another workspace file (prompt files referenced by path); undefined when it cannot. */
export type FileReader = (fromPath: string, target: string) => { path: string; parts: PromptPart[] } | undefined;

export interface PromptContext extends ValueContext {
  readFile?: FileReader;
  /** The call being analysed: mutations before it (or in its loop) are followed. */
  call: Node;
  /** Loops enclosing the call (innermost first). */
  loops: Node[];
  /**
   * A call that invokes an SDK method handed to it (`retry(client.chat.completions.create, **kw)`,
   * `fn(...)` after `fn = partial(client.messages.create, model=M)`): the method reference is the
   * callee, and these are the arguments the method receives.
   */
  via?: { callee: Node; args: Args };
}

export interface PromptBuild {
  parts: PromptPart[];
  cacheMarkers: CacheMarker[];
  /** The history list is appended to inside a loop that makes the call. */
  historyGrows: boolean;
  notes: string[];
}

export function newBuild(): PromptBuild {
  return { parts: [], cacheMarkers: [], historyGrows: false, notes: [] };
}

const ROLE_ALIASES: Record<string, Role> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  ai: 'assistant',
  model: 'assistant',
  tool: 'tool',
  function: 'tool',
};

const MESSAGE_CLASSES: Record<string, Role> = {
  SystemMessage: 'system',
  HumanMessage: 'user',
  AIMessage: 'assistant',
  ToolMessage: 'tool',
  SystemMessagePromptTemplate: 'system',
  HumanMessagePromptTemplate: 'user',
  AIMessagePromptTemplate: 'assistant',
  ChatMessage: 'user',
  // Mistral, Azure AI Inference
  UserMessage: 'user',
  AssistantMessage: 'assistant',
  // xai_sdk.chat's system("…"), user("…"), assistant("…")
  system: 'system',
  user: 'user',
  assistant: 'assistant',
};

function nextMessage(b: PromptBuild): number {
  return b.parts.length ? b.parts[b.parts.length - 1].message + 1 : 0;
}

function dynamicPart(role: Role, message: number, node: Node, name: string, kind?: DynamicKind, value?: Value, ctx?: ValueContext): PromptPart {
  const c = kind ? { kind, volatile: true } : classifyExpression(name);
  const choices = kind ? undefined : closedSetOf(node, value, ctx);
  return { role, message, source: 'unknown', text: '', span: { start: node.startIndex, end: node.endIndex }, dynamic: { kind: c.kind, name, volatile: c.volatile, ...(choices ? { choices } : {}) } };
}

/** Text-valued expression → parts of one message. */
export function addText(b: PromptBuild, node: Node | undefined, role: Role, message: number, ctx: PromptContext, depth = 0): void {
  if (!node) return;
  const v = resolveValue(node, ctx);
  addValue(b, v, node, role, message, ctx, depth);
}

function addValue(b: PromptBuild, v: Value, node: Node, role: Role, message: number, ctx: PromptContext, depth: number): void {
  const span = { start: node.startIndex, end: node.endIndex };
  switch (v.kind) {
    case 'string':
      b.parts.push({ role, message, source: 'literal', text: v.value, span: { start: v.node.startIndex, end: v.node.endIndex } });
      return;
    case 'template': {
      // Pieces of one literal (f-string, template literal) say which literal, for fixes that rewrite it.
      const literal = v.node.type === 'string' || v.node.type === 'template_string' ? { start: v.node.startIndex, end: v.node.endIndex } : undefined;
      const inLiteral = (part: PromptPart): PromptPart => (literal ? { ...part, literal } : part);
      for (const p of v.pieces) {
        if ('text' in p) {
          if (p.text) b.parts.push(inLiteral({ role, message, source: 'template', text: p.text, span: p.node ? { start: p.node.startIndex, end: p.node.endIndex } : span }));
        } else {
          // A placeholder that resolves to a constant is static text.
          const inner = resolveValue(p.expr, ctx);
          if (inner.kind === 'string') b.parts.push(inLiteral({ role, message, source: 'template', text: inner.value, span: { start: p.expr.startIndex, end: p.expr.endIndex } }));
          else if (inner.kind === 'call' && depth < 3 && fileRead(inner.node, { ...ctx, ...ctxOf(inner, ctx) })) addValue(b, inner, p.expr, role, message, ctx, depth + 1);
          else b.parts.push(inLiteral(dynamicPart(role, message, p.expr, p.name, undefined, inner, ctx)));
        }
      }
      return;
    }
    case 'call': {
      // A read a helper returns (`load_prompt("coding")` → `prompt_path.read_text()`) is read in the
      // helper's file with its arguments.
      const rctx: PromptContext = { ...ctx, ...ctxOf(v, ctx) };
      const read = fileRead(v.node, rctx);
      if (read) {
        if (read.parts) {
          for (const part of read.parts) b.parts.push({ ...part, role: part.role === 'system' && role !== 'system' ? role : part.role, message: message + part.message, path: read.path });
        } else b.parts.push(dynamicPart(role, message, v.node, read.label, 'unknown'));
        if (read.note) b.notes.push(read.note);
        return;
      }
      // "...".format(...) / str.join / a helper's return value: text we cannot see.
      const fmt = formatCall(v.node, ctx);
      if (fmt) {
        addValue(b, fmt, node, role, message, ctx, depth + 1);
        return;
      }
      b.parts.push(dynamicPart(role, message, node, node.text.length > 60 ? v.callee + '(…)' : node.text, undefined, undefined, ctx));
      return;
    }
    case 'list': {
      // Content blocks: [{"type": "text", "text": "...", "cache_control": {...}}]
      for (const item of v.items) {
        const iv = resolveValue(item, ctx);
        if (iv.kind === 'dict') {
          const text = iv.entries.get('text') ?? iv.entries.get('content');
          const type = iv.entries.get('type');
          const typeName = type ? stringValue(type) : undefined;
          if (text) addText(b, text, role, message, ctx, depth + 1);
          else if (typeName && typeName !== 'text') b.parts.push(dynamicPart(role, message, item, typeName, typeName.includes('tool') ? 'tool-output' : 'unknown'));
          const cc = cacheControlOf(iv.entries, ctx);
          if (cc && b.parts.length) b.cacheMarkers.push({ afterPart: b.parts.length - 1, ttl: ttlOf(cc, ctx), span: { start: cc.startIndex, end: cc.endIndex } });
        } else addValue(b, iv, item, role, message, ctx, depth + 1);
      }
      return;
    }
    case 'unknown':
    case 'imported':
    case 'dict':
    case 'number':
    case 'bool':
      b.parts.push(dynamicPart(role, message, node, v.kind === 'unknown' && v.name ? v.name : node.text.slice(0, 60), undefined, v, ctx));
      return;
  }
}

/**
 * A cache breakpoint on a content block or message: Anthropic's `cache_control`, or the AI SDK's
 * `providerOptions: { anthropic: { cacheControl } }` (`experimental_providerMetadata` before v5).
 */
function cacheControlOf(entries: Map<string, Node>, ctx: PromptContext): Node | undefined {
  const direct = entries.get('cache_control') ?? entries.get('cacheControl');
  if (direct) return direct;
  for (const key of ['providerOptions', 'experimental_providerMetadata']) {
    const opts = entries.get(key);
    const ov = opts ? resolveValue(opts, ctx) : undefined;
    const anthropic = ov?.kind === 'dict' ? ov.entries.get('anthropic') : undefined;
    const av = anthropic ? resolveValue(anthropic, ctx) : undefined;
    const cc = av?.kind === 'dict' ? av.entries.get('cacheControl') : undefined;
    if (cc) return cc;
  }
  return undefined;
}

function ttlOf(cc: Node, ctx: PromptContext): '5m' | '1h' {
  const v = resolveValue(cc, ctx);
  if (v.kind === 'dict') {
    const ttl = v.entries.get('ttl');
    if (ttl && stringValue(ttl) === '1h') return '1h';
  }
  return '5m';
}

/** `"...{x}...".format(x=...)` → the template with its fields as placeholders. */
function formatCall(call: Node, ctx: PromptContext): Value | undefined {
  const callee = calleeOf(call);
  if (!callee || (callee.type !== 'attribute' && callee.type !== 'member_expression')) return undefined;
  const chain = memberChain(callee);
  if (chain.members[chain.members.length - 1] !== 'format') return undefined;
  let base = resolveValue(field(callee, 'object'), ctx);
  // `PromptTemplate(template=t).format(topic=…)` / `PromptTemplate.from_template(t).format(…)`: LangChain's f-string template is t.
  if (base.kind === 'call' && /^(\w+\.)*PromptTemplate(\.from_template)?$/.test(base.callee) && !/ChatPromptTemplate/.test(base.callee)) {
    const a = argsOf(base.node);
    const t = a.named.get('template') ?? a.positional[0];
    if (t) base = resolveValue(t, { ...ctx, ...ctxOf(base, ctx) });
  }
  if (base.kind !== 'string') return undefined;
  const pieces: ({ text: string } | { expr: Node; name: string })[] = [];
  // The field name is matched atomically (lookahead + backreference), so `[^{}]*` never re-splits it.
  const re = /\{(?=([A-Za-z_][\w.]*)?)\1[^{}]*\}/g;
  let last = 0;
  const args = argsOf(call);
  for (let m = re.exec(base.value); m; m = re.exec(base.value)) {
    pieces.push({ text: base.value.slice(last, m.index) });
    const argNode = (m[1] && args.named.get(m[1])) || call;
    const resolved = m[1] && args.named.get(m[1]) ? resolveValue(args.named.get(m[1]), ctx) : undefined;
    if (resolved?.kind === 'string') pieces.push({ text: resolved.value });
    else pieces.push({ expr: argNode, name: m[1] ?? 'arg' });
    last = m.index + m[0].length;
  }
  pieces.push({ text: base.value.slice(last) });
  return { kind: 'template', pieces, node: call };
}

/** `open(p).read()`, `Path(p).read_text()`, `fs.readFileSync(p)`, `prompty.load(p)`, `ai.prompt("name")`. */
function fileRead(call: Node, ctx: PromptContext): { parts?: PromptPart[]; path?: string; label: string; note?: string } | undefined {
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const name = dotted(callee) ?? '';
  const chain = memberChain(callee);
  const last = chain.members[chain.members.length - 1] ?? (chain.root.type === 'identifier' ? chain.root.text : '');
  let pathNode: Node | undefined;
  if ((last === 'read' || last === 'read_text' || last === 'readlines') && isCall(chain.root)) {
    // open("p").read() / Path("p").read_text()
    const a = argsOf(chain.root);
    const ctor = dotted(calleeOf(chain.root)!) ?? '';
    if (/(^|\.)(open|Path|PurePath)$/.test(ctor)) pathNode = a.positional[0];
  } else if ((last === 'read_text' || last === 'read_bytes') && unwrap(chain.root).type === 'binary_operator') {
    // (Path(__file__).parent / "prompts" / "x.txt").read_text()
    pathNode = unwrap(chain.root);
  } else if ((last === 'read_text' || last === 'read_bytes') && chain.members.length === 1 && unwrap(chain.root).type === 'identifier') {
    // `prompt_path = PROMPTS_DIR / f"{name}.md"` … `prompt_path.read_text()`: the path the name holds.
    const found = ctx.scope.lookup(chain.root.text, chain.root);
    const held = found.value && !found.param ? unwrap(found.value) : undefined;
    if (held && (held.type === 'binary_operator' || (isCall(held) && /(^|\.)(Path|PurePath)$/.test(dotted(calleeOf(held)!) ?? '')))) pathNode = held;
    else return undefined;
  } else if (/(^|\.)(readFileSync|readFile)$/.test(name) || name === 'fs.promises.readFile') pathNode = argsOf(call).positional[0];
  else if (/(^|\.)prompty\.(load|execute|prepare)$/.test(name) || name === 'load_prompty') pathNode = argsOf(call).positional[0];
  else if (/(^|\.)prompt$/.test(name) && chain.members.length === 1) {
    // Dotprompt / Genkit: ai.prompt("summarize") → prompts/summarize.prompt
    const a = argsOf(call);
    const n = a.positional[0] ? stringValue(a.positional[0]) : undefined;
    if (n !== undefined) return readInto(`prompts/${n}.prompt`, ctx, `prompt "${n}"`, true);
    return undefined;
  } else return undefined;
  if (!pathNode) return { label: `file read by \`${name || last}\``, note: 'file path not found' };
  const p = filePath(pathNode, ctx);
  if (!p) return { label: `file read by \`${name || last}\``, note: `file path \`${pathNode.text.slice(0, 60)}\` cannot be resolved` };
  return readInto(p, ctx, p);
}

function readInto(target: string, ctx: PromptContext, label: string, byName = false): { parts?: PromptPart[]; path?: string; label: string; note?: string } {
  const r = ctx.readFile?.(ctx.path, target);
  if (!r) return { label, note: `${byName ? 'prompt' : 'file'} ${target} could not be read` };
  return { parts: r.parts, path: r.path, label };
}

/** A path expression: "a/b.txt", Path(__file__).parent / "x.txt", os.path.join(DIR, "x"), path.join(__dirname, "x"). */
function filePath(n: Node, ctx: PromptContext, depth = 0): string | undefined {
  const v = resolveValue(n, ctx);
  if (v.kind === 'string') return v.value;
  if (v.kind === 'template') {
    // `f"{name}.md"` inside a helper read for a call (`load_prompt("coding")`): each piece known.
    const pieces = v.pieces.map((p) => {
      if ('text' in p) return p.text;
      const r = resolveValue(p.expr, ctx);
      return r.kind === 'string' ? r.value : undefined;
    });
    return pieces.every((p) => p !== undefined) ? pieces.join('') : undefined;
  }
  const u = unwrap(n);
  if (u.type === 'identifier' && depth < 4) {
    // `PROMPTS_DIR = Path(__file__).parent / "prompts"` … `PROMPTS_DIR / f"{name}.md"`.
    const found = ctx.scope.lookup(u.text, u);
    return found.value && !found.param ? filePath(found.value, ctx, depth + 1) : undefined;
  }
  if (u.type === 'binary_operator' && u.text.includes('/')) {
    const right = filePath(field(u, 'right')!, ctx);
    const left = field(u, 'left')!;
    const l = resolveValue(left, ctx);
    // A path built in steps (`Path(__file__).parent / "prompts" / "x.txt"`): its left side first.
    const leftText = l.kind === 'string' ? l.value : unwrap(left).type === 'binary_operator' ? filePath(left, ctx) : /__file__|__dirname|Path\(\)|cwd/.test(left.text) ? '.' : filePath(left, ctx);
    if (right !== undefined && leftText !== undefined) return leftText === '.' ? `./${right}` : `${leftText}/${right}`;
    return right !== undefined ? `./${right}` : undefined;
  }
  if (isCall(u)) {
    const name = dotted(calleeOf(u)!) ?? '';
    if (/(^|\.)(join|resolve)$/.test(name)) {
      const segs = argsOf(u).positional.map((a) => {
        const s = resolveValue(a, ctx);
        return s.kind === 'string' ? s.value : /__dirname|__file__|dirname|cwd|import\.meta/.test(a.text) ? '.' : undefined;
      });
      if (segs.every((s) => s !== undefined)) return './' + (segs as string[]).filter((s) => s !== '.').join('/');
    }
    if (/(^|\.)(Path|PurePath)$/.test(name)) {
      const first = argsOf(u).positional[0];
      return first ? filePath(first, ctx) : undefined;
    }
  }
  return undefined;
}

/** A chat message expression → its role and content node (dict/object, tuple, message class). */
function messageOf(item: Node, ctx: PromptContext): { role: Role; content?: Node; node: Node; cache?: Node } | undefined {
  const v = resolveValue(item, ctx);
  if (v.kind === 'dict') {
    const roleNode = v.entries.get('role');
    const roleText = roleNode ? stringValue(roleNode) : undefined;
    const role = roleText ? own(ROLE_ALIASES, roleText.toLowerCase()) ?? 'user' : v.entries.has('tool_call_id') ? 'tool' : 'user';
    return { role, content: v.entries.get('content') ?? v.entries.get('parts') ?? v.entries.get('text'), node: item, cache: cacheControlOf(v.entries, ctx) };
  }
  if (v.kind === 'list' && v.items.length === 2) {
    // LangChain tuples: ("system", "...")
    const r = stringValue(v.items[0]);
    const tupleRole = r ? own(ROLE_ALIASES, r.toLowerCase()) : undefined;
    if (tupleRole) return { role: tupleRole, content: v.items[1], node: item };
  }
  if (v.kind === 'call') {
    const cls = v.callee.split('.').pop() ?? '';
    let classRole = own(MESSAGE_CLASSES, cls);
    if (classRole) {
      const a = argsOf(v.node);
      // ChatMessage(role="system", content=…)
      const named = a.named.get('role') ? stringValue(a.named.get('role')!) : undefined;
      if (named) classRole = own(ROLE_ALIASES, named.toLowerCase()) ?? classRole;
      const first = a.positional[0] ? unwrap(a.positional[0]) : undefined;
      const content = a.named.get('content') ?? (first?.type === 'object' ? resolveObjectKey(first, 'content', ctx) : first) ?? a.named.get('template');
      return { role: classRole, content, node: item };
    }
    if (/from_template|fromTemplate/.test(v.callee)) {
      const owner = v.callee.split('.').slice(-2, -1)[0] ?? '';
      const role = own(MESSAGE_CLASSES, owner) ?? 'user';
      return { role, content: argsOf(v.node).positional[0], node: item };
    }
  }
  if (v.kind === 'string' || v.kind === 'template') return { role: 'user', content: item, node: item };
  return undefined;
}

function resolveObjectKey(obj: Node, key: string, ctx: PromptContext): Node | undefined {
  const v = resolveValue(obj, ctx);
  return v.kind === 'dict' ? v.entries.get(key) : undefined;
}

/** A messages argument → parts, following list literals and appends/pushes to the same list. */
export function addMessages(b: PromptBuild, node: Node | undefined, ctx: PromptContext): void {
  if (!node) return;
  const u = unwrap(node);
  let listNode: Node | undefined = u;
  let listName: string | undefined;
  if (u.type === 'identifier' || u.type === 'shorthand_property_identifier' || u.type === 'attribute' || u.type === 'member_expression') {
    listName = u.text;
    const v = resolveValue(u, ctx);
    listNode = v.kind === 'list' ? v.node : undefined;
    if (!listNode) {
      const m = nextMessage(b);
      b.parts.push(dynamicPart('user', m, u, u.text, 'history'));
    }
  } else if (u.type === 'list_comprehension' || u.type === 'list_splat' || isCall(u)) {
    const m = nextMessage(b);
    b.parts.push(dynamicPart('user', m, u, u.text.slice(0, 60), /history|messages/i.test(u.text) ? 'history' : undefined));
    return;
  }
  if (listNode) {
    const v = resolveValue(listNode, ctx);
    if (v.kind === 'list') {
      for (const item of v.items) {
        const iu = unwrap(item);
        if (iu.type === 'list_splat' || iu.type === 'spread_element' || iu.type === 'dictionary_splat') {
          b.parts.push(dynamicPart('user', nextMessage(b), iu, kids(iu)[0]?.text ?? iu.text, 'history'));
          continue;
        }
        addMessageItem(b, item, ctx);
      }
    }
  }
  if (listName) followMutations(b, listName, ctx);
}

/** One message (`{ role, content }`, a message class, a tuple) appended to the prompt. */
export function addMessageItem(b: PromptBuild, item: Node, ctx: PromptContext): void {
  const msg = messageOf(item, ctx);
  const m = nextMessage(b);
  if (!msg) {
    b.parts.push(dynamicPart('user', m, item, item.text.slice(0, 60), 'history'));
    return;
  }
  if (!msg.content) return;
  addText(b, msg.content, msg.role, m, ctx);
  // A breakpoint on the message itself (the AI SDK's providerOptions; content blocks are handled in addValue).
  if (msg.cache && b.parts.length) b.cacheMarkers.push({ afterPart: b.parts.length - 1, ttl: ttlOf(msg.cache, ctx), span: { start: msg.cache.startIndex, end: msg.cache.endIndex } });
}

/** Appends/pushes to the list before the call, or anywhere in a loop around it (history growth). */
function followMutations(b: PromptBuild, listName: string, ctx: PromptContext): void {
  const fn = ctx.scope.functionAround(ctx.call);
  for (const mut of ctx.scope.mutationsOf(listName, fn)) {
    const inLoop = ctx.loops.some((loop) => mut.node.startIndex >= loop.startIndex && mut.node.endIndex <= loop.endIndex);
    if (inLoop) {
      b.historyGrows = true;
      continue; // grows each step: modelled as growth, not as static text
    }
    if (mut.node.startIndex > ctx.call.startIndex) continue;
    if (!mut.value) continue;
    if (mut.op === 'extend' || mut.op === '+=' || mut.op === 'concat') {
      const v = resolveValue(mut.value, ctx);
      if (v.kind === 'list') for (const item of v.items) addMessageItem(b, item, ctx);
      else b.parts.push(dynamicPart('user', nextMessage(b), mut.value, mut.value.text.slice(0, 60), 'history'));
    } else addMessageItem(b, mut.value, ctx);
  }
}

/** ChatPromptTemplate.from_messages([...]) / PromptTemplate.from_template("...") at the head of a chain. */
export function addChatPrompt(b: PromptBuild, prompt: Node, ctx: PromptContext): void {
  const v = resolveValue(prompt, ctx);
  if (v.kind !== 'call') return;
  const a = argsOf(v.node);
  if (/from_messages|fromMessages/.test(v.callee)) {
    const list = a.positional[0];
    // Template variables (`{text}`) stay in the text as written: the input dict fills them.
    if (list) addMessages(b, list, ctx);
  } else if (/from_template|fromTemplate|PromptTemplate/.test(v.callee)) {
    addText(b, a.positional[0] ?? a.named.get('template'), 'user', nextMessage(b), ctx);
  }
}
