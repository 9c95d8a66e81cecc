// Usage objects as the providers' APIs return them → one shape → dollars.
//
// The accounting differs by provider, and getting it wrong is the bug users report most
// (FACTS.md "The bug users report most"):
// - OpenAI Chat Completions `prompt_tokens` and Responses `input_tokens` INCLUDE the cached tokens
//   (`prompt_tokens_details.cached_tokens`, `input_tokens_details.cached_tokens`).
// - Anthropic Messages `input_tokens` EXCLUDES `cache_read_input_tokens` and
//   `cache_creation_input_tokens`; total input is the sum. Writes split into 5-minute and 1-hour
//   (`cache_creation.ephemeral_5m_input_tokens` / `ephemeral_1h_input_tokens`), priced differently.
// - Gemini `promptTokenCount` INCLUDES `cachedContentTokenCount`; thinking tokens
//   (`thoughtsTokenCount`) are billed as output but not counted in `candidatesTokenCount`.
import type { PricePerMtok } from '../model';
import { batchDiscountFor } from './cacheRules';
import { lookupPricing, ModelPricing, perMtok, PricingOptions } from './catalogue';

export type UsageFormat = 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'gemini';

/** One shape for every provider. Every count is a number of tokens for one request. */
export interface NormalizedUsage {
  format: UsageFormat;
  /** All input tokens: uncached + read from cache + written to cache. */
  inputTokens: number;
  uncachedInputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  /** All billed output tokens, reasoning/thinking included. */
  outputTokens: number;
  reasoningTokens: number;
  /** The model the response names, when the payload carried one. */
  model?: string;
}

export type NormalizeResult = { ok: true; usage: NormalizedUsage } | { ok: false; error: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(o: Obj | undefined, ...keys: string[]): number | undefined {
  if (!o) return undefined;
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'number') return v;
  }
  return undefined;
}

function sub(o: Obj | undefined, ...keys: string[]): Obj | undefined {
  if (!o) return undefined;
  for (const k of keys) if (isObj(o[k])) return o[k] as Obj;
  return undefined;
}

/** No request counts more tokens than this (the telemetry normaliser's bound too); more is a corrupt payload, and would price to Infinity. */
const MAX_TOKENS = 1e12;

function validCounts(format: UsageFormat, counts: Record<string, number | undefined>): string | undefined {
  for (const [k, v] of Object.entries(counts)) {
    if (v === undefined) continue;
    if (!Number.isFinite(v) || v < 0) return `${format} usage: ${k} must be a non-negative number, got ${v}`;
    if (v > MAX_TOKENS) return `${format} usage: ${k} = ${v} is more tokens than any request holds`;
  }
  return undefined;
}

/** Which API produced this usage object (or the response around it). */
export function detectUsageFormat(usage: Obj): UsageFormat | undefined {
  if ('promptTokenCount' in usage || 'prompt_token_count' in usage || 'candidatesTokenCount' in usage || 'candidates_token_count' in usage) return 'gemini';
  if ('prompt_tokens' in usage || 'completion_tokens' in usage) return 'openai-chat';
  if ('cache_creation_input_tokens' in usage || 'cache_read_input_tokens' in usage || 'cache_creation' in usage) return 'anthropic-messages';
  if ('input_tokens_details' in usage || 'output_tokens_details' in usage || 'total_tokens' in usage) return 'openai-responses';
  if ('input_tokens' in usage && 'output_tokens' in usage) return 'anthropic-messages';
  return undefined;
}

/**
 * Normalise a usage object, or a whole response that carries one (`usage`, `usageMetadata`,
 * `usage_metadata`). `format` forces the interpretation; otherwise it is detected from the fields.
 */
export function normalizeUsage(payload: unknown, format?: UsageFormat): NormalizeResult {
  if (!isObj(payload)) return { ok: false, error: `usage must be an object, got ${payload === null ? 'null' : Array.isArray(payload) ? 'an array' : typeof payload}` };
  const model = typeof payload.model === 'string' ? payload.model : typeof payload.modelVersion === 'string' ? payload.modelVersion : typeof payload.model_version === 'string' ? payload.model_version : undefined;
  const usage = sub(payload, 'usage', 'usageMetadata', 'usage_metadata') ?? payload;
  const fmt = format ?? detectUsageFormat(usage);
  if (!fmt) return { ok: false, error: `unrecognised usage object (fields: ${Object.keys(usage).slice(0, 8).join(', ') || 'none'}); expected OpenAI, Anthropic or Gemini usage` };
  const r = normalizeAs(fmt, usage);
  if (r.ok && model) r.usage.model = model;
  return r;
}

function normalizeAs(format: UsageFormat, u: Obj): NormalizeResult {
  switch (format) {
    case 'openai-chat': {
      const prompt = num(u, 'prompt_tokens');
      const completion = num(u, 'completion_tokens');
      const pd = sub(u, 'prompt_tokens_details');
      const cd = sub(u, 'completion_tokens_details');
      const cached = num(pd, 'cached_tokens') ?? 0;
      const written = num(pd, 'cache_write_tokens') ?? num(u, 'cache_write_tokens') ?? 0;
      const reasoning = num(cd, 'reasoning_tokens') ?? 0;
      if (prompt === undefined) return { ok: false, error: 'openai-chat usage: prompt_tokens is missing' };
      return finish(format, { prompt_tokens: prompt, completion_tokens: completion, cached_tokens: cached, cache_write_tokens: written, reasoning_tokens: reasoning }, {
        // cached (and written) tokens are inside prompt_tokens
        inputTokens: prompt,
        cacheReadTokens: cached,
        cacheWrite5mTokens: written,
        cacheWrite1hTokens: 0,
        outputTokens: completion ?? 0,
        reasoningTokens: reasoning,
      });
    }
    case 'openai-responses': {
      const input = num(u, 'input_tokens');
      const output = num(u, 'output_tokens');
      const id = sub(u, 'input_tokens_details');
      const od = sub(u, 'output_tokens_details');
      const cached = num(id, 'cached_tokens') ?? 0;
      const written = num(id, 'cache_write_tokens') ?? 0;
      const reasoning = num(od, 'reasoning_tokens') ?? 0;
      if (input === undefined) return { ok: false, error: 'openai-responses usage: input_tokens is missing' };
      return finish(format, { input_tokens: input, output_tokens: output, cached_tokens: cached, cache_write_tokens: written, reasoning_tokens: reasoning }, {
        inputTokens: input,
        cacheReadTokens: cached,
        cacheWrite5mTokens: written,
        cacheWrite1hTokens: 0,
        outputTokens: output ?? 0,
        reasoningTokens: reasoning,
      });
    }
    case 'anthropic-messages': {
      const input = num(u, 'input_tokens');
      const output = num(u, 'output_tokens');
      const read = num(u, 'cache_read_input_tokens') ?? 0;
      const created = num(u, 'cache_creation_input_tokens') ?? 0;
      const split = sub(u, 'cache_creation');
      const w5 = num(split, 'ephemeral_5m_input_tokens');
      const w1 = num(split, 'ephemeral_1h_input_tokens');
      if (input === undefined) return { ok: false, error: 'anthropic-messages usage: input_tokens is missing' };
      // Without the split every write is a 5-minute write (the default TTL).
      const write1h = w1 ?? 0;
      const write5m = w5 ?? Math.max(0, created - write1h);
      return finish(format, { input_tokens: input, output_tokens: output, cache_read_input_tokens: read, cache_creation_input_tokens: created, ephemeral_5m_input_tokens: w5, ephemeral_1h_input_tokens: w1 }, {
        // input_tokens excludes cache reads and writes: the total is the sum.
        inputTokens: input + read + write5m + write1h,
        cacheReadTokens: read,
        cacheWrite5mTokens: write5m,
        cacheWrite1hTokens: write1h,
        outputTokens: output ?? 0,
        reasoningTokens: 0,
      });
    }
    case 'gemini': {
      const prompt = num(u, 'promptTokenCount', 'prompt_token_count');
      const candidates = num(u, 'candidatesTokenCount', 'candidates_token_count') ?? 0;
      const cached = num(u, 'cachedContentTokenCount', 'cached_content_token_count') ?? 0;
      const thoughts = num(u, 'thoughtsTokenCount', 'thoughts_token_count') ?? 0;
      const toolPrompt = num(u, 'toolUsePromptTokenCount', 'tool_use_prompt_token_count') ?? 0;
      if (prompt === undefined) return { ok: false, error: 'gemini usage: promptTokenCount is missing' };
      return finish(format, { promptTokenCount: prompt, candidatesTokenCount: candidates, cachedContentTokenCount: cached, thoughtsTokenCount: thoughts, toolUsePromptTokenCount: toolPrompt }, {
        // cachedContentTokenCount is inside promptTokenCount; tool-use prompt tokens are billed as input.
        inputTokens: prompt + toolPrompt,
        cacheReadTokens: cached,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: candidates + thoughts,
        reasoningTokens: thoughts,
      });
    }
  }
}

function finish(format: UsageFormat, raw: Record<string, number | undefined>, n: Omit<NormalizedUsage, 'format' | 'uncachedInputTokens'>): NormalizeResult {
  const invalid = validCounts(format, raw);
  if (invalid) return { ok: false, error: invalid };
  const uncached = n.inputTokens - n.cacheReadTokens - n.cacheWrite5mTokens - n.cacheWrite1hTokens;
  if (uncached < 0) {
    return { ok: false, error: `${format} usage: cached and cache-write tokens (${n.cacheReadTokens + n.cacheWrite5mTokens + n.cacheWrite1hTokens}) exceed the input tokens (${n.inputTokens})` };
  }
  return { ok: true, usage: { format, ...n, uncachedInputTokens: uncached } };
}

export interface UsageCost {
  /** USD for uncached input, cache reads, cache writes (5m + 1h), output, and the total. */
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  total: number;
  perMtok: PricePerMtok;
  pricing: ModelPricing;
  batch: boolean;
}

export interface PriceUsageOptions extends PricingOptions {
  /** Priced through the provider's batch API (its batch discount applies). */
  batch?: boolean;
}

/** Dollars for a normalised usage on a model's prices. */
export function costOf(usage: NormalizedUsage, pricing: ModelPricing, batch = false): UsageCost {
  const p = perMtok(pricing, usage.inputTokens);
  const discount = batch ? batchDiscountFor(pricing.provider)?.multiplier ?? 1 : 1;
  const m = (tokens: number, price: number) => (tokens * price * discount) / 1e6;
  const input = m(usage.uncachedInputTokens, p.input);
  const cacheRead = m(usage.cacheReadTokens, p.cachedInput);
  const cacheWrite = m(usage.cacheWrite5mTokens, p.cacheWrite5m) + m(usage.cacheWrite1hTokens, p.cacheWrite1h);
  const output = m(usage.outputTokens, p.output);
  return { input, cacheRead, cacheWrite, output, total: input + cacheRead + cacheWrite + output, perMtok: p, pricing, batch: discount !== 1 };
}

/** Normalise and price a provider's usage payload. */
export function priceUsage(
  payload: unknown,
  modelId: string,
  provider: string | undefined,
  options: PriceUsageOptions = {},
): { ok: true; usage: NormalizedUsage; cost: UsageCost } | { ok: false; error: string } {
  const n = normalizeUsage(payload);
  if (!n.ok) return n;
  const pricing = lookupPricing(modelId, provider, options);
  if (!pricing) return { ok: false, error: `no price known for model "${modelId}"${provider ? ` (provider ${provider})` : ''}; add it under costlens.pricing.customModels` };
  return { ok: true, usage: n.usage, cost: costOf(n.usage, pricing, options.batch) };
}
