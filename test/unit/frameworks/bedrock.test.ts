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

  it('takes a JS parameter default where a caller hands on a value its own callers never give (undefined), beside the model another caller passes', async () => {
    const lib: Record<string, string> = {
      'src/bedrock.js': `import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime'
const client = new BedrockRuntimeClient({ region: 'us-east-1' })
export const invokeClaude = async (body, modelId = 'anthropic.claude-3-haiku-20240307-v1:0') => {
  const response = await client.send(new InvokeModelCommand({ body: JSON.stringify(body), contentType: 'application/json', modelId })) // invoke
  return JSON.parse(new TextDecoder().decode(response.body))
}
`,
      'src/answers.js': `import { invokeClaude } from './bedrock'
export const summarize = async ({ modelId, text }) => {
  const body = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 300, messages: [{ role: 'user', content: text }] }
  return invokeClaude(body, modelId)
}
`,
      'src/page.js': `import { summarize } from './answers'
export const onSubmit = async (text) => summarize({ text })
`,
    };
    const only = await scanFiles(lib);
    const s = siteAt(only, lib, 'src/bedrock.js', '// invoke');
    assert.equal(s.model, 'anthropic.claude-3-haiku-20240307-v1:0', s.modelUnresolvedReason);
    assertPriced(s);
    // A second caller that names its model: both are possible, each priced.
    const both = { ...lib, 'src/admin.js': "import { invokeClaude } from './bedrock'\nexport const review = (body) => invokeClaude(body, 'anthropic.claude-3-5-sonnet-20240620-v1:0')\n" };
    const r = await scanFiles(both);
    const two = siteAt(r, both, 'src/bedrock.js', '// invoke');
    assert.deepEqual([...(two.modelAlternatives ?? []).map((a) => a.id)].sort(), ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0']);
    // `undefined` written as the argument is the default too.
    const written = { 'src/bedrock.js': lib['src/bedrock.js'], 'src/admin.js': both['src/admin.js'], 'src/retry.js': "import { invokeClaude } from './bedrock'\nexport const retry = (body) => invokeClaude(body, undefined)\n" };
    const w = siteAt(await scanFiles(written), written, 'src/bedrock.js', '// invoke');
    assert.deepEqual([...(w.modelAlternatives ?? []).map((a) => a.id)].sort(), ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0']);
  });

  it('follows a destructured JS parameter (`({ modelId, text }) =>`) to what callers pass, and to its own default', async () => {
    const app: Record<string, string> = {
      'src/chat.ts': `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
const client = new BedrockRuntimeClient({});
export async function reply({ modelId, text }: { modelId: string; text: string }) {
  return client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text }] }] })); // reply
}
export const draft = async ({ text, modelId = 'amazon.nova-micro-v1:0' }) =>
  client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text }] }] })); // draft
`,
      'src/routes.ts': `import { draft, reply } from './chat';
export const onMessage = (text: string) => reply({ modelId: 'amazon.nova-lite-v1:0', text });
export const onDraft = (text: string) => draft({ text });
`,
    };
    const r = await scanFiles(app);
    assert.equal(siteAt(r, app, 'src/chat.ts', '// reply').model, 'amazon.nova-lite-v1:0');
    assert.equal(siteAt(r, app, 'src/chat.ts', '// draft').model, 'amazon.nova-micro-v1:0');
  });

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
