// The CostLens view as a person sees it: opened from its icon in the activity bar, the month's
// total and the tasks with the figures `costlens scan` prints for the same workspace, a call site
// clicked and the editor at that call; test-artifacts/view.png.
//
//   node --test test/browser/        (all browser tests)   node --test test/browser/view.test.mjs   (this one)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../scripts/vscode/harness.mjs';
import { withWorkbench } from './workbench.mjs';

/** A tree row as read: its label, then its description. */
async function rowText(row) {
  const name = await row.locator('.label-name').first().innerText();
  const description = await row.locator('.label-description').first().innerText().catch(() => '');
  return `${name} ${description}`.replace(/\s+/g, ' ').trim();
}

/** The CLI's table for the workspace: the month's total and each task's $/month, as printed. */
function cliFigures(workspace) {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin/costlens.js'), 'scan', '.', '--no-cache'], { cwd: workspace, encoding: 'utf8' });
  const total = out.match(/call site\(s\) in \d+ file\(s\): (\$[\d.]+[kM]?)\/month/)?.[1];
  assert.ok(total, `the CLI's total in:\n${out}`);
  const tasks = new Map();
  for (const line of out.split('\n')) {
    const m = line.match(/^(\S+)\s+(\S+:\d+)\s+\d+\s+(\$[\d.]+[kM]?)\s+(\$[\d.]+[kM]?)$/);
    if (m) tasks.set(m[1], { location: m[2], perTask: m[3], perMonth: m[4] });
  }
  return { total, tasks };
}

test('the CostLens view shows the totals and the tasks, and a call site clicked opens the code there', { timeout: 240_000 }, () =>
  withWorkbench('view', async (wb) => {
    const cli = cliFigures(wb.workspace);
    const answer = cli.tasks.get('answer');
    assert.ok(answer, `the CLI lists the task answer (${[...cli.tasks.keys()].join(', ')})`);

    await wb.page.locator('.activitybar .action-item .action-label[aria-label^="CostLens"]').click();
    const rows = wb.page.locator('.sidebar .monaco-list-row');
    // The totals line, once the workspace is scanned.
    const totals = rows.filter({ hasText: /\/month/ }).first();
    await totals.waitFor({ state: 'visible', timeout: 90_000 });
    const totalsText = await rowText(totals);
    assert.match(totalsText, new RegExp(`^${cli.total.replace(/[$.]/g, '\\$&')}/month expected \\(\\$[\\d.]+[kM]?–\\$[\\d.]+[kM]?\\) at [\\d,]+ tasks/day × \\d+ days$`));

    // A task row: its name, then its $/month and $/task as the CLI prints them.
    const task = rows.filter({ has: wb.page.locator('.label-name', { hasText: /^answer$/ }) }).first();
    await task.waitFor({ state: 'visible' });
    assert.equal(await rowText(task), `answer ${answer.perMonth}/month · ${answer.perTask}/task · 3 steps`);

    // Its call site, under it (the twistie expands; a click on the row itself opens the task).
    await task.locator('.monaco-tl-twistie').click();
    const [file, line] = answer.location.split(':');
    const call = rows.filter({ has: wb.page.locator('.label-name', { hasText: /^agent\.py:\d+$/ }) }).first();
    await call.waitFor({ state: 'visible' });
    const callLine = Number((await call.locator('.label-name').innerText()).split(':')[1]);
    assert.ok(callLine > Number(line), `the call (line ${callLine}) is inside the task (line ${line} of ${file})`);
    await call.click();
    await wb.waitForEditor('agent.py');
    await wb.page.locator('.statusbar-item', { hasText: `Ln ${callLine}, Col 1` }).first().waitFor({ state: 'visible' });
    await wb.screenshot('view');
  }));
