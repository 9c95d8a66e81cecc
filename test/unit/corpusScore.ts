// Scores the call-site extractor on the fixture corpus in test/fixtures/code/: each expected call
// site is marked on its first line with `expect: <provider> <model|?>`, and lines that look like
// calls but are not with `not-a-call`. Used by corpus.test.ts and `npm run corpus`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { createFileReader, createImportResolver } from '../../src/core/analysis/imports';
import { extractCode } from '../../src/core/extract/code/extract';
import { languageOf } from '../../src/core/extract/code/parser';

export interface CorpusScore {
  files: number;
  expected: number;
  negatives: number;
  detected: number;
  truePositives: number;
  falsePositives: { file: string; line: number; provider: string; model?: string }[];
  falseNegatives: { file: string; line: number; expect: string }[];
  /** Of the expected sites with a known model, how many resolved to exactly that model. */
  modelsExpected: number;
  modelsResolved: number;
  modelMismatches: { file: string; line: number; expected: string; got?: string }[];
  providerMismatches: { file: string; line: number; expected: string; got: string }[];
  precision: number;
  recall: number;
  modelResolutionRate: number;
}

function walk(dir: string, rel = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => (statSync(path.join(dir, e)).isDirectory() ? walk(path.join(dir, e), `${rel}${e}/`) : [`${rel}${e}`]));
}

export function scoreCorpus(root: string): CorpusScore {
  const read = (rel: string) => {
    try {
      return readFileSync(path.join(root, rel), 'utf8');
    } catch {
      return undefined;
    }
  };
  const resolveImport = createImportResolver(read);
  const readFile = createFileReader(read);
  const s: CorpusScore = { files: 0, expected: 0, negatives: 0, detected: 0, truePositives: 0, falsePositives: [], falseNegatives: [], modelsExpected: 0, modelsResolved: 0, modelMismatches: [], providerMismatches: [], precision: 0, recall: 0, modelResolutionRate: 0 };
  for (const file of walk(root)) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const lines = text.split('\n');
    const expects = new Map<number, { provider: string; model: string }>();
    lines.forEach((l, i) => {
      const m = /(?:#|\/\/)\s*expect:\s*(\S+)\s+(\S+)/.exec(l);
      if (m) expects.set(i + 1, { provider: m[1], model: m[2] });
      if (/(?:#|\/\/)\s*not-a-call/.test(l)) s.negatives++;
    });
    s.expected += expects.size;
    if (!languageOf(file)) continue;
    s.files++;
    const r = extractCode(file, text, { resolveImport, readFile });
    s.detected += r.callSites.length;
    const matched = new Set<number>();
    for (const site of r.callSites) {
      const e = expects.get(site.line);
      if (!e || matched.has(site.line)) {
        s.falsePositives.push({ file, line: site.line, provider: site.provider, model: site.model.id });
        continue;
      }
      matched.add(site.line);
      s.truePositives++;
      if (site.provider !== e.provider) s.providerMismatches.push({ file, line: site.line, expected: e.provider, got: site.provider });
      if (e.model === '?') {
        if (site.model.id) s.modelMismatches.push({ file, line: site.line, expected: 'unresolved', got: site.model.id });
      } else {
        s.modelsExpected++;
        if (site.model.id === e.model) s.modelsResolved++;
        else s.modelMismatches.push({ file, line: site.line, expected: e.model, got: site.model.id ?? `unresolved: ${site.model.unresolvedReason}` });
      }
    }
    for (const [line, e] of expects) if (!matched.has(line)) s.falseNegatives.push({ file, line, expect: `${e.provider} ${e.model}` });
  }
  s.precision = s.detected ? s.truePositives / s.detected : 1;
  s.recall = s.expected ? s.truePositives / s.expected : 1;
  s.modelResolutionRate = s.modelsExpected ? s.modelsResolved / s.modelsExpected : 1;
  return s;
}

export function formatScore(s: CorpusScore): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const out = [
    `corpus: ${s.files} files, ${s.expected} expected call sites, ${s.negatives} negative cases`,
    `precision ${pct(s.precision)} (${s.truePositives}/${s.detected})  recall ${pct(s.recall)} (${s.truePositives}/${s.expected})  model resolution ${pct(s.modelResolutionRate)} (${s.modelsResolved}/${s.modelsExpected})`,
  ];
  for (const f of s.falsePositives) out.push(`  false positive  ${f.file}:${f.line}  ${f.provider} ${f.model ?? '?'}`);
  for (const f of s.falseNegatives) out.push(`  missed          ${f.file}:${f.line}  expected ${f.expect}`);
  for (const m of s.modelMismatches) out.push(`  model           ${m.file}:${m.line}  expected ${m.expected}, got ${m.got}`);
  for (const m of s.providerMismatches) out.push(`  provider        ${m.file}:${m.line}  expected ${m.expected}, got ${m.got}`);
  return out.join('\n');
}
