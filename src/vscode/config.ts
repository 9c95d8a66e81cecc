// Settings for a document: VS Code settings (`costlens.*`) over the workspace folder's
// `.costlens.json` over the defaults. Errors name the key; the rest applies.
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
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
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

/** Only values the user set (any scope), so the schema's defaults stay the single default. */
function settingsSource(scope: vscode.ConfigurationScope | undefined): ConfigSource {
  const cfg = vscode.workspace.getConfiguration('costlens', scope);
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(SETTINGS)) {
    const i = cfg.inspect(key);
    const v = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (v !== undefined) values[key] = v;
  }
  return { origin: 'settings', values };
}

/**
 * Resolved settings, the same object for as long as nothing they come from changes: analyses keyed
 * on the settings (the incremental path, the report's cache) compare them by identity.
 */
const resolvedCache = new Map<string, ResolvedConfig>();

export async function configFor(uri: vscode.Uri | undefined): Promise<ResolvedConfig> {
  const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : vscode.workspace.workspaceFolders?.[0];
  const file = await workspaceFileSource(folder);
  const settings = settingsSource(uri);
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
}
