// Properties of a file's whole analysis (analyzeFile) and of re-analysis after edits
// (IncrementalAnalyzer): never an exception or an internal error, spans inside the text, estimates
// finite, the same result twice, and after any sequence of edits the same result as a fresh analysis.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultConfig } from '../../../src/config/load';
import { analyzeFile, FileAnalysis } from '../../../src/core/analysis/analyzeFile';
import { IncrementalAnalyzer } from '../../../src/core/analysis/incremental';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertNoInternalErrors, assertRange, assertSpansInside, excerpt, mutate, mutated, mutation, params, timeoutOf } from './harness';
import { anyFile, codeFile } from './grammars';

const config = defaultConfig();

export function checkAnalysis(a: FileAnalysis, path: string, text: string): void {
  assertNoInternalErrors(a.errors, `${path} ${excerpt(text)}`);
  assertSpansInside(a, text, path);
  for (const [key, e] of a.estimates) {
    assert.ok(a.callSites.some((c) => c.key === key), `estimate ${key} belongs to a call site`);
    for (const [k, v] of Object.entries(e.tokens)) assert.ok(Number.isFinite(v) && v >= 0, `${key}: tokens.${k} = ${v}`);
    assertRange(e.inputRange, `${key}.inputRange`);
    assertRange(e.outputRange, `${key}.outputRange`);
    assertRange(e.usd?.perCall, `${key}.usd.perCall`);
    assertRange(e.usd?.perCallNoCache, `${key}.usd.perCallNoCache`);
    assertRange(e.usd?.perTask, `${key}.usd.perTask`);
  }
  for (const f of a.findings) assert.ok(f.message.trim().length > 0, `${f.ruleId}: a finding says what it found`);
}

/** What must not depend on how the analysis got there (fresh or incremental). */
function essence(a: FileAnalysis) {
  return { callSites: a.callSites, tasks: a.tasks, estimates: a.estimates, findings: a.findings, retrieval: a.retrieval ?? [], chunks: a.chunks ?? [], errors: a.errors };
}

describe('properties: file analysis', function () {
  this.timeout(timeoutOf(60_000));
  before(() => loadParsers());

  it('analyzeFile: never throws, no internal errors, spans inside the text, finite estimates, deterministic', () => {
    fc.assert(
      fc.property(anyFile.chain((f) => mutated(fc.constant(f.text)).map((m) => ({ path: f.path, ...m }))), ({ path, text }) => {
        const a = analyzeFile(path, text, { config });
        checkAnalysis(a, path, text);
        assert.deepEqual(analyzeFile(path, text, { config }), a, 'the same text gives the same analysis');
      }),
      params(150),
    );
  });

  it('IncrementalAnalyzer: after each edit, the same analysis as a fresh one of the same text', () => {
    // Edits as typing makes them: small insertions, deletions and pastes anywhere, in sequence.
    const typing = fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom(' ', '\n', '0', '7', 'x', '  # costlens: steps=3', '  // costlens: id=a', '\n\n', '-mini', ', max_tokens=5') });
    const edits = fc.array(fc.array(fc.oneof(mutation, { arbitrary: typing, weight: 3 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(codeFile, edits, ({ path, text }, steps) => {
        const inc = new IncrementalAnalyzer();
        try {
          let t = text;
          checkAnalysis(inc.analyze(path, 0, t, config), path, t);
          steps.forEach((m, v) => {
            t = mutate(t, m);
            const got = inc.analyze(path, v + 1, t, config);
            checkAnalysis(got, path, t);
            const fresh = analyzeFile(path, t, { config });
            assert.deepEqual(essence(got), essence(fresh), `edit ${v + 1}: incremental and fresh analyses differ for ${excerpt(t)}`);
          });
        } finally {
          inc.dispose();
        }
      }),
      params(60),
    );
  });
});
