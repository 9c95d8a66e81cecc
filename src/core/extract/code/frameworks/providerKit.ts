// What the provider SDK detectors share: the client a method path hangs off, request bodies written
// as JSON (`json.dumps({...})`, `JSON.stringify(payload)`), output caps nested in a config object
// (`inferenceConfig.maxTokens`, `options.num_predict`), and the message list of a request.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, argsOf, calleeOf, dotted, field, unwrap } from '../ast';
import { capOf, DetectedCall, inArgs, missingModel, SKIP_SEGMENTS, valueArgs } from '../callKit';
import type { PromptContext } from '../prompts';
import { classifyReceiver, Receiver } from '../receivers';
import { argumentsFromCallers, contextFor, resolveValue, single, Value } from '../values';
import type { CallInfo, FrameworkObject } from './framework';

/**
 * The object `tail` members below the called method: `client` in `client.chat.complete` (tail 2),
 * `self.client` in `self.client.embeddings.create`; segments like `with_raw_response` are passed over.
 */
export function objectBelow(info: CallInfo, tail: number): Node | undefined {
  let cur = unwrap(info.callee);
  let steps = 0;
  const prop = (n: Node) => (n.type === 'attribute' ? field(n, 'attribute') : field(n, 'property'))?.text ?? '';
  while (cur.type === 'attribute' || cur.type === 'member_expression') {
    if (steps >= tail && !SKIP_SEGMENTS.has(prop(cur))) return cur;
    if (!SKIP_SEGMENTS.has(prop(cur))) steps++;
    const next = field(cur, 'object');
    if (!next) return undefined;
    cur = unwrap(next);
  }
  return steps >= tail ? cur : undefined;
}

/** Whether the members of the call end with `path` (each segment may list alternatives: `complete|stream`). */
export function endsWithPath(info: CallInfo, path: readonly string[]): boolean {
  const m = info.members;
  if (m.length < path.length) return false;
  return path.every((p, i) => p.split('|').includes(m[m.length - path.length + i]));
}

/** The receiver `tail` members below the method, classified. */
export function receiverBelow(info: CallInfo, tail: number, ctx: PromptContext): Receiver {
  if (tail === 1) return info.receiver();
  const n = objectBelow(info, tail);
  return n ? classifyReceiver(n, ctx) : { type: 'unknown', reason: 'no receiver' };
}

/** The receiver as an object of `framework` (of one of `kinds` when given). */
export function frameworkReceiver(r: Receiver, framework: string, kinds?: readonly string[]): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === framework && (!kinds || kinds.includes(r.kind)) ? r : undefined;
}

/** A JSON request body as arguments: `json.dumps({...})`, `JSON.stringify(payload)`, a dict, a dict built above. */
export function bodyArgs(node: Node | undefined, ctx: PromptContext, depth = 0): Args | undefined {
  if (!node || depth > 3) return undefined;
  const v = single(resolveValue(node, { ...ctx, callers: true }));
  if (v.kind === 'dict') return valueArgs(v, ctx);
  // `{k: v for k, v in payload.items() if v is not None}`: the payload, filtered.
  const copied = v.kind === 'unknown' && v.node ? comprehensionSource(unwrap(v.node)) : undefined;
  if (copied) return bodyArgs(copied, { ...ctx, ...contextFor(copied, ctx) }, depth + 1);
  // A body handed in as a parameter that reads as no one value (a comprehension in the caller): as the callers write it.
  if (v.kind === 'unknown') {
    for (const a of argumentsFromCallers(node, ctx)) {
      const body = bodyArgs(a.node, { ...ctx, ...a.ctx }, depth + 1);
      if (body) return body;
    }
  }
  if (v.kind === 'call') {
    const n = unwrap(v.node);
    const callee = calleeOf(n);
    const name = callee ? dotted(callee) ?? '' : '';
    // json.dumps(x), JSON.stringify(x), json.dumps(x).encode("utf-8"), orjson.dumps(x)
    if (/(^|\.)(dumps|stringify)$/.test(name)) return bodyArgs(argsOf(n).positional[0], v.ctx ? { ...ctx, ...v.ctx } : ctx, depth + 1);
    if (/\.encode$/.test(callee?.text ?? '') && callee) {
      const obj = field(unwrap(callee), 'object');
      return obj ? bodyArgs(obj, v.ctx ? { ...ctx, ...v.ctx } : ctx, depth + 1) : undefined;
    }
  }
  return undefined;
}

/** The dict a dict comprehension copies key by key (`{k: v for k, v in d.items() …}`): `d`. */
function comprehensionSource(n: Node): Node | undefined {
  if (n.type !== 'dictionary_comprehension') return undefined;
  const pair = n.namedChildren.find((c) => c?.type === 'pair');
  const loop = n.namedChildren.find((c) => c?.type === 'for_in_clause');
  const key = pair?.childForFieldName('key');
  const value = pair?.childForFieldName('value');
  const left = loop?.childForFieldName('left');
  const right = loop?.childForFieldName('right');
  if (!key || !value || !left || !right || key.type !== 'identifier' || value.type !== 'identifier') return undefined;
  // The pair is the loop's own `k, v`, unchanged.
  if (left.namedChildren.map((c) => c?.text).join(',') !== `${key.text},${value.text}`) return undefined;
  const items = unwrap(right);
  const callee = items.type === 'call' ? items.childForFieldName('function') : undefined;
  return callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'items' ? callee.childForFieldName('object') ?? undefined : undefined;
}

/** The arguments of a nested config object (`inferenceConfig`, `options`, `generationConfig`). */
export function nestedArgs(args: Args, names: readonly string[], ctx: PromptContext): { name: string; args: Args } | undefined {
  for (const name of names) {
    const n = args.named.get(name);
    if (!n) continue;
    const inner = valueArgs(single(resolveValue(n, { ...inArgs(args, ctx), callers: true })), inArgs(args, ctx));
    if (inner) return { name, args: inner };
  }
  return undefined;
}

/** Output caps under their own names in request bodies (Bedrock, Ollama, TGI, Titan). */
const BODY_CAPS = ['max_gen_len', 'maxTokenCount', 'max_new_tokens', 'maxTokens', 'num_predict'];
const NESTED_CAP_OBJECTS = ['inferenceConfig', 'textGenerationConfig', 'generationConfig', 'generation_config', 'options', 'parameters', 'sampling_params'];

/** The output cap of a request: top level, then under its config objects. */
export function bodyCap(args: Args, ctx: PromptContext): DetectedCall['outputCap'] {
  const top = capOf(args, ctx) ?? namedCap(args, ctx);
  if (top) return top;
  for (const name of NESTED_CAP_OBJECTS) {
    const inner = nestedArgs(args, [name], ctx);
    if (!inner) continue;
    const c = capOf(inner.args, ctx) ?? namedCap(inner.args, ctx);
    if (c) return { ...c, param: `${name}.${c.param}` };
  }
  return undefined;
}

function namedCap(args: Args, ctx: PromptContext): DetectedCall['outputCap'] {
  for (const name of BODY_CAPS) {
    const n = args.named.get(name);
    if (!n) continue;
    const v = single(resolveValue(n, { ...inArgs(args, ctx), callers: true }));
    if (v.kind === 'number' && v.value > 0) return { tokens: v.value, param: name, node: n };
  }
  return undefined;
}

/** A model argument's value, as detectors return it: read where the arguments are written. */
export function modelValue(node: Node | undefined, args: Args | undefined, ctx: PromptContext, missing: string): Value {
  return node ? resolveValue(node, { ...inArgs(args, ctx), callers: true }) : { kind: 'unknown', reason: args ? missingModel(args, ctx, missing) : missing };
}
