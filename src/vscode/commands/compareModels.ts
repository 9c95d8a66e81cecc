// "Compare Models for This Call": the call under the cursor priced on every model that can serve it
// (the same provider's current models of the same kind, with a context window that holds it, and
// tools or a response schema when it uses them), with each model's own cache rules and the
// difference from the current model; grouped by tier, a step down warned of. Choosing one rewrites
// the model id where it is written.
import * as vscode from 'vscode';
import { cacheNote, compareCall, ModelOption, sharedNotes, Difference } from '../../core/estimate/compare';
import type { CallSite } from '../../core/model';
import { formatTokens, formatUsd } from '../../core/report/format';
import { siteTasksPerMonth } from '../../core/report/summary';
import { TIER_RANK, TierName } from '../../core/rules/tiers';
import type { AnalysisService, DocumentAnalysis } from '../analysisService';
import { callSiteAt } from '../features/hover';

interface Item extends vscode.QuickPickItem {
  option?: ModelOption;
}

/** The call site under the cursor, else the nearest one starting above it. */
export function callSiteNear(a: DocumentAnalysis, doc: vscode.TextDocument, position: vscode.Position): CallSite | undefined {
  const at = callSiteAt(a, doc, position);
  if (at) return at;
  const offset = doc.offsetAt(position);
  return [...a.analysis.callSites].filter((s) => s.span.start <= offset).sort((x, y) => y.span.start - x.span.start)[0] ?? a.analysis.callSites[0];
}

function signed(d: Difference, unit: string): string {
  const usd = d.usd === 0 ? '±$0' : `${d.usd < 0 ? '−' : '+'}${formatUsd(Math.abs(d.usd))}`;
  return `${usd}/${unit}`;
}

function percent(d: Difference): string {
  if (d.percent === undefined) return '';
  const p = Math.round(d.percent);
  return ` (${p === 0 ? '±0' : p < 0 ? `−${-p}` : `+${p}`}%)`;
}

/**
 * The difference from the current model (the placeholder names it; its row is checked), per month
 * first (what the bill shows), in $ and %: `vs now: −$261/month · −$0.0043/call (−40%)`. It has to
 * fit a quick-pick line with a warning after it, so a per-task figure equal to the per-call one is
 * left out and a percent the figures share is said once.
 */
function differenceText(o: ModelOption): string {
  const d = o.difference;
  if (!d) return '';
  const figures: [Difference, string][] = [...(d.perMonth ? [[d.perMonth, 'month'] as [Difference, string]] : []), [d.perCall, 'call']];
  if (formatUsd(d.perTask.usd) !== formatUsd(d.perCall.usd)) figures.push([d.perTask, 'task']);
  const percents = new Set(figures.map(([x]) => percent(x)));
  const text = percents.size === 1 ? figures.map(([x, unit]) => signed(x, unit)).join(' · ') + [...percents][0] : figures.map(([x, unit]) => signed(x, unit) + percent(x)).join(' · ');
  return `vs now: ${text}`;
}

function groupLabel(tier: TierName | undefined, currentTier: TierName | undefined, rank: (t: TierName) => number): string {
  if (!tier) return 'Tier not known';
  if (!currentTier) return `${tier} tier`;
  if (tier === currentTier) return `Same tier (${tier})`;
  // Short: the label shares its line with the first row's figures (each row of the group says the warning).
  return rank(tier) < rank(currentTier) ? `Smaller tier (${tier})` : `Larger tier (${tier})`;
}

/** The quick-pick rows: separators per tier group, a row per model; notes every row would repeat said once (in `shared`). */
export function items(a: DocumentAnalysis, site: CallSite): { items: Item[]; shared: string[]; leftOut: { model: string; why: string }[] } {
  const { options, leftOut } = compareCall(site, a.config.values, { tasksPerMonth: siteTasksPerMonth(a.analysis, site, a.config.values) });
  const current = options.find((o) => o.current);
  const notes = options.map((o) => {
    const e = o.estimate;
    return [
      `${e.exact ? '' : '≈ '}${formatTokens(e.tokens.input)} in · ${formatTokens(e.tokens.output)} out`,
      cacheNote(o),
      ...(e.contextWindow && e.inputRange.high + e.outputRange.high > e.contextWindow ? [`may overflow its ${formatTokens(e.contextWindow)} context`] : []),
      ...o.problems,
      ...(o.unverified.length ? [`${o.unverified.join(', ')} unverified`] : []),
    ];
  });
  const { shared, rows } = sharedNotes(notes);
  const out: Item[] = [];
  let group: string | undefined;
  options.forEach((option, i) => {
    const label = groupLabel(option.tier, current?.tier, (t) => TIER_RANK[t]);
    if (label !== group) {
      out.push({ label, kind: vscode.QuickPickItemKind.Separator });
      group = label;
    }
    const figures = option.perCall !== undefined ? `${formatUsd(option.perCall)}/call · ${formatUsd(option.perTask!)}/task${option.perMonth !== undefined ? ` · ${formatUsd(option.perMonth)}/month` : ''}` : 'no price';
    // A step down is marked beside the model's name, where the line is never cut (the detail is,
    // sooner on a row that starts a group); the whole warning comes when the model is switched to.
    const warnings = option.stepDown ? ['check answers on a sample first'] : [];
    out.push({
      option,
      label: `${option.current ? '$(check) ' : option.stepDown ? '$(warning) ' : ''}${option.model}`,
      description: figures,
      detail: [differenceText(option), ...warnings, ...rows[i]].filter(Boolean).join(' · ') || undefined,
    });
  });
  return { items: out, shared, leftOut };
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

/** What the command shows, for tests and scripts: the rows as the quick pick lists them. */
export interface ComparisonShown {
  title: string;
  placeholder: string;
  items: { label: string; separator?: boolean; description?: string; detail?: string }[];
  leftOut: { model: string; why: string }[];
}

export function register(service: AnalysisService): vscode.Disposable {
  // `model` chooses without asking (for keybindings, scripts and tests); `'?'` returns what would be shown.
  return vscode.commands.registerCommand('costlens.compareModels', async (uri?: vscode.Uri, key?: string, model?: string): Promise<ComparisonShown | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!doc) return void vscode.window.showInformationMessage('CostLens: open a file with an LLM call first.');
    const a = await service.get(doc);
    const site = key ? a?.analysis.callSites.find((s) => s.key === key) : a && editor ? callSiteNear(a, doc, editor.selection.active) : a?.analysis.callSites[0];
    if (!a || !site) return void vscode.window.showInformationMessage('CostLens: no LLM call or prompt file here to compare.');
    if (!site.model.id) return void vscode.window.showInformationMessage(`CostLens: the model of this call is unknown (${site.model.unresolvedReason ?? 'not found'}), so there is nothing to compare it with.`);
    const { items: choices, shared, leftOut } = items(a, site);
    // The placeholder is one line of the input box: what every row shares, said once, must fit it.
    const title = `CostLens: ${site.name ?? site.key} on other models — choose one to switch the call to it`;
    const left = leftOut.length ? ` · ${leftOut.length} model(s) left out that cannot serve this call` : '';
    const placeholder = `Now ${site.model.id}${shared.length ? ` · all: ${shared.join(' · ')}` : ''}${left}`;
    if (model === '?') {
      return {
        title,
        placeholder,
        items: choices.map((c) => ({ label: c.label, ...(c.kind === vscode.QuickPickItemKind.Separator ? { separator: true } : { description: c.description, detail: c.detail }) })),
        leftOut,
      };
    }
    const pick =
      model !== undefined
        ? choices.find((c) => c.option?.model === model)
        : await vscode.window.showQuickPick(choices, { title, placeHolder: placeholder, matchOnDescription: true, matchOnDetail: true });
    if (model !== undefined && !pick) {
      const why = leftOut.find((l) => l.model === model)?.why;
      return void vscode.window.showWarningMessage(`CostLens: ${model} is not a model this call can be switched to${why ? `: ${why}` : ''}.`);
    }
    if (!pick?.option || pick.option.current) return;
    // The document may have changed while the list was open.
    const fresh = await service.get(doc);
    const now = fresh?.analysis.callSites.find((s) => s.key === site.key);
    const edit = now && modelEdit(doc, now, pick.option.model);
    if (!edit) {
      return void vscode.window.showInformationMessage(`CostLens: the model id "${site.model.id}" is not written as a literal at this call (it comes from a constant, a setting or another file); change it there to ${pick.option.model}.`);
    }
    await vscode.workspace.applyEdit(edit);
    if (pick.option.stepDown) void vscode.window.showWarningMessage(`CostLens: switched to ${pick.option.model}, ${pick.option.stepDown}.`);
  });
}
