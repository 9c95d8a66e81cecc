// A worker thread of `costlens scan`: extracts the chunks of files it is sent (parses them, finds
// their call sites), with its own parsers, and sends back what it found. It never prices (no
// tokenizer, no price catalogue: the thread that started it does that). Entry point of
// dist/scanWorker.js.
import { parentPort } from 'node:worker_threads';
import { loadParsers } from '../core/extract/code/parser';
import { Extractor, FromWorker, ToWorker, WorkspaceReader } from './analyzeFiles';

let extractor: Extractor | undefined;
let ready: Promise<void> = Promise.resolve();

parentPort?.on('message', (m: ToWorker) => {
  if (m.type === 'start') {
    extractor = new Extractor(new WorkspaceReader(m.root), m.config, m.codeFiles);
    ready = loadParsers();
    return;
  }
  if (m.type === 'stop') {
    parentPort!.close();
    return;
  }
  // Fault injection for the test that a worker dying mid-scan loses nothing.
  if (process.env.COSTLENS_FAULT_SCAN_WORKER_EXIT) process.exit(70);
  // Chunks are answered in the order they came.
  ready = ready.then(() => {
    try {
      if (!extractor) throw new Error('files before start');
      const results = m.files.map((f) => extractor!.extract(f));
      parentPort!.postMessage({ type: 'extracted', results } satisfies FromWorker);
    } catch (e) {
      parentPort!.postMessage({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies FromWorker);
    }
  });
});
