// The same call priced on other models: what the call would cost per call, per task and per month
// on each model the same SDK call can use (the same provider's current chat models), cache
// effects included (each model's own cache rules and cached-input price).
import type { ConfigValues } from '../../config/load';
import { lookupPricing, catalogueModels } from '../pricing/catalogue';
import type { CallSite, Estimate } from '../model';
import { bareModelId } from '../tokens/registry';
import { estimateCallSite } from './estimate';

export interface ModelOption {
  model: string;
  estimate: Estimate;
  /** Expected $ per call / per task; undefined without a price. */
  perCall?: number;
  perTask?: number;
  current: boolean;
}

// Catalogue entries that are not chat/text models, dated snapshots, fine-tune prefixes and old
// generations: not what anyone switches a call to.
const NOT_COMPARABLE = /audio|realtime|transcribe|tts|image|embedding|moderation|whisper|search|deep-research|instruct|davinci|babbage|curie|^ada$|vision|live|^ft:|:|\d{4}-\d{2}-\d{2}|latest|^chatgpt|computer-use|safeguard|^gpt-3\.5|^gpt-4(-|$)|^claude-(2|v1|instant|3-)|^gemini-(1\.|pro|flash-1)|^o1-(mini|preview)/;

/** Models of the provider a call can be switched to. */
export function comparableModels(provider: string): string[] {
  const models = catalogueModels(provider).filter((m) => !m.deprecated && !NOT_COMPARABLE.test(m.id));
  // Vertex lists Claude models under Google: a Google call compares Gemini and Gemma.
  return models.map((m) => m.id).filter((id) => provider !== 'google' || /^gem(ini|ma)/.test(id));
}

/**
 * The call site priced on each comparable model, cheapest first; the current model is always in
 * the list. `candidates` replaces the catalogue's list.
 */
export function compareModels(site: CallSite, config: ConfigValues, candidates?: string[]): ModelOption[] {
  const current = site.model.id;
  const pricing = current ? lookupPricing(current, site.provider, { overrides: config['pricing.overrides'] as never, customModels: config['pricing.customModels'] as never }) : undefined;
  const provider = pricing?.provider ?? site.provider;
  const ids = new Set(candidates ?? comparableModels(provider));
  if (current) ids.add(current);
  // A routed id (`openai/gpt-4o`, `azure/…`) keeps its prefix when the model changes.
  const prefix = current && current.includes('/') ? current.slice(0, current.lastIndexOf('/') + 1) : '';
  const out: ModelOption[] = [];
  const listed = new Set<string>();
  for (const id of ids) {
    const model = id === current || id.includes('/') ? id : prefix + id;
    // `gpt-4o` with the prefix of `openai/gpt-4o` is the current model: list it once.
    if (listed.has(model)) continue;
    listed.add(model);
    const estimate = estimateCallSite({ ...site, model: { ...site.model, id: model } }, { config });
    out.push({ model, estimate, perCall: estimate.usd?.perCall.expected, perTask: estimate.usd?.perTask.expected, current: model === current || (!!current && bareModelId(model) === bareModelId(current) && id === current) });
  }
  return out.sort((a, b) => (a.perCall ?? Infinity) - (b.perCall ?? Infinity) || a.model.localeCompare(b.model));
}
