// Agent code → call sites and tasks. One parse, one scope walk, then every call checked against
// the SDK patterns; values resolved, prompts built, loops turned into multipliers.
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { AnalysisTimeout, Deadline, enterDeadline } from '../../analysis/limits';
import type { AnalysisError, ArgsInsertion, CallSite, ChunkSetting, EntryKindName, ItemLoop, ModelRef, RetrievalSetting, Task } from '../../model';
import { inferProviderFromModel } from '../provider';
import { Args, argsOf, callName, calleeOf, familyOf, field, functionName, isFunction, objectArgs, qualifiedFunctionName } from './ast';
import { CALL_NAMES, detectCall, DetectedCall, detectFrameworkCall } from './detect';
import { anyNameFrameworks } from './frameworks';
import { capMultiplier, CostlensComments, describeLoop, enclosingLoops, LoopDefaults, LoopInfo, multiplierOf } from './loops';
import { CodeLanguage, languageOf, moduleLevelNodes, nestedBeyondQueries, nodesOfTypes, parse, QUERY_MAX_DEPTH } from './parser';
import type { FileReader } from './prompts';
import { Scope, SCOPE_TYPES } from './scope';
import { entryKindOf, reachingEntries } from './entryPoints';
import { itemLoopOf } from './itemLoop';
import { resolveValue, stringOptions, templateText, WRAPPERS } from './values';
import type { ImportResolver, ValueContext } from './values';
import type { Program } from '../../program/program';
import { envFileValue } from '../../program/envFiles';
import { own } from '../../util/own';

export interface CodeExtractOptions {
  /** The language, when the path does not say it (a notebook's code cells are Python). */
  language?: CodeLanguage;
  loopDefaults?: LoopDefaults;
  /** Stop early (throwing the signal's reason) when the result is no longer wanted. */
  signal?: AbortSignal;
  /** Stop (throwing AnalysisTimeout) when the file takes longer than its time budget. */
  deadline?: Deadline;
  resolveImport?: ImportResolver;
  readFile?: FileReader;
  /** The workspace as one program: names imported from other files, callers in other files. */
  program?: Program;
  /** The previous tree of this document, already edited: tree-sitter reuses what did not change. */
  oldTree?: Tree;
  /** Keep the tree (the caller frees it); otherwise it is freed before returning. */
  keepTree?: boolean;
  /** A tree the caller parsed and owns (not freed here). */
  tree?: Tree;
  /** Only the calls inside this range (a top-level definition) are extracted. */
  range?: { start: number; end: number };
}

export interface CodeExtraction {
  callSites: CallSite[];
  tasks: Task[];
  errors: AnalysisError[];
  retrieval?: RetrievalSetting[];
  chunks?: ChunkSetting[];
  tree?: Tree;
}

/** Retrieval calls and the parameter that sets how many chunks they return. */
const RETRIEVAL_CALLS: Record<string, string[]> = {
  similarity_search: ['k'],
  similarity_search_with_score: ['k'],
  similarity_search_with_relevance_scores: ['k'],
  max_marginal_relevance_search: ['k'],
  similaritySearch: ['k'],
  similaritySearchWithScore: ['k'],
  as_retriever: ['search_kwargs.k'],
  asRetriever: ['k'],
  as_query_engine: ['similarity_top_k'],
  as_chat_engine: ['similarity_top_k'],
  asQueryEngine: ['similarityTopK'],
  query: ['n_results', 'top_k', 'topK'],
  search: ['top_k', 'topK', 'limit'],
};
const SPLITTERS = /TextSplitter$|Splitter$|SentenceSplitter|TokenTextSplitter/;
/**
 * `search(limit=…)` and `query(top_k=…)` are retrieval only on a vector store, index or retriever:
 * `client.threads.search({ limit: 100 })`, a database's or a search API's query, fetch rows, not chunks for a prompt.
 */
const GENERIC_RETRIEVAL = new Set(['search', 'query']);
/** Arguments only a vector search takes (Qdrant's `client.search(collection_name=…, query_vector=…)`, Pinecone's `vector=`). */
const VECTOR_ARGS = new Set(['collection_name', 'collectionName', 'query_vector', 'queryVector', 'vector', 'embedding', 'query_embedding', 'query_embeddings', 'queryEmbeddings', 'query_texts', 'queryTexts', 'include_metadata', 'includeMetadata', 'namespace', 'near_text', 'nearText']);
const VECTOR_RECEIVER = /vector|index|collection|store|retriev|embed|pinecone|qdrant|chroma|weaviate|milvus|faiss|lance|pgvector|memory|knowledge|kb\b|rag|docsearch|corpus/i;

function retrievalOf(calls: { call: Node; name: string }[], scope: Scope, path: string, resolveImport?: ImportResolver): { retrieval: RetrievalSetting[]; chunks: ChunkSetting[] } {
  const retrieval: RetrievalSetting[] = [];
  const chunks: ChunkSetting[] = [];
  for (const { call, name } of calls) {
    const params = own(RETRIEVAL_CALLS, name);
    const ctx = { scope, path, resolveImport };
    if (params) {
      const args = argsOf(call);
      const first = args.positional.find((a) => a.type === 'object');
      const named = args.named.size ? args : first ? objectArgs(first) : args;
      if (GENERIC_RETRIEVAL.has(name)) {
        const callee = calleeOf(call);
        const receiver = callee ? field(callee, 'object') : undefined;
        if (!(receiver && VECTOR_RECEIVER.test(receiver.text)) && ![...named.named.keys()].some((k) => VECTOR_ARGS.has(k))) continue;
      }
      for (const param of params) {
        const [outer, inner] = param.split('.');
        let node = named.named.get(outer);
        if (node && inner) {
          const v = resolveValue(node, ctx);
          node = v.kind === 'dict' ? v.entries.get(inner) : undefined;
        }
        if (!node) continue;
        const v = resolveValue(node, ctx);
        if (v.kind !== 'number') continue;
        retrieval.push({ k: v.value, param, span: { start: v.node.startIndex, end: v.node.endIndex }, line: v.node.startPosition.row + 1, functionName: qualifiedFunctionName(call) });
      }
    } else if (SPLITTERS.test(name)) {
      const args = argsOf(call);
      const size = args.named.get('chunk_size') ?? args.named.get('chunkSize');
      if (!size) continue;
      const v = resolveValue(size, ctx);
      if (v.kind === 'number') chunks.push({ size: v.value, unit: /Token|Sentence/.test(name) ? 'tokens' : 'chars', span: { start: v.node.startIndex, end: v.node.endIndex } });
    }
  }
  return { retrieval, chunks };
}

export const DEFAULT_LOOPS: LoopDefaults = { collection: 5, unbounded: 10, loopWithExit: 1, toolRounds: 2 };

/** A `costlens: tasks-per-day=N` above this is capped (monthly figures would overflow). */
export const MAX_TASKS_PER_DAY = 1e12;

let callNamePattern: RegExp | undefined;

/**
 * Names that are LLM calls only on an object the text names: Mistral's `conversations.append(…)`,
 * while a Python list's `.append(` is in almost every file (and would send each to the parser).
 */
const QUALIFIED_CALL_NAMES: ReadonlyArray<readonly [RegExp, string[]]> = [
  [/conversations/, ['append', 'append_async', 'append_stream', 'append_stream_async', 'restart', 'restart_async']],
];
let qualifiedPatterns: [RegExp, RegExp][] | undefined;
let handedPattern: RegExp | undefined;

/** Cheap text test: does the file contain `<name>(` for any name an LLM call can end in? */
export function mayCallAnSdk(text: string): boolean {
  if (!callNamePattern) {
    const qualified = new Set(QUALIFIED_CALL_NAMES.flatMap(([, names]) => names));
    callNamePattern = new RegExp(`\\b(?:${[...CALL_NAMES].filter((n) => !qualified.has(n)).join('|')})\\s*\\(`);
    qualifiedPatterns = QUALIFIED_CALL_NAMES.map(([word, names]) => [word, new RegExp(`\\b(?:${names.join('|')})\\s*\\(`)]);
  }
  if (callNamePattern.test(text)) return true;
  // A method handed over rather than called (`cl.make_async(chain.invoke)(q)`, `to_thread(client.messages.create, …)`).
  handedPattern ??= new RegExp(`\\.(?:${[...CALL_NAMES].join('|')})\\s*[,)]`);
  if (handedPattern.test(text)) return true;
  if (qualifiedPatterns!.some(([word, call]) => word.test(text) && call.test(text))) return true;
  return anyNameFrameworks(text).length > 0;
}

/** Where a value was written: `path:line` (another file's path when it came from there). */
function whereWritten(node: Node, path: string, program?: Program): string {
  return `${(node.tree === undefined ? undefined : program?.pathOf(node)) ?? path}:${node.startPosition.row + 1}`;
}

/** A node's text without a TypeScript cast around it (`DEPLOYMENT_ID as Model` → DEPLOYMENT_ID). */
function unwrapText(n: Node): string {
  return n.type === 'as_expression' || n.type === 'satisfies_expression' ? (n.namedChildren[0]?.text ?? n.text) : n.text;
}

function modelRef(d: DetectedCall, call: Node, path: string, ctx: ValueContext, program?: Program): { ref: ModelRef; note?: string } {
  let m = d.model;
  // `f"models/{MODEL_ID}"` with the id a constant: that text.
  const folded = m.kind === 'template' ? templateText(m, ctx) : undefined;
  if (folded !== undefined && m.kind === 'template') m = { kind: 'string', value: folded, node: m.node };
  const span = d.modelNode ? { start: d.modelNode.startIndex, end: d.modelNode.endIndex } : undefined;
  // An empty string is a placeholder the code fills at run time (`let DEPLOYMENT_ID = ""` then a switch over the request), never a model.
  const empty = `\`${(d.modelNode ? unwrapText(d.modelNode) : 'the model').slice(0, 60)}\` is an empty string where the code sets it (filled in at run time)`;
  if (m.kind === 'string' && !m.value.trim()) return { ref: { unresolvedReason: empty, span } };
  if (m.kind === 'string') {
    // The literal the id was read from, when it is a string literal of this file.
    const local = m.node.tree === call.tree;
    const lit = local && (m.node.type === 'string' || m.node.type === 'template_string') ? { start: m.node.startIndex, end: m.node.endIndex } : undefined;
    // Another file's value says where it is; this file's literal is found by its span (which an edit moves).
    const from = local ? undefined : whereWritten(m.node, path, program);
    return { ref: { id: m.value, span, ...(lit ? { literalSpan: lit } : {}), ...(from ? { from } : {}) }, note: m.via ? `model "${m.value}" is the ${m.via}` : from ? `model "${m.value}" is written at ${from}` : undefined };
  }
  if (m.kind === 'union') {
    // Several models (callers or branches differ): each is priced, the range spans them.
    const options = stringOptions(m).filter((o) => o.value.trim());
    if (!options.length && stringOptions(m).length) return { ref: { unresolvedReason: empty, span } };
    const seen = new Set<string>();
    const alternatives = options.filter((o) => (seen.has(o.value) ? false : (seen.add(o.value), true))).map((o) => ({ id: o.value, from: whereWritten(o.node, path, program), ...(o.via ? { via: o.via } : {}) }));
    if (alternatives.length === 1) return { ref: { id: alternatives[0].id, span, from: alternatives[0].from }, note: `model "${alternatives[0].id}" is written at ${alternatives[0].from}` };
    if (alternatives.length) return { ref: { id: alternatives[0].id, span, alternatives }, note: `one of ${alternatives.length} models: ${alternatives.map((a) => `${a.id} (${a.from})`).join(', ')}` };
    return { ref: { unresolvedReason: 'model is one of several values that cannot be read', span } };
  }
  // An SDK's default: where it comes from (the SDK's source, the version read) is said with the model.
  if (m.kind === 'default') return { ref: { id: m.value, span, from: m.reason }, note: `model "${m.value}" is ${m.reason}` };
  if (m.kind === 'unknown') {
    // A model from the environment with no default in the code: the value the project's `.env` (or the template it ships) sets.
    const fromEnv = m.env && program ? envFileValue(m.env, (m.node ? program.pathOf(m.node) : undefined) ?? path, (rel) => program.read(rel)) : undefined;
    if (fromEnv && /^[\w.:/@-]+$/.test(fromEnv.value)) {
      const from = `${fromEnv.file}:${fromEnv.line}`;
      const why = fromEnv.template ? `${m.env} in ${fromEnv.file}, the template the project ships for its environment (the environment it runs in may set another)` : `${m.env} in ${fromEnv.file}`;
      return { ref: { id: fromEnv.value, span, from, ...(fromEnv.template ? { assumed: true } : {}) }, note: `model "${fromEnv.value}" is ${why}` };
    }
    return { ref: { unresolvedReason: m.reason, span } };
  }
  if (m.kind === 'imported') return { ref: { unresolvedReason: `\`${m.binding.name}\` imported from ${m.binding.module} could not be read`, span } };
  if (m.kind === 'call') return { ref: { unresolvedReason: `model comes from a call to \`${m.callee}\``, span } };
  if (m.kind === 'template') return { ref: { unresolvedReason: 'model id is built at run time', span } };
  return { ref: { unresolvedReason: `model is a ${m.kind}`, span } };
}

/**
 * Whether the function around a call calls itself (recursion: a loop with no visible bound). The
 * answer is per function, so it is kept in `memo` (by function node id) for the other calls in it.
 */
function callsItself(call: Node, text: string, scope: Scope, memo: Map<number, boolean>): boolean {
  // The nearest named function (arrow functions and lambdas inside it are part of it).
  let fn = scope.functionAround(call);
  while (fn && fn.type !== 'function_definition' && fn.type !== 'function_declaration' && fn.type !== 'method_definition') fn = scope.functionAround(fn);
  if (!fn) return false;
  const known = memo.get(fn.id);
  if (known !== undefined) return known;
  const name = fn.childForFieldName('name')?.text;
  const body = fn.childForFieldName('body');
  let result = false;
  if (name && body) {
    const source = text.slice(body.startIndex, body.endIndex);
    // Most bodies never mention their function's name: skip the pattern then.
    result = source.includes(name) && new RegExp(`(?<![\\w.])(?:self\\.|this\\.)?${name.replace(/\$/g, '\\$')}\\s*\\(`).test(source);
  }
  memo.set(fn.id, result);
  return result;
}

/** Where a named argument can be added: after the last keyword argument, or the last property of a JS options object. */
function argsInsertion(call: Node, text: string): ArgsInsertion | undefined {
  const list = call.childForFieldName('arguments');
  if (!list) return undefined;
  const args = list.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  if (list.type === 'argument_list') {
    const last = args[args.length - 1];
    return { offset: last ? last.endIndex : list.startIndex + 1, style: 'py', hasArgs: !!last, ...(last ? layoutOf(list, last, text) : {}) };
  }
  const obj = args[0];
  if (args.length === 1 && obj.type === 'object') {
    const props = obj.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    const last = props[props.length - 1];
    return { offset: last ? last.endIndex : obj.startIndex + 1, style: 'js', hasArgs: !!last, ...(last ? layoutOf(obj, last, text) : {}) };
  }
  return undefined;
}

/**
 * How the arguments are laid out when each is on a line of its own (the last one starts on a line
 * after the opening bracket, at its start, and nothing but a comma or a comment follows it on its
 * line): their indentation, whether the last one ends in a comma, and where its line ends — so an
 * added argument can be written as a person would, on a line of its own under its siblings.
 */
function layoutOf(list: Node, last: Node, text: string): Pick<ArgsInsertion, 'lineIndent' | 'trailingComma' | 'lineEndAfter'> {
  if (last.startPosition.row === list.startPosition.row) return {};
  const lineStart = text.lastIndexOf('\n', last.startIndex - 1) + 1;
  const before = text.slice(lineStart, last.startIndex);
  if (!/^[ \t]*$/.test(before)) return {};
  let lineEnd = text.indexOf('\n', last.endIndex);
  if (lineEnd < 0 || lineEnd >= list.endIndex) return {};
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const rest = text.slice(last.endIndex, lineEnd);
  const m = /^[ \t]*(?:(,)[ \t]*)?(?:(?:#|\/\/).*)?$/.exec(rest);
  if (!m) return {};
  return { lineIndent: before, trailingComma: m[1] === ',', lineEndAfter: lineEnd - last.endIndex };
}

/** The loop over items around a call, as a call-site field (absent when there is none). */
function itemLoopField(call: Node, loops: LoopInfo[], scope: Scope): { itemLoop?: ItemLoop } {
  const itemLoop = itemLoopOf(call, loops, 2, (n) => scope.functionAround(n));
  if (!itemLoop) return {};
  // `files.map((f) => …)` at module level: the mapped function is the call's task, and what runs
  // the map is the module's own code (a script), which the task's entry cannot say.
  if (itemLoop.kind === 'map') {
    let mapped: Node | undefined;
    for (let p = call.parent; p && !mapped; p = p.parent) if (isFunction(p)) mapped = p;
    let around = false;
    for (let p = mapped?.parent; p && !around; p = p.parent) if (isFunction(p)) around = true;
    if (mapped && !around) itemLoop.runBy = { kind: 'script', label: 'module-level code' };
  }
  return { itemLoop };
}

function taskFunction(n: Node, scope: Scope): Node | undefined {
  let top: Node | undefined;
  for (let fn = scope.functionAround(n); fn; fn = scope.functionAround(fn)) top = fn;
  return top;
}

export function extractCode(path: string, text: string, options: CodeExtractOptions = {}): CodeExtraction {
  const lang = options.language ?? languageOf(path);
  if (!lang) return { callSites: [], tasks: [], errors: [] };
  // A file that calls nothing an SDK call can end in has no call sites: no need to parse it.
  if (!options.keepTree && !options.tree && !mayCallAnSdk(text)) return { callSites: [], tasks: [], errors: [] };
  const tree = options.tree ?? parse(lang, text, options.oldTree, options.deadline);
  const errors: AnalysisError[] = [];
  const leaveDeadline = enterDeadline(options.deadline);
  try {
    const root = tree.rootNode;
    // Calls nested deeper than queries reach would vanish without a word: the file says where.
    const deep = nestedBeyondQueries(root);
    if (deep) errors.push({ path, line: deep.line, kind: 'limit', message: `code nested more than ${QUERY_MAX_DEPTH.toLocaleString('en-US')} levels deep is not analysed: the parser's queries reach no deeper, so LLM calls inside it are not counted` });
    // With a range, the scope holds what the module defines and what the range itself binds.
    const nodes = options.range
      ? [...moduleLevelNodes(lang, root), ...nodesOfTypes(lang, root, SCOPE_TYPES, options.range)].sort((a, b) => a.startIndex - b.startIndex || a.id - b.id)
      : nodesOfTypes(lang, root, SCOPE_TYPES);
    const scope = new Scope(root, familyOf(lang), options.range ? dedupe(nodes) : nodes);
    const program = options.program;
    if (program) program.adopt(tree, { scope, path, program });
    const defaults = options.loopDefaults ?? DEFAULT_LOOPS;
    const found: { call: Node; d: DetectedCall; loops: LoopInfo[]; via?: boolean }[] = [];
    // Each call's name, read once (reading it crosses into wasm): for detection and for retrieval settings.
    const named: { call: Node; name: string }[] = [];
    // Frameworks whose objects are called under any name (`qa(question=q)`) in this file.
    const anyName = anyNameFrameworks(text);
    for (const n of scope.calls) {
      if (options.range && (n.startIndex < options.range.start || n.endIndex > options.range.end)) continue;
      const name = callName(n);
      if (name && (CALL_NAMES.has(name) || anyName.length || own(RETRIEVAL_CALLS, name) || SPLITTERS.test(name))) named.push({ call: n, name });
      // `dspy.Predict("q -> a")(question=q)`: a call of what a call returns has no name.
      else if (!name && anyName.length) named.push({ call: n, name: '' });
    }
    for (const { call: n, name } of named) {
      // Most calls in a file are not LLM requests: only calls ending in a name an SDK uses are examined.
      const known = CALL_NAMES.has(name);
      if (!known && !anyName.length) continue;
      options.signal?.throwIfAborted();
      options.deadline?.check();
      const loopNodes = enclosingLoops(n);
      const ctx = { scope, path, resolveImport: options.resolveImport, readFile: options.readFile, program, call: n, loops: loopNodes };
      let d: DetectedCall | undefined;
      try {
        d = (known ? detectCall(n, ctx) : undefined) ?? (anyName.length ? detectFrameworkCall(n, ctx, anyName) : undefined);
      } catch (e) {
        if (options.signal?.aborted || e instanceof AnalysisTimeout) throw e;
        errors.push({ path, line: n.startPosition.row + 1, kind: 'internal', message: `could not analyse the call at line ${n.startPosition.row + 1}: ${e instanceof Error ? e.message : String(e)}` });
      }
      if (d) found.push({ call: n, d, loops: loopNodes.map((l) => describeLoop(l, ctx, defaults)) });
    }
    // SDK methods handed over instead of called: `retry(client.chat.completions.create, **kw)`,
    // `to_thread(client.messages.create, …)`, `fn = partial(client.messages.create, model=M); fn(…)`.
    const detected = new Set(found.map((f) => f.call.id));
    for (const { call: n, via } of methodReferences(text, root, scope, options.range)) {
      if (detected.has(n.id)) continue;
      options.deadline?.check();
      const loopNodes = enclosingLoops(n);
      const ctx = { scope, path, resolveImport: options.resolveImport, readFile: options.readFile, program, call: n, loops: loopNodes, via };
      let d: DetectedCall | undefined;
      try {
        d = detectCall(n, ctx);
      } catch (e) {
        if (options.signal?.aborted || e instanceof AnalysisTimeout) throw e;
      }
      if (d) {
        detected.add(n.id);
        found.push({ call: n, d, loops: loopNodes.map((l) => describeLoop(l, ctx, defaults)), via: true });
      }
    }
    found.sort((a, b) => a.call.startIndex - b.call.startIndex || a.call.endIndex - b.call.endIndex);

    const ordinals = new Map<string, number>();
    const recursion = new Map<number, boolean>();
    const commentsOf = new CostlensComments(text);
    const callSites: CallSite[] = [];
    const byTask = new Map<string, { fn?: Node; sites: CallSite[]; loops: LoopInfo[]; tasksPerDay?: number; served?: { kind: EntryKindName; label: string } }>();
    const branchesOf = new Map<string, Choice[]>();
    for (const { call, d, loops, via } of found) {
      const fnName = qualifiedFunctionName(call) ?? '<module>';
      let { ref, note } = modelRef(d, call, path, { scope, path, resolveImport: options.resolveImport, program }, options.program);
      let provider = d.provider;
      // A hand-written agent loop (the history it resends grows inside the loop, and it ends on a
      // condition): its expected steps are an agent's, 1 + the tool rounds prior, within its bound.
      const toolRounds = defaults.toolRounds ?? 2;
      const innermost = loops[0];
      // (Not around an agent run: its tool rounds are the run's own, and a loop around it is an
      // approval or interruption loop, one pass expected.)
      if (innermost && !d.maxTurns && d.build.historyGrows && innermost.exits && !innermost.retry && innermost.assumed < Math.min(innermost.cap, 1 + toolRounds)) {
        const assumed = Math.min(innermost.cap, 1 + toolRounds);
        loops[0] = { ...innermost, assumed, expectedReason: `an agent loop that ends when the model stops calling tools: 1 + ${toolRounds} tool rounds expected (costlens.defaults.expected.toolRounds)` };
      }
      let multiplier = multiplierOf(loops);
      if (d.maxTurns) {
        const turns = d.maxTurns;
        // A bound under one turn (`max_turns=0`, `stepCountIs(0)`) still sends the first request;
        // no bound at all: the worst case assumes the stated unbounded steps, and says it is unbounded.
        const unboundedSteps = defaults.unbounded;
        const value = turns.unbounded ? unboundedSteps * Math.max(1, turns.value) : turns.value >= 1 ? turns.value : 1;
        const capReason = turns.unbounded
          ? `${turns.reason ?? `no turn bound (${d.sdk})`}: unbounded; the worst case assumes ${unboundedSteps} turns${turns.value > 1 ? ` of ${turns.value} calls` : ''} (costlens.defaults.unboundedSteps)`
          : turns.reason ?? (turns.isDefault ? `up to ${value} turns (the ${d.sdk} default)` : `up to ${value} turns (${turns.param}${value !== turns.value ? ` ${turns.value}` : ''})`);
        // The bound is a cap: an agent without tools answers in one request; with tools, the prior
        // tool rounds; a detector may state its own expectation (a retry: once).
        const hasTools = d.params.tools !== undefined && d.params.tools !== null && d.params.tools !== '';
        // A bound shared by several runs (a crew's tasks): each run makes an agent's turns.
        const runs = turns.runs && turns.runs.count > 1 ? turns.runs : undefined;
        const runCount = runs?.count ?? 1;
        const perRunCap = value / runCount;
        // Runs by agents of which only some have tools (an ADK tree): each kind makes its own.
        const withTools = runs && runs.withTools !== undefined ? Math.min(runs.withTools, runCount) : undefined;
        const perRunPrior = withTools !== undefined ? (withTools * (1 + toolRounds) + (runCount - withTools)) / runCount : hasTools ? 1 + toolRounds : 1;
        const perRun = Math.min(perRunCap, turns.expected !== undefined ? turns.expected / runCount : perRunPrior);
        const expected = Math.min(value, turns.expected ?? perRun * runCount);
        const agentWhy = withTools !== undefined
          ? `${withTools} of them by agents with tools (1 + ${toolRounds} tool rounds expected each, costlens.defaults.expected.toolRounds), the others one request each`
          : hasTools ? `an agent with tools: 1 + ${toolRounds} tool rounds expected (costlens.defaults.expected.toolRounds)` : 'an agent without tools answers in one request';
        const why = turns.expectedReason ?? (runs ? `${runs.label}, ${withTools !== undefined ? agentWhy : `each run by an agent: ${agentWhy}`}` : agentWhy);
        multiplier = {
          min: multiplier.min * runCount,
          expected: multiplier.expected * expected,
          max: multiplier.max * value,
          cap: multiplier.max * value,
          reason: multiplier.reason === 'one call per task' ? capReason : `${multiplier.reason} × ${capReason}`,
          expectedReason: [multiplier.expectedReason, expected < value ? why : undefined].filter(Boolean).join('; ') || undefined,
          ...(multiplier.unbounded || turns.unbounded ? { unbounded: true } : {}),
          // The history an agent run resends grows over its own turns, not over the loops around it.
          ...(multiplier.max > 1 || runs ? { perRun: { min: 1, expected: perRun, max: perRunCap } } : {}),
        };
        if (!multiplier.expectedReason) delete multiplier.expectedReason;
      }
      // `costlens: steps=N` on the call, or on the loop around it, overrides what the code says.
      const comments = { ...Object.fromEntries(loops.flatMap((l) => Object.entries(commentsOf.at(l.node.startIndex)))), ...commentsOf.at(call.startIndex) };
      // `costlens: model=…` states the model where the code does not say it (the request body, a variable).
      const stated = comments.model && /^[\w.:/@-]{1,120}$/.test(comments.model) ? comments.model : undefined;
      if (stated) {
        ref = { id: stated, span: ref.span, from: 'costlens: model= comment' };
        note = `model "${stated}" is stated by a costlens: comment`;
        if (provider === 'unknown' || !d.model || d.model.kind !== 'string') {
          const inferred = inferProviderFromModel(stated);
          if (inferred !== 'unknown') provider = inferred;
        }
      }
      const steps = comments.steps !== undefined ? Number(comments.steps) : undefined;
      if (steps !== undefined && Number.isFinite(steps) && steps >= 0) multiplier = { min: steps, expected: steps, max: steps, cap: steps, reason: `costlens: steps=${steps}` };
      else if (callsItself(call, text, scope, recursion)) multiplier = { ...multiplier, unbounded: true, reason: `${multiplier.reason}; the function calls itself (recursion)` };
      multiplier = capMultiplier(multiplier);
      // Ordinals count per name, so two calls that declare the same `id=` still get distinct keys.
      const keyName = comments.id || fnName;
      const ordinal = ordinals.get(keyName) ?? 0;
      ordinals.set(keyName, ordinal + 1);
      const key = `${path}#${keyName}#${ordinal}`;
      const site: CallSite = {
        key,
        kind: 'code',
        path,
        span: { start: call.startIndex, end: call.endIndex },
        line: call.startPosition.row + 1,
        endLine: call.endPosition.row + 1,
        provider,
        ...(d.operation && d.operation !== 'chat' ? { operation: d.operation } : {}),
        ...(d.testDouble ? { testDouble: d.testDouble } : {}),
        ...(d.selfHosted ? { selfHosted: d.selfHosted } : {}),
        sdk: d.sdk,
        ...(d.reasoning ? { reasoning: d.reasoning } : {}),
        api: d.api,
        model: ref,
        parts: d.build.parts,
        outputCap: d.outputCap ? { tokens: d.outputCap.tokens, param: d.outputCap.param, span: { start: d.outputCap.node.startIndex, end: d.outputCap.node.endIndex } } : undefined,
        params: { ...d.params, sdk: d.sdk, ...(d.rag ? { rag: d.rag } : {}), ...(d.structuredOutput ? { structuredOutput: true } : {}) },
        cacheMarkers: d.build.cacheMarkers,
        multiplier,
        historyGrows: d.build.historyGrows && multiplier.expected > 1,
        ...itemLoopField(call, loops, scope),
        name: fnName === '<module>' ? undefined : fnName,
        notes: [...(note ? [note] : []), ...d.build.notes],
      };
      // Arguments added to a runner's call might be the runner's own: no insertion point then.
      const ins = via ? undefined : argsInsertion(call, text);
      if (ins) site.argsInsertion = ins;
      if (d.systemArg) site.systemArg = d.systemArg;
      callSites.push(site);
      const fn = taskFunction(call, scope);
      branchesOf.set(site.key, branchPath(call, fn));
      const taskKey = fn ? `${path}#${functionName(fn) ?? 'anonymous'}@${fn.startPosition.row + 1}` : `${path}#<module>`;
      const entry = byTask.get(taskKey) ?? { fn, sites: [], loops: [] };
      entry.sites.push(site);
      entry.loops.push(...loops);
      if (!fn && d.entry) entry.served ??= d.entry;
      const tpd = comments['tasks-per-day'] ?? (fn ? commentsOf.at(fn.startIndex)['tasks-per-day'] : undefined);
      if (tpd !== undefined && Number.isFinite(Number(tpd)) && Number(tpd) > 0) entry.tasksPerDay = Math.min(Number(tpd), MAX_TASKS_PER_DAY);
      byTask.set(taskKey, entry);
    }
    // Calls in exclusive branches of one task (if/else, a match, an early return) are alternatives:
    // each is expected with its branch's weight, and the task's worst case takes the dearest.
    for (const t of byTask.values()) markAlternatives(t.sites, branchesOf);
    const tasks: Task[] = [...byTask.entries()].map(([key, t]) => {
      const start = t.fn?.startIndex ?? 0;
      // Not Math.max(...sites): spreading a file's hundred thousand call sites overflows the stack.
      const steps = t.sites.reduce((max, s) => Math.max(max, s.multiplier.expected), -Infinity);
      const growing = t.sites.some((s) => s.historyGrows);
      const reasons = [...new Set(t.sites.map((s) => s.multiplier.reason))];
      // What triggers the task: its own function (a route, a main, a job), or the entry points that
      // reach it through its callers (then it is part of theirs).
      const entry = t.fn ? entryKindOf(t.fn, path) : t.served ?? { kind: 'script' as const, label: 'module-level code' };
      const reachedFrom = t.fn && !entry && program ? reachingEntries(t.fn, { scope, path, program }, defaults) : [];
      return {
        key,
        name: (t.fn && functionName(t.fn)) ?? (t.fn ? 'anonymous function' : path),
        path,
        span: { start, end: t.fn?.endIndex ?? text.length },
        line: t.fn ? t.fn.startPosition.row + 1 : 1,
        callSiteKeys: t.sites.map((s) => s.key),
        steps,
        historyGrows: growing,
        reason: reasons.join('; '),
        ...(t.tasksPerDay !== undefined ? { tasksPerDay: t.tasksPerDay } : {}),
        ...(entry ? { entry } : {}),
        ...(reachedFrom.length ? { reachedFrom } : {}),
      };
    });
    const { retrieval, chunks } = retrievalOf(named, scope, path, options.resolveImport);
    return { callSites, tasks, errors, retrieval, chunks, ...(options.keepTree || options.tree ? { tree } : {}) };
  } finally {
    leaveDeadline();
    options.program?.release(tree);
    if (!options.keepTree && !options.tree) tree.delete();
  }
}

/** One exclusive choice a call sits in: the choice (`if`, match, ternary), which arm, of how many. */
interface Choice {
  id: string;
  arm: number;
  arms: number;
  label: string;
}

const STOPS = new Set(['return_statement', 'raise_statement', 'throw_statement']);

/** Whether a block ends by leaving the function (its last statement returns or raises). */
function leaves(block: Node | undefined): boolean {
  if (!block) return false;
  const stmts = block.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const last = stmts[stmts.length - 1];
  return !!last && STOPS.has(last.type);
}

/**
 * The exclusive choices between a call and its task's function, outermost first: the arm of an
 * `if`/`elif`/`else`, of a match or switch, of a conditional expression; and the implicit `else` of
 * an earlier `if` at the same level whose branch returns (`if stream: return A` … `return B`).
 */
function branchPath(call: Node, fn: Node | undefined): Choice[] {
  const out: Choice[] = [];
  let child: Node = call;
  for (let p = call.parent; p && p.id !== fn?.id; child = p, p = p.parent) {
    if (p.type === 'if_statement') {
      const cons = p.childForFieldName('consequence');
      const alts = p.namedChildren.filter((c): c is Node => c !== null && (c.type === 'elif_clause' || c.type === 'else_clause'));
      const hasElse = alts.some((a) => a.type === 'else_clause');
      const arms = 1 + alts.length + (hasElse ? 0 : 1);
      const cond = p.childForFieldName('condition')?.text.slice(0, 30) ?? '';
      if (cons && child.id === cons.id) out.unshift({ id: `${p.startIndex}`, arm: 0, arms, label: `if ${cond}` });
      else {
        const i = alts.findIndex((a) => a.id === child.id);
        if (i >= 0) out.unshift({ id: `${p.startIndex}`, arm: i + 1, arms, label: `if ${cond}` });
      }
    } else if (p.type === 'conditional_expression' || p.type === 'ternary_expression') {
      const parts = p.type === 'ternary_expression' ? [p.childForFieldName('consequence'), p.childForFieldName('alternative')] : [p.namedChildren[0], p.namedChildren[2]];
      const i = parts.findIndex((x) => x?.id === child.id);
      if (i >= 0) out.unshift({ id: `${p.startIndex}`, arm: i, arms: 2, label: 'a conditional expression' });
    } else if (p.type === 'case_clause' || p.type === 'switch_case' || p.type === 'switch_default') {
      const owner = p.parent;
      const cases = owner ? owner.namedChildren.filter((c): c is Node => c !== null && (c.type === 'case_clause' || c.type === 'switch_case' || c.type === 'switch_default')) : [];
      const i = cases.findIndex((c) => c.id === p!.id);
      if (owner && i >= 0) out.unshift({ id: `${owner.startIndex}`, arm: i, arms: cases.length, label: 'a match/switch' });
    }
    // An earlier `if` at this level that returns: this code runs only when it did not.
    // (Within a function: at module level every earlier top-level `if` would be walked for each call.)
    if ((p.type === 'block' || p.type === 'statement_block') && fn) {
      for (const sib of p.namedChildren) {
        if (!sib || sib.startIndex >= child.startIndex) break;
        if (sib.type !== 'if_statement') continue;
        const alts = sib.namedChildren.filter((c): c is Node => c !== null && (c.type === 'elif_clause' || c.type === 'else_clause' || c.type === 'else'));
        if (alts.length || !leaves(sib.childForFieldName('consequence') ?? undefined)) continue;
        out.unshift({ id: `${sib.startIndex}`, arm: 1, arms: 2, label: `if ${sib.childForFieldName('condition')?.text.slice(0, 30) ?? ''} (returns)` });
      }
    }
  }
  return out;
}

/**
 * Of the choices each site of a task sits in, keep those where two or more arms hold calls of the
 * task (a lone guarded call is no alternative), and weigh each site's expected calls by its arms:
 * equally, as nothing states otherwise. The worst case of the task takes the dearest arm (see
 * combineTask).
 */
function markAlternatives(sites: CallSite[], branchesOf: Map<string, Choice[]>): void {
  const armsUsed = new Map<string, Set<number>>();
  for (const s of sites) for (const c of branchesOf.get(s.key) ?? []) {
    const used = armsUsed.get(c.id) ?? new Set<number>();
    used.add(c.arm);
    armsUsed.set(c.id, used);
  }
  for (const s of sites) {
    const choices = (branchesOf.get(s.key) ?? []).filter((c) => (armsUsed.get(c.id)?.size ?? 0) >= 2);
    if (!choices.length) continue;
    const weight = choices.reduce((w, c) => w / c.arms, 1);
    const m = s.multiplier;
    const why = `one of the branches of ${choices.map((c) => `\`${c.label}\``).join(' and ')}: weighed ${weight === 0.5 ? '1/2' : `1/${Math.round(1 / weight)}`}`;
    s.multiplier = { ...m, min: 0, expected: m.expected * weight, expectedReason: m.expectedReason ? `${m.expectedReason}; ${why}` : why };
    s.exclusive = choices.map(({ id, arm, arms }) => ({ id, arm, arms }));
  }
}

let referencePattern: RegExp | undefined;

/**
 * Calls that invoke an SDK method handed to them, with the arguments the method gets: the method
 * passed to a runner (`retry(m, …)`, `asyncio.to_thread(m, …)`: the arguments after it), or
 * assigned to a name and called later (`fn = m` or `fn = partial(m, model=M)`, then `fn(…)`).
 */
function methodReferences(text: string, root: Node, scope: Scope, range?: { start: number; end: number }): { call: Node; via: { callee: Node; args: Args } }[] {
  referencePattern ??= new RegExp(`\\.(?:${[...CALL_NAMES].join('|')})\\b(?!\\s*\\()`, 'g');
  const out: { call: Node; via: { callee: Node; args: Args } }[] = [];
  const re = referencePattern;
  const from = range?.start ?? 0;
  const to = range?.end ?? text.length;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const nameNode = root.namedDescendantForIndex(m.index + 1, m.index + m[0].length - 1);
    const ref = nameNode?.parent;
    if (!ref || (ref.type !== 'attribute' && ref.type !== 'member_expression') || ref.endIndex !== nameNode!.endIndex) continue;
    const parent = ref.parent;
    if (!parent) continue;
    if (parent.type === 'argument_list' || parent.type === 'arguments') {
      const runner = parent.parent;
      if (!runner || (runner.type !== 'call' && runner.type !== 'call_expression')) continue;
      const a = argsOf(runner);
      const i = a.positional.findIndex((p) => p.id === ref.id);
      if (i < 0) continue;
      // Wrapped to be awaited (`await cl.make_async(chain.run)(q)`): the wrapper's call is the method's.
      const outer = runner.parent;
      if (i === 0 && WRAPPERS.has(runner.childForFieldName('function')?.text.split('.').pop() ?? '') && outer && (outer.type === 'call' || outer.type === 'call_expression') && outer.childForFieldName('function')?.id === runner.id) {
        out.push({ call: outer, via: { callee: ref, args: argsOf(outer) } });
        continue;
      }
      const args: Args = { positional: a.positional.slice(i + 1), named: a.named, spread: a.spread, ...(a.splats ? { splats: a.splats } : {}) };
      const isPartial = /(^|\.)partial$/.test(runner.childForFieldName('function')?.text ?? '');
      const target = isPartial ? assignedName(runner) : undefined;
      const later = target ? callsOfName(scope, target, runner) : [];
      if (later.length) for (const c of later) out.push({ call: c, via: { callee: ref, args: mergeArgs(args, argsOf(c)) } });
      else out.push({ call: runner, via: { callee: ref, args } });
    } else {
      const target = assignedName(ref);
      if (target) for (const c of callsOfName(scope, target, ref)) out.push({ call: c, via: { callee: ref, args: argsOf(c) } });
    }
  }
  return out;
}

/** The name an expression is assigned to (`fn = <expr>`, `const fn = <expr>`). */
function assignedName(expr: Node): string | undefined {
  const p = expr.parent;
  if (!p) return undefined;
  if (p.type === 'assignment' && p.childForFieldName('right')?.id === expr.id) {
    const left = p.childForFieldName('left');
    return left?.type === 'identifier' ? left.text : undefined;
  }
  if (p.type === 'variable_declarator' && p.childForFieldName('value')?.id === expr.id) {
    const name = p.childForFieldName('name');
    return name?.type === 'identifier' ? name.text : undefined;
  }
  return undefined;
}

/** Calls of a plain name bound at `after`: later in the same function, or anywhere in the file for a module-level name. */
function callsOfName(scope: Scope, name: string, after: Node): Node[] {
  const fn = scope.functionAround(after);
  return scope.calls.filter((c) => {
    const callee = c.childForFieldName('function');
    if (callee?.type !== 'identifier' || callee.text !== name || c.id === after.id) return false;
    return fn ? c.startIndex > after.endIndex && scope.functionAround(c)?.id === fn.id : scope.lookup(name, c).value !== undefined && !scope.lookup(name, c).param;
  });
}

/** A partial's bound arguments, then the call's own (the call's named ones win). */
function mergeArgs(bound: Args, call: Args): Args {
  const named = new Map(bound.named);
  for (const [k, v] of call.named) named.set(k, v);
  return { positional: [...bound.positional, ...call.positional], named, spread: bound.spread || call.spread, splats: [...(bound.splats ?? []), ...(call.splats ?? [])] };
}

function dedupe(nodes: Node[]): Node[] {
  const seen = new Set<number>();
  return nodes.filter((n) => (seen.has(n.id) ? false : (seen.add(n.id), true)));
}

