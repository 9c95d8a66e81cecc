// Haystack 2.x/3.x (deepset, `haystack-ai`): components that call a model — chat generators
// (`OpenAIChatGenerator(model=…)` and the integrations' `AnthropicChatGenerator`, `OllamaChatGenerator`…),
// the older text generators, embedders — and the `Agent` that loops a chat generator over tools. A
// component runs either directly (`generator.run(messages=…)`, `agent.run(messages=…)`) or inside a
// `Pipeline`: then the call site is the pipeline's `run(…)` — the line that sends the requests, in the
// function whose traffic they follow — on the model of its chat generator (the components are read
// from the `add_component(…)` calls where the pipeline is built), with the template of the
// PromptBuilder / ChatPromptBuilder that feeds it.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, isCall, memberChain, stringValue, unwrap } from '../ast';
import { DetectedCall, inArgs, nextIndex, OUTPUT_CAPS, providerFor } from '../callKit';
import { addText, PromptBuild, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import { contextFor, resolveValue, single, Value } from '../values';
import { classifyPlaceholder, scanTemplate } from '../../promptFiles/template';
import { addDefaults, sdkDefault } from './defaults';
import { openAiEndpoint } from './openaiCompatible';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { callsOnMade } from './instances';

const MODULES = ['haystack', 'haystack_integrations'];
const PYPI = { pypi: 'haystack-ai' };

addDefaults([
  { sdk: 'haystack', packages: PYPI, key: 'model', versions: '>=2.21.0', value: 'gpt-5-mini', source: 'haystack/components/generators/chat/openai.py OpenAIChatGenerator(model: str = "gpt-5-mini") (and OpenAIGenerator; commit 3ebe9b2 "Update default OpenAI model to gpt-5-mini", first in 2.21.0; line 124 in 3.2)', asOf: '2026-12-06' },
  { sdk: 'haystack', packages: PYPI, key: 'model', versions: '>=2.6.0 <2.21.0', value: 'gpt-4o-mini', source: 'haystack/components/generators/chat/openai.py OpenAIChatGenerator(model: str = "gpt-4o-mini") (commit 97126eb, first in 2.6.0)', asOf: '2026-12-06' },
  { sdk: 'haystack', packages: PYPI, key: 'model', versions: '<2.6.0', value: 'gpt-3.5-turbo', source: 'haystack/components/generators/chat/openai.py OpenAIChatGenerator(model: str = "gpt-3.5-turbo") (2.0.0–2.5)', asOf: '2026-12-06' },
  { sdk: 'haystack', packages: PYPI, key: 'embeddingModel', value: 'text-embedding-ada-002', source: 'haystack/components/embedders/openai_text_embedder.py OpenAITextEmbedder(model: str = "text-embedding-ada-002") (and OpenAIDocumentEmbedder; 2.0 to 3.2)', asOf: '2026-12-06' },
  { sdk: 'haystack', packages: PYPI, key: 'maxTurns', value: 100, source: 'haystack/components/agents/agent.py Agent(max_agent_steps: int = 100) (since the Agent arrived in 2.12; line 369 in 3.2)', asOf: '2026-12-06' },
]);

/**
 * Chat and text generators → who bills them (as the price catalogue names providers); `openai`
 * classes take Haystack's own default model when none is given.
 */
const GENERATORS: Record<string, { provider: string; openaiDefault?: boolean; selfHosted?: string; modelArgs?: string[] }> = {
  OpenAIChatGenerator: { provider: 'openai', openaiDefault: true },
  OpenAIResponsesChatGenerator: { provider: 'openai', openaiDefault: true },
  OpenAIGenerator: { provider: 'openai', openaiDefault: true },
  AzureOpenAIChatGenerator: { provider: 'azure', modelArgs: ['azure_deployment', 'model'] },
  AzureOpenAIResponsesChatGenerator: { provider: 'azure', modelArgs: ['azure_deployment', 'model'] },
  AzureOpenAIGenerator: { provider: 'azure', modelArgs: ['azure_deployment', 'model'] },
  AnthropicChatGenerator: { provider: 'anthropic' },
  AnthropicGenerator: { provider: 'anthropic' },
  AnthropicVertexChatGenerator: { provider: 'anthropic' },
  GoogleGenAIChatGenerator: { provider: 'google' },
  GoogleAIGeminiChatGenerator: { provider: 'google' },
  GoogleAIGeminiGenerator: { provider: 'google' },
  VertexAIGeminiChatGenerator: { provider: 'google' },
  VertexAIGeminiGenerator: { provider: 'google' },
  CohereChatGenerator: { provider: 'cohere' },
  CohereGenerator: { provider: 'cohere' },
  MistralChatGenerator: { provider: 'mistral' },
  AmazonBedrockChatGenerator: { provider: 'aws' },
  AmazonBedrockGenerator: { provider: 'aws' },
  OpenRouterChatGenerator: { provider: 'openrouter' },
  TogetherAIChatGenerator: { provider: 'together' },
  TogetherAIGenerator: { provider: 'together' },
  NvidiaChatGenerator: { provider: 'nvidia' },
  NvidiaGenerator: { provider: 'nvidia' },
  MetaLlamaChatGenerator: { provider: 'meta' },
  WatsonxChatGenerator: { provider: 'ibm' },
  HuggingFaceAPIChatGenerator: { provider: 'huggingface' },
  HuggingFaceAPIGenerator: { provider: 'huggingface' },
  OllamaChatGenerator: { provider: 'ollama', selfHosted: 'Ollama' },
  OllamaGenerator: { provider: 'ollama', selfHosted: 'Ollama' },
  LlamaCppChatGenerator: { provider: 'llama.cpp', selfHosted: 'llama.cpp' },
  LlamaCppGenerator: { provider: 'llama.cpp', selfHosted: 'llama.cpp' },
  HuggingFaceLocalChatGenerator: { provider: 'huggingface', selfHosted: 'transformers (local)' },
  TransformersChatGenerator: { provider: 'huggingface', selfHosted: 'transformers (local)' },
  VLLMChatGenerator: { provider: 'vllm', selfHosted: 'vLLM' },
  LlamaStackChatGenerator: { provider: 'llama-stack', selfHosted: 'Llama Stack' },
  HuggingFaceLocalGenerator: { provider: 'huggingface', selfHosted: 'transformers (local)' },
};

/** Embedders that call a provider (local ones — SentenceTransformers, FastEmbed — are no call). */
const EMBEDDERS: Record<string, { provider: string; openaiDefault?: boolean; selfHosted?: string; modelArgs?: string[] }> = {
  OpenAITextEmbedder: { provider: 'openai', openaiDefault: true },
  OpenAIDocumentEmbedder: { provider: 'openai', openaiDefault: true },
  AzureOpenAITextEmbedder: { provider: 'azure', modelArgs: ['azure_deployment', 'model'] },
  AzureOpenAIDocumentEmbedder: { provider: 'azure', modelArgs: ['azure_deployment', 'model'] },
  CohereTextEmbedder: { provider: 'cohere' },
  CohereDocumentEmbedder: { provider: 'cohere' },
  MistralTextEmbedder: { provider: 'mistral' },
  MistralDocumentEmbedder: { provider: 'mistral' },
  GoogleGenAITextEmbedder: { provider: 'google' },
  GoogleGenAIDocumentEmbedder: { provider: 'google' },
  AmazonBedrockTextEmbedder: { provider: 'aws' },
  AmazonBedrockDocumentEmbedder: { provider: 'aws' },
  OllamaTextEmbedder: { provider: 'ollama', selfHosted: 'Ollama' },
  OllamaDocumentEmbedder: { provider: 'ollama', selfHosted: 'Ollama' },
  HuggingFaceAPITextEmbedder: { provider: 'huggingface' },
  HuggingFaceAPIDocumentEmbedder: { provider: 'huggingface' },
};

const DOUBLES = ['MockChatGenerator', 'MockTextEmbedder', 'MockDocumentEmbedder'];
const PROMPT_BUILDERS = ['PromptBuilder', 'ChatPromptBuilder'];

type Model = { value: DetectedCall['model']; node?: Node; provider: string; selfHosted?: string; testDouble?: string };

function ours(r: ReturnType<typeof classifyReceiver>, ...kinds: string[]): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'haystack' && kinds.includes(r.kind) ? r : undefined;
}

/** The model a generator or embedder component is made with, or the default it takes. */
function componentModel(comp: FrameworkObject, ctx: PromptContext): Model {
  if (comp.kind === 'test-double') return { value: { kind: 'unknown', reason: 'a test double' }, provider: 'unknown', testDouble: comp.ctor };
  const spec = GENERATORS[comp.ctor] ?? EMBEDDERS[comp.ctor];
  const c = inArgs(comp.args, ctx);
  // HuggingFace's API components name the model in `api_params={"model": …}`.
  const apiParams = argValue(comp.args, ['api_params']);
  const fromParams = apiParams ? single(resolveValue(apiParams, c)) : undefined;
  const node = argValue(comp.args, spec?.modelArgs ?? ['model']) ?? (fromParams?.kind === 'dict' ? fromParams.entries.get('model') : undefined);
  // An OpenAI component pointed at another server (`api_base_url="http://localhost:8080/v1"`): the
  // host says who bills, or that it is the user's own.
  const route = spec?.openaiDefault && argValue(comp.args, ['api_base_url']) ? openAiEndpoint({ ...comp.args, named: new Map([['base_url', argValue(comp.args, ['api_base_url'])!]]) }, c) : undefined;
  const selfHosted = spec?.selfHosted ?? route?.selfHosted;
  const base = { provider: route?.provider ?? spec?.provider ?? 'unknown', ...(selfHosted ? { selfHosted } : {}) };
  if (route && route.provider !== 'openai' && !node) return { ...base, value: { kind: 'unknown', reason: `${comp.ctor} on ${route.endpoint ?? 'another server'} without a model` } };
  if (node) return { ...base, value: resolveValue(node, { ...c, callers: true }), node };
  if (spec?.openaiDefault) {
    const d = sdkDefault('haystack', comp.kind === 'embedder' ? 'embeddingModel' : 'model', ctx, `Haystack ${comp.ctor} default model`);
    if (d) return { ...base, value: { kind: 'default', value: String(d.value), reason: d.reason } };
  }
  return { ...base, value: { kind: 'unknown', reason: `${comp.ctor} without a model: the integration's own default (not read)` } };
}

/** `generation_kwargs={"max_tokens": 500}` on a generator: the output cap. */
function outputCapOf(comp: FrameworkObject, ctx: PromptContext): DetectedCall['outputCap'] {
  const g = argValue(comp.args, ['generation_kwargs']);
  const v = g ? single(resolveValue(g, inArgs(comp.args, ctx))) : undefined;
  if (v?.kind !== 'dict') return undefined;
  for (const key of OUTPUT_CAPS) {
    const n = v.entries.get(key);
    const num = n ? single(resolveValue(n, inArgs(comp.args, ctx))) : undefined;
    if (n && num?.kind === 'number') return { tokens: num.value, param: `generation_kwargs["${key}"]`, node: n };
  }
  return undefined;
}

/** Jinja template text (a PromptBuilder's `template=`, a ChatMessage's text) as prompt parts. */
function addTemplate(b: PromptBuild, node: Node, role: 'system' | 'user' | 'assistant', message: number, ctx: PromptContext): void {
  const v = single(resolveValue(node, ctx));
  if (v.kind !== 'string') {
    addText(b, node, role, message, ctx);
    return;
  }
  const scan = scanTemplate(v.value, 0, 'jinja');
  const span = { start: v.node.startIndex, end: v.node.endIndex };
  for (const seg of scan.segments) {
    if (seg.type === 'text') {
      if (seg.text) b.parts.push({ role, message, source: 'template', text: seg.text, span });
    } else if (seg.type === 'placeholder') {
      const c = classifyPlaceholder(seg.name);
      b.parts.push({ role, message, source: 'unknown', text: '', span, dynamic: { kind: c.kind, name: seg.name, volatile: c.volatile } });
    }
  }
}

/** `[ChatMessage.from_system("…"), ChatMessage.from_user("…")]`: each message's role and text. */
function addMessages(b: PromptBuild, node: Node, ctx: PromptContext): void {
  const v = single(resolveValue(node, ctx));
  if (v.kind !== 'list') {
    b.parts.push({ role: 'user', message: nextIndex(b), source: 'unknown', text: '', span: { start: node.startIndex, end: node.endIndex }, dynamic: { kind: 'history', name: node.text.slice(0, 40), volatile: true } });
    return;
  }
  for (const item of v.items) {
    const iv = single(resolveValue(item, ctx));
    const call = iv.kind === 'call' ? iv.node : isCall(unwrap(item)) ? unwrap(item) : undefined;
    const callee = call ? calleeOf(call) : undefined;
    const method = callee ? memberChain(callee).members.slice(-1)[0] : undefined;
    const role = method === 'from_system' ? 'system' : method === 'from_assistant' ? 'assistant' : 'user';
    const text = call ? argsOf(call).positional[0] ?? argsOf(call).named.get('text') : undefined;
    if (text && method?.startsWith('from_')) addTemplate(b, text, role, nextIndex(b), ctx);
    else b.parts.push({ role: 'user', message: nextIndex(b), source: 'unknown', text: '', span: { start: item.startIndex, end: item.endIndex }, dynamic: { kind: 'user-data', name: item.text.slice(0, 40), volatile: true } });
  }
}

/** The components a pipeline is given (`pipe.add_component("llm", OpenAIChatGenerator(…))`), where it is built. */
interface PipelineParts {
  llms: { label?: string; comp: FrameworkObject }[];
  builders: Map<string, FrameworkObject>;
  connections: [string, string][];
  ctx: PromptContext;
}

function pipelineParts(pipeline: FrameworkObject, ctx: PromptContext): PipelineParts | undefined {
  // Where the constructor is bound to a name (`rag_pipeline = Pipeline()`): what is added to it there.
  const pctx: PromptContext = { ...ctx, ...contextFor(pipeline.node, ctx) };
  const made = callsOnMade(pipeline.node, pctx.scope.root);
  if (!made || made.name.type !== 'identifier') return undefined;
  const parts: PipelineParts = { llms: [], builders: new Map(), connections: [], ctx: pctx };
  for (const { method, call } of made.calls) {
    const a = argsOf(call);
    if (method === 'add_component') {
      const labelNode = a.positional[0] ?? a.named.get('name');
      const label = labelNode ? stringValue(labelNode) : undefined;
      const compNode = a.positional[1] ?? a.named.get('instance');
      const comp = compNode ? ours(classifyReceiver(compNode, pctx), 'generator', 'agent', 'prompt-builder', 'test-double') : undefined;
      if (comp?.kind === 'prompt-builder') {
        if (label) parts.builders.set(label, comp);
      } else if (comp) parts.llms.push({ label, comp });
    } else if (method === 'connect') {
      const from = a.positional[0] ? stringValue(a.positional[0]) : undefined;
      const to = a.positional[1] ? stringValue(a.positional[1]) : undefined;
      if (from && to) parts.connections.push([from.split('.')[0], to.split('.')[0]]);
    }
  }
  return parts;
}

/** The prompt builders of a pipeline that feed the component `label` (the only one when none is connected). */
function pipelinePrompt(parts: PipelineParts, label: string | undefined, b: PromptBuild): void {
  const feeding = [...parts.builders].filter(([name]) => label && parts.connections.some(([f, t]) => f === name && t === label));
  const chosen = feeding.length ? feeding : parts.builders.size === 1 ? [...parts.builders] : [];
  for (const [, builder] of chosen) {
    const template = argValue(builder.args, ['template']) ?? builder.args.positional[0];
    if (!template) continue;
    const c = inArgs(builder.args, parts.ctx);
    if (builder.ctor === 'ChatPromptBuilder') addMessages(b, template, c);
    else addTemplate(b, template, 'user', nextIndex(b), c);
  }
}

/**
 * `pipe.run(…)`: the pipeline's chat generator (or agent) run once. Several generators each run once:
 * priced on the one a prompt builder feeds (else the first added), times their number.
 */
function pipelineRun(pipeline: FrameworkObject, info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const parts = pipelineParts(pipeline, ctx);
  if (!parts?.llms.length) return undefined;
  const fed = parts.llms.find((l) => l.label && parts.connections.some(([f, t]) => parts.builders.has(f) && t === l.label));
  const main = fed ?? parts.llms[0];
  const api = `haystack.Pipeline.${info.method}`;
  pipelinePrompt(parts, main.label, info.build);
  const d = main.comp.kind === 'agent' ? agentRun(main.comp, info, parts.ctx, api) : detected(main.comp, info, parts.ctx, api);
  if (!d || parts.llms.length === 1 || main.comp.kind === 'agent') return d;
  const n = parts.llms.length;
  return { ...d, maxTurns: { value: n, param: 'components', isDefault: false, expected: n, expectedReason: `${n} generators in the pipeline, each run once`, reason: `${n} generators in the pipeline (${parts.llms.map((l) => l.label ?? l.comp.ctor).join(', ')}), each run once; priced on ${main.label ?? main.comp.ctor}'s model` } };
}

function detected(comp: FrameworkObject, info: CallInfo, ctx: PromptContext, api: string): DetectedCall {
  const m = componentModel(comp, ctx);
  const embedding = comp.kind === 'embedder' || EMBEDDERS[comp.ctor] !== undefined;
  const model = m.value.kind === 'union' || m.value.kind === 'string' || m.value.kind === 'default' || m.value.kind === 'unknown' ? m.value : ({ kind: 'unknown', reason: 'the model could not be read' } as Value);
  return {
    provider: m.provider === 'unknown' ? providerFor(undefined, model) : providerFor(m.provider, model),
    api,
    sdk: 'haystack',
    ...(embedding ? { operation: 'embedding' as const } : {}),
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    modelNode: m.node,
    model,
    build: info.build,
    ...(embedding ? {} : { outputCap: outputCapOf(comp, ctx) }),
    params: argValue(comp.args, ['tools']) ? { tools: argValue(comp.args, ['tools'])!.text.slice(0, 80) } : {},
  };
}

/** An `Agent(chat_generator=…, system_prompt=…, tools=[…], max_agent_steps=…)` run. */
function agentRun(agent: FrameworkObject, info: CallInfo, ctx: PromptContext, api: string, run?: Args): DetectedCall | undefined {
  const ac = inArgs(agent.args, ctx);
  const genNode = argValue(agent.args, ['chat_generator']) ?? agent.args.positional[0];
  const gen = genNode ? ours(classifyReceiver(genNode, ac), 'generator', 'test-double') : undefined;
  const b = info.build;
  const system = argValue(agent.args, ['system_prompt']);
  if (system) addTemplate(b, system, 'system', 0, ac);
  const messages = run ? argValue(run, ['messages']) ?? run.positional[0] : undefined;
  if (messages) addMessages(b, messages, ctx);
  const tools = argValue(agent.args, ['tools']);
  const d = gen ? detected(gen, info, ac, api) : { provider: 'unknown', api, sdk: 'haystack', model: { kind: 'unknown', reason: 'the agent\'s chat_generator could not be read' } as Value, build: b, params: {} };
  const llmOnly = agent.ctor === 'LLM';
  const stated = argValue(agent.args, ['max_agent_steps']);
  const sv = stated ? single(resolveValue(stated, { ...ac, callers: true })) : undefined;
  const def = sv?.kind === 'number' ? undefined : sdkDefault('haystack', 'maxTurns', ctx, 'the Haystack Agent max_agent_steps default');
  const steps = sv?.kind === 'number' ? sv.value : Number(def?.value ?? 100);
  b.historyGrows = !llmOnly && !!tools;
  return {
    ...d,
    operation: llmOnly ? undefined : 'agent-run',
    params: tools ? { tools: tools.text.slice(0, 80) } : {},
    ...(llmOnly ? {} : { maxTurns: { value: steps, param: 'max_agent_steps', isDefault: sv?.kind !== 'number', reason: `up to ${steps} steps (${sv?.kind === 'number' ? `max_agent_steps=${steps}` : def?.reason ?? 'the Haystack Agent max_agent_steps default'}), one model call each` } }),
  };
}

export const haystack: Framework = {
  id: 'haystack',
  callNames: ['run', 'run_async'],
  objects: [
    { kind: 'generator', names: Object.keys(GENERATORS), modules: MODULES },
    { kind: 'embedder', names: Object.keys(EMBEDDERS), modules: MODULES },
    { kind: 'agent', names: ['Agent', 'LLM'], modules: MODULES },
    { kind: 'pipeline', names: ['Pipeline', 'AsyncPipeline'], modules: MODULES },
    { kind: 'prompt-builder', names: PROMPT_BUILDERS, modules: MODULES },
    { kind: 'test-double', names: DOUBLES, modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (info.members.length !== 1) return undefined;
    const receiver = info.receiver();
    const a = argsOf(info.call);
    const pipeline = ours(receiver, 'pipeline');
    if (pipeline) return pipelineRun(pipeline, info, ctx);
    const comp = ours(receiver, 'generator', 'embedder', 'agent', 'test-double');
    if (!comp) return undefined;
    const api = `haystack.${comp.ctor}.${info.method}`;
    if (comp.kind === 'agent') return agentRun(comp, info, ctx, api, a);
    // A chat generator's first argument is its messages; a text generator's, its prompt.
    const chat = /Chat/.test(comp.ctor);
    const messages = argValue(a, ['messages']) ?? (chat ? a.positional[0] : undefined);
    const prompt = argValue(a, ['prompt', 'text', 'documents']) ?? (messages ? undefined : a.positional[0]);
    if (messages) addMessages(info.build, messages, ctx);
    else if (prompt) addText(info.build, prompt, 'user', nextIndex(info.build), ctx);
    return detected(comp, info, ctx, api);
  },
};
