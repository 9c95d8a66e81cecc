#!/usr/bin/env node
// Runs test/editor (compiled to out/test/editor) inside a real VS Code extension host, with the
// extension loaded from the repo root as in development and a copy of examples/ open.
//
//   node scripts/vscode/runEditorTests.mjs [--timeout SECONDS] [--grep PATTERN] [--keep] [--verbose] [--multi-root]
//
// --multi-root opens a .code-workspace of two folders (examples/support-agent and examples/web-app)
// and runs the tests in test/editor/multiRoot/ instead of the others. --untrusted opens examples/
// with workspace trust on and the folder not trusted (Restricted Mode) and runs test/editor/untrusted/.
//
// Builds nothing: run `npm run build` and `npx tsc -p tsconfig.test.json` first, and
// `bash scripts/vscode/setup.sh` once. The workbench in headless Chromium is only the carrier:
// VS Code's smoke-test driver hands the extension host's console to window.codeAutomationLog and
// the tests' result to window.codeAutomationExit.
//
// Exit code: the tests' (0 passed, 1 failed), 2 for a harness error or a time-out, 130 on a signal.
import fs from 'node:fs';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { ROOT, EXAMPLES_DIR, Session, copyWorkspace, deadline, elapsed, log } from './harness.mjs';

const { values: opt } = parseArgs({
  options: {
    timeout: { type: 'string', default: '180' },
    grep: { type: 'string' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    'multi-root': { type: 'boolean', default: false },
    untrusted: { type: 'boolean', default: false },
  },
});
const testsModule = path.join(ROOT, 'out/test/editor/index.js');

let session;
async function main() {
  for (const [what, file, fix] of [
    ['the extension bundle', path.join(ROOT, 'dist/extension.js'), 'npm run build'],
    ['the compiled editor tests', testsModule, 'npx tsc -p tsconfig.test.json'],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} (${what}) is missing: run \`${fix}\` first`);
  }
  session = new Session({ prefix: 'costlens-editor-', keep: opt.keep }).exitOnSignals();
  const folder = copyWorkspace(EXAMPLES_DIR, path.join(session.scratch.dir, 'examples'));
  let workspace;
  if (opt['multi-root']) {
    workspace = path.join(session.scratch.dir, 'two-folders.code-workspace');
    fs.writeFileSync(workspace, JSON.stringify({ folders: [{ path: path.join(folder, 'support-agent') }, { path: path.join(folder, 'web-app') }] }, null, 2));
  }
  // The extension host inherits the server's environment: test/editor/index.ts reads these.
  if (opt.untrusted) {
    // The workspace asks for the receiver (a restricted setting): in Restricted Mode it must not start.
    fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'costlens.telemetry.receiver.enabled': true }, null, 2));
  }
  await session.start({
    env: { ...(opt.grep ? { COSTLENS_EDITOR_TEST_GREP: opt.grep } : {}), COSTLENS_EDITOR_TEST_MODE: workspace ? 'multi-root' : opt.untrusted ? 'untrusted' : 'folder' },
    // Restricted Mode without the trust dialog.
    ...(opt.untrusted ? { trust: true, settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } } : {}),
  });

  let finished;
  const exit = new Promise((resolve) => { finished = resolve; });
  const page = await session.openPage(session.workbenchUrl({
    ...(workspace ? { workspace } : { folder }),
    payload: [
      ['extensionDevelopmentPath', session.remoteUri(ROOT)],
      ['extensionTestsPath', session.remoteUri(testsModule)],
    ],
  }), {
    beforeGoto: async (p) => {
      await p.exposeFunction('codeAutomationLog', (type, args) => printHostLog(type, args));
      await p.exposeFunction('codeAutomationExit', (code) => finished(code));
      p.on('pageerror', (e) => console.log(`  [workbench] ${e.message}`));
    },
  });
  log(`workbench opened on ${workspace ?? folder}`);
  const code = await exit;
  await page.close().catch(() => {});
  return code;
}

// The workbench's and the extension host's console both arrive here as (level, console.log
// arguments); mocha's report is among them. The workbench's start-up chatter is left out unless
// --verbose.
const CHATTER = [
  /^Resolv(ing|ed) connection token/, /^Creating a socket/, /additional builtin extensions/,
  /^ChatSessionStore:/, /^\[Service Worker\] registration/, /^\[lifecycle\] Long running operations during shutdown/,
];
function printHostLog(level, args) {
  const text = format(...(Array.isArray(args) ? args : [args]));
  if (!opt.verbose && CHATTER.some((re) => re.test(text))) return;
  for (const line of text.split('\n')) console.log(level === 'log' || level === 'info' ? `  ${line}` : `  [${level}] ${line}`);
}

const timeout = deadline(Number(opt.timeout) * 1000, 'the editor tests');
let code = 2;
try {
  const run = main();
  run.catch(() => {}); // after a time-out, teardown makes it fail too: not an unhandled rejection
  code = await Promise.race([run, timeout.promise]);
} catch (e) {
  console.error(`runEditorTests: ${e.message}`);
  if (session?.server) console.error(`---- server log (last lines) ----\n${session.serverLogTail()}`);
  code = 2;
} finally {
  timeout.cancel();
  await session?.close();
}
log(`${code === 0 ? 'passed' : 'FAILED'} (exit ${code}) in ${elapsed()}`);
process.exit(code);
