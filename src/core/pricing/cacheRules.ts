// Each provider's prompt-caching rules, as data with sources (FACTS.md "Prompt caching, per
// provider"). Discounts are not here: the cached-input price of each model comes from the price
// catalogue, because it differs by model.

export interface CacheRule {
  provider: string;
  /** Model ids this row applies to (regular expression on the bare model id); first match wins. */
  models: string;
  /** `automatic`: the provider caches prefixes by itself; `explicit`: only up to breakpoints the caller marks. */
  mode: 'automatic' | 'explicit' | 'none';
  /** Minimum prompt length (tokens) before anything is cached. */
  minTokens: number;
  /** Cache hits grow in steps of this many tokens (0 when any length is cached). */
  increment: number;
  /** Time to live of a cache entry, and the longer option where one exists. */
  ttl: string;
  extendedTtl?: string;
  /** Most explicit breakpoints per request (explicit mode). */
  maxBreakpoints?: number;
  /** Whether writing the cache costs more than uncached input (priced by the catalogue's cache_write prices). */
  writePremium: boolean;
  /** Tokens at the start of the prompt that route a request to a cache shard (OpenAI: ~256). */
  routingPrefixTokens?: number;
  note?: string;
  source: string;
  asOf: string;
}

export const CACHE_RULES: readonly CacheRule[] = [
  {
    provider: 'openai',
    models: '^gpt-5\\.(?:[6-9]|\\d{2,})',
    mode: 'automatic',
    minTokens: 1024,
    increment: 128,
    ttl: '5-10 minutes idle, at most 1 hour',
    extendedTtl: '24h (prompt_cache_retention)',
    maxBreakpoints: 4,
    writePremium: true,
    routingPrefixTokens: 256,
    note: 'GPT-5.6 and later also take explicit breakpoints; writes cost 1.25× uncached input and are reported in cache_write_tokens.',
    source: 'developers.openai.com prompt-caching guide; Azure OpenAI prompt caching docs',
    asOf: '2026-11-01',
  },
  {
    provider: 'openai',
    models: '.*',
    mode: 'automatic',
    minTokens: 1024,
    increment: 128,
    ttl: '5-10 minutes idle, at most 1 hour',
    extendedTtl: '24h (prompt_cache_retention)',
    writePremium: false,
    routingPrefixTokens: 256,
    note: 'Routing hashes about the first 256 tokens: a volatile value early in the prompt defeats routing as well as matching.',
    source: 'developers.openai.com prompt-caching guide; "Prompt Caching 201" cookbook; openai.com/index/api-prompt-caching',
    asOf: '2026-11-01',
  },
  {
    provider: 'anthropic',
    models: 'claude-(?:opus-4-[5-9]|opus-4\\.[5-9]|haiku-4-5|haiku-4\\.5)',
    mode: 'explicit',
    minTokens: 4096,
    increment: 0,
    ttl: '5m (refreshed on each hit)',
    extendedTtl: '1h',
    maxBreakpoints: 4,
    writePremium: true,
    source: 'Anthropic prompt-caching docs, as quoted in anthropic-sdk-python #1194 (Opus 4.6, Opus 4.5, Haiku 4.5: 4,096)',
    asOf: '2026-11-01',
  },
  {
    provider: 'anthropic',
    models: 'claude-(?:3-5-haiku|3-haiku|haiku-3)',
    mode: 'explicit',
    minTokens: 2048,
    increment: 0,
    ttl: '5m (refreshed on each hit)',
    extendedTtl: '1h',
    maxBreakpoints: 4,
    writePremium: true,
    source: 'Anthropic prompt-caching docs, as quoted in anthropic-sdk-python #1194 (Haiku 3.5, Haiku 3: 2,048)',
    asOf: '2026-11-01',
  },
  {
    provider: 'anthropic',
    models: '.*',
    mode: 'explicit',
    minTokens: 1024,
    increment: 0,
    ttl: '5m (refreshed on each hit)',
    extendedTtl: '1h',
    maxBreakpoints: 4,
    writePremium: true,
    note: 'Disagreement: the reporter of anthropic-sdk-python #1194 saw caching start only at 2,048 on Sonnet 4.6, and orq.ai lists 2,048.',
    source: 'Anthropic prompt-caching docs, as quoted in anthropic-sdk-python #1194 (Sonnet 4.6/4.5, Opus 4.1/4, Sonnet 4, Sonnet 3.7: 1,024)',
    asOf: '2026-11-01',
  },
  {
    provider: 'google',
    models: 'gemini-(?:[3-9]|\\d{2,})',
    mode: 'automatic',
    minTokens: 4096,
    increment: 0,
    ttl: 'implicit: managed by Google; explicit caches: 60 minutes by default',
    writePremium: false,
    note: 'Explicit context caches also bill storage per hour.',
    source: 'ai.google.dev caching docs (newer version: 3.x 4,096)',
    asOf: '2026-11-01',
  },
  {
    provider: 'google',
    models: 'gemini-2\\.5-pro',
    mode: 'automatic',
    minTokens: 2048,
    increment: 0,
    ttl: 'implicit: managed by Google; explicit caches: 60 minutes by default',
    writePremium: false,
    note: 'Doc versions disagree: older said 4,096 for 2.5 Pro, newer say 2,048.',
    source: 'ai.google.dev caching docs (newer version: 2.5 Flash and Pro 2,048)',
    asOf: '2026-11-01',
  },
  {
    provider: 'google',
    models: 'gemini-2\\.5',
    mode: 'automatic',
    minTokens: 2048,
    increment: 0,
    ttl: 'implicit: managed by Google; explicit caches: 60 minutes by default',
    writePremium: false,
    note: 'Doc versions disagree: older said 1,024 for 2.5 Flash, newer say 2,048.',
    source: 'ai.google.dev caching docs (implicit caching on by default for 2.5 and later since 2025-05-08)',
    asOf: '2026-11-01',
  },
  {
    provider: 'google',
    models: '.*',
    mode: 'explicit',
    minTokens: 4096,
    increment: 0,
    ttl: '60 minutes by default',
    writePremium: false,
    note: 'Before 2.5 only explicit context caching exists (75% off on 2.0, plus storage).',
    source: 'Vertex AI context caching docs',
    asOf: '2026-11-01',
  },
  {
    provider: 'deepseek',
    models: '.*',
    mode: 'automatic',
    minTokens: 64,
    increment: 64,
    ttl: 'hours to days, best effort',
    writePremium: false,
    source: 'DeepSeek API docs, "Context Caching" (cache units of 64 tokens)',
    asOf: '2026-11-01',
  },
  {
    provider: '*',
    models: '.*',
    mode: 'none',
    minTokens: Number.POSITIVE_INFINITY,
    increment: 0,
    ttl: 'n/a',
    writePremium: false,
    note: 'No caching rule known for this provider: no cache hits are assumed.',
    source: 'default',
    asOf: '2026-11-01',
  },
];

/** The caching rule for a provider and model, from the table (overridable via `rules`). */
const compiled = new Map<string, RegExp>();

export function cacheRuleFor(provider: string, bareModelId: string, rules: readonly CacheRule[] = CACHE_RULES): CacheRule {
  for (const rule of rules) {
    if (rule.provider !== provider && rule.provider !== '*') continue;
    let re = compiled.get(rule.models);
    if (!re) compiled.set(rule.models, (re = new RegExp(rule.models)));
    if (re.test(bareModelId)) return rule;
  }
  return CACHE_RULES[CACHE_RULES.length - 1];
}

/** Batch APIs: the discount on every token price, per provider. */
export interface BatchDiscount {
  provider: string;
  /** Multiplier applied to token prices (0.5 = half price). */
  multiplier: number;
  source: string;
  asOf: string;
}

export const BATCH_DISCOUNTS: readonly BatchDiscount[] = [
  { provider: 'openai', multiplier: 0.5, source: 'OpenAI Batch API docs: 50% lower costs, results within 24h', asOf: '2026-11-01' },
  { provider: 'anthropic', multiplier: 0.5, source: 'Anthropic Message Batches API docs: 50% of standard prices', asOf: '2026-11-01' },
  { provider: 'google', multiplier: 0.5, source: 'Gemini API Batch Mode docs: 50% of the interactive price', asOf: '2026-11-01' },
  { provider: 'mistral', multiplier: 0.5, source: 'Mistral batch inference docs: 50% discount', asOf: '2026-11-01' },
];

export function batchDiscountFor(provider: string): BatchDiscount | undefined {
  return BATCH_DISCOUNTS.find((b) => b.provider === provider);
}
