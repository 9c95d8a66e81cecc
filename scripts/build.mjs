// Bundles the extension and the CLI with esbuild; copies the .wasm files they load beside the bundles.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const out = 'dist';
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['src/vscode/extension.ts'], outfile: join(out, 'extension.js') }),
  esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: join(out, 'cli.js') }),
  esbuild.build({ ...common, entryPoints: ['src/cli/scanWorker.ts'], outfile: join(out, 'scanWorker.js') }),
  // The editor's tokenizer thread (src/core/tokens/thread.ts).
  esbuild.build({ ...common, entryPoints: ['src/core/tokens/tokenizerWorker.ts'], outfile: join(out, 'tokenizerWorker.js') }),
  // The cost report page runs in the webview: a browser script, no Node, no vscode module.
  esbuild.build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: !production, minify: production, logLevel: 'warning', entryPoints: ['src/webview/main.ts'], outfile: join(out, 'webview.js') }),
]);

// tiktoken reads tiktoken_bg.wasm from the bundle's own folder first; the tree-sitter runtime and
// grammars are located there too (src/core/extract/code/parser.ts).
const treeSitterDir = dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
const wasmFiles = [
  join(dirname(require.resolve('tiktoken')), 'tiktoken_bg.wasm'),
  ...['tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-javascript.wasm'].map((f) => join(treeSitterDir, f)),
];
for (const file of wasmFiles) copyFileSync(file, join(out, file.split(/[\\/]/).pop()));
console.log(`built ${out}/extension.js, ${out}/cli.js, ${out}/scanWorker.js, ${out}/tokenizerWorker.js, ${out}/webview.js and ${wasmFiles.length} wasm file(s)`);
