// The extension in a real VS Code (code-server's, as the editor tests use): activation time, time
// from opening the example agent file to its lenses, and the extension host's memory after scanning
// a 5,000-file workspace (examples/ plus the generated corpus), beside the CLI scanning the same
// folder. Needs the VS Code host (bash scripts/vscode/setup.sh); skipped with a note without it.
import { cpSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { corpus } from './generate.mjs';

export const title = 'The extension in a real VS Code (code-server 4.100.3, VS Code 1.100.3)';

export async function run() {
  const harness = await import('../vscode/harness.mjs');
  if (!existsSync(join(harness.VSCODE_DIR, 'out/server-main.js'))) {
    return { columns: ['measure', 'value'], rows: [['(skipped)', 'the VS Code host is not set up: bash scripts/vscode/setup.sh']], data: {} };
  }
  const session = new harness.Session({ prefix: 'costlens-bench-' });
  try {
    const folder = harness.copyWorkspace(harness.EXAMPLES_DIR, join(session.scratch.dir, 'workspace'));
    cpSync(corpus(5000, 0.05), join(folder, 'generated'), { recursive: true });
    await session.start();
    let result;
    let finished;
    const exit = new Promise((resolve) => (finished = resolve));
    await session.openPage(
      session.workbenchUrl({
        folder,
        payload: [
          ['extensionDevelopmentPath', session.remoteUri(harness.ROOT)],
          ['extensionTestsPath', session.remoteUri(join(harness.ROOT, 'out/test/editorBench/index.js'))],
        ],
      }),
      {
        beforeGoto: async (p) => {
          await p.exposeFunction('codeAutomationLog', (_type, args) => {
            const text = (Array.isArray(args) ? args : [args]).map(String).join(' ');
            const m = /COSTLENS_BENCH (\{.*\})/.exec(text);
            if (m) result = JSON.parse(m[1]);
            else if (/error/i.test(_type)) console.log(`  [host] ${text}`);
          });
          await p.exposeFunction('codeAutomationExit', (code) => finished(code));
        },
      },
    );
    const code = await Promise.race([exit, new Promise((resolve) => setTimeout(() => resolve('timeout'), 300_000))]);
    if (code !== 0 || !result) throw new Error(`the bench module ended with ${code}`);
    // The CLI on the same folder, cold, in a fresh process (scanChild.cjs), for comparison.
    const cli = JSON.parse(spawnSync(process.execPath, [join(import.meta.dirname, 'scanChild.cjs'), folder, '1', '-'], { encoding: 'utf8' }).stdout.trim().split('\n').pop());
    const [first, again] = result.scans;
    const rows = [
      ['activate()', `${result.activationMs.toFixed(1)} ms`],
      ['open agent.py → its lenses (first file: parsers and tokenizer load)', `${result.first.ms.toFixed(0)} ms (of which opening the editor ${result.first.openMs.toFixed(0)} ms)`],
      ['open rag.py → its lenses (second file)', `${result.second.ms.toFixed(0)} ms (of which opening the editor ${result.second.openMs.toFixed(0)} ms)`],
      [`workspace scan for the report, ${first.files} files, ${first.callSites} call sites (first)`, `${first.ms.toFixed(0)} ms`],
      ['the same scan again (unchanged files kept)', `${again.ms.toFixed(0)} ms`],
      ['CLI scan of the same folder, cold, 1 thread, fresh process', `${cli.ms.toFixed(0)} ms`],
      ['extension host memory before → after the scans (RSS)', `${result.memoryMb.rssBefore} → ${result.memoryMb.rssAfter} MB`],
      ['extension host JS heap before → after', `${result.memoryMb.heapBefore} → ${result.memoryMb.heapAfter} MB`],
    ];
    return { columns: ['measure', 'value'], rows, data: { ...result, cliMs: cli.ms } };
  } finally {
    await session.close();
  }
}
