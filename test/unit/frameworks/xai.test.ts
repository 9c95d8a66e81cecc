// The xAI SDK (issue 14): `client.chat.create(model=…)` makes a session; `.sample()` / `.stream()`
// sends it, with the messages given at create and appended before; `client.image.sample` is an image.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const files: Record<string, string> = {
  'grok.py': `import os
from xai_sdk import Client
from xai_sdk.chat import system, user

client = Client(api_key=os.getenv("XAI_API_KEY"))


def ask(question):
    chat = client.chat.create(model="grok-3-mini", messages=[system("You are a pirate.")], max_tokens=200)
    chat.append(user(question))
    return chat.sample()  # sample


def draw(prompt):
    return client.image.sample(model="grok-2-image", prompt=prompt)  # image


def create_only():
    return client.chat.create(model="grok-4")  # create


def other(sampler):
    return sampler.sample()  # other
`,
};

describe('frameworks: xAI SDK', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('prices chat.sample() on the session client.chat.create made, with its system and appended user messages', async () => {
    const report = await scanFiles(files);
    const s = siteAt(report, files, 'grok.py', '# sample');
    assert.equal(s.provider, 'x-ai');
    assert.equal(s.sdk, 'xai');
    assert.equal(s.model, 'grok-3-mini');
    assert.deepEqual(s.outputCap, { tokens: 200, param: 'max_tokens' });
    assert.ok(s.tokens.staticInput > 0);
    assert.ok(s.tokens.dynamicInput > 0, 'the appended user message is counted');
    assertPriced(s);
    const img = siteAt(report, files, 'grok.py', '# image');
    assert.equal(img.operation, 'image');
    assert.equal(img.model, 'grok-2-image');
  });

  it('creating a session sends nothing; sample() on another object is no call', async () => {
    const report = await scanFiles(files);
    noSiteAt(report, files, 'grok.py', '# create');
    noSiteAt(report, files, 'grok.py', '# other');
  });
});
