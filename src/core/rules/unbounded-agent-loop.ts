// unbounded-agent-loop: a loop around an LLM call with no bound the analysis can see.
import { formatUsd } from '../report/format';
import { defineRule, siteAnchor } from './rule';

export default defineRule({
  meta: {
    id: 'unbounded-agent-loop',
    description: 'A loop around an LLM call with no visible bound (`while True` without a counter, recursion): the cost of one task has no ceiling.',
    severity: 'warning',
    fixable: null,
  },
  check(ctx) {
    const hits = [];
    for (const site of ctx.callSites) {
      if (!site.multiplier.unbounded) continue;
      const e = ctx.estimates.get(site.key);
      const perTask = e?.usd?.perTask.expected;
      hits.push({
        message:
          `This call runs in a loop with no bound the code shows (${site.multiplier.reason}).` +
          (perTask !== undefined ? ` Estimates assume ${site.multiplier.expected} steps (${formatUsd(perTask)} a task), but one stuck task can run until it is killed.` : '') +
          ' Add a step counter or a max_turns/max_iterations limit, or say the expected steps with a `costlens: steps=N` comment.',
        span: siteAnchor(site, ctx.text),
        site,
        usdPerCallAtStake: e?.usd?.perCall.expected,
        usdPerMonthAtStake: perTask !== undefined ? perTask * ctx.callsPerMonth(site) / Math.max(1, site.multiplier.expected) : undefined,
      });
    }
    return hits;
  },
});
