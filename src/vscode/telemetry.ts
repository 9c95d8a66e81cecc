// Telemetry in the editor: the observed calls of each workspace folder's store
// (`.costlens/telemetry/`, written by this receiver, `costlens serve` or an import), joined to the
// workspace's call sites and summed per call site for the lenses, the hover and the report; the
// calibration of estimated token counts refined from them; the receiver started and stopped
// (trusted workspaces only); imports; and the recent calls of a call site opened in the user's
// trace viewer.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConfigValues } from '../config/load';
import { calibrationFromObservations, ObservedCalibration } from '../core/telemetry/calibrate';
import { ObservedSite, OBSERVED_SITES_KEY, observedSites } from '../core/telemetry/refine';
import { CallSiteIndex } from '../core/telemetry/join';
import { CallSummary, observeWorkspace, ObservationStats, StoredCall, WorkspaceObservations } from '../core/telemetry/observations';
import { formatCount, formatTokens, formatUsd } from '../core/report/format';
import { CallLog } from '../server/callLog';
import { Receiver, startReceiver } from '../server/receiver';
import { DEFAULT_IMPORT_MAX_BYTES, importCalls, importTelemetryFile, readTelemetryText } from '../server/telemetryFiles';
import type { AnalysisService, DocumentAnalysis } from './analysisService';
import { configFor } from './config';
import { Disposable } from './util/dispose';
import type { WorkspaceScan, WorkspaceScanner } from './workspaceScan';

export const STORE_DIR = path.join('.costlens', 'telemetry');

interface FolderState {
  folder: vscode.WorkspaceFolder;
  calls: readonly StoredCall[];
  /** Calls past the store's retention, summed per call site. */
  summaries: readonly CallSummary[];
  observations?: WorkspaceObservations;
}

/** The lens's addition: `observed $0.0079/call · 1.2k calls/day`. */
export function observedLensText(o: ObservationStats): string {
  return `observed ${o.usdPerCall ? `${formatUsd(o.usdPerCall.mean)}/call` : `${o.count} calls`} · ${formatCount(o.callsPerDay)} calls/day`;
}

/** The hover's lines: percentiles, cache hit rate, and how far the estimate is from what was seen. */
export function observedHoverLines(o: ObservationStats, estimatedUsdPerCall: number | undefined, estimatedInput: number): string[] {
  const lines = [`**Observed**: ${o.count} call${o.count === 1 ? '' : 's'} from ${new Date(o.windowStartMs).toISOString().slice(0, 16).replace('T', ' ')} to ${new Date(o.windowEndMs).toISOString().slice(0, 16).replace('T', ' ')} UTC, ${formatCount(o.callsPerDay)} a day`];
  if (o.usdPerCall) lines.push(`${formatUsd(o.usdPerCall.p50)} per call at the median, ${formatUsd(o.usdPerCall.p95)} at p95 (mean ${formatUsd(o.usdPerCall.mean)})`);
  lines.push(`input ${formatTokens(o.inputTokens.p50)} (p95 ${formatTokens(o.inputTokens.p95)}) · cached ${formatTokens(o.cachedInputTokens.p50)} (${Math.round(o.cacheHitRate * 100)}% of input from the cache) · output ${formatTokens(o.outputTokens.p50)} (p95 ${formatTokens(o.outputTokens.p95)})`);
  if (estimatedUsdPerCall !== undefined && o.usdPerCall && estimatedUsdPerCall > 0) {
    const drift = (o.usdPerCall.mean - estimatedUsdPerCall) / estimatedUsdPerCall;
    lines.push(`Drift: estimated ${formatUsd(estimatedUsdPerCall)} per call, observed ${formatUsd(o.usdPerCall.mean)} (${drift >= 0 ? '+' : ''}${Math.round(drift * 100)}%); input estimated ${formatTokens(estimatedInput)}, observed ${formatTokens(o.inputTokens.p50)}`);
  }
  if (o.errors) lines.push(`${o.errors} call${o.errors === 1 ? '' : 's'} ended in an error`);
  return lines;
}

export class TelemetryService extends Disposable {
  private readonly folders = new Map<string, FolderState>();
  private receiver: { receiver: Receiver; log: CallLog; folder: vscode.WorkspaceFolder; bySetting: boolean } | undefined;
  private recomputing: Promise<void> | undefined;
  private again = false;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  calibration: ObservedCalibration[] = [];
  private toldSummarised = false;
  private readonly status: vscode.StatusBarItem;

  constructor(
    private readonly service: AnalysisService,
    private readonly scanner: WorkspaceScanner,
  ) {
    super();
    this.status = this.register(vscode.window.createStatusBarItem('costlens.receiver', vscode.StatusBarAlignment.Right, 99));
    this.status.name = 'CostLens trace receiver';
    this.status.command = 'costlens.stopReceiver';
    scanner.observationsFor = (folders) => this.observationsForReport(folders);
    // The stores change when this receiver, `costlens serve` or an import writes them.
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(`**/${STORE_DIR.split(path.sep).join('/')}/*`));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void this.reload(), 500);
    };
    this.register(watcher.onDidChange(soon));
    this.register(watcher.onDidCreate(soon));
    this.register(watcher.onDidDelete(soon));
    this.register({ dispose: () => timer && clearTimeout(timer) });
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()));
    this.register(vscode.workspace.onDidSaveTextDocument(soon));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.applySettings()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('costlens.telemetry.receiver')) void this.applySettings();
      }),
    );
    this.register({ dispose: () => void this.stopReceiver() });
  }

  /** Load the stores and start the receiver if the settings say so. */
  async start(): Promise<void> {
    await this.reload();
    await this.applySettings();
  }

  private storeOf(folder: vscode.WorkspaceFolder): string | undefined {
    return folder.uri.scheme === 'file' ? path.join(folder.uri.fsPath, STORE_DIR) : undefined;
  }

  /** Read every folder's store again, then join. */
  async reload(): Promise<void> {
    this.folders.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const store = this.storeOf(folder);
      if (!store || !existsSync(store)) continue;
      const log = this.receiver?.folder.uri.toString() === folder.uri.toString() ? this.receiver.log : CallLog.read(store);
      this.folders.set(folder.uri.toString(), { folder, calls: log.all(), summaries: log.summaries() });
    }
    await this.recompute();
  }

  get hasCalls(): boolean {
    for (const f of this.folders.values()) if (f.calls.length || f.summaries.length) return true;
    return false;
  }

  /** Join the calls to the workspace's call sites (a workspace scan, cheap after the first). */
  private hadCalls = false;

  private recompute(): Promise<void> {
    if (this.recomputing) {
      this.again = true;
      return this.recomputing;
    }
    this.recomputing = (async () => {
      do {
        this.again = false;
        if (!this.hasCalls) {
          for (const f of this.folders.values()) f.observations = undefined;
          this.setCalibration([], {});
          continue;
        }
        const scan = await this.scanner.scan();
        this.joinAll(scan.folders);
        const cfgOn = vscode.workspace.getConfiguration('costlens').get<boolean>('telemetry.calibrate', true);
        this.setCalibration(
          cfgOn ? scan.folders.flatMap((f) => calibrationFromObservations(f.analyses, this.folders.get(f.folder.uri.toString())?.observations?.byKey ?? new Map())) : [],
          cfgOn ? Object.assign({}, ...scan.folders.map((f) => observedSites(this.folders.get(f.folder.uri.toString())?.observations?.byKey ?? new Map()))) : {},
        );
      } while (this.again);
    })().finally(() => {
      this.recomputing = undefined;
      // Nothing observed before or now (most workspaces, at every start): the lenses stay as they
      // are (an event would make VS Code wait its CodeLens pause again and ask anew).
      const now = this.hasCalls;
      if (now || this.hadCalls) this.changed.fire();
      this.hadCalls = now;
    });
    return this.recomputing;
  }

  private joinAll(folders: WorkspaceScan['folders']): void {
    for (const { folder, analyses } of folders) {
      const state = this.folders.get(folder.uri.toString());
      if (!state) continue;
      state.observations = observeWorkspace(state.calls, new CallSiteIndex(analyses, folder.uri.scheme === 'file' ? [folder.uri.fsPath] : []), undefined, state.summaries);
    }
  }

  private setCalibration(c: ObservedCalibration[], sites: Record<string, ObservedSite>): void {
    const same = JSON.stringify([c, sites]) === JSON.stringify([this.calibration, this.observedSites]);
    this.calibration = c;
    this.observedSites = sites;
    if (same) return;
    // Factors per model family, and per call site what a run makes and what it reasons.
    const extra: Partial<ConfigValues> = {
      ...(c.length ? { 'tokenizers.observedCalibration': Object.fromEntries(c.map((x) => [x.family, { factor: x.factor, calls: x.calls }])) } : {}),
      ...(Object.keys(sites).length ? { [OBSERVED_SITES_KEY]: sites } : {}),
    };
    this.service.setExtraConfig(extra);
  }

  private observedSites: Record<string, ObservedSite> = {};

  /** For the report: every folder's observations, keys prefixed by folder name in a multi-root window. */
  private observationsForReport(folders: WorkspaceScan['folders']): WorkspaceObservations | undefined {
    if (!this.hasCalls) return undefined;
    this.joinAll(folders);
    const multi = folders.length > 1;
    const out: WorkspaceObservations = { byKey: new Map(), unmatched: [], unmatchedCount: 0, matchedCount: 0 };
    for (const { folder } of folders) {
      const o = this.folders.get(folder.uri.toString())?.observations;
      if (!o) continue;
      for (const [k, v] of o.byKey) out.byKey.set(multi ? `${folder.name}/${k}` : k, v);
      out.unmatched.push(...o.unmatched);
      out.unmatchedCount += o.unmatchedCount;
      out.matchedCount += o.matchedCount;
    }
    return out;
  }

  /** What telemetry saw for a call site of an open document. */
  statsFor(a: DocumentAnalysis, key: string): ObservationStats | undefined {
    if (!a.folder) return undefined;
    return this.folders.get(a.folder.uri.toString())?.observations?.byKey.get(key);
  }

  unmatched(): { call: StoredCall; reason: string }[] {
    return [...this.folders.values()].flatMap((f) => f.observations?.unmatched ?? []);
  }

  private async applySettings(): Promise<void> {
    const cfg = vscode.workspace.getConfiguration('costlens');
    const want = cfg.get<boolean>('telemetry.receiver.enabled', false);
    const port = cfg.get<number>('telemetry.receiver.port', 4318);
    const token = cfg.get<string>('telemetry.receiver.token', '');
    // The setting starts and stops the receiver it started; one started by the command stays.
    if (!want) {
      if (this.receiver?.bySetting) await this.stopReceiver();
      return;
    }
    if (this.receiver && (!this.receiver.bySetting || this.receiver.receiver.port === port)) return;
    await this.stopReceiver();
    await this.startReceiver({ port, token, quiet: true, bySetting: true });
  }

  /** Start the receiver into the first folder's store. Returns its URL, or undefined with the reason shown. */
  async startReceiver(o: { port?: number; token?: string; quiet?: boolean; bySetting?: boolean } = {}): Promise<string | undefined> {
    if (this.receiver) return this.receiver.receiver.url;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('CostLens: the trace receiver runs only in a trusted workspace (it listens on a port and writes to the workspace).');
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    if (!folder) {
      void vscode.window.showWarningMessage('CostLens: open a folder on disk first: the receiver keeps what it receives in the folder (.costlens/telemetry).');
      return undefined;
    }
    const cfg = vscode.workspace.getConfiguration('costlens', folder.uri);
    let log: CallLog;
    try {
      log = CallLog.open(this.storeOf(folder)!, { maxCalls: cfg.get<number>('telemetry.retention.maxCalls') });
    } catch (e) {
      void vscode.window.showErrorMessage(`CostLens: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    try {
      const config = (await configFor(folder.uri)).values;
      const receiver = await startReceiver({
        port: o.port ?? cfg.get<number>('telemetry.receiver.port', 4318),
        // The setting's empty default means no token, as its description says.
        token: (o.token ?? cfg.get<string>('telemetry.receiver.token', '')) || undefined,
        config,
        log,
        onBatch: () => {
          // Said once a session: older calls are summarised from here on, as the setting says.
          if (log.summarizedThisRun && !this.toldSummarised) {
            this.toldSummarised = true;
            void vscode.window.showInformationMessage(`CostLens: observed calls beyond ${log.retention} (costlens.telemetry.retention.maxCalls) are now folded into per-call-site summaries: every figure still counts them; their trace ids are no longer listed.`);
          }
          void this.reload();
        },
      });
      this.receiver = { receiver, log, folder, bySetting: !!o.bySetting };
      this.status.text = `$(radio-tower) OTLP ${receiver.port}`;
      this.status.tooltip = `CostLens receives traces on ${receiver.url} (click to stop)`;
      this.status.show();
      if (!o.quiet) void vscode.window.showInformationMessage(`CostLens receives traces on ${receiver.url}: point an OTLP/HTTP exporter or a Collector at it.`);
      await this.reload();
      return receiver.url;
    } catch (e) {
      log.close();
      void vscode.window.showErrorMessage(`CostLens: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  async stopReceiver(): Promise<void> {
    const r = this.receiver;
    if (!r) return;
    this.receiver = undefined;
    this.status.hide();
    await r.receiver.close();
    r.log.close();
  }

  get receiverUrl(): string | undefined {
    return this.receiver?.receiver.url;
  }

  /** Import telemetry files into the first folder's store. */
  async importFiles(files: vscode.Uri[]): Promise<number> {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    if (!folder) throw new Error('open a folder on disk first: imported calls are kept in the folder (.costlens/telemetry)');
    const own = this.receiver?.folder.uri.toString() === folder.uri.toString() ? this.receiver.log : undefined;
    const config = (await configFor(folder.uri)).values;
    const log = own ?? CallLog.open(this.storeOf(folder)!, { maxCalls: config['telemetry.retention.maxCalls'] as number | undefined });
    let total = 0;
    const problems: string[] = [];
    try {
      for (const f of files) {
        if (f.scheme === 'file') {
          // Read as it goes, within the import limit (a device or a huge file is refused with the reason).
          const r = importTelemetryFile(log, f.fsPath, 'auto', config);
          total += r.imported;
          problems.push(...r.problems.slice(0, 5).map((p) => `${path.basename(f.path)}: ${p}`));
          continue;
        }
        const bytes = await vscode.workspace.fs.readFile(f);
        if (bytes.byteLength > DEFAULT_IMPORT_MAX_BYTES) throw new Error(`${path.basename(f.path)} is ${bytes.byteLength} bytes, over the import limit of ${DEFAULT_IMPORT_MAX_BYTES}`);
        const r = readTelemetryText(new TextDecoder().decode(bytes));
        total += importCalls(log, r.calls, config);
        problems.push(...r.problems.slice(0, 5).map((p) => `${path.basename(f.path)}: ${p}`));
      }
    } finally {
      if (!own) log.close();
    }
    if (problems.length) void vscode.window.showWarningMessage(`CostLens: some of the file could not be read: ${problems.slice(0, 3).join('; ')}`);
    await this.reload();
    return total;
  }
}
