import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// scripts/corpusReal.mjs run as a user runs it, with the built CLI, on a small checkout with labels
// (test/fixtures/corpus-real): seven labelled calls, one a line above its call (matched), one three
// lines above (a miss), one with the wrong model, one a test double, one whose model the code does not
// say; one unlabelled call (a false positive) and one in a file outside the sample (not counted).
const root = path.join(__dirname, '../../..');
const script = path.join(root, 'scripts/corpusReal.mjs');

describe('corpus:real scoring script', () => {
  let dir: string;
  beforeEach(() => {
    // Copied out of this repository so the CLI's workspace root is the scanned folder, as in a corpus.
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-corpus-real-'));
    cpSync(path.join(root, 'test/fixtures/corpus-real'), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, [script, path.join(dir, 'checkouts'), '--labels', path.join(dir, 'labels'), ...args], { cwd: root, encoding: 'utf8' });

  it('matches detections to labels and counts recall, precision, model right, priced rate and priced test doubles', () => {
    const json = path.join(dir, 'score.json');
    const r = run('--json', json, '--list');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(readFileSync(json, 'utf8'));
    const [repo] = out.repositories;
    assert.equal(repo.repo, 'acme/demo');
    assert.equal(repo.detectedOutsideSample, 1);
    assert.deepEqual(
      { labelled: out.total.labelled, detected: out.total.detected, tp: out.total.tp, modelKnown: out.total.modelKnown, modelRight: out.total.modelRight, billable: out.total.billable, priced: out.total.priced, billableKnown: out.total.billableKnown, pricedKnown: out.total.pricedKnown, doubles: out.total.doubles, doublesPriced: out.total.doublesPriced },
      { labelled: 7, detected: 8, tp: 6, modelKnown: 5, modelRight: 4, billable: 6, priced: 4, billableKnown: 5, pricedKnown: 4, doubles: 1, doublesPriced: 1 },
    );
    assert.equal(out.families.openai.labelled, 7);
    assert.match(r.stdout, /^miss +app\/chat\.py:29 /m);
    assert.match(r.stdout, /^false\+ +app\/chat\.py:25 /m);
    assert.match(r.stdout, /^model +app\/chat\.py:17 +labelled gpt-4o-mini\|gpt-4\.1 \(call\), reported chat\.completions model gpt-4o/m);
    assert.match(r.stdout, /^double\$ +app\/test_chat\.py:7 /m);
    assert.match(r.stdout, /^acme\/demo +7 +8 +6 +0\.86 +0\.75 +4\/5 0\.80 +4\/6 0\.67 +4\/5 0\.80 +1\/1$/m);
  });

  it('names the labels file and line of a row that breaks the format, and the value at fault', () => {
    const file = path.join(dir, 'labels/acme__demo.tsv');
    writeFileSync(file, readFileSync(file, 'utf8').replace('\tchat\topenai\topenai\tgpt-4o-mini\tcall\tproduction\texact line', '\tchat\topenai-sdk\topenai\tgpt-4o-mini\tcall\tproduction\texact line'));
    const r = run();
    assert.equal(r.status, 2);
    assert.match(r.stderr, /acme__demo\.tsv:9: family `openai-sdk` is not one of openai, anthropic/);
  });

  it('refuses a row whose file is not among the sampled files', () => {
    const file = path.join(dir, 'labels/acme__demo.tsv');
    writeFileSync(file, `${readFileSync(file, 'utf8')}app/unsampled.py\t\t7\tchat\topenai\topenai\tgpt-4o\tcall\tproduction\t\n`);
    const r = run();
    assert.equal(r.status, 2);
    assert.match(r.stderr, /acme__demo\.tsv:16: path app\/unsampled\.py is not one of the `# file:` lines/);
  });
});
