// The providers' batch APIs: requests sent as one asynchronous job (results within a window,
// usually 24 hours) at a discount on the synchronous price. Data with a source and an as-of date per
// row; where sources disagree, the row says so.

export interface BatchApi {
  /** Provider id as the price catalogue knows it. */
  provider: string;
  /** What the provider calls it, and the call that submits a job. */
  name: string;
  submit: string;
  /** Fraction taken off the synchronous price of input and output tokens (0.5 = half price). */
  discount: number;
  /** Results come back within this window. */
  window: string;
  /** The provider's guide to moving requests to it. */
  guide: string;
  source: string;
  asOf: string;
  note?: string;
}

export const BATCH_APIS: readonly BatchApi[] = [
  {
    provider: 'openai',
    name: 'the Batch API',
    submit: 'client.batches.create(input_file_id=…, endpoint="/v1/chat/completions", completion_window="24h")',
    discount: 0.5,
    window: '24 hours',
    guide: 'https://platform.openai.com/docs/guides/batch',
    source: 'OpenAI Batch API guide: "50% cost discount compared to synchronous APIs", 24-hour completion window',
    asOf: '2026-12-06',
    note: 'service_tier="flex" gives a similar discount synchronously on some models',
  },
  {
    provider: 'anthropic',
    name: 'the Message Batches API',
    submit: 'client.messages.batches.create(requests=[…])',
    discount: 0.5,
    window: '24 hours (most batches finish within 1 hour)',
    guide: 'https://docs.claude.com/en/docs/build-with-claude/batch-processing',
    source: 'Anthropic batch processing docs: "reducing costs by 50%", on input, output and cache reads and writes',
    asOf: '2026-12-06',
  },
  {
    provider: 'google',
    name: 'Batch Mode (Gemini API) / batch inference (Vertex AI)',
    submit: 'client.batches.create(model=…, src=…)',
    discount: 0.5,
    window: '24 hours',
    guide: 'https://ai.google.dev/gemini-api/docs/batch-mode',
    source: 'Google Developers Blog "Batch Mode in the Gemini API" (2025-07-07): "50% discount compared to our synchronous APIs"; Vertex AI batch inference: 50% discount',
    asOf: '2026-12-06',
    note: 'Vertex: the implicit-cache discount (90%) takes precedence over the batch discount; they do not stack',
  },
  {
    provider: 'mistral',
    name: 'Batch Inference',
    submit: 'client.batch.jobs.create(input_files=[…], model=…, endpoint="/v1/chat/completions")',
    discount: 0.5,
    window: '24 hours',
    guide: 'https://docs.mistral.ai/capabilities/batch',
    source: 'Mistral pricing: Batch API 50% off (docs.mistral.ai/capabilities/batch for the jobs API)',
    asOf: '2026-12-06',
  },
  {
    provider: 'groq',
    name: 'the Batch API',
    submit: 'client.batches.create(input_file_id=…, endpoint="/v1/chat/completions", completion_window="24h")',
    discount: 0.25,
    window: '24 hours',
    guide: 'https://console.groq.com/docs/batch',
    source: 'Groq Batch API docs: "25% cost discount compared to synchronous APIs"',
    asOf: '2026-12-06',
    note: 'a later third-party summary (promptunit.ai) says 50% off; the 25% in Groq\'s own docs is used',
  },
  {
    provider: 'aws',
    name: 'Bedrock batch inference',
    submit: 'bedrock.create_model_invocation_job(…) with the requests as JSONL in S3',
    discount: 0.5,
    window: '24 hours',
    guide: 'https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference.html',
    source: 'Amazon Bedrock user guide, capacity and cost optimization: batch "50% cost savings vs on-demand" (for the models that support batch)',
    asOf: '2026-12-06',
    note: 'not every model supports batch; tool calling is not supported with the Converse format',
  },
];

export function batchApiOf(provider: string): BatchApi | undefined {
  return BATCH_APIS.find((b) => b.provider === provider);
}
