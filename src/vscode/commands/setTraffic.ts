// "Set Traffic Assumptions": tasks per day (and days per month), the figures every monthly cost
// rests on, written to the workspace's (or the user's) settings.
import * as vscode from 'vscode';
import { configFor } from '../config';

function positive(v: string): string | undefined {
  const n = Number(v.replace(/[_,\s]/g, ''));
  return Number.isFinite(n) && n > 0 ? undefined : 'A number above 0, e.g. 1000 or 2.5';
}

export function register(): vscode.Disposable {
  return vscode.commands.registerCommand('costlens.setTraffic', async () => {
    const scope = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const current = (await configFor(scope)).values;
    const perDay = await vscode.window.showInputBox({
      title: 'CostLens: traffic assumptions (1 of 2)',
      prompt: 'Tasks per day: agent runs, requests handled, jobs — the unit each task lens prices',
      value: String(current['traffic.tasksPerDay']),
      validateInput: positive,
    });
    if (perDay === undefined) return;
    const days = await vscode.window.showInputBox({
      title: 'CostLens: traffic assumptions (2 of 2)',
      prompt: 'Days per month the traffic runs',
      value: String(current['traffic.daysPerMonth']),
      validateInput: positive,
    });
    if (days === undefined) return;
    const hasWorkspace = !!vscode.workspace.workspaceFolders?.length;
    const where = hasWorkspace
      ? await vscode.window.showQuickPick(
          [
            { label: 'This workspace', description: '.vscode/settings.json', target: vscode.ConfigurationTarget.Workspace },
            { label: 'User settings', description: 'every workspace', target: vscode.ConfigurationTarget.Global },
          ],
          { title: 'CostLens: keep these assumptions for' },
        )
      : { target: vscode.ConfigurationTarget.Global };
    if (!where) return;
    const cfg = vscode.workspace.getConfiguration('costlens', scope);
    await cfg.update('traffic.tasksPerDay', Number(perDay.replace(/[_,\s]/g, '')), where.target);
    await cfg.update('traffic.daysPerMonth', Number(days.replace(/[_,\s]/g, '')), where.target);
  });
}
