// AWS Bedrock runtime: boto3 `client('bedrock-runtime').converse / converse_stream / invoke_model /
// invoke_model_with_response_stream(modelId=…, …)` and JS `@aws-sdk/client-bedrock-runtime`
// `client.send(new ConverseCommand({ modelId, messages, inferenceConfig: { maxTokens } }))` /
// `InvokeModelCommand({ modelId, body: JSON.stringify({...}) })`. The model id (`anthropic.claude-3-
// haiku-20240307-v1:0`, a `us.` inference profile) is priced as AWS bills it; `invoke_model`'s JSON
// body says the prompt and the cap in the model family's own keys; Titan/Cohere embedding models are
// embeddings, image models images.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, field, memberChain, unwrap } from '../ast';
import { callArgsOf, DetectedCall, inArgs, nextIndex, Operation, optionsArgs, paramsOf } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import { resolveValue, single, stringOptions, Value } from '../values';
import { own } from '../../../util/own';
import type { CallInfo, Framework } from './framework';
import { urlText } from './hosts';
import { bodyArgs, bodyCap, frameworkReceiver, modelValue } from './providerKit';

const METHODS = ['converse', 'converse_stream', 'invoke_model', 'invoke_model_with_response_stream'];
/** bedrock-agent-runtime: a knowledge base's retrieval and generation, an agent, a retrieval (query embedding). */
const AGENT_METHODS = ['retrieve_and_generate', 'retrieve_and_generate_stream', 'invoke_agent', 'retrieve'];
const COMMANDS: Record<string, string> = {
  ConverseCommand: 'converse',
  ConverseStreamCommand: 'converse_stream',
  InvokeModelCommand: 'invoke_model',
  InvokeModelWithResponseStreamCommand: 'invoke_model_with_response_stream',
  RetrieveAndGenerateCommand: 'retrieve_and_generate',
  RetrieveAndGenerateStreamCommand: 'retrieve_and_generate_stream',
  InvokeAgentCommand: 'invoke_agent',
  RetrieveCommand: 'retrieve',
};
const JS_MODULES = ['@aws-sdk/client-bedrock-runtime', '@aws-sdk/client-bedrock-agent-runtime'];

export const bedrock: Framework = {
  id: 'bedrock',
  callNames: [...METHODS, ...AGENT_METHODS, 'send', 'converseStream', 'invokeModel', 'invokeModelWithResponseStream'],
  objects: [
    { kind: 'boto3-client', names: ['client'], modules: ['boto3'] },
    { kind: 'boto3-session', names: ['Session'], modules: ['boto3', 'boto3.session'] },
    { kind: 'runtime-client', names: ['BedrockRuntimeClient', 'BedrockRuntime'], modules: JS_MODULES },
    { kind: 'command', names: Object.keys(COMMANDS), modules: JS_MODULES },
  ],
  detect(info, ctx) {
    if (info.members.length < 1) return undefined;
    if (info.method === 'send') return jsSend(info, ctx);
    if (METHODS.includes(info.method) || AGENT_METHODS.includes(info.method)) return pythonCall(info, ctx);
    // The JS aggregated client: `new BedrockRuntime({…}).converse({…})`.
    const js = { converseStream: 'converse_stream', invokeModel: 'invoke_model', invokeModelWithResponseStream: 'invoke_model_with_response_stream' }[info.method];
    if (js && frameworkReceiver(info.receiver(), 'bedrock', ['runtime-client'])) return request(info, optionsArgs(info.call, ctx), js, ctx);
    return undefined;
  },
};

/** boto3: the client is `boto3.client('bedrock-runtime')` (or a session's), else the method and `modelId` say it. */
function pythonCall(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const args = optionsArgs(info.call, ctx);
  const agent = AGENT_METHODS.includes(info.method);
  const recv = runtimeClient(field(unwrap(info.callee), 'object'), ctx, agent ? 'bedrock-agent-runtime' : 'bedrock-runtime');
  if (recv === false) return undefined;
  // A client of unknown origin (a parameter, a botocore BaseClient): converse/invoke_model with a
  // modelId is Bedrock's runtime API and nothing else's (the agent runtime's calls need a known client).
  if (recv === undefined && (agent || !args.named.has('modelId'))) return undefined;
  return request(info, args, info.method, ctx);
}

/**
 * Whether the object is a Bedrock runtime client: true, false (a boto3 client of another service),
 * or undefined when its origin is not known.
 */
function runtimeClient(node: Node | undefined, ctx: PromptContext, wanted: string): boolean | undefined {
  if (!node) return undefined;
  if (unwrap(node).type === 'identifier' && unwrap(node).text === 'boto3') return false;
  const r = classifyReceiver(node, ctx);
  let service: Node | undefined;
  let at: PromptContext = ctx;
  const client = frameworkReceiver(r, 'bedrock', ['boto3-client']);
  if (client) {
    service = client.args.positional[0] ?? client.args.named.get('service_name');
    at = inArgs(client.args, ctx);
  } else if (r.type === 'unknown') {
    // session.client('bedrock-runtime') with session = boto3.Session(…)
    const v = single(resolveValue(node, { ...ctx, callers: true }));
    if (v.kind !== 'call') return undefined;
    const callee = calleeOf(unwrap(v.node));
    if (!callee || memberChain(callee).members.slice(-1)[0] !== 'client') return undefined;
    at = v.ctx ? { ...ctx, ...v.ctx } : ctx;
    if (!frameworkReceiver(classifyReceiver(field(unwrap(callee), 'object'), at), 'bedrock', ['boto3-session'])) return undefined;
    const a = argsOf(unwrap(v.node));
    service = a.positional[0] ?? a.named.get('service_name');
  } else return r.type === 'framework' && r.framework === 'bedrock' ? undefined : false;
  const sv = service ? single(resolveValue(service, { ...at, callers: true })) : undefined;
  if (sv?.kind === 'string') return sv.value === wanted;
  return undefined;
}

/** JS: `client.send(new ConverseCommand({…}))`, the command built inline or in a variable. */
function jsSend(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const cmd = callArgsOf(info.call, ctx).positional[0];
  if (!cmd) return undefined;
  const r = classifyReceiver(cmd, ctx);
  const command = frameworkReceiver(r, 'bedrock', ['command']);
  if (!command) return undefined;
  // `new InvokeModelCommand(input)` with the input object built above.
  const first = command.args.positional[0];
  const input = !command.args.named.size && first ? bodyArgs(first, inArgs(command.args, ctx)) : undefined;
  return request(info, input ?? command.args, own(COMMANDS, command.ctor) ?? 'converse', ctx);
}

/** Model ids whose requests are embeddings or images. */
function operationOf(model: Value): Operation {
  const id = stringOptions(model)[0]?.value ?? '';
  if (/embed/i.test(id)) return 'embedding';
  if (/(titan-image|nova-canvas|nova-reel|stability\.|stable-diffusion|sd3|image-generator)/i.test(id)) return 'image';
  return 'chat';
}

function request(info: CallInfo, args: Args, method: string, ctx: PromptContext): DetectedCall {
  if (AGENT_METHODS.includes(method)) return agentRequest(info, args, method, ctx);
  const c = inArgs(args, ctx);
  const m = argValue(args, ['modelId', 'model_id']);
  const model = modelValue(m, args, ctx, 'no modelId argument');
  const operation = operationOf(model);
  const b = info.build;
  let cap: DetectedCall['outputCap'];
  if (method.startsWith('converse')) {
    addText(b, args.named.get('system'), 'system', 0, c);
    addMessages(b, args.named.get('messages'), c);
    cap = bodyCap(args, ctx);
  } else {
    // invoke_model: the prompt and the cap are in the JSON body, in the model family's own keys.
    const body = bodyArgs(args.named.get('body'), c);
    if (body) {
      const bc = inArgs(body, c);
      addText(b, body.named.get('system'), 'system', 0, bc);
      if (body.named.has('messages')) addMessages(b, body.named.get('messages'), bc);
      const text = body.named.get('prompt') ?? body.named.get('inputText') ?? body.named.get('message') ?? body.named.get('texts') ?? body.named.get('text');
      if (text) addText(b, text, 'user', nextIndex(b), bc);
      const t2i = body.named.get('textToImageParams');
      if (t2i) {
        const tv = single(resolveValue(t2i, bc));
        if (tv.kind === 'dict') addText(b, tv.entries.get('text'), 'user', nextIndex(b), bc);
      }
      cap = operation === 'chat' ? bodyCap(body, ctx) : undefined;
    }
  }
  return {
    provider: 'aws',
    api: `bedrock.${method}`,
    sdk: 'bedrock',
    ...(operation !== 'chat' ? { operation } : {}),
    modelNode: m,
    model,
    build: b,
    outputCap: operation === 'embedding' ? undefined : cap,
    params: paramsOf(args, ctx),
  };
}

/**
 * bedrock-agent-runtime: `retrieve_and_generate` generates with the model its configuration's
 * `modelArn` names (after its knowledge base's retrieval); `invoke_agent` runs an agent whose model is
 * configured in AWS; `retrieve` embeds the query with the knowledge base's embedding model.
 */
function agentRequest(info: CallInfo, args: Args, method: string, ctx: PromptContext): DetectedCall {
  const c = inArgs(args, ctx);
  const b = info.build;
  const text = (n: Node | undefined) => {
    const v = n ? single(resolveValue(n, c)) : undefined;
    return v?.kind === 'dict' ? v.entries.get('text') : n;
  };
  let model: Value = { kind: 'unknown', reason: method === 'invoke_agent' ? 'a Bedrock agent: its model is configured in AWS' : "the knowledge base's embedding model is configured in AWS" };
  let modelNode: Node | undefined;
  if (method.startsWith('retrieve_and_generate')) {
    addText(b, text(args.named.get('input')), 'user', 0, c);
    const arn = findKey(args.named.get('retrieveAndGenerateConfiguration'), 'modelArn', c, 0);
    const url = arn ? urlText(arn, c) : undefined;
    const id = url?.replace(/^.*\/(foundation-model|inference-profile)\//, '');
    modelNode = arn;
    model = id && !id.includes('\u0000') && id !== url ? { kind: 'string', value: id, node: arn! } : { kind: 'unknown', reason: arn ? 'the modelArn is built at run time' : 'no modelArn in the configuration' };
  } else if (method === 'invoke_agent') addText(b, args.named.get('inputText'), 'user', 0, c);
  else addText(b, text(args.named.get('retrievalQuery')), 'user', 0, c);
  const operation: Operation = method === 'retrieve' ? 'embedding' : method === 'invoke_agent' ? 'agent-run' : 'chat';
  return { provider: 'aws', api: `bedrock.${method}`, sdk: 'bedrock', ...(operation !== 'chat' ? { operation } : {}), modelNode, model, build: b, params: paramsOf(args, ctx) };
}

/** The node under `key` anywhere inside a nested configuration dict (a few levels down). */
function findKey(node: Node | undefined, key: string, ctx: PromptContext, depth: number): Node | undefined {
  if (!node || depth > 4) return undefined;
  const v = single(resolveValue(node, ctx));
  if (v.kind !== 'dict') return undefined;
  const direct = v.entries.get(key);
  if (direct) return direct;
  for (const inner of v.entries.values()) {
    const found = findKey(inner, key, v.ctx ? { ...ctx, ...v.ctx } : ctx, depth + 1);
    if (found) return found;
  }
  return undefined;
}
