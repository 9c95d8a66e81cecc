// batch-eligible: a call made once per item of a collection in offline work — a script, a notebook,
// a scheduled job or command-line run, an evaluation over a dataset — where nobody waits on each
// answer: the provider's batch API bills the same requests at a discount.
import { batchApiOf } from '../pricing/batchApis';
import type { CallSite, ItemLoop, Task } from '../model';
import { formatUsd } from '../report/format';
import { defineRule, RuleHit, siteAnchor } from './rule';

const OFFLINE_ENTRIES = new Set(['cli', 'job', 'script']);

/** Why nobody waits on the call's answers, or undefined when someone may (a request path, an unknown caller). */
function offlineBecause(site: CallSite, task: Task | undefined): string | undefined {
  const reached = task?.reachedFrom ?? [];
  // A route or handler anywhere above it: a user may be waiting.
  if (task?.entry && !OFFLINE_ENTRIES.has(task.entry.kind)) return undefined;
  if (reached.some((r) => !OFFLINE_ENTRIES.has(r.kind))) return undefined;
  if (site.scope === 'notebook') return 'in a notebook';
  if (site.scope === 'script') return 'in script code';
  if (site.scope && site.scope !== 'production') return undefined;
  if (task?.entry) return `run by ${task.entry.kind === 'job' ? 'a job' : task.entry.kind === 'cli' ? 'a command-line entry point' : 'a script'} (${task.entry.label})`;
  if (reached.length) return `run from ${reached.map((r) => `${r.name} (${r.label})`).slice(0, 2).join(', ')}`;
  if (site.itemLoop?.runBy) return `run by a script (${site.itemLoop.runBy.label})`;
  return undefined;
}

/** Streaming returns tokens as they come: someone is reading them. */
function streams(site: CallSite, text: string): boolean {
  const s = site.params.stream;
  if (s !== undefined && s !== false && s !== 'False' && s !== 'false') return true;
  const head = site.kind === 'code' ? text.slice(site.span.start, site.span.end).split('(')[0] : '';
  return /stream/i.test(head) || /stream/i.test(site.api);
}

/** The loop over items that runs the call: its own, or the one in the offline caller that runs its function. */
function itemLoopOf(site: CallSite, task: Task | undefined): { loop: ItemLoop; where?: string; runs: number } | undefined {
  if (site.itemLoop) return { loop: site.itemLoop, runs: 1 };
  for (const r of task?.reachedFrom ?? []) {
    const loop = r.times?.itemLoop;
    if (loop) return { loop, where: r.path, runs: r.times!.expected };
  }
  return undefined;
}

/** `tools=`, `tools:`, `'tools':` written in the call's arguments. */
const TOOLS_IN_CALL = /\btools\s*[=:]|['"]tools['"]\s*:/;

export default defineRule({
  meta: {
    id: 'batch-eligible',
    description: "A call run once per item of a collection in offline work (a script, notebook, job or evaluation over a dataset), with nobody waiting on each answer: the provider's batch API bills it at a discount.",
    severity: 'info',
    fixable: null,
    options: {
      minItems: { default: 10, description: 'A loop the code bounds to fewer items than this is too small to move to a batch job.' },
    },
  },
  check(ctx) {
    const hits: RuleHit[] = [];
    const taskOf = new Map<string, Task>();
    for (const t of ctx.tasks) for (const k of t.callSiteKeys) taskOf.set(k, t);
    const minItems = Number(ctx.options.minItems);
    for (const site of ctx.callSites) {
      if (site.kind !== 'code' || site.selfHosted) continue;
      if (site.operation && site.operation !== 'chat' && site.operation !== 'embedding') continue;
      const batch = batchApiOf(site.provider);
      if (!batch) continue;
      // Each request must stand alone: no tools to answer, no history that grows, no agent turns.
      const tools = site.params.tools;
      if ((tools !== undefined && tools !== null && tools !== '' && tools !== '[]') || site.historyGrows || site.multiplier.perRun) continue;
      // Tools in a config object (`config={'tools': …}` for Gemini) are not among the call's named arguments.
      if (TOOLS_IN_CALL.test(ctx.text.slice(site.span.start, site.span.end))) continue;
      if (site.params.service_tier === 'flex' || site.params.service_tier === 'batch') continue;
      if (streams(site, ctx.text)) continue;
      const task = taskOf.get(site.key);
      const why = offlineBecause(site, task);
      if (!why) continue;
      const found = itemLoopOf(site, task);
      if (!found || found.loop.carried || found.loop.perQuery) continue;
      if (found.loop.count !== undefined && found.loop.count < minItems) continue;
      const e = ctx.estimates.get(site.key);
      const perCall = e?.usd?.perCall.expected;
      if (perCall === undefined || perCall <= 0) continue;
      const savingPerCall = perCall * batch.discount;
      const callsPerRun = site.multiplier.expected * found.runs;
      const perMonth = savingPerCall * ctx.callsPerMonth(site);
      // A notebook's lines here are its module's (all code cells in a row), not the cell's the user sees.
      const where = found.where && found.where !== site.path ? ` (${found.where}:${found.loop.line})` : site.path.endsWith('.ipynb') ? '' : ` (line ${found.loop.line})`;
      const loopText = `\`${found.loop.over}\`${found.loop.kind === 'map' ? ' mapped' : ''}${where}`;
      const month = perMonth > 0 ? `, ${formatUsd(perMonth)} a month at the stated traffic` : ' (no monthly figure: state the job\'s runs with a `costlens: tasks-per-day=N` comment or .costlens.json "traffic")';
      hits.push({
        message:
          `This call runs once per item of ${loopText} ${why}, with no streaming and nobody waiting on each answer: ` +
          `${batch.name} bills it ${Math.round(batch.discount * 100)}% less — ${formatUsd(savingPerCall)} a call, ${formatUsd(savingPerCall * callsPerRun)} a run of ~${Math.round(callsPerRun)} calls${month}. ` +
          `Submit the requests as one job (${batch.submit}; results within ${batch.window}): ${batch.guide}`,
        span: siteAnchor(site, ctx.text),
        site,
        usdPerCallAtStake: savingPerCall,
        usdPerMonthAtStake: perMonth,
        data: { provider: batch.provider, discount: batch.discount, perRun: savingPerCall * callsPerRun },
      });
    }
    return hits;
  },
});
