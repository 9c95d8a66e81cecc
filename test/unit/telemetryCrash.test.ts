// `costlens serve` killed while it writes the telemetry store (half a journal line, half a
// snapshot, between a snapshot's rename and the journal's truncation), then restarted: every batch
// it acknowledged is there exactly once, what it never acknowledged is not, and it serves again.
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CallLog, STORE_FILES } from '../../src/server/callLog';

const main = path.join(__dirname, '../../src/cli/main.js');

interface Server {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `costlens serve` in its own process; resolves once it says where it listens. */
function startServe(dir: string, env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(main)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`, 'serve', '--port', '0', '--store', path.join(dir, 'store')], {
    cwd: dir,
    env: { ...process.env, ...env },
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

function batch(n: number, size = 10): string {
  const spans = Array.from({ length: size }, (_, i) => ({
    traceId: n.toString(16).padStart(32, '0'),
    spanId: (n * 1000 + i + 1).toString(16).padStart(16, '0'),
    name: 'chat gpt-4o',
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(n * 1000 + i) * 1_000_000n),
    endTimeUnixNano: String(1_700_000_000_500_000_000n + BigInt(n * 1000 + i) * 1_000_000n),
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: String(100 + i) } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: '20' } },
    ],
  }));
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
}

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends batches one after another until the server dies; returns the span ids acknowledged. */
async function sendUntilKilled(server: Server, from: number): Promise<{ acknowledged: Set<string>; next: number }> {
  const acknowledged = new Set<string>();
  for (let n = from; n < from + 200; n++) {
    let status: number;
    try {
      status = await post(server.url, batch(n));
    } catch {
      // Killed while writing this batch: it was not acknowledged.
      return { acknowledged, next: n + 1 };
    }
    assert.equal(status, 200);
    for (let i = 0; i < 10; i++) acknowledged.add((n * 1000 + i + 1).toString(16).padStart(16, '0'));
  }
  throw new Error('the server was never killed: the fault was not injected');
}

describe('the telemetry store survives a kill during persistence', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-crash-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const [fault, why, env] of [
    ['append:4', 'half-way through writing the 4th batch to the journal', {}],
    ['snapshot:2', 'half-way through writing a snapshot', { COSTLENS_COMPACT_BYTES: '3000' }],
    ['after-snapshot:2', 'between a snapshot\'s rename and the journal\'s truncation', { COSTLENS_COMPACT_BYTES: '3000' }],
  ] as const) {
    it(`killed ${why}: acknowledged data intact, nothing twice, serving again`, async () => {
      const first = await startServe(dir, { COSTLENS_FAULT_KILL: fault, ...env });
      const { acknowledged, next } = await sendUntilKilled(first, 1);
      const ended = await first.exited;
      assert.equal(ended.signal, 'SIGKILL', 'killed by the fault');
      assert.ok(acknowledged.size >= 10, `${acknowledged.size} spans acknowledged before the kill`);
      if (fault.startsWith('append')) {
        const journal = readFileSync(path.join(dir, 'store', STORE_FILES.JOURNAL), 'utf8');
        assert.ok(!journal.endsWith('\n'), 'a torn last line is on disk');
      }

      const second = await startServe(dir, env);
      assert.equal(await post(second.url, batch(next)), 200, 'serving again');
      second.child.kill('SIGTERM');
      assert.deepEqual(await second.exited, { code: 0, signal: null });
      if (fault.startsWith('append')) assert.match(second.stderr(), /incomplete last batch .* dropped/);

      const stored = CallLog.read(path.join(dir, 'store'));
      const ids = stored.all().map((c) => c.sp);
      assert.equal(new Set(ids).size, ids.length, 'no call stored twice');
      for (const id of acknowledged) assert.ok(ids.includes(id), `acknowledged span ${id} is stored`);
      // The batch the kill interrupted was never acknowledged: it is there whole (the kill came after
      // its journal line was on disk, during compaction) or not at all, never in part.
      const inFlight = Array.from({ length: 10 }, (_, i) => ((next - 1) * 1000 + i + 1).toString(16).padStart(16, '0'));
      const inFlightStored = inFlight.filter((id) => ids.includes(id)).length;
      assert.ok(inFlightStored === 0 || inFlightStored === 10, `the interrupted batch is whole or absent (${inFlightStored} of 10)`);
      if (fault.startsWith('append')) assert.equal(inFlightStored, 0, 'a half-written journal line is dropped');
      assert.equal(ids.length, acknowledged.size + inFlightStored + 10, 'what was acknowledged, the interrupted batch whole or not at all, and the batch after the restart');
      assert.deepEqual(stored.problems, [], 'the restart repaired the store');
    });
  }

  it('sets aside an unreadable snapshot with a message and keeps the journal', async () => {
    const store = path.join(dir, 'store');
    const log = CallLog.open(store, { compactBytes: 1 });
    log.append([{ t: 1, d: 1, in: 1, cr: 0, cw: 0, cw1h: 0, out: 1, rs: 0, usd: null, usdFrom: 'none', tr: 'a', sp: '1', src: 'gen_ai' }]);
    log.close();
    writeFileSync(path.join(store, STORE_FILES.SNAPSHOT), '{"format": 1, "seq": 1, "calls": [');
    const reopened = CallLog.open(store);
    assert.equal(reopened.size, 0);
    assert.match(reopened.problems.join('\n'), /could not be read .* set aside/);
    reopened.append([{ t: 2, d: 1, in: 1, cr: 0, cw: 0, cw1h: 0, out: 1, rs: 0, usd: null, usdFrom: 'none', tr: 'b', sp: '2', src: 'gen_ai' }]);
    reopened.close();
    assert.equal(CallLog.read(store).size, 1);
    assert.ok(readdirSync(store).some((f) => f.startsWith('snapshot.json.unreadable-')));
  });

  it('refuses a second writer while one holds the store', () => {
    const store = path.join(dir, 'store');
    const a = CallLog.open(store);
    try {
      assert.throws(() => CallLog.open(store), /in use by process/);
    } finally {
      a.close();
    }
    CallLog.open(store).close();
  });
});
