// The fix `volatile-prefix` and `cache-breakpoint-missing` share for an Anthropic system prompt
// written as one string with per-request values in it: the system prompt becomes two text blocks,
// the stable lines first with a `cache_control` breakpoint, the per-request lines after it without
// one. Both findings are fixed by the same edit, and neither fires on the result.
import type { CallSite, Fix, PromptPart, Span, TextEdit } from '../model';
import type { RuleContext } from './rule';

/** The kinds of value that change from one request to the next (what `volatile-prefix` moves). */
export const VOLATILE_KINDS = new Set(['timestamp', 'uuid', 'user-data', 'interpolated', 'unknown']);

export function isMovable(p: PromptPart): boolean {
  return !!p.dynamic?.volatile && VOLATILE_KINDS.has(p.dynamic.kind);
}

/** A string or template literal cut into its lines (real newlines, or `\n` escapes in a one-line string). */
export interface LiteralLines {
  /** The prefix letters (`f`, `rf`) and opening quote, as written. */
  open: string;
  /** The prefix letters alone. */
  prefix: string;
  /** The closing quote (`"`, `'''`, `` ` ``). */
  close: string;
  /** `\n` or the two characters `\n`. */
  sep: string;
  lines: { text: string; start: number }[];
  /** Empty lines at the end (a trailing newline), dropped from `lines`. */
  trailing: number;
}

export function literalLines(text: string, lit: Span): LiteralLines | undefined {
  const source = text.slice(lit.start, lit.end);
  const m = /^([A-Za-z]*)("""|'''|"|'|`)/.exec(source);
  if (!m || source.length < m[0].length + m[2].length || !source.endsWith(m[2])) return undefined;
  const open = m[0];
  const close = m[2];
  const innerStart = lit.start + open.length;
  const inner = source.slice(open.length, source.length - close.length);
  const sep = inner.includes('\n') ? '\n' : '\\n';
  const lines: { text: string; start: number }[] = [];
  let pos = 0;
  for (;;) {
    const i = inner.indexOf(sep, pos);
    lines.push({ text: inner.slice(pos, i < 0 ? inner.length : i), start: innerStart + pos });
    if (i < 0) break;
    pos = i + sep.length;
  }
  let trailing = 0;
  while (lines.length > 1 && lines[lines.length - 1].text === '') {
    lines.pop();
    trailing++;
  }
  return { open, prefix: m[1], close, sep, lines, trailing };
}

/** The smallest indentation step the file uses (what a person adds for one level), else the language's usual one. */
function indentUnit(text: string, py: boolean): string {
  let best: string | undefined;
  for (const m of text.matchAll(/^([ \t]+)\S/gm)) if (!best || m[1].length < best.length) best = m[1];
  return best ?? (py ? '    ' : '  ');
}

function lineIndentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/**
 * One block's text as a person would write it: a lone `{NAME}` / `${NAME}` of a known text
 * becomes the name itself; an f-string with nothing to fill loses its `f`.
 */
function blockExpression(body: string, lines: LiteralLines, parts: readonly PromptPart[], text: string, py: boolean): string {
  const lone = py ? /^\{([A-Za-z_][\w.]*)\}$/.exec(body) : /^\$\{([A-Za-z_$][\w$.]*)\}$/.exec(body);
  // Only a placeholder whose text is known (a constant, not a per-request value): `f"{x}"` is `x`
  // when x is a string.
  if (lone && parts.some((p) => !p.dynamic && p.span && text.slice(p.span.start, p.span.end) === lone[1])) return lone[1];
  const prefix = py && !/[{}]/.test(body) ? lines.prefix.replace(/f/gi, '') : lines.prefix;
  return prefix + lines.open.slice(lines.prefix.length) + body + lines.close;
}

/** The quote the file's code uses for keys and short strings: the model id's, else the language's usual one. */
function quoteOf(site: CallSite, text: string, py: boolean): string {
  const lit = site.model.literalSpan;
  const q = lit ? text[lit.start] : undefined;
  return q === '"' || q === "'" ? q : py ? '"' : "'";
}

/**
 * The edit that splits the system prompt of an explicit-cache call into a cached stable block and a
 * per-request block after it; undefined when the system prompt is not one literal of this file with
 * both kinds of line.
 */
export function splitSystemPrompt(site: CallSite, ctx: RuleContext): Fix | undefined {
  if (!site.systemArg || site.cacheMarkers.length) return undefined;
  const system = site.parts.filter((p) => p.role === 'system');
  const lit = system[0]?.literal;
  if (!lit || system.some((p) => p.path || !p.literal || p.literal.start !== lit.start || p.literal.end !== lit.end || !p.span)) return undefined;
  const text = ctx.text;
  const lines = literalLines(text, lit);
  if (!lines) return undefined;
  const volatile = system.filter(isMovable);
  const isVolatile = (l: { text: string; start: number }) => volatile.some((p) => p.span!.start >= l.start && p.span!.end <= l.start + l.text.length);
  const stable = lines.lines.filter((l) => !isVolatile(l));
  const moved = lines.lines.filter(isVolatile);
  if (!moved.length || !stable.some((l) => l.text.trim())) return undefined;
  const py = /\.py$/i.test(ctx.path);
  const q = quoteOf(site, text, py);
  const first = blockExpression(stable.map((l) => l.text).join(lines.sep), lines, system, text, py);
  const second = blockExpression(moved.map((l) => l.text).join(lines.sep) + lines.sep.repeat(lines.trailing), lines, system, text, py);
  const blocks = py
    ? [`{${q}type${q}: ${q}text${q}, ${q}text${q}: ${first}, ${q}cache_control${q}: {${q}type${q}: ${q}ephemeral${q}}}`, `{${q}type${q}: ${q}text${q}, ${q}text${q}: ${second}}`]
    : [`{ type: ${q}text${q}, text: ${first}, cache_control: { type: ${q}ephemeral${q} } }`, `{ type: ${q}text${q}, text: ${second} }`];

  const argSource = text.slice(site.systemArg.start, site.systemArg.end);
  const atCall = site.systemArg.start === lit.start && site.systemArg.end === lit.end;
  // Where the list goes: the argument itself when the literal is written there; else the literal
  // where it is (a variable, a helper's `return`), whose value then becomes a list: safe only for a
  // variable local to a function and used once, at this call.
  const span: Span = lit;
  let safe = atCall;
  if (!atCall) {
    const name = /^[A-Za-z_$][\w$]*$/.exec(argSource.trim())?.[0];
    const lineStart = text.lastIndexOf('\n', lit.start - 1) + 1;
    // `name = <literal>` on an indented line: a variable of a function, not of the module.
    const assigned = /^[ \t]+(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*$/.exec(text.slice(lineStart, lit.start))?.[1];
    // Read once (at this call): names that are not a key, a keyword argument's name or the assignment.
    const reads = [...text.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*(?![\w$])(?!\s*[=:](?!=))/g)].filter((m) => m[0] === name).length;
    safe = !!name && assigned === name && reads === 1;
  }
  // A shorthand property (`{ system }`) needs its key written out when the list replaces it.
  const shorthand = atCall && !py && !/:\s*$/.test(text.slice(Math.max(0, site.systemArg.start - 40), site.systemArg.start));
  if (shorthand) return undefined;

  // One block to a line when the call's arguments are one to a line (or the literal stands on its own line).
  const ins = site.argsInsertion;
  const indent = lineIndentAt(text, span.start);
  const ownLine = atCall ? ins?.lineIndent !== undefined : true;
  let newText: string;
  if (ownLine) {
    const inner = indent + indentUnit(text, py);
    const comma = atCall ? ins?.trailingComma !== false : true;
    newText = `[\n${blocks.map((b, i) => `${inner}${b}${i < blocks.length - 1 || comma ? ',' : ''}`).join('\n')}\n${indent}]`;
  } else {
    newText = `[${blocks.join(', ')}]`;
  }
  const edits: TextEdit[] = [{ span, newText }];
  // A Python helper that returns the prompt says it returns a str: it returns blocks now.
  if (!atCall && py && /^\s*return\s+$/.test(text.slice(text.lastIndexOf('\n', lit.start - 1) + 1, lit.start))) {
    const def = text.lastIndexOf('\ndef ', lit.start) + 1 || text.lastIndexOf('def ', lit.start);
    const annotation = def >= 0 ? /\)\s*->\s*(str)\s*:/.exec(text.slice(def, lit.start)) : null;
    if (annotation) {
      const at = def + annotation.index + annotation[0].lastIndexOf('str');
      edits.push({ span: { start: at, end: at + 3 }, newText: 'list[dict]' });
    }
  }
  return {
    title: 'Cache the stable system prompt in a block of its own, the per-request lines in a block after it',
    safe,
    edits,
  };
}
