import * as assert from 'node:assert/strict';
import { calcPrice, findProvider } from '@pydantic/genai-prices';
import { BATCH_DISCOUNTS, CACHE_RULES, cacheRuleFor } from '../../src/core/pricing/cacheRules';
import { billedByOtherUnits, CATALOGUE_PROVIDERS, lookupPricing, perMtok } from '../../src/core/pricing/catalogue';
import { SUPPLEMENT } from '../../src/core/pricing/supplement';
import { costOf, normalizeUsage, priceUsage } from '../../src/core/pricing/usage';

// Published per-million-token list prices (USD), from each provider's pricing page, as of 2026-11.
// openai.com/api/pricing; anthropic.com/pricing (cache writes 1.25× / 2× input, reads 0.1×);
// ai.google.dev/gemini-api/docs/pricing (≤200k prompt tier).
const PUBLISHED: { model: string; provider: string; input: number; cachedInput: number; output: number; cacheWrite5m?: number; cacheWrite1h?: number }[] = [
  { model: 'gpt-4o', provider: 'openai', input: 2.5, cachedInput: 1.25, output: 10 },
  { model: 'gpt-4o-mini', provider: 'openai', input: 0.15, cachedInput: 0.075, output: 0.6 },
  { model: 'gpt-4.1', provider: 'openai', input: 2, cachedInput: 0.5, output: 8 },
  { model: 'gpt-5', provider: 'openai', input: 1.25, cachedInput: 0.125, output: 10 },
  { model: 'claude-sonnet-4-5', provider: 'anthropic', input: 3, cachedInput: 0.3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6 },
  { model: 'claude-haiku-4-5', provider: 'anthropic', input: 1, cachedInput: 0.1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2 },
  { model: 'claude-opus-4-1', provider: 'anthropic', input: 15, cachedInput: 1.5, output: 75, cacheWrite5m: 18.75, cacheWrite1h: 30 },
  { model: 'gemini-2.5-pro', provider: 'google', input: 1.25, cachedInput: 0.125, output: 10 },
  { model: 'gemini-2.5-flash', provider: 'google', input: 0.3, cachedInput: 0.03, output: 2.5 },
];

const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-12, `${msg ?? ''} ${a} ≠ ${b}`);

describe('price catalogue', () => {
  it('gives the providers\' published prices per Mtok', () => {
    for (const p of PUBLISHED) {
      const pricing = lookupPricing(p.model, p.provider);
      assert.ok(pricing, p.model);
      const m = perMtok(pricing, 1000);
      close(m.input, p.input, `${p.model} input`);
      close(m.cachedInput, p.cachedInput, `${p.model} cached`);
      close(m.output, p.output, `${p.model} output`);
      if (p.cacheWrite5m !== undefined) close(m.cacheWrite5m, p.cacheWrite5m, `${p.model} 5m write`);
      if (p.cacheWrite1h !== undefined) close(m.cacheWrite1h, p.cacheWrite1h, `${p.model} 1h write`);
    }
  });

  it('finds dated, prefixed and Bedrock model ids', () => {
    assert.equal(lookupPricing('gpt-4o-2024-08-06', 'openai')?.model, 'gpt-4o');
    assert.equal(lookupPricing('claude-sonnet-4-20250514', 'anthropic')?.model, 'claude-sonnet-4-0');
    assert.equal(lookupPricing('openai/gpt-4o-mini', undefined)?.model, 'gpt-4o-mini');
    assert.equal(lookupPricing('gpt-4o', 'unknown')?.provider, 'openai');
    assert.equal(lookupPricing('no-such-model-xyz', 'openai'), undefined);
  });

  it('finds a model its provider does not list under the catalogue host that does, and says so', () => {
    // smolagents' InferenceClientModel default, routed by Hugging Face to one of its hosts.
    const hf = lookupPricing('Qwen/Qwen3-Next-80B-A3B-Thinking', 'huggingface')!;
    assert.ok(hf, 'priced through Hugging Face Inference Providers');
    assert.ok(hf.provider.startsWith('huggingface_'), hf.provider);
    assert.match(hf.assumption ?? '', /Hugging Face Inference Providers.*dearest of 2 hosts/);
    // The dearest host, so the figure errs high: novita's $1.50 output, not hyperbolic's $0.30.
    assert.equal(perMtok(hf, 1000).output, 1.5);
    // aisuite's `provider:model` ids.
    assert.equal(lookupPricing('openai:gpt-4o-mini', 'openai')?.model, 'gpt-4o-mini');
    // A reseller the catalogue lacks: the maker's list price, said as an assumption.
    const resold = lookupPricing('text-embedding-3-small', 'linkai')!;
    assert.equal(resold.provider, 'openai');
    assert.match(resold.assumption ?? '', /no linkai price/);
    // No provider named (Azure AI Inference's client): the host that lists the id.
    assert.equal(lookupPricing('Phi-4', 'unknown')?.provider, 'azure');
    // Found by its provider as before: no assumption.
    assert.equal(lookupPricing('gpt-4o', 'openai')?.assumption, undefined);
    assert.equal(lookupPricing('no-such-model-xyz', 'huggingface'), undefined);
    // Open weights on a host the catalogue lacks: another host's price would be a guess.
    assert.equal(lookupPricing('meta/llama-3.1-8b-instruct', 'nvidia'), undefined);
  });

  it('names only providers the catalogue has in its list of every provider', () => {
    for (const id of CATALOGUE_PROVIDERS) assert.equal(findProvider({ providerId: id })?.id, id, id);
  });

  it('resolves context-size tiers for the whole request', () => {
    const pricing = lookupPricing('gemini-2.5-pro', 'google')!;
    assert.equal(perMtok(pricing, 200_000).input, 1.25);
    assert.equal(perMtok(pricing, 200_001).input, 2.5);
    assert.equal(perMtok(pricing, 200_001).output, 15);
  });

  it('applies user overrides and custom models, naming what was overridden', () => {
    const over = lookupPricing('gpt-4o', 'openai', { overrides: { 'gpt-4o': { input: 2, output: 8 } } })!;
    assert.equal(perMtok(over, 10).input, 2);
    assert.equal(perMtok(over, 10).output, 8);
    assert.equal(perMtok(over, 10).cachedInput, 1.25);
    assert.deepEqual(over.overridden, ['input', 'output']);
    const keyed = lookupPricing('gpt-4o', 'openai', { overrides: { 'openai:gpt-4o': { output: 9 } } })!;
    assert.equal(perMtok(keyed, 10).output, 9);
    const custom = lookupPricing('acme-llama', 'openai', { customModels: [{ id: 'acme-llama', provider: 'openai', input: 0.6, output: 0.8, contextWindow: 8192 }] })!;
    assert.equal(custom.origin, 'custom');
    assert.equal(custom.contextWindow, 8192);
    assert.equal(perMtok(custom, 10).cachedInput, 0.6, 'no cache price: reads are billed as input');
    const unknownButOverridden = lookupPricing('my-finetune', 'openai', { overrides: { 'my-finetune': { input: 1, output: 2 } } });
    assert.equal(unknownButOverridden?.model, 'my-finetune');
  });

  it('gives no per-token price for a model the catalogue bills by pages (Mistral OCR), says what it is billed at, and takes a price set in settings', () => {
    // The catalogue lists OCR at a price per 1,000 pages and none per token: $0 per call would read as free.
    assert.equal(lookupPricing('mistral-ocr-2505', 'mistral'), undefined);
    const units = billedByOtherUnits('mistral-ocr-2505', 'mistral');
    assert.match(units ?? '', /^\$\d+(\.\d+)? per 1,000 document pages/);
    assert.equal(billedByOtherUnits('mistral-large-latest', 'mistral'), undefined);
    const set = lookupPricing('mistral-ocr-2505', 'mistral', { overrides: { 'mistral-ocr-2505': { input: 1, output: 3 } } });
    assert.equal(set && perMtok(set, 10).input, 1);
  });

  it('prices a usage exactly as @pydantic/genai-prices does, tiers and 1-hour writes included', () => {
    const cases = [
      { model: 'claude-sonnet-4-5', provider: 'anthropic', usage: { input_tokens: 50, cache_read_input_tokens: 10_000, cache_creation_input_tokens: 2000, cache_creation: { ephemeral_5m_input_tokens: 1500, ephemeral_1h_input_tokens: 500 }, output_tokens: 400 } },
      { model: 'claude-sonnet-4-5', provider: 'anthropic', usage: { input_tokens: 150_000, cache_read_input_tokens: 100_000, cache_creation_input_tokens: 0, output_tokens: 2000 } },
      { model: 'gpt-4o', provider: 'openai', usage: { prompt_tokens: 2006, completion_tokens: 300, total_tokens: 2306, prompt_tokens_details: { cached_tokens: 1920 } } },
      { model: 'gemini-2.5-pro', provider: 'google', usage: { promptTokenCount: 250_000, candidatesTokenCount: 1000, cachedContentTokenCount: 100_000, totalTokenCount: 251_000 } },
    ];
    for (const c of cases) {
      const n = normalizeUsage(c.usage);
      assert.ok(n.ok);
      const ours = priceUsage(c.usage, c.model, c.provider);
      assert.ok(ours.ok);
      const theirs = calcPrice(
        {
          input_tokens: n.usage.inputTokens,
          cache_read_tokens: n.usage.cacheReadTokens,
          cache_write_tokens: n.usage.cacheWrite5mTokens + n.usage.cacheWrite1hTokens,
          cache_write_1h_tokens: n.usage.cacheWrite1hTokens,
          output_tokens: n.usage.outputTokens,
        },
        c.model,
        { providerId: c.provider },
      );
      assert.ok(theirs);
      assert.ok(Math.abs(ours.cost.total - theirs.total_price) < 1e-12, `${c.model}: ${ours.cost.total} vs ${theirs.total_price}`);
    }
  });

  it('applies the batch discount', () => {
    const pricing = lookupPricing('gpt-4o', 'openai')!;
    const usage = normalizeUsage({ prompt_tokens: 1_000_000, completion_tokens: 1_000_000 });
    assert.ok(usage.ok);
    close(costOf(usage.usage, pricing).total, 12.5);
    close(costOf(usage.usage, pricing, true).total, 6.25);
    for (const b of BATCH_DISCOUNTS) assert.match(b.asOf, /^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('price supplement', () => {
  it('prices a model the catalogue lacks from a dated row of its provider\'s page, marked retired where it is', () => {
    const p = lookupPricing('deepseek-coder', 'deepseek');
    assert.ok(p, 'deepseek-coder is priced');
    close(p.prices.input_mtok as number, 0.14);
    close(p.prices.cache_read_mtok as number, 0.014);
    close(p.prices.output_mtok as number, 0.28);
    assert.match(p.source, /^https:\/\/platform\.deepseek\.com\/api-docs\/quick_start\/pricing as of 2026-12-06 \(retired: priced at its last published price/);
    // The catalogue still comes first: a model it prices is not taken from the supplement.
    assert.match(lookupPricing('deepseek-chat', 'deepseek')!.source, /^@pydantic\/genai-prices/);
  });

  it('keeps, for every row, the provider\'s page, a date, sane prices, and only models the catalogue does not price', () => {
    assert.ok(SUPPLEMENT.length > 0);
    for (const r of SUPPLEMENT) {
      const what = r.ids.join(', ');
      assert.match(r.url, /^https:\/\/[^/]+\//, what);
      assert.match(r.asOf, /^\d{4}-\d{2}-\d{2}$/, what);
      assert.ok(r.input_mtok >= 0 && r.output_mtok >= 0 && r.input_mtok < 1000 && r.output_mtok < 1000, what);
      if (r.cache_read_mtok !== undefined) assert.ok(r.cache_read_mtok <= r.input_mtok, `${what}: a cache read costs no more than input`);
      for (const id of r.ids) {
        // When genai-prices gains the model, its row here is to go: the catalogue keeps price history.
        assert.equal(calcPrice({ input_tokens: 0, output_tokens: 0 }, id, { providerId: r.provider }), null, `${id} is in the catalogue now: drop its supplement row`);
      }
    }
  });
});

describe('cache rules', () => {
  it('knows each provider\'s minimums, increments and modes', () => {
    assert.equal(cacheRuleFor('openai', 'gpt-4o').minTokens, 1024);
    assert.equal(cacheRuleFor('openai', 'gpt-4o').increment, 128);
    assert.equal(cacheRuleFor('openai', 'gpt-4o').mode, 'automatic');
    assert.equal(cacheRuleFor('openai', 'gpt-4o').writePremium, false);
    assert.equal(cacheRuleFor('openai', 'gpt-5.6').writePremium, true);
    assert.equal(cacheRuleFor('anthropic', 'claude-sonnet-4-5').minTokens, 1024);
    assert.equal(cacheRuleFor('anthropic', 'claude-sonnet-4-5').mode, 'explicit');
    assert.equal(cacheRuleFor('anthropic', 'claude-sonnet-4-5').maxBreakpoints, 4);
    assert.equal(cacheRuleFor('anthropic', 'claude-opus-4-5').minTokens, 4096);
    assert.equal(cacheRuleFor('anthropic', 'claude-haiku-4-5').minTokens, 4096);
    assert.equal(cacheRuleFor('anthropic', 'claude-3-5-haiku-latest').minTokens, 2048);
    assert.equal(cacheRuleFor('google', 'gemini-2.5-flash').minTokens, 2048);
    assert.equal(cacheRuleFor('google', 'gemini-3-pro').minTokens, 4096);
    assert.equal(cacheRuleFor('google', 'gemini-2.0-flash').mode, 'explicit');
    assert.equal(cacheRuleFor('groq', 'llama-3.1-8b').mode, 'none');
  });

  it('keeps a source and an as-of date for every rule, and every pattern compiles', () => {
    for (const r of CACHE_RULES) {
      assert.ok(r.source.length > 5, r.provider);
      assert.match(r.asOf, /^\d{4}-\d{2}-\d{2}$/);
      assert.doesNotThrow(() => new RegExp(r.models));
    }
  });
});
