// model-tier-mismatch: a premium model on a task that reads simple — classification, extraction,
// routing, yes/no, a small fixed output — where the same provider's cheaper sibling does as well.
import { estimateCallSite } from '../estimate/estimate';
import type { CallSite, Fix } from '../model';
import { formatUsd } from '../report/format';
import { bareModelId } from '../tokens/registry';
import { defineRule, siteAnchor } from './rule';
import { cheaperSibling } from './tiers';

const SIMPLE_TASK = /\b(classif(y|ies|ication)|categori[sz]e|label|route|routing|intent|sentiment|yes or no|yes\/no|'yes' or 'no'|true or false|extract(ion)?|which (queue|category)|one word)\b/i;

function whySimple(site: CallSite, maxOutput: number): string | undefined {
  const cap = site.outputCap?.tokens;
  if (cap !== undefined && cap <= maxOutput) return `its output is capped at ${cap} tokens`;
  const instructions = site.parts
    .filter((p) => !p.dynamic && (p.role === 'system' || p.role === 'user'))
    .map((p) => p.text)
    .join(' ');
  // A simple-sounding instruction counts when the answer is also small or shaped by a schema.
  const m = SIMPLE_TASK.exec(instructions);
  if (!m) return undefined;
  if (site.params.structuredOutput) return `its prompt asks to ${m[0].toLowerCase()} into a fixed schema`;
  if (cap !== undefined && cap <= maxOutput * 4) return `its prompt asks to ${m[0].toLowerCase()} with at most ${cap} output tokens`;
  return undefined;
}

export default defineRule({
  meta: {
    id: 'model-tier-mismatch',
    description: 'A premium model on a task that reads simple (classification, extraction, routing, yes/no, small fixed output); the same provider has a cheaper sibling.',
    severity: 'warning',
    fixable: 'unsafe',
    options: {
      maxOutputTokens: { default: 64, description: 'An output cap at or under this marks a task as simple.' },
    },
  },
  check(ctx) {
    const hits = [];
    for (const site of ctx.callSites) {
      const model = site.model.id;
      if (!model) continue;
      const tier = cheaperSibling(site.provider, bareModelId(model));
      if (!tier) continue;
      const why = whySimple(site, Number(ctx.options.maxOutputTokens));
      if (!why) continue;
      const now = ctx.estimates.get(site.key);
      const cheaper = estimateCallSite({ ...site, model: { ...site.model, id: tier.sibling } }, { config: ctx.config });
      if (!now?.usd || !cheaper.usd) continue;
      const saving = now.usd.perCall.expected - cheaper.usd.perCall.expected;
      if (saving <= 0) continue;
      const perMonth = saving * ctx.callsPerMonth(site);
      hits.push({
        message: `${model} on a simple task (${why}): ${tier.sibling} would cost ${formatUsd(cheaper.usd.perCall.expected)} instead of ${formatUsd(now.usd.perCall.expected)} a call, saving ${formatUsd(perMonth)} a month. Check its answers on a sample first.`,
        span: site.model.span ?? siteAnchor(site, ctx.text),
        site,
        usdPerCallAtStake: saving,
        usdPerMonthAtStake: perMonth,
        data: { from: model, to: tier.sibling },
      });
    }
    return hits;
  },
  fix(hit, ctx): Fix[] {
    const lit = hit.site?.model.literalSpan;
    const from = String(hit.data?.from);
    const to = String(hit.data?.to);
    if (!lit) return [];
    const literal = ctx.text.slice(lit.start, lit.end);
    const at = literal.lastIndexOf(from);
    if (at < 0) return [];
    return [{ title: `Use ${to}`, safe: false, edits: [{ span: { start: lit.start + at, end: lit.start + at + from.length }, newText: to }] }];
  },
});
