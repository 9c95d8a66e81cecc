// Cost lenses in a real editor: the extension activates on a Python file and puts a lens on each
// LLM call and on each prompt file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeLenses, EXTENSION_ID, exampleUri, lineOf, openExample, waitFor } from './util';

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

  it('shows on a prompt file that code sends the call that sends it, with its figures, and opens that call', async () => {
    // The call that reads escalation.txt, and its own lens's figure.
    const senderDoc = await vscode.workspace.openTextDocument(exampleUri('support-agent/summarize_ticket.py'));
    const senderLine = lineOf(senderDoc, 'generate_content(');
    const senderLens = await waitFor('the lens of the call in summarize_ticket.py', async () => (await codeLenses(senderDoc.uri)).find((l) => isCallLens(l) && l.range.start.line === senderLine));
    const perCall = senderLens.command!.title.match(/\$[\d.]+\/call/)![0];

    const editor = await openExample('support-agent/prompts/escalation.txt');
    const uri = editor.document.uri;
    // Once the workspace scan knows who sends it (a moment after it opens).
    const sent = await waitFor('the lens of the call that sends escalation.txt', async () => (await codeLenses(uri)).find((l) => l.command?.title.startsWith('sent by ')));
    assert.equal(sent.command!.title.replace(/ · \$[\d.]+k?\/month$/, ''), `sent by summarize_ticket.py:${senderLine + 1} · ${perCall}`);
    assert.match(sent.command!.title, / · \$[\d.]+k?\/month$/, 'and its month');
    const lenses = await codeLenses(uri);
    assert.deepEqual(lenses.map((l) => l.command?.title), [sent.command!.title], 'no call or task lens of its own (counted in the call that sends it)');

    // The hover says the same, first, with a link to the call.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value ?? '')).join('\n');
    const link = text.match(/^\*\*Sent by \[(.+?)\]\((command:[^ )]+) "Open the call"\) · (.+?)\*\*/);
    assert.ok(link, `the hover's first line names the call:\n${text}`);
    assert.equal(link[1], `summarize\\_ticket.py:${senderLine + 1}`);
    assert.ok(link[2].startsWith('command:costlens.showCallSiteDetails?'), link[2]);
    assert.match(link[3], new RegExp(`^${perCall.replace('/call', '').replace(/[$.]/g, '\\$&')} a call · \\$[\\d.]+k? a month$`));

    // Clicking the lens opens the call; so does the hover's link (its arguments as the link carries them).
    const opened = async (how: string) => {
      const at = await waitFor(`summarize_ticket.py open at the call (${how})`, () => {
        const e = vscode.window.activeTextEditor;
        return e?.document.uri.toString() === senderDoc.uri.toString() && e.selection.active.line === senderLine ? e : undefined;
      });
      assert.equal(at.selection.active.line, senderLine);
    };
    await vscode.commands.executeCommand(sent.command!.command, ...(sent.command!.arguments ?? []));
    await opened('the lens');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('cursorTop');
    const [command, query] = link[2].slice('command:'.length).split('?');
    await vscode.commands.executeCommand(command, ...(JSON.parse(decodeURIComponent(query)) as unknown[]));
    await opened('the hover\'s link');

    // A prompt file no code sends keeps its own figure, the scan notwithstanding.
    const triage = await openExample('support-agent/prompts/triage.prompty');
    const own = await codeLenses(triage.document.uri);
    assert.ok(own.some((l) => isCallLens(l) && /\/call · gpt-4o-mini$/.test(l.command!.title)), own.map((l) => l.command?.title).join('; '));
    assert.ok(!own.some((l) => l.command?.title.startsWith('sent by ')));

    // The prompt changed on disk (a checkout, another editor): the sending call's figure follows.
    const original = await vscode.workspace.fs.readFile(uri);
    try {
      await openExample('support-agent/prompts/escalation.txt');
      const longer = new TextDecoder().decode(original) + 'Quote the customer\'s own words for every point, with the date and the channel they used.\n'.repeat(200);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(longer));
      const usd = (title: string) => Number(title.match(/\$([\d.]+)\/call/)![1]);
      const grown = await waitFor('the sending call\'s figure to grow with the prompt', async () => (await codeLenses(uri)).find((l) => l.command?.title.startsWith('sent by ') && usd(l.command.title) > usd(sent.command!.title)), 60_000);
      assert.match(grown.command!.title, /^sent by summarize_ticket\.py:\d+ · /);
    } finally {
      await vscode.workspace.fs.writeFile(uri, original);
    }
  });
});
