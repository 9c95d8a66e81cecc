// How a call site's figures are made, as Markdown: static vs dynamic tokens, the cacheable prefix
// and the cache assumptions, prices per million tokens, the calls per task and why, and every
// assumption with what changes it. The editor's hover and its details command show this.
import type { ConfigValues } from '../../config/load';
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { CallSite, Estimate, LowExpectedHigh } from '../model';
import { formatCount, formatTokens, formatUsd } from './format';
import { runsPerDay, siteMonthly, taskCost, taskOf } from './summary';
import { runsText } from './report';

export interface BreakdownOptions {
  /** Markdown for a setting or comment that changes an assumption (the editor makes it a link). */
  changeLink?: (changeWith: string) => string;
  /** Observed figures from telemetry, when there are any (Markdown lines). */
  observed?: string[];
}

const esc = (s: string) => s.replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`);
/**
 * A code span showing `s` as written: Markdown does not unescape inside one (`max\_tokens` would
 * show its backslash), so only backticks need care — a longer fence around text that holds them.
 */
const code = (s: string) => {
  const runs = s.match(/`+/g) ?? [];
  const fence = '`'.repeat(runs.reduce((m, r) => Math.max(m, r.length), 0) + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
};
/** Free text that may quote code in backticks (`max_tokens`): the quotes stay code, the rest is escaped. */
const prose = (s: string) => s.split(/(`[^`\n]+`)/).map((piece, i) => (i % 2 ? code(piece.slice(1, -1)) : esc(piece))).join('');
const range = (r: LowExpectedHigh, f: (n: number) => string) => (r.low === r.high ? f(r.expected) : `${f(r.expected)} (${f(r.low)}–${f(r.high)})`);
const perMtok = (n: number) => `$${n < 1 ? n.toPrecision(2) : n.toFixed(2)}`;

export function callSiteBreakdown(analysis: FileAnalysis, site: CallSite, estimate: Estimate | undefined, config: ConfigValues, options: BreakdownOptions = {}): string {
  const link = options.changeLink ?? ((c: string) => `\`${c}\``);
  const lines: string[] = [];
  const model = site.model.id ?? `model unknown — ${site.model.unresolvedReason ?? 'not found'}`;
  lines.push(`**CostLens** · ${esc(model)} · ${esc(site.provider)} ${code(site.api)}${site.name ? ` · in ${code(site.name)}` : ''}`);
  // Where the model comes from when it is not written at the call.
  const alts = site.model.alternatives;
  if (alts && alts.length > 1) lines.push(`One of ${alts.length} models: ${alts.map((a) => `${esc(a.id)} (${code(a.from)})`).join(', ')}`);
  else if (site.model.from) lines.push(`${site.model.assumed ? 'Model assumed' : 'Model set'}: ${code(site.model.from)}`);
  // Without a price, the first line says why there is none.
  const noPrice = () =>
    site.testDouble ? `**A test double: not billed** (${prose(site.testDouble)})`
    : site.model.id ? `**No price known for ${code(site.model.id)}** — add it with ${link('costlens.pricing.customModels')}.`
    : `**No price: the model is unknown** — ${prose(site.model.unresolvedReason ?? 'not found')}`;
  if (!estimate) return [noPrice(), ...lines].join('\n\n');
  if (estimate.usd) {
    const u = estimate.usd;
    const m = site.multiplier;
    const monthly = siteMonthly(analysis, site, estimate, config);
    const task = taskOf(analysis, site.key);
    const money: string[] = [];
    money.push(`${formatUsd(u.perCall.expected)} per call (${formatUsd(u.perCall.low)}–${formatUsd(u.perCall.high)}); ${formatUsd(u.perCallNoCache.expected)} with no cache hits`);
    // What a run is expected to make, and why; then the bound (the worst case), and why.
    const bound = m.expected === m.max ? prose(m.reason) : `${prose(m.expectedReason ?? 'expected')}; up to ${m.unbounded ? 'unbounded' : formatCount(m.max)}: ${prose(m.reason)}`;
    money.push(`× ${m.expected === m.min && m.expected === m.max ? formatCount(m.expected) : `${formatCount(m.expected)} (${formatCount(m.min)}–${m.unbounded ? 'unbounded' : formatCount(m.max)})`} call${m.expected === 1 ? '' : 's'} per task: ${bound}${site.historyGrows ? ` — the history grows each step (+${formatTokens(estimate.growthPerStep ?? 0)} tokens), so the task costs the sum over its steps` : ''}`);
    const notCounted = task?.tasksPerDay === 0 && task.scope && task.scope !== 'production';
    const through = task?.reachedFrom?.length ? ` through ${task.reachedFrom.map((r) => `${code(r.name)} (${prose(r.label)}${prose(runsText(r.times))})`).join(', ')}` : '';
    money.push(`= ${formatUsd(u.perTask.expected)} per task${notCounted && !through ? ` · not counted in a month: ${prose(task.traffic ?? `${task.scope} code`)}` : monthly ? ` · ${formatUsd(monthly.expected)} per month at ${formatCount(runsPerDay(task, config))} runs/day${through}` : ''}`);
    if (task && task.callSiteKeys.length > 1) {
      const tc = taskCost(analysis, task, config);
      if (tc.perTask) money.push(`The task ${code(task.name)} (${task.callSiteKeys.length} calls): ${formatUsd(tc.perTask.expected)} per task, ${formatUsd(tc.perMonth!.expected)} per month`);
    }
    lines.push(money.join('  \n'));
    // The figure the user came for comes first: a call, a task, a month.
    const month = notCounted && !through ? `not counted in a month (${prose(task.traffic ?? `${task.scope} code`)})` : monthly ? `${formatUsd(monthly.expected)} a month` : undefined;
    lines.unshift(`**${formatUsd(u.perCall.expected)} a call · ${formatUsd(u.perTask.expected)} a task${month ? ` · ${month}` : ''}**`);
  } else lines.unshift(noPrice());
  if (options.observed?.length) lines.push(options.observed.join('  \n'));
  const t = estimate.tokens;
  lines.push(`${estimate.exact ? 'Exact token counts' : '≈ Estimated token counts'} (${esc(estimate.tokenizer)})`);
  const rows: string[] = ['| | tokens |', '| --- | ---: |'];
  rows.push(`| static input (text in the code or file, chat framing) | ${formatTokens(t.staticInput)} |`);
  const dyn = site.parts.filter((p) => p.dynamic);
  rows.push(`| dynamic input (${dyn.length} placeholder${dyn.length === 1 ? '' : 's'}) | ${range({ low: estimate.inputRange.low - t.staticInput, expected: t.dynamicInput, high: estimate.inputRange.high - t.staticInput }, formatTokens)} |`);
  rows.push(`| input per call | ${range(estimate.inputRange, formatTokens)} |`);
  if (estimate.cache && estimate.cache.mode !== 'none') rows.push(`| cacheable prefix (${estimate.cache.mode}, minimum ${formatTokens(estimate.cache.minTokens)}) | ${formatTokens(t.cacheablePrefix)} |`);
  if (t.cachedInput) rows.push(`| read from the cache (${Math.round((estimate.cache?.hitRate ?? 0) * 100)}% hit rate assumed) | ${formatTokens(t.cachedInput)} |`);
  if (t.cacheWrite) rows.push(`| written to the cache | ${formatTokens(t.cacheWrite)} |`);
  rows.push(`| output${site.outputCap ? ` (cap ${formatTokens(site.outputCap.tokens)} by ${code(site.outputCap.param)})` : ' (no cap)'} | ${range(estimate.outputRange, formatTokens)} |`);
  if (estimate.reasoningRange) rows.push(`| reasoning (hidden output, billed as output) | ${range(estimate.reasoningRange, formatTokens)} |`);
  lines.push(rows.join('\n'));
  if (dyn.length) {
    lines.push(
      dyn
        .slice(0, 8)
        .map((p) => `- ${code(p.dynamic!.name)}: ${p.dynamic!.kind}${p.dynamic!.volatile ? ', changes every request (ends the cacheable prefix)' : ''}${p.dynamic!.size ? ` — ${formatTokens(p.dynamic!.size.expected)} tokens (${prose(p.dynamic!.size.basis)})` : ''}`)
        .join('\n') + (dyn.length > 8 ? `\n- … ${dyn.length - 8} more` : ''),
    );
  }
  if (estimate.prices) {
    const p = estimate.prices;
    lines.push(`Prices per million tokens${estimate.pricedModel && estimate.pricedModel !== site.model.id ? ` (as ${code(estimate.pricedModel)})` : ''}: input ${perMtok(p.input)} · cached input ${perMtok(p.cachedInput)}${p.cacheWrite5m !== p.input ? ` · cache write ${perMtok(p.cacheWrite5m)} (5 min) / ${perMtok(p.cacheWrite1h)} (1 h)` : ''} · output ${perMtok(p.output)}${estimate.priceSource ? ` — source: ${prose(estimate.priceSource)}` : ''}`);
  }
  if (estimate.assumptions.length) {
    lines.push('Assumptions:\n' + estimate.assumptions.map((a) => `- ${prose(a.text)}${a.changeWith ? ` — change: ${link(a.changeWith)}` : ''}`).join('\n'));
  }
  return lines.join('\n\n');
}
