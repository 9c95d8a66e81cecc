// The cost report page (bundled to dist/webview.js, runs inside the webview). It only lays out the
// ReportView the extension computed (src/core/report/view.ts): no framework, no external resources,
// no inline script or style (the page's CSP forbids them), every text set with textContent.
import { formatTokens, formatUsd } from '../core/report/format';
import type { ChartBar, CostRow, FindingRow, ReportView, RuleSavings } from '../core/report/view';
import type { DiffReport } from '../core/diff/diff';
import type { ExportFormat, PageState, ToExtension, ToPage } from '../vscode/webview/protocol';

interface VsCodeApi {
  postMessage(message: ToExtension): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

// A restored state from an older build has an older view: ignore it (the extension sends a new one).
// Typed from the view, so bumping REPORT_VIEW_VERSION without updating this fails the typecheck.
const VIEW_VERSION: ReportView['version'] = 1;

type Tab = NonNullable<PageState['tab']>;
type SortState = { column: string; descending: boolean };

const vscode = acquireVsCodeApi();
const restored = vscode.getState();
const state: PageState = { ...restored, ...(restored?.view?.version === VIEW_VERSION ? {} : { view: undefined }) };
let busy: Extract<ToPage, { type: 'busy' }> | undefined;
let error: string | undefined;

const app = document.getElementById('app') as HTMLElement;

// ---- Building elements ---------------------------------------------------------------------

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function svg(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag) as SVGElement;
  setAttrs(el, attrs);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function post(message: ToExtension): void {
  vscode.postMessage(message);
}

function save(): void {
  vscode.setState(state);
}

// ---- Formatting ------------------------------------------------------------------------------

function percent(share: number | null): string {
  if (share === null) return '—';
  if (share > 0 && share < 0.01) return '<1%';
  return `${Math.round(share * 100)}%`;
}

const range = (low: number, high: number): string => `${formatUsd(low)}–${formatUsd(high)}`;
const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

function tokens(n: number, estimated: boolean): string {
  return `${estimated ? '≈' : ''}${formatTokens(n)}`;
}

// ---- Tables ----------------------------------------------------------------------------------

interface Column<T> {
  id: string;
  label: string;
  /** Longer name for screen readers and the tooltip. */
  title?: string;
  numeric?: boolean;
  /** Keep the cell on one line (a location). */
  nowrap?: boolean;
  /** Sort key; null sorts last either way. */
  value(row: T): number | string | null;
  cell(row: T): Child | Child[];
}

const TABS: { id: Tab; label: string; noun: string; rows(v: ReportView): CostRow[] }[] = [
  { id: 'tasks', label: 'Tasks', noun: 'task', rows: (v) => v.tasks },
  { id: 'callSites', label: 'Call sites', noun: 'call site', rows: (v) => v.callSites },
  { id: 'models', label: 'Models', noun: 'model', rows: (v) => v.models },
  { id: 'files', label: 'Files', noun: 'file', rows: (v) => v.files },
];

function usdCell(value: number | null, unpriced: number): Child[] {
  if (value === null) return [h('span', { class: 'muted' }, 'no price')];
  return [formatUsd(value), unpriced ? h('span', { class: 'sub warn' }, `+${plural(unpriced, 'unpriced')}`) : null];
}

function nameCell(row: CostRow): Child[] {
  const open = row.location
    ? h('button', { class: 'link', type: 'button', 'data-action': 'open', title: `Open ${row.location.path}:${row.location.line}`, 'aria-label': `${row.label}: open ${row.location.path} line ${row.location.line}` }, row.label)
    : row.kind === 'model'
      ? h('button', { class: 'link', type: 'button', 'data-action': 'drill', title: `Show the call sites of ${row.label}`, 'aria-label': `${row.label}: show its call sites` }, row.label)
      : h('span', { class: 'name' }, row.label);
  const notes = row.notes.length ? h('span', { class: 'notes' }, ...row.notes.map((n) => h('span', { class: 'chip' }, n))) : null;
  return [open, h('span', { class: 'sub' }, row.detail), notes];
}

function costColumns(kind: Tab, observed = false): Column<CostRow>[] {
  const name: Column<CostRow> = { id: 'label', label: { tasks: 'Task', callSites: 'Call site', models: 'Model', files: 'File' }[kind], value: (r) => r.label.toLowerCase(), cell: nameCell };
  const model: Column<CostRow> = { id: 'model', label: 'Model', value: (r) => (r.model ?? 'unresolved').toLowerCase(), cell: (r) => (r.model === null ? h('span', { class: 'muted' }, 'unresolved') : r.model) };
  const sites: Column<CostRow> = { id: 'callSites', label: 'Sites', title: 'Call sites', numeric: true, value: (r) => r.callSites, cell: (r) => count(r.callSites) };
  const calls: Column<CostRow> = { id: 'callsPerTask', label: 'Calls/task', title: 'Calls per task (expected)', numeric: true, value: (r) => r.callsPerTask, cell: (r) => count(Math.round(r.callsPerTask * 10) / 10) };
  const money: Column<CostRow>[] = [
    { id: 'usdPerCall', label: '$/call', title: 'Expected USD per call', numeric: true, value: (r) => r.usdPerCall, cell: (r) => usdCell(r.usdPerCall, 0) },
    { id: 'usdPerTask', label: '$/task', title: 'Expected USD per task', numeric: true, value: (r) => r.usdPerTask, cell: (r) => usdCell(r.usdPerTask, 0) },
    {
      id: 'usdPerMonth',
      label: '$/month',
      title: 'Expected USD per month at the stated traffic (low–high below)',
      numeric: true,
      value: (r) => r.usdPerMonth,
      cell: (r) => [...usdCell(r.usdPerMonth, r.unpricedCallSites), r.usdPerMonthRange ? h('span', { class: 'sub' }, range(r.usdPerMonthRange.low, r.usdPerMonthRange.high)) : null],
    },
    { id: 'inputTokens', label: 'In', title: 'Input tokens per call (≈: estimated)', numeric: true, value: (r) => r.inputTokens, cell: (r) => tokens(r.inputTokens, r.estimatedTokens) },
    { id: 'outputTokens', label: 'Out', title: 'Output tokens per call (≈: estimated)', numeric: true, value: (r) => r.outputTokens, cell: (r) => tokens(r.outputTokens, r.estimatedTokens) },
    { id: 'share', label: 'Share', title: 'Share of the expected total per month', numeric: true, value: (r) => r.share, cell: (r) => shareCell(r.share) },
  ];
  // With telemetry, what was observed a month beside the estimate.
  if (observed) {
    money.splice(3, 0, {
      id: 'observedUsdPerMonth',
      label: 'Observed',
      title: 'USD per month at the rate telemetry observed (mean $ per call × calls per day)',
      numeric: true,
      value: (r) => r.observedUsdPerMonth,
      cell: (r) => (r.observedUsdPerMonth === null ? [h('span', { class: 'muted' }, 'not seen')] : [formatUsd(r.observedUsdPerMonth)]),
    });
  }
  switch (kind) {
    case 'tasks':
      return [name, calls, ...money];
    case 'callSites':
      return [name, model, calls, ...money];
    case 'models':
    case 'files':
      return [name, sites, ...money];
  }
}

function shareCell(share: number | null): Child[] {
  if (share === null) return [h('span', { class: 'muted' }, '—')];
  const width = 48;
  const bar = svg('svg', { class: 'share', width, height: 6, 'aria-hidden': 'true', focusable: 'false' }, svg('rect', { class: 'share-track', x: 0, y: 0, width, height: 6, rx: 1 }), svg('rect', { class: 'share-fill', x: 0, y: 0, width: Math.max(share > 0 ? 1 : 0, Math.round(share * width)), height: 6, rx: 1 }));
  return [h('span', { class: 'share-cell' }, bar, h('span', {}, percent(share)))];
}

function compare(a: number | string | null, b: number | string | null, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return descending ? -c : c;
}

function sorted<T>(rows: T[], columns: Column<T>[], sort: SortState): T[] {
  const col = columns.find((c) => c.id === sort.column) ?? columns[0];
  // Stable: equal keys keep the view's order ($/month descending).
  return rows.map((r, i) => ({ r, i })).sort((x, y) => compare(col.value(x.r), col.value(y.r), sort.descending) || x.i - y.i).map((x) => x.r);
}

function table<T>(opts: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowId(row: T): string;
  sort?: SortState;
  onSort?(column: Column<T>): void;
  onRow?(row: T, action: string | undefined): void;
  rowClickable?(row: T): boolean;
}): HTMLTableElement {
  const head = h(
    'tr',
    {},
    ...opts.columns.map((c) => {
      const active = opts.sort?.column === c.id;
      const ariaSort = active ? (opts.sort!.descending ? 'descending' : 'ascending') : opts.onSort ? 'none' : undefined;
      const label = opts.onSort
        ? h('button', { type: 'button', class: 'sort', 'data-column': c.id, title: c.title ? `${c.title}: sort` : `Sort by ${c.label}`, onclick: () => opts.onSort!(c) }, c.label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, active ? (opts.sort!.descending ? '▼' : '▲') : ''))
        : h('span', { title: c.title }, c.label);
      return h('th', { scope: 'col', class: c.numeric ? 'num' : undefined, 'aria-sort': ariaSort, 'data-column': c.id }, label);
    }),
  );
  const body = h(
    'tbody',
    {},
    ...opts.rows.map((row) => {
      const clickable = opts.rowClickable?.(row) ?? !!opts.onRow;
      const tr = h('tr', { 'data-id': opts.rowId(row), class: clickable ? 'clickable' : undefined });
      opts.columns.forEach((c, i) => {
        const content = c.cell(row);
        const cell = i === 0 ? h('th', { scope: 'row' }) : h('td', { class: c.numeric ? 'num' : c.nowrap ? 'nowrap' : undefined });
        for (const x of Array.isArray(content) ? content : [content]) if (x !== null && x !== undefined && x !== false) cell.append(x);
        tr.append(cell);
      });
      if (clickable && opts.onRow) {
        tr.addEventListener('click', (e) => {
          // A click on the row's own button or anywhere else on the row: one action.
          const target = (e.target as Element).closest('[data-action]');
          if ((e.target as Element).closest('a, input')) return;
          opts.onRow!(row, target?.getAttribute('data-action') ?? undefined);
        });
      }
      return tr;
    }),
  );
  return h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, opts.caption), h('thead', {}, head), body);
}

// ---- Chart -----------------------------------------------------------------------------------

let measureCtx: CanvasRenderingContext2D | null | undefined;
function textWidth(text: string, font: string): number {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return text.length * 7;
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

function fit(text: string, width: number, font: string): string {
  if (textWidth(text, font) <= width) return text;
  let s = text;
  while (s.length > 1 && textWidth(`${s}…`, font) > width) s = s.slice(0, -1);
  return `${s}…`;
}

/** A horizontal bar chart of $/month, largest first, drawn to the width it has. */
function barChart(title: string, bars: ChartBar[], width: number, font: string, onBar: (bar: ChartBar) => void): SVGElement {
  const barHeight = 18;
  const gap = 8;
  const labelMax = Math.min(200, Math.max(90, width * 0.35));
  const labelWidth = Math.min(labelMax, Math.max(...bars.map((b) => textWidth(b.label, font)), 40) + 4);
  const valueText = (b: ChartBar) => `${formatUsd(b.usdPerMonth)} · ${percent(b.share)}`;
  const valueWidth = Math.max(...bars.map((b) => textWidth(valueText(b), font)), 40) + 8;
  const x0 = labelWidth + 8;
  const plot = Math.max(20, width - x0 - valueWidth);
  const max = Math.max(...bars.map((b) => b.usdPerMonth), 0);
  const height = bars.length * (barHeight + gap);
  const summary = `${title}: ${bars.map((b) => `${b.label} ${formatUsd(b.usdPerMonth)}`).join(', ')}`;
  return svg(
    'svg',
    { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': summary },
    ...bars.map((b, i) => {
      const y = i * (barHeight + gap);
      const w = max > 0 ? Math.max(b.usdPerMonth > 0 ? 2 : 0, (b.usdPerMonth / max) * plot) : 0;
      const clickable = b.id !== 'other';
      return svg(
        'g',
        {
          class: clickable ? 'bar-group clickable' : 'bar-group',
          'data-id': b.id,
          tabindex: clickable ? 0 : undefined,
          role: clickable ? 'button' : 'img',
          'aria-label': `${b.label}: ${formatUsd(b.usdPerMonth)} a month, ${percent(b.share)} of the total${clickable ? '; show in the table' : ''}`,
          onclick: clickable ? () => onBar(b) : undefined,
          onkeydown: clickable
            ? (e: Event) => {
                const k = (e as KeyboardEvent).key;
                if (k === 'Enter' || k === ' ') {
                  e.preventDefault();
                  onBar(b);
                }
              }
            : undefined,
        },
        svg('title', {}, `${b.label}: ${formatUsd(b.usdPerMonth)}/month (${percent(b.share)})`),
        svg('text', { class: 'bar-label', x: labelWidth, y: y + barHeight / 2, 'text-anchor': 'end', 'dominant-baseline': 'central' }, fit(b.label, labelWidth, font)),
        svg('rect', { class: 'bar', x: x0, y, width: w.toFixed(1), height: barHeight, rx: 2 }),
        svg('text', { class: 'bar-value', x: (x0 + w + 6).toFixed(1), y: y + barHeight / 2, 'dominant-baseline': 'central' }, valueText(b)),
      );
    }),
  );
}

function drawCharts(): void {
  const view = state.view;
  if (!view) return;
  for (const fig of document.querySelectorAll<HTMLElement>('figure[data-chart]')) {
    const which = fig.dataset.chart as 'byModel' | 'byTask';
    const holder = fig.querySelector<HTMLElement>('.chart-holder')!;
    const bars = view.charts[which];
    const font = `${getComputedStyle(holder).fontSize} ${getComputedStyle(holder).fontFamily}`;
    const width = Math.max(240, Math.floor(holder.clientWidth));
    holder.replaceChildren(
      bars.length
        ? barChart(which === 'byModel' ? '$/month by model' : '$/month by task', bars, width, font, (b) => focusRow(b.id))
        : h('p', { class: 'muted' }, 'Nothing priced yet.'),
    );
  }
}

let chartWidth = 0;
const resizeObserver = new ResizeObserver(() => {
  const w = document.querySelector<HTMLElement>('.chart-holder')?.clientWidth ?? 0;
  if (w && Math.abs(w - chartWidth) > 1) {
    chartWidth = w;
    drawCharts();
  }
});

// ---- The page --------------------------------------------------------------------------------

function headline(view: ReportView): HTMLElement {
  const hl = view.headline;
  const card = (label: string, value: string, ...sub: Child[]) =>
    h('div', { class: 'card', role: 'group', 'aria-label': label }, h('div', { class: 'card-label' }, label), h('div', { class: 'card-value' }, value), ...sub.map((s) => (s ? h('div', { class: 'card-sub' }, s) : null)));
  const month = hl.usdPerMonth;
  const topSaving = view.savings.find((s) => s.usdPerMonthAtStake !== null);
  return h(
    'section',
    { class: 'headline', 'aria-label': 'Totals' },
    card(
      'Per month',
      formatUsd(month.expected),
      `${range(month.low, month.high)} low–high`,
      h('span', {}, `at ${hl.traffic.text} `, h('button', { type: 'button', class: 'link', 'data-action': 'traffic', onclick: () => post({ type: 'setTraffic' }) }, 'change')),
      hl.budgetPerMonth !== null ? h('span', { class: hl.overBudget ? 'error-text' : undefined }, `${hl.overBudget ? 'Over' : 'Within'} the budget of ${formatUsd(hl.budgetPerMonth)}`) : null,
    ),
    card('Per task', hl.usdPerTask ? formatUsd(hl.usdPerTask.expected) : '—', hl.usdPerTask ? `${range(hl.usdPerTask.low, hl.usdPerTask.high)} low–high` : null, hl.pricedTasks === hl.tasks ? `mean of ${plural(hl.tasks, 'task')}, weighted by traffic` : `mean of ${count(hl.pricedTasks)} priced of ${plural(hl.tasks, 'task')}, weighted by traffic`),
    card('Call sites', count(hl.callSites), `in ${plural(hl.files, 'file')}`),
    card('Unpriced', count(hl.unpricedCallSites), hl.unpricedCallSites ? h('span', { class: 'warn' }, 'call sites with no known price, left out of the dollars') : 'every call site is priced'),
    card('Findings', count(hl.findings), topSaving ? `largest: ${topSaving.ruleId}, ${formatUsd(topSaving.usdPerMonthAtStake!)}/month at stake` : hl.findings ? null : 'nothing to fix'),
    view.observed
      ? card(
          'Observed',
          `${formatUsd(view.observed.usdPerMonth)}/mo`,
          `for ${plural(view.observed.callSites, 'call site')} telemetry saw (${count(view.observed.calls)} calls${view.observed.unmatchedCalls ? `, ${count(view.observed.unmatchedCalls)} unmatched` : ''})`,
          h('span', { class: Math.abs(view.observed.gapUsdPerMonth) > 0.25 * Math.max(view.observed.estimatedUsdPerMonth, 1e-9) ? 'warn' : undefined }, `estimated ${formatUsd(view.observed.estimatedUsdPerMonth)}: ${view.observed.gapUsdPerMonth >= 0 ? '+' : '−'}${formatUsd(Math.abs(view.observed.gapUsdPerMonth))} a month`),
        )
      : null,
  );
}

function savingsSection(view: ReportView): HTMLElement | null {
  if (!view.savings.length) return null;
  const columns: Column<RuleSavings>[] = [
    {
      id: 'rule',
      label: 'Rule',
      value: (r) => r.ruleId,
      cell: (r) => [
        h('button', { type: 'button', class: 'link', 'data-action': 'docs', title: `Open ${r.docsPath}`, 'aria-label': `${r.ruleId}: open its documentation` }, r.ruleId),
        r.description ? h('span', { class: 'sub' }, r.description) : null,
      ],
    },
    { id: 'severity', label: 'Severity', value: (r) => r.severity, cell: (r) => h('span', { class: `severity ${r.severity}` }, r.severity) },
    { id: 'findings', label: 'Findings', numeric: true, value: (r) => r.findings, cell: (r) => count(r.findings) },
    { id: 'fixable', label: 'Fixable', title: 'Findings with a quick fix', numeric: true, value: (r) => r.fixable, cell: (r) => count(r.fixable) },
    {
      id: 'usd',
      label: '$/month at stake',
      numeric: true,
      value: (r) => r.usdPerMonthAtStake,
      cell: (r) => [r.usdPerMonthAtStake === null ? h('span', { class: 'muted' }, 'not stated') : formatUsd(r.usdPerMonthAtStake), r.unquantified && r.usdPerMonthAtStake !== null ? h('span', { class: 'sub' }, `+${r.unquantified} not stated`) : null],
    },
  ];
  return h(
    'section',
    { class: 'savings', 'aria-labelledby': 'savings-title' },
    h('h2', { id: 'savings-title' }, 'Savings available'),
    h('p', { class: 'muted hint' }, 'What the findings of each rule put at stake a month at the stated traffic. Rules can overlap on one call site.'),
    table({
      caption: 'Savings available by rule',
      columns,
      rows: view.savings,
      rowId: (r) => `rule:${r.ruleId}`,
      onRow: (r) => post({ type: 'openRuleDocs', ruleId: r.ruleId }),
    }),
  );
}

function findingsSection(view: ReportView): HTMLElement | null {
  if (!view.findings.length) return null;
  const columns: Column<FindingRow>[] = [
    { id: 'severity', label: 'Severity', value: (f) => f.severity, cell: (f) => h('span', { class: `severity ${f.severity}` }, f.severity) },
    {
      id: 'message',
      label: 'Finding',
      value: (f) => f.message,
      cell: (f) => [h('span', { class: 'message' }, f.message), h('span', { class: 'sub' }, `${f.ruleId}${f.fixes ? ` · ${plural(f.fixes, 'fix', 'fixes')}${f.safeFixes ? ` (${f.safeFixes} safe)` : ''}` : ''}`)],
    },
    {
      id: 'location',
      label: 'Location',
      nowrap: true,
      value: (f) => `${f.path}:${f.line}`,
      cell: (f) => h('button', { type: 'button', class: 'link', 'data-action': 'open', 'aria-label': `Open ${f.path} line ${f.line}` }, `${f.path}:${f.line}`),
    },
    { id: 'usd', label: '$/month at stake', numeric: true, value: (f) => f.usdPerMonthAtStake, cell: (f) => (f.usdPerMonthAtStake === null ? h('span', { class: 'muted' }, '—') : formatUsd(f.usdPerMonthAtStake)) },
  ];
  return h(
    'section',
    { class: 'findings', 'aria-labelledby': 'findings-title' },
    h('h2', { id: 'findings-title' }, `Findings (${count(view.findings.length)})`),
    table({ caption: 'Findings, costliest first', columns, rows: view.findings, rowId: (f) => f.id, onRow: (f) => post({ type: 'open', path: f.path, line: f.line }) }),
  );
}

function errorsSection(view: ReportView): HTMLElement | null {
  if (!view.errors.length) return null;
  return h(
    'section',
    { class: 'errors', 'aria-labelledby': 'errors-title' },
    h('h2', { id: 'errors-title' }, `Not analysed (${count(view.errors.length)})`),
    h(
      'ul',
      { class: 'error-list' },
      ...view.errors.map((e) =>
        h(
          'li',
          {},
          h('span', { class: 'chip' }, e.kind),
          ' ',
          h('button', { type: 'button', class: 'link', onclick: () => post({ type: 'open', path: e.path, line: e.line ?? 1 }) }, e.line ? `${e.path}:${e.line}` : e.path),
          ` ${e.message}`,
        ),
      ),
    ),
  );
}

function matches(row: CostRow, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = [row.label, row.detail, row.model ?? 'unresolved', row.location?.path ?? '', ...row.notes].join(' ').toLowerCase();
  return words.every((w) => {
    // `model:<id>`: exactly that model (what a model row's drill-down sets).
    if (w.startsWith('model:')) return (row.model ?? 'unresolved').toLowerCase() === w.slice(6);
    return hay.includes(w);
  });
}

function currentTab(): Tab {
  return TABS.some((t) => t.id === state.tab) ? state.tab! : 'tasks';
}

function sortOf(tab: Tab): SortState {
  return state.sort?.[tab] ?? { column: 'usdPerMonth', descending: true };
}

function breakdownSection(): HTMLElement {
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Breakdown' });
  const filter = h('input', {
    type: 'search',
    id: 'filter',
    class: 'filter',
    placeholder: 'Filter by name, path, model…',
    'aria-label': 'Filter the rows of the table',
    'aria-controls': 'breakdown-panel',
    value: state.filter ?? '',
    oninput: (e: Event) => {
      state.filter = (e.target as HTMLInputElement).value;
      save();
      renderBreakdown();
    },
  });
  const shown = h('span', { id: 'shown', class: 'muted', 'aria-live': 'polite' });
  const panel = h('div', { id: 'breakdown-panel', role: 'tabpanel', tabindex: -1 });
  tablist.addEventListener('keydown', (e) => {
    const i = TABS.findIndex((t) => t.id === currentTab());
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    selectTab(TABS[(next + TABS.length) % TABS.length].id);
    document.querySelector<HTMLElement>(`[role=tab][data-tab="${currentTab()}"]`)?.focus();
  });
  return h(
    'section',
    { class: 'breakdown', 'aria-labelledby': 'breakdown-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'breakdown-title' }, 'Breakdown'), h('div', { class: 'filter-box' }, filter, shown)),
    tablist,
    panel,
  );
}

function selectTab(tab: Tab): void {
  state.tab = tab;
  save();
  renderBreakdown();
}

function renderBreakdown(): void {
  const view = state.view;
  const panel = document.getElementById('breakdown-panel');
  const tablist = document.querySelector('.tabs');
  if (!view || !panel || !tablist) return;
  const tab = currentTab();
  tablist.replaceChildren(
    ...TABS.map((t) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${t.id}`,
          'data-tab': t.id,
          'aria-selected': t.id === tab ? 'true' : 'false',
          'aria-controls': 'breakdown-panel',
          tabindex: t.id === tab ? 0 : -1,
          onclick: () => selectTab(t.id),
        },
        t.label,
        h('span', { class: 'badge' }, count(t.rows(view).length)),
      ),
    ),
  );
  panel.setAttribute('aria-labelledby', `tab-${tab}`);
  const def = TABS.find((t) => t.id === tab)!;
  const columns = costColumns(tab, !!view.observed);
  const sort = sortOf(tab);
  const all = def.rows(view);
  const rows = sorted(all, columns, sort);
  const filter = state.filter ?? '';
  const t = table({
    caption: `${def.label} by ${columns.find((c) => c.id === sort.column)?.label ?? '$/month'}`,
    columns,
    rows,
    rowId: (r) => r.id,
    sort,
    onSort: (c) => {
      const was = sortOf(tab);
      state.sort = { ...state.sort, [tab]: { column: c.id, descending: was.column === c.id ? !was.descending : !!c.numeric } };
      save();
      renderBreakdown();
      document.querySelector<HTMLElement>(`#breakdown-panel th[data-column="${c.id}"] button`)?.focus();
    },
    rowClickable: (r) => r.location !== null || r.kind === 'model',
    onRow: (r) => {
      if (r.location) post({ type: 'open', path: r.location.path, line: r.location.line });
      else if (r.kind === 'model') {
        state.tab = 'callSites';
        state.filter = `model:${r.model ?? 'unresolved'}`;
        (document.getElementById('filter') as HTMLInputElement).value = state.filter;
        save();
        renderBreakdown();
      }
    },
  });
  let visible = 0;
  for (const tr of t.tBodies[0].rows) {
    const row = all.find((r) => r.id === tr.dataset.id)!;
    tr.hidden = !matches(row, filter);
    if (!tr.hidden) visible++;
    if (row.id === state.focusKey) tr.classList.add('focused');
  }
  panel.replaceChildren(all.length ? t : h('p', { class: 'muted' }, `No ${def.noun}s.`));
  const shown = document.getElementById('shown');
  if (shown) shown.textContent = filter ? `${count(visible)} of ${plural(all.length, def.noun)}` : plural(all.length, def.noun);
}

function findRow(view: ReportView, key: string): { tab: Tab; row: CostRow } | undefined {
  const order: Tab[] = ['callSites', 'tasks', 'files', 'models'];
  const rowsOf = (tab: Tab) => TABS.find((t) => t.id === tab)!.rows(view);
  for (const tab of order) {
    const row = rowsOf(tab).find((r) => r.id === key);
    if (row) return { tab, row };
  }
  for (const tab of order) {
    const row = rowsOf(tab).find((r) => r.key === key);
    if (row) return { tab, row };
  }
  return undefined;
}

/** Highlight a row (by id or bare key), switching tab and clearing a filter that hides it, and scroll to it. */
function focusRow(key: string): void {
  const view = state.view;
  if (!view) return;
  const found = findRow(view, key);
  if (!found) return;
  state.tab = found.tab;
  state.focusKey = found.row.id;
  if (state.filter && !matches(found.row, state.filter)) {
    state.filter = '';
    const input = document.getElementById('filter') as HTMLInputElement | null;
    if (input) input.value = '';
  }
  save();
  renderBreakdown();
  const tr = [...document.querySelectorAll<HTMLTableRowElement>('#breakdown-panel tbody tr')].find((r) => r.dataset.id === found.row.id);
  if (!tr) return;
  tr.scrollIntoView({ block: 'center' });
  (tr.querySelector<HTMLElement>('button') ?? tr).focus({ preventScroll: true });
}

function toolbar(): HTMLElement {
  const exportButton = (format: ExportFormat, label: string, title: string) =>
    h('button', { type: 'button', class: 'secondary', 'data-format': format, title, 'aria-label': `Export as ${label}`, onclick: () => post({ type: 'export', format }) }, label);
  return h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Report actions' },
    h('button', { type: 'button', id: 'refresh', onclick: () => post({ type: 'refresh' }) }, 'Refresh'),
    h('button', { type: 'button', id: 'traffic', class: 'secondary', onclick: () => post({ type: 'setTraffic' }) }, 'Set traffic…'),
    h(
      'span',
      { class: 'export', role: 'group', 'aria-label': 'Export' },
      h('span', { class: 'muted' }, 'Export'),
      exportButton('csv', 'CSV', 'Call sites as CSV'),
      exportButton('json', 'JSON', 'The full report as JSON'),
      exportButton('markdown', 'Markdown', 'A Markdown summary'),
      exportButton('focus', 'FOCUS', 'FinOps FOCUS cost data'),
    ),
  );
}

function render(): void {
  const view = state.view;
  const scanned = view ? new Date(view.generatedAt) : undefined;
  const header = h(
    'header',
    { class: 'top' },
    h('div', { class: 'title' }, h('h1', {}, 'LLM cost report'), scanned && !isNaN(scanned.getTime()) ? h('span', { class: 'muted' }, `Scanned ${scanned.toLocaleString()} · CostLens ${view!.toolVersion}`) : null),
    toolbar(),
  );
  const status = h('div', { class: 'status' }, h('div', { class: 'progress', 'aria-hidden': 'true' }, h('div', { class: 'progress-bar' })), h('p', { id: 'status', role: 'status', 'aria-live': 'polite' }));
  const alert = h('div', { id: 'error', class: 'error-banner', role: 'alert', hidden: true });
  const parts: Child[] = [header, status, alert, diffSection(state.diff ?? null)];
  if (!view) parts.push(h('p', { class: 'placeholder' }, busy ? 'Scanning the workspace…' : 'No report yet.'));
  else if (!view.callSites.length) {
    parts.push(
      headline(view),
      h('section', { class: 'empty' }, h('h2', {}, 'No LLM calls found'), h('p', {}, 'CostLens prices OpenAI, Anthropic, Google, LiteLLM, LangChain, LlamaIndex, Vercel AI SDK and OpenAI Agents SDK calls in Python, TypeScript and JavaScript, and prompt files (.prompty, .prompt, .prompt.md, Jinja, prompts/*.txt).')),
      errorsSection(view),
    );
  } else {
    parts.push(
      headline(view),
      h(
        'section',
        { class: 'charts', 'aria-label': 'Charts' },
        h('figure', { 'data-chart': 'byModel' }, h('figcaption', {}, '$/month by model'), h('div', { class: 'chart-holder' })),
        h('figure', { 'data-chart': 'byTask' }, h('figcaption', {}, '$/month by task'), h('div', { class: 'chart-holder' })),
      ),
      savingsSection(view),
      breakdownSection(),
      findingsSection(view),
      errorsSection(view),
    );
  }
  app.replaceChildren(...parts.filter((p): p is Node | string => !!p));
  renderBreakdown();
  drawCharts();
  resizeObserver.disconnect();
  const holder = document.querySelector('.chart-holder');
  if (holder) resizeObserver.observe(holder);
  renderStatus();
}

/** The cost of a change against a branch (Compare Cost With Branch…), above the report. */
function diffSection(d: DiffReport | null): HTMLElement | null {
  if (!d) return null;
  const t = d.totals;
  const sign = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatUsd(Math.abs(n))}`;
  const pct = t.percent === null ? '' : ` (${t.percent > 0 ? '+' : t.percent < 0 ? '−' : ''}${Math.abs(t.percent) < 10 ? Math.abs(t.percent).toFixed(1) : Math.round(Math.abs(t.percent))}%)`;
  const rows = d.callSites.slice(0, 20);
  const change = (c: DiffReport['callSites'][number]) => (c.status === 'changed' ? c.changes.join('; ') || 'cost changed' : c.status);
  return h(
    'section',
    { class: 'diff', 'aria-label': `Change against ${d.base.rev}` },
    h('h2', {}, `Change against ${d.base.rev}`),
    h('p', { class: 'diff-summary' }, h('strong', {}, `${sign(t.deltaUsdPerMonth)}/month${pct}`), ` — ${formatUsd(t.base.usdPerMonth)} → ${formatUsd(t.head.usdPerMonth)} a month; ${t.changed} call site(s) changed, ${t.added} added, ${t.removed} removed, ${t.unchanged} unchanged`),
    ...d.budget.exceeded.map((e) => h('p', { class: 'error-text' }, `Over budget: ${e}`)),
    rows.length
      ? h(
          'table',
          { class: 'diff-table' },
          h('caption', {}, 'Call sites that changed, the largest change first'),
          h('thead', {}, h('tr', {}, ...['Call site', 'What changed', '$/call', '$/month'].map((x) => h('th', { scope: 'col' }, x)))),
          h(
            'tbody',
            {},
            ...rows.map((c) =>
              h(
                'tr',
                {},
                h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => post({ type: 'open', path: c.path, line: c.line }) }, `${c.path}:${c.line}`)),
                h('td', {}, change(c)),
                h('td', { class: 'num' }, c.usd.perCall.base === null ? formatUsd(c.usd.perCall.head ?? 0) : c.usd.perCall.head === null ? formatUsd(c.usd.perCall.base) : `${formatUsd(c.usd.perCall.base)} → ${formatUsd(c.usd.perCall.head)}`),
                h('td', { class: 'num' }, sign(c.usd.perMonth.delta)),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No call site changed cost.'),
    d.findings.introduced.length ? h('p', {}, `New findings: ${d.findings.introduced.map((f) => `${f.ruleId} (${f.path}:${f.line})`).join(', ')}`) : null,
    d.findings.fixed.length ? h('p', {}, `Fixed findings: ${d.findings.fixed.map((f) => `${f.ruleId} (${f.path})`).join(', ')}`) : null,
  );
}

/** The busy bar, the status line, the error banner and the buttons that wait for a scan. */
function renderStatus(): void {
  app.setAttribute('aria-busy', busy ? 'true' : 'false');
  document.body.classList.toggle('busy', !!busy);
  const status = document.getElementById('status');
  if (status) {
    const progress = busy?.total ? ` ${count(busy.done ?? 0)} of ${count(busy.total)}` : '';
    status.textContent = busy ? (busy.message ?? `Scanning the workspace…${progress}`) : '';
  }
  // With a count of files the bar fills up; without one it runs back and forth.
  const bar = document.querySelector<HTMLElement>('.progress-bar');
  if (bar) {
    const fraction = busy?.total ? Math.min(1, (busy.done ?? 0) / busy.total) : undefined;
    bar.classList.toggle('determinate', fraction !== undefined);
    bar.style.width = fraction !== undefined ? `${(fraction * 100).toFixed(1)}%` : '';
  }
  const refresh = document.getElementById('refresh') as HTMLButtonElement | null;
  if (refresh) refresh.disabled = !!busy;
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-format]')) b.disabled = !state.view;
  const banner = document.getElementById('error');
  if (banner) {
    banner.hidden = !error;
    banner.replaceChildren(...(error ? [h('span', {}, error), h('button', { type: 'button', class: 'secondary', onclick: () => post({ type: 'refresh' }) }, 'Try again')] : []));
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as ToPage;
  switch (message?.type) {
    case 'view':
      state.view = message.view;
      error = undefined;
      if (message.focusKey) state.focusKey = message.focusKey;
      save();
      render();
      if (message.focusKey) focusRow(message.focusKey);
      break;
    case 'focus':
      focusRow(message.key);
      break;
    case 'busy':
      busy = message.busy ? message : undefined;
      if (state.view) renderStatus();
      else render();
      break;
    case 'error':
      error = message.message;
      renderStatus();
      break;
    case 'diff':
      state.diff = message.diff;
      save();
      render();
      break;
  }
});

render();
post({ type: 'ready' });
