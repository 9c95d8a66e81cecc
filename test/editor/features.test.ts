// The editor's features in a real VS Code, on a scratch copy of examples/: lens figures equal the
// CLI's for the same files, hovers explain them, findings are problems with their docs, quick fixes
// and fix-all change the text, commands do what they say, edits re-analyse (debounced, stale work
// dropped), settings switch lenses off, and a document outside any folder works.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ComparisonShown } from '../../src/vscode/commands/compareModels';
import { codeLenses, EXTENSION_ID, exampleUri, lineOf, openExample, waitFor } from './util';

interface Api {
  service: { runs: number; patchedEdits: number };
}

// The CLI's core, compiled beside these tests: the editor must show the very same figures.
const cli = require(path.join(__dirname, '..', '..', 'src', 'cli', 'main.js')) as typeof import('../../src/cli/main');
const fmt = require(path.join(__dirname, '..', '..', 'src', 'core', 'report', 'format.js')) as typeof import('../../src/core/report/format');

const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const titles = (lenses: vscode.CodeLens[]) => lenses.map((l) => l.command?.title ?? '');

async function diagnostics(uri: vscode.Uri, ruleId: string): Promise<vscode.Diagnostic[]> {
  return waitFor(`${ruleId} diagnostics in ${vscode.workspace.asRelativePath(uri)}`, () => {
    const d = vscode.languages.getDiagnostics(uri).filter((x) => typeof x.code === 'object' && x.code.value === ruleId);
    return d.length ? d : undefined;
  });
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('costlens').update(key, value, vscode.ConfigurationTarget.Workspace);
}

describe('editor features', function () {
  this.timeout(60_000);

  it('shows the figures the CLI computes, on call sites and tasks', async () => {
    const report = await cli.scan(['.'], { cwd: folder(), cache: false, jobs: 1 });
    for (const file of ['support-agent/agent.py', 'support-agent/classify.py', 'web-app/lib/extract.ts']) {
      const editor = await openExample(file);
      const lenses = await codeLenses(editor.document.uri);
      for (const site of report.callSites.filter((c) => c.path === file)) {
        const want = `${site.exactTokens ? '' : '≈ '}${fmt.formatTokens(site.tokens.input)} in · ${fmt.formatTokens(site.tokens.output)} out · ${fmt.formatUsd(site.usd!.perCall.expected)}/call · ${site.model}`;
        const lens = lenses.find((l) => l.range.start.line === site.line - 1 && l.command?.title.includes(' in · '));
        assert.equal(lens?.command?.title, want, `${file}:${site.line}`);
      }
      for (const task of report.tasks.filter((t) => t.path === file)) {
        const lens = lenses.find((l) => l.range.start.line === task.line - 1 && /steps? /.test(l.command?.title ?? ''));
        assert.ok(lens, `a task lens on ${file}:${task.line} (${titles(lenses).join(' | ')})`);
        assert.equal(
          lens.command!.title,
          `${fmt.formatCount(task.steps)} step${task.steps === 1 ? '' : 's'}${task.historyGrows ? ' (history grows)' : ''} · ${fmt.formatUsd(task.usd!.perTask.expected)}/task · ${fmt.formatUsd(task.usd!.perMonth.expected)}/month @ ${fmt.formatCount(task.tasksPerDay)} tasks/day`,
        );
        assert.equal(lens.command!.command, 'costlens.showReport');
      }
    }
  });

  it('keeps its analysis cache out of the Explorer and the file watcher, beside VS Code\'s own excludes', () => {
    const files = vscode.workspace.getConfiguration('files');
    const exclude = files.get<Record<string, boolean>>('exclude') ?? {};
    assert.equal(exclude['**/.costlens_cache'], true);
    // Merged into the defaults, not replacing them: .git stays hidden.
    assert.equal(exclude['**/.git'], true);
    assert.equal(files.get<Record<string, boolean>>('watcherExclude')?.['**/.costlens_cache/**'], true);
  });

  it('explains a call on hover: tokens, cache, prices, multiplier, assumptions with their settings', async () => {
    const editor = await openExample('support-agent/agent.py');
    const line = lineOf(editor.document, 'client.messages.create(');
    const pos = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('create') + 2);
    const hovers = await waitFor('a CostLens hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
      return h?.some((x) => x.contents.some((c) => (c as vscode.MarkdownString).value?.includes('CostLens'))) ? h : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value ?? String(c))).join('\n');
    for (const part of ['claude-sonnet-4-5', 'static input', 'dynamic input', 'cacheable prefix', 'Prices per million tokens', 'per call', 'per task', 'calls per task', 'Assumptions', 'command:workbench.action.openSettings']) {
      assert.ok(text.includes(part), `the hover mentions "${part}":\n${text}`);
    }
  });

  it('hovers over a prompt file front matter', async () => {
    const editor = await openExample('support-agent/prompts/triage.prompty');
    const hovers = await waitFor('a hover on the front matter', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(1, 2));
      return h?.length ? h : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value ?? '')).join('\n');
    assert.match(text, /gpt-4o-mini/);
    assert.match(text, /per call/);
  });

  it('reports findings as problems with the rule id and its docs', async () => {
    const uri = exampleUri('support-agent/rag.py');
    await vscode.window.showTextDocument(uri);
    const [d] = await diagnostics(uri, 'missing-output-cap');
    assert.equal(d.source, 'CostLens');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(String((d.code as { target: vscode.Uri }).target), /docs\/rules\/missing-output-cap\.md$/);
    assert.match(d.message, /No output cap/);
    assert.ok((await diagnostics(uri, 'rag-chunk-bloat')).length > 0);
  });

  it('offers the rule fixes as quick fixes (preferred when safe) with a Why? action, and applies one', async () => {
    const editor = await openExample('support-agent/rag.py');
    const uri = editor.document.uri;
    const [d] = await diagnostics(uri, 'missing-output-cap');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.edit && !a.title.startsWith('Why?') && a.kind?.value === vscode.CodeActionKind.QuickFix.value);
    assert.ok(fix, `a fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.match(fix.title, /^Add max_(completion_)?tokens=\d+$/);
    assert.equal(fix.isPreferred ?? false, false, 'the output-cap fix changes behaviour: offered, not preferred');
    assert.ok(actions.some((a) => a.title.startsWith('Why?') && a.command?.command === 'costlens.openRuleDocs'));
    const before = editor.document.getText();
    assert.ok(!/max_(completion_)?tokens/.test(before));
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.notEqual(editor.document.getText(), before);
    assert.match(editor.document.getText(), /max_(completion_)?tokens=\d+/);
    // The finding goes away once the edit is analysed.
    await waitFor('missing-output-cap to clear', () => (vscode.languages.getDiagnostics(uri).some((x) => typeof x.code === 'object' && x.code.value === 'missing-output-cap') ? undefined : true));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('fixes everything safe at once with source.fixAll.costlens (the exact text of the rule fixture)', async () => {
    const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'rules', 'cache-breakpoint-missing');
    const uri = exampleUri('support-agent/cached_policy.py');
    await vscode.workspace.fs.writeFile(uri, await vscode.workspace.fs.readFile(vscode.Uri.file(path.join(fixtures, 'fires.py'))));
    const expected = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path.join(fixtures, 'fires.py.fixed'))));
    const editor = await vscode.window.showTextDocument(uri);
    await diagnostics(uri, 'cache-breakpoint-missing');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.costlens');
    const all = actions.find((a) => a.kind?.value === 'source.fixAll.costlens');
    assert.ok(all?.edit, 'a fix-all action with an edit');
    assert.ok(await vscode.workspace.applyEdit(all.edit));
    assert.equal(editor.document.getText(), expected);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  it('compares models for a call and rewrites the model id to the one chosen', async () => {
    const editor = await openExample('web-app/lib/extract.ts');
    const uri = editor.document.uri;
    const lenses = await codeLenses(uri);
    const lens = lenses.find((l) => l.command?.command === 'costlens.showCallSiteDetails');
    assert.ok(lens, 'a call lens');
    const [, key] = lens.command!.arguments as [vscode.Uri, string];
    assert.match(editor.document.getText(), /claude-sonnet-4-5/);
    // What the quick pick shows: groups by tier (Sonnet's first), each row's difference from the
    // current model, a warning on the step down to Haiku, and what every row shares said once.
    const shown = await vscode.commands.executeCommand<ComparisonShown>('costlens.compareModels', uri, key, '?');
    const groups = shown.items.filter((i) => i.separator).map((i) => i.label);
    assert.deepEqual(groups, ['Same tier (mid)', 'Smaller tier (small)', 'Larger tier (flagship)']);
    const rows = shown.items.filter((i) => !i.separator);
    assert.equal(rows[0].label.replace('$(check) ', '').startsWith('claude-sonnet'), true, rows[0].label);
    assert.ok(rows.every((r) => r.label.includes('claude-')), 'only models the Anthropic call can use');
    assert.deepEqual(rows.filter((r) => r.label.startsWith('$(warning) ')).map((r) => r.label), rows.filter((r) => /claude-haiku/.test(r.label)).map((r) => r.label), 'the step down marked by its name');
    const haiku = rows.find((r) => r.label === '$(warning) claude-haiku-4-5')!;
    // One call a task: the per-task difference is the per-call one, and one percent says both.
    assert.match(haiku.detail!, /^vs now: −\$[\d.]+k?\/month · −\$[\d.]+\/call \(−\d+%\) · check answers on a sample first/);
    assert.match(haiku.description!, /\/call · .*\/task · .*\/month$/);
    assert.ok(rows.filter((r) => !r.label.startsWith('$(check)')).every((r) => r.detail?.startsWith('vs now: ')));
    // The structured output the call asks for is not documented per Claude model: said once, for all.
    assert.match(shown.placeholder, /^Now claude-sonnet-4-5 · all: .*structured output unverified/);
    assert.ok(rows.every((r) => !r.detail?.includes('structured output unverified')), 'not repeated on every row');
    await vscode.commands.executeCommand('costlens.compareModels', uri, key, 'claude-haiku-4-5');
    await waitFor('the model id to change', () => editor.document.getText().includes("'claude-haiku-4-5'") || editor.document.getText().includes('"claude-haiku-4-5"'));
    assert.ok(!editor.document.getText().includes('claude-sonnet-4-5'));
    const after = await waitFor('the lens to show the new model', async () => {
      const l = await codeLenses(uri);
      return l.find((x) => x.command?.title.endsWith('· claude-haiku-4-5'));
    });
    assert.ok(after);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('opens the cost report in a webview panel', async () => {
    await vscode.commands.executeCommand('costlens.showReport');
    const tab = await waitFor('the report tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('costlens.report')),
    );
    assert.equal(tab.label, 'Cost Report');
    await vscode.window.tabGroups.close(tab);
  });

  it('exports the workspace report as CSV, Markdown, FOCUS and JSON with the CLI\'s figures', async () => {
    const report = await cli.scan(['.'], { cwd: folder(), cache: false, jobs: 1 });
    const out = (ext: string) => exampleUri(`costlens-export.${ext}`);
    const read = async (u: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
    await vscode.commands.executeCommand('costlens.exportReport', 'json', out('json'));
    const exported = JSON.parse(await read(out('json')));
    assert.equal(exported.version, 1);
    assert.equal(exported.callSites.length, report.callSites.length);
    assert.ok(Math.abs(exported.totals.usdPerMonth.expected - report.totals.usdPerMonth.expected) < 1e-6, 'the same monthly total as the CLI');
    await vscode.commands.executeCommand('costlens.exportReport', 'csv', out('csv'));
    assert.equal((await read(out('csv'))).trim().split('\r\n').length, report.callSites.length + 1, 'a header and a row per call site');
    await vscode.commands.executeCommand('costlens.exportReport', 'markdown', out('md'));
    assert.match(await read(out('md')), /\$[\d.]+k?/);
    await vscode.commands.executeCommand('costlens.exportReport', 'focus', out('focus.csv'));
    assert.match((await read(out('focus.csv'))).split('\r\n')[0], /BilledCost.*EffectiveCost/);
    for (const ext of ['json', 'csv', 'md', 'focus.csv']) await vscode.workspace.fs.delete(out(ext));
  });

  it('re-analyses after edits, debounced, and moves the lenses with the text', async () => {
    const editor = await openExample('support-agent/classify.py');
    const uri = editor.document.uri;
    const first = await codeLenses(uri);
    const callLine = first.find((l) => l.command?.title.includes(' in · '))!.range.start.line;
    const api = vscode.extensions.getExtension<Api>(EXTENSION_ID)!.exports;
    const runsBefore = api.service.runs;
    // Five quick edits (as typing does): one analysis at the end, not five.
    for (let i = 0; i < 5; i++) await editor.edit((e) => e.insert(new vscode.Position(0, 0), `# line ${i}\n`));
    const moved = await waitFor('the call lens five lines lower', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      return l?.find((x) => x.command?.title.includes(' in · ') && x.range.start.line === callLine + 5);
    });
    assert.ok(moved);
    assert.ok(api.service.runs - runsBefore < 5, `debounced: ${api.service.runs - runsBefore} analyses for 5 edits`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('re-analyses only the edited function when an edit stays inside it', async () => {
    const editor = await openExample('support-agent/agent.py');
    const uri = editor.document.uri;
    await codeLenses(uri);
    const api = vscode.extensions.getExtension<Api>(EXTENSION_ID)!.exports;
    const line = lineOf(editor.document, 'client.messages.create(');
    const lensAt = (l: number) =>
      waitFor(`the call lens on line ${l + 1}`, async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
        return lenses?.find((x) => x.command?.title.includes(' in · ') && x.range.start.line === l);
      });
    // Comments typed inside the body of `answer` (the agent loop). Other files changed since this
    // one was last analysed (earlier tests), so the first edit is analysed whole (an import may
    // have changed); the next is answered from the edited function alone.
    await editor.edit((e) => e.insert(new vscode.Position(line, 0), '        # tuned\n'));
    await lensAt(line + 1);
    const before = api.service.patchedEdits;
    await editor.edit((e) => e.insert(new vscode.Position(line, 0), '        # again\n'));
    await lensAt(line + 2);
    assert.ok(api.service.patchedEdits > before, 'the second edit was patched in, not analysed whole');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('switches call-site and task lenses off and on by setting', async () => {
    const editor = await openExample('support-agent/agent.py');
    const uri = editor.document.uri;
    await codeLenses(uri);
    try {
      await setting('lenses.callSites', false);
      const onlyTasks = await waitFor('only task lenses', async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
        return l?.length && l.every((x) => !x.command?.title.includes(' in · ')) ? l : undefined;
      });
      assert.ok(onlyTasks.some((l) => /steps? /.test(l.command?.title ?? '')));
      await setting('lenses.enabled', false);
      await waitFor('no lenses', async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100))?.length ? undefined : true));
    } finally {
      await setting('lenses.callSites', undefined);
      await setting('lenses.enabled', undefined);
    }
    assert.ok((await codeLenses(uri)).some((l) => l.command?.title.includes(' in · ')));
  });

  it('analyses a document that belongs to no folder', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'from openai import OpenAI\nclient = OpenAI()\n\ndef ask(q):\n    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}], max_tokens=50)\n',
    });
    await vscode.window.showTextDocument(doc);
    const lenses = await codeLenses(doc.uri);
    assert.ok(lenses.some((l) => /\/call · gpt-4o-mini$/.test(l.command?.title ?? '')), titles(lenses).join(' | '));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
