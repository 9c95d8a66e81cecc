// The rule framework (DESIGN.md §4): one rule per file, detection separate from fixing, the
// numbers behind every finding, fixes as plain text edits that the editor and `costlens check
// --fix` apply alike.
import type { ConfigValues } from '../../config/load';
import type { ArgsInsertion, CallSite, ChunkSetting, Estimate, Fix, RetrievalSetting, Severity, Span, Task, TextEdit } from '../model';

export interface RuleMeta {
  /** kebab-case, equal to the file name. */
  id: string;
  /** One sentence: what the rule finds. */
  description: string;
  severity: Severity;
  /** `safe`: the fix keeps behaviour; `unsafe`: it changes what the call does (review it). */
  fixable: 'safe' | 'unsafe' | null;
  /** Options with their defaults, set per rule in settings (`costlens.rules`) or `.costlens.json`. */
  options?: Record<string, { default: number | string | boolean; description: string }>;
}

/** One file's analysis, as the rules read it. */
export interface RuleInput {
  path: string;
  text: string;
  callSites: readonly CallSite[];
  estimates: ReadonlyMap<string, Estimate>;
  tasks: readonly Task[];
  config: ConfigValues;
  /** Retrieval settings and splitter chunk sizes in the file. */
  retrieval?: readonly RetrievalSetting[];
  chunks?: readonly ChunkSetting[];
}

export interface RuleContext extends RuleInput {
  retrieval: readonly RetrievalSetting[];
  chunks: readonly ChunkSetting[];
  /** This rule's options, defaults filled in. */
  options: Record<string, number | string | boolean>;
  /** Calls of this site per month at the stated traffic (multiplier × tasks per day × days). */
  callsPerMonth(site: CallSite): number;
}

/** What a rule's check reports; the runner adds the rule id, severity, path and line. */
export interface RuleHit {
  message: string;
  span: Span;
  site?: CallSite;
  tokensAtStake?: number;
  usdPerCallAtStake?: number;
  usdPerMonthAtStake?: number;
  /** Whatever the fix needs (the replacement model, the value to insert…). */
  data?: Record<string, unknown>;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): RuleHit[];
  fix?(hit: RuleHit, ctx: RuleContext): Fix[];
}

/**
 * Where a finding about a call site points: the call's name up to its `(` in code, the model in a
 * prompt file's front matter (a whole-file span would put every finding on line 1).
 */
export function siteAnchor(site: CallSite, text: string): Span {
  if (site.kind === 'prompt-file') return site.model.span ?? { start: 0, end: 0 };
  const open = text.slice(site.span.start, site.span.end).indexOf('(');
  return { start: site.span.start, end: site.span.start + Math.max(1, open) };
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/**
 * The edits that add a named argument (`max_tokens=512`, `maxOutputTokens: 512`) as the call's
 * author would have: on a line of its own under its siblings, keeping their trailing-comma style,
 * when the arguments are one to a line; else after the last one on its line.
 */
export function argumentEdits(ins: ArgsInsertion, arg: string): TextEdit[] {
  const at = (offset: number, newText: string): TextEdit => ({ span: { start: offset, end: offset }, newText });
  if (ins.lineIndent === undefined || ins.lineEndAfter === undefined) return [at(ins.offset, ins.hasArgs ? `, ${arg}` : arg)];
  const lineEnd = ins.offset + ins.lineEndAfter;
  if (ins.trailingComma) return [at(lineEnd, `\n${ins.lineIndent}${arg},`)];
  // The comma goes after the last argument (before a comment on its line), the new one on the next line.
  return lineEnd === ins.offset ? [at(ins.offset, `,\n${ins.lineIndent}${arg}`)] : [at(ins.offset, ','), at(lineEnd, `\n${ins.lineIndent}${arg}`)];
}
