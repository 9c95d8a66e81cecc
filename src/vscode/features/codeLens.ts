// Cost lenses: above each call site (`≈ 2.4k in · 300 out · $0.0081/call · gpt-4o`) and above each
// task (`12 steps · $0.094/task · $2.8k/month @ 1k tasks/day`). provideCodeLenses only places
// them (positions from the analysis); resolveCodeLens writes the titles. Refreshed after each
// (debounced) analysis. Each kind can be switched off.
import * as vscode from 'vscode';
import type { Estimate } from '../../core/model';
import { formatCount, formatTokens, formatUsd } from '../../core/report/format';
import { taskCost, monthText } from '../../core/report/summary';
import type { ObservationStats } from '../../core/telemetry/observations';
import type { AnalysisService, DocumentAnalysis } from '../analysisService';
import { observedLensText } from '../telemetry';

class CostLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly kind: 'call' | 'task',
    readonly key: string,
    readonly doc: DocumentAnalysis,
  ) {
    super(range);
  }
}

/** The lens title of one call site (also the status bar's and the tests' reference format). */
export function callLensTitle(e: Estimate | undefined, model: string | undefined, assumed = false): string {
  if (!e) return `CostLens · ${model ?? 'model unknown'}`;
  // `≈?`: the model itself is assumed (a stated default), not only the token count.
  const approx = assumed ? '≈? ' : e.exact ? '' : '≈ ';
  const usd = e.usd ? `${formatUsd(e.usd.perCall.expected)}/call` : 'no price';
  return `${approx}${formatTokens(e.tokens.input)} in · ${formatTokens(e.tokens.output)} out · ${usd} · ${model ?? 'model unknown'}`;
}

/** What telemetry saw for a call site, and when that changes (the telemetry service). */
export interface ObservedSource {
  statsFor(a: DocumentAnalysis, key: string): ObservationStats | undefined;
  onDidChange: vscode.Event<void>;
}

export function register(selector: vscode.DocumentSelector, service: AnalysisService, observed?: ObservedSource): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider<CostLens> = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(doc, token) {
      const cfg = vscode.workspace.getConfiguration('costlens', doc.uri);
      if (!cfg.get<boolean>('lenses.enabled', true)) return [];
      const showCalls = cfg.get<boolean>('lenses.callSites', true);
      const showTasks = cfg.get<boolean>('lenses.tasks', true);
      if (!showCalls && !showTasks) return [];
      // While an edit's analysis is under way, the last one keeps the lenses in place.
      const a = (await service.get(doc, token)) ?? service.latest(doc.uri);
      if (!a || token.isCancellationRequested) return [];
      const lenses: CostLens[] = [];
      const at = (line: number) => {
        const l = Math.min(Math.max(0, line - 1), doc.lineCount - 1);
        return new vscode.Range(l, 0, l, 0);
      };
      if (showTasks) for (const t of a.analysis.tasks) lenses.push(new CostLens(at(t.line), 'task', t.key, a));
      if (showCalls) for (const s of a.analysis.callSites) lenses.push(new CostLens(at(s.line), 'call', s.key, a));
      return lenses;
    },
    resolveCodeLens(lens) {
      const { analysis, config } = lens.doc;
      if (lens.kind === 'call') {
        const site = analysis.callSites.find((s) => s.key === lens.key);
        const seen = observed?.statsFor(lens.doc, lens.key);
        const title = callLensTitle(analysis.estimates.get(lens.key), site?.model.id, !!site?.model.assumed) + (seen ? ` · ${observedLensText(seen)}` : '');
        lens.command = { title, tooltip: `CostLens: how this figure is made${seen ? ', and what telemetry observed' : ''}`, command: 'costlens.showCallSiteDetails', arguments: [lens.doc.uri, lens.key] };
        return lens;
      }
      const task = analysis.tasks.find((t) => t.key === lens.key);
      if (!task) return lens;
      const cost = taskCost(analysis, task, config.values);
      const steps = `${formatCount(task.steps)} step${task.steps === 1 ? '' : 's'}${task.historyGrows ? ' (history grows)' : ''}`;
      const money = cost.perTask ? `${formatUsd(cost.perTask.expected)}/task · ${monthText(cost.task, cost.perMonth, cost.tasksPerDay, formatUsd, formatCount)}` : 'no price for a call of this task';
      lens.command = { title: `${steps} · ${money}`, tooltip: `CostLens: ${task.reason}. Open the cost report at this task.`, command: 'costlens.showReport', arguments: [task.key] };
      return lens;
    },
  };
  return vscode.Disposable.from(
    changed,
    service.onDidAnalyze(() => changed.fire()),
    ...(observed ? [observed.onDidChange(() => changed.fire())] : []),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('costlens.lenses')) changed.fire();
    }),
    vscode.languages.registerCodeLensProvider(selector, provider),
  );
}
