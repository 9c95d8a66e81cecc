// Ollama and vLLM (issue 14): models served by the user — priced at $0 API cost and labelled
// self-hosted; Ollama's own cloud (ollama.com) is not the user's machine.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { noSiteAt, scanFiles, siteAt } from './providerTestKit';

const files: Record<string, string> = {
  'local.py': `import ollama
from ollama import Client
from vllm import LLM, SamplingParams


def ask(question):
    return ollama.chat(model="llama3.2", messages=[{"role": "user", "content": question}], options={"num_predict": 256})  # chat


def cloud(question):
    client = Client(host="https://ollama.com", headers={"Authorization": "Bearer key"})
    return client.chat(model="gpt-oss:120b", messages=[{"role": "user", "content": question}])  # cloud


def batch(prompts):
    llm = LLM(model="meta-llama/Llama-3.1-8B-Instruct")
    return llm.generate(prompts, SamplingParams(max_tokens=128))  # vllm


def pull():
    return ollama.pull("llama3.2")  # pull
`,
  'local.ts': `import ollama from 'ollama';
export async function ask(q: string) {
  return ollama.generate({ model: 'gemma2', prompt: q }); // generate
}
`,
};

describe('frameworks: Ollama and vLLM (self-hosted)', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('an Ollama call is self-hosted: $0, labelled, with its model and num_predict cap', async () => {
    const report = await scanFiles(files);
    const s = siteAt(report, files, 'local.py', '# chat');
    assert.equal(s.model, 'llama3.2');
    assert.match(s.selfHosted ?? '', /Ollama/);
    assert.equal(s.usd?.perCall.expected, 0);
    assert.equal(s.pricedModel, 'self-hosted');
    assert.deepEqual(s.outputCap, { tokens: 256, param: 'options.num_predict' });
    const ts = siteAt(report, files, 'local.ts', '// generate');
    assert.equal(ts.model, 'gemma2');
    assert.match(ts.selfHosted ?? '', /Ollama/);
  });

  it("Ollama's cloud is not self-hosted (and has no known price)", async () => {
    const s = siteAt(await scanFiles(files), files, 'local.py', '# cloud');
    assert.equal(s.selfHosted, undefined);
    assert.equal(s.model, 'gpt-oss:120b');
    assert.notEqual(s.pricedModel, 'self-hosted');
  });

  it("vLLM's offline engine is self-hosted, capped by SamplingParams(max_tokens)", async () => {
    const s = siteAt(await scanFiles(files), files, 'local.py', '# vllm');
    assert.equal(s.model, 'meta-llama/Llama-3.1-8B-Instruct');
    assert.match(s.selfHosted ?? '', /vLLM/);
    assert.deepEqual(s.outputCap, { tokens: 128, param: 'max_tokens' });
  });

  it('pulling a model is no call', async () => {
    noSiteAt(await scanFiles(files), files, 'local.py', '# pull');
  });
});
