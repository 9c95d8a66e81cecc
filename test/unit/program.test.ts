// The workspace as one program (issue 13): models, prompts and clients resolved across files,
// classes, helpers, callers and notebooks, on fixtures laid out as real multi-file projects in
// test/fixtures/program/, scanned by the real CLI code (parsers, program, pricing).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeWorkspace } from '../../src/cli/main';
import { defaultConfig } from '../../src/config/load';
import { IncrementalAnalyzer } from '../../src/core/analysis/incremental';
import { estimateCallSite } from '../../src/core/estimate/estimate';
import { loadParsers } from '../../src/core/extract/code/parser';
import { cellAt, notebookModule } from '../../src/core/program/notebook';
import { MentionIndex } from '../../src/core/program/mentions';
import { ModuleResolver } from '../../src/core/program/resolve';
import { renderTable } from '../../src/core/report/table';
import type { Report, ReportCallSite } from '../../src/core/report/report';
import { scanOnDisk } from './frameworks/workspace';

const fixtures = path.join(__dirname, '../../../test/fixtures/program');

async function scanFixture(name: string) {
  return analyzeWorkspace(['.'], { cwd: path.join(fixtures, name), jobs: 1, observations: false });
}

function site(report: Report, file: string, line: number): ReportCallSite {
  const found = report.callSites.find((c) => c.path === file && c.line === line);
  assert.ok(found, `no call site at ${file}:${line}; found ${report.callSites.map((c) => `${c.path}:${c.line}`).join(', ')}`);
  return found;
}

describe('workspace program: one program, not one file', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  describe('a Python package with __init__ re-exports, settings classes and callers', () => {
    let report: Report;
    before(async () => {
      report = (await scanFixture('py-package')).report;
    });

    it('resolves a client and an LLM object defined in another module, re-exported through two __init__ files', () => {
      const summarize = site(report, 'acme/agents/support.py', 15);
      assert.equal(summarize.model, 'gpt-4o-mini');
      assert.equal(summarize.modelFrom, 'acme/llm/clients.py:7');
      assert.ok(summarize.usd, 'priced');
      const triage = site(report, 'acme/agents/support.py', 7);
      assert.equal(triage.provider, 'anthropic', 'the client made in acme/llm/clients.py is an Anthropic client');
    });

    it('reads a pydantic-settings field default (Field(default=…)) of a class imported from another module', () => {
      const triage = site(report, 'acme/agents/support.py', 7);
      assert.equal(triage.model, 'claude-haiku-4-5');
      assert.equal(triage.modelFrom, 'acme/llm/settings.py:6');
    });

    it('applies a factory to the arguments it is given, and its parameter default when given none', () => {
      assert.equal(site(report, 'acme/agents/support.py', 20).model, 'o4-mini');
      const draft = site(report, 'acme/agents/support.py', 24);
      assert.equal(draft.model, 'gpt-4.1', 'make_llm() with no argument is its default, not every caller’s model');
      assert.equal(draft.modelAlternatives, undefined);
      assert.deepEqual(draft.outputCap, { tokens: 512, param: 'max_tokens' }, 'the cap set inside the factory');
    });

    it('follows a constructor parameter to its callers, and an argparse default through args.model', () => {
      const answer = site(report, 'acme/agents/answer.py', 12);
      assert.equal(answer.model, 'claude-opus-4-1');
      assert.equal(answer.modelFrom, 'scripts/run.py:8');
      assert.deepEqual(answer.outputCap, { tokens: 300, param: 'max_tokens' }, 'the cap from a params dict built above the call and passed as **params');
    });

    it('gives a call whose callers pass two models a price range over both, each with where it is written', async () => {
      const { analyses, config } = await scanFixture('py-package');
      const ask = site(report, 'acme/agents/answer.py', 16);
      assert.deepEqual(ask.modelAlternatives, [
        { id: 'claude-haiku-4-5', from: 'scripts/run.py:11' },
        { id: 'claude-sonnet-4-5', from: 'scripts/run.py:12' },
      ]);
      const callSite = analyses.flatMap((a) => a.callSites).find((c) => c.key === ask.key)!;
      const alone = ask.modelAlternatives!.map((a) => estimateCallSite({ ...callSite, model: { id: a.id } }, { config }).usd!.perCall);
      assert.ok(alone[0].expected < alone[1].expected, 'haiku is the cheaper one');
      assert.equal(ask.usd!.perCall.low, Math.min(alone[0].low, alone[1].low));
      assert.equal(ask.usd!.perCall.high, Math.max(alone[0].high, alone[1].high));
      assert.ok(Math.abs(ask.usd!.perCall.expected - (alone[0].expected + alone[1].expected) / 2) < 1e-12, 'expected is the mean of the alternatives');
      assert.ok(ask.assumptions.some((a) => a.text.includes('one of 2 models')), 'the hover and JSON say why the range is wide');
    });
  });

  describe('a Next.js app with a providers module and tsconfig paths', () => {
    let report: Report;
    before(async () => {
      report = (await scanFixture('next-app')).report;
    });

    it('resolves `@/lib` (tsconfig paths with comments) through an index re-export to the provider object', () => {
      const chat = site(report, 'src/app/api/chat/route.ts', 6);
      assert.equal(chat.provider, 'openai');
      assert.equal(chat.model, 'gpt-4o-mini');
      assert.equal(chat.modelFrom, 'src/lib/providers.ts:5');
      assert.ok(chat.tokens.staticInput >= 15, `the system prompt imported from providers.ts is counted (${chat.tokens.staticInput} static tokens)`);
    });

    it('resolves a model returned by a factory function of another module', () => {
      const summary = site(report, 'src/app/api/summarize/route.ts', 6);
      assert.equal(summary.provider, 'anthropic');
      assert.equal(summary.model, 'claude-haiku-4-5');
      assert.ok(summary.usd);
    });

    it('prices the production model of a helper whose other branch returns a test double (the template\'s getTitleModel)', () => {
      const title = site(report, 'src/app/api/title/route.ts', 6);
      assert.equal(title.model, 'gemini-2.5-flash-lite');
      assert.equal(title.provider, 'google');
      assert.ok(!title.testDouble, 'the mock arm is the test environment\'s, not the call\'s');
      assert.ok(title.usd);
    });

    it('reads a name destructured from an object (`const { summary: summaryModel } = MODELS`), and says a model destructured from the request body comes from it', () => {
      const digest = site(report, 'src/app/api/pick/route.ts', 10);
      assert.equal(digest.model, 'claude-haiku-4-5');
      const chat = site(report, 'src/app/api/pick/route.ts', 8);
      assert.equal(chat.model, null);
      assert.match(chat.modelUnresolvedReason ?? '', /`selectedChatModel` comes from the request body \(`req\.json\(\)`\)/);
    });
  });

  describe('a notebook', () => {
    let report: Report;
    before(async () => {
      report = (await scanFixture('notebook')).report;
    });

    it('analyses the code cells as one module: a client and a model from earlier cells, the call in cell 5', () => {
      assert.equal(report.callSites.length, 1, 'the %%bash cell and the magics are not Python');
      const c = report.callSites[0];
      assert.equal(c.path, 'classify.ipynb');
      assert.equal(c.cell, 5);
      assert.equal(c.line, 2);
      assert.equal(c.model, 'claude-haiku-4-5');
      assert.ok(c.usd);
      assert.match(renderTable(report), /classify\.ipynb#cell-5:2/);
    });

    it('reports a notebook in another language and an unreadable one with the reason', () => {
      const byPath = Object.fromEntries(report.errors.map((e) => [e.path, e.message]));
      assert.match(byPath['stats-r.ipynb'], /notebook in R/);
      assert.match(byPath['broken.ipynb'], /JSON cannot be read/);
    });

    it('turns magics into comments of the same length, so lines within a cell stay as written', () => {
      const nb = notebookModule(JSON.stringify({ cells: [{ cell_type: 'markdown', source: 'x' }, { cell_type: 'code', source: ['%pip install x\n', 'a = 1'] }, { cell_type: 'code', source: 'b = !ls\nc = 2' }] }));
      assert.ok(nb.ok);
      assert.equal(nb.text, '#pip install x\na = 1\n# = !ls\nc = 2', 'each IPython line becomes a comment of the same length');
      assert.deepEqual(cellAt(nb, 4), { cell: 3, line: 2 });
      assert.deepEqual(cellAt(nb, 2), { cell: 2, line: 2 });
    });
  });

  describe('indirection: classes, runners, partials, import proxies, stated models', () => {
    let report: Report;
    before(async () => {
      report = (await scanFixture('py-indirection')).report;
    });

    it('finds an SDK method handed to a retry helper, with the client made by the subclass and the model passed through super().__init__', () => {
      const c = site(report, 'app/models.py', 31);
      assert.equal(c.provider, 'openai');
      assert.equal(c.model, 'gpt-4.1-mini');
      assert.deepEqual(c.outputCap, { tokens: 256, param: 'max_tokens' });
    });

    it('finds calls through functools.partial (at the call of the partial) and asyncio.to_thread', () => {
      const q = site(report, 'app/models.py', 39);
      assert.equal(q.model, 'claude-haiku-4-5');
      assert.deepEqual(q.outputCap, { tokens: 100, param: 'max_tokens' });
      assert.equal(site(report, 'app/models.py', 43).model, 'claude-sonnet-4-5');
    });

    it('sees through an import proxy that loads litellm lazily', () => {
      const c = site(report, 'app/models.py', 47);
      assert.equal(c.api, 'completion');
      assert.equal(c.model, 'gpt-4o-mini');
    });

    it('takes a model stated in .costlens.json and in a costlens: comment as fact, and a provider default as an assumption', () => {
      const fromConfig = site(report, 'app/api.py', 8);
      assert.equal(fromConfig.model, 'claude-haiku-4-5');
      assert.equal(fromConfig.modelAssumed, undefined);
      assert.match(fromConfig.modelFrom!, /\.costlens\.json models/);
      const fromComment = site(report, 'app/api.py', 13);
      assert.equal(fromComment.model, 'claude-opus-4-1');
      const assumed = site(report, 'app/api.py', 17);
      assert.equal(assumed.model, 'claude-sonnet-4-5');
      assert.equal(assumed.modelAssumed, true);
      assert.ok(assumed.assumptions.some((a) => /assumed, not read from the code/.test(a.text) && /comes from the parameter `body`/.test(a.text)), JSON.stringify(assumed.assumptions));
      assert.match(renderTable(report), /claude-sonnet-4-5 \(assumed\)/);
    });
  });

  describe('incremental analysis in the editor', () => {
    it('re-analyses the whole file when an edited function calls another that holds a call (its callers decide its model), and patches otherwise', () => {
      const config = defaultConfig();
      const inc = new IncrementalAnalyzer();
      const v0 = [
        'from anthropic import Anthropic',
        '',
        'def ask(q, model):',
        '    return Anthropic().messages.create(model=model, max_tokens=50, messages=[{"role": "user", "content": q}])',
        '',
        'def label(x):',
        '    return x.strip()',
        '',
        'def main():',
        '    ask(label("hi"), "claude-haiku-4-5")',
        '',
        'def tidy():',
        '    return label("x")',
        '',
      ].join('\n');
      assert.equal(inc.analyze('m.py', 0, v0, config).callSites[0].model.id, 'claude-haiku-4-5');
      const v1 = v0.replace('"claude-haiku-4-5"', '"claude-opus-4-1"');
      const patchedBefore = inc.patchedEdits;
      assert.equal(inc.analyze('m.py', 1, v1, config).callSites[0].model.id, 'claude-opus-4-1', 'the caller changed the model');
      assert.equal(inc.patchedEdits, patchedBefore, 'main calls ask, which holds a call: analysed whole');
      const v2 = v1.replace('label("x")', 'label("y")');
      inc.analyze('m.py', 2, v2, config);
      assert.equal(inc.patchedEdits, patchedBefore + 1, 'tidy calls only label, which holds no call: patched alone');
      inc.dispose();
    });
  });

  describe('with the analysis cache', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'costlens-callers-'));
      writeFileSync(path.join(dir, '.costlens.json'), '{}');
      writeFileSync(path.join(dir, 'ask.py'), 'from anthropic import Anthropic\n\n\ndef ask(q, model):\n    return Anthropic().messages.create(model=model, max_tokens=50, messages=[{"role": "user", "content": q}])\n');
      writeFileSync(path.join(dir, 'main.py'), 'from ask import ask\n\nask("hi", "claude-haiku-4-5")\n');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('sees a new caller in another file although the callee’s own file is unchanged (its cached analysis depended on who mentions `ask`)', async () => {
      const first = (await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, cache: true, observations: false })).report;
      assert.equal(site(first, 'ask.py', 5).model, 'claude-haiku-4-5');
      writeFileSync(path.join(dir, 'batch.py'), 'from ask import ask\n\nfor q in ["a", "b"]:\n    ask(q, model="claude-opus-4-1")\n');
      const second = (await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, cache: true, observations: false })).report;
      assert.deepEqual(site(second, 'ask.py', 5).modelAlternatives?.map((a) => a.id).sort(), ['claude-haiku-4-5', 'claude-opus-4-1']);
      const again = (await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, cache: true, observations: false })).report;
      assert.deepEqual(again.callSites, second.callSites, 'a third scan, from the cache, gives the same');
    });
  });

  describe('module resolution', () => {
    let dir: string;
    const files: Record<string, string> = {
      'pyproject.toml': '[tool.setuptools.packages.find]\nwhere = ["python"]\n',
      'python/corp/llm.py': 'MODEL = "x"\n',
      'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": "./web", "paths": { "~lib/*": ["lib/*"] } } }',
      'web/tsconfig.json': '{ "extends": "../tsconfig.base.json" }',
      'web/lib/ai.ts': 'export const m = 1;',
      'web/app/page.tsx': '',
      'package.json': '{ "workspaces": ["packages/*"] }',
      'packages/llm/package.json': '{ "name": "@acme/llm", "main": "dist/index.js" }',
      'packages/llm/src/index.ts': 'export const model = "gpt-4o";',
      'packages/prompts/package.json': JSON.stringify({ name: '@acme/prompts', exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './system/*': './lib/system/*.ts' } }),
      'packages/prompts/src/index.ts': 'export const x = 1;',
      'packages/prompts/lib/system/support.ts': 'export const SYSTEM = "…";',
    };
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'costlens-resolve-'));
      for (const [rel, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), text);
      }
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('finds Python modules under the source roots pyproject.toml names, tsconfig paths through extends, and monorepo packages by name', () => {
      const r = new ModuleResolver((rel) => (rel in files ? files[rel] : undefined));
      assert.equal(r.resolve('scripts/run.py', 'corp.llm'), 'python/corp/llm.py');
      assert.equal(r.resolve('web/app/page.tsx', '~lib/ai'), 'web/lib/ai.ts');
      assert.equal(r.resolve('web/app/page.tsx', '@acme/llm'), 'packages/llm/src/index.ts');
      assert.equal(r.resolve('web/app/page.tsx', '@acme/prompts'), 'packages/prompts/src/index.ts', 'exports, through its conditions (built output read as its source)');
      assert.equal(r.resolve('web/app/page.tsx', '@acme/prompts/system/support'), 'packages/prompts/lib/system/support.ts', 'an exports pattern');
      assert.equal(r.resolve('web/app/page.tsx', 'react'), undefined, 'a package from outside the workspace');
    });
  });
});

describe('workspace program: what callers pass', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  const scanFiles = scanOnDisk;
  const LLM = 'from anthropic import Anthropic\n\nclient = Anthropic()\n\n\ndef ask(q, model):\n    return client.messages.create(model=model, max_tokens=100, messages=[{"role": "user", "content": q}])\n';

  it('takes a production function\'s model from the callers outside the tests (a test passing "test-model" is not production)', async () => {
    const report = await scanFiles({
      'app/llm.py': LLM,
      'app/main.py': 'from app.llm import ask\n\nprint(ask("hi", "claude-haiku-4-5"))\n',
      'tests/test_llm.py': 'from app.llm import ask\n\n\ndef test_ask():\n    assert ask("x", "test-model")\n',
    });
    const c = site(report, 'app/llm.py', 7);
    assert.equal(c.model, 'claude-haiku-4-5');
    assert.equal(c.modelAlternatives, undefined, 'no test-model alternative');
  });

  it('reads a key of what a helper returns (`const { modelName } = getModelConfig(config)`): every return gives it, or why not', async () => {
    const report = await scanFiles({
      'agents/config.ts': `export function getModelConfig(tier: string) {
  if (tier === 'fast') {
    return { modelName: 'gpt-4.1-mini', maxTokens: 500 };
  }
  return { modelName: 'gpt-4.1', maxTokens: 2000 };
}

export function getUserModelConfig(config: { configurable?: Record<string, string> }) {
  const custom = config.configurable?.customModelName;
  if (custom?.startsWith('azure/')) {
    return { modelName: 'gpt-4o', provider: 'azure_openai' };
  }
  return { modelName: custom, provider: 'openai' };
}
`,
      'agents/nodes.ts': `import OpenAI from 'openai';
import { getModelConfig, getUserModelConfig } from './config';

const client = new OpenAI();

export async function answer(q: string, tier: string) {
  const { modelName } = getModelConfig(tier);
  return client.chat.completions.create({ model: modelName, messages: [{ role: 'user', content: q }], max_tokens: 300 });
}

export async function reply(q: string, config: { configurable?: Record<string, string> }) {
  const { modelName } = getUserModelConfig(config);
  return client.chat.completions.create({ model: modelName, messages: [{ role: 'user', content: q }], max_tokens: 300 });
}
`,
    });
    const both = site(report, 'agents/nodes.ts', 8);
    assert.deepEqual(both.modelAlternatives?.map((a) => a.id).sort(), ['gpt-4.1', 'gpt-4.1-mini']);
    const user = site(report, 'agents/nodes.ts', 13);
    assert.equal(user.model, null, 'the azure fallback (gpt-4o) is a special case, not the call\'s model');
    assert.ok(user.modelUnresolvedReason, 'with a reason');
  });

  it('reads Streamlit session state as what the app assigns to the key, and a dict indexed by a computed key as one of its values', async () => {
    const report = await scanFiles({
      'app/loop.py': LLM,
      'app/ui.py': `import streamlit as st
from app.loop import ask

DEFAULT_MODEL = {"anthropic": "claude-sonnet-4-5", "bedrock": "anthropic.claude-sonnet-4-5-20250929-v1:0"}


def reset():
    st.session_state.model = DEFAULT_MODEL[st.session_state.provider]


if "model" not in st.session_state:
    st.session_state.provider = "anthropic"
    reset()

st.write(ask(st.chat_input(), st.session_state.model))
`,
    });
    // The provider is set once, to "anthropic": the model is that entry, not any of the dict's values.
    assert.equal(site(report, 'app/loop.py', 7).model, 'claude-sonnet-4-5');
    assert.equal(site(report, 'app/loop.py', 7).modelAlternatives, undefined);
    const chosen = await scanFiles({
      'app/loop.py': LLM,
      'app/ui.py': `import streamlit as st
from app.loop import ask

DEFAULT_MODEL = {"anthropic": "claude-sonnet-4-5", "bedrock": "anthropic.claude-sonnet-4-5-20250929-v1:0"}

st.session_state.provider = st.radio("Provider", ["anthropic", "bedrock"])
st.session_state.model = DEFAULT_MODEL[st.session_state.provider]
st.write(ask(st.chat_input(), st.session_state.model))
`,
    });
    assert.deepEqual(site(chosen, 'app/loop.py', 7).modelAlternatives?.map((a) => a.id), ['claude-sonnet-4-5', 'anthropic.claude-sonnet-4-5-20250929-v1:0'], 'a provider picked in the UI: one of the values');
    const none = await scanFiles({ 'app/loop.py': LLM, 'app/ui.py': 'import streamlit as st\nfrom app.loop import ask\n\nst.write(ask(st.chat_input(), st.session_state.model))\n' });
    assert.match(site(none, 'app/loop.py', 7).modelUnresolvedReason ?? '', /st\.session_state\.model/);
  });

  it('reads a Streamlit select box or radio of literal options as the option it opens on, the others as alternatives', async () => {
    const report = await scanFiles({
      'app/loop.py': LLM,
      'app/ui.py': `import streamlit as st
from app.loop import ask

model = st.sidebar.selectbox("Model", ["claude-haiku-4-5", "claude-sonnet-4-5", "claude-opus-4-1"], index=1)
st.write(ask(st.chat_input(), model))
`,
    });
    const c = site(report, 'app/loop.py', 7);
    assert.equal(c.model, 'claude-sonnet-4-5', 'index=1 is the option the page opens on');
    assert.deepEqual(c.modelAlternatives?.map((a) => a.id), ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1']);
  });

  it('reads Streamlit defaults applied from a dict in a loop, lambdas called, and a dict keyed by enum members for the default provider', async () => {
    const report = await scanFiles({
      'app/loop.py': LLM,
      'app/ui.py': `import os
from enum import StrEnum
from typing import cast

import streamlit as st
from app.loop import ask


class APIProvider(StrEnum):
    ANTHROPIC = "anthropic"
    BEDROCK = "bedrock"


PROVIDER_TO_DEFAULT_MODEL_NAME: dict[APIProvider, str] = {
    APIProvider.ANTHROPIC: "claude-sonnet-4-5-20250929",
    APIProvider.BEDROCK: "anthropic.claude-sonnet-4-5-20250929-v1:0",
}


def setup_state():
    defaults = {
        "messages": [],
        "provider": APIProvider.ANTHROPIC,
        "model": lambda: PROVIDER_TO_DEFAULT_MODEL_NAME[cast(APIProvider, st.session_state.provider)],
    }
    for key, default_value in defaults.items():
        if key not in st.session_state:
            if callable(default_value):
                st.session_state[key] = default_value()
            else:
                st.session_state[key] = default_value


setup_state()
st.write(ask(st.chat_input(), st.session_state.model))
`,
    });
    const c = site(report, 'app/loop.py', 7);
    assert.equal(c.model, 'claude-sonnet-4-5-20250929');
    assert.equal(c.modelAlternatives, undefined);
  });

  it('says where the model comes from when only tests pass it, or a caller passes what the code does not resolve', async () => {
    const onlyTests = await scanFiles({ 'app/llm.py': LLM, 'tests/test_llm.py': 'from app.llm import ask\n\n\ndef test_ask():\n    assert ask("x", "test-model")\n' });
    assert.equal(site(onlyTests, 'app/llm.py', 7).model, null);
    assert.match(site(onlyTests, 'app/llm.py', 7).modelUnresolvedReason ?? '', /`model` is a parameter only tests pass \(tests\/test_llm\.py\)/);
    const unresolved = await scanFiles({ 'app/llm.py': LLM, 'app/ui.py': 'import streamlit as st\nfrom app.llm import ask\n\nst.write(ask(st.chat_input(), st.session_state.model))\n' });
    assert.match(site(unresolved, 'app/llm.py', 7).modelUnresolvedReason ?? '', /`model` comes from the caller at app\/ui\.py:4 \(`st\.session_state\.model`\)/);
  });
});

describe('workspace program: the files that mention a name', () => {
  const texts: Record<string, string> = {
    'a.py': 'from b import ask\nask("q")\n',
    'b.py': 'def ask(q):\n    return q\ndef asking(): pass\n',
    'c.ts': "import { Settings } from 'llamaindex';\nSettings.llm = x; const task_runner = 1;\n",
    'd.ts': 'export const $ask = 2; // ask me\n',
  };
  const read = (f: string) => texts[f];

  it('finds an identifier as a whole word (asking is not ask), other text as a substring, in file order', () => {
    const files = Object.keys(texts);
    const index = new MentionIndex(() => files, read);
    assert.deepEqual(index.filesMentioning('ask'), ['a.py', 'b.py', 'd.ts']);
    assert.deepEqual(index.filesMentioning('asking'), ['b.py']);
    assert.deepEqual(index.filesMentioning('$ask'), ['d.ts']);
    assert.deepEqual(index.filesMentioning('task_runner'), ['c.ts']);
    assert.deepEqual(index.filesMentioning('runner'), []);
    assert.deepEqual(index.filesMentioning('Settings.llm'), ['c.ts']);
    assert.deepEqual(index.filesMentioning('nowhere'), []);
  });

  it('answers afresh when the file list changes (a file added)', () => {
    let files = ['a.py'];
    const index = new MentionIndex(() => files, read);
    assert.deepEqual(index.filesMentioning('ask'), ['a.py']);
    files = ['a.py', 'b.py'];
    assert.deepEqual(index.filesMentioning('ask'), ['a.py', 'b.py']);
    assert.deepEqual(index.filesMentioning('def ask'), ['b.py']);
  });
});

describe('workspace program: the mention index kept between scans', () => {
  const keys = ['*calls:ask', '*mentions:ask', '*mentions:Settings.llm'];
  const v1: Record<string, string> = {
    'a.py': 'from b import ask\nask("q")\n',
    'b.py': 'def ask(q):\n    return q\n',
    'c.ts': "import { Settings } from 'llamaindex';\nSettings.llm = x;\n",
    'd.ts': 'export const y = 1;\n',
  };
  // The file's text stands for its hash: equal text, equal hash.
  const history = (texts: Record<string, string>) => ({ hash: (f: string) => texts[f] ?? null });

  it('answers from the stored index for unchanged files without reading them, and reads the changed and new ones again', () => {
    const stored = new MentionIndex(() => Object.keys(v1), (f) => v1[f], history(v1)).snapshot(keys);
    assert.deepEqual(stored.names['*calls:ask'], ['a.py']);
    // A caller and a mention removed, a new caller, a file deleted.
    const v2: Record<string, string> = { ...v1, 'a.py': 'print("q")\n', 'c.ts': 'const llm = x;\n', 'e.py': 'from b import ask\nask("r")\n' };
    delete v2['d.ts'];
    const files = Object.keys(v2);
    const read: string[] = [];
    const warm = new MentionIndex(() => files, (f) => (read.push(f), v2[f]), { ...history(v2), stored });
    const cold = new MentionIndex(() => files, (f) => v2[f]);
    for (const key of keys) {
      const name = key.slice(key.indexOf(':') + 1);
      const ask = (i: MentionIndex) => (key.startsWith('*calls:') ? i.filesCalling(name) : i.filesMentioning(name));
      assert.deepEqual(ask(warm), ask(cold), key);
    }
    assert.deepEqual(warm.filesCalling('ask'), ['e.py']);
    assert.deepEqual(warm.filesMentioning('Settings.llm'), []);
    assert.deepEqual([...new Set(read)].sort(), ['a.py', 'c.ts', 'e.py'], 'only the files changed since');
    assert.ok(warm.differsFromStored());
    // Kept again, and nothing changed since: nothing read.
    const again = warm.snapshot(keys);
    read.length = 0;
    const third = new MentionIndex(() => files, (f) => (read.push(f), v2[f]), { ...history(v2), stored: again });
    assert.deepEqual(third.filesMentioning('ask'), ['b.py', 'e.py']);
    assert.ok(!third.differsFromStored());
    assert.deepEqual(read, []);
  });

  it('reads every file for a name the stored index does not hold', () => {
    const stored = new MentionIndex(() => Object.keys(v1), (f) => v1[f], history(v1)).snapshot(['*calls:ask']);
    const warm = new MentionIndex(() => Object.keys(v1), (f) => v1[f], { ...history(v1), stored });
    assert.deepEqual(warm.filesMentioning('Settings'), ['c.ts']);
    assert.deepEqual(warm.filesCalling('ask'), ['a.py']);
  });
});

describe('workspace program: the files that may call a name', () => {
  const texts: Record<string, string> = {
    'defines.py': 'def ask(q):\n    return q\n',
    'calls.py': 'from lib import ask\nask("q")\n',
    'method.ts': 'export function run() { return llm.ask ("q"); }\n',
    'handed.py': 'executor.submit(ask, "q")\nloop.run_in_executor(None, llm.ask)\n',
    'named.ts': 'export async function ask(q: string) { return q; }\nconst x = { ask: 1 };\n',
  };

  it('keeps the files that call it or hand it on, not those that only define or name it', () => {
    const files = Object.keys(texts);
    const index = new MentionIndex(() => files, (f) => texts[f]);
    assert.deepEqual(index.filesCalling('ask'), ['calls.py', 'method.ts', 'handed.py']);
    assert.deepEqual(index.filesMentioning('ask'), files);
    // Text that is not an identifier: the files that hold it.
    assert.deepEqual(index.filesCalling('llm.ask'), ['method.ts', 'handed.py']);
  });
});
