// rag-chunk-bloat: retrieval settings that put more context into each call than a budget.
import type { CallSite, Fix } from '../model';
import { formatTokens, formatUsd } from '../report/format';
import { defineRule, RuleHit } from './rule';

export default defineRule({
  meta: {
    id: 'rag-chunk-bloat',
    description: 'Retrieval settings (k, top_k, similarity_top_k, n_results, search_kwargs) that put more retrieved context into each call than a budget.',
    severity: 'warning',
    fixable: 'unsafe',
    options: {
      maxContextTokens: { default: 4000, description: 'Retrieved-context tokens per call above which the rule fires.' },
      chunkTokens: { default: 1000, description: "Tokens per chunk when the file's text splitter does not say (LlamaIndex's default chunk is 1,024 tokens)." },
    },
  },
  check(ctx) {
    const hits: RuleHit[] = [];
    const max = Number(ctx.options.maxContextTokens);
    const splitter = ctx.chunks[0];
    const chunk = splitter ? (splitter.unit === 'chars' ? Math.ceil(splitter.size / 4) : splitter.size) : Number(ctx.options.chunkTokens);
    const chunkBasis = splitter ? `the splitter's chunk_size of ${splitter.size} ${splitter.unit}` : `${chunk} tokens a chunk (assumed; option chunkTokens)`;
    // The calls the chunks feed: in the same function, else anywhere in the file. Found once per
    // function name, not per retrieval (a file of many of each made the search quadratic).
    const byFunction = new Map<string | undefined, CallSite[]>();
    for (const s of ctx.callSites) {
      const list = byFunction.get(s.name);
      if (list) list.push(s);
      else byFunction.set(s.name, [s]);
    }
    const priced = (sites: readonly CallSite[]) => sites.find((s) => ctx.estimates.get(s.key)?.prices);
    const firstPriced = new Map<string | undefined, CallSite | undefined>();
    let anywhere: { site?: CallSite } | undefined;
    const siteFor = (name: string | undefined): CallSite | undefined => {
      const same = byFunction.get(name);
      if (!same) return (anywhere ??= { site: priced(ctx.callSites) }).site;
      if (!firstPriced.has(name)) firstPriced.set(name, priced(same));
      return firstPriced.get(name);
    };
    for (const r of ctx.retrieval) {
      const tokens = r.k * chunk;
      if (tokens <= max) continue;
      const newK = Math.max(1, Math.floor(max / chunk));
      const site = siteFor(r.functionName);
      const price = site ? ctx.estimates.get(site.key)!.prices!.input : undefined;
      const saved = (r.k - newK) * chunk;
      const perCall = price !== undefined ? (saved * price) / 1e6 : undefined;
      const perMonth = perCall !== undefined && site ? perCall * ctx.callsPerMonth(site) : undefined;
      hits.push({
        message:
          `${r.param}=${r.k} sends about ${formatTokens(tokens)} tokens of retrieved context per call (${chunkBasis}), over the ${formatTokens(max)} budget.` +
          (perCall !== undefined ? ` ${r.param}=${newK} would save ${formatUsd(perCall)} a call, ${formatUsd(perMonth ?? 0)} a month.` : ` ${r.param}=${newK} fits the budget.`) +
          ' To keep recall, retrieve more and rerank, sending only the top few.',
        span: r.span,
        site,
        tokensAtStake: saved,
        usdPerCallAtStake: perCall,
        usdPerMonthAtStake: perMonth,
        data: { k: newK },
      });
    }
    return hits;
  },
  fix(hit, ctx): Fix[] {
    const k = Number(hit.data?.k);
    if (!/^\d+$/.test(ctx.text.slice(hit.span.start, hit.span.end))) return [];
    return [{ title: `Retrieve ${k} chunks`, safe: false, edits: [{ span: hit.span, newText: String(k) }] }];
  },
});
