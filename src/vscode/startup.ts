// Start-up in order (#16): what the first file's lens needs comes first (the tokenizer thread and the
// parsers begin in activate(), the documents shown are analysed, the warm-up gives way to them);
// what it does not need waits until start-up is over (the telemetry stores and receiver, the
// workspace scan). The log says what happened when, for the tests (the order) and for profiling.

/** One thing done at start-up, and when: milliseconds since activate() began. */
export interface StartupEvent {
  what: string;
  ms: number;
}

/** The log keeps this many events (a workspace scan is marked each time, for as long as the window lasts). */
const MAX_EVENTS = 200;

export class StartUp {
  private readonly began = performance.now();
  readonly log: StartupEvent[] = [];
  private finished = false;
  private resolve!: () => void;
  /** Resolves once start-up is over: the warm-up done (after the documents it gave way to). */
  readonly done = new Promise<void>((resolve) => (this.resolve = resolve));

  mark(what: string): void {
    if (this.log.length >= MAX_EVENTS) return;
    this.log.push({ what, ms: Math.round((performance.now() - this.began) * 10) / 10 });
  }

  get over(): boolean {
    return this.finished;
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.mark('start-up over');
    this.resolve();
  }
}
