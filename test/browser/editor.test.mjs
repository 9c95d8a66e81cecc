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

step('hovering over the call leads with the money — a call, a task, a month — then explains its figures', async () => {
  // The figures the lenses show for the call and its task.
  const perCall = (await wb.waitForCodeLens('/call')).match(/(\$[\d.]+k?)\/call/)[1];
  const [, perTask, perMonth] = (await wb.waitForCodeLens('/task')).match(/(\$[\d.]+k?)\/task · (\$[\d.]+k?)\/month/);
  const text = await wb.hoverOver('create');
  for (const part of ['CostLens', 'claude-sonnet-4-5', 'static input', 'Prices per million tokens', 'per call', 'Assumptions']) assert.ok(text.includes(part), `the hover shows "${part}":\n${text}`);
  // CostLens's part of the hover (a finding's part may come before it: VS Code puts problems first).
  const part = wb.page.locator('.monaco-hover:not(.hidden) .hover-row', { hasText: 'Prices per million tokens' }).first();
  const paragraphs = (await part.locator('p').allInnerTexts()).map((p) => p.trim()).filter(Boolean);
  assert.equal(paragraphs[0], `${perCall} a call · ${perTask} a task · ${perMonth} a month`, `the first line is the money:\n${paragraphs.join('\n')}`);
  assert.match(paragraphs[1], /^CostLens · claude-sonnet-4-5 · anthropic messages/);
  // Then why, in this order: the calls per task, the token counts, the prices, the assumptions.
  const body = await part.innerText();
  const at = ['a call ·', 'per task', 'static input', 'Prices per million tokens', 'Assumptions'].map((s) => body.indexOf(s));
  assert.deepEqual([...at].sort((a, b) => a - b), at, `in order: ${at.join(', ')}`);
  // Code spans show the code as written (no `max\_tokens`).
  const code = await part.locator('code').allInnerTexts();
  assert.ok(code.includes('max_tokens'), `a code span max_tokens: ${code.join(', ')}`);
  assert.ok(!body.includes('\\_'), 'no escaped underscore shown');
  await wb.settled('.monaco-hover:not(.hidden)');
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

step('Compare Models groups the models that can serve the call by tier, with the difference from the current one', async () => {
  await wb.openFile('web-app/lib/extract.ts');
  const lens = await wb.waitForCodeLens('/call');
  const nowPerCall = lens.match(/(\$[\d.]+)\/call/)[1];
  await wb.goTo(14, 30);
  await wb.runCommand('CostLens: Compare Models for This Call');
  const input = wb.page.locator('.quick-input-widget input');
  await wb.page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
  // What every row shares is said once, above the list.
  const placeholder = await input.getAttribute('placeholder');
  assert.match(placeholder, /^Now claude-sonnet-4-5 · all: .*structured output unverified/);
  await wb.settled('.quick-input-widget');
  await wb.screenshot('editor-compare-models');
  const rows = await wb.quickPickRows();
  // Groups in order: the current tier, a smaller one, a larger one.
  assert.deepEqual(rows.filter((r) => r.separator).map((r) => r.separator), ['Same tier (mid)', 'Smaller tier (small)', 'Larger tier (flagship)'], JSON.stringify(rows, null, 1));
  assert.ok(rows.every((r) => r.label.includes('claude-')), 'only the models an Anthropic call can use');
  const current = rows.find((r) => r.label.endsWith('claude-sonnet-4-5'));
  assert.ok(current && current.description.startsWith(`${nowPerCall}/call`), `the current model at the lens's figure: ${JSON.stringify(current)}`);
  // Every other row: its $ and % difference from the current model, month first; the note not repeated.
  for (const r of rows.filter((x) => x !== current)) {
    assert.match(r.detail, /^vs now: [−+±]\$[\d.]+k?\/month · [−+±]\$[\d.]+\/call \([−+±]\d+%\)/, `${r.label}: ${r.detail}`);
    assert.ok(!r.detail.includes('structured output unverified'), `${r.label}: the shared note once, not on each row`);
  }
  // Cheapest first within each group; the step down warned of on its rows.
  const price = (r) => Number(r.description.match(/^\$([\d.]+)\/call/)[1]);
  let group = [];
  for (const r of [...rows, { separator: 'end' }]) {
    if (r.separator) {
      for (let i = 1; i < group.length; i++) assert.ok(price(group[i - 1]) <= price(group[i]), `${group[i - 1].label} before ${group[i].label}`);
      group = [];
    }
    if (r.label) group.push(r);
  }
  const haiku = rows.find((r) => r.label === 'claude-haiku-4-5');
  assert.match(haiku.detail, /^vs now: −\$[\d.]+\/month · −\$[\d.]+\/call \(−\d+%\) · check answers on a sample first/);
  assert.deepEqual(rows.filter((r) => r.warning).map((r) => r.label), ['claude-haiku-4-5'], 'the step down marked beside its name');
  // Picked by a click: the call switches to it.
  await wb.page.keyboard.press('Home');
  await input.fill('claude-haiku-4-5');
  // (Its label starts with the warning icon: matched by text, not as the whole label.)
  const pick = wb.page.locator('.quick-input-list .monaco-list-row', { has: wb.page.locator('.label-name', { hasText: 'claude-haiku-4-5' }) }).first();
  await pick.waitFor({ state: 'visible' });
  await pick.click();
  await wb.waitForText("anthropic('claude-haiku-4-5')", { selector: '.editor-group-container.active .view-lines' });
  await wb.waitForCodeLens('· claude-haiku-4-5');
  // The whole step-down warning, once switched; then cleared, so it is not in later screenshots.
  await wb.waitForText(/CostLens: switched to claude-haiku-4-5, a step down from claude-sonnet-4-5's mid tier to small/, { selector: '.notification-toast' });
  await wb.runCommand('Notifications: Clear All Notifications');
  await wb.page.waitForFunction(() => ![...document.querySelectorAll('.notification-toast')].some((t) => t.checkVisibility()));
  await wb.runCommand('File: Revert File');
});

step('a prompt file that code sends shows the call that sends it, and a click on that lens opens the call', async () => {
  await wb.openFile('support-agent/prompts/escalation.txt');
  // Once the workspace scan knows who sends it.
  const lens = await wb.waitForCodeLens('sent by ', { timeout: 90_000 });
  assert.match(lens, /^sent by summarize_ticket\.py:11 · \$[\d.]+\/call · \$[\d.]+k?\/month$/);
  assert.deepEqual(await wb.codeLensTexts(), [lens], 'no figure of its own beside it');
  await wb.settled('.editor-group-container.active .codelens-decoration');
  await wb.screenshot('editor-prompt-sender');
  await wb.activeEditor().locator('.codelens-decoration a', { hasText: 'sent by ' }).first().click();
  await wb.waitForEditor('summarize_ticket.py');
  await wb.page.locator('.statusbar-item', { hasText: /^Ln 11, Col \d+/ }).first().waitFor({ state: 'visible' });
  await wb.page.keyboard.press('Escape');
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
