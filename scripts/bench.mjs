// `npm run bench`: every benchmark section, numbers side by side with the alternatives, in one
// run. Results also go to .bench/results.json. Sections live in scripts/bench/<name>.mjs and
// export `title` and `run()` → { columns, rows, notes?, data }.
import { mkdirSync, writeFileSync } from 'node:fs';

const only = process.argv.slice(2);
const names = ['tokenizers', 'memo', 'scan', 'scan50k', 'manyCalls', 'reanalysis', 'dependents', 'editor', 'latency'];
const results = {};

function print(title, { columns, rows, notes = [] }) {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i]).length)));
  console.log(`\n## ${title}\n`);
  console.log(columns.map((c, i) => c.padEnd(widths[i])).join('  '));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(r.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  '));
  for (const n of notes) console.log(`  ${n}`);
}

for (const name of names) {
  if (only.length && !only.includes(name)) continue;
  let mod;
  try {
    mod = await import(`./bench/${name}.mjs`);
  } catch (e) {
    if (e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes(`bench/${name}.mjs`)) continue;
    throw e;
  }
  const t0 = performance.now();
  const r = await mod.run();
  print(mod.title, r);
  results[name] = { title: mod.title, seconds: (performance.now() - t0) / 1000, ...r };
}
mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/results.json', JSON.stringify({ node: process.version, at: new Date().toISOString(), results }, null, 2));
console.log('\nresults: .bench/results.json');
