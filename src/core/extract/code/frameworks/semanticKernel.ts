// Semantic Kernel (Python, `semantic-kernel`): chat services (`OpenAIChatCompletion(ai_model_id=…)`,
// `AzureChatCompletion(deployment_name=…)`, Anthropic, Google, Mistral, Bedrock, Ollama…) called
// directly (`service.get_chat_message_content(history, settings)`), through the kernel they are added
// to (`kernel.add_service(service)`; `kernel.invoke_prompt(…)`, `kernel.invoke(function)`), or by a
// `ChatCompletionAgent(service=…, instructions=…, plugins=[…])` (`get_response`, `invoke`,
// `invoke_stream`). A service without a model id reads it from the environment (its settings' env
// prefix: OPENAI_CHAT_MODEL_ID…), which the project's `.env` may set. With plugins, auto function
// calling makes up to 5 more requests (DEFAULT_MAX_AUTO_INVOKE_ATTEMPTS).
import type { Node } from '@vscode/tree-sitter-wasm';
import { addStepsSoFar, DetectedCall, inArgs, optionsArgs, providerFor } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import { contextFor, resolveValue, single, Value } from '../values';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { callsOnMade } from './instances';

const MODULES = ['semantic_kernel'];

/** Chat services → who bills, the argument naming the model, the environment variable read without it. */
const SERVICES: Record<string, { provider: string; arg: string; env: string; selfHosted?: string }> = {
  OpenAIChatCompletion: { provider: 'openai', arg: 'ai_model_id', env: 'OPENAI_CHAT_MODEL_ID' },
  OpenAITextCompletion: { provider: 'openai', arg: 'ai_model_id', env: 'OPENAI_TEXT_MODEL_ID' },
  AzureChatCompletion: { provider: 'azure', arg: 'deployment_name', env: 'AZURE_OPENAI_CHAT_DEPLOYMENT_NAME' },
  AzureAIInferenceChatCompletion: { provider: 'azure', arg: 'ai_model_id', env: 'AZURE_AI_INFERENCE_MODEL_ID' },
  AnthropicChatCompletion: { provider: 'anthropic', arg: 'ai_model_id', env: 'ANTHROPIC_CHAT_MODEL_ID' },
  GoogleAIChatCompletion: { provider: 'google', arg: 'gemini_model_id', env: 'GOOGLE_AI_GEMINI_MODEL_ID' },
  VertexAIChatCompletion: { provider: 'google', arg: 'gemini_model_id', env: 'VERTEX_AI_GEMINI_MODEL_ID' },
  MistralAIChatCompletion: { provider: 'mistral', arg: 'ai_model_id', env: 'MISTRALAI_CHAT_MODEL_ID' },
  BedrockChatCompletion: { provider: 'aws', arg: 'model_id', env: 'BEDROCK_CHAT_MODEL_ID' },
  NvidiaChatCompletion: { provider: 'nvidia', arg: 'ai_model_id', env: 'NVIDIA_CHAT_MODEL_ID' },
  OllamaChatCompletion: { provider: 'ollama', arg: 'ai_model_id', env: 'OLLAMA_CHAT_MODEL_ID', selfHosted: 'Ollama' },
  OnnxGenAIChatCompletion: { provider: 'onnx', arg: 'ai_model_path', env: 'ONNX_GEN_AI_CHAT_MODEL_FOLDER', selfHosted: 'ONNX Runtime (local)' },
  HuggingFaceTextCompletion: { provider: 'huggingface', arg: 'ai_model_id', env: 'HF_TEXT_MODEL_ID', selfHosted: 'transformers (local)' },
};

const SERVICE_CALLS = new Set(['get_chat_message_content', 'get_chat_message_contents', 'get_streaming_chat_message_content', 'get_streaming_chat_message_contents', 'get_text_content', 'get_text_contents', 'get_streaming_text_content', 'get_streaming_text_contents']);
const KERNEL_CALLS = new Set(['invoke_prompt', 'invoke_prompt_stream', 'invoke', 'invoke_stream']);
const AGENT_CALLS = new Set(['get_response', 'invoke', 'invoke_stream']);
/** semantic_kernel/connectors/ai/function_choice_behavior.py:18 DEFAULT_MAX_AUTO_INVOKE_ATTEMPTS = 5 (semantic-kernel 1.44). */
const AUTO_INVOKE_ATTEMPTS = 5;

function ours(r: ReturnType<typeof classifyReceiver>, ...kinds: string[]): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'semantic-kernel' && kinds.includes(r.kind) ? r : undefined;
}

type Model = { value: Value; node?: Node; provider: string; selfHosted?: string };

function serviceModel(service: FrameworkObject | undefined, ctx: PromptContext): Model {
  if (!service) return { value: { kind: 'unknown', reason: 'the chat service could not be read' }, provider: 'unknown' };
  const spec = SERVICES[service.ctor];
  const node = argValue(service.args, [spec.arg]);
  const base = { provider: spec.provider, ...(spec.selfHosted ? { selfHosted: spec.selfHosted } : {}) };
  if (node) return { ...base, value: resolveValue(node, { ...inArgs(service.args, ctx), callers: true }), node };
  return { ...base, value: { kind: 'unknown', reason: `${service.ctor} without ${spec.arg}: read from the environment (${spec.env})`, env: spec.env } };
}

/** The chat service a kernel is given (`kernel.add_service(OpenAIChatCompletion(…))`), where it is made. */
function kernelService(kernel: FrameworkObject, ctx: PromptContext): { service?: FrameworkObject; ctx: PromptContext } {
  const kctx: PromptContext = { ...ctx, ...contextFor(kernel.node, ctx) };
  for (const { method, call } of callsOnMade(kernel.node, kctx.scope.root)?.calls ?? []) {
    if (method !== 'add_service') continue;
    const a = optionsArgs(call, kctx);
    const arg = a.positional[0] ?? argValue(a, ['service']);
    const service = arg ? ours(classifyReceiver(arg, kctx), 'service') : undefined;
    if (service) return { service, ctx: kctx };
  }
  return { ctx: kctx };
}

/** `settings.function_choice_behavior = FunctionChoiceBehavior.Auto()` or plugins on an agent: the requests auto function calling adds. */
function autoCalls(info: CallInfo, tools: boolean): DetectedCall['maxTurns'] {
  if (!tools) return undefined;
  addStepsSoFar(info.build, 'function calls and results so far');
  info.build.historyGrows = true;
  return { value: AUTO_INVOKE_ATTEMPTS + 1, param: 'maximum_auto_invoke_attempts', isDefault: true, reason: `auto function calling: up to ${AUTO_INVOKE_ATTEMPTS} rounds of function calls and the answer (DEFAULT_MAX_AUTO_INVOKE_ATTEMPTS, semantic_kernel/connectors/ai/function_choice_behavior.py)` };
}

function result(info: CallInfo, m: Model, api: string, agent: boolean, maxTurns: DetectedCall['maxTurns'], tools?: Node): DetectedCall {
  return {
    provider: m.provider === 'unknown' ? providerFor(undefined, m.value) : m.provider,
    api,
    sdk: 'semantic-kernel',
    ...(agent || maxTurns ? { operation: 'agent-run' as const } : {}),
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model: m.value,
    build: info.build,
    params: maxTurns ? { tools: tools ? tools.text.slice(0, 80) : 'the kernel\'s functions' } : {},
    ...(maxTurns ? { maxTurns } : {}),
  };
}

export const semanticKernel: Framework = {
  id: 'semantic-kernel',
  callNames: [...SERVICE_CALLS, ...KERNEL_CALLS, ...AGENT_CALLS],
  objects: [
    { kind: 'service', names: Object.keys(SERVICES), modules: MODULES },
    { kind: 'kernel', names: ['Kernel'], modules: MODULES },
    { kind: 'agent', names: ['ChatCompletionAgent'], modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (info.members.length !== 1) return undefined;
    const r = info.receiver();
    const run = optionsArgs(info.call, ctx);
    if (SERVICE_CALLS.has(info.method)) {
      const service = ours(r, 'service');
      if (!service) return undefined;
      const history = argValue(run, ['chat_history']) ?? run.positional[0];
      if (history) addText(info.build, history, 'user', 0, ctx);
      const settings = argValue(run, ['settings']) ?? run.positional[1];
      const auto = !!settings && /function_choice_behavior/.test(ctx.scope.root.text) && /FunctionChoiceBehavior\.Auto/.test(ctx.scope.root.text);
      return result(info, serviceModel(service, ctx), `semantic_kernel.${service.ctor}.${info.method}`, false, autoCalls(info, auto));
    }
    const agent = ours(r, 'agent');
    if (agent && AGENT_CALLS.has(info.method)) {
      const ac = inArgs(agent.args, ctx);
      const instructions = argValue(agent.args, ['instructions']);
      if (instructions) addText(info.build, instructions, 'system', 0, ac);
      const messages = argValue(run, ['messages']) ?? run.positional[0];
      if (messages) {
        const v = single(resolveValue(messages, ctx));
        if (v.kind === 'list') addMessages(info.build, messages, ctx);
        else addText(info.build, messages, 'user', 1, ctx);
      }
      const serviceNode = argValue(agent.args, ['service']);
      let service = serviceNode ? ours(classifyReceiver(serviceNode, ac), 'service') : undefined;
      let sctx = ac;
      if (!service) {
        const kernelNode = argValue(agent.args, ['kernel']);
        const kernel = kernelNode ? ours(classifyReceiver(kernelNode, ac), 'kernel') : undefined;
        if (kernel) ({ service, ctx: sctx } = kernelService(kernel, ac));
      }
      const plugins = argValue(agent.args, ['plugins']);
      return result(info, serviceModel(service, sctx), `semantic_kernel.ChatCompletionAgent.${info.method}`, true, autoCalls(info, !!plugins), plugins);
    }
    const kernel = ours(r, 'kernel');
    if (kernel && KERNEL_CALLS.has(info.method)) {
      const { service, ctx: kctx } = kernelService(kernel, ctx);
      if (!service) return undefined;
      if (info.method.startsWith('invoke_prompt')) {
        const prompt = argValue(run, ['prompt']) ?? run.positional[0];
        if (prompt) addText(info.build, prompt, 'user', 0, ctx);
      } else {
        // `kernel.invoke(fn)`: a model request only for a prompt function (`kernel.add_function(prompt=…)`,
        // KernelFunctionFromPrompt); a native function runs Python.
        const fnNode = argValue(run, ['function']) ?? run.positional[0];
        const fv = fnNode ? single(resolveValue(fnNode, ctx)) : undefined;
        if (fv?.kind !== 'call') return undefined;
        const fa = optionsArgs(fv.node, ctx);
        const prompt = /add_function$/.test(fv.callee) ? argValue(fa, ['prompt']) : /KernelFunctionFromPrompt|from_prompt/.test(fv.callee) ? argValue(fa, ['prompt', 'prompt_template']) : undefined;
        if (!prompt) return undefined;
        addText(info.build, prompt, 'user', 0, ctx);
      }
      return result(info, serviceModel(service, kctx), `semantic_kernel.Kernel.${info.method}`, false, undefined);
    }
    return undefined;
  },
};
