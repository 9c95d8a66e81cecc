// Full scan of a generated 5,000-file workspace (half Python, half TypeScript), beside ripgrep
// reading the same tree (the floor: what it costs just to read the files).
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { corpus } from './generate.mjs';

const require = createRequire(import.meta.url);
export const title = 'Workspace scan (5,000 generated Python/TypeScript files)';

async function one(dir, label) {
  const rows = [];
  const rg = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  let rgMs;
  if (rg.status === 0) {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      execFileSync('rg', ['--no-ignore', '--hidden', '-c', '', dir], { maxBuffer: 64 << 20 });
      times.push(performance.now() - t0);
    }
    rgMs = times.sort((a, b) => a - b)[1];
    rows.push([`ripgrep, ${label}`, rgMs.toFixed(0), (5000 / (rgMs / 1000)).toFixed(0), '1.0×']);
  }
  const { scan } = require('../../out/src/cli/main.js');
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const report = await scan([dir], { cwd: process.cwd() });
  const ms = performance.now() - t0;
  const rss = process.memoryUsage().rss;
  rows.push([`costlens scan, ${label}`, ms.toFixed(0), (5000 / (ms / 1000)).toFixed(0), rgMs ? `${(ms / rgMs).toFixed(1)}×` : '-']);
  // The same scan again in the same process: tokenizer, parsers and price catalogue already loaded
  // (what a long-lived editor session pays).
  const t1 = performance.now();
  await scan([dir], { cwd: process.cwd() });
  const warmMs = performance.now() - t1;
  rows.push([`costlens scan again (warm), ${label}`, warmMs.toFixed(0), (5000 / (warmMs / 1000)).toFixed(0), rgMs ? `${(warmMs / rgMs).toFixed(1)}×` : '-']);
  const notes = [
    `${label}: ${report.callSites.length} call sites, ${report.tasks.length} tasks; target within 10× ripgrep${rgMs ? (ms <= rgMs * 10 ? ' — met' : ' — NOT met') : ' (ripgrep not installed: apt-get install ripgrep)'}; rss ${(rss / 1024 / 1024).toFixed(0)} MB, heap grew ${((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024).toFixed(0)} MB`,
  ];
  return { rows, notes, data: { ms, rgMs, callSites: report.callSites.length } };
}

export async function run() {
  const typical = await one(corpus(5000, 0.05), '5% of files call a model');
  const dense = await one(corpus(5000, 1), 'every file calls a model');
  return { columns: ['tool', 'ms', 'files/s', 'vs ripgrep'], rows: [...typical.rows, ...dense.rows], notes: [...typical.notes, ...dense.notes], data: { typical: typical.data, dense: dense.data } };
}
