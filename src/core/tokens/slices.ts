// Counting a text in pieces tiktoken can take (shared by this thread and the tokenizer thread, so
// both count alike).

/**
 * The longest run of non-whitespace counted in one piece. tiktoken's byte-pair merge is quadratic
 * in the length of one pre-token: a long run with no whitespace (a base64 blob, minified data,
 * Chinese or Japanese prose) took seconds at 50,000 characters and minutes at 500,000, and at a
 * megabyte the encoder aborted ("unreachable"). Longer runs are counted in slices of this length (a
 * token more or less per slice); text without such runs is counted exactly in one piece, as before.
 */
export const MAX_RUN_CHARS = 256;

/** Tokens of ordinary text, `encode` counting each piece. */
export function countInSlices(encode: (piece: string) => number, text: string): number {
  let start = 0; // start of the piece not yet counted
  let runStart = 0; // start of the current run of non-whitespace
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      runStart = i + 1;
      continue;
    }
    // Cut a long run every MAX_RUN_CHARS, never between the halves of a surrogate pair.
    if (i - runStart >= MAX_RUN_CHARS && !(c >= 0xdc00 && c <= 0xdfff)) {
      n += encode(text.slice(start, i));
      start = runStart = i;
    }
  }
  return n + (start < text.length ? encode(text.slice(start)) : 0);
}
