// The first half of a file's analysis: its text → call sites, tasks, retrieval settings and the
// findings and errors of reading it. No tokens and no prices (pricing.ts does those), so this half
// runs in scan worker threads without loading a tokenizer or the price catalogue.
import type { ConfigValues } from '../../config/load';
import { extractCode } from '../extract/code/extract';
import type { LoopDefaults } from '../extract/code/loops';
import { languageOf, parsersLoaded } from '../extract/code/parser';
import type { FileReader } from '../extract/code/prompts';
import type { ImportResolver } from '../extract/code/values';
import type { Program } from '../program/program';
import { formatOf, isPromptFile, parsePromptFile } from '../extract/promptFiles';
import { FlowNode, flowNodeOf } from '../extract/promptFiles/promptflow';
import { inferProviderFromModel } from '../extract/provider';
import { withPromptFolderModel } from '../extract/code/frameworks/genkit';
import { AnalysisTimeout, Deadline, minifiedReason } from './limits';
import { applyStatedModels } from './statedModels';
import { applyScopes } from './scopes';
import { projectOf } from '../program/projects';
import { cellAt, isNotebook, notebookModule, NotebookModule } from '../program/notebook';
import type { AnalysisError, CallSite, ChunkSetting, Finding, RetrievalSetting, Task } from '../model';

/** What a file holds, before pricing. Plain data: it crosses between threads. */
export interface FileExtraction {
  path: string;
  callSites: CallSite[];
  tasks: Task[];
  /** Findings of reading the file (malformed front matter…); the rules add theirs when pricing. */
  findings: Finding[];
  errors: AnalysisError[];
  /** The folder of the nearest manifest above the file ('' the root), when it has tasks and one is found: see projects.ts. */
  project?: string;
  /** Retrieval settings (`k=20`) and text-splitter chunk sizes found in the file. */
  retrieval?: RetrievalSetting[];
  chunks?: ChunkSetting[];
}

export interface ExtractOptions {
  config: ConfigValues;
  /** Abandon the analysis (it throws the signal's reason) when its result is no longer wanted. */
  signal?: AbortSignal;
  resolveImport?: ImportResolver;
  readFile?: FileReader;
  /** The workspace as one program (other files' exports, callers). */
  program?: Program;
  /** The file's time budget, when it started before (default: costlens.limits.analysisMs from now). */
  deadline?: Deadline;
}

export function loopDefaultsOf(config: ConfigValues): LoopDefaults {
  const expected = (config['defaults.expected'] ?? {}) as { toolRounds?: number; loopWithExit?: number };
  const sizes = (config['defaults.collectionSizes'] ?? {}) as Record<string, number>;
  return { collection: config['defaults.collectionSize'] as number, unbounded: config['defaults.unboundedSteps'] as number, toolRounds: expected.toolRounds ?? 2, loopWithExit: expected.loopWithExit ?? 1, ...(Object.keys(sizes).length ? { sizes } : {}) };
}

/** Whether CostLens analyses this path: prompt files, Python/TypeScript/JavaScript code and Jupyter notebooks. */
export function isAnalyzable(path: string): boolean {
  return isPromptFile(path) || languageOf(path) !== undefined || isNotebook(path);
}

/**
 * A notebook's positions are the cells': a line of the module the code cells make becomes a cell
 * (1-based among all cells) and a line within it. Fixes are withheld: their offsets are the
 * module's, not the notebook file's.
 */
export function toCells<T extends { line?: number; endLine?: number; cell?: number }>(nb: NotebookModule, items: T[]): T[] {
  return items.map((it) => {
    if (it.line === undefined || it.cell !== undefined) return it;
    const at = cellAt(nb, it.line);
    if (!at) return it;
    const out = { ...it, cell: at.cell, line: at.line };
    if (it.endLine !== undefined) out.endLine = it.endLine - (it.line - at.line);
    return out;
  });
}

/** What an `llm` node of a prompt flow says of the template it sends: its model and output cap, where the template says none. */
function fromFlow(site: CallSite, node: FlowNode): void {
  site.api = 'promptflow.llm';
  if (!site.model.id && node.model) {
    site.model = { id: node.model.id, from: `${node.file}:${node.model.line} (node "${node.name}" ${node.model.key})` };
    site.provider = inferProviderFromModel(node.model.id);
  }
  if (!site.outputCap && node.maxTokens) site.outputCap = { tokens: node.maxTokens.tokens, param: `max_tokens (${node.file}:${node.maxTokens.line})` };
}

export function extractFile(path: string, text: string, options: ExtractOptions): FileExtraction {
  const out: FileExtraction = { path, callSites: [], tasks: [], findings: [], errors: [] };
  const deadline = options.deadline ?? Deadline.forSettings(options.config);
  try {
    if (languageOf(path)) {
      const minified = minifiedReason(path, text);
      if (minified) {
        out.errors.push({ path, kind: 'limit', message: minified });
        return out;
      }
    }
    if (isPromptFile(path)) {
      // A Jinja template a prompt flow's node uses: an `llm` node's request on its model, a `prompt` node's no request.
      const flow = formatOf(path) === 'jinja' && options.program ? flowNodeOf(path, (f) => options.program!.read(f)) : undefined;
      if (flow?.type === 'prompt') return out;
      const prompt = parsePromptFile(path, text, flow?.samples);
      if (prompt && flow) fromFlow(prompt.callSite, flow);
      if (prompt) {
        // A Dotprompt file without a model runs on the model of the Genkit instance that loads it.
        if (options.program && parsersLoaded()) withPromptFolderModel(prompt.callSite, options.program);
        out.findings.push(...prompt.findings);
        out.errors.push(...prompt.errors);
        if (prompt.callSite.parts.length > 0 || prompt.callSite.model.id) out.callSites.push(prompt.callSite);
      }
    } else if (isNotebook(path)) {
      if (!parsersLoaded()) throw new Error('parsers not loaded: await loadParsers() before analysing code');
      const nb = notebookModule(text);
      if (!nb.ok) {
        out.errors.push({ path, kind: nb.language ? 'limit' : 'parse', message: `skipped: ${nb.problem}` });
        return out;
      }
      const code = extractCode(path, nb.text, { language: 'python', resolveImport: options.resolveImport, readFile: options.readFile, program: options.program, loopDefaults: loopDefaultsOf(options.config), signal: options.signal, deadline });
      out.callSites = out.callSites.concat(toCells(nb, code.callSites));
      out.tasks = out.tasks.concat(toCells(nb, code.tasks));
      out.errors = out.errors.concat(toCells(nb, code.errors));
      out.retrieval = code.retrieval;
      out.chunks = code.chunks;
    } else if (languageOf(path)) {
      if (!parsersLoaded()) throw new Error('parsers not loaded: await loadParsers() before analysing code');
      const code = extractCode(path, text, { resolveImport: options.resolveImport, readFile: options.readFile, program: options.program, loopDefaults: loopDefaultsOf(options.config), signal: options.signal, deadline });
      // Not push(...): a file's call sites can be more than a call's arguments may be.
      out.callSites = out.callSites.concat(code.callSites);
      out.tasks = out.tasks.concat(code.tasks);
      out.errors = out.errors.concat(code.errors);
      out.retrieval = code.retrieval;
      out.chunks = code.chunks;
    }
    out.callSites = applyStatedModels(out.callSites, options.config);
    const program = options.program;
    const scoped = applyScopes(path, out.callSites, out.tasks, options.config, program ? (rel) => program.read(rel) : undefined);
    out.callSites = scoped.sites;
    out.tasks = scoped.tasks;
    // The project a file's tasks belong to: the report says the month of each.
    const project = program && out.tasks.length ? projectOf(path, (rel) => program.read(rel)) : undefined;
    if (project !== undefined) out.project = project;
  } catch (e) {
    if (options.signal?.aborted) throw e;
    if (e instanceof AnalysisTimeout) return cutExtraction(path, e);
    // A bug of ours must not cost the user the rest of the workspace: report it against the file.
    out.errors.push({ path, kind: 'internal', message: `analysis failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  return out;
}

/** A file over its time budget: nothing half-done is reported, the file says it was cut. */
export function cutExtraction(path: string, e: AnalysisTimeout): FileExtraction {
  return { path, callSites: [], tasks: [], findings: [], errors: [{ path, kind: 'limit', message: e.message }] };
}

/** Whether an extraction has anything for pricing, rules or the report. */
export function isEmptyExtraction(x: FileExtraction): boolean {
  return !x.callSites.length && !x.tasks.length && !x.findings.length && !x.errors.length && !x.retrieval?.length && !x.chunks?.length;
}
