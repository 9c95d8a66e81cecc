// Two workspace folders in one window (scripts/vscode/runEditorTests.mjs --multi-root): each
// folder's files are analysed with paths, imports and settings of their own folder, and the report
// covers both.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeLenses, waitFor } from '../util';

interface Api {
  scanWorkspace(): Promise<{ report: { callSites: { path: string; model: string | null }[] }; uris: Map<string, vscode.Uri> }>;
}

const folder = (name: string) => {
  const f = vscode.workspace.workspaceFolders?.find((x) => x.name === name);
  if (!f) throw new Error(`no folder ${name} in this window: run with --multi-root`);
  return f;
};

describe('a multi-root workspace', function () {
  this.timeout(60_000);

  it('has the two folders', () => {
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name).sort(), ['support-agent', 'web-app']);
  });

  it('analyses a file of each folder, resolving imports within its folder', async () => {
    // classify.py imports CLASSIFIER_MODEL from config.py in the same folder: the model is resolved.
    const classify = vscode.Uri.joinPath(folder('support-agent').uri, 'classify.py');
    await vscode.window.showTextDocument(classify);
    const a = await codeLenses(classify);
    assert.ok(a.some((l) => /\/call · gpt-4o$/.test(l.command?.title ?? '')), a.map((l) => l.command?.title).join(' | '));
    const extract = vscode.Uri.joinPath(folder('web-app').uri, 'lib', 'extract.ts');
    await vscode.window.showTextDocument(extract);
    const b = await codeLenses(extract);
    assert.ok(b.some((l) => /\/call · claude-sonnet-4-5$/.test(l.command?.title ?? '')));
  });

  it('reports both folders, each path under its folder\'s name', async () => {
    const api = await waitFor('the extension', async () => {
      const ext = vscode.extensions.getExtension<Api>('costlens.costlens');
      return ext?.isActive ? ext.exports : undefined;
    });
    const scan = await api.scanWorkspace();
    const paths = scan.report.callSites.map((c) => c.path);
    assert.ok(paths.includes('support-agent/classify.py'), paths.join(', '));
    assert.ok(paths.includes('web-app/lib/extract.ts'));
    assert.ok(scan.uris.get('web-app/lib/extract.ts')?.path.endsWith('/web-app/lib/extract.ts'));
    assert.equal(scan.report.callSites.find((c) => c.path === 'support-agent/classify.py')?.model, 'gpt-4o');
  });
});
