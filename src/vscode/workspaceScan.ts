// The whole workspace's analysis, for the cost report and exports: every prompt file and every
// Python/TypeScript/JavaScript file with an LLM call in every workspace folder, read through
// VS Code's file system (so virtual workspaces work too; open documents as edited). Analyses are
// kept per file by modification time and size, so a second report costs only the changed files.
// The work is sliced (the extension host stays responsive) and cancellable.
import { statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ConfigValues } from '../config/load';
import { analyzeFile, FileAnalysis, isAnalyzable } from '../core/analysis/analyzeFile';
import { IgnoreRules } from '../core/analysis/gitignore';
import { createFileReader, createImportResolver } from '../core/analysis/imports';
import { MAX_FILE_BYTES, SKIPPED_DIRS, skipReason } from '../core/analysis/limits';
import { readInside, WorkspaceBoundary } from '../core/analysis/boundary';
import { mayCallAnSdk } from '../core/extract/code/extract';
import { loadParsers } from '../core/extract/code/parser';
import { isPromptFile } from '../core/extract/promptFiles';
import type { AnalysisError } from '../core/model';
import { buildReport, Report } from '../core/report/report';
import type { WorkspaceObservations } from '../core/telemetry/observations';
import { OBSERVED_SITES_KEY, observedSites } from '../core/telemetry/refine';
import { estimateCallSite } from '../core/estimate/estimate';
import { configFor } from './config';
import { Disposable } from './util/dispose';
import { folderReader } from './util/folderReader';

declare const COSTLENS_VERSION: string | undefined;
const VERSION = typeof COSTLENS_VERSION === 'string' ? COSTLENS_VERSION : '0.1.0';

const EXTENSIONS = ['py', 'pyw', 'ipynb', 'ts', 'tsx', 'mts', 'cts', 'js', 'mjs', 'cjs', 'jsx', 'prompty', 'prompt', 'jinja', 'jinja2', 'j2', 'txt', 'md'];
const INCLUDE = `**/*.{${EXTENSIONS.join(',')}}`;
/** The files a workspace scan reads (a glob). */
export const WORKSPACE_FILES = INCLUDE;
const EXCLUDE = `**/{${[...SKIPPED_DIRS].join(',')}}/**`;

interface Entry {
  mtime: number;
  size: number;
  /** Null: the file holds nothing (no call, or skipped with `error`). */
  analysis: FileAnalysis | null;
  error?: AnalysisError;
  /** Offsets where the file's lines start, kept when it has findings (their ranges as problems). */
  lineStarts?: number[];
  /** The other files its analysis read (imports, prompt files; URIs): a change to one makes it stale. */
  reads?: string[];
}

export interface WorkspaceScan {
  report: Report;
  /** Each folder's analyses, with paths relative to the folder (as the editor's documents have them). */
  folders: { folder: vscode.WorkspaceFolder; analyses: FileAnalysis[]; config: ConfigValues }[];
  /** Where each report path is (with several folders, paths start with the folder's name). */
  uris: Map<string, vscode.Uri>;
  analyses: FileAnalysis[];
  /** Per file with findings (key: its URI): offsets where its lines start, as scanned. */
  lineStarts: Map<string, number[]>;
  files: number;
  ms: number;
}

const decoder = new TextDecoder('utf-8');

export class WorkspaceScanner extends Disposable {
  private readonly entries = new Map<string, Entry>();
  private configKey = '';

  constructor() {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(INCLUDE));
    // A file changed: its analysis, and those that read it (a prompt file's text is in the call
    // that sends it), are made again.
    const drop = (uri: vscode.Uri) => {
      const key = uri.toString();
      this.entries.delete(key);
      for (const [k, e] of this.entries) if (e.reads?.includes(key)) this.entries.delete(k);
    };
    this.register(watcher.onDidChange(drop));
    this.register(watcher.onDidCreate(drop));
    this.register(watcher.onDidDelete(drop));
  }

  /** Forget every analysis (settings changed). */
  reset(): void {
    this.entries.clear();
  }

  /** Waits while the documents in editors are analysed: they come before the scan (set at activation). */
  giveWay?: () => Promise<void>;
  /** A scan begins only once this resolves: start-up is over (set at activation). */
  startAfter?: Promise<void>;
  /** Told when a scan begins its work (for the start-up log). */
  onDidStart?: () => void;

  /** Build the report with these observations joined (set by the telemetry service). */
  observationsFor?: (folders: WorkspaceScan['folders']) => WorkspaceObservations | undefined;

  async scan(token?: vscode.CancellationToken, progress?: (done: number, total: number) => void): Promise<WorkspaceScan> {
    await this.startAfter;
    this.onDidStart?.();
    const t0 = performance.now();
    await loadParsers();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const multi = folders.length > 1;
    const analyses: FileAnalysis[] = [];
    const errors: AnalysisError[] = [];
    const uris = new Map<string, vscode.Uri>();
    const lineStarts = new Map<string, number[]>();
    const perFolder: WorkspaceScan['folders'] = [];
    let reportConfig: ConfigValues | undefined;
    let files = 0;
    let slice = performance.now();
    const configs = await Promise.all(folders.map((f) => configFor(f.uri)));
    // Settings decide every figure: other settings, other analyses.
    const key = JSON.stringify(configs.map((c) => c.values));
    if (key !== this.configKey) {
      this.entries.clear();
      this.configKey = key;
    }
    const found = await Promise.all(folders.map((f) => vscode.workspace.findFiles(new vscode.RelativePattern(f, INCLUDE), new vscode.RelativePattern(f, EXCLUDE), undefined, token)));
    const total = found.reduce((n, list) => n + list.length, 0);
    // Documents with unsaved edits are analysed as edited.
    const dirty = new Map(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => [d.uri.toString(), d]));
    for (const [i, folder] of folders.entries()) {
      const config = configs[i];
      reportConfig ??= config.values;
      errors.push(...config.errors);
      // Folders on disk: files are read only inside the folder (VS Code's search follows links out).
      const boundary = folder.uri.scheme === 'file' ? new WorkspaceBoundary([folder.uri.fsPath]) : undefined;
      const read = this.readerFor(folder);
      // What each file's analysis reads of the others, for its entry (see Entry.reads).
      const consult = (rel: string) => this.consulted?.add(vscode.Uri.joinPath(folder.uri, rel).toString());
      const resolveImport = read && createImportResolver(read, consult);
      const readFile = read && createFileReader(read, consult);
      const ignored = await this.ignoreRules(folder, token);
      const list = found[i].filter((u) => !ignored.ignores(vscode.workspace.asRelativePath(u, false))).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const mine: FileAnalysis[] = [];
      perFolder.push({ folder, analyses: mine, config: config.values });
      for (const uri of list) {
        if (token?.isCancellationRequested) throw new vscode.CancellationError();
        files++;
        const rel = vscode.workspace.asRelativePath(uri, false);
        if (!isAnalyzable(rel)) continue;
        const reportPath = multi ? `${folder.name}/${rel}` : rel;
        const entry = await this.analyse(uri, rel, config.values, dirty, boundary, resolveImport, readFile);
        if (entry.error) errors.push({ ...entry.error, path: reportPath });
        if (entry.analysis) {
          mine.push(entry.analysis);
          const a = multi ? prefixed(entry.analysis, `${folder.name}/`) : entry.analysis;
          analyses.push(a);
          uris.set(reportPath, uri);
          if (entry.lineStarts) lineStarts.set(uri.toString(), entry.lineStarts);
        }
        // Give the extension host back every ~15 ms of work, and the documents in editors their analysis first.
        if (performance.now() - slice > 15) {
          progress?.(files, total);
          await new Promise((resolve) => setTimeout(resolve, 0));
          await this.giveWay?.();
          slice = performance.now();
        }
      }
    }
    progress?.(files, total);
    const config = reportConfig ?? (await configFor(undefined)).values;
    const observations = this.observationsFor?.(perFolder);
    // As `costlens scan` does: what telemetry saw of a call site (its calls per run, its reasoning)
    // refines its estimate, so the report and the view give the CLI's figures. The cached analyses
    // are left as they are: the refined estimates go on copies.
    const refined = observations && vscode.workspace.getConfiguration('costlens').get<boolean>('telemetry.calibrate', true) ? observedSites(observations.byKey) : {};
    const figures = Object.keys(refined).length
      ? analyses.map((a) => {
          if (!a.callSites.some((site) => Object.prototype.hasOwnProperty.call(refined, site.key))) return a;
          const estimates = new Map(a.estimates);
          for (const site of a.callSites) if (Object.prototype.hasOwnProperty.call(refined, site.key)) estimates.set(site.key, estimateCallSite(site, { config: { ...config, [OBSERVED_SITES_KEY]: refined } }));
          return { ...a, estimates };
        })
      : analyses;
    const report = buildReport(figures, config, errors, VERSION, observations);
    return { report, folders: perFolder, uris, analyses: figures, lineStarts, files, ms: performance.now() - t0 };
  }

  /** The files the analysis under way has read (analysis is synchronous). */
  private consulted?: Set<string>;

  private async analyse(uri: vscode.Uri, rel: string, config: ConfigValues, dirty: Map<string, vscode.TextDocument>, boundary: WorkspaceBoundary | undefined, resolveImport?: ReturnType<typeof createImportResolver>, readFile?: ReturnType<typeof createFileReader>): Promise<Entry> {
    const key = uri.toString();
    const open = dirty.get(key);
    // Files on disk are read directly (one system call each); VS Code's file system API is a
    // message round trip per call (to the window and back, in a remote window), which for a
    // 5,000-file workspace is a minute. Virtual workspaces have only that API.
    const onDisk = uri.scheme === 'file';
    let stat: { mtime: number; size: number } | undefined;
    if (!open) {
      try {
        if (onDisk) {
          const st = statSync(uri.fsPath);
          stat = { mtime: st.mtimeMs, size: st.size };
        } else stat = await vscode.workspace.fs.stat(uri);
      } catch (e) {
        return { mtime: 0, size: 0, analysis: null, error: { path: rel, kind: 'read', message: `cannot read: ${e instanceof Error ? e.message : String(e)}` } };
      }
      const cached = this.entries.get(key);
      // Unchanged, and so is every file it read (one with unsaved edits is read as edited).
      if (cached && cached.mtime === stat.mtime && cached.size === stat.size && !cached.reads?.some((r) => dirty.has(r))) return cached;
    }
    let text: string;
    if (open) text = open.getText();
    else {
      let bytes: Uint8Array;
      if (onDisk) {
        const r = readInside(boundary, uri.fsPath, MAX_FILE_BYTES);
        if ('refusal' in r) {
          const entry: Entry = { mtime: stat!.mtime, size: stat!.size, analysis: null, error: { path: rel, kind: r.refusal.kind, message: r.refusal.message } };
          if (r.refusal.kind !== 'read') this.entries.set(key, entry);
          return entry;
        }
        bytes = r.bytes;
      } else {
        try {
          bytes = await vscode.workspace.fs.readFile(uri);
        } catch (e) {
          return { mtime: 0, size: 0, analysis: null, error: { path: rel, kind: 'read', message: `cannot read: ${e instanceof Error ? e.message : String(e)}` } };
        }
      }
      const reason = skipReason(bytes);
      if (reason) {
        const entry: Entry = { mtime: stat!.mtime, size: stat!.size, analysis: null, error: { path: rel, kind: 'limit', message: reason } };
        this.entries.set(key, entry);
        return entry;
      }
      text = decoder.decode(bytes);
    }
    const consulted = new Set<string>();
    this.consulted = consulted;
    let analysis: FileAnalysis | null;
    try {
      analysis = isPromptFile(rel) || mayCallAnSdk(text) ? analyzeFile(rel, text, { config, resolveImport, readFile }) : null;
    } finally {
      this.consulted = undefined;
    }
    consulted.delete(key);
    const useful = analysis && (analysis.callSites.length || analysis.findings.length || analysis.errors.length) ? analysis : null;
    const entry: Entry = { mtime: stat?.mtime ?? -1, size: stat?.size ?? -1, analysis: useful, ...(useful?.findings.length ? { lineStarts: lineStartsOf(text) } : {}), ...(useful && consulted.size ? { reads: [...consulted] } : {}) };
    if (stat) this.entries.set(key, entry);
    return entry;
  }

  /** What the folder's .gitignore files exclude (as `costlens scan` leaves it out). */
  private async ignoreRules(folder: vscode.WorkspaceFolder, token?: vscode.CancellationToken): Promise<IgnoreRules> {
    const rules = new IgnoreRules();
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), new vscode.RelativePattern(folder, EXCLUDE), 1000, token);
    const boundary = folder.uri.scheme === 'file' ? new WorkspaceBoundary([folder.uri.fsPath]) : undefined;
    for (const f of files) {
      try {
        let text: string;
        if (f.scheme === 'file') {
          const r = readInside(boundary, f.fsPath, MAX_FILE_BYTES);
          if ('refusal' in r) continue;
          text = r.bytes.toString('utf8');
        } else text = decoder.decode(await vscode.workspace.fs.readFile(f));
        const rel = vscode.workspace.asRelativePath(f, false);
        rules.add(rel === '.gitignore' ? '' : rel.slice(0, -'/.gitignore'.length), text);
      } catch {
        /* unreadable: no rules from it */
      }
    }
    return rules;
  }

  /** Reads other files of a folder on disk for imports and prompt files (open documents as edited); none elsewhere. */
  private readerFor(folder: vscode.WorkspaceFolder): ((rel: string) => string | undefined) | undefined {
    return folder.uri.scheme === 'file' ? folderReader(folder.uri.fsPath) : undefined;
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The position of an offset, from the offsets where lines start (as `TextDocument.positionAt`). */
export function positionIn(lineStarts: number[], offset: number): vscode.Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return new vscode.Position(lo, Math.max(0, offset - lineStarts[lo]));
}

/** The analysis with every path (its own, its findings', its errors') under a folder prefix. */
function prefixed(a: FileAnalysis, prefix: string): FileAnalysis {
  const p = (s: string) => prefix + s;
  return {
    ...a,
    path: p(a.path),
    callSites: a.callSites.map((c) => ({ ...c, path: p(c.path), key: p(c.key) })),
    estimates: new Map([...a.estimates].map(([k, e]) => [p(k), e])),
    tasks: a.tasks.map((t) => ({ ...t, path: p(t.path), key: p(t.key), callSiteKeys: t.callSiteKeys.map(p) })),
    findings: a.findings.map((f) => ({ ...f, path: p(f.path) })),
    errors: a.errors.map((e) => ({ ...e, path: p(e.path) })),
  };
}
