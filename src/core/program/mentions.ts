// Which workspace files mention a name: where a function's callers (and a framework's global
// settings) are looked for. An identifier is looked up in a word index built in one pass over the
// files on first need — asking file by file for each name was quadratic in a workspace whose files
// share function names (`handler`, `main`, `run`); any other text (`Settings.llm`, `new Mastra(`)
// is searched for as a substring, once per text.
//
// Between scans (the analysis cache) the answers an analysis depended on are kept with each code
// file's content hash: a later scan reuses them for the files whose hash is unchanged and reads
// only the changed files, instead of reading every file of the workspace again.

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const WORDS = /[A-Za-z_$][\w$]*/g;

/**
 * What an analysis depended on when it looked for a function's callers: the set of files that
 * mention the name (reported as `*mentions:<name>`, so a cache can check it)…
 */
export const MENTIONS_PREFIX = '*mentions:';
/** …or the set of files that may call the name (`filesCalling`), as `*calls:<name>`. */
export const CALLS_PREFIX = '*calls:';

/** The answers of an earlier scan, kept in the analysis cache. */
export interface StoredMentions {
  /** Each code file of that scan and its content hash then (null: absent or unreadable). */
  files: Record<string, string | null>;
  /** `*mentions:<name>` or `*calls:<name>` → the files among `files` that held it, in their order. */
  names: Record<string, string[]>;
}

/** What a warm index needs: each file's content hash (of the text `read` gives), and an earlier scan's answers. */
export interface MentionHistory {
  hash(rel: string): string | null;
  stored?: StoredMentions;
}

interface FileWords {
  words: Set<string>;
  called: Set<string>;
}

export class MentionIndex {
  private words?: Map<string, string[]>;
  /** Identifiers used where a call of them (or a hand-off to a runner) can be: `f(`, `(f,`, `, f)`. */
  private called?: Map<string, string[]>;
  /** Answers given for the current file list, by `*mentions:`/`*calls:` key. */
  private readonly answers = new Map<string, string[]>();
  /** The words of files read one by one (changed since the stored answers). */
  private readonly fileWords = new Map<string, FileWords>();
  /** The file list the answers were made from: another list (files added or removed) starts afresh. */
  private from?: readonly string[];
  /** For the current list: each file's position, and whether the stored answers still hold for it. */
  private position?: Map<string, number>;
  private unchanged?: Set<string>;
  /** The files of the current list that the stored answers do not cover (new or changed since). */
  private changed: string[] = [];

  constructor(
    private readonly files: () => readonly string[],
    private readonly read: (rel: string) => string | undefined,
    private history?: MentionHistory,
  ) {}

  /** Answers of an earlier scan to reuse where files are unchanged (forgets the answers given so far). */
  useStored(history: MentionHistory): void {
    this.history = history;
    this.from = undefined;
  }

  /** The files, in the order `files()` lists them, whose text holds `name` (as a whole word, for an identifier). */
  filesMentioning(name: string): string[] {
    return this.answer(MENTIONS_PREFIX + name);
  }

  /**
   * The files where `name` may be called or handed on: used before a parenthesis, or as an
   * argument — not only defined (`def name(`, `function name(`) or mentioned. Where a function's
   * callers can be; a workspace whose files share function names parses far fewer files for them.
   */
  filesCalling(name: string): string[] {
    return this.answer(CALLS_PREFIX + name);
  }

  /** Whether the code files, or any of their contents, differ from the stored answers' (there are new ones to keep). */
  differsFromStored(): boolean {
    const files = this.files();
    this.fresh(files);
    const stored = this.history?.stored;
    return !stored || this.unchanged!.size !== files.length || Object.keys(stored.files).length !== files.length;
  }

  /** The answers for these keys (`*mentions:<name>`, `*calls:<name>`) with the files' hashes, to keep for the next scan. */
  snapshot(keys: Iterable<string>): StoredMentions {
    const files = this.files();
    this.fresh(files);
    const history = this.history;
    if (!history) throw new Error('a snapshot of the mention index needs the files\' hashes');
    const names: Record<string, string[]> = {};
    for (const key of keys) names[key] = this.answer(key);
    return { files: Object.fromEntries(files.map((f) => [f, history.hash(f)])), names };
  }

  private answer(key: string): string[] {
    const files = this.files();
    this.fresh(files);
    const known = this.answers.get(key);
    if (known) return known;
    const calls = key.startsWith(CALLS_PREFIX);
    const name = key.slice(calls ? CALLS_PREFIX.length : MENTIONS_PREFIX.length);
    // Text that is not an identifier: the files that hold it, whichever way it was asked.
    const kind = !IDENTIFIER.test(name) ? 'text' : calls ? 'called' : 'words';
    const stored = this.history?.stored?.names[key];
    let found: string[];
    if (stored && !this.words) {
      // The earlier answer for the unchanged files, and the changed files read again.
      found = stored.filter((f) => this.unchanged!.has(f));
      // In the current list's order (a list made in another order would hash differently).
      const at = this.position!;
      found = [...found, ...this.changed.filter((f) => this.holds(f, kind, name))].sort((a, b) => at.get(a)! - at.get(b)!);
    } else if (kind === 'text') found = files.filter((f) => this.read(f)?.includes(name));
    else found = (kind === 'called' ? (this.wordIndex(), this.called!) : this.wordIndex()).get(name) ?? [];
    this.answers.set(key, found);
    return found;
  }

  private holds(f: string, kind: 'text' | 'called' | 'words', name: string): boolean {
    if (kind === 'text') return this.read(f)?.includes(name) ?? false;
    let w = this.fileWords.get(f);
    if (!w) {
      const text = this.read(f);
      w = text === undefined ? { words: new Set(), called: new Set() } : wordsOf(text);
      this.fileWords.set(f, w);
    }
    return (kind === 'called' ? w.called : w.words).has(name);
  }

  private fresh(files: readonly string[]): void {
    if (files === this.from) return;
    this.from = files;
    this.words = undefined;
    this.called = undefined;
    this.answers.clear();
    this.fileWords.clear();
    this.unchanged = new Set();
    this.changed = [];
    const stored = this.history?.stored;
    if (!stored) return;
    this.position = new Map(files.map((f, i) => [f, i]));
    for (const f of files) {
      if (Object.hasOwn(stored.files, f) && stored.files[f] === this.history!.hash(f)) this.unchanged.add(f);
      else this.changed.push(f);
    }
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
      const fw = wordsOf(text);
      for (const w of fw.words) add(words, w, f);
      for (const w of fw.called) add(called, w, f);
    }
    this.words = words;
    this.called = called;
    return words;
  }
}

/** The words of a file, and those used as a callee or handed on. */
function wordsOf(text: string): FileWords {
  const words = new Set<string>();
  const called = new Set<string>();
  let previous = '';
  for (const m of text.matchAll(WORDS)) {
    const w = m[0];
    const start = m.index;
    words.add(w);
    if (!called.has(w) && usedAsCallee(text, start, start + w.length, previous)) called.add(w);
    previous = w;
  }
  return { words, called };
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
