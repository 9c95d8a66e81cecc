// A 50,000-file workspace (the generated corpus, 5% of files calling a model): time and peak memory
// of a cold scan in one thread and in all, and with an earlier scan's cache, each a fresh process,
// beside ripgrep reading the same tree.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus } from './generate.mjs';

export const title = 'Workspace scan, 50,000 files (5% call a model): time and peak memory';

function child(dir, jobs, cacheDir) {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, 'scanChild.cjs'), dir, String(jobs), cacheDir ?? '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`scan child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export async function run() {
  const dir = corpus(50_000, 0.05);
  const rows = [];
  let rgMs;
  if (spawnSync('rg', ['--version']).status === 0) {
    const t0 = performance.now();
    execFileSync('rg', ['--no-ignore', '--hidden', '-c', '', dir], { maxBuffer: 256 << 20 });
    rgMs = performance.now() - t0;
    rows.push(['ripgrep (rg -c \'\' over every file)', rgMs.toFixed(0), '-', '-']);
  }
  const cores = availableParallelism();
  const data = { rgMs };
  for (const jobs of [...new Set([1, cores])]) {
    const r = child(dir, jobs);
    rows.push([`costlens scan, cold, ${jobs} thread${jobs > 1 ? 's' : ''}`, r.ms.toFixed(0), r.maxRssMb.toFixed(0), `${r.callSites} call sites`]);
    data[`cold${jobs}`] = r;
  }
  const cacheDir = mkdtempSync(join(tmpdir(), 'costlens-bench-50k-'));
  try {
    child(dir, cores, cacheDir);
    const r = child(dir, cores, cacheDir);
    rows.push(['costlens scan, with the cache of an earlier scan', r.ms.toFixed(0), r.maxRssMb.toFixed(0), `${r.cache.hits} cached`]);
    data.cached = r;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  return { columns: ['tool', 'ms', 'peak RSS MB', 'result'], rows, notes: ['Peak RSS is the whole process (main thread and workers), from process.resourceUsage().maxRSS.'], data };
}
