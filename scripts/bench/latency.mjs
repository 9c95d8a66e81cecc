// What a person waits for (#16): in the VS Code web workbench in Chromium, CostLens installed as a
// user installs it (not as a development extension: VS Code turns its adaptive CodeLens debounce
// off for those), a fresh window on a copy of examples/; agent.py opened from the Explorer, timed
// from the click to its call site's lens text in the DOM (`.codelens-decoration`), then rag.py the
// same way. A fresh server and window per run; medians. BENCH_BASELINE=<a built checkout> measures
// that build the same way, run for run in turn (so load on the machine falls on both alike).
// BENCH_LATENCY_RUNS sets the number of runs (5).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const title = 'Open a file → its lens on screen, real VS Code in Chromium (click to lens text)';

const RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 5);
const FIRST = 'support-agent/agent.py';
const NEXT = 'support-agent/rag.py';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function nameOf(root) {
  const r = spawnSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? `baseline ${r.stdout.trim()}` : 'baseline';
}

/**
 * Clicks the file's row in the Explorer (its folders expanded first, untimed) and returns the
 * milliseconds, on the page's clock, from the click to a lens with `/call` in the editor showing
 * the file. The watch is a MutationObserver set up before the click, so no polling adds to it.
 */
async function clickToLens(wb, rel) {
  const parts = rel.split('/');
  for (const [i, name] of parts.slice(0, -1).entries()) {
    const row = wb.explorerRow(name, i + 1);
    await row.waitFor({ state: 'visible' });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }
  const row = wb.explorerRow(parts.at(-1), parts.length);
  await row.waitFor({ state: 'visible' });
  await wb.page.evaluate((file) => {
    const w = (window.__costlensLatency = { clicked: undefined, shown: undefined, text: undefined });
    document.addEventListener('mousedown', () => (w.clicked ??= performance.now()), { capture: true });
    const look = () => {
      if (w.clicked === undefined || w.shown !== undefined) return;
      const tab = document.querySelector('.editor-group-container.active .tabs-container .tab.active .label-name');
      if (tab?.textContent?.trim() !== file) return;
      const editor = document.querySelector('.editor-group-container.active .monaco-editor');
      for (const a of editor?.querySelectorAll('.codelens-decoration a') ?? []) {
        if (a.textContent.includes('/call')) {
          w.shown = performance.now();
          w.text = a.textContent;
          observer.disconnect();
          return;
        }
      }
    };
    const observer = new MutationObserver(look);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class'] });
  }, parts.at(-1));
  await row.click();
  const { clicked, shown, text } = await wb.page
    .waitForFunction(() => window.__costlensLatency.shown !== undefined && window.__costlensLatency, undefined, { timeout: 60_000, polling: 50 })
    .then((h) => h.jsonValue());
  return { ms: shown - clicked, text };
}

async function once(root) {
  const { Session, EXAMPLES_DIR, copyWorkspace } = await import('../vscode/harness.mjs');
  const { Workbench } = await import('../../test/browser/workbench.mjs');
  const session = new Session({ prefix: 'costlens-latency-', sampleMemory: false });
  try {
    const folder = copyWorkspace(EXAMPLES_DIR, join(session.scratch.dir, 'examples'));
    await session.installCostLens({ root });
    await session.start();
    const page = await session.openPage(session.workbenchUrl({ folder }));
    page.setDefaultTimeout(60_000);
    const wb = new Workbench(session, page, folder);
    // As a person would: the first file clicked as soon as the Explorer shows it.
    await wb.explorerRows().first().waitFor({ state: 'visible' });
    const first = await clickToLens(wb, FIRST);
    const next = await clickToLens(wb, NEXT);
    return { first: first.ms, next: next.ms, text: first.text };
  } finally {
    await session.close();
  }
}

export async function run() {
  const harness = await import('../vscode/harness.mjs');
  if (!existsSync(join(harness.HOST_DIR, 'node_modules/.costlens-setup-ok'))) {
    return { columns: ['build', 'first lens', 'next file'], rows: [['(skipped)', 'the VS Code host is not set up: bash scripts/vscode/setup.sh', '']], data: {} };
  }
  const baseline = process.env.BENCH_BASELINE;
  if (baseline && !existsSync(join(baseline, 'dist/extension.js'))) throw new Error(`BENCH_BASELINE=${baseline}: no dist/extension.js there (build it first)`);
  const builds = [['this build', harness.ROOT], ...(baseline ? [[nameOf(baseline), baseline]] : [])];
  const runs = Object.fromEntries(builds.map(([name]) => [name, []]));
  const load = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [name, root] of builds) {
      load.push((await import('node:os')).loadavg()[0]);
      runs[name].push(await once(root));
    }
  }
  const fmt = (xs) => `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
  const rows = builds.map(([name]) => [name, fmt(runs[name].map((r) => r.first)), fmt(runs[name].map((r) => r.next))]);
  const notes = [
    `medians of ${RUNS} runs (min–max), each in a fresh server and window; targets: first lens ≤ 500 ms, next file ≤ 150 ms`,
    `${FIRST} first, then ${NEXT}; lens text: ${runs['this build'][0].text}`,
    `load average (1 min) at the runs: ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores`,
  ];
  return { columns: ['build', 'first lens (click → text)', 'next file (click → text)'], rows, notes, data: { runs, load } };
}
