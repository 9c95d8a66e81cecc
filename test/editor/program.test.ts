// The workspace as one program in a real editor: a call whose model is set in another module is
// priced on it, and editing that module updates the call's lens without touching the call's file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeLenses, exampleUri, lineOf, waitFor } from './util';

const isCallLens = (lens: vscode.CodeLens) => / in · .* out · /.test(lens.command?.title ?? '');

async function callLensTitle(doc: vscode.TextDocument, text: string): Promise<string | undefined> {
  const line = lineOf(doc, text);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
  return lenses?.filter(isCallLens).find((l) => l.range.start.line === line)?.command?.title;
}

describe('one program: models from other modules', () => {
  const files = {
    'program-demo/settings.py': 'MODEL = "claude-haiku-4-5"\n',
    'program-demo/handler.py': [
      'from anthropic import Anthropic',
      '',
      'client = Anthropic()',
      '',
      '',
      'def handle(body):',
      '    return client.messages.create(model=body["model"], max_tokens=200, messages=body["messages"])',
      '',
    ].join('\n'),
    'program-demo/app.py': [
      'from anthropic import Anthropic',
      'from settings import MODEL',
      '',
      'client = Anthropic()',
      '',
      '',
      'def answer(question):',
      '    return client.messages.create(model=MODEL, max_tokens=200, messages=[{"role": "user", "content": question}])',
      '',
    ].join('\n'),
  };

  before(async () => {
    for (const [rel, text] of Object.entries(files)) await vscode.workspace.fs.writeFile(exampleUri(rel), Buffer.from(text));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(exampleUri('program-demo'), { recursive: true });
  });

  it('prices a call on the model its settings module sets, and follows an edit of that module', async () => {
    const app = await vscode.workspace.openTextDocument(exampleUri('program-demo/app.py'));
    await vscode.window.showTextDocument(app);
    await codeLenses(app.uri);
    const before = await waitFor('the lens on the call with the model from settings.py', async () => {
      const t = await callLensTitle(app, 'client.messages.create(');
      return t?.endsWith('claude-haiku-4-5') ? t : undefined;
    });
    assert.match(before, /\/call · claude-haiku-4-5$/);

    // Edit the settings module in its own editor (unsaved): the app's lens follows.
    const settings = await vscode.workspace.openTextDocument(exampleUri('program-demo/settings.py'));
    await vscode.window.showTextDocument(settings, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    const edit = new vscode.WorkspaceEdit();
    edit.replace(settings.uri, settings.lineAt(0).range, 'MODEL = "claude-opus-4-1"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await waitFor('the lens on the call to follow the edit of settings.py', async () => {
      const t = await callLensTitle(app, 'client.messages.create(');
      return t?.endsWith('claude-opus-4-1') ? t : undefined;
    });
    assert.match(after, /\/call · claude-opus-4-1$/);
    assert.equal(app.isDirty, false, 'the call’s own file was not touched');
    await settings.save();
  });

  it('offers to state the model of a call whose code does not say it, and prices it on the stated one', async () => {
    const doc = await vscode.workspace.openTextDocument(exampleUri('program-demo/handler.py'));
    await vscode.window.showTextDocument(doc);
    await codeLenses(doc.uri);
    const line = lineOf(doc, 'client.messages.create(');
    const actions = await waitFor('the code action that states the model', async () => {
      const list = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(line, 12, line, 12));
      return list?.find((x) => x.title.startsWith('State the model of this call'));
    });
    assert.equal(actions.command?.command, 'costlens.stateModel');
    // The picked model (given here as the quick pick's answer).
    await vscode.commands.executeCommand('costlens.stateModel', ...(actions.command!.arguments ?? []), 'claude-haiku-4-5');
    assert.equal(doc.lineAt(line).text, '    # costlens: model=claude-haiku-4-5');
    const title = await waitFor('the lens priced on the stated model', async () => {
      const t = await callLensTitle(doc, 'client.messages.create(');
      return t?.endsWith('claude-haiku-4-5') ? t : undefined;
    });
    assert.match(title, /\/call · claude-haiku-4-5$/);
    await doc.save();
  });
});
