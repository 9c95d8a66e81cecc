// How many tokens a model family's own tokenizer gives, relative to a reference count we can make
// offline. Data, not code: each figure says where it came from and as of when. Users override
// factors in settings (`costlens.tokenizers.calibration`), and telemetry refines them.

export type Reference = 'o200k_base' | 'cl100k_base' | 'chars';

export interface Calibration {
  family: string;
  /** Reference count the factor applies to (`chars` = characters / 4, the Gemini rule of thumb). */
  reference: Reference;
  factor: number;
  /** Plausible range of the factor, for low/high estimates. */
  low: number;
  high: number;
  source: string;
  asOf: string;
}

export const CALIBRATIONS: readonly Calibration[] = [
  {
    family: 'claude',
    reference: 'o200k_base',
    factor: 1.25,
    low: 1.15,
    high: 1.35,
    source:
      'No offline Claude tokenizer since Claude 3 (@anthropic-ai/tokenizer README; anthropic-sdk-python #375). ' +
      'copilot-api PR #134 found o200k × 1.15 undercounts; 1.25 is the midpoint used until telemetry calibrates it.',
    asOf: '2026-11-01',
  },
  {
    family: 'claude-4.7',
    reference: 'o200k_base',
    factor: 1.6,
    low: 1.25,
    high: 1.8,
    source:
      'Opus 4.7 has a new tokenizer: Anthropic says 1.0–1.35× more tokens than before; independent tests ~1.45× on ' +
      'English, 1.13–1.33× on code. Applied on top of the Claude factor (1.25 × ~1.3).',
    asOf: '2026-11-01',
  },
  {
    family: 'gemini',
    reference: 'chars',
    factor: 1,
    low: 0.8,
    high: 1.25,
    source: 'ai.google.dev/gemini-api/docs/tokens: "a token is equivalent to about 4 characters" for Gemini models.',
    asOf: '2026-11-01',
  },
  {
    family: 'llama',
    reference: 'cl100k_base',
    factor: 1,
    low: 0.95,
    high: 1.1,
    source:
      'Llama 3 uses a tiktoken BPE vocabulary of 128,256 tokens that extends cl100k_base (Meta Llama 3 model card); ' +
      'counts track cl100k closely on English and code.',
    asOf: '2026-11-01',
  },
  {
    family: 'mistral',
    reference: 'o200k_base',
    factor: 1.1,
    low: 1,
    high: 1.3,
    source:
      'Mistral Tekken tokenizer (tiktoken-based, ~131k vocabulary, Mistral NeMo and later); older models use a 32k ' +
      'SentencePiece vocabulary that gives more tokens. Factor is an estimate.',
    asOf: '2026-11-01',
  },
  {
    family: 'deepseek',
    reference: 'o200k_base',
    factor: 1.1,
    low: 1,
    high: 1.25,
    source: 'DeepSeek V3/R1 use a 128k byte-level BPE vocabulary (DeepSeek-V3 technical report); factor is an estimate.',
    asOf: '2026-11-01',
  },
  {
    family: 'unknown',
    reference: 'o200k_base',
    factor: 1.2,
    low: 1,
    high: 1.5,
    source: 'Unknown model: o200k_base count with a 20% margin, so estimates err high rather than low.',
    asOf: '2026-11-01',
  },
];
