// Call site → tokens and dollars per call: static and dynamic input, the cacheable prefix and what
// the provider's caching rules make of it, expected output, low/expected/high, with and without
// cache hits. Every figure that rests on an assumption lists it with the setting that changes it.
import { typicalTask } from './task';
import type { ConfigValues } from '../../config/load';
import type { Assumption, CallSite, Estimate, LowExpectedHigh, PromptPart } from '../model';
import { batchDiscountFor, cacheRuleFor, CacheRule } from '../pricing/cacheRules';
import { billedByOtherUnits, lookupPricing, ModelPricing, perMtok } from '../pricing/catalogue';
import { BuiltinTool, toolFeeFor } from '../pricing/toolFees';
import { costOf, NormalizedUsage } from '../pricing/usage';
import { reasoningFor } from './reasoning';
import { Calibration, CALIBRATIONS } from '../tokens/calibration';
import { countMessages, countTextRange, replyPriming } from '../tokens/count';
import { bareModelId, tokenizerFor } from '../tokens/registry';
import { own } from '../util/own';

export interface EstimateContext {
  config: ConfigValues;
}

const calibrationCache = new WeakMap<object, Calibration[]>();

/**
 * Factors telemetry observed (set by the editor from its observations, not a user setting): by
 * family, the factor and how many calls it rests on.
 */
export const OBSERVED_CALIBRATION_KEY = 'tokenizers.observedCalibration' as const;

/** Calibrations with the user's factors (`tokenizers.calibration`) applied, then telemetry's where the user set none. */
export function calibrationsFrom(config: ConfigValues): Calibration[] {
  const user = config['tokenizers.calibration'] as Record<string, number>;
  const observed = config[OBSERVED_CALIBRATION_KEY] ?? {};
  const cacheKey = Object.keys(observed).length ? observed : user;
  const cached = calibrationCache.get(cacheKey);
  if (cached) return cached;
  const out = CALIBRATIONS.map((c) => {
    const u = own(user, c.family);
    if (u !== undefined) return { ...c, factor: u, low: Math.min(c.low, u), high: Math.max(c.high, u), source: 'costlens.tokenizers.calibration' };
    const o = own(observed, c.family);
    if (o && Number.isFinite(o.factor) && o.factor > 0) return { ...c, factor: o.factor, low: Math.min(c.low, o.factor), high: Math.max(c.high, o.factor), source: `calibrated from ${o.calls} observed call${o.calls === 1 ? '' : 's'} (was ${c.factor})` };
    return c;
  });
  calibrationCache.set(cacheKey, out);
  return out;
}

interface MessageText {
  role: string;
  content: string;
}

/** The static text of each message, in order (dynamic parts left out). */
function staticMessages(parts: readonly PromptPart[]): MessageText[] {
  const byIndex = new Map<number, MessageText>();
  for (const p of parts) {
    let m = byIndex.get(p.message);
    if (!m) byIndex.set(p.message, (m = { role: p.role, content: '' }));
    if (!p.dynamic) m.content += p.text;
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, m]) => m);
}

const SAMPLE_LOW = 0.5;
const SAMPLE_HIGH = 2;
const DEFAULT_LOW = 0.25;
const DEFAULT_HIGH = 3;

function dynamicSize(part: PromptPart, model: string | undefined, calibrations: readonly Calibration[], config: ConfigValues, assumptions: Assumption[]): LowExpectedHigh {
  const d = part.dynamic!;
  if (d.size) return d.size;
  if (part.text) {
    const n = countTextRange(part.text, model, calibrations).expected;
    return { low: Math.round(n * SAMPLE_LOW), expected: n, high: Math.round(n * SAMPLE_HIGH) };
  }
  const defaults = config['defaults.placeholderTokens'] as Record<string, number>;
  const n = own(defaults, d.kind) ?? defaults.unknown ?? 200;
  assumptions.push({ text: `\`${d.name}\` (${d.kind}) is assumed to be ${n} tokens: no sample value`, changeWith: `costlens.defaults.placeholderTokens.${d.kind}, or a sample input` });
  return { low: Math.round(n * DEFAULT_LOW), expected: n, high: Math.round(n * DEFAULT_HIGH) };
}

/** Tokens the provider can cache: the prefix before the first volatile part, under its rules. */
function cacheablePrefix(site: CallSite, model: string | undefined, calibrations: readonly Calibration[], rule: CacheRule, assumptions: Assumption[]): number {
  if (rule.mode === 'none') return 0;
  const firstVolatile = site.parts.findIndex((p) => p.dynamic?.volatile);
  let end = firstVolatile < 0 ? site.parts.length : firstVolatile;
  if (rule.mode === 'explicit') {
    const marker = site.cacheMarkers.filter((m) => m.afterPart < end).sort((a, b) => b.afterPart - a.afterPart)[0];
    if (!marker) {
      assumptions.push({ text: `no cache breakpoint: ${site.provider} caches only up to an explicit cache_control marker, so nothing is cached` });
      return 0;
    }
    end = marker.afterPart + 1;
  }
  const prefixParts = site.parts.slice(0, end);
  if (prefixParts.length === 0) return 0;
  // Stable dynamic parts (e.g. a constant filled in once) count at their expected size.
  const messages = staticMessages(prefixParts);
  let tokens = countMessages(messages, model, calibrations).tokens - replyPriming(tokenizerFor(model, calibrations)); // no reply priming inside a prefix
  for (const p of prefixParts) if (p.dynamic && !p.dynamic.volatile) tokens += p.dynamic.size?.expected ?? 0;
  if (tokens < rule.minTokens) {
    assumptions.push({ text: `cacheable prefix ${tokens} tokens is under ${site.provider}'s minimum of ${rule.minTokens} for this model: no cache hits` });
    return 0;
  }
  if (rule.increment > 0) tokens = Math.floor(tokens / rule.increment) * rule.increment;
  return tokens;
}

function usageFor(input: number, cached: number, written: number, output: number, ttl: '5m' | '1h'): NormalizedUsage {
  return {
    format: 'openai-chat',
    inputTokens: input,
    uncachedInputTokens: input - cached - written,
    cacheReadTokens: cached,
    cacheWrite5mTokens: ttl === '5m' ? written : 0,
    cacheWrite1hTokens: ttl === '1h' ? written : 0,
    outputTokens: output,
    reasoningTokens: 0,
  };
}

/**
 * Tokens and dollars for one call of a call site. A call that can use several models (callers pass
 * different ones) is priced on each: the range spans them, the expected figure is their mean.
 */
export function estimateCallSite(given: CallSite, ctx: EstimateContext): Estimate {
  const site = observedSite(given, ctx.config);
  if (site !== given) return { ...estimateSite(site, ctx), multiplier: site.multiplier };
  return estimateSite(site, ctx);
}

function estimateSite(site: CallSite, ctx: EstimateContext): Estimate {
  if (site.testDouble || site.selfHosted) {
    const e = estimateModels(site, ctx);
    const zero = { low: 0, expected: 0, high: 0 };
    // A test double bills nothing and is no part of the bill: no price, kept out of totals. A
    // self-hosted model bills no API: $0, labelled (the machines it runs on are not estimated).
    if (site.testDouble) return { ...e, usd: undefined, pricedModel: undefined, priceSource: undefined, assumptions: [{ text: `test double (${site.testDouble}): it sends nothing to a provider, so it is kept out of totals and findings` }, ...e.assumptions.filter((a) => !a.text.startsWith('no price known'))] };
    return { ...e, usd: { perCall: zero, perCallNoCache: zero, perTask: zero, perTaskTypical: zero }, pricedModel: 'self-hosted', priceSource: undefined, assumptions: [{ text: `self-hosted (${site.selfHosted}): no API bill; the machines that serve it are not estimated` }, ...e.assumptions.filter((a) => !a.text.startsWith('no price known'))] };
  }
  return estimateModels(site, ctx);
}

/** The call site with what telemetry saw of it: its calls per run as the expected count (within the cap). */
function observedSite(site: CallSite, config: ConfigValues): CallSite {
  const o = own(config['telemetry.observedSites'] ?? {}, site.key);
  if (!o?.callsPerRun || !Number.isFinite(o.callsPerRun)) return site;
  const m = site.multiplier;
  const expected = Math.min(Math.max(o.callsPerRun, m.min), m.max);
  // The runs a task holds stay as they were; what telemetry saw changes the calls each makes.
  const perRun = m.perRun && m.expected > 0 ? { perRun: { ...m.perRun, expected: (m.perRun.expected * expected) / m.expected } } : {};
  return { ...site, multiplier: { ...m, expected, ...perRun, expectedReason: `observed: ${o.callsPerRun} calls per run over ${o.runs} runs (telemetry)` } };
}

function estimateModels(site: CallSite, ctx: EstimateContext): Estimate {
  const alternatives = site.model.alternatives;
  if (!alternatives || alternatives.length < 2) return estimateOne(site, ctx);
  const each = alternatives.map((a) => ({ a, e: estimateOne({ ...site, model: { ...site.model, id: a.id, alternatives: undefined } }, ctx) }));
  const first = each[0].e;
  const priced = each.filter((x) => x.e.usd);
  const combined: Estimate = { ...first, assumptions: [...first.assumptions] };
  if (priced.length === each.length) {
    const span = (pick: (e: Estimate) => LowExpectedHigh): LowExpectedHigh => ({
      low: Math.min(...priced.map((x) => pick(x.e).low)),
      expected: priced.reduce((sum, x) => sum + pick(x.e).expected, 0) / priced.length,
      high: Math.max(...priced.map((x) => pick(x.e).high)),
    });
    combined.usd = { perCall: span((e) => e.usd!.perCall), perCallNoCache: span((e) => e.usd!.perCallNoCache), perTask: span((e) => e.usd!.perTask), perTaskTypical: span((e) => typicalTask(e.usd!)) };
  }
  const money = (e: Estimate) => (e.usd ? `$${e.usd.perCall.expected.toPrecision(2)}/call` : 'no price');
  combined.assumptions.push({
    text: `one of ${alternatives.length} models (${each.map((x) => `${x.a.id} from ${x.a.from}: ${money(x.e)}`).join('; ')}): the range spans them, the expected figure is their mean${priced.length < each.length ? ' (not all have a price: the figures are those of the first)' : ''}`,
    changeWith: 'a `costlens: model=…` comment above the call',
  });
  return combined;
}

function estimateOne(site: CallSite, ctx: EstimateContext): Estimate {
  const { config } = ctx;
  const calibrations = calibrationsFrom(config);
  const model = site.model.id;
  const tokenizer = tokenizerFor(model, calibrations);
  const assumptions: Assumption[] = [];
  if (!model) assumptions.push({ text: `model unknown (${site.model.unresolvedReason ?? 'not found'}): tokens estimated with o200k_base + 20%, no price`, changeWith: 'a `costlens: model=…` comment above the call, `.costlens.json` "models", or costlens.defaults.models' });
  else if (site.model.assumed) assumptions.push({ text: `model ${model} is assumed, not read from the code (${site.model.from ?? 'a stated default'})`, changeWith: 'a `costlens: model=…` comment above the call, or `.costlens.json` "models"' });
  if (tokenizer.calibration) {
    assumptions.push({
      text: `${tokenizer.calibration.family} tokens estimated as ${tokenizer.calibration.reference === 'chars' ? 'characters ÷ 4' : tokenizer.calibration.reference} × ${tokenizer.calibration.factor} (${tokenizer.calibration.source})`,
      changeWith: `costlens.tokenizers.calibration.${tokenizer.calibration.family}`,
    });
  }

  // Static input: the static text of every message, with the chat framing.
  const messages = staticMessages(site.parts);
  const staticCount = messages.length ? countMessages(messages, model, calibrations) : { tokens: 0, exact: tokenizer.exact };
  const staticInput = staticCount.tokens;

  const dynamic: LowExpectedHigh = { low: 0, expected: 0, high: 0 };
  for (const p of site.parts) {
    if (!p.dynamic) continue;
    const s = dynamicSize(p, model, calibrations, config, assumptions);
    dynamic.low += s.low;
    dynamic.expected += s.expected;
    dynamic.high += s.high;
  }
  const inputRange: LowExpectedHigh = { low: staticInput + dynamic.low, expected: staticInput + dynamic.expected, high: staticInput + dynamic.high };

  // Output.
  const defaultOut = config['defaults.outputTokens'] as number;
  const uncapped = config['defaults.uncappedOutputTokens'] as number;
  const cap = site.outputCap?.tokens;
  const inputOnly = site.operation === 'embedding';
  // The expected output never exceeds the worst case (a cap, or the uncapped setting when it is the lower).
  const expectedOut = inputOnly ? 0 : Math.min(cap ?? uncapped, defaultOut);
  const oneAnswer: LowExpectedHigh = inputOnly ? { low: 0, expected: 0, high: 0 } : { low: Math.min(expectedOut, Math.max(1, Math.round(expectedOut / 4))), expected: expectedOut, high: cap ?? uncapped };
  // `n=3` / `candidateCount: 3`: three answers, each billed as output (the cap bounds each one).
  const choices = !inputOnly && typeof site.params.choices === 'number' && site.params.choices > 1 ? { count: site.params.choices, param: String(site.params.choicesParam ?? 'n') } : undefined;
  const outputRange: LowExpectedHigh = choices ? { low: oneAnswer.low * choices.count, expected: oneAnswer.expected * choices.count, high: oneAnswer.high * choices.count } : oneAnswer;
  if (choices) assumptions.push({ text: `${choices.param}=${choices.count}: ${choices.count} answers per request, each billed as output (${oneAnswer.expected.toLocaleString('en-US')} tokens each expected)`, changeWith: `the call's ${choices.param}` });
  if (inputOnly) assumptions.push({ text: 'an embedding request: input tokens only' });
  else if (cap === undefined) assumptions.push({ text: `no output cap: ${defaultOut} output tokens expected, up to ${uncapped}`, changeWith: 'costlens.defaults.outputTokens / costlens.defaults.uncappedOutputTokens, or set max_tokens' });
  else if (cap > defaultOut) assumptions.push({ text: `output expected ${defaultOut} tokens, capped at ${cap} by ${site.outputCap!.param}`, changeWith: 'costlens.defaults.outputTokens' });
  // Hidden output: a reasoning model's thinking, billed as output. Where the cap counts it too, the
  // answer and the thinking share the cap.
  const observedReasoning = own(config['telemetry.observedSites'] ?? {}, site.key)?.reasoning;
  const reasoning = inputOnly ? undefined : reasoningFor(model, site.reasoning, config, observedReasoning !== undefined ? { tokens: observedReasoning, calls: own(config['telemetry.observedSites'] ?? {}, site.key)!.calls } : undefined);
  const answers = choices?.count ?? 1;
  const billedOut: LowExpectedHigh = reasoning ? { low: outputRange.low + reasoning.tokens.low * answers, expected: outputRange.expected + reasoning.tokens.expected * answers, high: outputRange.high + reasoning.tokens.high * answers } : outputRange;
  if (reasoning && reasoning.capIncludes && cap !== undefined) {
    billedOut.high = Math.min(billedOut.high, cap * answers);
    billedOut.expected = Math.min(billedOut.expected, cap * answers);
    billedOut.low = Math.min(billedOut.low, billedOut.expected);
  }
  if (reasoning) assumptions.push({ text: `reasoning tokens: ${reasoning.tokens.expected.toLocaleString('en-US')} expected (${reasoning.tokens.low.toLocaleString('en-US')}–${reasoning.tokens.high.toLocaleString('en-US')}), billed as output — ${reasoning.basis}`, changeWith: reasoning.changeWith });

  // Caching.
  const bare = model ? bareModelId(model) : '';
  const pricing: ModelPricing | undefined = model ? lookupPricing(model, site.provider, { overrides: config['pricing.overrides'] as never, customModels: config['pricing.customModels'] as never }) : undefined;
  const cacheProvider = pricing?.provider ?? site.provider;
  const rule = cacheRuleFor(cacheProvider, bare);
  const cacheable = model ? cacheablePrefix(site, model, calibrations, rule, assumptions) : 0;
  const hitRate = config['cache.hitRate'] as number;
  // A breakpoint written with `"ttl": "1h"` says how it is billed; otherwise the setting does.
  const ttl = site.cacheMarkers.some((m) => m.ttl === '1h') ? '1h' : (config['cache.ttl'] as '5m' | '1h');
  const cachedExpected = Math.round(cacheable * hitRate);
  const writesExpected = rule.writePremium ? cacheable - cachedExpected : 0;
  if (cacheable > 0) {
    assumptions.push({
      text: `${cacheable} prefix tokens cacheable (${rule.mode} caching, minimum ${rule.minTokens}); ${Math.round(hitRate * 100)}% of calls assumed to hit the cache${rule.writePremium ? `, the rest write it (${ttl} TTL)` : ''}`,
      changeWith: 'costlens.cache.hitRate / costlens.cache.ttl',
    });
  }

  const estimate: Estimate = {
    model: model ?? 'unknown',
    provider: site.provider,
    pricedModel: pricing?.model,
    ...(pricing ? { priceSource: pricing.source } : {}),
    tokenizer: tokenizer.name,
    exact: tokenizer.exact,
    tokens: {
      input: inputRange.expected,
      staticInput,
      dynamicInput: dynamic.expected,
      cacheablePrefix: cacheable,
      cachedInput: cachedExpected,
      cacheWrite: writesExpected,
      output: outputRange.expected,
      ...(reasoning ? { reasoning: billedOut.expected - outputRange.expected } : {}),
    },
    inputRange,
    outputRange,
    ...(reasoning ? { reasoningRange: { low: Math.min(reasoning.tokens.low, billedOut.expected - outputRange.expected), expected: billedOut.expected - outputRange.expected, high: reasoning.capIncludes && cap !== undefined ? Math.min(reasoning.tokens.high, cap) : reasoning.tokens.high }, reasoningBasis: reasoning.basis } : {}),
    contextWindow: pricing?.contextWindow,
    cache: { mode: rule.mode, minTokens: rule.minTokens, hitRate },
    assumptions,
  };

  const units = model && !pricing ? billedByOtherUnits(model, site.provider, { overrides: config['pricing.overrides'] as never, customModels: config['pricing.customModels'] as never }) : undefined;
  if (units) assumptions.push({ text: `"${model}" is billed at ${units}, not per token: not priced`, changeWith: 'costlens.pricing.customModels' });
  else if (model && !pricing) assumptions.push({ text: `no price known for "${model}"`, changeWith: 'costlens.pricing.customModels' });
  if (pricing?.assumption) assumptions.push({ text: pricing.assumption, changeWith: 'costlens.pricing.overrides' });
  if (pricing) {
    const batch = config['pricing.batch'] as boolean;
    const cost = (input: number, cached: number, written: number, output: number) => costOf(usageFor(input, Math.min(cached, input), Math.min(written, input - Math.min(cached, input)), output, ttl), pricing, batch).total;
    const cacheableLow = Math.min(cacheable, inputRange.low);
    const perCall = {
      low: cost(inputRange.low, cacheableLow, 0, billedOut.low),
      expected: cost(inputRange.expected, cachedExpected, writesExpected, billedOut.expected),
      high: cost(inputRange.high, 0, rule.writePremium ? cacheable : 0, billedOut.high),
    };
    // Prices set in settings may make a cache read dearer than plain input: the range still holds the expected figure.
    perCall.low = Math.min(perCall.low, perCall.expected);
    perCall.high = Math.max(perCall.high, perCall.expected);
    // The host the code calls bills the tool (Azure, Bedrock), not the model's maker: its provider, not the catalogue's.
    const fees = builtinToolFees(site, site.provider === 'unknown' ? pricing.provider : site.provider, bare, assumptions, estimate);
    perCall.expected += fees;
    perCall.high += fees;
    const m = site.multiplier;
    let perTask = { low: perCall.low * m.min, expected: perCall.expected * m.expected, high: perCall.high * m.max };
    // A month of tasks averages the expected calls per task: its range is the per-call range's, not the cap's.
    let perTaskTypical = { low: perCall.low * m.expected, expected: perTask.expected, high: perCall.high * m.expected };
    if (site.historyGrows) {
      // Each step resends the history plus what the last step added (its answer and a tool result):
      // step i has input + i × growth, so a task costs Σ over its steps — quadratic in the steps.
      const defaults = config['defaults.placeholderTokens'] as Record<string, number>;
      const growth = outputRange.expected + (defaults['tool-output'] ?? 500);
      estimate.growthPerStep = growth;
      const p = perMtok(pricing, inputRange.expected);
      const discount = batch ? batchDiscountFor(pricing.provider)?.multiplier ?? 1 : 1;
      const extraOf = (steps: number) => (growth * steps * (steps - 1)) / 2;
      // Over each run's own turns when the task holds several runs (the history starts over with each).
      const tokensOver = (calls: number, perRun: number | undefined) => (perRun && perRun > 0 && perRun < calls ? (calls / perRun) * extraOf(perRun) : extraOf(calls));
      const extra = (calls: number, perRun: number | undefined) => (tokensOver(calls, perRun) * p.input * discount) / 1e6;
      perTask = { low: perTask.low + extra(m.min, m.perRun?.min), expected: perTask.expected + extra(m.expected, m.perRun?.expected), high: perTask.high + extra(m.max, m.perRun?.max) };
      const typicalExtra = extra(m.expected, m.perRun?.expected);
      perTaskTypical = { low: perTaskTypical.low + typicalExtra, expected: perTask.expected, high: perTaskTypical.high + typicalExtra };
      const runs = m.perRun && m.perRun.expected > 0 && m.perRun.expected < m.expected ? m.expected / m.perRun.expected : undefined;
      assumptions.push({
        text: `history grows each step by ~${growth} tokens (the answer plus a tool result): over ${runs ? `${+runs.toFixed(2)} runs of ${+m.perRun!.expected.toFixed(2)} steps` : `${m.expected} steps`} the task resends ${Math.round(tokensOver(m.expected, m.perRun?.expected)).toLocaleString('en-US')} extra input tokens, priced uncached`,
        changeWith: 'costlens.defaults.placeholderTokens.tool-output, or a `costlens: steps=N` comment',
      });
    }
    estimate.usd = {
      perCall,
      perCallNoCache: {
        low: cost(inputRange.low, 0, 0, billedOut.low),
        expected: cost(inputRange.expected, 0, 0, billedOut.expected) + fees,
        high: cost(inputRange.high, 0, 0, billedOut.high) + fees,
      },
      perTask,
      perTaskTypical,
    };
    estimate.prices = perMtok(pricing, inputRange.expected);
    if (choices) estimate.choices = choices;
    if (batch) assumptions.push({ text: 'priced through the batch API', changeWith: 'costlens.pricing.batch' });
    if (pricing.overridden.length) assumptions.push({ text: `prices overridden: ${pricing.overridden.join(', ')}`, changeWith: 'costlens.pricing.overrides' });
  }
  return estimate;
}

/**
 * The fees of the built-in tools a call enables, per call: each tool expected to be used once a call
 * (the model may use it more often, or not at all: the low figure leaves the fees out). Tools with no
 * sourced fee are named, and left out. Batch discounts do not apply to these fees.
 */
function builtinToolFees(site: CallSite, provider: string, bareModel: string, assumptions: Assumption[], estimate: Estimate): number {
  const tools = Array.isArray(site.params.builtinTools) ? (site.params.builtinTools as BuiltinTool[]) : [];
  let total = 0;
  for (const tool of tools) {
    const fee = toolFeeFor(provider, tool, bareModel);
    if (fee?.noFeeFound) {
      assumptions.push({ text: `built-in tool ${tool}: no per-use fee found (${fee.quote}; ${fee.source})` });
      continue;
    }
    if (!fee || fee.usd === undefined) {
      (estimate.unpricedTools ??= []).push(tool);
      assumptions.push({ text: `built-in tool ${tool}: ${fee ? `its fee (per ${fee.unit}) is not priced here — no source confirms a figure (${fee.source})` : `no fee known for ${provider}`}; left out of the figures` });
      continue;
    }
    if (fee.usd === 0) continue;
    const uses = 1;
    total += fee.usd * uses;
    (estimate.toolFees ??= []).push({ tool, usdPerUse: fee.usd, unit: fee.unit, usesPerCall: uses, usdPerCall: fee.usd * uses, source: fee.source, asOf: fee.asOf });
    assumptions.push({
      text: `built-in tool ${tool}: $${+(fee.usd).toFixed(4)} per ${fee.unit} (${fee.quote}; ${fee.source}, as of ${fee.asOf}), one ${fee.unit} per call expected${fee.note ? `; ${fee.note}` : ''}`,
    });
  }
  return total;
}
