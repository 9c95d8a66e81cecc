// volatile-prefix: a value that changes on every request (a time, an id, per-user data) placed
// before the stable bulk of a prompt, so the provider's prefix cache never hits.
import { estimateCallSite } from '../estimate/estimate';
import type { CallSite, Fix, PromptPart } from '../model';
import { cacheRuleFor } from '../pricing/cacheRules';
import { formatUsd } from '../report/format';
import { countText } from '../tokens/count';
import { bareModelId } from '../tokens/registry';
import { defineRule, RuleContext, siteAnchor } from './rule';
import { isMovable, literalLines, splitSystemPrompt } from './systemBlocks';

/** The same call with the volatile parts of a message moved after its stable text. */
function reordered(site: CallSite, message: number, explicit: boolean): CallSite {
  const inMsg = site.parts.filter((p) => p.message === message);
  const stable = inMsg.filter((p) => !isMovable(p));
  const moved = inMsg.filter(isMovable);
  const before = site.parts.filter((p) => p.message < message);
  const after = site.parts.filter((p) => p.message > message);
  const parts = [...before, ...stable, ...moved, ...after];
  const cacheMarkers = explicit ? [{ afterPart: before.length + stable.length - 1, ttl: '5m' as const }] : site.cacheMarkers;
  return { ...site, parts, cacheMarkers };
}

function stableAfter(site: CallSite, first: number): PromptPart[] {
  const msg = site.parts[first].message;
  return site.parts.slice(first + 1).filter((p) => p.message === msg && !p.dynamic);
}

export default defineRule({
  meta: {
    id: 'volatile-prefix',
    description: 'A value that changes per request (time, id, user data) placed before the stable bulk of a prompt, so every request misses the prompt cache.',
    severity: 'warning',
    fixable: 'unsafe',
  },
  check(ctx: RuleContext) {
    const hits = [];
    for (const site of ctx.callSites) {
      const model = site.model.id;
      const now = ctx.estimates.get(site.key);
      if (!model || !now?.usd || !now.cache || now.cache.mode === 'none') continue;
      const first = site.parts.findIndex(isMovable);
      if (first < 0) continue;
      const bulk = stableAfter(site, first);
      const bulkTokens = countText(bulk.map((p) => p.text).join(''), model).tokens;
      const rule = cacheRuleFor(now.provider === 'unknown' ? site.provider : now.provider, bareModelId(model));
      if (bulkTokens < rule.minTokens) continue;
      const explicit = rule.mode === 'explicit';
      const better = estimateCallSite(reordered(site, site.parts[first].message, explicit), { config: ctx.config });
      if (!better.usd) continue;
      const saving = now.usd.perCall.expected - better.usd.perCall.expected;
      if (saving <= 0) continue;
      const part = site.parts[first];
      const perMonth = saving * ctx.callsPerMonth(site);
      hits.push({
        message:
          `\`${part.dynamic!.name}\` (${part.dynamic!.kind}) comes before ${bulkTokens.toLocaleString('en-US')} tokens of stable prompt text, so every request misses ${site.provider}'s prompt cache` +
          ` (cached from ${rule.minTokens.toLocaleString('en-US')} tokens${rule.increment ? ` in ${rule.increment}-token steps` : ''}). Moving it after them` +
          `${explicit ? ' and marking the stable text with cache_control' : ''} saves ${formatUsd(saving)} a call, ${formatUsd(perMonth)} a month.`,
        span: part.span ?? siteAnchor(site, ctx.text),
        site,
        tokensAtStake: bulkTokens,
        usdPerCallAtStake: saving,
        usdPerMonthAtStake: perMonth,
        data: { first, explicit },
      });
    }
    return hits;
  },
  fix(hit, ctx): Fix[] {
    const site = hit.site!;
    const part = site.parts[Number(hit.data?.first)];
    // Anthropic caches only up to a breakpoint: moving the values alone saves nothing, so the
    // system prompt is split into a cached stable block and a per-request block after it.
    const split = hit.data?.explicit && part.role === 'system' ? splitSystemPrompt(site, ctx) : undefined;
    if (split) return [split];
    const lit = part.literal;
    if (!lit || part.path) return [];
    // Only when the volatile value and the stable text are pieces of the same literal of this file.
    const same = site.parts.filter((p) => p.literal && p.literal.start === lit.start && p.literal.end === lit.end && !p.path);
    if (!same.some((p) => !p.dynamic && p.span && p.span.start > part.span!.start)) return [];
    const lines = literalLines(ctx.text, lit);
    if (!lines) return [];
    const volatileParts = same.filter(isMovable);
    const isVolatile = (s: { text: string; start: number }) => volatileParts.some((p) => p.span!.start >= s.start && p.span!.end <= s.start + s.text.length);
    const stable = lines.lines.filter((s) => !isVolatile(s));
    const moved = lines.lines.filter(isVolatile);
    if (!moved.length || !stable.some((s) => s.text.trim())) return [];
    const body = [...stable, ...moved].map((s) => s.text).join(lines.sep) + lines.sep.repeat(lines.trailing);
    const innerStart = lit.start + lines.open.length;
    return [{ title: 'Move the per-request values after the stable prompt text', safe: false, edits: [{ span: { start: innerStart, end: lit.end - lines.close.length }, newText: body }] }];
  },
});
