// Generated settings, as a user could write them in `.costlens.json` or VS Code's settings.json:
// valid values in realistic ranges (budgets low enough for findings to fire, a small context
// window, rule severities and options), resolved through resolveConfig like the real ones.
import fc from 'fast-check';
import { ConfigValues, resolveConfig } from '../../../src/config/load';
import { RULES } from '../../../src/core/rules/index';

const severity = fc.constantFrom('off', 'error', 'warning', 'info', 'hint');
const ruleIds = RULES.map((r) => r.meta.id);

/** Raw settings values (dotted keys), valid and in realistic ranges. */
export const settingsValues: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    'traffic.tasksPerDay': fc.double({ min: 0.01, max: 1e7, noNaN: true }),
    'traffic.daysPerMonth': fc.constantFrom(1, 28, 30, 31),
    'defaults.outputTokens': fc.integer({ min: 1, max: 8000 }),
    'defaults.uncappedOutputTokens': fc.integer({ min: 1, max: 64000 }),
    'defaults.placeholderTokens': fc.dictionary(fc.constantFrom('interpolated', 'timestamp', 'uuid', 'user-data', 'retrieved-documents', 'history', 'tool-output', 'unknown'), fc.integer({ min: 0, max: 100000 })),
    'defaults.collectionSize': fc.integer({ min: 1, max: 1000 }),
    'defaults.unboundedSteps': fc.integer({ min: 1, max: 1000 }),
    'cache.hitRate': fc.double({ min: 0, max: 1, noNaN: true }),
    'cache.ttl': fc.constantFrom('5m', '1h'),
    'pricing.overrides': fc.dictionary(fc.constantFrom('gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'openai:gpt-4.1', 'my-finetune'), fc.record({ input: fc.double({ min: 0, max: 100, noNaN: true }), output: fc.double({ min: 0, max: 400, noNaN: true }), contextWindow: fc.integer({ min: 1, max: 2_000_000 }) }, { requiredKeys: [] })),
    'pricing.customModels': fc.array(fc.record({ id: fc.constantFrom('my-finetune', 'llama-3.1-70b', 'gpt-4o'), provider: fc.constantFrom('openai', 'anthropic', 'together'), input: fc.double({ min: 0, max: 50, noNaN: true }), output: fc.double({ min: 0, max: 50, noNaN: true }) }), { maxLength: 2 }),
    'pricing.batch': fc.boolean(),
    'tokenizers.calibration': fc.dictionary(fc.constantFrom('claude', 'gemini', 'llama', 'unknown'), fc.double({ min: 0.1, max: 5, noNaN: true })),
    'budgets.perCall': fc.option(fc.double({ min: 1e-7, max: 10, noNaN: true })),
    'budgets.perTask': fc.option(fc.double({ min: 1e-6, max: 100, noNaN: true })),
    'budgets.perMonth': fc.option(fc.double({ min: 1e-3, max: 1e6, noNaN: true })),
    rules: fc.dictionary(fc.constantFrom(...ruleIds), fc.oneof(severity, fc.record({ severity, options: fc.dictionary(fc.constantFrom('cap', 'maxOutputTokens', 'maxChunks', 'maxContextTokens', 'minTokens'), fc.oneof(fc.integer({ min: 1, max: 100000 }), fc.boolean())) }, { requiredKeys: [] }))),
  },
  { requiredKeys: [] },
);

/** Settings resolved over the defaults; half of the time the defaults alone. */
export const config: fc.Arbitrary<ConfigValues> = fc.oneof(fc.constant({}), settingsValues).map((values) => resolveConfig([{ origin: 'generated', values }]).values);
