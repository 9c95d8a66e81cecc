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
