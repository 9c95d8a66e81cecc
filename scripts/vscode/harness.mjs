// A real VS Code, headless and offline, for the in-editor and browser tests (DESIGN.md §7): the
// VS Code 1.100.3 server from code-server's npm package (test/host, set up by setup.sh) in a scratch
// HOME, driven by Debian's Chromium through playwright-core. A Session owns the server and the
// browser, each in its own process group, and tears both down on every way out: a normal end, an
// error, a signal, or the process exiting.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const HOST_DIR = path.join(ROOT, 'test/host');
export const VSCODE_DIR = path.join(HOST_DIR, 'node_modules/code-server/lib/vscode');
export const EXAMPLES_DIR = path.join(ROOT, 'examples');
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts');
export const EXTENSION_ID = 'costlens.costlens';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Without the networking flags Chromium keeps trying hosts this machine cannot reach.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
// Settings for every run: nothing opens by itself and steals focus (the Welcome page closed the
// quick-open box in 1 run of 5 in the prototype), nothing reaches for the network.
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'editor.codeLens': true,
};

const T0 = Date.now();
export const elapsed = () => `${((Date.now() - T0) / 1000).toFixed(1)}s`;
export const log = (...a) => console.log(`[vscode ${elapsed()}]`, ...a);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Fails with what to run when setup.sh has not been run (or did not finish). */
export function assertSetUp() {
  if (!fs.existsSync(path.join(HOST_DIR, 'node_modules/.costlens-setup-ok'))) {
    throw new Error('VS Code for the tests is not set up: run `bash scripts/vscode/setup.sh` (as root on a fresh machine)');
  }
}

/** Polls fn until it returns something truthy; a poll interval, never a fixed wait. */
export async function waitFor(what, fn, { timeoutMs = 30_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export function freePort(port = 0) {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(port, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
  });
}

/** Copies a folder for a run to open (tests may edit files), without caches or installed packages. */
export function copyWorkspace(src, dest) {
  const skip = new Set(['.costlens_cache', '__pycache__', 'node_modules', '.git']);
  fs.cpSync(src, dest, { recursive: true, filter: (p) => !skip.has(path.basename(p)) });
  return dest;
}

/** Scratch HOME, XDG and VS Code data folders, so runs share no state with each other or the user. */
function makeScratch(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const d = {
    dir,
    home: path.join(dir, 'home'),
    xdgConfig: path.join(dir, 'xdg/config'),
    xdgData: path.join(dir, 'xdg/data'),
    xdgCache: path.join(dir, 'xdg/cache'),
    xdgState: path.join(dir, 'xdg/state'),
    xdgRuntime: path.join(dir, 'xdg/runtime'),
    data: path.join(dir, 'data'),
    extensions: path.join(dir, 'extensions'),
  };
  for (const [k, v] of Object.entries(d)) if (k !== 'dir') fs.mkdirSync(v, { recursive: true });
  fs.chmodSync(d.xdgRuntime, 0o700);
  d.serverLog = path.join(dir, 'server.log');
  return d;
}

function scratchEnv(scratch, extra = {}) {
  const env = {
    ...process.env,
    HOME: scratch.home,
    XDG_CONFIG_HOME: scratch.xdgConfig, XDG_DATA_HOME: scratch.xdgData,
    XDG_CACHE_HOME: scratch.xdgCache, XDG_STATE_HOME: scratch.xdgState,
    XDG_RUNTIME_DIR: scratch.xdgRuntime,
    // No marketplace: code-server's VS Code defaults to open-vsx.org, unreachable here.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
  // A VS Code running these scripts (its terminal, a debug session) must not leak into this one.
  for (const k of Object.keys(env)) if (env[k] === undefined || k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return env;
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('timeout', () => { req.destroy(); resolve(0); });
    req.on('error', () => resolve(0));
  });
}

function runToEnd(args, env, cwd, logFile) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? signal));
  });
}

/** The files `vsce package` would put into the .vsix, relative to the repo root. */
function packagedFiles(root = ROOT) {
  return new Promise((resolve, reject) => {
    const vsce = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
    const child = spawn(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.split('\n').map((l) => l.trim()).filter(Boolean)) : reject(new Error(`vsce ls exited ${code}`))));
  });
}

// The server runs under a sh that leads its process group and holds a pipe from this process: when
// this process dies, even by SIGKILL (no handler runs then), the pipe closes and the sh kills the
// group. Chromium needs nothing of the kind: it exits when Playwright's pipe to it closes.
const WATCHDOG = 'exec 3<&0; "$@" </dev/null & server=$!; (read _ <&3; kill -TERM 0) & wait "$server"';

// Process groups of every live session, for the synchronous last-resort kill on process exit.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pgid of liveGroups) try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
});

/**
 * One VS Code server and (optionally) one headless Chromium on it.
 *
 *   const s = new Session({ keep: false });
 *   s.exitOnSignals();
 *   await s.start({ settings: {...} });
 *   const page = await s.openPage(s.workbenchUrl({ folder }));
 *   ...
 *   await s.close();
 */
export class Session {
  constructor({ prefix = 'costlens-vscode-', keep = false, sampleMemory = true } = {}) {
    assertSetUp();
    this.keep = keep;
    this.scratch = makeScratch(prefix);
    this.server = null;
    this.browser = null; // { server: BrowserServer, browser: Browser, pid }
    this.port = 0;
    this.closing = null;
    this.sampler = sampleMemory ? memorySampler(() => [this.server?.pid, this.browser?.pid]) : null;
  }

  get base() { return `http://127.0.0.1:${this.port}`; }

  /** A path on the server as the workbench addresses it (extensionDevelopmentPath and the like). */
  remoteUri(p) { return `vscode-remote://127.0.0.1:${this.port}${p}`; }

  /** The workbench opened on a folder; payload entries are VS Code's ([name, value] pairs). */
  workbenchUrl({ folder, workspace, payload } = {}) {
    const q = [];
    if (folder) q.push(`folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`); // readable, as VS Code writes it
    if (workspace) q.push(`workspace=${encodeURIComponent(workspace).replace(/%2F/g, '/')}`); // a .code-workspace file
    if (payload) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
    return `${this.base}/${q.length ? `?${q.join('&')}` : ''}`;
  }

  /** User settings; code-server's VS Code keeps them server-side in <user-data-dir>/User. */
  writeSettings(settings = {}) {
    const dir = path.join(this.scratch.data, 'User');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  }

  /** Runs the server's command line once (e.g. --install-extension) with this session's folders. */
  async serverCli(args) {
    const code = await runToEnd(
      [path.join(VSCODE_DIR, 'out/server-main.js'), '--accept-server-license-terms', ...this.dataArgs(), ...args],
      scratchEnv(this.scratch), this.scratch.dir, this.scratch.serverLog,
    );
    if (code !== 0) throw new Error(`server-main.js ${args.join(' ')} exited ${code}; see ${this.scratch.serverLog}`);
  }

  dataArgs() {
    return ['--server-data-dir', this.scratch.data, '--user-data-dir', this.scratch.data, '--extensions-dir', this.scratch.extensions];
  }

  /**
   * Installs the built extension as a user would get it: the .vsix from `npm run package` when it
   * is at least as new as dist/extension.js and the manifest, else the files vsce would package
   * (`vsce ls`, 3-6 s), copied the way VS Code lays out an installed extension
   * (<publisher>.<name>-<version>). root: another built checkout (the bench's baseline).
   */
  async installCostLens({ root = ROOT, vsix = path.join(root, 'dist-vsix/costlens.vsix') } = {}) {
    const bundle = path.join(root, 'dist/extension.js');
    if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` there first`);
    const builtAt = Math.max(fs.statSync(bundle).mtimeMs, fs.statSync(path.join(root, 'package.json')).mtimeMs);
    if (fs.existsSync(vsix) && fs.statSync(vsix).mtimeMs >= builtAt) {
      await this.serverCli(['--install-extension', vsix]);
      log(`installed ${path.relative(ROOT, vsix)}`);
      return;
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const dest = path.join(this.scratch.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    for (const f of await packagedFiles(root)) {
      fs.mkdirSync(path.dirname(path.join(dest, f)), { recursive: true });
      fs.copyFileSync(path.join(root, f), path.join(dest, f));
    }
    log(`installed the packaged files of ${EXTENSION_ID}${root === ROOT ? '' : ` from ${root}`} (${fs.existsSync(vsix) ? `${path.relative(ROOT, vsix)} is older than the build` : 'no .vsix'})`);
  }

  /** Starts the server in its own process group and waits until it answers HTTP. */
  async start({ port = 0, settings = {}, env = {}, args = [], testDriver = true, timeoutMs = 60_000, trust = false } = {}) {
    this.writeSettings(settings);
    this.port = port || await freePort();
    const serverArgs = [
      path.join(VSCODE_DIR, 'out/server-main.js'),
      '--host', '127.0.0.1', '--port', String(this.port),
      '--without-connection-token', '--accept-server-license-terms',
      // Makes the workbench call window.codeAutomationLog / codeAutomationExit (runEditorTests).
      ...(testDriver ? ['--enable-smoke-test-driver'] : []),
      '--disable-telemetry',
      // Workspace trust off unless a test checks Restricted Mode (trust: true).
      ...(trust ? [] : ['--disable-workspace-trust']),
      ...this.dataArgs(),
      ...args,
    ];
    const out = fs.openSync(this.scratch.serverLog, 'a');
    const child = spawn('/bin/sh', ['-c', WATCHDOG, 'sh', process.execPath, ...serverArgs], {
      env: scratchEnv(this.scratch, env), cwd: this.scratch.dir, detached: true, stdio: ['pipe', out, out],
    });
    fs.closeSync(out);
    child.exitInfo = null;
    child.on('exit', (code, signal) => { child.exitInfo = { code, signal }; });
    this.server = child;
    liveGroups.add(child.pid);
    await waitFor(`the server to answer on ${this.base}`, async () => {
      if (child.exitInfo) throw new Error(`the server exited before answering: ${JSON.stringify(child.exitInfo)}; see ${this.scratch.serverLog}`);
      return (await httpStatus(`${this.base}/`)) === 200;
    }, { timeoutMs });
    log(`VS Code server on ${this.base} (scratch ${this.scratch.dir})`);
  }

  /**
   * Launches Chromium through a playwright BrowserServer, so its pid (= its process group) is
   * known. Chromium's crashpad handlers leave the group but exit once Chromium is gone; the
   * scratch sweep in close() catches any that do not.
   */
  async launchBrowser() {
    const server = await chromium.launchServer({
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
      env: scratchEnv(this.scratch),
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    });
    const pid = server.process().pid;
    liveGroups.add(pid);
    const browser = await chromium.connect(server.wsEndpoint());
    this.browser = { server, browser, pid };
    return browser;
  }

  /** A new page (launching the browser first if needed) on url. */
  async openPage(url, { viewport = { width: 1280, height: 800 }, beforeGoto } = {}) {
    const browser = this.browser?.browser ?? await this.launchBrowser();
    const page = await browser.newPage({ viewport });
    if (beforeGoto) await beforeGoto(page);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return page;
  }

  /** Ctrl+C, kill and hang-up: tear down, then exit (130: interrupted, by default). */
  exitOnSignals(code = 130) {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.once(sig, async () => {
        log(`${sig}: stopping`);
        await this.close();
        process.exit(code);
      });
    }
    return this;
  }

  /** Idempotent: the normal end, an error and a signal all await the same teardown. */
  close() {
    this.closing ??= this.doClose();
    return this.closing;
  }

  async doClose() {
    const t = Date.now();
    const mem = this.sampler?.stop();
    // Closing politely first lets Chromium flush; the group kill below is what guarantees the end.
    const within = (p, ms) => Promise.race([p.catch(() => {}), sleep(ms)]);
    if (this.browser) {
      await within(this.browser.browser.close(), 3000);
      await within(this.browser.server.close(), 3000);
      await killGroup(this.browser.pid);
      liveGroups.delete(this.browser.pid);
    }
    if (this.server) {
      await killGroup(this.server.pid);
      liveGroups.delete(this.server.pid);
      this.server.stdin.destroy();
    }
    sweepScratchProcesses(this.scratch.dir);
    if (mem?.peakMiB) log(`peak memory (PSS of server, extension host and Chromium): ${mem.peakMiB} MiB ${mem.peakDetail}`);
    if (this.keep) log(`scratch kept: ${this.scratch.dir} (server log: ${this.scratch.serverLog})`);
    else fs.rmSync(this.scratch.dir, { recursive: true, force: true });
    log(`stopped in ${Date.now() - t} ms`);
  }

  serverLogTail(lines = 40) {
    try { return fs.readFileSync(this.scratch.serverLog, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return '<no server log>'; }
  }
}

function processGroup(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0], pgrp: Number(rest[2]) };
}

function pids() {
  return fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number);
}

/**
 * Peak of the summed PSS of every process in the given groups. PSS splits shared pages between
 * their sharers, so the sum is not inflated the way a sum of RSS is.
 */
function memorySampler(getPgids, intervalMs = 250) {
  let peak = 0;
  let peakDetail = '';
  const sample = () => {
    const groups = new Set(getPgids().filter(Boolean));
    if (!groups.size) return;
    let total = 0;
    const per = {};
    for (const pid of pids()) {
      try {
        const { pgrp } = processGroup(pid);
        if (!groups.has(pgrp)) continue;
        const m = /\nPss:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
        if (m) { total += Number(m[1]); per[pgrp] = (per[pgrp] || 0) + Number(m[1]); }
      } catch { /* the process ended meanwhile */ }
    }
    if (total > peak) {
      peak = total;
      peakDetail = JSON.stringify(Object.fromEntries(Object.entries(per).map(([g, kb]) => [g, `${Math.round(kb / 1024)} MiB`])));
    }
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return { stop() { clearInterval(timer); sample(); return { peakMiB: Math.round(peak / 1024), peakDetail }; } };
}

// A group counts as alive while it has a member that is not a zombie (zombies Chromium leaves
// behind are reaped by PID 1 and hold nothing).
function groupAlive(pgid) {
  try { process.kill(-pgid, 0); } catch { return false; }
  return pids().some((pid) => {
    try { const p = processGroup(pid); return p.pgrp === pgid && p.state !== 'Z'; } catch { return false; }
  });
}

/** SIGTERM a process group, SIGKILL it if it is still there after graceMs. */
export async function killGroup(pgid, graceMs = 3000) {
  if (!pgid || !groupAlive(pgid)) return;
  try { process.kill(-pgid, 'SIGTERM'); } catch { /* gone */ }
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pgid)) try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ }
  const killDeadline = Date.now() + 2000;
  while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(50);
  if (groupAlive(pgid)) console.error(`WARNING: process group ${pgid} still alive after SIGKILL`);
}

/** Last resort: SIGKILL live processes whose command line or environment names the scratch dir. */
function sweepScratchProcesses(scratchDir) {
  const killed = [];
  for (const pid of pids()) {
    if (pid === process.pid) continue;
    try {
      if (processGroup(pid).state === 'Z') continue;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      let environ = '';
      try { environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8'); } catch { /* not ours to read */ }
      if (cmd.includes(scratchDir) || environ.includes(scratchDir)) {
        process.kill(pid, 'SIGKILL');
        killed.push(`${pid} ${cmd.replace(/\0/g, ' ').slice(0, 100)}`);
      }
    } catch { /* the process ended meanwhile */ }
  }
  if (killed.length) console.error(`WARNING: killed stray processes:\n  ${killed.join('\n  ')}`);
}

/** A promise that rejects after ms, for one overall deadline on a run. */
export function deadline(ms, what) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what} took longer than ${ms / 1000}s`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}
