// Properties of the report builder and its exports on the analyses of generated workspaces (code
// and prompt files, intact and broken) with generated settings: never an exception, totals that
// are finite and add up, JSON that reads back as the report, CSV and FOCUS rows as wide as their
// header with no cell a spreadsheet would run as a formula, the same output twice.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeFile } from '../../../src/core/analysis/analyzeFile';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { buildReport, Report } from '../../../src/core/report/report';
import { CSV_COLUMNS, exportReport, FOCUS_COLUMNS, toCsv, toFocusCsv, toMarkdown } from '../../../src/core/report/export';
import { toSarif } from '../../../src/core/report/sarif';
import { renderTable } from '../../../src/core/report/table';
import { buildReportView } from '../../../src/core/report/view';
import { parseCsv } from '../../../src/core/telemetry/langfuse';
import { config as configArb } from './configs';
import { anyFile } from './grammars';
import { assertRange, mutated, params, timeoutOf } from './harness';

const NOW = new Date(Date.UTC(2026, 7, 8, 12));

function checkCsv(text: string, columns: readonly string[], what: string): void {
  const rows = parseCsv(text).filter((r) => !(r.length === 1 && r[0] === ''));
  assert.deepEqual(rows[0], [...columns], `${what}: the header`);
  for (const [i, r] of rows.entries()) {
    assert.equal(r.length, columns.length, `${what}: row ${i} has ${r.length} cells, not ${columns.length}`);
    for (const cell of r) assert.doesNotMatch(cell, /^[=+@\t\r]|^-(?!\d)/, `${what}: row ${i} has a cell a spreadsheet runs as a formula: ${JSON.stringify(cell)}`);
  }
}

function build(files: ReturnType<typeof analyzeFile>[], config: Parameters<typeof buildReport>[1]): Report {
  return { ...buildReport(files, config, [], '0.0.0-test'), generatedAt: NOW.toISOString() };
}

describe('properties: report and exports', function () {
  this.timeout(timeoutOf(60_000));
  before(() => loadParsers());

  it('buildReport and every export: never throw, finite totals that add up, well-formed CSV/FOCUS/JSON/SARIF, deterministic', () => {
    const workspace = fc.uniqueArray(anyFile.chain((f) => mutated(fc.constant(f.text)).map((m) => ({ path: f.path, text: m.text }))), { minLength: 1, maxLength: 4, selector: (f) => f.path });
    fc.assert(
      fc.property(workspace, configArb, (files, config) => {
        const analyses = files.map((f) => analyzeFile(f.path, f.text, { config }));
        const report = build(analyses, config);
        assert.equal(report.callSites.length, analyses.reduce((n, a) => n + a.callSites.length, 0));
        assert.equal(report.totals.callSites, report.callSites.length);
        assertRange(report.totals.usdPerMonth, 'totals.usdPerMonth');
        let sum = 0;
        for (const c of report.callSites) {
          if (c.usd) for (const k of ['perCall', 'perCallNoCache', 'perTask', 'perMonth'] as const) assertRange(c.usd[k], `${c.key}.usd.${k}`);
          for (const [k, v] of Object.entries(c.tokens)) if (typeof v === 'number') assert.ok(Number.isFinite(v) && v >= 0, `${c.key}.tokens.${k} = ${v}`);
          sum += c.usd?.perMonth.expected ?? 0;
        }
        assert.ok(Math.abs(sum - report.totals.usdPerMonth.expected) <= 1e-6 * Math.max(1, sum), `totals ${report.totals.usdPerMonth.expected} ≠ Σ call sites ${sum}`);
        for (const t of report.tasks) {
          assertRange(t.usd?.perTask, `${t.key}.perTask`);
          assertRange(t.usd?.perMonth, `${t.key}.perMonth`);
        }

        const json = exportReport(report, 'json');
        assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(report)), 'the JSON export is the report');
        checkCsv(toCsv(report), CSV_COLUMNS, 'csv');
        checkCsv(toFocusCsv(report, { now: NOW }), FOCUS_COLUMNS, 'focus');
        const md = toMarkdown(report);
        assert.ok(md.length > 0 && !/\bNaN\b|\bundefined\b|Infinity/.test(md), `markdown: ${md.slice(0, 300)}`);
        const sarif = JSON.parse(JSON.stringify(toSarif(report))) as { version: string; runs: { results: unknown[] }[] };
        assert.equal(sarif.version, '2.1.0');
        assert.equal(sarif.runs[0].results.length, report.findings.length);
        const table = renderTable(report);
        assert.ok(!/\bNaN\b|Infinity/.test(table), 'table');
        buildReportView(report);

        // Deterministic: the same analyses give the same report and exports.
        const again = build(files.map((f) => analyzeFile(f.path, f.text, { config })), config);
        assert.deepEqual(again, report);
        for (const format of ['json', 'csv', 'markdown', 'focus'] as const) assert.equal(exportReport(again, format, { now: NOW }), exportReport(report, format, { now: NOW }), format);
      }),
      params(60),
    );
  });
});
