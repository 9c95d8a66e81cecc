// Which tokenizer counts a model's tokens. OpenAI models are counted exactly with tiktoken's
// encodings; other families get a calibrated estimate (calibration.ts).
import { CALIBRATIONS, Calibration } from './calibration';

export type Encoding = 'o200k_base' | 'cl100k_base' | 'o200k_harmony';

export interface TokenizerInfo {
  /** `o200k_base`, `cl100k_base`, `o200k_harmony`, or `estimate:<family>`. */
  name: string;
  exact: boolean;
  /** The tiktoken encoding used for the count (exact, or the reference of an estimate). */
  encoding?: Encoding;
  calibration?: Calibration;
  /** How chat messages are framed: OpenAI chat format, Harmony (gpt-oss), or an estimate. */
  framing: 'openai-chat' | 'harmony' | 'estimate';
}

// tiktoken model.py (MODEL_PREFIX_TO_ENCODING / MODEL_TO_ENCODING), as of tiktoken 0.12.
const OPENAI_PREFIXES: ReadonlyArray<readonly [RegExp, Encoding]> = [
  [/^gpt-oss/, 'o200k_harmony'],
  [/^(gpt-5|gpt-4\.1|gpt-4\.5|gpt-4o|chatgpt-4o|o1|o3|o4|codex-mini|computer-use|ft:gpt-4o|ft:gpt-4\.1)/, 'o200k_base'],
  [/^(gpt-4|gpt-3\.5|gpt-35|ft:gpt-4|ft:gpt-3\.5|text-embedding-3|text-embedding-ada)/, 'cl100k_base'],
];

/** Strip a routing prefix (`openai/gpt-4o`, `azure/gpt-4o`, `bedrock/anthropic.claude…`) and lower-case. */
export function bareModelId(modelId: string): string {
  let id = modelId.trim().toLowerCase();
  // LiteLLM / Vercel gateway / Dotprompt style `provider/model`; keep the last segment that names a model.
  const slash = id.lastIndexOf('/');
  if (slash >= 0) id = id.slice(slash + 1);
  // Bedrock ids: `anthropic.claude-3-5-sonnet-20240620-v1:0`, `us.anthropic.claude…`, `meta.llama3-…`.
  id = id.replace(/^(?:[a-z]{2}\.)?(?:anthropic|meta|mistral|amazon|cohere|deepseek)\./, '');
  return id;
}

/** The model family an estimate is calibrated for, from the model id. */
export function modelFamily(modelId: string): string {
  const id = bareModelId(modelId);
  if (/claude-opus-4-7|claude-opus-4\.7|claude-(?:opus|sonnet|haiku)-(?:4-[89]|[5-9])/.test(id)) return 'claude-4.7';
  if (id.includes('claude')) return 'claude';
  if (id.includes('gemini') || id.includes('gemma')) return 'gemini';
  if (id.includes('llama')) return 'llama';
  if (/mistral|mixtral|codestral|magistral|ministral|pixtral|devstral/.test(id)) return 'mistral';
  if (id.includes('deepseek')) return 'deepseek';
  return 'unknown';
}

export function openAiEncoding(modelId: string): Encoding | undefined {
  const id = bareModelId(modelId);
  for (const [pattern, encoding] of OPENAI_PREFIXES) if (pattern.test(id)) return encoding;
  return undefined;
}

/**
 * The tokenizer for a model id. `calibrations` lets settings and telemetry replace the data table's
 * factors (matched by family).
 */
export function tokenizerFor(modelId: string | undefined, calibrations: readonly Calibration[] = CALIBRATIONS): TokenizerInfo {
  const encoding = modelId ? openAiEncoding(modelId) : undefined;
  if (encoding) return { name: encoding, exact: true, encoding, framing: encoding === 'o200k_harmony' ? 'harmony' : 'openai-chat' };
  const family = modelId ? modelFamily(modelId) : 'unknown';
  const calibration =
    calibrations.find((c) => c.family === family) ??
    CALIBRATIONS.find((c) => c.family === family) ??
    (CALIBRATIONS.find((c) => c.family === 'unknown') as Calibration);
  return {
    name: `estimate:${family}`,
    exact: false,
    encoding: calibration.reference === 'chars' ? undefined : calibration.reference,
    calibration,
    framing: 'estimate',
  };
}
