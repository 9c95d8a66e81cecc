// Numbers as people read them: `2.4k`, `$0.0081`, `$2.8k`.
import type { ReportTelemetry } from './report';

export function formatTokens(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n < 1000) return String(Math.round(n));
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatUsd(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n === 0) return '$0';
  const abs = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  if (abs >= 1_000_000) return `${sign}$${(abs / 1_000_000).toFixed(1)}M`;
  if (abs >= 10_000) return `${sign}$${Math.round(abs / 1000)}k`;
  if (abs >= 1000) return `${sign}$${(abs / 1000).toFixed(1)}k`;
  if (abs >= 100) return `${sign}$${Math.round(abs)}`;
  if (abs >= 1) return `${sign}$${abs.toFixed(2)}`;
  // Small amounts: two significant digits, so $0.0081 stays readable.
  return `${sign}$${abs.toPrecision(2).replace(/(\.(?:\d*[1-9])?)0+$/, '$1').replace(/\.$/, '')}`;
}

/** Dollars with thousands separators and the decimals asked for: `$7,695`, `$0.0042`. */
export function formatUsdExact(n: number, decimals: number): string {
  if (!Number.isFinite(n)) return '—';
  const s = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return `${n < 0 ? '−' : ''}$${s}`;
}

/** Decimals that show a change of this size: none from $100, cents from a cent, else two significant digits. */
export function decimalsToShow(change: number): number {
  const abs = Math.abs(change);
  if (abs >= 100 || abs === 0 || !Number.isFinite(abs)) return 0;
  if (abs >= 0.01) return 2;
  return Math.min(10, Math.ceil(-Math.log10(abs)) + 1);
}

/** A monthly change, signed and exact enough to read: `−$261/month`, `+$0.42/month`, `±$0/month`. */
export function formatUsdChange(change: number): string {
  if (change === 0 || !Number.isFinite(change)) return `±$0/month`;
  return `${change < 0 ? '−' : '+'}${formatUsdExact(Math.abs(change), decimalsToShow(change))}/month`;
}

/** A number as it is (`2.5`), or `—` when it is not a figure (Infinity, NaN). */
/**
 * A multiplier or step count as people read it: whole numbers as they are, a fraction to two
 * significant digits (a call on one of three branches runs `0.33` times a task, not `0.3333333333333333`).
 */
export function formatPlain(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Number.isInteger(n)) return String(n);
  return String(n >= 10 ? Math.round(n) : +n.toPrecision(2));
}

/** A count as people read it: `500`, `1k`, `2.5k`, `1.2M`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n < 999.5) return String(Math.round(n));
  if (n < 999_500) return `${+(n / 1000).toFixed(n < 9_950 ? 1 : 0)}k`;
  return `${+(n / 1_000_000).toFixed(1)}M`;
}

/** Where something is, as people read it: `app/agent.py:12`, or `analysis.ipynb#cell-4:12` in a notebook. */
export function formatLocation(path: string, line?: number, cell?: number): string {
  const at = cell !== undefined ? `${path}#cell-${cell}` : path;
  return line ? `${at}:${line}` : at;
}

// C0 controls (escape, newline, carriage return, backspace…), DEL, C1 controls (a lone 0x9b is
// a terminal's CSI), and the bidirectional overrides that reorder what follows on the line.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from the scanned workspace (paths, names, messages) as a terminal or a document may show
 * it: control characters written as escapes (`\x1b`, `\n`, `\u202e`), so a file name cannot move
 * the cursor, recolour the terminal, or start a line of its own.
 */
export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16)}`));
}

/** What telemetry saw, in one line: calls matched, and observed against estimated $ a month for those call sites. */
export function observedSummary(t: ReportTelemetry): string {
  const sign = t.gapUsdPerMonth > 0 ? '+' : '';
  return (
    `Seen by telemetry: ${t.calls.toLocaleString('en-US')} call(s), ${t.matchedCalls.toLocaleString('en-US')} matched to ${t.observedCallSites} call site(s)` +
    (t.unmatchedCalls ? `, ${t.unmatchedCalls.toLocaleString('en-US')} unmatched` : '') +
    (t.observedCallSites ? `; for those call sites ${formatUsd(t.observedUsdPerMonth)}/month observed against ${formatUsd(t.estimatedUsdPerMonth)} estimated (${sign}${formatUsd(t.gapUsdPerMonth)})` : '') +
    '.'
  );
}
