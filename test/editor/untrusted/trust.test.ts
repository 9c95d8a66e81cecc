// Restricted Mode (scripts/vscode/runEditorTests.mjs --untrusted): the workspace is not trusted and
// asks, in its own settings, for the trace receiver. CostLens analyses (read only) and shows its
// lenses, but starts no receiver, from the setting or the command; a corrupt telemetry store in the
// workspace does not stop it either.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeLenses, EXTENSION_ID, openExample, waitFor } from '../util';

interface Api {
  telemetry: { receiverUrl: string | undefined };
}

describe('an untrusted workspace', function () {
  this.timeout(60_000);

  before(() => {
    // A telemetry store broken on disk (as by a full disk): read only here, and not fatal.
    const store = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.costlens', 'telemetry');
    mkdirSync(store, { recursive: true });
    writeFileSync(path.join(store, 'snapshot.json'), '{"format": 1, "seq": 3, "calls": [{"t": ');
    writeFileSync(path.join(store, 'journal.jsonl'), 'not json\n{"s": 4, "c": [');
  });

  it('is in Restricted Mode', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still analyses: lenses on the agent code', async () => {
    const editor = await openExample('support-agent/agent.py');
    const lenses = await codeLenses(editor.document.uri);
    assert.ok(lenses.some((l) => / in · .* out · \$[\d.]+\/call · claude-sonnet-4-5$/.test(l.command?.title ?? '')));
  });

  it('starts no receiver: not from the workspace\'s setting, not from the command', async () => {
    const api = await waitFor('the extension', () => {
      const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
      return ext?.isActive ? ext.exports : undefined;
    });
    assert.equal(vscode.workspace.getConfiguration('costlens').get('telemetry.receiver.enabled'), false, 'a restricted setting: the workspace value is ignored');
    assert.equal(api.telemetry.receiverUrl, undefined);
    const url = await vscode.commands.executeCommand<string | undefined>('costlens.startReceiver', 0);
    assert.equal(url, undefined);
    assert.equal(api.telemetry.receiverUrl, undefined);
  });
});
