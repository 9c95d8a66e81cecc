// The framework detectors, in the order they are tried (one file per family).
import type { Framework, ObjectSpec } from './framework';
import { pydanticAi } from './pydanticAi';
import { testDoubles } from './testDoubles';
import { azureAiInference, cohere, mistral, ollama, voyage, xai } from './providerSdks';
import { bedrock } from './bedrock';
import { endpoints } from './endpoints';
import { rawHttp } from './rawHttp';

export const FRAMEWORKS: readonly Framework[] = [pydanticAi, testDoubles, mistral, cohere, xai, azureAiInference, ollama, voyage, bedrock, endpoints, rawHttp];

/** Every name a framework's call can end in. */
export function frameworkCallNames(): string[] {
  return FRAMEWORKS.flatMap((f) => f.callNames);
}

/** The framework object a constructor makes: by its name and the module it comes from. */
export function frameworkObject(name: string, module: string): { framework: string; spec: ObjectSpec } | undefined {
  for (const f of FRAMEWORKS) {
    for (const spec of f.objects ?? []) {
      if (!spec.names.includes(name)) continue;
      if (spec.modules.some((m) => (m === '' ? !module : module === m || module.startsWith(m.endsWith('/') ? m : `${m}.`) || module.startsWith(`${m}/`)))) return { framework: f.id, spec };
    }
  }
  return undefined;
}
