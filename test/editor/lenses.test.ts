// Cost lenses in a real editor: the extension activates on a Python file and puts a lens on each
// LLM call and on each prompt file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeLenses, EXTENSION_ID, lineOf, openExample, waitFor } from './util';

// A call site's lens: `≈ 2.4k in · 300 out · $0.0081/call · claude-sonnet-4-5`; a model without a
// price says `no price`. (Tasks get lenses of their own, `8 steps · $0.18/task · …`.)
const CALL_LENS = /^(≈ )?\d+(\.\d)?[kM]? in · \d+(\.\d)?[kM]? out · (\$\d[\d.]*[kM]?\/call|no price) · \S.*$/;
const isCallLens = (lens: vscode.CodeLens) => / in · .* out · /.test(lens.command?.title ?? '');

describe('cost lenses', () => {
  it('the extension is active once a Python file is open', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the test host`);
    // examples/ also has prompt files, so workspaceContains may have activated it already;
    // either way it must be active with a Python editor open.
    const editor = await openExample('support-agent/agent.py');
    assert.equal(editor.document.languageId, 'python');
    await waitFor(`${EXTENSION_ID} to activate`, () => extension.isActive, 20_000);
  });

  it('puts a priced lens on the call in support-agent/agent.py', async () => {
    const editor = await openExample('support-agent/agent.py');
    const lenses = await codeLenses(editor.document.uri);
    for (const lens of lenses.filter(isCallLens)) assert.match(lens.command!.title, CALL_LENS);
    const callLine = lineOf(editor.document, 'client.messages.create(');
    const onCall = lenses.filter(isCallLens).find((l) => l.range.start.line === callLine);
    const seen = lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title}`).join('; ');
    assert.ok(onCall, `no call lens on line ${callLine + 1} (lenses: ${seen})`);
    assert.match(onCall.command!.title, /\/call · claude-sonnet-4-5$/);
  });

  it('puts a lens on a Prompty file', async () => {
    const editor = await openExample('support-agent/prompts/triage.prompty');
    assert.equal(editor.document.languageId, 'prompty');
    const calls = (await codeLenses(editor.document.uri)).filter(isCallLens);
    assert.equal(calls.length, 1, 'one prompt, one call lens');
    assert.match(calls[0].command!.title, CALL_LENS);
    assert.match(calls[0].command!.title, /\/call · gpt-4o-mini$/);
  });
});
