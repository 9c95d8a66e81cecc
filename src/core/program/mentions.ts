// Which workspace files mention a name: where a function's callers (and a framework's global
// settings) are looked for. An identifier is looked up in a word index built in one pass over the
// files on first need — asking file by file for each name was quadratic in a workspace whose files
// share function names (`handler`, `main`, `run`); any other text (`Settings.llm`, `new Mastra(`)
// is searched for as a substring, once per text.

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const WORDS = /[A-Za-z_$][\w$]*/g;

export class MentionIndex {
  private words?: Map<string, string[]>;
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
    if (files !== this.from) {
      this.from = files;
      this.words = undefined;
      this.texts.clear();
    }
    if (IDENTIFIER.test(name)) return this.wordIndex().get(name) ?? [];
    let known = this.texts.get(name);
    if (!known) {
      known = files.filter((f) => this.read(f)?.includes(name));
      this.texts.set(name, known);
    }
    return known;
  }

  private wordIndex(): Map<string, string[]> {
    if (this.words) return this.words;
    const words = new Map<string, string[]>();
    for (const f of this.from ?? []) {
      const text = this.read(f);
      if (text === undefined) continue;
      const seen = new Set<string>();
      for (const m of text.matchAll(WORDS)) {
        const w = m[0];
        if (seen.has(w)) continue;
        seen.add(w);
        const list = words.get(w);
        if (list) list.push(f);
        else words.set(w, [f]);
      }
    }
    this.words = words;
    return words;
  }
}
