// The cost rules' findings as problems, and their fixes as code actions: preferred when safe, all
// safe ones at once as `source.fixAll.costlens`, and a "Why?" action opening the rule's docs.
// Fixes come with the analysis (plain text edits from the core); a code action only looks them up.
import * as vscode from 'vscode';
import type { Finding, Fix, Severity } from '../../core/model';
import type { AnalysisService, DocumentAnalysis } from '../analysisService';

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

export function register(selector: vscode.DocumentSelector, service: AnalysisService, extensionUri: vscode.Uri): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('costlens');
  const publish = (a: DocumentAnalysis) => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === a.uri.toString());
    if (!doc || doc.version !== a.version) return;
    if (!vscode.workspace.getConfiguration('costlens', doc.uri).get<boolean>('diagnostics.enabled', true)) {
      collection.delete(doc.uri);
      return;
    }
    collection.set(
      doc.uri,
      a.analysis.findings.map((f) => {
        const d = new vscode.Diagnostic(rangeOf(doc, f), f.message, SEVERITY[f.severity]);
        d.source = 'CostLens';
        d.code = { value: f.ruleId, target: ruleDocs(extensionUri, f.ruleId) };
        return d;
      }),
    );
  };
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
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('costlens.diagnostics')) return;
      for (const doc of vscode.workspace.textDocuments) {
        const a = service.latest(doc.uri);
        if (a) publish(a);
      }
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
