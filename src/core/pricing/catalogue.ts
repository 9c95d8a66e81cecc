// Prices per model from @pydantic/genai-prices (tiered by context size, cache read, 5-minute and
// 1-hour cache writes, price history), with user overrides and custom models on top. The
// catalogue is loaded on first need: it is half a megabyte of data.
import type { ModelPrice, Provider, TieredPrices } from '@pydantic/genai-prices';
import type { PricePerMtok } from '../model';
import { inferProviderFromModel } from '../extract/provider';
import { bareModelId } from '../tokens/registry';
import { own } from '../util/own';
import { supplementPrice, supplementSource } from './supplement';

type GenaiPrices = typeof import('@pydantic/genai-prices');
let genai: GenaiPrices | undefined;
function lib(): GenaiPrices {
  genai ??= require('@pydantic/genai-prices') as GenaiPrices;
  return genai;
}

/** A price per million tokens, or one that steps up with the request's input size. */
export type PriceValue = number | { base: number; tiers: { start: number; price: number }[] };

/** Prices for one model, in the catalogue's keys (`input_mtok`, `cache_read_mtok`, …). */
export interface ModelPricing {
  provider: string;
  /** The catalogue's id for the model (`claude-sonnet-4-5`), or the custom model's id. */
  model: string;
  name: string;
  contextWindow?: number;
  origin: 'catalogue' | 'custom';
  /** Which prices a user override replaced, if any. */
  overridden: string[];
  prices: {
    input_mtok?: PriceValue;
    cache_read_mtok?: PriceValue;
    cache_write_mtok?: PriceValue;
    cache_write_1h_mtok?: PriceValue;
    output_mtok?: PriceValue;
  };
  /** Where the figures come from. */
  source: string;
  /** Set when the catalogue lists the model under another provider than the one the code names: which one, and why. */
  assumption?: string;
  /** The catalogue prices the model by other units than tokens (pages, requests): what, with the figures. */
  unitsBilled?: string;
}

/** A user's price for a model: per million tokens, USD. */
export interface PriceOverride {
  input?: number;
  cachedInput?: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  output?: number;
  contextWindow?: number;
}

export interface CustomModel extends PriceOverride {
  id: string;
  provider: string;
  input: number;
  output: number;
}

export interface PricingOptions {
  /** Keyed by model id (`gpt-4o`) or `provider:model`. */
  overrides?: Record<string, PriceOverride>;
  customModels?: CustomModel[];
  /** Price as of this date (the catalogue keeps price history). */
  at?: Date;
}

// Our provider ids → the catalogue's (`google` covers Gemini on AI Studio and Vertex).
const PROVIDER_ALIASES: Record<string, string> = { bedrock: 'aws', vertex: 'google', xai: 'x-ai', gemini: 'google' };

function toPriceValue(v: number | TieredPrices | undefined): PriceValue | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  return { base: v.base, tiers: v.tiers.map((t) => ({ start: t.start, price: t.price })) };
}

/**
 * What a model is billed by when the catalogue lists no token price for it: `$1 per 1,000 document
 * pages` (Mistral OCR), `$5 per 1,000 requests`. Undefined for a model with a price per token.
 */
function unitsBilled(mp: ModelPrice): string | undefined {
  const keys = Object.keys(mp).filter((k) => mp[k] !== undefined);
  if (keys.some((k) => k.endsWith('_mtok'))) return undefined;
  const units = keys.flatMap((k) => {
    const m = /^(?:input_)?(.+?)_(kpages|kcount)$/.exec(k);
    const v = mp[k];
    if (!m || typeof v !== 'number') return [];
    const what = m[1].replace(/_/g, ' ');
    return [`$${v} per 1,000 ${m[2] === 'kpages' ? `${what} pages` : what}`];
  });
  return units.length ? units.join(', ') : undefined;
}

function toModelPricing(provider: Provider, mp: ModelPrice, m: Provider['models'][number], assumption?: string): ModelPricing {
  const units = unitsBilled(mp);
  return {
    provider: provider.id,
    model: m.id,
    name: m.name ?? m.id,
    contextWindow: m.context_window,
    origin: 'catalogue',
    overridden: [],
    prices: {
      input_mtok: toPriceValue(mp.input_mtok),
      cache_read_mtok: toPriceValue(mp.cache_read_mtok),
      cache_write_mtok: toPriceValue(mp.cache_write_mtok ?? mp.cache_write_5m_mtok),
      cache_write_1h_mtok: toPriceValue(mp.cache_write_1h_mtok),
      output_mtok: toPriceValue(mp.output_mtok),
    },
    source: `@pydantic/genai-prices (${provider.pricing_urls?.[0] ?? provider.name})`,
    ...(assumption ? { assumption } : {}),
    ...(units ? { unitsBilled: units } : {}),
  };
}

// `openai:gpt-4o-mini` (aisuite, pydantic-ai): the provider written in front of the id with a colon.
const COLON_PREFIX = /^(openai|anthropic|google|google-gla|google-vertex|gemini|vertex|groq|mistral|cohere|deepseek|xai|x-ai|together|fireworks|huggingface|azure|bedrock|aws|cerebras|openrouter|ollama):(?=[^:])/i;

/**
 * Every provider of the catalogue, by its id, for finding a model the provider the code names does not
 * list (a reseller, a router, a host the catalogue lacks). The catalogue does not export its list; a
 * unit test checks each id still names one of its providers.
 */
export const CATALOGUE_PROVIDERS = [
  'anthropic', 'arcee', 'avian', 'aws', 'azure', 'baseten', 'cerebras', 'cloudflare', 'cohere', 'deepseek', 'doubleword',
  'fireworks', 'google', 'groq', 'huggingface_cerebras', 'huggingface_fireworks-ai', 'huggingface_groq', 'huggingface_hyperbolic',
  'huggingface_nebius', 'huggingface_novita', 'huggingface_nscale', 'huggingface_ovhcloud', 'huggingface_publicai',
  'huggingface_sambanova', 'huggingface_together', 'minimax', 'mistral', 'modal', 'moonshotai', 'novita', 'openai', 'openrouter',
  'ovhcloud', 'perplexity', 'quicksilverpro', 'together', 'typesafe', 'voyageai', 'x-ai', 'zai', 'zhipuai',
] as const;
// Subscriptions, not per-token bills: never the price of someone else's call.
const NOT_A_LIST_PRICE = new Set(['github-copilot', 'cursor']);
// Routers that resell others' models: their price only when no host of the model lists it.
const ROUTERS = new Set(['openrouter']);
// Hugging Face Inference Providers: `huggingface` routes to one of them (the account's preference order decides which).
const HF_ROUTED = 'huggingface_';

/** A rough size of a price for comparing hosts: input plus output per Mtok at the base tier. */
const weight = (mp: ModelPrice): number => {
  const v = (x: number | TieredPrices | undefined) => (x === undefined ? 0 : typeof x === 'number' ? x : x.base);
  return v(mp.input_mtok) + v(mp.output_mtok);
};

/**
 * The model id matched exactly by a model of every catalogue provider (not by a provider's family
 * patterns), for a model whose own provider's list lacks it. Several hosts at different prices: the
 * dearest, with the range said, so the figure errs high rather than low.
 */
function anyProviderLookup(ids: string[], provider: string | undefined, at: Date): ModelPricing | undefined {
  const g = lib();
  const hfRouted = provider === 'huggingface';
  const found: { p: Provider; m: Provider['models'][number]; mp: ModelPrice }[] = [];
  for (const pid of CATALOGUE_PROVIDERS) {
    if (NOT_A_LIST_PRICE.has(pid)) continue;
    if (hfRouted && !pid.startsWith(HF_ROUTED)) continue;
    const p = g.findProvider({ providerId: pid });
    if (!p || p.id !== pid) continue;
    for (const id of ids) {
      const m = p.models.find((x) => exactMatch(x.match, id));
      if (!m) continue;
      let r: ReturnType<GenaiPrices['calcPrice']> = null;
      try {
        r = g.calcPrice({ input_tokens: 0, output_tokens: 0 }, id, { provider: p, timestamp: at });
      } catch {
        r = null;
      }
      if (r && r.model.id === m.id) found.push({ p, m, mp: r.model_price });
      break;
    }
  }
  // The code names a host the catalogue does not price it for (a reseller, NVIDIA's API, Replicate): the
  // maker's own list price is what a reseller passes on; another host's price for open weights is not.
  const maker = inferProviderFromModel(ids[ids.length - 1]);
  const named = provider !== undefined && provider !== 'unknown' && !hfRouted;
  const usable = named ? found.filter((f) => f.p.id === maker || f.p.id === `${HF_ROUTED}${provider}`) : found;
  if (!usable.length) return undefined;
  const hosts = usable.some((f) => !ROUTERS.has(f.p.id)) ? usable.filter((f) => !ROUTERS.has(f.p.id)) : usable;
  // Dearest first; at one price, the model's maker (openai for text-embedding-3-small) before its resellers.
  hosts.sort((a, b) => weight(b.mp) - weight(a.mp) || Number(b.p.id === maker) - Number(a.p.id === maker) || a.p.id.localeCompare(b.p.id));
  // `provider="nebius"` through Hugging Face: that host's own price when the catalogue has it.
  const pick = hosts.find((h) => provider && h.p.id === `${HF_ROUTED}${provider}`) ?? hosts[0];
  const who = hfRouted
    ? "served through Hugging Face Inference Providers (the account's provider order picks the host)"
    : named ? `the catalogue lists no ${provider} price for it` : 'the code names no provider';
  const others = hosts.length > 1 && pick === hosts[0] && weight(hosts[hosts.length - 1].mp) !== weight(pick.mp) ? `, the dearest of ${hosts.length} hosts (${hosts.map((h) => h.p.id).join(', ')})` : '';
  return toModelPricing(pick.p, pick.mp, pick.m, `${who}: priced at ${pick.p.id}'s list price${others}`);
}

type Match = Provider['models'][number]['match'];
/** Whether a catalogue match clause names this id exactly (`equals`, or one `equals` of an `or`). */
function exactMatch(m: Match, id: string): boolean {
  const c = m as { equals?: string; or?: Match[] };
  if (typeof c.equals === 'string') return c.equals.toLowerCase() === id.toLowerCase();
  return Array.isArray(c.or) && c.or.some((x) => exactMatch(x, id));
}

function catalogueLookup(modelId: string, provider: string | undefined, at: Date): ModelPricing | undefined {
  const g = lib();
  const providerId = provider && provider !== 'unknown' ? own(PROVIDER_ALIASES, provider) ?? provider : undefined;
  const candidates = [modelId.trim()];
  const unprefixed = modelId.trim().replace(COLON_PREFIX, '');
  if (!candidates.includes(unprefixed)) candidates.push(unprefixed);
  const bare = bareModelId(unprefixed);
  if (!candidates.includes(bare)) candidates.push(bare);
  for (const id of candidates) {
    let result: ReturnType<GenaiPrices['calcPrice']> = null;
    try {
      result = g.calcPrice({ input_tokens: 0, output_tokens: 0 }, id, { providerId, timestamp: at });
      if (!result && providerId) result = g.calcPrice({ input_tokens: 0, output_tokens: 0 }, id, { timestamp: at });
    } catch {
      result = null;
    }
    if (!result) continue;
    return toModelPricing(result.provider, result.model_price, result.model);
  }
  return anyProviderLookup(candidates, providerId, at) ?? supplementLookup(candidates);
}

/** A price the catalogue lacks, from the supplement (a provider's own page, dated). */
function supplementLookup(ids: string[]): ModelPricing | undefined {
  const r = supplementPrice(ids);
  if (!r) return undefined;
  return {
    provider: r.provider,
    model: r.ids[0],
    name: r.name,
    contextWindow: r.contextWindow,
    origin: 'catalogue',
    overridden: [],
    prices: { input_mtok: r.input_mtok, output_mtok: r.output_mtok, ...(r.cache_read_mtok !== undefined ? { cache_read_mtok: r.cache_read_mtok } : {}) },
    source: supplementSource(r),
  };
}

function findOverride(overrides: Record<string, PriceOverride> | undefined, provider: string | undefined, ids: string[]): PriceOverride | undefined {
  if (!overrides) return undefined;
  for (const id of ids) {
    if (provider && overrides[`${provider}:${id}`]) return overrides[`${provider}:${id}`];
    if (overrides[id]) return overrides[id];
  }
  return undefined;
}

function applyOverride(pricing: ModelPricing, o: PriceOverride): ModelPricing {
  const p = { ...pricing.prices };
  const overridden: string[] = [];
  const set = (key: keyof ModelPricing['prices'], v: number | undefined, name: string) => {
    if (v === undefined) return;
    p[key] = v;
    overridden.push(name);
  };
  set('input_mtok', o.input, 'input');
  // A cache read never costs more than the input it replaces: an input price set below the
  // catalogue's cached-input price (and no cached price set) caps it.
  const read = p.cache_read_mtok;
  if (o.input !== undefined && o.cachedInput === undefined && typeof read === 'number' && read > o.input) p.cache_read_mtok = o.input;
  set('cache_read_mtok', o.cachedInput, 'cachedInput');
  set('cache_write_mtok', o.cacheWrite5m, 'cacheWrite5m');
  set('cache_write_1h_mtok', o.cacheWrite1h, 'cacheWrite1h');
  set('output_mtok', o.output, 'output');
  return {
    ...pricing,
    prices: p,
    contextWindow: o.contextWindow ?? pricing.contextWindow,
    overridden,
    source: overridden.length ? `${pricing.source}; overridden in settings: ${overridden.join(', ')}` : pricing.source,
  };
}

const cache = new Map<string, ModelPricing | null>();

/**
 * Prices for a model: a custom model from settings, else the catalogue, with any override applied.
 * Undefined when nothing prices it per token (`billedByOtherUnits` says when the catalogue bills it
 * by pages or requests instead).
 */
export function lookupPricing(modelId: string, provider: string | undefined, options: PricingOptions = {}): ModelPricing | undefined {
  const found = lookupListed(modelId, provider, options);
  // Token counts say nothing of pages or requests: no figure rather than $0.
  return found?.unitsBilled ? undefined : found;
}

/** What the catalogue bills a model by when it is not tokens (`$1 per 1,000 document pages`), else undefined. */
export function billedByOtherUnits(modelId: string, provider: string | undefined, options: PricingOptions = {}): string | undefined {
  return lookupListed(modelId, provider, options)?.unitsBilled;
}

function lookupListed(modelId: string, provider: string | undefined, options: PricingOptions): ModelPricing | undefined {
  const bare = bareModelId(modelId);
  const custom = options.customModels?.find((m) => m.id === modelId || m.id.toLowerCase() === bare);
  if (custom) {
    const base: ModelPricing = {
      provider: custom.provider,
      model: custom.id,
      name: custom.id,
      contextWindow: custom.contextWindow,
      origin: 'custom',
      overridden: [],
      prices: {
        input_mtok: custom.input,
        output_mtok: custom.output,
        cache_read_mtok: custom.cachedInput,
        cache_write_mtok: custom.cacheWrite5m,
        cache_write_1h_mtok: custom.cacheWrite1h,
      },
      source: 'custom model in settings',
    };
    return base;
  }
  const at = options.at ?? new Date();
  const key = `${provider ?? ''}\u0000${modelId}\u0000${at.toISOString().slice(0, 10)}`;
  let found = cache.get(key);
  if (found === undefined) {
    found = catalogueLookup(modelId, provider, at) ?? null;
    if (cache.size > 4096) cache.clear();
    cache.set(key, found);
  }
  const override = findOverride(options.overrides, provider, [modelId, bare, ...(found ? [found.model] : [])]);
  if (!found || (found.unitsBilled && override)) {
    if (override?.input !== undefined && override.output !== undefined) {
      return applyOverride(
        { provider: provider ?? 'unknown', model: modelId, name: modelId, origin: 'custom', overridden: [], prices: {}, source: 'settings' },
        override,
      );
    }
    return undefined;
  }
  return override ? applyOverride(found, override) : found;
}

function resolve(v: PriceValue | undefined, inputTokens: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  // The catalogue's rule: the tier whose start the request's total input exceeds applies to the whole request.
  let price = v.base;
  for (const t of [...v.tiers].sort((a, b) => a.start - b.start)) if (inputTokens > t.start) price = t.price;
  return price;
}

/**
 * Per-million-token prices for a request with this many input tokens (tiers resolved). Missing cache
 * prices fall back to what the provider would bill: no discount for reads, the 5-minute price (or
 * plain input) for writes.
 */
export function perMtok(pricing: ModelPricing, inputTokens: number): PricePerMtok {
  const input = resolve(pricing.prices.input_mtok, inputTokens) ?? 0;
  const cachedInput = resolve(pricing.prices.cache_read_mtok, inputTokens) ?? input;
  const cacheWrite5m = resolve(pricing.prices.cache_write_mtok, inputTokens) ?? input;
  const cacheWrite1h = resolve(pricing.prices.cache_write_1h_mtok, inputTokens) ?? cacheWrite5m;
  const output = resolve(pricing.prices.output_mtok, inputTokens) ?? 0;
  return { input, cachedInput, cacheWrite5m, cacheWrite1h, output };
}

/** Every model in the catalogue of a provider (for comparisons). */
export function catalogueModels(provider: string): { id: string; name: string; deprecated: boolean }[] {
  const p: Provider | undefined = lib().findProvider({ providerId: own(PROVIDER_ALIASES, provider) ?? provider });
  return p ? p.models.map((m) => ({ id: m.id, name: m.name ?? m.id, deprecated: !!m.deprecated })) : [];
}
