// Issue 17 (tool-fees, superseded-model): the fee table against its cited sources, the built-in
// tools read from real code, fees and `n` in the estimate, and the superseded-model table's guards.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeWorkspace } from '../../src/cli/main';
import { resolveConfig } from '../../src/config/load';
import { analyzeFile } from '../../src/core/analysis/analyzeFile';
import { estimateCallSite } from '../../src/core/estimate/estimate';
import { loadParsers } from '../../src/core/extract/code/parser';
import type { CallSite } from '../../src/core/model';
import { TOOL_FEES, toolFeeFor } from '../../src/core/pricing/toolFees';
import { isRetired, SUPERSEDED, supersessionOf } from '../../src/core/rules/superseded';

// A machine under load can take seconds over the first file (tokenizer and parsers warm up): no time cut here.
const config = resolveConfig([{ origin: 'test', values: { 'limits.analysisMs': 120000 } }]).values;

function only(file: string, text: string, cfg = config) {
  const a = analyzeFile(file, text, { config: cfg });
  assert.deepEqual(a.errors, []);
  assert.equal(a.callSites.length, 1, a.callSites.map((s) => s.api).join(', '));
  return { analysis: a, site: a.callSites[0], estimate: a.estimates.get(a.callSites[0].key)! };
}

describe('tool fees and superseded models (issue 17)', () => {
  before(() => loadParsers());

  // The figures as the cited pages state them (read 2026-12-06 through the search tool).
  const CITED = [
    { provider: 'openai', tool: 'web_search', model: 'gpt-4.1', figure: '$10 / 1k calls', usd: 0.01, url: 'https://community.openai.com/t/search-web-using-openai-api/1363698' },
    { provider: 'openai', tool: 'web_search_preview', model: 'gpt-5', figure: '$10 / 1k calls', usd: 0.01, url: 'https://community.openai.com/t/search-web-using-openai-api/1363698' },
    { provider: 'openai', tool: 'web_search_preview', model: 'gpt-4.1-mini', figure: '$25 / 1k calls', usd: 0.025, url: 'https://community.openai.com/t/search-web-using-openai-api/1363698' },
    { provider: 'openai', tool: 'file_search', model: 'gpt-4.1', figure: '$2.50 per 1K calls', usd: 0.0025, url: 'https://www.modelcostwatch.com/openai/tool-costs/file-search' },
    { provider: 'openai', tool: 'code_interpreter', model: 'gpt-4.1', figure: '$0.03 per response for the container', usd: 0.03, url: 'https://community.openai.com/t/responses-api-excessive-charges-due-to-repetitive-container-creation-when-using-code-interpreter/1364328' },
    { provider: 'anthropic', tool: 'web_search', model: 'claude-sonnet-4-5', figure: '$10.00 per 1,000 searches', usd: 0.01, url: 'https://claudecodeguides.com/claude-web-search-costs-10-per-thousand/' },
    { provider: 'anthropic', tool: 'web_fetch', model: 'claude-sonnet-4-5', figure: 'no additional surcharge', usd: 0, url: 'https://claudecodeguides.com/claude-web-search-costs-10-per-thousand/' },
    { provider: 'google', tool: 'google_search', model: 'gemini-3-pro-preview', figure: '$14 per 1,000 search queries', usd: 0.014, url: 'https://discuss.ai.google.dev/t/grounding-with-google-search-5-000-free-prompts-month-is-the-quota-scoped-per-project-or-per-billing-account/134866' },
    { provider: 'google', tool: 'google_search', model: 'gemini-2.5-flash', figure: '$35 per 1,000 requests', usd: 0.035, url: 'https://discuss.ai.google.dev/t/gemini-api-grounding-billing-for-requests-exceeding-daily-free-tier/102927' },
    { provider: 'google', tool: 'code_execution', model: 'gemini-2.5-flash', figure: "There's no additional charge", usd: 0, url: 'https://ai.google.dev/gemini-api/docs/code-execution' },
  ] as const;

  it('prices each built-in tool as its cited source states, with the source and an as-of date', () => {
    for (const c of CITED) {
      const fee = toolFeeFor(c.provider, c.tool, c.model);
      assert.ok(fee, `${c.provider} ${c.tool}`);
      assert.equal(fee.source, c.url, `${c.provider} ${c.tool} source`);
      assert.ok(fee.quote.includes(c.figure), `${c.provider} ${c.tool}: the quote "${fee.quote}" states ${c.figure}`);
      assert.ok(Math.abs((fee.usd ?? NaN) - c.usd) < 1e-12, `${c.provider} ${c.tool}: ${fee.usd} per ${fee.unit}, cited ${c.usd}`);
    }
    for (const f of TOOL_FEES) {
      assert.match(f.asOf, /^\d{4}-\d{2}-\d{2}$/);
      assert.match(f.source, /^https:\/\//, `${f.provider} ${f.tool}`);
      // Every priced row is one the test checks against its source.
      if (f.usd !== undefined) assert.ok(CITED.some((c) => c.provider === f.provider && c.tool === f.tool && toolFeeFor(c.provider, c.tool, c.model) === f), `${f.provider} ${f.tool} ${f.models ?? ''} is checked against its source`);
    }
    // Unsourced: left without a price, never guessed.
    assert.equal(toolFeeFor('anthropic', 'code_execution', 'claude-sonnet-4-5')?.usd, undefined);
  });

  it('reads built-in tools from Responses, Messages, Gemini, the AI SDK and the Agents SDK', () => {
    const cases: [string, string, string[]][] = [
      ['a.py', 'from openai import OpenAI\nclient = OpenAI()\nTOOLS = [{"type": "web_search"}, {"type": "function", "name": "f", "parameters": {"type": "object"}}]\nclient.responses.create(model="gpt-4.1", tools=TOOLS, input="q")\n', ['web_search']],
      ['b.py', 'from anthropic import Anthropic\nc = Anthropic()\nc.messages.create(model="claude-sonnet-4-5", max_tokens=10, tools=[{"type": "web_search_20250305", "name": "web_search"}, {"type": "code_execution_20250825", "name": "code_execution"}], messages=[{"role": "user", "content": "q"}])\n', ['code_execution', 'web_search']],
      ['c.py', 'from google import genai\nfrom google.genai import types\nc = genai.Client()\nc.models.generate_content(model="gemini-2.5-flash", contents="q", config=types.GenerateContentConfig(tools=[types.Tool(google_search=types.GoogleSearch()), types.Tool(url_context=types.UrlContext())]))\n', ['google_search', 'url_context']],
      ['d.ts', "import { openai } from '@ai-sdk/openai';\nimport { generateText } from 'ai';\nexport const r = generateText({ model: openai('gpt-4.1'), tools: { search: openai.tools.webSearchPreview({}), files: openai.tools.fileSearch({ vectorStoreIds: ['v'] }) }, prompt: 'q' });\n", ['file_search', 'web_search_preview']],
      ['e.ts', "import { google } from '@ai-sdk/google';\nimport { generateText } from 'ai';\nexport const r = generateText({ model: google('gemini-2.5-flash'), tools: { google_search: google.tools.googleSearch({}) }, prompt: 'q' });\n", ['google_search']],
      ['f.py', 'from agents import Agent, Runner, WebSearchTool\nagent = Agent(name="r", model="gpt-4.1", tools=[WebSearchTool()])\nRunner.run_sync(agent, "q")\n', ['web_search']],
    ];
    for (const [file, text, tools] of cases) {
      const a = analyzeFile(file, text, { config });
      assert.deepEqual(a.errors, []);
      assert.ok(a.callSites.length >= 1, file);
      assert.deepEqual(a.callSites[0].params.builtinTools, tools, file);
    }
    // Function tools and plain helper calls are no built-in tools.
    const { site } = only('g.ts', "import { openai } from '@ai-sdk/openai';\nimport { generateText, tool } from 'ai';\nconst weather = tool({ description: 'w', execute: async () => 'sunny' });\nexport const r = generateText({ model: openai('gpt-4.1'), tools: { weather }, prompt: 'q' });\n");
    assert.equal(site.params.builtinTools, undefined);
  });

  it('adds the tools’ fees to the call’s figures (not to its low end), and names an unpriced tool', () => {
    const text = 'from openai import OpenAI\nclient = OpenAI()\nclient.responses.create(model="gpt-4.1", tools=[{"type": "web_search"}, {"type": "file_search", "vector_store_ids": ["v"]}], input="q", max_output_tokens=200)\n';
    const { site, estimate } = only('fees.py', text);
    const without: CallSite = { ...site, params: { ...site.params, builtinTools: undefined } };
    const bare = estimateCallSite(without, { config });
    assert.ok(Math.abs(estimate.usd!.perCall.expected - bare.usd!.perCall.expected - 0.0125) < 1e-9, `${estimate.usd!.perCall.expected} vs ${bare.usd!.perCall.expected}`);
    assert.ok(Math.abs(estimate.usd!.perCall.high - bare.usd!.perCall.high - 0.0125) < 1e-9);
    assert.equal(estimate.usd!.perCall.low, bare.usd!.perCall.low);
    assert.ok(Math.abs(estimate.usd!.perTask.expected - bare.usd!.perTask.expected - 0.0125) < 1e-9);
    assert.deepEqual(estimate.toolFees!.map((f) => [f.tool, f.usdPerCall]), [['file_search', 0.0025], ['web_search', 0.01]]);
    assert.ok(estimate.assumptions.some((a) => a.text.includes('web_search') && a.text.includes('https://community.openai.com/t/search-web-using-openai-api/1363698')));

    const claude = only('exec.py', 'from anthropic import Anthropic\nc = Anthropic()\nc.messages.create(model="claude-sonnet-4-5", max_tokens=100, tools=[{"type": "code_execution_20250825", "name": "code_execution"}], messages=[{"role": "user", "content": "q"}])\n');
    assert.deepEqual(claude.estimate.unpricedTools, ['code_execution']);
    assert.equal(claude.estimate.toolFees, undefined);
    const finding = claude.analysis.findings.find((f) => f.ruleId === 'tool-fees');
    assert.match(finding?.message ?? '', /code_execution also bills per use, but no sourced price is known: not in the estimate/);
  });

  it('computer use, which bills tokens only, adds no fee and raises no tool-fees finding', () => {
    const { analysis, estimate } = only('cu.py', 'from openai import OpenAI\nclient = OpenAI()\nclient.responses.create(model="computer-use-preview", tools=[{"type": "computer_use_preview", "display_width": 1024, "display_height": 768, "environment": "browser"}], input="q", max_output_tokens=200, truncation="auto")\n');
    assert.equal(estimate.unpricedTools, undefined);
    assert.equal(estimate.toolFees, undefined);
    assert.ok(estimate.assumptions.some((a) => a.text.startsWith('built-in tool computer_use: no per-use fee found')));
    assert.deepEqual(analysis.findings.filter((f) => f.ruleId === 'tool-fees'), []);
  });

  it('n and candidate_count > 1 bill the output once per answer', () => {
    const one = only('n1.py', 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o-mini", max_tokens=50, messages=[{"role": "user", "content": "a title"}])\n');
    const three = only('n3.py', 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o-mini", n=3, max_tokens=50, messages=[{"role": "user", "content": "a title"}])\n');
    assert.equal(three.estimate.tokens.output, one.estimate.tokens.output * 3);
    assert.equal(three.estimate.outputRange.high, 150);
    assert.deepEqual(three.estimate.choices, { count: 3, param: 'n' });
    const outputUsd = (one.estimate.tokens.output * one.estimate.prices!.output) / 1e6;
    assert.ok(Math.abs(three.estimate.usd!.perCall.expected - one.estimate.usd!.perCall.expected - 2 * outputUsd) < 1e-12);
    const f = three.analysis.findings.find((x) => x.ruleId === 'tool-fees');
    assert.match(f?.message ?? '', /n=3 asks for 3 answers: the output is billed 3 times, 100 more output tokens a call/);
    assert.equal(f?.tokensAtStake, 100);

    const gemini = only('cc.py', 'from google import genai\nfrom google.genai import types\nc = genai.Client()\nc.models.generate_content(model="gemini-2.5-flash", contents="q", config=types.GenerateContentConfig(candidate_count=2, max_output_tokens=40))\n');
    assert.deepEqual(gemini.estimate.choices, { count: 2, param: 'config.candidate_count' });
    assert.equal(gemini.estimate.outputRange.high, 80);
  });

  it('keeps a source per superseded row and reads retirement dates by day or month', () => {
    for (const s of SUPERSEDED) {
      assert.ok(s.source.length > 20, s.successor);
      assert.match(s.asOf, /^\d{4}-\d{2}-\d{2}$/);
      if (s.retiredOn) assert.match(s.retiredOn, /^\d{4}-\d{2}(-\d{2})?$/);
    }
    const opus = supersessionOf('claude-3-opus-20240229')!;
    assert.equal(opus.successor, 'claude-opus-4-6');
    assert.equal(isRetired(opus, '2025-12-31'), false);
    assert.equal(isRetired(opus, '2026-01-01'), true);
    assert.equal(isRetired(supersessionOf('gpt-3.5-turbo')!, '2026-10-22'), false);
    assert.equal(isRetired(supersessionOf('gpt-3.5-turbo')!, '2026-10-23'), true);
    // The completions-only instruct model has no chat sibling to swap in.
    assert.equal(supersessionOf('gpt-3.5-turbo-instruct'), undefined);
  });

  it('superseded-model: a model written in another file is reported at the call, not at that file\'s offsets', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'costlens-superseded-'));
    try {
      mkdirSync(path.join(dir, '.git'));
      // The model's offset in models.py lies past the end of app.py, which holds the call.
      writeFileSync(path.join(dir, 'models.py'), '# models\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nfrom langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(model="gpt-4-turbo", max_tokens=100)\n');
      writeFileSync(path.join(dir, 'app.py'), 'from models import llm\n\n\ndef ask(q):\n    return llm.invoke(q)\n');
      const { report } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
      const f = report.findings.filter((x) => x.ruleId === 'superseded-model');
      assert.deepEqual(f.map((x) => `${x.path}:${x.line}`), ['app.py:5']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('superseded-model: a still-served model fires only when the sibling costs the same or less on the call', () => {
    const text = 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4-turbo", messages=[{"role": "user", "content": "hello"}], max_tokens=100)\n';
    assert.equal(only('s.py', text).analysis.findings.filter((f) => f.ruleId === 'superseded-model').length, 1);
    // With gpt-4.1 priced above gpt-4-turbo in settings, the switch would cost more: no finding.
    const dear = resolveConfig([{ origin: 'test', values: { 'limits.analysisMs': 120000, 'pricing.overrides': { 'gpt-4.1': { input: 50, output: 100 } } } }]).values;
    assert.equal(only('s.py', text, dear).analysis.findings.filter((f) => f.ruleId === 'superseded-model').length, 0);
    // A routed id keeps its prefix: only the model part is rewritten.
    const routed = only('r.py', 'import litellm\nlitellm.completion(model="openai/gpt-4-turbo", messages=[{"role": "user", "content": "hello"}], max_tokens=100)\n');
    const fix = routed.analysis.findings.find((f) => f.ruleId === 'superseded-model')?.fixes[0];
    assert.equal(fix?.edits[0].newText, 'gpt-4.1');
    assert.equal(fix?.safe, false);
  });
});
