// What a model can be asked to do, beyond its price: what kind of request it serves (chat,
// embedding, image, audio…) and whether it takes tools and a response schema. The price catalogue
// holds context windows but no capabilities, so these come from the providers' docs, by family; a
// model no row knows is unknown for that capability (shown as unverified, never guessed).

/** The kind of request a model serves. */
export type Modality = 'chat' | 'embedding' | 'image' | 'audio' | 'moderation' | 'ocr';

/** The kind of model, from its id: a chat model unless the id names another kind. */
export function modalityOf(bareModel: string): Modality {
  if (/embed/.test(bareModel)) return 'embedding';
  if (/moderation|guard/.test(bareModel)) return 'moderation';
  if (/ocr/.test(bareModel)) return 'ocr';
  if (/image|dall-e|imagen|omni-flash/.test(bareModel)) return 'image';
  if (/audio|tts|transcribe|whisper|realtime|voice|voxtral|live|sonic/.test(bareModel)) return 'audio';
  return 'chat';
}

export interface Capabilities {
  /** Function / tool calling. */
  tools?: boolean;
  /** A response constrained to a JSON schema (response_format, responseSchema, output_config). */
  structuredOutput?: boolean;
}

interface CapabilityRow extends Capabilities {
  models: RegExp;
  source: string;
  asOf: string;
}

// The first row that matches decides; a capability a row leaves out stays unknown.
export const CAPABILITIES: readonly CapabilityRow[] = [
  { models: /^o1-(mini|preview)/, tools: false, structuredOutput: false, source: 'OpenAI reasoning docs: o1-mini and o1-preview take no tools and no response_format', asOf: '2026-12-01' },
  { models: /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4-mini|codex-mini)/, tools: true, structuredOutput: true, source: 'OpenAI function-calling and Structured Outputs guides: gpt-4o and later, the o-series from o1', asOf: '2026-12-01' },
  { models: /^gpt-oss-/, tools: true, structuredOutput: true, source: 'OpenAI gpt-oss model card: native function calling and Structured Outputs', asOf: '2026-12-01' },
  { models: /^claude-(3|opus|sonnet|haiku)/, tools: true, source: 'Anthropic tool-use docs: every Claude 3 and later model', asOf: '2026-12-01' },
  { models: /^gemini-(2|3)/, tools: true, structuredOutput: true, source: 'Gemini API docs: function calling and structured output (responseSchema) on 2.0 and later', asOf: '2026-12-01' },
];

export function capabilitiesOf(bareModel: string): Capabilities {
  const row = CAPABILITIES.find((r) => r.models.test(bareModel));
  return row ? { tools: row.tools, structuredOutput: row.structuredOutput } : {};
}
