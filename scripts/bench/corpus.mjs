// Deterministic text for the benchmarks: ~1 MiB of this repository's code and markdown plus
// TypeScript's DOM typings, always the same bytes in the same order.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir, exts) {
  const out = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p, exts));
    else if (exts.some((x) => p.endsWith(x))) out.push(p);
  }
  return out;
}

export function mixedText(bytes = 1024 * 1024) {
  const parts = [...files('src', ['.ts']), ...files('examples', ['.py', '.ts', '.md', '.prompty', '.prompt', '.j2', '.txt']), 'README.md'].map((f) => readFileSync(f, 'utf8'));
  const dom = readFileSync('node_modules/typescript/lib/lib.dom.d.ts', 'utf8');
  let text = parts.join('\n\n');
  let offset = 0;
  while (Buffer.byteLength(text) < bytes) {
    text += '\n' + dom.slice(offset, offset + 64 * 1024);
    offset += 64 * 1024;
  }
  return Buffer.from(text).subarray(0, bytes).toString('utf8').replace(/\uFFFD$/, '');
}

export const SMALL_PROMPT = 'You are the support assistant of Acme Outdoor. '.repeat(40);
