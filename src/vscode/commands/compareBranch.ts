// "Compare Cost With Branch…": the cost of the working tree's change against a branch (or tag),
// the branch read from git's objects, the working tree as the editor has analysed it, shown above
// the cost report.
import * as vscode from 'vscode';
import { diffRevisions } from '../../cli/diff';
import type { DiffReport } from '../../core/diff/diff';
import { buildReport } from '../../core/report/report';
import { GitError, gitRoot, listRefs } from '../../server/git';
import { ReportHost, ReportPanel } from '../webview/reportPanel';
import type { WorkspaceScanner } from '../workspaceScan';

export function register(extensionUri: vscode.Uri, scanner: WorkspaceScanner, host: () => ReportHost): vscode.Disposable {
  // `branch` chooses without asking (for keybindings, tasks and tests); the diff is returned.
  return vscode.commands.registerCommand('costlens.compareWithBranch', async (branch?: string): Promise<DiffReport | undefined> => {
    const folder = (vscode.window.activeTextEditor && vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)) ?? vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    if (!folder || folder.uri.scheme !== 'file') return void vscode.window.showInformationMessage('CostLens: open a folder on disk that is in a git repository first.');
    const root = folder.uri.fsPath;
    let refs;
    try {
      gitRoot(root);
      refs = listRefs(root);
    } catch (e) {
      return void vscode.window.showErrorMessage(`CostLens: ${e instanceof Error ? e.message : String(e)}`);
    }
    const rev =
      typeof branch === 'string'
        ? branch
        : (
            await vscode.window.showQuickPick(
              refs.map((r) => ({ label: r.name, description: r.kind === 'branch' ? '' : r.kind, detail: r.subject, rev: r.name })),
              { title: 'CostLens: compare the cost of the working tree with…', placeHolder: 'A branch or tag (read from git; the working tree is not touched)' },
            )
          )?.rev;
    if (!rev) return undefined;
    try {
      const diff = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `CostLens: the cost of the change against ${rev}` }, async () =>
        diffRevisions(root, {
          base: rev,
          workingTree: async () => {
            const scan = await scanner.scan();
            const mine = scan.folders.find((f) => f.folder.uri.toString() === folder.uri.toString())!;
            return { rev: 'working tree', commit: null, report: buildReport(mine.analyses, mine.config, [], 'editor'), analyses: mine.analyses, config: mine.config };
          },
        }),
      );
      ReportPanel.show(extensionUri, host()).showDiff(diff);
      return diff;
    } catch (e) {
      void vscode.window.showErrorMessage(`CostLens: ${e instanceof GitError ? e.message : `the comparison failed: ${e instanceof Error ? e.message : String(e)}`}`);
      return undefined;
    }
  });
}
