// The same call priced on other models: what the call would cost per call, per task and per month
// on each model the same SDK call can use (the same provider's current models of the same kind),
// cache effects included (each model's own cache rules and cached-input price), and the
// difference from the model it uses now. Only models that can serve the call are listed: the same
// kind of request, a context window that holds its input and output cap, tools and a response
// schema when the call uses them (unknown capabilities are kept and said unverified). Grouped by
// tier, the current model's first; a smaller tier carries a warning.
import type { ConfigValues } from '../../config/load';
import { capabilitiesOf, Modality, modalityOf } from '../pricing/capabilities';
import { lookupPricing, catalogueModels } from '../pricing/catalogue';
import type { CallSite, Estimate } from '../model';
import { formatTokens } from '../report/format';
import { TIER_RANK, TierName, tierOf } from '../rules/tiers';
import { bareModelId } from '../tokens/registry';
import { estimateCallSite } from './estimate';

/** A difference from the current model: dollars (this model − the current one) and percent of the current figure. */
export interface Difference {
  usd: number;
  /** Undefined when the current figure is $0. */
  percent?: number;
}

export interface ModelOption {
  model: string;
  estimate: Estimate;
  /** Expected $ per call / per task / per month; undefined without a price (per month: without traffic). */
  perCall?: number;
  perTask?: number;
  perMonth?: number;
  current: boolean;
  /** Undefined when no row of the tier table knows the model. */
  tier?: TierName;
  /** The difference from the current model, when both are priced. */
  difference?: { perCall: Difference; perTask: Difference; perMonth?: Difference };
  /** Said when the model is a smaller tier than the current one. */
  stepDown?: string;
  /** What the call needs that the data cannot confirm for this model (`tool use`, `context window`…). */
  unverified: string[];
  /** The current model only: why it may not serve the call as it is (an input over its window). */
  problems: string[];
}

export interface Comparison {
  /** Grouped by tier (the current model's tier, then smaller, then larger, then unknown), cheapest first in each. */
  options: ModelOption[];
  /** Models of the provider that cannot serve this call, and why. */
  leftOut: { model: string; why: string }[];
}

// Catalogue entries that are no switch target: dated snapshots, fine-tune prefixes, aliases, old
// generations, and special-purpose models (search, computer use, deep research).
const NOT_COMPARABLE = /search|deep-research|instruct|davinci|babbage|curie|^ada$|vision|^ft:|:|\d{4}-\d{2}-\d{2}|latest|^chatgpt|computer-use|safeguard|^gpt-3\.5|^gpt-4(-|$)|^claude-(2|v1|instant|3-)|^gemini-(1\.|pro|flash-1)|^o1-(mini|preview)/;

/** The kind of request a call makes. */
export function modalityOfCall(site: CallSite): Modality {
  return site.operation === 'embedding' ? 'embedding' : site.operation === 'image' ? 'image' : site.operation === 'audio' ? 'audio' : 'chat';
}

/** Models of the provider a call of this kind can be switched to. */
export function comparableModels(provider: string, modality: Modality = 'chat'): string[] {
  const models = catalogueModels(provider).filter((m) => !m.deprecated && !NOT_COMPARABLE.test(m.id) && modalityOf(m.id) === modality);
  // Vertex lists Claude models under Google: a Google call compares Gemini and Gemma.
  return models.map((m) => m.id).filter((id) => provider !== 'google' || /^gem(ini|ma)/.test(id));
}

function usesTools(site: CallSite): boolean {
  const t = site.params.tools;
  return t !== undefined && t !== null && t !== '' && t !== false;
}

function difference(now: number, then: number): Difference {
  return { usd: now - then, ...(then > 0 ? { percent: ((now - then) / then) * 100 } : {}) };
}

export interface CompareOptions {
  /** Replaces the catalogue's list of models. */
  candidates?: string[];
  /** Runs of the call's task per month (at its traffic), for the monthly figures. */
  tasksPerMonth?: number;
}

/** The call site priced on each model that can serve it, grouped by tier; the current model is always listed. */
export function compareCall(site: CallSite, config: ConfigValues, options: CompareOptions = {}): Comparison {
  const current = site.model.id;
  const pricing = current ? lookupPricing(current, site.provider, { overrides: config['pricing.overrides'] as never, customModels: config['pricing.customModels'] as never }) : undefined;
  const provider = pricing?.provider ?? site.provider;
  const modality = modalityOfCall(site);
  const ids = new Set(options.candidates ?? comparableModels(provider, modality));
  if (current) ids.add(current);
  // A routed id (`openai/gpt-4o`, `azure/…`) keeps its prefix when the model changes.
  const prefix = current && current.includes('/') ? current.slice(0, current.lastIndexOf('/') + 1) : '';
  const tools = usesTools(site);
  const structured = !!site.params.structuredOutput;
  const out: ModelOption[] = [];
  const leftOut: Comparison['leftOut'] = [];
  const listed = new Set<string>();
  for (const id of ids) {
    const model = id === current || id.includes('/') ? id : prefix + id;
    // `gpt-4o` with the prefix of `openai/gpt-4o` is the current model: list it once.
    if (listed.has(model)) continue;
    listed.add(model);
    const isCurrent = model === current || (!!current && bareModelId(model) === bareModelId(current) && id === current);
    const bare = bareModelId(model);
    const estimate = estimateCallSite({ ...site, model: { ...site.model, id: model } }, { config });
    // What the model must hold: the call's input and the output it may write.
    const needs = estimate.tokens.input + (site.outputCap?.tokens ?? 0);
    const caps = capabilitiesOf(bare);
    const why: string[] = [];
    const unverified: string[] = [];
    if (!options.candidates && !isCurrent && modalityOf(bare) !== modality) why.push(`a ${modalityOf(bare)} model`);
    if (estimate.contextWindow === undefined) unverified.push('context window');
    else if (needs > estimate.contextWindow) why.push(`its ${formatTokens(estimate.contextWindow)}-token context window is under the call's ${formatTokens(needs)}`);
    if (tools) {
      if (caps.tools === false) why.push('no tool use');
      else if (caps.tools === undefined) unverified.push('tool use');
    }
    if (structured) {
      if (caps.structuredOutput === false) why.push('no structured output');
      else if (caps.structuredOutput === undefined) unverified.push('structured output');
    }
    if (why.length && !isCurrent) {
      leftOut.push({ model, why: why.join('; ') });
      continue;
    }
    const perCall = estimate.usd?.perCall.expected;
    const perTask = estimate.usd?.perTask.expected;
    out.push({
      model,
      estimate,
      perCall,
      perTask,
      ...(perTask !== undefined && options.tasksPerMonth !== undefined ? { perMonth: perTask * options.tasksPerMonth } : {}),
      current: isCurrent,
      tier: tierOf(bare),
      unverified,
      problems: isCurrent ? why : [],
    });
  }
  const now = out.find((o) => o.current);
  for (const o of out) {
    if (now && !o.current && o.perCall !== undefined && o.perTask !== undefined && now.perCall !== undefined && now.perTask !== undefined) {
      o.difference = {
        perCall: difference(o.perCall, now.perCall),
        perTask: difference(o.perTask, now.perTask),
        ...(o.perMonth !== undefined && now.perMonth !== undefined ? { perMonth: difference(o.perMonth, now.perMonth) } : {}),
      };
    }
    if (now?.tier && o.tier && TIER_RANK[o.tier] < TIER_RANK[now.tier]) o.stepDown = `a step down from ${now.model}'s ${now.tier} tier to ${o.tier}: check its answers on a sample of real inputs first`;
  }
  // The current model's tier first, then the smaller ones (nearest first), the larger ones, and
  // models whose tier is not known.
  const rankOf = (o: ModelOption): number => {
    if (!o.tier) return 100;
    if (!now?.tier) return 10 - TIER_RANK[o.tier];
    const d = TIER_RANK[o.tier] - TIER_RANK[now.tier];
    return d === 0 ? 0 : d < 0 ? -d : 10 + d;
  };
  out.sort((a, b) => rankOf(a) - rankOf(b) || (a.perCall ?? Infinity) - (b.perCall ?? Infinity) || a.model.localeCompare(b.model));
  return { options: out, leftOut };
}

/** The options of `compareCall` (the models that can serve the call), grouped by tier, cheapest first in each group. */
export function compareModels(site: CallSite, config: ConfigValues, candidates?: string[], options: Omit<CompareOptions, 'candidates'> = {}): ModelOption[] {
  return compareCall(site, config, { ...options, candidates }).options;
}

/** How prompt caching works out for the call on this model, in a sentence. */
export function cacheNote(o: ModelOption): string {
  const t = o.estimate.tokens;
  const c = o.estimate.cache;
  if (!c || c.mode === 'none') return 'no prompt caching';
  if (!t.cacheablePrefix) return `${c.mode} caching, but the stable prefix is under its ${formatTokens(c.minTokens)}-token minimum`;
  return `${formatTokens(t.cachedInput)} of ${formatTokens(t.input)} input tokens read from the cache (${c.mode})`;
}

/**
 * Notes every row has (the same cache cut-off on every model of a provider) taken out of the rows,
 * to be said once: `shared` in the order of the first row.
 */
export function sharedNotes(rows: readonly (readonly string[])[]): { shared: string[]; rows: string[][] } {
  if (rows.length < 2) return { shared: [], rows: rows.map((r) => [...r]) };
  const shared = rows[0].filter((n) => rows.every((r) => r.includes(n)));
  return { shared, rows: rows.map((r) => r.filter((n) => !shared.includes(n))) };
}
