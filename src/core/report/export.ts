// Export formats for the cost report: the CLI's `scan --format`, and the editor's "Export Report".
// Every function here is pure (a report in, text out): the caller writes the file.
import type { Report } from './report';
import { writeCsv, type CsvCell } from './csv';
import { taskByCallSite, toFocusCsv, type FocusOptions } from './focus';
import { toMarkdown, type MarkdownOptions } from './markdown';

export { toFocusCsv, FOCUS_COLUMNS, FOCUS_MANDATORY_COLUMNS, FOCUS_SPEC_URL, FOCUS_VERSION, type FocusOptions } from './focus';
export { toMarkdown, markdownSummary, type MarkdownOptions } from './markdown';
export { neutraliseFormula } from './csv';

export const EXPORT_FORMATS = ['json', 'csv', 'markdown', 'focus'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(format: string): format is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}

/** The file extension each format is saved with. */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { json: 'json', csv: 'csv', markdown: 'md', focus: 'csv' };

export const CSV_COLUMNS = [
  'path',
  'line',
  'key',
  'name',
  'kind',
  'provider',
  'api',
  'model',
  'priced_model',
  'input_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'output_tokens',
  'exact_tokens',
  'calls_per_task',
  'history_grows',
  'usd_per_call',
  'usd_per_call_low',
  'usd_per_call_high',
  'usd_per_task',
  'usd_per_task_low',
  'usd_per_task_high',
  'usd_per_month',
  'usd_per_month_low',
  'usd_per_month_high',
  'tasks_per_day',
  // What telemetry saw (empty without): added at the end, so the columns before keep their places.
  'observed_calls',
  'observed_calls_per_day',
  'observed_input_tokens_mean',
  'observed_cached_input_tokens_mean',
  'observed_output_tokens_mean',
  'observed_usd_per_call_mean',
  'observed_usd_per_month',
] as const;

/**
 * One row per call site (RFC 4180, CRLF). Tokens are per call; dollars per call, per task and per
 * month, expected then low and high, empty when the model has no price; `model` is empty when it
 * could not be resolved. The `observed_` columns are what telemetry saw, empty where it saw nothing.
 */
export function toCsv(report: Report): string {
  const tasks = taskByCallSite(report);
  const rows: CsvCell[][] = report.callSites.map((c) => {
    const usd = c.usd;
    const leh = (v: { low: number; expected: number; high: number } | undefined): CsvCell[] => (v ? [v.expected, v.low, v.high] : [null, null, null]);
    return [
      c.path,
      c.line,
      c.key,
      c.name ?? null,
      c.kind,
      c.provider,
      c.api,
      c.model,
      c.pricedModel,
      c.tokens.input,
      c.tokens.cachedInput,
      c.tokens.cacheWrite,
      c.tokens.output,
      c.exactTokens,
      c.multiplier.expected,
      c.historyGrows,
      ...leh(usd?.perCall),
      ...leh(usd?.perTask),
      ...leh(usd?.perMonth),
      tasks.get(c.key)?.tasksPerDay ?? report.traffic.tasksPerDay,
      ...observedCells(c),
    ];
  });
  return writeCsv(CSV_COLUMNS, rows);
}

function observedCells(c: Report['callSites'][number]): CsvCell[] {
  const o = c.observed;
  if (!o) return [null, null, null, null, null, null, null];
  return [o.calls, o.callsPerDay, o.inputTokens.mean, o.cachedInputTokens.mean, o.outputTokens.mean, o.usdPerCall?.mean ?? null, o.usdPerMonth];
}

export type ExportOptions = FocusOptions & MarkdownOptions;

/** The report in one of the export formats. `json` is the versioned report exactly as `scan --format json` prints it. */
export function exportReport(report: Report, format: ExportFormat, options: ExportOptions = {}): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'csv':
      return toCsv(report);
    case 'markdown':
      return toMarkdown(report, options);
    case 'focus':
      return toFocusCsv(report, options);
  }
}
