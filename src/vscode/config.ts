// Settings for a document: VS Code settings (`costlens.*`) over the workspace folder's
// `.costlens.json` over the defaults. Errors name the key; the rest applies. The first file's
// analysis waits for these (#16): a folder on disk is looked at here, not through
// vscode.workspace.fs (a round trip through the window, 0.1-1 s while it opens an editor), and
// VS Code's settings are read once per folder until they change.
import { statSync } from 'node:fs';
import * as vscode from 'vscode';
import { ConfigSource, parseWorkspaceConfig, resolveConfig, ResolvedConfig } from '../config/load';
import { SETTINGS } from '../config/schema';
import { readInside, WorkspaceBoundary } from '../core/analysis/boundary';
import { MAX_FILE_BYTES } from '../core/analysis/limits';
import { withWorkspaceFolder } from '../core/analysis/scopes';

const fileCache = new Map<string, { mtime: number; source: ConfigSource; errors: ResolvedConfig['errors'] }>();

async function workspaceFileSource(folder: vscode.WorkspaceFolder | undefined): Promise<{ source?: ConfigSource; errors: ResolvedConfig['errors'] }> {
  if (!folder) return { errors: [] };
  const uri = vscode.Uri.joinPath(folder.uri, '.costlens.json');
  let stat: { mtime: number };
  try {
    stat = uri.scheme === 'file' ? { mtime: statSync(uri.fsPath).mtimeMs } : await vscode.workspace.fs.stat(uri);
  } catch {
    return { errors: [] };
  }
  const cached = fileCache.get(uri.toString());
  if (cached && cached.mtime === stat.mtime) return cached;
  let text: string;
  if (uri.scheme === 'file') {
    // Read as the folder's other files are: a link out of it is not followed (its text could
    // otherwise show in a message about invalid JSON).
    const r = readInside(new WorkspaceBoundary([folder.uri.fsPath]), uri.fsPath, MAX_FILE_BYTES);
    if ('refusal' in r) return { errors: [{ path: vscode.workspace.asRelativePath(uri, true), kind: 'settings', message: `not read: ${r.refusal.message.replace(/^skipped: /, '')}` }] };
    text = r.bytes.toString('utf8');
  } else text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const parsed = parseWorkspaceConfig(text, vscode.workspace.asRelativePath(uri, true));
  const entry = { mtime: stat.mtime, source: parsed.source, errors: parsed.errors };
  fileCache.set(uri.toString(), entry);
  return entry;
}

/**
 * Per workspace folder ('' for none), what the user set: a resource's settings are its folder's
 * (no language is given, so no language-specific ones), and reading them is ~40 inspect() calls.
 */
const settingsCache = new Map<string, ConfigSource>();
/** Times VS Code's settings were read (for tests: once per folder until they change). */
export let settingsReads = 0;

/** Only values the user set (any scope), so the schema's defaults stay the single default. */
function settingsSource(folder: vscode.WorkspaceFolder | undefined): ConfigSource {
  const key = folder?.uri.toString() ?? '';
  const known = settingsCache.get(key);
  if (known) return known;
  settingsReads++;
  const cfg = vscode.workspace.getConfiguration('costlens', folder?.uri);
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(SETTINGS)) {
    const i = cfg.inspect(key);
    const v = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (v !== undefined) values[key] = v;
  }
  const source: ConfigSource = { origin: 'settings', values };
  settingsCache.set(key, source);
  return source;
}

/**
 * Resolved settings, the same object for as long as nothing they come from changes: analyses keyed
 * on the settings (the incremental path, the report's cache) compare them by identity.
 */
const resolvedCache = new Map<string, ResolvedConfig>();

export async function configFor(uri: vscode.Uri | undefined): Promise<ResolvedConfig> {
  const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : vscode.workspace.workspaceFolders?.[0];
  const file = await workspaceFileSource(folder);
  const settings = settingsSource(uri ? folder : undefined);
  const key = JSON.stringify([folder?.uri.toString() ?? '', 'mtime' in file ? file.mtime : null, settings.values]);
  const hit = resolvedCache.get(key);
  if (hit) return hit;
  const resolved = resolveConfig([...(file.source ? [file.source] : []), settings]);
  // The workspace folder's own name may say what all of it is (an examples repository), unless
  // its .costlens.json says how it runs.
  if (!file.source) resolved.values = withWorkspaceFolder(resolved.values, folder?.name);
  const out = { ...resolved, errors: [...file.errors, ...resolved.errors] };
  if (resolvedCache.size > 64) resolvedCache.clear();
  resolvedCache.set(key, out);
  return out;
}

export function invalidateConfigCache(): void {
  fileCache.clear();
  resolvedCache.clear();
  settingsCache.clear();
}

/**
 * Read VS Code's settings again after any `costlens.*` change (display switches included). Made
 * first in activate(), so this runs before any other listener that resolves settings.
 */
export function watchSettings(): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('costlens')) settingsCache.clear();
  });
}
