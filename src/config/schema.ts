// The one source of truth for settings. Each key is a VS Code setting `costlens.<key>` and the same
// path in a workspace's `.costlens.json` (`{"traffic": {"tasksPerDay": 5000}}`). The manifest's
// `contributes.configuration` is generated from this table (scripts/checkManifest.mjs checks it).
import { z } from 'zod';

const nonNegative = z.number().finite().nonnegative();
const positive = z.number().finite().positive();

// Upper bounds. Figures multiply (tokens × price × calls per task × tasks a day × days), and a huge
// but finite setting (`tasksPerDay: 1e308`) made the products Infinity: totals printed as null and
// the CSV and FOCUS exports failed. Each bound is far above any real use, and the products of all
// of them stay finite. The message names the bound; the setting's key is named where it is reported.
export const LIMITS = {
  /** The same cap as a `costlens: tasks-per-day=N` comment's. */
  tasksPerDay: 1e12,
  daysPerMonth: 31,
  /** Tokens of one call's output or one placeholder: ten times the largest context windows. */
  tokens: 10_000_000,
  /** Iterations assumed for a loop. */
  steps: 1_000_000,
  /** USD per million tokens: a dollar a token. */
  usdPerMtok: 1_000_000,
  contextWindow: 1_000_000_000,
  calibration: 100,
  /** USD. */
  budget: 1e12,
  percent: 1_000_000,
  /** A rule option's number, either sign. */
  ruleOption: 1e12,
} as const;

const atMost = (max: number, what: string) => `must be at most ${max.toLocaleString('en-US')} (${what})`;
const price = nonNegative.max(LIMITS.usdPerMtok, atMost(LIMITS.usdPerMtok, 'USD per million tokens'));
/** A whole number up to `max` (checked first: past 2^53 `int()` would add a second message). */
const wholeUpTo = (max: number, what: string) => z.number().max(max, { message: atMost(max, what), abort: true }).int();
const contextWindow = wholeUpTo(LIMITS.contextWindow, 'tokens').positive();

export const priceOverrideSchema = z
  .object({
    input: price.optional(),
    cachedInput: price.optional(),
    cacheWrite5m: price.optional(),
    cacheWrite1h: price.optional(),
    output: price.optional(),
    contextWindow: contextWindow.optional(),
  })
  .strict();

export const customModelSchema = priceOverrideSchema.extend({
  id: z.string().min(1),
  provider: z.string().min(1),
  input: price,
  output: price,
});
const tokens = (min: 0 | 1) => wholeUpTo(LIMITS.tokens, 'tokens').min(min);
const steps = wholeUpTo(LIMITS.steps, 'iterations').positive();
const budget = positive.max(LIMITS.budget, atMost(LIMITS.budget, 'USD'));
const calibration = positive.max(LIMITS.calibration, atMost(LIMITS.calibration, 'times the reference count'));
const priceJson = { type: 'number', minimum: 0, maximum: LIMITS.usdPerMtok };

const ruleLevel = z.enum(['off', 'error', 'warning', 'info', 'hint']);
const ruleOption = z.union([z.number().min(-LIMITS.ruleOption, `must be at least -${LIMITS.ruleOption.toLocaleString('en-US')}`).max(LIMITS.ruleOption, atMost(LIMITS.ruleOption, 'a rule option')), z.string(), z.boolean()]);
const ruleSetting = z.union([ruleLevel, z.object({ severity: ruleLevel.optional(), options: z.record(z.string(), ruleOption).optional() }).strict()]);

const dynamicKinds = ['interpolated', 'timestamp', 'uuid', 'user-data', 'retrieved-documents', 'history', 'tool-output', 'unknown'] as const;

export interface SettingSpec {
  schema: z.ZodType;
  /** For maps and lists: each entry is checked on its own, so one bad entry does not void the rest. */
  entry?: z.ZodType;
  default: unknown;
  description: string;
  /** JSON schema for the manifest (VS Code's settings editor). */
  json: Record<string, unknown>;
  scope?: 'application' | 'machine' | 'window' | 'resource';
}

export const SETTINGS = {
  'traffic.tasksPerDay': {
    schema: positive.max(LIMITS.tasksPerDay, atMost(LIMITS.tasksPerDay, 'tasks a day')),
    default: 1000,
    description: 'Tasks (agent runs, requests handled) per day, used for monthly figures (at most 10^12). A `costlens: tasks-per-day=N` comment overrides it for one task.',
    json: { type: 'number', minimum: 0, exclusiveMinimum: 0, maximum: LIMITS.tasksPerDay },
  },
  'traffic.tasks': {
    schema: z.record(z.string(), nonNegative.max(LIMITS.tasksPerDay, atMost(LIMITS.tasksPerDay, 'tasks a day'))),
    entry: nonNegative.max(LIMITS.tasksPerDay, atMost(LIMITS.tasksPerDay, 'tasks a day')),
    default: {},
    description: 'Tasks per day of particular tasks (entry points), by task key, `path#function` or path: `{"app/api/chat/route.ts#POST": 5000}`. In `.costlens.json` they may also be written straight under `"traffic"`. A task in a test, example, docs, script, notebook or library scope counts toward the monthly total only with traffic stated here.',
    json: { type: 'object', additionalProperties: { type: 'number', minimum: 0, maximum: LIMITS.tasksPerDay } },
  },
  scopes: {
    schema: z.record(z.string(), z.enum(['production', 'test', 'example', 'script', 'docs', 'notebook', 'library'])),
    entry: z.enum(['production', 'test', 'example', 'script', 'docs', 'notebook', 'library']),
    default: {},
    description: 'Where code runs, by path prefix or glob, when its path does not say it: `{"tools/": "production", "sandbox/**": "example"}`. Otherwise `tests/`, `test_*.py`, `*.test.ts` are test; `examples/`, `samples/`, `demo/`, `cookbook/` example; `docs/` docs; `scripts/`, `bin/`, `evals/`, `benchmarks/` script; notebooks notebook; without a `.costlens.json`, a workspace folder named `examples` or `…-examples`, `…-cookbook`, `…-samples`, `…-tutorials` is example throughout. A function of a distributable package (pyproject.toml with `[project]` and `[build-system]`, setup.py, a package.json with `main` or `exports` that is not private) that no entry point of the workspace reaches is library: it runs in its users\' programs. Only production counts toward the monthly total.',
    json: { type: 'object', additionalProperties: { type: 'string', enum: ['production', 'test', 'example', 'script', 'docs', 'notebook', 'library'] } },
  },
  'traffic.daysPerMonth': {
    schema: positive.max(LIMITS.daysPerMonth, atMost(LIMITS.daysPerMonth, 'days')),
    default: 30,
    description: 'Days in a month for monthly figures (at most 31).',
    json: { type: 'number', minimum: 0, exclusiveMinimum: 0, maximum: LIMITS.daysPerMonth },
  },
  'defaults.outputTokens': {
    schema: tokens(1),
    default: 400,
    description: 'Expected output tokens of a call when nothing says otherwise (the output cap bounds it; at most 10,000,000).',
    json: { type: 'integer', minimum: 1, maximum: LIMITS.tokens },
  },
  'defaults.uncappedOutputTokens': {
    schema: tokens(1),
    default: 4096,
    description: 'Output tokens of a call with no output cap in the worst case (the high estimate; at most 10,000,000).',
    json: { type: 'integer', minimum: 1, maximum: LIMITS.tokens },
  },
  'defaults.placeholderTokens': {
    schema: z.partialRecord(z.enum(dynamicKinds), tokens(0)),
    entry: tokens(0),
    default: { interpolated: 50, timestamp: 12, uuid: 20, 'user-data': 150, 'retrieved-documents': 2000, history: 1500, 'tool-output': 500, unknown: 200 },
    description: 'Expected tokens of a template placeholder with no sample value, by what fills it (each at most 10,000,000).',
    json: {
      type: 'object',
      properties: Object.fromEntries(dynamicKinds.map((k) => [k, { type: 'integer', minimum: 0, maximum: LIMITS.tokens }])),
      additionalProperties: false,
    },
  },
  'defaults.collectionSize': {
    schema: steps,
    default: 5,
    description: 'Iterations assumed for a loop over a collection whose size the code does not show (at most 1,000,000; the worst case 3× that). `costlens.defaults.collectionSizes` states the size of particular collections; a `costlens: steps=N` comment overrides it for one loop.',
    json: { type: 'integer', minimum: 1, maximum: LIMITS.steps },
  },
  'defaults.collectionSizes': {
    schema: z.record(z.string(), steps),
    entry: steps,
    default: {},
    description: 'Sizes of particular collections a loop runs over, where the code does not show them (a dataset loaded at run time): by `path#collection` as the task\'s reason names it, or by the collection\'s name: `{"eval/run.py#tasks_to_run": 165}`. Their loops are expected to run that many times, and capped there.',
    json: { type: 'object', additionalProperties: { type: 'integer', minimum: 1, maximum: LIMITS.steps } },
  },
  'defaults.expected': {
    schema: z.object({ toolRounds: z.number().finite().min(0).max(1000).optional(), loopWithExit: z.number().finite().min(0).max(1000).optional() }).strict(),
    default: { toolRounds: 2, loopWithExit: 1 },
    description: 'What a run is expected to make of its bound (the bound itself is the worst case): `toolRounds`, the tool rounds an agent with tools takes before it answers (a run: 1 + these; an agent without tools: 1 request); `loopWithExit`, the passes of a loop that ends on a condition (a retry, an approval, until done). Telemetry refines both per call site once it sees calls.',
    json: { type: 'object', properties: { toolRounds: { type: 'number', minimum: 0, maximum: 1000 }, loopWithExit: { type: 'number', minimum: 0, maximum: 1000 } }, additionalProperties: false },
  },
  'defaults.reasoningTokens': {
    schema: z.partialRecord(z.enum(['minimal', 'low', 'medium', 'high', 'dynamic']), z.number().int().min(0).max(LIMITS.tokens)),
    entry: z.number().int().min(0).max(LIMITS.tokens),
    default: { minimal: 150, low: 1000, medium: 2500, high: 6000, dynamic: 2500 },
    description: 'Reasoning (thinking) tokens a reasoning model is expected to write per call, by effort (`dynamic`: Gemini\'s default thinking), billed as output. A thinking budget bounds them. Providers publish no average: these are priors, which telemetry refines from the reasoning tokens it sees.',
    json: { type: 'object', properties: Object.fromEntries(['minimal', 'low', 'medium', 'high', 'dynamic'].map((k) => [k, { type: 'integer', minimum: 0, maximum: LIMITS.tokens }])), additionalProperties: false },
  },
  'defaults.unboundedSteps': {
    schema: steps,
    default: 10,
    description: 'The bound assumed for a loop with no visible bound (`while True` without a counter; at most 1,000,000): its worst case. What a run is expected to make of it is `costlens.defaults.expected`. A `costlens: steps=N` comment sets both for one loop.',
    json: { type: 'integer', minimum: 1, maximum: LIMITS.steps },
  },
  'cache.hitRate': {
    schema: z.number().min(0).max(1),
    default: 0.9,
    description: 'Share of calls whose cacheable prefix is read from the provider\'s prompt cache (the rest write or miss it).',
    json: { type: 'number', minimum: 0, maximum: 1 },
  },
  'cache.ttl': {
    schema: z.enum(['5m', '1h']),
    default: '5m',
    description: 'TTL assumed for explicit cache writes (Anthropic 1-hour writes cost 2× input, 5-minute ones 1.25×).',
    json: { type: 'string', enum: ['5m', '1h'] },
  },
  'pricing.overrides': {
    schema: z.record(z.string(), priceOverrideSchema),
    entry: priceOverrideSchema,
    default: {},
    description: 'Your prices in USD per million tokens (at most 1,000,000), keyed by model id or `provider:model`: `{"gpt-4o": {"input": 2, "output": 8}}`. Keys: input, cachedInput, cacheWrite5m, cacheWrite1h, output, contextWindow (at most 10^9 tokens).',
    json: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          input: priceJson,
          cachedInput: priceJson,
          cacheWrite5m: priceJson,
          cacheWrite1h: priceJson,
          output: priceJson,
          contextWindow: { type: 'integer', minimum: 1, maximum: LIMITS.contextWindow },
        },
        additionalProperties: false,
      },
    },
  },
  'pricing.customModels': {
    schema: z.array(customModelSchema),
    entry: customModelSchema,
    default: [],
    description: 'Models the price catalogue does not know (fine-tunes, self-hosted): `[{"id": "my-model", "provider": "openai", "input": 1, "output": 4}]`, prices per million tokens (at most 1,000,000).',
    json: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'provider', 'input', 'output'],
        properties: {
          id: { type: 'string' },
          provider: { type: 'string' },
          input: priceJson,
          cachedInput: priceJson,
          cacheWrite5m: priceJson,
          cacheWrite1h: priceJson,
          output: priceJson,
          contextWindow: { type: 'integer', minimum: 1, maximum: LIMITS.contextWindow },
        },
      },
    },
  },
  'pricing.batch': {
    schema: z.boolean(),
    default: false,
    description: 'Price calls as sent through the provider\'s batch API (OpenAI, Anthropic, Google, Mistral: half price).',
    json: { type: 'boolean' },
  },
  'tokenizers.calibration': {
    schema: z.record(z.string(), calibration),
    entry: calibration,
    default: {},
    description: 'Factor applied to the reference token count for a model family whose tokenizer is not available offline (`claude`, `claude-4.7`, `gemini`, `llama`, `mistral`, `deepseek`, `unknown`; at most 100).',
    json: { type: 'object', additionalProperties: { type: 'number', exclusiveMinimum: 0, maximum: LIMITS.calibration } },
  },
  'budgets.perCall': {
    schema: budget.nullable(),
    default: null,
    description: 'Budget in USD for one call (expected cost); a call site above it is a `budget-exceeded` finding. Budgets are at most 10^12 USD.',
    json: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: LIMITS.budget },
  },
  'budgets.perTask': {
    schema: budget.nullable(),
    default: null,
    description: 'Budget in USD for one task (all the calls of an agent run or request).',
    json: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: LIMITS.budget },
  },
  'budgets.perMonth': {
    schema: budget.nullable(),
    default: null,
    description: 'Budget in USD per month at the stated traffic, for one call site and (with `costlens check`) for the whole scan.',
    json: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: LIMITS.budget },
  },
  'budgets.diffPerMonth': {
    schema: nonNegative.max(LIMITS.budget, atMost(LIMITS.budget, 'USD')).nullable(),
    default: null,
    description: 'For `costlens diff`: the largest increase in USD per month (at the stated traffic) a change may add; over it, `diff` exits 1.',
    json: { type: ['number', 'null'], minimum: 0, maximum: LIMITS.budget },
  },
  'budgets.diffPercentPerTask': {
    schema: nonNegative.max(LIMITS.percent, atMost(LIMITS.percent, 'percent')).nullable(),
    default: null,
    description: 'For `costlens diff`: the largest increase of any task\'s cost per task, in percent (at most 1,000,000), a change may make; over it, `diff` exits 1.',
    json: { type: ['number', 'null'], minimum: 0, maximum: LIMITS.percent },
  },
  models: {
    schema: z.record(z.string(), z.string().min(1).max(200)),
    entry: z.string().min(1).max(200),
    default: {},
    description: 'The model of calls whose code does not say it (the request body, a variable set elsewhere), by call-site key, `path#function` or path: `{"app/api/chat/route.ts#POST": "claude-sonnet-4-5"}`. A `costlens: model=…` comment above the call does the same in the code.',
    json: { type: 'object', additionalProperties: { type: 'string', minLength: 1, maxLength: 200 } },
  },
  'defaults.models': {
    schema: z.record(z.string(), z.string().min(1).max(200)),
    entry: z.string().min(1).max(200),
    default: {},
    description: 'A model assumed, per provider, for calls whose model the code does not determine: `{"anthropic": "claude-sonnet-4-5", "openai": "gpt-4o"}`. Calls priced this way are marked as assumed (`≈?` on the lens, `modelAssumed` in JSON).',
    json: { type: 'object', additionalProperties: { type: 'string', minLength: 1, maxLength: 200 } },
  },
  rules: {
    schema: z.record(z.string(), ruleSetting),
    entry: ruleSetting,
    default: {},
    description: 'Per rule: `"off"`, a severity (`"error"`, `"warning"`, `"info"`, `"hint"`), or `{"severity": …, "options": {…}}` (numbers at most 10^12 either way). Example: `{"model-tier-mismatch": {"options": {"maxOutputTokens": 32}}}`.',
    json: {
      type: 'object',
      additionalProperties: {
        oneOf: [
          { type: 'string', enum: ['off', 'error', 'warning', 'info', 'hint'] },
          { type: 'object', properties: { severity: { type: 'string', enum: ['off', 'error', 'warning', 'info', 'hint'] }, options: { type: 'object' } }, additionalProperties: false },
        ],
      },
    },
  },
  'lenses.enabled': {
    schema: z.boolean(),
    default: true,
    description: 'Show cost lenses above prompts and LLM calls in the editor (the command *CostLens: Toggle Cost Lenses* flips it).',
    json: { type: 'boolean' },
  },
  'lenses.callSites': {
    schema: z.boolean(),
    default: true,
    description: 'Show the lens above each LLM call and prompt file: tokens in and out, $ per call, model (`≈` where the count is an estimate).',
    json: { type: 'boolean' },
  },
  'lenses.tasks': {
    schema: z.boolean(),
    default: true,
    description: 'Show the lens above each task (the function an agent run or a request handler is): steps, $ per task, $ per month at the stated traffic.',
    json: { type: 'boolean' },
  },
  'limits.analysisMs': {
    schema: z.number().int().min(10).max(600_000),
    default: 3000,
    description: 'Time one file\'s analysis may take, in milliseconds; a file over it is reported as cut (\"analysis cut after …\") instead of holding up the editor or a scan.',
    json: { type: 'integer', minimum: 10, maximum: 600000 },
  },
  'telemetry.receiver.enabled': {
    schema: z.boolean(),
    default: false,
    description: 'Start the OTLP/HTTP trace receiver with the editor (loopback only; trusted workspaces only). Point an OpenTelemetry exporter or Collector at `http://127.0.0.1:<port>/v1/traces`; observed LLM calls go to `.costlens/telemetry/` in the workspace.',
    json: { type: 'boolean' },
    scope: 'window',
  },
  'telemetry.receiver.port': {
    schema: z.number().int().min(1).max(65535),
    default: 4318,
    description: 'Port of the trace receiver (4318 is OTLP/HTTP\'s usual port: use another if a Collector runs here).',
    json: { type: 'integer', minimum: 1, maximum: 65535 },
    scope: 'window',
  },
  'telemetry.receiver.token': {
    schema: z.string(),
    default: '',
    description: 'When set, the receiver accepts only requests with `Authorization: Bearer <token>`.',
    json: { type: 'string' },
    scope: 'machine',
  },
  'telemetry.retention.maxCalls': {
    schema: z.number().int().min(1000).max(10_000_000),
    default: 200_000,
    description: 'Observed LLM calls the telemetry store keeps one by one (with their trace ids). Older calls are folded into per-call-site summaries (counts, token and cost sums and percentiles, first and last time), so every figure still counts them; `costlens serve` and imports say when that happens. `costlens serve --max-calls` sets it for one run.',
    json: { type: 'integer', minimum: 1000, maximum: 10000000 },
  },
  'telemetry.traceUrl': {
    schema: z.string().refine((v) => v === '' || /^https?:\/\/.+\{traceId\}/.test(v), 'an http(s) URL with {traceId} in it'),
    default: '',
    description: 'Where a trace opens, `{traceId}` (and `{spanId}`) filled in: Jaeger `http://localhost:16686/trace/{traceId}`, Grafana Tempo `http://localhost:3000/explore?…{traceId}…`, Langfuse `https://cloud.langfuse.com/project/<project>/traces/{traceId}`, Phoenix `http://localhost:6006/projects/<project>/traces/{traceId}`.',
    json: { type: 'string' },
  },
  'telemetry.calibrate': {
    schema: z.boolean(),
    default: true,
    description: 'Correct the token estimates of models without an offline tokenizer (Claude, Gemini…) from the input tokens telemetry observed. A factor set in `costlens.tokenizers.calibration` wins.',
    json: { type: 'boolean' },
  },
  'diagnostics.enabled': {
    schema: z.boolean(),
    default: true,
    description: 'Report the cost rules\' findings as problems in open files, with quick fixes.',
    json: { type: 'boolean' },
  },
  'diagnostics.scope': {
    schema: z.enum(['openFiles', 'workspace']),
    default: 'openFiles',
    description: 'Which files\' findings are problems: `"openFiles"` (the files open in editors) or `"workspace"` (every file of the workspace scan, kept current as files change, open or not).',
    json: { type: 'string', enum: ['openFiles', 'workspace'], enumDescriptions: ['The findings of the files open in editors.', 'The findings of every file of the workspace, open or not.'] },
    scope: 'window',
  },
  'statusBar.enabled': {
    schema: z.boolean(),
    default: true,
    description: 'Show the active file\'s cost per call and per task in the status bar.',
    json: { type: 'boolean' },
  },
} satisfies Record<string, SettingSpec>;

/** The manifest's `contributes.configuration.properties`, generated from SETTINGS. */
export function manifestProperties(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, spec] of Object.entries(SETTINGS) as [string, SettingSpec][]) {
    out[`costlens.${key}`] = { ...spec.json, default: spec.default, markdownDescription: spec.description, scope: spec.scope ?? 'resource' };
  }
  return out;
}

export type SettingKey = keyof typeof SETTINGS;
