// One file's text → its call sites, estimates, findings and errors. Pure: no I/O.
import type { ConfigValues } from '../../config/load';
import { estimateCallSite } from '../estimate/estimate';
import { isPromptFile, parsePromptFile } from '../extract/promptFiles';
import type { AnalysisError, CallSite, Estimate, Finding, Task } from '../model';

export interface FileAnalysis {
  path: string;
  callSites: CallSite[];
  /** By call-site key. */
  estimates: Map<string, Estimate>;
  tasks: Task[];
  findings: Finding[];
  errors: AnalysisError[];
}

export interface AnalyzeOptions {
  config: ConfigValues;
}

/** Whether CostLens analyses this path at all (prompt files now; code files when extractors exist). */
export function isAnalyzable(path: string): boolean {
  return isPromptFile(path);
}

export function analyzeFile(path: string, text: string, options: AnalyzeOptions): FileAnalysis {
  const out: FileAnalysis = { path, callSites: [], estimates: new Map(), tasks: [], findings: [], errors: [] };
  try {
    const prompt = parsePromptFile(path, text);
    if (prompt) {
      out.findings.push(...prompt.findings);
      out.errors.push(...prompt.errors);
      if (prompt.callSite.parts.length > 0 || prompt.callSite.model.id) out.callSites.push(prompt.callSite);
    }
    for (const site of out.callSites) out.estimates.set(site.key, estimateCallSite(site, { config: options.config }));
  } catch (e) {
    // A bug of ours must not cost the user the rest of the workspace: report it against the file.
    out.errors.push({ path, kind: 'internal', message: `analysis failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  return out;
}
