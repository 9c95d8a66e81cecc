// AWS Bedrock runtime (issue 14): boto3 `converse` / `converse_stream` / `invoke_model[_with_response_stream]`
// and the JS SDK's `client.send(new ConverseCommand(…))` / `InvokeModelCommand`; model ids and `us.`
// inference profiles priced as AWS bills them; Titan embeddings as embeddings.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const files: Record<string, string> = {
  'clients.py': `import boto3

runtime = boto3.client(service_name="bedrock-runtime", region_name="us-west-2")
`,
  'app.py': `import json

import boto3
from clients import runtime

s3 = boto3.client("s3")


def converse(prompt):
    return runtime.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=[{"role": "user", "content": [{"text": prompt}]}], system=[{"text": "Be brief."}], inferenceConfig={"maxTokens": 400})  # converse


def profile(prompt):
    body = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 800, "messages": [{"role": "user", "content": prompt}]}
    return runtime.invoke_model(modelId="us.anthropic.claude-3-5-sonnet-20241022-v2:0", body=json.dumps(body))  # profile


def embed(text):
    return runtime.invoke_model(modelId="amazon.titan-embed-text-v1", body=json.dumps({"inputText": text}))  # embed


def upload(key):
    return s3.put_object(Bucket="b", Key=key, Body=b"")  # s3
`,
  'web.ts': `import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
const client = new BedrockRuntimeClient({ region: 'us-east-1' });
export async function ask(prompt: string) {
  const command = new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: prompt }] }], inferenceConfig: { maxTokens: 256 } });
  return client.send(command); // send
}
`,
};

describe('frameworks: AWS Bedrock runtime', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('prices converse on a boto3 client made in another module, with inferenceConfig.maxTokens', async () => {
    const report = await scanFiles(files);
    const s = siteAt(report, files, 'app.py', '# converse');
    assert.equal(s.provider, 'aws');
    assert.equal(s.sdk, 'bedrock');
    assert.equal(s.model, 'anthropic.claude-3-haiku-20240307-v1:0');
    assert.deepEqual(s.outputCap, { tokens: 400, param: 'inferenceConfig.maxTokens' });
    assertPriced(s);
  });

  it('reads invoke_model JSON bodies; a us. inference profile prices', async () => {
    const report = await scanFiles(files);
    const s = siteAt(report, files, 'app.py', '# profile');
    assert.equal(s.model, 'us.anthropic.claude-3-5-sonnet-20241022-v2:0');
    assert.deepEqual(s.outputCap, { tokens: 800, param: 'max_tokens' });
    assertPriced(s);
    const e = siteAt(report, files, 'app.py', '# embed');
    assert.equal(e.operation, 'embedding');
    assert.equal(e.tokens.output, 0);
    assertPriced(e);
  });

  it('reads the JS client.send(command) with the command built above', async () => {
    const report = await scanFiles(files);
    const s = siteAt(report, files, 'web.ts', '// send');
    assert.equal(s.model, 'amazon.nova-lite-v1:0');
    assert.deepEqual(s.outputCap, { tokens: 256, param: 'inferenceConfig.maxTokens' });
    assertPriced(s);
  });

  it('a boto3 client of another service is no call site', async () => {
    noSiteAt(await scanFiles(files), files, 'app.py', '# s3');
  });
});
