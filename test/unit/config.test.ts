import * as assert from 'node:assert/strict';
import { defaultConfig, parseWorkspaceConfig, resolveConfig, stripJsonComments } from '../../src/config/load';
import { LIMITS, manifestProperties, SETTINGS } from '../../src/config/schema';
import { analyzeFile } from '../../src/core/analysis/analyzeFile';
import { loadParsers } from '../../src/core/extract/code/parser';
import { exportReport } from '../../src/core/report/export';
import { buildReport } from '../../src/core/report/report';

describe('settings and .costlens.json', () => {
  it('has a default for every setting that its own schema accepts', () => {
    for (const [key, spec] of Object.entries(SETTINGS)) {
      assert.ok(spec.schema.safeParse(spec.default).success, key);
      assert.ok(spec.description.length > 10, key);
    }
  });

  it('reads nested and dotted keys, with comments', () => {
    const { source, errors } = parseWorkspaceConfig(`{
      // team traffic
      "traffic": { "tasksPerDay": 5000 },
      "cache.hitRate": 0.5, /* measured */
      "pricing": { "overrides": { "gpt-4o": { "input": 2, "output": 8 } } }
    }`);
    assert.deepEqual(errors, []);
    const r = resolveConfig([source]);
    assert.deepEqual(r.errors, []);
    assert.equal(r.values['traffic.tasksPerDay'], 5000);
    assert.equal(r.values['cache.hitRate'], 0.5);
    assert.deepEqual(r.values['pricing.overrides'], { 'gpt-4o': { input: 2, output: 8 } });
    assert.equal(r.values['traffic.daysPerMonth'], 30);
    assert.equal(r.origins['traffic.tasksPerDay'], '.costlens.json');
  });

  it('names the key and the problem of an invalid value, and keeps the rest', () => {
    const { source } = parseWorkspaceConfig(
      JSON.stringify({
        traffic: { tasksPerDay: 'lots', daysPerMonth: 22 },
        pricing: { overrides: { 'gpt-4o': { input: 2, output: 8 }, 'claude-x': { input: -1 }, typo: { inptu: 3 } }, customModels: [{ id: 'a', provider: 'openai', input: 1, output: 2 }, { id: 'b' }] },
        cache: { ttl: '2h' },
        colour: 'blue',
      }),
    );
    const r = resolveConfig([source]);
    const messages = r.errors.map((e) => e.message);
    assert.ok(messages.some((m) => /^traffic\.tasksPerDay is invalid and was ignored \(the default applies\): .*expected number, received string/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^pricing\.overrides\.claude-x is invalid and was ignored: input: Too small/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^pricing\.overrides\.typo is invalid and was ignored: Unrecognized key: "inptu"/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^pricing\.customModels\[1\] is invalid and was ignored: .*provider: Invalid input: expected string/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^cache\.ttl is invalid/.test(m)));
    assert.ok(messages.includes('unknown setting "colour" was ignored'));
    assert.ok(r.errors.every((e) => e.path === '.costlens.json' && e.kind === 'settings'));
    // The rest still works.
    assert.equal(r.values['traffic.tasksPerDay'], 1000);
    assert.equal(r.values['traffic.daysPerMonth'], 22);
    assert.deepEqual(r.values['pricing.overrides'], { 'gpt-4o': { input: 2, output: 8 } });
    assert.equal((r.values['pricing.customModels'] as unknown[]).length, 1);
    assert.equal(r.values['cache.ttl'], '5m');
  });

  it('reports broken JSON with its line and ignores only that file', () => {
    const { source, errors } = parseWorkspaceConfig('{\n  "traffic": {\n    "tasksPerDay": 10,\n  }\n}');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 4);
    assert.match(errors[0].message, /^not valid JSON: .*; its settings were ignored$/);
    assert.deepEqual(source.values, {});
    const notObject = parseWorkspaceConfig('[1,2]');
    assert.match(notObject.errors[0].message, /must be a JSON object/);
  });

  it('lets later sources win and merges maps', () => {
    const file = parseWorkspaceConfig(JSON.stringify({ traffic: { tasksPerDay: 10 }, defaults: { placeholderTokens: { history: 5000 } } })).source;
    const settings = { origin: 'settings', values: { 'traffic.tasksPerDay': 20, 'defaults.placeholderTokens': { uuid: 30 } } };
    const r = resolveConfig([file, settings]);
    assert.equal(r.values['traffic.tasksPerDay'], 20);
    const p = r.values['defaults.placeholderTokens'] as Record<string, number>;
    assert.equal(p.history, 5000);
    assert.equal(p.uuid, 30);
    assert.equal(p['user-data'], (defaultConfig()['defaults.placeholderTokens'] as Record<string, number>)['user-data']);
  });

  it('strips comments but not comment-like text in strings', () => {
    assert.equal(JSON.parse(stripJsonComments('{"a": "http://x//y", /* c */ "b": 1 // d\n}')).a, 'http://x//y');
  });
});

describe('keys that are names of inherited properties', () => {
  it('treats `constructor`, `toString` and `__proto__` as unknown settings, not crashes', () => {
    const { source } = parseWorkspaceConfig('{"constructor": 1, "toString": {"a": 1}, "traffic": {"tasksPerDay": 7}}');
    const r = resolveConfig([source]);
    assert.equal(r.values['traffic.tasksPerDay'], 7);
    assert.ok(r.errors.some((e) => e.message === 'unknown setting "constructor" was ignored'));
    assert.ok(r.errors.some((e) => e.message === 'unknown setting "toString" was ignored'));
  });
});

describe('settings: bounds', () => {
  // Issue 12: `{"traffic": {"tasksPerDay": 1e308}}` was accepted, totals became Infinity (null in
  // JSON) and `--format csv|focus` died with "RangeError: not a finite number".
  const BOUNDED: [string, unknown, unknown, RegExp][] = [
    ['traffic.tasksPerDay', LIMITS.tasksPerDay, 1e308, /must be at most 1,000,000,000,000 \(tasks a day\)/],
    ['traffic.daysPerMonth', 31, 32, /must be at most 31 \(days\)/],
    ['defaults.outputTokens', LIMITS.tokens, LIMITS.tokens + 1, /must be at most 10,000,000 \(tokens\)/],
    ['defaults.uncappedOutputTokens', LIMITS.tokens, 1e300, /must be at most 10,000,000 \(tokens\)/],
    ['defaults.collectionSize', LIMITS.steps, 1e15, /must be at most 1,000,000 \(iterations\)/],
    ['defaults.unboundedSteps', LIMITS.steps, LIMITS.steps + 1, /must be at most 1,000,000 \(iterations\)/],
    ['budgets.perCall', LIMITS.budget, 1e308, /must be at most 1,000,000,000,000 \(USD\)/],
    ['budgets.perTask', LIMITS.budget, 1e308, /must be at most 1,000,000,000,000 \(USD\)/],
    ['budgets.perMonth', LIMITS.budget, 1e308, /must be at most 1,000,000,000,000 \(USD\)/],
    ['budgets.diffPerMonth', LIMITS.budget, 1e308, /must be at most 1,000,000,000,000 \(USD\)/],
    ['budgets.diffPercentPerTask', LIMITS.percent, 1e308, /must be at most 1,000,000 \(percent\)/],
  ];
  const MAPS: [string, unknown, unknown, RegExp][] = [
    ['defaults.placeholderTokens', { history: LIMITS.tokens }, { history: 1e308 }, /^defaults\.placeholderTokens\.history is invalid and was ignored: must be at most 10,000,000 \(tokens\)$/],
    ['pricing.overrides', { 'gpt-4o': { input: LIMITS.usdPerMtok, contextWindow: LIMITS.contextWindow } }, { 'gpt-4o': { input: 1e308 } }, /^pricing\.overrides\.gpt-4o is invalid and was ignored: input: must be at most 1,000,000 \(USD per million tokens\)$/],
    ['pricing.customModels', [{ id: 'm', provider: 'openai', input: 1, output: LIMITS.usdPerMtok }], [{ id: 'm', provider: 'openai', input: 1, output: 1e308 }], /^pricing\.customModels\[0\] is invalid and was ignored: output: must be at most 1,000,000 \(USD per million tokens\)$/],
    ['tokenizers.calibration', { claude: LIMITS.calibration }, { claude: 1e300 }, /^tokenizers\.calibration\.claude is invalid and was ignored: must be at most 100 \(times the reference count\)$/],
    ['rules', { 'rag-chunk-bloat': { options: { chunkTokens: LIMITS.ruleOption } } }, { 'rag-chunk-bloat': { options: { chunkTokens: 1e308 } } }, /^rules\.rag-chunk-bloat is invalid and was ignored: options\.chunkTokens: must be at most 1,000,000,000,000 \(a rule option\)$/],
  ];

  it('bounds every figure that multiplies into the totals, in .costlens.json and in editor settings alike, naming the key and the bound', () => {
    for (const [key, max, over, message] of [...BOUNDED, ...MAPS]) {
      const nested = key.split('.').reduceRight<unknown>((v, k) => ({ [k]: v }), over);
      const fromFile = resolveConfig([parseWorkspaceConfig(JSON.stringify(nested)).source]);
      const fromSettings = resolveConfig([{ origin: 'settings', values: { [key]: over } }]);
      for (const [r, origin] of [[fromFile, '.costlens.json'], [fromSettings, 'settings']] as const) {
        assert.equal(r.errors.length, 1, `${key} from ${origin}: ${JSON.stringify(r.errors)}`);
        assert.equal(r.errors[0].path, origin);
        assert.ok(r.errors[0].message.startsWith(key), r.errors[0].message);
        assert.match(r.errors[0].message, message);
        assert.deepEqual(r.values[key as keyof typeof r.values], defaultConfig()[key as keyof typeof r.values], `${key}: the default applies`);
      }
      const at = resolveConfig([{ origin: 'settings', values: { [key]: max } }]);
      assert.deepEqual(at.errors, [], `${key} at its bound is accepted`);
    }
    // The editor's settings UI knows the bounds too (the manifest is generated from the schema).
    const manifest = manifestProperties();
    assert.equal(manifest['costlens.traffic.tasksPerDay'].maximum, LIMITS.tasksPerDay);
    assert.equal(manifest['costlens.traffic.daysPerMonth'].maximum, 31);
  });

  it('with every bounded setting at its bound, the figures stay finite and every export format writes them', async () => {
    await loadParsers();
    const values: Record<string, unknown> = {};
    for (const [key, max] of [...BOUNDED, ...MAPS]) if (!key.startsWith('budgets.')) values[key] = max;
    values['defaults.placeholderTokens'] = Object.fromEntries(Object.keys(defaultConfig()['defaults.placeholderTokens']).map((k) => [k, LIMITS.tokens]));
    values['pricing.overrides'] = Object.fromEntries(['gpt-4o', 'claude-sonnet-4-5'].map((m) => [m, { input: LIMITS.usdPerMtok, cachedInput: LIMITS.usdPerMtok, cacheWrite5m: LIMITS.usdPerMtok, cacheWrite1h: LIMITS.usdPerMtok, output: LIMITS.usdPerMtok }]));
    values['tokenizers.calibration'] = { claude: LIMITS.calibration };
    const r = resolveConfig([{ origin: 'settings', values }]);
    assert.deepEqual(r.errors, []);
    // History growing in nested loops of unknown size, placeholders, a call with no output cap.
    const code = [
      'import anthropic',
      'from openai import OpenAI',
      'client = OpenAI()',
      'claude = anthropic.Anthropic()',
      'def agent(items, question, docs):',
      '    messages = [{"role": "system", "content": f"Today {question} {docs}"}]',
      '    for item in items:',
      '        while True:',
      '            r = claude.messages.create(model="claude-sonnet-4-5", messages=messages)',
      '            messages.append({"role": "assistant", "content": r.content})',
      '    return client.chat.completions.create(model="gpt-4o", messages=messages)',
      '',
    ].join('\n');
    const a = analyzeFile('agent.py', code, { config: r.values });
    assert.equal(a.callSites.length, 2);
    const report = buildReport([a], r.values);
    const numbers: number[] = [];
    JSON.stringify(report, (_, v: unknown) => (typeof v === 'number' && numbers.push(v), v));
    assert.ok(numbers.length > 50 && numbers.every(Number.isFinite), 'every figure of the report is finite');
    assert.ok(report.totals.usdPerMonth.high > 1e20, 'the bounds are generous');
    for (const format of ['json', 'csv', 'markdown', 'focus'] as const) assert.ok(exportReport(report, format).length > 100, format);
  });
});
