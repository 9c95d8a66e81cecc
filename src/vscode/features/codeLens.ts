// Cost lenses: above each call site (`≈ 2.4k in · 300 out · $0.0081/call · gpt-4o`) and above each
// task (`12 steps · $0.094/task · $2.8k/month @ 1k tasks/day`). provideCodeLenses places them
// with their titles: the analysis is done by then and a title is a few string operations, while a
// lens left for resolveCodeLens shows only after VS Code's resolve pause (250 ms or more).
// Refreshed after each (debounced) analysis. Each kind can be switched off. A prompt file that code
// sends shows those calls instead of a figure of its own (`sent by agent.py:42 · $0.013/call · …`).
import * as vscode from 'vscode';
import type { Estimate } from '../../core/model';
import { formatCount, formatTokens, formatUsd } from '../../core/report/format';
import { senderLensTitle } from '../../core/report/promptSenders';
import { taskCost, monthText } from '../../core/report/summary';
import type { ObservationStats } from '../../core/telemetry/observations';
import type { AnalysisService, DocumentAnalysis } from '../analysisService';
import { observedLensText } from '../telemetry';
import type { PromptSenderSource, SenderAt } from './promptSenders';

class CostLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly kind: 'call' | 'task' | 'sender',
    readonly key: string,
    readonly doc: DocumentAnalysis,
    readonly sender?: SenderAt,
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

/** How long a lens request waits for an analysis under way (see provideCodeLenses). */
export const LENS_WAIT_MS = 200;

export function register(selector: vscode.DocumentSelector, service: AnalysisService, observed?: ObservedSource, senders?: PromptSenderSource): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  // Per document, the analysis its lenses were last made from, and how many requests for them are
  // under way. An analysis finished while VS Code has not asked yet, or is asking, needs no event:
  // that request gets it, while an event makes VS Code wait its CodeLens pause (250 ms or more)
  // again, drop the request under way and ask anew.
  const shown = new Map<string, DocumentAnalysis | undefined>();
  const asking = new Map<string, number>();
  const provider: vscode.CodeLensProvider<CostLens> = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(doc, token) {
      const cfg = vscode.workspace.getConfiguration('costlens', doc.uri);
      if (!cfg.get<boolean>('lenses.enabled', true)) return [];
      const showCalls = cfg.get<boolean>('lenses.callSites', true);
      const showTasks = cfg.get<boolean>('lenses.tasks', true);
      if (!showCalls && !showTasks) return [];
      // While an edit's analysis is under way, the last one keeps the lenses in place.
      const key = doc.uri.toString();
      asking.set(key, (asking.get(key) ?? 0) + 1);
      let a: DocumentAnalysis | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        // VS Code times this request, and waits as long (250 ms at least) before it asks for the
        // lenses of each file opened after: one request that waited out a slow first analysis
        // would hold back every later file. Past LENS_WAIT_MS the last result (or none) is
        // returned, and the new one sent when it is ready.
        const waited = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), LENS_WAIT_MS)));
        a = (await Promise.race([service.get(doc, token), waited])) ?? service.latest(doc.uri);
      } finally {
        clearTimeout(timer);
        asking.set(key, asking.get(key)! - 1);
      }
      shown.set(key, a);
      // A newer analysis finished while this request waited (and was not sent): ask again.
      if (a !== service.latest(doc.uri)) setTimeout(() => changed.fire(), 0);
      if (!a || token.isCancellationRequested) return [];
      const lenses: CostLens[] = [];
      const at = (line: number) => {
        const l = Math.min(Math.max(0, line - 1), doc.lineCount - 1);
        return new vscode.Range(l, 0, l, 0);
      };
      // A prompt file code sends is part of those calls: their lenses, not its own call and task.
      const sentBy = senders?.sendersOf(a);
      const sent = new Set(sentBy ? a.analysis.callSites.filter((s) => s.kind === 'prompt-file').map((s) => s.key) : []);
      if (showTasks) for (const t of a.analysis.tasks) if (!t.callSiteKeys.every((k) => sent.has(k))) lenses.push(new CostLens(at(t.line), 'task', t.key, a));
      for (const s of a.analysis.callSites) {
        if (!sent.has(s.key)) {
          if (showCalls) lenses.push(new CostLens(at(s.line), 'call', s.key, a));
        } else if (showCalls) for (const by of sentBy!) lenses.push(new CostLens(at(s.line), 'sender', s.key, a, by));
      }
      return lenses.map(titled);
    },
    resolveCodeLens: titled,
  };
  // The lens's title (and what a click does), from the analysis it was placed from.
  function titled(lens: CostLens): CostLens {
    const { analysis, config } = lens.doc;
    if (lens.sender) {
      const by = lens.sender;
      lens.command = { title: senderLensTitle(by), tooltip: `CostLens: this prompt is sent by the call at ${by.path}:${by.line}, and counted in its figures. Open that call.`, command: 'costlens.showCallSiteDetails', arguments: [by.uri, by.documentKey] };
      return lens;
    }
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
  }
  return vscode.Disposable.from(
    changed,
    service.onDidAnalyze((a) => {
      const key = a.uri.toString();
      if (shown.has(key) && !asking.get(key) && shown.get(key) !== a) changed.fire();
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      shown.delete(doc.uri.toString());
      asking.delete(doc.uri.toString());
    }),
    ...(observed ? [observed.onDidChange(() => changed.fire())] : []),
    ...(senders ? [senders.onDidChange(() => changed.fire())] : []),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('costlens.lenses')) changed.fire();
    }),
    vscode.languages.registerCodeLensProvider(selector, provider),
  );
}
