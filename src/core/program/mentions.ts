// Which workspace files mention a name: where a function's callers (and a framework's global
// settings) are looked for. An identifier is looked up in a word index built in one pass over the
// files on first need — asking file by file for each name was quadratic in a workspace whose files
// share function names (`handler`, `main`, `run`); any other text (`Settings.llm`, `new Mastra(`)
// is searched for as a substring, once per text.

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const WORDS = /[A-Za-z_$][\w$]*/g;

export class MentionIndex {
  private words?: Map<string, string[]>;
  /** Identifiers used where a call of them (or a hand-off to a runner) can be: `f(`, `(f,`, `, f)`. */
  private called?: Map<string, string[]>;
  private readonly texts = new Map<string, string[]>();
  /** The file list the answers were made from: another list (files added or removed) starts afresh. */
  private from?: readonly string[];

  constructor(
    private readonly files: () => readonly string[],
    private readonly read: (rel: string) => string | undefined,
  ) {}

  /** The files, in the order `files()` lists them, whose text holds `name` (as a whole word, for an identifier). */
  filesMentioning(name: string): string[] {
    const files = this.files();
    this.fresh(files);
    if (IDENTIFIER.test(name)) return this.wordIndex().get(name) ?? [];
    let known = this.texts.get(name);
    if (!known) {
      known = files.filter((f) => this.read(f)?.includes(name));
      this.texts.set(name, known);
    }
    return known;
  }

  /**
   * The files where `name` may be called or handed on: used before a parenthesis, or as an
   * argument — not only defined (`def name(`, `function name(`) or mentioned. Where a function's
   * callers can be; a workspace whose files share function names parses far fewer files for them.
   */
  filesCalling(name: string): string[] {
    const files = this.files();
    this.fresh(files);
    if (!IDENTIFIER.test(name)) return this.filesMentioning(name);
    this.wordIndex();
    return this.called!.get(name) ?? [];
  }

  private fresh(files: readonly string[]): void {
    if (files === this.from) return;
    this.from = files;
    this.words = undefined;
    this.called = undefined;
    this.texts.clear();
  }

  private wordIndex(): Map<string, string[]> {
    if (this.words) return this.words;
    const words = new Map<string, string[]>();
    const called = new Map<string, string[]>();
    const add = (map: Map<string, string[]>, w: string, f: string) => {
      const list = map.get(w);
      if (list) list.push(f);
      else map.set(w, [f]);
    };
    for (const f of this.from ?? []) {
      const text = this.read(f);
      if (text === undefined) continue;
      const seen = new Set<string>();
      const seenCalled = new Set<string>();
      let previous = '';
      for (const m of text.matchAll(WORDS)) {
        const w = m[0];
        const start = m.index;
        const end = start + w.length;
        if (!seen.has(w)) {
          seen.add(w);
          add(words, w, f);
        }
        if (!seenCalled.has(w) && usedAsCallee(text, start, end, previous)) {
          seenCalled.add(w);
          add(called, w, f);
        }
        previous = w;
      }
    }
    this.words = words;
    this.called = called;
    return words;
  }
}

/** Keywords that make `name(` a definition, not a call. */
const DEFINES = new Set(['def', 'function', 'class']);

/** Whether the word at [start, end) is called (`f(`, not `def f(`) or passed as an argument (`(f,`, `, f)`). */
function usedAsCallee(text: string, start: number, end: number, previousWord: string): boolean {
  let after = end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const next = text[after];
  let before = start - 1;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t' || text[before] === '\n' || text[before] === '\r')) before--;
  const prev = text[before];
  if (next === '(') {
    // The word just before it, when nothing but blanks lies between: `def name(`, `function name(`.
    const defined = DEFINES.has(previousWord) && text.slice(before - previousWord.length + 1, before + 1) === previousWord;
    return !defined;
  }
  // A function handed to a runner: `submit(fn, a)`, `partial(llm.ask)`, `run_in_executor(None, fn)`.
  return (prev === '(' || prev === ',' || prev === '.') && (next === ',' || next === ')' || next === '\n' || next === '\r');
}
