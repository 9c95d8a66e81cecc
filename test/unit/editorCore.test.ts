// The core pieces the editor shows: the same call on other models, the breakdown of a call's
// figures, task costs, and counts as people read them.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { scan, analyzeWorkspace } from '../../src/cli/main';
import { defaultConfig } from '../../src/config/load';
import { compareCall, compareModels, comparableModels, sharedNotes } from '../../src/core/estimate/compare';
import { modalityOf } from '../../src/core/pricing/capabilities';
import { cheaperSibling, TIER_RANK, TIERS, tierOf } from '../../src/core/rules/tiers';
import type { CallSite } from '../../src/core/model';
import { callSiteBreakdown } from '../../src/core/report/breakdown';
import { formatCount, formatPlain, formatUsd } from '../../src/core/report/format';
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
    // By tier (Sonnet's own first, then Haiku, then Opus), cheapest first in each.
    assert.deepEqual(options.map((o) => o.tier).filter((t, i, a) => a[i - 1] !== t), ['mid', 'small', 'flagship']);
    for (const tier of ['mid', 'small', 'flagship']) {
      const priced = options.filter((o) => o.tier === tier && o.perCall !== undefined).map((o) => o.perCall!);
      assert.deepEqual(priced, [...priced].sort((x, y) => x - y));
    }
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

/** A RAG answer call: a short instruction, `retrieved` tokens of retrieved chunks, the question; tools when asked. */
function ragAnswer(retrieved: number, params: Record<string, unknown> = {}): CallSite {
  return {
    key: 'rag.py#answer#0', kind: 'code', path: 'rag.py', span: { start: 0, end: 1 }, line: 1, provider: 'openai', api: 'chat.completions',
    model: { id: 'gpt-4.1' }, params, cacheMarkers: [], multiplier: { min: 1, expected: 1, max: 1, reason: 'one call' },
    outputCap: { tokens: 1024, param: 'max_completion_tokens' },
    parts: [
      { role: 'system', message: 0, source: 'literal', text: 'Answer from these manual excerpts only, and cite the excerpt you used.' },
      { role: 'system', message: 0, source: 'unknown', text: '', dynamic: { kind: 'retrieved-documents', name: 'context', volatile: true, size: { low: retrieved, expected: retrieved, high: retrieved, basis: 'test' } } },
      { role: 'user', message: 1, source: 'unknown', text: '', dynamic: { kind: 'user-data', name: 'question', volatile: true } },
    ],
  };
}

describe('compare models: only models that can serve the call, by tier, with the difference', () => {
  const config = defaultConfig();

  it('a RAG answer with tools does not lead with gpt-oss-20b: the current tier comes first, a smaller tier is warned of', () => {
    const { options } = compareCall(ragAnswer(20_000, { tools: 'TOOLS' }), config, { tasksPerMonth: 60_000 });
    const first = options[0];
    assert.equal(first.tier, 'flagship', `first: ${first.model}`);
    assert.notEqual(first.model, 'gpt-oss-20b');
    const oss = options.find((o) => o.model === 'gpt-oss-20b')!;
    assert.ok(oss, 'it fits and takes tools: listed, further down');
    assert.equal(oss.tier, 'small');
    assert.match(oss.stepDown!, /a step down from gpt-4\.1's flagship tier to small/);
    assert.ok(options.indexOf(oss) > options.findIndex((o) => o.tier === 'mid'), 'small after mid');
    // Groups in order: the same tier, then smaller ones (nearest first), then the unknown.
    const tiers = options.map((o) => o.tier ?? 'unknown').filter((t, i, a) => a[i - 1] !== t);
    assert.deepEqual(tiers, ['flagship', 'mid', 'small']);
    assert.ok(options.filter((o) => /^(gpt-4|gpt-5|o\d)/.test(o.model)).every((o) => !o.unverified.includes('tool use')), 'the documented OpenAI families take tools');
    assert.ok(options.some((o) => o.unverified.includes('tool use')), 'a model no row knows is kept, unverified');
  });

  it('leaves out a model whose context window is under the call\'s input and output cap, and says why', () => {
    const { options, leftOut } = compareCall(ragAnswer(150_000, { tools: 'TOOLS' }), config);
    const input = options.find((o) => o.current)!.estimate.tokens.input;
    assert.ok(input > 131_072 && input < 200_000, `${input}`);
    for (const m of ['gpt-oss-20b', 'gpt-oss-120b', 'gpt-4o', 'gpt-4o-mini']) {
      assert.ok(!options.some((o) => o.model === m), `${m} left out`);
      assert.match(leftOut.find((l) => l.model === m)!.why, /context window is under the call's/);
    }
    for (const m of ['gpt-4.1', 'gpt-4.1-mini', 'gpt-5', 'o3']) assert.ok(options.some((o) => o.model === m), `${m} kept`);
    for (const o of options) if (o.estimate.contextWindow) assert.ok(o.estimate.tokens.input + 1024 <= o.estimate.contextWindow, o.model);
    // The same call with less context: the 128k models serve it again.
    assert.ok(compareModels(ragAnswer(20_000), config).some((o) => o.model === 'gpt-4o'));
  });

  it('the differences are the figures\' differences from the current model, per call, per task and per month, in $ and %', () => {
    const site = { ...ragAnswer(8_000), multiplier: { min: 1, expected: 3, max: 5, reason: 'retries' } };
    const options = compareModels(site, config, undefined, { tasksPerMonth: 45_000 });
    const now = options.find((o) => o.current)!;
    assert.equal(now.difference, undefined);
    assert.ok(now.perMonth! > 0);
    let checked = 0;
    for (const o of options.filter((x) => !x.current && x.perCall !== undefined)) {
      const d = o.difference!;
      assert.equal(d.perCall.usd, o.perCall! - now.perCall!);
      assert.equal(d.perTask.usd, o.perTask! - now.perTask!);
      assert.equal(d.perMonth!.usd, o.perMonth! - now.perMonth!);
      assert.ok(Math.abs(o.perMonth! - o.perTask! * 45_000) < 1e-9);
      assert.ok(Math.abs(d.perCall.percent! - ((o.perCall! - now.perCall!) / now.perCall!) * 100) < 1e-9);
      assert.ok(Math.abs(d.perMonth!.percent! - ((o.perMonth! - now.perMonth!) / now.perMonth!) * 100) < 1e-9);
      checked++;
    }
    assert.ok(checked > 10, `${checked}`);
    const mini = options.find((o) => o.model === 'gpt-4.1-mini')!;
    assert.ok(mini.difference!.perMonth!.usd < 0 && mini.difference!.perMonth!.percent! < -50, 'the mini is much cheaper');
  });

  it('leaves out models without tool use or a response schema when the call uses them; an unknown capability is kept, unverified', () => {
    const { options, leftOut } = compareCall(ragAnswer(2_000, { tools: 'TOOLS', structuredOutput: true }), config, { candidates: ['o1-mini', 'gpt-4o-mini', 'acme-llama-3.1-70b'] });
    assert.equal(leftOut.find((l) => l.model === 'o1-mini')?.why, 'no tool use; no structured output');
    assert.deepEqual(options.find((o) => o.model === 'gpt-4o-mini')!.unverified, []);
    const unknown = options.find((o) => o.model === 'acme-llama-3.1-70b')!;
    assert.ok(unknown, 'kept');
    assert.deepEqual(unknown.unverified, ['context window', 'tool use', 'structured output']);
    assert.equal(unknown.tier, undefined);
  });

  it('an embedding call compares embedding models, a chat call chat models', () => {
    const site: CallSite = { ...ragAnswer(0), operation: 'embedding', model: { id: 'text-embedding-3-small' }, outputCap: undefined, parts: [{ role: 'user', message: 0, source: 'literal', text: 'a parcel arrived damaged' }] };
    const models = compareModels(site, config).map((o) => o.model);
    assert.ok(models.includes('text-embedding-3-large'), models.join(' '));
    assert.ok(models.every((m) => modalityOf(m) === 'embedding'), models.join(' '));
    assert.ok(comparableModels('mistral').every((m) => modalityOf(m) === 'chat') && !comparableModels('mistral').includes('mistral-embed'));
  });

  it('notes every row shares are said once', () => {
    const cut = 'automatic caching, but the stable prefix is under its 1,024-token minimum';
    assert.deepEqual(sharedNotes([['2k in', cut], ['2.1k in', cut, 'unverified: tool use'], [cut, '1.9k in']]), { shared: [cut], rows: [['2k in'], ['2.1k in', 'unverified: tool use'], ['1.9k in']] });
    assert.deepEqual(sharedNotes([['a']]), { shared: [], rows: [['a']] });
  });

  it('the tier table agrees with the cheaper-sibling table: each sibling is a smaller tier than the models it stands in for', () => {
    for (const m of ['gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-5', 'gpt-4', 'o1', 'o3', 'claude-opus-4-1', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'gemini-2.5-flash']) {
      const provider = m.startsWith('claude') ? 'anthropic' : m.startsWith('gemini') ? 'google' : 'openai';
      const sibling = cheaperSibling(provider, m)!;
      assert.ok(sibling, m);
      assert.ok(TIER_RANK[tierOf(sibling.sibling)!] < TIER_RANK[tierOf(m)!], `${sibling.sibling} under ${m}`);
    }
    assert.ok(TIERS.length > 0);
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

  it('formats a multiplier as people read it: a third of a task is 0.33, not sixteen digits', () => {
    assert.deepEqual([1, 3, 1 / 3, 2 / 3, 0.05, 1.25, 12.5, 46, Infinity].map(formatPlain), ['1', '3', '0.33', '0.67', '0.05', '1.3', '13', '46', '—']);
  });

  it('formats counts as people read them', () => {
    assert.deepEqual([0, 7, 999, 999.7, 1000, 1500, 9_990, 12_000, 999_999, 2_500_000].map(formatCount), ['0', '7', '999', '1k', '1k', '1.5k', '10k', '12k', '1M', '2.5M']);
  });
});
