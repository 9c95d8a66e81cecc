// YAML front matter between `---` lines, with line-accurate errors. Dotprompt files may start with
// `#` comment lines before it. Front matter that is not valid YAML still yields what a line scan
// can read (the `model:` line), and a finding says what is wrong.
import { isMap, LineCounter, parseDocument } from 'yaml';

export interface FrontMatter {
  /** Parsed mapping, or undefined when absent or unreadable. */
  data?: Record<string, unknown>;
  /** Offset where the body starts (after the closing `---`), 0 without front matter. */
  bodyStart: number;
  /** 1-based line where the front matter's YAML starts. */
  yamlLine: number;
  yamlStart: number;
  yamlText: string;
  present: boolean;
  problems: { message: string; line: number; offset: number; fatal: boolean }[];
  /** `model:` read line by line when the YAML could not be parsed. */
  recoveredModel?: { value: string; offset: number };
}

const FENCE = /^---[ \t]*\r?$/;

export function splitFrontMatter(text: string): FrontMatter {
  const out: FrontMatter = { bodyStart: 0, yamlLine: 1, yamlStart: 0, yamlText: '', present: false, problems: [] };
  // Skip leading `#` comment lines and blank lines (Dotprompt).
  let pos = 0;
  let line = 1;
  for (;;) {
    const end = text.indexOf('\n', pos);
    const l = text.slice(pos, end < 0 ? text.length : end);
    if (/^\s*#/.test(l) || (l.trim() === '' && end >= 0 && text.slice(end + 1).trimStart().startsWith('---'))) {
      if (end < 0) return out;
      pos = end + 1;
      line++;
      continue;
    }
    break;
  }
  const firstEnd = text.indexOf('\n', pos);
  const first = text.slice(pos, firstEnd < 0 ? text.length : firstEnd);
  if (!FENCE.test(first)) return out;
  out.present = true;
  const yamlStart = firstEnd < 0 ? text.length : firstEnd + 1;
  out.yamlStart = yamlStart;
  out.yamlLine = line + 1;
  // Find the closing fence.
  let p = yamlStart;
  let close = -1;
  while (p <= text.length) {
    const e = text.indexOf('\n', p);
    const l = text.slice(p, e < 0 ? text.length : e);
    if (FENCE.test(l) || /^\.\.\.[ \t]*\r?$/.test(l)) {
      close = p;
      out.bodyStart = e < 0 ? text.length : e + 1;
      break;
    }
    if (e < 0) break;
    p = e + 1;
  }
  if (close < 0) {
    out.problems.push({ message: `front matter opened with --- on line ${line} is never closed`, line, offset: pos, fatal: true });
    out.yamlText = text.slice(yamlStart);
    out.bodyStart = text.length;
    out.recoveredModel = scanModel(out.yamlText, yamlStart);
    return out;
  }
  out.yamlText = text.slice(yamlStart, close);
  const counter = new LineCounter();
  const doc = parseDocument(out.yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) {
    for (const err of doc.errors.slice(0, 3)) {
      const lp = counter.linePos(err.pos[0]);
      const msg = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      out.problems.push({ message: `invalid YAML in front matter: ${msg} (line ${out.yamlLine + lp.line - 1})`, line: out.yamlLine + lp.line - 1, offset: yamlStart + err.pos[0], fatal: true });
    }
    out.recoveredModel = scanModel(out.yamlText, yamlStart);
    return out;
  }
  const contents = doc.contents;
  if (contents === null || contents === undefined) {
    out.data = {};
    return out;
  }
  if (!isMap(contents)) {
    out.problems.push({ message: `front matter must be a mapping of keys to values, got ${Array.isArray(doc.toJS()) ? 'a list' : 'a ' + typeof doc.toJS()}`, line: out.yamlLine, offset: yamlStart, fatal: true });
    return out;
  }
  try {
    out.data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (e) {
    out.problems.push({ message: `front matter cannot be read: ${e instanceof Error ? e.message : String(e)}`, line: out.yamlLine, offset: yamlStart, fatal: true });
  }
  return out;
}

/** Line of a key path (`model.parameters.max_tokens`) inside the front matter, best effort. */
export function keyLine(fm: FrontMatter, key: string): { line: number; offset: number } {
  const leaf = key.split('.').pop()!;
  const re = new RegExp(`^[ \\t]*${leaf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*:`, 'm');
  const m = re.exec(fm.yamlText);
  if (!m) return { line: fm.yamlLine, offset: fm.yamlStart };
  const before = fm.yamlText.slice(0, m.index);
  return { line: fm.yamlLine + (before.match(/\n/g)?.length ?? 0), offset: fm.yamlStart + m.index };
}

function scanModel(yaml: string, base: number): { value: string; offset: number } | undefined {
  // `model: gpt-4o`, or `name:`/`azure_deployment:`/`id:` under `model:`
  // The value is matched atomically (lookahead + backreference; trimmed below): no quadratic backtracking.
  const direct = /^model[ \t]*:[ \t]*["']?(?=([^"'\s#][^"'#\r\n]*))\1["']?[ \t]*(?:#.*)?$/m.exec(yaml);
  if (direct) return { value: direct[1].trim(), offset: base + direct.index + direct[0].indexOf(direct[1]) };
  const nested = /^[ \t]+(?:azure_deployment|name|model|id)[ \t]*:[ \t]*["']?([\w.:/-]+)["']?/m.exec(yaml.slice(yaml.search(/^model[ \t]*:/m) >= 0 ? yaml.search(/^model[ \t]*:/m) : yaml.length));
  if (nested) {
    const start = yaml.search(/^model[ \t]*:/m);
    return { value: nested[1], offset: base + start + nested.index + nested[0].indexOf(nested[1]) };
  }
  return undefined;
}
