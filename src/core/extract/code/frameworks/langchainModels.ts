// LangChain's model objects, and the calls that run them: `invoke`/`stream`/`batch` (LCEL), and the
// pre-LCEL ways 2023–2024 tutorials and Streamlit/Chainlit apps still call them — the object called
// as a function (`llm(prompt)`, `chat(messages)`), `predict_messages`, `call_as_llm`,
// `generate`/`agenerate` (one completion per prompt or message list given). The legacy completion
// classes (`langchain.llms.OpenAI`, `langchain_openai.OpenAI`, `AzureOpenAI`) are models here, not
// the OpenAI SDK's client of the same name, with their defaults by version.
import type { Node } from '@vscode/tree-sitter-wasm';
import { unwrap } from '../ast';
import { callArgsOf, capOf, DetectedCall, inArgs, modelOf, nextIndex, paramsOf, providerFor, reasoningOf } from '../callKit';
import { addChatPrompt, addMessages, addText, PromptBuild, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import type { Receiver } from '../receivers';
import { resolveValue, single, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework } from './framework';

type ChatModel = Extract<Receiver, { type: 'chat-model' }>;

/**
 * LangChain's completion (text-in, text-out) LLM classes → provider, as `langchain.llms`,
 * `langchain_community.llms` and the partner packages export them.
 */
const LLMS: Record<string, string> = {
  OpenAI: 'openai',
  AzureOpenAI: 'openai',
  OpenAIChat: 'openai',
  Anthropic: 'anthropic',
  Cohere: 'cohere',
  VertexAI: 'google',
  GooglePalm: 'google',
  Bedrock: 'aws',
  BedrockLLM: 'aws',
  Replicate: 'replicate',
  HuggingFaceHub: 'huggingface',
  HuggingFaceEndpoint: 'huggingface',
  Together: 'together',
  Fireworks: 'fireworks',
  Ollama: 'unknown',
  OllamaLLM: 'unknown',
  LlamaCpp: 'unknown',
  CTransformers: 'unknown',
  GPT4All: 'unknown',
  HuggingFacePipeline: 'unknown',
  VLLM: 'unknown',
};

/** Of those, the ones that run on the user's machine or server (nothing billed per token). */
const SELF_HOSTED_LLMS = new Set(['Ollama', 'OllamaLLM', 'LlamaCpp', 'CTransformers', 'GPT4All', 'HuggingFacePipeline', 'VLLM']);

/** Where a completion class must come from to be LangChain's (LlamaIndex and the OpenAI SDK have an `OpenAI` too). */
const LLM_MODULES = /^(langchain|langchain_community|langchain_openai|langchain_anthropic|langchain_ollama|langchain_aws|langchain_google_vertexai|langchain_huggingface|langchain_fireworks|langchain_together|langchain_cohere)(\.|$)/;

/** A LangChain completion LLM made by `name(…)` imported from `module`: its provider, else undefined. */
export function langchainLlm(name: string, module: string): string | undefined {
  const provider = Object.prototype.hasOwnProperty.call(LLMS, name) ? LLMS[name] : undefined;
  return provider && LLM_MODULES.test(module) && !module.startsWith('langchain_core') ? provider : undefined;
}

const LANGCHAIN_PYPI = { pypi: 'langchain' };
const LANGCHAIN_OPENAI_PYPI = { pypi: 'langchain-openai' };

addDefaults([
  // `langchain.llms.OpenAI` (and `from langchain import OpenAI`): LangChain 0.1 re-exports langchain_community's class.
  { sdk: 'langchain.OpenAI', packages: LANGCHAIN_PYPI, language: 'python', key: 'model', versions: '>=0.1.0', value: 'gpt-3.5-turbo-instruct', source: 'libs/community/langchain_community/llms/openai.py BaseOpenAI.model_name = Field(default="gpt-3.5-turbo-instruct", alias="model") (from langchain PR #14860, 2023-12-18, before langchain 0.1.0 re-exported it)', asOf: '2026-12-06' },
  { sdk: 'langchain.OpenAI', packages: LANGCHAIN_PYPI, language: 'python', key: 'model', versions: '<0.1.0', value: 'text-davinci-003', source: 'libs/langchain/langchain/llms/openai.py BaseOpenAI.model_name = Field(default="text-davinci-003", alias="model") (langchain 0.0.x, commit 0050709; from PR #215; retired by OpenAI on 2024-01-04)', asOf: '2026-12-06' },
  { sdk: 'langchain.OpenAI', packages: LANGCHAIN_PYPI, language: 'python', key: 'outputCap', value: 256, source: 'langchain/llms/openai.py and langchain_community/llms/openai.py BaseOpenAI.max_tokens: int = 256', asOf: '2026-12-06' },
  { sdk: 'langchain-openai.OpenAI', packages: LANGCHAIN_OPENAI_PYPI, language: 'python', key: 'model', value: 'gpt-3.5-turbo-instruct', source: 'libs/partners/openai/langchain_openai/llms/base.py BaseOpenAI.model_name = Field(default="gpt-3.5-turbo-instruct", alias="model") (commit 0339ba1)', asOf: '2026-12-06' },
  { sdk: 'langchain-openai.OpenAI', packages: LANGCHAIN_OPENAI_PYPI, language: 'python', key: 'outputCap', value: 256, source: 'libs/partners/openai/langchain_openai/llms/base.py BaseOpenAI.max_tokens: int = 256 (commit 0339ba1)', asOf: '2026-12-06' },
  { sdk: 'langchain.ChatOpenAI', packages: LANGCHAIN_PYPI, language: 'python', key: 'model', value: 'gpt-3.5-turbo', source: 'libs/langchain/langchain/chat_models/openai.py ChatOpenAI.model_name = Field(default="gpt-3.5-turbo", alias="model") (langchain 0.0.x; langchain_community/chat_models/openai.py from 0.1)', asOf: '2026-12-06' },
  { sdk: 'langchain-openai.ChatOpenAI', packages: LANGCHAIN_OPENAI_PYPI, language: 'python', key: 'model', value: 'gpt-3.5-turbo', source: 'libs/partners/openai/langchain_openai/chat_models/base.py BaseChatOpenAI.model_name = Field(default="gpt-3.5-turbo", alias="model")', asOf: '2026-12-06' },
]);

/** The defaults table's name for a class made without a model: by the package it is imported from. */
function defaultsKey(r: ChatModel): string | undefined {
  if (r.ctor !== 'OpenAI' && r.ctor !== 'ChatOpenAI') return undefined;
  if (!r.module) return undefined;
  return `${r.module.startsWith('langchain_openai') ? 'langchain-openai' : 'langchain'}.${r.ctor}`;
}

const MODEL_ARGS = ['model', 'model_name', 'modelName', 'deployment_name', 'azure_deployment', 'azureDeployment', 'model_id', 'modelId'];

/** A LangChain or LlamaIndex model object's model, output cap and reasoning, as its constructor sets them (else the class's defaults). */
export function chatModelCall(r: ChatModel, ctx: PromptContext): { model: { node?: Node; value: Value | Extract<DetectedCall['model'], { kind: 'default' }> }; cap?: DetectedCall['outputCap']; reasoning?: DetectedCall['reasoning'] } {
  let model: { node?: Node; value: Value | Extract<DetectedCall['model'], { kind: 'default' }> } = r.modelFromFirstArg && r.args.positional[0] ? { node: r.args.positional[0], value: resolveValue(r.args.positional[0], { ...inArgs(r.args, ctx), callers: true }) } : modelOf(r.args, MODEL_ARGS, ctx);
  let cap = capOf(r.args, ctx);
  const key = r.framework === 'langchain' && !r.args.splats?.length ? defaultsKey(r) : undefined;
  if (key && !model.node) {
    const d = sdkDefault(key, 'model', ctx, `LangChain ${r.ctor} default model`, 'python');
    if (d) model = { value: { kind: 'default', value: String(d.value), reason: d.reason } };
  }
  if (key && !cap) {
    const d = sdkDefault(key, 'outputCap', ctx, `LangChain ${r.ctor} max_tokens default`, 'python');
    if (d && r.node) cap = { tokens: Number(d.value), param: `max_tokens (${r.ctor} default ${d.value})`, node: r.node };
  }
  return { model, cap, reasoning: reasoningOf(r.args, ctx) };
}

/** A model that runs on the user's machine or server: nothing is billed per token. */
export function selfHostedModel(r: ChatModel): string | undefined {
  if (r.ctor === 'ChatOllama' || r.ctor === 'OllamaLLM') return `${r.ctor} (Ollama)`;
  if (r.ctor === 'Ollama') return 'Ollama';
  return r.framework === 'langchain' && SELF_HOSTED_LLMS.has(r.ctor) && isCompletionLlm(r) ? `LangChain ${r.ctor} (runs where the app runs)` : undefined;
}

/** The methods that send a model one request (`generate`: one per prompt or message list given). */
const LEGACY_METHODS = new Set(['predict_messages', 'apredict_messages', 'call_as_llm', 'generate', 'agenerate']);
/** The methods whose first argument is a list of inputs, one request each. */
const PER_INPUT = new Set(['generate', 'agenerate', 'batch', 'abatch']);

/**
 * A LangChain model run: `invoke`/`predict`/`batch`…, the legacy methods, or the model called as a
 * function (`method` is then `__call__`). `prompt`: a chain's prompt before the model.
 */
export function langchainInvoke(call: Node, model: ChatModel, prompt: Node | undefined, ctx: PromptContext, b: PromptBuild, method: string, structured = false): DetectedCall {
  const { model: m, cap, reasoning } = chatModelCall(model, ctx);
  if (prompt) addChatPrompt(b, prompt, ctx);
  const a = callArgsOf(call, ctx);
  let input = a.positional[0] ?? a.named.get('input') ?? a.named.get('messages') ?? a.named.get('prompts') ?? a.named.get('text') ?? a.named.get('message');
  let perInput: DetectedCall['maxTurns'];
  if (PER_INPUT.has(method) && input) {
    // A list of inputs, one request each: the first is the sample, the length the multiplier.
    const list = single(resolveValue(input, ctx));
    if (list.kind === 'list' && list.items.length) {
      const n = list.items.length;
      const why = `${method}(): one request per ${isCompletionLlm(model) ? 'prompt' : 'input'} in the list (${n})`;
      if (n > 1) perInput = { value: n, param: method, isDefault: false, expected: n, expectedReason: why, reason: why };
      input = list.items[0];
    }
  }
  if (input) {
    const v = resolveValue(input, ctx);
    if (v.kind === 'list') addMessages(b, input, ctx);
    else if (v.kind === 'dict') {
      // Variables of a prompt template: sized at the template's placeholders.
    } else addText(b, input, 'user', nextIndex(b), ctx);
  }
  let provider = model.provider;
  if (model.modelFromFirstArg) {
    const mp = argValue(model.args, ['model_provider', 'modelProvider']);
    const pv = mp ? resolveValue(mp, inArgs(model.args, ctx)) : undefined;
    if (pv?.kind === 'string') provider = pv.value === 'google_genai' || pv.value === 'google_vertexai' ? 'google' : pv.value;
  }
  let value = m.value;
  if (value.kind === 'string' && value.value.includes(':') && model.modelFromFirstArg) {
    const [p, id] = value.value.split(':', 2);
    provider = p === 'google_genai' ? 'google' : p;
    value = { ...value, value: id };
  }
  const selfHosted = selfHostedModel(model);
  return {
    provider: providerFor(provider === 'unknown' ? undefined : provider, value),
    api: `langchain.${method}`,
    sdk: 'langchain',
    ...(selfHosted ? { selfHosted } : {}),
    modelNode: m.node,
    model: value,
    build: b,
    outputCap: cap,
    params: paramsOf(model.args, ctx),
    structuredOutput: structured,
    ...(reasoning ? { reasoning } : {}),
    ...(perInput ? { maxTurns: perInput } : {}),
  };
}

/** A text-completion class (`OpenAI`, not `ChatOpenAI`). */
export function isCompletionLlm(r: ChatModel): boolean {
  return r.framework === 'langchain' && !!langchainLlm(r.ctor, r.module ?? '');
}

/** What a call's callee names when the call is the model itself (`llm(q)`, `self.llm(q)`): that name's node, else undefined. */
function calledObject(info: CallInfo): Node | undefined {
  const c = unwrap(info.callee);
  if (c.type === 'identifier') return c;
  // `self.llm(q)`: an attribute of self; a module's function (`st.write(x)`) is not followed.
  if (c.type === 'attribute' && info.chain.root.type === 'identifier' && info.chain.root.text === 'self' && info.chain.members.length === 1) return c;
  return undefined;
}

export const langchainModels: Framework = {
  id: 'langchain-models',
  callNames: [...LEGACY_METHODS],
  // `llm(prompt)`: a model object called as a function, in a file that makes or imports LangChain models.
  anyName: (text) => text.includes('langchain') && /\b(llms|chat_models|langchain_openai|langchain_anthropic|langchain_community|langchain_ollama)\b/.test(text),
  detect(info, ctx): DetectedCall | undefined {
    if (ctx.scope.family === 'js') return undefined;
    if (LEGACY_METHODS.has(info.method) && info.members.length >= 1) {
      const r = info.receiver();
      return r.type === 'chat-model' && r.framework === 'langchain' ? langchainInvoke(info.call, r, undefined, ctx, info.build, info.method) : undefined;
    }
    const called = calledObject(info);
    if (!called) return undefined;
    const r = classifyReceiver(called, ctx);
    return r.type === 'chat-model' && r.framework === 'langchain' ? langchainInvoke(info.call, r, undefined, ctx, info.build, '__call__') : undefined;
  },
};
