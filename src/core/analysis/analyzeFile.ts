// One file's text → its call sites, tasks, estimates, findings and errors. Pure: no I/O (other
// files are read through the callbacks the caller passes). Two halves: extractFile (what the file
// holds) and priceFile (tokens, dollars and the rules), which a scan may run in different threads.
import type { ConfigValues } from '../../config/load';
import { estimateCallSite } from '../estimate/estimate';
import type { Estimate } from '../model';
import { runRules } from '../rules/run';
import { cutExtraction, ExtractOptions, extractFile, FileExtraction, toCells } from './extractFile';
import { AnalysisTimeout, Deadline } from './limits';
import { isNotebook, notebookModule } from '../program/notebook';

export { isAnalyzable, loopDefaultsOf } from './extractFile';

export interface FileAnalysis extends FileExtraction {
  /** By call-site key. */
  estimates: Map<string, Estimate>;
}

export type AnalyzeOptions = ExtractOptions;

/**
 * Estimates and rule findings for an extraction of `text`, within the file's time budget
 * (`deadline`, by default the whole budget from now): past it the file is reported cut, as when
 * extracting it takes too long.
 */
export function priceFile(x: FileExtraction, text: string, config: ConfigValues, signal?: AbortSignal, deadline: Deadline = Deadline.forSettings(config)): FileAnalysis {
  const out: FileAnalysis = { ...x, callSites: x.callSites, findings: [...x.findings], errors: [...x.errors], estimates: new Map() };
  try {
    for (const site of out.callSites) {
      signal?.throwIfAborted();
      deadline.check();
      out.estimates.set(site.key, estimateCallSite(site, { config }));
    }
    const nb = isNotebook(x.path) ? notebookModule(text) : undefined;
    const findings = runRules({ path: x.path, text: nb ? nb.text : text, callSites: out.callSites, estimates: out.estimates, tasks: out.tasks, config, retrieval: out.retrieval ?? [], chunks: out.chunks ?? [] }, undefined, deadline);
    // A notebook's findings point into its cells; their fixes would edit the module text, not the file.
    out.findings = out.findings.concat(nb ? toCells(nb, findings).map((f) => ({ ...f, fixes: [] })) : findings);
  } catch (e) {
    if (signal?.aborted) throw e;
    if (e instanceof AnalysisTimeout) return { ...cutExtraction(x.path, e), estimates: new Map() };
    out.errors.push({ path: x.path, kind: 'internal', message: `analysis failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  return out;
}

/** Extract and price a file, both within its one time budget. */
export function analyzeFile(path: string, text: string, options: AnalyzeOptions): FileAnalysis {
  const deadline = options.deadline ?? Deadline.forSettings(options.config);
  return priceFile(extractFile(path, text, { ...options, deadline }), text, options.config, options.signal, deadline);
}
