// What every property test shares: how many runs and which seed (FUZZ_RUNS, FUZZ_SEED), the
// mutations that turn realistic inputs into broken ones, and the checks that hold for any output
// (spans inside the text, no internal errors, the same result twice).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';

/** The seed of every property unless FUZZ_SEED says otherwise: `npm test` is reproducible. */
export const DEFAULT_SEED = 20260808;

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** Runs of a property: its default (sized so the whole suite stays fast), or FUZZ_RUNS for long runs. */
export function runsOf(defaultRuns: number): number {
  return envInt('FUZZ_RUNS') ?? defaultRuns;
}

/** Whether this is a long run (FUZZ_RUNS set): the explicitly bounded extreme-input tests are skipped then. */
export const LONG_RUN = envInt('FUZZ_RUNS') !== undefined;

/**
 * fast-check's parameters: a fixed seed (FUZZ_SEED to reproduce a failure — fast-check prints the
 * seed and the counterexample's path when a property fails; FUZZ_PATH replays that path alone)
 * and the number of runs.
 */
export function params<T>(defaultRuns: number): fc.Parameters<T> {
  // FUZZ_PATH (with FUZZ_SEED: both printed with a failure) replays the failing case alone.
  const replay = process.env.FUZZ_PATH?.trim();
  return { numRuns: runsOf(defaultRuns), seed: envInt('FUZZ_SEED') ?? DEFAULT_SEED, endOnFailure: false, ...(replay ? { path: replay } : {}) };
}

/** The mocha timeout of a property: generous in a long run (the runner sets --timeout 0 too). */
export function timeoutOf(defaultMs: number): number {
  return LONG_RUN ? 0 : defaultMs;
}

// --- Mutations ---------------------------------------------------------------------------------

/** Bytes decoded as UTF-8 the way a file read with `readFileSync(…, 'utf8')` is: invalid sequences become U+FFFD. */
export const decodedBytes = fc.uint8Array({ maxLength: 24 }).map((b) => new TextDecoder('utf-8', { fatal: false }).decode(b));

/** A lone UTF-16 surrogate: what a JavaScript string can hold and no UTF-8 file can. */
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

const syntaxChars = fc.constantFrom(...'()[]{}"\'`\\\n\r\t#:;,.=|&$%@*+-/<>?!~^\u00a0\u2028\u2029\ufeff'.split(''));

/** Text that breaks parsers: unbalanced quotes and brackets, NUL bytes, invalid UTF-8, lone surrogates, template and YAML markers. */
export const breakingText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: syntaxChars, minLength: 1, maxLength: 8 }),
  fc.constantFrom('\u0000', '\u0000\u0000\u0000', '"""', "'''", '`${', '${', '{{', '}}', '{%', '%}', '{#', '---\n', '\n---\n', '...\n', ': &a [1]', '*a', '!!python/object', '\r\n', '\\', '\\u', '\\x', '\\N{', 'f"', 'rb"', '/*', '*/', '<!--', '</', '=>', '#!', ' ' + '\t'),
  decodedBytes,
  loneSurrogate,
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer({ min: 1, max: 200 }).chain((n) => fc.constantFrom('('.repeat(n), '['.repeat(n), '{'.repeat(n), ')'.repeat(n), '"'.repeat(n), '`'.repeat(n), '{{'.repeat(n), '  '.repeat(n))),
  fc.integer({ min: 100, max: 4000 }).map((n) => 'x'.repeat(n)),
);

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'bytes'; at: number; flips: number[] };

const fraction = fc.double({ min: 0, max: 1, noNaN: true });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fraction.map((at) => ({ kind: 'truncate' as const, at })),
  { arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fraction, text: breakingText }), weight: 4 },
  fc.record({ kind: fc.constant('delete' as const), at: fraction, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fraction, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fraction, text: fc.string({ unit: syntaxChars, minLength: 1, maxLength: 1 }) }),
  fc.record({ kind: fc.constant('bytes' as const), at: fraction, flips: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 6 }) }),
);

/** Apply mutations in order; positions are fractions of the text's length at that point. */
export function mutate(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = Math.min(t.length, Math.floor(m.at * (t.length + 1)));
    switch (m.kind) {
      case 'truncate':
        t = t.slice(0, at);
        break;
      case 'insert':
        t = t.slice(0, at) + m.text + t.slice(at);
        break;
      case 'delete':
        t = t.slice(0, at) + t.slice(at + m.length);
        break;
      case 'duplicate':
        t = t.slice(0, at + m.length) + t.slice(at, at + m.length) + t.slice(at + m.length);
        break;
      case 'replace':
        t = t.slice(0, at) + m.text + t.slice(at + 1);
        break;
      case 'bytes': {
        // The file's bytes corrupted, then read as UTF-8 (invalid sequences, split characters).
        const bytes = Buffer.from(t, 'utf8');
        const pos = Math.min(bytes.length, Math.floor(m.at * (bytes.length + 1)));
        m.flips.forEach((b, i) => {
          if (pos + i < bytes.length) bytes[pos + i] = b;
        });
        t = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        break;
      }
    }
  }
  return t;
}

/** A realistic input, left as it is half of the time and mutated the other half. */
export function mutated(source: fc.Arbitrary<string>): fc.Arbitrary<{ original: string; text: string; mutations: Mutation[] }> {
  return fc.tuple(source, fc.oneof({ arbitrary: fc.constant<Mutation[]>([]), weight: 1 }, { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }), weight: 1 })).map(([original, mutations]) => ({ original, text: mutate(original, mutations), mutations }));
}

// --- Checks ------------------------------------------------------------------------------------

function checkSpan(span: { start: unknown; end: unknown }, length: number, where: string): void {
  const { start, end } = span;
  assert.ok(typeof start === 'number' && typeof end === 'number' && Number.isInteger(start) && Number.isInteger(end), `${where}: span ${JSON.stringify(span)} is not integer offsets`);
  assert.ok(0 <= start && start <= end && end <= length, `${where}: span [${start}, ${end}) is not inside the text (length ${length})`);
}

/**
 * Every span (`{start, end}`), insertion offset and line in `value` lies inside `text`. Objects
 * with a `path` other than `path` (parts read from another file, edits of another file) hold
 * offsets into that file and are skipped.
 */
export function assertSpansInside(value: unknown, text: string, path: string, where = 'result'): void {
  const lines = text.split('\n').length;
  const seen = new Set<object>();
  const visit = (v: unknown, at: string): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Map) {
      for (const [k, x] of v) visit(x, `${at}[${String(k)}]`);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, `${at}[${i}]`));
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.path === 'string' && o.path !== path) return;
    if ('start' in o && 'end' in o && (typeof o.start === 'number' || typeof o.end === 'number')) checkSpan(o as { start: unknown; end: unknown }, text.length, at);
    if (typeof o.offset === 'number' && (at.endsWith('argsInsertion') || at.endsWith('frontMatterInsertion'))) {
      assert.ok(Number.isInteger(o.offset) && o.offset >= 0 && o.offset <= text.length, `${at}: offset ${o.offset} is not inside the text (length ${text.length})`);
    }
    for (const key of ['line', 'endLine'] as const) {
      if (typeof o[key] === 'number' && !at.includes('observed')) assert.ok(Number.isInteger(o[key]) && (o[key] as number) >= 1 && (o[key] as number) <= lines, `${at}.${key}: ${o[key]} is not a line of the text (${lines} lines)`);
    }
    for (const [k, x] of Object.entries(o)) visit(x, `${at}.${k}`);
  };
  visit(value, where);
}

/** No error of kind 'internal' (a bug of ours caught and reported against the file). */
export function assertNoInternalErrors(errors: readonly { kind: string; message: string }[], where: string): void {
  const internal = errors.filter((e) => e.kind === 'internal');
  assert.deepEqual(internal, [], `${where}: internal errors`);
}

/** A finite, non-negative low ≤ expected ≤ high. */
export function assertRange(r: { low: number; expected: number; high: number } | undefined, where: string): void {
  if (!r) return;
  for (const k of ['low', 'expected', 'high'] as const) assert.ok(Number.isFinite(r[k]) && r[k] >= 0, `${where}.${k} = ${r[k]} is not finite and non-negative`);
  // A relative tolerance: sums of floating-point products may differ in the last bits.
  const eps = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
  assert.ok(r.low <= r.expected + eps(r.expected) && r.expected <= r.high + eps(r.high), `${where}: low ${r.low} ≤ expected ${r.expected} ≤ high ${r.high} does not hold`);
}

/** Text as a short quoted excerpt for messages. */
export function excerpt(text: string, max = 400): string {
  return JSON.stringify(text.length > max ? text.slice(0, max) + `… (${text.length} chars)` : text);
}
