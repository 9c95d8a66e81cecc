// Cohere's SDKs (issue 14): the v2 client's `chat` / `chat_stream` / `embed`, the v1 client's
// `chat(message=…)` whose model, when unset, is the v1 API's default as the installed SDK documents it.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, notesAt, scanFiles, siteAt } from './providerTestKit';

const app = `import cohere

co = cohere.ClientV2()
v1 = cohere.Client()


def ask(question):
    return co.chat(model="command-r-plus", messages=[{"role": "user", "content": question}], max_tokens=300)  # v2 chat


def embed(texts):
    return co.embed(model="embed-english-v3.0", texts=texts, input_type="search_document")  # v2 embed


def ask_v1(question):
    return v1.chat(message=question, preamble="Be brief.")  # v1 default


def rerank(q, docs):
    return co.rerank(model="rerank-v3.5", query=q, documents=docs)  # rerank
`;

describe('frameworks: Cohere', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('prices the v2 client chat with its model and max_tokens; embed is an embedding without a known price', async () => {
    const files = { 'app.py': app };
    const report = await scanFiles(files);
    const chat = siteAt(report, files, 'app.py', '# v2 chat');
    assert.equal(chat.provider, 'cohere');
    assert.equal(chat.model, 'command-r-plus');
    assert.deepEqual(chat.outputCap, { tokens: 300, param: 'max_tokens' });
    assertPriced(chat);
    const embed = siteAt(report, files, 'app.py', '# v2 embed');
    assert.equal(embed.operation, 'embedding');
    assert.equal(embed.model, 'embed-english-v3.0');
    // The catalogue has no price for it: said, not made up.
    assert.equal(embed.usd, null);
    assert.ok(embed.assumptions.some((a) => a.text.includes('no price known')));
    noSiteAt(report, files, 'app.py', '# rerank');
  });

  it('takes the v1 chat default model from the cohere version the lockfile pins (two lockfiles, two defaults)', async () => {
    const older = { 'app.py': app, 'requirements.txt': 'cohere==5.2.5\n' };
    const newer = { 'app.py': app, 'uv.lock': 'version = 1\n\n[[package]]\nname = "cohere"\nversion = "5.11.4"\nsource = { registry = "https://pypi.org/simple" }\n' };
    const ra = await scanFiles(older);
    const rb = await scanFiles(newer);
    assert.equal(siteAt(ra, older, 'app.py', '# v1 default').model, 'command-r');
    assert.equal(siteAt(rb, newer, 'app.py', '# v1 default').model, 'command-r-plus-08-2024');
    assert.match(notesAt(ra, older, 'app.py', '# v1 default'), /cohere 5\.2\.5 in requirements\.txt; .*"Defaults to `command-r`"/);
    assert.match(notesAt(rb, newer, 'app.py', '# v1 default'), /cohere 5\.11\.4 in uv\.lock; .*command-r-plus-08-2024/);
  });

  it('without a version it says the newest documented default is assumed', async () => {
    const files = { 'app.py': app };
    const report = await scanFiles(files);
    assert.equal(siteAt(report, files, 'app.py', '# v1 default').model, 'command-r-plus-08-2024');
    assert.match(notesAt(report, files, 'app.py', '# v1 default'), /cohere version not found in the workspace: the newest default assumed/);
  });
});
