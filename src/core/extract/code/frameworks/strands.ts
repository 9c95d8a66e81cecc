// Strands Agents (AWS, `strands-agents`): `agent = Agent(model=…, system_prompt=…, tools=[…])`, run
// by calling it (`agent("question")`), `invoke_async`, `stream_async` or `structured_output[_async]`.
// Its event loop calls the model until it stops asking for tools (no bound of its own). Without a
// model, or with a model id string, the agent runs on Amazon Bedrock (`BedrockModel`), whose default
// model is data below; model classes (`AnthropicModel`, `OpenAIModel`, `LiteLLMModel`, `OllamaModel`…)
// bill their provider, Ollama and llama.cpp are self-hosted.
import type { Node } from '@vscode/tree-sitter-wasm';
import { unwrap } from '../ast';
import { addStepsSoFar, DetectedCall, inArgs, nextIndex, optionsArgs, providerFor } from '../callKit';
import { addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import { resolveValue, single, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { bareIds } from './modelIds';
import { openAiEndpoint } from './openaiCompatible';

const MODULES = ['strands'];
const PYPI = { pypi: 'strands-agents' };

addDefaults([
  { sdk: 'strands', packages: PYPI, key: 'model', versions: '>=1.38.0', value: 'global.anthropic.claude-sonnet-4-6', source: 'src/strands/models/bedrock.py:42 DEFAULT_BEDROCK_MODEL_ID = "global.anthropic.claude-sonnet-4-6" (from strands-agents 1.38.0, commit ce64c3a)', asOf: '2026-12-06' },
  { sdk: 'strands', packages: PYPI, key: 'model', versions: '<1.38.0', value: 'us.anthropic.claude-sonnet-4-20250514-v1:0', source: 'src/strands/models/bedrock.py DEFAULT_BEDROCK_MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0" (strands-agents 1.0.0–1.37)', asOf: '2026-12-06' },
]);

/** Model classes → who bills them. */
const MODELS: Record<string, { provider: string; selfHosted?: string }> = {
  BedrockModel: { provider: 'aws' },
  AnthropicModel: { provider: 'anthropic' },
  OpenAIModel: { provider: 'openai' },
  OpenAIResponsesModel: { provider: 'openai' },
  GeminiModel: { provider: 'google' },
  MistralModel: { provider: 'mistral' },
  LlamaAPIModel: { provider: 'meta' },
  WriterModel: { provider: 'writer' },
  LiteLLMModel: { provider: 'unknown' },
  SageMakerAIModel: { provider: 'aws' },
  OllamaModel: { provider: 'ollama', selfHosted: 'Ollama' },
  LlamaCppModel: { provider: 'llama.cpp', selfHosted: 'llama.cpp' },
};

const RUN_METHODS = new Set(['invoke_async', 'stream_async', 'structured_output', 'structured_output_async']);

function ours(r: ReturnType<typeof classifyReceiver>, kind: string): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'strands' && r.kind === kind ? r : undefined;
}

type Model = { value: DetectedCall['model']; node?: Node; provider: string; selfHosted?: string; cap?: DetectedCall['outputCap'] };

function bedrockDefault(ctx: PromptContext): Model {
  const d = sdkDefault('strands', 'model', ctx, 'Strands default Bedrock model');
  return { value: d ? { kind: 'default', value: String(d.value), reason: d.reason } : ({ kind: 'unknown', reason: 'no model' } as Value), provider: 'aws' };
}

function agentModel(agent: FrameworkObject, ctx: PromptContext): Model {
  const ac = inArgs(agent.args, ctx);
  const node = argValue(agent.args, ['model']);
  if (!node) return bedrockDefault(ctx);
  const v = single(resolveValue(node, { ...ac, callers: true }));
  if (v.kind === 'string') return { value: v, node, provider: 'aws' };
  const m = ours(classifyReceiver(node, ac), 'model');
  if (!m) return { value: { kind: 'unknown', reason: `the model \`${unwrap(node).text.slice(0, 40)}\` is not a Strands model class` }, node, provider: 'unknown' };
  const spec = MODELS[m.ctor];
  const mc = inArgs(m.args, ac);
  const idNode = argValue(m.args, ['model_id']);
  const capNode = argValue(m.args, ['max_tokens']);
  const capV = capNode ? single(resolveValue(capNode, mc)) : undefined;
  const cap = capNode && capV?.kind === 'number' ? { tokens: capV.value, param: 'max_tokens', node: capNode } : undefined;
  if (!idNode) {
    if (m.ctor === 'BedrockModel') return { ...bedrockDefault(ctx), cap };
    return { value: { kind: 'unknown', reason: `${m.ctor} without a model_id` }, provider: spec.provider, selfHosted: spec.selfHosted, cap };
  }
  const id = resolveValue(idNode, { ...mc, callers: true });
  if (m.ctor === 'LiteLLMModel') {
    const ids = bareIds(id);
    return { value: ids.value, node: idNode, provider: ids.provider ?? 'unknown', selfHosted: ids.selfHosted, cap };
  }
  // `OpenAIModel(client_args={"base_url": …})`: an OpenAI-compatible server bills (or is the user's own).
  const clientArgs = argValue(m.args, ['client_args']);
  const ca = clientArgs ? single(resolveValue(clientArgs, mc)) : undefined;
  const base = ca?.kind === 'dict' ? ca.entries.get('base_url') : undefined;
  const route = m.ctor.startsWith('OpenAI') && base ? openAiEndpoint({ positional: [], named: new Map([['base_url', base]]), spread: false }, mc) : undefined;
  const selfHosted = spec.selfHosted ?? route?.selfHosted;
  return { value: id, node: idNode, provider: route?.provider ?? spec.provider, ...(selfHosted ? { selfHosted } : {}), cap };
}

function agentRun(info: CallInfo, agent: FrameworkObject, ctx: PromptContext): DetectedCall {
  const b = info.build;
  const ac = inArgs(agent.args, ctx);
  const system = argValue(agent.args, ['system_prompt']);
  if (system) addText(b, system, 'system', 0, ac);
  const run = optionsArgs(info.call, ctx);
  // structured_output(OutputModel, prompt): the prompt comes second.
  const prompt = info.method.startsWith('structured_output') ? run.positional[1] ?? argValue(run, ['prompt']) : run.positional[0] ?? argValue(run, ['prompt']);
  if (prompt) addText(b, prompt, 'user', nextIndex(b), ctx);
  const m = agentModel(agent, ctx);
  const toolsNode = argValue(agent.args, ['tools']);
  const tv = toolsNode ? single(resolveValue(toolsNode, ac)) : undefined;
  const tools = !!toolsNode && !(tv?.kind === 'list' && tv.items.length === 0);
  if (tools) {
    addStepsSoFar(b, 'tool calls and results so far');
    b.historyGrows = true;
  }
  return {
    provider: m.provider === 'unknown' ? providerFor(undefined, m.value) : m.provider,
    api: `strands.Agent.${info.members.length ? info.method : '__call__'}`,
    sdk: 'strands',
    operation: 'agent-run',
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    modelNode: m.node,
    model: m.value,
    build: b,
    ...(m.cap ? { outputCap: m.cap } : {}),
    params: tools && toolsNode ? { tools: toolsNode.text.slice(0, 80) } : {},
    ...(tools ? { maxTurns: { value: 1, param: 'tools', isDefault: true, unbounded: true, reason: "Strands' event loop calls the model until it stops asking for tools (no limit of its own)" } } : {}),
  };
}

export const strands: Framework = {
  id: 'strands',
  callNames: [...RUN_METHODS],
  // `agent("question")`: an agent is run by calling it.
  anyName: (text) => text.includes('strands'),
  objects: [
    { kind: 'agent', names: ['Agent'], modules: MODULES },
    { kind: 'model', names: Object.keys(MODELS), modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (info.members.length === 0) {
      if (unwrap(info.callee).type !== 'identifier') return undefined;
      const agent = ours(classifyReceiver(info.callee, ctx), 'agent');
      return agent ? agentRun(info, agent, ctx) : undefined;
    }
    if (info.members.length !== 1 || !RUN_METHODS.has(info.method)) return undefined;
    const agent = ours(info.receiver(), 'agent');
    return agent ? agentRun(info, agent, ctx) : undefined;
  },
};
