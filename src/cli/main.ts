// `costlens`: the command-line face of the core. Editor-free (lint-enforced).
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { ConfigSource, ConfigValues, parseWorkspaceConfig, resolveConfig } from '../config/load';
import { withWorkspaceFolder } from '../core/analysis/scopes';
import { FileAnalysis, isAnalyzable } from '../core/analysis/analyzeFile';
import { estimateCallSite } from '../core/estimate/estimate';
import { OBSERVED_SITES_KEY, observedSites } from '../core/telemetry/refine';
import type { Finding, Fix, Severity } from '../core/model';
import { decimalsToShow, formatLocation, formatUsd, formatUsdChange, formatUsdExact } from '../core/report/format';
import { applyEdits } from '../core/rules/applyFixes';
import { analyzeFiles } from './analyzeFiles';
import { CACHE_DIR } from './analysisCache';
import { defaultStore, importFiles, observationsFor, serve } from './telemetry';
import { diffRevisions } from './diff';
import { diffMarkdown, diffTable } from '../core/diff/render';
import { GitError } from '../server/git';
import type { AnalysisError } from '../core/model';
import { EXPORT_FORMATS, exportReport, isExportFormat } from '../core/report/export';
import { buildReport, Report } from '../core/report/report';
import { toSarif } from '../core/report/sarif';
import { renderTable } from '../core/report/table';
import { disposeTokenizers } from '../core/tokens/count';
import { findWorkspaceRoot, listFiles, PathArgumentError, relativePath, resolveScanPaths } from './workspace';
import { LINK_OUTSIDE, readInside, realPathOf, WorkspaceBoundary } from '../core/analysis/boundary';
import { MAX_FILE_BYTES, maxBytesFor } from '../core/analysis/limits';
import { sweepFixDebris, writeFixed } from './safeWrite';
import { printable } from '../core/report/format';
import { own } from '../core/util/own';
import { COMMAND_NAMES, commandHelp, generalHelp, takesOption, VERSION } from './help';

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

const VALUE_FLAGS = new Set(['format', 'config', 'output', 'jobs', 'severity', 'cache-dir', 'observations', 'store', 'port', 'host', 'token', 'max-body', 'max-calls', 'max-size', 'base', 'head']);
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

/** Refuses an option the command does not take, naming it and the command. */
function onlyOptionsOf(command: string, args: ParsedArgs): void {
  for (const k of args.flags.keys()) if (!takesOption(command, k)) throw new UsageError(`unknown option --${k} for ${command}`);
}

async function loadConfig(root: string, explicit: string | undefined, cwd: string, boundary?: WorkspaceBoundary): Promise<{ sources: ConfigSource[]; errors: AnalysisError[] }> {
  let text: string;
  if (explicit) {
    try {
      text = await fs.readFile(path.resolve(cwd, explicit), 'utf8');
    } catch (e) {
      return { sources: [], errors: [{ path: explicit, kind: 'settings', message: `cannot read the config file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }] };
    }
  } else {
    // The workspace's own settings file is read as its other files are: a link out is not followed.
    const r = readInside(boundary ?? new WorkspaceBoundary([root]), path.join(root, '.costlens.json'), MAX_FILE_BYTES);
    if ('refusal' in r) return { sources: [], errors: r.refusal.code === 'ENOENT' ? [] : [{ path: '.costlens.json', kind: 'settings', message: `not read: ${r.refusal.message.replace(/^skipped: /, '')}` }] };
    text = r.bytes.toString('utf8');
  }
  const origin = explicit ?? '.costlens.json';
  const { source, errors } = parseWorkspaceConfig(text, origin);
  return { sources: [source], errors };
}

/**
 * Below this many files to parse a scan stays in one thread: starting a worker (about 50 ms to
 * load its code and parsers) costs more than it saves.
 */
const PARALLEL_THRESHOLD = 100;

/** Threads the last scan used, and what its cache held (for tests and the bench). */
export let lastScanThreads = 1;
export let lastScanCache: { hits: number; misses: number; read: number; saved: boolean; problem?: string } | undefined;

export interface ScanOptions {
  cwd: string;
  config?: string;
  jobs?: number;
  /** Files to parse from which worker threads are started (tests lower it). */
  parallelThreshold?: number;
  /**
   * Keep analyses between scans: `true` in `.costlens_cache/` in the workspace root, a string for
   * another folder (relative to cwd), false or absent for none.
   */
  cache?: boolean | string;
  /**
   * The telemetry store to add observed figures from: a folder (relative to cwd), false for none;
   * absent: the workspace's own (.costlens/telemetry) when it exists.
   */
  observations?: string | false;
  /** Leave out what .gitignore files exclude (default true; `--no-ignore` sets false). */
  gitignore?: boolean;
}

/** Scan paths and build the report (also used by tests and the bench). `jobs`: threads to use. */
export async function scan(inputs: string[], options: ScanOptions): Promise<Report> {
  return (await analyzeWorkspace(inputs, options)).report;
}

/** The analysis behind a report, with each file's findings and their fixes. */
export async function analyzeWorkspace(inputs: string[], options: ScanOptions): Promise<{ report: Report; analyses: FileAnalysis[]; root: string; config: ConfigValues; boundary: WorkspaceBoundary }> {
  const { root, boundary, paths } = await resolveScanPaths(options.cwd, inputs);
  const errors: AnalysisError[] = [];
  const cfg = await loadConfig(root, options.config, options.cwd, boundary);
  errors.push(...cfg.errors);
  const resolved = resolveConfig(cfg.sources);
  errors.push(...resolved.errors);
  // The workspace folder's own name may say what all of it is (an examples repository), unless
  // its .costlens.json says how it runs.
  if (cfg.sources.length === 0) resolved.values = withWorkspaceFolder(resolved.values, root);
  const debris: string[] = [];
  const listed = listFiles(root, paths, errors, isAnalyzable, { gitignore: options.gitignore, boundary, onDebris: (f) => debris.push(f) });
  errors.push(...sweepFixDebris(debris, boundary, (f) => relativePath(boundary.roots[0], f)));
  // On fewer than 4 cores one thread is faster: V8 already compiles and collects garbage on the
  // other core (npm run bench measures both).
  const cores = availableParallelism();
  const jobs = Math.max(1, Math.min(options.jobs ?? (cores >= 4 ? cores : 1), 8));
  let cacheDir = options.cache === true ? path.join(root, CACHE_DIR) : typeof options.cache === 'string' ? path.resolve(options.cwd, options.cache) : undefined;
  if (options.cache === true && cacheDir && !boundary.contains(realPathOf(cacheDir))) {
    // A cache folder that is a link out of the workspace would have the scan write there.
    errors.push({ path: CACHE_DIR, kind: 'cache', message: `not used: ${LINK_OUTSIDE}` });
    cacheDir = undefined;
  }
  const result = await analyzeFiles(listed, {
    root,
    config: resolved.values,
    workers: jobs - 1,
    parallelThreshold: options.parallelThreshold ?? PARALLEL_THRESHOLD,
    cacheDir,
    wholeWorkspace: paths.every((p) => p === boundary.roots[0]),
    boundary,
  });
  lastScanThreads = result.threads;
  lastScanCache = result.cache;
  errors.push(...result.errors);
  let observed;
  if (options.observations !== false) {
    const store = options.observations ? path.resolve(options.cwd, options.observations) : defaultStore(root);
    observed = observationsFor(store, root, result.analyses);
    if (!observed && options.observations) errors.push({ path: options.observations, kind: 'telemetry', message: 'no telemetry store there (costlens serve or costlens import writes one)' });
    for (const p of observed?.problems ?? []) errors.push({ path: path.relative(root, store) || store, kind: 'telemetry', message: p });
  }
  // What telemetry saw of a call site (its calls per run, its reasoning tokens) refines its estimate.
  const refined = observed?.observations ? observedSites(observed.observations.byKey) : {};
  if (Object.keys(refined).length) {
    const withObserved = { ...resolved.values, [OBSERVED_SITES_KEY]: refined };
    for (const a of result.analyses) for (const site of a.callSites) if (Object.prototype.hasOwnProperty.call(refined, site.key)) a.estimates.set(site.key, estimateCallSite(site, { config: withObserved }));
  }
  return { report: buildReport(result.analyses, resolved.values, errors, VERSION, observed?.observations), analyses: result.analyses, root, config: resolved.values, boundary };
}

function jobsOf(args: ParsedArgs): number | undefined {
  const jobs = args.flags.get('jobs') as string | undefined;
  if (jobs !== undefined && !/^[1-9]\d*$/.test(jobs)) throw new UsageError(`--jobs must be a positive whole number, got "${jobs}"`);
  return jobs ? Number(jobs) : undefined;
}

/** The CLI keeps a cache unless told not to (`--no-cache`), in `--cache-dir` when given. */
function cacheOf(args: ParsedArgs): boolean | string {
  const dir = args.flags.get('cache-dir') as string | undefined;
  if (args.flags.has('no-cache')) {
    if (dir) throw new UsageError('--no-cache and --cache-dir contradict each other');
    return false;
  }
  return dir ?? true;
}

function observationsOf(args: ParsedArgs): string | false | undefined {
  const dir = args.flags.get('observations') as string | undefined;
  if (args.flags.has('no-observations')) {
    if (dir) throw new UsageError('--no-observations and --observations contradict each other');
    return false;
  }
  return dir;
}

async function storeAndConfig(args: ParsedArgs, io: CliIO): Promise<{ root: string; store: string; config: ConfigValues; errors: AnalysisError[] }> {
  const root = await findWorkspaceRoot(io.cwd);
  const cfg = await loadConfig(root, args.flags.get('config') as string | undefined, io.cwd);
  const resolved = resolveConfig(cfg.sources);
  if (cfg.sources.length === 0) resolved.values = withWorkspaceFolder(resolved.values, root);
  const store = args.flags.get('store') ? path.resolve(io.cwd, args.flags.get('store') as string) : defaultStore(root);
  return { root, store, config: resolved.values, errors: [...cfg.errors, ...resolved.errors] };
}

async function diffCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  onlyOptionsOf('diff', args);
  const base = args.flags.get('base') as string | undefined;
  if (!base) throw new UsageError('diff needs --base REV (a branch, tag or commit: the revision to compare with)');
  const format = (args.flags.get('format') as string | undefined) ?? 'table';
  if (!['table', 'json', 'markdown'].includes(format)) throw new UsageError(`unknown --format "${format}" for diff (use table, json or markdown)`);
  if (args.positionals.length) throw new UsageError('diff compares the whole workspace: it takes no paths');
  const root = await findWorkspaceRoot(io.cwd);
  const explicit = args.flags.get('config') as string | undefined;
  const cfg = explicit ? await loadConfig(root, explicit, io.cwd) : undefined;
  let report;
  try {
    report = await diffRevisions(root, {
      base,
      head: args.flags.get('head') as string | undefined,
      configSources: cfg?.sources,
      workingTree: async () => {
        const w = await analyzeWorkspace(['.'], { cwd: root, config: explicit ? path.resolve(io.cwd, explicit) : undefined, cache: cacheOf(args), observations: false });
        return { rev: 'working tree', commit: null, report: w.report, analyses: w.analyses, config: w.config };
      },
    });
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(e.message);
    throw e;
  }
  await writeOutput(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'markdown' ? diffMarkdown(report) : diffTable(report), args.flags.get('output') as string | undefined, io);
  for (const e of report.budget.exceeded) io.stderr(`costlens: over budget: ${printable(e)}\n`);
  return report.budget.exceeded.length ? 1 : 0;
}

/** `costlens serve` stops on Ctrl+C or a termination signal. */
function serveStopped(): Promise<unknown> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

async function serveCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  onlyOptionsOf('serve', args);
  if (args.positionals.length) throw new UsageError('serve takes no paths (use --store for where calls are kept)');
  const port = args.flags.get('port') as string | undefined;
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) throw new UsageError(`--port must be a port number (0–65535), got "${port}"`);
  const maxBody = args.flags.get('max-body') as string | undefined;
  if (maxBody !== undefined && !/^[1-9]\d*$/.test(maxBody)) throw new UsageError(`--max-body must be a number of bytes, got "${maxBody}"`);
  const maxCalls = args.flags.get('max-calls') as string | undefined;
  if (maxCalls !== undefined && !(/^\d{1,9}$/.test(maxCalls) && Number(maxCalls) >= 1000)) throw new UsageError(`--max-calls must be a number of calls, 1000 or more, got "${maxCalls}"`);
  // An empty token would turn authentication off without a word: refused, wherever it comes from.
  const token = (args.flags.get('token') as string | undefined) ?? process.env.COSTLENS_RECEIVER_TOKEN;
  if (token !== undefined && token.trim() === '') {
    throw new UsageError(args.flags.has('token') ? '--token is empty: give the token clients must send, or leave --token out to accept requests without one' : 'COSTLENS_RECEIVER_TOKEN is set but empty: set it to the token clients must send, or unset it to accept requests without one');
  }
  const { root, store, config, errors } = await storeAndConfig(args, io);
  for (const e of errors) io.stderr(`costlens serve: ${printable(e.path)}: ${printable(e.message)}\n`);
  return serve({
    root,
    store,
    host: args.flags.get('host') as string | undefined,
    port: port === undefined ? undefined : Number(port),
    token,
    maxBodyBytes: maxBody ? Number(maxBody) : undefined,
    maxCalls: maxCalls ? Number(maxCalls) : undefined,
    // For the tests and `npm run torture`: a slow body answered 408 without waiting 30 s.
    bodyTimeoutMs: Number(process.env.COSTLENS_BODY_TIMEOUT_MS) || undefined,
    config,
    out: io.stdout,
    err: printableLines(io.stderr),
    stopped: serveStopped(),
  });
}

async function importCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  onlyOptionsOf('import', args);
  const maxSize = args.flags.get('max-size') as string | undefined;
  if (maxSize !== undefined && !/^[1-9]\d*$/.test(maxSize)) throw new UsageError(`--max-size must be a number of bytes, got "${maxSize}"`);
  const format = (args.flags.get('format') as string | undefined) ?? 'auto';
  if (format !== 'auto' && format !== 'otlp' && format !== 'langfuse') throw new UsageError(`unknown --format "${format}" for import (use auto, otlp or langfuse)`);
  if (!args.positionals.length) throw new UsageError('import needs one or more files');
  const { store, config } = await storeAndConfig(args, io);
  return importFiles(args.positionals.map((f) => path.resolve(io.cwd, f)), store, format, config, io.stdout, printableLines(io.stderr), maxSize ? Number(maxSize) : undefined);
}

/** Messages whose lines may hold file names: each line printable (the line breaks between them kept). */
function printableLines(write: (s: string) => void): (s: string) => void {
  return (s) => write(s.split('\n').map(printable).join('\n'));
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** `costlens check`: findings at or above a severity fail the run (exit 1); `--fix` applies fixes first. */
async function check(args: ParsedArgs, io: CliIO): Promise<number> {
  onlyOptionsOf('check', args);
  const format = (args.flags.get('format') as string | undefined) ?? 'table';
  if (!['table', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown --format "${format}" for check (use table, json or sarif)`);
  const severity = (args.flags.get('severity') as string | undefined) ?? 'warning';
  if (own(SEVERITY_RANK, severity) === undefined) throw new UsageError(`unknown --severity "${severity}" (use error, warning, info or hint)`);
  const options: ScanOptions = { cwd: io.cwd, config: args.flags.get('config') as string | undefined, jobs: jobsOf(args), cache: cacheOf(args), observations: observationsOf(args), gitignore: !args.flags.has('no-ignore') };
  let { report, analyses, root, boundary } = await analyzeWorkspace(args.positionals, options);
  const fixUnsafe = args.flags.has('fix-unsafe');
  if (args.flags.has('fix') || fixUnsafe) {
    // One fix at a time, each followed by a fresh analysis (cached: only what the edit touches is
    // read again), so what each fix saved is measured, not guessed, and the next fix's offsets are
    // those of the new text. A fix whose finding comes back is tried again, a few times at most.
    const costBefore = report.totals.usdPerMonth.expected;
    const applied: { path: string; line: number; cell?: number; ruleId: string; title: string; saved: number }[] = [];
    const changed = new Set<string>();
    const tries = new Map<string, number>();
    const usable = (x: Fix) => x.safe || fixUnsafe;
    for (;;) {
      let next: { a: FileAnalysis; finding: Finding; fix: Fix; key: string } | undefined;
      for (const a of analyses) {
        for (const finding of [...a.findings].sort((x, y) => x.span.start - y.span.start)) {
          const fix = finding.fixes.find((x) => usable(x) && x.edits.some((e) => !e.path || e.path === a.path));
          const key = fix && `${a.path}\u0000${finding.ruleId}\u0000${fix.title}`;
          if (fix && key && (tries.get(key) ?? 0) < 5) {
            next = { a, finding, fix, key };
            break;
          }
        }
        if (next) break;
      }
      if (!next) break;
      const { a, finding, fix, key } = next;
      tries.set(key, (tries.get(key) ?? 0) + 1);
      const file = path.join(root, a.path);
      const read = readInside(boundary, file, maxBytesFor(a.path));
      if ('refusal' in read) {
        io.stderr(`costlens: ${printable(a.path)}: not fixed: ${printable(read.refusal.message)}\n`);
        tries.set(key, Infinity);
        continue;
      }
      const before = read.bytes.toString('utf8');
      const result = applyEdits(before, fix.edits.filter((e) => !e.path || e.path === a.path));
      if (result.applied === 0 || result.text === before) {
        tries.set(key, Infinity);
        continue;
      }
      const outcome = writeFixed(file, before, result.text, boundary);
      if ('error' in outcome) {
        io.stderr(`costlens: ${printable(a.path)}: ${printable(outcome.error)}\n`);
        tries.set(key, Infinity);
        continue;
      }
      const costThen = report.totals.usdPerMonth.expected;
      ({ report, analyses, root, boundary } = await analyzeWorkspace(args.positionals, options));
      changed.add(a.path);
      applied.push({ path: a.path, line: finding.line, cell: finding.cell, ruleId: finding.ruleId, title: fix.title, saved: costThen - report.totals.usdPerMonth.expected });
    }
    const costAfter = report.totals.usdPerMonth.expected;
    if (!applied.length) {
      const unsafe = fixUnsafe ? 0 : report.findings.filter((f) => f.fixes.length && f.fixes.every((x) => !x.safe)).length;
      io.stderr(`costlens: no fixes applied: ${unsafe ? `no safe fixes here; ${unsafe} finding(s) have a fix that changes what the call does (review them, or apply them with --fix-unsafe)` : 'no finding has a fix that applies here'}; expected cost ${formatUsdExact(costAfter, 0)}/month\n`);
    } else {
      const width = Math.max(...applied.map((f) => formatLocation(f.path, f.line, f.cell).length));
      const lines = applied.map((f) => `  ${formatLocation(f.path, f.line, f.cell).padEnd(width)}  ${formatUsdChange(-f.saved).padStart(16)}  ${f.ruleId}: ${f.title}`);
      const digits = decimalsToShow(costBefore - costAfter);
      io.stderr(
        `costlens: applied ${applied.length} fix(es) in ${changed.size} file(s):\n${lines.map(printable).join('\n')}\n` +
          `costlens: expected cost ${formatUsdExact(costBefore, digits)}/month → ${formatUsdExact(costAfter, digits)}/month: ${formatUsdChange(costAfter - costBefore)}\n`,
      );
    }
  }
  const failing: { message: string }[] = report.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[severity as Severity]);
  // The monthly budget also holds for the whole scan.
  const monthBudget = report.budgets.perMonth;
  if (monthBudget !== null && report.totals.usdPerMonth.expected > monthBudget) {
    const message = `The scan's expected cost, ${formatUsd(report.totals.usdPerMonth.expected)} a month, is over the monthly budget of ${formatUsd(monthBudget)}.`;
    failing.push({ message });
    io.stderr(`costlens: ${message}\n`);
  }
  const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'sarif' ? JSON.stringify(toSarif(report), null, 2) + '\n' : renderTable(report) + (failing.length ? `\n${failing.length} finding(s) at or above ${severity}.\n` : `\nNo findings at or above ${severity}.\n`);
  await writeOutput(text, args.flags.get('output') as string | undefined, io);
  return failing.length ? 1 : 0;
}

async function writeOutput(text: string, output: string | undefined, io: CliIO): Promise<void> {
  if (!output) {
    io.stdout(text);
    return;
  }
  // Atomic: a reader never sees half a report.
  const target = path.resolve(io.cwd, output);
  const tmp = `${target}.${process.pid}.tmp`;
  // Created afresh: a link left under that name is replaced, not written through.
  await fs.rm(tmp, { force: true });
  await fs.writeFile(tmp, text, { flag: 'wx' });
  await fs.rename(tmp, target);
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  let args: ParsedArgs | undefined;
  try {
    args = parseArgs(argv);
    if (args.flags.has('version')) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    // `costlens help scan` reads as `costlens scan --help`.
    if (args.command === 'help') {
      const about = args.positionals[0];
      if (about !== undefined && !COMMAND_NAMES.includes(about)) throw new UsageError(`unknown command "${about}" (the commands: ${COMMAND_NAMES.join(', ')})`);
      io.stdout((about ? commandHelp(about) : generalHelp()) + '\n');
      return 0;
    }
    if (args.flags.has('help') || !args.command) {
      const known = args.command !== undefined && COMMAND_NAMES.includes(args.command);
      (args.command || args.flags.has('help') ? io.stdout : io.stderr)((known ? commandHelp(args.command!) : generalHelp()) + '\n');
      return args.flags.has('help') ? 0 : 2;
    }
    switch (args.command) {
      case 'scan': {
        const format = (args.flags.get('format') as string | undefined) ?? 'table';
        if (format !== 'table' && !isExportFormat(format)) throw new UsageError(`unknown --format "${format}" (use ${['table', ...EXPORT_FORMATS].join(', ')})`);
        onlyOptionsOf('scan', args);
        const report = await scan(args.positionals, { cwd: io.cwd, config: args.flags.get('config') as string | undefined, jobs: jobsOf(args), cache: cacheOf(args), observations: observationsOf(args), gitignore: !args.flags.has('no-ignore') });
        await writeOutput(format === 'table' ? renderTable(report) : exportReport(report, format), args.flags.get('output') as string | undefined, io);
        // CSV and FOCUS rows have no place for them: what went wrong (a setting ignored, a file cut) goes to stderr.
        if (format === 'csv' || format === 'focus') for (const e of report.errors) io.stderr(`costlens: ${e.path}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
        return 0;
      }
      case 'check':
        return await check(args, io);
      case 'diff':
        return await diffCommand(args, io);
      case 'serve':
        return await serveCommand(args, io);
      case 'import':
        return await importCommand(args, io);
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof PathArgumentError) {
      const about = args?.command && COMMAND_NAMES.includes(args.command) ? `costlens ${args.command} --help` : 'costlens --help';
      io.stderr(`costlens: ${printable(e.message)}\nRun "${about}" for usage.\n`);
      return 2;
    }
    throw e;
  } finally {
    disposeTokenizers();
  }
}
