// What a person sees: the real VS Code web workbench (scripts/vscode/harness.mjs) in headless
// Chromium, with CostLens installed as a user installs it, driven by clicks and keys through
// playwright-core. Every wait is on a condition in the DOM, never a fixed sleep.
//
//   await withWorkbench('name', async (wb) => {     // a scratch copy of examples/, closed after
//     await wb.openFile('support-agent/agent.py');  // clicks through the Explorer
//     await wb.waitForCodeLens('/call');
//     await wb.hoverAt(22, 30);                      // the hover's text at line 22, column 30
//     await wb.openFile('support-agent/rag.py');
//     await wb.applyQuickFix('Add max_completion_tokens', { line: 13 }); // light bulb, then the fix
//     await wb.runCommand('CostLens: Show Cost Report');
//     const report = await wb.webview('Cost Report'); // the page inside the webview's iframes
//     await report.getByText('support-agent/agent.py').first().waitFor();
//     await wb.screenshot('report');                 // test-artifacts/report.png
//   });
//
// KEEP=1 keeps the scratch folder (server log, user data, the workspace copy) for a look after.
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, EXAMPLES_DIR, Session, copyWorkspace, log } from '../../scripts/vscode/harness.mjs';

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (s) => new RegExp(`^${escapeRegExp(s)}$`);

export class Workbench {
  /**
   * Starts VS Code with the built extension installed, opens a copy of `folder` (tests may edit
   * it) in Chromium and waits until the Explorer shows it.
   */
  static async open({ folder = EXAMPLES_DIR, settings = {}, keep = !!process.env.KEEP, viewport = { width: 1280, height: 800 } } = {}) {
    const session = new Session({ prefix: 'costlens-browser-', keep }).exitOnSignals();
    try {
      const workspace = copyWorkspace(folder, path.join(session.scratch.dir, path.basename(folder)));
      await session.installCostLens();
      await session.start({ settings });
      const page = await session.openPage(session.workbenchUrl({ folder: workspace }), { viewport });
      page.setDefaultTimeout(30_000);
      const wb = new Workbench(session, page, workspace);
      await wb.explorerRows().first().waitFor({ state: 'visible', timeout: 60_000 });
      log(`workbench shows ${workspace}`);
      return wb;
    } catch (e) {
      await session.close();
      throw e;
    }
  }

  constructor(session, page, workspace) {
    this.session = session;
    this.page = page;
    this.workspace = workspace;
  }

  explorerRows() {
    return this.page.locator('.explorer-folders-view .monaco-list-row');
  }

  /** The Explorer row of one name at one depth (1 = the folder's top level). */
  explorerRow(name, level) {
    return this.explorerRows()
      .and(this.page.locator(`[aria-level="${level}"]`))
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(name) }) })
      .first();
  }

  /** Opens a file as a person does: expands its folders in the Explorer and clicks it. */
  async openFile(relativePath) {
    const parts = relativePath.split('/');
    for (const [i, name] of parts.entries()) {
      const row = this.explorerRow(name, i + 1);
      await row.waitFor({ state: 'visible' });
      const isFolder = i < parts.length - 1;
      if (!isFolder || (await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    }
    await this.waitForEditor(parts.at(-1));
  }

  /** Opens a file with Quick Open (Ctrl+P), which needs the workbench to have the keyboard. */
  async quickOpen(relativePath) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relativePath) }).first().waitFor({ state: 'visible' });
    await this.page.keyboard.press('Enter');
    await this.waitForEditor(path.basename(relativePath));
  }

  /** Waits until the active tab is the file's and its text is on screen. */
  async waitForEditor(fileName) {
    await this.page.locator('.tabs-container .tab.active', { has: this.page.locator('.label-name', { hasText: exactly(fileName) }) }).waitFor({ state: 'visible' });
    await this.activeEditor().locator('.view-lines .view-line').first().waitFor({ state: 'visible' });
  }

  /** The editor that has focus (or was last focused) in the active editor group. */
  activeEditor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /**
   * Runs a command by its title in the command palette (F1), e.g. 'CostLens: Show Cost Report'.
   * The title is matched exactly, so another command that contains it is not run by mistake.
   */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    // Taken with Enter once filtering has put it first and focused (the row of a recently used
    // command is visible before filtering ends: a click could land while the list is redrawn).
    const first = this.page.locator('.quick-input-list .monaco-list-row.focused[data-index="0"]', { has: this.page.locator('.label-name', { hasText: exactly(title) }) });
    await first.waitFor({ state: 'visible' });
    await input.press('Enter');
    // Done when the palette has closed — or holds the command's own quick pick (Compare Models
    // opens one in the same widget, which then never hides).
    await this.page.waitForFunction((typed) => {
      const widget = document.querySelector('.quick-input-widget');
      const box = widget?.querySelector('input');
      return !widget || getComputedStyle(widget).display === 'none' || !box || box.value !== typed;
    }, `>${title}`);
  }

  /** Moves the cursor (1-based line and column, as the status bar shows them) with Go to Line. */
  async goTo(line, column = 1) {
    // Keys, not a click into the editor: a click could land on a CodeLens and run its command.
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ state: 'visible' });
  }

  /** Texts of the CodeLenses the active editor shows. */
  async codeLensTexts() {
    return this.activeEditor().locator('.codelens-decoration a').allInnerTexts();
  }

  /** Waits until a CodeLens containing text is visible and returns that lens's text. */
  async waitForCodeLens(text, { timeout = 30_000 } = {}) {
    const lens = this.activeEditor().locator('.codelens-decoration a', { hasText: text }).first();
    await lens.waitFor({ state: 'visible', timeout });
    return (await lens.innerText()).trim();
  }

  /** Waits until text (a string or RegExp) is visible within selector, and returns that element. */
  async waitForText(text, { selector = 'body', timeout = 30_000 } = {}) {
    const el = this.page.locator(selector, { hasText: text }).last();
    await el.waitFor({ state: 'visible', timeout });
    return el;
  }

  /** Shows the hover at a position (keyboard: Go to Line, then Show or Focus Hover) and returns its text. */
  async hoverAt(line, column) {
    await this.goTo(line, column);
    await this.runCommand('Show or Focus Hover');
    return this.hoverText();
  }

  /** Moves the mouse over the first place in the editor that shows text and returns the hover's text. */
  async hoverOver(text) {
    const span = this.activeEditor().locator('.view-lines .view-line span span', { hasText: text }).first();
    await span.hover();
    return this.hoverText();
  }

  async hoverText() {
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
    await hover.waitFor({ state: 'visible' });
    return (await hover.innerText()).trim();
  }

  /**
   * Waits until what selector matches has finished its animations (a hover fades in: a screenshot
   * taken before shows it half transparent over the code).
   */
  async settled(selector) {
    await this.page.waitForFunction((sel) => {
      const el = document.querySelector(sel);
      return !!el && el.getAnimations({ subtree: true }).every((a) => a.playState === 'finished') && getComputedStyle(el).opacity === '1';
    }, selector);
  }

  /**
   * Every row of the open quick pick, top to bottom (scrolled through with the keyboard: the list
   * renders only the rows in view): its group's label where a group starts, label, description
   * and detail as shown.
   */
  async quickPickRows() {
    const read = () =>
      this.page.locator('.quick-input-list .monaco-list-row').evaluateAll((rows) =>
        rows.map((row) => ({
          index: Number(row.getAttribute('data-index')),
          // Rows are recycled: a separator element left from another list is there but hidden.
          separator: [...row.querySelectorAll('.quick-input-list-separator')].find((el) => el.checkVisibility())?.textContent?.trim() || undefined,
          label: row.querySelector('.quick-input-list-rows .monaco-icon-label .label-name, .label-name')?.textContent?.trim() ?? '',
          description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
          detail: row.querySelector('.quick-input-list-detail, .quick-input-list-row:nth-child(2)')?.textContent?.trim() ?? '',
          focused: row.classList.contains('focused'),
          warning: !!row.querySelector('.label-name .codicon-warning'),
        })),
      );
    const seen = new Map();
    const focusedIndex = () => this.page.evaluate(() => Number(document.querySelector('.quick-input-list .monaco-list-row.focused')?.getAttribute('data-index') ?? -1));
    const total = Number(await this.page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-setsize'));
    while (seen.size < total) {
      for (const r of await read()) seen.set(r.index, r);
      if (seen.size >= total) break;
      const was = await focusedIndex();
      await this.page.keyboard.press('PageDown');
      await this.page.waitForFunction((w) => Number(document.querySelector('.quick-input-list .monaco-list-row.focused')?.getAttribute('data-index') ?? -1) > w, was);
    }
    return [...seen.values()].sort((a, b) => a.index - b.index);
  }

  /**
   * Applies a quick fix as a person does: cursor on the finding, click the light bulb, click the
   * fix. Returns the editor's text afterwards (as shown, so only the visible lines).
   */
  async applyQuickFix(title, { line, column = 1 }) {
    await this.goTo(line, column);
    const bulb = this.page.locator('.lightBulbWidget').first();
    await bulb.waitFor({ state: 'visible' });
    await bulb.click();
    const action = this.page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first();
    await action.waitFor({ state: 'visible' });
    // The menu blocks clicks until the mouse moves (against clicks meant for what was there
    // before): move onto the item first, as a hand would.
    const box = await action.boundingBox();
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.locator('.context-view-pointerBlock').waitFor({ state: 'detached' });
    await action.click();
    await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
  }

  /** The text of the active editor's visible lines (Monaco renders only those). */
  async visibleText() {
    return (await this.activeEditor().locator('.view-lines .view-line').allInnerTexts()).join('\n');
  }

  /**
   * The content frame of the webview whose tab is titled tabTitle. A webview is two nested iframes:
   * the outer one (class "webview", marked "ready" once loaded) hosts VS Code's page, which puts the
   * extension's HTML into an inner iframe with id "active-frame". Returns a Playwright
   * FrameLocator: frame.locator('h1').innerText(), and so on.
   */
  async webview(tabTitle) {
    await this.page.locator('.tabs-container .tab.active', { hasText: tabTitle }).waitFor({ state: 'visible' });
    // Webviews of hidden tabs stay in the DOM, hidden: take the visible one.
    const outer = this.page.locator('iframe.webview.ready:visible').first();
    await outer.waitFor({ state: 'attached' });
    const frame = outer.contentFrame().locator('iframe#active-frame').contentFrame();
    await frame.locator('body *').first().waitFor({ state: 'attached' });
    return frame;
  }

  /** Saves a screenshot of the whole window to test-artifacts/<name>.png and returns its path. */
  async screenshot(name) {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Screenshot for a failure (best effort), then stop everything. */
  async close({ failed = false, name = 'failure' } = {}) {
    if (failed) {
      try {
        log(`failure screenshot: ${await this.screenshot(name)}`);
      } catch { /* the page may be gone */ }
      console.error(`---- server log (last lines) ----\n${this.session.serverLogTail(25)}`);
    }
    await this.session.close();
  }
}

/**
 * Opens a workbench, runs fn(wb), and closes it whatever happens; a failure leaves
 * test-artifacts/<name>.failure.png and the server log's tail behind.
 */
export async function withWorkbench(name, fn, options = {}) {
  const wb = await Workbench.open(options);
  let failed = true;
  try {
    const result = await fn(wb);
    failed = false;
    return result;
  } finally {
    await wb.close({ failed, name: `${name}.failure` });
  }
}
