// `costlens`: the command-line face of the core. Editor-free (lint-enforced).
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { ConfigSource, parseWorkspaceConfig, resolveConfig } from '../config/load';
import { isAnalyzable } from '../core/analysis/analyzeFile';
import { analyzeBatch, BatchResult, readSources, WorkerPool } from './analyzeFiles';
import type { AnalysisError } from '../core/model';
import { buildReport, Report } from '../core/report/report';
import { renderTable } from '../core/report/table';
import { disposeTokenizers } from '../core/tokens/count';
import { findWorkspaceRoot, listFiles } from './workspace';

declare const COSTLENS_VERSION: string | undefined;
const VERSION = typeof COSTLENS_VERSION === 'string' ? COSTLENS_VERSION : '0.1.0';

const HELP = `costlens ${VERSION} — what your LLM calls cost

Usage:
  costlens scan [paths…] [--format table|json] [--config FILE] [--output FILE] [--jobs N]

Commands:
  scan     Find prompt files and LLM calls under the paths (default: .) and price them.

Options:
  --format table|json   Output format (default: table). JSON is versioned ("version": 1).
  --config FILE         Settings file (default: .costlens.json in the workspace root).
  --output, -o FILE     Write the report to FILE instead of standard output.
  --jobs N              Threads for large scans (default: the machine's cores, at most 8).
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

const VALUE_FLAGS = new Set(['format', 'config', 'output', 'jobs']);
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

/**
 * Below this many files with LLM calls a scan stays in one thread: a worker spends about as long
 * loading its tokenizer and parsers as this thread needs for that many files.
 */
const PARALLEL_THRESHOLD = 1500;

/** Threads the last scan used (for tests and the bench). */
export let lastScanThreads = 1;

/** Scan paths and build the report (also used by tests and the bench). `jobs`: threads to use. */
export async function scan(inputs: string[], options: { cwd: string; config?: string; jobs?: number; parallelThreshold?: number }): Promise<Report> {
  const absInputs = (inputs.length ? inputs : ['.']).map((p) => path.resolve(options.cwd, p));
  const root = await findWorkspaceRoot(absInputs[0]);
  const errors: AnalysisError[] = [];
  const cfg = await loadConfig(root, options.config, options.cwd);
  errors.push(...cfg.errors);
  const resolved = resolveConfig(cfg.sources);
  errors.push(...resolved.errors);
  const listed = await listFiles(root, absInputs, errors, isAnalyzable);
  const { sources: files, errors: readErrors } = readSources(listed);
  errors.push(...readErrors);
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), 8));
  let result: BatchResult;
  lastScanThreads = 1;
  if (jobs > 1 && files.length >= (options.parallelThreshold ?? PARALLEL_THRESHOLD)) {
    // This thread takes one share; workers take the rest, warming up while this one works.
    const pool = new WorkerPool(jobs - 1);
    try {
      lastScanThreads = pool.size + 1;
      if (pool.size === 0) result = await analyzeBatch({ root, files, config: resolved.values });
      else {
        const mine = files.filter((_, i) => i % jobs === 0);
        const theirs = files.filter((_, i) => i % jobs !== 0);
        const [a, b] = await Promise.all([pool.run({ root, files: theirs, config: resolved.values }), analyzeBatch({ root, files: mine, config: resolved.values })]);
        result = { analyses: [...a.analyses, ...b.analyses], errors: [...a.errors, ...b.errors] };
      }
    } finally {
      await pool.dispose();
    }
  } else result = await analyzeBatch({ root, files, config: resolved.values });
  errors.push(...result.errors.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0)));
  return buildReport(result.analyses, resolved.values, errors, VERSION);
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
        for (const k of args.flags.keys()) if (!['format', 'config', 'output', 'jobs'].includes(k)) throw new UsageError(`unknown option --${k}`);
        const jobsFlag = args.flags.get('jobs') as string | undefined;
        if (jobsFlag !== undefined && !/^[1-9]\d*$/.test(jobsFlag)) throw new UsageError(`--jobs must be a positive whole number, got "${jobsFlag}"`);
        const report = await scan(args.positionals, { cwd: io.cwd, config: args.flags.get('config') as string | undefined, jobs: jobsFlag ? Number(jobsFlag) : undefined });
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
