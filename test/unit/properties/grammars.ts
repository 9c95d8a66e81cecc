// Generators of realistic inputs, from small grammars of what agent code and prompt files look
// like (the fixtures under test/fixtures/ are the model): Python and TypeScript/JavaScript modules
// with imports, clients, constants, SDK calls of OpenAI, Anthropic, Google, LiteLLM, the Vercel AI
// SDK, LangChain and the Agents SDK, prompts as strings, f-strings and template literals, loops and
// `costlens:` comments; Prompty, Dotprompt, .prompt.md, Jinja and plain prompt files with front
// matter. The property tests mutate what these produce (harness.ts).
import fc from 'fast-check';

// --- Words and values --------------------------------------------------------------------------

export const MODEL_IDS = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4.1',
  'gpt-4.1-nano',
  'gpt-5',
  'gpt-5-mini',
  'o3-mini',
  'gpt-3.5-turbo',
  'claude-sonnet-4-5',
  'claude-opus-4-1',
  'claude-haiku-4-5',
  'claude-3-5-sonnet-20240620',
  'gemini-2.5-flash',
  'gemini-2.5-pro',
  'googleai/gemini-2.5-flash',
  'openai/gpt-4o',
  'anthropic/claude-sonnet-4-5',
  'azure/gpt-4o',
  'mistral-large-latest',
  'llama-3.1-70b',
  'my-finetune',
  'ft:gpt-4o-mini:acme::abc',
  '',
];

export const modelId: fc.Arbitrary<string> = fc.oneof({ arbitrary: fc.constantFrom(...MODEL_IDS), weight: 8 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 });

const WORDS = 'you are the support assistant of acme outdoor answer in two sentences refund policy order history customer ticket summarize classify extract route tool result context documents question be brief and factual never invent facts json schema'.split(' ');

/** Prose of a prompt: a few words to a few thousand (long enough to be cached). */
export const prose: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 30 }).map((w) => w.join(' ')), weight: 6 },
  { arbitrary: fc.tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 5, maxLength: 20 }), fc.integer({ min: 20, max: 400 })).map(([w, n]) => Array.from({ length: n }, (_, i) => `${w.join(' ')} ${i}.`).join('\n')), weight: 1 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
);

/** Prose long enough for a provider's prompt cache (Anthropic: 1,024 tokens and more). */
const longProse: fc.Arbitrary<string> = fc.tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 8, maxLength: 20 }), fc.integer({ min: 120, max: 300 })).map(([w, n]) => Array.from({ length: n }, (_, i) => `${w.join(' ')} ${i}.`).join(' '));
const claudeModel = fc.constantFrom('claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5');

const PY_PLACEHOLDERS = ['question', 'user_id', 'datetime.now().isoformat()', 'uuid.uuid4()', 'docs', 'context', 'history', 'ticket["body"]', 'len(items)', 'name!r', 'total:>10', 'time.time()'];
const JS_PLACEHOLDERS = ['question', 'userId', 'new Date().toISOString()', 'crypto.randomUUID()', "docs.join('\\n')", 'context', 'history', 'ticket.body', 'items.length', 'Date.now()'];
const NAMES = ['answer', 'classify', 'summarize', 'route', 'agent_loop', 'handle_ticket', 'extract', 'chat', 'run', 'main'];

const count = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(1, 5, 100, 1000, 4096, 10 ** 9, 2 ** 53, 1e21));
const maxTokens = fc.oneof(fc.integer({ min: 1, max: 8192 }), fc.constantFrom(0, -1, 16, 200000, 1e12));

// --- Python ------------------------------------------------------------------------------------

function pyEscape(s: string, quote: string): string {
  return s.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A Python string literal holding `text`: quoted, triple-quoted or raw. */
export function pyStringOf(text: string, style: number): string {
  if (style === 1 && !text.includes('"""') && !text.endsWith('"') && !text.includes('\\')) return `"""${text}"""`;
  if (style === 2) return `'${pyEscape(text, "'")}'`;
  return `"${pyEscape(text, '"')}"`;
}

const pyString = fc.tuple(prose, fc.integer({ min: 0, max: 2 })).map(([t, s]) => pyStringOf(t, s));

/** An f-string: prose with placeholders (timestamps first sometimes: a volatile prefix). */
const pyFString = fc.tuple(fc.array(fc.tuple(prose, fc.constantFrom(...PY_PLACEHOLDERS)), { minLength: 1, maxLength: 4 }), prose, fc.boolean()).map(([pieces, tail, triple]) => {
  const body = pieces.map(([t, p]) => `${t.replace(/[{}\\"\n]/g, ' ')} {${p}}`).join(' ') + ' ' + tail.replace(/[{}\\"\n]/g, ' ');
  return triple ? `f"""${body.replace(/"/g, "'")}"""` : `f"${body.replace(/"/g, "'")}"`;
});

const pyPrompt: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: pyString, weight: 4 },
  { arbitrary: pyFString, weight: 3 },
  fc.constantFrom('SYSTEM_PROMPT', 'PROMPT + question', 'question', 'open("prompts/system.txt").read()', 'Path("prompts/support.prompty").read_text()', 'prompty.load("support.prompty")', 'PROMPTS["triage"]', '"\\n".join(docs)', 'template.format(q=question)'),
);

const pyModel: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: modelId.map((m) => pyStringOf(m, 0)), weight: 5 },
  modelId.map((m) => `os.getenv("CHAT_MODEL", ${pyStringOf(m, 0)})`),
  modelId.map((m) => `os.environ.get("CHAT_MODEL", ${pyStringOf(m, 2)})`),
  fc.constantFrom('MODEL', 'DEFAULT_MODEL', 'MODEL_NAME', 'settings.FALLBACK_MODEL', 'SETTINGS["model"]', 'model', 'self.model', 'os.environ["AZURE_MODEL"]', 'f"gpt-{VERSION}"', 'pick_model()', 'MODELS[0]'),
);

const pyMessages = fc.tuple(pyPrompt, pyPrompt, fc.boolean()).map(([sys, user, cache]) =>
  cache ? `[{"role": "system", "content": [{"type": "text", "text": ${sys}, "cache_control": {"type": "ephemeral"}}]}, {"role": "user", "content": ${user}}]` : `[{"role": "system", "content": ${sys}}, {"role": "user", "content": ${user}}]`,
);

const pyCap = fc.oneof(fc.constant(''), maxTokens.map((n) => `, max_tokens=${n}`), maxTokens.map((n) => `, max_completion_tokens=${n}`), fc.constant(', max_tokens=SETTINGS["max_tokens"]'), fc.constant(', max_tokens=LIMIT'), fc.constant(', n=3, max_tokens=64'));

/** One SDK call, as an expression. */
const pyCall: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('client', 'aclient', 'azure', 'openai', 'self.client'), pyModel, fc.oneof(pyMessages, fc.constant('messages')), pyCap, fc.constantFrom('create', 'parse', 'stream')).map(([c, m, msgs, cap, fn]) => `${c}.chat.completions.${fn}(model=${m}, messages=${msgs}${cap})`),
  fc.tuple(pyModel, pyPrompt, pyPrompt, maxTokens, fc.constantFrom('', ', tools=[{"type": "web_search"}]', ', tools=[{"type": "file_search", "vector_store_ids": ["vs"]}, {"type": "code_interpreter", "container": {"type": "auto"}}]')).map(([m, i, u, n, tools]) => `client.responses.create(model=${m}, instructions=${i}, input=${u}, max_output_tokens=${n}${tools})`),
  fc.tuple(fc.oneof(claudeModel.map((m) => pyStringOf(m, 0)), pyModel), maxTokens, fc.oneof(longProse.map((p) => pyStringOf(p, 0)), pyPrompt), fc.boolean(), fc.oneof(pyMessages, fc.constant('messages'))).map(([m, n, sys, cache, msgs]) =>
    cache
      ? `claude.messages.create(model=${m}, max_tokens=${n}, system=[{"type": "text", "text": ${sys}, "cache_control": {"type": "ephemeral", "ttl": "1h"}}], messages=${msgs})`
      : `claude.messages.create(model=${m}, max_tokens=${n}, system=${sys}, messages=${msgs})`,
  ),
  fc.tuple(pyModel, pyPrompt, maxTokens).map(([m, p, n]) => `gclient.models.generate_content(model=${m}, contents=${p}, config={"max_output_tokens": ${n}})`),
  fc.tuple(fc.constantFrom('litellm.completion', 'litellm.acompletion', 'completion', 'router.completion'), pyModel, pyMessages, pyCap).map(([f, m, msgs, cap]) => `${f}(model=${m}, messages=${msgs}${cap})`),
  fc.tuple(fc.constantFrom('llm', 'chat', 'ChatOpenAI(model="gpt-4o")', 'ChatAnthropic(model="claude-sonnet-4-5", max_tokens=300)', 'init_chat_model("gpt-4o-mini")', '(prompt | llm)', 'llm.with_structured_output(Schema)'), fc.constantFrom('invoke', 'ainvoke', 'stream', 'batch'), pyPrompt).map(([r, f, p]) => `${r}.${f}(${p})`),
  fc.tuple(fc.constantFrom('run', 'run_sync', 'run_streamed'), pyPrompt, fc.option(count)).map(([f, p, t]) => `Runner.${f}(agent, ${p}${t === null ? '' : `, max_turns=${t}`})`),
  fc.tuple(pyModel, pyPrompt).map(([m, p]) => `genai.GenerativeModel(${m}).generate_content(${p})`),
  fc.tuple(pyModel, pyPrompt).map(([m, p]) => `OpenAI(base_url="http://localhost:8000/v1").chat.completions.create(model=${m}, messages=[{"role": "user", "content": ${p}}])`),
);

const pyRetrieval: fc.Arbitrary<string> = fc.oneof(
  count.map((k) => `docs = vectorstore.similarity_search(question, k=${k})`),
  count.map((k) => `retriever = vectorstore.as_retriever(search_kwargs={"k": ${k}})`),
  count.map((k) => `engine = index.as_query_engine(similarity_top_k=${k})`),
  count.map((k) => `hits = collection.query(query_texts=[question], n_results=${k})`),
  count.map((n) => `splitter = RecursiveCharacterTextSplitter(chunk_size=${n}, chunk_overlap=50)`),
  fc.constant('docs = vectorstore.similarity_search(question, k=TOP_K)'),
);

const pyLoop: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  fc.constantFrom('for item in items:', 'while True:', 'while not done:', 'for _ in range(MAX_STEPS):', 'for step in range(len(items)):', 'for doc in docs[:3]:', 'async for chunk in stream:', 'for i, x in enumerate(items):'),
  count.map((n) => `for i in range(${n}):`),
  fc.tuple(count, count).map(([a, b]) => `for i in range(${a}, ${b}):`),
);

const pyComment: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 4 },
  fc.constantFrom('steps=12', 'steps=0', 'steps=-3', 'steps=1e308', 'steps=NaN', 'steps=Infinity', 'steps=', 'tasks-per-day=5000', 'tasks-per-day=0', 'tasks-per-day=1e300', 'id=triage', 'id=', 'steps=2 tasks-per-day=10'),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/\n/g, ' ')),
);

interface PyFunction {
  name: string;
  isAsync: boolean;
  comment?: string;
  retrieval?: string;
  loop?: string;
  loopComment?: string;
  call: string;
  history: boolean;
  breaks: boolean;
  nestedLoop?: string;
  method: boolean;
}

const pyFunction: fc.Arbitrary<PyFunction> = fc.record({
  name: fc.constantFrom(...NAMES),
  isAsync: fc.boolean(),
  comment: pyComment,
  retrieval: fc.option(pyRetrieval, { nil: undefined }),
  loop: pyLoop,
  loopComment: pyComment,
  call: pyCall,
  history: fc.boolean(),
  breaks: fc.boolean(),
  nestedLoop: fc.option(fc.constantFrom('for tool_call in calls:', 'for j in range(3):', 'while pending:'), { nil: undefined, freq: 6 }),
  method: fc.boolean(),
});

function renderPyFunction(f: PyFunction, i: number, indent = ''): string {
  const lines: string[] = [];
  if (f.comment) lines.push(`${indent}# costlens: ${f.comment}`);
  lines.push(`${indent}${f.isAsync ? 'async ' : ''}def ${f.name}_${i}(${f.method ? 'self, ' : ''}question, items=None, model="gpt-4o-mini"):`);
  let ind = indent + '    ';
  lines.push(`${ind}"""Calls the model (the docstring never counts: client.chat.completions.create(model="gpt-4o"))."""`);
  if (f.retrieval) lines.push(`${ind}${f.retrieval}`);
  lines.push(`${ind}messages = [{"role": "user", "content": question}]`);
  if (f.loop) {
    if (f.loopComment) lines.push(`${ind}# costlens: ${f.loopComment}`);
    lines.push(`${ind}${f.loop}`);
    ind += '    ';
    if (f.nestedLoop) {
      lines.push(`${ind}${f.nestedLoop}`);
      ind += '    ';
    }
  }
  lines.push(`${ind}response = ${f.isAsync && !f.call.startsWith('Runner') ? 'await ' : ''}${f.call}`);
  if (f.history) lines.push(`${ind}messages.append({"role": "assistant", "content": response.choices[0].message.content})`);
  if (f.loop && f.breaks) lines.push(`${ind}if response.stop_reason == "end_turn":`, `${ind}    break`);
  lines.push(`${indent}    return response`);
  return lines.join('\n');
}

const PY_HEADER = [
  'import os',
  'import uuid',
  'from datetime import datetime',
  'from pathlib import Path',
  'from openai import OpenAI, AsyncOpenAI, AzureOpenAI',
  'import openai',
  'import anthropic',
  'from google import genai',
  'import google.generativeai as genai_legacy',
  'import litellm',
  'from litellm import completion, Router',
  'from langchain_openai import ChatOpenAI',
  'from langchain_anthropic import ChatAnthropic',
  'from langchain.chat_models import init_chat_model',
  'from agents import Agent, Runner',
  'import prompty',
  'from settings import MODEL_NAME, SYSTEM_PROMPT',
  'from .config import TOP_K, LIMIT',
  'import settings',
];

const PY_SETUP = [
  'client = OpenAI()',
  'aclient = AsyncOpenAI()',
  'azure = AzureOpenAI(api_version="2024-10-21", azure_endpoint=os.environ["AZURE_ENDPOINT"])',
  'claude = anthropic.Anthropic()',
  'gclient = genai.Client()',
  'router = Router(model_list=[{"model_name": "fast", "litellm_params": {"model": "gpt-4o-mini"}}])',
  'llm = ChatOpenAI(model="gpt-4o", max_tokens=256)',
  'chat = ChatAnthropic(model=MODEL)',
  'agent = Agent(name="triage", instructions=SYSTEM_PROMPT, model=DEFAULT_MODEL)',
  'prompt = ChatPromptTemplate.from_messages([("system", SYSTEM_PROMPT), ("user", "{question}")])',
];

/** Models the catalogue prices on providers with a batch API: a call on one of them has a figure to discount. */
const PRICED_MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'claude-sonnet-4-5', 'claude-haiku-4-5'];

/**
 * Offline work over a dataset (batch-eligible's case): the script's `__main__` reads records and
 * calls the model once per record, nobody waiting on each answer. Sometimes streamed or given
 * tools, where the rule must stay quiet.
 */
const pyBatchScript: fc.Arbitrary<string> = fc
  .record({
    model: fc.constantFrom(...PRICED_MODELS),
    system: pyString,
    over: fc.constantFrom('records', 'tqdm(records)', 'records[:500]', 'records[:3]', 'enumerate(records)'),
    comprehension: fc.boolean(),
    extra: fc.constantFrom('', '', '', ', stream=True', ', tools=[{"type": "function", "function": {"name": "lookup"}}]'),
    cap: maxTokens,
  })
  .map(({ model, system, over, comprehension, extra, cap }) => {
    const item = over.startsWith('enumerate') ? 'i, record' : 'record';
    const call = model.startsWith('claude')
      ? `batch_claude.messages.create(model="${model}", max_tokens=${cap}, system=${system}, messages=[{"role": "user", "content": f"Ticket: {record['body']}"}]${extra.replace(/\{"type": "function", "function": (\{[^}]*\})\}/, '{"name": "lookup", "input_schema": {"type": "object"}}')})`
      : `batch_client.chat.completions.create(model="${model}", messages=[{"role": "system", "content": ${system}}, {"role": "user", "content": f"Ticket: {record['body']}"}], max_tokens=${cap}${extra})`;
    const lines = ['if __name__ == "__main__":', '    import json', '    import anthropic', '    from openai import OpenAI', '    from tqdm import tqdm', '    batch_client = OpenAI()', '    batch_claude = anthropic.Anthropic()', '    records = [json.loads(line) for line in open("tickets.jsonl")]'];
    if (comprehension) lines.push(`    labels = [${call} for ${item} in ${over}]`);
    else lines.push('    labels = []', `    for ${item} in ${over}:`, `        r = ${call}`, '        labels.append(r)');
    lines.push('    json.dump([str(x) for x in labels], open("labels.json", "w"))');
    return lines.join('\n');
  });

/**
 * A route whose prompt is the same on every request (repeatable-response's case): static, or its
 * one per-request part from a closed set (a Literal parameter). Sometimes a free parameter or a
 * high temperature, where the rule must stay quiet.
 */
const pyStaticRoute: fc.Arbitrary<string> = fc
  .record({
    model: fc.constantFrom(...PRICED_MODELS.filter((m) => m.startsWith('gpt'))),
    prompt: fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 20 }).map((w) => w.join(' ')),
    param: fc.constantFrom('', '', 'plan: Literal["free", "pro", "enterprise"]', 'plan: str'),
    temperature: fc.constantFrom('', '', ', temperature=0.2', ', temperature=1.2'),
    method: fc.constantFrom('get', 'post'),
  })
  .map(({ model, prompt, param, temperature, method }) => {
    const content = param ? `f"${prompt} for the {plan} plan"` : `"${prompt}"`;
    return [
      'from typing import Literal',
      'from fastapi import FastAPI',
      'from openai import OpenAI',
      'app = FastAPI()',
      'route_client = OpenAI()',
      '',
      '',
      `@app.${method}("/help${param ? '/{plan}' : ''}")`,
      `def help_text(${param}):`,
      `    r = route_client.chat.completions.create(model="${model}", messages=[{"role": "user", "content": ${content}}], max_tokens=200${temperature})`,
      '    return r.choices[0].message.content',
    ].join('\n');
  });

/** A Python agent module. */
export const pythonModule: fc.Arbitrary<string> = fc
  .record({
    header: fc.subarray(PY_HEADER, { minLength: 1 }),
    setup: fc.subarray(PY_SETUP),
    model: modelId,
    prompt: fc.oneof(pyString, pyFString),
    version: fc.constantFrom('4o', '4.1', '5'),
    maxSteps: count,
    functions: fc.array(pyFunction, { minLength: 1, maxLength: 5 }),
    inClass: fc.boolean(),
    main: fc.boolean(),
    route: fc.option(pyStaticRoute, { nil: undefined, freq: 3 }),
    batchScript: fc.option(pyBatchScript, { nil: undefined, freq: 3 }),
  })
  .map((m) => {
    const lines = [
      ...m.header,
      '',
      `MODEL = ${pyStringOf(m.model, 0)}`,
      `DEFAULT_MODEL = os.getenv("DEFAULT_MODEL", ${pyStringOf(m.model, 2)})`,
      `VERSION = "${m.version}"`,
      `MAX_STEPS = ${m.maxSteps}`,
      `PROMPT = ${m.prompt}`,
      'SETTINGS = {"model": MODEL, "max_tokens": 500}',
      'PROMPTS = {"triage": "Route the ticket to billing, shipping or returns."}',
      'MODELS = [MODEL, "gpt-4o-mini"]',
      ...m.setup,
      '',
    ];
    if (m.inClass) {
      lines.push('class Agent:', '    def __init__(self):', '        self.client = OpenAI()', `        self.model = ${pyStringOf(m.model, 0)}`, '');
      m.functions.forEach((f, i) => lines.push(renderPyFunction({ ...f, method: true }, i, '    '), ''));
    } else {
      m.functions.forEach((f, i) => lines.push(renderPyFunction({ ...f, method: false }, i), '', ''));
    }
    if (m.route) lines.push(m.route, '', '');
    if (m.main) lines.push('if __name__ == "__main__":', `    print(${m.inClass ? 'Agent().' : ''}${m.functions[0].name}_0("hello"))`);
    if (m.batchScript) lines.push('', m.batchScript);
    return lines.join('\n') + '\n';
  });

/** A Python settings module other files import constants from. */
export const pythonConstants: fc.Arbitrary<string> = fc.tuple(modelId, prose, count, maxTokens).map(([m, p, k, n]) => [`MODEL_NAME = ${pyStringOf(m, 0)}`, 'FALLBACK_MODEL = "gpt-4o"', `SYSTEM_PROMPT = ${pyStringOf(p, 1)}`, `TOP_K = ${k}`, `LIMIT = ${n}`, ''].join('\n'));

// --- TypeScript and JavaScript -----------------------------------------------------------------

function jsEscape(s: string, quote: string): string {
  return s.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function jsStringOf(text: string, style: number): string {
  if (style === 1) return `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
  if (style === 2) return `"${jsEscape(text, '"')}"`;
  return `'${jsEscape(text, "'")}'`;
}

const jsString = fc.tuple(prose, fc.integer({ min: 0, max: 2 })).map(([t, s]) => jsStringOf(t, s));

const jsTemplate = fc.array(fc.tuple(prose, fc.constantFrom(...JS_PLACEHOLDERS)), { minLength: 1, maxLength: 4 }).map((pieces) => `\`${pieces.map(([t, p]) => `${t.replace(/[`$\\{}]/g, ' ')} \${${p}}`).join('\n')}\``);

const jsPrompt: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: jsString, weight: 4 },
  { arbitrary: jsTemplate, weight: 3 },
  fc.constantFrom('SYSTEM_PROMPT', 'PROMPT + question', 'question', "fs.readFileSync('prompts/system.txt', 'utf8')", "readFileSync(join(__dirname, 'prompts/review.prompt.md'), 'utf8')", "PROMPTS['triage']", "docs.join('\\n')"),
);

const jsModel: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: modelId.map((m) => jsStringOf(m, 0)), weight: 5 },
  modelId.map((m) => `process.env.CHAT_MODEL ?? ${jsStringOf(m, 0)}`),
  modelId.map((m) => `process.env.CHAT_MODEL || ${jsStringOf(m, 2)}`),
  fc.constantFrom('MODEL', 'DEFAULT_MODEL', 'MODEL_NAME', 'CONFIG.model', 'config.model', 'model', 'this.model', '`gpt-${VERSION}`', 'pickModel()', 'MODELS[0]'),
);

const jsCap = fc.oneof(fc.constant(''), maxTokens.map((n) => `, max_tokens: ${n}`), maxTokens.map((n) => `, max_completion_tokens: ${n}`), fc.constant(', max_tokens: CONFIG.maxTokens'), fc.constant(', max_tokens: LIMIT'));

const jsMessages = fc.tuple(jsPrompt, jsPrompt, fc.boolean()).map(([sys, user, spread]) => `[{ role: 'system', content: ${sys} }, ${spread ? '...history, ' : ''}{ role: 'user', content: ${user} }]`);

const vercelModel = fc.oneof(
  fc.tuple(fc.constantFrom('openai', 'anthropic', 'google', 'openai.chat', 'openai.responses'), jsModel).map(([p, m]) => `${p}(${m})`),
  jsModel,
  modelId.map((m) => `registry.languageModel('openai:${m.replace(/'/g, '')}')`),
);

const jsCall: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('client', 'openai', 'this.client', 'azure'), jsModel, fc.oneof(jsMessages, fc.constant('messages')), jsCap, fc.constantFrom('create', 'parse', 'stream')).map(([c, m, msgs, cap, fn]) => `${c}.chat.completions.${fn}({ model: ${m}, messages: ${msgs}${cap} })`),
  fc.tuple(jsModel, jsPrompt, jsPrompt, maxTokens).map(([m, i, u, n]) => `client.responses.create({ model: ${m}, instructions: ${i}, input: ${u}, max_output_tokens: ${n} })`),
  fc.tuple(fc.oneof(claudeModel.map((m) => jsStringOf(m, 0)), jsModel), maxTokens, fc.oneof(longProse.map((p) => jsStringOf(p, 0)), jsPrompt), fc.boolean(), fc.oneof(jsMessages, fc.constant('messages'))).map(([m, n, sys, cache, msgs]) =>
    cache
      ? `anthropic.messages.create({ model: ${m}, max_tokens: ${n}, system: [{ type: 'text', text: ${sys}, cache_control: { type: 'ephemeral' } }], messages: ${msgs} })`
      : `anthropic.messages.create({ model: ${m}, max_tokens: ${n}, system: ${sys}, messages: ${msgs} })`,
  ),
  fc.tuple(jsModel, jsPrompt, maxTokens).map(([m, p, n]) => `ai.models.generateContent({ model: ${m}, contents: ${p}, config: { maxOutputTokens: ${n} } })`),
  fc.tuple(fc.constantFrom('generateText', 'streamText', 'generateObject', 'streamObject'), vercelModel, jsPrompt, fc.option(maxTokens), fc.option(count)).map(
    ([f, m, p, n, steps]) => `${f}({ model: ${m}, system: ${p}, prompt: question${n === null ? '' : `, maxOutputTokens: ${n}`}${steps === null ? '' : `, stopWhen: stepCountIs(${steps})`} })`,
  ),
  fc.tuple(fc.constantFrom('llm', 'new ChatOpenAI({ model: "gpt-4o" })', 'prompt.pipe(llm)', 'llm.withStructuredOutput(schema)'), fc.constantFrom('invoke', 'stream', 'batch'), jsPrompt).map(([r, f, p]) => `${r}.${f}(${p})`),
  fc.tuple(jsPrompt, fc.option(count)).map(([p, t]) => `run(agent, ${p}${t === null ? '' : `, { maxTurns: ${t} }`})`),
);

const jsRetrieval: fc.Arbitrary<string> = fc.oneof(
  count.map((k) => `const docs = await vectorStore.similaritySearch(question, ${k});`),
  count.map((k) => `const retriever = vectorStore.asRetriever({ k: ${k} });`),
  count.map((k) => `const hits = await index.query({ vector, topK: ${k} });`),
  count.map((n) => `const splitter = new RecursiveCharacterTextSplitter({ chunkSize: ${n} });`),
);

const jsLoop: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  fc.constantFrom('for (const item of items) {', 'while (true) {', 'while (!done) {', 'for (let i = 0; i < MAX_STEPS; i++) {', 'for await (const chunk of stream) {', 'do {', 'items.forEach(async (item) => {', 'for (const i in items) {'),
  count.map((n) => `for (let i = 0; i < ${n}; i++) {`),
);

interface JsFunction {
  name: string;
  comment?: string;
  retrieval?: string;
  loop?: string;
  call: string;
  history: boolean;
  breaks: boolean;
  arrow: boolean;
  exported: boolean;
}

const jsFunction: fc.Arbitrary<JsFunction> = fc.record({
  name: fc.constantFrom(...NAMES),
  comment: pyComment,
  retrieval: fc.option(jsRetrieval, { nil: undefined }),
  loop: jsLoop,
  call: jsCall,
  history: fc.boolean(),
  breaks: fc.boolean(),
  arrow: fc.boolean(),
  exported: fc.boolean(),
});

function closeLoop(loop: string): string {
  if (loop === 'do {') return '} while (!done);';
  if (loop.startsWith('items.forEach')) return '});';
  return '}';
}

function renderJsFunction(f: JsFunction, i: number, typed: boolean): string {
  const lines: string[] = [];
  const q = typed ? 'question: string, items: string[] = []' : 'question, items = []';
  if (f.comment) lines.push(`// costlens: ${f.comment}`);
  const name = `${f.name}${i}`;
  lines.push(f.arrow ? `${f.exported ? 'export ' : ''}const ${name} = async (${q}) => {` : `${f.exported ? 'export ' : ''}async function ${name}(${q}) {`);
  let ind = '  ';
  if (f.retrieval) lines.push(`${ind}${f.retrieval}`);
  lines.push(`${ind}const messages${typed ? ': any[]' : ''} = [{ role: 'user', content: question }];`, `${ind}let response${typed ? ': any' : ''};`);
  if (f.loop) {
    lines.push(`${ind}${f.loop}`);
    ind += '  ';
  }
  lines.push(`${ind}response = await ${f.call};`);
  if (f.history) lines.push(`${ind}messages.push({ role: 'assistant', content: response.choices[0].message.content });`);
  if (f.loop && f.breaks) lines.push(`${ind}if (response.stop_reason === 'end_turn') break;`);
  if (f.loop) lines.push(`  ${closeLoop(f.loop)}`);
  lines.push('  return response;', f.arrow ? '};' : '}');
  return lines.join('\n');
}

const JS_HEADER = [
  "import OpenAI, { AzureOpenAI } from 'openai';",
  "import Anthropic from '@anthropic-ai/sdk';",
  "import { GoogleGenAI } from '@google/genai';",
  "import { generateText, streamText, generateObject, streamObject, stepCountIs, createProviderRegistry } from 'ai';",
  "import { openai } from '@ai-sdk/openai';",
  "import { anthropic as anthropicProvider } from '@ai-sdk/anthropic';",
  "import { google } from '@ai-sdk/google';",
  "import { ChatOpenAI } from '@langchain/openai';",
  "import { Agent, run } from '@openai/agents';",
  "import * as fs from 'node:fs';",
  "import { readFileSync } from 'fs';",
  "import { join } from 'path';",
  "import { MODEL_NAME, SYSTEM_PROMPT, TOP_K } from './config';",
  "import CONFIG from './config.js';",
  "const { LIMIT } = require('./limits');",
];

const JS_SETUP = [
  'const client = new OpenAI();',
  "const azure = new AzureOpenAI({ apiVersion: '2024-10-21' });",
  'const anthropic = new Anthropic();',
  "const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });",
  'const registry = createProviderRegistry({ openai, anthropic: anthropicProvider });',
  "const llm = new ChatOpenAI({ model: 'gpt-4o-mini', maxTokens: 256 });",
  "const agent = new Agent({ name: 'triage', instructions: SYSTEM_PROMPT, model: DEFAULT_MODEL });",
];

function jsModule(typed: boolean, jsx: boolean): fc.Arbitrary<string> {
  return fc
    .record({
      header: fc.subarray(JS_HEADER, { minLength: 1 }),
      setup: fc.subarray(JS_SETUP),
      model: modelId,
      prompt: fc.oneof(jsString, jsTemplate),
      maxSteps: count,
      functions: fc.array(jsFunction, { minLength: 1, maxLength: 5 }),
      inClass: fc.boolean(),
    })
    .map((m) => {
      const lines = [
        ...m.header,
        '',
        `const MODEL = ${jsStringOf(m.model, 0)};`,
        `const DEFAULT_MODEL = process.env.DEFAULT_MODEL ?? ${jsStringOf(m.model, 2)};`,
        "const VERSION = '4o';",
        `const MAX_STEPS = ${m.maxSteps};`,
        `const PROMPT = ${m.prompt};`,
        `const config = { model: MODEL, maxTokens: 500 }${typed ? ' as const' : ''};`,
        "const PROMPTS = { triage: 'Route the ticket to billing, shipping or returns.' };",
        "const MODELS = [MODEL, 'gpt-4o-mini'];",
        ...m.setup,
        '',
      ];
      if (m.inClass) {
        lines.push('export class Assistant {', `  ${typed ? 'private ' : ''}client = new OpenAI();`, `  ${typed ? 'private ' : ''}model = ${jsStringOf(m.model, 0)};`);
        m.functions.forEach((f, i) => {
          const body = renderJsFunction({ ...f, arrow: false, exported: false, comment: undefined }, i, typed).split('\n');
          body[0] = body[0].replace(/^async function /, 'async ');
          lines.push(...body.map((l) => '  ' + l));
        });
        lines.push('}');
      } else {
        m.functions.forEach((f, i) => lines.push(renderJsFunction(f, i, typed), ''));
      }
      if (jsx) lines.push('', 'export function Answer({ question }: { question: string }) {', '  return <div className="answer">{question}</div>;', '}');
      return lines.join('\n') + '\n';
    });
}

export const typescriptModule = jsModule(true, false);
export const tsxModule = jsModule(true, true);
export const javascriptModule = jsModule(false, false);

/** A TypeScript config module other files import constants from. */
export const typescriptConstants: fc.Arbitrary<string> = fc.tuple(modelId, prose, count).map(([m, p, k]) => [`export const MODEL_NAME = ${jsStringOf(m, 0)};`, `export const SYSTEM_PROMPT = ${jsStringOf(p, 1)};`, `export const TOP_K = ${k};`, `export default { model: ${jsStringOf(m, 2)}, maxTokens: 300 };`, ''].join('\n'));

/** A code file: its path (the extension picks the grammar) and text. */
export const codeFile: fc.Arbitrary<{ path: string; text: string }> = fc.oneof(
  pythonModule.map((text) => ({ path: 'agents/support.py', text })),
  typescriptModule.map((text) => ({ path: 'src/agent.ts', text })),
  tsxModule.map((text) => ({ path: 'app/page.tsx', text })),
  javascriptModule.chain((text) => fc.constantFrom('lib/agent.js', 'lib/agent.mjs', 'lib/agent.cjs', 'components/chat.jsx').map((path) => ({ path, text }))),
);

// --- Prompt files ------------------------------------------------------------------------------

const yamlScalar = fc.oneof(prose.map((p) => JSON.stringify(p.slice(0, 200))), fc.constantFrom('yes', 'null', '~', '0x1F', '1e400', '-1', '"unterminated', "'single'", '|', '>-', '[a, b', '{a: 1', '&anchor value', '*anchor', '!!binary aGVsbG8=', '2024-10-21'));

const placeholder = fc.constantFrom('question', 'order_history', 'docs', 'history', 'now', 'user_id', 'context', 'ticket', 'this', 'input.text', 'customer_name | title', 'x|default("a")');

const templateBody = (dialect: 'mustache' | 'jinja' | 'plain'): fc.Arbitrary<string> =>
  fc.array(
    fc.oneof(
      { arbitrary: prose, weight: 4 },
      placeholder.map((p) => (dialect === 'plain' ? `{${p}}` : `{{${p}}}`)),
      placeholder.map((p) => (dialect === 'plain' ? `{{ ${p} }}` : `{{ ${p} }}`)),
      fc.constantFrom('system:', 'user:', 'assistant:', 'developer:', '# Customer orders', '{{role "system"}}', '{{role "user"}}', '{{#each history}}- {{this}}\n{{/each}}', '{{#if docs}}{{docs}}{{/if}}', '{{> partial}}', '{{media url=photo}}', '{% for rule in rules %}\n- {{ rule.text }}\n{% endfor %}', '{# comment #}', '{% if x %}a{% else %}b{% endif %}', '{% raw %}{{ not a var }}{% endraw %}', '${input:component}', '${selection}', '${file}', '<|im_start|>system', '```python\nprint(1)\n```'),
    ),
    { maxLength: 12 },
  ).map((xs) => xs.join('\n'));

const prompty = fc
  .record({
    name: prose,
    model: modelId,
    type: fc.constantFrom('azure_openai', 'openai', 'serverless', 'anthropic'),
    cap: fc.option(fc.oneof(maxTokens.map(String), yamlScalar)),
    temperature: fc.option(fc.double({ noNaN: true, min: -2, max: 3 })),
    sample: fc.option(prose),
    extra: fc.option(yamlScalar),
    body: templateBody('mustache'),
  })
  .map((p) =>
    [
      '---',
      `name: ${JSON.stringify(p.name.slice(0, 80))}`,
      'description: Answers a customer question using order history.',
      'model:',
      '  api: chat',
      '  configuration:',
      `    type: ${p.type}`,
      `    azure_deployment: ${JSON.stringify(p.model)}`,
      `    name: ${JSON.stringify(p.model)}`,
      '  parameters:',
      ...(p.cap !== null ? [`    max_tokens: ${p.cap}`] : []),
      ...(p.temperature !== null ? [`    temperature: ${p.temperature}`] : []),
      'inputs:',
      '  question:',
      '    type: string',
      '  order_history:',
      '    type: string',
      ...(p.sample !== null ? [`    sample: ${JSON.stringify(p.sample.slice(0, 500))}`] : []),
      ...(p.extra !== null ? [`extra: ${p.extra}`] : []),
      'sample:',
      '  question: Where is my parcel?',
      '---',
      p.body,
      '',
    ].join('\n'),
  );

const dotprompt = fc
  .record({
    comments: fc.boolean(),
    model: modelId,
    cap: fc.option(fc.oneof(maxTokens.map(String), yamlScalar)),
    schema: fc.constantFrom('    ticket: string\n    history?(array): string', '    ticket: string', '    input(object):\n      text: string', ''),
    defaults: fc.option(prose),
    body: templateBody('mustache'),
  })
  .map((p) =>
    [
      ...(p.comments ? ['# Summarizes a support ticket.', '# Owner: support-platform'] : []),
      '---',
      `model: ${p.model}`,
      'config:',
      ...(p.cap !== null ? [`  maxOutputTokens: ${p.cap}`] : []),
      '  temperature: 0.3',
      'input:',
      '  schema:',
      p.schema,
      ...(p.defaults !== null ? ['  default:', `    ticket: ${JSON.stringify(p.defaults.slice(0, 300))}`] : []),
      '---',
      p.body,
      '',
    ].join('\n'),
  );

const promptMd = fc.record({ model: fc.constantFrom('Claude Sonnet 4.5 (copilot)', 'GPT-4o', 'gpt-4.1', 'Gemini 2.5 Pro (preview)', ''), mode: fc.constantFrom('agent', 'ask', 'edit'), body: templateBody('plain'), front: fc.boolean() }).map((p) =>
  (p.front ? ['---', 'description: Review a React component for accessibility', `mode: ${p.mode}`, `model: ${p.model}`, "tools: ['codebase', 'problems']", '---'] : []).concat([p.body, '']).join('\n'),
);

const jinja = fc.tuple(fc.boolean(), modelId, templateBody('jinja')).map(([front, m, body]) => (front ? `---\nmodel: ${m}\nmax_tokens: 100\n---\n${body}\n` : `${body}\n`));

const plain = templateBody('plain').map((b) => b + '\n');

/** A YAML alias bomb in front matter: expanding it would take exponential memory. */
const aliasBomb = fc.integer({ min: 2, max: 12 }).map((levels) => {
  const lines = ['---', 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  lines.push('model: gpt-4o', '---', 'Hello {{question}}', '');
  return lines.join('\n');
});

/** A prompt file: a path whose name says its format, and its text. */
export const promptFile: fc.Arbitrary<{ path: string; text: string }> = fc.oneof(
  prompty.map((text) => ({ path: 'prompts/support.prompty', text })),
  dotprompt.map((text) => ({ path: 'prompts/summarize.prompt', text })),
  promptMd.map((text) => ({ path: '.github/prompts/review.prompt.md', text })),
  jinja.chain((text) => fc.constantFrom('templates/refund.j2', 'templates/refund.jinja', 'templates/refund.jinja2').map((path) => ({ path, text }))),
  plain.chain((text) => fc.constantFrom('prompts/escalation.txt', 'prompts/escalation.md', 'system_prompt.md', 'agents/triage_prompt.txt').map((path) => ({ path, text }))),
  aliasBomb.map((text) => ({ path: 'prompts/bomb.prompty', text })),
);

/** Any file CostLens analyses. */
export const anyFile: fc.Arbitrary<{ path: string; text: string }> = fc.oneof({ arbitrary: codeFile, weight: 3 }, { arbitrary: promptFile, weight: 2 });
