// budget-exceeded: a call site over the per-call, per-task or per-month budget set in settings or
// `.costlens.json` (`budgets.perCall`, `budgets.perTask`, `budgets.perMonth`, USD).
import { formatUsd } from '../report/format';
import { defineRule, RuleHit, siteAnchor } from './rule';

export default defineRule({
  meta: {
    id: 'budget-exceeded',
    description: 'A call site whose expected cost per call, per task or per month is over the budget set in settings.',
    severity: 'error',
    fixable: null,
  },
  check(ctx) {
    const perCall = ctx.config['budgets.perCall'] as number | null;
    const perTask = ctx.config['budgets.perTask'] as number | null;
    const perMonth = ctx.config['budgets.perMonth'] as number | null;
    if (perCall === null && perTask === null && perMonth === null) return [];
    const hits: RuleHit[] = [];
    for (const site of ctx.callSites) {
      const usd = ctx.estimates.get(site.key)?.usd;
      if (!usd) continue;
      const month = (usd.perTask.expected * ctx.callsPerMonth(site)) / Math.max(1, site.multiplier.expected);
      const over: string[] = [];
      let atStake = 0;
      if (perCall !== null && usd.perCall.expected > perCall) over.push(`${formatUsd(usd.perCall.expected)} a call (budget ${formatUsd(perCall)})`);
      if (perTask !== null && usd.perTask.expected > perTask) over.push(`${formatUsd(usd.perTask.expected)} a task (budget ${formatUsd(perTask)})`);
      if (perMonth !== null && month > perMonth) {
        over.push(`${formatUsd(month)} a month (budget ${formatUsd(perMonth)})`);
        atStake = month - perMonth;
      }
      if (!over.length) continue;
      hits.push({
        message: `Over budget: ${over.join(', ')}. The findings of the other rules on this call say where to cut.`,
        span: siteAnchor(site, ctx.text),
        site,
        usdPerMonthAtStake: atStake || undefined,
      });
    }
    return hits;
  },
});
