#!/usr/bin/env node
// `npm start`: the real VS Code (web UI) with the built CostLens installed and examples/ open, for
// a person to try in their own browser. Runs until Ctrl+C, then stops the server.
//
//   node scripts/vscode/serve.mjs [--port N] [--folder DIR] [--keep]
//
// Port: --port, else 8080 when free, else any free one. Listens on 127.0.0.1 only, with no
// connection token: anyone on this machine could use it, no one else can reach it.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLES_DIR, Session, freePort, log } from './harness.mjs';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string' },
    folder: { type: 'string', default: EXAMPLES_DIR },
    keep: { type: 'boolean', default: false },
  },
});
const folder = path.resolve(opt.folder);

async function choosePort() {
  if (opt.port) {
    // Checked first: the readiness poll would otherwise take whatever answers there for this server.
    try { return await freePort(Number(opt.port)); } catch { throw new Error(`port ${opt.port} is in use`); }
  }
  try { return await freePort(8080); } catch { return freePort(); }
}

let session;
try {
  if (!fs.existsSync(folder)) throw new Error(`no folder ${folder}`);
  const port = await choosePort();
  session = new Session({ prefix: 'costlens-serve-', keep: opt.keep, sampleMemory: false }).exitOnSignals(0);
  await session.installCostLens();
  await session.start({ port, testDriver: false });
  session.server.on('exit', async (code, signal) => {
    if (session.closing) return;
    console.error(`serve: the VS Code server stopped (${signal ?? `exit ${code}`}); its log:\n${session.serverLogTail()}`);
    await session.close();
    process.exit(1);
  });
  console.log(`\nOpen ${session.workbenchUrl({ folder })} in a browser (Ctrl+C stops the server)\n`);
} catch (e) {
  console.error(`serve: ${e.message}`);
  if (session?.server) console.error(session.serverLogTail());
  await session?.close();
  process.exit(1);
}
log('serving');
