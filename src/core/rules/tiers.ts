// Model tiers: a premium model and the same provider's cheaper sibling that handles simple tasks
// (classification, extraction, routing, short fixed outputs). Data with a source per row.

export interface Tier {
  provider: string;
  /** Matches the bare model id of the premium model. */
  premium: string;
  /** The cheaper sibling to suggest. */
  sibling: string;
  source: string;
  asOf: string;
}

export const TIERS: readonly Tier[] = [
  { provider: 'openai', premium: '^gpt-4o(?!-mini)', sibling: 'gpt-4o-mini', source: 'OpenAI model docs: gpt-4o-mini is the small model of the gpt-4o family', asOf: '2026-11-01' },
  { provider: 'openai', premium: '^gpt-4\\.1(?!-mini|-nano)', sibling: 'gpt-4.1-mini', source: 'OpenAI GPT-4.1 announcement: 4.1, 4.1 mini and 4.1 nano', asOf: '2026-11-01' },
  { provider: 'openai', premium: '^gpt-4\\.1-mini', sibling: 'gpt-4.1-nano', source: 'OpenAI GPT-4.1 announcement: nano for classification and autocomplete', asOf: '2026-11-01' },
  { provider: 'openai', premium: '^gpt-5(?![.-]?(mini|nano))', sibling: 'gpt-5-mini', source: 'OpenAI GPT-5 docs: gpt-5, gpt-5-mini, gpt-5-nano', asOf: '2026-11-01' },
  { provider: 'openai', premium: '^gpt-4(?![o.])', sibling: 'gpt-4o-mini', source: 'OpenAI model docs: legacy gpt-4 superseded by the gpt-4o family', asOf: '2026-11-01' },
  { provider: 'openai', premium: '^o[13](?!-mini)', sibling: 'o4-mini', source: 'OpenAI reasoning models docs: o4-mini, the small reasoning model', asOf: '2026-11-01' },
  { provider: 'anthropic', premium: '^claude-opus', sibling: 'claude-haiku-4-5', source: 'Anthropic models overview: Haiku is the fastest, lowest-cost tier', asOf: '2026-11-01' },
  { provider: 'anthropic', premium: '^claude-(sonnet|3-7-sonnet|3-5-sonnet)', sibling: 'claude-haiku-4-5', source: 'Anthropic models overview: Haiku is the fastest, lowest-cost tier', asOf: '2026-11-01' },
  { provider: 'google', premium: '^gemini-2\\.5-pro', sibling: 'gemini-2.5-flash', source: 'Gemini models docs: 2.5 Flash for price-performance', asOf: '2026-11-01' },
  { provider: 'google', premium: '^gemini-2\\.5-flash(?!-lite)', sibling: 'gemini-2.5-flash-lite', source: 'Gemini models docs: 2.5 Flash-Lite, the most cost-efficient', asOf: '2026-11-01' },
];

export function cheaperSibling(provider: string, bareModel: string): Tier | undefined {
  return TIERS.find((t) => t.provider === provider && new RegExp(t.premium).test(bareModel));
}

/** How big a model is within its provider's line-up: what a switch between them trades. */
export type TierName = 'flagship' | 'mid' | 'small';

export const TIER_RANK: Record<TierName, number> = { flagship: 3, mid: 2, small: 1 };

export interface ModelTier {
  /** Matches the bare model id; the first row that matches decides. */
  models: RegExp;
  tier: TierName;
  source: string;
  asOf: string;
}

// The providers' own names for their line-ups (mini/nano, Opus/Sonnet/Haiku, Pro/Flash/Flash-Lite,
// Large/Medium/Small); newer models by the price catalogue's descriptions of them. A model no row
// matches has no known tier (said so, never guessed).
export const MODEL_TIERS: readonly ModelTier[] = [
  { models: /^(gpt-4\.1-nano|gpt-5(\.\d+)?-nano|gpt-5\.6-luna|gpt-6-luna)$/, tier: 'small', source: 'OpenAI model docs: nano, the fastest and cheapest size; gpt-5.6-luna, gpt-6-luna "for cost-sensitive / high-volume tasks" (@pydantic/genai-prices descriptions)', asOf: '2026-12-01' },
  { models: /^gpt-oss-20b$/, tier: 'small', source: 'OpenAI gpt-oss model card: 20b (3.6B active parameters) for lower latency and local or specialized use', asOf: '2026-12-01' },
  { models: /^(gpt-4o-mini|gpt-4\.1-mini|gpt-5(\.\d+)?-mini|gpt-5(\.\d+)?-codex-mini|codex-mini|o[134]-mini|gpt-5\.6-terra)$/, tier: 'mid', source: 'OpenAI model docs: mini, the balanced size of each family; o-series mini reasoning models; gpt-5.6-terra "balances intelligence and cost"', asOf: '2026-12-01' },
  { models: /^gpt-oss-120b$/, tier: 'mid', source: 'OpenAI gpt-oss announcement: 120b near parity with o4-mini on reasoning benchmarks', asOf: '2026-12-01' },
  { models: /^(gpt-4(-turbo|-32k)?|gpt-4o|gpt-4\.1|gpt-4\.5(-preview)?|gpt-5(\.\d+)?(-pro|-codex)?|o1(-pro)?|o3(-pro)?|gpt-5\.6-sol|gpt-6-(astra|sol))$/, tier: 'flagship', source: 'OpenAI model docs: the full-size model of each family, its pro variants and the o-series reasoning models', asOf: '2026-12-01' },
  { models: /^claude-.*haiku/, tier: 'small', source: 'Anthropic models overview: Haiku, the fastest, lowest-cost tier', asOf: '2026-12-01' },
  { models: /^claude-.*sonnet/, tier: 'mid', source: 'Anthropic models overview: Sonnet, the balance of intelligence, cost and speed', asOf: '2026-12-01' },
  { models: /^claude-.*(opus|fable)/, tier: 'flagship', source: 'Anthropic models overview: Opus, the most intelligent tier (Fable: "most capable widely released", @pydantic/genai-prices)', asOf: '2026-12-01' },
  { models: /^gemini-.*flash-lite/, tier: 'small', source: 'Gemini models docs: Flash-Lite, the most cost-efficient', asOf: '2026-12-01' },
  { models: /^gemma-/, tier: 'small', source: 'Gemma docs: lightweight open models', asOf: '2026-12-01' },
  { models: /^gemini-.*flash/, tier: 'mid', source: 'Gemini models docs: Flash, price-performance', asOf: '2026-12-01' },
  { models: /^gemini-.*pro/, tier: 'flagship', source: 'Gemini models docs: Pro, the most capable', asOf: '2026-12-01' },
  { models: /^(ministral-|mistral-(small|tiny|nemo|7b)|magistral-small|open-mistral)/, tier: 'small', source: 'Mistral models docs: Small and the edge models (Ministral)', asOf: '2026-12-01' },
  { models: /^(mistral-medium|magistral-medium)/, tier: 'mid', source: 'Mistral models docs: Medium', asOf: '2026-12-01' },
  { models: /^(mistral-large|pixtral-large)/, tier: 'flagship', source: 'Mistral models docs: Large, the flagship', asOf: '2026-12-01' },
  { models: /^grok-\d(\.\d+)?-mini/, tier: 'small', source: 'xAI models docs: mini, a lightweight model', asOf: '2026-12-01' },
  { models: /^grok-\d(\.\d+)?(-0709)?$/, tier: 'flagship', source: 'xAI models docs: the numbered flagship models', asOf: '2026-12-01' },
];

/** The tier of a model (by its bare id), or undefined when no row knows it. */
export function tierOf(bareModel: string): TierName | undefined {
  return MODEL_TIERS.find((t) => t.models.test(bareModel))?.tier;
}
