// Template bodies (Jinja, Handlebars/Dotprompt, Copilot `${input:x}`) → static text and
// placeholders, each placeholder classified by what fills it. Unbalanced blocks are reported, not
// thrown.
import type { DynamicKind } from '../../model';

export interface TextSegment {
  type: 'text';
  text: string;
  start: number;
  end: number;
}

export interface PlaceholderSegment {
  type: 'placeholder';
  /** Variable name (`question`, `docs`), or the helper (`history`, `media`). */
  name: string;
  start: number;
  end: number;
  /** A loop over a collection: its body's text is counted once, the collection as dynamic. */
  loop?: boolean;
}

export interface RoleSegment {
  type: 'role';
  role: string;
  start: number;
  end: number;
}

export type Segment = TextSegment | PlaceholderSegment | RoleSegment;

export interface TemplateScan {
  segments: Segment[];
  problems: { message: string; offset: number }[];
}

const TIMESTAMP = /^(date|time|now|today|timestamp|datetime|current_?(date|time)|utc_?now)$/i;
const UUID = /(^|_)(uuid|guid|request_?id|session_?id|trace_?id|run_?id|correlation_?id)$/i;
const RETRIEVED = /^(context|contexts|documents?|docs|chunks?|retrieved(_\w+)?|sources|passages|search_results|knowledge|snippets|rag_\w+)$/i;
const HISTORY = /^(history|messages|chat_history|conversation|transcript|memory)$/i;
const USER = /^(user|user_?name|customer(_\w+)?|question|query|input|message|request|ticket|text|email|selection|file|order_?history|account|profile|name)$/i;
const TOOL = /^(tool_?(result|output)s?|observation|function_?result)$/i;

/** What fills a placeholder, from its name. Every placeholder varies between requests. */
export function classifyPlaceholder(name: string): { kind: DynamicKind; volatile: boolean } {
  const n = name.trim().split(/[.[\s|(]/)[0];
  if (TIMESTAMP.test(n)) return { kind: 'timestamp', volatile: true };
  if (UUID.test(n)) return { kind: 'uuid', volatile: true };
  if (RETRIEVED.test(n)) return { kind: 'retrieved-documents', volatile: true };
  if (HISTORY.test(n)) return { kind: 'history', volatile: true };
  if (TOOL.test(n)) return { kind: 'tool-output', volatile: true };
  if (USER.test(n)) return { kind: 'user-data', volatile: true };
  return { kind: 'interpolated', volatile: true };
}

export type Dialect = 'jinja' | 'handlebars' | 'copilot' | 'plain';

/** Scan a template body. `base` is the body's offset in the file (spans are file offsets). */
export function scanTemplate(body: string, base: number, dialect: Dialect): TemplateScan {
  const segments: Segment[] = [];
  const problems: TemplateScan['problems'] = [];
  let textStart = 0;
  const flush = (end: number) => {
    if (end > textStart) segments.push({ type: 'text', text: body.slice(textStart, end), start: base + textStart, end: base + end });
  };
  const blocks: { name: string; offset: number }[] = [];
  let i = 0;
  while (i < body.length) {
    if (dialect === 'copilot' && body.startsWith('${', i)) {
      const close = body.indexOf('}', i + 2);
      if (close < 0) break;
      flush(i);
      const inner = body.slice(i + 2, close);
      const name = inner.includes(':') ? inner.slice(inner.indexOf(':') + 1).split(':')[0] : inner;
      segments.push({ type: 'placeholder', name: name.trim() || inner, start: base + i, end: base + close + 1 });
      i = textStart = close + 1;
      continue;
    }
    if ((dialect === 'jinja' || dialect === 'handlebars') && body[i] === '{' && (body[i + 1] === '{' || (dialect === 'jinja' && (body[i + 1] === '%' || body[i + 1] === '#')))) {
      const kind = body[i + 1];
      const closer = kind === '{' ? '}}' : kind === '%' ? '%}' : '#}';
      const close = body.indexOf(closer, i + 2);
      if (close < 0) {
        problems.push({ message: `unclosed \`${body.slice(i, i + 2)}\``, offset: base + i });
        break;
      }
      flush(i);
      const end = close + closer.length + (body[close + closer.length] === '}' && body.startsWith('{{{', i) ? 1 : 0);
      const inner = body.slice(i + 2, close).replace(/^[-~{]|[-~}]$/g, '').trim();
      if (kind === '#') {
        // Jinja comment: not sent.
      } else if (kind === '%') {
        const m = /^(\w+)\s*(.*)$/s.exec(inner);
        const tag = m?.[1] ?? '';
        if (tag === 'for') {
          const coll = /\bin\s+([\w.]+)/.exec(m![2])?.[1] ?? m![2];
          segments.push({ type: 'placeholder', name: coll, start: base + i, end: base + end, loop: true });
          blocks.push({ name: 'for', offset: base + i });
        } else if (tag === 'if' || tag === 'macro' || tag === 'block' || tag === 'call' || tag === 'filter' || tag === 'raw') blocks.push({ name: tag, offset: base + i });
        else if (tag.startsWith('end')) {
          const open = blocks.pop();
          if (!open) problems.push({ message: `\`{% ${tag} %}\` without an opening block`, offset: base + i });
          else if (open.name !== tag.slice(3)) problems.push({ message: `\`{% ${tag} %}\` closes \`{% ${open.name} %}\``, offset: base + i });
        } else if (tag === 'include' || tag === 'import' || tag === 'extends') {
          segments.push({ type: 'placeholder', name: `${tag} ${m![2].trim()}`, start: base + i, end: base + end });
        }
      } else if (dialect === 'handlebars') {
        if (inner.startsWith('!')) {
          // comment
        } else if (inner.startsWith('#')) {
          const m = /^#(\w+)\s*(.*)$/s.exec(inner);
          const helper = m?.[1] ?? '';
          blocks.push({ name: helper, offset: base + i });
          if (helper === 'each') segments.push({ type: 'placeholder', name: m![2].trim().split(/\s/)[0] || 'items', start: base + i, end: base + end, loop: true });
        } else if (inner.startsWith('/')) {
          const helper = inner.slice(1).trim();
          const open = blocks.pop();
          if (!open) problems.push({ message: `\`{{/${helper}}}\` without an opening block`, offset: base + i });
          else if (open.name !== helper) problems.push({ message: `\`{{/${helper}}}\` closes \`{{#${open.name}}}\``, offset: base + i });
        } else if (inner.startsWith('else')) {
          // branch marker
        } else {
          const role = /^role\s+["'](\w+)["']$/.exec(inner);
          if (role) segments.push({ type: 'role', role: role[1], start: base + i, end: base + end });
          else {
            const words = inner.split(/\s+/);
            const helper = words[0];
            const name = helper === 'json' || helper === 'media' ? (words[1] ?? helper).replace(/^url=/, '') : helper === 'section' ? `section ${words[1] ?? ''}`.trim() : helper;
            segments.push({ type: 'placeholder', name: helper === 'history' ? 'history' : name, start: base + i, end: base + end });
          }
        }
      } else {
        // Jinja expression: the variable before any filter or attribute.
        const name = inner.split('|')[0].trim();
        segments.push({ type: 'placeholder', name, start: base + i, end: base + end });
      }
      i = textStart = end;
      continue;
    }
    i++;
  }
  textStart = Math.min(textStart, body.length);
  flush(body.length);
  for (const b of blocks) problems.push({ message: `\`${b.name}\` block is never closed`, offset: b.offset });
  return { segments, problems };
}
