// OpenAI-compatible clients (issue 14): the provider comes from the SDK (Groq, Together, Fireworks)
// or the base URL (a table of known hosts); localhost and model-server ports are self-hosted.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, scanFiles, siteAt } from './providerTestKit';

const files: Record<string, string> = {
  'settings.py': `import os
BASE_URL = os.getenv("LLM_BASE_URL", "https://api.deepseek.com")
`,
  'app.py': `import os
from groq import Groq
from openai import OpenAI
from together import Together
from settings import BASE_URL

groq = Groq()
together = Together()
deepseek = OpenAI(api_key=os.environ["KEY"], base_url=BASE_URL)
openrouter = OpenAI(base_url="https://openrouter.ai/api/v1")
local = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")
unknown = OpenAI(base_url=os.environ["PROXY_URL"])


def a(q):
    return groq.chat.completions.create(model="llama-3.3-70b-versatile", messages=[{"role": "user", "content": q}])  # groq


def b(q):
    return together.chat.completions.create(model="meta-llama/Llama-3.3-70B-Instruct-Turbo", messages=[{"role": "user", "content": q}])  # together


def c(q):
    return deepseek.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": q}])  # deepseek


def d(q):
    return openrouter.chat.completions.create(model="anthropic/claude-3.5-sonnet", messages=[{"role": "user", "content": q}])  # openrouter


def e(q):
    return local.chat.completions.create(model="llama3.2", messages=[{"role": "user", "content": q}])  # local


def f(q):
    return unknown.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}])  # unknown base
`,
  'web.ts': `import Groq from 'groq-sdk';
const groq = new Groq();
export const ask = (q: string) => groq.chat.completions.create({ model: 'llama-3.1-8b-instant', messages: [{ role: 'user', content: q }] }); // ts groq
`,
};

describe('frameworks: OpenAI-compatible clients', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it("bills the provider of the SDK (Groq, Together) and prices on that provider's catalogue", async () => {
    const report = await scanFiles(files);
    for (const [marker, provider, model] of [['# groq', 'groq', 'llama-3.3-70b-versatile'], ['# together', 'together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo']] as const) {
      const s = siteAt(report, files, 'app.py', marker);
      assert.equal(s.provider, provider, marker);
      assert.equal(s.model, model);
      assert.equal(s.sdk, 'openai-compatible');
      assertPriced(s);
    }
    assert.equal(siteAt(report, files, 'web.ts', '// ts groq').provider, 'groq');
  });

  it('bills the provider the base URL names, read from an env default in another module', async () => {
    const report = await scanFiles(files);
    const ds = siteAt(report, files, 'app.py', '# deepseek');
    assert.equal(ds.provider, 'deepseek');
    assertPriced(ds);
    // A gateway bills the model it routes to under its own name.
    const or = siteAt(report, files, 'app.py', '# openrouter');
    assert.equal(or.provider, 'openrouter');
    assertPriced(or);
  });

  it('a base URL on localhost is self-hosted ($0, labelled); an unreadable one keeps the model id’s provider', async () => {
    const report = await scanFiles(files);
    const local = siteAt(report, files, 'app.py', '# local');
    assert.match(local.selfHosted ?? '', /Ollama at localhost:11434/);
    assert.equal(local.usd?.perCall.expected, 0);
    const unknown = siteAt(report, files, 'app.py', '# unknown base');
    assert.equal(unknown.provider, 'openai');
    assert.equal(unknown.selfHosted, undefined);
  });
});
