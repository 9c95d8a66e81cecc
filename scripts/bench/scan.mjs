// Full scan of a generated 5,000-file workspace (half Python, half TypeScript), beside ripgrep
// reading the same tree (the floor: what it costs just to read the files). Every costlens row is a
// fresh process (what a terminal or CI pays), timed from the call to scan() to the report; the
// bundle's own load is printed apart. Medians of several runs. BENCH_BASELINE=<a built checkout of
// another commit> adds its cold and cached scans of the same trees beside this build's, in the same
// run (the comparison a change to the scan must show).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus } from './generate.mjs';

export const title = 'Workspace scan (5,000 generated Python/TypeScript files)';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const BASELINE = process.env.BENCH_BASELINE ? join(process.env.BENCH_BASELINE, 'dist', 'cli.js') : undefined;
const baselineName = () => {
  const r = spawnSync('git', ['-C', process.env.BENCH_BASELINE, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? `baseline ${r.stdout.trim()}` : 'baseline';
};

function child(dir, jobs, cacheDir, cli) {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, 'scanChild.cjs'), dir, String(jobs), cacheDir ?? '-', ...(cli ? [cli] : [])], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`scan child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function runs(n, f) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(f());
  return { ms: median(out.map((o) => o.ms)), cpuMs: median(out.map((o) => o.cpuMs)), loadedMs: median(out.map((o) => o.loadedMs)), last: out[out.length - 1] };
}

function one(dir, label) {
  const rows = [];
  const notes = [];
  let rgMs;
  if (spawnSync('rg', ['--version']).status === 0) {
    const times = [];
    for (let i = 0; i < Math.max(5, RUNS); i++) {
      const t0 = performance.now();
      execFileSync('rg', ['--no-ignore', '--hidden', '-c', '', dir], { maxBuffer: 64 << 20 });
      times.push(performance.now() - t0);
    }
    rgMs = median(times);
    rows.push([`ripgrep (rg -c '' over every file), ${label}`, rgMs.toFixed(0), '-', (5000 / (rgMs / 1000)).toFixed(0), '1.0×']);
  }
  const vs = (ms) => (rgMs ? `${(ms / rgMs).toFixed(1)}×` : '-');
  const cores = availableParallelism();
  const data = { rgMs };
  for (const [who, cli] of [['', undefined], ...(BASELINE ? [[` (${baselineName()})`, BASELINE]] : [])]) {
    const key = cli ? 'baseline' : 'this';
    const variants = [
      [`costlens${who} scan, cold, 1 thread`, 1],
      ...(cores > 1 ? [[`costlens${who} scan, cold, ${cores} threads`, cores]] : []),
    ];
    for (const [name, jobs] of variants) {
      const r = runs(RUNS, () => child(dir, jobs, undefined, cli));
      rows.push([`${name}, ${label}`, r.ms.toFixed(0), r.cpuMs.toFixed(0), (5000 / (r.ms / 1000)).toFixed(0), vs(r.ms)]);
      if (cli) data[`baselineCold${jobs}`] = r;
      else data[`cold${jobs}`] = r;
    }
    // With the analysis cache of an earlier scan (a repeat scan, or CI with the cache restored):
    // a file whose stat signature is unchanged is not even read, nothing unchanged is parsed or priced.
    const cacheDir = mkdtempSync(join(tmpdir(), 'costlens-bench-cache-'));
    try {
      child(dir, cores, cacheDir, cli);
      const r = runs(RUNS, () => child(dir, cores, cacheDir, cli));
      rows.push([`costlens${who} scan, with the cache of an earlier scan, ${label}`, r.ms.toFixed(0), r.cpuMs.toFixed(0), (5000 / (r.ms / 1000)).toFixed(0), vs(r.ms)]);
      data[key === 'this' ? 'cached' : 'baselineCached'] = r;
      if (!cli) notes.push(`${label}: ${r.last.callSites} call sites; cache ${r.last.cache?.hits} hits, ${r.last.cache?.misses} misses, ${r.last.cache?.read ?? '?'} files read; loading the CLI bundle itself takes ${r.loadedMs.toFixed(0)} ms more`);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  if (data.baselineCached) {
    const ratio = (a, b) => `${(a.ms / b.ms).toFixed(2)}×`;
    notes.push(`${label}: this build vs ${baselineName()} — cold ${ratio(data[`cold${cores}`] ?? data.cold1, data[`baselineCold${cores}`] ?? data.baselineCold1)}, with the cache ${ratio(data.cached, data.baselineCached)} (target: the cached scan ≤ 1.5× the baseline's)`);
  }
  const variants = [[null, 1], ...(cores > 1 ? [[null, cores]] : [])];
  if (rgMs) {
    const verdict = (ms) => (ms <= rgMs * 10 ? 'met' : 'NOT met');
    notes.push(`${label}: target within 10× ripgrep — cold ${verdict(Math.min(...variants.map(([, j]) => data[`cold${j}`].ms)))}, with the cache ${verdict(data.cached.ms)}`);
  } else notes.push('ripgrep not installed (apt-get install ripgrep): no floor to compare with');
  return { rows, notes, data };
}

export async function run() {
  const typical = one(corpus(5000, 0.05), '5% of files call a model');
  const dense = one(corpus(5000, 1), 'every file calls a model');
  return { columns: ['tool', 'ms', 'CPU ms', 'files/s', 'vs ripgrep'], rows: [...typical.rows, ...dense.rows], notes: [...typical.notes, ...dense.notes], data: { typical: typical.data, dense: dense.data } };
}
