// `costlens diff --base REV [--head REV]`: the workspace analysed at two revisions, each read from
// git's objects (the working tree is never touched; no --head: the working tree as it is), and
// the cost of the change between them (core/diff).
import { parseWorkspaceConfig, resolveConfig, ConfigSource, ConfigValues } from '../config/load';
import { isAnalyzable } from '../core/analysis/extractFile';
import { withWorkspaceFolder } from '../core/analysis/scopes';
import { maxBytesFor, sizeReason, SKIPPED_DIRS, skipReason } from '../core/analysis/limits';
import { DiffReport, diffReports, DiffSide } from '../core/diff/diff';
import type { AnalysisError } from '../core/model';
import { buildReport } from '../core/report/report';
import { gitRoot, listTree, prefixOf, readBlobs, renames, resolveCommit, showFile } from '../server/git';
import { analyzeFiles } from './analyzeFiles';
import type { WorkspaceFile } from './workspace';

declare const COSTLENS_VERSION: string | undefined;
const VERSION = typeof COSTLENS_VERSION === 'string' ? COSTLENS_VERSION : '0.1.0';

const utf8 = new TextDecoder('utf-8');

/** Whether a path inside the workspace is in a folder a scan skips (dependencies, build output…). */
function skipped(rel: string): boolean {
  const parts = rel.split('/');
  return parts.slice(0, -1).some((p) => SKIPPED_DIRS.has(p) || (p.startsWith('.') && p !== '.github'));
}

export interface RevisionOptions {
  /** Settings from this file instead of the revision's own `.costlens.json`. */
  configSources?: ConfigSource[];
}

/** The workspace at a commit, analysed from git's objects. */
export async function analyzeCommit(root: string, rev: string, options: RevisionOptions = {}): Promise<DiffSide & { config: ConfigValues; errors: AnalysisError[] }> {
  const repo = gitRoot(root);
  const commit = resolveCommit(root, rev);
  const prefix = prefixOf(repo, root);
  const tree = listTree(repo, commit, prefix).filter((f) => !skipped(f.path));
  const byPath = new Map(tree.map((f) => [f.path, f]));
  const errors: AnalysisError[] = [];
  let sources = options.configSources;
  if (!sources) {
    const cfg = byPath.get('.costlens.json');
    if (cfg) {
      const parsed = parseWorkspaceConfig(utf8.decode(readBlobs(repo, [cfg.oid]).get(cfg.oid) ?? new Uint8Array()), `.costlens.json (${rev})`);
      errors.push(...parsed.errors);
      sources = [parsed.source];
    } else sources = [];
  }
  const resolved = resolveConfig(sources);
  errors.push(...resolved.errors);
  if (sources.length === 0) resolved.values = withWorkspaceFolder(resolved.values, root);
  const listed = tree.filter((f) => isAnalyzable(f.path));
  const blobs = readBlobs(repo, listed.filter((f) => f.size <= maxBytesFor(f.path)).map((f) => f.oid));
  const files: WorkspaceFile[] = listed.map((f) => ({ absolute: `${commit}:${prefix ? `${prefix}/` : ''}${f.path}`, path: f.path })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const extra = new Map<string, string | undefined>();
  const result = await analyzeFiles(files, {
    root,
    config: resolved.values,
    workers: 0,
    parallelThreshold: Infinity,
    source: {
      read(file) {
        const f = byPath.get(file.path)!;
        if (f.size > maxBytesFor(f.path)) return { error: { path: file.path, kind: 'limit', message: sizeReason(f.size, maxBytesFor(f.path)) } };
        const bytes = blobs.get(f.oid);
        if (!bytes) return { error: { path: file.path, kind: 'read', message: `cannot read ${file.path} at ${rev}` } };
        const reason = skipReason(bytes, maxBytesFor(f.path));
        return reason ? { error: { path: file.path, kind: 'limit', message: reason } } : { text: utf8.decode(bytes) };
      },
      // Imports and prompt files read by path: from the same commit (only paths it has).
      readOther(rel) {
        const f = byPath.get(rel);
        if (!f || f.size > maxBytesFor(rel)) return undefined;
        const hit = blobs.get(f.oid);
        if (hit) return utf8.decode(hit);
        if (!extra.has(rel)) extra.set(rel, showFile(repo, commit, prefix ? `${prefix}/${rel}` : rel));
        return extra.get(rel);
      },
    },
  });
  errors.push(...result.errors);
  return { rev, commit, report: buildReport(result.analyses, resolved.values, errors, VERSION), analyses: result.analyses, config: resolved.values, errors };
}

export interface DiffOptions {
  base: string;
  /** Undefined: the working tree. */
  head?: string;
  configSources?: ConfigSource[];
  /** The working tree's analysis, when the caller has one (the CLI scans it; the editor its folder). */
  workingTree?: () => Promise<DiffSide & { config: ConfigValues }>;
}

/** The cost of the change from `base` to `head` (or the working tree). */
export async function diffRevisions(root: string, o: DiffOptions): Promise<DiffReport> {
  const base = await analyzeCommit(root, o.base, { configSources: o.configSources });
  let head: DiffSide & { config: ConfigValues };
  if (o.head) head = await analyzeCommit(root, o.head, { configSources: o.configSources });
  else if (o.workingTree) head = await o.workingTree();
  else throw new Error('no head revision and no working tree to compare with');
  const repo = gitRoot(root);
  const moved = renames(repo, base.commit!, head.commit ?? undefined, prefixOf(repo, root));
  return diffReports(base, head, moved, { perMonth: head.config['budgets.diffPerMonth'] as number | null, percentPerTask: head.config['budgets.diffPercentPerTask'] as number | null });
}
