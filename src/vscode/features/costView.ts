// The CostLens view in its own activity-bar container: the month's total at the top, then the tasks
// by where their code runs (production first; other scopes say they are not counted), by $/month or
// by name; under a task its call sites, under a call site its assumptions and findings. Clicking a
// task, call site or finding opens it; a call-site lens reveals its node. Figures come from the
// workspace report (the same scan as the report webview and `costlens scan`), kept current by
// WorkspaceResults while the view is visible. Theme icons and colours only.
import * as vscode from 'vscode';
import { buildCostTree, type CostTree, type CostTreeFinding, type CostTreeSite, type CostTreeSort, type CostTreeTask } from '../../core/report/costTree';
import { formatCount, formatLocation, formatPlain, formatTokens, formatUsd } from '../../core/report/format';
import type { Assumption } from '../../core/model';
import { Disposable } from '../util/dispose';
import type { WorkspaceScan } from '../workspaceScan';
import type { WorkspaceResults } from '../workspaceResults';

export const COST_VIEW_ID = 'costlens.costs';
const SORT_CONTEXT = 'costlens.costView.sortedBy';

export type CostNode =
  | { kind: 'totals'; id: string; tree: CostTree }
  | { kind: 'scope'; id: string; scope: CostTree['scopes'][number]; children: CostNode[] }
  | { kind: 'task'; id: string; parent: CostNode; task: CostTreeTask; children: CostNode[] }
  | { kind: 'site'; id: string; parent: CostNode; site: CostTreeSite; children: CostNode[] }
  | { kind: 'assumption'; id: string; parent: CostNode; assumption: Assumption }
  | { kind: 'finding'; id: string; parent: CostNode; finding: CostTreeFinding };

const SCOPE_ICONS: Record<string, string> = { production: 'server-process', test: 'beaker', example: 'lightbulb', script: 'terminal', docs: 'book', notebook: 'notebook', library: 'library' };
const SEVERITY_ICONS: Record<string, [string, string]> = {
  error: ['error', 'problemsErrorIcon.foreground'],
  warning: ['warning', 'problemsWarningIcon.foreground'],
  info: ['info', 'problemsInfoIcon.foreground'],
  hint: ['lightbulb', 'problemsInfoIcon.foreground'],
};

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The task's month in words: `$2.8k/month`, `not counted (test)`, `in answer`. */
export function taskMonthText(t: CostTreeTask): string {
  if (t.month.kind === 'rolledUp') return `in ${t.month.into.join(', ')}`;
  if (t.month.kind === 'notCounted') return `not counted (${t.month.scope})`;
  return t.month.usd ? `${formatUsd(t.month.usd.expected)}/month` : 'no price';
}

export class CostViewProvider extends Disposable implements vscode.TreeDataProvider<CostNode> {
  private readonly changed = this.register(new vscode.EventEmitter<CostNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private roots: CostNode[] | undefined;
  private scan: WorkspaceScan | undefined;
  sortBy: CostTreeSort = 'cost';
  readonly treeView: vscode.TreeView<CostNode>;

  constructor(private readonly results: WorkspaceResults) {
    super();
    this.treeView = this.register(vscode.window.createTreeView(COST_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }));
    this.register(
      results.onDidChange((scan) => {
        this.build(scan);
        this.changed.fire(undefined);
      }),
    );
    this.register(this.treeView.onDidChangeVisibility((e) => results.want('view', e.visible)));
    results.want('view', this.treeView.visible);
    void vscode.commands.executeCommand('setContext', SORT_CONTEXT, this.sortBy);
  }

  /** Sort the tasks (and their call sites) by $/month or by name. */
  async setSort(sortBy: CostTreeSort): Promise<void> {
    this.sortBy = sortBy;
    await vscode.commands.executeCommand('setContext', SORT_CONTEXT, sortBy);
    if (this.scan) this.build(this.scan);
    this.changed.fire(undefined);
  }

  async getChildren(node?: CostNode): Promise<CostNode[]> {
    if (node) return 'children' in node ? node.children : [];
    if (!this.roots) {
      try {
        this.build(await this.results.current());
      } catch (e) {
        this.treeView.message = `The workspace could not be scanned: ${e instanceof Error ? e.message : String(e)}`;
        return [];
      }
    }
    return this.roots ?? [];
  }

  getParent(node: CostNode): CostNode | undefined {
    return 'parent' in node ? node.parent : undefined;
  }

  /** Reveal (and select) the node of a call site, given its document and its key in that document. */
  async revealCallSite(uri: vscode.Uri, key: string): Promise<CostNode | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    // With several folders, report keys start with the folder's name.
    const reportKey = folder && (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/${key}` : key;
    if (!this.roots) this.build(await this.results.current());
    let node = this.find(reportKey);
    // The scan may predate the call (a new or edited file): scan again once.
    if (!node) {
      this.build(await this.results.refresh());
      node = this.find(reportKey);
    }
    if (!node) return undefined;
    await this.treeView.reveal(node, { select: true, focus: false, expand: true });
    return node;
  }

  /** The first node of a call site (a call site under several tasks is revealed under the first). */
  private find(siteKey: string): CostNode | undefined {
    const walk = (nodes: CostNode[]): CostNode | undefined => {
      for (const n of nodes) {
        if (n.kind === 'site' && n.site.key === siteKey) return n;
        const inner = 'children' in n ? walk(n.children) : undefined;
        if (inner) return inner;
      }
      return undefined;
    };
    return walk(this.roots ?? []);
  }

  private build(scan: WorkspaceScan): void {
    this.scan = scan;
    const tree = buildCostTree(scan.report, scan.analyses, this.sortBy);
    const roots: CostNode[] = [{ kind: 'totals', id: 'totals', tree }];
    for (const scope of tree.scopes) {
      const group: CostNode = { kind: 'scope', id: `scope:${scope.scope}`, scope, children: [] };
      for (const task of scope.tasks) {
        const tid = `${group.id}>task:${task.key}`;
        const tnode: CostNode = { kind: 'task', id: tid, parent: group, task, children: [] };
        for (const site of task.sites) {
          const sid = `${tid}>site:${site.key}`;
          const snode: CostNode = { kind: 'site', id: sid, parent: tnode, site, children: [] };
          site.assumptions.forEach((assumption, i) => snode.children.push({ kind: 'assumption', id: `${sid}>assumption:${i}`, parent: snode, assumption }));
          site.findings.forEach((finding, i) => snode.children.push({ kind: 'finding', id: `${sid}>finding:${i}`, parent: snode, finding }));
          tnode.children.push(snode);
        }
        group.children.push(tnode);
      }
      roots.push(group);
    }
    this.roots = roots;
    this.treeView.message = scan.report.callSites.length ? undefined : 'No LLM calls or prompt files in this workspace yet.';
  }

  /** Opens a report path at a 1-based line. */
  private open(path: string, line: number): vscode.Command | undefined {
    const uri = this.scan?.uris.get(path);
    if (!uri) return undefined;
    const at = new vscode.Range(Math.max(0, line - 1), 0, Math.max(0, line - 1), 0);
    return { title: 'Open', command: 'vscode.open', arguments: [uri, { selection: at, preserveFocus: false } satisfies vscode.TextDocumentShowOptions] };
  }

  getTreeItem(node: CostNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'totals': {
        const t = node.tree.totals;
        const item = new vscode.TreeItem(`${formatUsd(t.usdPerMonth.expected)}/month`, C.None);
        item.description = `expected${t.notCounted ? ' in production' : ''} (${formatUsd(t.usdPerMonth.low)}–${formatUsd(t.usdPerMonth.high)}) at ${t.tasksPerDay.toLocaleString('en-US')} tasks/day × ${t.daysPerMonth.toLocaleString('en-US')} days`;
        item.tooltip = [
          `${plural(t.callSites, 'call site')}: ${formatUsd(t.usdPerMonth.expected)} a month expected, ${formatUsd(t.usdPerMonth.low)} to ${formatUsd(t.usdPerMonth.high)}.`,
          t.unpricedCallSites ? `${plural(t.unpricedCallSites, 'call site')} without a price (not in the figure).` : '',
          t.notCounted ? `${plural(t.notCounted, 'task')} outside production not counted in the month (no traffic stated).` : '',
        ]
          .filter(Boolean)
          .join('\n');
        item.iconPath = new vscode.ThemeIcon('graph');
        item.id = node.id;
        item.contextValue = 'totals';
        return item;
      }
      case 'scope': {
        const s = node.scope;
        const item = new vscode.TreeItem(capitalised(s.scope), s.scope === 'production' ? C.Expanded : C.Collapsed);
        const counted = s.tasks.length - s.notCounted;
        item.description = [plural(s.tasks.length, 'task'), counted ? `${formatUsd(s.usdPerMonth)}/month` : '', s.notCounted ? `${formatCount(s.notCounted)} not counted in the month` : ''].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon(SCOPE_ICONS[s.scope] ?? 'folder');
        item.id = node.id;
        item.contextValue = 'scope';
        return item;
      }
      case 'task': {
        const t = node.task;
        // Two tasks named alike (a `summarize` prompt file and a `summarize` function) are told apart by file.
        const twin = node.parent.kind === 'scope' && node.parent.scope.tasks.some((o) => o !== t && o.name === t.name);
        const item = new vscode.TreeItem(twin ? `${t.name} (${t.path.split('/').pop()})` : t.name, C.Collapsed);
        const perTask = t.usdPerTask ? `${formatUsd(t.usdPerTask.expected)}/task` : '';
        item.description = [taskMonthText(t), perTask, t.ownTask ? 'one task of its own' : plural(t.steps, 'step')].filter(Boolean).join(' · ');
        const why = t.month.kind === 'notCounted' ? `\nNot counted in the month: ${t.month.why}` : t.month.kind === 'rolledUp' ? `\nCounted in the month as part of ${t.month.into.join(', ')}.` : '';
        item.tooltip = `${t.name} — ${formatLocation(t.path, t.line)}\n${item.description}${why}`;
        item.iconPath = new vscode.ThemeIcon('symbol-event', t.month.kind === 'notCounted' ? new vscode.ThemeColor('disabledForeground') : undefined);
        item.command = this.open(t.path, t.line);
        item.id = node.id;
        item.contextValue = t.month.kind === 'notCounted' ? 'task.notCounted' : 'task';
        return item;
      }
      case 'site': {
        const { site: s, assumptions, findings } = node.site;
        const item = new vscode.TreeItem(formatLocation(s.path.split('/').pop() ?? s.path, s.line), assumptions.length || findings.length ? C.Collapsed : C.None);
        const price = s.testDouble ? 'test double' : s.usd ? `${formatUsd(s.usd.perCall.expected)}/call` : 'no price';
        item.description = [s.model ?? 'model unknown', price, s.multiplier.expected !== 1 ? `×${formatPlain(s.multiplier.expected)}/task` : '', findings.length ? plural(findings.length, 'finding') : ''].filter(Boolean).join(' · ');
        item.tooltip = `${formatLocation(s.path, s.line)} · ${s.provider} ${s.api}\n${s.exactTokens ? '' : '≈ '}${formatTokens(s.tokens.input)} in · ${formatTokens(s.tokens.output)} out · ${price}${s.usd ? ` · ${formatUsd(s.usd.perTask.expected)}/task · ${formatUsd(s.usd.perMonth.expected)}/month` : ''}`;
        item.iconPath = new vscode.ThemeIcon(s.kind === 'prompt-file' ? 'file-text' : 'symbol-method', findings.length ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
        item.command = this.open(s.path, s.line);
        item.id = node.id;
        item.contextValue = 'callSite';
        return item;
      }
      case 'assumption': {
        const item = new vscode.TreeItem(node.assumption.text, C.None);
        if (node.assumption.changeWith) item.description = node.assumption.changeWith;
        item.tooltip = `Assumed: ${node.assumption.text}${node.assumption.changeWith ? `\nChange it with ${node.assumption.changeWith}` : ''}`;
        item.iconPath = new vscode.ThemeIcon('question');
        item.id = node.id;
        item.contextValue = 'assumption';
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(f.message, C.None);
        item.description = [f.ruleId, f.usdPerMonthAtStake ? `${formatUsd(f.usdPerMonthAtStake)}/month at stake` : ''].filter(Boolean).join(' · ');
        item.tooltip = `${f.message}\n[${f.ruleId}] ${formatLocation(f.path, f.line)}`;
        const [icon, colour] = SEVERITY_ICONS[f.severity] ?? SEVERITY_ICONS.info;
        item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
        item.command = this.open(f.path, f.line);
        item.id = node.id;
        item.contextValue = 'finding';
        return item;
      }
    }
  }
}

export function register(results: WorkspaceResults): { provider: CostViewProvider; disposable: vscode.Disposable } {
  const provider = new CostViewProvider(results);
  const disposable = vscode.Disposable.from(
    provider,
    vscode.commands.registerCommand('costlens.sortCostViewByName', () => provider.setSort('name')),
    vscode.commands.registerCommand('costlens.sortCostViewByCost', () => provider.setSort('cost')),
    vscode.commands.registerCommand('costlens.refreshCostView', () => results.refresh()),
  );
  return { provider, disposable };
}
