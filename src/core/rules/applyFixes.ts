// Applying fixes' text edits to a text: sorted, overlapping edits skipped (the first one wins),
// so the result is the same whichever order the fixes came in.
import type { TextEdit } from '../model';

export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: number; skipped: number } {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let pos = 0;
  let applied = 0;
  let skipped = 0;
  for (const e of sorted) {
    if (e.span.start < pos || e.span.end > text.length || e.span.start > e.span.end) {
      skipped++;
      continue;
    }
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
    applied++;
  }
  return { text: out + text.slice(pos), applied, skipped };
}
