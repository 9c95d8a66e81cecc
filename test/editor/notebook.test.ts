// Notebooks in a real editor: a cell's call is priced as part of the notebook's module (the client
// and the model come from earlier cells), with the lens in the cell.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exampleUri, waitFor } from './util';

const isCallLens = (lens: vscode.CodeLens) => / in · .* out · /.test(lens.command?.title ?? '');

describe('notebooks: lenses in the cells', () => {
  const file = 'notebook-demo/classify.ipynb';
  before(async () => {
    const nb = {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# Classify tickets'] },
        { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['%pip install anthropic\n', 'import anthropic\n', 'client = anthropic.Anthropic()\n', 'MODEL_NAME = "claude-haiku-4-5"'] },
        { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['def classify(ticket):\n', '    return client.messages.create(model=MODEL_NAME, max_tokens=20, messages=[{"role": "user", "content": ticket}])'] },
      ],
      metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' }, language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    await vscode.workspace.fs.writeFile(exampleUri(file), Buffer.from(JSON.stringify(nb, null, 1)));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(exampleUri('notebook-demo'), { recursive: true });
  });

  it('puts a priced lens on the call in cell 3, with the model and client set in cell 2', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(exampleUri(file));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(2).document;
    assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
    const lens = await waitFor('a call lens in cell 3', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', cell.uri, 100);
      return lenses?.find(isCallLens);
    });
    assert.equal(lens.range.start.line, 1, 'on the call’s line within the cell');
    assert.match(lens.command!.title, /\/call · claude-haiku-4-5$/);
    const first = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', notebook.cellAt(1).document.uri, 100);
    assert.equal((first ?? []).filter(isCallLens).length, 0, 'the cell that makes the client holds no call');
    // Edit the model in cell 2: cell 3's lens follows (the cells are one module).
    const defs = notebook.cellAt(1).document;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(defs.uri, defs.lineAt(3).range, 'MODEL_NAME = "claude-sonnet-4-5"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('cell 3’s lens to follow the edit of cell 2', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', cell.uri, 100);
      return lenses?.find((l) => isCallLens(l) && /claude-sonnet-4-5$/.test(l.command!.title));
    });
    await notebook.save();
  });
});
