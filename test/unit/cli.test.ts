import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { COMMAND_NAMES, commandHelp, takesOption } from '../../src/cli/help';
import { main } from '../../src/cli/main';

/** Every option the CLI has, written out here so a help that lists too few or too many shows. */
const ALL_OPTIONS = ['format', 'config', 'output', 'jobs', 'severity', 'fix', 'fix-unsafe', 'no-ignore', 'no-cache', 'cache-dir', 'observations', 'no-observations', 'store', 'port', 'host', 'token', 'max-body', 'max-calls', 'max-size', 'base', 'head'];
import type { Report } from '../../src/core/report/report';

const root = path.join(__dirname, '../../..');

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const TRIAGE = `---
name: triage
model:
  api: chat
  configuration:
    type: openai
    name: gpt-4o-mini
  parameters:
    max_tokens: 200
sample:
  question: Where is my parcel? It was due on Monday.
---
system:
You are the triage assistant of an online shop. Classify the customer's message.

user:
{{question}}
`;

describe('costlens CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('scans a workspace into a versioned JSON report with 1-based lines', async () => {
    mkdirSync(path.join(dir, 'prompts'));
    writeFileSync(path.join(dir, 'prompts/triage.prompty'), TRIAGE);
    writeFileSync(path.join(dir, '.costlens.json'), JSON.stringify({ traffic: { tasksPerDay: 500 } }));
    const r = await run(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.version, 1);
    assert.equal(report.traffic.tasksPerDay, 500);
    assert.deepEqual(report.errors, []);
    assert.equal(report.callSites.length, 1);
    const c = report.callSites[0];
    assert.equal(c.path, 'prompts/triage.prompty');
    assert.equal(c.line, 1);
    assert.equal(c.provider, 'openai');
    assert.equal(c.model, 'gpt-4o-mini');
    assert.equal(c.exactTokens, true);
    assert.equal(c.tokens.output, 200);
    assert.ok(c.tokens.input > 20);
    assert.ok(c.usd);
    const perCall = (c.tokens.input * 0.15 + c.tokens.output * 0.6) / 1e6;
    assert.ok(Math.abs(c.usd.perCall.expected - perCall) < 1e-12, 'short prompt: no cache, list prices');
    assert.ok(Math.abs(c.usd.perMonth.expected - perCall * 500 * 30) < 1e-9);
    // A prompt file no code sends is a task of its own, at the workspace's traffic.
    assert.deepEqual(report.tasks.map((t) => [t.key, t.callSites, t.tasksPerDay, t.usd?.perMonth.expected]), [[c.key, [c.key], 500, c.usd.perMonth.expected]]);
    assert.ok(Array.isArray(report.findings));
  });

  it('prints a table a person reads', async () => {
    writeFileSync(path.join(dir, 'triage.prompty'), TRIAGE);
    const r = await run(['scan', dir], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /triage\.prompty:1\s+gpt-4o-mini/);
    assert.match(r.stdout, /1 call site\(s\) in 1 file\(s\): \$[\d.]+\/month/);
  });

  it('reports bad settings, binary and oversized files, and still prices the rest', async () => {
    writeFileSync(path.join(dir, 'triage.prompty'), TRIAGE);
    writeFileSync(path.join(dir, 'broken.prompty'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]));
    writeFileSync(path.join(dir, 'huge.prompty'), '---\nmodel: gpt-4o\n---\n' + 'x'.repeat(3 * 1024 * 1024));
    writeFileSync(path.join(dir, '.costlens.json'), '{"traffic": {"tasksPerDay": -3}, "pricing": {"overrides": {"gpt-4o-mini": {"input": 1, "output": 1}}}}');
    const r = await run(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.code, 0);
    const report = JSON.parse(r.stdout) as Report;
    const messages = report.errors.map((e) => `${e.path}: ${e.message}`);
    assert.ok(messages.some((m) => /^broken\.prompty: skipped: binary file/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^huge\.prompty: skipped: 3\.0 MB is over the 2 MB limit/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^\.costlens\.json: traffic\.tasksPerDay is invalid/.test(m)), messages.join('\n'));
    assert.equal(report.callSites.length, 1);
    assert.equal(report.callSites[0].pricesPerMtok?.input, 1, 'the valid override still applies');
  });

  it('skips dependency and build folders', async () => {
    for (const d of ['node_modules/pkg', 'dist', '.venv/lib', 'prompts']) mkdirSync(path.join(dir, d), { recursive: true });
    for (const f of ['node_modules/pkg/a.prompty', 'dist/b.prompty', '.venv/lib/c.prompty', 'prompts/d.prompty']) writeFileSync(path.join(dir, f), TRIAGE);
    const report = JSON.parse((await run(['scan', '--format=json'], dir)).stdout) as Report;
    assert.deepEqual(report.callSites.map((c) => c.path), ['prompts/d.prompty']);
  });

  it('rejects bad usage with exit code 2 and a reason', async () => {
    let r = await run(['scan', '--format', 'xml'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown --format "xml"/);
    r = await run(['frobnicate'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    r = await run(['scan', '--colour'], dir);
    assert.equal(r.code, 2);
    r = await run(['--help'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /costlens scan/);
  });

  it('prints each command\'s own help with every option it takes, and refuses the others by name', async () => {
    for (const command of COMMAND_NAMES) {
      for (const argv of [[command, '--help'], [command, '-h'], ['help', command]]) {
        const r = await run(argv, dir);
        assert.equal(r.code, 0, argv.join(' '));
        assert.equal(r.stdout, `${commandHelp(command)}\n`, argv.join(' '));
      }
      const help = commandHelp(command);
      assert.match(help, new RegExp(`^Usage:\\n  costlens ${command}\\b`));
      // Every option the help lists is one the command takes, and every one it takes is listed,
      // in the synopsis and with its own line.
      const listed = new Set([...help.matchAll(/^  --([a-z-]+)/gm)].map((m) => m[1]).filter((o) => o !== 'help'));
      const inSynopsis = new Set([...help.split('\n\n')[0].matchAll(/--([a-z-]+)/g)].map((m) => m[1]));
      for (const o of ALL_OPTIONS) {
        assert.equal(listed.has(o), takesOption(command, o), `${command} --${o}: listed ${listed.has(o)}`);
        assert.equal(inSynopsis.has(o), takesOption(command, o), `${command} --${o} in the synopsis`);
      }
      for (const line of help.split('\n')) assert.ok([...line].length <= 100, `a line over 100 columns: ${line}`);
    }
    // The general usage lines name the options users missed.
    const general = (await run(['--help'], dir)).stdout;
    for (const o of ['--cache-dir DIR', '--no-ignore', '--observations DIR', '--fix-unsafe', '--max-calls N']) assert.ok(general.includes(o), o);
    // An option of another command is refused by the same table, naming the command's own help.
    const r = await run(['diff', '--base', 'HEAD', '--jobs', '2'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option --jobs for diff\nRun "costlens diff --help" for usage\./);
    const unknown = await run(['help', 'frobnicate'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate" \(the commands: scan, check, diff, serve, import\)/);
  });

  it('check reads --no-ignore as scan does', async () => {
    writeFileSync(path.join(dir, '.gitignore'), 'ignored/\n');
    mkdirSync(path.join(dir, 'ignored'), { recursive: true });
    writeFileSync(path.join(dir, 'ignored', 'triage.prompty'), TRIAGE);
    const plain = JSON.parse((await run(['check', '--format', 'json', '--severity', 'error'], dir)).stdout) as Report;
    const all = JSON.parse((await run(['check', '--format', 'json', '--severity', 'error', '--no-ignore'], dir)).stdout) as Report;
    assert.deepEqual(plain.callSites.map((c) => c.path), []);
    assert.deepEqual(all.callSites.map((c) => c.path), ['ignored/triage.prompty']);
  });

  it('says why a file named on the command line is not analysed', async () => {
    writeFileSync(path.join(dir, 'notes.csv'), 'a,b\n');
    const report = JSON.parse((await run(['scan', 'notes.csv', '--format', 'json'], dir)).stdout) as Report;
    assert.deepEqual(report.errors.map((e) => `${e.path}: ${e.message}`), ['notes.csv: skipped: not a prompt file or Python/TypeScript/JavaScript code']);
  });

  it('names a missing --config file', async () => {
    writeFileSync(path.join(dir, 'triage.prompty'), TRIAGE);
    const report = JSON.parse((await run(['scan', '.', '--format', 'json', '--config', 'nope.json'], dir)).stdout) as Report;
    assert.ok(report.errors.some((e) => e.path === 'nope.json' && /cannot read the config file: ENOENT/.test(e.message)));
    assert.equal(report.callSites.length, 1);
  });

  it('writes --output atomically', async () => {
    writeFileSync(path.join(dir, 'triage.prompty'), TRIAGE);
    const r = await run(['scan', '.', '--format', 'json', '-o', 'report.json'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.equal((JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report).callSites.length, 1);
  });

  it('the built bundle runs with its wasm beside it (bin/costlens.js)', () => {
    writeFileSync(path.join(dir, 'triage.prompty'), TRIAGE);
    const out = execFileSync(process.execPath, [path.join(root, 'bin/costlens.js'), 'scan', dir, '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(out) as Report;
    assert.equal(report.callSites[0].model, 'gpt-4o-mini');
    assert.equal(report.callSites[0].exactTokens, true);
    const bad = spawnSync(process.execPath, [path.join(root, 'bin/costlens.js'), 'nope'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
  });
});

describe('costlens scan in threads', () => {
  it('gives the same report with worker threads as in one thread', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'costlens-jobs-'));
    try {
      for (let i = 0; i < 40; i++) {
        writeFileSync(
          path.join(dir, `m${i}.py`),
          `from openai import OpenAI\nclient = OpenAI()\ndef f(q):\n    for _ in range(${(i % 4) + 1}):\n        client.chat.completions.create(model="${i % 2 ? 'gpt-4o' : 'gpt-4o-mini'}", messages=[{"role": "user", "content": f"Q{i}: {q}"}], max_tokens=${10 + i})\n`,
        );
      }
      writeFileSync(path.join(dir, 'p.prompty'), '---\nmodel: gpt-4o\n---\nHello\n');
      const cli = await import('../../src/cli/main');
      const one = await cli.scan(['.'], { cwd: dir, jobs: 1 });
      assert.equal(cli.lastScanThreads, 1);
      const two = await cli.scan(['.'], { cwd: dir, jobs: 3, parallelThreshold: 5 });
      assert.equal(cli.lastScanThreads, 3, 'two workers and this thread');
      assert.equal(one.callSites.length, 41);
      assert.deepEqual({ ...two, generatedAt: '' }, { ...one, generatedAt: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('costlens scan with a worker that dies', () => {
  it('takes its files back and reports the same', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'costlens-fault-'));
    try {
      for (let i = 0; i < 24; i++) {
        writeFileSync(path.join(dir, `m${i}.py`), `from openai import OpenAI\nclient = OpenAI()\ndef f(q):\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}], max_tokens=${i + 1})\n`);
      }
      const cli = await import('../../src/cli/main');
      const one = await cli.scan(['.'], { cwd: dir, jobs: 1 });
      process.env.COSTLENS_FAULT_SCAN_WORKER_EXIT = '1';
      let faulty;
      try {
        faulty = await cli.scan(['.'], { cwd: dir, jobs: 2, parallelThreshold: 1 });
      } finally {
        delete process.env.COSTLENS_FAULT_SCAN_WORKER_EXIT;
      }
      assert.equal(cli.lastScanThreads, 2, 'a worker was started');
      assert.equal(faulty.callSites.length, 24);
      assert.deepEqual({ ...faulty, generatedAt: '' }, { ...one, generatedAt: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('costlens analysis cache', () => {
  let dir: string;
  let cli: typeof import('../../src/cli/main');
  const strip = (r: Report) => JSON.stringify({ ...r, generatedAt: '' });
  const stats = () => cli.lastScanCache;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-cache-'));
    cpSync(path.join(root, 'examples'), dir, { recursive: true });
    cli = await import('../../src/cli/main');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same report from the cache as from a fresh analysis, and ignores itself in git', async () => {
    const fresh = await cli.scan(['.'], { cwd: dir, cache: false });
    assert.equal(stats(), undefined);
    const first = await cli.scan(['.'], { cwd: dir, cache: true });
    assert.equal(stats()?.hits, 0);
    assert.ok(stats()!.misses > 5);
    assert.equal(stats()?.saved, true);
    const second = await cli.scan(['.'], { cwd: dir, cache: true });
    assert.equal(stats()?.misses, 0);
    assert.ok(stats()!.hits > 5);
    assert.equal(strip(first), strip(fresh));
    assert.equal(strip(second), strip(fresh));
    assert.match(readFileSync(path.join(dir, '.costlens_cache', '.gitignore'), 'utf8'), /^\*$/m);
  });

  it('analyses a file again when a file it imports changes, and only then', async () => {
    await cli.scan(['.'], { cwd: dir, cache: true });
    const config = path.join(dir, 'support-agent', 'config.py');
    writeFileSync(config, readFileSync(config, 'utf8').replace('"CLASSIFIER_MODEL", "gpt-4o"', '"CLASSIFIER_MODEL", "gpt-4.1-nano"'));
    const after = await cli.scan(['.'], { cwd: dir, cache: true });
    const misses = stats()!.misses;
    assert.ok(misses >= 1 && misses < stats()!.hits, `only the importers are analysed again (${misses} misses)`);
    const classify = after.callSites.find((c) => c.path === 'support-agent/classify.py');
    assert.equal(classify?.model, 'gpt-4.1-nano', 'the new imported value is used, not the cached one');
    assert.equal(strip(after), strip(await cli.scan(['.'], { cwd: dir, cache: false })));
  });

  it('starts afresh when settings change, the file is corrupt, or a file is gone', async () => {
    const first = await cli.scan(['.'], { cwd: dir, cache: true });
    const settings = path.join(dir, '.costlens.json');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(/"tasksPerDay":\s*\d+/, '"tasksPerDay": 7'));
    await cli.scan(['.'], { cwd: dir, cache: true });
    assert.equal(stats()?.hits, 0, 'other settings: nothing reused');
    const cacheFile = path.join(dir, '.costlens_cache', 'analysis-v1.json');
    writeFileSync(cacheFile, readFileSync(cacheFile, 'utf8').slice(0, 1000));
    const afterCorrupt = await cli.scan(['.'], { cwd: dir, cache: true });
    assert.equal(stats()?.hits, 0);
    assert.equal(afterCorrupt.callSites.length, first.callSites.length);
    assert.match(stats()?.problem ?? '', /could not be read .* set aside as analysis-v1\.json\.unreadable-\d+ and rebuilt/);
    assert.ok(afterCorrupt.errors.some((e) => e.kind === 'cache'), 'the report says so');
    assert.ok(readdirSync(path.join(dir, '.costlens_cache')).some((f) => f.startsWith('analysis-v1.json.unreadable-')), 'kept aside');
    await cli.scan(['.'], { cwd: dir, cache: true });
    assert.equal(stats()?.problem, undefined, 'rebuilt');
    assert.ok(stats()!.hits > 0);
    rmSync(path.join(dir, 'support-agent', 'classify.py'));
    const afterDelete = await cli.scan(['.'], { cwd: dir, cache: true });
    assert.ok(!afterDelete.callSites.some((c) => c.path === 'support-agent/classify.py'));
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8'));
    assert.ok(!('support-agent/classify.py' in stored.files), 'a deleted file leaves the cache');
  });

  it('is on by default on the command line, off with --no-cache', async () => {
    assert.equal((await run(['scan', '.', '--format', 'json'], dir)).code, 0);
    assert.ok(readFileSync(path.join(dir, '.costlens_cache', 'analysis-v1.json'), 'utf8').length > 100);
    rmSync(path.join(dir, '.costlens_cache'), { recursive: true });
    assert.equal((await run(['scan', '.', '--no-cache'], dir)).code, 0);
    assert.throws(() => readFileSync(path.join(dir, '.costlens_cache', 'analysis-v1.json')));
    const other = path.join(dir, 'elsewhere');
    assert.equal((await run(['check', '.', '--cache-dir', other, '--severity', 'error'], dir)).code, 0);
    assert.ok(readFileSync(path.join(other, 'analysis-v1.json'), 'utf8').length > 100);
    assert.equal((await run(['scan', '--no-cache', '--cache-dir', other], dir)).code, 2);
  });
});

describe('costlens check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-check-'));
    cpSync(path.join(root, 'examples'), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 on findings at or above the severity, 0 below it', async () => {
    const r = await run(['check', '.'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /6 finding\(s\) at or above warning/);
    const errorsOnly = await run(['check', '.', '--severity', 'error'], dir);
    assert.equal(errorsOnly.code, 0);
    assert.match(errorsOnly.stdout, /No findings at or above error/);
    assert.equal((await run(['check', '--severity', 'fatal'], dir)).code, 2);
    assert.equal((await run(['check', '--severity', 'constructor'], dir)).code, 2);
  });

  it('--fix-unsafe on a copy of examples/ makes the expected edits, says what each saved, and a second check shows those findings gone', async () => {
    const before = new Map(['support-agent/rag.py', 'web-app/lib/extract.ts', 'support-agent/classify.py', 'support-agent/agent.py'].map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
    const costBefore = (JSON.parse((await run(['scan', '.', '--format', 'json'], dir)).stdout) as Report).totals.usdPerMonth.expected;
    const r = await run(['check', '.', '--fix-unsafe', '--format', 'json'], dir);
    const report = JSON.parse(r.stdout) as Report;
    // Each fix on its line with the change it made to the month, then the totals to the dollar.
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines[0], 'costlens: applied 4 fix(es) in 3 file(s):', r.stderr);
    assert.match(lines[1], /^  support-agent\/agent\.py:16 +−\$\d{3}\/month  volatile-prefix: Cache the stable system prompt in a block of its own/);
    assert.match(lines[2], /^  support-agent\/rag\.py:13 +±\$0\/month  missing-output-cap: Add max_completion_tokens=1024$/);
    assert.match(lines[3], /^  web-app\/lib\/extract\.ts:13 +±\$0\/month  missing-output-cap: Add maxOutputTokens=1024$/);
    assert.match(lines[4], /^  web-app\/lib\/extract\.ts:14 +−\$261\/month  model-tier-mismatch: Use claude-haiku-4-5$/);
    const costAfter = report.totals.usdPerMonth.expected;
    const dollars = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;
    assert.equal(lines[5], `costlens: expected cost ${dollars(costBefore)}/month → ${dollars(costAfter)}/month: −${dollars(costBefore - costAfter)}/month`);
    // The savings add up to the change of the total.
    const saved = lines.slice(1, 5).map((l) => Number(/[−+±]\$([\d,.]+)\/month/.exec(l)![1].replace(/,/g, '')));
    assert.ok(Math.abs(saved.reduce((x, y) => x + y, 0) - (costBefore - costAfter)) <= 2, `${saved} vs ${costBefore - costAfter}`);
    // The time and the customer go after the policy, in a block of their own; the policy is cached.
    assert.equal(
      readFileSync(path.join(dir, 'support-agent/agent.py'), 'utf8'),
      before
        .get('support-agent/agent.py')!
        .replace('def build_system_prompt(customer_name: str) -> str:', 'def build_system_prompt(customer_name: str) -> list[dict]:')
        .replace(
          '    return f"Current time: {datetime.now().isoformat()}\\nCustomer: {customer_name}\\n{POLICY}"',
          '    return [\n        {"type": "text", "text": POLICY, "cache_control": {"type": "ephemeral"}},\n        {"type": "text", "text": f"Current time: {datetime.now().isoformat()}\\nCustomer: {customer_name}"},\n    ]',
        ),
    );
    const rag = readFileSync(path.join(dir, 'support-agent/rag.py'), 'utf8');
    // The arguments are one to a line with a trailing comma: the cap goes on a line of its own, the same way.
    assert.equal(rag, before.get('support-agent/rag.py')!.replace('{"role": "user", "content": question},\n        ],\n', '{"role": "user", "content": question},\n        ],\n        max_completion_tokens=1024,\n'));
    const extract = readFileSync(path.join(dir, 'web-app/lib/extract.ts'), 'utf8');
    assert.equal(
      extract,
      before.get('web-app/lib/extract.ts')!.replace("anthropic('claude-sonnet-4-5')", "anthropic('claude-haiku-4-5')").replace('prompt: `${EXTRACTION_INSTRUCTIONS}\\n\\nMessage: ${message}`,\n', 'prompt: `${EXTRACTION_INSTRUCTIONS}\\n\\nMessage: ${message}`,\n    maxOutputTokens: 1024,\n'),
    );
    assert.equal(readFileSync(path.join(dir, 'support-agent/classify.py'), 'utf8'), before.get('support-agent/classify.py'), 'the model is imported from config.py: no cross-file edit');
    // In file and line order. Left: the history growth (no automatic fix); the tier mismatch and
    // the retrieval k whose values live in another file (config.py).
    assert.deepEqual(report.findings.map((f) => `${f.ruleId} ${f.path}`), ['history-growth support-agent/agent.py', 'model-tier-mismatch support-agent/classify.py', 'rag-chunk-bloat support-agent/rag.py']);
    const again = await run(['check', '.', '--format', 'json'], dir);
    assert.equal((JSON.parse(again.stdout) as Report).findings.length, 3);
  });

  it('--fix on a copy of examples/ applies nothing (its fixes all change what a call does) and says so, with the month unchanged', async () => {
    const files = () => ['support-agent/agent.py', 'support-agent/rag.py', 'web-app/lib/extract.ts'].map((f) => readFileSync(path.join(dir, f), 'utf8'));
    const before = files();
    const r = await run(['check', '.', '--fix', '--format', 'json'], dir);
    const report = JSON.parse(r.stdout) as Report;
    const unsafe = report.findings.filter((f) => f.fixes.length && f.fixes.every((x) => !x.safe)).length;
    assert.equal(unsafe, 4);
    assert.equal(
      r.stderr,
      `costlens: no fixes applied: no safe fixes here; 4 finding(s) have a fix that changes what the call does (review them, or apply them with --fix-unsafe); expected cost $${Math.round(report.totals.usdPerMonth.expected).toLocaleString('en-US')}/month\n`,
    );
    assert.deepEqual(files(), before);
  });
});

describe('costlens check --fix on safe fixes', () => {
  it('applies them one at a time and prints each one\'s saving and the month before and after, exactly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'costlens-fix-'));
    try {
      // Two calls whose system prompt puts the time before a long policy: each split is safe.
      for (const f of ['fires-anthropic.py', 'fires-anthropic.ts']) cpSync(path.join(root, 'test/fixtures/rules/volatile-prefix', f), path.join(dir, f));
      writeFileSync(path.join(dir, '.costlens.json'), JSON.stringify({ traffic: { tasksPerDay: 300 } }));
      const totalOf = async () => (JSON.parse((await run(['scan', '.', '--format', 'json'], dir)).stdout) as Report).totals.usdPerMonth.expected;
      const costBefore = await totalOf();
      const r = await run(['check', '.', '--fix'], dir);
      const costAfter = await totalOf();
      assert.ok(costAfter < costBefore, `${costAfter} < ${costBefore}`);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines[0], 'costlens: applied 2 fix(es) in 2 file(s):', r.stderr);
      assert.match(lines[1], /^  fires-anthropic\.py:72 +−\$[\d,.]+\/month  volatile-prefix: /);
      assert.match(lines[2], /^  fires-anthropic\.ts:67 +−\$[\d,.]+\/month  volatile-prefix: /);
      // The savings are the month's own change, to the cent (under $100 a month they keep their cents).
      const change = costBefore - costAfter;
      const digits = change >= 100 ? 0 : 2;
      const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
      assert.equal(lines[3], `costlens: expected cost ${usd(costBefore)}/month → ${usd(costAfter)}/month: −${usd(change)}/month`);
      const saved = lines.slice(1, 3).map((l) => Number(/−\$([\d,.]+)\/month/.exec(l)![1].replace(/,/g, '')));
      assert.ok(Math.abs(saved[0] + saved[1] - change) <= (digits ? 0.02 : 2), `${saved} vs ${change}`);
      assert.match(readFileSync(path.join(dir, 'fires-anthropic.py'), 'utf8'), /"cache_control": \{"type": "ephemeral"\}/);
      assert.match(r.stdout, /No findings at or above warning/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SARIF', () => {
  it('check --format sarif writes SARIF 2.1.0 that validates against the schema', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'costlens-sarif-'));
    try {
      cpSync(path.join(root, 'examples'), dir, { recursive: true });
      const r = await run(['check', '.', '--format', 'sarif'], dir);
      assert.equal(r.code, 1);
      const sarif = JSON.parse(r.stdout) as { runs: { results: unknown[] }[] };
      const Ajv = (await import('ajv-draft-04')).default;
      const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
      // The schema's language pattern is not valid as a Unicode regular expression.
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      const validate = ajv.compile(schema);
      assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
      const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
      assert.ok(results.length >= 5);
      const vp = results.find((x) => x.ruleId === 'volatile-prefix')!;
      assert.equal(vp.locations[0].physicalLocation.artifactLocation.uri, 'support-agent/agent.py');
      assert.equal(vp.locations[0].physicalLocation.region.startLine, 16);
      // A broken document fails validation: the check above can fail.
      assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
