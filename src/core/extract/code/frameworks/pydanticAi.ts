// pydantic-ai: `Agent('openai:gpt-4o', instructions=…).run / run_sync / run_stream / iter`, with a
// model string (`provider:model`), a model object (`OpenAIChatModel('gpt-4o')`) or a test double
// (`TestModel()`, `FunctionModel(...)`, the `'test'` model); `usage_limits=UsageLimits(request_limit=…)`
// bounds the requests of a run (default 50), `model_settings={'max_tokens': …}` caps the output.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, field, kids, memberChain, unwrap, walk } from '../ast';
import { addStepsSoFar, capOf, DetectedCall, inArgs, nextIndex, optionsArgs, paramsOf, providerFor, valueArgs } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import { callableOf, ctxOf, resolveValue, single, stringOptions, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';

const MODULES = ['pydantic_ai'];

/** Model classes by the provider they bill (pydantic_ai.models.*). */
const MODEL_CLASSES: Record<string, string> = {
  OpenAIModel: 'openai',
  OpenAIChatModel: 'openai',
  OpenAIResponsesModel: 'openai',
  AnthropicModel: 'anthropic',
  GoogleModel: 'google',
  GeminiModel: 'google',
  GroqModel: 'groq',
  MistralModel: 'mistral',
  CohereModel: 'cohere',
  BedrockConverseModel: 'aws',
  BedrockMantleChatModel: 'aws',
  BedrockMantleResponsesModel: 'aws',
  HuggingFaceModel: 'huggingface',
  CerebrasModel: 'cerebras',
  XaiModel: 'x-ai',
  OpenRouterModel: 'openrouter',
  ZaiModel: 'zai',
  CrusoeModel: 'crusoe',
  SnowflakeModel: 'snowflake',
};

/** pydantic-ai's `provider:` prefixes → the catalogue's provider ids. */
const PREFIXES: Record<string, string> = {
  openai: 'openai',
  'openai-chat': 'openai',
  'openai-responses': 'openai',
  anthropic: 'anthropic',
  'google-gla': 'google',
  'google-vertex': 'google',
  google: 'google',
  gemini: 'google',
  groq: 'groq',
  mistral: 'mistral',
  cohere: 'cohere',
  bedrock: 'aws',
  deepseek: 'deepseek',
  grok: 'x-ai',
  huggingface: 'huggingface',
};

addDefaults([
  {
    sdk: 'pydantic-ai',
    packages: { pypi: 'pydantic-ai' },
    key: 'maxTurns',
    value: 50,
    source: 'pydantic_ai/usage.py UsageLimits.request_limit = 50',
    asOf: '2026-12-06',
  },
]);

/** A model expression: `'openai:gpt-4o'`, a model object, a test double. */
export function pydanticModel(node: Node | undefined, ctx: PromptContext): { value: Value; node?: Node; provider?: string; testDouble?: string } | undefined {
  if (!node) return undefined;
  const v = resolveValue(node, { ...ctx, callers: true });
  const strings = stringOptions(v);
  if (strings.length) {
    const first = strings[0];
    if (first.value === 'test') return { value: v, node, testDouble: "the 'test' model (TestModel)" };
    const split = (s: string) => (s.includes(':') ? s.slice(s.indexOf(':') + 1) : s);
    const prefix = first.value.includes(':') ? first.value.slice(0, first.value.indexOf(':')) : undefined;
    const bare: Value = v.kind === 'union' ? { ...v, options: v.options.map((o) => (o.kind === 'string' ? { ...o, value: split(o.value) } : o)) } : { ...first, value: split(first.value) };
    return { value: bare, node, provider: prefix ? PREFIXES[prefix] ?? prefix : undefined };
  }
  const obj = single(v);
  // `infer_realtime_model('openai:gpt-realtime')`, `OpenAIRealtimeModel('gpt-realtime')`: the id they are given.
  const ctorName = obj.kind === 'call' ? obj.callee.slice(obj.callee.lastIndexOf('.') + 1) : '';
  if (obj.kind === 'call' && (ctorName === 'infer_model' || ctorName === 'infer_realtime_model' || (ctorName.endsWith('RealtimeModel') && ctorName.length > 'RealtimeModel'.length))) {
    const a = argsOf(unwrap(obj.node));
    const id = a.positional[0] ?? argValue(a, ['model_name', 'model']);
    const inner = id ? pydanticModel(id, ctxOf(obj, ctx) as PromptContext) : undefined;
    const cls = ctorName.endsWith('RealtimeModel') ? ctorName.slice(0, -'RealtimeModel'.length).toLowerCase() : undefined;
    if (inner) return { ...inner, provider: inner.provider ?? (cls ? PREFIXES[cls] : undefined) };
  }
  if (obj.kind === 'call' || obj.kind === 'imported' || obj.node) {
    const r = obj.node ? classifyReceiver(obj.node, ctxOf(obj, ctx)) : undefined;
    if (r?.type === 'framework' && r.framework === 'pydantic-ai') {
      if (r.kind === 'test-double') return { value: { kind: 'unknown', reason: 'a test double' }, node, testDouble: r.ctor };
      if (r.kind === 'model') {
        const m = r.args.positional[0] ?? argValue(r.args, ['model_name']);
        const mv = m ? resolveValue(m, { ...inArgs(r.args, ctx), callers: true }) : ({ kind: 'unknown', reason: `${r.ctor} without a model name` } as Value);
        return { value: mv, node: m, provider: MODEL_CLASSES[r.ctor] };
      }
    }
  }
  return { value: v, node };
}

function agentOf(info: CallInfo): FrameworkObject | undefined {
  const r = info.receiver();
  return r.type === 'framework' && r.framework === 'pydantic-ai' && r.kind === 'agent' ? r : undefined;
}

function requestLimit(args: Args, ctx: PromptContext): number | undefined {
  const limits = argValue(args, ['usage_limits']);
  if (!limits) return undefined;
  const v = single(resolveValue(limits, inArgs(args, ctx)));
  const a = valueArgs(v, ctx);
  const n = a ? argValue(a, ['request_limit']) : undefined;
  const nv = n ? single(resolveValue(n, inArgs(a, ctx))) : undefined;
  return nv?.kind === 'number' ? nv.value : undefined;
}

/**
 * A realtime session: `agent.realtime('openai:gpt-realtime').session()` opens a speech-to-speech
 * connection billed by the realtime model; a WebRTC app answers the browser's offer with
 * `rt.answer_webrtc_offer(sdp)` on `rt = agent.realtime(model)`. `agent.realtime(…)` alone only
 * prepares it, so it is a site where `.session()` is called on it.
 */
function realtime(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  let prepared: Node | undefined = info.call;
  let pctx = ctx;
  if (info.method === 'answer_webrtc_offer') {
    const obj = info.callee.type === 'attribute' ? info.callee.childForFieldName('object') ?? undefined : undefined;
    const v = obj ? single(resolveValue(obj, ctx)) : undefined;
    prepared = v?.kind === 'call' && /\.realtime$/.test(v.callee) ? unwrap(v.node) : undefined;
    if (v) pctx = ctxOf(v, ctx) as PromptContext;
  } else {
    // `agent.realtime(…).session()`: the call is the object of a `.session` attribute that is called.
    const attr = info.call.parent;
    const opened = attr?.type === 'attribute' && attr.childForFieldName('attribute')?.text === 'session' && attr.parent?.type === 'call';
    if (!opened) return undefined;
  }
  if (!prepared) return undefined;
  const callee = calleeOf(prepared);
  const agentNode = callee?.type === 'attribute' ? callee.childForFieldName('object') ?? undefined : undefined;
  const r = info.method === 'realtime' ? info.receiver() : agentNode ? classifyReceiver(agentNode, pctx) : undefined;
  const agent = r?.type === 'framework' && r.framework === 'pydantic-ai' && r.kind === 'agent' ? r : undefined;
  if (!agent) return undefined;
  const a = optionsArgs(prepared, pctx);
  const m = pydanticModel(a.positional[0] ?? argValue(a, ['model']), pctx);
  if (!m) return undefined;
  const b = info.build;
  const instructions = argValue(agent.args, ['instructions', 'system_prompt']);
  if (instructions) addText(b, instructions, 'system', 0, inArgs(agent.args, pctx));
  const history = argValue(a, ['message_history']);
  if (history) addMessages(b, history, pctx);
  return {
    provider: m.provider ?? providerFor(undefined, m.value),
    api: `pydantic_ai.realtime${info.method === 'answer_webrtc_offer' ? '.answer_webrtc_offer' : '.session'}`,
    sdk: 'pydantic-ai',
    operation: 'audio',
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    modelNode: m.node,
    model: m.value,
    build: b,
    params: {},
  };
}

addDefaults([
  {
    sdk: 'pydantic-evals',
    packages: { pypi: 'pydantic-evals' },
    key: 'model',
    value: 'gpt-5.2',
    source: "pydantic_evals/generation.py generate_dataset(model='openai:gpt-5.2')",
    asOf: '2026-12-06',
  },
]);

/** pydantic_evals' `generate_dataset(model=…, n_examples=…)`: one request that writes the test cases. */
function generateDataset(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  if (info.members.length || info.chain.root.type !== 'identifier') return undefined;
  const imp = info.importOf(info.chain.root.text);
  if (!imp || imp.name !== 'generate_dataset' || !imp.module.startsWith('pydantic_evals')) return undefined;
  const a = optionsArgs(info.call, ctx);
  const given = argValue(a, ['model']);
  const m = given ? pydanticModel(given, ctx) : undefined;
  const d = m ? undefined : sdkDefault('pydantic-evals', 'model', ctx, 'generate_dataset default model');
  const extra = argValue(a, ['extra_instructions']);
  if (extra) addText(info.build, extra, 'user', 0, ctx);
  return {
    provider: m?.provider ?? (m ? providerFor(undefined, m.value) : 'openai'),
    api: 'pydantic_evals.generate_dataset',
    sdk: 'pydantic-ai',
    modelNode: m?.node,
    model: m?.value ?? (d ? { kind: 'default', value: String(d.value), reason: d.reason } : { kind: 'unknown', reason: 'generate_dataset names no model' }),
    build: info.build,
    params: {},
  };
}

/**
 * `pydantic_ai.direct.model_request(model, messages)` and its sync/stream variants: one request to
 * the model, no agent.
 */
function directRequest(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  if (info.members.length || info.chain.root.type !== 'identifier') return undefined;
  const imp = info.importOf(info.chain.root.text);
  if (!imp || !/^model_request(_sync|_stream|_stream_sync)?$/.test(imp.name) || imp.module !== 'pydantic_ai.direct') return undefined;
  const a = optionsArgs(info.call, ctx);
  const m = pydanticModel(a.positional[0] ?? argValue(a, ['model']), ctx);
  const messages = a.positional[1] ?? argValue(a, ['messages']);
  if (messages) addText(info.build, messages, 'user', 0, ctx);
  const settings = argValue(a, ['model_settings']);
  const sa = settings ? valueArgs(single(resolveValue(settings, ctx)), ctx) : undefined;
  const value: Value = m?.value ?? { kind: 'unknown', reason: 'model_request names no model' };
  return {
    provider: m?.provider ?? providerFor(undefined, value),
    api: `pydantic_ai.direct.${imp.name}`,
    sdk: 'pydantic-ai',
    ...(m?.testDouble ? { testDouble: m.testDouble } : {}),
    modelNode: m?.node,
    model: value,
    build: info.build,
    outputCap: sa ? capOf(sa, ctx) : undefined,
    params: {},
  };
}

/**
 * `dataset.evaluate(task)` / `evaluate_sync(task)` of pydantic_evals: each case runs the task, and
 * the task's agent run is the bill (under `agent.override(model=…)` when the evaluation sits in one).
 */
function evaluateDataset(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  if (info.members.length < 1) return undefined;
  const obj = field(unwrap(info.callee), 'object');
  if (!obj || !fromEvals(obj, ctx)) return undefined;
  const a = optionsArgs(info.call, ctx);
  const task = a.positional[0] ?? argValue(a, ['task']);
  const fn = task ? callableOf(task, ctx) : undefined;
  if (fn?.kind !== 'function') return undefined;
  let agent: FrameworkObject | undefined;
  walk(fn.node, (n) => {
    if (agent) return false;
    const callee = calleeOf(n);
    const method = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
    if (!method || !['run', 'run_sync', 'run_stream', 'iter'].includes(method)) return;
    const r = classifyReceiver(field(callee!, 'object'), fn.ctx as PromptContext);
    if (r.type === 'framework' && r.framework === 'pydantic-ai' && r.kind === 'agent') agent = r;
  }, new Set(['call']));
  if (!agent) return undefined;
  const override = overrideAround(info.call, ctx);
  const m = override ?? pydanticModel(agent.args.positional[0] ?? argValue(agent.args, ['model']), { ...ctx, ...(agent.args.ctx ?? {}) });
  const sys = argValue(agent.args, ['instructions', 'system_prompt']);
  if (sys) addText(info.build, sys, 'system', 0, inArgs(agent.args, ctx));
  const value: Value = m?.value ?? { kind: 'unknown', reason: "the task's agent names no model" };
  return {
    provider: m?.provider ?? providerFor(undefined, value),
    api: `pydantic_evals.Dataset.${info.method}`,
    sdk: 'pydantic-ai',
    operation: 'agent-run',
    ...(m?.testDouble ? { testDouble: m.testDouble } : {}),
    modelNode: m?.node,
    model: value,
    build: info.build,
    params: {},
  };
}

/** Whether an expression holds a pydantic_evals object (`Dataset[…].from_file(…)`, `Dataset(cases=…)`). */
function fromEvals(node: Node, ctx: PromptContext): boolean {
  const v = single(resolveValue(node, { ...ctx, callers: true }));
  const made = v.kind === 'call' ? unwrap(v.node) : undefined;
  const callee = made ? calleeOf(made) : undefined;
  if (!callee) return false;
  let root = memberChain(callee).root;
  while (root.type === 'subscript' || root.type === 'call') root = memberChain(field(root, root.type === 'subscript' ? 'value' : 'function')!).root;
  if (root.type !== 'identifier') return false;
  const imp = (ctxOf(v, ctx) as PromptContext).scope.lookup(root.text, made!).imported;
  return !!imp && imp.module.startsWith('pydantic_evals');
}

/** The model of an `agent.override(model=…)` context the call sits in. */
function overrideAround(call: Node, ctx: PromptContext): ReturnType<typeof pydanticModel> {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type !== 'with_statement') continue;
    for (const clause of kids(p)) {
      for (const item of clause.type === 'with_clause' ? kids(clause) : []) {
        const c = item.type === 'with_item' ? unwrap(kids(item)[0]) : undefined;
        const callee = c ? calleeOf(c) : undefined;
        if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== 'override') continue;
        const m = argValue(argsOf(c!), ['model']);
        if (m) return pydanticModel(m, ctx);
      }
    }
  }
  return undefined;
}

export const pydanticAi: Framework = {
  id: 'pydantic-ai',
  callNames: ['run', 'run_sync', 'run_stream', 'iter', 'run_stream_events', 'realtime', 'answer_webrtc_offer', 'generate_dataset', 'evaluate', 'evaluate_sync', 'model_request', 'model_request_sync', 'model_request_stream', 'model_request_stream_sync'],
  objects: [
    { kind: 'agent', names: ['Agent'], modules: MODULES },
    { kind: 'model', names: Object.keys(MODEL_CLASSES), modules: MODULES },
    { kind: 'test-double', names: ['TestModel', 'FunctionModel'], modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (info.method === 'realtime' || info.method === 'answer_webrtc_offer') return realtime(info, ctx);
    if (info.method === 'generate_dataset') return generateDataset(info, ctx);
    if (info.method.startsWith('model_request')) return directRequest(info, ctx);
    if (info.method === 'evaluate' || info.method === 'evaluate_sync') return evaluateDataset(info, ctx);
    const agent = agentOf(info);
    if (!agent) return undefined;
    const b = info.build;
    const run = optionsArgs(info.call, ctx);
    // The model of the run: given to the run, else the agent's.
    const m = pydanticModel(argValue(run, ['model']), ctx) ?? pydanticModel(agent.args.positional[0] ?? argValue(agent.args, ['model']), { ...ctx, ...(agent.args.ctx ?? {}) });
    const a = inArgs(agent.args, ctx);
    for (const name of ['instructions', 'system_prompt']) {
      const n = argValue(agent.args, [name]);
      if (n) addText(b, n, 'system', 0, a);
    }
    const prompt = run.positional[0] ?? argValue(run, ['user_prompt']);
    if (prompt) addText(b, prompt, 'user', nextIndex(b), ctx);
    const history = argValue(run, ['message_history']);
    if (history) addMessages(b, history, ctx);
    const tools = argValue(agent.args, ['tools', 'toolsets']);
    if (tools) {
      // Tool calls and their results come back each request of the run.
      addStepsSoFar(b, 'requests so far (tool calls and results)');
      b.historyGrows = true;
    }
    const settings = (args: Args, c: PromptContext) => {
      const s = argValue(args, ['model_settings']);
      return s ? valueArgs(single(resolveValue(s, inArgs(args, c))), c) : undefined;
    };
    const runSettings = settings(run, ctx);
    const agentSettings = settings(agent.args, ctx);
    const cap = (runSettings ? capOf(runSettings, ctx) : undefined) ?? (agentSettings ? capOf(agentSettings, ctx) : undefined);
    const limit = requestLimit(run, ctx);
    const value: Value = m?.value ?? { kind: 'unknown', reason: 'the agent names no model (given at run time)' };
    return {
      // The model class or the `provider:` prefix says who bills (`CerebrasModel('gpt-oss-120b')` is Cerebras, not OpenAI).
      provider: m?.provider ?? providerFor(undefined, value),
      api: `pydantic_ai.${info.method}`,
      sdk: 'pydantic-ai',
      operation: 'agent-run',
      ...(m?.testDouble ? { testDouble: m.testDouble } : {}),
      modelNode: m?.node,
      model: value,
      build: b,
      outputCap: cap,
      params: { ...paramsOf(agent.args, ctx), ...(tools ? { tools: unwrap(tools).text.slice(0, 80) } : {}) },
      ...(tools ? { maxTurns: limit !== undefined ? { value: limit, param: 'usage_limits.request_limit', isDefault: false } : { value: 50, param: 'usage_limits.request_limit', isDefault: true, reason: 'up to 50 requests (pydantic-ai UsageLimits.request_limit default)' } } : {}),
    };
  },
};

