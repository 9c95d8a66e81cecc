// The rule tester: every rule has a registry entry, a docs page with the four sections, and
// fixtures — files that fire (lines marked `expect: <rule-id>`), files that do not, and the exact
// text after its fixes (`<file>.fixed`).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, resolveConfig } from '../../src/config/load';
import { analyzeFile } from '../../src/core/analysis/analyzeFile';
import { warmUp } from '../../src/core/analysis/warmUp';
import { loadParsers } from '../../src/core/extract/code/parser';
import { applyEdits } from '../../src/core/rules/applyFixes';
import { RULES } from '../../src/core/rules/index';

const root = path.join(__dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures/rules');
const config = defaultConfig();

describe('rules', () => {
  // Warm as the editor is before its first analysis: a cold tokenizer and catalogue would be charged
  // to whichever fixture runs first, against its time budget, on a loaded machine.
  before(async () => {
    await loadParsers();
    await warmUp(config);
  });

  it('the registry is sorted, and every rule has its file, docs page and fixtures', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual(ids, [...ids].sort(), 'registry sorted by id');
    for (const rule of RULES) {
      const id = rule.meta.id;
      assert.match(id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(existsSync(path.join(root, `src/core/rules/${id}.ts`)), `src/core/rules/${id}.ts`);
      const doc = path.join(root, `docs/rules/${id}.md`);
      assert.ok(existsSync(doc), `docs/rules/${id}.md`);
      const text = readFileSync(doc, 'utf8');
      for (const section of ['## What it does', '## Why it costs', '## Example', '## Fix']) assert.ok(text.includes(section), `${id}: docs lack "${section}"`);
      const dir = path.join(fixtures, id);
      assert.ok(existsSync(dir), `test/fixtures/rules/${id}/`);
      const files = readdirSync(dir);
      assert.ok(files.some((f) => f.startsWith('fires.')), `${id}: a fixture that fires`);
      assert.ok(files.some((f) => f.startsWith('no-fire.')), `${id}: a fixture that does not fire`);
      if (rule.meta.fixable) assert.ok(files.some((f) => f.endsWith('.fixed')), `${id}: a fixture with the text after the fix`);
    }
  });

  for (const rule of RULES) {
    const id = rule.meta.id;
    const dir = path.join(fixtures, id);
    if (!existsSync(dir)) continue;
    // A rule's fixtures may set settings (dotted keys) in config.json, e.g. budgets.
    const configFile = path.join(dir, 'config.json');
    const ruleConfig = existsSync(configFile) ? resolveConfig([{ origin: configFile, values: JSON.parse(readFileSync(configFile, 'utf8')) }]).values : config;
    for (const file of readdirSync(dir).filter((f) => !f.endsWith('.fixed') && f !== 'config.json')) {
      it(`${id}: ${file}`, () => {
        const text = readFileSync(path.join(dir, file), 'utf8');
        const analysis = analyzeFile(file, text, { config: ruleConfig });
        assert.deepEqual(analysis.errors, []);
        const found = analysis.findings.filter((f) => f.ruleId === id);
        // `expect: <id>` on the line of the finding, or `expect-next-line: <id>` on the line above it.
        const expected = text
          .split('\n')
          .map((l, i) => (new RegExp(`expect: ${id}\\b`).test(l) ? i + 1 : new RegExp(`expect-next-line: ${id}\\b`).test(l) ? i + 2 : 0))
          .filter(Boolean);
        assert.deepEqual(found.map((f) => f.line).sort((a, b) => a - b), expected, found.map((f) => f.message).join('\n'));
        for (const f of found) {
          assert.ok(f.message.length > 20);
          assert.ok(f.span.start >= 0 && f.span.end <= text.length);
        }
        const fixedPath = path.join(dir, `${file}.fixed`);
        if (existsSync(fixedPath)) {
          const edits = found.flatMap((f) => f.fixes.flatMap((x) => x.edits));
          assert.ok(edits.length > 0, 'the fix produces edits');
          const fixed = applyEdits(text, edits);
          assert.equal(fixed.text, readFileSync(fixedPath, 'utf8'));
          // The fixed text parses and no longer fires.
          const again = analyzeFile(file, fixed.text, { config: ruleConfig });
          assert.deepEqual(again.findings.filter((f) => f.ruleId === id), []);
        }
      });
    }
  }

  it('missing-output-cap leaves embeddings and transcriptions alone: they are found, and have no output to cap', () => {
    for (const file of ['no-fire.py', 'no-fire.ts']) {
      const text = readFileSync(path.join(fixtures, 'missing-output-cap', file), 'utf8');
      const analysis = analyzeFile(file, text, { config });
      const uncapped = analysis.callSites.filter((c) => c.operation === 'embedding' || c.operation === 'audio');
      assert.ok(uncapped.length >= (file.endsWith('.py') ? 3 : 1), `${file}: the embedding/audio calls are found (${analysis.callSites.map((c) => `${c.line}:${c.operation ?? 'chat'}`).join(', ')})`);
      assert.ok(uncapped.every((c) => !c.outputCap));
      assert.deepEqual(analysis.findings.filter((f) => f.ruleId === 'missing-output-cap'), []);
    }
  });

  it('an Anthropic system prompt with per-request values is split in blocks: one edit fixes volatile-prefix and cache-breakpoint-missing, neither fires after', () => {
    const cases: [string, boolean][] = [
      ['volatile-prefix/fires-anthropic.py', true],
      ['volatile-prefix/fires-anthropic.ts', true],
      // A helper's return value may be read elsewhere as text: offered, not applied by `--fix`.
      ['volatile-prefix/fires-helper.py', false],
      ['cache-breakpoint-missing/fires-volatile.py', true],
      ['cache-breakpoint-missing/fires-volatile.ts', true],
    ];
    for (const [file, safe] of cases) {
      const text = readFileSync(path.join(fixtures, file), 'utf8');
      const found = analyzeFile(path.basename(file), text, { config }).findings.filter((f) => f.ruleId === 'volatile-prefix' || f.ruleId === 'cache-breakpoint-missing');
      assert.equal(found.length, 1, file);
      assert.deepEqual(found[0].fixes.map((x) => x.safe), [safe], file);
      const fixed = applyEdits(text, found[0].fixes[0].edits).text;
      // The stable text first, in its own block with the breakpoint; the per-request lines after it.
      assert.match(fixed, /text["']?: POLICY, ["']?cache_control["']?: \{ ?["']?type["']?: ["']ephemeral["'] ?\} ?\}/, file);
      const again = analyzeFile(path.basename(file), fixed, { config });
      assert.deepEqual(again.errors, [], file);
      assert.deepEqual(again.findings.filter((f) => f.ruleId === 'volatile-prefix' || f.ruleId === 'cache-breakpoint-missing').map((f) => f.message), [], file);
      const site = again.callSites[0];
      assert.equal(site.cacheMarkers.length, 1, `${file}: one breakpoint`);
      assert.ok(site.parts.slice(0, site.cacheMarkers[0].afterPart + 1).every((p) => !p.dynamic?.volatile), `${file}: nothing per-request before the breakpoint`);
    }
  });

  it('severity and options come from settings; "off" silences a rule', async () => {
    const { resolveConfig } = await import('../../src/config/load');
    const text = readFileSync(path.join(fixtures, 'missing-output-cap/fires.py'), 'utf8');
    const off = resolveConfig([{ origin: 't', values: { rules: { 'missing-output-cap': 'off' } } }]).values;
    assert.equal(analyzeFile('a.py', text, { config: off }).findings.filter((f) => f.ruleId === 'missing-output-cap').length, 0);
    const custom = resolveConfig([{ origin: 't', values: { rules: { 'missing-output-cap': { severity: 'error', options: { cap: 256 } } } } }]).values;
    const f = analyzeFile('a.py', text, { config: custom }).findings.filter((x) => x.ruleId === 'missing-output-cap');
    assert.equal(f[0].severity, 'error');
    assert.equal(f[0].fixes[0].edits[0].newText, ', max_completion_tokens=256');
  });

  it('applies edits in order and skips overlapping ones', () => {
    const r = applyEdits('abcdef', [
      { span: { start: 4, end: 5 }, newText: 'E' },
      { span: { start: 1, end: 2 }, newText: 'B' },
      { span: { start: 1, end: 3 }, newText: 'X' },
    ]);
    assert.equal(r.text, 'aBcdEf');
    assert.equal(r.skipped, 1);
  });
});
