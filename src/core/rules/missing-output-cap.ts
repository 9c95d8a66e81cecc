// missing-output-cap: a call with no output cap — its output, and what it costs, is unbounded.
import type { Fix } from '../model';
import { formatUsd } from '../report/format';
import { argumentEdits, defineRule, siteAnchor } from './rule';
import { own } from '../util/own';

/** The output-cap parameter of each API whose call takes it directly. */
const CAP_PARAM: Record<string, { py?: string; js?: string }> = {
  'chat.completions': { py: 'max_completion_tokens', js: 'max_completion_tokens' },
  responses: { py: 'max_output_tokens', js: 'max_output_tokens' },
  completion: { py: 'max_tokens' },
  acompletion: { py: 'max_tokens' },
  'router.completion': { py: 'max_tokens' },
  'router.acompletion': { py: 'max_tokens' },
  generateText: { js: 'maxOutputTokens' },
  streamText: { js: 'maxOutputTokens' },
  generateObject: { js: 'maxOutputTokens' },
  streamObject: { js: 'maxOutputTokens' },
};

export default defineRule({
  meta: {
    id: 'missing-output-cap',
    description: 'An LLM call without max_tokens / max_output_tokens / maxOutputTokens: its output and its cost are unbounded.',
    severity: 'warning',
    fixable: 'unsafe',
    options: {
      cap: { default: 1024, description: 'The output cap the fix adds.' },
    },
  },
  check(ctx) {
    const hits = [];
    for (const site of ctx.callSites) {
      if (site.outputCap) continue;
      // Embeddings, images and audio have no text output to cap (an embedding returns one vector).
      if (site.operation === 'embedding' || site.operation === 'image' || site.operation === 'audio') continue;
      // Prompt files: Prompty and Dotprompt carry a cap in their front matter; other formats have none to set.
      if (site.kind === 'prompt-file' && site.api !== 'prompty' && site.api !== 'dotprompt') continue;
      // Anthropic requires max_tokens, so a call without it fails rather than costing more.
      if (site.api === 'messages') continue;
      const e = ctx.estimates.get(site.key);
      const p = e?.prices;
      const worst = e ? e.outputRange.high - e.outputRange.expected : 0;
      const perCall = p ? (worst * p.output) / 1e6 : undefined;
      const uncapped = ctx.config['defaults.uncappedOutputTokens'] as number;
      hits.push({
        message:
          `No output cap: this call may return up to the model's limit (assumed ${uncapped.toLocaleString('en-US')} tokens)` +
          (perCall !== undefined ? `, ${formatUsd(perCall)} a call and ${formatUsd(perCall * ctx.callsPerMonth(site))} a month more than expected at worst.` : '.') +
          ' Set a cap that fits the answer you need.',
        span: siteAnchor(site, ctx.text),
        site,
        tokensAtStake: worst,
        usdPerCallAtStake: perCall,
        usdPerMonthAtStake: perCall !== undefined ? perCall * ctx.callsPerMonth(site) : undefined,
      });
    }
    return hits;
  },
  fix(hit, ctx): Fix[] {
    const site = hit.site;
    const cap = Number(ctx.options.cap);
    const fm = site?.frontMatterInsertion;
    if (site && fm) return [{ title: `${fm.end !== undefined ? 'Set' : 'Add'} ${fm.key}: ${cap}`, safe: false, edits: [{ span: { start: fm.offset, end: fm.end ?? fm.offset }, newText: `${fm.indent}${fm.key}: ${cap}\n` }] }];
    const ins = site?.argsInsertion;
    if (!site || !ins) return [];
    const param = own(CAP_PARAM, site.api)?.[ins.style];
    if (!param) return [];
    const arg = ins.style === 'py' ? `${param}=${cap}` : `${param}: ${cap}`;
    return [{ title: `Add ${param}=${cap}`, safe: false, edits: argumentEdits(ins, arg) }];
  },
});
