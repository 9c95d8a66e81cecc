// The analysis of open documents, for every feature of the editor. A document shown in an editor is
// analysed at once (VS Code asks for its lenses a moment later, and the result is then ready); after
// an edit, after a pause in typing that grows with its size; an edit cancels the analysis under way (its result
// would be stale) and results for an older version are dropped. Code documents keep their parse
// tree between edits (IncrementalAnalyzer). Features ask `get` (the current version, analysed now
// if need be) or `latest` (whatever was last finished, for cheap lookups), and listen to
// `onDidAnalyze` to refresh.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConfigValues, ResolvedConfig } from '../config/load';
import { analyzeFile, FileAnalysis } from '../core/analysis/analyzeFile';
import { createFileReader, createImportResolver } from '../core/analysis/imports';
import { IncrementalAnalyzer } from '../core/analysis/incremental';
import { warmUp, WarmStep } from '../core/analysis/warmUp';
import { SKIPPED_DIRS } from '../core/analysis/limits';
import { Program } from '../core/program/program';
import { notebookModule } from '../core/program/notebook';
import { languageOf, loadParsers } from '../core/extract/code/parser';
import { isPromptFile } from '../core/extract/promptFiles';
import { configFor } from './config';
import { Disposable, isAbort } from './util/dispose';
import { folderReader } from './util/folderReader';

/** Files larger than this are not analysed in the editor (nor read as imports). */
export const MAX_DOCUMENT_CHARS = 2 * 1024 * 1024;

export const PROMPT_LANGUAGES = ['prompty', 'dotprompt', 'jinja-prompt', 'prompt-md'];
export const CODE_LANGUAGES = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'];
export const LANGUAGES = [...PROMPT_LANGUAGES, ...CODE_LANGUAGES];

export interface DocumentAnalysis {
  uri: vscode.Uri;
  version: number;
  /** The workspace folder the document belongs to (undefined: none). */
  folder?: vscode.WorkspaceFolder;
  /** The path the analysis knows the document by: relative to its folder, forward slashes. */
  path: string;
  analysis: FileAnalysis;
  config: ResolvedConfig;
  /** How many times files this analysis read had changed when it was made (stale once they change again). */
  dependencies?: number;
}

/** Whether CostLens analyses this document at all. */
export function isAnalysable(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme === 'output' || doc.uri.scheme === 'git' || doc.uri.scheme === 'vscode-userdata') return false;
  if (LANGUAGES.includes(doc.languageId)) return true;
  // Prompt files in plain text/markdown (prompts/*.txt, *_prompt.md) and code by file name.
  const name = doc.uri.path;
  return isPromptFile(name) || languageOf(name) !== undefined;
}

/** Pause before analysing after an edit: longer for bigger documents (a 100 kB file waits ~350 ms). */
export function debounceFor(chars: number): number {
  return Math.min(1000, 150 + Math.round(chars / 500));
}

function relativePathOf(uri: vscode.Uri, folder: vscode.WorkspaceFolder | undefined): string {
  if (!folder) return uri.scheme === 'file' ? uri.fsPath.split(path.sep).join('/') : uri.path;
  const rel = path.posix.relative(folder.uri.path, uri.path);
  return rel && !rel.startsWith('..') ? rel : uri.path;
}

/** Readers of other files for one document's analysis, and the generation of what it read. */
interface Readers {
  resolveImport?: ReturnType<typeof createImportResolver>;
  readFile?: ReturnType<typeof createFileReader>;
  program?: Program;
  generation: number;
}

/**
 * Why an analysis was begun: a document shown in an editor (at once), an edit (after a pause), a
 * feature asking for it (at once), a file it read changing, or the settings changing (after a pause).
 */
export type ScheduleReason = 'opened' | 'edited' | 'asked' | 'dependency' | 'refresh';

/** An analysis begun, and after how long a pause (for tests: the scheduling, not the clock). */
export interface Scheduled {
  uri: vscode.Uri;
  version: number;
  delay: number;
  reason: ScheduleReason;
}

interface State {
  version: number;
  controller: AbortController;
  timer?: ReturnType<typeof setTimeout>;
  promise: Promise<DocumentAnalysis | undefined>;
  settle: (r: DocumentAnalysis | undefined) => void;
}

export class AnalysisService extends Disposable {
  private readonly done = new Map<string, DocumentAnalysis>();
  private readonly pending = new Map<string, State>();
  /** Per workspace folder (key: folder URI, '' for none): import paths are relative to the folder. */
  private readonly analyzers = new Map<string, IncrementalAnalyzer>();
  /**
   * Edits and file changes seen, all told and per document. What a document's imports and prompt
   * files read can have changed when any other file changed: its readers' generation is the count
   * of changes to other files, so typing in a file keeps its readers (and the incremental path).
   */
  private changes = 0;
  private readonly ownChanges = new Map<string, number>();
  private readers = new Map<string, Readers>();
  /**
   * The workspace as one program, per folder: other files' modules parsed when a value is asked of
   * them and kept until they change. Per document, the workspace files its analysis read (imports,
   * modules, prompt files, candidates that did not exist): a change to one of them re-analyses the
   * document, and only those documents (reverse import edges), not the whole workspace.
   */
  private readonly programs = new Map<string, Program>();
  private readonly depsOf = new Map<string, Set<string>>();
  private readonly depGeneration = new Map<string, number>();
  /** The document whose analysis is reading other files right now (analysis is synchronous). */
  private consulting?: Set<string>;
  /** Code files of each folder (for callers of a function in other files), listed once in the background. */
  private readonly codeFiles = new Map<string, string[]>();
  /** Documents re-analysed because a file they read changed (for tests and the bench). */
  dependentRuns = 0;
  private readonly changed = this.register(new vscode.EventEmitter<DocumentAnalysis>());
  readonly onDidAnalyze = this.changed.event;
  /** Analyses run (for tests and the bench). */
  runs = 0;
  private readonly scheduled = this.register(new vscode.EventEmitter<Scheduled>());
  readonly onDidSchedule = this.scheduled.event;
  /** Values added to every document's settings (telemetry's calibration), and the merged objects made from them. */
  private extra: Partial<ConfigValues> = {};
  private merged = new WeakMap<object, ResolvedConfig>();

  /** Add values to the settings of every analysis (telemetry's calibration); analyses are made again. */
  setExtraConfig(extra: Partial<ConfigValues>): void {
    this.extra = extra;
    this.merged = new WeakMap();
    this.reset();
    this.refreshVisible();
  }

  private withExtra(config: ResolvedConfig): ResolvedConfig {
    if (!Object.keys(this.extra).length) return config;
    // The same merged object for the same settings: the incremental path compares them by identity.
    let m = this.merged.get(config);
    if (!m) this.merged.set(config, (m = { ...config, values: { ...config.values, ...this.extra } }));
    return m;
  }

  /** Edits answered by re-analysing only the edited definition (for tests and the bench). */
  get patchedEdits(): number {
    let n = 0;
    for (const a of this.analyzers.values()) n += a.patchedEdits;
    return n;
  }

  constructor() {
    super();
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const key = e.document.uri.toString();
        this.changes++;
        this.ownChanges.set(key, (this.ownChanges.get(key) ?? 0) + 1);
        if (isAnalysable(e.document)) this.schedule(e.document, 'edited');
        // A cell's edit can change every other cell's figures (they are one module).
        if (e.document.uri.scheme === 'vscode-notebook-cell') for (const c of notebookOf(e.document)?.getCells() ?? []) if (c.document !== e.document && c.kind === vscode.NotebookCellKind.Code) this.schedule(c.document, 'edited');
        this.fileChanged(e.document.uri, key);
      }),
    );
    this.register(vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)));
    // A document shown in an editor is analysed now, not when VS Code first asks for its lenses
    // (at least 250 ms after the editor opens): the pause is for typing only.
    this.register(vscode.window.onDidChangeVisibleTextEditors((editors) => this.openAll(editors)));
    // Files changed on disk (a checkout, another tool): anything may read them (a prompt flow's
    // flow.dag.yaml, a langgraph.json, a lockfile's versions too).
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*.{py,pyw,ts,tsx,mts,cts,js,mjs,cjs,jsx,prompty,prompt,jinja,jinja2,j2,txt,md,yaml,yml,json,toml,lock}'));
    const onDisk = (uri: vscode.Uri) => {
      this.changes++;
      this.fileChanged(uri);
    };
    this.register(watcher.onDidChange(onDisk));
    this.register(watcher.onDidCreate(onDisk));
    this.register(watcher.onDidDelete(onDisk));
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.reset();
      }),
    );
  }

  /**
   * A file of a folder changed: the program forgets its module, and the documents whose analysis
   * read it are analysed again (those in editors now, the others when next asked).
   */
  private fileChanged(uri: vscode.Uri, except?: string): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const rel = relativePathOf(uri, folder);
    this.programs.get(folder?.uri.toString() ?? '')?.invalidate(rel);
    if (uri.scheme === 'file' && !this.codeFiles.get(folder?.uri.toString() ?? '')?.includes(rel)) this.codeFiles.delete(folder?.uri.toString() ?? '');
    for (const [doc, deps] of this.depsOf) {
      if (doc === except || !deps.has(rel)) continue;
      this.depGeneration.set(doc, (this.depGeneration.get(doc) ?? 0) + 1);
      // An analysis under way read the old file: it is of no more use.
      const pending = this.pending.get(doc);
      if (pending) {
        this.cancel(pending);
        this.pending.delete(doc);
      }
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc);
      if (open && isAnalysable(open)) {
        this.dependentRuns++;
        this.schedule(open, 'dependency');
      }
    }
  }

  /** What was last finished for the document, whatever its version (cheap; no analysis). */
  latest(uri: vscode.Uri): DocumentAnalysis | undefined {
    return this.done.get(uri.toString());
  }

  /** The analysis of the document's current version: cached, joined if under way, else run now. */
  async get(doc: vscode.TextDocument, token?: vscode.CancellationToken): Promise<DocumentAnalysis | undefined> {
    if (!isAnalysable(doc)) return undefined;
    const r = this.now(doc, 'asked');
    return 'promise' in r ? this.await(r, token) : r;
  }

  /** Documents shown in editors (as they open, and those open at activation): analysed now if not current. */
  openAll(editors: readonly vscode.TextEditor[] = vscode.window.visibleTextEditors): void {
    if (this.isDisposed) return;
    for (const e of editors) if (isAnalysable(e.document)) this.now(e.document, 'opened');
  }

  /** Warm-up steps done (for tests): see warmUp(). */
  readonly warmed: WarmStep[] = [];

  /**
   * After activation, not in it: the parsers, the tokenizer and the analysis code made ready for
   * the first file, each step after the documents waiting for an analysis (those come first).
   */
  async warmUp(onStep?: (step: WarmStep) => void): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const config = this.withExtra(await configFor(folder?.uri));
    // A timer, not setImmediate: the extension host takes in VS Code's messages (a document shown)
    // only then, and a document shown meanwhile must start before the next step.
    const giveWay = async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await this.idle();
    };
    await warmUp(config.values, giveWay, () => this.isDisposed, (step) => {
      this.warmed.push(step);
      onStep?.(step);
    });
  }

  /**
   * Resolves once no analysis is under way (those waiting out a typing pause do not count): the
   * warm-up and the workspace scan give way to the documents in editors.
   */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.pending.values()].filter((s) => !s.timer);
      if (!running.length) return;
      await Promise.all(running.map((s) => s.promise));
    }
  }

  /** The current analysis, or the one under way started now (the rest of a pause skipped), or a new one now. */
  private now(doc: vscode.TextDocument, reason: ScheduleReason): DocumentAnalysis | State {
    const key = doc.uri.toString();
    const hit = this.done.get(key);
    // Current when the document is unchanged and so is every file its analysis read.
    if (hit && hit.version === doc.version && hit.dependencies === (this.depGeneration.get(key) ?? 0)) return hit;
    const state = this.pending.get(key);
    if (state && state.version === doc.version) {
      // Wanted now: skip the rest of the pause.
      if (state.timer) {
        clearTimeout(state.timer);
        state.timer = undefined;
        this.scheduled.fire({ uri: doc.uri, version: doc.version, delay: 0, reason });
        this.start(doc, state);
      }
      return state;
    }
    return this.begin(doc, 0, reason);
  }

  /** Analyse after a pause (an edit): cancels the analysis of an older version. */
  schedule(doc: vscode.TextDocument, reason: Exclude<ScheduleReason, 'opened' | 'asked'> = 'edited'): void {
    if (this.isDisposed) return;
    this.begin(doc, debounceFor(doc.getText().length), reason);
  }

  /** Settings or the set of folders changed: everything is analysed again when next asked. */
  reset(): void {
    this.changes++;
    for (const s of this.pending.values()) this.cancel(s);
    this.pending.clear();
    this.done.clear();
    for (const a of this.analyzers.values()) a.dispose();
    this.analyzers.clear();
    this.readers.clear();
    for (const p of this.programs.values()) p.dispose();
    this.programs.clear();
    this.depsOf.clear();
    this.notebooks.clear();
  }

  /** Analyse the documents open in editors again (after a reset). */
  refreshVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) if (isAnalysable(editor.document)) this.schedule(editor.document, 'refresh');
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const s = this.pending.get(key);
    if (s) this.cancel(s);
    this.pending.delete(key);
    const d = this.done.get(key);
    this.done.delete(key);
    this.ownChanges.delete(key);
    this.depsOf.delete(key);
    this.depGeneration.delete(key);
    if (d) this.analyzers.get(d.folder?.uri.toString() ?? '')?.forget(d.analysis.path);
  }

  override dispose(): void {
    for (const s of this.pending.values()) this.cancel(s);
    this.pending.clear();
    for (const a of this.analyzers.values()) a.dispose();
    this.analyzers.clear();
    for (const p of this.programs.values()) p.dispose();
    this.programs.clear();
    this.done.clear();
    super.dispose();
  }

  private cancel(s: State): void {
    if (s.timer) clearTimeout(s.timer);
    s.controller.abort();
    // Whoever waits on a cancelled analysis gets nothing (and asks again for the new version).
    s.settle(undefined);
  }

  private async await(state: State, token?: vscode.CancellationToken): Promise<DocumentAnalysis | undefined> {
    if (!token) return state.promise;
    // The caller may stop waiting; the analysis goes on for the others who asked.
    return Promise.race([state.promise, new Promise<undefined>((resolve) => token.onCancellationRequested(() => resolve(undefined)))]);
  }

  private begin(doc: vscode.TextDocument, delay: number, reason: ScheduleReason): State {
    const key = doc.uri.toString();
    const old = this.pending.get(key);
    if (old) {
      if (old.version === doc.version) return old;
      this.cancel(old);
    }
    let settle!: (r: DocumentAnalysis | undefined) => void;
    const promise = new Promise<DocumentAnalysis | undefined>((resolve) => (settle = resolve));
    const state: State = { version: doc.version, controller: new AbortController(), promise, settle };
    this.pending.set(key, state);
    this.scheduled.fire({ uri: doc.uri, version: doc.version, delay, reason });
    if (delay > 0) {
      state.timer = setTimeout(() => {
        state.timer = undefined;
        this.start(doc, state);
      }, delay);
    } else this.start(doc, state);
    return state;
  }

  private start(doc: vscode.TextDocument, state: State): void {
    this.run(doc, state)
      .then(state.settle, (e) => {
        if (!isAbort(e)) console.error(`CostLens: analysis of ${doc.uri.toString()} failed`, e);
        state.settle(undefined);
      })
      .finally(() => {
        if (this.pending.get(doc.uri.toString()) === state) this.pending.delete(doc.uri.toString());
      });
  }

  private async run(doc: vscode.TextDocument, state: State): Promise<DocumentAnalysis | undefined> {
    const signal = state.controller.signal;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    const [plain] = await Promise.all([configFor(doc.uri), loadParsers()]);
    const config = this.withExtra(plain);
    signal.throwIfAborted();
    // The document moved on while settings and parsers loaded: this result would be stale.
    if (doc.version !== state.version || doc.isClosed) return undefined;
    const text = doc.getText();
    const relPath = relativePathOf(doc.uri, folder);
    let analysis: FileAnalysis;
    const notebook = doc.uri.scheme === 'vscode-notebook-cell' ? notebookOf(doc) : undefined;
    if (notebook) {
      // A cell is part of its notebook's module (a client made in cell 2, the call in cell 5): the
      // notebook is analysed whole, and the cell gets the call sites and findings inside it.
      const readers = this.readersFor(folder, doc.uri.toString());
      analysis = this.cellAnalysis(notebook, doc, relativePathOf(notebook.uri, folder), config.values, readers, signal);
    } else if (text.length > MAX_DOCUMENT_CHARS) {
      analysis = { path: relPath, callSites: [], estimates: new Map(), tasks: [], findings: [], errors: [{ path: relPath, kind: 'limit', message: `not analysed: ${(text.length / 1024 / 1024).toFixed(1)} MB is over the ${MAX_DOCUMENT_CHARS / 1024 / 1024} MB limit` }] };
    } else {
      const key = doc.uri.toString();
      const readers = this.readersFor(folder, key);
      const isCode = languageOf(relPath) !== undefined || CODE_LANGUAGES.includes(doc.languageId);
      this.runs++;
      // What this analysis reads of other files is recorded: a change there re-analyses this document.
      const consulted = new Set<string>();
      this.consulting = consulted;
      try {
        analysis = isCode
          ? this.analyzerFor(folder).analyze(codePath(relPath, doc.languageId), doc.version, text, config.values, { signal, readers })
          : analyzeFile(relPath, text, { config: config.values, resolveImport: readers.resolveImport, readFile: readers.readFile, program: readers.program, signal });
      } finally {
        this.consulting = undefined;
      }
      // A patched or reused analysis reads nothing new: what the document read before still holds.
      if (consulted.size || !this.depsOf.has(key)) this.depsOf.set(key, consulted);
    }
    if (doc.version !== state.version || this.isDisposed) return undefined;
    const result: DocumentAnalysis = { uri: doc.uri, version: doc.version, folder, path: relPath, analysis, config, dependencies: this.depGeneration.get(doc.uri.toString()) ?? 0 };
    this.done.set(doc.uri.toString(), result);
    this.changed.fire(result);
    return result;
  }

  /** Notebooks analysed whole, by version: every cell of one asks for the same analysis. */
  private readonly notebooks = new Map<string, { version: number; config: ConfigValues; analysis: FileAnalysis; json: string }>();

  private cellAnalysis(notebook: vscode.NotebookDocument, cell: vscode.TextDocument, nbPath: string, config: ConfigValues, readers: Readers, signal: AbortSignal): FileAnalysis {
    const key = notebook.uri.toString();
    let entry = this.notebooks.get(key);
    if (!entry || entry.version !== notebook.version || entry.config !== config) {
      // The notebook as a Jupyter file would hold it: its cells in order (markdown included, for the numbering).
      const json = JSON.stringify({
        cells: notebook.getCells().map((c) => ({ cell_type: c.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown', source: c.document.getText() })),
        metadata: { language_info: { name: notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code)?.document.languageId ?? 'python' } },
      });
      this.runs++;
      const analysis = analyzeFile(nbPath, json, { config, resolveImport: readers.resolveImport, readFile: readers.readFile, program: readers.program, signal });
      entry = { version: notebook.version, config, analysis, json };
      this.notebooks.set(key, entry);
    }
    return cellOfNotebook(entry.analysis, entry.json, notebook.getCells().findIndex((c) => c.document.uri.toString() === cell.uri.toString()) + 1);
  }

  private analyzerFor(folder: vscode.WorkspaceFolder | undefined): IncrementalAnalyzer {
    const key = folder?.uri.toString() ?? '';
    let a = this.analyzers.get(key);
    if (!a) this.analyzers.set(key, (a = new IncrementalAnalyzer()));
    return a;
  }

  /**
   * Readers of other files of the document's folder (imports, prompt files read by path): open
   * documents as edited, else the file on disk; never outside the folder; none without a folder
   * on disk (virtual workspaces). Rebuilt when anything may have changed.
   */
  private readersFor(folder: vscode.WorkspaceFolder | undefined, forDocument: string): Readers {
    // The document's generation counts changes to the files it read: other documents' edits leave it be.
    const generation = this.depGeneration.get(forDocument) ?? 0;
    const folderKey = folder?.uri.toString() ?? '';
    // The readers' caches (constants, prompt files) are rebuilt after any change; the program keeps
    // its modules and forgets only those that changed.
    const key = `${folderKey}\u0000${this.changes}`;
    let shared = this.readers.get(key);
    if (!shared) {
      for (const k of this.readers.keys()) if (k.startsWith(`${folderKey}\u0000`)) this.readers.delete(k);
      shared = { generation: 0 };
      if (folder && folder.uri.scheme === 'file') {
        const read = folderReader(folder.uri.fsPath);
        const consult = (rel: string) => this.consulting?.add(rel);
        let program = this.programs.get(folderKey);
        if (!program) {
          program = new Program({ read, onConsult: consult, files: () => this.codeFilesOf(folder) });
          this.programs.set(folderKey, program);
        }
        shared = { resolveImport: createImportResolver(read, consult), readFile: createFileReader(read, consult), program, generation: 0 };
      }
      this.readers.set(key, shared);
    }
    return { ...shared, generation };
  }

  /**
   * The folder's code files, for finding the callers of a function in other files: listed once in
   * the background (callers in this file and in imported modules are found meanwhile).
   */
  private codeFilesOf(folder: vscode.WorkspaceFolder): string[] {
    const key = folder.uri.toString();
    const known = this.codeFiles.get(key);
    if (known) return known;
    this.codeFiles.set(key, []);
    const include = new vscode.RelativePattern(folder, '**/*.{py,pyw,ipynb,ts,tsx,mts,cts,js,mjs,cjs,jsx}');
    void vscode.workspace.findFiles(include, `**/{${[...SKIPPED_DIRS].join(',')}}/**`, 20_000).then(
      (uris) => {
        if (this.isDisposed) return;
        this.codeFiles.set(key, uris.map((u) => relativePathOf(u, folder)).sort());
      },
      () => undefined,
    );
    return [];
  }
}

/** The notebook a cell document belongs to, when it is open. */
function notebookOf(doc: vscode.TextDocument): vscode.NotebookDocument | undefined {
  const uri = doc.uri.toString();
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document.uri.toString() === uri));
}

/** One cell's part of a notebook's analysis: what lies in the cell, with offsets moved into the cell's text. */
export function cellOfNotebook(a: FileAnalysis, json: string, cell: number): FileAnalysis {
  const nb = notebookModule(json);
  const c = nb.cells.find((x) => x.index === cell);
  if (!c) return { path: a.path, callSites: [], estimates: new Map(), tasks: [], findings: [], errors: [] };
  const move = <T extends { start: number; end: number }>(sp: T): T => ({ ...sp, start: sp.start - c.start, end: sp.end - c.start });
  const inCell = (sp: { start: number; end: number }) => sp.start >= c.start && sp.start <= c.end;
  const callSites = a.callSites
    .filter((x) => x.cell === cell)
    .map((x) => ({
      ...x,
      span: move(x.span),
      model: { ...x.model, ...(x.model.span && inCell(x.model.span) ? { span: move(x.model.span) } : {}), ...(x.model.literalSpan && inCell(x.model.literalSpan) ? { literalSpan: move(x.model.literalSpan) } : { literalSpan: undefined }) },
      parts: x.parts.map((p) => (p.span && !p.path && inCell(p.span) ? { ...p, span: move(p.span), ...(p.literal ? { literal: move(p.literal) } : {}) } : { ...p, span: undefined, literal: undefined })),
      argsInsertion: undefined,
      systemArg: undefined,
      outputCap: x.outputCap ? { ...x.outputCap, span: x.outputCap.span && inCell(x.outputCap.span) ? move(x.outputCap.span) : undefined } : undefined,
      cacheMarkers: x.cacheMarkers.map((m) => ({ ...m, span: m.span && inCell(m.span) ? move(m.span) : undefined })),
    }));
  const keys = new Set(callSites.map((x) => x.key));
  return {
    ...a,
    callSites,
    estimates: new Map([...a.estimates].filter(([k]) => keys.has(k))),
    tasks: a.tasks.filter((t) => t.cell === cell).map((t) => ({ ...t, span: { start: Math.max(0, t.span.start - c.start), end: Math.min(c.end, t.span.end) - c.start } })),
    findings: a.findings.filter((f) => f.cell === cell).map((f) => ({ ...f, span: move(f.span) })),
    errors: a.errors.filter((e) => e.cell === undefined || e.cell === cell),
  };
}

/** An untitled or oddly named code document gets an extension its language implies, so the parser knows it. */
function codePath(rel: string, languageId: string): string {
  if (languageOf(rel)) return rel;
  const ext: Record<string, string> = { python: '.py', typescript: '.ts', typescriptreact: '.tsx', javascript: '.js', javascriptreact: '.jsx' };
  return rel + (ext[languageId] ?? '');
}
