// The active file's cost in the status bar: per call (one call of each call site in the file) and
// per task (each task of the file once). A click opens the cost report at this file.
import * as vscode from 'vscode';
import { formatUsd } from '../../core/report/format';
import { taskCost } from '../../core/report/summary';
import { AnalysisService, DocumentAnalysis, isAnalysable } from '../analysisService';

export function statusText(a: DocumentAnalysis): { text: string; tooltip: string } | undefined {
  const { analysis, config } = a;
  const priced = analysis.callSites.map((s) => ({ s, e: analysis.estimates.get(s.key) })).filter((x) => x.e?.usd);
  if (!priced.length) return undefined;
  const perCall = priced.reduce((sum, x) => sum + x.e!.usd!.perCall.expected, 0);
  const tasks = analysis.tasks.map((t) => taskCost(analysis, t, config.values)).filter((t) => t.perTask);
  const perTask = tasks.reduce((sum, t) => sum + t.perTask!.expected, 0);
  const perMonth = tasks.reduce((sum, t) => sum + t.perMonth!.expected, 0);
  const text = tasks.length ? `$(pulse) ${formatUsd(perCall)}/call · ${formatUsd(perTask)}/task` : `$(pulse) ${formatUsd(perCall)}/call`;
  const lines = [`CostLens — ${analysis.path}`, `${priced.length} priced call site${priced.length === 1 ? '' : 's'}: ${formatUsd(perCall)} for one call of each`];
  if (tasks.length) lines.push(`${tasks.length} task${tasks.length === 1 ? '' : 's'}: ${formatUsd(perTask)} for one run of each, ${formatUsd(perMonth)} a month at the stated traffic`);
  if (priced.length < analysis.callSites.length) lines.push(`${analysis.callSites.length - priced.length} call site(s) without a price`);
  lines.push('Click for the cost report.');
  return { text, tooltip: lines.join('\n') };
}

export function register(service: AnalysisService): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('costlens.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'CostLens';
  const show = (a: DocumentAnalysis | undefined) => {
    const editor = vscode.window.activeTextEditor;
    if (!a || !editor || editor.document.uri.toString() !== a.uri.toString() || !vscode.workspace.getConfiguration('costlens', a.uri).get<boolean>('statusBar.enabled', true)) {
      item.hide();
      return;
    }
    const s = statusText(a);
    if (!s) {
      item.hide();
      return;
    }
    item.text = s.text;
    item.tooltip = s.tooltip;
    item.command = { title: 'Show Cost Report', command: 'costlens.showReport', arguments: [a.path] };
    item.show();
  };
  // The service analyses every document shown in an editor by itself (after activation, not in it):
  // a result not there yet arrives through onDidAnalyze.
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !isAnalysable(doc)) return item.hide();
    show(service.latest(doc.uri));
  };
  update();
  return vscode.Disposable.from(
    item,
    service.onDidAnalyze((a) => show(a)),
    vscode.window.onDidChangeActiveTextEditor(() => update()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('costlens.statusBar')) update();
    }),
  );
}
