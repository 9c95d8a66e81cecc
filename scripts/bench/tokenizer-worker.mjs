// One tokenizer, measured in a fresh process: setup (load + build the encoder), first call on a
// small prompt, then warm throughput over the big text (median of 5).
import { createRequire } from 'node:module';
import { mixedText, SMALL_PROMPT } from './corpus.mjs';

const require = createRequire(import.meta.url);
const lib = process.argv[2];
const text = mixedText();

let t0 = performance.now();
let count;
if (lib === 'tiktoken') {
  const enc = require('tiktoken').get_encoding('o200k_base');
  count = (s) => enc.encode_ordinary(s).length;
} else if (lib === 'js-tiktoken') {
  const enc = require('js-tiktoken').getEncoding('o200k_base');
  count = (s) => enc.encode(s, [], []).length;
} else if (lib === 'gpt-tokenizer') {
  const mod = require('gpt-tokenizer/encoding/o200k_base');
  count = (s) => mod.encode(s, { allowedSpecial: new Set(), disallowedSpecial: new Set() }).length;
} else throw new Error(`unknown tokenizer ${lib}`);
const setupMs = performance.now() - t0;

t0 = performance.now();
count(SMALL_PROMPT);
const firstCallMs = performance.now() - t0;

const runs = [];
let tokens = 0;
for (let i = 0; i < 5; i++) {
  t0 = performance.now();
  tokens = count(text);
  runs.push(performance.now() - t0);
}
runs.sort((a, b) => a - b);
const mb = Buffer.byteLength(text) / 1024 / 1024;
process.stdout.write(JSON.stringify({ lib, setupMs, firstCallMs, mbPerSec: mb / (runs[2] / 1000), tokens, bytes: Buffer.byteLength(text) }));
