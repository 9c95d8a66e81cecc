// The CLI's help, and the options each command takes: one table, so `costlens <command> --help`
// lists every option the command accepts and an option it does not take is refused by name.

declare const COSTLENS_VERSION: string | undefined;
export const VERSION = typeof COSTLENS_VERSION === 'string' ? COSTLENS_VERSION : '0.1.0';

interface Option {
  /** What follows the option, when it takes a value (`FILE`, `N`). */
  value?: string;
  text: string;
}

/** Options shared by several commands; a command may word one its own way (`text` in its list). */
const OPTIONS: Record<string, Option> = {
  config: { value: 'FILE', text: 'Settings file (default: .costlens.json in the workspace root).' },
  output: { value: 'FILE', text: 'Write the report to FILE instead of standard output (-o FILE).' },
  jobs: { value: 'N', text: "Threads for large scans (default: the machine's cores, at most 8, when it has 4 or more; else 1, which measures faster on 2 cores)." },
  'no-ignore': { text: 'Scan what .gitignore files exclude too (by default they are left out, as dependency, build and tool folders always are).' },
  'no-cache': { text: 'Analyse every file afresh; by default unchanged files are taken from .costlens_cache/ in the workspace root (it ignores itself in git).' },
  'cache-dir': { value: 'DIR', text: 'Keep that cache in DIR instead.' },
  observations: { value: 'DIR', text: 'The telemetry store to read (default: .costlens/telemetry in the workspace root, when it exists).' },
  'no-observations': { text: 'Read no telemetry store: estimates only.' },
  store: { value: 'DIR', text: 'The telemetry store to write (default: .costlens/telemetry in the workspace root).' },
};

interface Command {
  usage: string;
  summary: string;
  /** Every option the command takes, in the order its help lists them; a string is a shared option. */
  options: Array<string | [string, Option]>;
}

const COMMANDS: Record<string, Command> = {
  scan: {
    usage: 'costlens scan [paths…] [options]',
    summary: 'Find prompt files and LLM calls under the paths (default: .) and price them; with observed figures when the workspace has a telemetry store.',
    options: [
      ['format', { value: 'table|json|csv|markdown|focus', text: 'table (default), json (versioned, "version": 1), csv (a row per call site), markdown (for a PR or wiki) or focus (FinOps FOCUS 1.2 cost-and-usage CSV for this month).' }],
      'output', 'config', 'jobs', 'no-ignore', 'no-cache', 'cache-dir', 'observations', 'no-observations',
    ],
  },
  check: {
    usage: 'costlens check [paths…] [options]',
    summary: 'Like scan, and exit 1 when there are findings at or above --severity (for CI).',
    options: [
      ['severity', { value: 'error|warning|info|hint', text: 'Fail on findings at this severity or above (default: warning).' }],
      ['fix', { text: 'Apply safe fixes in place first, and print what they save.' }],
      ['fix-unsafe', { text: 'Apply every fix, safe or not (review the change).' }],
      ['format', { value: 'table|json|sarif', text: 'table (default), json or sarif (for code scanning).' }],
      'output', 'config', 'jobs', 'no-ignore', 'no-cache', 'cache-dir', 'observations', 'no-observations',
    ],
  },
  diff: {
    usage: 'costlens diff --base REV [--head REV] [options]',
    summary: 'The cost of a change: the workspace at --base against --head (default: the working tree), both read from git without touching the working tree. Exit 1 when the change is over budgets.diffPerMonth or budgets.diffPercentPerTask.',
    options: [
      ['base', { value: 'REV', text: 'The revision to compare against (a branch, tag or commit): required.' }],
      ['head', { value: 'REV', text: 'The revision with the change (default: the working tree, uncommitted changes included).' }],
      ['format', { value: 'table|json|markdown', text: 'table (default), json or markdown (a pull-request comment).' }],
      'output', 'config', 'no-cache', 'cache-dir',
    ],
  },
  serve: {
    usage: 'costlens serve [options]',
    summary: 'Receive OpenTelemetry traces (OTLP/HTTP, JSON or protobuf, on loopback) and keep the LLM calls in them in the telemetry store.',
    options: [
      ['port', { value: 'N', text: 'The port to listen on (default 4318, the OTLP/HTTP port).' }],
      ['host', { value: '127.0.0.1|::1|localhost', text: 'The loopback address to listen on (default 127.0.0.1): the receiver never listens beyond this machine.' }],
      ['token', { value: 'T', text: 'The bearer token clients must send; also from the environment variable COSTLENS_RECEIVER_TOKEN (an empty one is refused).' }],
      'store',
      ['max-body', { value: 'BYTES', text: 'Refuse requests larger than this (default: telemetry.receiver.maxBodyBytes).' }],
      ['max-calls', { value: 'N', text: 'Calls kept one by one (default: telemetry.retention.maxCalls, 200000); older ones are folded into per-call-site summaries the figures still count.' }],
      'config',
    ],
  },
  import: {
    usage: 'costlens import FILE… [options]',
    summary: "Add LLM calls from files to the telemetry store: OTLP JSON (as the Collector's file exporter writes it, one request or one per line) or a Langfuse export of observations.",
    options: [
      ['format', { value: 'auto|otlp|langfuse', text: 'auto (default: read from the file), otlp or langfuse.' }],
      'store',
      ['max-size', { value: 'BYTES', text: 'Refuse files larger than this (default 268435456, 256 MiB).' }],
      'config',
    ],
  },
};

/** The commands, in the order the help lists them. */
export const COMMAND_NAMES = Object.keys(COMMANDS);

const optionsOf = (command: string): Array<[string, Option]> =>
  COMMANDS[command].options.map((o) => (typeof o === 'string' ? [o, OPTIONS[o]] : o));

/** Whether `command` takes the option `name` (without its dashes). */
export function takesOption(command: string, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(COMMANDS, command) && optionsOf(command).some(([n]) => n === name);
}

/**
 * Wraps `text` to `width` columns: the first line starts at column `first` (after what the caller
 * prints before it), each further line is indented by `indent`.
 */
function wrap(text: string | string[], width: number, indent: number, first = indent): string {
  const lines: string[] = [];
  let line = '';
  // A list is of units kept whole (`[--output FILE]`), a string of words.
  for (const word of typeof text === 'string' ? text.split(' ') : text) {
    const room = width - (lines.length ? indent : first);
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

const WIDTH = 100;
const OPTION_COLUMN = 24;

function optionLines(options: Array<[string, Option]>): string[] {
  return options.map(([name, o]) => {
    const head = `  --${name}${o.value ? ` ${o.value}` : ''}`;
    const pad = head.length + 2 <= OPTION_COLUMN ? head.padEnd(OPTION_COLUMN) : `${head}\n${' '.repeat(OPTION_COLUMN)}`;
    return pad + wrap(o.text, WIDTH, OPTION_COLUMN);
  });
}

/** A one-line synopsis of a command with every option it takes. */
function synopsis(command: string): string {
  const c = COMMANDS[command];
  const head = c.usage.replace(/ \[options\]$/, '');
  const given = new Set(head.match(/--[a-z-]+/g) ?? []);
  const opts = optionsOf(command).filter(([n]) => !given.has(`--${n}`)).map(([n, o]) => `[--${n}${o.value ? ` ${o.value}` : ''}]`);
  return wrap([...head.split(' '), ...opts], WIDTH, 4, 2);
}

const FOOTER = `Paths are resolved against the current folder; the workspace is the folder with .costlens.json or
.git at or above the first path, and every path must lie inside it (symbolic links resolved).

Exit codes: 0 done (check: no findings at or above the severity); 1 check found some, diff is over
a budget, serve could not start, import could not read a file; 2 bad usage (a path missing or
outside the workspace; diff: not a git repository, or a revision that names no commit).`;

/** `costlens --help`. */
export function generalHelp(): string {
  return [
    `costlens ${VERSION} — what your LLM calls cost`,
    '',
    'Usage:',
    ...COMMAND_NAMES.map((c) => `  ${synopsis(c)}`),
    '',
    'Commands:',
    ...COMMAND_NAMES.map((c) => `  ${c.padEnd(9)}${wrap(COMMANDS[c].summary, WIDTH, 11)}`),
    '',
    'Run "costlens <command> --help" for what each option of a command does.',
    '  --help, -h            This help; after a command, that command\'s.',
    '  --version             The version.',
    '',
    FOOTER,
  ].join('\n');
}

/** `costlens <command> --help`: its usage, what it does and every option it takes. */
export function commandHelp(command: string): string {
  const c = COMMANDS[command];
  return [
    `Usage:\n  ${synopsis(command)}`,
    '',
    wrap(c.summary, WIDTH, 0),
    '',
    'Options:',
    ...optionLines(optionsOf(command)),
    '  --help, -h            This help.',
    '',
    FOOTER,
  ].join('\n');
}
