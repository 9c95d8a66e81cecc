// "State the model of this call": where the code does not say which model a call uses (the
// request body, a variable set elsewhere), the user picks one once and a `costlens: model=…`
// comment above the call records it, in the code, for the editor and the CLI alike.
import * as vscode from 'vscode';
import { comparableModels } from '../../core/estimate/compare';
import type { AnalysisService } from '../analysisService';

export const COMMAND = 'costlens.stateModel';

/** The comment that states a model, in the document's language, indented like the call's line. */
export function modelComment(doc: vscode.TextDocument, line: number, model: string): string {
  const indent = /^\s*/.exec(doc.lineAt(line).text)![0];
  const marker = doc.languageId === 'python' ? '#' : '//';
  return `${indent}${marker} costlens: model=${model}\n`;
}

export function register(service: AnalysisService): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND, async (uri?: vscode.Uri, key?: string, chosen?: string) => {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc) return undefined;
    const a = await service.get(doc);
    const site = a?.analysis.callSites.find((c) => c.key === key) ?? a?.analysis.callSites.find((c) => !c.model.id);
    if (!site) return undefined;
    const line = doc.positionAt(site.span.start).line;
    let model = chosen;
    if (!model) {
      const provider = site.provider === 'unknown' ? undefined : site.provider;
      const options = (provider ? comparableModels(provider) : ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'gemini-2.5-flash']).map((m) => ({ label: m }));
      const pick = await vscode.window.showQuickPick([...options, { label: 'Another model…' }], { title: `The model of this call (${site.model.unresolvedReason ?? 'the code does not say'})` });
      if (!pick) return undefined;
      model = pick.label === 'Another model…' ? await vscode.window.showInputBox({ prompt: 'Model id, as the provider knows it', validateInput: (v) => (/^[\w.:/@-]{1,120}$/.test(v) ? undefined : 'letters, digits and . : / @ - only') }) : pick.label;
      if (!model) return undefined;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(line, 0), modelComment(doc, line, model));
    await vscode.workspace.applyEdit(edit);
    return model;
  });
}
