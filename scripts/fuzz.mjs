// The long fuzzing run of the property suite (issue #8): every entry point's property with
// FUZZ_RUNS runs (default 100,000), entry points in parallel processes (--jobs, default 2), a random
// seed per entry point unless FUZZ_SEED is set (each is printed: FUZZ_SEED=<seed> with the same
// --only reproduces a failure). Prints the runs, time and result of each, and writes them to
// test-artifacts/fuzz/summary.json. Run `npm run compile-tests` first (npm run fuzz does).
//
//   node scripts/fuzz.mjs [--runs N] [--jobs N] [--only REGEX] [--summary FILE] [--out DIR] [--list]
//
// --out: the compiled tests to run (default out/, what npm run compile-tests writes).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const runs = Number(opt('runs', process.env.FUZZ_RUNS ?? 100000));
const jobs = Number(opt('jobs', 2));
const only = opt('only', undefined);
const summaryFile = path.resolve(root, opt('summary', 'test-artifacts/fuzz/summary.json'));
const outDir = path.resolve(root, opt('out', 'out'));

// Each entry point: the compiled test file and the test's title (a mocha --grep, matched literally),
// slowest first (per run: ~30 ms for IncrementalAnalyzer down to ~0.04 ms for applyEdits), so
// parallel jobs finish together.
const ENTRY_POINTS = [
  ['IncrementalAnalyzer', 'analysis', 'IncrementalAnalyzer:'],
  ['buildReport + exports', 'report', 'buildReport and every export'],
  ['runRules + fixes', 'rules', 'runRules and every rule'],
  ['analyzeFile', 'analysis', 'analyzeFile:'],
  ['parseWorkspaceConfig + resolveConfig', 'config', 'parseWorkspaceConfig + resolveConfig'],
  ['extractCode (Python)', 'codeExtract', 'extractCode (Python)'],
  ['extractCode (TypeScript)', 'codeExtract', 'extractCode (TypeScript)'],
  ['extractCode (TSX)', 'codeExtract', 'extractCode (TSX)'],
  ['extractCode (JavaScript)', 'codeExtract', 'extractCode (JavaScript)'],
  ['compareModels', 'estimate', 'compareModels:'],
  ['estimateCallSite', 'estimate', 'estimateCallSite:'],
  ['decodeOtlpProtobuf + observedCalls', 'telemetry', 'decodeOtlpProtobuf + observedCalls'],
  ['decodeOtlpJson + observedCalls', 'telemetry', 'decodeOtlpJson + observedCalls'],
  ['parsePromptFile', 'promptFiles', 'parsePromptFile:'],
  ['value resolution (imports, constants, env)', 'codeExtract', 'extractCode (value resolution)'],
  ['resolveConfig', 'config', 'resolveConfig: any values'],
  ['observedCallsFromLangfuseExport', 'telemetry', 'observedCallsFromLangfuseExport:'],
  ['observedCalls (any value)', 'telemetry', 'observedCalls: never throws'],
  ['normalizeUsage + priceUsage', 'telemetry', 'normalizeUsage + priceUsage'],
  ['applyEdits', 'rules', 'applyEdits:'],
];

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const selected = ENTRY_POINTS.filter(([name]) => !only || new RegExp(only, 'i').test(name));
if (args.includes('--list')) {
  for (const [name] of selected) console.log(name);
  process.exit(0);
}

function runOne([name, file, title]) {
  const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/mocha/bin/mocha.js'), '--no-config', '--timeout', '0', '--reporter', 'dot', '--grep', escapeRe(title), path.join(outDir, `test/unit/properties/${file}.test.js`)], {
      cwd: root,
      env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: seed },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const result = { entryPoint: name, runs, seed: Number(seed), seconds: Math.round(seconds * 10) / 10, passed: code === 0 };
      console.log(`${result.passed ? 'ok  ' : 'FAIL'} ${name}: ${runs} runs in ${result.seconds} s (FUZZ_SEED=${seed})`);
      if (!result.passed) console.log(out.split('\n').filter((l) => !/^\s+at /.test(l)).join('\n').slice(0, 20000));
      resolve(result);
    });
  });
}

const queue = [...selected];
const results = [];
const started = performance.now();
// The summary is rewritten after each entry point, so an interrupted long run still says what it did.
const writeSummary = (done) => {
  mkdirSync(path.dirname(summaryFile), { recursive: true });
  const wallSeconds = Math.round((performance.now() - started) / 100) / 10;
  writeFileSync(summaryFile, JSON.stringify({ runsPerEntryPoint: runs, jobs, wallSeconds, complete: done, results }, null, 2) + '\n');
  return wallSeconds;
};
console.log(`fuzzing ${selected.length} entry point(s), ${runs} runs each, ${jobs} at a time`);
await Promise.all(
  Array.from({ length: Math.max(1, jobs) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      results.push(await runOne(next));
      writeSummary(false);
    }
  }),
);
const total = writeSummary(true);
const failed = results.filter((r) => !r.passed);
console.log(`\n${results.length - failed.length} passed, ${failed.length} failed (${total} s wall time; summary in ${path.relative(root, summaryFile)})`);
process.exit(failed.length ? 1 : 0);
