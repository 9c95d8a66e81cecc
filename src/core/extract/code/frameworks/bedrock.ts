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
import type { CallInfo, Framework } from './framework';
import { bodyArgs, bodyCap, frameworkReceiver, modelValue } from './providerKit';

const METHODS = ['converse', 'converse_stream', 'invoke_model', 'invoke_model_with_response_stream'];
const COMMANDS = ['ConverseCommand', 'ConverseStreamCommand', 'InvokeModelCommand', 'InvokeModelWithResponseStreamCommand'];
const JS_MODULE = '@aws-sdk/client-bedrock-runtime';

export const bedrock: Framework = {
  id: 'bedrock',
  callNames: [...METHODS, 'send', 'converseStream', 'invokeModel', 'invokeModelWithResponseStream'],
  objects: [
    { kind: 'boto3-client', names: ['client'], modules: ['boto3'] },
    { kind: 'boto3-session', names: ['Session'], modules: ['boto3', 'boto3.session'] },
    { kind: 'runtime-client', names: ['BedrockRuntimeClient', 'BedrockRuntime'], modules: [JS_MODULE] },
    { kind: 'command', names: COMMANDS, modules: [JS_MODULE] },
  ],
  detect(info, ctx) {
    if (info.members.length < 1) return undefined;
    if (info.method === 'send') return jsSend(info, ctx);
    if (METHODS.includes(info.method)) return pythonCall(info, ctx);
    // The JS aggregated client: `new BedrockRuntime({…}).converse({…})`.
    const js = { converseStream: 'converse_stream', invokeModel: 'invoke_model', invokeModelWithResponseStream: 'invoke_model_with_response_stream' }[info.method];
    if (js && frameworkReceiver(info.receiver(), 'bedrock', ['runtime-client'])) return request(info, optionsArgs(info.call, ctx), js, ctx);
    return undefined;
  },
};

/** boto3: the client is `boto3.client('bedrock-runtime')` (or a session's), else the method and `modelId` say it. */
function pythonCall(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const args = optionsArgs(info.call, ctx);
  const recv = runtimeClient(field(unwrap(info.callee), 'object'), ctx);
  if (recv === false) return undefined;
  // A client of unknown origin (a parameter, a botocore BaseClient): converse/invoke_model with a
  // modelId is Bedrock's runtime API and nothing else's.
  if (recv === undefined && !args.named.has('modelId')) return undefined;
  return request(info, args, info.method, ctx);
}

/**
 * Whether the object is a Bedrock runtime client: true, false (a boto3 client of another service),
 * or undefined when its origin is not known.
 */
function runtimeClient(node: Node | undefined, ctx: PromptContext): boolean | undefined {
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
  if (sv?.kind === 'string') return sv.value === 'bedrock-runtime';
  return undefined;
}

/** JS: `client.send(new ConverseCommand({…}))`, the command built inline or in a variable. */
function jsSend(info: CallInfo, ctx: PromptContext): DetectedCall | undefined {
  const cmd = callArgsOf(info.call, ctx).positional[0];
  if (!cmd) return undefined;
  const r = classifyReceiver(cmd, ctx);
  const command = frameworkReceiver(r, 'bedrock', ['command']);
  if (!command) return undefined;
  const method = { ConverseCommand: 'converse', ConverseStreamCommand: 'converse_stream', InvokeModelCommand: 'invoke_model', InvokeModelWithResponseStreamCommand: 'invoke_model_with_response_stream' }[command.ctor] ?? 'converse';
  return request(info, command.args, method, ctx);
}

/** Model ids whose requests are embeddings or images. */
function operationOf(model: Value): Operation {
  const id = stringOptions(model)[0]?.value ?? '';
  if (/embed/i.test(id)) return 'embedding';
  if (/(titan-image|nova-canvas|nova-reel|stability\.|stable-diffusion|sd3|image-generator)/i.test(id)) return 'image';
  return 'chat';
}

function request(info: CallInfo, args: Args, method: string, ctx: PromptContext): DetectedCall {
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
