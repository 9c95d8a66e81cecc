// `costlens`: the command-line face of the core. Editor-free (lint-enforced).
import { promises as fs, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigSource, parseWorkspaceConfig, resolveConfig } from '../config/load';
import { analyzeFile, FileAnalysis, isAnalyzable } from '../core/analysis/analyzeFile';
import { createFileReader, createImportResolver, ReadWorkspaceFile } from '../core/analysis/imports';
import { loadParsers } from '../core/extract/code/parser';
import type { AnalysisError } from '../core/model';
import { buildReport, Report } from '../core/report/report';
import { renderTable } from '../core/report/table';
import { disposeTokenizers } from '../core/tokens/count';
import { findWorkspaceRoot, listFiles, MAX_FILE_BYTES, readText } from './workspace';

declare const COSTLENS_VERSION: string | undefined;
const VERSION = typeof COSTLENS_VERSION === 'string' ? COSTLENS_VERSION : '0.1.0';

const HELP = `costlens ${VERSION} — what your LLM calls cost

Usage:
  costlens scan [paths…] [--format table|json] [--config FILE] [--output FILE]

Commands:
  scan     Find prompt files and LLM calls under the paths (default: .) and price them.

Options:
  --format table|json   Output format (default: table). JSON is versioned ("version": 1).
  --config FILE         Settings file (default: .costlens.json in the workspace root).
  --output, -o FILE     Write the report to FILE instead of standard output.
  --help, -h            This help.
  --version             The version.

Exit codes: 0 done; 2 bad usage.`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

const defaultIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
};

class UsageError extends Error {}

interface ParsedArgs {
  command?: string;
  positionals: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(['format', 'config', 'output']);
const ALIASES: Record<string, string> = { o: 'output', h: 'help', f: 'format' };

function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a !== '-') {
      let name = a.replace(/^--?/, '');
      let value: string | undefined;
      const eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.slice(eq + 1);
        name = name.slice(0, eq);
      }
      name = ALIASES[name] ?? name;
      if (VALUE_FLAGS.has(name)) {
        value ??= argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        out.flags.set(name, value);
      } else out.flags.set(name, true);
    } else if (!out.command) out.command = a;
    else out.positionals.push(a);
  }
  return out;
}

async function loadConfig(root: string, explicit: string | undefined, cwd: string): Promise<{ sources: ConfigSource[]; errors: AnalysisError[] }> {
  const file = explicit ? path.resolve(cwd, explicit) : path.join(root, '.costlens.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if (explicit) return { sources: [], errors: [{ path: explicit, kind: 'settings', message: `cannot read the config file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }] };
    return { sources: [], errors: [] };
  }
  const origin = explicit ?? '.costlens.json';
  const { source, errors } = parseWorkspaceConfig(text, origin);
  return { sources: [source], errors };
}

/** Scan paths and build the report (also used by tests and the bench). */
export async function scan(inputs: string[], options: { cwd: string; config?: string }): Promise<Report> {
  const absInputs = (inputs.length ? inputs : ['.']).map((p) => path.resolve(options.cwd, p));
  const root = await findWorkspaceRoot(absInputs[0]);
  const errors: AnalysisError[] = [];
  const cfg = await loadConfig(root, options.config, options.cwd);
  errors.push(...cfg.errors);
  const resolved = resolveConfig(cfg.sources);
  errors.push(...resolved.errors);
  const files = await listFiles(root, absInputs, errors, isAnalyzable);
  await loadParsers();
  // Other files of the workspace (imported constants, prompt files read by path), read on demand.
  const readWorkspace: ReadWorkspaceFile = (rel) => {
    const abs = path.resolve(root, rel);
    if (!abs.startsWith(root + path.sep)) return undefined; // never outside the workspace
    try {
      if (statSync(abs).size > MAX_FILE_BYTES) return undefined;
      return readFileSync(abs, 'utf8');
    } catch {
      return undefined;
    }
  };
  const resolveImport = createImportResolver(readWorkspace);
  const readFile = createFileReader(readWorkspace);
  const analyses: FileAnalysis[] = [];
  for (const file of files) {
    if (!isAnalyzable(file.path)) continue;
    const read = readText(file);
    if ('error' in read) errors.push(read.error);
    else analyses.push(analyzeFile(file.path, read.text, { config: resolved.values, resolveImport, readFile }));
  }
  return buildReport(analyses, resolved.values, errors, VERSION);
}

async function writeOutput(text: string, output: string | undefined, io: CliIO): Promise<void> {
  if (!output) {
    io.stdout(text);
    return;
  }
  // Atomic: a reader never sees half a report.
  const target = path.resolve(io.cwd, output);
  const tmp = `${target}.${process.pid}.tmp`;
  await fs.writeFile(tmp, text);
  await fs.rename(tmp, target);
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.flags.has('version')) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (args.flags.has('help') || !args.command) {
      (args.command || args.flags.has('help') ? io.stdout : io.stderr)(HELP + '\n');
      return args.flags.has('help') ? 0 : 2;
    }
    switch (args.command) {
      case 'scan': {
        const format = (args.flags.get('format') as string | undefined) ?? 'table';
        if (format !== 'table' && format !== 'json') throw new UsageError(`unknown --format "${format}" (use table or json)`);
        for (const k of args.flags.keys()) if (!['format', 'config', 'output'].includes(k)) throw new UsageError(`unknown option --${k}`);
        const report = await scan(args.positionals, { cwd: io.cwd, config: args.flags.get('config') as string | undefined });
        await writeOutput(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderTable(report), args.flags.get('output') as string | undefined, io);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`costlens: ${e.message}\nRun "costlens --help" for usage.\n`);
      return 2;
    }
    throw e;
  } finally {
    disposeTokenizers();
  }
}
