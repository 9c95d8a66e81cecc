// `npm pack`'s tarball is what a global install of the CLI gets (README, "The CLI"): its launcher,
// the bundles and their wasm, and nothing else; unpacked on its own, without node_modules, it
// scans a workspace. Run after the bundles are built (the npm test chain builds them first).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '../../..');

describe('the npm tarball (a global install of the CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-pack-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the launcher, the CLI bundles and their wasm, no sources, and runs on its own', () => {
    // --ignore-scripts: the bundles are those the test chain built; prepack would rebuild them.
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
    const [packed] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed.files.map((f) => f.path).sort();
    for (const need of ['bin/costlens.js', 'dist/cli.js', 'dist/scanWorker.js', 'dist/tiktoken_bg.wasm', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm', 'package.json', 'README.md']) {
      assert.ok(files.includes(need), `the tarball lacks ${need}`);
    }
    const stray = files.filter((f) => /^(src|test|scripts|out|examples|node_modules)\//.test(f) || f.endsWith('.map') || f === 'dist/extension.js');
    assert.deepEqual(stray, [], 'only what the CLI runs');

    const unpacked = path.join(dir, 'unpacked');
    execFileSync('mkdir', ['-p', unpacked]);
    execFileSync('tar', ['xzf', path.join(dir, packed.filename), '-C', unpacked]);
    // A workspace of its own, far from this repository's node_modules.
    const ws = path.join(dir, 'ws');
    cpSync(path.join(root, 'examples', 'support-agent'), ws, { recursive: true });
    assert.ok(!readdirSync(path.join(unpacked, 'package')).includes('node_modules'));
    const r = spawnSync(process.execPath, [path.join(unpacked, 'package', 'bin', 'costlens.js'), 'scan', '--format', 'json', '--no-cache'], { cwd: ws, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { version: number; callSites: Array<{ usd: unknown }> };
    assert.equal(report.version, 1);
    assert.ok(report.callSites.length > 0 && report.callSites.some((c) => c.usd), 'the unpacked CLI finds and prices the calls');
  });
});
