import * as assert from 'node:assert/strict';
import { defaultConfig, parseWorkspaceConfig, resolveConfig, stripJsonComments } from '../../src/config/load';
import { SETTINGS } from '../../src/config/schema';

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
