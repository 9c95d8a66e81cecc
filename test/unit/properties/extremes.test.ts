// Inputs at the extremes, once each and explicitly bounded in time (so the suite stays fast): a
// 10 MB line and 5,000 levels of nesting given to every entry point. Each must answer — a result,
// or a documented error — without an internal error, a hang or a blown stack.
import * as assert from 'node:assert/strict';
import { defaultConfig, parseWorkspaceConfig, resolveConfig } from '../../../src/config/load';
import { analyzeFile } from '../../../src/core/analysis/analyzeFile';
import { IncrementalAnalyzer } from '../../../src/core/analysis/incremental';
import { extractCode } from '../../../src/core/extract/code/extract';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { parsePromptFile } from '../../../src/core/extract/promptFiles/index';
import { buildReport } from '../../../src/core/report/report';
import { exportReport } from '../../../src/core/report/export';
import { observedCallsFromLangfuseExport } from '../../../src/core/telemetry/langfuse';
import { observedCalls } from '../../../src/core/telemetry/normalize';
import { decodeOtlpJson } from '../../../src/core/telemetry/otlpJson';
import { decodeOtlpProtobuf, OtlpDecodeError } from '../../../src/core/telemetry/protobuf';
import { normalizeUsage } from '../../../src/core/pricing/usage';
import { assertNoInternalErrors, assertSpansInside, LONG_RUN } from './harness';

const config = defaultConfig();
const MB10 = 10 * 1024 * 1024;
const DEPTH = 5000;

/** Run `f` and fail when it takes longer than `ms` (it must not hang). */
function within<T>(ms: number, what: string, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  const took = performance.now() - t0;
  assert.ok(took < ms, `${what} took ${Math.round(took)} ms (bound ${ms} ms)`);
  return out;
}

function otlpError(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof OtlpDecodeError && e.message.length > 0, `threw ${String(e)}`);
  }
}

function analyzeEverywhere(path: string, text: string, ms: number, incremental = true): void {
  const a = within(ms, `analyzeFile(${path})`, () => analyzeFile(path, text, { config }));
  assertNoInternalErrors(a.errors, path);
  assertSpansInside(a, text, path);
  if (!incremental) return;
  const inc = new IncrementalAnalyzer();
  try {
    within(ms, `IncrementalAnalyzer(${path})`, () => inc.analyze(path, 1, text, config));
    const edited = text.slice(0, text.length >> 1) + 'x' + text.slice(text.length >> 1);
    const b = within(ms, `IncrementalAnalyzer(${path}) after an edit`, () => inc.analyze(path, 2, edited, config));
    assertNoInternalErrors(b.errors, `${path} edited`);
  } finally {
    inc.dispose();
  }
  within(ms, 'buildReport + exports', () => {
    const report = buildReport([a], config);
    for (const f of ['json', 'csv', 'markdown', 'focus'] as const) exportReport(report, f);
  });
}

const CALL_PY = 'from openai import OpenAI\nclient = OpenAI()\n\ndef ask(q):\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])\n';
const CALL_TS = "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function ask(q: string) {\n  return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] });\n}\n";

(LONG_RUN ? describe.skip : describe)('properties at the extremes: a 10 MB line, 5,000 levels of nesting', function () {
  this.timeout(180_000);
  before(() => loadParsers());

  describe('a 10 MB line', () => {
    const long = 'a'.repeat(MB10);
    it('code (Python, TypeScript): in a prompt string, and as the line of the call', () => {
      analyzeEverywhere('big.py', `${CALL_PY}PROMPT = "${long}"\nask(PROMPT)\n`, 60_000, false);
      analyzeEverywhere('big.ts', `${CALL_TS}const PROMPT = '${long}';\n`, 60_000, false);
      analyzeEverywhere('one.py', `client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "${long}"}])`, 60_000, false);
    });
    it('prompt files (over the size limit: skipped with the reason)', () => {
      const r = within(5_000, 'parsePromptFile', () => parsePromptFile('p.prompty', `---\nmodel: gpt-4o\n---\n${long}`))!;
      assert.ok(r.errors.some((e) => e.kind === 'limit'));
    });
    it('settings, OTLP JSON and protobuf, Langfuse CSV, usage', () => {
      const cfg = within(10_000, 'parseWorkspaceConfig', () => parseWorkspaceConfig(`{"telemetry": {"traceUrl": "http://x/{traceId}${long}"}, "x": "${long}"}`));
      within(10_000, 'resolveConfig', () => resolveConfig([cfg.source]));
      const attr = { key: 'gen_ai.request.model', value: { stringValue: long } };
      const req = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0'.repeat(32), spanId: '1'.repeat(16), name: 'chat', startTimeUnixNano: '1', endTimeUnixNano: '2', attributes: [attr, { key: 'gen_ai.usage.input_tokens', value: { intValue: '12' } }] }] }] }] };
      within(20_000, 'decodeOtlpJson + observedCalls', () => observedCalls(decodeOtlpJson(JSON.stringify(req))));
      const bytes = Buffer.concat([Buffer.from([0x0a]), varint(MB10 + 10), Buffer.from([0x12]), varint(MB10 + 5), Buffer.from([0x12]), varint(MB10 + 2), Buffer.from([0x2a]), varint(MB10), Buffer.alloc(MB10, 0x61)]);
      within(20_000, 'decodeOtlpProtobuf', () => otlpError(() => observedCalls(decodeOtlpProtobuf(bytes))));
      within(20_000, 'Langfuse CSV', () => observedCallsFromLangfuseExport(`id,traceId,type,startTime,model\n1,${'0'.repeat(32)},GENERATION,2025-01-01T00:00:00Z,${long}\n`));
      within(5_000, 'normalizeUsage', () => normalizeUsage({ model: long, usage: { prompt_tokens: 1, completion_tokens: 1 } }));
    });
  });

  describe('5,000 levels of nesting', () => {
    it('code: brackets, parentheses, lists, calls and template literals nested 5,000 deep', () => {
      const nest = (open: string, close: string, inner: string) => open.repeat(DEPTH) + inner + close.repeat(DEPTH);
      analyzeEverywhere('deep.py', `${CALL_PY}x = ${nest('[', ']', 'ask("q")')}\ny = ${nest('(', ')', '1')}\nz = ${nest('{"a": ', '}', '1')}\n`, 60_000);
      analyzeEverywhere('deep2.py', `${CALL_PY}prompt = ${nest('f(', ')', 'client.chat.completions.create(model="gpt-4o", messages=[])')}\n`, 60_000);
      analyzeEverywhere('deep.ts', `${CALL_TS}const x = ${nest('[', ']', 'ask("q")')};\nconst y = ${nest('{ a: ', ' }', '1')};\nconst t = ${nest('`${', '}`', '1')};\n`, 60_000);
      analyzeEverywhere('deep.js', `const r = ${nest('client.chat.completions.create({ model: "gpt-4o", messages: [', '] })', '1')};\n`, 60_000);
      // Unbalanced: opened 5,000 times, never closed.
      analyzeEverywhere('open.py', `${CALL_PY}x = ${'['.repeat(DEPTH)}\n`, 60_000);
      analyzeEverywhere('open.tsx', `${CALL_TS}const x = ${'<div>'.repeat(DEPTH)}\n`, 60_000);
      const code = extractCode('deep3.py', `${CALL_PY}${'if x:\n'.split('').length ? Array.from({ length: 500 }, (_, i) => ' '.repeat(i) + 'if x:\n').join('') + ' '.repeat(500) + 'ask(1)\n' : ''}`);
      assertNoInternalErrors(code.errors, 'deep3.py');
    });
    it('prompt files: YAML front matter and templates nested 5,000 deep', () => {
      for (const [path, text] of [
        ['deep.prompty', `---\nmodel: gpt-4o\nx: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n---\nHi {{q}}\n`],
        ['deep2.prompty', `---\nmodel: gpt-4o\nx: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n---\nHi\n`],
        ['deep.prompt', `---\nmodel: gpt-4o\n---\n${'{{#if x}}'.repeat(DEPTH)}a${'{{/if}}'.repeat(DEPTH)}\n`],
        ['deep.j2', `${'{% if x %}'.repeat(DEPTH)}{{ y }}${'{% endif %}'.repeat(DEPTH)}`],
        ['prompts/deep.txt', '{'.repeat(DEPTH * 2)],
      ]) {
        const r = within(20_000, `parsePromptFile(${path})`, () => parsePromptFile(path, text))!;
        assertSpansInside(r, text, path);
        analyzeEverywhere(path, text, 30_000);
      }
    });
    it('settings, OTLP JSON and protobuf, Langfuse, usage: nested 5,000 deep', () => {
      const deepJson = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
      const cfg = within(5_000, 'parseWorkspaceConfig', () => parseWorkspaceConfig(`{"rules": ${'{"a": '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}, "traffic": ${deepJson}}`));
      assert.ok(resolveConfig([cfg.source]).errors.length > 0);
      // Written out as text: JSON.stringify itself cannot walk 5,000 levels.
      const deepValue = '{"arrayValue": {"values": ['.repeat(DEPTH) + '{"stringValue": "x"}' + ']}}'.repeat(DEPTH);
      const text = `{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "${'0'.repeat(32)}", "spanId": "${'1'.repeat(16)}", "name": "chat", "attributes": [{"key": "a", "value": ${deepValue}}]}]}]}]}`;
      within(5_000, 'decodeOtlpJson', () => otlpError(() => decodeOtlpJson(text)));
      within(5_000, 'observedCalls of an undecoded deep request', () => observedCalls(JSON.parse(text)));
      let pb: Buffer = Buffer.from([0x0a, 0x01, 0x78]);
      for (let i = 0; i < DEPTH; i++) pb = Buffer.concat([Buffer.from([0x2a]), varint(pb.length + 1 + varint(pb.length).length), Buffer.from([0x0a]), varint(pb.length), pb]);
      within(5_000, 'decodeOtlpProtobuf', () => otlpError(() => decodeOtlpProtobuf(Buffer.concat([Buffer.from([0x0a]), varint(pb.length + 6), Buffer.from([0x12]), varint(pb.length + 4), Buffer.from([0x12]), varint(pb.length + 2), Buffer.from([0x4a]), varint(pb.length), pb]))));
      within(5_000, 'Langfuse JSON', () => observedCallsFromLangfuseExport(`[{"id": "1", "type": "GENERATION", "startTime": "2025-01-01T00:00:00Z", "model": "gpt-4o", "metadata": ${'{"a": '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}]`));
      within(5_000, 'normalizeUsage', () => normalizeUsage(JSON.parse(`${'{"usage": '.repeat(DEPTH)}{}${'}'.repeat(DEPTH)}`)));
    });
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}
