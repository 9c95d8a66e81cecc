// Telemetry commands: start and stop the trace receiver, import telemetry files, and the recent
// calls of a call site, each opening in the user's trace viewer (`costlens.telemetry.traceUrl`).
import * as vscode from 'vscode';
import { formatTokens, formatUsd } from '../../core/report/format';
import type { AnalysisService } from '../analysisService';
import { callSiteNear } from './compareModels';
import type { TelemetryService } from '../telemetry';

/** The trace viewer's address of a trace, from the URL template setting. */
export function traceUrl(template: string, traceId: string, spanId: string): string | undefined {
  if (!/^https?:\/\//.test(template) || !template.includes('{traceId}')) return undefined;
  return template.replace(/\{traceId\}/g, encodeURIComponent(traceId)).replace(/\{spanId\}/g, encodeURIComponent(spanId));
}

export function register(service: AnalysisService, telemetry: TelemetryService): vscode.Disposable {
  return vscode.Disposable.from(
    // `port` (0: any free one) overrides the setting, for scripts and tests.
    vscode.commands.registerCommand('costlens.startReceiver', (port?: number) => telemetry.startReceiver(typeof port === 'number' ? { port } : {})),
    vscode.commands.registerCommand('costlens.stopReceiver', async () => {
      const url = telemetry.receiverUrl;
      await telemetry.stopReceiver();
      if (url) vscode.window.setStatusBarMessage(`CostLens: stopped receiving traces on ${url}`, 3000);
    }),
    vscode.commands.registerCommand('costlens.importTelemetry', async (files?: vscode.Uri[]) => {
      const picked =
        files ??
        (await vscode.window.showOpenDialog({
          title: 'CostLens: import telemetry (OTLP JSON as the Collector\'s file exporter writes it, or a Langfuse export)',
          canSelectMany: true,
          filters: { Telemetry: ['json', 'jsonl', 'ndjson', 'csv'], 'All files': ['*'] },
        }));
      if (!picked?.length) return 0;
      try {
        const n = await telemetry.importFiles(picked);
        vscode.window.setStatusBarMessage(`CostLens: ${n} LLM call(s) imported`, 5000);
        return n;
      } catch (e) {
        void vscode.window.showErrorMessage(`CostLens: ${e instanceof Error ? e.message : String(e)}`);
        return 0;
      }
    }),
    // `pick` (an index into the recent calls) chooses without asking, for tests and keybindings.
    vscode.commands.registerCommand('costlens.showRecentCalls', async (uri?: vscode.Uri, key?: string, pick?: number) => {
      const editor = vscode.window.activeTextEditor;
      const doc = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
      const a = doc && (await service.get(doc));
      const site = key ? a?.analysis.callSites.find((s) => s.key === key) : a && editor ? callSiteNear(a, doc!, editor.selection.active) : undefined;
      if (!a || !site) return void vscode.window.showInformationMessage('CostLens: put the cursor on an LLM call to see its recent calls.');
      const stats = telemetry.statsFor(a, site.key);
      if (!stats) return void vscode.window.showInformationMessage(`CostLens: telemetry has seen no call from ${site.name ?? site.key} yet.`);
      const items = stats.recent.map((r) => ({
        label: new Date(r.startMs).toISOString().replace('T', ' ').slice(0, 19),
        description: `${formatTokens(r.inputTokens)} in · ${formatTokens(r.outputTokens)} out · ${r.usd === null ? 'no price' : formatUsd(r.usd)}${r.model ? ` · ${r.model}` : ''}`,
        detail: `trace ${r.traceId}`,
        call: r,
      }));
      const chosen = pick !== undefined ? items[pick] : await vscode.window.showQuickPick(items, { title: `CostLens: recent calls of ${site.name ?? site.key}`, placeHolder: 'Choose one to open its trace' });
      if (!chosen) return;
      const template = vscode.workspace.getConfiguration('costlens', doc!.uri).get<string>('telemetry.traceUrl', '');
      const url = traceUrl(template, chosen.call.traceId, chosen.call.spanId);
      if (!url) {
        const set = await vscode.window.showInformationMessage(`CostLens: trace ${chosen.call.traceId}. Set costlens.telemetry.traceUrl to open traces in your viewer (Jaeger, Tempo, Langfuse, Phoenix…).`, 'Open Setting', 'Copy Trace Id');
        if (set === 'Open Setting') await vscode.commands.executeCommand('workbench.action.openSettings', 'costlens.telemetry.traceUrl');
        if (set === 'Copy Trace Id') await vscode.env.clipboard.writeText(chosen.call.traceId);
        return;
      }
      await vscode.env.openExternal(vscode.Uri.parse(url));
      return url;
    }),
  );
}
