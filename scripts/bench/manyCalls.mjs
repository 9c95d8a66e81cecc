// Many call sites: 40,000 calls in one file (about 2 MB, the largest a scan reads) and 100,000 over
// ten files, each `costlens scan` a fresh process of the built CLI, cold (no cache): time, CPU time
// and peak memory. The 40,000-call file runs with the default time budget of a file (3 s: cut,
// with the reason, when it needs longer) and with a budget large enough to analyse it whole. With
// BENCH_BASELINE=<another checkout, built> the same runs of that checkout are printed beside these
// (issue 12 measured 91 s for the 40,000 calls and 65 s and 1.26 GB for the 100,000 before).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from './cliRun.mjs';
import { callsFile, callsWorkspace } from './generate.mjs';

export const title = 'Many call sites: 40,000 in one file, 100,000 over ten files (fresh process each, no cache)';

function oneFile() {
  const dir = join('.bench', 'calls-1x40000');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'calls.py'), callsFile(40_000));
  writeFileSync(join(dir, 'whole.json'), JSON.stringify({ limits: { analysisMs: 600_000 } }));
  return dir;
}

/** What the table printed: call sites found, and a file cut with its reason. */
function outcome(r) {
  if (r.killed) return 'killed after the time limit';
  if (r.code !== 0) return `exit ${r.code}: ${r.stderr.trim().split('\n').pop()}`;
  const found = /^(\d+) call site\(s\) in (\d+) file\(s\)/m.exec(r.stdout);
  const cut = /analysis cut after (\d+) ms/.exec(r.stdout);
  return `${found ? `${Number(found[1]).toLocaleString('en-US')} call sites` : 'no call sites'}${cut ? `; cut after ${cut[1]} ms, with the reason` : ''}`;
}

export async function run() {
  const one = resolve(oneFile());
  const ten = resolve(callsWorkspace(10, 10_000));
  const cases = [
    { name: '40,000 calls, one file, default budget', dir: one, args: [] },
    { name: '40,000 calls, one file, analysed whole', dir: one, args: ['--config', join(one, 'whole.json')] },
    { name: '100,000 calls over 10 files', dir: ten, args: [] },
  ];
  const builds = [['this checkout', resolve('bin/costlens.js')]];
  if (process.env.BENCH_BASELINE) builds.unshift(['baseline', resolve(process.env.BENCH_BASELINE, 'bin/costlens.js')]);
  const rows = [];
  const data = {};
  for (const c of cases) {
    for (const [label, cli] of builds) {
      const r = await runCli(cli, ['scan', '.', '--no-cache', ...c.args], { cwd: c.dir, timeoutMs: 600_000 });
      rows.push([`${c.name} (${label})`, r.ms.toFixed(0), r.cpuMs?.toFixed(0) ?? '-', r.peakRssMb?.toFixed(0) ?? '-', outcome(r)]);
      data[`${c.name} (${label})`] = { ms: r.ms, cpuMs: r.cpuMs, peakRssMb: r.peakRssMb, outcome: outcome(r) };
    }
  }
  return {
    columns: ['case', 'ms', 'CPU ms', 'peak RSS MB', 'result'],
    rows,
    notes: ['Table output (the default), written to a pipe. CPU ms counts every thread; peak RSS is the whole process (getrusage maxrss, read as it exits).'],
    data,
  };
}
