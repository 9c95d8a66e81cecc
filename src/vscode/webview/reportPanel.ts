// The "Show Cost Report" webview: one panel, created or revealed; a strict CSP with a fresh nonce per
// render; restored after a window reload by a serializer (the page keeps its own state with
// `vscode.setState`); the scan itself is the host's (ReportHost), so this file is only the panel.
import * as vscode from 'vscode';
import type { DiffReport } from '../../core/diff/diff';
import type { Report } from '../../core/report/report';
import { buildReportView, type ReportView } from '../../core/report/view';
import { newNonce, reportPageHtml } from './html';
import { type ExportFormat, parsePageMessage, REPORT_VIEW_TYPE, type ToExtension, type ToPage } from './protocol';

export type { ExportFormat } from './protocol';

export interface LoadProgress {
  message?: string;
  done?: number;
  total?: number;
}

/** What the panel needs from the extension: the scan and the actions the page asks for. */
export interface ReportHost {
  /** Scan the workspace. A refresh or closing the panel cancels `token`. */
  load(token: vscode.CancellationToken, progress: (p: LoadProgress) => void): Promise<Report>;
  /** Open a workspace-relative path at a 1-based line. */
  open(path: string, line: number): Thenable<void> | void;
  export(format: ExportFormat): Thenable<void> | void;
  /** Ask for traffic assumptions; resolve `false` when nothing changed (the panel rescans otherwise). */
  setTraffic(): Thenable<boolean | void> | boolean | void;
}

const TITLE = 'Cost Report';

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Every path the view can ask to open: nothing else is opened on the page's word. */
function knownPaths(view: ReportView): Set<string> {
  const paths = new Set<string>();
  for (const rows of [view.tasks, view.callSites, view.files]) for (const r of rows) if (r.location) paths.add(r.location.path);
  for (const f of view.findings) paths.add(f.path);
  for (const e of view.errors) paths.add(e.path);
  return paths;
}

export class ReportPanel implements vscode.Disposable {
  private static instance: ReportPanel | undefined;

  static get current(): ReportPanel | undefined {
    return ReportPanel.instance;
  }

  /** Show the report (scanning the workspace), or reveal the open one; `focusKey` highlights a row (see `focus`). */
  static show(extensionUri: vscode.Uri, host: ReportHost, focusKey?: string): ReportPanel {
    const open = ReportPanel.instance;
    if (open) {
      open.panel.reveal();
      if (focusKey) open.focus(focusKey);
      return open;
    }
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, TITLE, vscode.ViewColumn.Active, webviewOptions(extensionUri));
    return new ReportPanel(panel, extensionUri, host, focusKey);
  }

  /** Restores the panel after a window reload; register once in `activate`. */
  static registerSerializer(extensionUri: vscode.Uri, host: ReportHost): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        // One report panel: a second restored one (two windows' worth of state) is closed.
        if (ReportPanel.instance) panel.dispose();
        else new ReportPanel(panel, extensionUri, host);
      },
    });
  }

  private readonly disposables: vscode.Disposable[] = [];
  private view: ReportView | undefined;
  private diff: DiffReport | null = null;
  private error: string | undefined;
  private busy: Extract<ToPage, { type: 'busy' }> | undefined;
  /** A row to highlight once the page can show it. */
  private focusKey: string | undefined;
  private loading: vscode.CancellationTokenSource | undefined;
  /** Bumped by each refresh: a slower, older scan never overwrites a newer one. */
  private generation = 0;
  /** The page has said `ready` since it was last (re)loaded: until then messages would be lost. */
  private pageReady = false;
  private disposed = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly host: ReportHost,
    focusKey?: string,
  ) {
    ReportPanel.instance = this;
    this.focusKey = focusKey;
    panel.title = TITLE;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.options = webviewOptions(extensionUri);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), null, this.disposables);
    panel.onDidChangeViewState(
      (e) => {
        // Hidden without retainContextWhenHidden, the page is discarded; it says `ready` again when shown.
        if (!e.webviewPanel.visible) this.pageReady = false;
      },
      null,
      this.disposables,
    );
    this.render();
    void this.refresh();
  }

  /** Scan again and show the result; cancels a scan still running. */
  async refresh(): Promise<void> {
    if (this.disposed) return;
    this.loading?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.loading = source;
    const generation = ++this.generation;
    const current = () => generation === this.generation && !this.disposed;
    this.error = undefined;
    this.setBusy({ type: 'busy', busy: true, message: 'Scanning the workspace…' });
    try {
      const report = await this.host.load(source.token, (p) => {
        if (current()) this.setBusy({ type: 'busy', busy: true, message: p.message ?? 'Scanning the workspace…', ...(p.done !== undefined ? { done: p.done } : {}), ...(p.total !== undefined ? { total: p.total } : {}) });
      });
      if (!current() || source.token.isCancellationRequested) return;
      this.view = buildReportView(report);
      this.sendView();
    } catch (e) {
      if (!current() || source.token.isCancellationRequested || e instanceof vscode.CancellationError) return;
      this.error = `The workspace could not be scanned: ${messageOf(e)}`;
      this.post({ type: 'error', message: this.error });
    } finally {
      source.dispose();
      if (current()) {
        this.loading = undefined;
        this.setBusy(undefined);
      }
    }
  }

  /**
   * Highlight a row and scroll to it: a row id (`site:<call-site key>`, `task:<task key>`,
   * `file:<path>`, `model:<id>`) or a bare call-site or task key.
   */
  focus(key: string): void {
    this.focusKey = key;
    if (this.view && this.pageReady) {
      this.post({ type: 'focus', key });
      this.focusKey = undefined;
    }
  }

  /** Show the cost of a change above the report (null: take it away). */
  showDiff(diff: DiffReport | null): void {
    this.diff = diff;
    this.post({ type: 'diff', diff });
    this.panel.reveal();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ReportPanel.instance === this) ReportPanel.instance = undefined;
    this.loading?.cancel();
    this.loading?.dispose();
    this.loading = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private render(): void {
    const webview = this.panel.webview;
    this.pageReady = false;
    webview.html = reportPageHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'report.css')).toString(),
    });
  }

  private post(message: ToPage): void {
    if (this.pageReady && !this.disposed) void this.panel.webview.postMessage(message);
  }

  private setBusy(busy: Extract<ToPage, { type: 'busy' }> | undefined): void {
    this.busy = busy;
    this.post(busy ?? { type: 'busy', busy: false });
  }

  private sendView(): void {
    if (!this.view || !this.pageReady) return;
    this.post({ type: 'view', view: this.view, ...(this.focusKey ? { focusKey: this.focusKey } : {}) });
    this.focusKey = undefined;
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message: ToExtension | undefined = parsePageMessage(raw);
    if (!message || this.disposed) return;
    try {
      switch (message.type) {
        case 'ready':
          // A new page (first load, shown again, restored): everything it should show, afresh.
          this.pageReady = true;
          this.sendView();
          if (this.diff) this.post({ type: 'diff', diff: this.diff });
          if (this.error) this.post({ type: 'error', message: this.error });
          if (this.busy) this.post(this.busy);
          break;
        case 'refresh':
          await this.refresh();
          break;
        case 'open':
          if (!this.view || !knownPaths(this.view).has(message.path)) return;
          await this.host.open(message.path, message.line);
          break;
        case 'openRuleDocs':
          await this.openRuleDocs(message.ruleId);
          break;
        case 'export':
          await this.host.export(message.format);
          break;
        case 'setTraffic':
          if ((await this.host.setTraffic()) !== false) await this.refresh();
          break;
      }
    } catch (e) {
      void vscode.window.showErrorMessage(`CostLens: ${messageOf(e)}`);
    }
  }

  /** The rule's page ships with the extension (docs/rules/); shown rendered when Markdown preview is there. */
  private async openRuleDocs(ruleId: string): Promise<void> {
    const uri = vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${ruleId}.md`);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(uri, { preview: true });
    }
  }
}
