// The editor adapter: thin over the core. The tokenizer thread and the parsers' load start when the
// bundle is loaded; activate() only registers; the rest of what the first lens needs is readied right
// after it, in the background and giving way to the documents shown; what no lens needs waits until
// then (startup.ts).
import * as vscode from 'vscode';
import { loadParsers } from '../core/extract/code/parser';
import { countOn, disposeTokenizers, loadedEncodings } from '../core/tokens/count';
import { TokenizerThread } from '../core/tokens/thread';
import { AnalysisService, LANGUAGES } from './analysisService';
import * as compareModels from './commands/compareModels';
import * as stateModel from './commands/stateModel';
import * as report from './commands/report';
import * as setTraffic from './commands/setTraffic';
import * as telemetryCommands from './commands/telemetry';
import { SETTINGS } from '../config/schema';
import { invalidateConfigCache, settingsReads, watchSettings } from './config';
import * as codeLens from './features/codeLens';
import * as costView from './features/costView';
import * as diagnostics from './features/diagnostics';
import * as hover from './features/hover';
import { PromptSenderSource } from './features/promptSenders';
import * as statusBar from './features/statusBar';
import { StartUp, StartupEvent } from './startup';
import { TelemetryService } from './telemetry';
import { WorkspaceScan, WorkspaceScanner } from './workspaceScan';
import { WorkspaceResults } from './workspaceResults';

const DISPLAY = /^(lenses|diagnostics|statusBar)\./;
/** Start-up is over by then at the latest (it takes 0.3-2 s: the tokenizer thread's build is most of it). */
const START_UP_MAX_MS = 15_000;

/** What tests and the bench reach through the extension's exports. */
export interface CostLensApi {
  service: AnalysisService;
  telemetry: TelemetryService;
  /** How long activate() took, in milliseconds. */
  activationMs: number;
  scanWorkspace(): Promise<WorkspaceScan>;
  /** The workspace scan kept current for workspace-wide problems and the CostLens view. */
  workspace: WorkspaceResults;
  /** The CostLens view's tree. */
  costView: costView.CostViewProvider;
  /** Where tokens are counted: the tokenizer thread (see thread.ts), and the encoders built on the extension host's thread. */
  tokenizer: { thread: TokenizerThread; builtHere(): string[] };
  /** What start-up did, in order (startup.ts), and whether it is over. */
  startup: { log: readonly StartupEvent[]; readonly over: boolean };
  /** How many times VS Code's `costlens.*` settings were read (once per folder until they change). */
  settingsReads(): number;
}

// VS Code calls activate() 0.1-0.6 s after it loads the bundle (on a loaded machine; it starts other
// extensions meanwhile): what the first file's lens waits for longest starts here, at the load.
// The o200k encoder is built on its own thread (0.5-1.2 s of CPU), not on the extension host's
// thread when that file is priced; the parsers' runtime and grammars are read and compiled.
let startup = new StartUp();
let tokenizer: TokenizerThread | undefined = startTokenizer();
startParsers();

function startTokenizer(): TokenizerThread {
  const thread = new TokenizerThread();
  startup.mark('tokenizer thread started');
  void thread.prepare('o200k_base').then(() => startup.mark('tokenizer ready'));
  return thread;
}

function startParsers(): void {
  startup.mark('parsers loading');
  loadParsers().then(
    () => startup.mark('parsers ready'),
    () => undefined, // tried again, and reported, by the first analysis
  );
}

export function activate(context: vscode.ExtensionContext): CostLensApi {
  const started = performance.now();
  // Activated again after a deactivation in the same process: a start-up of its own.
  if (startup.over) startup = new StartUp();
  startup.mark('activate');
  tokenizer ??= startTokenizer();
  countOn(tokenizer);
  if (tokenizer.failure) console.warn(`CostLens: counting tokens on the extension host's thread (${tokenizer.failure})`);
  // Before any other listener, so a settings change is read afresh by all of them.
  context.subscriptions.push(watchSettings());
  const selector: vscode.DocumentSelector = [
    ...LANGUAGES.map((language) => ({ language })),
    // Plain-text and markdown prompt files (prompts/*.txt, *_prompt.md): by name.
    { pattern: '**/prompts/**/*.{txt,md}' },
    { pattern: '**/*{_prompt,.prompt}.{txt,md}' },
  ];
  const service = new AnalysisService();
  const scanner = new WorkspaceScanner();
  scanner.giveWay = () => service.idle();
  // No scan while the first files' lenses are made (a restored CostLens view, workspace-wide
  // problems, telemetry): it starts once start-up is over.
  scanner.startAfter = startup.done.then(() => undefined);
  scanner.onDidStart = () => startup.mark('workspace scan');
  const telemetry = new TelemetryService(service, scanner);
  const workspace = new WorkspaceResults(scanner, service);
  const view = costView.register(workspace);
  const senders = new PromptSenderSource(workspace);
  context.subscriptions.push(
    workspace,
    view.disposable,
    senders,
    service,
    scanner,
    telemetry,
    codeLens.register(selector, service, telemetry, senders),
    hover.register(selector, service, telemetry, senders),
    telemetryCommands.register(service, telemetry),
    diagnostics.register(selector, service, context.extensionUri, workspace),
    statusBar.register(service),
    compareModels.register(service),
    stateModel.register(service),
    setTraffic.register(),
    report.register(context, scanner),
    vscode.commands.registerCommand('costlens.toggleLenses', async () => {
      const cfg = vscode.workspace.getConfiguration('costlens');
      const on = !cfg.get<boolean>('lenses.enabled', true);
      await cfg.update('lenses.enabled', on, vscode.ConfigurationTarget.Global);
      vscode.window.setStatusBarMessage(`CostLens lenses ${on ? 'on' : 'off'}`, 2000);
    }),
    // The report at the active file (kept from the first version of the extension).
    vscode.commands.registerCommand('costlens.showFileCost', async (uri?: vscode.Uri) => {
      const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      const a = doc && (await service.get(doc));
      await vscode.commands.executeCommand('costlens.showReport', a?.path);
    }),
    // A call-site lens opens its breakdown: the hover at the call, and the call's node in the CostLens view.
    // (A hover's link passes the URI as a string.)
    vscode.commands.registerCommand('costlens.showCallSiteDetails', async (at: vscode.Uri | string, key: string) => {
      const uri = typeof at === 'string' ? vscode.Uri.parse(at) : at;
      const revealed = view.provider.revealCallSite(uri, key).catch((e) => console.error('CostLens: the call could not be shown in the CostLens view', e));
      const editor = await vscode.window.showTextDocument(uri, { preserveFocus: false });
      const a = await service.get(editor.document);
      const site = a?.analysis.callSites.find((s) => s.key === key);
      if (!site) return void (await revealed);
      const pos = editor.document.positionAt(site.kind === 'code' ? site.span.start : (site.model.span?.start ?? 0));
      editor.selection = new vscode.Selection(pos, pos);
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      await vscode.commands.executeCommand('editor.action.showHover');
      await revealed;
    }),
  );
  const settingsChanged = () => {
    invalidateConfigCache();
    service.reset();
    service.refreshVisible();
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/.costlens.json');
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(settingsChanged),
    watcher.onDidCreate(settingsChanged),
    watcher.onDidDelete(settingsChanged),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Display switches need no new analysis; any other setting may change the figures.
      if (Object.keys(SETTINGS).some((k) => !DISPLAY.test(k) && e.affectsConfiguration(`costlens.${k}`))) settingsChanged();
    }),
  );
  // While start-up lasts, the log says when each document's analysis began and ended.
  const logged = (what: string) => (uri: vscode.Uri) => startup.over || startup.mark(`${what} ${vscode.workspace.asRelativePath(uri, false)}`);
  const begun = logged('analysis begun:');
  const ended = logged('analysis done:');
  const untilOver = [service.onDidSchedule((s) => begun(s.uri)), service.onDidAnalyze((a) => ended(a.uri))];
  let deactivated = false;
  context.subscriptions.push(...untilOver, { dispose: () => (deactivated = true) });
  // After activation, not in it: the documents already shown are analysed, then the settings, the
  // parsers, the analysis code and the tokenizer are readied for the next file (each step after
  // the documents shown meanwhile). Then, not before: stored telemetry is read and joined (a
  // workspace scan) and the receiver started.
  const over = () => {
    if (startup.over) return;
    startup.finish();
    for (const d of untilOver) d.dispose();
    if (deactivated) return;
    startup.mark('telemetry');
    void telemetry.start();
  };
  // A warm-up that never ends (a tokenizer thread that neither builds nor fails) must not hold
  // back the scan and telemetry for good.
  const cap = setTimeout(over, START_UP_MAX_MS);
  context.subscriptions.push({ dispose: () => clearTimeout(cap) });
  setTimeout(() => {
    service.openAll();
    service
      .warmUp((step) => startup.mark(`warm-up: ${step}`))
      .catch((e) => console.error('CostLens: warming up failed', e))
      .finally(() => {
        clearTimeout(cap);
        over();
      });
  }, 0);
  startup.mark('activated');
  return {
    service,
    telemetry,
    activationMs: performance.now() - started,
    scanWorkspace: () => scanner.scan(),
    workspace,
    costView: view.provider,
    tokenizer: { thread: tokenizer, builtHere: loadedEncodings },
    startup,
    settingsReads: () => settingsReads,
  };
}

export function deactivate(): void {
  countOn(undefined);
  tokenizer?.dispose();
  tokenizer = undefined;
  disposeTokenizers();
}
