// repeatable-response: a call on a request path whose prompt is the same on every request (all
// static, or its per-request parts drawn from a small closed set): the same question is answered
// again and again, and a response cache keyed on the prompt would serve most of them for free.
import type { CallSite, Task } from '../model';
import { formatUsd } from '../report/format';
import { defineRule, RuleHit, siteAnchor } from './rule';

const REQUEST_ENTRIES = new Set(['route', 'handler']);

/** Words in a prompt that ask for a different answer each time (creative writing among them): a cache would defeat them. */
const VARIETY = /\b(random(ly)?|surprise|different|vary|varied|variety|unique|fresh|new (idea|joke|quote|fact|story|name)s?|brainstorm|creative(ly)?|invent|imagine|make up|come up with|story|poem|joke|haiku|limerick)\b/i;

/** The route or handler the call answers (its own function, or one that reaches it). */
function requestPath(task: Task | undefined): string | undefined {
  if (!task) return undefined;
  if (task.entry && REQUEST_ENTRIES.has(task.entry.kind)) return shortLabel(task.entry.label);
  const r = task.reachedFrom?.find((x) => REQUEST_ENTRIES.has(x.kind));
  return r ? `${shortLabel(r.label)} (${r.path}:${r.line})` : undefined;
}

/** `app.get('/faq', async (_req, res) => { c…` → `app.get('/faq')`: a registration by its route. */
function shortLabel(label: string): string {
  const m = /^([\w.]+\(\s*(['"`])[^'"`]*\2)/.exec(label);
  return m ? `${m[1]})` : label;
}

/** The prompt's per-request parts, each from a closed set; undefined when any part can be anything. */
function closedParts(site: CallSite, maxChoices: number): { name: string; count: number; from: string }[] | undefined {
  const out: { name: string; count: number; from: string }[] = [];
  for (const p of site.parts) {
    if (!p.dynamic) continue;
    const c = p.dynamic.choices;
    if (!c || c.count > maxChoices) return undefined;
    out.push({ name: p.dynamic.name, ...c });
  }
  return out;
}

/** `tools=`, `tools:`, `'tools':` written in the call's arguments. */
const TOOLS_IN_CALL = /\btools\s*[=:]|['"]tools['"]\s*:/;

export default defineRule({
  meta: {
    id: 'repeatable-response',
    description: 'A call on a request path whose prompt is the same on every request (static, or its per-request parts from a small closed set): caching the response saves most of its calls.',
    severity: 'info',
    fixable: null,
    options: {
      hitRate: { default: 0.9, description: 'Share of requests a response cache keyed on the prompt is expected to answer.' },
      maxChoices: { default: 20, description: 'A per-request part from a closed set of at most this many values still repeats.' },
      varietyTemperature: { default: 0.7, description: 'A temperature set above this says the variety of answers is wanted: not a caching candidate.' },
    },
  },
  check(ctx) {
    const hits: RuleHit[] = [];
    const taskOf = new Map<string, Task>();
    for (const t of ctx.tasks) for (const k of t.callSiteKeys) taskOf.set(k, t);
    const hitRate = Math.min(1, Math.max(0, Number(ctx.options.hitRate)));
    for (const site of ctx.callSites) {
      if (site.kind !== 'code' || site.selfHosted) continue;
      if (site.scope && site.scope !== 'production') continue;
      if (site.operation && site.operation !== 'chat') continue;
      // Tools run, history grows, an agent takes turns: the answer depends on more than the prompt.
      const tools = site.params.tools;
      if ((tools !== undefined && tools !== null && tools !== '' && tools !== '[]') || site.historyGrows || site.multiplier.perRun) continue;
      // Tools in a config object (`config={'tools': …}` for Gemini) are not among the call's named arguments.
      if (TOOLS_IN_CALL.test(ctx.text.slice(site.span.start, site.span.end))) continue;
      // Several answers asked for, or a temperature chosen for variety: the sameness is not wanted.
      const n = Number(site.params.n ?? site.params.candidateCount ?? 1);
      if (Number.isFinite(n) && n > 1) continue;
      const t = site.params.temperature;
      if (typeof t === 'number' && t > Number(ctx.options.varietyTemperature)) continue;
      if (!site.parts.length || !site.parts.some((p) => !p.dynamic && p.text.trim())) continue;
      // Parts the extractor could not read (a spread argument, an unread file) may carry the request.
      if (site.notes?.some((x) => /spread|could not|not found|unknown/i.test(x))) continue;
      const parts = closedParts(site, Number(ctx.options.maxChoices));
      if (!parts) continue;
      const text = site.parts.filter((p) => !p.dynamic).map((p) => p.text).join(' ');
      if (VARIETY.test(text)) continue;
      const path = requestPath(taskOf.get(site.key));
      if (!path) continue;
      const e = ctx.estimates.get(site.key);
      const perCall = e?.usd?.perCall.expected;
      if (perCall === undefined || perCall <= 0) continue;
      const variants = parts.reduce((x, p) => x * p.count, 1);
      const savingPerCall = perCall * hitRate;
      const perMonth = savingPerCall * ctx.callsPerMonth(site);
      const what = parts.length
        ? `its only per-request part${parts.length > 1 ? 's come' : ' comes'} from a closed set (${parts.map((p) => `\`${p.name}\`: ${p.from}`).join('; ')}), ${variants} distinct prompt${variants === 1 ? '' : 's'} in all`
        : 'its prompt is the same on every request';
      hits.push({
        message:
          `This call answers ${path} and ${what}: a response cache keyed on the prompt and model would answer about ${Math.round(hitRate * 100)}% of requests without calling the model, ` +
          `saving ${formatUsd(savingPerCall)} a call on average, ${formatUsd(perMonth)} a month at the stated traffic. Cache the answer (with a time to live if it may go stale) or compute it once at start-up.`,
        span: siteAnchor(site, ctx.text),
        site,
        usdPerCallAtStake: savingPerCall,
        usdPerMonthAtStake: perMonth,
        data: { variants, hitRate },
      });
    }
    return hits;
  },
});
