// The workspace and file-system attacks of issue 12, replayed against the built CLI
// (`node bin/costlens.js scan|check`) in temporary folders: links out of the workspace, path
// arguments outside it, --fix on modes and hard links, killed fixes, escapes in file names,
// FIFOs, and a call nested too deep for the parser. Every run is a child process with a time
// limit; nothing touches the network. `run({ cli, tmp })` returns one row per attack:
// { attack, expected, observed, ok, peakRssMb? } (the lead's `npm run torture` prints the table).
import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LIMIT_MS = 60_000;

const FIXABLE = `from openai import OpenAI

client = OpenAI()

def ask(q):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])
`;
const CAP = 'max_completion_tokens=1024';
const reads = (file) => `import os
from openai import OpenAI

client = OpenAI()

def answer(question):
    system = open(os.path.join(os.path.dirname(__file__), "${file}")).read()
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": system}, {"role": "user", "content": question}])
`;

/**
 * @param {{ cli?: string, tmp?: string }} options `cli`: bin/costlens.js of a built checkout
 *   (default: this one's); `tmp`: a folder for the workspaces (default: a new one under the OS's).
 * @returns {Promise<{ attack: string, expected: string, observed: string, ok: boolean, peakRssMb?: number }[]>}
 */
export async function run({ cli = path.join(REPO, 'bin/costlens.js'), tmp } = {}) {
  const base = mkdtempSync(path.join(tmp ?? (process.env.TMPDIR || '/tmp'), 'costlens-torture-files-'));
  // Peak memory of a child: it writes its own maxRSS on exit (not possible when it is killed).
  const preload = path.join(base, 'rss.cjs');
  writeFileSync(preload, "process.on('exit', () => { if (process.env.COSTLENS_RSS_FILE) require('fs').writeFileSync(process.env.COSTLENS_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n");
  let n = 0;
  const rows = [];
  const row = (attack, expected, observed, ok, peakRssMb) => rows.push({ attack, expected, observed, ok: !!ok, ...(peakRssMb !== undefined ? { peakRssMb } : {}) });

  /** A fresh workspace (a folder with .git) and a folder beside it, outside. */
  const workspace = () => {
    const top = path.join(base, `case-${++n}`);
    const ws = path.join(top, 'ws');
    const outside = path.join(top, 'outside');
    mkdirSync(path.join(ws, '.git'), { recursive: true });
    mkdirSync(outside);
    const write = (rel, text) => {
      mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
      writeFileSync(path.join(ws, rel), text);
    };
    return { ws, outside, write };
  };
  const costlens = (args, cwd, env = {}) => {
    const rssFile = path.join(base, `rss-${++n}`);
    const r = spawnSync(process.execPath, ['--require', preload, cli, ...args], { cwd, encoding: 'utf8', timeout: LIMIT_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env, COSTLENS_RSS_FILE: rssFile } });
    const rss = existsSync(rssFile) ? Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024) : undefined;
    return { ...r, peakRssMb: rss, json: () => JSON.parse(r.stdout) };
  };
  const guard = async (attack, expected, f) => {
    try {
      await f();
    } catch (e) {
      row(attack, expected, `harness error: ${e instanceof Error ? e.message : String(e)}`, false);
    }
  };
  const stack = (s) => /\n\s+at /.test(s);

  await guard('code reads a symlink to /proc/self/environ', 'secret from the env in neither report nor cache; link listed with its reason', () => {
    const { ws, write } = workspace();
    write('src/agent.py', reads('env.txt'));
    symlinkSync('/proc/self/environ', path.join(ws, 'src/env.txt'));
    const secret = `torture-secret-${process.pid}-${Date.now()}`;
    const r = costlens(['scan', '--format', 'json'], ws, { TORTURE_SECRET: secret });
    const cache = existsSync(path.join(ws, '.costlens_cache/analysis-v1.json')) ? readFileSync(path.join(ws, '.costlens_cache/analysis-v1.json'), 'utf8') : '';
    const said = r.status === 0 ? r.json().errors.find((e) => e.path === 'src/env.txt')?.message : undefined;
    row('code reads a symlink to /proc/self/environ', 'secret from the env in neither report nor cache; link listed with its reason', `exit ${r.status}; secret in report: ${r.stdout.includes(secret)}, in cache: ${cache.includes(secret)}; said: ${said ?? 'nothing'}`, r.status === 0 && !r.stdout.includes(secret) && !cache.includes(secret) && /symbolic link to a path outside the workspace/.test(said ?? ''), r.peakRssMb);
  });

  await guard('code reads a symlink to /etc/passwd', 'not read, not cached, said', () => {
    const { ws, write } = workspace();
    write('src/agent.py', reads('pw.txt'));
    symlinkSync('/etc/passwd', path.join(ws, 'src/pw.txt'));
    const first = readFileSync('/etc/passwd', 'utf8').split('\n')[0];
    const r = costlens(['scan', '--format', 'json'], ws);
    const cache = existsSync(path.join(ws, '.costlens_cache/analysis-v1.json')) ? readFileSync(path.join(ws, '.costlens_cache/analysis-v1.json'), 'utf8') : '';
    const said = r.status === 0 ? r.json().errors.some((e) => e.path === 'src/pw.txt' && /outside the workspace/.test(e.message)) : false;
    row('code reads a symlink to /etc/passwd', 'not read, not cached, said', `exit ${r.status}; passwd in report: ${r.stdout.includes(first)}, in cache: ${cache.includes(first)}; said: ${said}`, r.status === 0 && !r.stdout.includes(first) && !cache.includes(first) && said, r.peakRssMb);
  });

  await guard('path argument: a symlink to a folder outside', 'exit 2, the path named, nothing scanned', () => {
    const { ws, outside } = workspace();
    writeFileSync(path.join(outside, 'o.py'), FIXABLE);
    symlinkSync(outside, path.join(ws, 'src'));
    const r = costlens(['scan', 'src', '--format', 'json'], ws);
    row('path argument: a symlink to a folder outside', 'exit 2, the path named, nothing scanned', `exit ${r.status}: ${r.stderr.split('\n')[0]}`, r.status === 2 && /^costlens: src is a symbolic link to a path outside the workspace/.test(r.stderr) && !r.stdout, r.peakRssMb);
  });

  await guard('check --fix-unsafe through a symlinked folder', 'nothing written outside (as argument: exit 2; inside the workspace: link listed)', () => {
    const { ws, outside, write } = workspace();
    mkdirSync(path.join(outside, '.git'));
    writeFileSync(path.join(outside, 'o.py'), FIXABLE);
    symlinkSync(outside, path.join(ws, 'src'));
    write('app/main.py', FIXABLE);
    const asArg = costlens(['check', '--fix-unsafe', 'src'], ws);
    const whole = costlens(['check', '--fix-unsafe', '.', '--format', 'json'], ws);
    const untouched = readFileSync(path.join(outside, 'o.py'), 'utf8') === FIXABLE;
    const fixedInside = readFileSync(path.join(ws, 'app/main.py'), 'utf8').includes(CAP);
    const listed = whole.stdout ? whole.json().errors.some((e) => e.path === 'src' && /outside the workspace/.test(e.message)) : false;
    row('check --fix-unsafe through a symlinked folder', 'nothing written outside (as argument: exit 2; inside the workspace: link listed)', `argument: exit ${asArg.status}; whole workspace: exit ${whole.status}, link listed: ${listed}, inside fixed: ${fixedInside}; file outside untouched: ${untouched}`, asArg.status === 2 && untouched && fixedInside && listed, whole.peakRssMb);
  });

  await guard('check --fix keeps file modes 0600 and 0755', 'modes unchanged', () => {
    const { ws, write } = workspace();
    write('a.py', FIXABLE);
    write('b.py', FIXABLE);
    chmodSync(path.join(ws, 'a.py'), 0o600);
    chmodSync(path.join(ws, 'b.py'), 0o755);
    const r = costlens(['check', '--fix-unsafe', '.'], ws);
    const mode = (f) => (statSync(path.join(ws, f)).mode & 0o777).toString(8).padStart(4, '0');
    const fixed = ['a.py', 'b.py'].every((f) => readFileSync(path.join(ws, f), 'utf8').includes(CAP));
    row('check --fix keeps file modes 0600 and 0755', 'modes unchanged', `a.py ${mode('a.py')}, b.py ${mode('b.py')}; fixed: ${fixed}`, mode('a.py') === '0600' && mode('b.py') === '0755' && fixed, r.peakRssMb);
  });

  await guard('check --fix on a file with two hard links', 'one inode, both names fixed once', () => {
    const { ws, write } = workspace();
    write('c.py', FIXABLE);
    linkSync(path.join(ws, 'c.py'), path.join(ws, 'c-also.py'));
    const ino = statSync(path.join(ws, 'c.py')).ino;
    const r = costlens(['check', '--fix-unsafe', '.'], ws);
    const st = statSync(path.join(ws, 'c.py'));
    const once = ['c.py', 'c-also.py'].every((f) => readFileSync(path.join(ws, f), 'utf8').split(CAP).length === 2);
    row('check --fix on a file with two hard links', 'one inode, both names fixed once', `same inode: ${st.ino === ino}, links: ${st.nlink}, each fixed once: ${once}`, st.ino === ino && st.nlink === 2 && once, r.peakRssMb);
  });

  await guard('check --fix-unsafe . ../outside', 'exit 2 naming ../outside; no stack trace; nothing written', () => {
    const { ws, outside, write } = workspace();
    writeFileSync(path.join(outside, 'o.py'), FIXABLE);
    write('a.py', FIXABLE);
    const r = costlens(['check', '--fix-unsafe', '.', '../outside'], ws);
    const untouched = readFileSync(path.join(outside, 'o.py'), 'utf8') === FIXABLE && readFileSync(path.join(ws, 'a.py'), 'utf8') === FIXABLE;
    row('check --fix-unsafe . ../outside', 'exit 2 naming ../outside; no stack trace; nothing written', `exit ${r.status}: ${r.stderr.split('\n')[0]}; stack trace: ${stack(r.stderr)}; untouched: ${untouched}`, r.status === 2 && /\.\.\/outside is outside the workspace/.test(r.stderr) && !stack(r.stderr) && untouched, r.peakRssMb);
  });

  await guard('file named with ESC[31m and a newline', 'escaped in the table and Markdown (no raw ESC, no broken row)', () => {
    const { ws, write } = workspace();
    write('evil\u001b[31mred\nline.py', FIXABLE);
    const table = costlens(['scan'], ws);
    const md = costlens(['scan', '--format', 'markdown'], ws);
    const rowsWhole = md.stdout.split('\n').filter((l) => l.startsWith('|')).every((l) => l.endsWith('|'));
    const okTable = table.status === 0 && !table.stdout.includes('\u001b') && table.stdout.includes('evil\\x1b[31mred\\nline.py:6');
    const okMd = md.status === 0 && !md.stdout.includes('\u001b') && md.stdout.includes('`evil\\x1b[31mred\\nline.py:6`') && rowsWhole;
    row('file named with ESC[31m and a newline', 'escaped in the table and Markdown (no raw ESC, no broken row)', `table: raw ESC ${table.stdout.includes('\u001b')}, escaped name ${table.stdout.includes('evil\\x1b[31mred\\nline.py')}; markdown: raw ESC ${md.stdout.includes('\u001b')}, rows whole ${rowsWhole}`, okTable && okMd, table.peakRssMb);
  });

  await guard('check --fix killed (SIGKILL) before its rename', 'file whole; the next scan sweeps the .costlens.tmp', () => {
    const { ws, write } = workspace();
    write('a.py', FIXABLE);
    const killed = costlens(['check', '--fix-unsafe', '.', '--no-cache'], ws, { COSTLENS_FAULT_FIX_KILL: 'temp' });
    const left = readdirSync(ws).filter((f) => f.endsWith('.costlens.tmp')).length;
    const whole = readFileSync(path.join(ws, 'a.py'), 'utf8') === FIXABLE;
    const next = costlens(['scan', '--format', 'json', '--no-cache'], ws);
    const after = readdirSync(ws).filter((f) => f.includes('.costlens.')).length;
    const listed = next.stdout ? next.json().errors.some((e) => /costlens\.tmp/.test(e.path)) : true;
    row('check --fix killed (SIGKILL) before its rename', 'file whole; the next scan sweeps the .costlens.tmp', `killed: ${killed.signal}; tmp files left: ${left}; file whole: ${whole}; after the next scan: ${after} left, listed as a file: ${listed}`, killed.signal === 'SIGKILL' && left === 1 && whole && after === 0 && !listed, next.peakRssMb);
  });

  await guard('check --fix killed mid-write of a hard-linked file (in place)', 'old text kept in .costlens.bak; the next scan reports it, never overwrites', () => {
    const { ws, write } = workspace();
    write('c.py', FIXABLE);
    linkSync(path.join(ws, 'c.py'), path.join(ws, 'c-also.py'));
    const killed = costlens(['check', '--fix-unsafe', 'c.py', '--no-cache'], ws, { COSTLENS_FAULT_FIX_KILL: 'in-place' });
    const copy = readdirSync(ws).find((f) => f.endsWith('.costlens.bak'));
    const next = costlens(['scan', '--format', 'json', '--no-cache'], ws);
    const reported = next.stdout ? next.json().errors.some((e) => e.path === 'c.py' && e.kind === 'fix') : false;
    const kept = !!copy && readFileSync(path.join(ws, copy), 'utf8') === FIXABLE;
    row('check --fix killed mid-write of a hard-linked file (in place)', 'old text kept in .costlens.bak; the next scan reports it, never overwrites', `killed: ${killed.signal}; copy of the old text kept: ${kept}; reported: ${reported}`, killed.signal === 'SIGKILL' && kept && reported, next.peakRssMb);
  });

  await guard('a FIFO named like a prompt file, and one read by code', 'not opened: the scan ends, both listed', () => {
    const { ws, write } = workspace();
    write('src/agent.py', reads('pipe.txt'));
    mkdirSync(path.join(ws, 'prompts'));
    execFileSync('mkfifo', [path.join(ws, 'src/pipe.txt'), path.join(ws, 'prompts/triage.prompty')]);
    const t0 = performance.now();
    const r = costlens(['scan', '--format', 'json', '--no-cache'], ws);
    const ms = Math.round(performance.now() - t0);
    const said = r.status === 0 ? r.json().errors.filter((e) => /not a regular file/.test(e.message)).length : 0;
    row('a FIFO named like a prompt file, and one read by code', 'not opened: the scan ends, both listed', `exit ${r.status ?? r.signal} in ${ms} ms; listed: ${said}`, r.status === 0 && said === 2, r.peakRssMb);
  });

  await guard('a call nested in 100,000 parentheses', "reported in the file's errors with the reason", () => {
    const { ws, write } = workspace();
    write('deep.py', `from openai import OpenAI\nclient = OpenAI()\nx = ${'('.repeat(100_000)}client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])${')'.repeat(100_000)}\n`);
    const t0 = performance.now();
    const r = costlens(['scan', '--format', 'json', '--no-cache'], ws);
    const ms = Math.round(performance.now() - t0);
    const said = r.status === 0 ? r.json().errors.find((e) => e.path === 'deep.py')?.message : undefined;
    row('a call nested in 100,000 parentheses', "reported in the file's errors with the reason", `exit ${r.status} in ${ms} ms; ${said ? `deep.py:3: ${said.slice(0, 60)}…` : 'nothing said'}`, r.status === 0 && /nested more than 65,535 levels deep/.test(said ?? ''), r.peakRssMb);
  });

  rmSync(base, { recursive: true, force: true });
  return rows;
}

// Run alone: `node scripts/torture/files.mjs` prints the rows (the lead's npm run torture joins them with the others').
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await run();
  for (const r of rows) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.attack}\n      expected: ${r.expected}\n      observed: ${r.observed}${r.peakRssMb !== undefined ? ` (peak ${r.peakRssMb} MB)` : ''}`);
  process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
}
