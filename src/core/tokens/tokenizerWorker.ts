// The tokenizer thread (see thread.ts): builds tiktoken encoders here, off the thread that asked,
// and counts text for it. A count is answered through shared memory (the asking thread waits on it
// with Atomics.wait); a build asked ahead of time is answered by message. Entry point of
// dist/tokenizerWorker.js.
import { parentPort, workerData } from 'node:worker_threads';
import type { Tiktoken } from 'tiktoken';
import { countInSlices } from './slices';
import { COUNTED, FAILED, ToTokenizer } from './thread';

const control = new Int32Array(workerData.control as SharedArrayBuffer);
const encoders = new Map<string, Tiktoken>();

function encoder(encoding: string): Tiktoken {
  let enc = encoders.get(encoding);
  if (!enc) {
    enc = (require('tiktoken') as typeof import('tiktoken')).get_encoding(encoding as 'o200k_base');
    encoders.set(encoding, enc);
  }
  return enc;
}

parentPort?.on('message', (m: ToTokenizer) => {
  if (m.type === 'load') {
    try {
      encoder(m.encoding);
      parentPort!.postMessage({ type: 'loaded', encoding: m.encoding });
    } catch (e) {
      parentPort!.postMessage({ type: 'failed', error: e instanceof Error ? e.message : String(e) });
    }
    return;
  }
  // Whatever happens, the waiting thread is woken: with the count, or told to count itself.
  let state = COUNTED;
  try {
    const enc = encoder(m.encoding);
    control[1] = countInSlices((piece) => enc.encode_ordinary(piece).length, m.text);
  } catch {
    state = FAILED;
  }
  Atomics.store(control, 0, state);
  Atomics.notify(control, 0);
});
