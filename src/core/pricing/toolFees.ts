// Fees the providers bill for their built-in (server-side) tools, on top of the call's tokens: a web
// search per search, a file search per call, a code container per session. Each row says where its
// figure comes from and as of when; a tool whose fee no source here confirms has no price (`usd`
// undefined) and the estimate leaves it out and says so, never a guessed figure. Free allowances (a
// number of free searches a day or a month) are not subtracted: they are per account, not per call.

/** A built-in tool, by what it does (the providers' own names where they agree). */
export type BuiltinTool = 'web_search' | 'web_search_preview' | 'file_search' | 'code_interpreter' | 'computer_use' | 'web_fetch' | 'code_execution' | 'google_search' | 'url_context';

export interface ToolFee {
  provider: 'openai' | 'anthropic' | 'google';
  tool: BuiltinTool;
  /** The models (bare ids) the row applies to; every model of the provider when absent. The first matching row decides. */
  models?: RegExp;
  /** USD per unit; undefined when no source confirms a price (left out of the estimate, said so). */
  usd?: number;
  /** No per-use fee was found for the tool (it bills the model's tokens): nothing to add, nothing to warn about. */
  noFeeFound?: boolean;
  /** What one fee buys: `search`, `tool call`, `container session`, `grounded prompt`. */
  unit: string;
  /** The figure as the source states it. */
  quote: string;
  /** Said with the fee: what else bills, free allowances, how usage is counted. */
  note?: string;
  /** Where the figure comes from (for a row without a price: where to look for one). */
  source: string;
  asOf: string;
}

export const TOOL_FEES: readonly ToolFee[] = [
  {
    provider: 'openai',
    tool: 'web_search',
    usd: 10 / 1000,
    unit: 'search',
    quote: '$10 / 1k calls + search content tokens billed at model rates',
    note: 'the search results read are billed as input tokens too; one call may run several searches',
    source: 'https://community.openai.com/t/search-web-using-openai-api/1363698',
    asOf: '2026-12-06',
  },
  {
    provider: 'openai',
    tool: 'web_search_preview',
    models: /^(gpt-5|o\d)/,
    usd: 10 / 1000,
    unit: 'search',
    quote: 'Web search preview (reasoning models, including gpt-5, o-series): $10 / 1k calls + search content tokens billed at model rates',
    source: 'https://community.openai.com/t/search-web-using-openai-api/1363698',
    asOf: '2026-12-06',
  },
  {
    provider: 'openai',
    tool: 'web_search_preview',
    usd: 25 / 1000,
    unit: 'search',
    quote: 'Web search preview (non-reasoning models): $25 / 1k calls + search content tokens are free',
    source: 'https://community.openai.com/t/search-web-using-openai-api/1363698',
    asOf: '2026-12-06',
  },
  {
    provider: 'openai',
    tool: 'file_search',
    usd: 2.5 / 1000,
    unit: 'tool call',
    quote: '$2.50 per 1K calls',
    note: 'vector storage bills apart ($0.10 per GB per day after the first free GB)',
    source: 'https://www.modelcostwatch.com/openai/tool-costs/file-search',
    asOf: '2026-12-06',
  },
  {
    provider: 'openai',
    tool: 'code_interpreter',
    usd: 0.03,
    unit: 'container session',
    quote: 'an extra $0.03 per response for the container',
    note: 'a 1 GB container at the 20-minute session rate; since 2026-06-02 sessions bill per minute with a 5-minute minimum, and larger containers cost more ($0.12 for 4 GB)',
    source: 'https://community.openai.com/t/responses-api-excessive-charges-due-to-repetitive-container-creation-when-using-code-interpreter/1364328',
    asOf: '2026-12-06',
  },
  {
    provider: 'openai',
    tool: 'computer_use',
    unit: 'call',
    noFeeFound: true,
    quote: 'no per-call fee found in the sources read: computer use bills the computer-use model\'s tokens',
    source: 'https://developers.openai.com/api/docs/pricing',
    asOf: '2026-12-06',
  },
  {
    provider: 'anthropic',
    tool: 'web_search',
    usd: 10 / 1000,
    unit: 'search',
    quote: "Claude's web search tool costs $10.00 per 1,000 searches",
    note: 'the results are billed as input tokens too; `max_uses` caps the searches per call',
    source: 'https://claudecodeguides.com/claude-web-search-costs-10-per-thousand/',
    asOf: '2026-12-06',
  },
  {
    provider: 'anthropic',
    tool: 'web_fetch',
    usd: 0,
    unit: 'fetch',
    quote: 'Web fetch has no additional surcharge',
    note: 'the fetched content is billed as input tokens',
    source: 'https://claudecodeguides.com/claude-web-search-costs-10-per-thousand/',
    asOf: '2026-12-06',
  },
  {
    provider: 'anthropic',
    tool: 'code_execution',
    unit: 'container hour',
    quote: 'Standard code execution charges apply when these tools are not included',
    note: 'billed by container time; no price for it is confirmed here (free when the request also has web_search_20260209 or web_fetch_20260209)',
    source: 'https://platform.claude.com/docs/en/agents-and-tools/tool-use/code-execution-tool.md',
    asOf: '2026-12-06',
  },
  {
    provider: 'anthropic',
    tool: 'computer_use',
    unit: 'call',
    noFeeFound: true,
    quote: 'no per-call fee found: computer use bills tokens (its screenshots and tool definitions)',
    source: 'https://platform.claude.com/docs/en/about-claude/pricing',
    asOf: '2026-12-06',
  },
  {
    provider: 'google',
    tool: 'google_search',
    models: /^gemini-3/,
    usd: 14 / 1000,
    unit: 'search query',
    quote: 'the free allowance for Grounding with Google Search is 5,000 prompts per month, after which usage is billed at $14 per 1,000 search queries',
    note: 'Gemini 3 bills each search query the model runs; 5,000 prompts a month are free',
    source: 'https://discuss.ai.google.dev/t/grounding-with-google-search-5-000-free-prompts-month-is-the-quota-scoped-per-project-or-per-billing-account/134866',
    asOf: '2026-12-06',
  },
  {
    provider: 'google',
    tool: 'google_search',
    usd: 35 / 1000,
    unit: 'grounded prompt',
    quote: 'there’s a daily free tier of 1,500 requests. After exceeding this, the cost is $35 per 1,000 requests',
    note: 'Gemini 2.x bills each grounded request once, however many searches it runs; 1,500 a day are free',
    source: 'https://discuss.ai.google.dev/t/gemini-api-grounding-billing-for-requests-exceeding-daily-free-tier/102927',
    asOf: '2026-12-06',
  },
  {
    provider: 'google',
    tool: 'code_execution',
    usd: 0,
    unit: 'call',
    quote: "There's no additional charge for enabling code execution from the Gemini API",
    note: 'billed as input and output tokens',
    source: 'https://ai.google.dev/gemini-api/docs/code-execution',
    asOf: '2026-12-06',
  },
  {
    provider: 'google',
    tool: 'url_context',
    unit: 'call',
    noFeeFound: true,
    quote: 'no per-call fee found: the fetched content is billed as input tokens',
    source: 'https://ai.google.dev/gemini-api/docs/pricing',
    asOf: '2026-12-06',
  },
];

/** The fee row for a built-in tool on a provider's model, or undefined when the table has none. */
export function toolFeeFor(provider: string, tool: BuiltinTool, bareModel: string): ToolFee | undefined {
  // The providers' own APIs only: Azure, Bedrock and other hosts price (or offer) these tools their own way.
  const p = provider === 'vertex' || provider === 'gemini' ? 'google' : provider;
  return TOOL_FEES.find((f) => f.provider === p && f.tool === tool && (!f.models || f.models.test(bareModel)));
}
