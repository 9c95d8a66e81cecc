// The editor adapter: thin over the core. activate() only registers; the analysis (tokenizers,
// price catalogue) loads on the first document that needs it.
import * as vscode from 'vscode';
import { analyzeFile, FileAnalysis } from '../core/analysis/analyzeFile';
import { IncrementalAnalyzer } from '../core/analysis/incremental';
import { loadParsers } from '../core/extract/code/parser';
import { formatTokens, formatUsd } from '../core/report/format';
import { disposeTokenizers } from '../core/tokens/count';
import { configFor, invalidateConfigCache } from './config';

export const PROMPT_LANGUAGES = ['prompty', 'dotprompt', 'jinja-prompt', 'prompt-md'];
export const CODE_LANGUAGES = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'];
const LANGUAGES = [...PROMPT_LANGUAGES, ...CODE_LANGUAGES];

class Analyses implements vscode.Disposable {
  private readonly results = new Map<string, { version: number; analysis: FileAnalysis }>();
  /** Code documents: parse trees kept per document, re-analysis after an edit reuses them. */
  private readonly incremental = new IncrementalAnalyzer();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  async get(doc: vscode.TextDocument): Promise<FileAnalysis> {
    const key = doc.uri.toString();
    const hit = this.results.get(key);
    if (hit && hit.version === doc.version) return hit.analysis;
    const config = await configFor(doc.uri);
    await loadParsers();
    const path = vscode.workspace.asRelativePath(doc.uri, false);
    const analysis = CODE_LANGUAGES.includes(doc.languageId)
      ? this.incremental.analyze(path, doc.version, doc.getText(), config.values)
      : analyzeFile(path, doc.getText(), { config: config.values });
    this.results.set(key, { version: doc.version, analysis });
    return analysis;
  }

  forget(uri: vscode.Uri): void {
    this.results.delete(uri.toString());
    this.incremental.forget(vscode.workspace.asRelativePath(uri, false));
  }

  clear(): void {
    this.results.clear();
    this.changed.fire(vscode.Uri.parse('costlens:all'));
  }

  dispose(): void {
    this.changed.dispose();
    this.results.clear();
    this.incremental.dispose();
  }
}

function callLensTitle(analysis: FileAnalysis, key: string): string | undefined {
  const site = analysis.callSites.find((s) => s.key === key);
  const e = analysis.estimates.get(key);
  if (!site || !e) return undefined;
  const approx = e.exact ? '' : '≈ ';
  const usd = e.usd ? `${formatUsd(e.usd.perCall.expected)}/call` : 'no price';
  return `${approx}${formatTokens(e.tokens.input)} in · ${formatTokens(e.tokens.output)} out · ${usd} · ${site.model.id ?? 'model unknown'}`;
}

export function activate(context: vscode.ExtensionContext): void {
  const analyses = new Analyses();
  context.subscriptions.push(analyses);
  const selector: vscode.DocumentSelector = LANGUAGES.map((language) => ({ language }));

  const lensChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(lensChanged);
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(selector, {
      onDidChangeCodeLenses: lensChanged.event,
      async provideCodeLenses(doc, token) {
        if (!vscode.workspace.getConfiguration('costlens', doc.uri).get<boolean>('lenses.enabled', true)) return [];
        const analysis = await analyses.get(doc);
        if (token.isCancellationRequested) return [];
        return analysis.callSites.map((site) => {
          const line = Math.max(0, site.line - 1);
          const title = callLensTitle(analysis, site.key) ?? 'CostLens';
          return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title, command: 'costlens.showFileCost', arguments: [doc.uri] });
        });
      },
    }),
  );

  const status = vscode.window.createStatusBarItem('costlens.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'CostLens';
  status.command = 'costlens.showFileCost';
  context.subscriptions.push(status);
  const updateStatus = async () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !LANGUAGES.includes(doc.languageId)) {
      status.hide();
      return;
    }
    const analysis = await analyses.get(doc);
    const priced = analysis.callSites.map((s) => analysis.estimates.get(s.key)).filter((e) => e?.usd);
    if (!priced.length) {
      status.hide();
      return;
    }
    const perCall = priced.reduce((sum, e) => sum + e!.usd!.perCall.expected, 0);
    status.text = `$(pulse) ${formatUsd(perCall)}/call`;
    status.tooltip = 'CostLens: expected cost of one call of this prompt';
    status.show();
  };

  const output = vscode.window.createOutputChannel('CostLens');
  context.subscriptions.push(output);

  context.subscriptions.push(
    vscode.commands.registerCommand('costlens.showFileCost', async (uri?: vscode.Uri) => {
      const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc) return;
      const analysis = await analyses.get(doc);
      output.clear();
      output.appendLine(`CostLens — ${analysis.path}`);
      for (const site of analysis.callSites) {
        const e = analysis.estimates.get(site.key);
        output.appendLine(`\n${site.name ?? site.key} (line ${site.line}): ${callLensTitle(analysis, site.key) ?? ''}`);
        if (e?.usd) output.appendLine(`  $/call low–high: ${formatUsd(e.usd.perCall.low)}–${formatUsd(e.usd.perCall.high)}; without cache hits ${formatUsd(e.usd.perCallNoCache.expected)}`);
        for (const a of e?.assumptions ?? []) output.appendLine(`  · ${a.text}${a.changeWith ? ` (change: ${a.changeWith})` : ''}`);
      }
      for (const f of analysis.findings) output.appendLine(`\n${f.severity} line ${f.line}: ${f.message} [${f.ruleId}]`);
      for (const e of analysis.errors) output.appendLine(`\nerror: ${e.message}`);
      output.show(true);
    }),
    vscode.commands.registerCommand('costlens.toggleLenses', async () => {
      const cfg = vscode.workspace.getConfiguration('costlens');
      await cfg.update('lenses.enabled', !cfg.get<boolean>('lenses.enabled', true), vscode.ConfigurationTarget.Global);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (LANGUAGES.includes(e.document.languageId)) lensChanged.fire();
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => analyses.forget(doc.uri)),
    vscode.window.onDidChangeActiveTextEditor(() => void updateStatus()),
    vscode.workspace.onDidSaveTextDocument(() => void updateStatus()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('costlens')) {
        invalidateConfigCache();
        analyses.clear();
        lensChanged.fire();
        void updateStatus();
      }
    }),
  );
  const watcher = vscode.workspace.createFileSystemWatcher('**/.costlens.json');
  const reload = () => {
    invalidateConfigCache();
    analyses.clear();
    lensChanged.fire();
    void updateStatus();
  };
  context.subscriptions.push(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload));
  void updateStatus();
}

export function deactivate(): void {
  disposeTokenizers();
}
