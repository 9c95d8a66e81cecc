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
