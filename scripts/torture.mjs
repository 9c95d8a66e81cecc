// `npm run torture [-- files|telemetry|analysis …] [--cli path/to/bin/costlens.js]`: the attacks and
// faults of issue 12 replayed against the built CLI, on loopback and in temporary folders, every
// loop bounded in count and time. Prints one table: attack, expected, observed, acknowledged vs
// stored (telemetry), peak RSS, and whether it held. Exits 1 when any row did not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const PARTS = ['files', 'telemetry', 'analysis'];

const args = process.argv.slice(2);
let cli = path.join(here, '..', 'bin', 'costlens.js');
const only = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--cli') cli = path.resolve(args[++i]);
  else if (PARTS.includes(args[i])) only.push(args[i]);
  else {
    console.error(`torture: unknown argument ${args[i]} (parts: ${PARTS.join(', ')}; --cli FILE)`);
    process.exit(2);
  }
}

const clip = (s, n) => {
  const one = String(s ?? '').replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

const tmp = mkdtempSync(path.join(tmpdir(), 'costlens-torture-'));
const rows = [];
const t0 = performance.now();
try {
  for (const part of PARTS) {
    if (only.length && !only.includes(part)) continue;
    const mod = await import(`./torture/${part}.mjs`);
    const started = performance.now();
    const got = await mod.run({ cli, tmp });
    for (const r of got) rows.push({ part, ...r });
    console.error(`torture: ${part}: ${got.length} attacks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const columns = ['part', 'attack', 'expected', 'observed', 'acked/stored', 'peak RSS', 'held'];
const table = rows.map((r) => [
  r.part,
  clip(r.attack, 48),
  clip(r.expected, 44),
  clip(r.observed, 60),
  r.acknowledged !== undefined || r.stored !== undefined ? `${r.acknowledged ?? '-'}/${r.stored ?? '-'}` : '',
  typeof r.peakRssMb === 'number' ? `${Math.round(r.peakRssMb)} MB` : '',
  r.ok ? 'yes' : 'NO',
]);
const widths = columns.map((c, i) => Math.max(c.length, ...table.map((r) => r[i].length)));
console.log(columns.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of table) console.log(r.map((v, i) => v.padEnd(widths[i])).join('  '));
const failed = rows.filter((r) => !r.ok);
console.log(`\n${rows.length} attacks, ${rows.length - failed.length} held, ${failed.length} did not, in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
process.exit(failed.length ? 1 : 0);
