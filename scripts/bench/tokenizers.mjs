// Tokenizer throughput and first-call latency: tiktoken (what CostLens uses) against js-tiktoken
// and gpt-tokenizer, each in a fresh process on the same text.
import { execFileSync } from 'node:child_process';

export const title = 'Tokenizers (o200k_base, 1 MiB of mixed code and markdown, fresh process each)';

export function run() {
  const rows = [];
  for (const lib of ['tiktoken', 'js-tiktoken', 'gpt-tokenizer']) {
    const out = execFileSync(process.execPath, ['scripts/bench/tokenizer-worker.mjs', lib], { encoding: 'utf8', maxBuffer: 1 << 20 });
    rows.push(JSON.parse(out));
  }
  const same = rows.every((r) => r.tokens === rows[0].tokens);
  return {
    columns: ['library', 'setup ms', 'first call ms', 'MB/s (warm)', 'tokens'],
    rows: rows.map((r) => [r.lib, r.setupMs.toFixed(0), r.firstCallMs.toFixed(2), r.mbPerSec.toFixed(2), String(r.tokens)]),
    notes: [same ? `identical counts across the three libraries (${rows[0].tokens} tokens)` : `COUNTS DIFFER: ${rows.map((r) => `${r.lib}=${r.tokens}`).join(', ')}`],
    data: rows,
  };
}
