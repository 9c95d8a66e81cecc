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
    for (const deps of [pkg.dependencies, pkg.devDependencies]) for (const [name, v] of Object.entries(deps)) assert.match(String(v), /^\d+\.\d+\.\d+$/, name);
  });
});
