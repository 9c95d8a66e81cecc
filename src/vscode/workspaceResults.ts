// The workspace scan kept current, for the features that show the whole workspace (problems of every
// file, the CostLens view): scanned again, after a pause, when a file changes on disk, a document is
// saved or analysed after an edit, or a setting changes — only while a feature wants it (the view is
// visible, problems are workspace-wide). The scanner keeps each file's analysis by modification
// time, so a rescan costs the changed files only.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { Disposable } from './util/dispose';
import { WORKSPACE_FILES, WorkspaceScan, WorkspaceScanner } from './workspaceScan';

/** Pause after a change before scanning again: a checkout or a formatter changes many files at once. */
const RESCAN_MS = 300;
/** After an edit's analysis: typing goes on, and the open document's own figures are already live. */
const RESCAN_AFTER_EDIT_MS = 1500;

export class WorkspaceResults extends Disposable {
  private last: WorkspaceScan | undefined;
  private running: Promise<WorkspaceScan> | undefined;
  private queued: Promise<WorkspaceScan> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** What wants the scan kept current (`view`, `problems`); none: changes only mark it stale. */
  private readonly wanted = new Set<string>();
  private stale = true;
  private readonly changed = this.register(new vscode.EventEmitter<WorkspaceScan>());
  readonly onDidChange = this.changed.event;
  /** Scans made (for tests). */
  scans = 0;

  constructor(
    private readonly scanner: WorkspaceScanner,
    service: AnalysisService,
  ) {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(WORKSPACE_FILES));
    const onDisk = () => this.schedule(RESCAN_MS);
    this.register(watcher.onDidChange(onDisk));
    this.register(watcher.onDidCreate(onDisk));
    this.register(watcher.onDidDelete(onDisk));
    this.register(vscode.workspace.onDidSaveTextDocument(onDisk));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(onDisk));
    this.register(service.onDidAnalyze(() => this.schedule(RESCAN_AFTER_EDIT_MS)));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('costlens')) this.schedule(RESCAN_MS);
      }),
    );
  }

  /** The last scan finished (undefined before the first). */
  get latest(): WorkspaceScan | undefined {
    return this.last;
  }

  /** A feature wants the scan kept current (or no longer does); the first wish scans if need be. */
  want(who: string, on: boolean): void {
    if (on) {
      this.wanted.add(who);
      if (this.stale) this.schedule(0);
    } else this.wanted.delete(who);
  }

  /** The current scan: the last one when nothing changed since, else a new one. */
  current(): Promise<WorkspaceScan> {
    if (this.last && !this.stale && !this.timer) return Promise.resolve(this.last);
    return this.refresh();
  }

  /** Scan now (after the scan under way, if one is: it may have read files before they changed). */
  refresh(): Promise<WorkspaceScan> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) {
      this.queued ??= this.running.then(
        () => this.next(),
        () => this.next(),
      );
      return this.queued;
    }
    this.stale = false;
    const run = this.scanner.scan().then((scan) => {
      this.scans++;
      this.last = scan;
      if (!this.isDisposed) this.changed.fire(scan);
      return scan;
    });
    const tracked: Promise<WorkspaceScan> = run.finally(() => {
      if (this.running === tracked) this.running = undefined;
    });
    this.running = tracked;
    tracked.catch(() => undefined);
    // A failed scan leaves the last result; the next change tries again.
    run.catch((e) => {
      this.stale = true;
      if (!(e instanceof vscode.CancellationError)) console.error('CostLens: the workspace scan failed', e);
    });
    return run;
  }

  private next(): Promise<WorkspaceScan> {
    this.queued = undefined;
    return this.refresh();
  }

  private schedule(delay: number): void {
    this.stale = true;
    if (this.isDisposed || !this.wanted.size) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh().catch(() => undefined);
    }, delay);
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    super.dispose();
  }
}
