// Token counting on a thread of its own (the editor): building tiktoken's o200k encoder is ~0.5 s
// of CPU (1.2 s on a loaded machine), and on the extension host's thread it held up everything
// there — the first file's analysis, VS Code's requests for lenses and hovers. The build runs here
// from activation on, beside the rest of it and the first file's parse; a count is a synchronous
// call (the analysis is synchronous): the text is posted and this thread waits on shared memory for
// the answer (Atomics.wait), ~0.1 ms a call, and the count memo keeps most texts from asking twice.
// The same tiktoken library counts, so every figure is what counting on this thread gives. When the
// thread cannot start or fails, counting falls back to this thread.
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** Messages to the tokenizer thread. */
export type ToTokenizer = { type: 'load'; encoding: string } | { type: 'count'; encoding: string; text: string };
type FromTokenizer = { type: 'loaded'; encoding: string } | { type: 'failed'; error: string };

/** States of control[0]: a count asked, answered (control[1] holds it), or not possible there. */
export const ASKED = 0;
export const COUNTED = 1;
export const FAILED = 2;

/** How long a count may wait (a build included) before this thread counts for itself. */
const WAIT_MS = 30_000;

export class TokenizerThread {
  private worker?: Worker;
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly loads = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, () => void>();
  /** Encodings built on the tokenizer thread (for tests). */
  readonly loaded = new Set<string>();
  /** Why the thread is not used (undefined while it is). */
  failure?: string;
  /** Counts answered by the thread (for tests and the bench). */
  counts = 0;

  constructor(script = path.join(__dirname, 'tokenizerWorker.js')) {
    if (!existsSync(script)) {
      this.failure = `no tokenizer thread script at ${script}`;
      return;
    }
    try {
      this.worker = new Worker(script, { workerData: { control: this.control.buffer } });
    } catch (e) {
      this.failure = `the tokenizer thread did not start: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    // The extension host's exit does not wait for it.
    this.worker.unref();
    this.worker.on('message', (m: FromTokenizer) => {
      if (m.type === 'loaded') this.loaded.add(m.encoding);
      else this.fail(`the tokenizer thread could not build an encoder: ${m.error}`);
      if (m.type === 'loaded') this.waiting.get(m.encoding)?.();
    });
    this.worker.on('error', (e) => this.fail(`the tokenizer thread failed: ${e.message}`));
    this.worker.on('exit', (code) => this.fail(`the tokenizer thread exited (${code})`));
  }

  get usable(): boolean {
    return !this.failure;
  }

  /** Starts building an encoding there (once); resolves when it is built, or when the thread has failed. */
  prepare(encoding: string): Promise<void> {
    let p = this.loads.get(encoding);
    if (!p) {
      p = this.failure ? Promise.resolve() : new Promise<void>((resolve) => this.waiting.set(encoding, resolve));
      this.loads.set(encoding, p);
      this.worker?.postMessage({ type: 'load', encoding } satisfies ToTokenizer);
    }
    return p;
  }

  /** The number of tokens in the text, counted there; undefined when this thread must count it. */
  count(encoding: string, text: string): number | undefined {
    if (this.failure || !this.worker) return undefined;
    Atomics.store(this.control, 0, ASKED);
    this.worker.postMessage({ type: 'count', encoding, text } satisfies ToTokenizer);
    if (Atomics.wait(this.control, 0, ASKED, WAIT_MS) === 'timed-out') {
      this.fail(`the tokenizer thread did not answer within ${WAIT_MS / 1000} s`);
      return undefined;
    }
    if (Atomics.load(this.control, 0) !== COUNTED) return undefined;
    this.counts++;
    return this.control[1];
  }

  private fail(why: string): void {
    this.failure ??= why;
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
    void this.worker?.terminate();
    this.worker = undefined;
  }

  dispose(): void {
    this.fail('disposed');
  }
}
