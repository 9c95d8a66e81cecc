// Raw HTTP (issue 14): POSTs to provider endpoints with requests/httpx/aiohttp/fetch/axios are call
// sites, the model read from the JSON body (or Gemini's URL), the cap from max_tokens; a POST to a
// URL that is no provider's is not one.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertPriced, noSiteAt, scanFiles, siteAt } from './providerTestKit';

const files: Record<string, string> = {
  'config.py': `import os
GROQ_BASE = os.getenv("GROQ_BASE", "https://api.groq.com/openai/v1")
`,
  'client.py': `import json
import httpx
import requests
from config import GROQ_BASE


def groq(question):
    payload = {"model": "llama-3.1-8b-instant", "messages": [{"role": "user", "content": question}], "max_tokens": 300}
    return requests.post(f"{GROQ_BASE}/chat/completions", json=payload, timeout=30)  # groq


def claude(question):
    body = json.dumps({"model": "claude-3-5-haiku-20241022", "max_tokens": 700, "system": "Terse.", "messages": [{"role": "user", "content": question}]})
    return httpx.post("https://api.anthropic.com/v1/messages", content=body)  # claude


def gemini(question, key):
    return requests.post(f"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent?key={key}", json={"contents": [{"parts": [{"text": question}]}]})  # gemini


def embed(texts):
    return requests.post("https://api.openai.com/v1/embeddings", json={"model": "text-embedding-3-small", "input": texts})  # embed


def local(question):
    return requests.post("http://localhost:11434/api/generate", json={"model": "llama3.2", "prompt": question})  # ollama


def example(question):
    return requests.post("https://api.example.com/chat/completions", json={"model": "gpt-4o"})  # example.com


def app_route(question):
    return requests.post("http://localhost:3000/api/chat", json={"message": question})  # app route


def fetch_models():
    return requests.get("https://api.openai.com/v1/models")  # get
`,
  'web.ts': `const URL = 'https://api.openai.com/v1/chat/completions';
export async function ask(q: string) {
  const res = await fetch(URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 250, messages: [{ role: 'user', content: q }] }) }); // fetch
  return res.json();
}
export async function own(q: string) {
  return fetch('/api/chat', { method: 'POST', body: JSON.stringify({ q }) }); // own route
}
const backendUrl = process.env.BACKEND_API_URL || 'http://localhost:8000';
export async function proxy(request: Request) {
  return fetch(\`\${backendUrl}/api/chat\`, { method: 'POST', body: JSON.stringify(await request.json()) }); // backend proxy
}
`,
};

describe('frameworks: raw HTTP', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('a POST to a base URL from an env default in another module, model and cap from the body built above', async () => {
    const report = await scanFiles(files);
    const s = siteAt(report, files, 'client.py', '# groq');
    assert.equal(s.sdk, 'raw-http');
    assert.equal(s.provider, 'groq');
    assert.equal(s.model, 'llama-3.1-8b-instant');
    assert.deepEqual(s.outputCap, { tokens: 300, param: 'max_tokens' });
    assertPriced(s);
  });

  it('reads json.dumps bodies, Gemini model ids in the URL, embeddings and fetch', async () => {
    const report = await scanFiles(files);
    const claude = siteAt(report, files, 'client.py', '# claude');
    assert.equal(claude.provider, 'anthropic');
    assert.equal(claude.model, 'claude-3-5-haiku-20241022');
    assert.deepEqual(claude.outputCap, { tokens: 700, param: 'max_tokens' });
    assert.ok(claude.tokens.staticInput > 0, 'the system prompt is counted');
    assertPriced(claude);
    const gemini = siteAt(report, files, 'client.py', '# gemini');
    assert.equal(gemini.provider, 'google');
    assert.equal(gemini.model, 'gemini-2.0-flash');
    assertPriced(gemini);
    const embed = siteAt(report, files, 'client.py', '# embed');
    assert.equal(embed.operation, 'embedding');
    assert.equal(embed.tokens.output, 0);
    const f = siteAt(report, files, 'web.ts', '// fetch');
    assert.equal(f.model, 'gpt-4o-mini');
    assert.deepEqual(f.outputCap, { tokens: 250, param: 'max_tokens' });
  });

  it("Ollama's endpoint on localhost is self-hosted", async () => {
    const s = siteAt(await scanFiles(files), files, 'client.py', '# ollama');
    assert.equal(s.model, 'llama3.2');
    assert.match(s.selfHosted ?? '', /Ollama at localhost:11434/);
  });

  it('a POST to a host that is no provider, an app route or a GET is no call site', async () => {
    const report = await scanFiles(files);
    noSiteAt(report, files, 'client.py', '# example.com');
    noSiteAt(report, files, 'client.py', '# app route');
    noSiteAt(report, files, 'client.py', '# get');
    noSiteAt(report, files, 'web.ts', '// own route');
    // Port 8000 is vLLM's, but vLLM has no /api/chat (Ollama's path): an app's own backend.
    noSiteAt(report, files, 'web.ts', '// backend proxy');
  });

  it("a project's own HTTP client: the POST inside it is the site, its URL from the base it falls back to and the path callers give, the model from what they pass", async () => {
    const own: Record<string, string> = {
      'llm/http.py': `import json

import requests

GROQ_BASE = "https://api.groq.com/openai/v1"


class LLMHttp:
    def __init__(self, api_key=None, base_url=None, timeout=120):
        self.api_key = api_key
        self.base_url = (base_url or GROQ_BASE).rstrip("/")
        self.timeout = timeout

    def chat(self, *, base_url=None, stream=False, **body):
        return self._post("/chat/completions", body, base_url=base_url, stream=stream)

    def _post(self, path, body, base_url=None, stream=False):
        root = base_url.rstrip("/") if base_url else self.base_url
        url = f"{root}{path}" if path.startswith("/") else f"{root}/{path}"
        payload = {k: v for k, v in body.items() if v is not None}
        if stream:
            return self._lines(url, payload)
        resp = requests.post(url, json=payload, headers={"Authorization": f"Bearer {self.api_key}"}, timeout=self.timeout)  # post
        resp.raise_for_status()
        return resp.json()

    def _lines(self, url, payload):
        with requests.post(url, json=payload, stream=True, timeout=self.timeout) as resp:  # stream
            for line in resp.iter_lines():
                if line.startswith(b"data: ") and line != b"data: [DONE]":
                    yield json.loads(line[6:])


def settings():
    with open("settings.json") as f:
        return json.load(f)


http = LLMHttp(api_key=settings().get("groq_api_key"), base_url=settings().get("groq_base_url"))
fallback = LLMHttp(api_key=settings().get("fallback_api_key"), base_url=settings().get("fallback_base_url"))


def summarize(text):
    reply = http.chat(model="llama-3.1-8b-instant", messages=[{"role": "user", "content": text}], max_tokens=200)  # caller
    return reply["choices"][0]["message"]["content"]
`,
    };
    const report = await scanFiles(own);
    const post = siteAt(report, own, 'llm/http.py', '# post');
    assert.equal(post.api, 'http.chat.completions');
    // The configured base cannot be read; the code's fallback names the host.
    assert.equal(post.provider, 'groq');
    assert.equal(post.model, 'llama-3.1-8b-instant', post.modelUnresolvedReason);
    assertPriced(post);
    const stream = siteAt(report, own, 'llm/http.py', '# stream');
    assert.equal(stream.api, 'http.chat.completions');
    assert.equal(stream.provider, 'groq');
    assert.equal(stream.model, 'llama-3.1-8b-instant', stream.modelUnresolvedReason);
    // The caller hands its request to the client: counted once, where it leaves.
    noSiteAt(report, own, 'llm/http.py', '# caller');
  });

  it('an OCR request to an endpoint from the environment (empty default), tried at candidate URLs: found, its model from the body, not priced per token', async () => {
    const ocr: Record<string, string> = {
      'settings.py': `import os

OCR_URL = os.environ.get("OCR_URL", "")
OCR_BASE = OCR_URL.rsplit("/ocr", 1)[0]
OCR_MODEL = os.environ.get("OCR_MODEL", "mistral-ocr-2505")
`,
      'scan.py': `import base64

import httpx

import settings


def read_invoice(pdf_bytes, key):
    body = {
        "model": settings.OCR_MODEL,
        "document": {"type": "document_url", "document_url": "data:application/pdf;base64," + base64.b64encode(pdf_bytes).decode()},
    }
    candidates = [settings.OCR_URL, f"{settings.OCR_BASE}/v1/ocr"]
    for url in candidates:
        resp = httpx.post(url, json=body, headers={"api-key": key}, timeout=120)  # ocr
        if resp.status_code == 200:
            return resp.json()
    raise RuntimeError("OCR failed")
`,
    };
    const s = siteAt(await scanFiles(ocr), ocr, 'scan.py', '# ocr');
    assert.equal(s.api, 'http.ocr');
    assert.equal(s.operation, 'image');
    assert.equal(s.model, 'mistral-ocr-2505');
    assert.equal(s.usd, null, 'OCR is billed per page, not per token');
    assert.ok(s.assumptions.some((a) => /billed at \$\d+(\.\d+)? per 1,000 document pages, .*not per token: not priced/.test(a.text)), s.assumptions.map((a) => a.text).join('; '));
  });
  it("prices a realtime call a custom Agents SDK transport opens with an SDP offer on the SDK's default realtime model for the pinned version, said as assumed", async () => {
    const transport = `import { OpenAIRealtimeBase, type RealtimeTransportLayerConnectOptions } from '@openai/agents-realtime';

const DEFAULT_CALL_URL = 'https://api.openai.com/v1/realtime/calls';

export class NativeWebRTCTransport extends OpenAIRealtimeBase {
  async connect(options: RealtimeTransportLayerConnectOptions): Promise<void> {
    const offer = await this.createOffer();
    const response = await fetch(options.url ?? DEFAULT_CALL_URL, {  // sdp offer
      method: 'POST',
      headers: { Authorization: \`Bearer \${options.apiKey}\`, 'Content-Type': 'application/sdp' },
      body: offer.sdp,
    });
    await this.answer(await response.text());
  }
}
`;
    const files = { 'package.json': JSON.stringify({ dependencies: { '@openai/agents': '0.17.0' } }), 'src/transport.ts': transport };
    const r = await scanFiles(files);
    const s = siteAt(r, files, 'src/transport.ts', '// sdp offer');
    assert.equal(s.operation, 'audio');
    assert.equal(s.model, 'gpt-realtime-2.1');
    assert.match(s.modelFrom ?? '', /extends OpenAIRealtimeBase/);
    const plain = { 'package.json': files['package.json'], 'src/transport.ts': transport.replace('extends OpenAIRealtimeBase ', '') };
    assert.equal(siteAt(await scanFiles(plain), plain, 'src/transport.ts', '// sdp offer').model, null, 'outside a transport of the SDK the body names no model');
  });
});
