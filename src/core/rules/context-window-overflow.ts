// context-window-overflow: estimated input plus output above the model's context window.
import { formatTokens } from '../report/format';
import { defineRule, siteAnchor } from './rule';

export default defineRule({
  meta: {
    id: 'context-window-overflow',
    description: "Estimated input plus output above the model's context window: the request fails (or is truncated) and is paid for when retried.",
    severity: 'error',
    fixable: null,
  },
  check(ctx) {
    const hits = [];
    for (const site of ctx.callSites) {
      const e = ctx.estimates.get(site.key);
      const window = e?.contextWindow;
      if (!e || !window) continue;
      // With a growing history, the last step carries the most.
      const lastStep = site.historyGrows && e.growthPerStep ? (site.multiplier.expected - 1) * e.growthPerStep : 0;
      const input = e.inputRange.expected + lastStep;
      const need = input + e.outputRange.high;
      if (need <= window) continue;
      hits.push({
        message: `${formatTokens(input)} input${lastStep ? ' (at the last step, the history grown)' : ''} + ${formatTokens(e.outputRange.high)} output tokens is over ${site.model.id}'s context window of ${formatTokens(window)}. Send less context (fewer retrieved chunks, a window of the history) or use a model with a larger window.`,
        span: site.model.span ?? siteAnchor(site, ctx.text),
        site,
        tokensAtStake: need - window,
      });
    }
    return hits;
  },
});
