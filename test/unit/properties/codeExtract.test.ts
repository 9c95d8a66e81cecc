// Properties of the code extractors (Python, TypeScript, TSX, JavaScript) and of value resolution
// (constants, parameter defaults, environment lookups with defaults, f-strings and template
// literals, constants imported from other files through createImportResolver) on generated agent
// code, intact and broken.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createFileReader, createImportResolver } from '../../../src/core/analysis/imports';
import { extractCode } from '../../../src/core/extract/code/extract';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { assertNoInternalErrors, assertSpansInside, excerpt, mutated, params, timeoutOf } from './harness';
import { javascriptModule, MODEL_IDS, promptFile, pythonConstants, pythonModule, pyStringOf, jsStringOf, tsxModule, typescriptConstants, typescriptModule } from './grammars';

/** The other files of the workspace the code reads: constants to import, prompt files and text to read by path. */
function workspace(files: Record<string, string>) {
  const read = (p: string) => files[p];
  return { resolveImport: createImportResolver(read), readFile: createFileReader(read) };
}

const otherFiles = fc.record({
  pyConstants: mutated(pythonConstants),
  tsConstants: mutated(typescriptConstants),
  prompt: promptFile.chain((f) => mutated(fc.constant(f.text))),
});

function check(path: string, text: string, files: Record<string, string>): void {
  const ws = workspace(files);
  const r = extractCode(path, text, ws);
  assertNoInternalErrors(r.errors, `${path} ${excerpt(text)}`);
  assertSpansInside(r, text, path);
  for (const s of r.callSites) {
    assert.equal(s.path, path);
    assert.ok(s.key.startsWith(`${path}#`), s.key);
    const m = s.multiplier;
    assert.ok(m.min >= 0 && m.min <= m.expected && m.expected <= m.max, `multiplier ${JSON.stringify(m)} of ${s.key}`);
    for (const [i, c] of s.cacheMarkers.entries()) assert.ok(c.afterPart >= 0 && c.afterPart < Math.max(1, s.parts.length), `cache marker ${i} after part ${c.afterPart} of ${s.parts.length}`);
  }
  const keys = r.callSites.map((s) => s.key);
  assert.equal(new Set(keys).size, keys.length, `call-site keys are unique: ${keys.join(', ')}`);
  for (const t of r.tasks) for (const k of t.callSiteKeys) assert.ok(keys.includes(k), `task ${t.key} names call site ${k}`);
  // Deterministic: a second extraction (fresh readers, as another scan would have) is the same.
  assert.deepEqual(extractCode(path, text, workspace(files)), r, 'the same text gives the same result');
}

function files(o: { pyConstants: { text: string }; tsConstants: { text: string }; prompt: { text: string } }): Record<string, string> {
  return {
    'agents/settings.py': o.pyConstants.text,
    'settings.py': o.pyConstants.text,
    'agents/config.py': o.pyConstants.text,
    'src/config.ts': o.tsConstants.text,
    'lib/config.js': o.tsConstants.text,
    'lib/limits.js': o.tsConstants.text,
    'agents/prompts/support.prompty': o.prompt.text,
    'agents/prompts/system.txt': o.prompt.text,
    'src/prompts/system.txt': o.prompt.text,
    'prompts/review.prompt.md': o.prompt.text,
  };
}

describe('properties: code extractors', function () {
  this.timeout(timeoutOf(60_000));
  before(() => loadParsers());

  const cases: [string, fc.Arbitrary<string>, fc.Arbitrary<string>][] = [
    ['Python', pythonModule, fc.constantFrom('agents/support.py', 'agents/tool.pyw')],
    ['TypeScript', typescriptModule, fc.constantFrom('src/agent.ts', 'src/agent.mts', 'src/agent.cts')],
    ['TSX', tsxModule, fc.constant('app/page.tsx')],
    ['JavaScript', javascriptModule, fc.constantFrom('lib/agent.js', 'lib/agent.mjs', 'lib/agent.cjs', 'lib/chat.jsx')],
  ];
  for (const [name, module, paths] of cases) {
    it(`extractCode (${name}): never throws, no internal errors, spans inside the text, unique keys, deterministic`, () => {
      fc.assert(
        fc.property(paths, mutated(module), otherFiles, (path, { text }, other) => check(path, text, files(other))),
        params(120),
      );
    });
  }

  it('extractCode (value resolution): constants, defaults, env lookups and imports resolve to the model written', () => {
    const model = fc.constantFrom(...MODEL_IDS.filter((m) => m !== ''));
    const form = fc.constantFrom('literal', 'constant', 'default', 'env', 'imported', 'module-attr', 'dict', 'chain');
    fc.assert(
      fc.property(model, form, fc.boolean(), (m, how, python) => {
        const text = python ? pythonResolving(m, how) : typescriptResolving(m, how);
        const path = python ? 'agents/app.py' : 'src/app.ts';
        const ws = workspace({ 'agents/settings.py': `MODEL_NAME = ${pyStringOf(m, 0)}\nOTHER = 1\n`, 'src/settings.ts': `export const MODEL_NAME = ${jsStringOf(m, 0)};\n` });
        const r = extractCode(path, text, ws);
        assertNoInternalErrors(r.errors, excerpt(text));
        assert.equal(r.callSites.length, 1, `one call site in ${excerpt(text)}`);
        assert.equal(r.callSites[0].model.id, m, `${how}: ${excerpt(text)} → ${JSON.stringify(r.callSites[0].model)}`);
        // The f-string / template literal's placeholders are dynamic parts; the rest static text.
        const parts = r.callSites[0].parts;
        assert.ok(parts.some((p) => p.dynamic?.name.includes('question')), `the placeholder is a dynamic part: ${JSON.stringify(parts)}`);
        assert.ok(parts.some((p) => !p.dynamic && p.text.includes('Answer briefly')), 'the static text is a part');
      }),
      params(150),
    );
  });
});

function pythonResolving(m: string, how: string): string {
  const lit = pyStringOf(m, 0);
  const expr: Record<string, string> = { literal: lit, constant: 'MODEL', default: 'model', env: `os.getenv("CHAT_MODEL", ${lit})`, imported: 'MODEL_NAME', 'module-attr': 'settings.MODEL_NAME', dict: 'CONFIG["model"]', chain: 'ALIAS' };
  return [
    'import os',
    'from openai import OpenAI',
    'from settings import MODEL_NAME',
    'import settings',
    `MODEL = ${lit}`,
    'ALIAS = MODEL',
    `CONFIG = {"model": ${lit}}`,
    'client = OpenAI()',
    '',
    `def answer(question, model=${lit}):`,
    `    return client.chat.completions.create(model=${expr[how]}, messages=[{"role": "user", "content": f"Answer briefly: {question}"}], max_tokens=100)`,
    '',
  ].join('\n');
}

function typescriptResolving(m: string, how: string): string {
  const lit = jsStringOf(m, 0);
  const expr: Record<string, string> = { literal: lit, constant: 'MODEL', default: 'model', env: `process.env.CHAT_MODEL ?? ${lit}`, imported: 'MODEL_NAME', 'module-attr': 'settings.MODEL_NAME', dict: 'CONFIG.model', chain: 'ALIAS' };
  return [
    "import OpenAI from 'openai';",
    "import { MODEL_NAME } from './settings';",
    "import * as settings from './settings';",
    `const MODEL = ${lit};`,
    'const ALIAS = MODEL;',
    `const CONFIG = { model: ${lit} };`,
    'const client = new OpenAI();',
    '',
    `export async function answer(question: string, model = ${lit}) {`,
    `  return client.chat.completions.create({ model: ${expr[how]}, messages: [{ role: 'user', content: \`Answer briefly: \${question}\` }], max_tokens: 100 });`,
    '}',
    '',
  ].join('\n');
}
