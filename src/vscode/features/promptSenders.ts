// Which code calls send an open prompt file, from the workspace scan (the report's promptFiles):
// a file's own analysis cannot know who reads it. While a prompt file is in an editor the scan is
// kept current (WorkspaceResults rescans after changes); the lens and hover ask here, and refresh
// when a scan finishes.
import * as vscode from 'vscode';
import { type PromptSender, promptSenders } from '../../core/report/promptSenders';
import { isPromptFile } from '../../core/extract/promptFiles';
import { type DocumentAnalysis, PROMPT_LANGUAGES } from '../analysisService';
import { Disposable } from '../util/dispose';
import type { WorkspaceResults } from '../workspaceResults';

/** A sending call with where it is in the workspace, and its key as its own document knows it. */
export interface SenderAt extends PromptSender {
  uri: vscode.Uri;
  documentKey: string;
}

export class PromptSenderSource extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** A scan finished: the senders of open prompt files may have changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly results: WorkspaceResults) {
    super();
    this.register(results.onDidChange(() => this.changed.fire()));
    const follow = () => results.want('promptFiles', vscode.window.visibleTextEditors.some((e) => isPromptDocument(e.document)));
    this.register(vscode.window.onDidChangeVisibleTextEditors(follow));
    follow();
  }

  /**
   * The calls that send the document's prompt file, by the last workspace scan; undefined when it
   * is not a prompt file, no code sends it, or no scan has finished yet (its own figure stands).
   */
  sendersOf(a: DocumentAnalysis): SenderAt[] | undefined {
    if (!a.analysis.callSites.some((s) => s.kind === 'prompt-file')) return undefined;
    const scan = this.results.latest;
    if (!scan) return undefined;
    // With several folders, report paths and keys start with the folder's name.
    const prefix = a.folder && (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${a.folder.name}/` : '';
    const senders = promptSenders(scan.report, prefix + a.path);
    if (!senders) return undefined;
    const out: SenderAt[] = [];
    for (const s of senders) {
      const uri = scan.uris.get(s.path);
      if (uri) out.push({ ...s, uri, documentKey: prefix && s.key.startsWith(prefix) ? s.key.slice(prefix.length) : s.key });
    }
    return out.length ? out : undefined;
  }
}

/** Whether a document is a prompt file (its lens may show who sends it). */
function isPromptDocument(doc: vscode.TextDocument): boolean {
  return PROMPT_LANGUAGES.includes(doc.languageId) || isPromptFile(doc.uri.path);
}
