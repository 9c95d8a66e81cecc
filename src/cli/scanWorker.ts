// A worker thread of `costlens scan`: analyses the files it is sent, with its own parsers and
// tokenizer. Entry point of dist/scanWorker.js.
import { parentPort } from 'node:worker_threads';
import { analyzeBatch, AnalyzeBatch, warmUp } from './analyzeFiles';

let warming: Promise<void> | undefined;

parentPort?.on('message', (m: { type: 'warm-up' } | { type: 'analyze'; batch: AnalyzeBatch }) => {
  if (m.type === 'warm-up') {
    warming = warmUp();
    return;
  }
  void (async () => {
    try {
      await warming;
      parentPort!.postMessage({ type: 'result', result: await analyzeBatch(m.batch) });
    } catch (e) {
      parentPort!.postMessage({ type: 'error', error: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  })();
});
