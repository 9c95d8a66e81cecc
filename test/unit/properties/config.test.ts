// Properties of settings and `.costlens.json` validation: any text, any values — never an
// exception, every resolved value valid by its schema (a bad value is reported and the default
// applies), errors that name what is wrong, the same answer twice.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseWorkspaceConfig, resolveConfig } from '../../../src/config/load';
import { SETTINGS, SettingSpec } from '../../../src/config/schema';
import { settingsValues } from './configs';
import { mutated, params, timeoutOf } from './harness';

const KEYS = Object.keys(SETTINGS);

/** Setting keys, their prefixes, unknown keys and the names that pollute prototypes. */
const key = fc.oneof({ arbitrary: fc.constantFrom(...KEYS), weight: 4 }, fc.constantFrom('traffic', 'defaults', 'budgets', 'rules.missing-output-cap', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$schema', ''), fc.string({ maxLength: 10 }));

/** Any JSON value, sometimes deeply nested. */
const value: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, -1, 1e308, -0, 0.5, '', 'off', 'warning', null, true, [], {}), fc.integer({ min: 1, max: 300 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n))));

/** `.costlens.json` text: nested or dotted keys, valid values or anything, comments. */
const workspaceJson: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(settingsValues, fc.dictionary(key, value, { maxKeys: 6 })), fc.boolean(), fc.boolean())
  .map(([values, nested, comments]) => {
    let obj: Record<string, unknown> = values;
    if (nested) {
      obj = {};
      for (const [k, v] of Object.entries(values)) {
        const parts = k.split('.');
        let cur = obj;
        for (const p of parts.slice(0, -1)) cur = (cur[p] = typeof cur[p] === 'object' && cur[p] !== null ? cur[p] : {}) as Record<string, unknown>;
        cur[parts[parts.length - 1]] = v;
      }
    }
    const text = JSON.stringify(obj, null, 2);
    return comments ? `// CostLens settings\n/* traffic from the dashboard */\n${text.replace(/,\n/g, ', // note\n')}` : text;
  });

function checkResolved(r: ReturnType<typeof resolveConfig>): void {
  for (const [k, v] of Object.entries(r.values)) {
    const spec = (SETTINGS as Record<string, SettingSpec>)[k];
    if (!spec) continue;
    const parsed = spec.schema.safeParse(v);
    assert.ok(parsed.success, `${k} = ${JSON.stringify(v)} is not valid after validation`);
  }
  for (const e of r.errors) assert.ok(e.kind === 'settings' && e.message.trim().length > 0, `error ${JSON.stringify(e)}`);
  assert.equal(Object.getPrototypeOf(r.values), Object.prototype, 'the values object keeps its prototype');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
}

describe('properties: settings and .costlens.json', function () {
  this.timeout(timeoutOf(60_000));

  it('parseWorkspaceConfig + resolveConfig: never throw, resolved values valid, errors located, deterministic', () => {
    fc.assert(
      fc.property(mutated(workspaceJson), ({ text }) => {
        const parsed = parseWorkspaceConfig(text);
        for (const e of parsed.errors) {
          assert.ok(e.message.trim().length > 0);
          if (e.line !== undefined) assert.ok(e.line >= 1 && e.line <= text.split('\n').length, `error line ${e.line}`);
        }
        const r = resolveConfig([parsed.source]);
        checkResolved(r);
        assert.deepEqual(parseWorkspaceConfig(text), parsed);
        assert.deepEqual(resolveConfig([parsed.source]), r);
      }),
      params(400),
    );
  });

  it('resolveConfig: any values from any sources — valid values applied, the rest reported', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ origin: fc.constantFrom('settings', '.costlens.json', 'a/b.json'), values: fc.oneof(settingsValues, fc.dictionary(key, value, { maxKeys: 6 })) }), { maxLength: 3 }), (sources) => {
        const r = resolveConfig(sources);
        checkResolved(r);
        // A valid value of the last source that sets a key wins.
        for (const k of KEYS) {
          const last = [...sources].reverse().find((s) => Object.prototype.hasOwnProperty.call(s.values, k) && s.values[k] !== undefined);
          const spec = (SETTINGS as Record<string, SettingSpec>)[k];
          if (last && !spec.entry && spec.schema.safeParse(last.values[k]).success) assert.deepEqual((r.values as Record<string, unknown>)[k], spec.schema.parse(last.values[k]), k);
        }
        assert.deepEqual(resolveConfig(sources), r);
      }),
      params(400),
    );
  });
});
