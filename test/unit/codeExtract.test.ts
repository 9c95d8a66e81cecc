import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../src/config/load';
import { analyzeFile } from '../../src/core/analysis/analyzeFile';
import { createFileReader, createImportResolver, moduleCandidates } from '../../src/core/analysis/imports';
import { IncrementalAnalyzer } from '../../src/core/analysis/incremental';
import { extractCode, mayCallAnSdk } from '../../src/core/extract/code/extract';
import { languageOf, loadParsers } from '../../src/core/extract/code/parser';
import type { CallSite } from '../../src/core/model';

const config = defaultConfig();
const one = (path: string, text: string, files: Record<string, string> = {}): CallSite => {
  const read = (p: string) => files[p];
  const r = extractCode(path, text, { resolveImport: createImportResolver(read), readFile: createFileReader(read) });
  assert.equal(r.callSites.length, 1, JSON.stringify(r.callSites.map((c) => c.line)));
  return r.callSites[0];
};
const dyn = (s: CallSite) => s.parts.filter((p) => p.dynamic).map((p) => `${p.dynamic!.kind}:${p.dynamic!.name}`);
const stat = (s: CallSite) => s.parts.filter((p) => !p.dynamic).map((p) => p.text).join('');

describe('code extraction', () => {
  before(() => loadParsers());

  it('follows a name for part of an SDK client (`api = client.beta.messages if betas else client.messages; api.stream(…)`)', () => {
    const head = 'from anthropic import Anthropic\n\nclient = Anthropic()\n\n\ndef sample(messages, betas):\n';
    const either = one('a.py', `${head}    api = client.beta.messages if betas else client.messages\n    with api.stream(model="claude-sonnet-4-5", max_tokens=1024, messages=messages) as s:\n        return s.get_final_message()\n`);
    assert.equal(either.provider, 'anthropic');
    assert.equal(either.model.id, 'claude-sonnet-4-5');
    assert.equal(either.line, 8);
    const plain = one('b.py', `${head}    chat = client.messages\n    return chat.create(model="claude-haiku-4-5", max_tokens=100, messages=messages)\n`);
    assert.equal(plain.model.id, 'claude-haiku-4-5');
    const r = extractCode('c.py', `${head}    api = client.messages if betas else client.models\n    return api.create(model="claude-haiku-4-5", max_tokens=100, messages=messages)\n`, {});
    assert.equal(r.callSites.length, 0, 'branches naming two resources are not one path');
  });

  it('reads dict.get on a dict the code writes: the entry for a key it names, else any value or the default', async () => {
    await loadParsers();
    const head = 'from openai import OpenAI\nclient = OpenAI()\nMODELS = {"fast": "gpt-4o-mini", "smart": "gpt-4.1"}\n';
    const named = one('a.py', `${head}client.chat.completions.create(model=MODELS.get("smart"), messages=[{"role": "user", "content": "hi"}])\n`);
    assert.equal(named.model.id, 'gpt-4.1');
    const tier = one('b.py', `${head}def ask(tier, q):\n    return client.chat.completions.create(model=MODELS.get(tier, "gpt-4.1-nano"), messages=[{"role": "user", "content": q}])\n`);
    assert.deepEqual(tier.model.alternatives?.map((a) => a.id), ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4.1'], 'the default first, then every value');
  });

  it('knows which files are code and skips type stubs', () => {
    assert.equal(languageOf('a/agent.py'), 'python');
    assert.equal(languageOf('route.ts'), 'typescript');
    assert.equal(languageOf('page.tsx'), 'tsx');
    assert.equal(languageOf('x.mjs'), 'javascript');
    assert.equal(languageOf('types.d.ts'), undefined);
    assert.equal(languageOf('stubs.pyi'), undefined);
  });

  it("sends a file to the parser on a list's .append( only where it names Mistral's conversations", () => {
    // A Python list's append is in most files: the cheap text test must not pass them all (warm scans read every cached one).
    const lists = ['rows = []', 'for r in range(3):', '    rows.append(r)', ''].join('\n');
    assert.equal(mayCallAnSdk(lists), false);
    const mistral = ['from mistralai import Mistral', 'client = Mistral()', 'def more(cid, text):', '    return client.beta.conversations.append(conversation_id=cid, inputs=text)', ''].join('\n');
    assert.equal(mayCallAnSdk(mistral), true);
    const [site] = extractCode('m.py', mistral).callSites;
    assert.ok(site, 'the conversation append is still a call site');
    assert.equal(site.provider, 'mistral');
    assert.equal(mayCallAnSdk('client.chat.completions.create(model="gpt-4o")'), true);
  });

  it('f-strings become static text and classified placeholders, constants inlined', () => {
    const s = one('a.py', `
from datetime import datetime
import uuid
from openai import OpenAI
client = OpenAI()
POLICY = "Refunds within 14 days."
def run(user_name, docs):
    system = f"Now: {datetime.now()} id={uuid.uuid4()} {POLICY}\\nCustomer: {user_name}\\nContext: {docs}"
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": system}])
`);
    assert.deepEqual(dyn(s), ['timestamp:datetime.now()', 'uuid:uuid.uuid4()', 'user-data:user_name', 'retrieved-documents:docs']);
    assert.equal(stat(s), 'Now:  id= Refunds within 14 days.\nCustomer: \nContext: ');
    assert.ok(s.parts.every((p) => p.role === 'system'));
  });

  it('template literals and process.env defaults in TypeScript', () => {
    const s = one('a.ts', `
import OpenAI from 'openai';
const client = new OpenAI();
const MODEL = process.env.MODEL || 'gpt-4.1';
export async function f(question: string) {
  return client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: \`Q: \${question} at \${new Date().toISOString()}\` }] });
}`);
    assert.equal(s.model.id, 'gpt-4.1');
    assert.deepEqual(dyn(s), ['user-data:question', 'timestamp:new Date().toISOString()']);
  });

  it('follows messages built by append/push before the call', () => {
    const s = one('a.py', `
from openai import OpenAI
client = OpenAI()
def run(q):
    messages = [{"role": "system", "content": "You are terse."}]
    messages.append({"role": "user", "content": q})
    return client.chat.completions.create(model="gpt-4o", messages=messages)
`);
    assert.deepEqual(s.parts.map((p) => `${p.message}:${p.role}`), ['0:system', '1:user']);
    assert.equal(s.historyGrows, false);
  });

  it('reads prompt files referenced by path and links their parts', () => {
    const files = {
      'prompts/system.txt': 'You are the triage bot. Answer with one word.',
      'prompts/triage.prompty': '---\nmodel: gpt-4o\n---\nsystem:\nClassify.\nuser:\n{{question}}\n',
    };
    const a = one('app/bot.py', `
from pathlib import Path
import prompty
from openai import OpenAI
client = OpenAI()
SYSTEM = open("prompts/system.txt").read()
def run(q):
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": q}])
`, files);
    assert.equal(a.parts[0].text, files['prompts/system.txt']);
    assert.equal(a.parts[0].path, 'prompts/system.txt');
    const b = one('app/bot.ts', `
import { readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
const client = new OpenAI();
const SYSTEM = readFileSync(path.join(__dirname, '../prompts/system.txt'), 'utf8');
export const f = (q: string) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: q }] });
`, files);
    assert.equal(b.parts[0].text, files['prompts/system.txt']);
    const missing = one('app/x.py', `
from openai import OpenAI
client = OpenAI()
def run(q):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": open("nope.txt").read()}])
`, files);
    assert.equal(missing.parts[0].dynamic?.kind, 'unknown');
    assert.ok(missing.notes?.some((n) => n.includes('nope.txt could not be read')));
  });

  it('resolves constants imported from other workspace files, Python and TypeScript', () => {
    assert.deepEqual(moduleCandidates('pkg/agent.py', '.config').slice(0, 1), ['pkg/config.py']);
    assert.ok(moduleCandidates('pkg/agent.py', 'pkg.config').includes('pkg/config.py'));
    assert.ok(moduleCandidates('src/a.ts', './b').includes('src/b.ts'));
    const s = one('pkg/agent.py', `
from openai import OpenAI
from .config import MODEL, STEPS
client = OpenAI()
def run(q):
    for _ in range(STEPS):
        client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": q}])
`, { 'pkg/config.py': 'MODEL = "gpt-4o-mini"\nSTEPS = 3\n' });
    assert.equal(s.model.id, 'gpt-4o-mini');
    assert.equal(s.multiplier.expected, 3);
    const t = one('src/a.ts', `
import OpenAI from 'openai';
import { MODEL } from './b';
const c = new OpenAI();
export const f = () => c.chat.completions.create({ model: MODEL, messages: [] });
`, { 'src/b.ts': "export const MODEL = 'o4-mini';\n" });
    assert.equal(t.model.id, 'o4-mini');
  });

  it('says why a model is unresolved', () => {
    const s = one('a.py', `
from openai import OpenAI
client = OpenAI()
def run(q, model):
    return client.chat.completions.create(model=model, messages=[])
`);
    assert.equal(s.model.id, undefined);
    assert.equal(s.model.unresolvedReason, '`model` is a parameter without a default');
    const env = one('b.py', `
import os
from openai import OpenAI
client = OpenAI()
def run(q):
    return client.chat.completions.create(model=os.environ["MODEL"], messages=[])
`);
    assert.match(env.model.unresolvedReason!, /environment variable/);
  });

  it('multipliers: range, collections (a stated default), counters, breaks, nesting, comments', () => {
    const cases: [string, number, RegExp][] = [
      ['for i in range(3):\n        CALL', 3, /range\(3\)/],
      ['for i in range(2, 10, 2):\n        CALL', 4, /range\(2, 10, 2\)/],
      ['for t in tickets:\n        CALL', 5, /collection `tickets` of unknown size: 5 assumed/],
      ['for t in ["a", "b"]:\n        CALL', 2, /2 items/],
      ['i = 0\n    while i < 7:\n        i += 1\n        CALL', 7, /i < 7/],
      ['step = 0\n    while True:\n        step += 1\n        if step >= 4:\n            break\n        CALL', 4, /breaks the loop/],
      ['while True:\n        CALL', 10, /no counter: up to 10 steps assumed/],
      ['for a in range(2):\n        for b in range(3):\n            CALL', 6, /range\(3\) × range\(2\)/],
      ['# costlens: steps=12\n    while True:\n        CALL', 12, /costlens: steps=12/],
    ];
    for (const [body, expected, reason] of cases) {
      const code = `from openai import OpenAI\nclient = OpenAI()\ndef run(q, tickets):\n    ${body.replace('CALL', 'client.chat.completions.create(model="gpt-4o", messages=[])')}\n`;
      const s = one('a.py', code);
      assert.equal(s.multiplier.expected, expected, body);
      assert.match(s.multiplier.reason, reason, body);
    }
    // Expected below the bound: a retry loop once, a loop that ends on a condition its prior pass;
    // the bound stays the worst case. Nested loops multiply expectations, and caps.
    const below: [string, number, number, RegExp][] = [
      ['for attempt in range(3):\n        try:\n            r = CALL\n            break\n        except Exception:\n            pass', 1, 3, /retry loop/],
      ['while True:\n        r = CALL\n        if r.choices:\n            break', 1, 10, /ends on a condition/],
      ['for t in range(4):\n        for attempt in range(3):\n            try:\n                return CALL\n            except Exception:\n                continue', 4, 12, /retry loop/],
    ];
    for (const [body, expected, cap, why] of below) {
      const code = `from openai import OpenAI\nclient = OpenAI()\ndef run(q, tickets):\n    ${body.replace('CALL', 'client.chat.completions.create(model="gpt-4o", messages=[])')}\n`;
      const s = one('a.py', code);
      assert.equal(s.multiplier.expected, expected, body);
      assert.equal(s.multiplier.max, cap, body);
      assert.equal(s.multiplier.cap, cap, body);
      assert.match(s.multiplier.expectedReason ?? '', why, body);
    }
    const js = one('a.ts', `import OpenAI from 'openai';\nconst c = new OpenAI();\nexport async function f() {\n  for (let i = 0; i < 9; i++) { await c.chat.completions.create({ model: 'gpt-4o', messages: [] }); }\n}\n`);
    assert.equal(js.multiplier.expected, 9);
  });

  it('agent loops that append to the history they send grow each step, and the task costs the sum', () => {
    const code = `
import anthropic
client = anthropic.Anthropic()
def run(task):
    messages = [{"role": "user", "content": task}]
    for step in range(10):
        r = client.messages.create(model="claude-sonnet-4-5", max_tokens=500, messages=messages)
        messages.append({"role": "assistant", "content": r.content})
`;
    const a = analyzeFile('agent.py', code, { config });
    const site = a.callSites[0];
    assert.equal(site.historyGrows, true);
    assert.equal(a.tasks[0].historyGrows, true);
    assert.equal(a.tasks[0].steps, 10);
    const e = a.estimates.get(site.key)!;
    const flat = e.usd!.perCall.expected * 10;
    // Σ_{i<10} i × growth extra input tokens at the input price ($3/Mtok): growth = the expected
    // answer (400, the default under the 500 cap) + a tool result (500).
    const extra = (900 * 45 * 3) / 1e6;
    assert.ok(Math.abs(e.usd!.perTask.expected - (flat + extra)) < 1e-9, `${e.usd!.perTask.expected} vs ${flat + extra}`);
    assert.equal(e.growthPerStep, 900);
  });

  it('Agents SDK: max_turns or the SDK default, the agent\'s model and instructions', () => {
    const s = one('a.py', `
from agents import Agent, Runner
agent = Agent(name="A", instructions="Be helpful.", model="gpt-4.1-mini")
async def main(q):
    return await Runner.run(agent, q)
`);
    assert.equal(s.model.id, 'gpt-4.1-mini');
    // max_turns is a bound, not an expectation: an agent without tools answers in one request.
    assert.equal(s.multiplier.max, 10);
    assert.equal(s.multiplier.expected, 1);
    assert.match(s.multiplier.reason, /Agents SDK default max_turns/);
    assert.match(s.multiplier.expectedReason!, /without tools answers in one request/);
    assert.equal(s.parts[0].text, 'Be helpful.');
    assert.equal(s.historyGrows, false, 'no tools: nothing grows');
    const t = one('b.py', `
from agents import Agent, Runner, function_tool
@function_tool
def lookup(q: str) -> str:
    return q
agent = Agent(name="A", instructions="Be helpful.", model="gpt-4.1-mini", tools=[lookup])
async def main(q):
    return await Runner.run(agent, q, max_turns=6)
`);
    assert.equal(t.multiplier.max, 6);
    assert.equal(t.multiplier.expected, 3, 'with tools: 1 + 2 tool rounds (the prior)');
    assert.equal(t.historyGrows, true);
  });

  it('tasks: one per outermost function, with tasks-per-day from a comment', () => {
    const r = extractCode('svc.py', `
from openai import OpenAI
client = OpenAI()
# costlens: tasks-per-day=5000
def handler(q):
    a = client.chat.completions.create(model="gpt-4o-mini", messages=[])
    b = client.chat.completions.create(model="gpt-4o", messages=[])
    return a, b
`);
    assert.equal(r.tasks.length, 1);
    assert.equal(r.tasks[0].name, 'handler');
    assert.equal(r.tasks[0].tasksPerDay, 5000);
    assert.deepEqual(r.tasks[0].callSiteKeys, ['svc.py#handler#0', 'svc.py#handler#1']);
  });

  it('keys survive edits above the call', () => {
    const code = `from openai import OpenAI\nclient = OpenAI()\ndef run(q):\n    return client.chat.completions.create(model="gpt-4o", messages=[])\n`;
    const before = one('a.py', code).key;
    const after = one('a.py', `# a new comment\nimport os\n\n${code}`).key;
    assert.equal(before, after);
  });

  it('Anthropic cache_control blocks become cache markers with their TTL', () => {
    const s = one('a.py', `
import anthropic
client = anthropic.Anthropic()
POLICY = "x" * 10
def run(q):
    return client.messages.create(model="claude-sonnet-4-5", max_tokens=100, system=[{"type": "text", "text": "Policy text.", "cache_control": {"type": "ephemeral", "ttl": "1h"}}], messages=[{"role": "user", "content": q}])
`);
    assert.deepEqual(s.cacheMarkers.map((m) => ({ afterPart: m.afterPart, ttl: m.ttl })), [{ afterPart: 0, ttl: '1h' }]);
  });

  it('never throws on broken code, and spans stay inside the text', () => {
    const code = `from openai import OpenAI\nclient = OpenAI()\ndef run(q):\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": f"{q}"}], max_tokens=5)\n`;
    for (let cut = 0; cut <= code.length; cut += 3) {
      const t = code.slice(0, cut) + ')]}"\'';
      const r = extractCode('a.py', t);
      for (const s of r.callSites) {
        assert.ok(s.span.end <= t.length);
        for (const p of s.parts) if (p.span) assert.ok(p.span.start >= 0 && p.span.end <= t.length);
      }
    }
  });

  it('re-analysis after an edit reuses the tree and gives the same result as a fresh analysis', () => {
    const lines = ['from openai import OpenAI', 'client = OpenAI()'];
    for (let i = 0; i < 50; i++) lines.push(`def f${i}(q):`, `    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}], max_tokens=${i + 1})`);
    const v1 = lines.join('\n') + '\n';
    const inc = new IncrementalAnalyzer();
    const first = inc.analyze('big.py', 1, v1, config);
    assert.equal(first.callSites.length, 50);
    const v2 = v1.replace('max_tokens=10)', 'max_tokens=99)');
    const second = inc.analyze('big.py', 2, v2, config);
    assert.equal(inc.reusedTrees, 1);
    const fresh = analyzeFile('big.py', v2, { config });
    assert.deepEqual(second.callSites, fresh.callSites);
    assert.equal(second.callSites[9].outputCap?.tokens, 99);
    assert.equal(inc.analyze('big.py', 2, v2, config), second, 'same version: the cached result');
    inc.dispose();
  });
});

describe('incremental re-analysis', () => {
  before(() => loadParsers());

  it('after each of many edits, equals a fresh analysis of the same text', () => {
    const parts = ['import os', 'from openai import OpenAI', 'client = OpenAI()', 'MODEL = os.getenv("M", "gpt-4o-mini")', ''];
    for (let i = 0; i < 12; i++) {
      parts.push(`def handler_${i}(q, items):`, `    total = ${i}`, '    for x in items:', '        total += len(x)');
      if (i % 3 === 0) parts.push(`    return client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": f"{q} {total}"}], max_tokens=${10 + i})`);
      else parts.push('    return total');
      parts.push('');
    }
    parts.push('def main():', '    return handler_0("q", [])', '');
    const lines = parts.join('\n').split('\n');
    const inc = new IncrementalAnalyzer();
    inc.analyze('m.py', 0, lines.join('\n'), config);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let v = 1; v <= 60; v++) {
      const at = Math.floor(rnd() * lines.length);
      const kind = v % 5;
      if (kind === 0) lines[at] += `  # note ${v}`;
      else if (kind === 1) lines[at] = lines[at].replace(/\d+/, String(v));
      else if (kind === 2) lines.splice(at, 0, '');
      else if (kind === 3) lines[at] = lines[at].replace('max_tokens', 'max_completion_tokens');
      else lines[at] = lines[at].replace('gpt-4o-mini', 'gpt-4.1');
      const text = lines.join('\n');
      const got = inc.analyze('m.py', v, text, config);
      const fresh = analyzeFile('m.py', text, { config });
      assert.deepEqual(got.callSites, fresh.callSites, `edit ${v} (line ${at + 1})`);
      assert.deepEqual(got.tasks, fresh.tasks, `edit ${v} (line ${at + 1})`);
      assert.deepEqual([...got.estimates.keys()], [...fresh.estimates.keys()]);
    }
    assert.ok(inc.patchedEdits > 10, `only ${inc.patchedEdits} edits took the fast path`);
    inc.dispose();
  });
});

describe('loop defaults from settings', () => {
  before(() => loadParsers());
  it('uses defaults.collectionSize and defaults.unboundedSteps', async () => {
    const { resolveConfig } = await import('../../src/config/load');
    const cfg = resolveConfig([{ origin: 'test', values: { 'defaults.collectionSize': 7, 'defaults.unboundedSteps': 3 } }]).values;
    const code = 'from openai import OpenAI\nclient = OpenAI()\ndef a(xs):\n    for x in xs:\n        client.chat.completions.create(model="gpt-4o", messages=[])\ndef b():\n    while True:\n        client.chat.completions.create(model="gpt-4o", messages=[])\n';
    const r = analyzeFile('l.py', code, { config: cfg });
    assert.deepEqual(r.callSites.map((c) => c.multiplier.expected), [7, 3]);
    assert.match(r.callSites[0].multiplier.reason, /7 assumed/);
  });
});

describe('names of inherited properties in code and prompts', () => {
  before(() => loadParsers());
  it('calls named constructor/toString and roles named constructor do not confuse the analysis', async () => {
    const { parsePromptFile } = await import('../../src/core/extract/promptFiles');
    const code = 'class A { constructor() { this.x = [].toString(); } }\nconst o = { toString() { return "x"; } };\nexport const y = o.toString() + String(new A().constructor());\nfoo.constructor({ k: 3 });\n';
    const r = analyzeFile('a.ts', code, { config });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.callSites, []);
    const p = parsePromptFile('p.prompty', '---\nmodel: gpt-4o\n---\nconstructor:\nhello\ntoString:\n');
    assert.ok(p!.callSite.parts.every((x) => typeof x.role === 'string' && ['system', 'user', 'assistant', 'tool', 'context'].includes(x.role)));
  });
});
