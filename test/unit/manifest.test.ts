import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { manifestProperties } from '../../src/config/schema';

const root = path.join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('manifest', () => {
  it('declares exactly the settings of src/config/schema.ts (run `npm run gen:manifest` after changing it)', () => {
    assert.deepEqual(pkg.contributes.configuration.properties, JSON.parse(JSON.stringify(manifestProperties())));
  });

  it('activates narrowly and targets VS Code 1.100', () => {
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(!pkg.activationEvents.includes('onStartupFinished'));
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('puts every command in the CostLens category with a costlens.<verb><Noun> id', () => {
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'CostLens');
      assert.match(c.command, /^costlens\.[a-z]+[A-Z][A-Za-z]*$/);
    }
  });

  it('ships a grammar file for every grammar it declares, and a language for each', () => {
    const languages = new Set((pkg.contributes.languages ?? []).map((l: { id: string }) => l.id));
    for (const id of ['prompty', 'dotprompt', 'jinja-prompt', 'prompt-md']) assert.ok(languages.has(id), id);
    for (const g of pkg.contributes.grammars ?? []) {
      assert.ok(existsSync(path.join(root, g.path)), g.path);
      if (g.language) assert.ok(languages.has(g.language), g.language);
    }
    for (const l of pkg.contributes.languages) if (l.configuration) assert.ok(existsSync(path.join(root, l.configuration)), l.configuration);
    assert.ok(existsSync(path.join(root, pkg.icon)));
  });

  it('pins every dependency to an exact version', () => {
    for (const deps of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, v] of Object.entries(deps)) {
        // The one exception: the package itself, linked so that `npx costlens` runs it in a clone.
        if (name === pkg.name && deps === pkg.devDependencies) assert.equal(v, 'file:.', name);
        else assert.match(String(v), /^\d+\.\d+\.\d+(-[\w.]+)?$/, name);
      }
    }
  });

  it('lets only the install scripts it needs run, so npm ci installs without a warning', () => {
    const allowed = pkg.allowScripts as Record<string, boolean>;
    assert.equal(allowed.esbuild, true);
    // What they install (OS keychain access, the signing tool) only serves publishing to the Marketplace.
    assert.equal(allowed.keytar, false);
    assert.equal(allowed['@vscode/vsce-sign'], false);
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([k]) => k.replace(/^.*node_modules\//, ''));
    assert.deepEqual(withScripts.filter((n) => !(n in allowed)), [], 'every package with an install script is allowed or denied');
  });
});

describe('TextMate grammars', () => {
  const grammars: { language: string; scopeName: string; path: string }[] = pkg.contributes.grammars;

  function collect(node: unknown, out: { regexes: string[]; includes: string[] }): void {
    if (Array.isArray(node)) node.forEach((n) => collect(n, out));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') out.regexes.push(v);
        else if (k === 'include' && typeof v === 'string') out.includes.push(v);
        else collect(v, out);
      }
    }
  }

  it('are valid, self-consistent, and every pattern compiles', () => {
    assert.equal(grammars.length, 4);
    for (const g of grammars) {
      const grammar = JSON.parse(readFileSync(path.join(root, g.path), 'utf8'));
      assert.equal(grammar.scopeName, g.scopeName, g.path);
      const found = { regexes: [] as string[], includes: [] as string[] };
      collect(grammar, found);
      assert.ok(found.regexes.length >= 3, g.path);
      for (const inc of found.includes) {
        if (inc.startsWith('#')) assert.ok(grammar.repository?.[inc.slice(1)], `${g.path}: ${inc} is not in the repository`);
        else assert.match(inc, /^(source|text)\.[\w.-]+$/, `${g.path}: ${inc}`);
      }
      // Oniguruma's \A anchors the document start; JavaScript has no \A, ^ is the nearest.
      for (const re of found.regexes) assert.doesNotThrow(() => new RegExp(re.replace(/\\A/g, '^'), 'm'), `${g.path}: ${re}`);
    }
  });

  it('mark role markers and template expressions in a Prompty body', () => {
    const grammar = JSON.parse(readFileSync(path.join(root, 'syntaxes/prompty.tmLanguage.json'), 'utf8'));
    const role = new RegExp(grammar.repository.role.match, 'm');
    assert.ok(role.test('system:'));
    assert.ok(role.test('# user:'));
    assert.ok(!role.test('Note: system: is a role'));
    assert.ok(new RegExp(grammar.repository['jinja-expression'].begin).test('{{ question }}'));
  });
});
