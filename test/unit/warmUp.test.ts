// The editor's warm-up after activation (#16): parsers, the tokenizer and the analysis code made
// ready in steps, each after giving way to real work, and stopped when asked; what counts no
// tokens before the wait for the tokenizer.
import * as assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/load';
import { warmUp } from '../../src/core/analysis/warmUp';
import { parsersLoaded } from '../../src/core/extract/code/parser';
import { disposeTokenizers, loadedEncodings, memoStats } from '../../src/core/tokens';

describe('warm-up', () => {
  const config = resolveConfig([]).values;

  it('loads the parsers and the tokenizer and runs the analysis once per language, giving way before each step', async () => {
    disposeTokenizers();
    const order: string[] = [];
    const done = await warmUp(config, async () => {
      order.push(`give way (${loadedEncodings().length ? 'tokenizer ready' : 'no tokenizer'})`);
    });
    assert.deepEqual(done, ['parsers', 'extraction', 'prices', 'tokenizer', 'python', 'typescript']);
    assert.equal(order.length, 6);
    assert.ok(parsersLoaded());
    assert.deepEqual(loadedEncodings(), ['o200k_base']);
  });

  it('readies the extraction and the price catalogue before the tokenizer, counting nothing', async () => {
    disposeTokenizers();
    const asked = () => memoStats().hits + memoStats().misses;
    const before = asked();
    const seen: string[] = [];
    await warmUp(config, async () => undefined, () => false, (step) => seen.push(`${step}: ${loadedEncodings().length ? 'tokenizer built' : 'no tokenizer'}, ${asked() - before} counts`));
    assert.deepEqual(seen.slice(0, 4), ['parsers: no tokenizer, 0 counts', 'extraction: no tokenizer, 0 counts', 'prices: no tokenizer, 0 counts', 'tokenizer: tokenizer built, 0 counts']);
    assert.ok(asked() > before, 'the analyses after the tokenizer count tokens');
  });

  it('stops between steps when told to', async () => {
    let steps = 0;
    const done = await warmUp(config, async () => void steps++, () => steps > 4);
    assert.deepEqual(done, ['parsers', 'extraction', 'prices', 'tokenizer']);
  });
});
