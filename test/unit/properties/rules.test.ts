// Properties of the rules and their fixes: every rule runs on any analysis without failing, its
// findings lie inside the text with finite numbers, and every fix — applied alone, or all of a
// file's fixes together as `costlens check --fix-unsafe` does — leaves text the same parser still
// reads (no new syntax error, no internal error). applyEdits itself: any edits, any order.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeFile } from '../../../src/core/analysis/analyzeFile';
import { isPromptFile, parsePromptFile } from '../../../src/core/extract/promptFiles/index';
import { languageOf, loadParsers, parse } from '../../../src/core/extract/code/parser';
import type { TextEdit } from '../../../src/core/model';
import { applyEdits } from '../../../src/core/rules/applyFixes';
import { RULES } from '../../../src/core/rules/index';
import { runRules } from '../../../src/core/rules/run';
import { config as configArb } from './configs';
import { anyFile } from './grammars';
import { assertNoInternalErrors, assertSpansInside, excerpt, mutated, params, timeoutOf } from './harness';

const offset = (length: number) => fc.oneof(fc.integer({ min: 0, max: Math.min(length, 3) }), fc.integer({ min: -2, max: length + 2 }));

const RULE_IDS = new Set([...RULES.map((r) => r.meta.id), 'invalid-prompt-file']);

/** Syntax errors the parser itself sees: tree-sitter's ERROR/MISSING nodes, or a prompt file's fatal findings. */
function syntaxErrors(path: string, text: string): number {
  const lang = languageOf(path);
  if (lang) {
    const tree = parse(lang, text);
    try {
      return tree.rootNode.hasError ? 1 : 0;
    } finally {
      tree.delete();
    }
  }
  if (isPromptFile(path)) return parsePromptFile(path, text)!.findings.filter((f) => f.severity === 'error').length;
  return 0;
}

describe('properties: rules and fixes', function () {
  this.timeout(timeoutOf(90_000));
  before(() => loadParsers());

  it('runRules and every rule\'s fixes: findings inside the text, finite numbers; each fix and all fixes together keep the text parseable', () => {
    const fired = new Map<string, number>();
    const fixed = new Map<string, number>();
    fc.assert(
      fc.property(anyFile.chain((f) => mutated(fc.constant(f.text)).map((m) => ({ path: f.path, ...m }))), configArb, ({ path, text }, config) => {
        const a = analyzeFile(path, text, { config });
        assertNoInternalErrors(a.errors, `${path} ${excerpt(text)}`);
        // The rules again, directly: the same findings as the analysis holds.
        const direct = runRules({ path, text, callSites: a.callSites, estimates: a.estimates, tasks: a.tasks, config, retrieval: a.retrieval ?? [], chunks: a.chunks ?? [] });
        assert.deepEqual(direct, a.findings.filter((f) => f.ruleId !== 'invalid-prompt-file'));
        assertSpansInside(a.findings, text, path, 'findings');
        for (const f of a.findings) {
          assert.ok(RULE_IDS.has(f.ruleId), `unknown rule id ${f.ruleId}`);
          assert.doesNotMatch(f.message, /^rule \S+ failed:/, `a rule threw: ${f.message}`);
          assert.ok(f.message.trim().length > 0);
          for (const k of ['tokensAtStake', 'usdPerCallAtStake', 'usdPerMonthAtStake'] as const) {
            const v = f[k];
            if (v !== undefined) assert.ok(Number.isFinite(v) && v >= 0, `${f.ruleId}: ${k} = ${v} in ${excerpt(text)}`);
          }
          fired.set(f.ruleId, (fired.get(f.ruleId) ?? 0) + 1);
        }
        const before = syntaxErrors(path, text);
        const own = (e: TextEdit) => !e.path || e.path === path;
        const all: TextEdit[] = [];
        for (const f of a.findings) {
          for (const fix of f.fixes) {
            assert.ok(fix.title.trim().length > 0 && fix.edits.length > 0, `${f.ruleId}: a fix has a title and edits`);
            const edits = fix.edits.filter(own);
            all.push(...edits);
            const r = applyEdits(text, edits);
            assert.equal(r.skipped, 0, `${f.ruleId}: "${fix.title}" has edits that overlap or fall outside the text`);
            const again = analyzeFile(path, r.text, { config });
            assertNoInternalErrors(again.errors, `after "${fix.title}" (${f.ruleId}) ${excerpt(r.text)}`);
            if (before === 0) assert.equal(syntaxErrors(path, r.text), 0, `"${fix.title}" (${f.ruleId}) breaks the syntax: ${excerpt(r.text, 3000)}`);
            fixed.set(f.ruleId, (fixed.get(f.ruleId) ?? 0) + 1);
          }
        }
        if (all.length) {
          const r = applyEdits(text, all);
          const again = analyzeFile(path, r.text, { config });
          assertNoInternalErrors(again.errors, `after all fixes ${excerpt(r.text)}`);
          if (before === 0) assert.equal(syntaxErrors(path, r.text), 0, `all fixes together break the syntax: ${excerpt(r.text, 3000)}`);
        }
      }),
      params(150),
    );
    // The generators reach every rule (a property over inputs that never fire a rule proves little).
    if (!process.env.FUZZ_SEED) {
      for (const rule of RULES) assert.ok(fired.has(rule.meta.id), `no generated input fired ${rule.meta.id}; fired: ${JSON.stringify(Object.fromEntries(fired))}`);
      for (const rule of RULES.filter((r) => r.meta.fixable)) assert.ok(fixed.has(rule.meta.id), `no generated input had a fix of ${rule.meta.id}`);
    }
  });

  it('applyEdits: never throws, counts every edit, keeps the text outside the edits, and does not depend on the order of the edits', () => {
    const text = fc.string({ unit: 'binary', maxLength: 60 });
    fc.assert(
      fc.property(
        text.chain((t) =>
          fc.tuple(
            fc.constant(t),
            // Offsets drawn from a few positions half of the time, so edits often touch or coincide.
            fc.array(fc.record({ span: fc.tuple(offset(t.length), offset(t.length)).map(([start, end]) => ({ start, end })), newText: fc.constantFrom('', 'a', ', max_tokens=1024', '\n', '"') }), { maxLength: 6 }),
            fc.infiniteStream(fc.nat()),
          ),
        ),
        ([t, edits, order]) => {
          const r = applyEdits(t, edits);
          assert.equal(r.applied + r.skipped, edits.length);
          // Any permutation of the same edits: the same result.
          const shuffled = edits.map((e, i) => ({ e, k: order.next().value ?? i })).sort((a, b) => a.k - b.k).map((x) => x.e);
          assert.deepEqual(applyEdits(t, shuffled), r, 'the order of the edits changes the result');
          if (edits.length === 0) assert.equal(r.text, t);
          const valid = edits.filter((e) => e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= t.length);
          if (valid.length === 1 && edits.length === 1) assert.equal(r.text, t.slice(0, valid[0].span.start) + valid[0].newText + t.slice(valid[0].span.end));
        },
      ),
      params(1000),
    );
  });
});
