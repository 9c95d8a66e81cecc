// Azure AI Inference (issue 14): `ChatCompletionsClient(endpoint, credential).complete(messages=…, model=…)`,
// `EmbeddingsClient.embed`, and the JS REST client `ModelClient(...).path('/chat/completions').post({ body })`.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const files: Record<string, string> = {
  'chat.py': `import os
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import SystemMessage, UserMessage
from azure.core.credentials import AzureKeyCredential

client = ChatCompletionsClient(endpoint="https://models.inference.ai.azure.com", credential=AzureKeyCredential(os.environ["GITHUB_TOKEN"]))


def ask(question):
    return client.complete(messages=[SystemMessage(content="You are terse."), UserMessage(content=question)], model="gpt-4o-mini", max_tokens=120)  # complete


def deployed(question):
    return client.complete(messages=[UserMessage(content=question)])  # deployed
`,
  'chat.ts': `import ModelClient from '@azure-rest/ai-inference';
import { AzureKeyCredential } from '@azure/core-auth';
const client = ModelClient('https://models.inference.ai.azure.com', new AzureKeyCredential('k'));
export async function ask(q: string) {
  return client.path('/chat/completions').post({ body: { messages: [{ role: 'user', content: q }], model: 'Mistral-large-2407', max_tokens: 600 } }); // post
}
export async function info() {
  return client.path('/info').get(); // get
}
`,
};

describe('frameworks: Azure AI Inference', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('prices complete() with its model, messages classes and max_tokens', async () => {
    const report = await scanFiles(files);
    const s = siteAt(report, files, 'chat.py', '# complete');
    assert.equal(s.sdk, 'azure-ai-inference');
    assert.equal(s.model, 'gpt-4o-mini');
    assert.equal(s.provider, 'openai');
    assert.deepEqual(s.outputCap, { tokens: 120, param: 'max_tokens' });
    assert.ok(s.tokens.staticInput > 0, 'SystemMessage(content=…) is read');
    assertPriced(s);
  });

  it('a deployment without a model says so', async () => {
    const s = siteAt(await scanFiles(files), files, 'chat.py', '# deployed');
    assert.equal(s.model, null);
    assert.match(s.modelUnresolvedReason ?? '', /deployed model/);
  });

  it('reads the JS REST client post body; other routes are no call', async () => {
    const report = await scanFiles(files);
    const s = siteAt(report, files, 'chat.ts', '// post');
    assert.equal(s.model, 'Mistral-large-2407');
    assert.deepEqual(s.outputCap, { tokens: 600, param: 'max_tokens' });
    noSiteAt(report, files, 'chat.ts', '// get');
  });
});
