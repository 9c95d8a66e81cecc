// Models a provider has replaced: the newer sibling of the same tier to move to, and, where a
// source gives one, the date the provider retires (shuts down) the old id or the fact that it marks
// it deprecated. Data with a source per row. The rule prices both on the call itself and suggests
// the sibling only when it costs the same or less, unless the old model is retired or deprecated
// (then the call fails, or soon will, whatever the price).

export interface Supersession {
  provider: 'openai' | 'anthropic' | 'google';
  /** Matches the bare model id (`gpt-4-turbo-2024-04-09`, `claude-3-opus-20240229`). */
  models: RegExp;
  /** The newer sibling of the same tier. */
  successor: string;
  /** `YYYY-MM-DD` or `YYYY-MM`: from this date requests to the old id fail. */
  retiredOn?: string;
  /** The provider lists the model as deprecated (no retirement date confirmed here). */
  deprecated?: boolean;
  source: string;
  asOf: string;
}

export const SUPERSEDED: readonly Supersession[] = [
  {
    provider: 'openai',
    models: /^gpt-3\.5-turbo(-0125|-1106|-0613|-16k(-0613)?)?$/,
    successor: 'gpt-4o-mini',
    retiredOn: '2026-10-23',
    source: 'OpenAI deprecations, 2026-04-22 entry: gpt-3.5-turbo-0125 | gpt-3.5-turbo shut down 2026-10-23 (OpenAI names gpt-4.1-mini as the substitute; gpt-4o-mini is the cheaper model of the same tier) — https://spybara.com/openai/api/history/docs/en/2026-04-22-0555..2026-04-23-0556/',
    asOf: '2026-12-06',
  },
  {
    provider: 'openai',
    models: /^gpt-4(-0613)?$/,
    successor: 'gpt-4.1',
    retiredOn: '2026-10-23',
    source: 'OpenAI deprecations, 2026-04-22 entry: gpt-4-0613 | gpt-4 shut down 2026-10-23 — https://spybara.com/openai/api/history/docs/en/2026-04-22-0555..2026-04-23-0556/',
    asOf: '2026-12-06',
  },
  {
    provider: 'openai',
    models: /^(gpt-4-0314|gpt-4-1106-preview|gpt-4-0125-preview|gpt-4-turbo-preview)$/,
    successor: 'gpt-4.1',
    retiredOn: '2026-03-26',
    source: 'OpenAI deprecations: gpt-4-0314, gpt-4-1106-preview, gpt-4-0125-preview and gpt-4-turbo-preview shut down 2026-03-26, replaced by the gpt-5 or gpt-4.1 family — https://www.modelcostwatch.com/openai/deprecations/legacy-gpt-snapshots',
    asOf: '2026-12-06',
  },
  {
    provider: 'openai',
    models: /^(gpt-4-turbo(-2024-04-09)?|gpt-4-32k(-0613|-0314)?)$/,
    successor: 'gpt-4.1',
    source: 'OpenAI model docs: gpt-4.1, the newer flagship of the GPT-4 line (the price catalogue: gpt-4-turbo $10/$30, gpt-4.1 $2/$8 per Mtok)',
    asOf: '2026-12-06',
  },
  {
    provider: 'anthropic',
    models: /^claude-3-opus(-\d{8}|-latest)?$/,
    successor: 'claude-opus-4-6',
    retiredOn: '2026-01',
    source: 'Anthropic retired its March 2024 Claude 3 Opus model in January 2026 (API access by request only) — https://digg.com/ai/x3xiop2g?rank=16; Anthropic model deprecations: https://platform.claude.com/docs/en/about-claude/model-deprecations',
    asOf: '2026-12-06',
  },
  {
    provider: 'anthropic',
    models: /^claude-3-5-sonnet(-\d{8}|-latest)?$/,
    successor: 'claude-sonnet-4-6',
    deprecated: true,
    source: 'Anthropic pricing page: "Claude Sonnet 3.5 (deprecated)" — https://docs.claude.com/en/docs/about-claude/pricing (read through a mirror of the page)',
    asOf: '2026-12-06',
  },
  {
    provider: 'anthropic',
    models: /^claude-3-7-sonnet(-\d{8}|-latest)?$/,
    successor: 'claude-sonnet-4-6',
    deprecated: true,
    source: 'Anthropic pricing page (updated 2025-11-15): "Claude Sonnet 3.7 (deprecated)" — https://www.aiwiki.dev/claude/docs/about-claude/pricing',
    asOf: '2026-12-06',
  },
  {
    provider: 'anthropic',
    models: /^(claude-3-sonnet(-\d{8})?|claude-2(\.\d)?)$/,
    successor: 'claude-sonnet-4-6',
    source: 'Anthropic models overview: Sonnet 4.6, the current mid tier (the price catalogue: Claude 3 Sonnet $3/$15, Claude 2 $8/$24, Sonnet 4.6 $3/$15 per Mtok)',
    asOf: '2026-12-06',
  },
  {
    provider: 'google',
    models: /^gemini-1\.5-pro(-00\d|-latest)?$/,
    successor: 'gemini-2.5-pro',
    retiredOn: '2025-09-24',
    source: 'Vertex AI model versions and lifecycle: gemini-1.5-pro-002 retirement date September 24, 2025 — https://cloud.google.com/vertex-ai/docs/generative-ai/learn/model-versioning',
    asOf: '2026-12-06',
  },
  {
    provider: 'google',
    models: /^gemini-2\.0-flash(-001)?$/,
    successor: 'gemini-2.5-flash',
    retiredOn: '2026-06-01',
    source: 'Gemini 2.0 Flash / Flash-Lite retiring on June 1, 2026 (summary of Google\'s schedules, March 2026 — https://blog.365happy365.com/en/blog/구글-제미나이-gemini-모델-버전별-지원-종료-및-업데이트-일정-총정리); Vertex AI gives February 5, 2026 for gemini-2.0-flash-001 — https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions',
    asOf: '2026-12-06',
  },
  {
    provider: 'google',
    models: /^gemini-2\.0-flash-lite(-001)?$/,
    successor: 'gemini-2.5-flash-lite',
    retiredOn: '2026-06-01',
    source: 'Gemini 2.0 Flash / Flash-Lite retiring on June 1, 2026 (summary of Google\'s schedules, March 2026 — https://blog.365happy365.com/en/blog/구글-제미나이-gemini-모델-버전별-지원-종료-및-업데이트-일정-총정리); Vertex AI gives February 25, 2026 for gemini-2.0-flash-lite-001 — https://cloud.google.com/vertex-ai/docs/generative-ai/learn/model-versioning',
    asOf: '2026-12-06',
  },
];

export function supersessionOf(bareModel: string): Supersession | undefined {
  return SUPERSEDED.find((s) => s.models.test(bareModel));
}

/** Whether a retirement date (`YYYY-MM-DD` or `YYYY-MM`) has come by `today` (`YYYY-MM-DD`). */
export function isRetired(s: Supersession, today: string): boolean {
  return s.retiredOn !== undefined && s.retiredOn <= today.slice(0, s.retiredOn.length);
}
