// A workspace held in memory for the framework tests: real parsers, the real program (imports,
// lockfiles, YAML read through it), real extraction; only the files are given as a map.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeWorkspace } from '../../../src/cli/main';
import type { Report } from '../../../src/core/report/report';
import { createFileReader, createImportResolver } from '../../../src/core/analysis/imports';
import { extractCode, CodeExtraction } from '../../../src/core/extract/code/extract';
import { Program } from '../../../src/core/program/program';
import type { CallSite } from '../../../src/core/model';

export const fixtures = path.join(__dirname, '../../../../test/fixtures/code');

/** A fixture file's text (test/fixtures/code/…). */
export function fixture(rel: string): string {
  return readFileSync(path.join(fixtures, rel), 'utf8');
}

/** Extract `file` of a workspace given as path → text, with the program over all of it. */
export function extractIn(files: Record<string, string>, file: string): CodeExtraction {
  const read = (rel: string) => (Object.prototype.hasOwnProperty.call(files, rel) ? files[rel] : undefined);
  const program = new Program({ read, files: () => Object.keys(files) });
  try {
    return extractCode(file, files[file], { program, readFile: createFileReader(read), resolveImport: createImportResolver(read) });
  } finally {
    program.dispose();
  }
}

/** The call site on a line (1-based), or a failure that lists what was found. */
export function siteAt(sites: CallSite[], line: number): CallSite {
  const s = sites.find((c) => c.line === line);
  if (!s) throw new Error(`no call site at line ${line}; found ${sites.map((c) => `${c.line} ${c.api} ${c.model.id ?? c.model.unresolvedReason}`).join(', ')}`);
  return s;
}

/** The line (1-based) of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i + 1;
}

/** Scan a workspace given as path → text, written to a temporary folder, by the real CLI code (no cache, no telemetry). */
export async function scanOnDisk(files: Record<string, string>): Promise<Report> {
  const dir = mkdtempSync(path.join(tmpdir(), 'costlens-workspace-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    return (await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false })).report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
