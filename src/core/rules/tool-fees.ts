// tool-fees: what a call bills besides its tokens — built-in tools' fees (web search, file search,
// code containers) per use, and `n` / `candidateCount` > 1, which bills the output once per answer.
// The estimate already includes both; the finding says what they add per call, task and month.
import type { Estimate } from '../model';
import { BuiltinTool, toolFeeFor } from '../pricing/toolFees';
import { formatUsd } from '../report/format';
import { bareModelId } from '../tokens/registry';
import { defineRule, RuleHit, siteAnchor } from './rule';

function feeSentence(e: Estimate): string {
  return (e.toolFees ?? []).map((f) => `${f.tool} ${formatUsd(f.usdPerUse)} per ${f.unit}`).join(', ');
}

export default defineRule({
  meta: {
    id: 'tool-fees',
    description: "Built-in tools that bill per use on top of tokens (web search, file search, code containers), and n / candidateCount > 1, which bills the output once per answer.",
    severity: 'info',
    fixable: null,
  },
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const site of ctx.callSites) {
      const e = ctx.estimates.get(site.key);
      if (!e) continue;
      const perTaskCalls = site.multiplier.expected;
      const perMonthCalls = ctx.callsPerMonth(site);
      const fees = (e.toolFees ?? []).reduce((sum, f) => sum + f.usdPerCall, 0);
      // Outside production (tests, examples) no traffic counts toward the month: say so rather than "$0 a month".
      const month = (usd: number) => (perMonthCalls > 0 ? `${formatUsd(usd * perMonthCalls)} a month at the stated traffic` : 'no monthly traffic counted for this code');
      const said: string[] = [];
      let atStake = 0;
      if (fees > 0) {
        said.push(
          `Built-in tool fees on top of tokens: ${feeSentence(e)}, about ${formatUsd(fees)} a call (one use each expected), ${formatUsd(fees * perTaskCalls)} a task, ${month(fees)} (before any free allowance)`,
        );
        atStake += fees;
      }
      // A tool the table knows bills per use (its price unconfirmed), and tools of providers it has no row for.
      const known = (e.unpricedTools ?? []).filter((t) => toolFeeFor(site.provider, t as BuiltinTool, bareModelId(e.model)));
      const unknown = (e.unpricedTools ?? []).filter((t) => !known.includes(t));
      if (known.length) said.push(`${known.join(', ')} also bill${known.length === 1 ? 's' : ''} per use, but no sourced price is known: not in the estimate`);
      if (unknown.length) said.push(`${unknown.join(', ')} may bill per use on ${site.provider}; no fee for it is known here: not in the estimate`);
      let extraOutput: number | undefined;
      if (e.choices && e.choices.count > 1) {
        const p = e.prices;
        const reasoning = e.tokens.reasoning ?? 0;
        // What the answers after the first add: output (and reasoning) billed once per answer.
        const billed = e.tokens.output + reasoning;
        extraOutput = Math.round((billed * (e.choices.count - 1)) / e.choices.count);
        const usd = p ? (extraOutput * p.output) / 1e6 : undefined;
        said.push(
          `${e.choices.param}=${e.choices.count} asks for ${e.choices.count} answers: the output is billed ${e.choices.count} times, ${extraOutput.toLocaleString('en-US')} more output tokens a call` +
            (usd !== undefined ? ` (${formatUsd(usd)} a call; ${month(usd)})` : ''),
        );
        if (usd !== undefined) atStake += usd;
      }
      if (!said.length) continue;
      hits.push({
        message: `${said.join('. ')}.`,
        span: siteAnchor(site, ctx.text),
        site,
        ...(extraOutput !== undefined ? { tokensAtStake: extraOutput } : {}),
        ...(atStake > 0 ? { usdPerCallAtStake: atStake, usdPerMonthAtStake: atStake * perMonthCalls } : {}),
      });
    }
    return hits;
  },
});
