// Model ids written the LiteLLM way (`openai/gpt-4o`, `anthropic/claude-…`, `ollama/llama3.1`),
// which crewAI's `LLM`, smolagents' `LiteLLMModel` and DSPy's `dspy.LM` all take: the provider billed,
// the bare id, and whether the prefix names a server the user runs (no API bill).
import type { Value } from '../values';

/** LiteLLM provider prefixes → the price catalogue's provider ids. */
const PREFIXES: Record<string, string> = {
  openai: 'openai',
  text_completion_openai: 'openai',
  azure: 'azure',
  azure_ai: 'azure',
  anthropic: 'anthropic',
  gemini: 'google',
  vertex_ai: 'google',
  vertex_ai_beta: 'google',
  google: 'google',
  groq: 'groq',
  mistral: 'mistral',
  deepseek: 'deepseek',
  xai: 'x-ai',
  bedrock: 'aws',
  bedrock_converse: 'aws',
  sagemaker: 'aws',
  cohere: 'cohere',
  cohere_chat: 'cohere',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  openrouter: 'openrouter',
  huggingface: 'huggingface',
  nvidia_nim: 'nvidia',
  cerebras: 'cerebras',
  perplexity: 'perplexity',
  novita: 'novita',
  watsonx: 'ibm',
};

/** Prefixes of servers the user runs: priced at $0 and labelled self-hosted. */
const SELF_HOSTED: Record<string, string> = {
  ollama: 'Ollama',
  ollama_chat: 'Ollama',
  hosted_vllm: 'vLLM',
  vllm: 'vLLM',
  lm_studio: 'LM Studio',
  llamafile: 'llamafile',
};

export interface ParsedModelId {
  /** The id without the provider prefix (`gpt-4o`; `meta-llama/Llama-3.1-8B` keeps its organisation). */
  model: string;
  provider?: string;
  selfHosted?: string;
}

/** `openai/gpt-4o` → openai, gpt-4o; `ollama/llama3.1` → self-hosted Ollama; `gpt-4o` → no prefix. */
export function parseLiteLlmId(id: string): ParsedModelId {
  const slash = id.indexOf('/');
  if (slash <= 0) return { model: id };
  const prefix = id.slice(0, slash).toLowerCase();
  const rest = id.slice(slash + 1);
  const self = Object.prototype.hasOwnProperty.call(SELF_HOSTED, prefix) ? SELF_HOSTED[prefix] : undefined;
  if (self) return { model: rest, selfHosted: self };
  const provider = Object.prototype.hasOwnProperty.call(PREFIXES, prefix) ? PREFIXES[prefix] : undefined;
  // `meta-llama/Llama-3.1-8B-Instruct`: an organisation, not a provider prefix.
  return provider ? { model: rest, provider } : { model: id };
}

/** A value of model ids with the LiteLLM prefixes taken off (each option of a set). */
export function bareIds(v: Value): { value: Value; provider?: string; selfHosted?: string } {
  let provider: string | undefined;
  let selfHosted: string | undefined;
  const strip = (o: Value): Value => {
    if (o.kind !== 'string') return o;
    const p = parseLiteLlmId(o.value);
    provider ??= p.provider;
    selfHosted ??= p.selfHosted;
    return { ...o, value: p.model };
  };
  const value = v.kind === 'union' ? { ...v, options: v.options.map(strip) } : strip(v);
  return { value, provider, selfHosted };
}
