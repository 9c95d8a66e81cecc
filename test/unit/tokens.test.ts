import * as assert from 'node:assert/strict';
import { get_encoding, Tiktoken } from 'tiktoken';
import { CALIBRATIONS, countMessages, countText, countTextRange, disposeTokenizers, loadedEncodings, memoStats, modelFamily, openAiEncoding, tokenizerFor } from '../../src/core/tokens';

const SAMPLES = [
  'Hello, world!',
  'You are a helpful support agent for Acme. Answer in two sentences or fewer.',
  'def handler(event):\n    return {"status": 200, "body": json.dumps(event)}\n',
  'Ünïcödé, 日本語のテキスト, emojis 🎉🚀 and <|endoftext|> written as plain text.',
  '   leading and trailing spaces   \n\n\t tabs',
  'x'.repeat(5000),
  '',
];

describe('tokens', () => {
  let o200k: Tiktoken;
  let cl100k: Tiktoken;
  before(() => {
    o200k = get_encoding('o200k_base');
    cl100k = get_encoding('cl100k_base');
  });
  after(() => {
    o200k.free();
    cl100k.free();
    disposeTokenizers();
  });

  it('maps OpenAI models to the encodings tiktoken uses', () => {
    const cases: [string, string][] = [
      ['gpt-4o', 'o200k_base'],
      ['gpt-4o-mini-2024-07-18', 'o200k_base'],
      ['chatgpt-4o-latest', 'o200k_base'],
      ['gpt-4.1-nano', 'o200k_base'],
      ['gpt-4.5-preview', 'o200k_base'],
      ['gpt-5', 'o200k_base'],
      ['gpt-5-mini', 'o200k_base'],
      ['o1', 'o200k_base'],
      ['o3-mini', 'o200k_base'],
      ['o4-mini', 'o200k_base'],
      ['ft:gpt-4o-mini-2024-07-18:acme::abc', 'o200k_base'],
      ['gpt-4', 'cl100k_base'],
      ['gpt-4-turbo', 'cl100k_base'],
      ['gpt-3.5-turbo', 'cl100k_base'],
      ['gpt-35-turbo', 'cl100k_base'],
      ['gpt-oss-120b', 'o200k_harmony'],
      ['openai/gpt-4o', 'o200k_base'],
      ['azure/gpt-4o', 'o200k_base'],
    ];
    for (const [model, enc] of cases) assert.equal(openAiEncoding(model), enc, model);
    assert.equal(openAiEncoding('claude-sonnet-4-5'), undefined);
    assert.equal(openAiEncoding('gemini-2.5-pro'), undefined);
  });

  it('counts OpenAI text exactly as tiktoken does', () => {
    for (const text of SAMPLES) {
      const a = countText(text, 'gpt-4o');
      assert.equal(a.tokens, o200k.encode_ordinary(text).length, JSON.stringify(text.slice(0, 30)));
      assert.equal(a.exact, true);
      assert.equal(a.tokenizer, 'o200k_base');
      const b = countText(text, 'gpt-4');
      assert.equal(b.tokens, cl100k.encode_ordinary(text).length);
      assert.equal(b.tokenizer, 'cl100k_base');
      // gpt-oss: o200k_harmony shares o200k_base's ranks for ordinary text.
      assert.equal(countText(text, 'gpt-oss-20b').tokens, o200k.encode_ordinary(text).length);
    }
  });

  it('counts chat messages with the framing of the OpenAI cookbook', () => {
    // The example of "How to count tokens with tiktoken" (openai-cookbook): 129 prompt tokens on
    // gpt-3.5-turbo-0613 / gpt-4-0613, as the API reported.
    const messages = [
      { role: 'system', content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.' },
      { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
      { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
      { role: 'system', name: 'example_user', content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
      { role: 'system', name: 'example_assistant', content: "Let's talk later when we're less busy about how to do better." },
      { role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
    ];
    assert.equal(countMessages(messages, 'gpt-4').tokens, 129);
    assert.equal(countMessages(messages, 'gpt-3.5-turbo').tokens, 129);
    // Same formula on o200k (the cookbook reports 124 for gpt-4o).
    let expected = 3;
    for (const m of messages) {
      expected += 3 + o200k.encode_ordinary(m.role).length + o200k.encode_ordinary(m.content).length;
      if (m.name) expected += 1 + o200k.encode_ordinary(m.name).length;
    }
    const r = countMessages(messages, 'gpt-4o');
    assert.equal(r.tokens, expected);
    assert.equal(r.tokens, 124);
    assert.equal(r.exact, true);
  });

  it('estimates other families with a stated calibration and says they are estimates', () => {
    const text = SAMPLES[1];
    const ref = o200k.encode_ordinary(text).length;
    const claude = countText(text, 'claude-sonnet-4-5');
    assert.equal(claude.exact, false);
    assert.equal(claude.tokenizer, 'estimate:claude');
    assert.equal(claude.tokens, Math.round(ref * 1.25));
    const gemini = countText(text, 'gemini-2.5-flash');
    assert.equal(gemini.tokens, Math.ceil(text.length / 4));
    assert.equal(gemini.exact, false);
    const llama = countText(text, 'meta-llama/Llama-3.1-70B-Instruct');
    assert.equal(llama.tokenizer, 'estimate:llama');
    assert.equal(llama.tokens, cl100k.encode_ordinary(text).length);
    assert.equal(modelFamily('mistral-large-latest'), 'mistral');
    assert.equal(modelFamily('deepseek-chat'), 'deepseek');
    assert.equal(modelFamily('claude-opus-4-7'), 'claude-4.7');
    assert.equal(modelFamily('anthropic.claude-3-5-sonnet-20240620-v1:0'), 'claude');
    assert.equal(countText(text, undefined).tokenizer, 'estimate:unknown');
    const range = countTextRange(text, 'claude-haiku-4-5');
    assert.ok(range.low < range.expected && range.expected < range.high);
    const exactRange = countTextRange(text, 'gpt-4o');
    assert.equal(exactRange.low, exactRange.high);
  });

  it('keeps a source and an as-of date for every calibration', () => {
    for (const c of CALIBRATIONS) {
      assert.ok(c.source.length > 20, c.family);
      assert.match(c.asOf, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(c.low <= c.factor && c.factor <= c.high, c.family);
    }
  });

  it('applies user calibration factors', () => {
    const custom = CALIBRATIONS.map((c) => (c.family === 'claude' ? { ...c, factor: 2 } : c));
    const text = SAMPLES[2];
    assert.equal(countText(text, 'claude-3-5-haiku', custom).tokens, Math.round(o200k.encode_ordinary(text).length * 2));
    assert.equal(tokenizerFor('claude-3-5-haiku', custom).calibration?.factor, 2);
  });

  it('builds encoders lazily, memoises by content and frees them', () => {
    disposeTokenizers();
    assert.deepEqual(loadedEncodings(), []);
    const text = 'A memoised text. '.repeat(1000);
    const first = countText(text, 'gpt-4o').tokens;
    assert.deepEqual(loadedEncodings(), ['o200k_base']);
    const before = memoStats();
    const second = countText(text, 'gpt-4o').tokens;
    const after = memoStats();
    assert.equal(first, second);
    assert.equal(after.hits, before.hits + 1);
    assert.equal(after.misses, before.misses);
    disposeTokenizers();
    assert.deepEqual(loadedEncodings(), []);
    assert.equal(memoStats().entries, 0);
    assert.equal(countText(text, 'gpt-4o').tokens, first);
  });
});
