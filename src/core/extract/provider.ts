// Which provider serves a model id, as the price catalogue names providers.
import { bareModelId } from '../tokens/registry';

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(gpt-|o1|o3|o4|chatgpt|codex|text-embedding|davinci|babbage|ft:gpt|computer-use|omni-)/, 'openai'],
  [/^claude/, 'anthropic'],
  [/^(gemini|gemma|learnlm)/, 'google'],
  [/^(mistral|mixtral|codestral|magistral|ministral|pixtral|devstral|open-mistral|open-mixtral)/, 'mistral'],
  [/^deepseek/, 'deepseek'],
  [/^grok/, 'x-ai'],
  [/^command/, 'cohere'],
];

/** `gpt-4o` → openai, `claude-…` → anthropic, `gemini-…` → google; `unknown` otherwise. */
export function inferProviderFromModel(modelId: string): string {
  const id = bareModelId(modelId);
  for (const [re, provider] of RULES) if (re.test(id)) return provider;
  return 'unknown';
}
