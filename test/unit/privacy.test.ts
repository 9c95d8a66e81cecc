// Nothing leaves the machine and nothing leaves the workspace: a scan, a check, the exports, the
// receiver and an import make no connection but loopback and no DNS lookup; code that reads files
// by path never makes CostLens read outside the workspace; prompt and completion text that
// instrumentation put on spans is not kept in the telemetry store.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

const examples = path.join(__dirname, '../../../examples');
// The modules' own objects (an ES namespace import could not be patched).
const net = require('node:net') as typeof import('node:net');
const dns = require('node:dns') as { lookup: unknown };

describe('privacy and the workspace boundary', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-privacy-'));
    cpSync(examples, path.join(dir, 'ws'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (args: string[], cwd = path.join(dir, 'ws')) => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr };
  };

  it('connects to nothing but loopback and looks up no name: scan, check, exports, import, the receiver', async () => {
    const attempts: string[] = [];
    const connect = net.Socket.prototype.connect;
    const lookup = dns.lookup;
    const fetch = globalThis.fetch;
    net.Socket.prototype.connect = function (this: import('node:net').Socket, ...args: unknown[]) {
      const o = args[0] as { host?: string; port?: number; path?: string } | number;
      const host = typeof o === 'object' ? (o.host ?? (o.path ? 'unix socket' : 'localhost')) : String(args[1] ?? 'localhost');
      if (!['127.0.0.1', '::1', 'localhost', 'unix socket'].includes(host)) attempts.push(`connect ${host}`);
      return (connect as (...a: unknown[]) => import('node:net').Socket).apply(this, args);
    } as typeof connect;
    dns.lookup = (...args: unknown[]) => {
      if (!['127.0.0.1', '::1', 'localhost'].includes(String(args[0]))) attempts.push(`lookup ${String(args[0])}`);
      return (lookup as (...a: unknown[]) => unknown)(...args);
    };
    globalThis.fetch = (async (input: unknown) => {
      attempts.push(`fetch ${String(input)}`);
      throw new Error('no network in this test');
    }) as typeof fetch;
    try {
      for (const format of ['json', 'csv', 'markdown', 'focus']) assert.equal((await run(['scan', '--no-cache', '--jobs', '1', '--format', format])).code, 0);
      await run(['check', '--no-cache', '--jobs', '1']);
      writeFileSync(path.join(dir, 'spans.json'), JSON.stringify({ resourceSpans: [] }));
      assert.equal((await run(['import', path.join(dir, 'spans.json')])).code, 0);
      // The receiver, and a client posting to it on loopback.
      const { startReceiver } = await import('../../src/server/receiver');
      const { CallLog } = await import('../../src/server/callLog');
      const { defaultConfig } = await import('../../src/config/load');
      const log = CallLog.open(path.join(dir, 'store'));
      const r = await startReceiver({ port: 0, config: defaultConfig(), log });
      await new Promise<void>((resolve, reject) => {
        const req = http.request(r.url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('error', reject);
        req.end('{"resourceSpans": []}');
      });
      await r.close();
      log.close();
    } finally {
      net.Socket.prototype.connect = connect;
      dns.lookup = lookup;
      globalThis.fetch = fetch;
    }
    assert.deepEqual(attempts, []);
  });

  it('never reads outside the workspace, whatever path the code reads', async () => {
    const secret = 'TOP-SECRET-OUTSIDE-THE-WORKSPACE';
    writeFileSync(path.join(dir, 'outside.txt'), `${secret} `.repeat(50));
    mkdirSync(path.join(dir, 'ws', 'leaky'), { recursive: true });
    writeFileSync(
      path.join(dir, 'ws', 'leaky', 'agent.py'),
      [
        'from openai import OpenAI',
        'client = OpenAI()',
        'A = open("../../outside.txt").read()',
        `B = open("${path.join(dir, 'outside.txt')}").read()`,
        'from ...outside import MODEL',
        '',
        'def ask(q):',
        '    return client.chat.completions.create(model=MODEL, messages=[{"role": "system", "content": A + B}, {"role": "user", "content": q}], max_tokens=10)',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'outside.py'), 'MODEL = "gpt-4o"\n');
    const r = await run(['scan', '--no-cache', '--jobs', '1', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    const site = report.callSites.find((c: { path: string }) => c.path === 'leaky/agent.py');
    assert.equal(site.model, null, 'the model imported from outside the workspace is not read');
    assert.ok(site.tokens.staticInput < 100, 'the text outside the workspace is not counted');
    assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret));
  });

  it('keeps no prompt or completion text from spans in the telemetry store', async () => {
    const secret = 'CUSTOMER-PII-4111-1111-1111-1111';
    const attrs = (k: string, v: string) => ({ key: k, value: { stringValue: v } });
    const span = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      name: 'chat gpt-4o',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000001000000000',
      attributes: [
        attrs('gen_ai.operation.name', 'chat'),
        attrs('gen_ai.request.model', 'gpt-4o'),
        { key: 'gen_ai.usage.input_tokens', value: { intValue: '10' } },
        { key: 'gen_ai.usage.output_tokens', value: { intValue: '5' } },
        attrs('gen_ai.prompt.0.content', secret),
        attrs('gen_ai.completion.0.content', secret),
        attrs('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: secret }] }])),
        attrs('llm.input_messages.0.message.content', secret),
        attrs('ai.prompt', secret),
        attrs('ai.response.text', secret),
      ],
    };
    writeFileSync(path.join(dir, 'spans.json'), JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }));
    assert.equal((await run(['import', path.join(dir, 'spans.json')])).code, 0);
    const store = path.join(dir, 'ws', '.costlens', 'telemetry');
    const stored = readdirSync(store)
      .map((f) => readFileSync(path.join(store, f), 'utf8'))
      .join('\n');
    assert.match(stored, /gpt-4o/, 'the call is stored');
    assert.ok(!stored.includes(secret), 'its text is not');
  });
});
