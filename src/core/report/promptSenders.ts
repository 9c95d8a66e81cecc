// A prompt file that code sends is part of the calls that send it (report.promptFiles): opened in
// the editor, it shows those calls, what each costs a call and a month, and where it is, instead
// of a figure of its own that would count it twice.
import { formatLocation, formatUsd } from './format';
import type { Report } from './report';

export interface PromptSender {
  /** The sending call site's key and place, as the report has them. */
  key: string;
  path: string;
  line: number;
  usdPerCall: number | null;
  /** Null without a price; 0 when the call's task is not counted in a month. */
  usdPerMonth: number | null;
  /** Where the sending call runs (production, test, example…), when known. */
  scope?: string;
}

/** The calls that send the prompt file at `promptPath` (a report path); undefined when no code sends it. */
export function promptSenders(report: Report, promptPath: string): PromptSender[] | undefined {
  const file = report.promptFiles?.find((p) => p.path === promptPath);
  if (!file?.sentBy.length) return undefined;
  const sites = new Map(report.callSites.map((c) => [c.key, c]));
  return file.sentBy.map((s) => {
    const site = sites.get(s.key);
    return { key: s.key, path: s.path, line: s.line, usdPerCall: s.usdPerCall?.expected ?? null, usdPerMonth: site?.usd?.perMonth.expected ?? null, ...(site?.scope ? { scope: site.scope } : {}) };
  });
}

/** The month of a sending call in words: `$424`, or why there is none. */
function monthOf(s: PromptSender, fmt: (usd: number) => string): string | undefined {
  if (s.usdPerMonth === null) return undefined;
  // A call outside production with no stated traffic adds nothing to a month: say so, not `$0`.
  if (s.usdPerMonth === 0 && s.scope && s.scope !== 'production') return `not counted (${s.scope})`;
  return fmt(s.usdPerMonth);
}

/** The lens of a sent prompt file, one per sender: `sent by agent.py:42 · $0.013/call · $11k/month`. */
export function senderLensTitle(s: PromptSender): string {
  const where = formatLocation(s.path.split('/').pop() ?? s.path, s.line);
  if (s.usdPerCall === null) return `sent by ${where} · no price`;
  const month = monthOf(s, (n) => `${formatUsd(n)}/month`);
  return `sent by ${where} · ${formatUsd(s.usdPerCall)}/call${month ? ` · ${month}` : ''}`;
}

/** The same in the hover's words: `$0.013 a call · $11k a month` (after the sender's place, which the editor links). */
export function senderMoneyText(s: PromptSender): string {
  if (s.usdPerCall === null) return 'no price';
  const month = monthOf(s, (n) => `${formatUsd(n)} a month`);
  return `${formatUsd(s.usdPerCall)} a call${month ? ` · ${month}` : ''}`;
}
