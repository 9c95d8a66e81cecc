// "Compare Cost With Branch…" in a real editor: the example workspace made a git repository, a
// model changed and saved, the cost of the change against the branch shown in the report.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { openExample, waitFor } from './util';

interface Diff {
  totals: { changed: number; deltaUsdPerMonth: number };
  callSites: { path: string; changes: string[]; usd: { perMonth: { delta: number } } }[];
}

describe('compare cost with a branch', function () {
  this.timeout(60_000);
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: folder(), encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

  before(() => {
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
  });
  after(() => execFileSync('rm', ['-rf', `${folder()}/.git`]));

  it('shows the cost of the working tree against the branch, in the report', async () => {
    const editor = await openExample('web-app/lib/extract.ts');
    const text = editor.document.getText();
    const at = text.indexOf("'claude-sonnet-4-5'");
    await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + "'claude-sonnet-4-5'".length)), "'claude-haiku-4-5'"));
    await editor.document.save();
    try {
      const diff = await vscode.commands.executeCommand<Diff>('costlens.compareWithBranch', 'main');
      assert.ok(diff, 'a diff');
      assert.equal(diff.totals.changed, 1);
      const [c] = diff.callSites;
      assert.equal(c.path, 'web-app/lib/extract.ts');
      assert.ok(c.changes.includes('model claude-sonnet-4-5 → claude-haiku-4-5'), c.changes.join('; '));
      assert.ok(c.usd.perMonth.delta < 0, 'haiku is cheaper');
      assert.ok(Math.abs(diff.totals.deltaUsdPerMonth - c.usd.perMonth.delta) < 1e-9);
      const tab = await waitFor('the report tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('costlens.report')));
      await vscode.window.tabGroups.close(tab);
      assert.equal(git('status', '--porcelain').trim(), 'M web-app/lib/extract.ts', 'the working tree is only what was edited');
    } finally {
      const doc = await vscode.workspace.openTextDocument(editor.document.uri);
      const e2 = await vscode.window.showTextDocument(doc);
      await e2.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
      await doc.save();
    }
  });
});
