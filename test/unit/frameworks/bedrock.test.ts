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

  // The React app of build-on-aws/building-reactjs-gen-ai-apps-with-amazon-bedrock-javascript-sdk: LangChain JS
  // models and chains handed to components as props, and a knowledge-base retriever made by a helper.
  const react: Record<string, string> = {
    'src/llmLib.js': `import { Bedrock } from "@langchain/community/llms/bedrock/web"
import { AmazonKnowledgeBaseRetriever } from "@langchain/community/retrievers/amazon_knowledge_base"
export const getModel = async (modelId = "anthropic.claude-instant-v1") => new Bedrock({ model: modelId, streaming: true })
export const getBedrockKnowledgeBaseRetriever = async (knowledgeBaseId) => {
    const retriever = new AmazonKnowledgeBaseRetriever({ topK: 10, knowledgeBaseId, region: "us-east-1" })
    return retriever
}
`,
    'src/LLM.jsx': `import { useState } from "react"
export default ({ llm }) => {
    const [value, setValue] = useState("")
    const handleLLMNewToken = (token) => console.log(token)
    const sendText = async () => {
        llm.invoke("Human: " + value + " Assistant:", { callbacks: [{ handleLLMNewToken }] }) // prop llm
    }
    const other = (store) => store.invoke(value, { retries: 2 }) // not a model
    return <button onClick={sendText}>Send</button>
}
`,
    'src/KB.jsx': `import { getBedrockKnowledgeBaseRetriever } from "./llmLib"
export default () => {
    const ask = async (question, kb) => {
        const retriever = await getBedrockKnowledgeBaseRetriever(kb)
        const docs = await retriever.invoke(question) // kb retrieve
        return docs
    }
    return <button onClick={() => ask("q", "kb-1")}>Ask</button>
}
`,
  };

  it('finds a LangChain model run through a React prop by its LLM callbacks, and a knowledge-base retrieval as an embedding', async () => {
    const r = await scanFiles(react);
    const prop = siteAt(r, react, 'src/LLM.jsx', '// prop llm');
    assert.equal(prop.sdk, 'langchain');
    assert.equal(prop.model, null);
    assert.match(prop.modelUnresolvedReason ?? '', /LLM callbacks/);
    noSiteAt(r, react, 'src/LLM.jsx', '// not a model');
    const kb = siteAt(r, react, 'src/KB.jsx', '// kb retrieve');
    assert.equal(kb.operation, 'embedding');
    assert.equal(kb.provider, 'aws');
    assert.match(kb.modelUnresolvedReason ?? '', /configured in AWS/);
  });
});
