// Regression tests for the bugs the property tests (test/unit/properties/) and the ReDoS check
// (redos.test.ts) found, one focused case each, with the input that triggered it.
import * as assert from 'node:assert/strict';
import { defaultConfig, parseWorkspaceConfig, resolveConfig } from '../../src/config/load';
import { analyzeFile } from '../../src/core/analysis/analyzeFile';
import { IncrementalAnalyzer } from '../../src/core/analysis/incremental';
import { compareModels } from '../../src/core/estimate/compare';
import { estimateCallSite } from '../../src/core/estimate/estimate';
import { extractCode } from '../../src/core/extract/code/extract';
import { costlensComments, MAX_CALLS_PER_TASK } from '../../src/core/extract/code/loops';
import { loadParsers } from '../../src/core/extract/code/parser';
import { normalizeModelName, parsePromptFile } from '../../src/core/extract/promptFiles/index';
import { splitFrontMatter } from '../../src/core/extract/promptFiles/frontMatter';
import type { CallSite } from '../../src/core/model';
import { lookupPricing, perMtok } from '../../src/core/pricing/catalogue';
import { normalizeUsage, priceUsage } from '../../src/core/pricing/usage';
import { formatUsd } from '../../src/core/report/format';
import { applyEdits } from '../../src/core/rules/applyFixes';
import { countText } from '../../src/core/tokens/count';
import { endpointPath, splitUrl } from '../../src/core/extract/code/frameworks/hosts';

const config = defaultConfig();

function elapsed(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

describe('regressions found by the property tests', () => {
  before(() => loadParsers());

  it('call-site keys stay unique when calls declare the same (or an empty) `costlens: id=`', () => {
    const code = [
      'from openai import OpenAI',
      'client = OpenAI()',
      'def a(q):',
      '    # costlens: id=triage',
      '    return client.chat.completions.create(model="gpt-4o", messages=[])',
      'def b(q):',
      '    # costlens: id=triage',
      '    return client.chat.completions.create(model="gpt-4o", messages=[])',
      'def c(q):',
      '    # costlens: id=',
      '    return client.chat.completions.create(model="gpt-4o", messages=[])',
      '',
    ].join('\n');
    const keys = extractCode('k.py', code).callSites.map((s) => s.key);
    assert.deepEqual(keys, ['k.py#triage#0', 'k.py#triage#1', 'k.py#c#0']);
    const a = analyzeFile('k.py', code, { config });
    assert.equal(a.estimates.size, 3, 'one estimate per call site');
  });

  it('a bound under one turn (`stepCountIs(0)`, `max_turns=0`) still counts the first call: min ≤ expected', () => {
    const code = "import { generateText, stepCountIs } from 'ai';\nexport async function f(q: string) {\n  for (const x of items) {\n    await generateText({ model: 'gpt-4o', prompt: q, stopWhen: stepCountIs(0) });\n  }\n}\n";
    const m = extractCode('s.ts', code).callSites[0].multiplier;
    assert.ok(m.min <= m.expected && m.expected <= m.max && m.expected >= 1, JSON.stringify(m));
  });

  it('calls per task are capped, so `costlens: steps=1e308` with a growing history prices finitely', () => {
    const code = 'from agents import Agent, Runner\nagent = Agent(name="a", instructions="Be brief.", model="gpt-4o")\ndef f(q):\n    # costlens: steps=1e308\n    for i in range(10**3):\n        Runner.run(agent, q)\n';
    const a = analyzeFile('h.py', code, { config });
    const site = a.callSites[0];
    assert.equal(site.multiplier.max, MAX_CALLS_PER_TASK);
    assert.match(site.multiplier.reason, /capped/);
    const usd = a.estimates.get(site.key)!.usd!;
    for (const v of [usd.perTask.low, usd.perTask.expected, usd.perTask.high]) assert.ok(Number.isFinite(v), String(v));
  });

  it('`costlens: tasks-per-day=1e300` is capped: the monthly figures of findings stay finite', () => {
    const code = "import OpenAI from 'openai';\nconst client = new OpenAI();\n// costlens: tasks-per-day=1e300\nexport async function f(q: string) {\n  for (let i = 0; i < 1e21; i++) await client.chat.completions.create({ model: 'gpt-4o', messages: [] });\n}\n";
    const a = analyzeFile('t.ts', code, { config });
    assert.ok(a.tasks[0].tasksPerDay! <= 1e12);
    for (const f of a.findings) if (f.usdPerMonthAtStake !== undefined) assert.ok(Number.isFinite(f.usdPerMonthAtStake), `${f.ruleId}: ${f.usdPerMonthAtStake}`);
  });

  it('an output cap that is not a number (`maxOutputTokens: 2024-10-21`, `max_tokens:`) is replaced by the fix, not added again (a duplicate key breaks the YAML)', () => {
    const cases: [string, string, string, string][] = [
      ['s.prompt', '---\nmodel: gpt-4o-mini\nconfig:\n  maxOutputTokens: 2024-10-21\n  temperature: 0.3\n---\nSummarize {{text}}\n', '  maxOutputTokens: 1024\n  temperature', 'Set maxOutputTokens: 1024'],
      ['t.prompty', '---\nname: t\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n  parameters:\n    max_tokens:\n    temperature: 0\n---\nsystem:\nHi {{q}}\n', '    max_tokens: 1024\n    temperature', 'Set max_tokens: 1024'],
    ];
    for (const [path, text, expected, title] of cases) {
      const a = analyzeFile(path, text, { config });
      const cap = a.findings.find((f) => f.ruleId === 'missing-output-cap');
      assert.ok(cap, `${path}: missing-output-cap fires`);
      assert.equal(cap.fixes[0]?.title, title);
      const fixed = applyEdits(text, cap.fixes[0].edits).text;
      assert.ok(fixed.includes(expected), fixed);
      const again = analyzeFile(path, fixed, { config });
      assert.equal(again.callSites[0].outputCap?.tokens, 1024, `${path}: the fixed file has its cap`);
      assert.deepEqual(again.findings.filter((f) => f.ruleId === 'invalid-prompt-file'), []);
    }
    // A value over several lines (a list) is not cut in half: no fix, the finding says what is wrong.
    const list = '---\nmodel: gpt-4o-mini\nconfig:\n  maxOutputTokens:\n    - 1\n    - 2\n---\nHi\n';
    const f = analyzeFile('l.prompt', list, { config }).findings;
    assert.deepEqual(f.find((x) => x.ruleId === 'missing-output-cap')?.fixes, []);
    assert.ok(f.some((x) => /maxOutputTokens must be a positive integer/.test(x.message)));
    // `config:` holding a scalar (a line of text pasted under it): a key added above it would break the YAML.
    const scalar = '---\nmodel: gpt-4o-mini\nconfig:\n  m# pasted text\n---\nHi\n';
    assert.deepEqual(analyzeFile('c.prompt', scalar, { config }).findings.find((x) => x.ruleId === 'missing-output-cap')?.fixes, []);
    // …or a bad value with an anchor that an alias uses: replacing the line would orphan the alias.
    const anchored = '---\nmodel: gpt-4o-mini\nconfig:\n  maxOutputTokens: &n value\n  stop: *n\n---\nHi\n';
    assert.deepEqual(analyzeFile('a.prompt', anchored, { config }).findings.find((x) => x.ruleId === 'missing-output-cap')?.fixes, []);
    // …or a `config:` given twice (YAML keeps the second): the first is not where the key goes.
    const twice = '---\nmodel: gpt-4o-mini\nconfig:\n ---\nconfig:\n  temperature: 0.3\n---\nHi\n';
    const fixes = analyzeFile('d.prompt', twice, { config }).findings.find((x) => x.ruleId === 'missing-output-cap')?.fixes ?? [];
    for (const fix of fixes) assert.deepEqual(parsePromptFile('d.prompt', applyEdits(twice, fix.edits).text)?.findings.filter((f) => /front matter/.test(f.message)), []);
  });

  describe('incremental re-analysis equals a fresh analysis', () => {
    function same(path: string, versions: string[]): void {
      const inc = new IncrementalAnalyzer();
      try {
        versions.forEach((text, v) => {
          const got = inc.analyze(path, v, text, config);
          const fresh = analyzeFile(path, text, { config });
          assert.deepEqual({ callSites: got.callSites, tasks: got.tasks, retrieval: got.retrieval ?? [] }, { callSites: fresh.callSites, tasks: fresh.tasks, retrieval: fresh.retrieval ?? [] }, `version ${v}`);
        });
      } finally {
        inc.dispose();
      }
    }
    const code = "import OpenAI from 'openai';\nconst client = new OpenAI();\n\nexport async function f(q: string) {\n  return client.chat.completions.create({ model: 'gpt-4o', messages: [] });\n}\n";

    it('a comment typed at the start of a line of code comments the code out (not a comment-only edit)', () => {
      const broken = code.replace('export async function f', '@export async function f');
      same('c.ts', [broken, '// costlens: id=a' + broken, code, code.replace('  return client', '  // costlens: id=a return client')]);
    });

    it('a call\'s loop over items keeps its line when lines are added above it (itemLoop.line moved with the call)', () => {
      const js = "async function answer0(question) {\n  for (let i = 0; i < 2; i++) {\n    await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1, messages: [] });\n  }\n}\n";
      assert.equal(analyzeFile('a.js', js, { config }).callSites[0].itemLoop?.line, 2, 'the call has a loop over items');
      same('a.js', [js, '\n' + js, ' \n' + js]);
      const py = 'def label(rows):\n    for row in rows:\n        client.chat.completions.create(model="gpt-4o", messages=[])\n\n\ndef other(q):\n    return llm.invoke(q)\n';
      same('l.py', [py, py.replace('def label', '\n\ndef label'), py.replace('def other(q):\n', 'def other(q):\n\n')]);
    });

    it('retrieval settings keep document order and their lines when a definition is re-analysed alone', () => {
      const py = ['from llama_index.core import VectorStoreIndex', '', 'def a(q):', '    engine = index.as_query_engine(similarity_top_k=1)', '    return llm.invoke(q)', '', 'def b(q):', '    engine = index.as_query_engine(similarity_top_k=2)', '    return llm.invoke(q)', ''].join('\n');
      same('r.py', [py, py.replace('def a(q):', 'def a(q): '), py.replace('def b(q):\n', 'def b(q):\n\n')]);
      const ts = "export class A {\n  a() { return vectorStore.asRetriever({ k: 1 }); }\n  b() { return vectorStore.asRetriever({ k: 2 }); }\n}\nconst r = llm.invoke('q');\n";
      same('r.ts', [ts, ts.replace('export class A', 'export class\n A')]);
    });

    it('a `costlens:` comment typed above a call (or typed into, or unmade) is read at once, not passed over as a mere comment', () => {
      const call = "  response = await generateText({ model: registry.languageModel('openai:'), system: 'you', prompt: question });";
      const broken = '\n' + '('.repeat(26) + call;
      same('a.ts', [call, broken, '  // costlens: id=a' + broken, '  // costlens: id=ab' + broken, '  // costlen: id=ab' + broken]);
      const py = 'def f(q):\n    # costlens: steps=3\n    return client.chat.completions.create(model="gpt-4o", messages=[])\n';
      same('s.py', [py, py.replace('steps=3', 'steps=30'), py.replace('costlens: steps=3', 'costlen: steps=3')]);
    });

    it('half-typed code whose recovery makes the lines above an "assignment" its left side gives no multi-line name or key', () => {
      const prompt = Array.from({ length: 20 }, (_, i) => `you you you you you ${i}.`).join('\\n');
      const broken = '('.repeat(26) + `import { MODEL_NAME, SYSTEM_PROMPT, TOP_K } from './config';\nconst PROMPT = '${prompt}';\nconst MODELS = [MODEL, 'gpt-4o-mini'];\n` + "export const answer0 = async (question: string) => {\n  response = await generateText({ model: registry.languageModel('openai:'), system: 'you', prompt: question });\n};";
      const a = analyzeFile('b.ts', broken, { config });
      assert.equal(a.callSites.length, 1);
      for (const k of [...a.callSites.map((c) => c.key), ...a.tasks.map((t) => t.key), ...a.tasks.map((t) => t.name)]) assert.ok(k.length < 100 && !k.includes('\n'), k);
    });

    it('the module task spans the whole text after typing at offset 0', () => {
      const broken = "`const client = new OpenAI();\nclient.chat.completions.create({ model: 'gpt-4o', messages: [] });\n";
      same('m.ts', [broken, '// note\n' + broken, '// costlens: id=x' + '// note\n' + broken]);
    });
  });

  it('expected output never exceeds the worst case when defaults.uncappedOutputTokens < defaults.outputTokens', () => {
    const cfg = resolveConfig([{ origin: 't', values: { 'defaults.uncappedOutputTokens': 100 } }]).values;
    const a = analyzeFile('p.prompt', '---\nmodel: gpt-4o\n---\nSummarize.\n', { config: cfg });
    const e = [...a.estimates.values()][0];
    assert.ok(e.outputRange.low <= e.outputRange.expected && e.outputRange.expected <= e.outputRange.high, JSON.stringify(e.outputRange));
    for (const f of a.findings) if (f.tokensAtStake !== undefined) assert.ok(f.tokensAtStake >= 0, `${f.ruleId}: ${f.tokensAtStake}`);
  });

  it('overriding a model\'s input price below its cached price caps the cached price: a cache read never costs more than input', () => {
    const p = perMtok(lookupPricing('gpt-4o', 'openai', { overrides: { 'gpt-4o': { input: 0, output: 0 } } })!, 1000);
    assert.ok(p.cachedInput <= p.input, JSON.stringify(p));
    assert.equal(perMtok(lookupPricing('gpt-4o', 'openai', { overrides: { 'gpt-4o': { input: 2 } } })!, 1000).cachedInput, 1.25, 'above it, the catalogue\'s cached price stays');
    const site: CallSite = { key: 'a#f#0', kind: 'code', path: 'a', span: { start: 0, end: 1 }, line: 1, provider: 'openai', api: 'chat.completions', model: { id: 'gpt-4o' }, parts: [{ role: 'system', message: 0, source: 'literal', text: 'You are helpful. '.repeat(400) }], params: {}, cacheMarkers: [], multiplier: { min: 1, expected: 1, max: 1, reason: '' } };
    const cfg = resolveConfig([{ origin: 't', values: { 'pricing.overrides': { 'gpt-4o': { cachedInput: 5, input: 1 } } } }]).values;
    const usd = estimateCallSite(site, { config: cfg }).usd!.perCall;
    assert.ok(usd.low <= usd.expected && usd.expected <= usd.high, JSON.stringify(usd));
  });

  it('compareModels lists a routed current model (`openai/gpt-4o`) once', () => {
    const site: CallSite = { key: 'a#f#0', kind: 'code', path: 'a', span: { start: 0, end: 1 }, line: 1, provider: 'openai', api: 'completion', model: { id: 'openai/gpt-4o' }, parts: [], params: {}, cacheMarkers: [], multiplier: { min: 1, expected: 1, max: 1, reason: '' } };
    const options = compareModels(site, config);
    assert.equal(options.filter((o) => o.model === 'openai/gpt-4o').length, 1);
    assert.equal(options.filter((o) => o.current).length, 1);
  });

  it('applyEdits: edits at the same place give the same text in any order; the same edit twice is made once', () => {
    const x = { span: { start: 1, end: 1 }, newText: 'X' };
    const y = { span: { start: 1, end: 1 }, newText: 'Y' };
    assert.equal(applyEdits('abc', [x, y]).text, applyEdits('abc', [y, x]).text);
    assert.deepEqual(applyEdits('f(a)', [{ span: { start: 3, end: 3 }, newText: ', max_tokens=1024' }, { span: { start: 3, end: 3 }, newText: ', max_tokens=1024' }]), { text: 'f(a, max_tokens=1024)', applied: 1, skipped: 1 });
  });

  it('`pricing.customModels` given an object (not a list) is reported and the default applies (it crashed pricing)', () => {
    const { source } = parseWorkspaceConfig('{"pricing": {"customModels": {}}}');
    const r = resolveConfig([source]);
    assert.deepEqual(r.values['pricing.customModels'], []);
    assert.match(r.errors[0].message, /pricing\.customModels is invalid/);
    const a = analyzeFile('p.prompt', '---\nmodel: gpt-4o\n---\nHi\n', { config: r.values });
    assert.deepEqual(a.errors, []);
  });

  it('a `__proto__` key in .costlens.json is reported as unknown, not made the prototype of the settings read', () => {
    const { source } = parseWorkspaceConfig('{"__proto__": {"traffic.tasksPerDay": 5}}');
    assert.equal(Object.getPrototypeOf(source.values), Object.prototype);
    const r = resolveConfig([source]);
    assert.match(r.errors.map((e) => e.message).join('\n'), /unknown setting "__proto__"/);
    assert.equal(r.values['traffic.tasksPerDay'], 1000);
  });

  it('usage counts beyond any request (1e308 tokens) are rejected, not priced to Infinity', () => {
    assert.equal(normalizeUsage({ prompt_tokens: 1e308 }).ok, false);
    assert.equal(priceUsage({ usage: { prompt_tokens: 1e308 } }, 'gpt-4o', 'openai').ok, false);
    assert.equal(normalizeUsage({ prompt_tokens: 1e12, completion_tokens: 5 }).ok, true);
  });

  it('a long run without whitespace (a base64 blob, CJK prose) is counted quickly, and a megabyte no longer aborts the tokenizer', () => {
    let n = 0;
    assert.ok(elapsed(() => (n = countText('a'.repeat(1_000_000), 'gpt-4o').tokens)) < 10_000);
    assert.ok(n > 100_000 && n < 150_000, String(n));
    // Text without such runs is counted in one piece, exactly as before.
    const prose = 'Answer in two sentences, citing the refund policy. '.repeat(200);
    const enc = (require('tiktoken') as typeof import('tiktoken')).get_encoding('o200k_base');
    try {
      assert.equal(countText(prose, 'gpt-4o').tokens, enc.encode_ordinary(prose).length);
    } finally {
      enc.free();
    }
    assert.ok(elapsed(() => countText('你好'.repeat(100_000), 'gpt-4o')) < 10_000);
  });
});

describe('regressions found by the ReDoS check (same results, linear time)', () => {
  const attack = '\t'.repeat(50_000);

  it('costlens comments: same reading, CRLF lines read too, no quadratic backtracking', () => {
    assert.deepEqual(costlensComments('x = 1  # costlens: steps=12 tasks-per-day=5', 3), { steps: '12', 'tasks-per-day': '5' });
    assert.deepEqual(costlensComments('f()  /* costlens: steps=3 */', 1), { steps: '3' });
    assert.deepEqual(costlensComments('f()  # costlens: steps=4\r', 1), { steps: '4' });
    assert.ok(elapsed(() => costlensComments(`#costlens:${attack}l\r`.repeat(2), 1)) < 1000);
    assert.ok(elapsed(() => costlensComments('//costlens:n'.repeat(20_000), 1)) < 1000);
  });

  it('prompt files: model names, role markers, the model line of broken front matter', () => {
    assert.equal(normalizeModelName('Claude Sonnet 4.5 (copilot)'), 'claude-sonnet-4-5');
    assert.equal(normalizeModelName('  GPT-4o   (preview)  '), 'gpt-4o');
    assert.ok(elapsed(() => normalizeModelName(`x${attack}y`)) < 1000);
    const r = parsePromptFile('a.prompty', '---\nmodel: gpt-4o\n---\n  # system:\nBe brief.\nuser:\n{{q}}\n')!;
    assert.deepEqual([...new Set(r.callSite.parts.map((p) => p.role))], ['system', 'user']);
    assert.ok(elapsed(() => parsePromptFile('a.prompty', `---\nmodel: gpt-4o\n---\n${attack}\u0001\nA:\n`)) < 1000);
    const fm = splitFrontMatter('---\nmodel: "gpt-4o "  # the default\nx: [\n---\n');
    assert.equal(fm.recoveredModel?.value, 'gpt-4o');
    assert.ok(elapsed(() => splitFrontMatter(`---\nmodel: a${attack}"z\nx: [\n---\n`)) < 1000);
  });

  it('formatUsd trims trailing zeros as before', () => {
    assert.equal(formatUsd(0.008), '$0.008');
    assert.equal(formatUsd(0.0081), '$0.0081');
    assert.equal(formatUsd(0.5), '$0.5');
    assert.equal(formatUsd(0.1), '$0.1');
  });

  it('Copilot prompt files keep their model through the fix', () => {
    const r = parsePromptFile('.github/prompts/r.prompt.md', '---\nmodel: Claude Sonnet 4.5 (copilot)\n---\nReview ${selection}.\n')!;
    assert.equal(r.callSite.model.id, 'claude-sonnet-4-5');
  });

  it('URLs: the same host, port and path, read in linear time', () => {
    assert.deepEqual(splitUrl('https://key@api.groq.com:443/openai/v1?x=1'), { host: 'api.groq.com', port: '443', path: '/openai/v1?x=1' });
    assert.deepEqual(splitUrl('//localhost:11434'), { host: 'localhost', port: '11434', path: '' });
    assert.deepEqual(splitUrl('localhost:8080/v1'), { path: 'localhost:8080/v1' });
    assert.equal(endpointPath('/v1/chat/completions?api-version=2024#x')?.operation, 'chat');
    assert.ok(elapsed(() => splitUrl(`//${'+'.repeat(50_000)}://\n`)) < 1000);
    assert.ok(elapsed(() => endpointPath(`${'#'.repeat(50_000)}\n#`)) < 1000);
  });
});
