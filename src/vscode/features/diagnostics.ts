// The cost rules' findings as problems, and their fixes as code actions: preferred when safe, all
// safe ones at once as `source.fixAll.costlens`, and a "Why?" action opening the rule's docs.
// Fixes come with the analysis (plain text edits from the core); a code action only looks them up.
// With `costlens.diagnostics.scope: "workspace"`, every file of the workspace scan has its problems
// too, open or not; an open document's live analysis wins over the scan's for that file.
import * as vscode from 'vscode';
import type { Finding, Fix, Severity } from '../../core/model';
import type { AnalysisService, DocumentAnalysis } from '../analysisService';
import { positionIn, type WorkspaceScan } from '../workspaceScan';
import type { WorkspaceResults } from '../workspaceResults';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('costlens');

export function ruleDocs(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

function rangeOf(doc: vscode.TextDocument, f: Finding): vscode.Range {
  return new vscode.Range(doc.positionAt(f.span.start), doc.positionAt(Math.max(f.span.start, f.span.end)));
}

/** The finding a diagnostic was made from, in the analysis of the document's current version. */
function findingOf(a: DocumentAnalysis, doc: vscode.TextDocument, d: vscode.Diagnostic): Finding | undefined {
  const ruleId = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
  return a.analysis.findings.find((f) => f.ruleId === ruleId && f.message === d.message && rangeOf(doc, f).isEqual(d.range));
}

async function editOf(a: DocumentAnalysis, doc: vscode.TextDocument, fixes: Fix[]): Promise<vscode.WorkspaceEdit> {
  const edit = new vscode.WorkspaceEdit();
  // Edits of one file must not overlap: the first (in order of position) wins.
  const taken = new Map<string, { start: number; end: number }[]>();
  for (const fix of fixes) {
    for (const e of fix.edits) {
      const inThisFile = !e.path || e.path === a.path;
      let target = doc;
      if (!inThisFile) {
        if (!a.folder) continue;
        target = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(a.folder.uri, e.path!));
      }
      const key = target.uri.toString();
      const spans = taken.get(key) ?? [];
      if (spans.some((s) => e.span.start < s.end && s.start < e.span.end)) continue;
      spans.push(e.span);
      taken.set(key, spans);
      edit.replace(target.uri, new vscode.Range(target.positionAt(e.span.start), target.positionAt(e.span.end)), e.newText);
    }
  }
  return edit;
}

const enabled = (uri: vscode.Uri) => vscode.workspace.getConfiguration('costlens', uri).get<boolean>('diagnostics.enabled', true);
const workspaceWide = () => vscode.workspace.getConfiguration('costlens').get<string>('diagnostics.scope', 'openFiles') === 'workspace';

export function register(selector: vscode.DocumentSelector, service: AnalysisService, extensionUri: vscode.Uri, workspace: WorkspaceResults): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('costlens');
  const diagnostic = (f: Finding, range: vscode.Range) => {
    const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
    d.source = 'CostLens';
    d.code = { value: f.ruleId, target: ruleDocs(extensionUri, f.ruleId) };
    return d;
  };
  const openDocument = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  /** The file's problems come from its live analysis: it is open and has been analysed. */
  const live = (uri: vscode.Uri) => !!openDocument(uri) && !!service.latest(uri);
  /** Files whose problems were published from the workspace scan (key: URI). */
  const fromScan = new Map<string, vscode.Uri>();

  const publish = (a: DocumentAnalysis) => {
    const doc = openDocument(a.uri);
    if (!doc || doc.version !== a.version) return;
    fromScan.delete(doc.uri.toString());
    if (!enabled(doc.uri)) {
      collection.delete(doc.uri);
      return;
    }
    collection.set(
      doc.uri,
      a.analysis.findings.map((f) => diagnostic(f, rangeOf(doc, f))),
    );
  };

  /** Workspace-wide: every scanned file's findings, except files whose live analysis is shown. */
  const publishScan = (scan: WorkspaceScan | undefined) => {
    if (!scan || !workspaceWide()) return;
    const seen = new Set<string>();
    for (const { folder, analyses } of scan.folders) {
      for (const a of analyses) {
        const uri = vscode.Uri.joinPath(folder.uri, ...a.path.split('/'));
        const key = uri.toString();
        const starts = scan.lineStarts.get(key);
        // Notebooks' findings are placed in their cells, which only an open notebook has.
        if (!a.findings.length || !starts || a.path.endsWith('.ipynb')) continue;
        seen.add(key);
        if (live(uri)) continue;
        if (!enabled(uri)) {
          collection.delete(uri);
          fromScan.delete(key);
          continue;
        }
        collection.set(
          uri,
          a.findings.map((f) => diagnostic(f, new vscode.Range(positionIn(starts, f.span.start), positionIn(starts, Math.max(f.span.start, f.span.end))))),
        );
        fromScan.set(key, uri);
      }
    }
    // Files that no longer have findings (fixed, deleted, now ignored).
    for (const [key, uri] of fromScan) {
      if (seen.has(key)) continue;
      fromScan.delete(key);
      if (!live(uri)) collection.delete(uri);
    }
  };

  /** Back to open files only: closed files' problems go. */
  const dropClosed = () => {
    fromScan.clear();
    collection.forEach((uri) => {
      if (!live(uri)) collection.delete(uri);
    });
  };
  workspace.want('problems', workspaceWide());
  const actions: vscode.CodeActionProvider = {
    async provideCodeActions(doc, _range, context, token) {
      const a = await service.get(doc, token);
      if (!a || a.version !== doc.version || token.isCancellationRequested) return [];
      const out: vscode.CodeAction[] = [];
      // Asked for `source.fixAll` (e.g. on save) or for ours by name.
      if (context.only?.contains(FIX_ALL)) {
        const safe = a.analysis.findings.flatMap((f) => f.fixes.filter((x) => x.safe));
        if (safe.length) {
          const all = new vscode.CodeAction('Apply every safe CostLens fix', FIX_ALL);
          all.edit = await editOf(a, doc, safe);
          out.push(all);
        }
      }
      if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return out;
      // A call whose model the code does not say: state it once (a costlens: model= comment).
      for (const site of a.analysis.callSites) {
        if (site.model.id || site.kind !== 'code' || site.testDouble) continue;
        const at = new vscode.Range(doc.positionAt(site.span.start), doc.positionAt(site.span.end));
        if (!at.intersection(_range) && !at.contains(_range)) continue;
        const state = new vscode.CodeAction('State the model of this call (costlens: model=…)', vscode.CodeActionKind.QuickFix);
        state.command = { title: 'State the model', command: 'costlens.stateModel', arguments: [doc.uri, site.key] };
        out.push(state);
      }
      for (const d of context.diagnostics) {
        if (d.source !== 'CostLens') continue;
        const f = findingOf(a, doc, d);
        if (!f) continue;
        for (const fix of f.fixes) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [d];
          action.isPreferred = fix.safe;
          action.edit = await editOf(a, doc, [fix]);
          out.push(action);
        }
        const why = new vscode.CodeAction(`Why? What ${f.ruleId} means and what it costs`, vscode.CodeActionKind.QuickFix);
        why.diagnostics = [d];
        why.command = { title: 'Open the rule docs', command: 'costlens.openRuleDocs', arguments: [f.ruleId] };
        out.push(why);
      }
      return out;
    },
  };
  return vscode.Disposable.from(
    collection,
    service.onDidAnalyze(publish),
    workspace.onDidChange(publishScan),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (!workspaceWide()) return void collection.delete(doc.uri);
      // Workspace-wide, a closed file keeps its problems until a scan of the file as saved takes
      // over (unsaved edits closed away are gone from it).
      fromScan.set(doc.uri.toString(), doc.uri);
      void workspace.refresh().catch(() => undefined);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('costlens.diagnostics')) return;
      workspace.want('problems', workspaceWide());
      if (!workspaceWide()) dropClosed();
      for (const doc of vscode.workspace.textDocuments) {
        const a = service.latest(doc.uri);
        if (a) publish(a);
      }
      publishScan(workspace.latest);
    }),
    vscode.languages.registerCodeActionsProvider(selector, actions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL] }),
    vscode.commands.registerCommand('costlens.openRuleDocs', async (ruleId: string) => {
      const uri = ruleDocs(extensionUri, ruleId);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', uri);
      } catch {
        await vscode.window.showTextDocument(uri);
      }
    }),
  );
}
