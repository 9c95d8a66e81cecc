// A cost diff as people read it: a table for a terminal, and Markdown fit to post as a pull-request
// comment (the summary line first — "+$412/month (+18%)" — then the biggest changes, then the new
// findings with their fixes).
import { formatCount, formatTokens, formatUsd, printable } from '../report/format';
import { mdCode, mdText } from '../report/markdown';
import type { Delta, DiffCallSite, DiffReport } from './diff';

/** `+$412/month (+18%)`, `−$3.10/month (−2.1%)`, `no change`. */
export function summaryLine(d: DiffReport): string {
  const x = d.totals.deltaUsdPerMonth;
  if (Math.abs(x) < 0.005 && !d.totals.added && !d.totals.removed && !d.totals.changed) return 'no change in cost';
  const pct = d.totals.percent === null ? (d.totals.head.usdPerMonth > 0 ? ' (new cost)' : '') : ` (${signed(d.totals.percent, (n) => `${n < 10 ? n.toFixed(1) : Math.round(n)}%`)})`;
  return `${signedUsd(x)}/month${pct}`;
}

function signed(n: number, f: (abs: number) => string): string {
  if (Math.abs(n) < 1e-12) return f(0);
  return `${n > 0 ? '+' : '−'}${f(Math.abs(n))}`;
}

export function signedUsd(n: number): string {
  return signed(n, formatUsd);
}

function deltaCell(d: Delta, f: (n: number) => string): string {
  if (d.base === null && d.head === null) return '—';
  if (d.base === null) return `${f(d.head!)} (new)`;
  if (d.head === null) return `${f(d.base)} (gone)`;
  return Math.abs(d.delta) < 1e-12 ? f(d.head) : `${f(d.base)} → ${f(d.head)}`;
}

const what = (c: DiffCallSite) => (c.status === 'added' ? 'added' : c.status === 'removed' ? 'removed' : c.changes.join('; ') || 'cost changed');

// Text from the workspace: Markdown and control characters escaped (report/markdown.ts).
const md = mdText;
const code = mdCode;

export function diffMarkdown(d: DiffReport, top = 10): string {
  const lines: string[] = [];
  const t = d.totals;
  lines.push(`**${summaryLine(d)}** at ${formatCount(d.traffic.head.tasksPerDay)} tasks/day — ${formatUsd(t.base.usdPerMonth)} → ${formatUsd(t.head.usdPerMonth)} a month; ${t.changed} call site(s) changed, ${t.added} added, ${t.removed} removed (CostLens, ${md(d.base.rev)} → ${md(d.head.rev)})`);
  if (d.budget.exceeded.length) {
    lines.push('');
    lines.push('**Over budget:**');
    for (const e of d.budget.exceeded) lines.push(`- ${md(e)}`);
  }
  if (d.callSites.length) {
    lines.push('', '| Call site | Change | $/call | $/month |', '| --- | --- | ---: | ---: |');
    for (const c of d.callSites.slice(0, top)) {
      lines.push(`| ${code(`${c.path}:${c.line}`)}${c.name ? ` ${code(c.name)}` : ''} | ${md(what(c))} | ${deltaCell(c.usd.perCall, formatUsd)} | ${signedUsd(c.usd.perMonth.delta)} |`);
    }
    if (d.callSites.length > top) lines.push(`| … ${d.callSites.length - top} more | | | |`);
  }
  const tasks = d.tasks.filter((x) => Math.abs(x.usd.perMonth.delta) >= 0.005).slice(0, top);
  if (tasks.length) {
    lines.push('', '| Task | Steps | $/task | $/month |', '| --- | ---: | ---: | ---: |');
    for (const x of tasks) lines.push(`| ${code(x.name)} ${code(`${x.path}:${x.line}`)}${x.status === 'changed' ? '' : ` (${x.status})`} | ${deltaCell(x.steps, formatCount)} | ${deltaCell(x.usd.perTask, formatUsd)}${x.percentPerTask !== null ? ` (${signed(x.percentPerTask, (n) => `${Math.round(n)}%`)})` : ''} | ${signedUsd(x.usd.perMonth.delta)} |`);
  }
  if (d.findings.introduced.length) {
    lines.push('', `**New findings** (${d.findings.introduced.length}):`);
    for (const f of d.findings.introduced.slice(0, top)) {
      const fixes = f.fixes.length ? ` Fix: ${f.fixes.map((x) => `${md(x.title)}${x.safe ? '' : ' (review first)'}`).join('; ')}.` : '';
      lines.push(`- ${code(`${f.path}:${f.line}`)} **${f.ruleId}**${f.usdPerMonthAtStake ? ` (${formatUsd(f.usdPerMonthAtStake)}/month at stake)` : ''}: ${md(f.message)}${fixes}`);
    }
  }
  if (d.findings.fixed.length) lines.push('', `**Fixed findings** (${d.findings.fixed.length}): ${d.findings.fixed.map((f) => `${f.ruleId} in ${code(f.path)}`).join(', ')}`);
  return lines.join('\n') + '\n';
}

export function diffTable(d: DiffReport, top = 20): string {
  const out: string[] = [];
  out.push(`${summaryLine(d)}: ${formatUsd(d.totals.base.usdPerMonth)} → ${formatUsd(d.totals.head.usdPerMonth)} a month at ${formatCount(d.traffic.head.tasksPerDay)} tasks/day (${printable(d.base.rev)} → ${printable(d.head.rev)})`);
  out.push(`${d.totals.changed} changed, ${d.totals.added} added, ${d.totals.removed} removed, ${d.totals.unchanged} unchanged call site(s)`);
  if (d.callSites.length) {
    const rows = d.callSites.slice(0, top).map((c) => [`${c.path}:${c.line}`, c.status, deltaCell(c.tokens.input, formatTokens), deltaCell(c.usd.perCall, formatUsd), signedUsd(c.usd.perMonth.delta), what(c)].map(printable));
    const head = ['Call site', 'Status', 'Input', '$/call', '$/month', 'What changed'];
    const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
    out.push('', head.map((h, i) => h.padEnd(widths[i])).join('  '), widths.map((w) => '─'.repeat(w)).join('  '));
    for (const r of rows) out.push(r.map((v, i) => (i === 2 || i === 3 || i === 4 ? v.padStart(widths[i]) : v.length > widths[i] ? v.slice(0, widths[i] - 1) + '…' : v.padEnd(widths[i]))).join('  ').trimEnd());
    if (d.callSites.length > top) out.push(`… ${d.callSites.length - top} more`);
  }
  if (d.findings.introduced.length) {
    out.push('', 'New findings:');
    for (const f of d.findings.introduced) out.push(printable(`  ${f.path}:${f.line}  ${f.severity}  ${f.message}  [${f.ruleId}]`));
  }
  if (d.findings.fixed.length) {
    out.push('', 'Fixed findings:');
    for (const f of d.findings.fixed) out.push(printable(`  ${f.path}:${f.line}  ${f.ruleId}`));
  }
  if (d.budget.exceeded.length) out.push('', ...d.budget.exceeded.map((e) => printable(`Over budget: ${e}`)));
  return out.join('\n') + '\n';
}
