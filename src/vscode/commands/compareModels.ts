// "Compare Models for This Call": the call under the cursor priced on every model its SDK call can
// use (the same provider's current chat models), with each model's own cache rules; choosing one
// rewrites the model id where it is written.
import * as vscode from 'vscode';
import { compareModels, ModelOption } from '../../core/estimate/compare';
import type { CallSite } from '../../core/model';
import { formatTokens, formatUsd } from '../../core/report/format';
import { siteMonthly } from '../../core/report/summary';
import type { AnalysisService, DocumentAnalysis } from '../analysisService';
import { callSiteAt } from '../features/hover';

interface Item extends vscode.QuickPickItem {
  option: ModelOption;
}

/** The call site under the cursor, else the nearest one starting above it. */
export function callSiteNear(a: DocumentAnalysis, doc: vscode.TextDocument, position: vscode.Position): CallSite | undefined {
  const at = callSiteAt(a, doc, position);
  if (at) return at;
  const offset = doc.offsetAt(position);
  return [...a.analysis.callSites].filter((s) => s.span.start <= offset).sort((x, y) => y.span.start - x.span.start)[0] ?? a.analysis.callSites[0];
}

function cacheNote(o: ModelOption): string {
  const t = o.estimate.tokens;
  const c = o.estimate.cache;
  if (!c || c.mode === 'none') return 'no prompt caching';
  if (!t.cacheablePrefix) return `${c.mode} caching, but the stable prefix is under its ${formatTokens(c.minTokens)}-token minimum`;
  return `${formatTokens(t.cachedInput)} of ${formatTokens(t.input)} input tokens read from the cache (${c.mode})`;
}

export function items(a: DocumentAnalysis, site: CallSite): Item[] {
  return compareModels(site, a.config.values).map((option) => {
    const monthly = siteMonthly(a.analysis, site, option.estimate, a.config.values);
    const e = option.estimate;
    return {
      option,
      label: `${option.current ? '$(check) ' : ''}${option.model}`,
      description: option.perCall !== undefined ? `${formatUsd(option.perCall)}/call · ${formatUsd(option.perTask!)}/task${monthly ? ` · ${formatUsd(monthly.expected)}/month` : ''}` : 'no price',
      detail: `${e.exact ? '' : '≈ '}${formatTokens(e.tokens.input)} in · ${formatTokens(e.tokens.output)} out · ${cacheNote(option)}${e.contextWindow && e.inputRange.high + e.outputRange.high > e.contextWindow ? ` · may overflow its ${formatTokens(e.contextWindow)} context` : ''}`,
    };
  });
}

/** Replace the model id inside the literal it is written in (quotes and prefixes kept). */
export function modelEdit(doc: vscode.TextDocument, site: CallSite, model: string): vscode.WorkspaceEdit | undefined {
  const lit = site.model.literalSpan;
  const current = site.model.id;
  if (!lit || !current) return undefined;
  const text = doc.getText().slice(lit.start, lit.end);
  const at = text.indexOf(current);
  if (at < 0) return undefined;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(lit.start + at), doc.positionAt(lit.start + at + current.length)), model);
  return edit;
}

export function register(service: AnalysisService): vscode.Disposable {
  // `model` chooses without asking (for keybindings, scripts and tests).
  return vscode.commands.registerCommand('costlens.compareModels', async (uri?: vscode.Uri, key?: string, model?: string) => {
    const editor = vscode.window.activeTextEditor;
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!doc) return void vscode.window.showInformationMessage('CostLens: open a file with an LLM call first.');
    const a = await service.get(doc);
    const site = key ? a?.analysis.callSites.find((s) => s.key === key) : a && editor ? callSiteNear(a, doc, editor.selection.active) : a?.analysis.callSites[0];
    if (!a || !site) return void vscode.window.showInformationMessage('CostLens: no LLM call or prompt file here to compare.');
    if (!site.model.id) return void vscode.window.showInformationMessage(`CostLens: the model of this call is unknown (${site.model.unresolvedReason ?? 'not found'}), so there is nothing to compare it with.`);
    const choices = items(a, site);
    const pick =
      model !== undefined
        ? choices.find((c) => c.option.model === model)
        : await vscode.window.showQuickPick(choices, {
            title: `CostLens: ${site.name ?? site.key} on other models`,
            placeHolder: `Now ${site.model.id}. Cheapest first; choose one to switch the call to it.`,
            matchOnDescription: true,
            matchOnDetail: true,
          });
    if (model !== undefined && !pick) return void vscode.window.showWarningMessage(`CostLens: ${model} is not a model this call can be switched to.`);
    if (!pick || pick.option.current) return;
    // The document may have changed while the list was open.
    const fresh = await service.get(doc);
    const now = fresh?.analysis.callSites.find((s) => s.key === site.key);
    const edit = now && modelEdit(doc, now, pick.option.model);
    if (!edit) {
      return void vscode.window.showInformationMessage(`CostLens: the model id "${site.model.id}" is not written as a literal at this call (it comes from a constant, a setting or another file); change it there to ${pick.option.model}.`);
    }
    await vscode.workspace.applyEdit(edit);
  });
}
