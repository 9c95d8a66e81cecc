// Reading other files of a workspace folder on disk (imports, prompt files read by path): open
// documents as edited, else the file; never outside the folder, links resolved (a link out of it
// is not followed, whether or not its target is open), never a FIFO or device (core/analysis/boundary.ts).
import * as vscode from 'vscode';
import { folderFileReader } from '../../core/analysis/boundary';

export function folderReader(root: string): (rel: string) => string | undefined {
  return folderFileReader(root, (abs) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === abs)?.getText());
}
