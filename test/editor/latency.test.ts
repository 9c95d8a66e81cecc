// The first lens without waiting (#16): a document shown in an editor is analysed at once (the
// typing pause is for edits), lenses come with their titles (no resolve round trip), and the
// parsers, tokenizer and analysis code are readied after activation. Asserted on the service's
// scheduling and on what the provider returns, not on the clock.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, exampleUri, waitFor } from './util';

interface Scheduled {
  uri: vscode.Uri;
  version: number;
  delay: number;
  reason: string;
}

interface Api {
  service: { onDidSchedule: vscode.Event<Scheduled>; warmed: string[]; get(doc: vscode.TextDocument): Promise<unknown> };
  tokenizer: { thread: { failure?: string; loaded: Set<string>; counts: number }; builtHere(): string[] };
}

const api = () => vscode.extensions.getExtension<Api>(EXTENSION_ID)!.exports;

describe('opening a file', function () {
  this.timeout(60_000);

  it('analyses a document shown in an editor at once, and an edit after the typing pause', async () => {
    // A file no other test has opened, so nothing about it is analysed or under way yet.
    const uri = exampleUri('support-agent/opened_now.py');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])\n'));
    const seen: Scheduled[] = [];
    const sub = api().service.onDidSchedule((s) => seen.push(s));
    try {
      const editor = await vscode.window.showTextDocument(uri);
      const mine = () => seen.filter((s) => s.uri.toString() === uri.toString());
      const first = await waitFor('an analysis of opened_now.py to begin', () => mine()[0]);
      // Begun because the editor showed it, not because a lens, hover or status bar asked later.
      assert.deepEqual({ reason: first.reason, delay: first.delay, version: first.version }, { reason: 'opened', delay: 0, version: editor.document.version });
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# typed\n'));
      const edited = await waitFor('the edit to be scheduled', () => mine().find((s) => s.version === editor.document.version));
      assert.equal(edited.reason, 'edited');
      assert.ok(edited.delay > 0, `an edit waits for a pause in typing (delay ${edited.delay})`);
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('gives lenses their titles when placing them, with nothing left to resolve', async () => {
    const uri = exampleUri('support-agent/classify.py');
    await vscode.window.showTextDocument(uri);
    // itemResolveCount 0: VS Code resolves none, so a title must come with the lens itself.
    const lenses = await waitFor('lenses on classify.py', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 0);
      return l?.length ? l : undefined;
    });
    for (const lens of lenses) assert.ok(lens.command?.title, `a lens on line ${lens.range.start.line + 1} without a title`);
    assert.ok(lenses.some((l) => / in · .* out · /.test(l.command!.title)), lenses.map((l) => l.command!.title).join(' | '));
  });

  it('readies the parsers, the tokenizer and the analysis code after activation', async () => {
    await waitFor('the warm-up to finish', () => api().service.warmed.length === 4);
    assert.deepEqual(api().service.warmed, ['parsers', 'tokenizer', 'python', 'typescript']);
  });

  it('counts tokens on the tokenizer thread: no encoder is built on the extension host\'s thread', async () => {
    // agent.py is priced with the o200k encoding (Claude's estimate is calibrated from it).
    const editor = await vscode.window.showTextDocument(exampleUri('support-agent/agent.py'));
    await waitFor('the analysis of agent.py', () => api().service.get(editor.document));
    const { thread, builtHere } = api().tokenizer;
    assert.equal(thread.failure, undefined);
    assert.ok(thread.loaded.has('o200k_base'), `built on the tokenizer thread: ${[...thread.loaded].join(', ') || 'nothing'}`);
    assert.deepEqual(builtHere(), []);
    assert.ok(thread.counts > 0, 'no count was asked of the tokenizer thread');
  });
});

