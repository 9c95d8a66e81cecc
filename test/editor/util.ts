// Helpers for tests that run in the extension host (see index.ts).
import * as vscode from 'vscode';

export const EXTENSION_ID = 'costlens.costlens';

/** Polls fn until it returns something truthy; a poll interval, never a fixed wait. */
export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A file of the example workspace (a scratch copy of examples/, open as the only folder). */
export function exampleUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open: run these tests with scripts/vscode/runEditorTests.mjs');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

/** Opens an example file in an editor, as a person would. */
export async function openExample(relativePath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(exampleUri(relativePath));
  return vscode.window.showTextDocument(doc);
}

/**
 * The document's code lenses once the extension has produced some, resolved (a title on each).
 * The first analysis loads tokenizers and parsers, so the first call can take seconds.
 */
export async function codeLenses(uri: vscode.Uri, timeoutMs = 30_000): Promise<vscode.CodeLens[]> {
  return waitFor(`code lenses in ${vscode.workspace.asRelativePath(uri)}`, async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    return lenses?.length ? lenses : undefined;
  }, timeoutMs);
}

/** The 0-based number of the first line containing text. */
export function lineOf(doc: vscode.TextDocument, text: string): number {
  const line = doc.getText().split('\n').findIndex((l) => l.includes(text));
  if (line < 0) throw new Error(`${vscode.workspace.asRelativePath(doc.uri)} has no line with ${JSON.stringify(text)}`);
  return line;
}
