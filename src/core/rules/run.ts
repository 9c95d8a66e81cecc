// Running the rules over one file's analysis: severity and options from settings, the rule's
// hits turned into findings with their fixes.
import { AnalysisTimeout, type Deadline } from '../analysis/limits';
import { LineIndex } from '../model';
import type { Finding, Severity, Task } from '../model';
import { RULES } from './index';
import type { Rule, RuleContext, RuleInput } from './rule';
import { own } from '../util/own';

export type { RuleInput } from './rule';

type RuleSetting = 'off' | Severity | { severity?: 'off' | Severity; options?: Record<string, number | string | boolean> };

/** The findings of the rules on one file; throws AnalysisTimeout when `deadline` passes (the file's time budget). */
export function runRules(all: RuleInput, rules: readonly Rule[] = RULES, deadline?: Deadline): Finding[] {
  // A test double sends nothing to a provider: nothing to find about its cost.
  const input = all.callSites.some((s) => s.testDouble) ? { ...all, callSites: all.callSites.filter((s) => !s.testDouble) } : all;
  const settings = (input.config.rules ?? {}) as Record<string, RuleSetting>;
  const days = input.config['traffic.daysPerMonth'] as number;
  const perDay = input.config['traffic.tasksPerDay'] as number;
  const taskOf = new Map<string, Task>();
  for (const t of input.tasks) for (const k of t.callSiteKeys) taskOf.set(k, t);
  const findings: Finding[] = [];
  // Built once: a file can have a finding at each of tens of thousands of call sites.
  const lines = new LineIndex(input.text);
  for (const rule of rules) {
    const setting = own(settings, rule.meta.id);
    const level = typeof setting === 'string' ? setting : setting?.severity;
    if (level === 'off') continue;
    deadline?.check();
    const severity: Severity = level ?? rule.meta.severity;
    const options: Record<string, number | string | boolean> = {};
    for (const [k, o] of Object.entries(rule.meta.options ?? {})) options[k] = o.default;
    if (typeof setting === 'object' && setting.options) Object.assign(options, setting.options);
    const ctx: RuleContext = {
      ...input,
      retrieval: input.retrieval ?? [],
      chunks: input.chunks ?? [],
      options,
      callsPerMonth: (site) => site.multiplier.expected * (taskOf.get(site.key)?.tasksPerDay ?? perDay) * days,
    };
    let hits;
    try {
      hits = rule.check(ctx);
    } catch (e) {
      if (e instanceof AnalysisTimeout) throw e;
      // A rule's bug must not take the others down; say which rule failed.
      findings.push({ ruleId: rule.meta.id, severity: 'hint', message: `rule ${rule.meta.id} failed: ${e instanceof Error ? e.message : String(e)}`, path: input.path, span: { start: 0, end: 0 }, line: 1, fixes: [] });
      continue;
    }
    for (const hit of hits) {
      deadline?.check();
      findings.push({
        ruleId: rule.meta.id,
        severity,
        message: hit.message,
        path: input.path,
        span: hit.span,
        line: lines.lineOf(hit.span.start),
        tokensAtStake: hit.tokensAtStake,
        usdPerCallAtStake: hit.usdPerCallAtStake,
        usdPerMonthAtStake: hit.usdPerMonthAtStake,
        fixes: rule.fix ? rule.fix(hit, ctx) : [],
      });
    }
  }
  return findings;
}
