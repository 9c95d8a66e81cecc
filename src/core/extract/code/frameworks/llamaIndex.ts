// LlamaIndex (Python and TS): `Settings.llm` / `Settings.embed_model` (`embedModel` in TS) as the
// workspace's default model, found wherever the program sets it; agents (`FunctionAgent`,
// `ReActAgent`, `AgentWorkflow(...).run`, legacy `.from_tools(...).chat`, TS `agent()` /
// `multiAgent()`), chat engines, `llm.exec` (TS), and what embeds: building a vector index
// (`from_documents`, `fromDocuments`), inserting into it, a retriever's `retrieve`, an embedding
// model's `get_text_embedding(s)`. The LLM classes' own calls and query engines are the SDK
// patterns in detect.ts, which read the models from here (`llamaLlm`, `llamaDefaultLlm`).
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, field, isCall, memberChain, unwrap, walk } from '../ast';
import { addStepsSoFar, DetectedCall, inArgs, modelOf, nextIndex, optionsArgs, paramsOf, providerFor, shorthandTarget } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, callArgs, classifyReceiver, Receiver } from '../receivers';
import { ctxOf, importedAs, resolveValue, single, Value, ValueContext } from '../values';
import { addDefaults, sdkDefault, VersionHint } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';

const MODULES = ['llama_index', 'llamaindex', '@llamaindex/'];
const isLlamaModule = (m: string) => m.startsWith('llama_index') || m === 'llamaindex' || m.startsWith('llamaindex/') || m.startsWith('@llamaindex/');

/** A value with no default in the table: the SDK has none (LlamaIndexTS ≥ 0.11 throws without `Settings.llm`). */
const NONE = '';

/** Embedding classes → the provider they bill (`self-hosted`: the model runs on the user's machine). */
const EMBEDDINGS: Record<string, string> = {
  OpenAIEmbedding: 'openai',
  AzureOpenAIEmbedding: 'openai',
  GeminiEmbedding: 'google',
  GoogleGenAIEmbedding: 'google',
  VertexTextEmbedding: 'google',
  CohereEmbedding: 'cohere',
  MistralAIEmbedding: 'mistral',
  VoyageEmbedding: 'voyage',
  VoyageAIEmbedding: 'voyage',
  BedrockEmbedding: 'aws',
  JinaEmbedding: 'jina',
  JinaAIEmbedding: 'jina',
  MixedbreadAIEmbeddings: 'mixedbread',
  FireworksEmbedding: 'fireworks',
  TogetherEmbedding: 'together',
  DeepInfraEmbedding: 'deepinfra',
  HuggingFaceInferenceAPIEmbedding: 'huggingface',
  HuggingFaceEmbedding: 'self-hosted',
  OllamaEmbedding: 'self-hosted',
  FastEmbedEmbedding: 'self-hosted',
  ClipEmbedding: 'self-hosted',
};

/** LLM classes and factories whose model runs on the user's machine. */
const SELF_HOSTED_LLMS = new Set(['Ollama', 'ollama', 'HuggingFaceLLM', 'huggingface', 'LlamaCPP', 'VLLM', 'Vllm']);

/** TS factories → the class they make (defaults are the class's). */
const FACTORIES: Record<string, string> = { openai: 'OpenAI', openaiResponses: 'OpenAIResponses', anthropic: 'Anthropic', gemini: 'Gemini', deepseek: 'DeepSeekLLM', groq: 'Groq', xai: 'XAILLM', mistral: 'MistralAI', together: 'TogetherLLM', replicate: 'ReplicateLLM', LlamaDeuce: 'ReplicateLLM' };

/** LlamaIndexTS's Gemini model enums (packages/providers/google/src/constants.ts, GeminiEmbedding.ts). */
const GEMINI_ENUMS: Record<string, string> = {
  'GEMINI_MODEL.GEMINI_PRO': 'gemini-pro',
  'GEMINI_MODEL.GEMINI_PRO_LATEST': 'gemini-1.5-pro-latest',
  'GEMINI_MODEL.GEMINI_PRO_FLASH_LATEST': 'gemini-1.5-flash-latest',
  'GEMINI_MODEL.GEMINI_PRO_1_5': 'gemini-1.5-pro-001',
  'GEMINI_MODEL.GEMINI_PRO_1_5_FLASH': 'gemini-1.5-flash-001',
  'GEMINI_MODEL.GEMINI_PRO_1_5_LATEST': 'gemini-1.5-pro-002',
  'GEMINI_MODEL.GEMINI_PRO_1_5_FLASH_LATEST': 'gemini-1.5-flash-002',
  'GEMINI_MODEL.GEMINI_2_0_FLASH': 'gemini-2.0-flash-001',
  'GEMINI_MODEL.GEMINI_2_0_FLASH_LITE': 'gemini-2.0-flash-lite-001',
  'GEMINI_MODEL.GEMINI_2_0_FLASH_LIVE': 'gemini-2.0-flash-live-001',
  'GEMINI_MODEL.GEMINI_2_5_PRO_LATEST': 'gemini-2.5-pro',
  'GEMINI_MODEL.GEMINI_2_5_FLASH_LATEST': 'gemini-2.5-flash',
  'GEMINI_MODEL.GEMINI_2_5_FLASH_LITE': 'gemini-2.5-flash-lite',
  'GEMINI_EMBEDDING_MODEL.EMBEDDING_001': 'embedding-001',
  'GEMINI_EMBEDDING_MODEL.TEXT_EMBEDDING_004': 'text-embedding-004',
  // packages/providers/huggingface/src/shared.ts HuggingFaceEmbeddingModelType
  'HuggingFaceEmbeddingModelType.XENOVA_ALL_MINILM_L6_V2': 'Xenova/all-MiniLM-L6-v2',
  'HuggingFaceEmbeddingModelType.XENOVA_ALL_MPNET_BASE_V2': 'Xenova/all-mpnet-base-v2',
};

const TS_SRC = 'run-llama/LlamaIndexTS acd9b66d';
addDefaults([
  // Settings.llm when nothing sets it: Python resolves "default" to OpenAI() (llama_index/core/llms/utils.py resolve_llm).
  {
    sdk: 'llamaindex',
    packages: { pypi: 'llama-index-llms-openai' },
    language: 'python',
    key: 'model',
    value: 'gpt-5.6-terra',
    source: 'llama_index/llms/openai/base.py DEFAULT_OPENAI_MODEL = "gpt-5.6-terra" (run-llama/llama_index 020535ab; Settings.llm defaults to OpenAI(), llama_index/core/llms/utils.py resolve_llm; the release that moved it from gpt-3.5-turbo is not pinned here)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'llamaindex',
    packages: { pypi: 'llama-index-llms-openai' },
    language: 'python',
    key: 'model',
    versions: '<0.2.0',
    value: 'gpt-3.5-turbo',
    source: 'llama_index/llms/openai/base.py DEFAULT_OPENAI_MODEL = "gpt-3.5-turbo" (llama-index-llms-openai 0.1.x; developers.llamaindex.ai module_guides/models/llms/usage_custom)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'llamaindex',
    packages: { pypi: 'llama-index-embeddings-openai' },
    language: 'python',
    key: 'embeddingModel',
    value: 'text-embedding-ada-002',
    source: 'llama_index/embeddings/openai/base.py OpenAIEmbedding(model=OpenAIEmbeddingModelType.TEXT_EMBED_ADA_002) (Settings.embed_model defaults to OpenAIEmbedding(), llama_index/core/embeddings/utils.py resolve_embed_model)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'llamaindex',
    packages: { npm: 'llamaindex' },
    language: 'js',
    key: 'model',
    versions: '>=0.11.0',
    value: NONE,
    source: 'packages/core/src/global/settings/llm.ts:10 getLLM() throws without Settings.llm (llamaindex 0.11.0 removed the OpenAI default, commit b0cd5301)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'llamaindex',
    packages: { npm: 'llamaindex' },
    language: 'js',
    key: 'model',
    versions: '>=0.3.16 <0.11.0',
    value: 'gpt-4o',
    source: 'Settings.llm defaults to new OpenAI() (packages/llamaindex/src/index.edge.ts), whose model is "gpt-4o" from llamaindex 0.3.16 (commit 1378ec4e)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'llamaindex',
    packages: { npm: 'llamaindex' },
    language: 'js',
    key: 'model',
    versions: '<0.3.16',
    value: 'gpt-3.5-turbo',
    source: 'Settings.llm defaults to new OpenAI(), model "gpt-3.5-turbo" before llamaindex 0.3.16 (packages/core/src/llm/openai.ts)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'llamaindex',
    packages: { npm: 'llamaindex' },
    language: 'js',
    key: 'embeddingModel',
    versions: '>=0.11.0',
    value: NONE,
    source: 'packages/core/src/global/settings/embedModel.ts:11 getEmbeddedModel() throws without Settings.embedModel (llamaindex 0.11.0, commit b0cd5301)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'llamaindex',
    packages: { npm: 'llamaindex' },
    language: 'js',
    key: 'embeddingModel',
    versions: '<0.11.0',
    value: 'text-embedding-ada-002',
    source: 'Settings.embedModel defaults to new OpenAIEmbedding() before llamaindex 0.11.0 (packages/llamaindex/src/index.edge.ts), model "text-embedding-ada-002"',
    asOf: '2026-12-06',
  },
  // The classes' own defaults when no model is given.
  ...(
    [
      ['OpenAI', 'js', undefined, '@llamaindex/openai', 'gpt-4o', 'packages/providers/openai/src/llm.ts:102'],
      ['OpenAIResponses', 'js', undefined, '@llamaindex/openai', 'gpt-4o', 'packages/providers/openai/src/responses.ts:83'],
      ['Anthropic', 'js', undefined, '@llamaindex/anthropic', 'claude-3-opus', 'packages/providers/anthropic/src/llm.ts:186'],
      ['Gemini', 'js', undefined, '@llamaindex/google', 'gemini-pro', 'packages/providers/google/src/base.ts:95 GEMINI_MODEL.GEMINI_PRO'],
      ['DeepSeekLLM', 'js', undefined, '@llamaindex/deepseek', 'deepseek-coder', 'packages/providers/deepseek/src/llm.ts:10'],
      ['Groq', 'js', undefined, '@llamaindex/groq', 'llama-3.3-70b-versatile', 'packages/providers/groq/src/llm.ts:25'],
      ['XAILLM', 'js', undefined, '@llamaindex/xai', 'grok-3-latest', 'packages/providers/xai/src/llm.ts:9'],
      ['MistralAI', 'js', undefined, '@llamaindex/mistral', 'mistral-small-latest', 'packages/providers/mistral/src/llm.ts:93'],
      ['TogetherLLM', 'js', undefined, '@llamaindex/together', 'togethercomputer/llama-2-7b-chat', 'packages/providers/together/src/llm.ts:9'],
      ['ReplicateLLM', 'js', undefined, '@llamaindex/replicate', 'llama-3-70b-instruct', 'packages/providers/replicate/src/llm.ts:124'],
    ] as const
  )
    .map(([cls, , , npm, value, where]) => ({ sdk: `llamaindex:${cls}`, packages: { npm }, language: 'js' as const, key: 'model' as const, value, source: `${where} (${TS_SRC})`, asOf: '2026-12-06' })),
  {
    sdk: 'llamaindex:AnthropicMultiModal',
    packages: { pypi: 'llama-index-multi-modal-llms-anthropic' },
    language: 'python',
    key: 'model',
    value: 'claude-3-opus-20240229',
    source: 'llama_index/multi_modal_llms/anthropic/base.py AnthropicMultiModal.__init__(model="claude-3-opus-20240229")',
    asOf: '2026-12-06',
  },
  { sdk: 'llamaindex:OpenAIEmbedding', packages: { npm: '@llamaindex/openai' }, language: 'js', key: 'embeddingModel', value: 'text-embedding-ada-002', source: `packages/providers/openai/src/embedding.ts:75 (${TS_SRC})`, asOf: '2026-12-06' },
  { sdk: 'llamaindex:GeminiEmbedding', packages: { npm: '@llamaindex/google' }, language: 'js', key: 'embeddingModel', value: 'embedding-001', source: `packages/providers/google/src/GeminiEmbedding.ts:42 GEMINI_EMBEDDING_MODEL.EMBEDDING_001 (${TS_SRC})`, asOf: '2026-12-06' },
  {
    sdk: 'llamaindex:agent',
    packages: { pypi: 'llama-index-core' },
    language: 'python',
    key: 'maxTurns',
    value: 20,
    source: 'llama_index/core/agent/workflow/base_agent.py DEFAULT_MAX_ITERATIONS = 20 (run(max_iterations=…))',
    asOf: '2026-12-06',
  },
  // The legacy agents (AgentRunner: `.from_tools(…).chat(…)`): a ReAct agent's reasoning steps,
  // a function-calling agent's function calls.
  {
    sdk: 'llamaindex:ReActAgent.from_tools',
    packages: { pypi: 'llama-index-core' },
    language: 'python',
    key: 'maxTurns',
    value: 10,
    source: 'llama_index/core/agent/react/base.py ReActAgent.from_tools(max_iterations: int = 10)',
    asOf: '2026-12-06',
  },
  {
    sdk: 'llamaindex:FunctionCallingAgent.from_tools',
    packages: { pypi: 'llama-index-core' },
    language: 'python',
    key: 'maxTurns',
    value: 5,
    source: 'llama_index/core/agent/function_calling/step.py DEFAULT_MAX_FUNCTION_CALLS = 5 (from_tools(max_function_calls=…)); OpenAIAgent the same (llama-index-agent-openai)',
    asOf: '2026-12-06',
  },
]);

type Model = { value: Value | Extract<DetectedCall['model'], { kind: 'default' }>; node?: Node; provider?: string; selfHosted?: string; from?: string };
const lang = (ctx: ValueContext): 'python' | 'js' => (ctx.scope.family === 'js' ? 'js' : 'python');

/**
 * `from llama_index import VectorStoreIndex`: code written for LlamaIndex before 0.10, whose top-level
 * package held the classes (since 0.10 they are in llama_index.core, and OpenAI in the
 * llama-index-llms-openai package, whose 0.1.x kept gpt-3.5-turbo as the default).
 */
const LEGACY_IMPORTS: VersionHint = { versions: '<0.2.0', reason: 'the code imports from `llama_index` itself, as LlamaIndex before 0.10 had it' };

function legacyHint(key: 'model' | 'embeddingModel', ctx: ValueContext): VersionHint | undefined {
  if (key !== 'model' || lang(ctx) !== 'python') return undefined;
  for (const b of ctx.scope.imports.values()) if (b.module === 'llama_index') return LEGACY_IMPORTS;
  return undefined;
}

/** A default from the table as the call's model, or why there is none. */
function tableModel(sdk: string, key: 'model' | 'embeddingModel', ctx: ValueContext, what: string): Model['value'] | undefined {
  const d = sdkDefault(sdk, key, ctx, what, lang(ctx), sdk === 'llamaindex' ? legacyHint(key, ctx) : undefined);
  if (!d) return undefined;
  // d.reason is `the ${what} (basis)`: say the basis once (a `what` may hold parentheses of its own).
  const lead = `the ${what} (`;
  if (d.value === NONE) return { kind: 'unknown', reason: `no ${what} (${d.reason.startsWith(lead) ? d.reason.slice(lead.length, -1) : d.reason})` };
  return { kind: 'default', value: String(d.value), reason: d.reason };
}

/** The model of a LlamaIndex LLM object (`OpenAI(model=…)`, `openai({ model })`), with the class default when none is given. */
export function llamaLlm(r: Extract<Receiver, { type: 'chat-model' }>, ctx: PromptContext): Model {
  if (r.ctor === 'Portkey') return portkeyModel(r, ctx);
  const m = modelOf(r.args, ['model', 'model_name', 'modelName', 'deployment', 'deploymentName', 'azure_deployment', 'engine'], ctx);
  const selfHosted = SELF_HOSTED_LLMS.has(r.ctor) ? `${r.ctor} runs the model locally` : undefined;
  const cls = FACTORIES[r.ctor] ?? r.ctor;
  if (m.node) {
    const enumId = GEMINI_ENUMS[unwrap(m.node).text];
    if (enumId && m.value.kind !== 'string') return { value: { kind: 'string', value: enumId, node: m.node, via: `LlamaIndexTS ${unwrap(m.node).text}` }, node: m.node, provider: r.provider };
    // VercelLLM({ model: openai("gpt-4o") }): an AI SDK model.
    const mv = single(m.value);
    if (mv.kind === 'call' && (cls === 'VercelLLM' || cls === 'vercel')) {
      const inner = argsOf(mv.node).positional[0];
      const fn = memberChain(calleeOf(mv.node)!).root.text;
      if (inner) return { value: resolveValue(inner, { ...ctxOf(mv, ctx), callers: true }), node: inner, provider: fn === 'azure' ? 'openai' : fn };
    }
    return { value: m.value, node: m.node, provider: r.provider, ...(selfHosted ? { selfHosted } : {}) };
  }
  const dflt = cls === 'OpenAI' && lang(ctx) === 'python' ? tableModel('llamaindex', 'model', ctx, 'LlamaIndex OpenAI default model') : tableModel(`llamaindex:${cls}`, 'model', ctx, `${cls} default model`);
  return { value: dflt ?? m.value, provider: r.provider, ...(selfHosted ? { selfHosted } : {}) };
}

/**
 * Portkey's gateway (`new Portkey({ mode: "single", llms: [{ provider, model }] })`): in single mode the
 * first target of `llms` serves every request; a fallback or load-balance mode may use the others too.
 */
function portkeyModel(r: Extract<Receiver, { type: 'chat-model' }>, ctx: PromptContext): Model {
  const a = inArgs(r.args, ctx);
  const llms = argValue(r.args, ['llms']);
  const lv = llms ? single(resolveValue(llms, a)) : undefined;
  const first = lv?.kind === 'list' ? lv.items[0] : undefined;
  const target = first ? single(resolveValue(first, lv ? ctxOf(lv, a) : a)) : undefined;
  if (target?.kind !== 'dict') return { value: { kind: 'unknown', reason: 'the Portkey gateway names no target in `llms`' } };
  const tctx = ctxOf(target, a);
  const modelNode = target.entries.get('model');
  const providerNode = target.entries.get('provider');
  const pv = providerNode ? single(resolveValue(providerNode, tctx)) : undefined;
  const provider = pv?.kind === 'string' ? pv.value : undefined;
  if (!modelNode) return { value: { kind: 'unknown', reason: `the Portkey target${provider ? ` (${provider})` : ''} names no model: its provider's default applies` }, provider };
  return { value: resolveValue(modelNode, { ...tctx, callers: true }), node: modelNode, provider };
}

/** `Settings.llm = …` / `Settings.embed_model = …` assignments of a module (any depth), read once per tree. */
const settingsCache = new WeakMap<Tree, { name: string; value: Node }[]>();
function settingsAssignments(root: Node, ctx: ValueContext): { name: string; value: Node }[] {
  const known = settingsCache.get(root.tree);
  if (known) return known;
  const out: { name: string; value: Node }[] = [];
  if (root.text.includes('Settings.')) {
    walk(
      root,
      (n) => {
        const left = field(n, 'left');
        const right = field(n, 'right');
        if (!left || !right || (left.type !== 'attribute' && left.type !== 'member_expression')) return;
        const chain = memberChain(left);
        if (chain.root.type !== 'identifier' || chain.root.text !== 'Settings' || chain.members.length !== 1) return;
        const imp = importedAs('Settings', n, ctx);
        if (imp && !isLlamaModule(imp.module)) return;
        out.push({ name: chain.members[0], value: right });
      },
      new Set(['assignment', 'assignment_expression']),
    );
  }
  settingsCache.set(root.tree, out);
  return out;
}

/** The workspace files a module imports, directly or through the modules it imports (bounded). */
const importCache = new WeakMap<object, Map<string, Set<string>>>();
function importsOf(program: NonNullable<ValueContext['program']>, path: string): Set<string> {
  let cache = importCache.get(program);
  if (!cache) importCache.set(program, (cache = new Map()));
  const known = cache.get(path);
  if (known) return known;
  const out = new Set<string>();
  cache.set(path, out);
  let frontier = [path];
  for (let depth = 0; depth < 4 && frontier.length && out.size < 200; depth++) {
    const next: string[] = [];
    for (const file of frontier) {
      const mod = program.module(file);
      if (!mod) continue;
      for (const b of mod.ctx.scope.imports.values()) {
        const target = program.resolver.resolve(file, b.module);
        if (target && !out.has(target) && target !== path) {
          out.add(target);
          next.push(target);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** What the workspace sets a LlamaIndex setting to: in this file first, else in the files of the program that set it. */
function settingOf(names: string[], ctx: PromptContext): { node: Node; ctx: PromptContext; path: string } | undefined {
  const here = settingsAssignments(ctx.scope.root, ctx).filter((a) => names.includes(a.name));
  // The last assignment above the call, else the first one (a main() that sets it before running).
  const before = here.filter((a) => a.value.startIndex < ctx.call.startIndex);
  const pick = before.at(-1) ?? here[0];
  if (pick) return { node: pick.value, ctx, path: ctx.path };
  const program = ctx.program;
  if (!program) return undefined;
  for (const name of names) {
    // Another module's setting holds where the two run together: one imports the other (a setup
    // module the app imports, an entry point that sets it and imports the rest), not a sibling script.
    for (const rel of program.filesMentioning(`Settings.${name}`).filter((f) => f !== ctx.path).sort()) {
      if (!importsOf(program, ctx.path).has(rel) && !importsOf(program, rel).has(ctx.path)) continue;
      const mod = program.module(rel);
      if (!mod) continue;
      const found = settingsAssignments(mod.tree.rootNode, mod.ctx).find((a) => a.name === name);
      if (found) return { node: found.value, ctx: { ...ctx, ...mod.ctx }, path: rel };
    }
  }
  return undefined;
}

/** The LLM a LlamaIndex component without `llm=` uses: `Settings.llm`, else the SDK's default for the version. */
export function llamaDefaultLlm(ctx: PromptContext): Model {
  const set = settingOf(['llm'], ctx);
  if (set) {
    const r = classifyReceiver(set.node, set.ctx);
    if (r.type === 'chat-model') return { ...llamaLlm(r, set.ctx), from: `Settings.llm (${set.path})` };
    return { value: { kind: 'unknown', reason: `Settings.llm is \`${unwrap(set.node).text.slice(0, 50)}\` (${set.path}), not an LLM this analysis knows` } };
  }
  const d = tableModel('llamaindex', 'model', ctx, 'LlamaIndex default LLM (Settings.llm unset)');
  return { value: d ?? { kind: 'unknown', reason: 'Settings.llm is not set' }, provider: d?.kind === 'default' ? 'openai' : undefined };
}

/** The model of an LLM argument (`llm=…`, `chatModel`), else the default LLM. */
function llmOf(node: Node | undefined, ctx: PromptContext): Model {
  if (!node) return llamaDefaultLlm(ctx);
  const r = classifyReceiver(shorthandTarget(node, ctx), ctx);
  if (r.type === 'chat-model') return llamaLlm(r, ctx);
  return { value: { kind: 'unknown', reason: `the LLM \`${unwrap(node).text.slice(0, 50)}\` is not one this analysis knows` }, node };
}

/** An embedding model object's model (its argument or its class's default). */
function embeddingOf(r: FrameworkObject, ctx: PromptContext): Model {
  const a = inArgs(r.args, ctx);
  const m = modelOf(r.args, ['model', 'model_name', 'modelName', 'modelType', 'deployment', 'deployment_name', 'deploymentName'], ctx);
  const provider = EMBEDDINGS[r.ctor];
  const selfHosted = provider === 'self-hosted' ? `${r.ctor} runs the model locally` : undefined;
  const prov = selfHosted ? undefined : provider;
  if (m.node) {
    const enumId = GEMINI_ENUMS[unwrap(m.node).text];
    if (enumId && m.value.kind !== 'string') return { value: { kind: 'string', value: enumId, node: m.node, via: `LlamaIndexTS ${unwrap(m.node).text}` }, node: m.node, provider: prov, ...(selfHosted ? { selfHosted } : {}) };
    return { value: m.value, node: m.node, provider: prov, ...(selfHosted ? { selfHosted } : {}) };
  }
  const d = r.ctor === 'OpenAIEmbedding' && lang(a) === 'python' ? tableModel('llamaindex', 'embeddingModel', a, 'OpenAIEmbedding default model') : tableModel(`llamaindex:${r.ctor}`, 'embeddingModel', a, `${r.ctor} default model`);
  return { value: d ?? { kind: 'unknown', reason: `${r.ctor} without a model argument` }, provider: prov, ...(selfHosted ? { selfHosted } : {}) };
}

/** The embedding model a component without `embed_model=` uses: `Settings.embed_model`, else the default. */
function defaultEmbedding(ctx: PromptContext): Model {
  const set = settingOf(['embed_model', 'embedModel'], ctx);
  if (set) {
    const r = classifyReceiver(set.node, set.ctx);
    if (r.type === 'framework' && r.framework === 'llamaindex' && r.kind === 'embedding-model') return { ...embeddingOf(r, set.ctx), from: `Settings (${set.path})` };
    const sv = single(resolveValue(set.node, set.ctx));
    // Python accepts "local:BAAI/bge-small-en-v1.5" (a local HuggingFace model).
    if (sv.kind === 'string' && sv.value.startsWith('local')) return { value: { ...sv, value: sv.value.replace(/^local:?/, '') || 'BAAI/bge-small-en' }, selfHosted: 'a local HuggingFace embedding model' };
    return { value: { kind: 'unknown', reason: `the embedding model \`${unwrap(set.node).text.slice(0, 50)}\` (${set.path}) is not one this analysis knows` } };
  }
  const d = tableModel('llamaindex', 'embeddingModel', ctx, 'LlamaIndex default embedding model (Settings.embed_model unset)');
  return { value: d ?? { kind: 'unknown', reason: 'Settings.embed_model is not set' }, provider: d?.kind === 'default' ? 'openai' : undefined };
}

function ours(r: Receiver, ...kinds: string[]): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'llamaindex' && kinds.includes(r.kind) ? r : undefined;
}

/** A JS call's arguments as written (one options object stays one argument). */
function rawArgs(call: Node): Node[] {
  const list = field(call, 'arguments');
  return list ? list.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') : [];
}

function asCall(model: Model, b: DetectedCall['build'], api: string, operation: DetectedCall['operation'], extra: Partial<DetectedCall> = {}): DetectedCall {
  return {
    // An embedding class names its provider: `GeminiEmbedding` with `text-embedding-004` is Google's, whatever the id looks like.
    provider: operation === 'embedding' && model.provider && model.provider !== 'self-hosted' && model.provider !== 'unknown' ? model.provider : providerFor(model.provider === 'self-hosted' ? undefined : model.provider, model.value),
    api,
    sdk: 'llamaindex',
    ...(operation && operation !== 'chat' ? { operation } : {}),
    ...(model.selfHosted ? { selfHosted: model.selfHosted } : {}),
    modelNode: model.node,
    model: model.value,
    build: b,
    params: {},
    ...extra,
  };
}

/** The agent that leads a workflow: `root_agent` (by name) or the first of `agents`. */
function leadAgent(a: FrameworkObject, ctx: PromptContext): FrameworkObject | undefined {
  const list = argValue(a.args, ['agents']);
  const lv = list ? resolveValue(list, inArgs(a.args, ctx)) : undefined;
  const agents = lv?.kind === 'list' ? lv.items.map((n) => ours(classifyReceiver(n, ctxOf(lv, inArgs(a.args, ctx))), 'agent')).filter((x): x is FrameworkObject => !!x) : [];
  const root = argValue(a.args, ['root_agent', 'rootAgent']);
  if (root) {
    const rr = ours(classifyReceiver(root, inArgs(a.args, ctx)), 'agent');
    if (rr) return rr;
    const rv = single(resolveValue(root, inArgs(a.args, ctx)));
    const named = rv.kind === 'string' ? agents.find((g) => single(resolveValue(argValue(g.args, ['name']), inArgs(g.args, ctx))).kind === 'string' && (single(resolveValue(argValue(g.args, ['name']), inArgs(g.args, ctx))) as { value: string }).value === rv.value) : undefined;
    if (named) return named;
  }
  return agents[0];
}

function agentRun(info: CallInfo, agent: FrameworkObject, ctx: PromptContext): DetectedCall {
  const b = info.build;
  const lead = agent.ctor === 'AgentWorkflow' || agent.ctor === 'multiAgent' ? leadAgent(agent, ctx) ?? agent : agent;
  const a = inArgs(lead.args, ctx);
  const fromTools = lead.ctor.includes('.from_tools');
  const model = llmOf(argValue(lead.args, ['llm', 'chatModel']), a);
  const sys = argValue(lead.args, ['system_prompt', 'systemPrompt']);
  if (sys) addText(b, sys, 'system', 0, a);
  const js = ctx.scope.family === 'js';
  const run = js ? undefined : optionsArgs(info.call, ctx);
  const input = js ? rawArgs(info.call)[0] : run!.positional[0] ?? argValue(run!, ['user_msg', 'message', 'input']);
  if (input) {
    const iv = single(resolveValue(input, ctx));
    const msg = iv.kind === 'dict' ? iv.entries.get('message') ?? iv.entries.get('userInput') : undefined;
    addText(b, msg ?? input, 'user', nextIndex(b), ctx);
  }
  if (run) {
    const history = argValue(run, ['chat_history']);
    if (history) addMessages(b, history, ctx);
  }
  const toolsNode = fromTools ? lead.args.positional[0] ?? argValue(lead.args, ['tools']) : argValue(lead.args, ['tools', 'tool_retriever']);
  const tools = !!toolsNode || agent.ctor === 'AgentWorkflow' || agent.ctor === 'multiAgent';
  if (tools) {
    addStepsSoFar(b, 'steps so far (tool calls and results)');
    b.historyGrows = true;
  }
  // The bound: run(max_iterations=…) for workflow agents (default 20), from_tools(max_iterations=… /
  // max_function_calls=…) for legacy ones (defaults 10 / 5); LlamaIndex.TS agents have none.
  const param = /^(OpenAIAgent|FunctionCallingAgent|FunctionAgent\.from_tools)/.test(lead.ctor) && fromTools ? 'max_function_calls' : 'max_iterations';
  const stated = (run ? argValue(run, ['max_iterations']) : undefined) ?? argValue(lead.args, [param]);
  const sv = stated ? single(resolveValue(stated, ctx)) : undefined;
  const workflowAgent = !js && ['FunctionAgent', 'ReActAgent', 'CodeActAgent', 'AgentWorkflow', 'AgentWorkflow.from_tools_or_functions'].includes(lead.ctor) && info.method.startsWith('run') || (!js && agent.ctor === 'AgentWorkflow');
  const legacy = !js && !workflowAgent && fromTools ? (param === 'max_function_calls' ? 'llamaindex:FunctionCallingAgent.from_tools' : lead.ctor === 'ReActAgent.from_tools' ? 'llamaindex:ReActAgent.from_tools' : undefined) : undefined;
  const dflt = !sv && workflowAgent ? sdkDefault('llamaindex:agent', 'maxTurns', ctx, 'LlamaIndex agent default max_iterations', 'python') : !sv && legacy ? sdkDefault(legacy, 'maxTurns', ctx, `${lead.ctor} default ${param}`, 'python') : undefined;
  const maxTurns: DetectedCall['maxTurns'] =
    sv?.kind === 'number'
      ? { value: sv.value, param, isDefault: false, reason: `up to ${sv.value} model calls (${param} ${sv.value})` }
      : dflt && tools
        ? { value: Number(dflt.value), param, isDefault: true, reason: `up to ${dflt.value} model calls (${param}: ${dflt.reason})` }
        : js && tools
          ? // The TS agent workflow loops while the model calls tools, with no step limit of its own.
            { value: 1, unbounded: true, param: 'tools', isDefault: true, reason: 'a LlamaIndex.TS agent runs while the model calls tools, with no step limit (packages/workflow/src/agent/agent-workflow.ts)' }
          : undefined;
  return asCall(model, b, `llama_index.${lead.ctor}.${info.method}`, 'agent-run', {
    params: { ...paramsOf(lead.args, ctx), ...(toolsNode ? { tools: unwrap(toolsNode).text.slice(0, 80) } : {}) },
    ...(tools && maxTurns ? { maxTurns } : {}),
  });
}

function chatEngineCall(info: CallInfo, engine: FrameworkObject, ctx: PromptContext): DetectedCall {
  const a = inArgs(engine.args, ctx);
  const model = llmOf(argValue(engine.args, ['llm', 'chatModel']), a);
  const sys = argValue(engine.args, ['system_prompt', 'systemPrompt']);
  if (sys) addText(info.build, sys, 'system', 0, a);
  if (engine.ctor.startsWith('Context') || engine.ctor.startsWith('CondensePlusContext')) info.build.parts.push({ role: 'system', message: nextIndex(info.build), source: 'unknown', text: '', dynamic: { kind: 'retrieved-documents', name: 'retrieved context', volatile: true } });
  const input = ctx.scope.family === 'js' ? rawArgs(info.call)[0] : optionsArgs(info.call, ctx).positional[0] ?? argValue(optionsArgs(info.call, ctx), ['message']);
  if (input) {
    const iv = single(resolveValue(input, ctx));
    addText(info.build, iv.kind === 'dict' ? iv.entries.get('message') ?? input : input, 'user', nextIndex(info.build), ctx);
  }
  // The conversation so far is resent each turn.
  info.build.parts.push({ role: 'user', message: nextIndex(info.build), source: 'unknown', text: '', dynamic: { kind: 'history', name: 'chat history', volatile: true } });
  return asCall(model, info.build, `llama_index.${engine.ctor}.${info.method}`, 'chat');
}

/** The object a method is called on, seen through `X.as_retriever(…)` / `asQueryEngine()` to X. */
function baseOf(node: Node, ctx: PromptContext): { r: Receiver; via?: string } {
  let cur = unwrap(node);
  for (let hops = 0; hops < 4; hops++) {
    const v = cur.type === 'identifier' ? single(resolveValue(cur, ctx)) : undefined;
    const target = v && v.kind === 'call' ? unwrap(v.node) : cur;
    const c = isCall(target) ? calleeOf(target) : undefined;
    const name = c && (c.type === 'attribute' || c.type === 'member_expression') ? memberChain(c).members.at(-1) : undefined;
    if (name && ['as_retriever', 'asRetriever', 'as_query_engine', 'asQueryEngine', 'as_chat_engine', 'asChatEngine'].includes(name)) return { r: classifyReceiver(field(c!, 'object'), v ? ctxOf(v, ctx) : ctx), via: name };
    if (target === cur) break;
    cur = target;
  }
  return { r: classifyReceiver(node, ctx) };
}

/** The embedding model of an index: its `embed_model=`, else the default. */
function indexEmbedding(index: FrameworkObject | undefined, ctx: PromptContext): Model {
  const e = index ? argValue(index.args, ['embed_model', 'embedModel']) : undefined;
  if (e) {
    const r = ours(classifyReceiver(e, inArgs(index!.args, ctx)), 'embedding-model');
    if (r) return embeddingOf(r, ctx);
  }
  return defaultEmbedding(ctx);
}

function embeddingCall(info: CallInfo, model: Model, text: Node | undefined, ctx: PromptContext, api: string): DetectedCall {
  if (text) {
    const v = resolveValue(text, ctx);
    if (v.kind === 'list') for (const item of v.items) addText(info.build, item, 'user', nextIndex(info.build), ctx);
    else addText(info.build, text, 'user', 0, ctx);
  }
  return asCall(model, info.build, api, 'embedding');
}

/**
 * LLM-judged evaluators (llama_index.core.evaluation, LlamaIndexTS packages/llamaindex/src/evaluation):
 * one judge call per evaluate on their `llm` (Python), else Settings.llm. SemanticSimilarityEvaluator embeds
 * instead and is left out.
 */
const EVALUATORS = ['CorrectnessEvaluator', 'FaithfulnessEvaluator', 'RelevancyEvaluator', 'AnswerRelevancyEvaluator', 'ContextRelevancyEvaluator', 'GuidelineEvaluator', 'PairwiseComparisonEvaluator'];
const EVALUATE_METHODS = new Set(['evaluate', 'aevaluate', 'evaluate_response', 'aevaluate_response', 'evaluateResponse']);
/** Metadata extractors that ask the LLM about each node (llama_index.core.extractors, LlamaIndexTS extractors). */
const EXTRACTORS = ['KeywordExtractor', 'TitleExtractor', 'QuestionsAnsweredExtractor', 'SummaryExtractor'];
const EXTRACT_METHODS = new Set(['processNodes', 'extract', 'aextract', 'process_nodes', 'aprocess_nodes']);
/** Indices whose build asks the LLM (keywords per chunk), not the embedding model. */
const LLM_BUILT_INDICES = new Set(['KeywordTableIndex']);

/** An LLM call a LlamaIndex component makes per item (a node, a chunk): the model, with why. */
function componentCall(info: CallInfo, llmArg: Node | undefined, argsCtx: PromptContext, api: string, what: string): DetectedCall {
  const model = llmOf(llmArg, argsCtx);
  // The component writes its own prompt around data the program passes at run time.
  info.build.parts.push({ role: 'user', message: 0, source: 'unknown', text: '', dynamic: { kind: 'user-data', name: what, volatile: true } });
  return asCall(model, info.build, api, 'chat');
}

/**
 * The value a name is destructured from (`const { stream, sendEvent } = workflow.createContext()`): the
 * nearest such declaration above `name` in a function (or module) that encloses it.
 */
function destructuredFrom(name: Node, ctx: PromptContext): Node | undefined {
  const encloses = (outer: Node) => {
    let f: Node | null = outer.parent;
    while (f && !['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'program'].includes(f.type)) f = f.parent;
    return !f || (f.startIndex <= name.startIndex && name.endIndex <= f.endIndex);
  };
  let out: Node | undefined;
  walk(ctx.scope.root, (n) => {
    const pattern = field(n, 'name');
    const value = field(n, 'value');
    if (pattern?.type !== 'object_pattern' || !value || value.startIndex > name.startIndex) return;
    const names = pattern.namedChildren.map((k) => (k?.type === 'pair_pattern' ? field(k, 'value') : k)).filter((k): k is Node => !!k);
    if (names.some((k) => k.text === name.text) && encloses(n)) out = value;
  }, new Set(['variable_declarator']));
  return out;
}

/**
 * The agent steps of a workflow (`workflow.handle([event], agentHandler({ llm, instructions }))`,
 * @llamaindex/workflow) that the program builds: in the function that makes the workflow, entered
 * with the arguments of the call that makes it, so `llm` is what the caller passes.
 */
function workflowAgentSteps(workflowNode: Node, ctx: PromptContext): { args: Args; ctx: PromptContext }[] {
  // The workflow value is the `createWorkflow()` that made it, read where it was made (inside the
  // builder, with the builder's arguments bound).
  const v = single(resolveValue(workflowNode, ctx));
  if (v.kind !== 'call') return [];
  const made = unwrap(v.node);
  const vc: PromptContext = { ...ctx, ...ctxOf(v, ctx) };
  let body: Node | null = made.parent;
  while (body && !['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'program'].includes(body.type)) body = body.parent;
  if (!body) return [];
  const out: { args: Args; ctx: PromptContext }[] = [];
  walk(body, (n) => {
    const c = calleeOf(n);
    if (c?.type !== 'identifier' || c.text !== 'agentHandler') return;
    const imp = importedAs('agentHandler', n, vc);
    if (!imp || !isLlamaModule(imp.module)) return;
    out.push({ args: callArgs(n, vc), ctx: vc });
  }, new Set(['call_expression']));
  return out;
}

/** `sendEvent(startEvent.with(…))` of a workflow context: the workflow's agent steps run on what it starts. */
function workflowRun(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  if (ctx.scope.family !== 'js' || info.members.length > 1) return undefined;
  // `sendEvent(…)` destructured from the context, or `context.sendEvent(…)`.
  const made = info.members.length ? field(unwrap(info.callee), 'object') : destructuredFrom(info.chain.root, ctx);
  if (!made) return undefined;
  const mv = single(resolveValue(made, ctx));
  const createContext = mv.kind === 'call' ? unwrap(mv.node) : isCall(unwrap(made)) ? unwrap(made) : undefined;
  const cc = createContext ? calleeOf(createContext) : undefined;
  if (!cc || (cc.type !== 'member_expression' && cc.type !== 'attribute') || field(cc, 'property')?.text !== 'createContext') return undefined;
  const steps = workflowAgentSteps(field(cc, 'object')!, { ...ctx, ...(mv.kind === 'call' ? ctxOf(mv, ctx) : {}) });
  if (!steps.length) return undefined;
  const first = steps[0];
  // The builder's parameter (`agentHandler({ llm })` in `createWorkflow(llm)`): the argument its call passes,
  // read as written (a LlamaIndex factory imported from its package, even where the workspace holds its source).
  const llmNode = argValue(first.args, ['llm']);
  const target = llmNode ? unwrap(shorthandTarget(llmNode, first.ctx)) : undefined;
  const bound = target?.type === 'identifier' || target?.type === 'shorthand_property_identifier' ? first.ctx.frame?.args.get(target.text) : undefined;
  const model = bound ? llmOf(bound.node, { ...first.ctx, ...bound.ctx }) : llmOf(llmNode, first.ctx);
  addText(info.build, argValue(first.args, ['instructions']), 'system', 0, first.ctx);
  info.build.parts.push({ role: 'user', message: nextIndex(info.build), source: 'unknown', text: '', dynamic: { kind: 'user-data', name: 'the event that starts the workflow', volatile: true } });
  addStepsSoFar(info.build, 'steps so far (events and tool results)');
  info.build.historyGrows = true;
  return asCall(model, info.build, 'llama_index.workflow.sendEvent', 'agent-run', { params: { steps: steps.length } });
}

/**
 * AssemblyAI readers (@llamaindex/assemblyai): `loadData(params)` transcribes the audio
 * (client.transcripts.transcribe, packages/providers/assemblyai/src/reader.ts), unless given the id
 * of a transcript already made.
 */
const TRANSCRIPT_READERS = ['AudioTranscriptReader', 'AudioTranscriptParagraphsReader', 'AudioTranscriptSentencesReader', 'AudioSubtitlesReader'];

function transcriptRead(info: CallInfo, reader: FrameworkObject): DetectedCall {
  info.build.parts.push({ role: 'user', message: 0, source: 'unknown', text: '', dynamic: { kind: 'user-data', name: 'the audio transcribed', volatile: true } });
  return {
    provider: 'assemblyai',
    api: `llama_index.${reader.ctor}.loadData`,
    sdk: 'llamaindex',
    operation: 'audio',
    model: { kind: 'unknown', reason: "AssemblyAI's transcription is billed per hour of audio by its speech model, which the params choose (the account's default otherwise); a transcript id reads one already made" },
    build: info.build,
    params: {},
  };
}

const AGENT_METHODS = new Set(['run', 'runStream', 'chat', 'achat', 'stream_chat', 'astream_chat', 'query', 'aquery', 'createTask']);
const ENGINE_METHODS = new Set(['chat', 'achat', 'stream_chat', 'astream_chat']);
const BUILD_METHODS = new Set(['from_documents', 'fromDocuments']);
const INSERT_METHODS = new Set(['insert', 'ainsert', 'insert_nodes', 'ainsert_nodes', 'insertNodes']);
const RETRIEVE_METHODS = new Set(['retrieve', 'aretrieve']);
const EMBED_METHODS = new Set(['get_text_embedding', 'get_query_embedding', 'get_text_embedding_batch', 'aget_text_embedding', 'aget_query_embedding', 'aget_text_embedding_batch', 'getTextEmbedding', 'getTextEmbeddings', 'getQueryEmbedding', 'getTextEmbeddingsBatch']);
const INDEX_CLASSES = ['VectorStoreIndex', 'VectorStoreIndex.from_documents', 'VectorStoreIndex.fromDocuments', 'VectorStoreIndex.from_vector_store', 'VectorStoreIndex.fromVectorStore', 'VectorStoreIndex.init'];

export const llamaIndex: Framework = {
  id: 'llamaindex',
  callNames: [...AGENT_METHODS, ...ENGINE_METHODS, ...BUILD_METHODS, ...INSERT_METHODS, ...RETRIEVE_METHODS, ...EMBED_METHODS, ...EVALUATE_METHODS, ...EXTRACT_METHODS, 'exec', 'connect', 'sendEvent', 'loadData'],
  objects: [
    {
      kind: 'agent',
      names: ['FunctionAgent', 'ReActAgent', 'CodeActAgent', 'AgentWorkflow', 'AgentWorkflow.from_tools_or_functions', 'ReActAgent.from_tools', 'OpenAIAgent.from_tools', 'FunctionCallingAgent.from_tools', 'FunctionAgent.from_tools', 'OpenAIAgent', 'AnthropicAgent', 'LLMAgent', 'agent', 'multiAgent'],
      modules: MODULES,
    },
    { kind: 'chat-engine', names: ['SimpleChatEngine', 'ContextChatEngine', 'CondensePlusContextChatEngine', 'CondenseQuestionChatEngine', 'SimpleChatEngine.from_defaults', 'ContextChatEngine.from_defaults', 'CondensePlusContextChatEngine.from_defaults', 'CondenseQuestionChatEngine.from_defaults'], modules: MODULES },
    { kind: 'index', names: INDEX_CLASSES, modules: MODULES },
    { kind: 'embedding-model', names: Object.keys(EMBEDDINGS), modules: MODULES },
    { kind: 'evaluator', names: EVALUATORS, modules: MODULES },
    { kind: 'extractor', names: EXTRACTORS, modules: MODULES },
    { kind: 'transcript-reader', names: TRANSCRIPT_READERS, modules: ['@llamaindex/assemblyai', 'llamaindex'] },
  ],
  detect(info, ctx): DetectedCall | undefined {
    const m = info.method;
    // VectorStoreIndex.from_documents(docs): every document is embedded.
    if (BUILD_METHODS.has(m) && info.members.length === 1 && info.chain.root.type === 'identifier' && info.chain.root.text === 'VectorStoreIndex') {
      const imp = info.importOf('VectorStoreIndex');
      if (imp && !isLlamaModule(imp.module)) return undefined;
      const index = ours(classifyReceiver(info.call, ctx), 'index');
      const docs = ctx.scope.family === 'js' ? rawArgs(info.call)[0] : optionsArgs(info.call, ctx).positional[0] ?? argValue(optionsArgs(info.call, ctx), ['documents']);
      return embeddingCall(info, indexEmbedding(index, ctx), docs, ctx, `llama_index.VectorStoreIndex.${m}`);
    }
    // KeywordTableIndex.fromDocuments(docs): the LLM extracts each chunk's keywords.
    if (BUILD_METHODS.has(m) && info.members.length === 1 && info.chain.root.type === 'identifier' && LLM_BUILT_INDICES.has(info.chain.root.text)) {
      const imp = info.importOf(info.chain.root.text);
      if (!imp || !isLlamaModule(imp.module)) return undefined;
      const a = ctx.scope.family === 'js' ? undefined : optionsArgs(info.call, ctx);
      return componentCall(info, a ? argValue(a, ['llm']) : undefined, ctx, `llama_index.${info.chain.root.text}.${m}`, 'each chunk, to extract its keywords');
    }
    if (EVALUATE_METHODS.has(m)) {
      const ev = ours(info.receiver(), 'evaluator');
      if (!ev) return undefined;
      // LlamaIndexTS's evaluators read Settings.llm whatever they are given (evaluation/Correctness.ts:36).
      const llm = ctx.scope.family === 'js' ? undefined : argValue(ev.args, ['llm']);
      return componentCall(info, llm, inArgs(ev.args, ctx), `llama_index.${ev.ctor}.${m}`, 'the query and response judged');
    }
    if (EXTRACT_METHODS.has(m)) {
      const ex = ours(info.receiver(), 'extractor');
      if (!ex) return undefined;
      return componentCall(info, argValue(ex.args, ['llm']), inArgs(ex.args, ctx), `llama_index.${ex.ctor}.${m}`, 'each node, one request per node');
    }
    // Gemini Live through LlamaIndexTS: `llm.live.connect({ … })` opens a session on the llm's model
    // (packages/providers/google/src/live.ts); the session's messages are its requests.
    if (m === 'connect' && info.members.at(-2) === 'live') {
      const live = field(unwrap(info.callee), 'object');
      const owner = live && (live.type === 'member_expression' || live.type === 'attribute') ? field(live, 'object') : undefined;
      const r = owner ? classifyReceiver(owner, ctx) : undefined;
      if (r?.type !== 'chat-model' || r.framework !== 'llamaindex') return undefined;
      const a = optionsArgs(info.call, ctx);
      const sys = argValue(a, ['systemInstruction']);
      if (sys) addText(info.build, sys, 'system', 0, ctx);
      info.build.parts.push({ role: 'user', message: nextIndex(info.build), source: 'unknown', text: '', dynamic: { kind: 'history', name: 'the live session so far', volatile: true } });
      return asCall(llamaLlm(r, ctx), info.build, 'llama_index.live.connect', 'chat', { params: { ...(argValue(a, ['tools']) ? { tools: unwrap(argValue(a, ['tools'])!).text.slice(0, 80) } : {}) } });
    }
    if (m === 'sendEvent') return workflowRun(info, ctx);
    if (m === 'loadData') {
      const reader = ours(info.receiver(), 'transcript-reader');
      return reader ? transcriptRead(info, reader) : undefined;
    }
    if (m === 'exec') {
      const r = info.receiver();
      if (r.type !== 'chat-model' || r.framework !== 'llamaindex') return undefined;
      const a = optionsArgs(info.call, ctx);
      addMessages(info.build, argValue(a, ['messages']), ctx);
      return asCall(llamaLlm(r, ctx), info.build, 'llama_index.exec', 'chat', { params: { ...(argValue(a, ['tools']) ? { tools: unwrap(argValue(a, ['tools'])!).text.slice(0, 80) } : {}) } });
    }
    if (EMBED_METHODS.has(m)) {
      const r = ours(info.receiver(), 'embedding-model');
      if (!r) return undefined;
      const a = ctx.scope.family === 'js' ? { positional: rawArgs(info.call) } : optionsArgs(info.call, ctx);
      return embeddingCall(info, embeddingOf(r, ctx), a.positional[0], ctx, `llama_index.${m}`);
    }
    if (INSERT_METHODS.has(m) || RETRIEVE_METHODS.has(m)) {
      const recv = field(unwrap(info.callee), 'object');
      if (!recv) return undefined;
      const base = baseOf(recv, ctx);
      const index = ours(base.r, 'index');
      // A query engine or retriever of a vector index embeds the query; other indices do not embed.
      const isIndex = index || (base.r.type === 'query-engine' && RETRIEVE_METHODS.has(m));
      if (!isIndex) return undefined;
      if (INSERT_METHODS.has(m) && base.via) return undefined;
      const text = ctx.scope.family === 'js' ? rawArgs(info.call)[0] : optionsArgs(info.call, ctx).positional[0];
      const tv = text ? single(resolveValue(text, ctx)) : undefined;
      const query = tv?.kind === 'dict' ? tv.entries.get('query') ?? text : text;
      return embeddingCall(info, indexEmbedding(index, ctx), query, ctx, `llama_index.${m}`);
    }
    const r = info.receiver();
    const agent = ours(r, 'agent');
    if (agent && AGENT_METHODS.has(m)) return agentRun(info, agent, ctx);
    const engine = ours(r, 'chat-engine');
    if (engine && ENGINE_METHODS.has(m)) return chatEngineCall(info, engine, ctx);
    return undefined;
  },
};
