// CostLens's own counter: the first count of a text against the memoised re-count.
import { createRequire } from 'node:module';
import { mixedText } from './corpus.mjs';

const require = createRequire(import.meta.url);
export const title = 'Memoised re-count (src/core/tokens/count.ts, gpt-4o, same 1 MiB text)';

export function run() {
  const { countText, memoStats, disposeTokenizers } = require('../../out/src/core/tokens/count.js');
  const text = mixedText();
  countText('warm up the encoder', 'gpt-4o');
  let t0 = performance.now();
  const first = countText(text, 'gpt-4o').tokens;
  const firstMs = performance.now() - t0;
  const repeats = [];
  for (let i = 0; i < 1000; i++) {
    t0 = performance.now();
    countText(text, 'gpt-4o');
    repeats.push(performance.now() - t0);
  }
  repeats.sort((a, b) => a - b);
  const repeatMs = repeats[500];
  // An equal text in a new string (what an editor hands over after re-reading a document): the
  // lookup hashes and compares the whole text once, instead of finding the cached hash.
  const copies = [];
  for (let i = 0; i < 21; i++) {
    const copy = Buffer.from(text, 'utf8').toString('utf8');
    t0 = performance.now();
    countText(copy, 'gpt-4o');
    copies.push(performance.now() - t0);
  }
  copies.sort((a, b) => a - b);
  const copyMs = copies[10];
  const stats = memoStats();
  disposeTokenizers();
  return {
    columns: ['measure', 'value'],
    rows: [
      ['first count', `${firstMs.toFixed(1)} ms (${first} tokens)`],
      ['re-count (median of 1,000)', `${(repeatMs * 1000).toFixed(1)} µs`],
      ['speed-up', `${Math.round(firstMs / repeatMs).toLocaleString('en-US')}×`],
      ['re-count of an equal copy (median of 21)', `${copyMs.toFixed(2)} ms (${Math.round(firstMs / copyMs).toLocaleString('en-US')}× faster than the first count)`],
      ['memo', `${stats.entries} entries, ${stats.hits} hits, ${stats.misses} misses`],
    ],
    data: { firstMs, repeatMs, copyMs, stats },
  };
}
