// TwelveLabs (issue 14): `analyze` / `analyze_stream` on a TwelveLabs client is a video-understanding
// request on its `model_name` (Pegasus); a client the code holds in a dataclass field is known by the
// call's shape in a file that imports twelvelabs. Not priced: the video is billed by its length.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { noSiteAt, scanFiles, siteAt } from './providerTestKit';

const files: Record<string, string> = {
  'clips.py': `import os

from twelvelabs import TwelveLabs

client = TwelveLabs(api_key=os.environ["TWELVELABS_API_KEY"])


def chapters(video_id):
    return client.analyze(video_id=video_id, prompt="List the chapters with timestamps.", model_name="pegasus1.2", max_tokens=800)  # client
`,
  'tools.py': `from dataclasses import dataclass

from twelvelabs import AsyncTwelveLabs


@dataclass
class Services:
    video: AsyncTwelveLabs


async def describe(services: Services, url: str, question: str) -> str:
    result = await services.video.analyze(model_name="pegasus1.5", video={"type": "url", "url": url}, prompt=question)  # field
    return result.data
`,
  'nlp.py': `def score(analyzer, clip):
    return analyzer.analyze(model_name="sentiment-v2", video=clip)  # other analyze
`,
};

describe('frameworks: TwelveLabs', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it("finds analyze on a TwelveLabs client with its model_name, the prompt as input, unpriced", async () => {
    const r = await scanFiles(files);
    const s = siteAt(r, files, 'clips.py', '# client');
    assert.equal(s.provider, 'twelvelabs');
    assert.equal(s.model, 'pegasus1.2');
    assert.deepEqual(s.outputCap, { tokens: 800, param: 'max_tokens' });
    assert.equal(s.usd, null);
    const f = siteAt(r, files, 'tools.py', '# field');
    assert.equal(f.model, 'pegasus1.5');
  });

  it('an analyze of something else, in a file that does not import twelvelabs, is no call site', async () => {
    noSiteAt(await scanFiles(files), files, 'nlp.py', '# other analyze');
  });
});
