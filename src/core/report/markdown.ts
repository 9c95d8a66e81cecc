// The report as Markdown a person reads, or pastes into a pull request or a wiki: the summary line
// first, then the most expensive tasks and call sites, the findings with the dollars at stake and
// their fixes, the call sites without a price, and the errors. GitHub-flavoured tables.
import type { Report, ReportCallSite } from './report';
import { formatCount, formatLocation, formatPlain, formatTokens, formatUsd, observedSummary, printable } from './format';

export interface MarkdownOptions {
  /** Rows in each table before "…and N more" (default 10). */
  top?: number;
}

/**
 * Identifiers from the scanned code (paths, names, model ids) as a code span in a table cell: the
 * fence is longer than any run of backticks inside, `|` is escaped (GFM splits cells on it even
 * inside code spans, and renders `\|` there as `|`), and control characters, line breaks
 * included, are written as escapes (`\n`, `\x1b`): a raw line break would end the table row.
 */
export function mdCode(text: string): string {
  const t = printable(text).replace(/\|/g, '\\|');
  if (t.trim() === '') return '—';
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

// Outside code spans, what Markdown would read as a link, emphasis or HTML (a file name such as
// `__init__.py` or `<img …>` in a message) is escaped; the message's own `code spans` stay as they are.
const proseMd = (s: string) => s.replace(/[\\*_[\]<>|]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));

/** One line of prose with its code spans (a run of backticks closed by a run of the same length) left as they are. */
function escapeProse(line: string): string {
  let out = '';
  let from = 0;
  let i = line.indexOf('`');
  while (i >= 0) {
    let runEnd = i;
    while (line[runEnd] === '`') runEnd++;
    let close = -1;
    for (let j = line.indexOf('`', runEnd); j >= 0; ) {
      let k = j;
      while (line[k] === '`') k++;
      if (k - j === runEnd - i) {
        close = k;
        break;
      }
      j = line.indexOf('`', k);
    }
    if (close < 0) {
      i = line.indexOf('`', runEnd); // an unclosed run is literal text
      continue;
    }
    out += proseMd(line.slice(from, i)) + line.slice(i, close).replace(/\|/g, '\\|');
    from = close;
    i = line.indexOf('`', close);
  }
  return out + proseMd(line.slice(from));
}

/** Prose (messages, which carry their own `code spans`) in a table cell: Markdown escaped, `|` too, line breaks as `<br>`, other control characters as escapes. */
export function mdText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => printable(escapeProse(line)))
    .join('<br>');
}

function table(header: string[], rows: string[][], right: Set<number> = new Set()): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (right.has(i) ? '---:' : '---')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function more(total: number, shown: number, what: string): string[] {
  return total > shown ? ['', `…and ${total - shown} more ${what}.`] : [];
}

const share = (f: number) => (f > 0 && f < 0.005 ? '<1%' : `${Math.round(f * 100)}%`);
const range = (low: number, high: number) => `${formatUsd(low)}–${formatUsd(high)}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The one-line summary that opens the Markdown report. */
export function markdownSummary(report: Report): string {
  const t = report.totals;
  const traffic = `${plural(report.traffic.tasksPerDay, 'task')} a day × ${plural(report.traffic.daysPerMonth, 'day')}`;
  if (t.callSites === 0) return `**CostLens: no LLM calls or prompt files found.**`;
  const unpriced = (t.unpricedCallSites ? `; ${plural(t.unpricedCallSites, 'call site')} without a price` : '') + (t.testDoubles ? `; ${plural(t.testDoubles, 'test double')} left out` : '') + (t.notCounted ? `; ${plural(t.notCounted.tasks, 'task')} not counted in a month (${Object.entries(t.notCounted.byScope).map(([k, n]) => `${n} ${k}`).join(', ')}: no traffic stated)` : '');
  return (
    `**CostLens estimate: ${formatUsd(t.usdPerMonth.expected)} a month** expected (${range(t.usdPerMonth.low, t.usdPerMonth.high)}) ` +
    `for ${plural(t.callSites, 'LLM call site')} in ${plural(t.files, 'file')}, at ${traffic}${unpriced}.` +
    (report.projects ? ` That is ${plural(report.projects.length, 'project')} together, each at that traffic; the dearest: ${report.projects.slice(0, 3).map((p) => `${mdCode(p.path || '(root)')} ${formatUsd(p.usdPerMonth)}`).join(', ')}.` : '')
  );
}

const where = (path: string, line?: number, cell?: number) => mdCode(formatLocation(path, line, cell));
const modelOf = (c: ReportCallSite) => (c.model ? mdCode(c.model) : `? (${mdText(c.modelUnresolvedReason ?? 'unresolved')})`);

/** The report as Markdown. Pure: no I/O. */
export function toMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const top = Math.max(1, Math.floor(options.top ?? 10));
  const total = report.totals.usdPerMonth.expected;
  const out: string[] = [markdownSummary(report), ''];
  out.push(
    `_Estimated from the code by CostLens ${mdText(report.tool.version)} (${mdText(report.generatedAt)}), not billed usage. ` +
      `Monthly figures are expected, with the range from best to worst case; ≈ marks estimated token counts._`,
  );

  const byMonth = <T>(xs: T[], usd: (x: T) => number | undefined) => [...xs].sort((a, b) => (usd(b) ?? -1) - (usd(a) ?? -1));

  if (report.tasks.length) {
    // A helper rolled up into its entry points is counted there, not listed again.
    const tasks = byMonth(report.tasks.filter((t) => !t.rolledUpInto), (t) => t.usd?.perMonth.expected);
    const rows = tasks.slice(0, top).map((t) => [
      mdCode(t.name),
      where(t.path, t.line, t.cell),
      String(t.steps),
      t.usd ? formatUsd(t.usd.perTask.expected) : 'no price',
      t.usd ? formatUsd(t.usd.perMonth.expected) : '—',
      t.usd && total > 0 ? share(t.usd.perMonth.expected / total) : '—',
    ]);
    out.push('', '### Most expensive tasks', '', ...table(['Task', 'Location', 'Steps', '$/task', '$/month', 'Share'], rows, new Set([2, 3, 4, 5])), ...more(tasks.length, rows.length, 'tasks'));
  }

  const priced = report.callSites.filter((c) => c.usd);
  if (priced.length) {
    const sites = byMonth(priced, (c) => c.usd?.perMonth.expected);
    const rows = sites.slice(0, top).map((c) => {
      const usd = c.usd!;
      const approx = c.exactTokens ? '' : '≈';
      return [
        where(c.path, c.line, c.cell),
        modelOf(c),
        `${approx}${formatTokens(c.tokens.input)} / ${formatTokens(c.tokens.output)}`,
        formatUsd(usd.perCall.expected),
        formatPlain(c.multiplier.expected),
        formatUsd(usd.perMonth.expected),
        range(usd.perMonth.low, usd.perMonth.high),
      ];
    });
    out.push('', '### Most expensive call sites', '', ...table(['Location', 'Model', 'Tokens in / out', '$/call', 'Calls/task', '$/month', 'Range/month'], rows, new Set([2, 3, 4, 5, 6])), ...more(sites.length, rows.length, 'call sites'));
  }

  // With a telemetry store: what was seen for each call site, beside the estimate.
  if (report.telemetry) {
    const seen = byMonth(
      report.callSites.filter((c) => c.observed),
      (c) => c.observed!.usdPerMonth ?? undefined,
    );
    const rows = seen.slice(0, top).map((c) => {
      const o = c.observed!;
      return [
        where(c.path, c.line),
        modelOf(c),
        formatCount(o.calls),
        formatCount(o.callsPerDay),
        `${formatTokens(o.inputTokens.mean)} / ${formatTokens(o.outputTokens.mean)}`,
        o.usdPerCall ? formatUsd(o.usdPerCall.mean) : 'no price',
        c.usd ? formatUsd(c.usd.perCall.expected) : 'no price',
        o.usdPerMonth !== null ? formatUsd(o.usdPerMonth) : '—',
        c.usd ? formatUsd(c.usd.perMonth.expected) : '—',
      ];
    });
    out.push('', '### Observed by telemetry', '', mdText(observedSummary(report.telemetry)));
    if (rows.length) {
      const header = ['Location', 'Model', 'Calls', 'Calls/day', 'Tokens in / out (mean)', '$/call observed', '$/call estimated', '$/month observed', '$/month estimated'];
      out.push('', ...table(header, rows, new Set([2, 3, 4, 5, 6, 7, 8])), ...more(seen.length, rows.length, 'call sites seen'));
    }
  }

  if (report.findings.length) {
    const findings = byMonth(report.findings, (f) => f.usdPerMonthAtStake ?? undefined);
    const rows = findings.slice(0, top).map((f) => [
      f.usdPerMonthAtStake !== null ? formatUsd(f.usdPerMonthAtStake) : '—',
      f.severity,
      mdCode(f.ruleId),
      where(f.path, f.line, f.cell),
      mdText(f.message),
      f.fixes.length ? f.fixes.map((x) => `${mdText(x.title)} (${x.safe ? 'safe' : 'review first'})`).join('; ') : '—',
    ]);
    out.push('', '### Findings', '', ...table(['$/month at stake', 'Severity', 'Rule', 'Location', 'Finding', 'Fix'], rows, new Set([0])), ...more(findings.length, rows.length, 'findings'));
  }

  const unpriced = report.callSites.filter((c) => !c.usd);
  if (unpriced.length) {
    const rows = unpriced.slice(0, top).map((c) => [
      where(c.path, c.line, c.cell),
      modelOf(c),
      c.model ? `no price known for this model (add it in \`costlens.pricing.customModels\`)` : 'the model could not be resolved',
    ]);
    out.push('', '### Call sites without a price', '', ...table(['Location', 'Model', 'Why'], rows), ...more(unpriced.length, rows.length, 'call sites without a price'));
  }

  if (report.errors.length) {
    const rows = report.errors.slice(0, top).map((e) => [where(e.path, e.line, e.cell), mdText(e.kind), mdText(e.message)]);
    out.push('', '### Errors', '', ...table(['Location', 'Kind', 'Message'], rows), ...more(report.errors.length, rows.length, 'errors'));
  }

  return out.join('\n') + '\n';
}
