// Hidden output: the reasoning ("thinking") tokens a reasoning model writes before its answer,
// billed as output. Which models reason, and how much by default, is data; how many tokens an
// effort level or a budget means is a prior (no provider publishes an average) that telemetry
// refines once it sees the calls' reasoning tokens.
import type { ConfigValues } from '../../config/load';
import type { LowExpectedHigh } from '../model';
import { bareModelId } from '../tokens/registry';

/** What the code says about reasoning: an effort level, a budget, or that thinking is off. */
export interface ReasoningSetting {
  effort?: string;
  budget?: number;
  /** `thinking={"type": "disabled"}`, `thinking_budget=0`. */
  off?: boolean;
  /** The parameter as written: `reasoning_effort`, `thinking.budget_tokens`, `thinkingConfig.thinkingBudget`. */
  param: string;
}

/** Expected reasoning tokens per effort level: the prior (overridable: costlens.defaults.reasoningTokens). */
export const REASONING_PRIOR: Record<string, number> = { minimal: 150, low: 1000, medium: 2500, high: 6000, dynamic: 2500 };
const SPREAD = { low: 0.2, high: 4 };
export const REASONING_BASIS = 'a CostLens prior: providers publish no average, so telemetry refines it once it sees reasoning tokens';

interface ReasoningModel {
  family: string;
  /** Model ids of the family (bare, lower case). */
  test: (id: string) => boolean;
  /** What the model does when the code says nothing: reason at this effort, or not at all. */
  byDefault: 'medium' | 'dynamic' | 'off';
  /** The parameter that turns reasoning on or sets it (for the assumption's "change with"). */
  param: string;
  source: string;
  /** Whether the output cap counts reasoning tokens (OpenAI's max_completion_tokens, Anthropic's max_tokens). */
  capIncludes: boolean;
}

/** Which models reason, as of 2026-12: from each provider's reasoning/thinking guide. */
export const REASONING_MODELS: readonly ReasoningModel[] = [
  { family: 'openai-o', test: (id) => /^o[1-9](-|$)/.test(id) || id.startsWith('codex-mini'), byDefault: 'medium', param: 'reasoning_effort / reasoning.effort', source: 'platform.openai.com/docs/guides/reasoning (effort defaults to medium)', capIncludes: true },
  { family: 'gpt-5', test: (id) => id.startsWith('gpt-5') && !id.includes('chat'), byDefault: 'medium', param: 'reasoning_effort / reasoning.effort', source: 'platform.openai.com/docs/guides/reasoning (gpt-5 family: medium by default)', capIncludes: true },
  { family: 'claude', test: (id) => id.startsWith('claude'), byDefault: 'off', param: 'thinking.budget_tokens', source: 'docs.anthropic.com extended thinking (off unless thinking is enabled)', capIncludes: true },
  { family: 'gemini-2.5', test: (id) => /^gemini-(2\.5|[3-9])/.test(id) && !id.includes('lite') && !id.includes('image') && !id.includes('tts') && !id.includes('live') && !id.includes('embedding'), byDefault: 'dynamic', param: 'thinkingConfig.thinkingBudget', source: 'ai.google.dev/gemini-api/docs/thinking (2.5 Pro/Flash and later think by default, dynamic budget)', capIncludes: false },
  { family: 'gemini-lite', test: (id) => /^gemini-(2\.5|[3-9]).*lite/.test(id), byDefault: 'off', param: 'thinkingConfig.thinkingBudget', source: 'ai.google.dev/gemini-api/docs/thinking (Flash-Lite does not think by default)', capIncludes: false },
  { family: 'deepseek-reasoner', test: (id) => id === 'deepseek-reasoner' || /(^|-)r1(-|$)/.test(id), byDefault: 'medium', param: '(always on)', source: 'api-docs.deepseek.com deepseek-reasoner (reasons on every request)', capIncludes: true },
  { family: 'grok', test: (id) => /^grok-(3-mini|4)/.test(id), byDefault: 'medium', param: 'reasoning_effort', source: 'docs.x.ai reasoning (grok-3-mini and grok-4 reason)', capIncludes: true },
];

export interface ReasoningEstimate {
  tokens: LowExpectedHigh;
  /** Why: `effort medium (the default of o4-mini), a CostLens prior…`. */
  basis: string;
  /** The output cap counts reasoning too (the visible answer gets what is left). */
  capIncludes: boolean;
  changeWith: string;
}

/** The reasoning tokens a call is expected to write, or undefined when its model does not reason (as called). */
export function reasoningFor(model: string | undefined, setting: ReasoningSetting | undefined, config?: ConfigValues, observed?: { tokens: number; calls: number }): ReasoningEstimate | undefined {
  if (!model) return undefined;
  const id = bareModelId(model).toLowerCase();
  const rm = REASONING_MODELS.find((m) => m.test(id));
  // What telemetry saw this call write replaces the prior (a model unknown here that reasons counts too).
  if (observed && observed.tokens > 0) {
    const expected = observed.tokens;
    return { tokens: { low: Math.round(expected * SPREAD.low), expected, high: Math.round(expected * SPREAD.high) }, basis: `observed: ${expected.toLocaleString('en-US')} a call on average over ${observed.calls} calls (telemetry)`, capIncludes: rm?.capIncludes ?? true, changeWith: 'telemetry (observed)' };
  }
  if (!rm) return undefined;
  if (setting?.off || setting?.budget === 0 || setting?.effort === 'none') return undefined;
  const prior = { ...REASONING_PRIOR, ...((config?.['defaults.reasoningTokens'] ?? {}) as Record<string, number>) };
  const changeWith = `${rm.param}, costlens.defaults.reasoningTokens, or telemetry`;
  if (setting?.budget !== undefined) {
    // A budget bounds the thinking: the prior for its level, never more than the budget.
    const expected = Math.min(setting.budget, prior.medium);
    return { tokens: { low: Math.min(expected, Math.round(expected * SPREAD.low)), expected, high: setting.budget }, basis: `budget ${setting.budget.toLocaleString('en-US')} tokens (${setting.param}); ${expected.toLocaleString('en-US')} expected, ${REASONING_BASIS}`, capIncludes: rm.capIncludes, changeWith };
  }
  const effort = setting?.effort ?? (rm.byDefault === 'off' ? undefined : rm.byDefault);
  if (!effort) return undefined;
  const expected = prior[effort] ?? prior.medium;
  const said = setting?.effort ? `effort ${effort} (${setting.param})` : `${rm.byDefault === 'dynamic' ? 'dynamic thinking' : `effort ${effort}`}, the default of ${model} (${rm.source})`;
  return { tokens: { low: Math.round(expected * SPREAD.low), expected, high: Math.round(expected * SPREAD.high) }, basis: `${said}; ${expected.toLocaleString('en-US')} expected, ${REASONING_BASIS}`, capIncludes: rm.capIncludes, changeWith };
}
