// The framework detectors, in the order they are tried (one file per family).
import type { Framework, ObjectSpec } from './framework';
import { aiSdk } from './aiSdk';
import { crewai } from './crewai';
import { dspy } from './dspy';
import { instructor } from './instructor';
import { autogen } from './autogen';
import { claudeAgentSdk } from './claudeAgentSdk';
import { langgraph } from './langgraph';
import { llamaIndex } from './llamaIndex';
import { mastra } from './mastra';
import { genkit } from './genkit';
import { openaiAgents } from './openaiAgents';
import { googleAdk } from './googleAdk';
import { pydanticAi } from './pydanticAi';
import { smolagents } from './smolagents';
import { agno } from './agno';
import { testDoubles } from './testDoubles';
import { azureAiInference, cohere, huggingfaceHub, mistral, ollama, twelveLabs, voyage, xai } from './providerSdks';
import { bedrock } from './bedrock';
import { browserUse } from './browserUse';
import { haystack } from './haystack';
import { langchainChains } from './langchainChains';
import { langchainModels } from './langchainModels';
import { swarm } from './swarm';
import { strands } from './strands';
import { semanticKernel } from './semanticKernel';
import { endpoints } from './endpoints';
import { rawHttp } from './rawHttp';
import { vectorStores } from './vectorStores';

export const FRAMEWORKS: readonly Framework[] = [
  pydanticAi, aiSdk, openaiAgents, googleAdk, mastra, genkit, crewai, smolagents, agno, dspy, instructor,
  langgraph, langchainChains, langchainModels, llamaIndex, autogen, claudeAgentSdk, browserUse, haystack, swarm, strands, semanticKernel,
  testDoubles, mistral, cohere, xai, azureAiInference, ollama, voyage, twelveLabs, huggingfaceHub, vectorStores, bedrock, endpoints, rawHttp,
];

/** Every name a framework's call can end in. */
export function frameworkCallNames(): string[] {
  return FRAMEWORKS.flatMap((f) => f.callNames);
}

/** The frameworks whose objects may be called under any name in a file with this text. */
export function anyNameFrameworks(text: string): Framework[] {
  return FRAMEWORKS.filter((f) => f.anyName?.(text));
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
