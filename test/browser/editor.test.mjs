// What a person sees and does in VS Code with CostLens installed from its .vsix: the status bar,
// the hover over a call, a quick fix from the light bulb changing the text, and the cost report
// webview with its tables. Screenshots in test-artifacts/ (editor-*.png).
//
//   node --test test/browser/        (all browser tests)   node test/browser/editor.test.mjs   (this one)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Workbench } from './workbench.mjs';

let wb;
let failed = false;
before(async () => {
  wb = await Workbench.open();
});
after(async () => {
  await wb?.close({ failed, name: 'editor.failure' });
});
const step = (name, fn) =>
  test(name, { timeout: 120_000 }, async () => {
    try {
      await fn();
    } catch (e) {
      failed = true;
      throw e;
    }
  });

step('the status bar shows the open file\'s cost per call and per task', async () => {
  await wb.openFile('support-agent/agent.py');
  await wb.waitForCodeLens('/call');
  const item = await wb.waitForText(/\$[\d.]+k?\/call · \$[\d.]+k?\/task/, { selector: '.statusbar-item' });
  assert.match(await item.innerText(), /\/call · .*\/task/);
});

step('hovering over the call explains its figures', async () => {
  const text = await wb.hoverOver('create');
  for (const part of ['CostLens', 'claude-sonnet-4-5', 'static input', 'Prices per million tokens', 'per call', 'Assumptions']) assert.ok(text.includes(part), `the hover shows "${part}":\n${text}`);
  await wb.screenshot('editor-hover');
  await wb.page.keyboard.press('Escape');
});

step('a quick fix from the light bulb changes the text', async () => {
  await wb.openFile('support-agent/rag.py');
  await wb.waitForCodeLens('/call');
  assert.doesNotMatch(await wb.visibleText(), /max_completion_tokens|max_tokens/);
  // The finding is on the call's name: line 13, `create` after `client.chat.completions.`.
  await wb.applyQuickFix('Add max_', { line: 13, column: 40 });
  await wb.waitForText(/max_(completion_)?tokens=\d+/, { selector: '.editor-group-container.active .view-lines' });
  await wb.screenshot('editor-quick-fix');
  await wb.runCommand('File: Revert File');
});

step('Compare Models lists the call on other models, cheapest first, and switches to the one picked', async () => {
  await wb.openFile('web-app/lib/extract.ts');
  await wb.waitForCodeLens('/call');
  await wb.goTo(14, 30);
  await wb.runCommand('CostLens: Compare Models for This Call');
  const rows = wb.page.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ state: 'visible' });
  const first = await rows.first().innerText();
  assert.match(first, /\$[\d.]+\/call/, 'priced per call');
  const haiku = rows.filter({ hasText: 'claude-haiku-4-5' }).first();
  await haiku.waitFor({ state: 'visible' });
  await wb.screenshot('editor-compare-models');
  await haiku.click();
  await wb.waitForText("anthropic('claude-haiku-4-5')", { selector: '.editor-group-container.active .view-lines' });
  await wb.waitForCodeLens('· claude-haiku-4-5');
  await wb.runCommand('File: Revert File');
});

step('the cost report shows its totals, charts and tables', async () => {
  await wb.runCommand('CostLens: Show Cost Report');
  const frame = await wb.webview('Cost Report');
  // The scan ends when the tables are filled.
  const firstRow = frame.locator('table tbody tr').first();
  await firstRow.waitFor({ state: 'visible', timeout: 60_000 });
  const body = await frame.locator('body').innerText();
  assert.match(body, /\$[\d.]+k?/, 'dollar figures');
  assert.match(body, /claude-sonnet-4-5/, 'the models');
  assert.match(body, /missing-output-cap/, 'savings by rule');
  assert.ok((await frame.locator('table').count()) >= 2, 'tables');
  assert.ok((await frame.locator('svg rect').count()) > 2, 'charts');
  assert.ok((await frame.locator('table tbody tr').count()) >= 5, 'rows');
  await wb.screenshot('editor-report');
});
