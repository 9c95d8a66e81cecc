// Re-analysing a document after an edit reuses what did not change: the previous parse tree is
// edited and handed to tree-sitter (which re-parses only the changed region), and token counts are
// memoised by content. Results for a version already seen are returned as they are.
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import type { ConfigValues } from '../../config/load';
import { estimateCallSite } from '../estimate/estimate';
import { extractCode } from '../extract/code/extract';
import { languageOf, parse } from '../extract/code/parser';
import type { FileReader } from '../extract/code/prompts';
import type { ImportResolver } from '../extract/code/values';
import type { Program } from '../program/program';
import { applyStatedModels } from './statedModels';
import { applyScopes } from './scopes';
import type { AnalysisError, CallSite, ChunkSetting, Estimate, RetrievalSetting, Task } from '../model';
import { runRules } from '../rules/run';
import { analyzeFile, FileAnalysis, loopDefaultsOf } from './analyzeFile';
import { AnalysisTimeout, Deadline, minifiedReason } from './limits';

interface Entry {
  version: number;
  text: string;
  tree?: Tree;
  analysis: FileAnalysis;
  config: ConfigValues;
  /** Which readers of other files the analysis used (their answers can change between generations). */
  readers: number;
}

/** Per-call options: cancellation, and readers of other files that replace the constructor's. */
export interface AnalyzeCallOptions {
  signal?: AbortSignal;
  /**
   * Readers of imported files and prompt files. `generation` changes whenever what they read may
   * have changed: an analysis made with another generation is not reused or patched.
   */
  readers?: { resolveImport?: ImportResolver; readFile?: FileReader; program?: Program; generation: number };
}

/** The program's reader of workspace files (manifests, for the library scope), when there is a program. */
function readerOf(readers: { program?: Program }): ((rel: string) => string | undefined) | undefined {
  const program = readers.program;
  return program ? (rel) => program.read(rel) : undefined;
}

export interface IncrementalOptions {
  resolveImport?: ImportResolver;
  program?: Program;
  readFile?: FileReader;
  /** Documents kept at most (least recently analysed dropped first). */
  maxDocuments?: number;
}

/** Row/column of an offset, as tree-sitter wants them (columns in the same units as offsets). */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const DEFINITIONS = new Set(['function_definition', 'decorated_definition', 'class_definition', 'function_declaration', 'class_declaration', 'export_statement', 'generator_function_declaration']);

/**
 * The top-level definition an edit falls inside, when re-analysing it alone is enough: the edit
 * is within one function or class (not module-level code, which other definitions can see), and
 * the definition's name is used nowhere else in the file (its return value or class could feed
 * another call site).
 */
function editedUnit(root: Node, edit: { start: number; endOld: number; endNew: number }, text: string, oldText: string, holdsCalls: ReadonlySet<string>): Unit | undefined {
  // Only a comment changed (typed into, or added on a blank line): nothing to re-analyse.
  const inserted = text.slice(edit.start, edit.endNew);
  const lead = inserted.length - inserted.replace(/^[ \t]+/, '').length;
  const at = root.namedDescendantForIndex(Math.min(edit.start + lead, Math.max(edit.start, edit.endNew - 1)), Math.max(edit.start, edit.endNew - 1));
  // The comment must not swallow code that was there: either it ends where the typing ends, or its
  // marker was already there before the edit (typing inside an existing comment).
  const swallowsNothing = at && (at.endIndex === edit.endNew || (at.startIndex < edit.start && /^(#|\/\/|\/\*)/.test(text.slice(at.startIndex, edit.start))));
  if (at && at.type === 'comment' && swallowsNothing && !inserted.includes('\n') && at.startIndex <= edit.start + lead && at.endIndex >= edit.endNew) {
    const deleted = oldText.slice(edit.start, edit.endOld);
    // A `costlens:` comment is read by the analysis (ids, steps, tasks per day): not just a comment.
    // The comment before the edit as well as after it (typing `x` into `costlens` unmakes one).
    const directive = text.slice(at.startIndex, at.endIndex).includes('costlens') || oldText.slice(Math.min(at.startIndex, edit.start), at.endIndex - (edit.endNew - edit.endOld)).includes('costlens');
    if (!directive && !deleted.includes('\n') && (at.startIndex < edit.start || /^[ \t]*$/.test(deleted))) return { start: edit.start, end: edit.start, oldStart: edit.start, oldEnd: edit.start, commentOnly: true };
  }
  let n: Node | null = root.namedDescendantForIndex(edit.start, Math.max(edit.start, edit.endNew - 1));
  // Blank lines or spaces between top-level statements change nothing but positions.
  if (n && n.id === root.id && /^\s*$/.test(inserted) && /^\s*$/.test(oldText.slice(edit.start, edit.endOld)) && !root.hasError) {
    return { start: edit.start, end: edit.start, oldStart: edit.start, oldEnd: edit.start, commentOnly: true };
  }
  while (n && n.parent && n.parent.id !== root.id) n = n.parent;
  if (!n || !n.parent || !DEFINITIONS.has(n.type)) return undefined;
  if (n.startIndex > edit.start || n.endIndex < edit.endNew) return undefined;
  if (n.type === 'export_statement' && !n.namedChildren.some((c) => c && /function|class/.test(c.type))) return undefined;
  if (n.hasError) return undefined;
  let def: Node | null = n;
  if (def.type === 'decorated_definition') def = def.childForFieldName('definition');
  if (def?.type === 'export_statement') def = def.childForFieldName('declaration');
  const name = def?.childForFieldName('name')?.text;
  if (!name) return undefined;
  const uses = text.split(new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\b`)).length - 1;
  if (uses > 1) return undefined;
  // A definition that calls another function or class of the file holding a call site can change
  // what that one's parameters receive (its callers are read for them): the whole file again.
  const body = text.slice(n.startIndex, n.endIndex);
  for (const other of definedNames(root, n)) if (other !== name && holdsCalls.has(other) && callsName(body, other)) return undefined;
  const delta = edit.endNew - edit.endOld;
  return { start: n.startIndex, end: n.endIndex, oldStart: n.startIndex, oldEnd: n.endIndex - delta };
}

/** The functions and classes of a file that hold a call site (`Agent.run` → Agent and run). */
function namesHoldingCalls(a: FileAnalysis): Set<string> {
  const out = new Set<string>();
  for (const c of a.callSites) for (const part of (c.name ?? '').split('.')) if (part) out.add(part);
  return out;
}

/** Whether `text` has `name(` (or `name (`) with no identifier character just before the name. */
function callsName(text: string, name: string): boolean {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = i > 0 ? text.charCodeAt(i - 1) : 32;
    if (isIdentifierChar(before)) continue;
    let j = i + name.length;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] === '(') return true;
  }
  return false;
}

function isIdentifierChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

/** Names of the functions, methods and classes defined in a file, outside `except` (the edited definition). */
function definedNames(root: Node, except: Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: Node, depth: number) => {
    for (const c of n.namedChildren) {
      if (!c || (c.startIndex >= except.startIndex && c.endIndex <= except.endIndex)) continue;
      if (DEFINED.has(c.type)) {
        const name = c.childForFieldName('name')?.text;
        if (name && name.length <= 200) out.add(name);
      }
      if (depth < 4 && (DEFINITIONS.has(c.type) || c.type === 'block' || c.type === 'class_body' || c.type === 'decorated_definition')) visit(c, depth + 1);
    }
  };
  visit(root, 0);
  return out;
}

const DEFINED = new Set(['function_definition', 'function_declaration', 'method_definition', 'class_definition', 'class_declaration', 'generator_function_declaration']);

interface Unit {
  /** The definition's range in the new text, and in the old. */
  start: number;
  end: number;
  oldStart: number;
  oldEnd: number;
  /** Only a comment or blank space changed: every call site stays, moved by the edit. */
  commentOnly?: boolean;
}

export class IncrementalAnalyzer {
  private readonly docs = new Map<string, Entry>();
  reusedTrees = 0;
  /** Edits answered by re-analysing only the edited definition. */
  patchedEdits = 0;

  constructor(private readonly options: IncrementalOptions = {}) {}

  analyze(path: string, version: number, text: string, config: ConfigValues, call: AnalyzeCallOptions = {}): FileAnalysis {
    const readers = call.readers ?? { resolveImport: this.options.resolveImport, readFile: this.options.readFile, program: this.options.program, generation: 0 };
    const signal = call.signal;
    const prev = this.docs.get(path);
    if (prev && prev.version === version && prev.text === text && prev.config === config && prev.readers === readers.generation) return prev.analysis;
    if (!languageOf(path)) {
      const analysis = analyzeFile(path, text, { config, resolveImport: readers.resolveImport, readFile: readers.readFile, program: readers.program, signal });
      this.remember(path, { version, text, analysis, config, readers: readers.generation });
      return analysis;
    }
    let oldTree: Tree | undefined;
    let edit: { start: number; endOld: number; endNew: number } | undefined;
    if (prev?.tree) {
      // One edit covering what changed: common prefix and suffix of the old and new text.
      const a = prev.text;
      let start = 0;
      const max = Math.min(a.length, text.length);
      while (start < max && a.charCodeAt(start) === text.charCodeAt(start)) start++;
      let endOld = a.length;
      let endNew = text.length;
      while (endOld > start && endNew > start && a.charCodeAt(endOld - 1) === text.charCodeAt(endNew - 1)) {
        endOld--;
        endNew--;
      }
      prev.tree.edit({
        startIndex: start,
        oldEndIndex: endOld,
        newEndIndex: endNew,
        startPosition: pointAt(a, start),
        oldEndPosition: pointAt(a, endOld),
        newEndPosition: pointAt(text, endNew),
      });
      oldTree = prev.tree;
      edit = { start, endOld, endNew };
      this.reusedTrees++;
    }
    let out: FileAnalysis = { path, callSites: [], estimates: new Map(), tasks: [], findings: [], errors: [] };
    let tree: Tree | undefined;
    const deadline = Deadline.forSettings(config);
    const minified = minifiedReason(path, text);
    if (minified) {
      prev?.tree?.delete();
      const skipped: FileAnalysis = { path, callSites: [], estimates: new Map(), tasks: [], findings: [], errors: [{ path, kind: 'limit', message: minified }] };
      this.remember(path, { version, text, analysis: skipped, config, readers: readers.generation });
      return skipped;
    }
    try {
      const lang = languageOf(path)!;
      tree = parse(lang, text, oldTree, deadline);
      const unit = edit && prev && prev.config === config && prev.readers === readers.generation ? editedUnit(tree.rootNode, edit, text, prev.text, namesHoldingCalls(prev.analysis)) : undefined;
      // Only the top-level definition that was edited is analysed again; every other call site
      // is the previous one, moved by the edit.
      const patched = unit && prev ? this.patch(prev.analysis, unit, edit!, text, tree, config, readers, signal, deadline) : undefined;
      if (patched) {
        out = patched;
        this.patchedEdits++;
      } else {
        const code = extractCode(path, text, { resolveImport: readers.resolveImport, readFile: readers.readFile, program: readers.program, tree, loopDefaults: loopDefaultsOf(config), signal, deadline });
        const scoped = applyScopes(path, applyStatedModels(code.callSites, config), code.tasks, config, readerOf(readers));
        out.callSites = scoped.sites;
        out.tasks = scoped.tasks;
        out.errors = code.errors;
        out.retrieval = code.retrieval;
        out.chunks = code.chunks;
        for (const site of out.callSites) {
          signal?.throwIfAborted();
          deadline.check();
          out.estimates.set(site.key, estimateCallSite(site, { config }));
        }
      }
      signal?.throwIfAborted();
      // The rules and pricing count against the file's budget too, as parsing and extracting do.
      out.findings = runRules({ path, text, callSites: out.callSites, estimates: out.estimates, tasks: out.tasks, config, retrieval: out.retrieval ?? [], chunks: out.chunks ?? [] }, undefined, deadline);
    } catch (e) {
      if (signal?.aborted) {
        // Abandoned: nothing is remembered, and the trees are freed (the old one was edited in place).
        tree?.delete();
        prev?.tree?.delete();
        this.docs.delete(path);
        throw e;
      }
      if (e instanceof AnalysisTimeout) {
        // Cut: nothing half-done is shown, and the next edit starts afresh (no tree to reuse).
        tree?.delete();
        tree = undefined;
        out = { path, callSites: [], estimates: new Map(), tasks: [], findings: [], errors: [{ path, kind: 'limit', message: e.message }] };
      } else out.errors.push({ path, kind: 'internal', message: `analysis failed: ${e instanceof Error ? e.message : String(e)}` });
    }
    prev?.tree?.delete();
    this.remember(path, { version, text, tree, analysis: out, config, readers: readers.generation });
    return out;
  }

  /**
   * Re-extract one top-level definition and move everything else by the edit; undefined when the
   * definition's call sites cannot be numbered alone (an `id=` another definition uses too).
   */
  private patch(prev: FileAnalysis, unit: Unit, edit: { start: number; endOld: number; endNew: number }, text: string, tree: Tree, config: ConfigValues, readers: NonNullable<AnalyzeCallOptions['readers']>, signal?: AbortSignal, deadline?: Deadline): FileAnalysis | undefined {
    const delta = edit.endNew - edit.endOld;
    const lineDelta = countLines(text, edit.start, edit.endNew) - countLines(this.docs.get(prev.path)!.text, edit.start, edit.endOld);
    const moveSpan = <T extends { start: number; end: number }>(sp: T): T => ({ ...sp, start: sp.start >= edit.endOld ? sp.start + delta : sp.start, end: sp.end >= edit.endOld ? sp.end + delta : sp.end });
    const inside = (sp: { start: number; end: number }) => sp.start >= unit.oldStart && sp.end <= unit.oldEnd;
    const code: { callSites: CallSite[]; tasks: Task[]; errors: AnalysisError[]; retrieval?: RetrievalSetting[]; chunks?: ChunkSetting[] } = unit.commentOnly
      ? { callSites: [], tasks: [], errors: [] }
      : extractCode(prev.path, text, { resolveImport: readers.resolveImport, readFile: readers.readFile, program: readers.program, tree, range: { start: unit.start, end: unit.end }, loopDefaults: loopDefaultsOf(config), signal, deadline });
    const kept = unit.commentOnly ? prev.callSites : prev.callSites.filter((c) => !inside(c.span));
    const keptKeys = new Set(kept.map((c) => c.key));
    // Every offset at or after the edit moves (a site above it can still use a literal below it).
    const moved = kept.map((c) => {
      return {
        ...c,
        span: moveSpan(c.span),
        line: c.span.start >= edit.endOld ? c.line + lineDelta : c.line,
        ...(c.endLine !== undefined ? { endLine: c.span.end >= edit.endOld ? c.endLine + lineDelta : c.endLine } : {}),
        model: { ...c.model, ...(c.model.span ? { span: moveSpan(c.model.span) } : {}), ...(c.model.literalSpan ? { literalSpan: moveSpan(c.model.literalSpan) } : {}) },
        ...(c.systemArg ? { systemArg: moveSpan(c.systemArg) } : {}),
        // The loop over items holds the call, and an edit that adds lines is never between the two
        // (inside them it would re-extract the call): the loop's line moves when the call's does.
        ...(c.itemLoop && c.span.start >= edit.endOld ? { itemLoop: { ...c.itemLoop, line: c.itemLoop.line + lineDelta } } : {}),
        ...(c.argsInsertion ? { argsInsertion: { ...c.argsInsertion, offset: c.argsInsertion.offset >= edit.endOld ? c.argsInsertion.offset + delta : c.argsInsertion.offset } } : {}),
        parts: c.parts.map((p) => (p.span && !p.path ? { ...p, span: moveSpan(p.span), ...(p.literal ? { literal: moveSpan(p.literal) } : {}) } : p)),
        outputCap: c.outputCap?.span ? { ...c.outputCap, span: moveSpan(c.outputCap.span) } : c.outputCap,
        cacheMarkers: c.cacheMarkers.map((m) => (m.span ? { ...m, span: moveSpan(m.span) } : m)),
      };
    });
    if (code.callSites.some((c) => keptKeys.has(c.key))) return undefined;
    // A kept call whose models come from callers in this file names their lines: those may have moved.
    if (moved.some((c) => c.model.alternatives?.some((a) => a.from.startsWith(`${prev.path}:`)))) return undefined;
    const fresh = applyScopes(prev.path, applyStatedModels(code.callSites, config), code.tasks, config, readerOf(readers));
    const callSites = [...moved, ...fresh.sites].sort((a, b) => a.span.start - b.span.start);
    const tasks = [
      // The module's own task spans the whole text, whatever was typed at its start.
      ...prev.tasks.filter((t) => unit.commentOnly || !inside(t.span)).map((t) => (t.key === `${prev.path}#<module>` ? { ...t, span: { start: 0, end: text.length } } : t.span.start >= edit.endOld ? { ...t, span: moveSpan(t.span), line: t.line + lineDelta, key: t.key.replace(/@\d+$/, `@${t.line + lineDelta}`) } : { ...t, span: moveSpan(t.span) })),
      ...fresh.tasks,
    ];
    // In the order a fresh analysis lists them: by their first call site (the module's task, which
    // starts at 0, comes after a function whose call is above the module-level one).
    const order = new Map(callSites.map((c, i) => [c.key, i]));
    const first = new Map(tasks.map((t) => [t, t.callSiteKeys.reduce((min, k) => Math.min(min, order.get(k) ?? Infinity), Infinity)]));
    tasks.sort((a, b) => first.get(a)! - first.get(b)! || a.span.start - b.span.start);
    const estimates = new Map<string, Estimate>();
    for (const c of callSites) estimates.set(c.key, keptKeys.has(c.key) ? prev.estimates.get(c.key)! : estimateCallSite(c, { config }));
    // In document order, as a fresh analysis lists them.
    // Kept ones move by the edit (and their line with it); fresh ones are where they are.
    const keep = <T extends { span: { start: number; end: number }; line?: number }>(list: T[] | undefined, fresh: T[] | undefined): T[] =>
      [
        ...(list ?? []).filter((r) => unit.commentOnly || !inside(r.span)).map((r) => ({ ...r, span: moveSpan(r.span), ...(r.line !== undefined && r.span.start >= edit.endOld ? { line: r.line + lineDelta } : {}) })),
        ...(fresh ?? []),
      ].sort((a, b) => a.span.start - b.span.start);
    const retrieval = keep(prev.retrieval, code.retrieval);
    return { path: prev.path, callSites, estimates, tasks, findings: [], errors: [...code.errors], retrieval, chunks: keep(prev.chunks, code.chunks) };
  }

  private remember(path: string, entry: Entry): void {
    this.docs.delete(path);
    this.docs.set(path, entry);
    const max = this.options.maxDocuments ?? 64;
    while (this.docs.size > max) {
      const [oldest, e] = this.docs.entries().next().value as [string, Entry];
      e.tree?.delete();
      this.docs.delete(oldest);
    }
  }

  /** Forget a document (closed) and free its tree. */
  forget(path: string): void {
    this.docs.get(path)?.tree?.delete();
    this.docs.delete(path);
  }

  dispose(): void {
    for (const e of this.docs.values()) e.tree?.delete();
    this.docs.clear();
  }
}
