// The .vsix holds only what runs: the extension bundle, the report page, the wasm files the bundle
// loads, grammars, icon, rule docs and the manifest; no sources, tests, maps or dependencies. Run
// after `npm run package` (the npm test chain does).
import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

const root = path.join(__dirname, '../../..');
const vsix = path.join(root, 'dist-vsix', 'costlens.vsix');

interface ZipEntry {
  name: string;
  size: number;
  read(): Buffer;
}

/** The entries of a zip file, from its central directory (APPNOTE.TXT 4.3.12, 4.3.16). */
function zipEntries(buf: Buffer): ZipEntry[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'no end of central directory record: not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'central directory entry signature');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    out.push({
      name,
      size,
      read() {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const data = buf.subarray(start, start + compressed);
        return method === 8 ? inflateRawSync(data) : Buffer.from(data);
      },
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe('the .vsix package', () => {
  let entries: ZipEntry[];
  before(function () {
    try {
      statSync(vsix);
    } catch {
      throw new Error(`${path.relative(root, vsix)} is missing: run \`npm run package\` first`);
    }
    entries = zipEntries(readFileSync(vsix));
  });

  it('holds the bundle, the report page, the wasm it loads, grammars, icon and rule docs', () => {
    const names = new Set(entries.map((e) => e.name));
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const required = [
      'extension/package.json',
      'extension/dist/extension.js',
      // The tokenizer thread (without it the editor counts on the extension host's thread).
      'extension/dist/tokenizerWorker.js',
      'extension/dist/webview.js',
      'extension/dist/tiktoken_bg.wasm',
      'extension/dist/tree-sitter.wasm',
      'extension/dist/tree-sitter-python.wasm',
      'extension/dist/tree-sitter-typescript.wasm',
      'extension/dist/tree-sitter-tsx.wasm',
      'extension/dist/tree-sitter-javascript.wasm',
      'extension/media/icon.png',
      'extension/media/report.css',
      'extension/readme.md',
      'extension/LICENSE.txt',
      ...manifest.contributes.grammars.map((g: { path: string }) => `extension/${g.path.replace(/^\.\//, '')}`),
    ];
    for (const r of required) assert.ok(names.has(r), `${r} is in the package (has: ${[...names].join(', ')})`);
    const { RULES } = require(path.join(root, 'out/src/core/rules/index.js')) as typeof import('../../src/core/rules/index');
    const rules = RULES.map((r) => r.meta.id);
    assert.ok(rules.length >= 9);
    for (const id of rules) assert.ok(names.has(`extension/docs/rules/${id}.md`), `docs for ${id}`);
  });

  it('holds nothing that does not run: no sources, tests, maps, CLI or dependencies', () => {
    const bad = entries.map((e) => e.name).filter((n) => /^extension\/(src|test|out|node_modules|scripts|examples|\.ci|\.bench|test-artifacts)\/|\.map$|\.ts$|^extension\/dist\/(cli|scanWorker)\.js$/.test(n));
    assert.deepEqual(bad, []);
    const wasm = entries.filter((e) => e.name.endsWith('.wasm')).map((e) => path.basename(e.name));
    // The grammars the extension loads, not the other languages @vscode/tree-sitter-wasm ships.
    assert.deepEqual(wasm.sort(), ['tiktoken_bg.wasm', 'tree-sitter-javascript.wasm', 'tree-sitter-python.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter.wasm']);
  });

  it('stays small: under 8 MB packed, the bundle minified', () => {
    const packed = statSync(vsix).size;
    const bundle = entries.find((e) => e.name === 'extension/dist/extension.js')!;
    process.stdout.write(`      .vsix ${(packed / 1024 / 1024).toFixed(2)} MB packed, ${entries.length} files; extension.js ${(bundle.size / 1024).toFixed(0)} kB\n`);
    assert.ok(packed < 8 * 1024 * 1024, `${packed} bytes`);
    const js = bundle.read().toString('utf8');
    assert.ok(!js.includes('sourceMappingURL'), 'no source map reference');
    // Minified: few line breaks for its size.
    assert.ok(js.split('\n').length < js.length / 2000, 'the bundle is minified');
  });

  it('has a manifest VS Code accepts: engine, entry point, activation events, contributed commands', () => {
    const manifest = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.read().toString('utf8'));
    assert.equal(manifest.main, './dist/extension.js');
    assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
    assert.ok(!manifest.activationEvents.includes('*'), 'never activates on everything');
    const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
    for (const c of ['costlens.showReport', 'costlens.compareModels', 'costlens.setTraffic', 'costlens.exportReport', 'costlens.toggleLenses']) assert.ok(commands.includes(c), c);
  });
});
