// Prompt files → one call site each: model, output cap, parts with roles, placeholders sized from
// sample inputs. Formats: Prompty (.prompty), Dotprompt (.prompt), Copilot prompt files
// (.prompt.md), Jinja (.jinja/.jinja2/.j2), and plain text/markdown prompts. Malformed files give
// findings with the line and the problem; never an exception.
import type { AnalysisError, CallSite, Finding, PromptPart, Role, Span } from '../../model';
import { lineOf } from '../../model';
import { inferProviderFromModel } from '../provider';
import { FrontMatter, keyLine, splitFrontMatter } from './frontMatter';
import { classifyPlaceholder, Dialect, scanTemplate } from './template';
import { own } from '../../util/own';

export { classifyPlaceholder } from './template';

export type PromptFormat = 'prompty' | 'dotprompt' | 'prompt.md' | 'jinja' | 'text';

export interface PromptFileResult {
  callSite: CallSite;
  findings: Finding[];
  errors: AnalysisError[];
}

/** Files bigger than this are not read as prompts (a prompt this size is a data file). */
export const MAX_PROMPT_FILE_CHARS = 2 * 1024 * 1024;

/**
 * Which files are prompt files:
 * - by extension: `.prompty`, `.prompt` (Dotprompt), `.prompt.md` (Copilot), `.jinja`, `.jinja2`, `.j2`
 *   (not a template named for what it renders, `deploy.yml.j2`, nor an HTML page: see isWebPage);
 * - plain prompts: `.txt`/`.md` files inside a folder named `prompts` (or `prompt`), and files
 *   named `*.prompt.txt`, `*_prompt.txt`, `*-prompt.txt`, `*_prompt.md`, `*-prompt.md`,
 *   `system_prompt.*`. READMEs and CHANGELOGs never are.
 */
export function formatOf(path: string): PromptFormat | undefined {
  const lower = path.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (lower.endsWith('.prompty')) return 'prompty';
  if (lower.endsWith('.prompt.md')) return 'prompt.md';
  if (lower.endsWith('.prompt')) return 'dotprompt';
  if (/\.(jinja2?|j2)$/.test(lower)) return renderedFormat(base) || NOT_PROMPTS.test(base) ? undefined : 'jinja';
  if (!/\.(txt|md)$/.test(lower)) return undefined;
  if (NOT_PROMPTS.test(base)) return undefined;
  if (/(^|\/)prompts?\//.test(lower)) return 'text';
  if (/(\.prompt|[_-]prompt)\.(txt|md)$/.test(base) || /^(system_?prompt|prompt)\.(txt|md)$/.test(base)) return 'text';
  return undefined;
}

/** Documents a repository keeps that are never prompts (also as templates: `README.md.jinja2`). */
const NOT_PROMPTS = /^(readme|changelog|license|contributing|code_of_conduct|security)\b/;

/**
 * What a Jinja template renders, when its name says (`deploy.yml.j2`, `setup.py.j2`, `index.html.jinja2`):
 * such a file is a template of that format (Ansible, cookiecutter, web pages), not a prompt. A prompt's
 * inner extension, if any, is a text one (`system.md.j2`, `summary.txt.jinja`, `chat.prompt.jinja2`).
 */
function renderedFormat(base: string): string | undefined {
  const inner = /\.([a-z0-9]+)\.(?:jinja2?|j2)$/.exec(base)?.[1];
  return inner && !/^(txt|md|markdown|prompt|jinja2?|j2)$/.test(inner) ? inner : undefined;
}

/** Text without its Jinja comments (`{# … #}`; an unclosed one runs to the end). */
function withoutComments(s: string): string {
  let out = '';
  for (let i = 0; ; ) {
    const a = s.indexOf('{#', i);
    if (a < 0) return out + s.slice(i);
    out += s.slice(i, a);
    const b = s.indexOf('#}', a + 2);
    if (b < 0) return out;
    i = b + 2;
  }
}

/** HTML elements a page or partial begins with; prompts that use tags use their own names (`<instructions>`). */
const HTML_START = /^<(div|nav|section|ul|ol|table|form|span|p|a|script|style|link|meta|header|footer|main|article|aside|button|input|svg|template|br|hr|h[1-6])[\s/>]/;

/** A web page or a script, not a prompt: a Jinja file that is HTML (`<!DOCTYPE html>`, `<html>`, a page's first element, or extends an .html layout) or starts with `#!`. */
function isWebPage(text: string): boolean {
  const head = withoutComments(text.slice(0, 4096)).trimStart().toLowerCase();
  // A shell or other script template (`#!/bin/bash`), as a Docker image's run files are.
  if (head.startsWith('#!')) return true;
  return /^(<!doctype html|<html[\s>])/.test(head) || /^\{%-?\s*extends\s+["'][^"']+\.html?["']/.test(head) || HTML_START.test(head);
}

export function isPromptFile(path: string): boolean {
  return formatOf(path) !== undefined;
}

const ROLE_NAMES: Record<string, Role> = { system: 'system', user: 'user', assistant: 'assistant', model: 'assistant', developer: 'system', tool: 'tool', human: 'user' };

interface Ctx {
  path: string;
  text: string;
  findings: Finding[];
}

function finding(ctx: Ctx, message: string, offset: number, severity: 'error' | 'warning' = 'warning', end?: number): void {
  const start = Math.max(0, Math.min(offset, ctx.text.length));
  const lineEnd = ctx.text.indexOf('\n', start);
  ctx.findings.push({
    ruleId: 'invalid-prompt-file',
    severity,
    message,
    path: ctx.path,
    span: { start, end: Math.max(start, Math.min(end ?? (lineEnd < 0 ? ctx.text.length : lineEnd), ctx.text.length)) },
    line: lineOf(ctx.text, start),
    fixes: [],
  });
}

function get(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function sampleText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** Locate a scalar value inside the front matter for spans (e.g. the model id). */
function valueSpan(fm: FrontMatter, value: string | undefined): Span | undefined {
  if (!value) return undefined;
  const i = fm.yamlText.indexOf(value);
  return i < 0 ? undefined : { start: fm.yamlStart + i, end: fm.yamlStart + i + value.length };
}

/** Copilot display names (`Claude Sonnet 4.5 (copilot)`, `GPT-4o`) → API model ids. */
export function normalizeModelName(name: string): string {
  let n = name.trim().replace(/\((copilot|preview)\)\s*$/i, '').trim();
  if (/^[\w.:/-]+$/.test(n) && n === n.toLowerCase()) return n;
  n = n.toLowerCase().replace(/\s+/g, '-');
  // claude-sonnet-4.5 → claude-sonnet-4-5 (Anthropic ids use dashes)
  if (n.startsWith('claude')) n = n.replace(/(\d)\.(\d)/g, '$1-$2');
  return n;
}

function outputCap(ctx: Ctx, fm: FrontMatter, keys: string[]): CallSite['outputCap'] {
  for (const key of keys) {
    const v = get(fm.data, key);
    if (v === undefined) continue;
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) {
      const at = keyLine(fm, key);
      return { tokens: n, param: key, span: { start: at.offset, end: at.offset + key.split('.').pop()!.length } };
    }
    const at = keyLine(fm, key);
    finding(ctx, `${key} must be a positive integer, got ${JSON.stringify(v)} (line ${at.line})`, at.offset);
  }
  return undefined;
}

function baseSite(path: string, text: string, api: string, name: string): CallSite {
  return {
    key: `${path}#${name}`,
    kind: 'prompt-file',
    path,
    span: { start: 0, end: text.length },
    line: 1,
    provider: 'unknown',
    api,
    model: { unresolvedReason: 'the prompt file names no model' },
    parts: [],
    params: {},
    cacheMarkers: [],
    multiplier: { min: 1, expected: 1, max: 1, reason: 'one call per render of the prompt file' },
    name,
  };
}

function fileName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.(prompty|prompt\.md|prompt|jinja2?|j2|txt|md)$/i, '');
}

/** Body → parts: role markers split messages, placeholders become dynamic parts. */
function bodyParts(ctx: Ctx, body: string, base: number, dialect: Dialect, defaultRole: Role, samples: Record<string, unknown>, roleMarkers: boolean): PromptPart[] {
  const parts: PromptPart[] = [];
  let role: Role = defaultRole;
  let message = 0;
  let started = false;
  const pushText = (text: string, start: number) => {
    if (!text) return;
    if (!started && !text.trim()) return;
    started = true;
    parts.push({ role, message, source: dialect === 'plain' ? 'file' : 'template', text, span: { start, end: start + text.length } });
  };
  const newMessage = (r: Role) => {
    if (parts.length) message++;
    role = r;
    started = false;
  };
  const scan = scanTemplate(body, base, dialect);
  for (const p of scan.problems) finding(ctx, `template: ${p.message}`, p.offset);
  for (const seg of scan.segments) {
    if (seg.type === 'role') {
      const r = own(ROLE_NAMES, seg.role.toLowerCase());
      if (!r) finding(ctx, `unknown role "${seg.role}" (use system, user or model)`, seg.start);
      newMessage(r ?? 'user');
      continue;
    }
    if (seg.type === 'placeholder') {
      const c = classifyPlaceholder(seg.name);
      const key = seg.name.split(/[.[\s|]/)[0];
      const text = seg.name === 'history' ? '' : sampleText(samples[key]);
      started = true;
      parts.push({ role, message, source: 'template', text, span: { start: seg.start, end: seg.end }, dynamic: { kind: seg.name === 'history' ? 'history' : c.kind, name: seg.name, volatile: c.volatile } });
      continue;
    }
    if (!roleMarkers) {
      pushText(seg.text, seg.start);
      continue;
    }
    // Prompty role markers: a line `system:` / `user:` / `assistant:` (optionally `# system:`).
    const re = /^[ \t]*(?:#[ \t]*)?([A-Za-z]+)[ \t]*:[ \t]*\r?$/gm;
    let last = 0;
    for (let m = re.exec(seg.text); m; m = re.exec(seg.text)) {
      const r = own(ROLE_NAMES, m[1].toLowerCase());
      if (!r) continue; // `Instructions:` and the like are prompt text, not roles
      pushText(seg.text.slice(last, m.index), seg.start + last);
      newMessage(r);
      last = m.index + m[0].length + (seg.text[m.index + m[0].length] === '\n' ? 1 : 0);
    }
    pushText(seg.text.slice(last), seg.start + last);
  }
  return parts;
}

function finish(ctx: Ctx, site: CallSite, modelId: string | undefined, modelSpan: Span | undefined, providerHint?: string): PromptFileResult {
  if (modelId) {
    // The value in the front matter is where a fix rewrites the model.
    site.model = { id: modelId, span: modelSpan, ...(modelSpan ? { literalSpan: modelSpan } : {}) };
    const inferred = inferProviderFromModel(modelId);
    site.provider = inferred !== 'unknown' ? inferred : providerHint ?? 'unknown';
  }
  return { callSite: site, findings: ctx.findings, errors: [] };
}

/** Front matter read (its problems reported) and the call site started, named by `name` or the file. */
function begin(ctx: Ctx, api: string): { fm: FrontMatter; d: Record<string, unknown>; site: CallSite } {
  const fm = splitFrontMatter(ctx.text);
  for (const p of fm.problems) finding(ctx, p.message, p.offset, p.fatal ? 'error' : 'warning');
  const d = fm.data ?? {};
  const name = typeof d.name === 'string' ? d.name + (api === 'dotprompt' && typeof d.variant === 'string' ? `.${d.variant}` : '') : fileName(ctx.path);
  return { fm, d, site: baseSite(ctx.path, ctx.text, api, name) };
}

/** Where a front-matter key can be added under a parent mapping (`parameters:`, `config:`), for fixes. */
function frontMatterInsertion(fm: FrontMatter, parentPattern: RegExp): { offset: number; indent: string } | undefined {
  const m = parentPattern.exec(fm.yamlText);
  if (!m) return undefined;
  const lineEnd = fm.yamlText.indexOf('\n', m.index);
  if (lineEnd < 0) return undefined;
  // The parent named once (a second `config:` would be the one YAML keeps: not this line).
  if (parentPattern.exec(fm.yamlText.slice(lineEnd))) return undefined;
  // The children's indentation: the next line's, when it is deeper than the parent's.
  const parentIndent = /^[ \t]*/.exec(m[0])![0];
  const next = fm.yamlText.slice(lineEnd + 1).split('\n', 1)[0];
  const childIndent = /^[ \t]*/.exec(next)![0];
  // A deeper next line must be a key of the mapping: a key added above a scalar or a list breaks it.
  if (childIndent.length > parentIndent.length && !/^[ \t]*[\w"'.$-]+[ \t]*:(?:[ \t\r]|$)/.test(next)) return undefined;
  const indent = childIndent.length > parentIndent.length ? childIndent : parentIndent + '  ';
  return { offset: fm.yamlStart + lineEnd + 1, indent };
}

/**
 * Where the output cap goes when the front matter has none: the line of a cap key whose value is not
 * a cap (`maxOutputTokens: 2024-10-21`, `max_tokens:`), replaced whole — adding the key again would
 * make it a duplicate, which YAML rejects — or else a new line under the parent mapping. Nothing
 * when that key's value runs over more lines (a list, a block): the finding says what is wrong.
 */
function capPlacement(fm: FrontMatter, keys: string[], parent: string, parentPattern: RegExp, newKey: string): CallSite['frontMatterInsertion'] {
  const present = keys.find((k) => get(fm.data, k) !== undefined);
  if (present === undefined) {
    // Only under a mapping (or nothing yet): a key line added above a scalar value breaks the YAML.
    const value = get(fm.data, parent);
    if (value !== null && (typeof value !== 'object' || Array.isArray(value))) return undefined;
    const at = frontMatterInsertion(fm, parentPattern);
    return at && { ...at, key: newKey };
  }
  const leaf = present.split('.').pop()!;
  const at = keyLine(fm, present);
  const start = at.offset - fm.yamlStart;
  const lineEnd = fm.yamlText.indexOf('\n', start);
  if (lineEnd < 0) return undefined;
  const indent = /^[ \t]*/.exec(fm.yamlText.slice(start))![0];
  // A nested key, alone on its line: the next line (if any) is no deeper.
  const rest = fm.yamlText.slice(start + indent.length, lineEnd);
  if (indent.length === 0 || !rest.startsWith(leaf) || !rest.slice(leaf.length).trimStart().startsWith(':')) return undefined;
  // An anchor on the value (`max_tokens: &n x`) may be used elsewhere: replacing the line would orphan it.
  if (rest.includes('&')) return undefined;
  const next = fm.yamlText.slice(lineEnd + 1).split('\n').find((l) => l.trim() !== '');
  if (next !== undefined && /^[ \t]*/.exec(next)![0].length > indent.length) return undefined;
  return { offset: at.offset, end: fm.yamlStart + lineEnd + 1, indent, key: leaf };
}

function parsePrompty(ctx: Ctx): PromptFileResult {
  const { fm, d, site } = begin(ctx, 'prompty');
  const model = d.model;
  let modelId: string | undefined;
  let providerHint: string | undefined;
  if (typeof model === 'string') modelId = model;
  else if (model && typeof model === 'object') {
    const cfg = (get(model, 'configuration') ?? {}) as Record<string, unknown>;
    const type = typeof cfg.type === 'string' ? cfg.type.toLowerCase() : undefined;
    const candidates = [get(model, 'id'), cfg.azure_deployment, cfg.model, cfg.name, get(model, 'name')];
    modelId = candidates.find((c): c is string => typeof c === 'string' && c.length > 0);
    if (type === 'azure_openai' || type === 'azure' || type === 'openai') providerHint = 'openai';
    else if (type === 'anthropic') providerHint = 'anthropic';
  }
  if (!modelId && fm.recoveredModel) modelId = fm.recoveredModel.value;
  const capKeys = ['model.parameters.max_tokens', 'model.parameters.max_completion_tokens', 'model.options.max_tokens'];
  const cap = fm.data ? outputCap(ctx, fm, capKeys) : undefined;
  if (cap) site.outputCap = cap;
  else if (fm.data) {
    const at = capPlacement(fm, capKeys, 'model.parameters', /^[ \t]+parameters[ \t]*:[ \t]*$/m, 'max_tokens');
    if (at) site.frontMatterInsertion = at;
  }
  const params = get(d, 'model.parameters');
  if (params && typeof params === 'object') site.params = { ...(params as object) };
  // Samples: `sample:` mapping, or `inputs.<name>.sample` / `.default`.
  const samples: Record<string, unknown> = {};
  const inputs = d.inputs;
  if (inputs && typeof inputs === 'object' && !Array.isArray(inputs)) {
    for (const [k, v] of Object.entries(inputs as Record<string, unknown>)) {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const s = (v as Record<string, unknown>).sample ?? (v as Record<string, unknown>).default;
        if (s !== undefined) samples[k] = s;
      } else if (v !== null && typeof v !== 'object') samples[k] = v;
    }
  }
  if (d.sample && typeof d.sample === 'object' && !Array.isArray(d.sample)) Object.assign(samples, d.sample);
  const body = ctx.text.slice(fm.bodyStart);
  site.parts = bodyParts(ctx, body, fm.bodyStart, 'jinja', 'system', samples, true);
  site.line = 1;
  return finish(ctx, site, modelId, modelId ? valueSpan(fm, modelId) : undefined, providerHint);
}

function parseDotprompt(ctx: Ctx): PromptFileResult {
  const { fm, d, site } = begin(ctx, 'dotprompt');
  let modelRaw = typeof d.model === 'string' ? d.model : fm.recoveredModel?.value;
  let providerHint: string | undefined;
  if (modelRaw && modelRaw.includes('/')) {
    const [prefix, rest] = [modelRaw.slice(0, modelRaw.indexOf('/')), modelRaw.slice(modelRaw.indexOf('/') + 1)];
    providerHint = /googleai|vertexai|google/.test(prefix) ? 'google' : prefix === 'openai' ? 'openai' : prefix === 'anthropic' ? 'anthropic' : prefix;
    modelRaw = rest;
  }
  const capKeys = ['config.maxOutputTokens', 'config.max_output_tokens', 'config.maxTokens'];
  const cap = fm.data ? outputCap(ctx, fm, capKeys) : undefined;
  if (cap) site.outputCap = cap;
  else if (fm.data) {
    const at = capPlacement(fm, capKeys, 'config', /^config[ \t]*:[ \t]*$/m, 'maxOutputTokens');
    if (at) site.frontMatterInsertion = at;
  }
  const config = d.config;
  if (config && typeof config === 'object') site.params = { ...(config as object) };
  const samples: Record<string, unknown> = {};
  const def = get(d, 'input.default');
  if (def && typeof def === 'object' && !Array.isArray(def)) Object.assign(samples, def);
  const body = ctx.text.slice(fm.bodyStart);
  site.parts = bodyParts(ctx, body, fm.bodyStart, 'handlebars', 'user', samples, false);
  return finish(ctx, site, modelRaw, modelRaw ? valueSpan(fm, modelRaw) : undefined, providerHint);
}

function parsePromptMd(ctx: Ctx): PromptFileResult {
  const { fm, d, site } = begin(ctx, 'prompt.md');
  const raw = typeof d.model === 'string' ? d.model : fm.recoveredModel?.value;
  const modelId = raw ? normalizeModelName(raw) : undefined;
  for (const k of ['mode', 'agent', 'tools', 'description']) if (d[k] !== undefined) site.params[k] = d[k];
  const body = ctx.text.slice(fm.bodyStart);
  site.parts = bodyParts(ctx, body, fm.bodyStart, 'copilot', 'user', {}, false);
  return finish(ctx, site, modelId, raw ? valueSpan(fm, raw) : undefined);
}

function parseTemplateFile(ctx: Ctx, dialect: Dialect, api: string, samples: Record<string, unknown> = {}): PromptFileResult {
  // Jinja and plain prompts may carry front matter too (some teams add `model:` to them).
  const { fm, d, site } = begin(ctx, api);
  const modelId = typeof d.model === 'string' ? d.model : fm.recoveredModel?.value;
  if (fm.data) {
    const cap = outputCap(ctx, fm, ['max_tokens', 'maxOutputTokens', 'max_output_tokens']);
    if (cap) site.outputCap = cap;
  }
  const body = ctx.text.slice(fm.bodyStart);
  const hasMarkers = /^[ \t]*(?:#[ \t]*)?(system|user|assistant)[ \t]*:[ \t]*\r?$/im.test(body);
  site.parts = bodyParts(ctx, body, fm.bodyStart, dialect, 'system', samples, hasMarkers);
  return finish(ctx, site, modelId, modelId ? valueSpan(fm, modelId) : undefined);
}

/** Parse a prompt file (a Jinja template with the sample values its flow gives); undefined when the path is not a prompt file. Never throws. */
export function parsePromptFile(path: string, text: string, samples?: Record<string, unknown>): PromptFileResult | undefined {
  const format = formatOf(path);
  if (!format) return undefined;
  const ctx: Ctx = { path, text, findings: [] };
  // Limits: a file we will not read as a prompt still yields a (part-less) call site and the reason.
  if (text.length > MAX_PROMPT_FILE_CHARS || text.includes('\u0000')) {
    const site = baseSite(path, text, format, fileName(path));
    const why = text.includes('\u0000') ? 'it is binary (contains NUL bytes)' : `it is over ${MAX_PROMPT_FILE_CHARS / 1024 / 1024} MB`;
    return { callSite: site, findings: [], errors: [{ path, kind: 'limit', message: `skipped: ${why}` }] };
  }
  try {
    switch (format) {
      case 'prompty':
        return parsePrompty(ctx);
      case 'dotprompt':
        return parseDotprompt(ctx);
      case 'prompt.md':
        return parsePromptMd(ctx);
      case 'jinja':
        return isWebPage(text) ? undefined : parseTemplateFile(ctx, 'jinja', 'jinja', samples);
      case 'text':
        return parseTemplateFile(ctx, /\{\{|\{%/.test(text) ? 'jinja' : 'plain', 'text');
    }
  } catch (e) {
    finding(ctx, `could not read the prompt file: ${e instanceof Error ? e.message : String(e)}`, 0, 'error');
    return { callSite: baseSite(path, text, format, fileName(path)), findings: ctx.findings, errors: [] };
  }
}
