// One LLM request as telemetry saw it, whatever instrumentation reported it: the normalised form
// every source (OTLP spans from the GenAI conventions, OpenLLMetry, OpenInference, the Vercel AI
// SDK, OpenLIT, Langfuse; imported files) is turned into before it is joined to a call site.

export interface ObservedUsage {
  /** All input tokens, cached ones included (OpenAI's and the GenAI conventions' sense). */
  input: number;
  /** Input tokens read from the provider's prompt cache (part of `input`). */
  cacheRead: number;
  /** Input tokens written to the cache (part of `input`), and of those, 1-hour writes. */
  cacheWrite: number;
  cacheWrite1h: number;
  output: number;
  /** Reasoning tokens (part of `output`). */
  reasoning: number;
}

export interface CodeLocation {
  /** As the span gives it: absolute, or relative to wherever the process ran. */
  file?: string;
  line?: number;
  function?: string;
}

export interface ObservedCall {
  traceId: string;
  spanId: string;
  /** Unix milliseconds. */
  startMs: number;
  durationMs: number;
  /** `openai`, `anthropic`, `google`, … (normalised), or undefined when not said. */
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  /** `chat`, `text_completion`, `embeddings`, `generate_content`, … */
  operation?: string;
  usage?: ObservedUsage;
  /** USD, when the span carries a cost (OpenLIT, OpenInference, Langfuse); otherwise priced later. */
  costUsd?: number;
  location: CodeLocation;
  /** Names the code declared: gen_ai.prompt.name, the Vercel AI SDK's functionId, a costlens id… */
  names: string[];
  /** Where the call came from: `gen_ai`, `openinference`, `vercel-ai`, `openllmetry`, `openlit`, `langfuse`, `langfuse-export`. */
  source: string;
  /** The span reported an error. */
  error?: boolean;
}
