// The core pieces the editor shows: the same call on other models, the breakdown of a call's
// figures, task costs, and counts as people read them.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { scan, analyzeWorkspace } from '../../src/cli/main';
import { defaultConfig } from '../../src/config/load';
import { compareModels, comparableModels } from '../../src/core/estimate/compare';
import type { CallSite } from '../../src/core/model';
import { callSiteBreakdown } from '../../src/core/report/breakdown';
import { formatCount, formatUsd } from '../../src/core/report/format';
import { siteMonthly, taskCost, taskOf } from '../../src/core/report/summary';

const examples = path.join(__dirname, '../../../examples');

describe('compare models', () => {
  it('prices the call on the same provider\'s current chat models, cheapest first, the current one included', async () => {
    const { analyses } = await analyzeWorkspace(['.'], { cwd: examples, cache: false, jobs: 1 });
    const a = analyses.find((x) => x.path === 'web-app/lib/extract.ts')!;
    const site = a.callSites[0];
    assert.equal(site.model.id, 'claude-sonnet-4-5');
    const options = compareModels(site, defaultConfig());
    assert.ok(options.length >= 5, `${options.length} options`);
    assert.equal(options.filter((o) => o.current).length, 1);
    assert.equal(options.find((o) => o.current)!.model, 'claude-sonnet-4-5');
    assert.ok(options.every((o) => /^claude-/.test(o.model)), 'only models the Anthropic call can use');
    const priced = options.filter((o) => o.perCall !== undefined).map((o) => o.perCall!);
    assert.deepEqual(priced, [...priced].sort((x, y) => x - y));
    // Each model's own figures: haiku is cheaper than sonnet, opus dearer.
    const cost = (m: string) => options.find((o) => o.model === m)?.perCall;
    assert.ok(cost('claude-haiku-4-5')! < cost('claude-sonnet-4-5')!);
    assert.ok(cost('claude-opus-4-1')! > cost('claude-sonnet-4-5')!);
  });

  it('leaves out embeddings, audio, image, dated snapshots and fine-tunes', () => {
    const openai = comparableModels('openai');
    assert.ok(openai.includes('gpt-4o-mini') && openai.includes('gpt-4.1'));
    for (const m of openai) assert.doesNotMatch(m, /embedding|tts|whisper|image|realtime|audio|\d{4}-\d{2}-\d{2}|^ft:/);
    assert.ok(comparableModels('google').every((m) => /^gem/.test(m)), 'Vertex lists Claude under Google; a Gemini call compares Gemini');
  });

  it('keeps a routing prefix and counts with each model\'s tokenizer', () => {
    const site: CallSite = {
      key: 'a.py#f#0', kind: 'code', path: 'a.py', span: { start: 0, end: 1 }, line: 1, provider: 'openai', api: 'completion',
      model: { id: 'openai/gpt-4o' }, params: {}, cacheMarkers: [], multiplier: { min: 1, expected: 1, max: 1, reason: 'one call' },
      parts: [{ role: 'user', message: 0, source: 'literal', text: 'Classify this ticket: my parcel is late.' }],
    };
    const options = compareModels(site, defaultConfig(), ['gpt-4o-mini', 'gpt-4']);
    assert.deepEqual(options.map((o) => o.model).sort(), ['openai/gpt-4', 'openai/gpt-4o', 'openai/gpt-4o-mini']);
    const tokenizer = (m: string) => options.find((o) => o.model === m)!.estimate.tokenizer;
    assert.equal(tokenizer('openai/gpt-4o-mini'), 'o200k_base');
    assert.equal(tokenizer('openai/gpt-4'), 'cl100k_base');
  });
});

describe('call-site breakdown and task costs', () => {
  it('explains a call: tokens, cache, prices, multiplier and its reason, assumptions with what changes them', async () => {
    const { analyses } = await analyzeWorkspace(['.'], { cwd: examples, cache: false, jobs: 1 });
    const a = analyses.find((x) => x.path === 'support-agent/agent.py')!;
    const site = a.callSites[0];
    const links: string[] = [];
    const md = callSiteBreakdown(a, site, a.estimates.get(site.key), defaultConfig(), { changeLink: (c) => (links.push(c), `<${c}>`) });
    for (const part of ['static input', 'dynamic input', 'cacheable prefix', 'Prices per million tokens', 'per call', 'per task', 'Assumptions']) assert.ok(md.includes(part), part);
    // The expectation with its reason, then the bound (the worst case) with its own.
    assert.match(md, new RegExp(`× ${site.multiplier.expected} \\(1–${site.multiplier.max}\\) calls per task: an agent loop .*tool rounds expected.*; up to ${site.multiplier.max}: range`));
    assert.ok(links.some((l) => l.startsWith('costlens.')), 'assumptions name their settings');
    assert.ok(md.includes('history grows'), 'the agent loop resends a growing history');
  });

  it('leads with the money, a call · a task · a month, and shows code as written', async () => {
    const { analyses } = await analyzeWorkspace(['.'], { cwd: examples, cache: false, jobs: 1 });
    const config = defaultConfig();
    for (const a of analyses) {
      for (const site of a.callSites) {
        const e = a.estimates.get(site.key);
        const md = callSiteBreakdown(a, site, e, config);
        const first = md.split('\n\n')[0];
        if (e?.usd) {
          const monthly = siteMonthly(a, site, e, config);
          const task = taskOf(a, site.key)!;
          const month = monthly ? ` · ${formatUsd(monthly.expected)} a month` : task.tasksPerDay === 0 ? ' · not counted in a month' : '';
          assert.ok(first.startsWith(`**${formatUsd(e.usd.perCall.expected)} a call · ${formatUsd(e.usd.perTask.expected)} a task${month}`), `${a.path}: ${first}`);
          // The token table, the why, comes after.
          assert.ok(md.indexOf('static input') > md.indexOf(first) + first.length, a.path);
        } else assert.match(first, /^\*\*(No price|A test double)/, `${a.path}: ${first}`);
        // Inside a code span nothing is escaped: Markdown would show the backslash.
        for (const span of md.match(/`[^`\n]+`/g) ?? []) assert.ok(!/\\[_*#<>|{}[\]]/.test(span), `${a.path}: ${span}`);
      }
    }
    // The example workspace has names with underscores in code spans (the check above is not vacuous).
    const all = analyses.flatMap((a) => a.callSites.map((site) => callSiteBreakdown(a, site, a.estimates.get(site.key), config))).join('\n');
    assert.match(all, /`[^`\n]*_[^`\n]*`/);
  });

  it('costs a task as the sum of its calls, per month at its own traffic', async () => {
    const { analyses, report } = await analyzeWorkspace(['.'], { cwd: examples, cache: false, jobs: 1 });
    const config = defaultConfig();
    const a = analyses.find((x) => x.path === 'support-agent/classify.py')!;
    const t = taskCost(a, a.tasks[0], { ...config, 'traffic.tasksPerDay': 2000 });
    assert.equal(t.tasksPerDay, 5000, 'the costlens: tasks-per-day comment wins');
    const fromReport = report.tasks.find((x) => x.key === a.tasks[0].key)!;
    assert.ok(Math.abs(t.perTask!.expected - fromReport.usd!.perTask.expected) < 1e-12);
    assert.ok(Math.abs(t.perMonth!.expected - t.perTask!.expected * 5000 * 30) < 1e-9);
    assert.ok((await scan(['.'], { cwd: examples, cache: false, jobs: 1 })).tasks.length > 0);
  });

  it('formats counts as people read them', () => {
    assert.deepEqual([0, 7, 999, 999.7, 1000, 1500, 9_990, 12_000, 999_999, 2_500_000].map(formatCount), ['0', '7', '999', '1k', '1k', '1.5k', '10k', '12k', '1M', '2.5M']);
  });
});
