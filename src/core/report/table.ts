// The report as a table for a terminal. Text from the workspace (paths, names, messages) is
// printable(): a file name cannot send the terminal escapes or break a row.
import { notCountedWhy, rolledUpNames, type Report } from './report';
import { formatCount, formatLocation, formatPlain, formatTokens, formatUsd, observedSummary, printable } from './format';

function pad(s: string, n: number, right = false): string {
  const w = [...s].length;
  if (w >= n) return s;
  return right ? ' '.repeat(n - w) + s : s + ' '.repeat(n - w);
}

function table(cells: string[][], rightAligned: Set<number>): string {
  const rows = cells.map((r) => r.map(printable));
  // A loop, not Math.max(...rows): a workspace's 150,000 rows overflow the stack as arguments.
  const widths = rows[0].map((_, i) => rows.reduce((max, r) => Math.max(max, [...(r[i] ?? '')].length), 0));
  return rows
    .map((r, ri) => {
      const line = r.map((c, i) => pad(c, widths[i], rightAligned.has(i))).join('  ').trimEnd();
      return ri === 0 ? `${line}\n${widths.map((w) => '─'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

export function renderTable(report: Report): string {
  const out: string[] = [];
  const t = report.traffic;
  if (report.callSites.length === 0) out.push('No LLM calls or prompt files found.');
  else {
    // With a telemetry store: what was seen, beside the estimate (mean tokens in/out, $ per call).
    const seen = !!report.telemetry;
    const rows = [['Location', 'Model', 'In', 'Cached', 'Out', '$/call', '×/task', '$/month', ...(seen ? ['Seen', 'Seen in/out', 'Seen $/call'] : [])]];
    for (const c of report.callSites) {
      const approx = c.exactTokens ? '' : '≈';
      const o = c.observed;
      rows.push([
        formatLocation(c.path, c.line, c.cell),
        c.model ? `${c.model}${c.modelAssumed ? ' (assumed)' : c.modelAlternatives ? ` (+${c.modelAlternatives.length - 1} more)` : ''}` : `? (${c.modelUnresolvedReason ?? 'unresolved'})`,
        approx + formatTokens(c.tokens.input),
        c.tokens.cachedInput ? formatTokens(c.tokens.cachedInput) : '-',
        formatTokens(c.tokens.output),
        c.testDouble ? 'test double' : c.usd ? formatUsd(c.usd.perCall.expected) : 'no price',
        formatPlain(c.multiplier.expected),
        // A priced call whose task runs 0 times a day (test, example code): not a $0 month.
        c.usd ? (c.usd.perMonth.expected === 0 && c.usd.perCall.expected > 0 ? 'not counted' : formatUsd(c.usd.perMonth.expected)) : '-',
        ...(!seen ? [] : o ? [formatCount(o.calls), `${formatTokens(o.inputTokens.mean)}/${formatTokens(o.outputTokens.mean)}`, o.usdPerCall ? formatUsd(o.usdPerCall.mean) : 'no price'] : ['-', '-', '-']),
      ]);
    }
    out.push(table(rows, new Set([2, 3, 4, 5, 6, 7, 8, 9, 10])));
    const total = report.totals.usdPerMonth;
    out.push('');
    out.push(
      `${report.totals.callSites} call site(s) in ${report.totals.files} file(s): ${formatUsd(total.expected)}/month${report.totals.notCounted ? " in production" : ""} ` +
        `(${formatUsd(total.low)}–${formatUsd(total.high)}) at ${t.tasksPerDay.toLocaleString('en-US')} tasks/day` +
        (report.totals.unpricedCallSites ? `; ${report.totals.unpricedCallSites} without a price` : '') +
        (report.totals.testDoubles ? `; ${report.totals.testDoubles} test double(s) left out` : '') +
        (report.totals.notCounted ? `; ${report.totals.notCounted.tasks} task(s) not counted in a month (${Object.entries(report.totals.notCounted.byScope).map(([k, n]) => `${n} ${k}`).join(', ')}: no traffic stated)` : ''),
    );
    if (report.projects) out.push(projectsLine(report.projects));
    out.push('≈ estimated token count (no offline tokenizer for that model); others are exact.');
    const tm = report.telemetry;
    if (tm) out.push(observedSummary(tm));
  }
  if (report.tasks.length) {
    out.push('');
    const rows = [['Task', 'Location', 'Steps', '$/task', '$/month']];
    for (const task of report.tasks) {
      const month = task.rolledUpInto ? `in ${rolledUpNames(report, task.rolledUpInto).join(', ')}` : notCountedWhy(task) ? `not counted (${notCountedWhy(task)})` : task.usd ? formatUsd(task.usd.perMonth.expected) : '-';
      rows.push([task.name, formatLocation(task.path, task.line, task.cell), formatPlain(task.steps), task.usd ? formatUsd(task.usd.perTask.expected) : '-', month]);
    }
    out.push(table(rows, new Set([2, 3, 4])));
  }
  if (report.findings.length) {
    out.push('');
    out.push('Findings:');
    for (const f of report.findings) out.push(printable(`  ${formatLocation(f.path, f.line, f.cell)}  ${f.severity}  ${f.message}  [${f.ruleId}]`));
  }
  if (report.errors.length) {
    out.push('');
    out.push('Errors:');
    for (const e of report.errors) out.push(printable(`  ${formatLocation(e.path, e.line, e.cell)}  ${e.message}`));
  }
  return out.join('\n') + '\n';
}

/** Several projects (a collection of apps, a monorepo): the month is theirs together, each at its own traffic. */
export function projectsLine(projects: NonNullable<Report['projects']>): string {
  const top = projects.slice(0, 3).map((p) => `${p.path || '(root)'} ${formatUsd(p.usdPerMonth)}`);
  return `That month is ${projects.length} projects' together (folders with their own manifest), each at its traffic; the dearest: ${top.join(', ')}${projects.length > 3 ? ', …' : ''}.`;
}
