// The editor's warm-up after activation (#16): parsers, the tokenizer and the analysis code made
// ready in steps, each after giving way to real work, and stopped when asked.
import * as assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/load';
import { warmUp } from '../../src/core/analysis/warmUp';
import { parsersLoaded } from '../../src/core/extract/code/parser';
import { disposeTokenizers, loadedEncodings } from '../../src/core/tokens';

describe('warm-up', () => {
  const config = resolveConfig([]).values;

  it('loads the parsers and the tokenizer and runs the analysis once per language, giving way before each step', async () => {
    disposeTokenizers();
    const order: string[] = [];
    const done = await warmUp(config, async () => {
      order.push(`give way (${loadedEncodings().length ? 'tokenizer ready' : 'no tokenizer'})`);
    });
    assert.deepEqual(done, ['parsers', 'tokenizer', 'python', 'typescript']);
    assert.equal(order.length, 4);
    assert.ok(parsersLoaded());
    assert.deepEqual(loadedEncodings(), ['o200k_base']);
  });

  it('stops between steps when told to', async () => {
    let steps = 0;
    const done = await warmUp(config, async () => void steps++, () => steps > 2);
    assert.deepEqual(done, ['parsers', 'tokenizer']);
  });
});
