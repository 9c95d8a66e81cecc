// The one message protocol between the cost report panel (extension side) and its page
// (src/webview/main.ts). Both import these types, so a message one side sends is a message the other
// side handles; anything arriving from the page is checked with `parsePageMessage` before use.
// No `vscode` import: the page bundle includes this file's types.
import type { DiffReport } from '../../core/diff/diff';
import type { ReportView } from '../../core/report/view';

export const REPORT_VIEW_TYPE = 'costlens.report';

export type ExportFormat = 'json' | 'csv' | 'markdown' | 'focus';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'markdown', 'focus'];

/** Extension → page. */
export type ToPage =
  /** A new report; `focusKey` (a row id such as `site:<call-site key>`, or a bare call-site/task key) is highlighted and scrolled to. */
  | { type: 'view'; view: ReportView; focusKey?: string }
  /** Highlight and scroll to a row of the view already shown. */
  | { type: 'focus'; key: string }
  /** A scan is running (`busy: true`) or finished; `done`/`total` when the host knows them. */
  | { type: 'busy'; busy: boolean; message?: string; done?: number; total?: number }
  /** The scan failed; the last view (if any) stays on screen under the message. */
  | { type: 'error'; message: string }
  /** The cost of the working tree's change against a branch, shown above the report (null: none). */
  | { type: 'diff'; diff: DiffReport | null };

/** Page → extension. */
export type ToExtension =
  /** The page has loaded (or reloaded, after being hidden) and listens. */
  | { type: 'ready' }
  /** Open a workspace file at a 1-based line. */
  | { type: 'open'; path: string; line: number }
  /** Open a rule's documentation page (docs/rules/<ruleId>.md, shipped with the extension). */
  | { type: 'openRuleDocs'; ruleId: string }
  | { type: 'export'; format: ExportFormat }
  | { type: 'refresh' }
  /** Ask for new traffic assumptions (tasks per day, days per month); the extension prompts. */
  | { type: 'setTraffic' };

/** What the page keeps with `vscode.setState`, and gets back after a reload or a window restart. */
export interface PageState {
  view?: ReportView;
  tab?: 'tasks' | 'callSites' | 'models' | 'files';
  filter?: string;
  /** Sort per table: column id and direction. */
  sort?: Record<string, { column: string; descending: boolean }>;
  focusKey?: string;
  diff?: DiffReport | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A message from the page, checked field by field (the page is a separate, less trusted context); undefined when malformed. */
export function parsePageMessage(msg: unknown): ToExtension | undefined {
  if (!isObject(msg)) return undefined;
  switch (msg.type) {
    case 'ready':
    case 'refresh':
    case 'setTraffic':
      return { type: msg.type };
    case 'open':
      if (typeof msg.path !== 'string' || !msg.path || typeof msg.line !== 'number' || !Number.isInteger(msg.line) || msg.line < 1) return undefined;
      return { type: 'open', path: msg.path, line: msg.line };
    case 'openRuleDocs':
      // A rule id is kebab-case; anything else could walk out of docs/rules/.
      if (typeof msg.ruleId !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(msg.ruleId)) return undefined;
      return { type: 'openRuleDocs', ruleId: msg.ruleId };
    case 'export':
      if (!EXPORT_FORMATS.includes(msg.format as ExportFormat)) return undefined;
      return { type: 'export', format: msg.format as ExportFormat };
    default:
      return undefined;
  }
}
