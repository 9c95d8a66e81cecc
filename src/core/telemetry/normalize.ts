// OTLP spans → ObservedCall: one call per span that is an LLM request, whatever instrumentation
// wrote it, with the token accounting made uniform (ObservedUsage.input always includes the cached
// tokens, OpenAI's sense). Wrapper spans (Vercel AI SDK `ai.generateText`, LangChain chains, agents,
// tools, workflows) are never calls, and of LLM spans nested in one another only the innermost that
// carries usage counts, so nothing is counted twice.
//
// Attribute names, by source (the files read are listed in test/fixtures/telemetry/README.md):
// - GenAI semantic conventions: open-telemetry/semantic-conventions model/gen-ai/registry.yaml and
//   docs/gen-ai/anthropic.md (current names, `gen_ai.system` and `gen_ai.usage.prompt_tokens`/
//   `completion_tokens` deprecated ones); newer drafts rename cache_creation to cache_write.
// - OpenLLMetry: traceloop/openllmetry packages/opentelemetry-semantic-conventions-ai (`llm.request.type`,
//   `traceloop.span.kind`, `traceloop.entity.name`, older `gen_ai.usage.cache_read_input_tokens`),
//   traceloop/openllmetry-js packages/ai-semantic-conventions/src/SemanticAttributes.ts.
// - OpenInference: Arize-ai/openinference js/packages/openinference-semantic-conventions/src/trace/
//   SemanticConventions.ts (`openinference.span.kind`, `llm.token_count.*`, `llm.cost.*`).
// - Vercel AI SDK: vercel/ai packages/ai/src/generate-text/generate-text.ts, telemetry/
//   assemble-operation-name.ts and get-base-telemetry-attributes.ts (`ai.operationId`,
//   `ai.telemetry.functionId` and `ai.telemetry.metadata.*` on the inner spans too, `ai.usage.*`).
// - OpenLIT: openlit/openlit sdk/python/src/openlit/semcov/__init__.py (`gen_ai.usage.cost`,
//   `telemetry.sdk.name` = "openlit" on every span).
// - Langfuse: langfuse/langfuse-python langfuse/_client/attributes.py (`langfuse.observation.*`).
//
// Token accounting, by source (what `gen_ai.usage.input_tokens` or its equivalent holds):
// - Inclusive (cached tokens already inside input) — OpenAI everywhere; the GenAI conventions
//   (registry note: input SHOULD include cached; anthropic.md: MUST add Anthropic's cache tokens);
//   OpenLLMetry's Anthropic instrumentation (traceloop/openllmetry .../instrumentation/anthropic/
//   __init__.py `_set_token_usage`: input_tokens = prompt + cache_read + cache_creation);
//   OpenTelemetry's own Anthropic instrumentation (open-telemetry/opentelemetry-python-contrib
//   instrumentation-genai/opentelemetry-instrumentation-anthropic/.../utils.py `_extract_usage_tokens`);
//   OpenInference's Anthropic instrumentor (`_get_llm_token_counts` sums input, cache creation and
//   cache read into llm.token_count.prompt); AI SDK 6+ (`ai.usage.inputTokens` is
//   `inputTokens.total`, vercel/ai packages/anthropic/src/convert-anthropic-messages-usage.ts).
// - Exclusive (Anthropic's raw input_tokens, cache reads and writes outside it) — OpenLIT's
//   Anthropic instrumentation (openlit sdk/python/src/openlit/instrumentation/anthropic/utils.py:
//   "input_tokens exclusive of cache read / creation tokens"); AI SDK 4 and 5 with an Anthropic
//   model (vercel/ai packages/anthropic/src/anthropic-messages-language-model.ts, LanguageModelV2:
//   `inputTokens: response.usage.input_tokens`, `cachedInputTokens: cache_read_input_tokens`, the
//   write only in providerMetadata.anthropic.cacheCreationInputTokens).
// - Disjoint buckets summed — Langfuse usage details (`input`, `input_cached_tokens`,
//   `input_cache_creation[_5m|_1h]`, `output`, `output_reasoning_tokens`; langfuse/langfuse
//   packages/shared/src/server/otel/OtelIngestionProcessor.cacheUsage.test.ts and
//   packages/shared/src/server/repositories/observations_converters.ts `reduceUsageOrCostDetails`).
// - Anything else, and every source as a check: a total that includes the cache cannot be smaller
//   than the cache, so input < cache read + cache write means the cache was left out and is added.
//   The same holds for reasoning inside output (AI SDK 5's Google provider reports
//   candidatesTokenCount, thinking excluded, vercel/ai packages/google/src/
//   google-generative-ai-language-model.ts).
import type { CodeLocation, ObservedCall, ObservedUsage } from './call';
import { attributeMap, type AttributeValue, type ExportTraceServiceRequest, type KeyValue, type OtlpSpanSink } from './otlp';

export interface NormalizeResult {
  calls: ObservedCall[];
  /** Spans that are not LLM requests, or are wrappers and duplicates of one. */
  ignored: number;
  /** Spans refused, each with its reason in `problems` (OTLP's partialSuccess.rejectedSpans). */
  rejected: number;
  problems: string[];
}

type Attrs = Map<string, AttributeValue>;

const MAX_PROBLEMS = 20;
const MAX_TEXT = 256;
const MAX_NAMES = 12;
const MAX_DEPTH = 64;
/** JSON attribute values (provider metadata, usage details) longer than this are not parsed. */
const MAX_JSON = 200_000;
/** No single request has a trillion tokens: larger counts are taken for garbage. */
const MAX_COUNT = 1e12;

/** A bounded list of short problem strings; past the bound, only a count. */
export class Problems {
  readonly list: string[] = [];
  private dropped = 0;
  add(text: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(text.length > 200 ? `${text.slice(0, 199)}…` : text);
    else this.dropped++;
  }
  done(): string[] {
    return this.dropped ? [...this.list, `… and ${this.dropped} more`] : this.list;
  }
}

// ---------------------------------------------------------------------------------------------
// Values

type Count = number | undefined | 'bad';

/** A token count: a non-negative finite number (or numeric string); 'bad' when present but not one. */
export function toCount(v: unknown): Count {
  if (v === undefined || v === null) return undefined;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*\d{1,15}(\.\d+)?\s*$/.test(v)) n = Number(v);
  else return 'bad';
  if (!Number.isFinite(n) || n < 0 || n > MAX_COUNT) return 'bad';
  return Math.round(n);
}

/** A USD amount, same rules. */
export function toUsd(v: unknown): number | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*\d{1,12}(\.\d+)?([eE]-?\d{1,3})?\s*$/.test(v)) n = Number(v);
  else return undefined;
  return Number.isFinite(n) && n >= 0 && n < 1e9 ? n : undefined;
}

/** A short, non-empty string, or undefined. */
export function toText(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (!t) return undefined;
  return t.length > MAX_TEXT ? t.slice(0, MAX_TEXT) : t;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON held in a string attribute (or already an object); undefined when absent, too big or not JSON. */
export function jsonObject(v: unknown): Record<string, unknown> | undefined {
  if (isObj(v)) return v;
  if (typeof v !== 'string' || v.length > MAX_JSON) return undefined;
  const t = v.trim();
  if (!t.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(t);
    return isObj(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Reads counts from a map, noting values that are there but are not counts. */
class Reader {
  constructor(
    private readonly get: (key: string) => unknown,
    private readonly bad: (key: string) => void,
  ) {}
  count(...keys: string[]): number | undefined {
    for (const k of keys) {
      const c = toCount(this.get(k));
      if (c === 'bad') this.bad(k);
      else if (c !== undefined) return c;
    }
    return undefined;
  }
}

function dig(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const p of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

function num(v: unknown): number | undefined {
  const c = toCount(v);
  return typeof c === 'number' ? c : undefined;
}

// ---------------------------------------------------------------------------------------------
// Providers

/**
 * The provider as one short id: `openai`, `anthropic`, `google`, `azure`, `aws-bedrock`, `mistral`,
 * … from whatever the span said (`gen_ai.provider.name`, `gen_ai.system`, `llm.provider`, the AI
 * SDK's `ai.model.provider` such as `openai.chat` or `google.vertex.anthropic.messages`).
 * Azure (`azure.ai.openai`, `az.ai.openai`) stays `azure`: OpenAI's models, Azure's price list.
 */
export function normalizeProvider(raw: unknown): string | undefined {
  const text = toText(raw);
  if (!text) return undefined;
  const p = text.toLowerCase();
  // Claude served through Vertex: Anthropic's accounting and prices.
  if (/(^|[._-])anthropic([._-]|$)/.test(p) && !/bedrock/.test(p)) return 'anthropic';
  if (/^(azure|az\.)/.test(p)) return 'azure';
  if (/^openai/.test(p)) return 'openai';
  if (/bedrock|^aws([._-]|$)|^amazon/.test(p)) return 'aws-bedrock';
  if (/^(google|gemini|vertex|gcp[._]|gcp$)/.test(p)) return 'google';
  if (/^mistral/.test(p)) return 'mistral';
  if (/^x[._-]?ai([._-]|$)/.test(p)) return 'xai';
  if (/^ibm|watson/.test(p)) return 'ibm';
  if (/^together/.test(p)) return 'together';
  const first = p.split(/[.\s/]/)[0] ?? p;
  return first.replace(/[^a-z0-9_-]/g, '').slice(0, 64) || undefined;
}

/** Providers whose API reports input_tokens without the cache (Anthropic's Messages API). */
function cacheExclusiveProvider(rawProvider: string | undefined): boolean {
  return !!rawProvider && /anthropic/i.test(rawProvider);
}

// ---------------------------------------------------------------------------------------------
// Usage

interface RawUsage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
  reasoning?: number;
  total?: number;
}

type Mode = 'inclusive' | 'exclusive';

/**
 * Raw counts → ObservedUsage. `exclusive`: input left the cache out (Anthropic's sense), so it is
 * added. `inclusive`: input should hold the cache; when it is smaller than the cache it cannot, and
 * the cache is added all the same. Likewise reasoning is added to an output smaller than it.
 */
export function finishUsage(raw: RawUsage, mode: Mode): ObservedUsage | undefined {
  const { input, output, cacheRead, cacheWrite, cacheWrite1h, reasoning, total } = raw;
  if ([input, output, cacheRead, cacheWrite, cacheWrite1h, reasoning, total].every((v) => v === undefined)) return undefined;
  const read = cacheRead ?? 0;
  const write1h = cacheWrite1h ?? 0;
  const write = Math.max(cacheWrite ?? 0, write1h);
  let inTotal: number;
  if (input === undefined) {
    inTotal = total !== undefined && output !== undefined && total >= output ? total - output : 0;
    if (inTotal < read + write) inTotal += read + write;
  } else if (mode === 'exclusive' || input < read + write) {
    inTotal = input + read + write;
  } else {
    inTotal = input;
  }
  let out = output ?? (total !== undefined && total >= inTotal ? total - inTotal : 0);
  const rs = reasoning ?? 0;
  if (out < rs) out += rs;
  return { input: inTotal, cacheRead: read, cacheWrite: write, cacheWrite1h: write1h, output: out, reasoning: rs };
}

function addIf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : a + b;
}

/**
 * Langfuse usage details → ObservedUsage. Langfuse keeps them as disjoint buckets (`input` is the
 * uncached part; `input_cached_tokens`, `input_cache_creation`, `output_reasoning_tokens` … are
 * beside it) and sums every `input*` key into input, every `output*` key into output. Usage in
 * OpenAI's own shape (`prompt_tokens` with `prompt_tokens_details`, or the Responses API's
 * `input_tokens` with `input_tokens_details`) is read as OpenAI means it, cached tokens inside.
 */
export function usageFromDetails(details: Record<string, unknown>, bad: (key: string) => void): ObservedUsage | undefined {
  const r = new Reader((k) => details[k], bad);
  if ('prompt_tokens' in details || 'completion_tokens' in details) {
    return finishUsage(
      {
        input: r.count('prompt_tokens'),
        output: r.count('completion_tokens'),
        cacheRead: num(dig(details, 'prompt_tokens_details', 'cached_tokens')),
        cacheWrite: num(dig(details, 'prompt_tokens_details', 'cache_write_tokens')),
        reasoning: num(dig(details, 'completion_tokens_details', 'reasoning_tokens')),
        total: r.count('total_tokens'),
      },
      'inclusive',
    );
  }
  if (('input_tokens_details' in details || 'output_tokens_details' in details) && 'input_tokens' in details) {
    return finishUsage(
      {
        input: r.count('input_tokens'),
        output: r.count('output_tokens'),
        cacheRead: num(dig(details, 'input_tokens_details', 'cached_tokens')),
        reasoning: num(dig(details, 'output_tokens_details', 'reasoning_tokens')),
        total: r.count('total_tokens'),
      },
      'inclusive',
    );
  }
  let input: number | undefined;
  let output: number | undefined;
  let read: number | undefined;
  let write: number | undefined;
  let write1h: number | undefined;
  let reasoning: number | undefined;
  let total: number | undefined;
  for (const [key, value] of Object.entries(details).slice(0, 64)) {
    const k = key.toLowerCase();
    if (typeof value === 'string' && !/^\s*\d/.test(value)) continue; // `unit: "TOKENS"`
    const c = toCount(value);
    if (c === 'bad') {
      bad(key);
      continue;
    }
    if (c === undefined) continue;
    if (k === 'total' || k.startsWith('total')) total = addIf(total, c);
    else if (k.includes('output') || k.includes('completion')) {
      output = addIf(output, c);
      if (/reasoning|thought/.test(k)) reasoning = addIf(reasoning, c);
    } else if (k.includes('input') || k.includes('prompt') || k.includes('cache')) {
      input = addIf(input, c);
      if (/cache_?(creation|write)|cache_?create/.test(k)) {
        write = addIf(write, c);
        if (/1h/.test(k)) write1h = addIf(write1h, c);
      } else if (/cache_?read|cached/.test(k)) read = addIf(read, c);
    }
  }
  // The buckets are disjoint: input and output are already totals.
  return finishUsage({ input, output, cacheRead: read, cacheWrite: write, cacheWrite1h: write1h, reasoning, total }, 'inclusive');
}

/** A cost from Langfuse cost details: `total`, else the sum of the parts. Zero is not a price. */
export function costFromDetails(details: Record<string, unknown>): number | undefined {
  const total = toUsd(details.total);
  if (total !== undefined) return total;
  let sum: number | undefined;
  for (const [k, v] of Object.entries(details).slice(0, 64)) {
    if (k === 'total') continue;
    const usd = toUsd(v);
    if (usd !== undefined) sum = (sum ?? 0) + usd;
  }
  return sum;
}

/**
 * A reported cost of 0 is taken for "no price known", not "free": OpenLIT writes 0 for a model its
 * price list lacks, Langfuse 0 for a generation it could not price.
 */
export function meaningfulCost(cost: number | undefined): number | undefined {
  return cost === undefined || cost === 0 ? undefined : cost;
}

// Attribute keys, most specific first. Newer semantic-convention drafts rename
// `cache_creation` to `cache_write`; OpenLLMetry wrote `cache_read_input_tokens` before the
// conventions had the dotted names; `input_cached_tokens` is what some exporters write for Langfuse.
const GEN_AI_INPUT = ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'];
const GEN_AI_OUTPUT = ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'];
const GEN_AI_CACHE_READ = [
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_read_input_tokens',
  'gen_ai.usage.cached_input_tokens',
  'gen_ai.usage.input_cached_tokens',
  'gen_ai.usage.cached_tokens',
  'llm.usage.cache_read_input_tokens',
];
const GEN_AI_CACHE_WRITE = [
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.cache_write.input_tokens',
  'gen_ai.usage.cache_creation_input_tokens',
  'gen_ai.usage.cache_write_input_tokens',
];
const GEN_AI_REASONING = ['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens', 'gen_ai.usage.output_reasoning_tokens'];
const GEN_AI_TOTAL = ['gen_ai.usage.total_tokens', 'llm.usage.total_tokens'];

const OI_INPUT = ['llm.token_count.prompt'];
const OI_OUTPUT = ['llm.token_count.completion'];
const OI_CACHE_READ = ['llm.token_count.prompt_details.cache_read'];
const OI_CACHE_WRITE = ['llm.token_count.prompt_details.cache_write'];
const OI_REASONING = ['llm.token_count.completion_details.reasoning', 'llm.token_count.reasoning_tokens'];
const OI_TOTAL = ['llm.token_count.total'];

function genericRaw(r: Reader, openInferenceFirst: boolean): RawUsage {
  const order = <T>(oi: T[], gen: T[]) => (openInferenceFirst ? [...oi, ...gen] : [...gen, ...oi]);
  return {
    input: r.count(...order(OI_INPUT, GEN_AI_INPUT)),
    output: r.count(...order(OI_OUTPUT, GEN_AI_OUTPUT)),
    cacheRead: r.count(...order(OI_CACHE_READ, GEN_AI_CACHE_READ)),
    cacheWrite: r.count(...order(OI_CACHE_WRITE, GEN_AI_CACHE_WRITE)),
    reasoning: r.count(...order(OI_REASONING, GEN_AI_REASONING)),
    total: r.count(...order(OI_TOTAL, GEN_AI_TOTAL)),
  };
}

/** What `ai.response.providerMetadata` (a JSON string on AI SDK doGenerate spans) says of usage. */
function vercelProviderMetadata(v: unknown): RawUsage {
  const pm = jsonObject(v);
  if (!pm) return {};
  const anthropic = pm.anthropic;
  const openai = pm.openai;
  const bedrock = dig(pm, 'bedrock', 'usage');
  const google = dig(pm, 'google', 'usageMetadata') ?? dig(pm, 'vertex', 'usageMetadata');
  return {
    // AI SDK 4: cacheCreationInputTokens / cacheReadInputTokens; 5+: also the raw `usage`, whose
    // cache_creation splits writes by TTL.
    cacheRead: num(dig(anthropic, 'cacheReadInputTokens')) ?? num(dig(anthropic, 'usage', 'cache_read_input_tokens')) ?? num(dig(openai, 'cachedPromptTokens')) ?? num(dig(bedrock, 'cacheReadInputTokens')) ?? num(dig(google, 'cachedContentTokenCount')),
    cacheWrite: num(dig(anthropic, 'cacheCreationInputTokens')) ?? num(dig(anthropic, 'usage', 'cache_creation_input_tokens')) ?? num(dig(bedrock, 'cacheWriteInputTokens')),
    cacheWrite1h: num(dig(anthropic, 'usage', 'cache_creation', 'ephemeral_1h_input_tokens')),
    reasoning: num(dig(openai, 'reasoningTokens')) ?? num(dig(google, 'thoughtsTokenCount')),
  };
}

// ---------------------------------------------------------------------------------------------
// Spans

type Source = 'vercel-ai' | 'langfuse' | 'openinference' | 'openlit' | 'openllmetry' | 'gen_ai';

interface Span {
  key: string;
  parentKey?: string;
  traceId: string;
  spanId: string;
  name: string;
  attrs: Attrs;
  resource: Attrs;
  scope: string;
  start: unknown;
  end: unknown;
  statusCode: unknown;
}

interface Classified {
  source: Source;
  /** call: an LLM request; wrapper: groups calls (its names pass down to them); other: neither. */
  kind: 'call' | 'wrapper' | 'other';
  operation?: string;
}

const str = (a: Attrs, ...keys: string[]): string | undefined => {
  for (const k of keys) {
    const t = toText(a.get(k));
    if (t) return t;
  }
  return undefined;
};

const hasAny = (a: Attrs, keys: string[]) => keys.some((k) => a.has(k));

const MODEL_KEYS = ['gen_ai.request.model', 'gen_ai.response.model', 'llm.model_name', 'llm.request.model_name', 'ai.model.id', 'langfuse.observation.model.name', 'embedding.model_name'];
const USAGE_KEYS = [...GEN_AI_INPUT, ...GEN_AI_OUTPUT, ...OI_INPUT, ...OI_OUTPUT, 'ai.usage.inputTokens', 'ai.usage.promptTokens', 'langfuse.observation.usage_details'];

// GenAI `gen_ai.operation.name` values that are model requests, and OpenLIT's own ones
// (openlit semcov: chat, embeddings, image, audio; agent/framework/vectordb/execute_task are not).
const CALL_OPERATIONS = new Set(['chat', 'text_completion', 'completion', 'generate_content', 'embeddings', 'embedding', 'responses', 'image', 'audio', 'rerank']);
const WRAPPER_OPERATIONS = new Set(['invoke_agent', 'create_agent', 'execute_tool', 'execute_task', 'invoke_workflow', 'agent', 'framework', 'workflow', 'retrieval', 'vectordb', 'tool']);

function classify(s: Span): Classified {
  const a = s.attrs;
  const opName = str(a, 'gen_ai.operation.name')?.toLowerCase();

  // Vercel AI SDK: every span carries ai.operationId; the model calls are the inner do* spans,
  // the outer ai.generateText/streamText/generateObject/streamObject sums all its steps.
  const operationId = str(a, 'ai.operationId') ?? (s.scope === 'ai' && s.name.startsWith('ai.') ? s.name : undefined);
  if (operationId?.startsWith('ai.')) {
    if (/\.do(Generate|Stream)$/.test(operationId)) return { source: 'vercel-ai', kind: 'call', operation: opName ?? 'chat' };
    if (/\.doEmbed$/.test(operationId)) return { source: 'vercel-ai', kind: 'call', operation: 'embeddings' };
    return { source: 'vercel-ai', kind: /^ai\.(generate|stream|embed)/.test(operationId) ? 'wrapper' : 'other' };
  }

  // Langfuse SDK: the observation type says it (langfuse/_client/attributes.py).
  const lfType = str(a, 'langfuse.observation.type')?.toLowerCase();
  if (lfType) return { source: 'langfuse', kind: lfType === 'generation' ? 'call' : 'wrapper', operation: opName };

  // OpenInference: LLM spans are calls; CHAIN, AGENT, TOOL, RETRIEVER… group them.
  const oiKind = str(a, 'openinference.span.kind')?.toUpperCase();
  if (oiKind) {
    if (oiKind === 'LLM') return { source: 'openinference', kind: 'call', operation: opName };
    if (oiKind === 'EMBEDDING' && hasAny(a, [...OI_INPUT, ...GEN_AI_INPUT])) return { source: 'openinference', kind: 'call', operation: 'embeddings' };
    return { source: 'openinference', kind: 'wrapper' };
  }

  const openlit = str(a, 'telemetry.sdk.name') === 'openlit' || str(s.resource, 'telemetry.sdk.name') === 'openlit';

  // OpenLLMetry: workflow/task/agent/tool spans from the Traceloop SDK's decorators; LLM spans
  // carry llm.request.type (chat, completion, embedding, rerank).
  const tlKind = str(a, 'traceloop.span.kind')?.toLowerCase();
  if (tlKind && tlKind !== 'llm') return { source: 'openllmetry', kind: 'wrapper' };
  const requestType = str(a, 'llm.request.type')?.toLowerCase();
  if (requestType && !openlit) {
    // OpenLLMetry's Python Anthropic instrumentation writes "completion" for Messages calls too;
    // their span is named anthropic.chat.
    const chat = requestType === 'chat' || s.name.endsWith('.chat');
    const operation = opName ?? (chat ? 'chat' : requestType === 'completion' ? 'text_completion' : requestType === 'embedding' ? 'embeddings' : requestType === 'unknown' ? undefined : requestType);
    return { source: 'openllmetry', kind: 'call', operation };
  }

  const source: Source = openlit ? 'openlit' : 'gen_ai';
  if (opName && WRAPPER_OPERATIONS.has(opName)) return { source, kind: 'wrapper' };
  if (opName && CALL_OPERATIONS.has(opName)) return { source, kind: 'call', operation: opName };
  // A span from an unknown library: a model and token counts make it a call.
  if (hasAny(a, MODEL_KEYS) && hasAny(a, USAGE_KEYS)) return { source, kind: 'call', operation: opName };
  if (opName && hasAny(a, MODEL_KEYS)) return { source, kind: 'call', operation: opName };
  return { source, kind: 'other' };
}

function usageOf(s: Span, c: Classified, rawProvider: string | undefined, bad: (key: string) => void): ObservedUsage | undefined {
  const a = s.attrs;
  const r = new Reader((k) => a.get(k), bad);
  switch (c.source) {
    case 'vercel-ai': {
      const pm = vercelProviderMetadata(a.get('ai.response.providerMetadata'));
      // AI SDK 6+ writes the input/output breakdown, and its totals include the cache.
      let detailed = false;
      for (const k of a.keys()) if (k.startsWith('ai.usage.inputTokenDetails.') || k.startsWith('ai.usage.outputTokenDetails.')) detailed = true;
      const embed = c.operation === 'embeddings';
      const raw: RawUsage = {
        input: r.count('ai.usage.inputTokens', 'ai.usage.promptTokens', ...GEN_AI_INPUT, ...(embed ? ['ai.usage.tokens'] : [])),
        output: embed ? (r.count('ai.usage.outputTokens', ...GEN_AI_OUTPUT) ?? 0) : r.count('ai.usage.outputTokens', 'ai.usage.completionTokens', ...GEN_AI_OUTPUT),
        cacheRead: r.count('ai.usage.inputTokenDetails.cacheReadTokens', 'ai.usage.cachedInputTokens', ...GEN_AI_CACHE_READ) ?? pm.cacheRead,
        cacheWrite: r.count('ai.usage.inputTokenDetails.cacheWriteTokens', ...GEN_AI_CACHE_WRITE) ?? pm.cacheWrite,
        cacheWrite1h: pm.cacheWrite1h,
        reasoning: r.count('ai.usage.outputTokenDetails.reasoningTokens', 'ai.usage.reasoningTokens', ...GEN_AI_REASONING) ?? pm.reasoning,
        total: r.count('ai.usage.totalTokens', ...GEN_AI_TOTAL),
      };
      // AI SDK 4/5 Google provider: outputTokens is candidatesTokenCount, thinking not in it.
      if (!detailed && /^(google|vertex)/i.test(rawProvider ?? '') && !cacheExclusiveProvider(rawProvider) && raw.reasoning !== undefined && raw.output !== undefined) {
        raw.output += raw.reasoning;
      }
      return finishUsage(raw, !detailed && cacheExclusiveProvider(rawProvider) ? 'exclusive' : 'inclusive');
    }
    case 'langfuse': {
      const details = jsonObject(a.get('langfuse.observation.usage_details'));
      if (details) return usageFromDetails(details, (k) => bad(`langfuse.observation.usage_details.${k}`));
      return finishUsage(genericRaw(r, false), 'inclusive');
    }
    case 'openinference':
      return finishUsage(genericRaw(r, true), 'inclusive');
    case 'openlit':
      return finishUsage(genericRaw(r, false), cacheExclusiveProvider(rawProvider) ? 'exclusive' : 'inclusive');
    default:
      return finishUsage(genericRaw(r, false), 'inclusive');
  }
}

function costOf(s: Span, c: Classified): number | undefined {
  const a = s.attrs;
  let cost: number | undefined;
  if (c.source === 'langfuse') {
    const details = jsonObject(a.get('langfuse.observation.cost_details'));
    if (details) cost = costFromDetails(details);
  }
  cost ??= toUsd(a.get('llm.cost.total'));
  if (cost === undefined) {
    const prompt = toUsd(a.get('llm.cost.prompt'));
    const completion = toUsd(a.get('llm.cost.completion'));
    if (prompt !== undefined && completion !== undefined) cost = prompt + completion;
  }
  cost ??= toUsd(a.get('gen_ai.usage.cost'));
  if (cost === undefined) {
    // any-agent writes the two halves.
    const input = toUsd(a.get('gen_ai.usage.input_cost'));
    const output = toUsd(a.get('gen_ai.usage.output_cost'));
    if (input !== undefined && output !== undefined) cost = input + output;
  }
  return meaningfulCost(cost);
}

/** Code location from `code.*` attributes, current names first, then the deprecated ones. */
export function codeLocation(a: ReadonlyMap<string, unknown>): CodeLocation {
  const get = (...keys: string[]) => {
    for (const k of keys) {
      const t = toText(a.get(k));
      if (t) return t;
    }
    return undefined;
  };
  const file = get('code.file.path', 'code.filepath');
  const lineC = toCount(a.get('code.line.number') ?? a.get('code.lineno'));
  const line = typeof lineC === 'number' && lineC >= 1 ? lineC : undefined;
  let fn = get('code.function.name');
  if (!fn) {
    // Deprecated pair: code.namespace (class or module) + code.function.
    const bare = get('code.function');
    const ns = get('code.namespace');
    fn = bare && ns && !bare.startsWith(`${ns}.`) ? `${ns}.${bare}` : bare;
  }
  const out: CodeLocation = {};
  if (file) out.file = file;
  if (line !== undefined) out.line = line;
  if (fn) out.function = fn.length > MAX_TEXT ? fn.slice(0, MAX_TEXT) : fn;
  return out;
}

const COSTLENS_KEY = /(^|[._])costlens[._-]?id$/i;

/** A `costlens.id` (or `costlens_id`, `costlensId`) anywhere among the attributes or in a JSON metadata attribute. */
export function costlensIdIn(entries: Iterable<[string, unknown]>): string | undefined {
  for (const [k, v] of entries) {
    if (COSTLENS_KEY.test(k)) {
      const t = toText(v);
      if (t) return t;
    }
  }
  return undefined;
}

export type NameKind = 'costlens' | 'prompt' | 'function' | 'entity' | 'observation' | 'agent';
/** Most specific first: a costlens id names one call site; an agent name covers many calls. */
export const NAME_ORDER: NameKind[] = ['costlens', 'prompt', 'function', 'entity', 'observation', 'agent'];

/** The names code declared in these attributes, by kind. */
export function declaredNames(a: ReadonlyMap<string, unknown>): Partial<Record<NameKind, string>> {
  const get = (...keys: string[]) => {
    for (const k of keys) {
      const t = toText(a.get(k));
      if (t) return t;
    }
    return undefined;
  };
  let costlens = costlensIdIn(a.entries());
  if (!costlens) {
    // OpenInference keeps user metadata as one JSON string.
    const meta = jsonObject(a.get('metadata'));
    if (meta) costlens = costlensIdIn(Object.entries(meta));
  }
  return {
    costlens,
    prompt: get('gen_ai.prompt.name', 'langfuse.observation.prompt.name'),
    function: get('ai.telemetry.functionId'),
    entity: get('traceloop.entity.name'),
    agent: get('gen_ai.agent.name', 'agent.name'),
  };
}

/** Names in NAME_ORDER, each kind from the first (most specific) set, deduplicated and bounded. */
export function orderNames(sets: Partial<Record<NameKind, string>>[]): string[] {
  const out: string[] = [];
  for (const kind of NAME_ORDER) {
    for (const n of sets) {
      const v = n[kind];
      if (v && !out.includes(v) && out.length < MAX_NAMES) out.push(v);
    }
  }
  return out;
}

function namesOf(s: Span, c: Classified | undefined): Partial<Record<NameKind, string>> {
  return {
    ...declaredNames(s.attrs),
    // A Langfuse observation's name is the one the code gave it (`start_observation(name=…)`).
    observation: c?.source === 'langfuse' && c.kind === 'call' ? toText(s.name) : undefined,
  };
}

/** Unix ms from Unix ns (a decimal string in OTLP/JSON, or a number); the string split so no precision is lost. */
function timeMs(v: unknown): number | undefined {
  let ms: number;
  if (typeof v === 'number') ms = v / 1e6;
  else if (typeof v === 'string' && /^\d{1,20}$/.test(v)) ms = v.length > 6 ? Number(v.slice(0, -6)) + Number(v.slice(-6)) / 1e6 : Number(v) / 1e6;
  else return undefined;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

// ---------------------------------------------------------------------------------------------

function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function attrsOf(v: unknown): Attrs {
  const kvs = listOf(v).filter((kv): kv is KeyValue => isObj(kv) && typeof kv.key === 'string');
  try {
    return attributeMap(kvs);
  } catch {
    // A value attributeValue cannot walk (an arrayValue whose values is not a list, nesting too
    // deep for the stack): keep every other attribute of the span.
  }
  const out: Attrs = new Map();
  for (const kv of kvs) {
    try {
      for (const [k, val] of attributeMap([kv])) if (!out.has(k)) out.set(k, val);
    } catch {
      // skip this one
    }
  }
  return out;
}

/** A span as the normalizer keeps it once read: its place in the trace and the names it declares. */
interface KeptSpan {
  parentKey?: string;
  names?: Partial<Record<NameKind, string>>;
}

interface Candidate {
  key: string;
  call: ObservedCall;
}

/**
 * Reads the spans of one request as they are decoded, and keeps of each only what the join needs:
 * a span that is not an LLM call keeps its parent and the names it declares (names pass down to
 * the calls inside it), an LLM call its ObservedCall. So a request's memory is its calls, not its
 * spans, and a decoder can hand spans over one at a time (OtlpSpanSink).
 *
 * A span is rejected (counted in `rejected`, the reason in `problems`: what OTLP's partialSuccess
 * reports) when it has no trace or span id, or is an LLM call without a valid start time or with a
 * token count that is not one (negative, NaN, fractional text, a boolean, past 1e12): its usage
 * is not stored as 0 or guessed.
 */
export class CallNormalizer {
  private readonly problems = new Problems();
  private readonly spans = new Map<string, KeptSpan>();
  private readonly candidates: Candidate[] = [];
  private ignored = 0;
  private rejected = 0;

  /** A resource's attributes, read once for the spans under it. */
  resource(attributes: unknown): Attrs {
    try {
      return attrsOf(attributes);
    } catch {
      return new Map();
    }
  }

  /** One span, under its resource (from resource()) and its instrumentation scope's name. */
  span(raw: unknown, resource: Attrs, scope: string): void {
    try {
      this.read(raw, resource, scope);
    } catch (e) {
      this.ignored++;
      this.problems.add(`a span could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private read(raw: unknown, resource: Attrs, scope: string): void {
    if (!isObj(raw)) {
      this.reject('a span was rejected: not an object');
      return;
    }
    const traceId = typeof raw.traceId === 'string' ? raw.traceId.slice(0, 64) : '';
    const spanId = typeof raw.spanId === 'string' ? raw.spanId.slice(0, 32) : '';
    if (!traceId || !spanId) {
      this.reject(`span ${spanId || '?'}: rejected: no ${traceId ? 'span' : 'trace'} id`);
      return;
    }
    const key = `${traceId}/${spanId}`;
    if (this.spans.has(key)) {
      this.ignored++;
      return;
    }
    const s: Span = {
      key,
      parentKey: typeof raw.parentSpanId === 'string' && raw.parentSpanId ? `${traceId}/${raw.parentSpanId.slice(0, 32)}` : undefined,
      traceId,
      spanId,
      name: typeof raw.name === 'string' ? raw.name.slice(0, MAX_TEXT) : '',
      attrs: attrsOf(raw.attributes),
      resource,
      scope,
      start: raw.startTimeUnixNano,
      end: raw.endTimeUnixNano,
      statusCode: isObj(raw.status) ? raw.status.code : undefined,
    };
    let c: Classified;
    try {
      c = classify(s);
    } catch {
      c = { source: 'gen_ai', kind: 'other' };
    }
    const kept: KeptSpan = {};
    if (s.parentKey) kept.parentKey = s.parentKey;
    const names = namesOf(s, c);
    if (Object.values(names).some((n) => n !== undefined)) kept.names = names;
    this.spans.set(key, kept);
    if (c.kind !== 'call') {
      this.ignored++;
      return;
    }
    const built = buildCall(s, c);
    if (typeof built === 'string') {
      this.rejected++;
      this.problems.add(built);
      return;
    }
    this.candidates.push({ key, call: built });
  }

  private reject(reason: string): void {
    this.rejected++;
    this.problems.add(reason);
  }

  /** A problem with the request itself (it could not be read past some point). */
  problem(text: string): void {
    this.problems.add(text);
  }

  /** The calls, once every span is read: of LLM spans nested in one another, the innermost with usage. */
  finish(): NormalizeResult {
    const spans = this.spans;
    /** Ancestors in this request, nearest first (a cycle or a missing parent ends the walk). */
    const ancestors = (key: string): string[] => {
      const out: string[] = [];
      const visited = new Set([key]);
      let cur = spans.get(key)?.parentKey;
      while (cur !== undefined && spans.has(cur) && !visited.has(cur) && out.length < MAX_DEPTH) {
        out.push(cur);
        visited.add(cur);
        cur = spans.get(cur)!.parentKey;
      }
      return out;
    };
    // Of candidates nested in one another, keep the innermost that has usage (a LangChain LLM
    // span around an OpenAI SDK span, a Langfuse generation around an instrumented client): the
    // outer one reports the same request again.
    const withAncestors = this.candidates.map((c) => ({ ...c, ancestors: ancestors(c.key) }));
    const byKey = new Map(withAncestors.map((c) => [c.key, c]));
    const withUsage = (c: Candidate) => c.call.usage !== undefined;
    const descendants = new Map<string, Candidate[]>();
    for (const c of withAncestors) {
      for (const anc of c.ancestors) {
        if (!byKey.has(anc)) continue;
        const list = descendants.get(anc) ?? [];
        list.push(c);
        descendants.set(anc, list);
      }
    }
    const superseded = (c: Candidate): boolean => {
      const d = descendants.get(c.key);
      return !!d && (d.some(withUsage) || !withUsage(c));
    };
    const calls: ObservedCall[] = [];
    let ignored = this.ignored;
    for (const c of withAncestors) {
      const covered =
        !withUsage(c) &&
        c.ancestors.some((anc) => {
          const outer = byKey.get(anc);
          return !!outer && withUsage(outer) && !superseded(outer);
        });
      if (superseded(c) || covered) {
        ignored++;
        continue;
      }
      c.call.names = orderNames([c.key, ...c.ancestors].map((k) => spans.get(k)?.names ?? {}));
      calls.push(c.call);
    }
    return { calls, ignored, rejected: this.rejected, problems: this.problems.done() };
  }
}

/** A sink that feeds a CallNormalizer. */
export function normalizingSink(n: CallNormalizer): OtlpSpanSink {
  let resource: Attrs = new Map();
  let scope = '';
  return {
    resource: (r) => {
      resource = n.resource(r?.attributes);
      scope = '';
    },
    scope: (sc) => {
      scope = toText(sc?.name) ?? '';
    },
    span: (s) => n.span(s, resource, scope),
  };
}

/** Calls from one OTLP export request. Never throws: what cannot be read is counted and noted. */
export function observedCalls(request: ExportTraceServiceRequest): NormalizeResult {
  const n = new CallNormalizer();
  try {
    for (const rs of listOf(isObj(request) ? request.resourceSpans : undefined)) {
      if (!isObj(rs)) {
        n.problem('resourceSpans: an entry is not an object');
        continue;
      }
      const resource = n.resource(isObj(rs.resource) ? rs.resource.attributes : undefined);
      for (const ss of listOf(rs.scopeSpans)) {
        if (!isObj(ss)) {
          n.problem('scopeSpans: an entry is not an object');
          continue;
        }
        const scope = (isObj(ss.scope) && toText(ss.scope.name)) || '';
        for (const raw of listOf(ss.spans)) n.span(raw, resource, scope);
      }
    }
  } catch (e) {
    n.problem(`the request could not be read past some point: ${e instanceof Error ? e.message : String(e)}`);
  }
  return n.finish();
}

/** An attribute's value as a problem quotes it: short, and text in quotes. */
function shown(v: unknown): string {
  const t = typeof v === 'string' ? JSON.stringify(v.slice(0, 24)) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === undefined ? 'a value' : 'a list or map';
  return t.length > 32 ? `${t.slice(0, 31)}…` : t;
}

/** The call a span reports; a string (the reason) when the span is rejected. */
function buildCall(s: Span, c: Classified): ObservedCall | string {
  const a = s.attrs;
  const startMs = timeMs(s.start);
  if (startMs === undefined) return `span ${s.spanId}: rejected: no valid start time`;
  const endMs = timeMs(s.end);
  const rawProvider = str(a, 'gen_ai.provider.name', 'gen_ai.system', 'llm.provider', 'llm.system', 'ai.model.provider');
  // For the AI SDK, ai.model.provider (`anthropic.messages`, `google.vertex.anthropic.messages`)
  // says more than gen_ai.system, which it copies.
  const accountingProvider = c.source === 'vercel-ai' ? (str(a, 'ai.model.provider') ?? rawProvider) : rawProvider;
  const badKeys: string[] = [];
  const usage = usageOf(s, c, accountingProvider, (k) => badKeys.push(k));
  // A count that is not one would be stored as 0 or leave a part out: the span is refused whole.
  if (badKeys.length) return `span ${s.spanId}: rejected: not a token count: ${[...new Set(badKeys)].slice(0, 4).map((k) => `${k} = ${shown(a.get(k))}`).join(', ')}`;

  const requestModel =
    c.source === 'vercel-ai'
      ? str(a, 'ai.model.id', 'gen_ai.request.model')
      : c.source === 'openinference'
        ? str(a, 'llm.request.model_name', 'llm.model_name', 'embedding.model_name', 'gen_ai.request.model')
        : str(a, 'gen_ai.request.model', 'langfuse.observation.model.name', 'llm.request.model_name', 'llm.model_name');
  const responseModel = str(a, 'gen_ai.response.model', 'ai.response.model', 'llm.response.model_name');
  const provider = normalizeProvider(accountingProvider);
  const call: ObservedCall = {
    traceId: s.traceId,
    spanId: s.spanId,
    startMs,
    durationMs: endMs !== undefined && endMs > startMs ? endMs - startMs : 0,
    location: codeLocation(a),
    names: [],
    source: c.source,
  };
  if (provider) call.provider = provider;
  if (requestModel) call.requestModel = requestModel;
  if (responseModel) call.responseModel = responseModel;
  if (c.operation) call.operation = c.operation;
  if (usage) call.usage = usage;
  const cost = costOf(s, c);
  if (cost !== undefined) call.costUsd = cost;
  if (s.statusCode === 2 || s.statusCode === 'STATUS_CODE_ERROR' || a.has('error.type')) call.error = true;
  return call;
}
