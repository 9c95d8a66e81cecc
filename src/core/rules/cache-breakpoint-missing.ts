// cache-breakpoint-missing: a provider that caches only up to explicit breakpoints (Anthropic
// `cache_control`) and a stable prefix long enough to cache, with no breakpoint — or breakpoints
// that can never hit.
import { estimateCallSite } from '../estimate/estimate';
import type { CallSite, Fix } from '../model';
import { cacheRuleFor } from '../pricing/cacheRules';
import { formatUsd } from '../report/format';
import { countMessages } from '../tokens/count';
import { bareModelId } from '../tokens/registry';
import { defineRule, RuleContext, RuleHit, siteAnchor } from './rule';
import { splitSystemPrompt } from './systemBlocks';

function prefixTokens(site: CallSite, end: number, model: string): number {
  const byMsg = new Map<number, { role: string; content: string }>();
  for (const p of site.parts.slice(0, end)) {
    const m = byMsg.get(p.message) ?? { role: p.role, content: '' };
    if (!p.dynamic) m.content += p.text;
    byMsg.set(p.message, m);
  }
  return byMsg.size ? countMessages([...byMsg.values()], model).tokens - 3 : 0;
}

export default defineRule({
  meta: {
    id: 'cache-breakpoint-missing',
    description: 'Explicit prompt caching (Anthropic cache_control) with a stable prefix above the minimum and no breakpoint, or breakpoints that can never hit.',
    severity: 'warning',
    fixable: 'safe',
  },
  check(ctx: RuleContext) {
    const hits: RuleHit[] = [];
    for (const site of ctx.callSites) {
      const model = site.model.id;
      const now = ctx.estimates.get(site.key);
      if (!model || !now?.usd) continue;
      const rule = cacheRuleFor(now.provider === 'unknown' ? site.provider : now.provider, bareModelId(model));
      if (rule.mode !== 'explicit') continue;
      const firstVolatile = site.parts.findIndex((p) => p.dynamic?.volatile);
      const stableEnd = firstVolatile < 0 ? site.parts.length : firstVolatile;
      if (site.cacheMarkers.length === 0) {
        const tokens = prefixTokens(site, stableEnd, model);
        if (stableEnd === 0 || tokens < rule.minTokens) continue;
        const better = estimateCallSite({ ...site, cacheMarkers: [{ afterPart: stableEnd - 1, ttl: '5m' }] }, { config: ctx.config });
        const saving = better.usd ? now.usd.perCall.expected - better.usd.perCall.expected : 0;
        if (saving <= 0) continue;
        const perMonth = saving * ctx.callsPerMonth(site);
        hits.push({
          message: `${tokens.toLocaleString('en-US')} tokens of stable prompt are resent at the full input price on every call: ${site.provider} caches only up to a cache_control breakpoint. Marking the end of the stable text saves ${formatUsd(saving)} a call, ${formatUsd(perMonth)} a month (at a ${Math.round((now.cache?.hitRate ?? 0) * 100)}% hit rate).`,
          span: site.systemArg ?? siteAnchor(site, ctx.text),
          site,
          tokensAtStake: tokens,
          usdPerCallAtStake: saving,
          usdPerMonthAtStake: perMonth,
        });
        continue;
      }
      // Breakpoints that can never hit.
      site.cacheMarkers.forEach((marker, i) => {
        const span = marker.span ?? siteAnchor(site, ctx.text);
        if (rule.maxBreakpoints !== undefined && i >= rule.maxBreakpoints) {
          hits.push({ message: `More than ${rule.maxBreakpoints} cache breakpoints: ${site.provider} rejects the request.`, span, site });
          return;
        }
        if (firstVolatile >= 0 && marker.afterPart >= firstVolatile) {
          const p = site.parts[firstVolatile];
          hits.push({ message: `This breakpoint comes after \`${p.dynamic!.name}\` (${p.dynamic!.kind}), which changes on every request: the cached prefix never matches. Put the breakpoint before it, or move it after the stable text.`, span, site });
          return;
        }
        const tokens = prefixTokens(site, marker.afterPart + 1, model);
        if (tokens < rule.minTokens) {
          hits.push({ message: `The prefix before this breakpoint is about ${tokens.toLocaleString('en-US')} tokens, under ${site.provider}'s minimum of ${rule.minTokens.toLocaleString('en-US')} for ${model}: nothing is cached (and no error says so).`, span, site });
        }
      });
    }
    return hits;
  },
  fix(hit, ctx): Fix[] {
    const site = hit.site;
    // Only the missing-breakpoint case on a system prompt written as one expression. With
    // per-request values in it (a breakpoint after them would never hit), the stable lines go in a
    // cached block of their own and the per-request lines in a block after it.
    if (!site?.systemArg || site.cacheMarkers.length) return [];
    if (site.parts.some((p) => p.role === 'system' && p.dynamic?.volatile)) {
      const split = splitSystemPrompt(site, ctx);
      return split ? [split] : [];
    }
    const source = ctx.text.slice(site.systemArg.start, site.systemArg.end);
    if (source.trimStart().startsWith('[')) return [];
    const py = /\.py$/i.test(ctx.path);
    const block = py ? `[{"type": "text", "text": ${source}, "cache_control": {"type": "ephemeral"}}]` : `[{ type: 'text', text: ${source}, cache_control: { type: 'ephemeral' } }]`;
    // A JavaScript shorthand property (`{ system }`) needs its key written out.
    const shorthand = !py && !/:\s*$/.test(ctx.text.slice(Math.max(0, site.systemArg.start - 40), site.systemArg.start));
    if (shorthand) return [{ title: 'Cache the system prompt (cache_control breakpoint)', safe: true, edits: [{ span: site.systemArg, newText: `system: ${block}` }] }];
    return [{ title: 'Cache the system prompt (cache_control breakpoint)', safe: true, edits: [{ span: site.systemArg, newText: block }] }];
  },
});
