// Token counting. tiktoken encoders are built on first need, once per encoding, and freed by
// disposeTokenizers(); counts are memoised by content, so counting the same text twice is a map
// lookup. The editor counts on a tokenizer thread (countOn; see thread.ts), the CLI here.
import type { Tiktoken } from 'tiktoken';
import type { LowExpectedHigh, Role, TokenCount } from '../model';
import { Calibration, CALIBRATIONS } from './calibration';
import { Encoding, TokenizerInfo, tokenizerFor } from './registry';
import { countInSlices } from './slices';
import type { TokenizerThread } from './thread';

type TiktokenModule = typeof import('tiktoken');

let tiktokenModule: TiktokenModule | undefined;
const encoders = new Map<'o200k_base' | 'cl100k_base', Tiktoken>();

// o200k_harmony has o200k_base's ranks and pattern; it only adds special tokens, which prompt text
// is never encoded as (we count ordinary text), so o200k_base gives the identical count.
const baseOf = (encoding: Encoding): 'o200k_base' | 'cl100k_base' => (encoding === 'o200k_harmony' ? 'o200k_base' : encoding);

function encoder(encoding: Encoding): Tiktoken {
  const base = baseOf(encoding);
  let enc = encoders.get(base);
  if (!enc) {
    // Loaded here, not at import: the module reads and compiles a 5.6 MB wasm file.
    tiktokenModule ??= require('tiktoken') as TiktokenModule;
    enc = tiktokenModule.get_encoding(base);
    encoders.set(base, enc);
  }
  return enc;
}

/** The tokenizer thread counts are asked of (undefined: this thread). */
let thread: TokenizerThread | undefined;

/** Count on this tokenizer thread from now on (undefined: on this thread again). */
export function countOn(t: TokenizerThread | undefined): void {
  thread = t;
}

/**
 * Resolves once counting with this encoding needs no build: on the tokenizer thread, without
 * holding up this one (the editor's warm-up); here, after building it.
 */
export async function tokenizerReady(encoding: Encoding = 'o200k_base'): Promise<void> {
  if (thread?.usable) await thread.prepare(baseOf(encoding));
  if (!thread?.usable) encoder(encoding);
}

/** Free the wasm encoders and the memo. Counting again rebuilds them. */
export function disposeTokenizers(): void {
  for (const enc of encoders.values()) enc.free();
  encoders.clear();
  memo.clear();
  memoOrder.length = 0;
  memoChars = 0;
}

export function loadedEncodings(): string[] {
  return [...encoders.keys()];
}

// Memo: one map per encoding keyed by the text itself (V8 caches a string's hash, so looking the
// same string up again does not rehash it), bounded by the characters held, oldest evicted first.
const MEMO_MAX_CHARS = 32 * 1024 * 1024;
const memo = new Map<string, Map<string, number>>();
let memoChars = 0;
let memoHits = 0;
let memoMisses = 0;
/** Insertion order across encodings, for eviction. */
const memoOrder: [string, string][] = [];

export function memoStats(): { entries: number; chars: number; hits: number; misses: number } {
  let entries = 0;
  for (const m of memo.values()) entries += m.size;
  return { entries, chars: memoChars, hits: memoHits, misses: memoMisses };
}

export { MAX_RUN_CHARS } from './slices';

/** Tokens of ordinary text with one encoding: on the tokenizer thread if there is one, else here. */
function encodedLength(encoding: Encoding, text: string): number {
  return thread?.count(baseOf(encoding), text) ?? countInSlices((piece) => encoder(encoding).encode_ordinary(piece).length, text);
}

function countEncoding(encoding: Encoding, text: string): number {
  if (text.length === 0) return 0;
  let byText = memo.get(encoding);
  if (!byText) memo.set(encoding, (byText = new Map()));
  const hit = byText.get(text);
  if (hit !== undefined) {
    memoHits++;
    return hit;
  }
  memoMisses++;
  const n = encodedLength(encoding, text);
  if (text.length <= MEMO_MAX_CHARS / 4) {
    byText.set(text, n);
    memoOrder.push([encoding, text]);
    memoChars += text.length;
    while (memoChars > MEMO_MAX_CHARS && memoOrder.length) {
      const [enc, oldest] = memoOrder.shift()!;
      if (memo.get(enc)?.delete(oldest)) memoChars -= oldest.length;
    }
  }
  return n;
}

function referenceCount(info: TokenizerInfo, text: string): number {
  if (info.encoding) return countEncoding(info.encoding, text);
  return Math.ceil(text.length / 4);
}

function applyCalibration(raw: number, calibration: Calibration | undefined, which: keyof Pick<Calibration, 'factor' | 'low' | 'high'> = 'factor'): number {
  if (!calibration) return raw;
  return Math.round(raw * calibration[which]);
}

/** Tokens in a piece of text for a model (no chat framing). */
export function countText(text: string, modelId: string | undefined, calibrations: readonly Calibration[] = CALIBRATIONS): TokenCount {
  const info = tokenizerFor(modelId, calibrations);
  return { tokens: applyCalibration(referenceCount(info, text), info.calibration), exact: info.exact, tokenizer: info.name };
}

/** Tokens with the estimate's plausible range (equal bounds when the count is exact). */
export function countTextRange(text: string, modelId: string | undefined, calibrations: readonly Calibration[] = CALIBRATIONS): LowExpectedHigh & { exact: boolean; tokenizer: string } {
  const info = tokenizerFor(modelId, calibrations);
  const raw = referenceCount(info, text);
  return {
    low: applyCalibration(raw, info.calibration, 'low'),
    expected: applyCalibration(raw, info.calibration),
    high: applyCalibration(raw, info.calibration, 'high'),
    exact: info.exact,
    tokenizer: info.name,
  };
}

export interface ChatMessage {
  role: Role | string;
  content: string;
  name?: string;
}

/**
 * Tokens a list of chat messages costs as input, framing included.
 * - OpenAI chat format (cookbook "How to count tokens with tiktoken", num_tokens_from_messages):
 *   3 tokens per message, the role and any name encoded, 1 more for a name, 3 to prime the reply.
 * - Harmony (gpt-oss, openai/harmony): `<|start|>{role}<|message|>{content}<|end|>` per message and
 *   `<|start|>assistant` to prime the reply.
 * - Other families: the OpenAI figures with the family's calibration (an estimate).
 */
export function countMessages(messages: readonly ChatMessage[], modelId: string | undefined, calibrations: readonly Calibration[] = CALIBRATIONS): TokenCount & { framing: number } {
  const info = tokenizerFor(modelId, calibrations);
  let content = 0;
  let framing = 0;
  for (const m of messages) {
    content += referenceCount(info, m.content);
    framing += 3 + referenceCount(info, m.role);
    if (m.name) framing += referenceCount(info, m.name) + (info.framing === 'harmony' ? 0 : 1);
  }
  framing += replyPriming(info);
  if (info.calibration) content = applyCalibration(content, info.calibration);
  return { tokens: content + framing, framing, exact: info.exact, tokenizer: info.name };
}

/** Tokens that prime the reply (`<|start|>assistant…`), counted once per request. */
export function replyPriming(info: TokenizerInfo): number {
  return info.framing === 'harmony' ? 2 : 3;
}
