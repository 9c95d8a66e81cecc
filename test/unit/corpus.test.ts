import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadParsers } from '../../src/core/extract/code/parser';
import { formatScore, scoreCorpus } from './corpusScore';

describe('call-site corpus (test/fixtures/code)', () => {
  before(() => loadParsers());

  it('finds the calls of every SDK with precision and recall of at least 0.95', () => {
    const s = scoreCorpus(path.join(__dirname, '../../../test/fixtures/code'));
    const report = formatScore(s);
    assert.ok(s.expected >= 80, `at least 80 positive cases, have ${s.expected}`);
    assert.ok(s.negatives >= 30, `at least 30 negative cases, have ${s.negatives}`);
    assert.ok(s.precision >= 0.95, report);
    assert.ok(s.recall >= 0.95, report);
    assert.ok(s.modelResolutionRate >= 0.9, report);
    assert.deepEqual(s.providerMismatches, [], report);
  });
});
