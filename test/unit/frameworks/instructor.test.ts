// instructor: wrapped clients (from_openai, from_anthropic, from_provider, patch), structured output
// calls and their variants, max_retries as a cap on attempts (the default per client kind).
import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/config/load';
import { estimateCallSite } from '../../../src/core/estimate/estimate';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, fixture, lineOf, siteAt } from './workspace';

describe('instructor', function () {
  this.timeout(30_000);
  before(() => loadParsers());
  const text = fixture('instructor/extract_users.py');
  const sites = () => extractIn({ 'extract_users.py': text }, 'extract_users.py').callSites;

  it('reads a from_openai client\'s call: model, messages, response_model, max_retries as the cap on attempts', () => {
    const s = siteAt(sites(), lineOf(text, 'expect: openai gpt-4o-mini'));
    assert.equal(s.sdk, 'instructor');
    assert.equal(s.api, 'instructor.chat.completions.create');
    assert.equal(s.provider, 'openai');
    assert.equal(s.model.id, 'gpt-4o-mini');
    assert.equal(s.params.response_model, 'User');
    assert.equal(s.params.structuredOutput, true);
    assert.equal(s.multiplier.max, 5);
    assert.equal(s.multiplier.expected, 1, 'a retry happens only when validation fails');
    assert.match(s.multiplier.reason, /up to 5 attempts \(max_retries=5\): a response that fails validation is asked again/);
    assert.ok(s.parts.some((p) => p.role === 'user'), 'the messages');
    assert.ok(estimateCallSite(s, { config: defaultConfig() }).usd, 'priced');
  });

  it('defaults max_retries to 3 on an Instructor client and to 1 on a patched one; reads a tenacity stop_after_attempt', () => {
    const all = sites();
    const claude = siteAt(all, lineOf(text, 'expect: anthropic'));
    assert.equal(claude.provider, 'anthropic');
    assert.equal(claude.api, 'instructor.messages.create');
    assert.equal(claude.outputCap?.tokens, 1024);
    assert.ok(claude.parts.some((p) => p.role === 'system' && /Extract users/.test(p.text)));
    assert.equal(claude.multiplier.max, 3);
    assert.match(claude.multiplier.reason, /Instructor max_retries default .*instructor\/client\.py:44/);
    const legacy = siteAt(all, lineOf(text, 'expect: openai gpt-3.5-turbo'));
    assert.equal(legacy.multiplier.max, 1, 'a patched client tries once unless told otherwise');
    assert.match(legacy.multiplier.reason, /patch\.py:43/);
    const tenacity = siteAt(all, lineOf(text, 'create_with_completion('));
    assert.equal(tenacity.multiplier.max, 2);
  });

  it('takes the model and provider from from_provider("google/…") when the call names none; create_iterable and create_partial are one request each', () => {
    const all = sites();
    const gemini = siteAt(all, lineOf(text, 'gemini.create_iterable('));
    assert.equal(gemini.provider, 'google');
    assert.equal(gemini.model.id, 'gemini-2.0-flash');
    assert.equal(gemini.api, 'instructor.create_iterable');
    const partial = siteAt(all, lineOf(text, 'create_partial('));
    assert.equal(partial.model.id, 'gpt-4o');
    assert.equal(partial.api, 'instructor.chat.completions.create_partial');
  });

  it('leaves a plain OpenAI call to the OpenAI pattern, and another class\'s create alone', () => {
    const all = sites();
    const plain = siteAt(all, lineOf(text, 'OpenAI().chat.completions.create('));
    assert.equal(plain.sdk, 'openai');
    assert.equal(plain.multiplier.max, 1);
    assert.equal(all.find((c) => c.line === lineOf(text, 'Ledger().create(user)')), undefined);
  });

  it('reads a client passed as an `Instructor` parameter as one, its model from the call', () => {
    const code = ['from instructor import Instructor', '', 'def classify(client: Instructor, query: str):', '    return client.create(model="gpt-4o-mini", response_model=str, messages=[{"role": "user", "content": query}])', ''].join('\n');
    const [s] = extractIn({ 'c.py': code }, 'c.py').callSites;
    assert.equal(s?.sdk, 'instructor');
    assert.equal(s.model.id, 'gpt-4o-mini');
    assert.equal(s.multiplier.max, 3);
  });
  it('takes a method\'s model from callers in other files that call it on an instance of its class (made directly or by a classmethod factory), not on another class\'s method of that name, nor in tests', () => {
    const files = {
      'classifier.py': [
        'from typing import Literal',
        '',
        'import instructor',
        'from pydantic import BaseModel',
        '',
        '',
        'class ClassificationResponse(BaseModel):',
        '    label: Literal["SPAM", "NOT_SPAM"]',
        '',
        '',
        'class Classifier:',
        '    def __init__(self, labels: list[str]):',
        '        self.labels = labels',
        '',
        '    @classmethod',
        '    def from_labels(cls, *labels: str):',
        '        return cls(list(labels))',
        '',
        '    def classify(self, text: str, model: str, client: instructor.Instructor) -> ClassificationResponse:',
        '        return client.chat.completions.create(',
        '            model=model,',
        '            response_model=ClassificationResponse,',
        '            messages=[{"role": "user", "content": f"Classify the following text: {text}"}],',
        '        )',
        '',
      ].join('\n'),
      'main.py': [
        'import instructor',
        'from openai import OpenAI',
        '',
        'from classifier import Classifier',
        '',
        'client = instructor.from_openai(OpenAI())',
        'classifier = Classifier.from_labels("SPAM", "NOT_SPAM")',
        'prediction = classifier.classify("Hello there, I am a prince", model="gpt-4o-mini", client=client)',
        '',
      ].join('\n'),
      'batch.py': [
        'import instructor',
        'from openai import OpenAI',
        '',
        'from classifier import Classifier',
        '',
        'client = instructor.from_openai(OpenAI())',
        'spam = Classifier(["SPAM", "NOT_SPAM"])',
        'for text in ["a", "b"]:',
        '    print(spam.classify(text, model="gpt-4.1-mini", client=client))',
        '',
      ].join('\n'),
      // A test's fixture value is not what production runs.
      'tests/test_classifier.py': ['from classifier import Classifier', '', '', 'def test_classify(fake_client):', '    assert Classifier(["SPAM"]).classify("x", model="fake-model", client=fake_client)', ''].join('\n'),
      // Another class's `classify`: not a caller of Classifier.classify.
      'sorter.py': ['class Sorter:', '    def classify(self, text, model):', '        return model', '', '', 'Sorter().classify("x", model="gpt-4-turbo")', ''].join('\n'),
    };
    const [s] = extractIn(files, 'classifier.py').callSites;
    assert.equal(s?.sdk, 'instructor');
    assert.deepEqual((s.model.alternatives ?? []).map((a) => [a.id, a.from]).sort(), [
      ['gpt-4.1-mini', 'batch.py:9'],
      ['gpt-4o-mini', 'main.py:8'],
    ]);
  });
});
