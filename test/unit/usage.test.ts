// Usage payloads shaped exactly as the SDKs type them (openai-node `CompletionUsage` and
// `ResponseUsage`, anthropic-sdk `Usage`, @google/genai `GenerateContentResponseUsageMetadata`),
// priced by hand from the published prices.
import * as assert from 'node:assert/strict';
import { normalizeUsage, priceUsage } from '../../src/core/pricing/usage';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

const openaiChatCompletion = {
  id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
  object: 'chat.completion',
  created: 1741569952,
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Your refund was issued.', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
  usage: {
    prompt_tokens: 2006,
    completion_tokens: 300,
    total_tokens: 2306,
    prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_fc9f1d7035',
};

const openaiResponse = {
  id: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b',
  object: 'response',
  created_at: 1741476542,
  status: 'completed',
  model: 'gpt-5-2025-08-07',
  output: [],
  usage: { input_tokens: 3000, input_tokens_details: { cached_tokens: 2048 }, output_tokens: 500, output_tokens_details: { reasoning_tokens: 320 }, total_tokens: 3500 },
};

const anthropicMessage = {
  id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'I can help with that refund.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: {
    input_tokens: 50,
    cache_creation_input_tokens: 2000,
    cache_read_input_tokens: 10_000,
    cache_creation: { ephemeral_5m_input_tokens: 1500, ephemeral_1h_input_tokens: 500 },
    output_tokens: 400,
    server_tool_use: null,
    service_tier: 'standard',
  },
};

const geminiResponseJs = {
  candidates: [{ content: { parts: [{ text: 'Summary…' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
  modelVersion: 'gemini-2.5-flash',
  responseId: 'abc123',
  usageMetadata: {
    promptTokenCount: 5000,
    candidatesTokenCount: 200,
    totalTokenCount: 5500,
    cachedContentTokenCount: 4000,
    thoughtsTokenCount: 300,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 5000 }],
    cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 4000 }],
  },
};

describe('usage normalisation and pricing', () => {
  it('OpenAI Chat Completions: cached_tokens are inside prompt_tokens', () => {
    const n = normalizeUsage(openaiChatCompletion);
    assert.ok(n.ok);
    assert.equal(n.usage.format, 'openai-chat');
    assert.equal(n.usage.inputTokens, 2006);
    assert.equal(n.usage.cacheReadTokens, 1920);
    assert.equal(n.usage.uncachedInputTokens, 86);
    assert.equal(n.usage.outputTokens, 300);
    assert.equal(n.usage.model, 'gpt-4o-2024-08-06');
    const p = priceUsage(openaiChatCompletion, 'gpt-4o-2024-08-06', 'openai');
    assert.ok(p.ok);
    // 86 × $2.50 + 1,920 × $1.25 + 300 × $10 per Mtok
    close(p.cost.total, (86 * 2.5 + 1920 * 1.25 + 300 * 10) / 1e6);
    close(p.cost.cacheRead, (1920 * 1.25) / 1e6);
  });

  it('OpenAI Responses: input_tokens_details.cached_tokens inside input_tokens; reasoning in output', () => {
    const n = normalizeUsage(openaiResponse);
    assert.ok(n.ok);
    assert.equal(n.usage.format, 'openai-responses');
    assert.equal(n.usage.inputTokens, 3000);
    assert.equal(n.usage.uncachedInputTokens, 952);
    assert.equal(n.usage.reasoningTokens, 320);
    assert.equal(n.usage.outputTokens, 500);
    const p = priceUsage(openaiResponse, 'gpt-5', 'openai');
    assert.ok(p.ok);
    close(p.cost.total, (952 * 1.25 + 2048 * 0.125 + 500 * 10) / 1e6);
  });

  it('Anthropic Messages: cache reads and writes are outside input_tokens, 1-hour writes cost 2×', () => {
    const n = normalizeUsage(anthropicMessage);
    assert.ok(n.ok);
    assert.equal(n.usage.format, 'anthropic-messages');
    assert.equal(n.usage.inputTokens, 12_050, 'total input = input + cache read + cache creation');
    assert.equal(n.usage.uncachedInputTokens, 50);
    assert.equal(n.usage.cacheReadTokens, 10_000);
    assert.equal(n.usage.cacheWrite5mTokens, 1500);
    assert.equal(n.usage.cacheWrite1hTokens, 500);
    const p = priceUsage(anthropicMessage, 'claude-sonnet-4-5', 'anthropic');
    assert.ok(p.ok);
    close(p.cost.total, (50 * 3 + 10_000 * 0.3 + 1500 * 3.75 + 500 * 6 + 400 * 15) / 1e6);
    close(p.cost.cacheWrite, (1500 * 3.75 + 500 * 6) / 1e6);
  });

  it('Anthropic without the 5m/1h split: all writes at the 5-minute price', () => {
    const usage = { input_tokens: 10, cache_creation_input_tokens: 4000, cache_read_input_tokens: 0, output_tokens: 20 };
    const p = priceUsage(usage, 'claude-haiku-4-5', 'anthropic');
    assert.ok(p.ok);
    assert.equal(p.usage.cacheWrite5mTokens, 4000);
    close(p.cost.total, (10 * 1 + 4000 * 1.25 + 20 * 5) / 1e6);
  });

  it('does not double count: the same tokens cost the same whichever way the provider reports them', () => {
    // 1,000 uncached + 9,000 cached input, 100 output, reported the OpenAI way and the Anthropic way.
    const asOpenAI = normalizeUsage({ prompt_tokens: 10_000, completion_tokens: 100, prompt_tokens_details: { cached_tokens: 9000 } });
    const asAnthropic = normalizeUsage({ input_tokens: 1000, cache_read_input_tokens: 9000, cache_creation_input_tokens: 0, output_tokens: 100 });
    assert.ok(asOpenAI.ok && asAnthropic.ok);
    const { format: _a, ...a } = asOpenAI.usage;
    const { format: _b, ...b } = asAnthropic.usage;
    assert.deepEqual(a, b);
  });

  it('Gemini (JS camelCase and Python snake_case): cached inside the prompt, thoughts billed as output', () => {
    const n = normalizeUsage(geminiResponseJs);
    assert.ok(n.ok);
    assert.equal(n.usage.format, 'gemini');
    assert.equal(n.usage.inputTokens, 5000);
    assert.equal(n.usage.cacheReadTokens, 4000);
    assert.equal(n.usage.outputTokens, 500);
    assert.equal(n.usage.model, 'gemini-2.5-flash');
    const p = priceUsage(geminiResponseJs, 'gemini-2.5-flash', 'google');
    assert.ok(p.ok);
    close(p.cost.total, (1000 * 0.3 + 4000 * 0.03 + 500 * 2.5) / 1e6);
    const py = normalizeUsage({ usage_metadata: { prompt_token_count: 5000, candidates_token_count: 200, cached_content_token_count: 4000, thoughts_token_count: 300, total_token_count: 5500 } });
    assert.ok(py.ok);
    const { model: _m, ...withoutModel } = n.usage;
    assert.deepEqual(py.usage, withoutModel);
  });

  it('rejects malformed usage with a clear reason', () => {
    const bad: [unknown, RegExp][] = [
      [null, /must be an object, got null/],
      [[1, 2], /got an array/],
      [{ foo: 1 }, /unrecognised usage object \(fields: foo\)/],
      [{ prompt_tokens: -5, completion_tokens: 1 }, /prompt_tokens must be a non-negative number, got -5/],
      [{ prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 20 } }, /exceed the input tokens/],
      [{ completion_tokens: 3 }, /prompt_tokens is missing/],
    ];
    for (const [payload, message] of bad) {
      const r = normalizeUsage(payload);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, message);
    }
    const noPrice = priceUsage({ prompt_tokens: 1, completion_tokens: 1 }, 'nonexistent-model-9', 'openai');
    assert.equal(noPrice.ok, false);
    if (!noPrice.ok) assert.match(noPrice.error, /no price known for model "nonexistent-model-9"/);
  });
});
