import * as assert from 'node:assert/strict';
import { defaultConfig, resolveConfig } from '../../src/config/load';
import { estimateCallSite } from '../../src/core/estimate/estimate';
import type { CallSite, PromptPart } from '../../src/core/model';
import { countMessages, countText } from '../../src/core/tokens';

// ~1,900 tokens of stable policy text: above every provider's minimum cacheable prefix.
const POLICY = Array.from({ length: 60 }, (_, i) => `Policy ${i + 1}: refunds for damaged items are issued within 14 days of the claim, after photo review by the returns desk.`).join('\n');

function site(over: Partial<CallSite> & { parts: PromptPart[] }): CallSite {
  return {
    key: 'agent.py#run#0',
    kind: 'code',
    path: 'agent.py',
    span: { start: 0, end: 10 },
    line: 1,
    provider: 'openai',
    api: 'chat.completions',
    model: { id: 'gpt-4o' },
    params: {},
    cacheMarkers: [],
    multiplier: { min: 1, expected: 1, max: 1, reason: 'single call' },
    ...over,
  };
}

const systemPart: PromptPart = { role: 'system', message: 0, source: 'literal', text: POLICY };
const question: PromptPart = { role: 'user', message: 1, source: 'template', text: '', dynamic: { kind: 'user-data', name: 'question', volatile: true } };
const timestamp: PromptPart = { role: 'system', message: 0, source: 'template', text: '', dynamic: { kind: 'timestamp', name: 'now', volatile: true } };

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

describe('estimate', () => {
  const config = defaultConfig();

  it('counts static input with chat framing and sizes placeholders from the defaults, saying so', () => {
    const e = estimateCallSite(site({ parts: [systemPart, question], outputCap: { tokens: 64, param: 'max_tokens' } }), { config });
    const framed = countMessages([{ role: 'system', content: POLICY }, { role: 'user', content: '' }], 'gpt-4o').tokens;
    assert.equal(e.tokens.staticInput, framed);
    assert.equal(e.tokens.dynamicInput, 150);
    assert.equal(e.tokens.input, framed + 150);
    assert.equal(e.tokens.output, 64);
    assert.deepEqual(e.outputRange, { low: 16, expected: 64, high: 64 });
    assert.equal(e.exact, true);
    assert.ok(e.assumptions.some((a) => a.text.includes('`question` (user-data) is assumed to be 150 tokens') && a.changeWith?.includes('costlens.defaults.placeholderTokens.user-data')));
  });

  it('caches the stable prefix in OpenAI\'s 128-token steps and prices hits at the cached rate', () => {
    const e = estimateCallSite(site({ parts: [systemPart, question] }), { config });
    const prefix = countMessages([{ role: 'system', content: POLICY }], 'gpt-4o').tokens - 3;
    assert.ok(prefix > 1024);
    assert.equal(e.tokens.cacheablePrefix, Math.floor(prefix / 128) * 128);
    assert.equal(e.tokens.cachedInput, Math.round(e.tokens.cacheablePrefix * 0.9));
    assert.equal(e.tokens.cacheWrite, 0, 'OpenAI charges no cache writes');
    const expected = ((e.tokens.input - e.tokens.cachedInput) * 2.5 + e.tokens.cachedInput * 1.25 + 400 * 10) / 1e6;
    close(e.usd!.perCall.expected, expected);
    close(e.usd!.perCallNoCache.expected, (e.tokens.input * 2.5 + 400 * 10) / 1e6);
    assert.ok(e.usd!.perCall.low < e.usd!.perCall.expected && e.usd!.perCall.expected < e.usd!.perCall.high);
    // No cap: the high estimate assumes the uncapped default.
    assert.equal(e.outputRange.high, 4096);
    assert.ok(e.assumptions.some((a) => a.text.startsWith('no output cap')));
  });

  it('a volatile value before the stable text leaves nothing to cache', () => {
    const e = estimateCallSite(site({ parts: [timestamp, systemPart, question] }), { config });
    assert.equal(e.tokens.cacheablePrefix, 0);
    close(e.usd!.perCall.expected, e.usd!.perCallNoCache.expected);
  });

  it('Anthropic caches only up to an explicit breakpoint, and writes cost 1.25× (2× for 1h)', () => {
    const parts = [systemPart, question];
    const none = estimateCallSite(site({ provider: 'anthropic', model: { id: 'claude-sonnet-4-5' }, parts }), { config });
    assert.equal(none.tokens.cacheablePrefix, 0);
    assert.ok(none.assumptions.some((a) => a.text.includes('no cache breakpoint')));
    assert.equal(none.exact, false);

    const marked = estimateCallSite(site({ provider: 'anthropic', model: { id: 'claude-sonnet-4-5' }, parts, cacheMarkers: [{ afterPart: 0, ttl: '5m' }] }), { config });
    const prefix = marked.tokens.cacheablePrefix;
    assert.ok(prefix >= 1024);
    assert.equal(marked.tokens.cachedInput, Math.round(prefix * 0.9));
    assert.equal(marked.tokens.cacheWrite, prefix - Math.round(prefix * 0.9));
    const i = marked.tokens;
    close(marked.usd!.perCall.expected, ((i.input - i.cachedInput - i.cacheWrite) * 3 + i.cachedInput * 0.3 + i.cacheWrite * 3.75 + 400 * 15) / 1e6);

    const oneHour = resolveConfig([{ origin: 'test', values: { 'cache.ttl': '1h' } }]).values;
    const marked1h = estimateCallSite(site({ provider: 'anthropic', model: { id: 'claude-sonnet-4-5' }, parts, cacheMarkers: [{ afterPart: 0, ttl: '1h' }] }), { config: oneHour });
    close(marked1h.usd!.perCall.expected - marked.usd!.perCall.expected, (i.cacheWrite * (6 - 3.75)) / 1e6);
  });

  it('a prefix under the provider minimum is not cached', () => {
    const short: PromptPart = { role: 'system', message: 0, source: 'literal', text: 'You are terse.' };
    const e = estimateCallSite(site({ parts: [short, question] }), { config });
    assert.equal(e.tokens.cacheablePrefix, 0);
    assert.ok(e.assumptions.some((a) => /under openai's minimum of 1024/.test(a.text)));
  });

  it('counts sample values of placeholders instead of defaults', () => {
    const sample = 'Where is my order #1234? It was due last Tuesday.';
    const part: PromptPart = { ...question, text: sample };
    const e = estimateCallSite(site({ parts: [systemPart, part] }), { config });
    assert.equal(e.tokens.dynamicInput, countText(sample, 'gpt-4o').tokens);
  });

  it('an unknown model gets tokens but no price, and says why', () => {
    const e = estimateCallSite(site({ model: { unresolvedReason: 'model comes from a function argument' }, provider: 'unknown', parts: [systemPart] }), { config });
    assert.equal(e.usd, undefined);
    assert.equal(e.model, 'unknown');
    assert.ok(e.tokens.input > 0);
    assert.ok(e.assumptions.some((a) => a.text.includes('model comes from a function argument')));
    const unpriced = estimateCallSite(site({ model: { id: 'acme-internal-7b' }, provider: 'unknown', parts: [systemPart] }), { config });
    assert.equal(unpriced.usd, undefined);
    assert.ok(unpriced.assumptions.some((a) => a.text === 'no price known for "acme-internal-7b"'));
  });

  it('applies batch pricing and price overrides from settings', () => {
    const batch = resolveConfig([{ origin: 'test', values: { 'pricing.batch': true } }]).values;
    const a = estimateCallSite(site({ parts: [systemPart] }), { config });
    const b = estimateCallSite(site({ parts: [systemPart] }), { config: batch });
    close(b.usd!.perCall.expected, a.usd!.perCall.expected / 2);
    const over = resolveConfig([{ origin: 'test', values: { 'pricing.overrides': { 'gpt-4o': { input: 0, cachedInput: 0, output: 0 } } } }]).values;
    const c = estimateCallSite(site({ parts: [systemPart] }), { config: over });
    assert.equal(c.usd!.perCall.expected, 0);
    assert.ok(c.assumptions.some((x) => x.changeWith === 'costlens.pricing.overrides'));
  });
});

describe('estimate: cache TTL from the breakpoint', () => {
  it('a 1h cache_control breakpoint is billed at the 1-hour write price without any setting', () => {
    const config = defaultConfig();
    const parts = [systemPart, question];
    const fiveMin = estimateCallSite(site({ provider: 'anthropic', model: { id: 'claude-sonnet-4-5' }, parts, cacheMarkers: [{ afterPart: 0, ttl: '5m' }] }), { config });
    const oneHour = estimateCallSite(site({ provider: 'anthropic', model: { id: 'claude-sonnet-4-5' }, parts, cacheMarkers: [{ afterPart: 0, ttl: '1h' }] }), { config });
    close(oneHour.usd!.perCall.expected - fiveMin.usd!.perCall.expected, (fiveMin.tokens.cacheWrite * (6 - 3.75)) / 1e6);
  });
});
