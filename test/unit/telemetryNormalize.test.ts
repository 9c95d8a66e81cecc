// Spans as each instrumentation writes them (test/fixtures/telemetry, sources in its README) →
// ObservedCall: which spans are calls, and the token accounting, above all cached tokens counted
// once whichever way the source reports them.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ObservedCall } from '../../src/core/telemetry/call';
import { observedCallsFromLangfuseExport, parseCsv } from '../../src/core/telemetry/langfuse';
import { normalizeProvider, observedCalls } from '../../src/core/telemetry/normalize';
import type { ExportTraceServiceRequest, KeyValue, OtlpSpan } from '../../src/core/telemetry/otlp';
import { decodeOtlpJson } from '../../src/core/telemetry/otlpJson';

const dir = path.join(__dirname, '../../../test/fixtures/telemetry');
const text = (name: string) => readFileSync(path.join(dir, name), 'utf8');
const load = (name: string): ExportTraceServiceRequest => decodeOtlpJson(text(name));
const bySpan = (calls: ObservedCall[], spanId: string) => {
  const c = calls.find((x) => x.spanId === spanId);
  assert.ok(c, `no call for span ${spanId}; calls: ${calls.map((x) => x.spanId).join(', ')}`);
  return c;
};
const usage = (input: number, cacheRead: number, cacheWrite: number, output: number, reasoning = 0, cacheWrite1h = 0) => ({ input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning });

// A request built by hand: one resource, one scope, these spans.
function request(spans: Partial<OtlpSpan>[], scope = 'test', resource: KeyValue[] = []): ExportTraceServiceRequest {
  return { resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ scope: { name: scope }, spans: spans as OtlpSpan[] }] }] };
}
function kv(attrs: Record<string, string | number | boolean>): KeyValue[] {
  return Object.entries(attrs).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v },
  }));
}
let nextId = 1;
function span(attrs: Record<string, string | number | boolean>, more: Partial<OtlpSpan> = {}): Partial<OtlpSpan> {
  const spanId = (nextId++).toString(16).padStart(16, '0');
  return { traceId: 'ab'.repeat(16), spanId, name: 'chat', startTimeUnixNano: '1752384000000000000', endTimeUnixNano: '1752384001000000000', attributes: kv(attrs), ...more };
}

describe('observedCalls: sources as they emit', () => {
  it('GenAI conventions (OpenAI): cached tokens inside input; reasoning inside output; agent and HTTP spans are not calls', () => {
    const r = observedCalls(load('genai-openai-cached.json'));
    assert.equal(r.calls.length, 2);
    assert.equal(r.ignored, 2);
    assert.deepEqual(r.problems, []);
    const mini = bySpan(r.calls, '53995c3f42cd8ad8');
    assert.equal(mini.source, 'gen_ai');
    assert.equal(mini.provider, 'openai');
    assert.equal(mini.requestModel, 'gpt-4o-mini');
    assert.equal(mini.responseModel, 'gpt-4o-mini-2024-07-18');
    assert.equal(mini.operation, 'chat');
    assert.deepEqual(mini.usage, usage(2006, 1920, 0, 300));
    assert.equal(mini.startMs, 1752384000015);
    assert.equal(mini.durationMs, 1800);
    assert.equal(mini.costUsd, undefined);
    // Its own prompt name first, the enclosing agent's name last.
    assert.deepEqual(mini.names, ['refund-reply', 'support-agent']);
    const o4 = bySpan(r.calls, 'a3ce929d0e0e4736');
    assert.deepEqual(o4.usage, usage(3000, 2048, 0, 500, 320));
    assert.deepEqual(o4.names, ['support-agent']);
  });

  it('OpenLLMetry (Anthropic): input already holds cache read and write, in both the current and the older attribute names', () => {
    const r = observedCalls(load('openllmetry-anthropic-cache.json'));
    assert.equal(r.calls.length, 2);
    assert.equal(r.ignored, 3); // workflow + two tasks
    for (const id of ['0102030405060708', '1112131415161718']) {
      const c = bySpan(r.calls, id);
      assert.equal(c.source, 'openllmetry');
      assert.equal(c.provider, 'anthropic');
      assert.equal(c.operation, 'chat');
      assert.deepEqual(c.usage, usage(12050, 10000, 2000, 400));
    }
    assert.deepEqual(bySpan(r.calls, '0102030405060708').names, ['summarize_ticket', 'ticket_triage']);
    assert.deepEqual(bySpan(r.calls, '1112131415161718').names, ['classify_ticket', 'ticket_triage']);
  });

  it('OpenInference: LangChain CHAIN and TOOL spans are not calls; an LLM span around another counts once; Anthropic cache counted once; cost from llm.cost', () => {
    const r = observedCalls(load('openinference-langchain.json'));
    assert.deepEqual(r.calls.map((c) => c.spanId).sort(), ['c0ffee0000000003', 'd0ffee0000000002', 'e0ffee0000000001']);
    assert.equal(r.ignored, 5);
    const chat = bySpan(r.calls, 'c0ffee0000000003');
    assert.equal(chat.source, 'openinference');
    assert.equal(chat.provider, 'openai');
    assert.equal(chat.requestModel, 'gpt-4o-mini-2024-07-18');
    assert.deepEqual(chat.usage, usage(2006, 1920, 0, 300));
    assert.deepEqual(chat.names, ['summarize-ticket']); // costlens.id in the metadata JSON
    // The LangChain ChatOpenAI span and the OpenAI SDK span inside it are one request: the inner
    // one is kept, with the outer's costlens id.
    const inner = bySpan(r.calls, 'd0ffee0000000002');
    assert.deepEqual(inner.usage, usage(512, 0, 0, 64));
    assert.deepEqual(inner.names, ['faq-answer']);
    const claude = bySpan(r.calls, 'e0ffee0000000001');
    assert.equal(claude.provider, 'anthropic');
    assert.deepEqual(claude.usage, usage(12050, 10000, 2000, 400));
    assert.equal(claude.costUsd, 0.01665);
  });

  it('Vercel AI SDK 5: only the doGenerate spans count, not the outer generateText that sums them; Anthropic input has the cache added', () => {
    const r = observedCalls(load('vercel-ai-generate-text.json'));
    assert.deepEqual(r.calls.map((c) => c.spanId), ['a1b2c3d4e5f60718', 'c1d2e3f405162738']);
    assert.equal(r.ignored, 2); // ai.generateText, ai.toolCall
    const [first, second] = r.calls;
    // Step 1 wrote 3000 tokens to the cache (providerMetadata.anthropic.cacheCreationInputTokens),
    // step 2 read them (ai.usage.cachedInputTokens); ai.usage.inputTokens left both out.
    assert.deepEqual(first.usage, usage(3120, 0, 3000, 80));
    assert.deepEqual(second.usage, usage(3260, 3000, 0, 150));
    for (const c of r.calls) {
      assert.equal(c.source, 'vercel-ai');
      assert.equal(c.provider, 'anthropic');
      assert.equal(c.requestModel, 'claude-sonnet-4-5');
      assert.equal(c.responseModel, 'claude-sonnet-4-5-20250929');
      assert.deepEqual(c.names, ['support-reply-main', 'support-reply']);
    }
    // The outer span's 380 input tokens are not a call.
    assert.equal(r.calls.reduce((s, c) => s + c.usage!.output, 0), 230);
  });

  it('Vercel AI SDK: inner spans without functionId or metadata get them from the outer span in the same request', () => {
    const req = load('vercel-ai-generate-text.json');
    for (const s of req.resourceSpans![0].scopeSpans![0].spans!) {
      if (s.name.endsWith('.doGenerate')) s.attributes = s.attributes!.filter((a) => !a.key.startsWith('ai.telemetry.') && a.key !== 'resource.name');
    }
    const r = observedCalls(req);
    assert.equal(r.calls.length, 2);
    for (const c of r.calls) assert.deepEqual(c.names, ['support-reply-main', 'support-reply']);
  });

  it('Vercel AI SDK: an outer span alone (its steps in another batch) is never a call', () => {
    const req = load('vercel-ai-generate-text.json');
    const scope = req.resourceSpans![0].scopeSpans![0];
    scope.spans = scope.spans!.filter((s) => s.name === 'ai.generateText');
    const r = observedCalls(req);
    assert.equal(r.calls.length, 0);
    assert.equal(r.ignored, 1);
  });

  it('Vercel AI SDK 4 (OpenAI) reads the cache from providerMetadata; AI SDK 6 totals include the cache and the 1-hour write is split out', () => {
    const r = observedCalls(load('vercel-ai-v4-v6.json'));
    assert.equal(r.calls.length, 2);
    const v4 = bySpan(r.calls, '1a1b1c1d1e1f2021');
    assert.equal(v4.provider, 'openai');
    assert.deepEqual(v4.usage, usage(2006, 1920, 0, 300));
    assert.deepEqual(v4.names, ['classify-intent']);
    const v6 = bySpan(r.calls, '3a3b3c3d3e3f4041');
    assert.equal(v6.provider, 'anthropic');
    assert.deepEqual(v6.usage, usage(48183, 47105, 1076, 714, 0, 1076));
  });

  it('OpenLIT: cost from the span; Anthropic input_tokens has the cache added; a cost of 0 is no price; Azure stays azure; framework spans are not calls', () => {
    const r = observedCalls(load('openlit-cost.json'));
    assert.equal(r.calls.length, 5);
    assert.equal(r.ignored, 1);
    const claude = bySpan(r.calls, '4a4b4c4d4e4f5051');
    assert.equal(claude.source, 'openlit');
    assert.deepEqual(claude.usage, usage(12050, 10000, 2000, 400));
    assert.equal(claude.costUsd, 0.01665);
    // Uncached input larger than the cache: only knowing OpenLIT's accounting gets this right.
    const haiku = bySpan(r.calls, '9a9b9c9d9e9fa0a2');
    assert.deepEqual(haiku.usage, usage(5500, 1500, 0, 300));
    assert.equal(haiku.costUsd, 0.00452);
    assert.equal(bySpan(r.calls, '5a5b5c5d5e5f6061').costUsd, 0.004);
    const azure = bySpan(r.calls, '6a6b6c6d6e6f7071');
    assert.equal(azure.provider, 'azure');
    assert.equal(azure.costUsd, undefined);
    assert.equal(azure.requestModel, 'billing-gpt4o-mini');
    assert.equal(azure.responseModel, 'gpt-4o-mini-2024-07-18');
    const embed = bySpan(r.calls, '7a7b7c7d7e7f8081');
    assert.equal(embed.operation, 'embeddings');
    assert.deepEqual(embed.usage, usage(512, 0, 0, 0));
    assert.equal(embed.costUsd, 0.00001024);
  });

  it('Langfuse OTel spans: generations are calls; usage details are disjoint buckets; cost details total; tools and spans are not calls', () => {
    const r = observedCalls(load('langfuse-otel-generation.json'));
    assert.equal(r.calls.length, 2);
    assert.equal(r.ignored, 2);
    const draft = bySpan(r.calls, 'aaabacadaeafb0b1');
    assert.equal(draft.source, 'langfuse');
    assert.equal(draft.requestModel, 'claude-sonnet-4-5');
    assert.deepEqual(draft.usage, usage(12050, 10000, 2000, 400));
    assert.equal(draft.costUsd, 0.01665);
    // costlens id from langfuse.observation.metadata.costlens_id, then the prompt; the
    // observation's own name is the same as the id.
    assert.deepEqual(draft.names, ['draft-reply', 'draft-reply-prompt']);
    // Usage details in OpenAI's shape: prompt_tokens includes cached_tokens.
    assert.deepEqual(bySpan(r.calls, 'cacbcccdcecfd0d1').usage, usage(2006, 1920, 0, 300));
  });

  it('Langfuse usage details: every input bucket and every output bucket summed, even when the uncached part is the larger', () => {
    const gen = span({ 'langfuse.observation.type': 'generation', 'langfuse.observation.model.name': 'gpt-5', 'langfuse.observation.usage_details': '{"input": 5000, "input_cached_tokens": 1000, "output": 60, "output_reasoning_tokens": 40, "total": 6100}' });
    const r = observedCalls(request([gen], 'langfuse-sdk'));
    assert.deepEqual(r.calls[0].usage, usage(6000, 1000, 0, 100, 40));
  });

  it('code location from current and deprecated code.* attributes', () => {
    const r = observedCalls(load('code-location.json'));
    assert.deepEqual(bySpan(r.calls, 'dadbdcdddedfe0e1').location, { file: '/srv/app/src/support/reply.py', line: 42, function: 'support.reply.draft_reply' });
    assert.deepEqual(bySpan(r.calls, 'eaebecedeeeff0f1').location, { file: 'src/billing/invoice.ts', line: 88, function: 'InvoiceService.summarize' });
  });

  it('HTTP, database, tool and create_agent spans are not calls', () => {
    const r = observedCalls(load('non-llm-spans.json'));
    assert.equal(r.calls.length, 0);
    assert.equal(r.ignored, 6);
    assert.deepEqual(r.problems, []);
  });
});

describe('observedCalls: token accounting', () => {
  it('Anthropic cached tokens are counted once in every source that reports them', () => {
    const anthropicCalls = [
      ...observedCalls(load('openllmetry-anthropic-cache.json')).calls,
      bySpan(observedCalls(load('openinference-langchain.json')).calls, 'e0ffee0000000001'),
      bySpan(observedCalls(load('openlit-cost.json')).calls, '4a4b4c4d4e4f5051'),
      bySpan(observedCalls(load('langfuse-otel-generation.json')).calls, 'aaabacadaeafb0b1'),
      bySpan(observedCallsFromLangfuseExport(text('langfuse-observations-api.json')).calls, 'aaabacadaeafb0b1'),
    ];
    assert.equal(anthropicCalls.length, 6);
    // 50 uncached + 10000 read + 2000 written, whether the source summed them or not.
    for (const c of anthropicCalls) assert.equal(c.usage!.input, 12050, `${c.source} ${c.spanId}`);
  });

  it('a span from an unknown library: input smaller than its cache cannot include it, so the cache is added; otherwise it is taken as including it', () => {
    const base = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-haiku-4-5', 'gen_ai.usage.output_tokens': 10, 'gen_ai.usage.cache_read.input_tokens': 9000, 'gen_ai.usage.cache_creation.input_tokens': 1000 };
    const r = observedCalls(request([span({ ...base, 'gen_ai.usage.input_tokens': 30 }), span({ ...base, 'gen_ai.usage.input_tokens': 10030 })]));
    assert.deepEqual(r.calls.map((c) => c.usage!.input), [10030, 10030]);
    assert.deepEqual(r.calls.map((c) => [c.usage!.cacheRead, c.usage!.cacheWrite]), [[9000, 1000], [9000, 1000]]);
  });

  it('reasoning larger than output was left out of it and is added; otherwise it is part of output', () => {
    const base = { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'o3', 'gen_ai.usage.input_tokens': 100 };
    const r = observedCalls(request([span({ ...base, 'gen_ai.usage.output_tokens': 100, 'gen_ai.usage.reasoning.output_tokens': 320 }), span({ ...base, 'gen_ai.usage.output_tokens': 500, 'gen_ai.usage.reasoning_tokens': 320 })]));
    assert.deepEqual(r.calls.map((c) => [c.usage!.output, c.usage!.reasoning]), [[420, 320], [500, 320]]);
  });

  it('AI SDK 5 Anthropic: the cache is added even when the uncached input is the larger part (AI SDK 6 totals are taken as they are)', () => {
    const v5 = { 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.id': 'claude-sonnet-4-5', 'ai.model.provider': 'anthropic.messages', 'ai.usage.inputTokens': 6000, 'ai.usage.outputTokens': 90, 'ai.usage.cachedInputTokens': 2000, 'ai.response.providerMetadata': '{"anthropic":{"cacheCreationInputTokens":500}}' };
    const v6 = { 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.id': 'claude-sonnet-4-5', 'ai.model.provider': 'anthropic.messages', 'ai.usage.inputTokens': 8500, 'ai.usage.inputTokenDetails.noCacheTokens': 6000, 'ai.usage.inputTokenDetails.cacheReadTokens': 2000, 'ai.usage.inputTokenDetails.cacheWriteTokens': 500, 'ai.usage.outputTokens': 90 };
    const r = observedCalls(request([span(v5), span(v6)], 'ai'));
    assert.deepEqual(r.calls.map((c) => c.usage), [usage(8500, 2000, 500, 90), usage(8500, 2000, 500, 90)]);
  });

  it('AI SDK 5 Google: outputTokens leaves thinking out, so reasoning is added; Anthropic without provider metadata still gets the cache read added', () => {
    const doGen = { 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.id': 'gemini-2.5-flash', 'ai.model.provider': 'google.generative-ai', 'ai.usage.inputTokens': 5000, 'ai.usage.outputTokens': 200, 'ai.usage.reasoningTokens': 800, 'ai.usage.cachedInputTokens': 4000 };
    const claude = { 'ai.operationId': 'ai.streamText.doStream', 'ai.model.id': 'claude-sonnet-4-5', 'ai.model.provider': 'anthropic.messages', 'ai.usage.inputTokens': 100, 'ai.usage.outputTokens': 50, 'ai.usage.cachedInputTokens': 5000 };
    const r = observedCalls(request([span(doGen), span(claude)], 'ai'));
    assert.deepEqual(r.calls[0].usage, usage(5000, 4000, 0, 1000, 800));
    assert.deepEqual(r.calls[1].usage, usage(5100, 5000, 0, 50));
  });

  it('an LLM span with usage inside one without counts once; one without usage inside one with usage is the same request, kept as the outer', () => {
    const outerNoUsage = span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' });
    const innerUsage = span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 }, { parentSpanId: outerNoUsage.spanId });
    const outerUsage = span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 20, 'gen_ai.usage.output_tokens': 3 });
    const innerNoUsage = span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' }, { parentSpanId: outerUsage.spanId });
    const r = observedCalls(request([outerNoUsage, innerUsage, outerUsage, innerNoUsage]));
    assert.deepEqual(r.calls.map((c) => c.spanId), [innerUsage.spanId, outerUsage.spanId]);
    assert.equal(r.ignored, 2);
  });

  it('a span sent twice in one request counts once; an error status is kept as an error call without usage', () => {
    const s = span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 });
    const failed = span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'error.type': '429' }, { status: { code: 2, message: 'rate limited' } });
    const r = observedCalls(request([s, { ...s }, failed]));
    assert.equal(r.calls.length, 2);
    assert.equal(r.calls[1].error, true);
    assert.equal(r.calls[1].usage, undefined);
    assert.equal(r.calls[0].error, undefined);
  });

  it('a span with a negative, NaN or non-numeric token count is rejected with the reason, never stored with 0', () => {
    const r = observedCalls(
      request([
        {
          ...span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.output_tokens': 'lots' }),
          attributes: [
            ...kv({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.output_tokens': 'lots' }),
            { key: 'gen_ai.usage.input_tokens', value: { intValue: '-40' } },
            { key: 'gen_ai.usage.cache_read.input_tokens', value: { doubleValue: Number.NaN } },
          ],
        },
      ]),
    );
    assert.equal(r.calls.length, 0);
    assert.equal(r.rejected, 1);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0], /rejected: not a token count: .*gen_ai\.usage\.input_tokens = -40/);
  });

  it('provider names from every source normalised', () => {
    const cases: [string, string | undefined][] = [
      ['openai', 'openai'], ['openai.chat', 'openai'], ['openai.responses', 'openai'], ['Anthropic', 'anthropic'], ['anthropic.messages', 'anthropic'],
      ['google.vertex.anthropic.messages', 'anthropic'], ['google.generative-ai', 'google'], ['google.vertex.chat', 'google'], ['gcp.vertex_ai', 'google'],
      ['gcp.gemini', 'google'], ['gemini', 'google'], ['vertex_ai', 'google'], ['google_genai', 'google'], ['azure.ai.openai', 'azure'], ['az.ai.openai', 'azure'],
      ['Azure', 'azure'], ['aws.bedrock', 'aws-bedrock'], ['amazon-bedrock', 'aws-bedrock'], ['AWS', 'aws-bedrock'], ['mistral_ai', 'mistral'], ['mistralai', 'mistral'],
      ['groq', 'groq'], ['deepseek.chat', 'deepseek'], ['x_ai', 'xai'], ['xai.chat', 'xai'], ['ibm.watsonx.ai', 'ibm'], ['', undefined],
    ];
    for (const [raw, want] of cases) assert.equal(normalizeProvider(raw), want, raw);
  });
});

describe('observedCallsFromLangfuseExport', () => {
  const expectations = (calls: ObservedCall[]) => {
    const draft = bySpan(calls, 'aaabacadaeafb0b1');
    assert.equal(draft.source, 'langfuse-export');
    assert.equal(draft.traceId, 'c2f56664a07af87ae9d0230b0f0f5437');
    assert.equal(draft.startMs, Date.parse('2025-07-13T05:20:00.020Z'));
    assert.equal(draft.durationMs, 3000);
    assert.equal(draft.requestModel, 'claude-sonnet-4-5');
    assert.equal(draft.provider, 'anthropic');
    // input 50 + input_cached_tokens 10000 + input_cache_creation_1h 2000.
    assert.deepEqual(draft.usage, usage(12050, 10000, 2000, 400, 0, 2000));
    assert.equal(draft.costUsd, 0.02115);
    assert.deepEqual(draft.names, ['draft-reply-prompt', 'draft-reply']);
    assert.deepEqual(draft.location, { file: 'src/tickets/reply.py', line: 57, function: 'draft_reply' });
    const openai = bySpan(calls, 'cacbcccdcecfd0d1');
    assert.deepEqual(openai.usage, usage(2006, 1920, 0, 300));
    assert.equal(openai.costUsd, undefined); // totalCost 0: not priced
    assert.deepEqual(openai.names, ['classify-sentiment', 'OpenAI-generation']);
  };

  it('the public API response { data, meta }: GENERATION observations only', () => {
    const r = observedCallsFromLangfuseExport(text('langfuse-observations-api.json'));
    assert.deepEqual(r.calls.map((c) => c.spanId), ['aaabacadaeafb0b1', 'cacbcccdcecfd0d1', 'dadbdcdddedfe0e1']);
    assert.deepEqual(r.problems, []);
    expectations(r.calls);
    const failed = bySpan(r.calls, 'dadbdcdddedfe0e1');
    assert.equal(failed.error, true);
    assert.equal(failed.usage, undefined);
    assert.equal(failed.costUsd, undefined);
  });

  it('the batch export as CSV (JSON cells, a quoted newline) and as JSON lines', () => {
    const csv = observedCallsFromLangfuseExport(text('langfuse-observations-export.csv'));
    assert.deepEqual(csv.calls.map((c) => c.spanId), ['aaabacadaeafb0b1', 'cacbcccdcecfd0d1', 'dadbdcdddedfe0e1']);
    expectations(csv.calls);
    assert.deepEqual(csv.problems, ['row 5 (eaebecedeeeff0f1): no valid start time']);
    const jsonl = observedCallsFromLangfuseExport(text('langfuse-observations-export.jsonl'));
    assert.deepEqual(jsonl.calls.map((c) => c.spanId), ['aaabacadaeafb0b1', 'cacbcccdcecfd0d1']);
    expectations(jsonl.calls);
    assert.deepEqual(jsonl.problems, ['line 4: not JSON']);
  });

  it('the older generations export (promptTokens, completionTokens, no type column)', () => {
    const r = observedCallsFromLangfuseExport(text('langfuse-generations-v2.csv'));
    assert.equal(r.calls.length, 2);
    assert.deepEqual(r.calls[0].usage, usage(500, 0, 0, 100));
    assert.equal(r.calls[0].costUsd, 0.008);
    assert.deepEqual(r.calls[0].names, ['summarize-ticket', 'summarize-prompt', 'summarize']);
    assert.equal(r.calls[1].costUsd, undefined);
    assert.equal(r.calls[1].requestModel, 'gpt-3.5-turbo-0125');
  });

  it('nothing, or not an export, gives no calls and does not throw', () => {
    assert.deepEqual(observedCallsFromLangfuseExport('{"data": [], "meta": {"page": 1}}'), { calls: [], problems: [] });
    assert.deepEqual(observedCallsFromLangfuseExport('').calls, []);
    assert.equal(observedCallsFromLangfuseExport('"just a string"').problems.length, 1);
    assert.deepEqual(observedCallsFromLangfuseExport('a,b\n1,2\n').calls, []);
  });

  it('parseCsv: quoted commas, doubled quotes, newlines inside quotes, CRLF', () => {
    assert.deepEqual(parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n1,,3\n'), [
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['1', '', '3'],
    ]);
  });
});

describe('never throws, never yields a bad number', () => {
  // A small deterministic PRNG (mulberry32), so a failure reproduces.
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const KEYS = [
    'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.reasoning.output_tokens', 'gen_ai.request.model', 'gen_ai.operation.name', 'gen_ai.system', 'llm.token_count.prompt',
    'openinference.span.kind', 'ai.operationId', 'ai.usage.inputTokens', 'ai.response.providerMetadata', 'langfuse.observation.type',
    'langfuse.observation.usage_details', 'langfuse.observation.cost_details', 'gen_ai.usage.cost', 'llm.cost.total', 'code.line.number', 'costlens.id',
    'traceloop.span.kind', 'llm.request.type', 'ai.model.provider', 'telemetry.sdk.name',
  ];
  function junk(r: () => number, depth = 0): unknown {
    const pick = Math.floor(r() * 16);
    switch (pick) {
      case 0: return null;
      case 1: return undefined;
      case 2: return Number.NaN;
      case 3: return -Math.floor(r() * 1e6);
      case 4: return Infinity;
      case 5: return Math.floor(r() * 1e7);
      case 6: return 'x'.repeat(Math.floor(r() * 3) === 0 ? 200_000 : 5);
      case 7: return ['chat', 'LLM', 'generation', 'ai.generateText.doGenerate', 'workflow', 'anthropic', '{"input": -5, "output": "x"}', '{"total": 0}', '1e400', '-3'][Math.floor(r() * 10)];
      case 8: return depth < 4 ? [junk(r, depth + 1), junk(r, depth + 1)] : [];
      case 9: return depth < 4 ? { a: junk(r, depth + 1) } : {};
      case 10: return { intValue: ['-12', '99999999999999999999', 'abc', 7][Math.floor(r() * 4)] };
      case 11: return { doubleValue: [Number.NaN, -1.5, 1e308, 0.5][Math.floor(r() * 4)] };
      case 12: return { arrayValue: { values: r() < 0.5 ? 'not a list' : [junk(r, depth + 1)] } };
      case 13: return { kvlistValue: { values: [{ key: 'k', value: junk(r, depth + 1) }, 'bad'] } };
      case 14: return { stringValue: KEYS[Math.floor(r() * KEYS.length)] };
      default: return true;
    }
  }
  function junkSpan(r: () => number): unknown {
    if (r() < 0.05) return junk(r);
    const attrs: unknown[] = [];
    const n = Math.floor(r() * 10);
    for (let i = 0; i < n; i++) attrs.push(r() < 0.1 ? junk(r) : { key: r() < 0.9 ? KEYS[Math.floor(r() * KEYS.length)] : junk(r), value: junk(r) });
    return {
      traceId: r() < 0.9 ? 'ab'.repeat(16) : junk(r),
      spanId: r() < 0.9 ? Math.floor(r() * 1e9).toString(16).padStart(16, '0') : junk(r),
      parentSpanId: r() < 0.5 ? Math.floor(r() * 1e9).toString(16).padStart(16, '0') : junk(r),
      name: r() < 0.8 ? 'ai.generateText.doGenerate' : junk(r),
      startTimeUnixNano: r() < 0.8 ? '1752384000000000000' : junk(r),
      endTimeUnixNano: r() < 0.8 ? '1752384000500000000' : junk(r),
      attributes: r() < 0.9 ? attrs : junk(r),
      status: r() < 0.5 ? { code: 2 } : junk(r),
    };
  }
  function check(calls: ObservedCall[]) {
    const ok = (n: unknown, what: string) => assert.ok(typeof n === 'number' && Number.isFinite(n) && n >= 0, `${what}: ${String(n)}`);
    for (const c of calls) {
      ok(c.startMs, 'startMs');
      ok(c.durationMs, 'durationMs');
      if (c.usage) for (const [k, v] of Object.entries(c.usage)) ok(v, k);
      if (c.usage) assert.ok(c.usage.cacheRead + c.usage.cacheWrite <= c.usage.input && c.usage.reasoning <= c.usage.output && c.usage.cacheWrite1h <= c.usage.cacheWrite);
      if (c.costUsd !== undefined) {
        ok(c.costUsd, 'costUsd');
        assert.notEqual(c.costUsd, 0);
      }
      if (c.location.line !== undefined) ok(c.location.line, 'line');
      assert.ok(Array.isArray(c.names) && c.names.every((n) => typeof n === 'string' && n.length > 0 && n.length <= 256));
      assert.ok((c.requestModel ?? '').length <= 256);
    }
  }

  it('random garbage in every field of OTLP requests', () => {
    const r = rng(20250713);
    let calls = 0;
    for (let i = 0; i < 400; i++) {
      const req =
        r() < 0.1
          ? junk(r)
          : { resourceSpans: r() < 0.9 ? [{ resource: r() < 0.8 ? { attributes: [junk(r)] } : junk(r), scopeSpans: [{ scope: junk(r), spans: Array.from({ length: Math.floor(r() * 8) }, () => junkSpan(r)) }, junk(r)] }, junk(r)] : junk(r) };
      const out = observedCalls(req as ExportTraceServiceRequest);
      assert.ok(Number.isInteger(out.ignored) && out.ignored >= 0);
      assert.ok(out.problems.length <= 21);
      check(out.calls);
      calls += out.calls.length;
    }
    assert.ok(calls > 20, `the garbage should still hold some calls to check (${calls})`);
  });

  it('real fixtures with random attribute values swapped for garbage', () => {
    const r = rng(42);
    const names = ['genai-openai-cached.json', 'openllmetry-anthropic-cache.json', 'openinference-langchain.json', 'vercel-ai-generate-text.json', 'vercel-ai-v4-v6.json', 'openlit-cost.json', 'langfuse-otel-generation.json'];
    for (let i = 0; i < 200; i++) {
      const req = load(names[i % names.length]);
      for (const rs of req.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) for (const a of s.attributes ?? []) if (r() < 0.3) (a as { value: unknown }).value = junk(r);
      check(observedCalls(req).calls);
    }
  });

  it('attribute values nested deeper than the stack: the span is still read', () => {
    let deep: unknown = { stringValue: 'bottom' };
    for (let i = 0; i < 20_000; i++) deep = { kvlistValue: { values: [{ key: 'k', value: deep }] } };
    const s = span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 7, 'gen_ai.usage.output_tokens': 1 });
    s.attributes!.push({ key: 'deep', value: deep as never });
    const out = observedCalls(request([s]));
    assert.equal(out.calls.length, 1);
    assert.deepEqual(out.calls[0].usage, usage(7, 0, 0, 1));
  });

  it('random text as a Langfuse export', () => {
    const r = rng(7);
    const rows = JSON.parse(text('langfuse-observations-api.json')).data as Record<string, unknown>[];
    for (let i = 0; i < 300; i++) {
      let input: string;
      const kind = i % 4;
      if (kind === 0) input = JSON.stringify(rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, r() < 0.3 ? junk(r) : v]))));
      else if (kind === 1) input = JSON.stringify(junk(r)) ?? '';
      else if (kind === 2) input = `id,type,startTime,usageDetails,totalCost\n${Array.from({ length: 5 }, () => [junk(r), 'GENERATION', '2025-01-01T00:00:00Z', '"{""input"": ' + String(junk(r)) + '}"', String(junk(r))].join(',')).join('\n')}`;
      else input = Array.from({ length: 20 }, () => String.fromCharCode(Math.floor(r() * 128))).join('');
      const out = observedCallsFromLangfuseExport(input);
      assert.ok(out.problems.length <= 21);
      check(out.calls);
    }
  });
});
