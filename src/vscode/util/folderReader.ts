// Reading other files of a workspace folder on disk (imports, prompt files read by path): open
// documents as edited, else the file; never outside the folder, links resolved (a link out of it
// is not followed, whether or not its target is open), never a FIFO or device (core/analysis/boundary.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isInside, readInside, WorkspaceBoundary } from '../../core/analysis/boundary';
import { MAX_FILE_BYTES, skipReason } from '../../core/analysis/limits';

export function folderReader(root: string, boundary = new WorkspaceBoundary([root])): (rel: string) => string | undefined {
  return (rel) => {
    const abs = path.resolve(root, rel);
    if (!isInside(root, abs)) return undefined;
    try {
      if ('refused' in boundary.resolve(abs)) return undefined;
    } catch {
      /* not on disk: an open document may still have it */
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === abs);
    if (open) return open.getText().length > MAX_FILE_BYTES ? undefined : open.getText();
    const r = readInside(boundary, abs, MAX_FILE_BYTES);
    return 'bytes' in r && !skipReason(r.bytes) ? r.bytes.toString('utf8') : undefined;
  };
}
