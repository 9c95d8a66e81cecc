// history-growth: the conversation history is resent and grown at each step of a loop, so a
// task's input grows quadratically with its steps.
import { formatTokens, formatUsd } from '../report/format';
import { defineRule, siteAnchor } from './rule';

export default defineRule({
  meta: {
    id: 'history-growth',
    description: 'History resent and grown each step of an agent loop: input, and cost, grow quadratically with the steps.',
    severity: 'info',
    fixable: null,
  },
  check(ctx) {
    const hits = [];
    for (const site of ctx.callSites) {
      const e = ctx.estimates.get(site.key);
      if (!site.historyGrows || !e?.usd || !e.growthPerStep || !e.prices) continue;
      const n = site.multiplier.expected;
      const extraTokens = (e.growthPerStep * n * (n - 1)) / 2;
      const extraUsd = e.usd.perTask.expected - e.usd.perCall.expected * n;
      if (extraUsd <= 0) continue;
      const share = extraUsd / e.usd.perTask.expected;
      hits.push({
        message:
          `The history grows by ~${formatTokens(e.growthPerStep)} tokens a step and is resent each time: over ${n} steps that is ${formatTokens(extraTokens)} extra input tokens, ` +
          `${formatUsd(extraUsd)} of the task's ${formatUsd(e.usd.perTask.expected)} (${Math.round(share * 100)}%), ${formatUsd(extraUsd * ctx.callsPerMonth(site) / n)} a month. ` +
          'Keep a window of recent turns, summarise older ones, or cache the stable prefix.',
        span: siteAnchor(site, ctx.text),
        site,
        tokensAtStake: extraTokens,
        usdPerCallAtStake: extraUsd / n,
        usdPerMonthAtStake: (extraUsd * ctx.callsPerMonth(site)) / n,
      });
    }
    return hits;
  },
});
