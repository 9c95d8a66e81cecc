// The core vocabulary (DESIGN.md §2). Everything in src/core speaks these types; the editor and the
// CLI convert them at their boundary (Span → vscode.Range, Finding → Diagnostic, …).

/** Offsets `[start, end)` into a file's text (UTF-16 code units, as JavaScript strings index). */
export interface Span {
  start: number;
  end: number;
}

export type Role = 'system' | 'user' | 'assistant' | 'tool' | 'context';

/** Where a prompt part's text comes from. */
export type PartSource = 'literal' | 'template' | 'file' | 'unknown';

/** Why a part is dynamic: what fills it at run time. */
export type DynamicKind =
  | 'interpolated'
  | 'timestamp'
  | 'uuid'
  | 'user-data'
  | 'retrieved-documents'
  | 'history'
  | 'tool-output'
  | 'unknown';

/** Size of a dynamic part in tokens, with the reason for the figure. */
export interface DynamicSize {
  low: number;
  expected: number;
  high: number;
  /** e.g. "sample input `question` in front matter", "setting costlens.defaults.placeholderTokens". */
  basis: string;
}

/**
 * A piece of prompt text. A static part has `text` and no `dynamic`; a dynamic part (a template
 * placeholder, an f-string field, a variable) has `dynamic` and, where a sample value is known
 * (Prompty `sample`, Dotprompt `input.default`), `text` holds that sample; otherwise `text` is ''.
 */
export interface PromptPart {
  role: Role;
  /** Index of the message this part belongs to; parts with the same index are one message. */
  message: number;
  source: PartSource;
  text: string;
  span?: Span;
  /** The file the text came from, when it is not the file of the call site. */
  path?: string;
  /** The string or template literal (quotes included) this part is a piece of, in its file. */
  literal?: Span;
  dynamic?: {
    kind: DynamicKind;
    /** The placeholder or variable name as written (`question`, `datetime.now()`). */
    name: string;
    /** True when the value changes between requests (defeats prefix caching). */
    volatile: boolean;
    /**
     * A declared size (RAG `k × chunk`, a `costlens:` comment). Without it the estimator counts
     * `text` (a sample value) when there is one, else applies the default for `kind` from settings.
     */
    size?: DynamicSize;
    /**
     * The value comes from a small closed set (a `Literal[...]`/union-of-literals parameter, an
     * enum, a literal list, callers passing constants): how many values, and from where.
     */
    choices?: { count: number; from: string };
  };
}

export interface OutputCap {
  tokens: number;
  /** The parameter that sets it, as written: `max_tokens`, `config.maxOutputTokens`. */
  param: string;
  span?: Span;
}

/**
 * How many times a call runs per task: what a run is expected to make (`expected`, with
 * `expectedReason` when it is below the bound) and the most it can make (`max` = `cap`, the worst
 * case: `max_turns`, `range(n)`, retries). Never the one for the other.
 */
export interface Multiplier {
  min: number;
  expected: number;
  max: number;
  /** The worst case, the same as `max` (named for what it is). */
  cap?: number;
  /** Why the bound (the cap). */
  reason: string;
  /** Why the expected count is below the cap (a prior, an early exit, telemetry). */
  expectedReason?: string;
  /** No bound the analysis can see (`while True` without a counter, recursion): `expected` is an assumption. */
  unbounded?: boolean;
  /**
   * The calls of one agent run, when the count also holds several runs (a loop around the run, a
   * crew's tasks): the history a run resends grows over its own turns and starts over with the
   * next run. Absent: one run (the history, if it grows, grows over all the calls).
   */
  perRun?: { min: number; expected: number; max: number };
}

export interface ModelRef {
  /** The resolved model id, as the provider knows it (`gpt-4o`, `claude-sonnet-4-5`). */
  id?: string;
  /** Why `id` is missing, when it is. */
  unresolvedReason?: string;
  /** The model argument as written at the call. */
  span?: Span;
  /** The string literal (in this file) the id comes from, quotes included: where a fix edits it. */
  literalSpan?: Span;
  /** Where the id is written when not at the call: `path:line` (a config module, a caller, a class default). */
  from?: string;
  /**
   * Every model the call can use when the code gives several (callers pass different models,
   * a conditional): `id` is the first; prices span them all.
   */
  alternatives?: { id: string; from: string; via?: string }[];
  /** The model was not in the code: taken from a stated default (`costlens.defaults.models`), so marked as assumed. */
  assumed?: boolean;
}

/** Where named arguments can be added to a call (for fixes that add a parameter). */
export interface ArgsInsertion {
  /** Offset just after the last argument. */
  offset: number;
  style: 'py' | 'js';
  /** Whether there is at least one argument before the insertion point. */
  hasArgs: boolean;
  /** The arguments are one to a line: the indentation of the last one's line (an added one goes under it). */
  lineIndent?: string;
  /** With `lineIndent`: the last argument is followed by a comma (`…,\n)`), the style an added one keeps. */
  trailingComma?: boolean;
  /** With `lineIndent`: how far after `offset` the last argument's line ends (after its comma and comment). */
  lineEndAfter?: number;
}

/** A retrieval setting that sizes the context sent to a model (`k=20`, `similarity_top_k=8`). */
export interface RetrievalSetting {
  /** Chunks retrieved per query. */
  k: number;
  /** The parameter as written (`k`, `search_kwargs.k`, `similarity_top_k`, `n_results`, `top_k`). */
  param: string;
  /** The value's span: where a fix edits it. */
  span: Span;
  line: number;
  /** The enclosing function, to find the calls the chunks go to. */
  functionName?: string;
}

/** A text splitter's chunk size, in characters or tokens as the splitter counts them. */
export interface ChunkSetting {
  size: number;
  unit: 'chars' | 'tokens';
  span: Span;
}

/** An explicit prompt-cache breakpoint (Anthropic `cache_control`, …) placed after some part. */
export interface CacheMarker {
  /** Index into `CallSite.parts` of the last part the breakpoint covers. */
  afterPart: number;
  ttl: '5m' | '1h';
  span?: Span;
}

export type CallSiteKind = 'code' | 'prompt-file';

/** One place that sends one request. */
export interface CallSite {
  /** Stable across edits above it: path + enclosing function (or prompt name) + ordinal. */
  key: string;
  kind: CallSiteKind;
  /** Workspace-relative path with forward slashes. */
  path: string;
  span: Span;
  /** 1-based line where the call (or the prompt) starts (in a notebook: within its cell). */
  line: number;
  /** 1-based line where it ends (a call written over several lines); `line` when absent. */
  endLine?: number;
  /** Notebooks: the 1-based index of the cell among all the notebook's cells; `span` is in the module its code cells make. */
  cell?: number;
  /** Provider id as the price catalogue knows it (`openai`, `anthropic`, `google`…), or `unknown`. */
  provider: string;
  /** A chat request when absent; an agent run (a loop of requests), an embedding (input only), an image or audio request. */
  operation?: 'chat' | 'agent-run' | 'embedding' | 'image' | 'audio';
  /** The model is a test double (a mock or fake model): what it is. No bill: kept out of totals and findings. */
  testDouble?: string;
  /** A model the user serves (Ollama, vLLM, transformers): what serves it. No API bill: priced at $0. */
  selfHosted?: string;
  /** The framework or SDK the call goes through (`openai`, `crewai`, `pydantic-ai`…). */
  sdk?: string;
  /** What the call says about reasoning: an effort level, a thinking budget, thinking off. */
  reasoning?: { effort?: string; budget?: number; off?: boolean; param: string };
  /** Where the code runs: production counts toward the monthly total; test, example, script, docs, notebook and library do not by default. */
  scope?: 'production' | 'test' | 'example' | 'script' | 'docs' | 'notebook' | 'library';
  /** The API used: `chat.completions`, `messages`, `prompty`, `dotprompt`… */
  api: string;
  model: ModelRef;
  parts: PromptPart[];
  outputCap?: OutputCap;
  params: Record<string, unknown>;
  cacheMarkers: CacheMarker[];
  multiplier: Multiplier;
  /**
   * The exclusive choices (if/else arms, match cases, an early return) the call sits in, within its
   * task, where other arms hold calls of the task too: outermost first. Its multiplier is weighed by
   * them; the task's worst case takes the dearest arm, not the sum.
   */
  exclusive?: { id: string; arm: number; arms: number }[];
  /**
   * The request's history is appended to and resent at each step of the loop around it: input
   * grows every step, so a task costs the sum over its steps, not steps × one call.
   */
  historyGrows?: boolean;
  /** The loop over items (rows, files, records) that runs the call once per item, within its function. */
  itemLoop?: ItemLoop;
  /** The enclosing function or the prompt's declared name. */
  name?: string;
  /** Why parts of the call could not be read (a file path not found, a spread argument…). */
  notes?: string[];
  /** Where a parameter can be added to the call's arguments. */
  argsInsertion?: ArgsInsertion;
  /** The system-prompt argument as written at the call (Anthropic `system=`). */
  systemArg?: Span;
  /**
   * Prompt files: where an output-cap key can be added in the front matter; with `end`, the line
   * `[offset, end)` holding the key with a value that is not a cap, which the fix replaces.
   */
  frontMatterInsertion?: { offset: number; indent: string; key: string; end?: number };
}

/**
 * A loop that runs a call once per item: a `for` over a collection, a comprehension, `.map` over a
 * list. `carried`: a name the request reads that a pass writes (an answer fed into the next
 * request), so the passes are not independent.
 */
export interface ItemLoop {
  kind: 'for' | 'comprehension' | 'map';
  /** The collection as written (`rows`, `range(100)`). */
  over: string;
  /** The line the loop starts on (in a caller's file when it comes from a caller). */
  line: number;
  /** Items, when the code bounds them. */
  count?: number;
  carried?: string;
  /** The function the loop is in answers one query (a `query`, `question` or graph `state` parameter): someone waits on it. */
  perQuery?: string;
  /** A map at module level: the module's code runs it (the mapped function, the call's task, cannot say). */
  runBy?: { kind: 'script'; label: string };
}

/** A unit of user-visible work: an agent run, a request handler, a function looping over calls. */
/** What triggers a task: `graph` is a compiled LangGraph graph (deployed in langgraph.json, or run by nothing the workspace shows). */
export type EntryKindName = 'route' | 'cli' | 'job' | 'handler' | 'script' | 'graph';

export interface Task {
  key: string;
  name: string;
  path: string;
  span: Span;
  line: number;
  /** Notebooks: the cell (1-based among all cells) the task starts in; `line` is within it. */
  cell?: number;
  callSiteKeys: string[];
  steps: number;
  /** History resent and grown each step: input grows per step, cost is quadratic in steps. */
  historyGrows: boolean;
  reason: string;
  /** This task's own traffic: a `costlens: tasks-per-day=N` comment, `.costlens.json` traffic, or 0 outside production. */
  tasksPerDay?: number;
  /** Where `tasksPerDay` comes from, when the task has its own. */
  traffic?: string;
  /** The task's function is what a user or a schedule triggers: a route, a CLI main, a job, a handler, a script, a compiled LangGraph graph. */
  entry?: { kind: EntryKindName; label: string };
  /**
   * The entry points whose runs reach this task's function through its callers: its calls are
   * part of their tasks (and of the month through them, at their traffic).
   */
  reachedFrom?: {
    key: string;
    name: string;
    path: string;
    line: number;
    kind: EntryKindName;
    label: string;
    times?: { expected: number; max: number; reason: string; itemLoop?: ItemLoop };
    /** A compiled graph nothing in the workspace runs or deploys: its traffic is assumed (the default), or none for a library's. */
    untriggered?: boolean;
    /** Such a graph in a distributable package: why it is library code (not counted in a month). */
    library?: string;
    /** Such a graph where the workspace's langgraph.json deploys others: why it is not counted in a month. */
    undeployed?: string;
  }[];
  scope?: 'production' | 'test' | 'example' | 'script' | 'docs' | 'notebook' | 'library';
}

export interface LowExpectedHigh {
  low: number;
  expected: number;
  high: number;
}

/** An assumption behind a figure, and where the user changes it. */
export interface Assumption {
  text: string;
  /** The setting, `.costlens.json` key or source comment that changes it. */
  changeWith?: string;
}

export interface TokenCount {
  tokens: number;
  /** True when counted with the model's own tokenizer. */
  exact: boolean;
  /** `o200k_base`, `cl100k_base`, `estimate:claude`… */
  tokenizer: string;
}

export interface PricePerMtok {
  input: number;
  cachedInput: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
}

export interface Estimate {
  model: string;
  provider: string;
  /** The catalogue entry priced (`claude-sonnet-4-5`), or undefined when the model has no price. */
  pricedModel?: string;
  /** Where the price comes from (the catalogue and its provider's page, a dated supplement row, settings). */
  priceSource?: string;
  tokenizer: string;
  exact: boolean;
  tokens: {
    /** Total input per call (static + dynamic + chat framing). */
    input: number;
    staticInput: number;
    dynamicInput: number;
    /** Tokens before the first volatile part that the provider can cache. */
    cacheablePrefix: number;
    /** Input tokens expected to be read from the cache per call. */
    cachedInput: number;
    /** Input tokens expected to be written to the cache per call. */
    cacheWrite: number;
    /** The visible answer. */
    output: number;
    /** Reasoning (thinking) tokens expected per call, billed as output besides `output`; absent when the model does not reason as called. */
    reasoning?: number;
  };
  outputRange: LowExpectedHigh;
  /** The calls per task it was priced with, when not the call site's own (telemetry refined it). */
  multiplier?: Multiplier;
  /** The reasoning tokens' range, and what it rests on. */
  reasoningRange?: LowExpectedHigh;
  reasoningBasis?: string;
  inputRange: LowExpectedHigh;
  /** Undefined when no price is known for the model (say so; never price it at zero). */
  usd?: {
    perCall: LowExpectedHigh;
    /** The same call with no cache hits at all. */
    perCallNoCache: LowExpectedHigh;
    /** All the calls of one task (the multiplier; with history growth, the sum over the steps). */
    perTask: LowExpectedHigh;
    /**
     * The task at its expected calls, over the per-call range: what the tasks of a month average
     * between (the month's range). `perTask.high` is one task run to its cap (every step, every
     * token), which a month of tasks does not average. Absent in analyses of older builds: perTask.
     */
    perTaskTypical?: LowExpectedHigh;
  };
  /** Input tokens the call adds to the history at each step, when the history grows. */
  growthPerStep?: number;
  /** Built-in tools' fees included in the dollar figures (web search, file search, code containers), one per tool. */
  toolFees?: { tool: string; usdPerUse: number; unit: string; usesPerCall: number; usdPerCall: number; source: string; asOf: string }[];
  /** Built-in tools the call enables whose fee no source here prices: left out of the figures (said in the assumptions). */
  unpricedTools?: string[];
  /** Answers asked for per request (`n`, `candidateCount` > 1): the output is billed once per answer. */
  choices?: { count: number; param: string };
  /** Per-million-token prices at the expected input size. */
  prices?: PricePerMtok;
  /** The provider's caching mode and minimum, as applied. */
  cache?: { mode: 'automatic' | 'explicit' | 'none'; minTokens: number; hitRate: number };
  contextWindow?: number;
  assumptions: Assumption[];
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  /** Workspace-relative path; the finding's file when absent. */
  path?: string;
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  safe: boolean;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  span: Span;
  line: number;
  /** Notebooks: the cell (1-based among all cells); `line` is within it. */
  cell?: number;
  /** The numbers behind the finding. */
  tokensAtStake?: number;
  usdPerCallAtStake?: number;
  usdPerMonthAtStake?: number;
  fixes: Fix[];
}

/** A problem reading input (a file, a setting): named, located, and never fatal for the rest. */
export interface AnalysisError {
  path: string;
  line?: number;
  /** Notebooks: the cell `line` is in. */
  cell?: number;
  /** `settings`, `read`, `parse`, `limit`… */
  kind: string;
  message: string;
}

/** What telemetry saw for a call site. */
export interface Observation {
  callSiteKey: string;
  count: number;
  windowStart: string;
  windowEnd: string;
  inputTokens: LowExpectedHigh;
  cachedInputTokens: LowExpectedHigh;
  outputTokens: LowExpectedHigh;
  usd: LowExpectedHigh;
  traceIds: string[];
}

/** Where a text's lines start: offsets to 1-based line numbers by binary search. */
export class LineIndex {
  /** Offset of the first character of each line (line 1 starts at 0). */
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The 1-based line of an offset (offsets past the end are on the last line). */
  lineOf(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The offset where a 1-based line starts. */
  startOf(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1];
  }
}

// The last text's index: callers look up many offsets of one text in a row (a file's findings), and
// scanning from the start for each would make a file with many of them quadratic.
let lastIndex: LineIndex | undefined;

/** The line index of a text, kept for the text last asked about. */
export function lineIndexOf(text: string): LineIndex {
  if (lastIndex?.text !== text) lastIndex = new LineIndex(text);
  return lastIndex;
}

/** Convert an offset to a 1-based line number. */
export function lineOf(text: string, offset: number): number {
  return lineIndexOf(text).lineOf(offset);
}
