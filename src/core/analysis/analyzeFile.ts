// One file's text → its call sites, tasks, estimates, findings and errors. Pure: no I/O (other
// files are read through the callbacks the caller passes).
import type { ConfigValues } from '../../config/load';
import { estimateCallSite } from '../estimate/estimate';
import { extractCode } from '../extract/code/extract';
import { languageOf, parsersLoaded } from '../extract/code/parser';
import type { FileReader } from '../extract/code/prompts';
import type { ImportResolver } from '../extract/code/values';
import { isPromptFile, parsePromptFile } from '../extract/promptFiles';
import type { AnalysisError, CallSite, ChunkSetting, Estimate, Finding, RetrievalSetting, Task } from '../model';
import { runRules } from '../rules/run';

export interface FileAnalysis {
  path: string;
  callSites: CallSite[];
  /** By call-site key. */
  estimates: Map<string, Estimate>;
  tasks: Task[];
  findings: Finding[];
  errors: AnalysisError[];
  /** Retrieval settings (`k=20`) and text-splitter chunk sizes found in the file. */
  retrieval?: RetrievalSetting[];
  chunks?: ChunkSetting[];
}

export interface AnalyzeOptions {
  config: ConfigValues;
  resolveImport?: ImportResolver;
  readFile?: FileReader;
}

export function loopDefaultsOf(config: ConfigValues): { collection: number; unbounded: number } {
  return { collection: config['defaults.collectionSize'] as number, unbounded: config['defaults.unboundedSteps'] as number };
}

/** Whether CostLens analyses this path: prompt files and Python/TypeScript/JavaScript code. */
export function isAnalyzable(path: string): boolean {
  return isPromptFile(path) || languageOf(path) !== undefined;
}

export function analyzeFile(path: string, text: string, options: AnalyzeOptions): FileAnalysis {
  const out: FileAnalysis = { path, callSites: [], estimates: new Map(), tasks: [], findings: [], errors: [] };
  try {
    if (isPromptFile(path)) {
      const prompt = parsePromptFile(path, text);
      if (prompt) {
        out.findings.push(...prompt.findings);
        out.errors.push(...prompt.errors);
        if (prompt.callSite.parts.length > 0 || prompt.callSite.model.id) out.callSites.push(prompt.callSite);
      }
    } else if (languageOf(path)) {
      if (!parsersLoaded()) throw new Error('parsers not loaded: await loadParsers() before analysing code');
      const code = extractCode(path, text, { resolveImport: options.resolveImport, readFile: options.readFile, loopDefaults: loopDefaultsOf(options.config) });
      out.callSites.push(...code.callSites);
      out.tasks.push(...code.tasks);
      out.errors.push(...code.errors);
      out.retrieval = code.retrieval;
      out.chunks = code.chunks;
    }
    for (const site of out.callSites) out.estimates.set(site.key, estimateCallSite(site, { config: options.config }));
    out.findings.push(...runRules({ path, text, callSites: out.callSites, estimates: out.estimates, tasks: out.tasks, config: options.config, retrieval: out.retrieval ?? [], chunks: out.chunks ?? [] }));
  } catch (e) {
    // A bug of ours must not cost the user the rest of the workspace: report it against the file.
    out.errors.push({ path, kind: 'internal', message: `analysis failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  return out;
}
