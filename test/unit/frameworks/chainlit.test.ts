// Chainlit apps keep their chain, agent or client in the user session: made in `@cl.on_chat_start`,
// stored with `cl.user_session.set("chain", chain)`, read back with `cl.user_session.get("chain")` in
// `@cl.on_message` and run there. The object read is the one stored under the same key in the same
// file (any handler); a list kept there is the conversation, which grows each turn.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, scanOnDisk, siteAt } from './workspace';

const app = `import chainlit as cl
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI
from openai import AsyncOpenAI


@cl.on_chat_start
async def start():
    prompt = ChatPromptTemplate.from_messages([("system", "You answer questions about PDFs."), ("human", "{question}")])
    chain = prompt | ChatOpenAI(model="gpt-4o-mini", max_tokens=300)
    cl.user_session.set("chain", chain)
    cl.user_session.set("client", AsyncOpenAI(base_url="https://api.groq.com/openai/v1"))
    cl.user_session.set("message_history", [{"role": "system", "content": "You are terse."}])


@cl.on_message
async def main(message: cl.Message):
    chain = cl.user_session.get("chain")  # type: Runnable
    res = await chain.ainvoke({"question": message.content})  # chain run
    client = cl.user_session.get("client")
    history = cl.user_session.get("message_history")
    history.append({"role": "user", "content": message.content})
    reply = await client.chat.completions.create(model="llama-3.3-70b-versatile", messages=history)  # client run
    other = cl.user_session.get("retriever")
    await other.ainvoke(message.content)  # never stored
    await cl.Message(content=res.content).send()
`;

const imported = `from chainlit import user_session, on_chat_start, on_message
from langchain_anthropic import ChatAnthropic


@on_chat_start
def start():
    user_session.set("llm", ChatAnthropic(model="claude-sonnet-4-5", max_tokens=500))


@on_message
async def main(message):
    llm = user_session.get("llm")
    await llm.ainvoke(message.content)  # imported session
`;

// Not Chainlit's: a dict called user_session, whose get is not the app's session.
const notChainlit = `from langchain_openai import ChatOpenAI

user_session = {}


def setup():
    user_session.set("chain", ChatOpenAI(model="gpt-4o"))


def run(q):
    chain = user_session.get("chain")
    return chain.invoke(q)  # a dict's get
`;

const hooks = `import chainlit as cl
from openai import AsyncOpenAI

client = AsyncOpenAI()


async def answer(text):
    return await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])


@cl.on_audio_end
async def on_audio_end():
    await answer("transcribed")


def index_file(path):
    return client.embeddings.create(model="text-embedding-3-small", input=open(path).read())


@cl.on_chat_start
async def start():
    files = await cl.AskFileMessage(content="Upload a file").send()
    await cl.make_async(index_file)(files[0].path)


@cl.action_callback("summarize")
async def on_action(action):
    await client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": action.payload}])
`;

// A queue consumer's on_message, in a file that does not use Chainlit: a job, as before.
const consumer = `from openai import OpenAI
from mybus import Bus

bus = Bus()
client = OpenAI()


@bus.on_message("orders")
def handle(body):
    client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": body}])
`;

describe('Chainlit hooks', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('are entry points where a user waits: a helper the audio hook calls (or runs through make_async) is part of its task, a button callback is its own', () => {
    const { tasks } = extractIn({ 'app.py': hooks }, 'app.py');
    const helper = tasks.find((t) => t.name === 'answer')!;
    assert.deepEqual(helper.reachedFrom?.map((r) => [r.name, r.kind]), [['on_audio_end', 'handler']]);
    // Run through `cl.make_async` (a sync function made awaitable), it is still the hook's.
    const indexing = tasks.find((t) => t.name === 'index_file')!;
    assert.deepEqual(indexing.reachedFrom?.map((r) => [r.name, r.kind]), [['start', 'handler']]);
    const action = tasks.find((t) => t.name === 'on_action')!;
    assert.equal(action.entry?.kind, 'handler');
    assert.match(action.entry?.label ?? '', /action_callback/);
  });

  it('leave an on_message of another library alone', () => {
    const { tasks } = extractIn({ 'worker.py': consumer }, 'worker.py');
    assert.equal(tasks.find((t) => t.name === 'handle')?.entry?.kind, 'job');
  });
});

// An SDK method run through `cl.make_async` (a sync method made awaitable): the wrapper's call has its
// arguments, and the file calls no SDK method by name.
const wrapped = `import chainlit as cl
from openai import OpenAI

client = OpenAI()


@cl.on_message
async def main(message: cl.Message):
    reply = await cl.make_async(client.chat.completions.create)(model="gpt-4o-mini", messages=[{"role": "user", "content": message.content}])  # wrapped
    await cl.Message(content=reply.choices[0].message.content).send()
`;

describe('Chainlit user session', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('fires: the chain stored in on_chat_start is the one on_message runs, priced on its model', () => {
    const s = siteAt(extractIn({ 'app.py': app }, 'app.py').callSites, lineOf(app, '# chain run'));
    assert.equal(s.model.id, 'gpt-4o-mini');
    assert.equal(s.provider, 'openai');
    assert.equal(s.outputCap?.tokens, 300);
  });

  it('fires: a client stored in the session is the one its calls go to (Groq by its base URL)', () => {
    const s = siteAt(extractIn({ 'app.py': app }, 'app.py').callSites, lineOf(app, '# client run'));
    assert.equal(s.provider, 'groq');
    assert.equal(s.model.id, 'llama-3.3-70b-versatile');
  });

  it('fires: user_session imported from chainlit', () => {
    const s = siteAt(extractIn({ 'app.py': imported }, 'app.py').callSites, lineOf(imported, '# imported session'));
    assert.equal(s.model.id, 'claude-sonnet-4-5');
    assert.equal(s.provider, 'anthropic');
  });

  it('does not fire for a key nothing stores, or a get on something that is not Chainlit\'s session', () => {
    const sites = extractIn({ 'app.py': app }, 'app.py').callSites;
    assert.ok(!sites.some((s) => s.line === lineOf(app, '# never stored') && s.model.id), 'a key never set has no model');
    const other = extractIn({ 'lib.py': notChainlit }, 'lib.py').callSites;
    assert.ok(!other.some((s) => s.model.id === 'gpt-4o'), `a dict's get is not the session: ${other.map((s) => s.model.id).join(', ')}`);
  });

  it('fires: an SDK method run through cl.make_async, with the arguments of the wrapper\'s call, in a file that calls nothing by name', async () => {
    const report = await scanOnDisk({ 'app.py': wrapped });
    const s = report.callSites.find((c) => c.line === lineOf(wrapped, '# wrapped'));
    assert.ok(s, `found: ${report.callSites.map((c) => c.line).join(', ')}`);
    assert.equal(s.model, 'gpt-4o-mini');
    assert.ok(s.usd);
  });

  it('prices a list kept in the session as the conversation so far, not as the list it starts as', async () => {
    const report = await scanOnDisk({ 'app.py': app });
    const s = report.callSites.find((c) => c.line === lineOf(app, '# client run'))!;
    assert.ok(s.usd, 'the client call is priced');
    assert.ok(s.tokens.input > 1000, `history assumed, not the one system message: ${s.tokens.input} tokens`);
    assert.ok(s.assumptions.some((a) => /history/.test(a.text)), s.assumptions.map((a) => a.text).join('; '));
  });
});
