// Properties of the telemetry decoders and normalisers on generated OTLP requests (JSON and
// protobuf, the GenAI conventions and the vendors' variants), Langfuse exports and provider usage
// objects, intact and broken: a decoder either returns or throws OtlpDecodeError with a message —
// nothing else, never a hang or a blown stack; normalisers never throw and their counts are finite.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { AnyValue, ExportTraceServiceRequest, KeyValue } from '../../../src/core/telemetry/otlp';
import { decodeOtlpJson, decodeOtlpJsonFile } from '../../../src/core/telemetry/otlpJson';
import { decodeOtlpProtobuf, OtlpDecodeError } from '../../../src/core/telemetry/protobuf';
import { observedCalls } from '../../../src/core/telemetry/normalize';
import { observedCallsFromLangfuseExport } from '../../../src/core/telemetry/langfuse';
import type { ObservedCall } from '../../../src/core/telemetry/call';
import { normalizeUsage, priceUsage } from '../../../src/core/pricing/usage';
import { modelId } from './grammars';
import { mutated, params, timeoutOf } from './harness';

const fixtures = path.join(__dirname, '../../../../test/fixtures/telemetry');
const fixtureTexts = readdirSync(fixtures).filter((f) => /\.(json|jsonl|csv)$/.test(f)).map((f) => ({ name: f, text: readFileSync(path.join(fixtures, f), 'utf8') }));

// --- Generated OTLP requests --------------------------------------------------------------------

const ATTRIBUTE_KEYS = [
  'gen_ai.request.model', 'gen_ai.response.model', 'gen_ai.provider.name', 'gen_ai.system', 'gen_ai.operation.name',
  'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.cache_read_input_tokens', 'gen_ai.usage.cache_creation_input_tokens', 'gen_ai.usage.prompt_tokens', 'gen_ai.usage.completion_tokens',
  'gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.cost', 'gen_ai.prompt.name', 'gen_ai.agent.name',
  'llm.token_count.prompt', 'llm.token_count.completion', 'llm.token_count.prompt_details.cache_read', 'llm.model_name', 'llm.provider', 'llm.cost.total', 'openinference.span.kind',
  'ai.model.id', 'ai.model.provider', 'ai.operationId', 'ai.usage.inputTokens', 'ai.usage.outputTokens', 'ai.usage.cachedInputTokens', 'ai.telemetry.functionId', 'ai.telemetry.metadata.costlens.id',
  'code.file.path', 'code.line.number', 'code.function.name', 'code.filepath', 'code.lineno', 'code.function',
  'langfuse.observation.type', 'langfuse.observation.usage_details', 'langfuse.observation.cost_details', 'langfuse.observation.model.name',
  'traceloop.span.kind', 'traceloop.entity.name', 'llm.request.type', 'service.name', 'costlens.id',
];

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));
const tokenCount = fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.constantFrom(-1, 2 ** 53, 1e21, 0.5));

const scalar: fc.Arbitrary<AnyValue> = fc.oneof(
  modelId.map((s) => ({ stringValue: s })),
  tokenCount.map((n) => ({ intValue: String(n) })),
  tokenCount.map((n) => ({ intValue: n as unknown as string })),
  fc.double().map((d) => ({ doubleValue: d })),
  fc.boolean().map((b) => ({ boolValue: b })),
  fc.constantFrom('{"input": 120, "output": 30, "input_cached_tokens": 100}', '{"total": 0.002}', '12', 'NaN', 'chat', 'LLM', 'generation', 'src/agent.py', '').map((s) => ({ stringValue: s })),
  fc.string({ maxLength: 8 }).map((s) => ({ bytesValue: Buffer.from(s).toString('base64') })),
);

const anyValue: fc.Arbitrary<AnyValue> = fc.letrec<{ v: AnyValue }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, { arbitrary: scalar, weight: 6 }, fc.array(tie('v'), { maxLength: 3 }).map((values) => ({ arrayValue: { values } })), fc.array(fc.record({ key: fc.constantFrom(...ATTRIBUTE_KEYS), value: tie('v') }), { maxLength: 3 }).map((values) => ({ kvlistValue: { values } }))),
})).v;

const attribute: fc.Arbitrary<KeyValue> = fc.record({ key: fc.oneof({ arbitrary: fc.constantFrom(...ATTRIBUTE_KEYS), weight: 5 }, fc.string({ maxLength: 10 })), value: anyValue });

const otlpSpan = fc.record({
  traceId: fc.oneof({ arbitrary: hex(16), weight: 8 }, fc.constantFrom('', 'xyz', 'AAAAAAAAAAAAAAAAAAAAAA==')),
  spanId: fc.oneof({ arbitrary: hex(8), weight: 8 }, fc.constantFrom('', 'zz')),
  parentSpanId: fc.option(hex(8), { nil: undefined }),
  name: fc.constantFrom('chat gpt-4o', 'ai.generateText.doGenerate', 'anthropic.chat', 'ChatOpenAI', 'openai.chat', 'HTTP POST', ''),
  kind: fc.integer({ min: 0, max: 5 }),
  startTimeUnixNano: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 63n }).map(String), fc.constantFrom('1752384000020000000', '0')),
  endTimeUnixNano: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 63n }).map(String), fc.constant('1752384003020000000')),
  attributes: fc.array(attribute, { maxLength: 12 }),
  status: fc.option(fc.record({ code: fc.integer({ min: 0, max: 2 }), message: fc.string({ maxLength: 10 }) }), { nil: undefined }),
});

const otlpRequest: fc.Arbitrary<ExportTraceServiceRequest> = fc.record({
  resourceSpans: fc.array(
    fc.record({
      resource: fc.record({ attributes: fc.array(attribute, { maxLength: 4 }) }),
      scopeSpans: fc.array(fc.record({ scope: fc.record({ name: fc.constantFrom('ai', 'opentelemetry.instrumentation.openai', 'openinference.instrumentation.langchain', 'openlit', 'langfuse-sdk'), version: fc.constant('1.0.0') }), spans: fc.array(otlpSpan, { maxLength: 4 }) }), { maxLength: 3 }),
    }),
    { maxLength: 3 },
  ),
});

// --- A protobuf encoder for the same messages (the wire format of opentelemetry-proto) -----------

function varint(n: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
const tag = (field: number, wire: number) => varint((field << 3) | wire);
const len = (field: number, bytes: number[]) => [...tag(field, 2), ...varint(bytes.length), ...bytes];
const str = (field: number, s: string) => len(field, [...Buffer.from(s, 'utf8')]);
const fixed64 = (field: number, v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, v));
  return [...tag(field, 1), ...b];
};

function encodeAnyValue(v: AnyValue): number[] {
  if (v.stringValue !== undefined) return str(1, v.stringValue);
  if (v.boolValue !== undefined) return [...tag(2, 0), v.boolValue ? 1 : 0];
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return [...tag(3, 0), ...varint(Number.isSafeInteger(n) ? n : 0)];
  }
  if (v.doubleValue !== undefined) {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v.doubleValue);
    return [...tag(4, 1), ...b];
  }
  if (v.arrayValue) return len(5, (v.arrayValue.values ?? []).flatMap((x) => len(1, encodeAnyValue(x))));
  if (v.kvlistValue) return len(6, (v.kvlistValue.values ?? []).flatMap((kv) => len(1, encodeKeyValue(kv))));
  if (v.bytesValue !== undefined) return len(7, [...Buffer.from(v.bytesValue, 'base64')]);
  return [];
}
const encodeKeyValue = (kv: KeyValue) => [...str(1, kv.key), ...(kv.value ? len(2, encodeAnyValue(kv.value)) : [])];
const hexBytes = (h: string) => (/^[0-9a-f]*$/i.test(h) && h.length % 2 === 0 ? [...Buffer.from(h, 'hex')] : [...Buffer.from(h)]);

function encodeRequest(r: ExportTraceServiceRequest): Uint8Array {
  const bytes = (r.resourceSpans ?? []).flatMap((rs) =>
    len(1, [
      ...(rs.resource ? len(1, (rs.resource.attributes ?? []).flatMap((a) => len(1, encodeKeyValue(a)))) : []),
      ...(rs.scopeSpans ?? []).flatMap((ss) =>
        len(2, [
          ...(ss.scope ? len(1, [...str(1, ss.scope.name ?? ''), ...str(2, ss.scope.version ?? '')]) : []),
          ...(ss.spans ?? []).flatMap((s) =>
            len(2, [
              ...len(1, hexBytes(s.traceId)),
              ...len(2, hexBytes(s.spanId)),
              ...(s.parentSpanId ? len(4, hexBytes(s.parentSpanId)) : []),
              ...str(5, s.name ?? ''),
              ...tag(6, 0),
              ...varint(s.kind ?? 0),
              ...fixed64(7, BigInt(s.startTimeUnixNano ?? 0)),
              ...fixed64(8, BigInt(s.endTimeUnixNano ?? 0)),
              ...(s.attributes ?? []).flatMap((a) => len(9, encodeKeyValue(a))),
              ...(s.status ? len(15, [...str(2, s.status.message ?? ''), ...tag(3, 0), ...varint(s.status.code ?? 0)]) : []),
            ]),
          ),
        ]),
      ),
    ]),
  );
  return Uint8Array.from(bytes);
}

/** Byte-level damage: truncation, flipped bytes, inserted bytes. */
const byteMutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
);

function damage(bytes: Uint8Array, ms: { kind: string; at: number; byte?: number; bytes?: Uint8Array }[]): Uint8Array {
  let b = bytes;
  for (const m of ms) {
    const at = Math.min(b.length, Math.floor(m.at * (b.length + 1)));
    if (m.kind === 'truncate') b = b.slice(0, at);
    else if (m.kind === 'flip' && at < b.length) {
      b = b.slice();
      b[at] = m.byte!;
    } else if (m.kind === 'insert') b = Uint8Array.from([...b.slice(0, at), ...m.bytes!, ...b.slice(at)]);
  }
  return b;
}

// --- Checks -------------------------------------------------------------------------------------

function expectDecodeOrError<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch (e) {
    assert.ok(e instanceof OtlpDecodeError, `a decoder threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}, not OtlpDecodeError`);
    assert.ok(e.message.trim().length > 0, 'OtlpDecodeError says what is wrong');
    return undefined;
  }
}

function checkCall(c: ObservedCall, where: string): void {
  assert.ok(typeof c.traceId === 'string' && typeof c.spanId === 'string', where);
  assert.ok(Number.isFinite(c.startMs) && Number.isFinite(c.durationMs) && c.durationMs >= 0, `${where}: startMs ${c.startMs}, durationMs ${c.durationMs}`);
  if (c.usage) {
    for (const [k, v] of Object.entries(c.usage)) assert.ok(Number.isFinite(v) && v >= 0, `${where}: usage.${k} = ${v}`);
    assert.ok(c.usage.cacheRead + c.usage.cacheWrite <= c.usage.input, `${where}: cached ${c.usage.cacheRead} + written ${c.usage.cacheWrite} > input ${c.usage.input}`);
    assert.ok(c.usage.cacheWrite1h <= c.usage.cacheWrite && c.usage.reasoning <= c.usage.output, `${where}: ${JSON.stringify(c.usage)}`);
  }
  if (c.costUsd !== undefined) assert.ok(Number.isFinite(c.costUsd) && c.costUsd >= 0, `${where}: costUsd ${c.costUsd}`);
  if (c.location.line !== undefined) assert.ok(Number.isFinite(c.location.line), `${where}: line ${c.location.line}`);
  for (const n of c.names) assert.equal(typeof n, 'string');
}

function checkNormalized(request: unknown): void {
  const r = observedCalls(request as ExportTraceServiceRequest);
  assert.ok(Number.isInteger(r.ignored) && r.ignored >= 0);
  r.calls.forEach((c, i) => checkCall(c, `call ${i}`));
  for (const p of r.problems) assert.ok(typeof p === 'string' && p.trim().length > 0);
  assert.deepEqual(observedCalls(request as ExportTraceServiceRequest), r, 'deterministic');
}

describe('properties: telemetry decoders', function () {
  this.timeout(timeoutOf(60_000));

  it('decodeOtlpJson + observedCalls: a request or OtlpDecodeError; the calls normalised with finite counts', () => {
    const text = fc.oneof(
      { arbitrary: mutated(otlpRequest.map((r) => JSON.stringify(r))), weight: 4 },
      mutated(fc.constantFrom(...fixtureTexts.filter((f) => f.name.endsWith('.json')).map((f) => f.text))),
      mutated(fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v))),
    );
    fc.assert(
      fc.property(text, ({ text }) => {
        const req = expectDecodeOrError(() => decodeOtlpJson(text));
        if (req) checkNormalized(req);
        const file = decodeOtlpJsonFile(text);
        for (const r of file.requests) checkNormalized(r);
        for (const p of file.problems) assert.ok(p.trim().length > 0);
      }),
      params(300),
    );
  });

  it('decodeOtlpProtobuf + observedCalls: a request or OtlpDecodeError on any bytes', () => {
    const bytes = fc.oneof(
      { arbitrary: fc.tuple(otlpRequest.map(encodeRequest), fc.array(byteMutation, { maxLength: 3 })).map(([b, ms]) => damage(b, ms)), weight: 4 },
      fc.uint8Array({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        const req = expectDecodeOrError(() => decodeOtlpProtobuf(b));
        if (req) {
          checkNormalized(req);
          assert.deepEqual(decodeOtlpProtobuf(b), req, 'deterministic');
        }
      }),
      params(400),
    );
  });

  it('observedCalls: never throws on any value (what a JSON body may hold)', () => {
    fc.assert(
      fc.property(fc.oneof(otlpRequest, fc.anything({ maxDepth: 5 }), fc.record({ resourceSpans: fc.array(fc.anything({ maxDepth: 4 }), { maxLength: 3 }) })), (v) => checkNormalized(v)),
      params(300),
    );
  });

  it('observedCallsFromLangfuseExport: never throws on JSON, JSON lines or CSV exports, intact or broken', () => {
    const observation = fc.record({
      id: fc.oneof(hex(8), fc.constantFrom('', '1')),
      traceId: hex(16),
      type: fc.constantFrom('GENERATION', 'SPAN', 'EVENT', 'generation', ''),
      startTime: fc.oneof(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(8.64e15) }).map((d) => d.toISOString()), fc.constantFrom('', 'yesterday', '2025-13-45T99:99:99Z', '1752384000020')),
      endTime: fc.oneof(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(8.64e15) }).map((d) => d.toISOString()), fc.constant(null)),
      name: fc.constantFrom('draft-reply', 'classify', ''),
      model: modelId,
      promptName: fc.option(fc.constantFrom('triage', 'support'), { nil: undefined }),
      usageDetails: fc.dictionary(fc.constantFrom('input', 'output', 'total', 'input_cached_tokens', 'input_cache_creation', 'input_cache_creation_1h', 'output_reasoning'), tokenCount),
      costDetails: fc.dictionary(fc.constantFrom('input', 'output', 'total'), fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constantFrom(-1, 1e308))),
      metadata: fc.oneof(fc.constant(null), fc.record({ attributes: fc.dictionary(fc.constantFrom('code.file.path', 'code.line.number', 'code.function.name', 'gen_ai.system', 'costlens.id'), fc.oneof(fc.string({ maxLength: 10 }), fc.integer())) })),
    });
    const toCsv = (rows: Record<string, unknown>[]) => {
      const cols = ['id', 'traceId', 'type', 'startTime', 'endTime', 'name', 'model', 'promptName', 'usageDetails', 'costDetails', 'metadata'];
      const cell = (v: unknown) => {
        const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
        return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      };
      return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n');
    };
    const exportText = fc.oneof(
      fc.array(observation, { maxLength: 5 }).map((rows) => JSON.stringify({ data: rows, meta: { page: 1 } })),
      fc.array(observation, { maxLength: 5 }).map((rows) => JSON.stringify(rows)),
      fc.array(observation, { maxLength: 5 }).map((rows) => rows.map((r) => JSON.stringify(r)).join('\n')),
      fc.array(observation, { maxLength: 5 }).map(toCsv),
      fc.constantFrom(...fixtureTexts.filter((f) => /langfuse/.test(f.name)).map((f) => f.text)),
    );
    fc.assert(
      fc.property(mutated(exportText), ({ text }) => {
        const r = observedCallsFromLangfuseExport(text);
        r.calls.forEach((c, i) => checkCall(c, `call ${i}`));
        for (const p of r.problems) assert.ok(typeof p === 'string' && p.trim().length > 0);
        assert.deepEqual(observedCallsFromLangfuseExport(text), r, 'deterministic');
      }),
      params(300),
    );
  });

  it('normalizeUsage + priceUsage: never throw; accepted usage is finite, non-negative and adds up', () => {
    const count = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 500_000 }), weight: 6 }, fc.constantFrom(-1, 0.5, NaN, Infinity, 1e308, '12' as unknown as number, null as unknown as number));
    const usage = fc.oneof(
      fc.record({ prompt_tokens: count, completion_tokens: count, total_tokens: count, prompt_tokens_details: fc.record({ cached_tokens: count }, { requiredKeys: [] }), completion_tokens_details: fc.record({ reasoning_tokens: count }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      fc.record({ input_tokens: count, output_tokens: count, total_tokens: count, input_tokens_details: fc.record({ cached_tokens: count }, { requiredKeys: [] }), output_tokens_details: fc.record({ reasoning_tokens: count }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      fc.record({ input_tokens: count, output_tokens: count, cache_read_input_tokens: count, cache_creation_input_tokens: count, cache_creation: fc.record({ ephemeral_5m_input_tokens: count, ephemeral_1h_input_tokens: count }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      fc.record({ promptTokenCount: count, candidatesTokenCount: count, cachedContentTokenCount: count, thoughtsTokenCount: count, toolUsePromptTokenCount: count, totalTokenCount: count }, { requiredKeys: [] }),
    );
    const payload = fc.oneof(usage, fc.tuple(usage, modelId, fc.constantFrom('usage', 'usageMetadata', 'usage_metadata')).map(([u, m, k]) => ({ model: m, [k]: u })), fc.anything({ maxDepth: 3 }));
    fc.assert(
      fc.property(payload, modelId, fc.constantFrom(undefined, 'openai', 'anthropic', 'google'), fc.boolean(), (p, model, provider, batch) => {
        const n = normalizeUsage(p);
        if (n.ok) {
          const u = n.usage;
          for (const k of ['inputTokens', 'uncachedInputTokens', 'cacheReadTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'outputTokens', 'reasoningTokens'] as const) assert.ok(Number.isFinite(u[k]) && u[k] >= 0, `${k} = ${u[k]} from ${JSON.stringify(p)}`);
          assert.equal(u.uncachedInputTokens + u.cacheReadTokens + u.cacheWrite5mTokens + u.cacheWrite1hTokens, u.inputTokens);
        } else assert.ok(n.error.trim().length > 0);
        const priced = priceUsage(p, model, provider, { batch });
        if (priced.ok) for (const [k, v] of Object.entries(priced.cost)) if (typeof v === 'number') assert.ok(Number.isFinite(v) && v >= 0, `cost.${k} = ${v}`);
      }),
      params(500),
    );
  });
});


