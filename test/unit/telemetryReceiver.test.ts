// The OTLP/HTTP receiver with the real OpenTelemetry JS SDK exporters (OTLP/HTTP JSON and
// protobuf, gzip too): spans of LLM calls in the example workspace are stored, joined to their
// call sites and priced with each provider's cache accounting; a 50,000-span load loses nothing;
// bad requests get the right status and reason and the receiver keeps serving.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Attributes } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { analyzeWorkspace } from '../../src/cli/main';
import { observationsFor, serve } from '../../src/cli/telemetry';
import { defaultConfig } from '../../src/config/load';
import { priceUsage } from '../../src/core/pricing/usage';
import { CallLog } from '../../src/server/callLog';
import { isLoopback, type Receiver, startReceiver } from '../../src/server/receiver';

const examples = path.join(__dirname, '../../../examples');

interface Sent {
  name: string;
  attributes: Attributes;
}

/** Spans as instrumented code sends them: through the SDK, a span processor and an exporter. */
async function sendWithSdk(exporter: SpanExporter, spans: Sent[], batch = false): Promise<void> {
  const processor = batch ? new BatchSpanProcessor(exporter, { maxExportBatchSize: 512, maxQueueSize: 200_000, scheduledDelayMillis: 50 }) : new SimpleSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'support-agent' }), spanProcessors: [processor] });
  const tracer = provider.getTracer('costlens-test');
  const t0 = Date.now() - 3_600_000;
  spans.forEach((s, i) => {
    const span = tracer.startSpan(s.name, { attributes: s.attributes, startTime: t0 + i * 10 });
    span.end(t0 + i * 10 + 800);
  });
  await provider.forceFlush();
  await provider.shutdown();
}

/** An exporter that counts what the receiver acknowledged. */
function counting(exporter: SpanExporter): SpanExporter & { acknowledged: number; failed: number } {
  const out = {
    acknowledged: 0,
    failed: 0,
    export(spans: ReadableSpan[], done: (r: ExportResult) => void) {
      exporter.export(spans, (r) => {
        if (r.code === ExportResultCode.SUCCESS) out.acknowledged += spans.length;
        else out.failed += spans.length;
        done(r);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
  return out;
}

const classifySpan = (i: number): Sent => ({
  name: 'chat gpt-4o',
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.response.model': 'gpt-4o-2024-08-06',
    'gen_ai.usage.input_tokens': 52 + (i % 3),
    'gen_ai.usage.output_tokens': 1,
    // A path from the machine that ran it: matched to the workspace by its end.
    'code.file.path': '/srv/app/support-agent/classify.py',
    'code.line.number': 11,
    'code.function.name': 'is_refund_request',
  },
});

const agentSpan = (root: string): Sent => ({
  name: 'chat claude-sonnet-4-5',
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.request.model': 'claude-sonnet-4-5',
    // The GenAI conventions' input_tokens include the cached tokens.
    'gen_ai.usage.input_tokens': 2400,
    'gen_ai.usage.cache_read.input_tokens': 2000,
    'gen_ai.usage.cache_creation.input_tokens': 0,
    'gen_ai.usage.output_tokens': 300,
    // The deprecated attribute names, and an absolute path inside the workspace.
    'code.filepath': path.join(root, 'support-agent', 'agent.py'),
    'code.lineno': 23,
    'code.function': 'answer',
  },
});

const strayCall: Sent = {
  name: 'chat gpt-4o-mini',
  attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5, 'code.file.path': 'elsewhere/batch_job.py', 'code.line.number': 3 },
};

const notAnLlmCall: Sent = { name: 'GET /orders', attributes: { 'http.request.method': 'GET', 'url.full': 'http://shop/orders' } };

describe('OTLP/HTTP receiver', function () {
  this.timeout(120_000);
  let dir: string;
  let log: CallLog;
  let receiver: Receiver;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-otlp-'));
    log = CallLog.open(path.join(dir, 'store'));
    receiver = await startReceiver({ port: 0, config: defaultConfig(), log });
  });
  afterEach(async () => {
    await receiver.close();
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the LLM calls sent by the SDK exporters (JSON, protobuf, gzip) and joins them to the example call sites', async () => {
    await sendWithSdk(new JsonExporter({ url: receiver.url }), [classifySpan(0), classifySpan(1), agentSpan(examples), notAnLlmCall]);
    await sendWithSdk(new ProtoExporter({ url: receiver.url }), [classifySpan(2), agentSpan(examples), strayCall]);
    await sendWithSdk(new ProtoExporter({ url: receiver.url, compression: 'gzip' as never }), [classifySpan(3)]);
    assert.equal(receiver.stats.spans, 8);
    assert.equal(receiver.stats.calls, 7, 'the HTTP span is not an LLM call');
    assert.equal(log.size, 7);

    const { analyses } = await analyzeWorkspace(['.'], { cwd: examples, cache: false, jobs: 1, observations: false });
    const seen = observationsFor(log.dir, examples, analyses)!;
    assert.equal(seen.observations.matchedCount, 6);
    assert.equal(seen.observations.unmatchedCount, 1);
    assert.match(seen.observations.unmatched[0].reason, /batch_job\.py/);

    const classify = analyses.find((a) => a.path === 'support-agent/classify.py')!.callSites[0];
    const c = seen.observations.byKey.get(classify.key)!;
    assert.equal(c.count, 4);
    assert.deepEqual(c.joinedBy, { location: 4 });
    // 52, 53, 54, 52 input tokens: the median is 52.
    assert.equal(c.inputTokens.p50, 52);
    assert.equal(c.inputTokens.p95, 54);
    const openai = priceUsage({ prompt_tokens: 52, completion_tokens: 1 }, 'gpt-4o-2024-08-06', 'openai');
    assert.ok(openai.ok);
    assert.ok(Math.abs(c.usdPerCall!.p50 - openai.cost.total) < 1e-12, 'priced as OpenAI bills it');

    const agent = analyses.find((a) => a.path === 'support-agent/agent.py')!.callSites[0];
    const a = seen.observations.byKey.get(agent.key)!;
    assert.equal(a.count, 2);
    assert.equal(a.cachedInputTokens.p50, 2000);
    assert.ok(Math.abs(a.cacheHitRate - 2000 / 2400) < 1e-9);
    // Anthropic bills input_tokens without the cache: the same call as Anthropic reports it.
    const anthropic = priceUsage({ input_tokens: 400, cache_read_input_tokens: 2000, cache_creation_input_tokens: 0, output_tokens: 300 }, 'claude-sonnet-4-5', 'anthropic');
    assert.ok(anthropic.ok);
    assert.ok(Math.abs(a.usdPerCall!.p50 - anthropic.cost.total) < 1e-12, `${a.usdPerCall!.p50} vs ${anthropic.cost.total}: cached tokens counted once, at the cache price`);
  });

  it('the report carries observed figures beside the estimates, and the gap', async () => {
    await sendWithSdk(new JsonExporter({ url: receiver.url }), [classifySpan(0), agentSpan(examples)]);
    const cli = await import('../../src/cli/main');
    const report = await cli.scan(['.'], { cwd: examples, cache: false, jobs: 1, observations: path.join(dir, 'store') });
    const classify = report.callSites.find((s) => s.path === 'support-agent/classify.py')!;
    assert.equal(classify.observed?.calls, 1);
    assert.ok(classify.observed!.usdPerMonth! > 0);
    assert.equal(report.callSites.find((s) => s.path === 'support-agent/rag.py')!.observed, null, 'seen: nothing');
    assert.equal(report.telemetry?.observedCallSites, 2);
    assert.ok(Math.abs(report.telemetry!.gapUsdPerMonth - (report.telemetry!.observedUsdPerMonth - report.telemetry!.estimatedUsdPerMonth)) < 1e-9);
  });

  it('loses nothing under load: 50,000 spans as fast as the exporter sends them', async () => {
    // As many exports in flight as the batch processor starts (the exporter's default refuses beyond 30).
    const exporter = counting(new ProtoExporter({ url: receiver.url, timeoutMillis: 60_000, concurrencyLimit: 1000 }));
    const spans = Array.from({ length: 50_000 }, (_, i) => classifySpan(i));
    const t0 = performance.now();
    await sendWithSdk(exporter, spans, true);
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(`      50,000 spans in ${seconds.toFixed(1)} s: ${Math.round(50_000 / seconds).toLocaleString('en-US')} spans/s received, acknowledged and on disk\n`);
    assert.equal(exporter.failed, 0);
    assert.equal(exporter.acknowledged, 50_000, 'acknowledged');
    assert.equal(receiver.stats.spans, 50_000, 'received');
    assert.equal(log.size, 50_000, 'stored');
    const reread = CallLog.read(log.dir);
    assert.equal(reread.size, 50_000, 'on disk');
    assert.equal(new Set(reread.all().map((c) => c.sp)).size, 50_000, 'every span once');
  });

  const post = (body: Buffer | string, headers: Record<string, string>, p = '/v1/traces', method = 'POST') =>
    new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
      const req = http.request(`${receiver.url.replace('/v1/traces', '')}${p}`, { method, headers }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text, type: String(res.headers['content-type']) }));
      });
      req.on('error', reject);
      req.end(body);
    });

  const good = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'chat', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000', attributes: [{ key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }, { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } }, { key: 'gen_ai.usage.input_tokens', value: { intValue: '10' } }, { key: 'gen_ai.usage.output_tokens', value: { intValue: '2' } }] }] }] }] });

  it('answers malformed, oversized, wrong-type and misdirected requests with the right status and reason, and keeps serving', async () => {
    const cases: [string, () => ReturnType<typeof post>, number, RegExp][] = [
      ['not JSON', () => post('{"resourceSpans": [', { 'content-type': 'application/json' }), 400, /not JSON/],
      ['JSON of the wrong shape', () => post('{"resourceSpans": {"x": 1}}', { 'content-type': 'application/json' }), 400, /resourceSpans: expected an array/],
      ['a bad id', () => post(good.replace('b7ad6b7169203331', 'zz'), { 'content-type': 'application/json' }), 400, /spanId/],
      ['protobuf garbage', () => post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2]), { 'content-type': 'application/x-protobuf' }), 400, /malformed protobuf/],
      ['wrong content type', () => post('hello', { 'content-type': 'text/plain' }), 415, /content-type "text\/plain"/],
      ['unknown encoding', () => post(good, { 'content-type': 'application/json', 'content-encoding': 'br' }), 415, /content-encoding "br"/],
      ['broken gzip', () => post(Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 400, /could not be read/],
      ['wrong path', () => post(good, { 'content-type': 'application/json' }, '/v1/metrics'), 404, /\/v1\/traces/],
      ['wrong method', () => post('', {}, '/v1/traces', 'GET'), 405, /POST/],
    ];
    for (const [what, send, status, reason] of cases) {
      const r = await send();
      assert.equal(r.status, status, what);
      // The reason, in the request's own encoding (a google.rpc.Status in protobuf for protobuf).
      assert.match(r.type === 'application/json' ? JSON.parse(r.body).message : r.body, reason, what);
      // Still serving, and the good batch is stored.
      assert.equal((await post(good, { 'content-type': 'application/json' })).status, 200, `serving after ${what}`);
    }
    // The same good batch each time: stored once (as an exporter's retry would be).
    assert.equal(log.size, 1);
    assert.equal(receiver.stats.calls, 1);
  });

  it('stores a batch an exporter sends again (a retry after a lost response) once', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await post(good, { 'content-type': 'application/json' })).status, 200);
    assert.equal(log.size, 1);
    assert.equal(CallLog.read(log.dir).size, 1, 'once on disk too');
  });

  it('refuses bodies over the limit, compressed or not (a gzip bomb too)', async () => {
    await receiver.close();
    receiver = await startReceiver({ port: 0, config: defaultConfig(), log, maxBodyBytes: 64 * 1024 });
    const big = Buffer.alloc(200 * 1024, 0x20);
    assert.equal((await post(big, { 'content-type': 'application/json' })).status, 413);
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    assert.ok(bomb.length < 64 * 1024, 'small compressed');
    const r = await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(r.status, 413);
    assert.match(JSON.parse(r.body).message, /decompressed/);
    assert.equal((await post(good, { 'content-type': 'application/json' })).status, 200);
  });

  it('answers protobuf errors in protobuf (google.rpc.Status)', async () => {
    const r = await post(Buffer.from([0x0a, 0x05, 1]), { 'content-type': 'application/x-protobuf' });
    assert.equal(r.status, 400);
    assert.equal(r.type, 'application/x-protobuf');
    assert.equal(r.body.charCodeAt(0), 0x08, 'field 1, the code');
    assert.match(r.body, /malformed protobuf/);
  });

  it('requires the bearer token when one is set, compared in constant time', async () => {
    await receiver.close();
    receiver = await startReceiver({ port: 0, config: defaultConfig(), log, token: 's3cret' });
    assert.equal((await post(good, { 'content-type': 'application/json' })).status, 401);
    assert.equal((await post(good, { 'content-type': 'application/json', authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await post(good, { 'content-type': 'application/json', authorization: 'Bearer s3cret' })).status, 200);
    await sendWithSdk(new JsonExporter({ url: receiver.url, headers: { authorization: 'Bearer s3cret' } }), [classifySpan(0)]);
    assert.equal(log.size, 2);
  });

  it('listens on loopback only: another address is refused at start, and is not reachable', async () => {
    await assert.rejects(startReceiver({ host: '0.0.0.0', port: 0, config: defaultConfig(), log }), /loopback only/);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    assert.ok(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost') && !isLoopback('10.0.0.1') && !isLoopback('0.0.0.0'));
    if (external) {
      await assert.rejects(
        new Promise((resolve, reject) => {
          const req = http.request({ host: external, port: receiver.port, path: '/v1/traces', method: 'POST', headers: { 'content-type': 'application/json' } }, resolve);
          req.on('error', reject);
          req.end(good);
        }),
        /ECONNREFUSED/,
        `a request to ${external}:${receiver.port} finds nothing listening`,
      );
    }
  });

  it('says which port is taken', async () => {
    await assert.rejects(startReceiver({ port: receiver.port, config: defaultConfig(), log }), new RegExp(`port ${receiver.port} .* already in use`));
  });
});

describe('costlens import and serve on the command line', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-import-'));
    cpSync(examples, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const { main } = await import('../../src/cli/main');
    let stdout = '';
    let stderr = '';
    const code = await main(args, { cwd: dir, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr };
  }

  it('imports OTLP JSON lines into the workspace store, once, and scan shows what was observed', async () => {
    const lines = [0, 1, 2].map((i) =>
      JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: (i + 1).toString(16).padStart(32, '0'),
                    spanId: (i + 1).toString(16).padStart(16, '0'),
                    name: 'chat gpt-4o',
                    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i) * 3_600_000_000_000n),
                    endTimeUnixNano: String(1_700_000_001_000_000_000n + BigInt(i) * 3_600_000_000_000n),
                    attributes: [
                      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
                      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
                      { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
                      { key: 'gen_ai.usage.input_tokens', value: { intValue: '70' } },
                      { key: 'gen_ai.usage.output_tokens', value: { intValue: '1' } },
                      { key: 'code.file.path', value: { stringValue: 'support-agent/classify.py' } },
                      { key: 'code.line.number', value: { intValue: '12' } },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    writeFileSync(path.join(dir, 'spans.jsonl'), lines.join('\n') + '\n{"resourceSpans": [ broken\n');
    const first = await run(['import', 'spans.jsonl']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /3 LLM call\(s\) imported \(OTLP JSON\)/);
    assert.match(first.stderr, /line 4: not JSON/);
    const again = await run(['import', 'spans.jsonl']);
    assert.match(again.stdout, /0 LLM call\(s\) imported .*3 already in the store/);
    const scan = await run(['scan', '--format', 'json', '--no-cache']);
    const report = JSON.parse(scan.stdout);
    const classify = report.callSites.find((c: { path: string }) => c.path === 'support-agent/classify.py');
    assert.equal(classify.observed.calls, 3);
    assert.deepEqual(classify.observed.joinedBy, { location: 3 });
    assert.equal(report.telemetry.calls, 3);
    const without = JSON.parse((await run(['scan', '--format', 'json', '--no-cache', '--no-observations'])).stdout);
    assert.equal(without.telemetry, undefined);
    assert.equal(without.callSites[0].observed, undefined);
    assert.equal((await run(['import', 'missing.json'])).code, 1);
  });

  it('writes nothing sensitive to its output: no token (right or wrong), no prompt or completion text, in its log or its answers', async () => {
    const token = 'tok-8f3a-SECRET';
    const wrong = 'tok-WRONG-77c1';
    const secret = 'Customer Jane Roe, card 4111-1111-1111-1111, asks for a refund';
    let out = '';
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = serve({ root: dir, store: path.join(dir, '.costlens', 'telemetry'), host: '127.0.0.1', port: 0, token, config: defaultConfig(), out: (s) => (out += s), err: (s) => (out += s), stopped });
    const started = Date.now();
    while (!/receiver on (http:\/\/\S+?) /.test(out)) {
      assert.ok(Date.now() - started < 20_000, `the receiver did not start: ${out}`);
      await new Promise((r) => setImmediate(r));
    }
    const url = /receiver on (http:\/\/\S+?) /.exec(out)![1];
    const text = { 'gen_ai.prompt': secret, 'gen_ai.completion': secret, 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: secret }] }]) };
    // Through the SDK's exporter with the token, as instrumented code sends it.
    await sendWithSdk(new JsonExporter({ url, headers: { authorization: `Bearer ${token}` } }), [{ ...classifySpan(0), attributes: { ...classifySpan(0).attributes, ...text } }]);
    const attributes = Object.entries({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.operation.name': 'chat', ...text }).map(([key, v]) => ({ key, value: { stringValue: v } }));
    const body = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319d', spanId: 'b7ad6b7169203332', name: 'chat', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000', attributes }] }] }] });
    const answers: string[] = [];
    const send = async (auth: string | undefined, payload: string) => {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: payload });
      answers.push(`${r.status} ${await r.text()}`);
      return r.status;
    };
    assert.equal(await send(`Bearer ${wrong}`, body), 401);
    assert.equal(await send(`Bearer ${token}`, body.slice(0, body.indexOf(secret) + 20)), 400); // cut inside the prompt text
    assert.equal(await send(`Bearer ${token}`, body.replace(`"${secret}"`, secret)), 400); // unquoted: V8 quotes the text around the error
    stop();
    assert.equal(await running, 0);
    assert.match(out, /Stopped: 1 LLM call\(s\) stored/);
    for (const text of [out, ...answers]) {
      for (const s of [token, wrong, 'Customer', 'Jane Roe', '4111-1111']) assert.ok(!text.includes(s), `"${s}" in ${text}`);
    }
  });

  it('rejects bad serve options, and says when the port is taken', async () => {
    assert.equal((await run(['serve', '--port', 'abc'])).code, 2);
    assert.equal((await run(['serve', 'some/path'])).code, 2);
    const busy = http.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as { port: number }).port;
      const r = await run(['serve', '--port', String(port)]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`port ${port} on 127.0.0.1 is already in use`));
      const other = await run(['serve', '--host', '0.0.0.0', '--port', String(port)]);
      assert.equal(other.code, 1);
      assert.match(other.stderr, /loopback only/);
    } finally {
      busy.close();
    }
  });
});
