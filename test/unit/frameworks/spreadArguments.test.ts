// A call whose model is in arguments spread into it (`create({ ...body, stream: false })`,
// `create(**params)`) and not known here: the reason says where those arguments come from — a proxy
// route forwarding the request body (openai/openai-realtime-agents' /api/responses), a dict a call made —
// not that the call has no model argument.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { scanFiles, siteAt } from './providerTestKit';

const route = `import OpenAI from 'openai';

export async function POST(req: Request) {
  const body = await req.json();
  const openai = new OpenAI();
  return await textResponse(openai, body);
}

async function textResponse(openai: OpenAI, body: any) {
  return openai.responses.create({ ...(body as any), stream: false }); // proxied
}

export async function GET() {
  const openai = new OpenAI();
  return openai.responses.create({ input: 'ping' }); // no model
}
`;

const app = `from openai import OpenAI

client = OpenAI()


def complete(messages, **kwargs):
    params = build_params(messages, **kwargs)
    return client.chat.completions.create(**params)  # built elsewhere


def known(messages):
    params = {"model": "gpt-4o-mini", "messages": messages}
    return client.chat.completions.create(**params)  # known
`;

describe('frameworks: arguments spread into a call', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('a proxy route that spreads the request body into the call: the model comes from the request body', async () => {
    const files = { 'app/api/responses/route.ts': route };
    const report = await scanFiles(files);
    const proxied = siteAt(report, files, 'app/api/responses/route.ts', '// proxied');
    assert.equal(proxied.model, null);
    assert.equal(proxied.modelUnresolvedReason, '`model` comes from the request body (`body` is spread into the call)');
    // Nothing spread in: there is no model argument, and the reason says so.
    const bare = siteAt(report, files, 'app/api/responses/route.ts', '// no model');
    assert.match(bare.modelUnresolvedReason ?? '', /^no model argument/);
  });

  it('a dict made by a call and splatted: named as where the model comes from; a dict built here is read', async () => {
    const files = { 'app.py': app };
    const report = await scanFiles(files);
    const built = siteAt(report, files, 'app.py', '# built elsewhere');
    assert.equal(built.model, null);
    assert.equal(built.modelUnresolvedReason, '`model` comes from `params` spread into the call (a call to `build_params`)');
    assert.equal(siteAt(report, files, 'app.py', '# known').model, 'gpt-4o-mini');
  });

  it('an empty string the code fills in at run time is no model (chatbot-ui\'s Azure route: let DEPLOYMENT_ID = "" then a switch)', async () => {
    const azure = `import OpenAI from 'openai';

export async function POST(req: Request) {
  const { chatSettings, messages, profile } = await req.json();
  let DEPLOYMENT_ID = '';
  switch (chatSettings.model) {
    case 'gpt-3.5-turbo':
      DEPLOYMENT_ID = profile.azure_openai_35_turbo_id || '';
      break;
  }
  const azure = new OpenAI({ baseURL: \`https://x/openai/deployments/\${DEPLOYMENT_ID}\` });
  return azure.chat.completions.create({ model: DEPLOYMENT_ID as any, messages }); // placeholder
}
`;
    const files = { 'app/api/chat/azure/route.ts': azure };
    const s = siteAt(await scanFiles(files), files, 'app/api/chat/azure/route.ts', '// placeholder');
    assert.equal(s.model, null);
    assert.equal(s.modelUnresolvedReason, '`DEPLOYMENT_ID` is an empty string where the code sets it (filled in at run time)');
  });
});
