// LiteLLM's endpoints besides completion: transcription, speech, embedding and image generation,
// called on the module (also through a module that lazily imports it) or imported by name.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, siteAt } from './workspace';

const files: Record<string, string> = {
  // An import proxy that defers `import litellm`, as CLI tools write it.
  'app/llm.py': `import importlib


class LazyLiteLLM:
    _lazy_module = None

    def __getattr__(self, name):
        if self._lazy_module is None:
            self._lazy_module = importlib.import_module("litellm")
        return getattr(self._lazy_module, name)


litellm = LazyLiteLLM()
`,
  'app/voice.py': `from app.llm import litellm


def transcribe(path, history):
    with open(path, "rb") as fh:
        return litellm.transcription(model="whisper-1", file=fh, prompt=history)  # proxy
`,
  'app/media.py': `import litellm
from litellm import embedding


def speak(text):
    return litellm.speech(model="openai/tts-1", voice="alloy", input=text)  # speech


def vectors(texts):
    return embedding(model="text-embedding-3-small", input=texts)  # embedding
`,
};

describe('LiteLLM endpoints besides completion', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('reports litellm.transcription through an import proxy as an audio call', () => {
    const s = siteAt(extractIn(files, 'app/voice.py').callSites, lineOf(files['app/voice.py'], '# proxy'));
    assert.equal(s.model.id, 'whisper-1');
    assert.equal(s.operation, 'audio');
    assert.equal(s.sdk, 'litellm');
  });

  it('reports speech and embedding, on the module and imported by name', () => {
    const sites = extractIn(files, 'app/media.py').callSites;
    const speech = siteAt(sites, lineOf(files['app/media.py'], '# speech'));
    assert.equal(speech.model.id, 'tts-1');
    assert.equal(speech.operation, 'audio');
    const emb = siteAt(sites, lineOf(files['app/media.py'], '# embedding'));
    assert.equal(emb.operation, 'embedding');
    assert.equal(emb.model.id, 'text-embedding-3-small');
  });
  it('follows the request a wrapper class\'s helper builds: a dict written into (`[key] =`, `.update(kwargs)`) from the `**kwargs` its method passes, the model from the constructor\'s default', () => {
    const code = `from litellm import completion


class Model:
    def __init__(self, model_id: str | None = None, **kwargs):
        self.model_id = model_id
        self.kwargs = kwargs

    def _prepare_completion_kwargs(self, messages, stop_sequences=None, **kwargs):
        completion_kwargs = {"messages": messages}
        if stop_sequences is not None:
            completion_kwargs["stop"] = stop_sequences
        completion_kwargs.update(kwargs)
        return completion_kwargs


class LiteLLMModel(Model):
    def __init__(self, model_id: str | None = None, **kwargs):
        if not model_id:
            model_id = "anthropic/claude-3-5-sonnet-20240620"
        super().__init__(model_id=model_id, **kwargs)

    def generate(self, messages, stop_sequences=None):
        completion_kwargs = self._prepare_completion_kwargs(
            messages=messages, stop_sequences=stop_sequences, model=self.model_id, max_tokens=256, temperature=0.2
        )
        response = completion(**completion_kwargs)
        return response.choices[0].message.content
`;
    const s = siteAt(extractIn({ 'models.py': code }, 'models.py').callSites, lineOf(code, 'completion(**completion_kwargs)'));
    assert.equal(s.sdk, 'litellm');
    assert.equal(s.model.id, 'claude-3-5-sonnet-20240620');
    assert.equal(s.provider, 'anthropic');
    assert.equal(s.outputCap?.tokens, 256);
    assert.equal(s.params.temperature, 0.2);
  });
  it("reads LiteLLM's provider prefixes on completion: ollama/ is the user's own server (self-hosted, $0), anthropic/ bills Anthropic", () => {
    const text = [
      'from litellm import completion',
      '',
      'def local(q):',
      '    return completion(model="ollama/llama3.1:latest", messages=[{"role": "user", "content": q}], api_base="http://localhost:11434")  # ollama',
      '',
      'def claude(q):',
      '    return completion(model="anthropic/claude-haiku-4-5", messages=[{"role": "user", "content": q}], max_tokens=100)  # anthropic',
      '',
    ].join('\n');
    const sites = extractIn({ 'chat.py': text }, 'chat.py').callSites;
    const o = siteAt(sites, lineOf(text, '# ollama'));
    assert.equal(o.model.id, 'llama3.1:latest');
    assert.equal(o.selfHosted, 'Ollama');
    const a = siteAt(sites, lineOf(text, '# anthropic'));
    assert.equal(a.model.id, 'claude-haiku-4-5');
    assert.equal(a.provider, 'anthropic');
  });
});
