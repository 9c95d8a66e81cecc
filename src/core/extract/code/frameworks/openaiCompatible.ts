// OpenAI-compatible clients: the OpenAI SDK pointed at another provider (`OpenAI(base_url=
// "https://api.groq.com/openai/v1")`, `new OpenAI({ baseURL })`) and the providers' own SDKs that copy
// OpenAI's interface (Groq, Together, Fireworks, Cerebras). Their `chat.completions.create`,
// `embeddings.create`… bill the provider the base URL or the SDK names, not OpenAI; a server on the
// user's machine (Ollama, vLLM, LM Studio, a docker service) bills nothing: self-hosted.
import type { Args } from '../ast';
import { providerFor } from '../callKit';
import type { Receiver } from '../receivers';
import type { Value, ValueContext } from '../values';
import { endpointOf, urlText } from './hosts';

/** Providers' own SDKs with OpenAI's client interface. */
const COMPATIBLE_CLIENTS: ReadonlyArray<{ names: readonly string[]; modules: readonly string[]; provider: string }> = [
  { names: ['Groq', 'AsyncGroq'], modules: ['groq', 'groq-sdk'], provider: 'groq' },
  { names: ['Together', 'AsyncTogether'], modules: ['together', 'together-ai'], provider: 'together' },
  { names: ['Fireworks', 'AsyncFireworks'], modules: ['fireworks.client', 'fireworks'], provider: 'fireworks' },
  { names: ['Cerebras', 'AsyncCerebras'], modules: ['cerebras.cloud.sdk', '@cerebras/cerebras_cloud_sdk'], provider: 'cerebras' },
];

const inModule = (module: string, m: string) => module === m || module.startsWith(`${m}.`) || module.startsWith(`${m}/`);

/** The provider of an OpenAI-compatible SDK's client class (`Groq` from groq), if it is one. */
export function compatibleClient(name: string, module: string): string | undefined {
  return COMPATIBLE_CLIENTS.find((c) => c.names.includes(name) && c.modules.some((m) => inModule(module, m)))?.provider;
}

/** The base URL arguments of the OpenAI SDK's clients (Python, JS, and the pre-1.0 `api_base`). */
const BASE_URL_ARGS = ['base_url', 'baseURL', 'baseUrl', 'api_base'];

/**
 * Where an OpenAI client sends its requests: the provider its base URL names, self-hosted when the
 * URL is the user's own machine; OpenAI when no base URL is written (or it cannot be read).
 */
export function openAiEndpoint(args: Args, ctx: ValueContext): { provider: string; selfHosted?: string; endpoint?: string } {
  const node = BASE_URL_ARGS.map((n) => args.named.get(n)).find((n) => n);
  if (!node) return { provider: 'openai' };
  const url = urlText(node, args.ctx ? { ...ctx, ...args.ctx } : ctx);
  const e = url !== undefined ? endpointOf(url) : undefined;
  if (!e) return { provider: 'openai' };
  return { provider: e.provider, ...(e.selfHosted ? { selfHosted: e.selfHosted } : {}), ...(e.host ? { endpoint: e.host } : {}) };
}

/**
 * The provider a call on an OpenAI-style client bills and the SDK to name: the base URL's or the
 * SDK's provider as is (a gateway's `anthropic/claude-…` is billed by the gateway), OpenAI's
 * otherwise (a model id of another provider still names that provider).
 */
export function clientRoute(recv: Receiver, model: Value | { kind: 'default'; value: string }): { provider: string; sdk: string; selfHosted?: string } {
  if (recv.type !== 'client' || recv.sdk !== 'openai' || recv.provider === 'openai') return { provider: providerFor('openai', model), sdk: 'openai' };
  if (recv.provider === 'unknown') return { provider: providerFor(undefined, model), sdk: 'openai-compatible' };
  return { provider: recv.provider, sdk: 'openai-compatible', ...(recv.selfHosted ? { selfHosted: recv.selfHosted } : {}) };
}
