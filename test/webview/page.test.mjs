// The cost report page in a real browser: Debian's Chromium driven by playwright-core, the page
// served from 127.0.0.1 with the panel's own HTML and Content-Security-Policy, `acquireVsCodeApi`
// stubbed, and a ReportView built from a real scan of examples/. Screenshots (dark, light and
// high-contrast theme variables) go to test-artifacts/. Run after `npm run build`:
//
//   node test/webview/page.test.mjs
//
// Exits 1 when a check fails. CHROMIUM=/path/to/chromium overrides the browser.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = join(root, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// ---- Theme variables, as VS Code sets them on the webview's <html> (Dark Modern, Light Modern, High Contrast) ----

const COMMON = {
  'font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
};
const THEMES = {
  dark: {
    kind: 'vscode-dark',
    vars: {
      foreground: '#cccccc', 'editor-background': '#1f1f1f', descriptionForeground: '#9d9d9d', 'panel-border': '#2b2b2b', 'editorGroup-border': '#ffffff17',
      'list-hoverBackground': '#2a2d2e', focusBorder: '#0078d4', 'textLink-foreground': '#4daafc', 'textLink-activeForeground': '#4daafc', 'sideBar-background': '#181818',
      'charts-blue': '#3794ff', 'charts-purple': '#b180d7', 'editorWidget-border': '#313131', 'editorWarning-foreground': '#cca700', errorForeground: '#f85149',
      'editorInfo-foreground': '#3794ff', 'editor-findMatchHighlightBackground': '#ea5c0055', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
      'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12', 'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc',
      'button-secondaryHoverBackground': '#3c3c3c', 'progressBar-background': '#0078d4', 'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100',
      'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'input-placeholderForeground': '#989898', 'panelTitle-activeForeground': '#cccccc',
      'panelTitle-inactiveForeground': '#9d9d9d', 'panelTitle-activeBorder': '#0078d4', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8',
    },
  },
  light: {
    kind: 'vscode-light',
    vars: {
      foreground: '#3b3b3b', 'editor-background': '#ffffff', descriptionForeground: '#3b3b3b', 'panel-border': '#e5e5e5', 'editorGroup-border': '#e5e5e5',
      'list-hoverBackground': '#f2f2f2', focusBorder: '#005fb8', 'textLink-foreground': '#005fb8', 'textLink-activeForeground': '#005fb8', 'sideBar-background': '#f8f8f8',
      'charts-blue': '#1a85ff', 'charts-purple': '#652d90', 'editorWidget-border': '#c8c8c8', 'editorWarning-foreground': '#bf8803', errorForeground: '#f85149',
      'editorInfo-foreground': '#1a85ff', 'editor-findMatchHighlightBackground': '#ea5c0055', 'button-background': '#005fb8', 'button-foreground': '#ffffff',
      'button-hoverBackground': '#0258a8', 'button-border': '#0000001a', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b',
      'button-secondaryHoverBackground': '#cccccc', 'progressBar-background': '#005fb8', 'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100',
      'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece', 'input-placeholderForeground': '#767676', 'panelTitle-activeForeground': '#3b3b3b',
      'panelTitle-inactiveForeground': '#3b3b3b', 'panelTitle-activeBorder': '#005fb8', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b',
    },
  },
  hc: {
    kind: 'vscode-high-contrast',
    vars: {
      foreground: '#ffffff', 'editor-background': '#000000', descriptionForeground: '#ffffff', 'panel-border': '#6fc3df', 'editorGroup-border': '#6fc3df',
      focusBorder: '#f38518', contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518', 'textLink-foreground': '#21a6ff', 'textLink-activeForeground': '#21a6ff',
      'sideBar-background': '#000000', 'charts-blue': '#3794ff', 'charts-purple': '#b180d7', 'editorWidget-border': '#6fc3df', 'editorWarning-foreground': '#ffd370',
      errorForeground: '#f48771', 'editorInfo-foreground': '#3794ff', 'editor-findMatchHighlightBackground': '#000000', 'button-background': '#000000',
      'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff',
      'progressBar-background': '#6fc3df', 'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#be1100', 'input-background': '#000000',
      'input-foreground': '#ffffff', 'input-border': '#6fc3df', 'input-placeholderForeground': '#ffffffb3', 'panelTitle-activeForeground': '#ffffff',
      'panelTitle-inactiveForeground': '#ffffff', 'panelTitle-activeBorder': '#6fc3df', 'badge-background': '#000000', 'badge-foreground': '#ffffff',
    },
  },
};

// The stand-in for VS Code's webview host: theme variables set through the CSSOM (as VS Code does),
// `acquireVsCodeApi` recording messages, state kept in sessionStorage so a reload restores it.
const STUB = `(() => {
  const themes = ${JSON.stringify(THEMES)};
  const common = ${JSON.stringify(COMMON)};
  const theme = themes[new URLSearchParams(location.search).get('theme') || 'dark'];
  for (const [k, v] of Object.entries({ ...common, ...theme.vars })) document.documentElement.style.setProperty('--vscode-' + k, v);
  document.addEventListener('DOMContentLoaded', () => document.body.classList.add(theme.kind));
  window.__posted = [];
  window.__stateCalls = 0;
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => JSON.parse(sessionStorage.getItem('state') || 'null') ?? undefined,
      setState: (s) => { window.__stateCalls++; sessionStorage.setItem('state', JSON.stringify(s)); },
    };
  };
})();`;

/** The panel's own modules (html.ts, view.ts, format.ts), bundled for Node so this script uses the real code. */
async function loadModules() {
  const outdir = join(root, 'out', 'webview-test');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'modules.cjs');
  await esbuild.build({
    stdin: { contents: `export * from './src/core/report/view'; export * from './src/core/report/format'; export * from './src/vscode/webview/html';`, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}

function serve(modules) {
  const files = { '/dist/webview.js': ['dist/webview.js', 'text/javascript'], '/media/report.css': ['media/report.css', 'text/css'] };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://${req.headers.host}`;
    if (url.pathname === '/') {
      const nonce = modules.newNonce();
      const html = modules
        .reportPageHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/report.css` })
        // The host's stand-in runs first, with the same nonce (a script without it would be refused).
        .replace('<script ', `<script nonce="${nonce}" src="${origin}/stub.js"></script>\n<script `);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
    } else if (url.pathname === '/stub.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(STUB);
    } else if (files[url.pathname]) {
      const [file, type] = files[url.pathname];
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(readFileSync(join(root, file)));
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end(); // the browser asks for one; a webview would not
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---- Helpers on the page ----

const send = (page, message) => page.evaluate((m) => window.postMessage(m, '*'), message);
const posted = (page) => page.evaluate(() => window.__posted);
async function clearPosted(page) {
  await page.evaluate(() => (window.__posted.length = 0));
}
async function waitForPosted(page, type) {
  await page.waitForFunction((t) => window.__posted.some((m) => m.type === t), type);
  return (await posted(page)).filter((m) => m.type === type);
}
/** The texts of one column of the breakdown table, visible rows only. */
function columnTexts(page, column) {
  return page.evaluate((col) => {
    const table = document.querySelector('#breakdown-panel table');
    const index = [...table.tHead.rows[0].cells].findIndex((c) => c.dataset.column === col);
    return [...table.tBodies[0].rows].filter((r) => !r.hidden).map((r) => r.cells[index].firstChild?.textContent ?? '');
  }, column);
}
const rowIds = (page) => page.evaluate(() => [...document.querySelectorAll('#breakdown-panel tbody tr')].filter((r) => !r.hidden).map((r) => r.dataset.id));
async function selectTab(page, tab) {
  await page.click(`[role=tab][data-tab="${tab}"]`);
  await page.waitForSelector(`[role=tab][data-tab="${tab}"][aria-selected="true"]`);
}
async function openPage(context, base, theme) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} ${m.location()?.url ?? ''}`));
  await page.goto(`${base}/?theme=${theme}`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return { page, errors };
}

async function run() {
  if (!existsSync(join(root, 'dist/webview.js'))) throw new Error('dist/webview.js is missing: run `npm run build` first');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM)`);
  mkdirSync(artifacts, { recursive: true });
  const modules = await loadModules();
  const report = JSON.parse(execFileSync(process.execPath, [join(root, 'bin/costlens.js'), 'scan', 'examples', '--format', 'json', '--no-cache'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }));
  const view = modules.buildReportView(report);
  const { formatUsd } = modules;
  assert.ok(view.callSites.length >= 5 && view.models.length >= 3, 'the examples give a report worth showing');

  let server;
  let browser;
  const checks = [];
  const check = async (name, fn) => {
    await fn();
    checks.push(name);
    console.log(`  ✔ ${name}`);
  };
  try {
    server = await serve(modules);
    const base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const { page, errors } = await openPage(context, base, 'dark');

    await check('serves the panel HTML with a nonce CSP, and the page says ready', async () => {
      const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}'; style-src http:\/\/127\.0\.0\.1:\d+; img-src http:\/\/127\.0\.0\.1:\d+ data:$/);
      assert.deepEqual(await posted(page), [{ type: 'ready' }]);
      assert.equal(await page.textContent('.placeholder'), 'No report yet.');
    });

    await check('shows the busy state while scanning', async () => {
      await send(page, { type: 'busy', busy: true, done: 3, total: 12 });
      await page.waitForSelector('body.busy');
      assert.equal(await page.textContent('#status'), 'Scanning the workspace… 3 of 12');
      assert.equal(await page.$eval('.progress-bar', (b) => b.style.width), '25%', 'a known count fills the bar');
      // The host's own words when it gives them; without a count the bar runs back and forth.
      await send(page, { type: 'busy', busy: true, message: 'Reading settings…' });
      await page.waitForFunction(() => document.getElementById('status').textContent === 'Reading settings…');
      assert.equal(await page.$eval('.progress-bar', (b) => b.classList.contains('determinate')), false);
      assert.equal(await page.getAttribute('#app', 'aria-busy'), 'true');
      assert.ok(await page.isVisible('.progress'));
      assert.ok(await page.isDisabled('#refresh'));
    });

    await check('renders the headline, charts and tables of a real scan', async () => {
      await send(page, { type: 'view', view });
      await send(page, { type: 'busy', busy: false });
      await page.waitForSelector('#breakdown-panel tbody tr');
      await page.waitForFunction(() => !document.body.classList.contains('busy'));
      const cards = await page.$$eval('.card', (cs) => cs.map((c) => ({ label: c.querySelector('.card-label').textContent, value: c.querySelector('.card-value').textContent })));
      assert.deepEqual(cards[0], { label: 'Per month', value: formatUsd(view.headline.usdPerMonth.expected) });
      assert.equal(cards.find((c) => c.label === 'Call sites').value, String(view.headline.callSites));
      assert.equal(cards.find((c) => c.label === 'Unpriced').value, String(view.headline.unpricedCallSites));
      assert.match(await page.textContent('.headline'), /at 2,000 tasks\/day × 30 days/);
      // Tasks first, costliest first.
      assert.equal(await page.getAttribute('[role=tab][aria-selected="true"]', 'data-tab'), 'tasks');
      assert.deepEqual(await rowIds(page), view.tasks.map((r) => r.id));
      assert.deepEqual(await columnTexts(page, 'usdPerMonth'), view.tasks.map((r) => (r.usdPerMonth === null ? 'no price' : formatUsd(r.usdPerMonth))));
      await selectTab(page, 'callSites');
      assert.equal(await page.locator('#breakdown-panel tbody tr').count(), view.callSites.length);
      assert.deepEqual(await columnTexts(page, 'usdPerMonth'), view.callSites.map((r) => (r.usdPerMonth === null ? 'no price' : formatUsd(r.usdPerMonth))));
      await selectTab(page, 'models');
      assert.equal(await page.locator('#breakdown-panel tbody tr').count(), view.models.length);
      await selectTab(page, 'files');
      assert.equal(await page.locator('#breakdown-panel tbody tr').count(), view.files.length);
      // Savings by rule and findings.
      assert.equal(await page.locator('.savings tbody tr').count(), view.savings.length);
      assert.equal(await page.locator('.findings tbody tr').count(), view.findings.length);
      assert.equal(await page.locator('table.data th[scope=col]').first().isVisible(), true);
    });

    await check('draws one bar per priced model, sorted, labelled with $/month', async () => {
      const priced = view.models.filter((r) => r.usdPerMonth !== null);
      const bars = await page.$$eval('figure[data-chart="byModel"] .bar-group', (gs) =>
        gs.map((g) => ({ id: g.dataset.id, width: Number(g.querySelector('.bar').getAttribute('width')), value: g.querySelector('.bar-value').textContent, label: g.querySelector('.bar-label').textContent })),
      );
      assert.equal(bars.length, priced.length);
      assert.deepEqual(bars.map((b) => b.id), priced.map((r) => r.id));
      for (let i = 1; i < bars.length; i++) assert.ok(bars[i - 1].width >= bars[i].width, 'bars shrink down the chart');
      assert.ok(bars[0].value.startsWith(formatUsd(priced[0].usdPerMonth)), bars[0].value);
      assert.equal(bars[0].label, priced[0].label);
      assert.equal(await page.locator('figure[data-chart="byTask"] .bar-group').count(), view.charts.byTask.length);
    });

    await check('clicking a row posts open with its path and line; clicking a model row lists its call sites', async () => {
      await selectTab(page, 'callSites');
      await clearPosted(page);
      const target = view.callSites[1];
      // A click anywhere on the row (here its $/month cell), not only on the name.
      await page.click(`#breakdown-panel tbody tr:nth-child(2) td.num >> nth=2`);
      const [open] = await waitForPosted(page, 'open');
      assert.deepEqual(open, { type: 'open', path: target.location.path, line: target.location.line });
      // Keyboard: the row's name is a button.
      await clearPosted(page);
      await page.focus('#breakdown-panel tbody tr:nth-child(1) th button');
      await page.keyboard.press('Enter');
      const [byKey] = await waitForPosted(page, 'open');
      assert.deepEqual(byKey, { type: 'open', path: view.callSites[0].location.path, line: view.callSites[0].location.line });

      await selectTab(page, 'models');
      await page.click(`#breakdown-panel tbody tr[data-id="model:claude-sonnet-4-5"] th button`);
      await page.waitForSelector('[role=tab][data-tab="callSites"][aria-selected="true"]');
      assert.equal(await page.inputValue('#filter'), 'model:claude-sonnet-4-5');
      assert.deepEqual(await rowIds(page), view.callSites.filter((r) => r.model === 'claude-sonnet-4-5').map((r) => r.id));
      await page.fill('#filter', '');
      await page.waitForFunction((n) => document.querySelectorAll('#breakdown-panel tbody tr:not([hidden])').length === n, view.callSites.length);
    });

    await check('export, refresh, set traffic and rule docs post their messages', async () => {
      await clearPosted(page);
      for (const format of ['csv', 'json', 'markdown', 'focus']) await page.click(`button[data-format="${format}"]`);
      await page.click('#refresh');
      await page.click('#traffic');
      await page.click('.savings tbody tr:first-child button.link');
      await page.waitForFunction(() => window.__posted.length >= 7);
      assert.deepEqual(await posted(page), [
        { type: 'export', format: 'csv' },
        { type: 'export', format: 'json' },
        { type: 'export', format: 'markdown' },
        { type: 'export', format: 'focus' },
        { type: 'refresh' },
        { type: 'setTraffic' },
        { type: 'openRuleDocs', ruleId: view.savings[0].ruleId },
      ]);
    });

    await check('sorting by a header reorders the rows', async () => {
      await selectTab(page, 'callSites');
      await page.click('#breakdown-panel th[data-column="usdPerMonth"] button');
      assert.equal(await page.getAttribute('#breakdown-panel th[data-column="usdPerMonth"]', 'aria-sort'), 'ascending');
      const priced = view.callSites.filter((r) => r.usdPerMonth !== null);
      const unpriced = view.callSites.filter((r) => r.usdPerMonth === null);
      // Ascending: cheapest first, unpriced still last.
      const ascending = [...priced].sort((a, b) => a.usdPerMonth - b.usdPerMonth).map((r) => r.id);
      assert.deepEqual(await rowIds(page), [...ascending, ...unpriced.map((r) => r.id)]);
      // By name, with the keyboard.
      await page.focus('#breakdown-panel th[data-column="label"] button');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#breakdown-panel th[data-column="label"][aria-sort="ascending"]');
      const byName = [...view.callSites].sort((a, b) => a.label.toLowerCase().localeCompare(b.label.toLowerCase())).map((r) => r.id);
      assert.deepEqual(await rowIds(page), byName);
      assert.equal(await page.getAttribute('#breakdown-panel th[data-column="usdPerMonth"]', 'aria-sort'), 'none');
      // Back to the default.
      await page.click('#breakdown-panel th[data-column="usdPerMonth"] button');
      await page.waitForSelector('#breakdown-panel th[data-column="usdPerMonth"][aria-sort="descending"]');
      assert.deepEqual(await rowIds(page), view.callSites.map((r) => r.id));
    });

    await check('the filter hides the rows that do not match', async () => {
      await page.fill('#filter', 'support-agent/prompts');
      const expected = view.callSites.filter((r) => `${r.label} ${r.detail}`.includes('support-agent/prompts')).map((r) => r.id);
      assert.ok(expected.length > 0 && expected.length < view.callSites.length);
      await page.waitForFunction((n) => document.querySelectorAll('#breakdown-panel tbody tr:not([hidden])').length === n, expected.length);
      assert.deepEqual(await rowIds(page), expected);
      assert.equal(await page.textContent('#shown'), `${expected.length} of ${view.callSites.length} call sites`);
      await page.fill('#filter', 'no-such-thing');
      await page.waitForFunction(() => document.querySelectorAll('#breakdown-panel tbody tr:not([hidden])').length === 0);
      await page.fill('#filter', '');
    });

    await check('a focus message highlights a row and scrolls it into view', async () => {
      await selectTab(page, 'tasks');
      await page.evaluate(() => window.scrollTo(0, 0));
      const target = view.callSites.find((r) => r.key === 'web-app/lib/extract.ts#extractTicket#0');
      const selector = `#breakdown-panel tr[data-id="${target.id}"]`;
      await send(page, { type: 'focus', key: target.key });
      await page.waitForSelector(`${selector}.focused`);
      assert.equal(await page.getAttribute('[role=tab][aria-selected="true"]', 'data-tab'), 'callSites');
      const inView = await page.$eval(selector, (tr) => {
        const r = tr.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
      assert.ok(inView, 'the focused row is on screen');
      assert.ok((await page.evaluate(() => window.scrollY)) > 0, 'the page scrolled to reach it');
      assert.equal(await page.locator('#breakdown-panel tr.focused').count(), 1);
      // A bar of the chart focuses its row too.
      await page.click('figure[data-chart="byModel"] .bar-group >> nth=0');
      await page.waitForSelector(`#breakdown-panel tr[data-id="${view.charts.byModel[0].id}"].focused`);
      await send(page, { type: 'focus', key: target.id });
      await page.waitForSelector(`${selector}.focused`);
    });

    await check('keeps its state with setState, and a reload restores it without a new view', async () => {
      await page.fill('#filter', 'support');
      const state = await page.evaluate(() => ({ calls: window.__stateCalls, state: JSON.parse(sessionStorage.getItem('state')) }));
      assert.ok(state.calls > 0);
      assert.equal(state.state.tab, 'callSites');
      assert.equal(state.state.filter, 'support');
      assert.equal(state.state.focusKey, 'site:web-app/lib/extract.ts#extractTicket#0');
      assert.equal(state.state.view.headline.callSites, view.headline.callSites);
      const before = await rowIds(page);
      await page.reload();
      await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
      await page.waitForSelector('#breakdown-panel tbody tr');
      assert.equal(await page.getAttribute('[role=tab][aria-selected="true"]', 'data-tab'), 'callSites');
      assert.equal(await page.inputValue('#filter'), 'support');
      assert.deepEqual(await rowIds(page), before);
      assert.equal(await page.locator('figure[data-chart="byModel"] .bar-group').count(), view.charts.byModel.length);
      await page.fill('#filter', '');
    });

    await check('shows an error and offers to try again', async () => {
      await send(page, { type: 'error', message: 'The workspace could not be scanned: EACCES' });
      await page.waitForSelector('#error:not([hidden])');
      assert.equal(await page.getAttribute('#error', 'role'), 'alert');
      assert.match(await page.textContent('#error'), /EACCES/);
      await clearPosted(page);
      await page.click('#error button');
      assert.deepEqual(await waitForPosted(page, 'refresh'), [{ type: 'refresh' }]);
      await send(page, { type: 'view', view });
      await page.waitForSelector('#error[hidden]', { state: 'attached' });
    });

    await check('says so when a workspace has no LLM calls, and lists what it could not analyse', async () => {
      const empty = modules.buildReportView({
        ...report,
        totals: { callSites: 0, files: 0, usdPerMonth: { low: 0, expected: 0, high: 0 }, unpricedCallSites: 0 },
        callSites: [],
        tasks: [],
        findings: [],
        errors: [{ path: 'support-agent/agent.py', line: 3, kind: 'parse', message: 'unexpected indent' }],
      });
      await send(page, { type: 'view', view: empty });
      await page.waitForSelector('.empty h2');
      assert.equal(await page.textContent('.empty h2'), 'No LLM calls found');
      assert.equal(await page.textContent('.card-value'), '$0');
      assert.equal(await page.locator('figure').count(), 0);
      await clearPosted(page);
      await page.click('.errors button.link');
      assert.deepEqual(await waitForPosted(page, 'open'), [{ type: 'open', path: 'support-agent/agent.py', line: 3 }]);
      await send(page, { type: 'view', view });
      await page.waitForSelector('#breakdown-panel tbody tr');
    });

    await check('breaks no CSP rule and logs no error', async () => {
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      assert.deepEqual(errors, []);
    });

    // Screenshots: what a person sees, in each kind of theme.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, 'report-dark.png'), fullPage: true });
    await page.locator('section.breakdown').screenshot({ path: join(artifacts, 'report-dark-breakdown.png') });
    await page.close();
    for (const theme of ['light', 'hc']) {
      const { page: p, errors: errs } = await openPage(context, base, theme);
      await p.evaluate(() => sessionStorage.clear());
      await send(p, { type: 'view', view, focusKey: 'support-agent/rag.py#answer_product_question#0' });
      await p.waitForSelector('#breakdown-panel tr.focused');
      await p.evaluate(() => window.scrollTo(0, 0));
      await p.screenshot({ path: join(artifacts, `report-${theme}.png`), fullPage: true });
      await p.locator('section.breakdown').screenshot({ path: join(artifacts, `report-${theme}-breakdown.png`) });
      assert.deepEqual(errs, [], `${theme}: page errors`);
      assert.deepEqual(await p.evaluate(() => window.__violations), [], `${theme}: CSP violations`);
      await p.close();
    }
    const { page: busyPage } = await openPage(context, base, 'light');
    await busyPage.evaluate(() => sessionStorage.clear());
    await send(busyPage, { type: 'view', view });
    await send(busyPage, { type: 'busy', busy: true, message: 'Scanning the workspace…' });
    await send(busyPage, { type: 'error', message: 'The workspace could not be scanned: cancelled by a newer scan' });
    await busyPage.waitForSelector('body.busy');
    await busyPage.screenshot({ path: join(artifacts, 'report-light-busy-error.png') });
    console.log(`\n${checks.length} checks passed; screenshots in ${artifacts}`);
  } finally {
    await browser?.close().catch(() => {});
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  }
}

run().then(
  () => process.exit(0),
  (e) => {
    console.error(`\n  ✘ ${e?.stack ?? e}`);
    process.exit(1);
  },
);
