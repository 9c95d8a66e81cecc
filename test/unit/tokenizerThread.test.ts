// The editor's tokenizer thread (#16): the o200k encoder is built there, not on the extension
// host's thread, and every count it gives is the count this thread gives (same library, same
// slicing of long runs). A thread that cannot start leaves counting here.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { countMessages, countOn, countText, countTextRange, disposeTokenizers, loadedEncodings, tokenizerReady } from '../../src/core/tokens';
import { TokenizerThread } from '../../src/core/tokens/thread';

const EXAMPLES = path.join(__dirname, '../../../examples/support-agent');
const SAMPLES = [
  readFileSync(path.join(EXAMPLES, 'agent.py'), 'utf8'),
  readFileSync(path.join(EXAMPLES, 'rag.py'), 'utf8'),
  'Ünïcödé, 日本語のテキスト, emojis 🎉🚀 and <|endoftext|> written as plain text.',
  // Runs longer than one slice, with and without surrogate pairs at the cut.
  'x'.repeat(5000),
  '🎉'.repeat(700),
  `${'QUJD'.repeat(400)} tail`,
  'a',
];
const MODELS = ['gpt-4o', 'gpt-4', 'gpt-oss-20b', 'claude-sonnet-4-5', 'gemini-2.5-pro', undefined];

describe('tokenizer thread', function () {
  this.timeout(60_000);
  let thread: TokenizerThread | undefined;
  afterEach(() => {
    countOn(undefined);
    thread?.dispose();
    thread = undefined;
    disposeTokenizers();
  });

  it('counts every text as this thread does, with no encoder built here', async () => {
    disposeTokenizers();
    const here = SAMPLES.flatMap((text) => MODELS.map((m) => [countText(text, m), countTextRange(text, m), countMessages([{ role: 'user', content: text, name: 'ann' }], m)]));
    disposeTokenizers();
    thread = new TokenizerThread();
    assert.equal(thread.failure, undefined);
    countOn(thread);
    const there = SAMPLES.flatMap((text) => MODELS.map((m) => [countText(text, m), countTextRange(text, m), countMessages([{ role: 'user', content: text, name: 'ann' }], m)]));
    assert.deepEqual(there, here);
    assert.deepEqual(loadedEncodings(), [], 'an encoder was built on this thread');
    assert.ok(thread.counts > 0);
  });

  it('builds the encoder there while this thread goes on', async () => {
    disposeTokenizers();
    thread = new TokenizerThread();
    countOn(thread);
    let turns = 0;
    let building = true;
    const spin = () => {
      turns++;
      if (building) setImmediate(spin);
    };
    spin();
    await tokenizerReady('o200k_base');
    building = false;
    assert.ok(thread.loaded.has('o200k_base'));
    assert.deepEqual(loadedEncodings(), []);
    // The event loop here kept turning during the build (it was a single blocking call before).
    assert.ok(turns > 1, `this thread's event loop turned ${turns} time(s) during the build`);
  });

  it('counts on this thread when the tokenizer thread cannot start', () => {
    disposeTokenizers();
    thread = new TokenizerThread(path.join(__dirname, 'no-such-tokenizer-worker.js'));
    assert.match(thread.failure ?? '', /no tokenizer thread script/);
    countOn(thread);
    assert.equal(countText(SAMPLES[0], 'gpt-4o').tokens > 0, true);
    assert.deepEqual(loadedEncodings(), ['o200k_base']);
  });

  it('counts on this thread after the tokenizer thread is gone', async () => {
    disposeTokenizers();
    const expected = countText(SAMPLES[1], 'gpt-4o').tokens;
    disposeTokenizers();
    thread = new TokenizerThread();
    countOn(thread);
    await tokenizerReady('o200k_base');
    thread.dispose();
    assert.equal(countText(SAMPLES[1], 'gpt-4o').tokens, expected);
    assert.deepEqual(loadedEncodings(), ['o200k_base']);
  });
});
