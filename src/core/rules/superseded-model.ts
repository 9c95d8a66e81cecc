// superseded-model: a model id its provider has replaced with a newer sibling of the same tier that
// costs the same or less on this call, or one past its retirement date (requests fail) or marked
// deprecated. The fix rewrites the id to the sibling; the sibling must serve the call (context
// window, tools, structured output), as Compare Models checks.
import { estimateCallSite } from '../estimate/estimate';
import type { CallSite, Estimate, Fix, Span } from '../model';
import { capabilitiesOf } from '../pricing/capabilities';
import { catalogueModels, lookupPricing } from '../pricing/catalogue';
import { formatUsd } from '../report/format';
import { bareModelId } from '../tokens/registry';
import { defineRule, RuleHit, siteAnchor } from './rule';
import { isRetired, supersessionOf } from './superseded';
import { TIER_RANK, tierOf } from './tiers';

// Hosts whose ids are deployment names or carry their own version scheme: the sibling's id would not be theirs.
const OWN_IDS = new Set(['azure', 'aws', 'bedrock', 'vertex']);

function usesTools(site: CallSite): boolean {
  const t = site.params.tools;
  return t !== undefined && t !== null && t !== '' && t !== false;
}

/** Why the sibling cannot take this call, or undefined when it can. */
function cannotServe(site: CallSite, now: Estimate, sibling: Estimate, successor: string): string | undefined {
  const needs = now.tokens.input + (site.outputCap?.tokens ?? 0);
  if (sibling.contextWindow !== undefined && needs > sibling.contextWindow) return 'context window';
  const caps = capabilitiesOf(successor);
  if (usesTools(site) && caps.tools === false) return 'tools';
  if (site.params.structuredOutput && caps.structuredOutput === false) return 'structured output';
  return undefined;
}

/** The model argument when the id is written at the call; the call otherwise (a span from another file means nothing here). */
function anchor(site: CallSite, text: string): Span {
  return site.model.span && !site.model.from ? site.model.span : siteAnchor(site, text);
}

export default defineRule({
  meta: {
    id: 'superseded-model',
    description: "A model its provider has replaced with a newer sibling of the same tier that costs the same or less, or one past its retirement date or marked deprecated.",
    severity: 'warning',
    fixable: 'unsafe',
  },
  check(ctx) {
    const hits: RuleHit[] = [];
    const today = new Date().toISOString().slice(0, 10);
    for (const site of ctx.callSites) {
      const model = site.model.id;
      // An assumed model (a stated default) is not in the code: nothing there to replace.
      if (!model || site.model.assumed || site.selfHosted || OWN_IDS.has(site.provider)) continue;
      // One of several models (callers differ): the finding would be about only one of them.
      if (site.model.alternatives && site.model.alternatives.length > 1) continue;
      // `openai:gpt-4-turbo` (pydantic-ai, aisuite): the provider written before the id.
      const bare = bareModelId(model).replace(/^[a-z-]+:(?=[^:])/, '');
      const now = ctx.estimates.get(site.key);
      const row = supersessionOf(bare);
      const pricing = lookupPricing(model, site.provider, { overrides: ctx.config['pricing.overrides'] as never, customModels: ctx.config['pricing.customModels'] as never });
      if (!row) {
        // The catalogue's own deprecation mark, for models no row of the table knows: said, no fix.
        const listed = pricing ? catalogueModels(pricing.provider).find((m) => m.id === pricing.model) : undefined;
        if (listed?.deprecated) {
          hits.push({ message: `${model} is marked deprecated in the price catalogue (@pydantic/genai-prices): move to a current model of ${pricing!.provider} before it is retired.`, span: anchor(site, ctx.text), site });
        }
        continue;
      }
      if (pricing && pricing.provider !== row.provider) continue;
      const retired = isRetired(row, today);
      const from = tierOf(bare);
      const to = tierOf(row.successor);
      if (from && to && TIER_RANK[to] < TIER_RANK[from]) continue;
      const prefix = model.includes('/') ? model.slice(0, model.lastIndexOf('/') + 1) : '';
      const sibling = estimateCallSite({ ...site, model: { ...site.model, id: prefix + row.successor, alternatives: undefined } }, { config: ctx.config });
      if (!now) continue;
      const why = cannotServe(site, now, sibling, row.successor);
      if (why) continue;
      const nowUsd = now.usd?.perCall.expected;
      const thenUsd = sibling.usd?.perCall.expected;
      const difference = nowUsd !== undefined && thenUsd !== undefined ? nowUsd - thenUsd : undefined;
      // Superseded but still served: only a sibling at the same price or less is worth a finding.
      if (!retired && !row.deprecated && (difference === undefined || difference < 0)) continue;
      const perMonth = difference !== undefined ? difference * ctx.callsPerMonth(site) : undefined;
      const status = retired ? `was retired on ${row.retiredOn}: requests to it fail` : row.deprecated ? 'is deprecated by its provider' : `is superseded by ${row.successor}, the newer model of the same tier`;
      const price =
        difference === undefined
          ? ''
          : formatUsd(thenUsd!) === formatUsd(nowUsd!)
            ? ` ${row.successor} costs the same on this call (${formatUsd(nowUsd!)}).`
            : difference >= 0
            ? ` ${row.successor} would cost ${formatUsd(thenUsd!)} instead of ${formatUsd(nowUsd!)} a call${perMonth && perMonth > 0 ? `, saving ${formatUsd(perMonth)} a month` : ''}.`
            : ` ${row.successor} costs more on this call: ${formatUsd(thenUsd!)} instead of ${formatUsd(nowUsd!)}${perMonth ? `, ${formatUsd(-perMonth)} a month more` : ''}.`;
      hits.push({
        message: `${model} ${status} (${row.source}).${retired || row.deprecated ? ` Move to ${row.successor}, the same tier.` : ''}${price} Check its answers on a sample first.`,
        span: anchor(site, ctx.text),
        site,
        ...(difference !== undefined && difference > 0 ? { usdPerCallAtStake: difference, usdPerMonthAtStake: perMonth } : {}),
        data: { from: bare, to: row.successor },
      });
    }
    return hits;
  },
  fix(hit, ctx): Fix[] {
    const lit = hit.site?.model.literalSpan;
    const from = String(hit.data?.from ?? '');
    const to = String(hit.data?.to ?? '');
    if (!lit || !from || !to) return [];
    const literal = ctx.text.slice(lit.start, lit.end);
    const at = literal.toLowerCase().lastIndexOf(from);
    if (at < 0) return [];
    return [{ title: `Use ${to}`, safe: false, edits: [{ span: { start: lit.start + at, end: lit.start + at + from.length }, newText: to }] }];
  },
});
