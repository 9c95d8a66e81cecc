// Test doubles in general (issue 14): a call whose client is a mock, whose model is a fake (shipped
// or a class of the workspace implementing the model interface), or whose endpoint a test
// intercepts, is reported as a test double: no price, out of totals and findings.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const files: Record<string, string> = {
  'tests/test_llm.py': `from unittest.mock import MagicMock, patch

from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from openai import OpenAI


class CannedModel(BaseChatModel):
    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        return None

    @property
    def _llm_type(self):
        return "canned"


def test_magic_mock():
    client = MagicMock()
    client.chat.completions.create(model="gpt-4o", messages=[])  # magic mock


def test_fixture(mock_client):
    mock_client.chat.completions.create(model="gpt-4o", messages=[])  # fixture


def test_patch_object():
    client = OpenAI(api_key="test")
    with patch.object(client.chat.completions, "create"):
        client.chat.completions.create(model="gpt-4o", messages=[])  # patched


def test_fake():
    FakeListChatModel(responses=["ok"]).invoke("hi")  # fake list


def test_canned():
    CannedModel().invoke("hi")  # canned


def test_litellm():
    import litellm
    litellm.completion(model="gpt-4o", messages=[], mock_response="ok")  # litellm mock


def test_real():
    OpenAI().chat.completions.create(model="gpt-4o", messages=[])  # real
`,
  'app/model.py': `from langchain_core.language_models import BaseChatModel
import requests


class HostedModel(BaseChatModel):
    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        return requests.post("https://llm.internal/generate", json={"messages": messages})

    @property
    def _llm_type(self):
        return "hosted"


def ask(q):
    return HostedModel().invoke(q)  # custom model
`,
  'web/ai.test.ts': `import { generateText } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import nock from 'nock';
import OpenAI from 'openai';
import { it, vi } from 'vitest';

it('mock model', async () => {
  await generateText({ model: new MockLanguageModelV3({ doGenerate: async () => ({}) as never }), prompt: 'hi' }); // mock model
});
it('stub client', async () => {
  const client = { chat: { completions: { create: vi.fn() } } };
  await client.chat.completions.create({ model: 'gpt-4o', messages: [] }); // stub client
});
it('nock', async () => {
  nock('https://api.openai.com').post('/v1/chat/completions').reply(200, {});
  await new OpenAI({ apiKey: 't' }).chat.completions.create({ model: 'gpt-4o', messages: [] }); // nock
});
`,
};

describe('frameworks: test doubles', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('mocked clients, fake models and intercepted endpoints are test doubles: no price, out of the totals', async () => {
    const report = await scanFiles(files);
    const doubles = [
      ['tests/test_llm.py', '# magic mock', /MagicMock/],
      ['tests/test_llm.py', '# fixture', /mock_client/],
      ['tests/test_llm.py', '# patched', /replaced by a mock/],
      ['tests/test_llm.py', '# fake list', /FakeListChatModel/],
      ['tests/test_llm.py', '# canned', /CannedModel/],
      ['tests/test_llm.py', '# litellm mock', /mock_response/],
      ['web/ai.test.ts', '// mock model', /MockLanguageModelV3/],
      ['web/ai.test.ts', '// stub client', /stub object/],
      ['web/ai.test.ts', '// nock', /intercepted by nock/],
    ] as const;
    for (const [file, marker, why] of doubles) {
      const s = siteAt(report, files, file, marker);
      assert.match(s.testDouble ?? '', why, `${file} ${marker}`);
      assert.equal(s.usd, null, `${file} ${marker} is not priced`);
    }
    assert.equal(report.totals.testDoubles, doubles.length);
    const real = siteAt(report, files, 'tests/test_llm.py', '# real');
    assert.equal(real.testDouble, undefined);
    assertPriced(real);
    // The month's total is the real call's alone.
    assert.ok(Math.abs(report.totals.usdPerMonth.expected - (real.usd?.perMonth.expected ?? 0)) < 1e-9);
  });

  it('a model class that calls out to a real API is a custom model, not a double', async () => {
    const report = await scanFiles(files);
    noSiteAt(report, files, 'app/model.py', '# custom model');
  });
});
