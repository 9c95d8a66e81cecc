// Google's SDKs where the GenerativeModel is made out of sight: a helper handed the model object
// (no caller in the workspace passes one) still makes a Gemini call, with its model unknown and why.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, siteAt } from './workspace';

const files: Record<string, string> = {
  'bot/gemini.py': `import google.generativeai as genai


class GeminiBot:
    def reply(self, model, messages, request_params):
        response = model.generate_content(messages, **request_params)  # sync
        return response.text

    def reply_stream(self, model, messages):
        for chunk in model.generate_content(messages, stream=True):  # stream
            yield chunk.text
`,
  // Not Google's: a method of the same name in a file that does not use the SDK.
  'bot/other.py': `class Writer:
    def generate_content(self, topic):
        return topic


def write(writer, topic):
    return writer.generate_content(topic)  # not google
`,
};

describe('Google GenerativeModel made out of sight', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('reports generate_content on a model parameter as a Gemini call whose model is unknown', () => {
    const sites = extractIn(files, 'bot/gemini.py').callSites;
    for (const marker of ['# sync', '# stream']) {
      const s = siteAt(sites, lineOf(files['bot/gemini.py'], marker));
      assert.equal(s.sdk, 'google-genai');
      assert.equal(s.provider, 'google');
      assert.equal(s.model.id, undefined);
      assert.match(s.model.unresolvedReason ?? '', /`model` is a parameter/);
    }
  });

  it('leaves a generate_content method alone in a file that does not use the SDK', () => {
    assert.deepEqual(extractIn(files, 'bot/other.py').callSites, []);
  });
});

// The google-genai SDK as the Gemini cookbook writes it: a model id in an f-string over a notebook
// constant, ids assigned down a chain, Veo video generation, Live API sessions, a chat kept on `self`.
const cookbook: Record<string, string> = {
  'nb/video.py': `from google import genai
from google.genai import types

client = genai.Client()
MODEL_ID = "gemini-2.5-flash" # @param ["gemini-2.5-flash", "gemini-2.5-pro"] {"allow-input":true, isTemplate: true}
EMBEDDING_MODEL_ID = EMBED_ID = "gemini-embedding-001"
VEO_MODEL_ID = "veo-3.1-generate-preview"

response = client.models.generate_content(model=f"models/{MODEL_ID}", contents=["Name the animal", "video"])  # f-string
embedding = client.models.embed_content(model=EMBEDDING_MODEL_ID, contents="a bear")  # chained
operation = client.models.generate_videos(model=VEO_MODEL_ID, prompt="a golden retriever in sunflowers")  # veo
`,
  'nb/live.py': `import asyncio
import websockets
from google import genai
from google.genai import types

client = genai.Client()
MODEL = "gemini-2.5-flash-native-audio-preview-12-2025"
CONFIG = types.LiveConnectConfig(response_modalities=["AUDIO"])


async def talk():
    async with client.aio.live.connect(model=MODEL, config=CONFIG) as session:  # live audio
        await session.send_client_content(turns={"parts": [{"text": "hello"}]})
    async with client.aio.live.connect(model="gemini-live-2.5-flash-preview", config={"response_modalities": ["TEXT"]}) as s:  # live text
        pass
    async with websockets.connect("wss://example.com") as ws:  # not gemini
        pass
`,
  'nb/bot.py': `from google import genai

DEFAULT_MODEL_NAME = "gemini-2.0-flash"
client = genai.Client()


class ChatBot:
    def __init__(self, client: genai.Client, model_name: str = DEFAULT_MODEL_NAME):
        self.client = client
        self.model_name = model_name
        self.reset_conversation()

    def reset_conversation(self):
        self.conversation = self.client.chats.create(model=self.model_name)

    def send_message(self, text):
        return self.conversation.send_message(text).text  # self chat


bot = ChatBot(client=client)
print(bot.send_message("Explain transformers"))  # the bot's own method
`,
};

describe('Google GenAI as the Gemini cookbook writes it', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('reads a model id built by an f-string over a constant', () => {
    const s = siteAt(extractIn(cookbook, 'nb/video.py').callSites, lineOf(cookbook['nb/video.py'], '# f-string'));
    assert.equal(s.model.id, 'models/gemini-2.5-flash');
  });

  it('reads an id assigned down a chain (A = B = "…")', () => {
    const s = siteAt(extractIn(cookbook, 'nb/video.py').callSites, lineOf(cookbook['nb/video.py'], '# chained'));
    assert.equal(s.model.id, 'gemini-embedding-001');
    assert.equal(s.operation, 'embedding');
  });

  it('reports models.generate_videos as media generation on its Veo model', () => {
    const s = siteAt(extractIn(cookbook, 'nb/video.py').callSites, lineOf(cookbook['nb/video.py'], '# veo'));
    assert.equal(s.api, 'models.generate_videos');
    assert.equal(s.model.id, 'veo-3.1-generate-preview');
    assert.equal(s.operation, 'image');
  });

  it('reports a Live API session on its model: audio when the config asks for AUDIO, not a websocket', () => {
    const text = cookbook['nb/live.py'];
    const sites = extractIn(cookbook, 'nb/live.py').callSites;
    const audio = siteAt(sites, lineOf(text, '# live audio'));
    assert.equal(audio.api, 'live.connect');
    assert.equal(audio.model.id, 'gemini-2.5-flash-native-audio-preview-12-2025');
    assert.equal(audio.operation, 'audio');
    const plain = siteAt(sites, lineOf(text, '# live text'));
    assert.equal(plain.model.id, 'gemini-live-2.5-flash-preview');
    assert.equal(plain.operation, undefined);
    assert.ok(!sites.some((s) => s.line === lineOf(text, '# not gemini')));
  });

  it("sends a chat kept on self (made in a method the constructor calls) on its model, not the class's own send_message", () => {
    const text = cookbook['nb/bot.py'];
    const sites = extractIn(cookbook, 'nb/bot.py').callSites;
    const s = siteAt(sites, lineOf(text, '# self chat'));
    assert.equal(s.api, 'chats.send_message');
    assert.equal(s.model.id, 'gemini-2.0-flash');
    assert.ok(!sites.some((c) => c.line === lineOf(text, "# the bot's own method")));
  });
});
