// One file's text → its call sites, tasks, estimates, findings and errors. Pure: no I/O (other
// files are read through the callbacks the caller passes). Two halves: extractFile (what the file
// holds) and priceFile (tokens, dollars and the rules), which a scan may run in different threads.
import type { ConfigValues } from '../../config/load';
import { estimateCallSite } from '../estimate/estimate';
import type { Estimate } from '../model';
import { runRules } from '../rules/run';
import { ExtractOptions, extractFile, FileExtraction, toCells } from './extractFile';
import { isNotebook, notebookModule } from '../program/notebook';

export { isAnalyzable, loopDefaultsOf } from './extractFile';

export interface FileAnalysis extends FileExtraction {
  /** By call-site key. */
  estimates: Map<string, Estimate>;
}

export type AnalyzeOptions = ExtractOptions;

/** Estimates and rule findings for an extraction of `text`. */
export function priceFile(x: FileExtraction, text: string, config: ConfigValues, signal?: AbortSignal): FileAnalysis {
  const out: FileAnalysis = { ...x, callSites: x.callSites, findings: [...x.findings], errors: [...x.errors], estimates: new Map() };
  try {
    for (const site of out.callSites) {
      signal?.throwIfAborted();
      out.estimates.set(site.key, estimateCallSite(site, { config }));
    }
    const nb = isNotebook(x.path) ? notebookModule(text) : undefined;
    const findings = runRules({ path: x.path, text: nb ? nb.text : text, callSites: out.callSites, estimates: out.estimates, tasks: out.tasks, config, retrieval: out.retrieval ?? [], chunks: out.chunks ?? [] });
    // A notebook's findings point into its cells; their fixes would edit the module text, not the file.
    out.findings.push(...(nb ? toCells(nb, findings).map((f) => ({ ...f, fixes: [] })) : findings));
  } catch (e) {
    if (signal?.aborted) throw e;
    out.errors.push({ path: x.path, kind: 'internal', message: `analysis failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  return out;
}

export function analyzeFile(path: string, text: string, options: AnalyzeOptions): FileAnalysis {
  return priceFile(extractFile(path, text, options), text, options.config, options.signal);
}
