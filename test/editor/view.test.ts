// Workspace-wide problems and the CostLens view in a real VS Code, on a scratch copy of examples/:
// with `costlens.diagnostics.scope: "workspace"` a file never opened has its problems, a closed file
// keeps them, a change on disk updates them, and "openFiles" takes the closed files' away; the view
// lists the tasks by $/month with the CLI's figures, their call sites, and under those the
// assumptions and findings; clicking goes to the code, and a lens click reveals its call site.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CostLensApi } from '../../src/vscode/extension';
import type { CostNode } from '../../src/vscode/features/costView';
import { codeLenses, EXTENSION_ID, exampleUri, openExample, waitFor } from './util';

const cli = require(path.join(__dirname, '..', '..', 'src', 'cli', 'main.js')) as typeof import('../../src/cli/main');
const fmt = require(path.join(__dirname, '..', '..', 'src', 'core', 'report', 'format.js')) as typeof import('../../src/core/report/format');

const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const api = () => vscode.extensions.getExtension<CostLensApi>(EXTENSION_ID)!.exports;
const encode = (s: string) => new TextEncoder().encode(s);

const NEVER_OPENED = 'support-agent/never_opened.py';
/** Opened and closed by these tests alone (other tests keep the examples' documents open). */
const OPENED_ONCE = 'support-agent/opened_once.py';
const ONE_CALL = `from openai import OpenAI

client = OpenAI()


def draft_reply(ticket):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": ticket}])
`;
const TWO_CALLS = `${ONE_CALL}

def draft_apology(ticket):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Apologise for: " + ticket}])
`;
const TEST_FILE = 'support-agent/tests/test_costs.py';
const TEST_CODE = `from openai import OpenAI

client = OpenAI()


def test_summary_is_short():
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Summarise: the parcel is late."}], max_tokens=60)
    assert len(reply.choices[0].message.content) < 400
`;

const problems = (uri: vscode.Uri, ruleId?: string) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'CostLens' && (!ruleId || (typeof d.code === 'object' && d.code.value === ruleId)));
const isOpen = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

async function scope(value: 'openFiles' | 'workspace' | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('costlens').update('diagnostics.scope', value, vscode.ConfigurationTarget.Workspace);
}

/** A scan that has read the file as it is on disk now (the watcher's rescan, or one asked for). */
async function scannedWith(relativePath: string, text: string) {
  return waitFor(`a workspace scan with ${relativePath} as written`, async () => {
    const scan = await api().workspace.refresh();
    const a = scan.analyses.find((x) => x.path === relativePath);
    return a && a.callSites.length === (text.match(/\.create\(/g) ?? []).length ? scan : undefined;
  });
}

async function closeEditorOf(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
  await vscode.window.tabGroups.close(tabs);
  // Closed for the extension when VS Code lets the document go (onDidCloseTextDocument).
  await waitFor(`${vscode.workspace.asRelativePath(uri)} to close`, () => !isOpen(uri), 60_000);
}

describe('workspace-wide problems and the CostLens view', () => {
  describe('workspace problems', function () {
    this.timeout(120_000);
    const never = () => exampleUri(NEVER_OPENED);

    const once = () => exampleUri(OPENED_ONCE);

    before(async () => {
      await vscode.workspace.fs.writeFile(never(), encode(ONE_CALL));
      await vscode.workspace.fs.writeFile(once(), encode(ONE_CALL));
    });
    after(async () => {
      await scope(undefined);
      await vscode.workspace.fs.delete(never()).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(once()).then(undefined, () => undefined);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('openFiles mode (the default) shows no problems of a file never opened', async () => {
      const scan = await scannedWith(NEVER_OPENED, ONE_CALL);
      assert.ok(scan.report.findings.some((f) => f.path === NEVER_OPENED && f.ruleId === 'missing-output-cap'), 'the scan finds the uncapped call');
      assert.equal(isOpen(never()), false);
      assert.deepEqual(problems(never()), []);
    });

    it('workspace mode shows the problems of a file never opened, where the finding is', async () => {
      await scope('workspace');
      const [d] = await waitFor('never_opened.py\'s problems', () => {
        const p = problems(never(), 'missing-output-cap');
        return p.length ? p : undefined;
      });
      assert.equal(isOpen(never()), false, 'the file was never opened');
      assert.equal(d.range.start.line, ONE_CALL.split('\n').findIndex((l) => l.includes('.create(')));
      assert.match(d.message, /No output cap/);
      assert.match(String((d.code as { target: vscode.Uri }).target), /docs\/rules\/missing-output-cap\.md$/);
    });

    it('workspace mode keeps a file\'s problems after it closes', async () => {
      const uri = once();
      // Opened as a click in the Explorer does (openTextDocument would keep the document alive for minutes after).
      await vscode.commands.executeCommand('vscode.open', uri);
      await waitFor('opened_once.py\'s problems', () => problems(uri, 'missing-output-cap').length > 0);
      await closeEditorOf(uri);
      assert.equal(problems(uri, 'missing-output-cap').length, 1, 'kept when it closed');
      // And after the scan that follows the close, which now gives its problems.
      await api().workspace.refresh();
      assert.equal(problems(uri, 'missing-output-cap').length, 1, 'kept after a rescan');
    });

    it('workspace mode updates a file\'s problems when it changes on disk', async () => {
      await vscode.workspace.fs.writeFile(never(), encode(TWO_CALLS));
      // The file watcher's rescan, not one the test asks for.
      const two = await waitFor('two missing-output-cap problems in never_opened.py', () => {
        const p = problems(never(), 'missing-output-cap');
        return p.length === 2 ? p : undefined;
      });
      const lines = TWO_CALLS.split('\n');
      assert.deepEqual(two.map((d) => d.range.start.line).sort((a, b) => a - b), lines.flatMap((l, i) => (l.includes('.create(') ? [i] : [])));
    });

    it('openFiles mode takes the closed files\' problems away and keeps the open ones\'', async () => {
      const rag = exampleUri('support-agent/rag.py');
      await openExample('support-agent/rag.py');
      await waitFor('rag.py\'s problems', () => problems(rag, 'missing-output-cap').length > 0);
      await scope('openFiles');
      await waitFor('the closed files\' problems to go', () => problems(never()).length === 0 && problems(once()).length === 0);
      assert.ok(problems(rag, 'missing-output-cap').length > 0, 'the open file keeps its problems');
    });
  });

  describe('the CostLens view', function () {
    this.timeout(120_000);
    const view = () => api().costView;
    const item = (n: CostNode) => view().getTreeItem(n);
    const label = (n: CostNode) => String(item(n).label);

    before(async () => {
      // The view reads open documents as edited: what earlier tests left unsaved is put back first.
      for (const d of vscode.workspace.textDocuments.filter((x) => x.isDirty && x.uri.scheme === 'file')) {
        await vscode.window.showTextDocument(d);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      await vscode.workspace.fs.writeFile(exampleUri(TEST_FILE), encode(TEST_CODE));
      await scannedWith(TEST_FILE, TEST_CODE);
    });
    after(async () => {
      await vscode.workspace.fs.delete(exampleUri(TEST_FILE)).then(undefined, () => undefined);
      await vscode.commands.executeCommand('costlens.sortCostViewByCost');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('lists the tasks by $/month with the CLI\'s figures, their call sites, and their assumptions and findings', async () => {
      const report = await cli.scan(['.'], { cwd: folder(), cache: false, jobs: 1 });
      // The view's scan has caught up with the files on disk.
      const roots = await waitFor('the view to show the CLI\'s month', async () => {
        await api().workspace.refresh();
        const r = await view().getChildren();
        return item(r[0]).label === `${fmt.formatUsd(report.totals.usdPerMonth.expected)}/month` ? r : undefined;
      });
      // The totals first: the month's expected total, its range, the traffic.
      const totals = item(roots[0]);
      assert.equal(totals.label, `${fmt.formatUsd(report.totals.usdPerMonth.expected)}/month`);
      assert.equal(totals.description, `expected in production (${fmt.formatUsd(report.totals.usdPerMonth.low)}–${fmt.formatUsd(report.totals.usdPerMonth.high)}) at ${report.traffic.tasksPerDay.toLocaleString('en-US')} tasks/day × ${report.traffic.daysPerMonth.toLocaleString('en-US')} days`);
      assert.deepEqual(roots.slice(1).map(label), ['Production', 'Test']);

      const tasks = await view().getChildren(roots[1]);
      const months: number[] = [];
      for (const t of report.tasks.filter((x) => x.scope === undefined || x.scope === 'production')) {
        const node = tasks.find((n) => n.kind === 'task' && n.task.key === t.key && !n.task.ownTask);
        assert.ok(node && node.kind === 'task', `task ${t.name} in the view (${tasks.map(label).join(', ')})`);
        assert.ok(label(node) === t.name || label(node) === `${t.name} (${path.posix.basename(t.path)})`, label(node));
        if (t.usd) {
          assert.equal(item(node).description, `${fmt.formatUsd(t.usd.perMonth.expected)}/month · ${fmt.formatUsd(t.usd.perTask.expected)}/task · ${fmt.formatCount(t.steps)} step${t.steps === 1 ? '' : 's'}`);
          assert.ok(node.task.month.kind === 'counted' && Math.abs(node.task.month.usd!.expected - t.usd.perMonth.expected) < 1e-9);
        } else assert.ok(node.task.month.kind === 'counted' && node.task.month.usd === null, `${t.name}: no price`);
        // Its call sites, and under each its assumptions and findings.
        const sites = await view().getChildren(node);
        assert.deepEqual(sites.map((s) => (s.kind === 'site' ? s.site.key : '')).sort(), [...t.callSites].sort());
        for (const s of sites) {
          const site = report.callSites.find((c) => s.kind === 'site' && c.key === s.site.key)!;
          if (site.usd) assert.match(String(item(s).description), new RegExp(`${site.model} · ${fmt.formatUsd(site.usd.perCall.expected).replace(/[$.]/g, '\\$&')}/call`));
          const under = await view().getChildren(s);
          assert.deepEqual(under.filter((n) => n.kind === 'assumption').map(label), site.assumptions.map((a) => a.text));
          const findings = under.filter((n) => n.kind === 'finding').map(label);
          for (const f of report.findings.filter((x) => x.path === site.path)) assert.ok(findings.includes(f.message) || report.callSites.filter((c) => c.path === site.path).length > 1, `${f.ruleId} under ${site.path}:${site.line}`);
        }
      }
      for (const n of tasks) if (n.kind === 'task' && n.task.month.kind === 'counted') months.push(n.task.month.usd?.expected ?? -1);
      assert.deepEqual(months, [...months].sort((a, b) => b - a), 'by $/month, largest first');
      const answer = tasks.find((n) => label(n) === 'answer')!;
      const [agentCall] = await view().getChildren(answer);
      assert.deepEqual((await view().getChildren(agentCall)).filter((n) => n.kind === 'finding').map((n) => (n.kind === 'finding' ? n.finding.ruleId : '')).sort(), ['history-growth', 'volatile-prefix']);

      // A test's task is under its scope and says it is not counted.
      const [testTask] = await view().getChildren(roots[2]);
      assert.equal(label(testTask), 'test_summary_is_short');
      assert.match(String(item(testTask).description), /^not counted \(test\) · \$[\d.]+\/task/);
      assert.match(String(item(roots[2]).description), /1 task · 1 not counted in the month/);
    });

    it('goes to a task or call site when clicked', async () => {
      const [, production] = await view().getChildren();
      const tasks = await view().getChildren(production);
      const answer = tasks.find((n) => label(n) === 'answer')!;
      const [call] = await view().getChildren(answer);
      for (const node of [answer, call]) {
        const { command } = item(node);
        assert.ok(command, `${label(node)} has a command`);
        await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
        const line = node.kind === 'task' ? node.task.line : node.kind === 'site' ? node.site.site.line : 0;
        await waitFor(`agent.py at line ${line}`, () => {
          const e = vscode.window.activeTextEditor;
          return e?.document.uri.path.endsWith('support-agent/agent.py') && e.selection.active.line === line - 1;
        });
      }
    });

    it('sorts by name and back by $/month from the view\'s title', async () => {
      const names = async () => (await view().getChildren((await view().getChildren())[1])).map(label);
      const byCost = await names();
      await vscode.commands.executeCommand('costlens.sortCostViewByName');
      const byName = await names();
      assert.deepEqual(byName, [...byCost].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
      assert.notDeepEqual(byName, byCost);
      await vscode.commands.executeCommand('costlens.sortCostViewByCost');
      assert.deepEqual(await names(), byCost);
    });

    it('a lens click reveals its call site in the view', async () => {
      const editor = await openExample('web-app/lib/extract.ts');
      const lens = (await codeLenses(editor.document.uri)).find((l) => l.command?.command === 'costlens.showCallSiteDetails');
      assert.ok(lens?.command, 'a call lens');
      const [, key] = lens.command.arguments as [vscode.Uri, string];
      await vscode.commands.executeCommand(lens.command.command, ...lens.command.arguments!);
      const selected = await waitFor('the call site selected in the view', () => {
        const [n] = view().treeView.selection;
        return n?.kind === 'site' && n.site.key === key ? n : undefined;
      });
      assert.ok(view().treeView.visible, 'the view is shown');
      assert.equal(label(selected), `extract.ts:${selected.kind === 'site' ? selected.site.site.line : 0}`);
    });
  });
});
