// "Show Cost Report" and "Export Report": the workspace scanned (WorkspaceScanner), shown in the
// report panel or written as CSV, JSON, Markdown or a FinOps FOCUS CSV.
import * as vscode from 'vscode';
import { EXPORT_EXTENSIONS, exportReport, ExportFormat } from '../../core/report/export';
import { ReportHost, ReportPanel } from '../webview/reportPanel';
import * as compareBranch from './compareBranch';
import { WorkspaceScan, WorkspaceScanner } from '../workspaceScan';

const FORMATS: { format: ExportFormat; label: string; detail: string }[] = [
  { format: 'csv', label: 'CSV', detail: 'One row per call site: tokens, $ per call, per task and per month' },
  { format: 'json', label: 'JSON', detail: 'The versioned report ("version": 1), as `costlens scan --format json` writes it' },
  { format: 'markdown', label: 'Markdown', detail: 'A summary to read or paste into a pull request or a wiki' },
  { format: 'focus', label: 'FOCUS CSV', detail: 'FinOps FOCUS 1.2 columns (BilledCost, EffectiveCost, ConsumedQuantity…) for FinOps tools' },
];

export function register(context: vscode.ExtensionContext, scanner: WorkspaceScanner): vscode.Disposable {
  let last: WorkspaceScan | undefined;

  const scan = async (token?: vscode.CancellationToken, progress?: (done: number, total: number) => void) => {
    last = await scanner.scan(token, progress);
    return last;
  };

  /** `format` and `to` skip the questions (for keybindings, tasks and tests). */
  const exportAs = async (format?: ExportFormat, to?: vscode.Uri) => {
    const choice = format ?? (await vscode.window.showQuickPick(FORMATS, { title: 'CostLens: export the cost report as' }))?.format;
    if (!choice) return;
    if (!FORMATS.some((f) => f.format === choice)) return void vscode.window.showErrorMessage(`CostLens: no export format "${choice}" (use ${FORMATS.map((f) => f.format).join(', ')}).`);
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'CostLens: scanning the workspace', cancellable: true }, (_p, token) => scan(token));
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target =
      to ??
      (await vscode.window.showSaveDialog({
        title: 'CostLens: export the cost report',
        defaultUri: folder ? vscode.Uri.joinPath(folder, `costlens-report.${EXPORT_EXTENSIONS[choice]}`) : undefined,
        filters: { [FORMATS.find((f) => f.format === choice)!.label]: [EXPORT_EXTENSIONS[choice]] },
      }));
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exportReport(result.report, choice)));
    if (to) return;
    const open = await vscode.window.showInformationMessage(`CostLens: the report is in ${vscode.workspace.asRelativePath(target)}.`, 'Open');
    if (open) await vscode.window.showTextDocument(target);
  };

  const host: ReportHost = {
    async load(token, progress) {
      const r = await scan(token, (done, total) => progress({ message: `Scanning the workspace… ${done} of ${total} files`, done, total }));
      return r.report;
    },
    async open(path, line) {
      const uri = last?.uris.get(path);
      if (!uri) return;
      const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
      const pos = new vscode.Position(Math.max(0, line - 1), 0);
      editor.selection = new vscode.Selection(pos, pos);
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
    },
    export: (format) => exportAs(format),
    async setTraffic() {
      // The configuration listener below rescans when the settings changed; the panel need not.
      await vscode.commands.executeCommand('costlens.setTraffic');
      return false;
    },
  };

  const reset = () => {
    scanner.reset();
    void ReportPanel.current?.refresh();
  };
  return vscode.Disposable.from(
    ReportPanel.registerSerializer(context.extensionUri, host),
    compareBranch.register(context.extensionUri, scanner, () => host),
    vscode.commands.registerCommand('costlens.showReport', (focusKey?: string) => {
      ReportPanel.show(context.extensionUri, host, typeof focusKey === 'string' ? focusKey : undefined);
    }),
    vscode.commands.registerCommand('costlens.exportReport', (format?: ExportFormat, to?: vscode.Uri) => exportAs(typeof format === 'string' ? format : undefined, to instanceof vscode.Uri ? to : undefined)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('costlens')) reset();
    }),
    // Saved edits show in an open report.
    vscode.workspace.onDidSaveTextDocument(() => {
      if (ReportPanel.current) void ReportPanel.current.refresh();
    }),
    { dispose: () => ReportPanel.current?.dispose() },
  );
}
