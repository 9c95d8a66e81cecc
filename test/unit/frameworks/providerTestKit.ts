// Scans a small workspace written to a temporary folder with the real CLI code (parsers, program,
// lockfile versions, pricing), for the provider SDK, raw HTTP, endpoint and test-double tests.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeWorkspace } from '../../../src/cli/main';
import type { Report, ReportCallSite } from '../../../src/core/report/report';

/** A report, with the notes each code call site carries (where a default model came from…). */
export type Scanned = Report & { notesAt(file: string, line: number): string[] };

/** The report of a workspace made of `files` (relative path → text). */
export async function scanFiles(files: Record<string, string>): Promise<Scanned> {
  const dir = mkdtempSync(path.join(tmpdir(), 'costlens-providers-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const { report, analyses } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
    const sites = analyses.flatMap((a) => a.callSites);
    return { ...report, notesAt: (file, line) => sites.find((c) => c.path === file && c.line === line)?.notes ?? [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The 1-based line of `text` holding `marker` (exactly one). */
export function lineOf(text: string, marker: string): number {
  const lines = text.split('\n');
  const found = lines.flatMap((l, i) => (l.includes(marker) ? [i + 1] : []));
  assert.equal(found.length, 1, `marker ${marker} is on ${found.length} lines`);
  return found[0];
}

/** The call site of `file` on the line holding `marker`. */
export function siteAt(report: Report, files: Record<string, string>, file: string, marker: string): ReportCallSite {
  const line = lineOf(files[file], marker);
  const found = report.callSites.find((c) => c.path === file && c.line === line);
  assert.ok(found, `no call site at ${file}:${line} (${marker}); found ${report.callSites.map((c) => `${c.path}:${c.line}`).join(', ')}`);
  return found;
}

/** No call site on the line holding `marker`. */
export function noSiteAt(report: Report, files: Record<string, string>, file: string, marker: string): void {
  const line = lineOf(files[file], marker);
  const found = report.callSites.find((c) => c.path === file && c.line === line);
  assert.equal(found, undefined, `a call site at ${file}:${line} (${marker}): ${found?.api} ${found?.model}`);
}

/** The notes of the call site on the line holding `marker`. */
export function notesAt(report: Scanned, files: Record<string, string>, file: string, marker: string): string {
  return report.notesAt(file, lineOf(files[file], marker)).join(' ');
}

/** A call priced at a positive figure. */
export function assertPriced(site: ReportCallSite): void {
  assert.ok(site.usd && site.usd.perCall.expected > 0, `${site.path}:${site.line} ${site.model} is not priced: ${site.assumptions.map((a) => a.text).join('; ')}`);
}
