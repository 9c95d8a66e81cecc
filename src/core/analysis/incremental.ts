// Re-analysing a document after an edit reuses what did not change: the previous parse tree is
// edited and handed to tree-sitter (which re-parses only the changed region), and token counts are
// memoised by content. Results for a version already seen are returned as they are.
import type { Tree } from '@vscode/tree-sitter-wasm';
import type { ConfigValues } from '../../config/load';
import { estimateCallSite } from '../estimate/estimate';
import { extractCode } from '../extract/code/extract';
import { languageOf } from '../extract/code/parser';
import type { FileReader } from '../extract/code/prompts';
import type { ImportResolver } from '../extract/code/values';
import { analyzeFile, FileAnalysis } from './analyzeFile';

interface Entry {
  version: number;
  text: string;
  tree?: Tree;
  analysis: FileAnalysis;
  config: ConfigValues;
}

export interface IncrementalOptions {
  resolveImport?: ImportResolver;
  readFile?: FileReader;
  /** Documents kept at most (least recently analysed dropped first). */
  maxDocuments?: number;
}

/** Row/column of an offset, as tree-sitter wants them (columns in the same units as offsets). */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

export class IncrementalAnalyzer {
  private readonly docs = new Map<string, Entry>();
  reusedTrees = 0;

  constructor(private readonly options: IncrementalOptions = {}) {}

  analyze(path: string, version: number, text: string, config: ConfigValues): FileAnalysis {
    const prev = this.docs.get(path);
    if (prev && prev.version === version && prev.text === text && prev.config === config) return prev.analysis;
    if (!languageOf(path)) {
      const analysis = analyzeFile(path, text, { config, resolveImport: this.options.resolveImport, readFile: this.options.readFile });
      this.remember(path, { version, text, analysis, config });
      return analysis;
    }
    let oldTree: Tree | undefined;
    if (prev?.tree) {
      // One edit covering what changed: common prefix and suffix of the old and new text.
      const a = prev.text;
      let start = 0;
      const max = Math.min(a.length, text.length);
      while (start < max && a.charCodeAt(start) === text.charCodeAt(start)) start++;
      let endOld = a.length;
      let endNew = text.length;
      while (endOld > start && endNew > start && a.charCodeAt(endOld - 1) === text.charCodeAt(endNew - 1)) {
        endOld--;
        endNew--;
      }
      prev.tree.edit({
        startIndex: start,
        oldEndIndex: endOld,
        newEndIndex: endNew,
        startPosition: pointAt(a, start),
        oldEndPosition: pointAt(a, endOld),
        newEndPosition: pointAt(text, endNew),
      });
      oldTree = prev.tree;
      this.reusedTrees++;
    }
    const out: FileAnalysis = { path, callSites: [], estimates: new Map(), tasks: [], findings: [], errors: [] };
    let tree: Tree | undefined;
    try {
      const code = extractCode(path, text, { resolveImport: this.options.resolveImport, readFile: this.options.readFile, oldTree, keepTree: true });
      tree = code.tree;
      out.callSites = code.callSites;
      out.tasks = code.tasks;
      out.errors = code.errors;
      for (const site of out.callSites) out.estimates.set(site.key, estimateCallSite(site, { config }));
    } catch (e) {
      out.errors.push({ path, kind: 'internal', message: `analysis failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      prev?.tree?.delete();
    }
    this.remember(path, { version, text, tree, analysis: out, config });
    return out;
  }

  private remember(path: string, entry: Entry): void {
    this.docs.delete(path);
    this.docs.set(path, entry);
    const max = this.options.maxDocuments ?? 64;
    while (this.docs.size > max) {
      const [oldest, e] = this.docs.entries().next().value as [string, Entry];
      e.tree?.delete();
      this.docs.delete(oldest);
    }
  }

  /** Forget a document (closed) and free its tree. */
  forget(path: string): void {
    this.docs.get(path)?.tree?.delete();
    this.docs.delete(path);
  }

  dispose(): void {
    for (const e of this.docs.values()) e.tree?.delete();
    this.docs.clear();
  }
}
