// Mistral's SDKs (issue 14): `Mistral().chat.complete / complete_async / stream / stream_async`,
// `fim.complete`, `embeddings.create`, the older `MistralClient().chat`, and the TypeScript client.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import type { Report } from '../../../src/core/report/report';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const files: Record<string, string> = {
  'app/llm.py': `import os
from mistralai import Mistral

client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])
`,
  'app/chat.py': `from mistralai.client import MistralClient
from mistralai.models.chat_completion import ChatMessage
from app.llm import client

MODEL = "mistral-large-latest"


def ask(question):
    return client.chat.complete(model=MODEL, messages=[{"role": "system", "content": "Answer in French."}, {"role": "user", "content": question}], max_tokens=256)  # complete


async def ask_async(question):
    return await client.chat.stream_async(model="mistral-small-latest", messages=[{"role": "user", "content": question}])  # stream_async


def embed(texts):
    return client.embeddings.create(model="mistral-embed", inputs=texts)  # embed


def legacy(question):
    old = MistralClient()
    return old.chat(model="mistral-medium", messages=[ChatMessage(role="user", content=question)])  # legacy


def other(chat):
    return chat.complete(model="mistral-large-latest", messages=[])  # not mistral
`,
  // The client is a module global set up by a handler (\`global\`), and the SDK method is handed to
  // asyncio.to_thread rather than called.
  'app/bot.py': `import asyncio
import os
from mistralai import Mistral

client = None


def on_start():
    global client
    client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])


def reason(prompt):
    return client.chat.complete(model="magistral-medium-latest", messages=[{"role": "user", "content": prompt}])  # global client


async def draft(prompt):
    return await asyncio.to_thread(
        client.chat.complete,  # to_thread
        model="mistral-small-latest",
        messages=[{"role": "user", "content": prompt}],
    )
`,
  'web/chat.ts': `import { Mistral } from '@mistralai/mistralai';
const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY ?? '' });
export async function ask(q: string) {
  return mistral.chat.stream({ model: 'codestral-latest', messages: [{ role: 'user', content: q }], maxTokens: 500 }); // ts stream
}
`,
};

describe('frameworks: Mistral', function () {
  this.timeout(60_000);
  let report: Report;
  before(async () => {
    await loadParsers();
    report = await scanFiles(files);
  });

  it('prices chat.complete on a client made in another module, with the system prompt and max_tokens', () => {
    const s = siteAt(report, files, 'app/chat.py', '# complete');
    assert.equal(s.provider, 'mistral');
    assert.equal(s.sdk, 'mistral');
    assert.equal(s.model, 'mistral-large-latest');
    assert.equal(s.operation, undefined);
    assert.deepEqual(s.outputCap, { tokens: 256, param: 'max_tokens' });
    assert.ok(s.tokens.staticInput > 0, 'the system prompt is counted');
    assertPriced(s);
  });

  it('reads the async and streaming methods and the older MistralClient', () => {
    assert.equal(siteAt(report, files, 'app/chat.py', '# stream_async').model, 'mistral-small-latest');
    const legacy = siteAt(report, files, 'app/chat.py', '# legacy');
    assert.equal(legacy.model, 'mistral-medium');
    assert.equal(legacy.api, 'chat');
  });

  it('reports embeddings.create as an embedding, with no output tokens', () => {
    const s = siteAt(report, files, 'app/chat.py', '# embed');
    assert.equal(s.operation, 'embedding');
    assert.equal(s.model, 'mistral-embed');
    assert.equal(s.tokens.output, 0);
    assertPriced(s);
  });

  it('follows a module global set in a handler through `global`, also into asyncio.to_thread', () => {
    const s = siteAt(report, files, 'app/bot.py', '# global client');
    assert.equal(s.sdk, 'mistral');
    assert.equal(s.model, 'magistral-medium-latest');
    const t = report.callSites.find((c) => c.path === 'app/bot.py' && c.model === 'mistral-small-latest');
    assert.ok(t, `no to_thread call site; found ${report.callSites.filter((c) => c.path === 'app/bot.py').map((c) => `${c.line} ${c.model}`).join(', ')}`);
    assertPriced(t);
  });

  it('reads the TypeScript client options object (maxTokens)', () => {
    const s = siteAt(report, files, 'web/chat.ts', '// ts stream');
    assert.equal(s.model, 'codestral-latest');
    assert.deepEqual(s.outputCap, { tokens: 500, param: 'maxTokens' });
  });

  it('does not take chat.complete on an object that is no Mistral client', () => {
    noSiteAt(report, files, 'app/chat.py', '# not mistral');
  });
});
