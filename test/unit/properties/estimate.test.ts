// Properties of the estimator (estimateCallSite) and of compareModels, on the call sites the
// extractors make of generated code and prompt files and on call sites built directly, with
// generated settings: every figure finite and non-negative, low ≤ expected ≤ high, cached and
// written tokens within the input, the same answer twice.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractFile } from '../../../src/core/analysis/extractFile';
import { compareModels } from '../../../src/core/estimate/compare';
import { estimateCallSite } from '../../../src/core/estimate/estimate';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { MAX_CALLS_PER_TASK } from '../../../src/core/extract/code/loops';
import type { CallSite, DynamicKind, Estimate, PromptPart, Role } from '../../../src/core/model';
import { config as configArb } from './configs';
import { anyFile, modelId, prose } from './grammars';
import { assertRange, breakingText, mutated, params, timeoutOf } from './harness';

function checkEstimate(e: Estimate, where: string): void {
  for (const [k, v] of Object.entries(e.tokens)) assert.ok(Number.isFinite(v) && v >= 0, `${where}: tokens.${k} = ${v}`);
  assert.ok(e.tokens.cachedInput + e.tokens.cacheWrite <= e.tokens.input, `${where}: cached ${e.tokens.cachedInput} + written ${e.tokens.cacheWrite} > input ${e.tokens.input}`);
  assert.equal(e.tokens.input, e.inputRange.expected);
  assert.equal(e.tokens.output, e.outputRange.expected);
  assertRange(e.inputRange, `${where}.inputRange`);
  assertRange(e.outputRange, `${where}.outputRange`);
  if (e.usd) {
    assertRange(e.usd.perCall, `${where}.usd.perCall`);
    assertRange(e.usd.perCallNoCache, `${where}.usd.perCallNoCache`);
    assertRange(e.usd.perTask, `${where}.usd.perTask`);
  }
  if (e.prices) for (const [k, v] of Object.entries(e.prices)) assert.ok(Number.isFinite(v) && v >= 0, `${where}: prices.${k} = ${v}`);
  if (e.growthPerStep !== undefined) assert.ok(Number.isFinite(e.growthPerStep) && e.growthPerStep >= 0);
  for (const a of e.assumptions) assert.ok(a.text.trim().length > 0 && !/NaN|undefined|Infinity/.test(a.text), `${where}: assumption ${JSON.stringify(a.text)}`);
}

const ROLES: Role[] = ['system', 'user', 'assistant', 'tool', 'context'];
const KINDS: DynamicKind[] = ['interpolated', 'timestamp', 'uuid', 'user-data', 'retrieved-documents', 'history', 'tool-output', 'unknown'];
const tokens = fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.constantFrom(0, 1, 1024, 4096, 200_000));

const part: fc.Arbitrary<PromptPart> = fc.record(
  {
    role: fc.constantFrom(...ROLES),
    message: fc.integer({ min: 0, max: 6 }),
    source: fc.constantFrom('literal' as const, 'template' as const, 'file' as const, 'unknown' as const),
    text: fc.oneof(prose, breakingText),
    dynamic: fc.option(
      fc.record(
        {
          kind: fc.constantFrom(...KINDS),
          name: fc.constantFrom('question', 'datetime.now()', 'docs', 'history', ''),
          volatile: fc.boolean(),
          size: fc.option(fc.tuple(tokens, tokens, tokens).map(([a, b, c]) => [a, b, c].sort((x, y) => x - y)).map(([low, expected, high]) => ({ low, expected, high, basis: 'generated' })), { nil: undefined }),
        },
        { requiredKeys: ['kind', 'name', 'volatile'] },
      ),
      { nil: undefined },
    ),
  },
  { requiredKeys: ['role', 'message', 'source', 'text'] },
);

/** A call site as the extractors make them: any model, parts, cap, markers and multiplier within the model's invariants. */
const callSite: fc.Arbitrary<CallSite> = fc
  .record({
    model: fc.option(modelId, { nil: undefined }),
    provider: fc.constantFrom('openai', 'anthropic', 'google', 'mistral', 'unknown', 'azure', 'bedrock'),
    parts: fc.array(part, { maxLength: 8 }),
    cap: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: undefined }),
    markers: fc.array(fc.record({ afterPart: fc.integer({ min: 0, max: 9 }), ttl: fc.constantFrom('5m' as const, '1h' as const) }), { maxLength: 5 }),
    steps: fc.tuple(fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(1e6, MAX_CALLS_PER_TASK)), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })),
    historyGrows: fc.boolean(),
    unbounded: fc.boolean(),
  })
  .map((g) => {
    const [min, expected, max] = [...g.steps].sort((a, b) => a - b);
    return {
      key: 'a.py#f#0',
      kind: 'code',
      path: 'a.py',
      span: { start: 0, end: 1 },
      line: 1,
      provider: g.provider,
      api: 'chat.completions',
      model: g.model === undefined ? { unresolvedReason: 'model is a parameter' } : { id: g.model },
      parts: g.parts,
      ...(g.cap !== undefined ? { outputCap: { tokens: g.cap, param: 'max_tokens' } } : {}),
      params: {},
      cacheMarkers: g.markers.filter((m) => m.afterPart < Math.max(1, g.parts.length)),
      multiplier: { min, expected, max, reason: 'generated', ...(g.unbounded ? { unbounded: true } : {}) },
      historyGrows: g.historyGrows,
    } satisfies CallSite;
  });

/** Call sites the extractors found in a generated file. */
const extracted: fc.Arbitrary<CallSite[]> = anyFile
  .chain((f) => mutated(fc.constant(f.text)).map((m) => ({ path: f.path, text: m.text })))
  .map(({ path, text }) => extractFile(path, text, { config: configOfDefaults }).callSites);

let configOfDefaults: Parameters<typeof extractFile>[2]['config'];

describe('properties: estimator', function () {
  this.timeout(timeoutOf(60_000));
  before(async () => {
    await loadParsers();
    configOfDefaults = (await import('../../../src/config/load')).defaultConfig();
  });

  it('estimateCallSite: finite, non-negative, low ≤ expected ≤ high, cached within the input, deterministic', () => {
    fc.assert(
      fc.property(fc.oneof(extracted, fc.array(callSite, { minLength: 1, maxLength: 3 })), configArb, (sites, config) => {
        for (const site of sites) {
          const e = estimateCallSite(site, { config });
          checkEstimate(e, site.key);
          assert.deepEqual(estimateCallSite(site, { config }), e, 'the same call site gives the same estimate');
        }
      }),
      params(150),
    );
  });

  it('compareModels: every option a valid estimate, the current model listed, cheapest first, deterministic', () => {
    fc.assert(
      fc.property(fc.oneof(extracted, fc.array(callSite, { minLength: 1, maxLength: 2 })), configArb, fc.option(fc.array(modelId, { maxLength: 4 }), { nil: undefined }), (sites, config, candidates) => {
        for (const site of sites.slice(0, 2)) {
          const options = compareModels(site, config, candidates);
          for (const o of options) checkEstimate(o.estimate, `${site.key} on ${o.model}`);
          if (site.model.id) assert.ok(options.some((o) => o.model === site.model.id), `the current model ${site.model.id} is listed`);
          assert.ok(options.filter((o) => o.current).length <= 1, 'one current model at most');
          // Grouped by tier; in each group cheapest first, unpriced last.
          const groups = new Map<string, number[]>();
          let last: string | undefined;
          for (const o of options) {
            const tier = o.tier ?? 'unknown';
            assert.ok(tier === last || !groups.has(tier), `the ${tier} tier in one group`);
            groups.set(tier, [...(groups.get(tier) ?? []), o.perCall ?? Infinity]);
            last = tier;
          }
          for (const priced of groups.values()) assert.deepEqual(priced, [...priced].sort((a, b) => a - b), 'cheapest first, unpriced last');
          assert.deepEqual(compareModels(site, config, candidates), options);
        }
      }),
      params(100),
    );
  });
});
