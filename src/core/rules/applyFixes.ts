// Applying fixes' text edits to a text: sorted, overlapping edits skipped (the first one wins),
// so the result is the same whichever order the fixes came in.
import type { TextEdit } from '../model';

export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: number; skipped: number } {
  // Edits at the same place are ordered by their text, so the order the fixes came in never matters.
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.newText < b.newText ? -1 : a.newText > b.newText ? 1 : 0));
  let out = '';
  let pos = 0;
  let applied = 0;
  let skipped = 0;
  let last: TextEdit | undefined;
  for (const e of sorted) {
    // The same edit twice (two findings offering one fix) is made once.
    const repeat = last !== undefined && last.span.start === e.span.start && last.span.end === e.span.end && last.newText === e.newText;
    if (repeat || e.span.start < pos || e.span.end > text.length || e.span.start > e.span.end) {
      skipped++;
      continue;
    }
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
    applied++;
    last = e;
  }
  return { text: out + text.slice(pos), applied, skipped };
}
