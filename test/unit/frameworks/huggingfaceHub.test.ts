// huggingface_hub's InferenceClient: chat_completion, the OpenAI-style chat.completions.create,
// text_generation, the raw post(json=…) and feature_extraction, with the model on the call or on
// the client, also when the method is handed to a retry helper.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, siteAt } from './workspace';

const files: Record<string, string> = {
  // As the huggingface_hub inference guide writes it.
  'app/hub.py': `import requests
from huggingface_hub import InferenceClient

client = InferenceClient("meta-llama/Llama-3.1-8B-Instruct")
routed = InferenceClient(provider="together")


def chat(question):
    return client.chat_completion(messages=[{"role": "user", "content": question}], max_tokens=100)  # chat_completion


def chat_openai_style(question):
    return routed.chat.completions.create(model="deepseek-ai/DeepSeek-R1", messages=[{"role": "user", "content": question}], max_tokens=500)  # openai style


def embed(text):
    return client.feature_extraction(text, model="BAAI/bge-small-en-v1.5")  # embed


def raw(prompt):
    return client.post(json={"inputs": prompt, "parameters": {"max_new_tokens": 200}})  # post


def unrouted(question):
    return routed.chat_completion(messages=[{"role": "user", "content": question}])  # no model


def other(url, payload):
    return requests.post(url, json=payload)  # not the hub
`,
  // A model class keeping its client, calling through a retry helper.
  'app/model.py': `from huggingface_hub import InferenceClient


class HubModel:
    def __init__(self, model_id="Qwen/Qwen2.5-Coder-32B-Instruct", provider=None):
        self.client_kwargs = {"model": model_id, "provider": provider}
        self.client = InferenceClient(**self.client_kwargs)

    def retry(self, fn, **kwargs):
        return fn(**kwargs)

    def generate(self, messages):
        return self.retry(self.client.chat_completion, messages=messages)  # retried
`,
};

describe('huggingface_hub InferenceClient', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('reads the model from the client, or from the call, for chat_completion and chat.completions.create', () => {
    const sites = extractIn(files, 'app/hub.py').callSites;
    const at = (m: string) => siteAt(sites, lineOf(files['app/hub.py'], m));
    assert.equal(at('# chat_completion').model.id, 'meta-llama/Llama-3.1-8B-Instruct');
    assert.equal(at('# chat_completion').sdk, 'huggingface-hub');
    assert.equal(at('# chat_completion').outputCap?.tokens, 100);
    assert.equal(at('# openai style').model.id, 'deepseek-ai/DeepSeek-R1');
    assert.equal(at('# embed').operation, 'embedding');
    assert.equal(at('# embed').model.id, 'BAAI/bge-small-en-v1.5');
    assert.equal(at('# post').model.id, 'meta-llama/Llama-3.1-8B-Instruct');
    assert.equal(at('# no model').model.id, undefined);
    assert.match(at('# no model').model.unresolvedReason ?? '', /recommended model/);
  });

  it('does not take requests.post for the hub', () => {
    const sites = extractIn(files, 'app/hub.py').callSites;
    const line = lineOf(files['app/hub.py'], '# not the hub');
    assert.ok(!sites.some((s) => s.line === line && s.sdk === 'huggingface-hub'));
  });

  it('follows the client kept on self into a retry helper, with the model from its kwargs dict', () => {
    const s = siteAt(extractIn(files, 'app/model.py').callSites, lineOf(files['app/model.py'], '# retried'));
    assert.equal(s.model.id, 'Qwen/Qwen2.5-Coder-32B-Instruct');
  });
});
