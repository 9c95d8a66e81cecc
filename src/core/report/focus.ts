// The report as a FOCUS cost-and-usage CSV, so FinOps tools can load CostLens's projection beside
// their billing data.
//
// Spec: FinOps Open Cost and Usage Specification (FOCUS) 1.2,
// https://focus.finops.org/focus-specification/v1-2/ (source:
// https://github.com/FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, `specification/columns/*.md`,
// `specification/attributes/*.md`, and the requirements model's presence rules in
// `specification/requirements_model/model_rules/datasets/costandusage.json`).
//
// Columns. Every column FOCUS 1.2 requires unconditionally (the 21 "MUST be present" rules) is here:
// BilledCost, BillingAccountId, BillingAccountName, BillingCurrency, BillingPeriodEnd,
// BillingPeriodStart, ChargeCategory, ChargeClass, ChargeDescription, ChargePeriodEnd,
// ChargePeriodStart, ContractedCost, EffectiveCost, InvoiceIssuerName, ListCost, PricingQuantity,
// PricingUnit, ProviderName, PublisherName, ServiceCategory, ServiceName. Then the conditional ones
// whose condition holds for metered LLM APIs: ConsumedQuantity/ConsumedUnit (usage is measured),
// ListUnitPrice (public price lists), PricingCategory, ResourceId/ResourceName/ResourceType,
// SkuId/SkuMeter/SkuPriceId, Tags; and the recommended ChargeFrequency and ServiceSubcategory. 1.2
// still names the parties ProviderName, PublisherName and InvoiceIssuerName (1.3 moves to
// ServiceProviderName/HostProviderName). CostLens's own fields are `x_` columns, as custom columns
// must be.
//
// Rows: one per priced call site and token kind (input, cached input, cache write, output), so
// ConsumedQuantity is tokens (ConsumedUnit "Tokens") and prices are per million tokens. FOCUS's
// Unit Format wants `<unit-quantity> <plural-units>` with an integer quantity ("1000 Tokens" is its
// example), so PricingUnit is "1000000 Tokens", PricingQuantity is tokens ÷ 1,000,000 and
// ListUnitPrice is the USD price per million tokens. A call site with no known price has no row:
// FOCUS costs must not be null, and a made-up zero would under-report (the other formats list them).
//
// Costs. These are estimates, not billed data: each row is the projected month at the report's
// traffic (tasks per day × days per month), and ChargeDescription and x_Estimate say so. The
// estimate prices tokens at the catalogue's public prices (@pydantic/genai-prices, or the user's
// overrides), so ListCost is the estimate; with no negotiated discounts known, ContractedCost
// defaults to ListCost (as the ContractedCost column says it does), and with no commitment
// amortisation or credits, BilledCost = EffectiveCost = ListCost. Each row's cost is
// ListUnitPrice × PricingQuantity (FOCUS requires that product to equal ListCost), and a call
// site's rows add up to its `usd.perMonth.expected`, so the rows add up to the report's total.
// The report keeps one figure per call; splitting it by token kind uses the call site's per-kind
// prices, and the input rows carry the tokens a growing history resends (derived from the gap
// between `usd.perTask` and `usd.perCall` × calls per task, which is priced as uncached input).
import type { Report, ReportCallSite, ReportTask } from './report';
import { own } from '../util/own';
import { type CsvCell, writeCsv } from './csv';

export const FOCUS_VERSION = '1.2';
export const FOCUS_SPEC_URL = 'https://focus.finops.org/focus-specification/v1-2/';

/** The columns, FOCUS's in alphabetical order as the spec lists them, then CostLens's. */
export const FOCUS_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceId',
  'Tags',
  'x_CallSiteKey',
  'x_Path',
  'x_Line',
  'x_Model',
  'x_PricedModel',
  'x_TokenKind',
  'x_Estimate',
  'x_ExactTokens',
  'x_CallsPerTask',
  'x_TasksPerDay',
  'x_DaysPerMonth',
  'x_Tool',
  // What telemetry saw for the call site (empty without): calls, mean $ per call, $ a month at the observed rate.
  'x_ObservedCalls',
  'x_ObservedUsdPerCall',
  'x_ObservedUsdPerMonth',
] as const;

/** The columns FOCUS 1.2 requires in every dataset (its unconditional presence rules). */
export const FOCUS_MANDATORY_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
] as const;

export interface FocusOptions {
  /**
   * The month the estimate is for: `YYYY-MM`, or explicit bounds (start inclusive, end exclusive).
   * Default: the current calendar month in UTC.
   */
  period?: string | { start: Date | string; end: Date | string };
  /** "Now" for the default period (tests). */
  now?: Date;
  /** FOCUS requires a billing account; an estimate has none of its own. */
  billingAccountId?: string;
  billingAccountName?: string;
}

export type TokenKind = 'input' | 'cachedInput' | 'cacheWrite' | 'output';

const METER: Record<TokenKind, string> = { input: 'Input Tokens', cachedInput: 'Cached Input Tokens', cacheWrite: 'Cache Write Tokens', output: 'Output Tokens' };
const SKU_SUFFIX: Record<TokenKind, string> = { input: 'input', cachedInput: 'cached-input', cacheWrite: 'cache-write', output: 'output' };

/** One token kind of a call site over the projected month. */
export interface MonthlyTokenUsage {
  kind: TokenKind;
  tokens: number;
  /** USD per million tokens, as billed in this estimate (tier, batch discount and TTL applied). */
  usdPerMtok: number;
  usd: number;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * A call site's projected month split by token kind: tokens and dollars, the dollars adding up to
 * `usd.perMonth.expected`. Undefined when the call site has no price.
 */
export function monthlyUsageByTokenKind(site: ReportCallSite, tasksPerMonth: number): MonthlyTokenUsage[] | undefined {
  const usd = site.usd;
  const p = site.pricesPerMtok;
  if (!usd || !p) return undefined;
  const t = site.tokens;
  const calls = site.multiplier.expected;
  const uncached = Math.max(0, t.input - t.cachedInput - t.cacheWrite);
  // The report does not carry the TTL it priced cache writes at; the estimate's assumption says it.
  const writePrice = site.assumptions.some((a) => /\b1h TTL\b/.test(a.text)) ? p.cacheWrite1h : p.cacheWrite5m;
  const listPrice: Record<TokenKind, number> = { input: p.input, cachedInput: p.cachedInput, cacheWrite: writePrice, output: p.output };
  const perCall: Record<TokenKind, number> = { input: uncached, cachedInput: t.cachedInput, cacheWrite: t.cacheWrite, output: t.output };
  // What the per-kind prices give for one call against what the estimate charged (the batch
  // discount, for one, is applied to the whole call).
  const atList = (Object.keys(perCall) as TokenKind[]).reduce((s, k) => s + (perCall[k] * listPrice[k]) / 1e6, 0);
  const billedShare = atList > 0 ? usd.perCall.expected / atList : 1;
  // A growing history: the task's cost beyond calls × one call is resent input, priced uncached.
  const extraUsd = usd.perTask.expected - usd.perCall.expected * calls;
  const extraInputPerTask = extraUsd > 1e-12 * Math.max(1, usd.perTask.expected) && p.input > 0 ? (extraUsd / (p.input * billedShare)) * 1e6 : 0;
  const kinds: TokenKind[] = ['input', 'cachedInput', 'cacheWrite', 'output'];
  const tokens = (k: TokenKind) => round3((perCall[k] * calls + (k === 'input' ? extraInputPerTask : 0)) * tasksPerMonth);
  const rows = kinds.map((kind) => ({ kind, tokens: tokens(kind), usdPerMtok: listPrice[kind] * billedShare, usd: 0 })).filter((r) => r.tokens > 0 || r.kind === 'input' || r.kind === 'output');
  const total = usd.perMonth.expected;
  const atPrices = rows.reduce((s, r) => s + (r.tokens * r.usdPerMtok) / 1e6, 0);
  if (atPrices > 0) {
    // Scale so the rows add up to the report's figure exactly (it is the one users see elsewhere).
    const k = total / atPrices;
    for (const r of rows) {
      r.usdPerMtok *= k;
      r.usd = (r.tokens * r.usdPerMtok) / 1e6;
    }
  } else {
    // No per-kind prices to split by (a price of zero, or prices the report lacks): by tokens.
    const allTokens = rows.reduce((s, r) => s + r.tokens, 0);
    for (const r of rows) {
      r.usd = allTokens > 0 ? (total * r.tokens) / allTokens : 0;
      r.usdPerMtok = r.tokens > 0 ? (r.usd / r.tokens) * 1e6 : 0;
    }
    if (allTokens === 0 && rows.length) rows[0].usd = total;
  }
  return rows;
}

/** The task each call site belongs to (its traffic is the task's). */
export function taskByCallSite(report: Report): Map<string, ReportTask> {
  const out = new Map<string, ReportTask>();
  for (const t of report.tasks) for (const k of t.callSites) if (!out.has(k)) out.set(k, t);
  return out;
}

// Provider ids (the price catalogue's) → the names FOCUS's ProviderName/ServiceName want.
const PROVIDERS: Record<string, { name: string; service: string }> = {
  openai: { name: 'OpenAI', service: 'OpenAI API' },
  anthropic: { name: 'Anthropic', service: 'Claude API' },
  google: { name: 'Google', service: 'Gemini API' },
  vertex: { name: 'Google Cloud', service: 'Vertex AI' },
  aws: { name: 'Amazon Web Services', service: 'Amazon Bedrock' },
  bedrock: { name: 'Amazon Web Services', service: 'Amazon Bedrock' },
  azure: { name: 'Microsoft', service: 'Azure OpenAI' },
  mistral: { name: 'Mistral AI', service: 'Mistral AI API' },
  deepseek: { name: 'DeepSeek', service: 'DeepSeek API' },
  groq: { name: 'Groq', service: 'GroqCloud' },
  cohere: { name: 'Cohere', service: 'Cohere API' },
  together: { name: 'Together AI', service: 'Together AI API' },
  fireworks: { name: 'Fireworks AI', service: 'Fireworks AI API' },
  'x-ai': { name: 'xAI', service: 'xAI API' },
  xai: { name: 'xAI', service: 'xAI API' },
};

// Who made the model (PublisherName), for models sold by someone else (Bedrock, Azure, Vertex).
const PUBLISHERS: [RegExp, string][] = [
  [/(^|[./:])(gpt|o\d|chatgpt|text-embedding|davinci|gpt-oss)/i, 'OpenAI'],
  [/claude/i, 'Anthropic'],
  [/gemini|gemma/i, 'Google'],
  [/llama/i, 'Meta'],
  [/mistral|mixtral|codestral|ministral/i, 'Mistral AI'],
  [/deepseek/i, 'DeepSeek'],
  [/command|cohere/i, 'Cohere'],
  [/grok/i, 'xAI'],
];

function providerOf(site: ReportCallSite): { name: string; service: string; publisher: string } {
  const model = site.pricedModel ?? site.model ?? '';
  const publisher = PUBLISHERS.find(([re]) => re.test(model))?.[1];
  const known = own(PROVIDERS, site.provider);
  if (known) return { ...known, publisher: publisher ?? known.name };
  const name = site.provider && site.provider !== 'unknown' ? site.provider : publisher ?? 'Unknown';
  return { name, service: `${name} API`, publisher: publisher ?? name };
}

/** A moment as FOCUS's Date/Time Format wants it: `YYYY-MM-DDTHH:mm:ssZ`, UTC. */
export function focusDateTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The charge and billing period: start inclusive, end exclusive. */
export function focusPeriod(options: FocusOptions = {}): { start: Date; end: Date } {
  const month = (y: number, m: number) => ({ start: new Date(Date.UTC(y, m, 1)), end: new Date(Date.UTC(y, m + 1, 1)) });
  const p = options.period;
  if (p === undefined) {
    const now = options.now ?? new Date();
    return month(now.getUTCFullYear(), now.getUTCMonth());
  }
  if (typeof p === 'string') {
    const m = /^(\d{4})-(\d{2})$/.exec(p);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`period must be a month as YYYY-MM, got "${p}"`);
    return month(Number(m[1]), Number(m[2]) - 1);
  }
  const start = new Date(p.start);
  const end = new Date(p.end);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start >= end) throw new RangeError('period needs a valid start before its end');
  return { start, end };
}

const fmtCount = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The report as FOCUS 1.2 cost-and-usage rows (CSV, RFC 4180). Pure: no I/O. */
export function toFocusCsv(report: Report, options: FocusOptions = {}): string {
  const period = focusPeriod(options);
  const start = focusDateTime(period.start);
  const end = focusDateTime(period.end);
  const account = options.billingAccountId ?? 'costlens-estimate';
  const accountName = options.billingAccountName ?? 'CostLens estimate (no billing account)';
  const tasks = taskByCallSite(report);
  const days = report.traffic.daysPerMonth;
  const rows: CsvCell[][] = [];
  for (const site of report.callSites) {
    const task = tasks.get(site.key);
    const tasksPerDay = task?.tasksPerDay ?? report.traffic.tasksPerDay;
    const usage = monthlyUsageByTokenKind(site, tasksPerDay * days);
    // FOCUS costs must be numbers: a call site whose figures overflowed has none, as an unpriced one.
    if (!usage || !usage.every((u) => Number.isFinite(u.usd) && Number.isFinite(u.tokens) && Number.isFinite(u.usdPerMtok))) continue;
    const who = providerOf(site);
    const model = site.pricedModel ?? site.model ?? 'unknown';
    const skuId = `${site.provider}/${model}`;
    const location = `${site.path}:${site.line}`;
    const tags: Record<string, string | boolean> = { 'costlens/path': site.path, 'costlens/line': String(site.line), 'costlens/kind': site.kind, 'costlens/estimate': true };
    if (task) tags['costlens/task'] = task.name;
    for (const u of usage) {
      const description =
        `Estimate by CostLens, not billed usage: ${METER[u.kind].toLowerCase()} of ${model} for ${location}, ` +
        `projected over a month at ${fmtCount(site.multiplier.expected)} call(s) per task, ${fmtCount(tasksPerDay)} tasks a day, ${fmtCount(days)} days.`;
      const cost = u.usd;
      const record: Record<(typeof FOCUS_COLUMNS)[number], CsvCell> = {
        BilledCost: cost,
        BillingAccountId: account,
        BillingAccountName: accountName,
        BillingCurrency: 'USD',
        BillingPeriodEnd: end,
        BillingPeriodStart: start,
        ChargeCategory: 'Usage',
        ChargeClass: null,
        ChargeDescription: description,
        ChargeFrequency: 'Usage-Based',
        ChargePeriodEnd: end,
        ChargePeriodStart: start,
        ConsumedQuantity: u.tokens,
        ConsumedUnit: 'Tokens',
        ContractedCost: cost,
        EffectiveCost: cost,
        InvoiceIssuerName: who.name,
        ListCost: cost,
        ListUnitPrice: u.usdPerMtok,
        PricingCategory: 'Standard',
        PricingQuantity: u.tokens / 1e6,
        PricingUnit: '1000000 Tokens',
        ProviderName: who.name,
        PublisherName: who.publisher,
        ResourceId: site.key,
        ResourceName: site.name ? `${site.name} (${location})` : location,
        ResourceType: site.kind === 'prompt-file' ? 'Prompt File' : 'LLM Call Site',
        ServiceCategory: 'AI and Machine Learning',
        ServiceName: who.service,
        ServiceSubcategory: 'Generative AI',
        SkuId: skuId,
        SkuMeter: METER[u.kind],
        SkuPriceId: `${skuId}/${SKU_SUFFIX[u.kind]}`,
        Tags: JSON.stringify(tags),
        x_CallSiteKey: site.key,
        x_Path: site.path,
        x_Line: site.line,
        x_Model: site.model,
        x_PricedModel: site.pricedModel,
        x_TokenKind: u.kind,
        x_Estimate: 'estimated',
        x_ExactTokens: site.exactTokens,
        x_CallsPerTask: site.multiplier.expected,
        x_TasksPerDay: tasksPerDay,
        x_DaysPerMonth: days,
        x_Tool: `${report.tool.name} ${report.tool.version}`,
        x_ObservedCalls: site.observed?.calls ?? null,
        x_ObservedUsdPerCall: site.observed?.usdPerCall?.mean ?? null,
        x_ObservedUsdPerMonth: site.observed?.usdPerMonth ?? null,
      };
      rows.push(FOCUS_COLUMNS.map((c) => record[c]));
    }
  }
  return writeCsv(FOCUS_COLUMNS, rows);
}

