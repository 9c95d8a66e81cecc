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
  service: { onDidSchedule: vscode.Event<Scheduled>; warmed: string[]; get(doc: vscode.TextDocument): Promise<{ version: number; config: { values: Record<string, unknown> } } | undefined> };
  tokenizer: { thread: { failure?: string; loaded: Set<string>; counts: number }; builtHere(): string[] };
  startup: { log: { what: string; ms: number }[]; over: boolean };
  settingsReads(): number;
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

  it('starts what the first lens needs when the bundle loads, and what it does not once start-up is over', async () => {
    await waitFor('start-up to be over', () => api().startup.over);
    const log = api().startup.log.map((e) => e.what);
    const at = (what: string) => {
      const i = log.indexOf(what);
      assert.ok(i >= 0, `no "${what}" in the start-up log: ${log.join(' → ')}`);
      return i;
    };
    const order = log.join(' → ');
    // The tokenizer thread's build and the parsers' load begin when the bundle is loaded, before
    // VS Code calls activate().
    assert.ok(at('tokenizer thread started') < at('activate') && at('parsers loading') < at('activate'), order);
    // Telemetry (its stores read, the receiver started: this window's settings enable it) waits.
    assert.ok(at('telemetry') > at('start-up over'), order);
    for (const [i, what] of log.entries()) if (what === 'workspace scan') assert.ok(i > at('start-up over'), order);
    // A document shown during start-up was analysed before start-up ended (the warm-up gave way).
    for (const what of log.filter((w) => w.startsWith('analysis begun: '))) assert.ok(log.indexOf(what.replace('begun', 'done')) < at('start-up over'), order);
  });

  it('waits for no round trip through the window before analysing a file on disk', async () => {
    const editor = await vscode.window.showTextDocument(exampleUri('support-agent/rag.py'));
    await waitFor('the analysis of rag.py', () => api().service.get(editor.document));
    await waitFor('the parsers', () => api().startup.log.some((e) => e.what === 'parsers ready'));
    try {
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# a new version\n'));
      // Asked for now (the typing pause skipped): its settings and parsers are at hand, so the
      // analysis ends before any timer can fire. vscode.workspace.fs.stat of .costlens.json, a
      // message to the window and back, let a timer fire first.
      let timerFired = false;
      const timer = setTimeout(() => (timerFired = true), 0);
      const a = await api().service.get(editor.document);
      clearTimeout(timer);
      assert.equal(a?.version, editor.document.version);
      assert.equal(timerFired, false, 'the analysis waited for a message from the window');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('reads VS Code\'s settings once per folder, and again after one changes', async () => {
    const editor = await vscode.window.showTextDocument(exampleUri('support-agent/classify.py'));
    const analysed = () => api().service.get(editor.document);
    await waitFor('the analysis of classify.py', analysed);
    const edit = (text: string) => editor.edit((e) => e.insert(new vscode.Position(0, 0), text));
    const reads = api().settingsReads();
    try {
      await edit('# one\n');
      await waitFor('a new analysis', async () => (await analysed())?.version === editor.document.version);
      assert.equal(api().settingsReads(), reads, 'the settings were read again for an edit');
      await vscode.workspace.getConfiguration('costlens').update('traffic.tasksPerDay', 1234, vscode.ConfigurationTarget.Workspace);
      const changed = await waitFor('an analysis with the new setting', async () => {
        const a = await analysed();
        return a?.config.values['traffic.tasksPerDay'] === 1234 ? a : undefined;
      });
      assert.ok(changed);
      assert.ok(api().settingsReads() > reads, 'the changed settings were not read');
    } finally {
      await vscode.workspace.getConfiguration('costlens').update('traffic.tasksPerDay', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
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

