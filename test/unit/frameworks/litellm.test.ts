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
});
