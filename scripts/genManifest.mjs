// Writes package.json's contributes.configuration from src/config/schema.ts (the one source of
// truth for settings). `npm run gen:manifest`; test/unit/manifest.test.ts fails when they drift.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const out = '.bench/schema.cjs';
await esbuild.build({ entryPoints: ['src/config/schema.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning' });
const { manifestProperties } = require(`../${out}`);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.contributes ??= {};
pkg.contributes.configuration = { title: 'CostLens', properties: manifestProperties() };
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
console.log(`contributes.configuration: ${Object.keys(pkg.contributes.configuration.properties).length} settings`);
