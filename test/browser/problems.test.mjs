// Workspace problems as a person sees them: with `costlens.diagnostics.scope: "workspace"` the
// Problems panel lists the findings `costlens check` prints for the workspace, in files no editor
// has open, and drops one when the file is fixed on disk; test-artifacts/problems.png.
//
//   node --test test/browser/        (all browser tests)   node --test test/browser/problems.test.mjs   (this one)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../scripts/vscode/harness.mjs';
import { withWorkbench } from './workbench.mjs';

/** The CLI's findings for the workspace (check exits 1 when there are some: that is expected). */
function cliFindings(workspace) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/costlens.js'), 'check', '.', '--no-cache', '--format', 'json'], { cwd: workspace, encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, `costlens check: ${run.status}\n${run.stderr}`);
  return JSON.parse(run.stdout).findings;
}

/** The Problems panel as read, top to bottom: a file row (`rag.py support-agent 2`) or a problem row (its message). */
async function problemRows(page) {
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => {
      const file = row.querySelector('.file-icon, .monaco-icon-label');
      const message = row.querySelector('.marker-message-details, .marker-message');
      if (row.querySelector('.marker-source, .marker-code, .marker-line') || message) {
        return { kind: 'problem', text: (row.querySelector('.marker-message-line')?.textContent ?? row.textContent ?? '').trim(), all: (row.textContent ?? '').trim() };
      }
      return { kind: 'file', name: file?.querySelector('.label-name')?.textContent?.trim() ?? '', folder: file?.querySelector('.label-description')?.textContent?.trim() ?? '', count: row.querySelector('.monaco-count-badge')?.textContent?.trim() ?? '' };
    }),
  );
}

/** Problem rows by file (`support-agent/rag.py` → the rows' texts). */
function sections(shown) {
  const out = new Map();
  let file;
  for (const r of shown) {
    if (r.kind === 'file') out.set((file = `${r.folder ? `${r.folder}/` : ''}${r.name}`), []);
    else if (file) out.get(file).push(r.all);
  }
  return out;
}

test('workspace problems: the Problems panel lists the findings of files that are not open, and keeps them current', { timeout: 240_000 }, () =>
  withWorkbench(
    'problems',
    async (wb) => {
      const findings = cliFindings(wb.workspace);
      const byFile = new Map();
      for (const f of findings) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
      assert.ok(byFile.size >= 3, `the CLI finds problems in several files (${[...byFile.keys()].join(', ')})`);

      // The Problems panel, opened as a person does (Ctrl+Shift+M).
      await wb.page.keyboard.press('Control+Shift+M');
      await wb.page.locator('.markers-panel').waitFor({ state: 'visible' });
      const rows = wb.page.locator('.markers-panel .monaco-list-row');
      // The workspace scan has published every file's problems: as many problem rows as the CLI's findings.
      await wb.page.waitForFunction(
        (n) => document.querySelectorAll('.markers-panel .monaco-list-row .marker-message-details, .markers-panel .monaco-list-row .marker-message').length >= n,
        findings.length,
        { timeout: 120_000 },
      );
      assert.equal(await wb.page.locator('.tabs-container .tab').count(), 0, 'no editor is open');

      const shown = await problemRows(wb.page);
      const files = shown.filter((r) => r.kind === 'file');
      assert.deepEqual(
        files.map((r) => `${r.folder ? `${r.folder}/` : ''}${r.name}`).sort(),
        [...byFile.keys()].sort(),
        `the files with problems, as the CLI has them:\n${JSON.stringify(shown, null, 1)}`,
      );
      // Each file row, then its problems: the CLI's, each once, with the rule id and the line.
      for (const [i, row] of shown.entries()) {
        if (row.kind !== 'file') continue;
        const file = `${row.folder ? `${row.folder}/` : ''}${row.name}`;
        const expected = byFile.get(file);
        assert.equal(Number(row.count), expected.length, `${file}: the count on its row`);
        const under = shown.slice(i + 1, i + 1 + expected.length);
        assert.ok(under.every((r) => r.kind === 'problem'), `${file}: its problems under it`);
        for (const f of expected) {
          const hit = under.find((r) => r.all.includes(f.message.slice(0, 40)) && r.all.includes(f.ruleId) && r.all.includes(`[Ln ${f.line},`));
          assert.ok(hit, `${file}:${f.line} ${f.ruleId} is listed:\n${under.map((r) => r.all).join('\n')}`);
        }
      }
      await rows.first().waitFor({ state: 'visible' });
      await wb.screenshot('problems');

      // Fixed on disk, in a file no editor has open: its problem goes.
      const rag = path.join(wb.workspace, 'support-agent/rag.py');
      const capped = byFile.get('support-agent/rag.py')?.find((f) => f.ruleId === 'missing-output-cap');
      assert.ok(capped, 'rag.py has no output cap (the CLI says so)');
      const text = fs.readFileSync(rag, 'utf8');
      assert.match(text, /client\.chat\.completions\.create\(\n/);
      fs.writeFileSync(rag, text.replace(/client\.chat\.completions\.create\(\n/, '$&        max_completion_tokens=600,\n'));
      const after = cliFindings(wb.workspace);
      assert.equal(after.length, findings.length - 1, 'the CLI agrees the fix removed one finding');
      await wb.page.waitForFunction(
        (n) => document.querySelectorAll('.markers-panel .monaco-list-row .marker-message-details, .markers-panel .monaco-list-row .marker-message').length === n,
        after.length,
        { timeout: 60_000 },
      );
      const left = sections(await problemRows(wb.page));
      assert.ok(!(left.get('support-agent/rag.py') ?? []).some((t) => t.includes('missing-output-cap')), 'rag.py\'s missing-output-cap is gone');
      assert.equal((left.get('support-agent/rag.py') ?? []).length, byFile.get('support-agent/rag.py').length - 1, 'rag.py keeps its other problems');
    },
    { settings: { 'costlens.diagnostics.scope': 'workspace' }, viewport: { width: 1280, height: 1000 } },
  ));
