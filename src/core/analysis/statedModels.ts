// Models the code does not say, stated by the user once: `.costlens.json` `models` by call-site
// key, `path#function` or path (a statement of fact, like a `costlens: model=` comment), else a
// per-provider assumed default (`defaults.models`), marked as assumed wherever it shows.
import type { ConfigValues } from '../../config/load';
import { inferProviderFromModel } from '../extract/provider';
import type { CallSite } from '../model';
import { own } from '../util/own';

/** The call-site keys a `models` entry may name a site by, most specific first. */
function keysOf(site: CallSite): string[] {
  const parts = site.key.split('#');
  const out = [site.key];
  if (parts.length >= 3) out.push(parts.slice(0, -1).join('#'));
  out.push(site.path);
  return out;
}

export function applyStatedModels(sites: CallSite[], config: ConfigValues): CallSite[] {
  const stated = (config.models ?? {}) as Record<string, string>;
  const defaults = (config['defaults.models'] ?? {}) as Record<string, string>;
  if (!Object.keys(stated).length && !Object.keys(defaults).length) return sites;
  return sites.map((site) => {
    if (site.model.id) return site;
    for (const k of keysOf(site)) {
      const id = own(stated, k);
      if (id === undefined) continue;
      const inferred = inferProviderFromModel(id);
      return { ...site, provider: site.provider === 'unknown' && inferred !== 'unknown' ? inferred : site.provider, model: { ...site.model, id, unresolvedReason: undefined, from: `.costlens.json models["${k}"]` } };
    }
    const assumed = own(defaults, site.provider);
    if (assumed === undefined) return site;
    return { ...site, model: { ...site.model, id: assumed, assumed: true, from: `costlens.defaults.models.${site.provider} (assumed: ${site.model.unresolvedReason ?? 'the code does not say'})` } };
  });
}
