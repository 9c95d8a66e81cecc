// Embeddings and other priced endpoints (issue 14): OpenAI `embeddings.create`, `images.generate`,
// `audio.speech.create`, `audio.transcriptions.create`; Google `models.embed_content`; Voyage
// `Client().embed` — each its own kind, priced on its model, "no price known" when the catalogue lacks it.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, notesAt, scanFiles, siteAt } from './providerTestKit';

const app = `import voyageai
from google import genai
from openai import OpenAI

client = OpenAI()
gclient = genai.Client()
vo = voyageai.Client()


def embed(texts):
    return client.embeddings.create(model="text-embedding-3-large", input=texts)  # openai embed


def draw(prompt):
    return client.images.generate(prompt=prompt)  # image default


def draw_gpt(prompt):
    return client.images.generate(prompt=prompt, output_format="webp")  # image gpt


def speak(text):
    return client.with_streaming_response.audio.speech.create(model="tts-1", voice="alloy", input=text)  # speech


def gembed(texts):
    return gclient.models.embed_content(model="gemini-embedding-001", contents=texts)  # google embed


def voyage(texts):
    return vo.embed(texts, input_type="document")  # voyage default
`;

describe('frameworks: embeddings and other priced endpoints', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('an embedding is its own kind, priced on input tokens only', async () => {
    const files = { 'app.py': app };
    const report = await scanFiles(files);
    for (const marker of ['# openai embed', '# google embed']) {
      const s = siteAt(report, files, 'app.py', marker);
      assert.equal(s.operation, 'embedding', marker);
      assert.equal(s.tokens.output, 0);
      assert.equal(s.outputCap, null);
      assertPriced(s);
    }
  });

  it('images.generate without a model is dall-e-2 (the API default), unless a GPT-image parameter is given', async () => {
    const files = { 'app.py': app };
    const report = await scanFiles(files);
    const d = siteAt(report, files, 'app.py', '# image default');
    assert.equal(d.operation, 'image');
    assert.equal(d.model, 'dall-e-2');
    assert.match(notesAt(report, files, 'app.py', '# image default'), /images\.py/);
    // No per-token price for dall-e-2 in the catalogue: said, not made up.
    assert.equal(d.usd, null);
    const g = siteAt(report, files, 'app.py', '# image gpt');
    assert.equal(g.model, null);
    assert.match(g.modelUnresolvedReason ?? '', /output_format/);
  });

  it('speech through with_streaming_response is an audio call', async () => {
    const files = { 'app.py': app };
    const s = siteAt(await scanFiles(files), files, 'app.py', '# speech');
    assert.equal(s.operation, 'audio');
    assert.equal(s.model, 'tts-1');
  });

  it("voyageai's embed default model follows the installed version (two lockfiles, two defaults)", async () => {
    const old = { 'app.py': app, 'requirements.txt': 'voyageai==0.1.5\n' };
    const cur = { 'app.py': app, 'poetry.lock': '[[package]]\nname = "voyageai"\nversion = "0.3.2"\n' };
    const ro = await scanFiles(old);
    const rc = await scanFiles(cur);
    assert.equal(siteAt(ro, old, 'app.py', '# voyage default').model, 'voyage-02');
    assert.equal(siteAt(rc, cur, 'app.py', '# voyage default').model, 'voyage-2');
    assert.match(notesAt(ro, old, 'app.py', '# voyage default'), /voyageai 0\.1\.5 in requirements\.txt/);
    assert.match(notesAt(rc, cur, 'app.py', '# voyage default'), /voyageai 0\.3\.2 in poetry\.lock/);
    assertPriced(siteAt(rc, cur, 'app.py', '# voyage default'));
  });
});
