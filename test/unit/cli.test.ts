import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
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
    assert.deepEqual(report.tasks, []);
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

  it('--fix-unsafe on a copy of examples/ makes the expected edits, and a second check shows those findings gone and the saving', async () => {
    const before = new Map(['support-agent/rag.py', 'web-app/lib/extract.ts', 'support-agent/classify.py', 'support-agent/agent.py'].map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
    const r = await run(['check', '.', '--fix-unsafe', '--format', 'json'], dir);
    assert.match(r.stderr, /applied 4 fix\(es\) in 3 file\(s\); expected cost \$[\d.]+k → \$[\d.]+k a month/);
    assert.equal(
      readFileSync(path.join(dir, 'support-agent/agent.py'), 'utf8'),
      before.get('support-agent/agent.py')!.replace('f"Current time: {datetime.now().isoformat()}\\nCustomer: {customer_name}\\n{POLICY}"', 'f"{POLICY}\\nCurrent time: {datetime.now().isoformat()}\\nCustomer: {customer_name}"'),
    );
    const rag = readFileSync(path.join(dir, 'support-agent/rag.py'), 'utf8');
    assert.equal(rag, before.get('support-agent/rag.py')!.replace('{"role": "user", "content": question},\n        ]', '{"role": "user", "content": question},\n        ], max_completion_tokens=1024'));
    const extract = readFileSync(path.join(dir, 'web-app/lib/extract.ts'), 'utf8');
    assert.equal(
      extract,
      before.get('web-app/lib/extract.ts')!.replace("anthropic('claude-sonnet-4-5')", "anthropic('claude-haiku-4-5')").replace('prompt: `${EXTRACTION_INSTRUCTIONS}\\n\\nMessage: ${message}`', 'prompt: `${EXTRACTION_INSTRUCTIONS}\\n\\nMessage: ${message}`, maxOutputTokens: 1024'),
    );
    assert.equal(readFileSync(path.join(dir, 'support-agent/classify.py'), 'utf8'), before.get('support-agent/classify.py'), 'the model is imported from config.py: no cross-file edit');
    const report = JSON.parse(r.stdout) as Report;
    // In file and line order. Left: with the time moved after the policy, the missing breakpoint shows (no automatic fix
    // while per-request values share the system text); the history growth (no automatic fix); the
    // tier mismatch and the retrieval k whose values live in another file (config.py).
    assert.deepEqual(report.findings.map((f) => `${f.ruleId} ${f.path}`), [
      'history-growth support-agent/agent.py',
      'cache-breakpoint-missing support-agent/agent.py',
      'model-tier-mismatch support-agent/classify.py',
      'rag-chunk-bloat support-agent/rag.py',
    ]);
    const again = await run(['check', '.', '--format', 'json'], dir);
    assert.equal((JSON.parse(again.stdout) as Report).findings.length, 4);
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
