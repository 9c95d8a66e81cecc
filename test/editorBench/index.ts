// Runs INSIDE the extension host for `npm run bench` (scripts/bench/editor.mjs): activation time,
// time from opening an agent file to its lenses (first file: parsers and tokenizer load; then a
// second file), a workspace scan of the folder (the 5,000 generated files the bench copies in)
// with the extension host's memory after it. Prints one line `COSTLENS_BENCH {json}`.
import * as vscode from 'vscode';

interface Api {
  activationMs: number;
  scanWorkspace(): Promise<{ files: number; ms: number; report: { callSites: unknown[] } }>;
}

const EXTENSION_ID = 'costlens.costlens';

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Opening a file and its lenses, with the time to open it (the editor's part) measured apart. */
async function openToLenses(rel: string): Promise<{ ms: number; openMs: number; polls: number }> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const uri = vscode.Uri.joinPath(folder, ...rel.split('/'));
  const t0 = performance.now();
  await vscode.window.showTextDocument(uri);
  const openMs = performance.now() - t0;
  let polls = 0;
  await until(`lenses on ${rel}`, async () => {
    polls++;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    return lenses?.some((l) => l.command?.title.includes('/call')) ? true : undefined;
  });
  return { ms: performance.now() - t0, openMs, polls };
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  const before = process.memoryUsage();
  const first = await openToLenses(process.env.COSTLENS_BENCH_FIRST ?? 'support-agent/agent.py');
  const second = await openToLenses(process.env.COSTLENS_BENCH_SECOND ?? 'support-agent/rag.py');
  const scans = [];
  for (let i = 0; i < 2; i++) {
    const scan = await api.scanWorkspace();
    scans.push({ ms: scan.ms, files: scan.files, callSites: scan.report.callSites.length });
  }
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage();
  console.log(
    `COSTLENS_BENCH ${JSON.stringify({
      activationMs: api.activationMs,
      first,
      second,
      scans,
      memoryMb: { rssBefore: mb(before.rss), rssAfter: mb(after.rss), heapBefore: mb(before.heapUsed), heapAfter: mb(after.heapUsed) },
    })}`,
  );
}
