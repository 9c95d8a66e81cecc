// The telemetry defects a hostile run found (issue 12), each replayed on real parts: a real
// file-size limit (`ulimit -f`, raised again with `prlimit`) cutting the store's writes short, a
// receiver process with a small heap sent millions of empty spans, a slow client on a raw socket,
// a receiver killed while it writes and left a zombie, `/dev/zero` and an endless pipe imported.
import * as assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../../src/config/load';
import { observationStats, type StoredCall } from '../../src/core/telemetry/observations';
import { CallLog, STORE_FILES } from '../../src/server/callLog';
import { type Receiver, startReceiver } from '../../src/server/receiver';

const main = path.join(__dirname, '../../src/cli/main.js');
const examples = path.join(__dirname, '../../../examples');
const RUN_CLI = `require(${JSON.stringify(main)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;

interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `costlens serve` in a process of its own, started by bash: `prefix` runs first (a `ulimit`), and
 * `background` leaves it as bash's child while bash becomes `sleep` (which never reaps it).
 */
function serveProcess(dir: string, o: { prefix?: string; nodeArgs?: string[]; args?: string[]; env?: Record<string, string>; background?: boolean } = {}): Promise<Served> {
  const cmd = o.background ? `${o.prefix ?? ''} "$@" & exec sleep 60` : `${o.prefix ?? ''} exec "$@"`;
  const child = spawn('bash', ['-c', cmd, 'bash', process.execPath, ...(o.nodeArgs ?? []), '-e', RUN_CLI, 'serve', '--port', '0', '--store', path.join(dir, 'store'), ...(o.args ?? [])], {
    cwd: dir,
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /receiver on (http:\/\/\S+\/v1\/traces)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], stderr: () => err, exited });
      }
    });
    void exited.then((e) => reject(new Error(`serve exited before listening (${JSON.stringify(e)}): ${err}`)));
  });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function post(url: string, body: string | Buffer, type = 'application/json'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': type } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const traceOf = (n: number) => n.toString(16).padStart(32, '0');
const spanOf = (n: number, i: number) => (n * 1000 + i + 1).toString(16).padStart(16, '0');

/** A batch of `size` OpenAI chat spans at support-agent/classify.py:12, input tokens 100 + i. */
function batch(n: number, size = 10, input = (i: number) => 100 + i): string {
  const spans = Array.from({ length: size }, (_, i) => ({
    traceId: traceOf(n),
    spanId: spanOf(n, i),
    name: 'chat gpt-4o',
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(n * 1000 + i) * 1_000_000_000n),
    endTimeUnixNano: String(1_700_000_000_500_000_000n + BigInt(n * 1000 + i) * 1_000_000_000n),
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: String(input(i)) } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: '20' } },
      { key: 'code.file.path', value: { stringValue: 'support-agent/classify.py' } },
      { key: 'code.line.number', value: { intValue: '12' } },
    ],
  }));
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
}

// Protobuf, by hand: what an exporter would send.
/** A varint; a negative int64 as protobuf writes it, in ten bytes of two's complement. */
function varint(n: number): Buffer {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    out.push(Number(v & 0x7fn) | (v > 0x7fn ? 0x80 : 0));
    v >>= 7n;
  } while (v > 0n);
  return Buffer.from(out);
}
const field = (f: number, bytes: Buffer) => Buffer.concat([varint(f * 8 + 2), varint(bytes.length), bytes]);
const text = (f: number, s: string) => field(f, Buffer.from(s));
const fixed64 = (f: number, v: bigint) => {
  const b = Buffer.alloc(9);
  b[0] = f * 8 + 1;
  b.writeBigUInt64LE(v, 1);
  return b;
};
type PbValue = string | { int: number } | { double: number } | { bool: boolean };
function pbValue(v: PbValue): Buffer {
  if (typeof v === 'string') return text(1, v);
  if ('bool' in v) return Buffer.from([0x10, v.bool ? 1 : 0]);
  if ('int' in v) return Buffer.concat([Buffer.from([0x18]), varint(v.int)]);
  const d = Buffer.alloc(9);
  d[0] = 0x21;
  d.writeDoubleLE(v.double, 1);
  return d;
}
function pbSpan(traceId: string, spanId: string, attrs: Record<string, PbValue>): Buffer {
  return field(
    2,
    Buffer.concat([
      ...(traceId ? [field(1, Buffer.from(traceId, 'hex'))] : []),
      field(2, Buffer.from(spanId, 'hex')),
      text(5, 'chat'),
      fixed64(7, 1_700_000_000_000_000_000n),
      fixed64(8, 1_700_000_001_000_000_000n),
      ...Object.entries(attrs).map(([k, v]) => field(9, Buffer.concat([text(1, k), field(2, pbValue(v))]))),
    ]),
  );
}
const pbRequest = (spans: Buffer[]) => field(1, field(2, Buffer.concat(spans)));

/** A store's calls read back, and whether its files read cleanly. */
function stored(store: string): { ids: string[]; problems: string[] } {
  const log = CallLog.read(store);
  return { ids: log.all().map((c) => c.sp), problems: log.problems };
}

function journalIntact(store: string): void {
  const journal = readFileSync(path.join(store, STORE_FILES.JOURNAL), 'utf8');
  assert.ok(journal === '' || journal.endsWith('\n'), 'no torn line at the end of the journal');
  for (const line of journal.split('\n').filter(Boolean)) JSON.parse(line);
}

function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

describe('telemetry under attack and faults (issue 12)', function () {
  this.timeout(180_000);
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-hostile-'));
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends batches until the store's file-size limit refuses one; returns what was acknowledged. */
  async function fillUp(s: Served, store: string): Promise<{ acknowledged: Set<string>; next: number }> {
    const acknowledged = new Set<string>();
    for (let n = 1; n < 200; n++) {
      const r = await post(s.url, batch(n));
      if (r.status === 200) {
        for (let i = 0; i < 10; i++) acknowledged.add(spanOf(n, i));
        continue;
      }
      assert.equal(r.status, 503, `batch ${n}: ${r.status} ${r.body}`);
      assert.ok(Number(r.headers['retry-after']) > 0, 'Retry-After says when to try again');
      assert.match(JSON.parse(r.body.toString()).message, /could not be written .*EFBIG.*nothing of it was kept, send it again/);
      journalIntact(store);
      // Refused again while there is no space, and the journal stays whole.
      assert.equal((await post(s.url, batch(n + 1))).status, 503);
      journalIntact(store);
      return { acknowledged, next: n + 2 };
    }
    throw new Error('the file-size limit never refused a batch');
  }

  it('item 2: a write cut short by a file-size limit is cut back and answered 503; with space again batches are stored, and a restart finds every acknowledged one', async () => {
    const store = path.join(dir, 'store');
    const s = await serveProcess(dir, { prefix: 'ulimit -S -f 16;' });
    children.push(s.child);
    const { acknowledged, next } = await fillUp(s, store);
    assert.ok(acknowledged.size >= 20, `${acknowledged.size} spans acknowledged before the limit`);
    // Space again: the limit raised on the running process.
    execFileSync('prlimit', ['--pid', String(s.child.pid), '--fsize=unlimited']);
    assert.equal((await post(s.url, batch(next))).status, 200);
    for (let i = 0; i < 10; i++) acknowledged.add(spanOf(next, i));
    s.child.kill('SIGTERM');
    assert.deepEqual(await s.exited, { code: 0, signal: null });
    const after = stored(store);
    assert.deepEqual(after.problems, [], 'every journal line reads back');
    assert.deepEqual(new Set(after.ids), acknowledged, 'exactly the acknowledged calls are stored');
    assert.equal(after.ids.length, acknowledged.size, 'none twice');
  });

  it('item 2: a snapshot that cannot be written leaves the batch acknowledged in the journal and no temporary file; compaction succeeds once there is space', async () => {
    const store = path.join(dir, 'store');
    const s = await serveProcess(dir, { prefix: 'ulimit -S -f 16;', env: { COSTLENS_COMPACT_BYTES: '3000' } });
    children.push(s.child);
    const { acknowledged, next } = await fillUp(s, store);
    assert.ok(!readdirSync(store).some((f) => f.endsWith('.tmp')), 'no half-written snapshot left');
    execFileSync('prlimit', ['--pid', String(s.child.pid), '--fsize=unlimited']);
    assert.equal((await post(s.url, batch(next))).status, 200);
    for (let i = 0; i < 10; i++) acknowledged.add(spanOf(next, i));
    s.child.kill('SIGTERM');
    assert.deepEqual(await s.exited, { code: 0, signal: null });
    assert.match(s.stderr(), /snapshot\.json could not be written \(EFBIG.*the journal keeps every batch/);
    assert.equal(readFileSync(path.join(store, STORE_FILES.JOURNAL), 'utf8'), '', 'compacted once there was space');
    const after = stored(store);
    assert.deepEqual(after.problems, []);
    assert.deepEqual(new Set(after.ids), acknowledged);
  });

  it('item 3: calls beyond the retention are folded into per-call-site summaries that every figure still counts, across a restart', () => {
    const store = path.join(dir, 'store');
    const log = CallLog.open(store, { maxCalls: 1000, compactBytes: 50_000 });
    const all: StoredCall[] = [];
    for (let n = 0; n < 25; n++) {
      const calls: StoredCall[] = Array.from({ length: 100 }, (_, i) => ({ t: 1_700_000_000_000 + (n * 100 + i) * 60_000, d: 500, m: 'gpt-4o', in: 50 + ((n * 100 + i) % 300), cr: i % 2 ? 32 : 0, cw: 0, cw1h: 0, out: 7, rs: 0, usd: 0.001 * (1 + (i % 10)), usdFrom: 'priced', tr: traceOf(n), sp: spanOf(n, i), f: 'support-agent/classify.py', l: 12, src: 'gen_ai', ...(i === 0 ? { err: true } : {}) }));
      all.push(...calls);
      log.append(calls);
    }
    assert.equal(log.size, 1000, 'kept one by one');
    assert.equal(log.summarized, 1500, 'the rest summarised');
    assert.equal(log.summarizedThisRun, 1500);
    log.close();
    const exact = observationStats(all);
    for (const reread of [CallLog.read(store), CallLog.open(store, { maxCalls: 1000 })]) {
      const o = observationStats(reread.all(), {}, 20, reread.summaries());
      assert.equal(o.count, 2500, 'every acknowledged call counted');
      assert.equal(o.errors, exact.errors);
      assert.equal(o.windowStartMs, exact.windowStartMs);
      assert.equal(o.windowEndMs, exact.windowEndMs);
      assert.ok(Math.abs(o.callsPerDay - exact.callsPerDay) < 1e-9);
      assert.ok(Math.abs(o.inputTokens.mean - exact.inputTokens.mean) < 1e-9, 'means from exact sums');
      assert.ok(Math.abs(o.usdPerCall!.mean - exact.usdPerCall!.mean) < 1e-12);
      assert.ok(Math.abs(o.cacheHitRate - exact.cacheHitRate) < 1e-12);
      for (const [got, want] of [
        [o.inputTokens.p50, exact.inputTokens.p50],
        [o.inputTokens.p95, exact.inputTokens.p95],
        [o.usdPerCall!.p95, exact.usdPerCall!.p95],
      ]) {
        assert.ok(Math.abs(got - want) <= want * 0.011, `percentile ${got} within 1% of ${want}`);
      }
      reread.close();
    }
  });

  it('item 3: `import` past telemetry.retention.maxCalls says it summarised, and scan counts every call', async () => {
    cpSync(examples, dir, { recursive: true });
    writeFileSync(path.join(dir, '.costlens.json'), JSON.stringify({ telemetry: { retention: { maxCalls: 1000 } } }));
    writeFileSync(path.join(dir, 'spans.jsonl'), Array.from({ length: 25 }, (_, n) => batch(n + 1, 100)).join('\n') + '\n');
    const { main: cli } = await import('../../src/cli/main');
    const run = async (args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await cli(args, { cwd: dir, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
      return { code, stdout, stderr };
    };
    const saved = process.env.COSTLENS_COMPACT_BYTES;
    process.env.COSTLENS_COMPACT_BYTES = '200000'; // a snapshot, so the store on disk is bounded
    try {
      const imported = await run(['import', 'spans.jsonl']);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /2500 LLM call\(s\) imported/);
      assert.match(imported.stderr, /1500 call\(s\) beyond the 1000 kept one by one \(costlens\.telemetry\.retention\.maxCalls.*folded into per-call-site summaries/);
    } finally {
      if (saved === undefined) delete process.env.COSTLENS_COMPACT_BYTES;
      else process.env.COSTLENS_COMPACT_BYTES = saved;
    }
    const snapshot = JSON.parse(readFileSync(path.join(dir, '.costlens', 'telemetry', STORE_FILES.SNAPSHOT), 'utf8'));
    assert.ok(snapshot.calls.length <= 1000 && snapshot.summaries.length === 1, 'bounded on disk');
    const report = JSON.parse((await run(['scan', '--format', 'json', '--no-cache'])).stdout);
    const classify = report.callSites.find((c: { path: string }) => c.path === 'support-agent/classify.py');
    assert.equal(classify.observed.calls, 2500);
    assert.deepEqual(classify.observed.joinedBy, { location: 2500 });
    assert.equal(report.telemetry.calls, 2500);
    assert.equal(classify.observed.inputTokens.mean, 149.5);
  });

  it('item 5: 8.3 million empty spans (16.6 MB of protobuf) are refused with 413 by a receiver with a 256 MB heap, which keeps serving', async () => {
    const s = await serveProcess(dir, { nodeArgs: ['--max-old-space-size=256'] });
    children.push(s.child);
    const n = 8_300_000;
    const spans = Buffer.alloc(n * 2);
    for (let i = 0; i < n; i++) spans[2 * i] = 0x12;
    const r = await post(s.url, field(1, field(2, spans)), 'application/x-protobuf');
    assert.equal(r.status, 413);
    assert.match(r.body.toString('latin1'), /more than 131,072 spans.*send smaller batches/);
    // The same as JSON: refused before it is parsed.
    const json = `{"resourceSpans":[{"scopeSpans":[{"spans":[${'{},'.repeat(5_000_000)}{}]}]}]}`;
    const rj = await post(s.url, json);
    assert.equal(rj.status, 413);
    assert.match(JSON.parse(rj.body.toString()).message, /more than 1,048,576 attribute values/);
    assert.equal((await post(s.url, batch(1))).status, 200, 'still serving');
    const peak = peakRssMb(s.child.pid!);
    assert.ok(peak < 400, `peak RSS ${peak.toFixed(0)} MB`);
    s.child.kill('SIGTERM');
    assert.deepEqual(await s.exited, { code: 0, signal: null });
  });

  describe('in one process', () => {
    let log: CallLog;
    let receiver: Receiver;
    beforeEach(async () => {
      log = CallLog.open(path.join(dir, 'store'));
      receiver = await startReceiver({ port: 0, config: defaultConfig(), log });
    });
    afterEach(async () => {
      await receiver.close();
      log.close();
    });

    /** 16.4 MB of HTTP spans (not LLM calls), ~97,000 of them: a large body a Collector could send. */
    function largeBody(): Buffer {
      const spans: Buffer[] = [];
      let size = 0;
      for (let i = 0; size < 16_400_000; i++) {
        const s = pbSpan(traceOf(i + 1), spanOf(i, 0), { 'http.request.method': 'GET', 'url.full': `http://shop/orders/${i}`, 'http.response.status_code': { int: 200 } });
        spans.push(s);
        size += s.length;
      }
      return pbRequest(spans);
    }

    it('item 5: a large body does not hold up other requests while it is decoded', async () => {
      const big = largeBody();
      let uploaded = false;
      let answered = false;
      const bigDone = new Promise<number>((resolve, reject) => {
        const req = http.request(receiver.url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' } }, (res) => {
          res.resume();
          res.on('end', () => {
            answered = true;
            resolve(res.statusCode!);
          });
        });
        req.on('error', reject);
        req.on('finish', () => (uploaded = true));
        req.end(big);
      });
      while (!uploaded) await new Promise((r) => setImmediate(r));
      let during = 0;
      for (let n = 1; !answered && n < 10_000; n++) {
        assert.equal((await post(receiver.url, batch(n, 1))).status, 200);
        if (!answered) during++;
      }
      assert.equal(await bigDone, 200);
      assert.ok(during >= 5, `${during} small requests answered while the large one was decoded`);
    });

    it('item 5: large bodies at once beyond what the receiver holds get a retryable 429 with Retry-After, never a 400', async () => {
      const big = largeBody();
      const answers = await Promise.all(Array.from({ length: 8 }, () => post(receiver.url, big, 'application/x-protobuf')));
      const statuses = answers.map((a) => a.status);
      assert.ok(statuses.every((s) => s === 200 || s === 429), statuses.join(' '));
      const busy = answers.filter((a) => a.status === 429);
      assert.ok(busy.length >= 1 && busy.length < 8, statuses.join(' '));
      for (const a of busy) {
        assert.ok(Number(a.headers['retry-after']) > 0);
        assert.equal(a.body[0], 0x08, 'a google.rpc.Status');
        assert.match(a.body.toString('latin1'), /try again shortly/);
      }
      // Sent again once the others are done, it is taken.
      assert.equal((await post(receiver.url, big, 'application/x-protobuf')).status, 200);
    });

    /** Writes `head` on a raw connection and waits, bounded, for the whole answer. */
    function stall(head: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const socket = net.connect(receiver.port, '127.0.0.1', () => socket.write(head));
        let got = '';
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`no answer in 10 s: ${JSON.stringify(got)}`));
        }, 10_000);
        socket.on('data', (d) => (got += d.toString('latin1')));
        socket.on('close', () => {
          clearTimeout(timer);
          resolve(got);
        });
        socket.on('error', () => undefined);
      });
    }

    it('item 6: a body (or headers) that does not arrive in time is answered 408 with the reason as a google.rpc.Status, JSON or protobuf', async () => {
      await receiver.close();
      receiver = await startReceiver({ port: 0, config: defaultConfig(), log, bodyTimeoutMs: 500 });
      const json = await stall('POST /v1/traces HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"resourceSpans":');
      assert.match(json, /^HTTP\/1\.1 408 /);
      assert.deepEqual(JSON.parse(json.slice(json.indexOf('\r\n\r\n') + 4)), { code: 4, message: 'the body did not arrive within 0.5 s; send it again' });
      const proto = await stall('POST /v1/traces HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-protobuf\r\ncontent-length: 1000\r\n\r\n\x0a\x10');
      assert.match(proto, /^HTTP\/1\.1 408 [^]*content-type: application\/x-protobuf[^]*\r\n\r\n\x08\x04\x12.the body did not arrive/);
      const headers = await stall('POST /v1/traces HTTP/1.1\r\nhost: x\r\ncontent-ty');
      assert.match(headers, /^HTTP\/1\.1 408 [^]*"code":4,"message":"the request did not arrive in time/);
      assert.equal((await post(receiver.url, batch(1))).status, 200, 'still serving');
    });

    const bad: [string, PbValue, RegExp][] = [
      ['NaN as a double', { double: Number.NaN }, /input_tokens = NaN/],
      ['negative', { int: -40 }, /input_tokens = -40/],
      ['1e308', { double: 1e308 }, /input_tokens = 1e\+308/],
      ['a boolean', { bool: true }, /input_tokens = true/],
      ['"1e308" as text', '1e308', /input_tokens = "1e308"/],
    ];

    it('item 11: spans with bad token counts or no trace id are reported in partialSuccess with the reason (JSON), not stored as 0', async () => {
      const llm = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.output_tokens': 3 };
      const asJson = (v: PbValue) => (typeof v === 'string' ? { stringValue: v } : 'bool' in v ? { boolValue: v.bool } : 'int' in v ? { intValue: String(v.int) } : { doubleValue: Number.isNaN(v.double) ? 'NaN' : v.double });
      const spans = [
        ...bad.map(([, v], i) => ({ traceId: traceOf(1), spanId: spanOf(1, i), name: 'chat', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000', attributes: [...Object.entries(llm).map(([key, x]) => ({ key, value: typeof x === 'number' ? { intValue: String(x) } : { stringValue: x } })), { key: 'gen_ai.usage.input_tokens', value: asJson(v) }] })),
        { spanId: spanOf(1, 8), name: 'chat', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000', attributes: [] },
        JSON.parse(batch(2, 1)).resourceSpans[0].scopeSpans[0].spans[0],
      ];
      const r = await post(receiver.url, JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));
      assert.equal(r.status, 200);
      const { partialSuccess } = JSON.parse(r.body.toString());
      assert.equal(partialSuccess.rejectedSpans, '6');
      for (const [what, , reason] of bad) assert.match(partialSuccess.errorMessage, reason, what);
      assert.match(partialSuccess.errorMessage, new RegExp(`span ${spanOf(1, 8)}: rejected: no trace id`));
      assert.deepEqual(stored(log.dir).ids, [spanOf(2, 0)], 'only the good span is stored');
      assert.equal(receiver.stats.rejectedSpans, 6);
    });

    it('item 11: the same in protobuf: ExportTraceServiceResponse.partial_success', async () => {
      const spans = [
        ...bad.map(([, v], i) => pbSpan(traceOf(3), spanOf(3, i), { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': v })),
        pbSpan('', spanOf(3, 9), { 'gen_ai.operation.name': 'chat' }),
        pbSpan(traceOf(4), spanOf(4, 0), { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': { int: 12 } }),
      ];
      const r = await post(receiver.url, pbRequest(spans), 'application/x-protobuf');
      assert.equal(r.status, 200);
      // partial_success (1, message) { rejected_spans (1, varint), error_message (2, string) }
      assert.equal(r.body[0], 0x0a);
      const inner = r.body.subarray(r.body.indexOf(0x08, 1));
      assert.equal(inner[1], 6, 'rejected_spans');
      const message = inner.toString('utf8');
      for (const [what, , reason] of bad) assert.match(message, reason, what);
      assert.match(message, /no trace id/);
      const calls = CallLog.read(log.dir).all();
      assert.deepEqual(
        calls.map((c) => [c.sp, c.in]),
        [[spanOf(4, 0), 12]],
      );
    });
  });

  it('item 12: killed while writing a snapshot and left a zombie: a restart takes the stale lock over and sweeps the half-written snapshot', async () => {
    const store = path.join(dir, 'store');
    const s = await serveProcess(dir, { background: true, env: { COSTLENS_FAULT_KILL: 'snapshot:2', COSTLENS_COMPACT_BYTES: '3000' } });
    children.push(s.child);
    const acknowledged = new Set<string>();
    let killed = false;
    for (let n = 1; n < 100 && !killed; n++) {
      try {
        assert.equal((await post(s.url, batch(n))).status, 200);
        for (let i = 0; i < 10; i++) acknowledged.add(spanOf(n, i));
      } catch {
        killed = true;
      }
    }
    assert.ok(killed, 'the fault killed the receiver');
    const pid = Number(readFileSync(path.join(store, STORE_FILES.LOCK), 'utf8'));
    // Its parent (bash become sleep) never reaps it.
    const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0];
    const started = Date.now();
    while (state() !== 'Z') {
      assert.ok(Date.now() - started < 10_000, 'the killed receiver is a zombie');
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(readdirSync(store).some((f) => /^snapshot\.json\.\d+\.tmp$/.test(f)), 'a half-written snapshot was left');

    const again = await serveProcess(dir);
    children.push(again.child);
    assert.equal((await post(again.url, batch(500))).status, 200);
    for (let i = 0; i < 10; i++) acknowledged.add(spanOf(500, i));
    again.child.kill('SIGTERM');
    assert.deepEqual(await again.exited, { code: 0, signal: null });
    assert.match(again.stderr(), /removed 1 temporary snapshot file\(s\) left by an interrupted write/);
    assert.ok(!readdirSync(store).some((f) => f.endsWith('.tmp')));
    const after = new Set(stored(store).ids);
    for (const id of acknowledged) assert.ok(after.has(id), `acknowledged span ${id} is stored`);
  });

  it('item 12: a lock naming this very process, which does not hold it (a container restarted with the same pid), is taken over', () => {
    const store = path.join(dir, 'store');
    CallLog.open(store).close();
    writeFileSync(path.join(store, STORE_FILES.LOCK), String(process.pid));
    const log = CallLog.open(store);
    try {
      assert.throws(() => CallLog.open(store), /in use by process \d+ \(this one\)/, 'while held here it is refused');
    } finally {
      log.close();
    }
  });

  describe('item 13: the command line', () => {
    async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
      const { main: cli } = await import('../../src/cli/main');
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      Object.assign(process.env, env);
      let stdout = '';
      let stderr = '';
      try {
        const code = await cli(args, { cwd: dir, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
        return { code, stdout, stderr };
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    }

    it('serve refuses an empty --token or COSTLENS_RECEIVER_TOKEN instead of turning authentication off', async () => {
      for (const args of [['--token', ''], ['--token='], ['--token', '  ']]) {
        const r = await run(['serve', '--port', '0', ...args]);
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.stderr, /--token is empty: give the token clients must send, or leave --token out/);
      }
      const r = await run(['serve', '--port', '0'], { COSTLENS_RECEIVER_TOKEN: '' });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /COSTLENS_RECEIVER_TOKEN is set but empty/);
      const log = CallLog.open(path.join(dir, 'store'));
      try {
        await assert.rejects(startReceiver({ port: 0, config: defaultConfig(), log, token: '' }), /the bearer token is empty/);
      } finally {
        log.close();
      }
    });

    it('import refuses /dev/zero at once, and a file or a pipe over --max-size with the limit named', async () => {
      // In a process of its own with a bounded heap and time: without the limit it would grow without end.
      const child = spawn(process.execPath, ['--max-old-space-size=256', '-e', RUN_CLI, 'import', '/dev/zero', '--store', path.join(dir, 'store')], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      clearTimeout(timer);
      assert.equal(code, 1, err);
      assert.match(err, /\/dev\/zero: is not a regular file \(a device or socket\)/);

      writeFileSync(path.join(dir, 'big.jsonl'), `${batch(1)}\n${batch(2)}\n`);
      const big = await run(['import', 'big.jsonl', '--max-size', '1000']);
      assert.equal(big.code, 1);
      assert.match(big.stderr, /big\.jsonl: is \d+ bytes, over the import limit of 1000 bytes \(--max-size\)/);

      execFileSync('mkfifo', [path.join(dir, 'pipe')]);
      const writer = spawn('bash', ['-c', `while :; do printf '%s\\n' '${batch(3)}'; done > pipe`], { cwd: dir, stdio: 'ignore' });
      children.push(writer);
      const piped = await run(['import', 'pipe', '--max-size', '2000000']);
      assert.equal(piped.code, 1);
      assert.match(piped.stderr, /pipe: is over the import limit of 2000000 bytes/);
    });
  });
});
