// The breakdown of a call site's figures on hover: over the call in code, over the front matter of
// a prompt file. Settings named in the assumptions are links that open them. A prompt file that code
// sends leads with those calls (each a link to it) and what they cost.
import * as vscode from 'vscode';
import { SETTINGS } from '../../config/schema';
import type { CallSite } from '../../core/model';
import { callSiteBreakdown } from '../../core/report/breakdown';
import { formatLocation } from '../../core/report/format';
import { senderMoneyText } from '../../core/report/promptSenders';
import type { AnalysisService, DocumentAnalysis } from '../analysisService';
import { observedHoverLines } from '../telemetry';
import type { ObservedSource } from './codeLens';
import type { PromptSenderSource, SenderAt } from './promptSenders';

/** `costlens.defaults.outputTokens / costlens.x, or set max_tokens` with each setting a link to it. */
export function linkSettings(changeWith: string): string {
  return changeWith.replace(/costlens\.[\w.-]+/g, (mention) => {
    // The longest known setting the mention starts with (`…placeholderTokens.tool-output` is in `…placeholderTokens`).
    const parts = mention.slice('costlens.'.length).split('.');
    for (let n = parts.length; n > 0; n--) {
      const key = parts.slice(0, n).join('.');
      if (Object.prototype.hasOwnProperty.call(SETTINGS, key)) {
        const args = encodeURIComponent(JSON.stringify([`costlens.${key}`]));
        return `[\`${mention}\`](command:workbench.action.openSettings?${args} "Open the setting")`;
      }
    }
    return `\`${mention}\``;
  });
}

export function breakdownMarkdown(a: DocumentAnalysis, site: CallSite, observed?: string[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(callSiteBreakdown(a.analysis, site, a.analysis.estimates.get(site.key), a.config.values, { changeLink: linkSettings, observed }));
  // Only the settings command may run from these links.
  md.isTrusted = { enabledCommands: ['workbench.action.openSettings'] };
  md.supportThemeIcons = true;
  return md;
}

/**
 * A sent prompt file's hover: each call that sends it (a link that opens it) with what it costs,
 * then why the file has no figure of its own.
 */
export function sendersMarkdown(senders: SenderAt[]): vscode.MarkdownString {
  const lines = senders.map((s) => {
    const args = encodeURIComponent(JSON.stringify([s.uri.toString(), s.documentKey]));
    const where = formatLocation(s.path.split('/').pop() ?? s.path, s.line).replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`);
    return `**Sent by [${where}](command:costlens.showCallSiteDetails?${args} "Open the call") · ${senderMoneyText(s)}**`;
  });
  lines.push(`This prompt's text is part of ${senders.length === 1 ? 'that call' : 'those calls'}: its tokens are counted there, not as a call of its own.`);
  const md = new vscode.MarkdownString(lines.join('\n\n'));
  md.isTrusted = { enabledCommands: ['costlens.showCallSiteDetails'] };
  return md;
}

/** The call site under a position: the innermost call span holding it; in a prompt file, its front matter or first line. */
export function callSiteAt(a: DocumentAnalysis, doc: vscode.TextDocument, position: vscode.Position): CallSite | undefined {
  const offset = doc.offsetAt(position);
  const sites = a.analysis.callSites;
  const code = sites.filter((s) => s.kind === 'code' && s.span.start <= offset && offset <= s.span.end).sort((x, y) => x.span.end - x.span.start - (y.span.end - y.span.start));
  if (code.length) return code[0];
  const file = sites.find((s) => s.kind === 'prompt-file');
  if (!file) return undefined;
  return position.line <= frontMatterEndLine(doc) ? file : undefined;
}

function frontMatterEndLine(doc: vscode.TextDocument): number {
  let first = 0;
  while (first < doc.lineCount && /^\s*(#.*)?$/.test(doc.lineAt(first).text)) first++; // Dotprompt allows # comments first
  if (first >= doc.lineCount || doc.lineAt(first).text.trim() !== '---') return 0;
  for (let l = first + 1; l < Math.min(doc.lineCount, first + 200); l++) if (doc.lineAt(l).text.trim() === '---') return l;
  return first;
}

export function register(selector: vscode.DocumentSelector, service: AnalysisService, observed?: ObservedSource, senders?: PromptSenderSource): vscode.Disposable {
  const observedFor = (a: DocumentAnalysis, site: CallSite): string[] | undefined => {
    const o = observed?.statsFor(a, site.key);
    if (!o) return undefined;
    const e = a.analysis.estimates.get(site.key);
    return observedHoverLines(o, e?.usd?.perCall.expected, e?.tokens.input ?? 0);
  };
  return vscode.languages.registerHoverProvider(selector, {
    async provideHover(doc, position, token) {
      const a = await service.get(doc, token);
      if (!a || token.isCancellationRequested) return undefined;
      const site = callSiteAt(a, doc, position);
      if (!site) return undefined;
      const sentBy = site.kind === 'prompt-file' ? senders?.sendersOf(a) : undefined;
      if (sentBy) return new vscode.Hover(sendersMarkdown(sentBy));
      const range = site.kind === 'code' ? new vscode.Range(doc.positionAt(site.span.start), doc.positionAt(site.span.end)) : undefined;
      return new vscode.Hover(breakdownMarkdown(a, site, observedFor?.(a, site)), range);
    },
  });
}
