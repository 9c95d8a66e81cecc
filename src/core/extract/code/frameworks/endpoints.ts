// Priced endpoints other than chat, on the OpenAI client (and the clients that copy it): embeddings,
// images, speech, transcriptions; Google GenAI's `models.embed_content` / `embedContent` and
// `generate_images` / `generate_videos`; google.generativeai's `genai.embed_content`; and the OpenAI SDK before 1.0
// (`openai.ChatCompletion.create`, `openai.Embedding.create`). Each is its own kind (`operation`),
// priced on its model: an embedding has no output.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, isCall, unwrap } from '../ast';
import { capOf, DetectedCall, nextIndex, Operation, optionsArgs, paramsOf, providerFor } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, Receiver } from '../receivers';
import { contextFor, ctxOf, resolveValue, single, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework } from './framework';
import { clientRoute } from './openaiCompatible';
import { endsWithPath, modelValue, receiverBelow } from './providerKit';

addDefaults([
  {
    sdk: 'openai',
    packages: { npm: 'openai', pypi: 'openai' },
    key: 'imageModel',
    value: 'dall-e-2',
    source: 'openai-python src/openai/resources/images.py Images.generate(): "model … Defaults to `dall-e-2` unless a parameter specific to the GPT image models is used" (openai-node src/resources/images.ts says the same)',
    asOf: '2026-12-06',
  },
]);

/** Parameters only the GPT image models take: with one of them, the API picks a GPT image model. */
const GPT_IMAGE_PARAMS = ['background', 'moderation', 'output_compression', 'outputCompression', 'output_format', 'outputFormat', 'partial_images', 'partialImages', 'input_fidelity', 'inputFidelity'];

type Model = Value | { kind: 'default'; value: string; reason: string };

/** An OpenAI-style client (or the module-level client), or a receiver this family cannot rule out. */
function openAiLike(r: Receiver): boolean {
  if (r.type === 'client') return r.sdk === 'openai';
  if (r.type === 'module') return r.module === 'openai';
  return r.type === 'unknown';
}

function endpointSite(info: CallInfo, ctx: PromptContext, recv: Receiver, api: string, operation: Operation, args: Args, model: Model, modelNode?: Node): DetectedCall {
  const route = clientRoute(recv, model);
  return {
    ...route,
    api,
    operation,
    modelNode,
    model,
    build: info.build,
    outputCap: operation === 'embedding' ? undefined : capOf(args, ctx),
    params: { ...paramsOf(args, ctx), ...(args.named.get('n') ? { n: args.named.get('n')!.text } : {}) },
  };
}

/** The model of a realtime session config: its `model`, or the options given to `OpenAIRealtimeSIP.buildInitialConfig`. */
function sessionModel(node: Node | undefined, ctx: PromptContext): { value: Model; node?: Node } {
  const none = { value: { kind: 'unknown', reason: 'the realtime session config names no model' } as Model };
  if (!node) return none;
  // `const config = await OpenAIRealtimeSIP.buildInitialConfig(agent, options)`: the call as written.
  // Followed, it is the SDK's method body where its source is in the workspace (its own examples),
  // whose return is a payload it builds.
  const nc = { ...ctx, ...contextFor(node, ctx) };
  const written = unwrap(node).type === 'identifier' ? nc.scope.lookup(unwrap(node).text, unwrap(node)).value : undefined;
  if (written && isCall(unwrap(written))) {
    const c = calleeOf(unwrap(written));
    if (c && /(^|\.)buildInitialConfig$/.test(c.text)) return sessionModel(argsOf(unwrap(written)).positional[1], nc);
  }
  const v = single(resolveValue(node, ctx));
  const vc = { ...ctx, ...ctxOf(v, ctx) };
  if (v.kind === 'dict') {
    const m = v.entries.get('model');
    return m ? { value: resolveValue(m, { ...vc, callers: true }), node: m } : none;
  }
  if (v.kind === 'call') {
    const c = calleeOf(unwrap(v.node));
    if (c && /(^|\.)buildInitialConfig$/.test(c.text)) return sessionModel(argsOf(unwrap(v.node)).positional[1], vc);
  }
  return none;
}

export const endpoints: Framework = {
  id: 'endpoints',
  callNames: ['accept', 'create', 'generate', 'edit', 'create_variation', 'createVariation', 'embed_content', 'embedContent', 'generate_images', 'generateImages', 'generate_videos', 'generateVideos', 'connect', 'acreate'],
  detect(info, ctx) {
    const args = optionsArgs(info.call, ctx);
    const m = argValue(args, ['model']);
    const model = modelValue(m, args, ctx, 'no model argument');
    const b = info.build;

    // client.embeddings.create(model=…, input=…)
    if (endsWithPath(info, ['embeddings', 'create']) && info.members.length >= 2) {
      const recv = receiverBelow(info, 2, ctx);
      if (!openAiLike(recv) || (recv.type === 'unknown' && !(m && args.named.has('input')))) return undefined;
      addText(b, args.named.get('input'), 'user', 0, ctx);
      return endpointSite(info, ctx, recv, 'embeddings', 'embedding', args, model, m);
    }
    // client.images.generate / edit / create_variation(model=…, prompt=…)
    if (endsWithPath(info, ['images', 'generate|edit|create_variation|createVariation']) && info.members.length >= 2) {
      const recv = receiverBelow(info, 2, ctx);
      if (!openAiLike(recv) || (recv.type === 'unknown' && !args.named.has('prompt') && !args.named.has('image'))) return undefined;
      addText(b, args.named.get('prompt'), 'user', 0, ctx);
      let value: Model = model;
      if (!m) {
        const gptImage = GPT_IMAGE_PARAMS.find((p) => args.named.has(p));
        const d = gptImage ? undefined : sdkDefault('openai', 'imageModel', ctx, 'OpenAI image default model');
        value = d ? { kind: 'default', value: String(d.value), reason: d.reason } : { kind: 'unknown', reason: gptImage ? `no model: \`${gptImage}\` makes the API pick a GPT image model` : 'no model argument' };
      }
      return endpointSite(info, ctx, recv, `images.${info.method}`, 'image', args, value, m);
    }
    // client.audio.speech.create / audio.transcriptions.create / audio.translations.create
    if (endsWithPath(info, ['audio', 'speech|transcriptions|translations', 'create']) && info.members.length >= 3) {
      const recv = receiverBelow(info, 3, ctx);
      if (!openAiLike(recv) || (recv.type === 'unknown' && !m)) return undefined;
      if (info.members[info.members.length - 2] === 'speech') addText(b, args.named.get('input'), 'user', 0, ctx);
      else addText(b, args.named.get('prompt'), 'user', 0, ctx);
      return endpointSite(info, ctx, recv, `audio.${info.members[info.members.length - 2]}`, 'audio', args, model, m);
    }
    // client.realtime.calls.accept(callId, session): a SIP call answered by a realtime session on the
    // session's model. The Agents SDK builds that session with `OpenAIRealtimeSIP.buildInitialConfig(agent, { model })`.
    if (endsWithPath(info, ['realtime', 'calls', 'accept']) && info.members.length >= 3) {
      const recv = receiverBelow(info, 3, ctx);
      if (!openAiLike(recv)) return undefined;
      const raw = argsOf(info.call);
      const session = sessionModel(raw.positional[1] ?? raw.named.get('session'), ctx);
      b.parts.push({ role: 'user', message: 0, source: 'unknown', text: '', dynamic: { kind: 'user-data', name: 'the call (audio)', volatile: true } });
      return endpointSite(info, ctx, recv, 'realtime.calls.accept', 'audio', raw, session.value, session.node);
    }
    // Google GenAI: client.models.embed_content / ai.models.embedContent / models.generate_images, and
    // models.generate_videos (Veo; media generation, as the AI SDK's generateVideo is)
    if (endsWithPath(info, ['models', 'embed_content|embedContent|generate_images|generateImages|generate_videos|generateVideos'])) {
      const embedding = /embed/i.test(info.method);
      addText(b, args.named.get('contents') ?? args.named.get('prompt'), 'user', 0, ctx);
      return { provider: 'google', api: `models.${info.method}`, sdk: 'google-genai', operation: embedding ? 'embedding' : 'image', modelNode: m, model, build: b, params: paramsOf(args, ctx) };
    }
    // Gemini Live: `client.aio.live.connect(model=…, config=…)` (`ai.live.connect({ model, config })`)
    // opens a session whose turns are its requests; audio when the config asks for AUDIO replies.
    if (endsWithPath(info, ['live', 'connect']) && info.members.length >= 2) {
      const recv = receiverBelow(info, 2, ctx);
      if (recv.type !== 'client' || recv.sdk !== 'google-genai') return undefined;
      const cfg = args.named.get('config');
      const cv = cfg ? single(resolveValue(cfg, { ...ctx, callers: true })) : undefined;
      const audio = !!cfg && /\bAUDIO\b/.test(cv?.node?.text ?? cfg.text);
      b.parts.push({ role: 'user', message: nextIndex(b), source: 'unknown', text: '', dynamic: { kind: 'history', name: 'the live session so far', volatile: true } });
      return { provider: 'google', api: 'live.connect', sdk: 'google-genai', ...(audio ? { operation: 'audio' as const } : {}), modelNode: m, model, build: b, params: paramsOf(args, ctx) };
    }
    // google.generativeai: genai.embed_content(model="models/text-embedding-004", content=…)
    if (info.method === 'embed_content' && info.members.length === 1) {
      const recv = info.receiver();
      if (recv.type !== 'module' || !recv.module.startsWith('google.generativeai')) return undefined;
      addText(b, args.named.get('content'), 'user', 0, ctx);
      return { provider: 'google', api: 'embed_content', sdk: 'google-generativeai', operation: 'embedding', modelNode: m, model, build: b, params: paramsOf(args, ctx) };
    }
    // openai < 1.0: openai.ChatCompletion.create / Completion.create / Embedding.create / Image.create
    if (info.members.length === 2 && ['create', 'acreate'].includes(info.method)) {
      const kind = info.members[0];
      if (!['ChatCompletion', 'Completion', 'Embedding', 'Image'].includes(kind)) return undefined;
      const root = receiverBelow(info, 2, ctx);
      if (root.type !== 'module' || root.module !== 'openai') return undefined;
      const mv = m ?? argValue(args, ['engine', 'deployment_id']);
      const value = modelValue(mv, args, ctx, 'no model argument');
      if (kind === 'ChatCompletion') addMessages(b, args.named.get('messages'), ctx);
      else addText(b, args.named.get('prompt') ?? args.named.get('input'), 'user', nextIndex(b), ctx);
      const operation: Operation = kind === 'Embedding' ? 'embedding' : kind === 'Image' ? 'image' : 'chat';
      return { provider: providerFor('openai', value), api: `${kind}.${info.method}`, sdk: 'openai', ...(operation !== 'chat' ? { operation } : {}), modelNode: mv, model: value, build: b, outputCap: operation === 'embedding' ? undefined : capOf(args, ctx), params: paramsOf(args, ctx) };
    }
    return undefined;
  },
};
