// The telemetry part of `npm run torture`: the attacks and faults of issue 12 replayed against the
// built CLI (`node bin/costlens.js serve|import`), loopback only, every loop bounded in count and
// time, every process killed and every file removed at the end. `run({ cli, tmp })` returns rows
// `{ attack, expected, observed, acknowledged, stored, peakRssMb, ok }`.
//
// `acknowledged` is what the receiver answered 200 for (calls); `stored` is what the store holds
// afterwards, read from its files (calls kept one by one plus those in summaries) or, for the
// retention row, what the figures of `costlens scan` count.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

const SERVE_START_MS = 30_000;
const REQUEST_MS = 120_000;

// ---------------------------------------------------------------------------------------------
// Spans

const traceOf = (n) => n.toString(16).padStart(32, '0');
const spanOf = (n, i) => (n * 1000 + i + 1).toString(16).padStart(16, '0');

/** A batch of `size` OpenAI chat spans (JSON), at one code location. */
function batch(n, size = 10) {
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
      { key: 'gen_ai.usage.input_tokens', value: { intValue: String(100 + i) } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: '20' } },
      { key: 'code.file.path', value: { stringValue: 'agent.py' } },
      { key: 'code.line.number', value: { intValue: '12' } },
    ],
  }));
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
}

function varint(n) {
  let v = BigInt.asUintN(64, BigInt(n));
  const out = [];
  do {
    out.push(Number(v & 0x7fn) | (v > 0x7fn ? 0x80 : 0));
    v >>= 7n;
  } while (v > 0n);
  return Buffer.from(out);
}
const field = (f, bytes) => Buffer.concat([varint(f * 8 + 2), varint(bytes.length), bytes]);
const text = (f, s) => field(f, Buffer.from(s));
const fixed64 = (f, v) => {
  const b = Buffer.alloc(9);
  b[0] = f * 8 + 1;
  b.writeBigUInt64LE(v, 1);
  return b;
};
function pbSpan(i, attrs) {
  return field(
    2,
    Buffer.concat([
      field(1, Buffer.from(traceOf(i + 1), 'hex')),
      field(2, Buffer.from(spanOf(i, 0), 'hex')),
      text(5, 'GET /orders'),
      fixed64(7, 1_700_000_000_000_000_000n + BigInt(i)),
      fixed64(8, 1_700_000_000_500_000_000n + BigInt(i)),
      ...Object.entries(attrs).map(([k, v]) => field(9, Buffer.concat([text(1, k), field(2, typeof v === 'number' ? Buffer.concat([Buffer.from([0x18]), varint(v)]) : text(1, v))]))),
    ]),
  );
}
const pbRequest = (spans) => field(1, field(2, Buffer.concat(spans)));

/** ~16.4 MB of HTTP spans (no LLM call), ~97,000 of them: a large body a Collector could send. */
function realisticBody() {
  const spans = [];
  let size = 0;
  for (let i = 0; size < 16_400_000; i++) {
    const s = pbSpan(i, { 'http.request.method': 'GET', 'url.full': `http://shop/orders/${i}`, 'http.response.status_code': 200 });
    spans.push(s);
    size += s.length;
  }
  return pbRequest(spans);
}

/** 8.3 million empty spans: 16.6 MB of protobuf. */
function emptySpansBody() {
  const n = 8_300_000;
  const spans = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) spans[2 * i] = 0x12;
  return field(1, field(2, spans));
}

// ---------------------------------------------------------------------------------------------
// Processes

/** Peak resident memory of a process so far (Linux), MB; the last value read is kept once it exits. */
function rssWatcher(pid) {
  let peak = null;
  const read = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak ?? 0, Number(m[1]) / 1024);
    } catch {
      // gone
    }
  };
  read();
  const timer = setInterval(read, 25);
  timer.unref();
  return {
    peak: () => (read(), peak === null ? null : Math.round(peak)),
    stop: () => clearInterval(timer),
  };
}

function post(url, body, type = 'application/json') {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(url, { method: 'POST', headers: { 'content-type': type }, timeout: REQUEST_MS }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => resolve({ status: `error ${e.code ?? e.message}`, headers: {}, body: Buffer.alloc(0), ms: performance.now() - started }));
    req.end(body);
  });
}

/** The calls a store holds, read from its files: kept one by one, in summaries, and lines that did not read. */
function storeContents(store) {
  const keys = new Set();
  let summarized = 0;
  let seq = 0;
  let unreadable = 0;
  const snap = path.join(store, 'snapshot.json');
  if (existsSync(snap)) {
    const s = JSON.parse(readFileSync(snap, 'utf8'));
    seq = s.seq;
    for (const c of s.calls) keys.add(`${c.tr}/${c.sp}`);
    for (const x of s.summaries ?? []) summarized += x.count;
  }
  const journal = path.join(store, 'journal.jsonl');
  if (existsSync(journal)) {
    for (const line of readFileSync(journal, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const e = JSON.parse(line);
        if (e.s > seq) for (const c of e.c) keys.add(`${c.tr}/${c.sp}`);
      } catch {
        unreadable++;
      }
    }
  }
  return { kept: keys.size, summarized, total: keys.size + summarized, unreadable };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------

export async function run({ cli, tmp }) {
  const root = mkdtempSync(path.join(tmp, 'costlens-torture-telemetry-'));
  const children = new Set();
  const rows = [];
  let dirs = 0;
  const newDir = () => {
    const d = path.join(root, String(++dirs));
    mkdirSync(d, { recursive: true });
    return d;
  };

  /**
   * `costlens serve` started by bash: `prefix` first (a ulimit); `background` leaves it the child
   * of bash become `sleep`, which never reaps it (so a kill leaves a zombie).
   */
  function serve(dir, { prefix = '', args = [], env = {}, nodeArgs = [], background = false } = {}) {
    const cmd = background ? `${prefix} "$@" & exec sleep 120` : `${prefix} exec "$@"`;
    const child = spawn('bash', ['-c', cmd, 'bash', process.execPath, ...nodeArgs, cli, 'serve', '--port', '0', '--store', path.join(dir, 'store'), ...args], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), SERVE_START_MS);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /receiver on (http:\/\/\S+\/v1\/traces)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve({ child, url: m[1], stderr: () => err, exited, rss: rssWatcher(child.pid) });
        }
      });
      void exited.then((e) => {
        clearTimeout(timer);
        reject(new Error(`serve exited before listening (${JSON.stringify(e)}): ${err.trim()}`));
      });
    });
  }

  async function stop(s) {
    s.child.kill('SIGTERM');
    const t = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
    const e = await s.exited;
    clearTimeout(t);
    s.rss.stop();
    return e;
  }

  /** A CLI run to its end (bounded), with its output and peak memory. */
  function cliRun(args, { cwd, env = {}, nodeArgs = [], timeoutMs = 60_000 } = {}) {
    const child = spawn(process.execPath, [...nodeArgs, cli, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const rss = rssWatcher(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    return new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        const peak = rss.peak();
        rss.stop();
        resolve({ code, signal, stdout, stderr, peakRssMb: peak });
      }),
    );
  }

  async function attack(name, expected, body) {
    const row = { attack: name, expected, observed: '', acknowledged: null, stored: null, peakRssMb: null, ok: false };
    try {
      Object.assign(row, await body());
    } catch (e) {
      row.observed = `failed: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300);
      row.ok = false;
    }
    rows.push(row);
  }

  /** Sends 10-call batches until the store refuses one with 503 (at most 300 batches, 60 s). */
  async function untilRefused(s) {
    let acknowledged = 0;
    const deadline = Date.now() + 60_000;
    for (let n = 1; n <= 300 && Date.now() < deadline; n++) {
      const r = await post(s.url, batch(n));
      if (r.status === 200) acknowledged += 10;
      else return { acknowledged, refused: r, next: n + 1 };
    }
    return { acknowledged, refused: undefined, next: 301 };
  }

  try {
    await attack('store on a full disk (ulimit -f 16 KiB): failed append, space again, restart', '503 + Retry-After, no torn line; then 200; acknowledged = stored', async () => {
      const dir = newDir();
      const store = path.join(dir, 'store');
      const s = await serve(dir, { prefix: 'ulimit -S -f 16;' });
      const { acknowledged, refused, next } = await untilRefused(s);
      const journal = readFileSync(path.join(store, 'journal.jsonl'), 'utf8');
      const intact = journal.endsWith('\n');
      execFileSync('prlimit', ['--pid', String(s.child.pid), '--fsize=unlimited']);
      const after = await post(s.url, batch(next));
      const ack = acknowledged + (after.status === 200 ? 10 : 0);
      await stop(s);
      const again = await serve(dir);
      const restartErr = again.stderr();
      await stop(again);
      const held = storeContents(store);
      return {
        observed: `${refused?.status ?? 'never refused'}${refused?.headers['retry-after'] ? ` Retry-After ${refused.headers['retry-after']}` : ''}, journal ${intact ? 'ends on a whole line' : 'TORN'}; after space ${after.status}; ${held.unreadable} unreadable line(s)${/unreadable/.test(restartErr) ? ', restart complained' : ''}`,
        acknowledged: ack,
        stored: held.total,
        peakRssMb: s.rss.peak(),
        ok: refused?.status === 503 && !!refused.headers['retry-after'] && intact && after.status === 200 && held.unreadable === 0 && held.total === ack,
      };
    });

    await attack('retention beyond the cap (serve --max-calls 1000, 1,500 calls)', 'older calls summarised with a message; figures count all 1,500', async () => {
      const dir = newDir();
      const s = await serve(dir, { args: ['--max-calls', '1000'], env: { COSTLENS_COMPACT_BYTES: '100000' } });
      let acknowledged = 0;
      for (let n = 1; n <= 15; n++) if ((await post(s.url, batch(n, 100))).status === 200) acknowledged += 100;
      await stop(s);
      const held = storeContents(path.join(dir, 'store'));
      const scan = await cliRun(['scan', '--format', 'json', '--no-cache', '--observations', 'store'], { cwd: dir });
      const figures = JSON.parse(scan.stdout).telemetry?.calls ?? 0;
      const told = /folded into per-call-site summaries/.test(s.stderr());
      return {
        observed: `${held.kept} kept one by one + ${held.summarized} in summaries on disk; scan counts ${figures}; ${told ? 'user told' : 'NOT told'}`,
        acknowledged,
        stored: figures,
        peakRssMb: s.rss.peak(),
        ok: acknowledged === 1500 && figures === 1500 && held.total === 1500 && told,
      };
    });

    await attack('16.6 MB protobuf of 8.3M empty spans, receiver with --max-old-space-size=512', '413 naming the span limit; receiver alive; small requests answered meanwhile', async () => {
      const dir = newDir();
      const s = await serve(dir, { nodeArgs: ['--max-old-space-size=512'] });
      const big = post(s.url, emptySpansBody(), 'application/x-protobuf');
      let worst = 0;
      let small = 0;
      let done = false;
      void big.then(() => (done = true));
      const deadline = Date.now() + 60_000;
      for (let n = 1; !done && n <= 2000 && Date.now() < deadline; n++) {
        const r = await post(s.url, batch(n, 1));
        if (r.status === 200) small++;
        worst = Math.max(worst, r.ms);
      }
      const r = await big;
      const alive = (await post(s.url, batch(9999, 1))).status === 200;
      const peak = s.rss.peak();
      await stop(s);
      return {
        observed: `${r.status} (${/more than [\d,]+ spans/.exec(r.body.toString('latin1'))?.[0] ?? r.body.toString('latin1').slice(0, 60)}); ${small} small request(s) meanwhile, slowest ${Math.round(worst)} ms; ${alive ? 'alive' : 'DEAD'}`,
        acknowledged: small + (alive ? 1 : 0),
        stored: storeContents(path.join(dir, 'store')).total,
        peakRssMb: peak,
        ok: r.status === 413 && alive && worst < 1000,
      };
    });

    await attack('16.4 MB protobuf of 97k HTTP spans, --max-old-space-size=512', '200; small requests answered meanwhile (slowest < 1 s)', async () => {
      const dir = newDir();
      const s = await serve(dir, { nodeArgs: ['--max-old-space-size=512'] });
      const big = post(s.url, realisticBody(), 'application/x-protobuf');
      let worst = 0;
      let small = 0;
      let done = false;
      void big.then(() => (done = true));
      const deadline = Date.now() + 60_000;
      for (let n = 1; !done && n <= 2000 && Date.now() < deadline; n++) {
        const r = await post(s.url, batch(n, 1));
        if (r.status === 200) small++;
        worst = Math.max(worst, r.ms);
      }
      const r = await big;
      const peak = s.rss.peak();
      await stop(s);
      return {
        observed: `${r.status} in ${Math.round(r.ms)} ms; ${small} small request(s) meanwhile, slowest ${Math.round(worst)} ms`,
        acknowledged: small,
        stored: storeContents(path.join(dir, 'store')).total,
        peakRssMb: peak,
        ok: r.status === 200 && worst < 1000,
      };
    });

    await attack('8 concurrent 16.4 MB protobuf bodies, --max-old-space-size=512', 'each 200 or 429 + Retry-After (never 400); receiver alive', async () => {
      const dir = newDir();
      const s = await serve(dir, { nodeArgs: ['--max-old-space-size=512'] });
      const body = realisticBody();
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 8 }, () => post(s.url, body, 'application/x-protobuf')));
      const took = performance.now() - started;
      const alive = (await post(s.url, batch(1, 1))).status === 200;
      const peak = s.rss.peak();
      await stop(s);
      const statuses = answers.map((a) => a.status);
      return {
        observed: `${statuses.join(' ')} in ${(took / 1000).toFixed(1)} s; ${alive ? 'alive' : 'DEAD'}`,
        acknowledged: null,
        stored: null,
        peakRssMb: peak,
        ok: alive && answers.every((a) => a.status === 200 || (a.status === 429 && a.headers['retry-after'])),
      };
    });

    await attack('slow body (headers, then 17 of 1000 bytes, then nothing)', '408 with a google.rpc.Status (retryable), not 400', async () => {
      const dir = newDir();
      const s = await serve(dir, { env: { COSTLENS_BODY_TIMEOUT_MS: '1000' } });
      const { port } = new URL(s.url);
      const answer = await new Promise((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('POST /v1/traces HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"resourceSpans":'));
        let got = '';
        const timer = setTimeout(() => socket.destroy(), 15_000);
        socket.on('data', (d) => (got += d));
        socket.on('close', () => {
          clearTimeout(timer);
          resolve(got);
        });
        socket.on('error', () => undefined);
      });
      await stop(s);
      const status = /^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 'no answer';
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      return { observed: `${status} ${body.slice(0, 90)}`, peakRssMb: s.rss.peak(), ok: status === '408' && /"code":4/.test(body) };
    });

    await attack('bad token counts (NaN, -40, 1e308, true, "1e308") and a span without trace id', '200 with partialSuccess.rejectedSpans 6 and the reasons; only the good span stored', async () => {
      const dir = newDir();
      const s = await serve(dir);
      const llm = [
        { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
        { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
      ];
      const bad = [{ doubleValue: 'NaN' }, { intValue: '-40' }, { doubleValue: 1e308 }, { boolValue: true }, { stringValue: '1e308' }];
      const spans = [
        ...bad.map((v, i) => ({ traceId: traceOf(1), spanId: spanOf(1, i), name: 'chat', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000', attributes: [...llm, { key: 'gen_ai.usage.input_tokens', value: v }] })),
        { spanId: spanOf(1, 8), name: 'chat', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000', attributes: llm },
        JSON.parse(batch(2, 1)).resourceSpans[0].scopeSpans[0].spans[0],
      ];
      const r = await post(s.url, JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));
      await stop(s);
      const partial = r.status === 200 ? JSON.parse(r.body.toString()).partialSuccess : undefined;
      const held = storeContents(path.join(dir, 'store'));
      return {
        observed: `${r.status}, rejectedSpans ${partial?.rejectedSpans ?? 'none'}: ${(partial?.errorMessage ?? '').slice(0, 100)}…`,
        acknowledged: r.status === 200 ? 7 - Number(partial?.rejectedSpans ?? 0) : 0,
        stored: held.total,
        peakRssMb: s.rss.peak(),
        ok: r.status === 200 && partial?.rejectedSpans === '6' && held.total === 1,
      };
    });

    await attack('kill -9 while writing a snapshot, left a zombie; restart', 'restart takes the stale lock over, sweeps the .tmp; every acknowledged call stored (the batch cut by the kill whole or not at all)', async () => {
      const dir = newDir();
      const store = path.join(dir, 'store');
      const s = await serve(dir, { background: true, env: { COSTLENS_FAULT_KILL: 'snapshot:2', COSTLENS_COMPACT_BYTES: '3000' } });
      const pid = Number(readFileSync(path.join(store, 'lock'), 'utf8'));
      const rss = rssWatcher(pid);
      let acknowledged = 0;
      let killed = false;
      for (let n = 1; n <= 100 && !killed; n++) {
        const r = await post(s.url, batch(n));
        if (r.status === 200) acknowledged += 10;
        else killed = true;
      }
      const peak = rss.peak();
      rss.stop();
      const deadline = Date.now() + 10_000;
      let state = '?';
      while (Date.now() < deadline) {
        try {
          state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0];
        } catch {
          state = 'gone';
        }
        if (state === 'Z' || state === 'gone') break;
        await sleep(20);
      }
      const tmpBefore = readdirSync(store).filter((f) => f.endsWith('.tmp')).length;
      let restarted = 'refused';
      let swept = false;
      try {
        const again = await serve(dir);
        const ok = (await post(again.url, batch(500))).status === 200;
        if (ok) acknowledged += 10;
        await stop(again);
        restarted = ok ? 'serving' : 'not storing';
        swept = /removed \d+ temporary snapshot/.test(again.stderr()) && !readdirSync(store).some((f) => f.endsWith('.tmp'));
      } catch (e) {
        restarted = `refused: ${e.message.slice(0, 120)}`;
      }
      s.child.kill('SIGKILL'); // the sleep: the zombie is reaped by init
      const held = storeContents(store);
      return {
        observed: `killed pid ${pid} is ${state === 'Z' ? 'a zombie' : state}; ${tmpBefore} .tmp left; restart ${restarted}${swept ? ', .tmp swept' : ''}`,
        acknowledged,
        stored: held.total,
        peakRssMb: peak,
        ok: killed && restarted === 'serving' && swept && held.total - acknowledged >= 0 && held.total - acknowledged <= 10 && held.total % 10 === 0,
      };
    });

    await attack("serve --token ''", 'refused (exit 2) with a clear error, not authentication off', async () => {
      const dir = newDir();
      const r = await cliRun(['serve', '--port', '0', '--token', '', '--store', path.join(dir, 'store')], { cwd: dir, timeoutMs: 15_000 });
      return { observed: `exit ${r.code ?? r.signal}: ${r.stderr.trim().slice(0, 100)}`, peakRssMb: r.peakRssMb, ok: r.code === 2 && /--token is empty/.test(r.stderr) };
    });

    await attack('import /dev/zero', 'refused at once (exit 1), memory flat', async () => {
      const dir = newDir();
      const r = await cliRun(['import', '/dev/zero', '--store', path.join(dir, 'store')], { cwd: dir, nodeArgs: ['--max-old-space-size=512'], timeoutMs: 30_000 });
      return { observed: `exit ${r.code ?? r.signal}: ${r.stderr.trim().slice(0, 100)}`, peakRssMb: r.peakRssMb, ok: r.code === 1 && /not a regular file/.test(r.stderr) && r.peakRssMb < 300 };
    });

    await attack('import an endless pipe (--max-size 4 MB)', 'stopped at the limit (exit 1), what came before imported', async () => {
      const dir = newDir();
      execFileSync('mkfifo', [path.join(dir, 'pipe')]);
      writeFileSync(path.join(dir, 'line.json'), `${batch(7)}\n`);
      const writer = spawn('bash', ['-c', 'while :; do cat line.json || exit; done > pipe'], { cwd: dir, stdio: 'ignore' });
      children.add(writer);
      const r = await cliRun(['import', 'pipe', '--max-size', '4000000', '--store', path.join(dir, 'store')], { cwd: dir, timeoutMs: 30_000 });
      writer.kill('SIGKILL');
      const held = storeContents(path.join(dir, 'store'));
      return { observed: `exit ${r.code ?? r.signal}: ${r.stderr.trim().slice(0, 100)}`, acknowledged: 10, stored: held.total, peakRssMb: r.peakRssMb, ok: r.code === 1 && /over the import limit of 4000000 bytes/.test(r.stderr) && held.total === 10 };
    });
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await sleep(50);
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}

// Run on its own: `node scripts/torture/telemetry.mjs` after `npm run build`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { tmpdir } = await import('node:os');
  const cli = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'bin', 'costlens.js');
  const rows = await run({ cli, tmp: tmpdir() });
  for (const r of rows) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.attack}\n     expected: ${r.expected}\n     observed: ${r.observed}\n     acknowledged ${r.acknowledged ?? '-'} stored ${r.stored ?? '-'} peak RSS ${r.peakRssMb ?? '-'} MB`);
  process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
}
