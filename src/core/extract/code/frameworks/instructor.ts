// instructor: a provider client wrapped for structured output — `instructor.from_openai(OpenAI())`,
// `from_anthropic(Anthropic())`, `from_provider("openai/gpt-4o")`, `from_litellm(completion)`, the
// older `instructor.patch(OpenAI())` — then `client.chat.completions.create(response_model=…)`,
// `client.messages.create(…)`, `client.create(…)` and the `create_partial` / `create_iterable` /
// `create_with_completion` variants. The provider is the wrapped client's; the model is the call's
// `model=` (else the one the client was made with). A response that fails validation is asked
// again: `max_retries` bounds the attempts (3 for an Instructor client's methods, 1 for a patched
// client's, since instructor 1.0).
import type { Node } from '@vscode/tree-sitter-wasm';
import { capOf, DetectedCall, inArgs, modelOf, optionsArgs, paramsOf, providerFor } from '../callKit';
import { addMessages, addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import { field, unwrap } from '../ast';
import { resolveValue, single, stringOptions, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { parameterAnnotation } from './instances';
import { parseLiteLlmId } from './modelIds';

const MODULES = ['instructor'];
const PYPI = { pypi: 'instructor' };

// Read from instructor's own source (github.com/567-labs/instructor).
addDefaults([
  { sdk: 'instructor', packages: PYPI, key: 'maxTurns', versions: '>=1.0.0', value: 3, source: 'instructor/client.py:44 Instructor.create max_retries: int | Retrying = 3 (1.8.3; client.py:68 `max_retries: int = 3` in 1.0.0), a tenacity stop_after_attempt(max_retries) in retry.py', asOf: '2026-12-06' },
  { sdk: 'instructor.patch', packages: PYPI, key: 'maxTurns', value: 1, source: 'instructor/patch.py:43 new_create_sync max_retries: int | Retrying = 1 (patch.py:36 in 1.0.0, the same in 0.6)', asOf: '2026-12-06' },
]);

/** `from_*` factories by the provider they wrap (the wrapped client decides when it is an SDK client). */
const FACTORIES: Record<string, string | undefined> = {
  from_openai: 'openai',
  from_anthropic: 'anthropic',
  from_gemini: 'google',
  from_genai: 'google',
  from_vertexai: 'google',
  from_mistral: 'mistral',
  from_cohere: 'cohere',
  from_groq: 'groq',
  from_fireworks: 'fireworks',
  from_cerebras: 'cerebras',
  from_perplexity: 'perplexity',
  from_bedrock: 'aws',
  from_litellm: undefined,
  from_provider: undefined,
  patch: 'openai',
  apatch: 'openai',
};

/** Path segments between the client and the method: `client.chat.completions.create`, `client.messages.create`. */
const PASS_THROUGH = new Set(['chat', 'completions', 'messages']);

interface ClientInfo {
  obj?: FrameworkObject;
  provider?: string;
  /** The model the client was made with (`from_provider("openai/gpt-4o")`, `from_openai(c, model=…)`). */
  model?: { node?: Node; value: Value };
  patched: boolean;
}

/** The client a call hangs off (`client` in `client.chat.completions.create`), as the code made it. */
function clientOf(info: CallInfo, ctx: PromptContext): ClientInfo | undefined {
  let cur = unwrap(info.callee);
  // Up from the method through `chat`, `completions`, `messages`.
  cur = field(cur, 'object') ?? cur;
  while (cur.type === 'attribute' && PASS_THROUGH.has(field(cur, 'attribute')?.text ?? '')) cur = unwrap(field(cur, 'object')!);
  const r = classifyReceiver(cur, ctx);
  if (r.type === 'framework' && r.framework === 'instructor') return describe(r, ctx);
  // `client: Instructor` / `AsyncInstructor`: a parameter its callers give.
  const annotated = annotatedInstructor(cur, ctx);
  if (annotated) return { patched: false };
  return undefined;
}

function annotatedInstructor(node: Node, ctx: PromptContext): boolean {
  const a = parameterAnnotation(node, ctx);
  return !!a && (a.name === 'Instructor' || a.name === 'AsyncInstructor') && a.module.startsWith('instructor');
}

function describe(obj: FrameworkObject, ctx: PromptContext): ClientInfo {
  const a = obj.args;
  const c = inArgs(a, ctx);
  const patched = obj.ctor === 'patch' || obj.ctor === 'apatch';
  if (obj.ctor === 'from_provider') {
    const m = a.positional[0] ?? argValue(a, ['model']);
    const v = m ? single(resolveValue(m, { ...c, callers: true })) : undefined;
    if (v?.kind === 'string') {
      // `openai/gpt-4o`: instructor's own provider/model split.
      const slash = v.value.indexOf('/');
      const prefix = slash > 0 ? v.value.slice(0, slash) : '';
      const id = slash > 0 ? v.value.slice(slash + 1) : v.value;
      const provider = prefix === 'google' || prefix === 'gemini' || prefix === 'vertexai' ? 'google' : prefix === 'bedrock' ? 'aws' : prefix || undefined;
      return { obj, provider, model: { node: m, value: { ...v, value: id } }, patched };
    }
    return { obj, model: m ? { node: m, value: v ?? { kind: 'unknown', reason: 'from_provider model' } } : undefined, patched };
  }
  let provider = FACTORIES[obj.ctor];
  const inner = a.positional[0] ?? argValue(a, ['client']);
  if (inner && obj.ctor !== 'from_litellm') {
    const r = classifyReceiver(inner, c);
    if (r.type === 'client') provider = r.azure ? 'azure' : r.provider;
  }
  const m = argValue(a, ['model']);
  return { obj, provider, model: m ? { node: m, value: resolveValue(m, { ...c, callers: true }) } : undefined, patched };
}

/** `max_retries=3`, `max_retries=Retrying(stop=stop_after_attempt(3))`: the attempts. */
function attempts(node: Node | undefined, ctx: PromptContext): number | undefined {
  if (!node) return undefined;
  const v = single(resolveValue(node, { ...ctx, callers: true }));
  if (v.kind === 'number') return v.value;
  const m = /stop_after_attempt\(\s*(\d+)\s*\)/.exec(v.node?.text ?? node.text);
  return m ? Number(m[1]) : undefined;
}

export const instructor: Framework = {
  id: 'instructor',
  callNames: ['create', 'create_partial', 'create_iterable', 'create_with_completion'],
  objects: [{ kind: 'client', names: Object.keys(FACTORIES), modules: MODULES }],
  detect(info, ctx): DetectedCall | undefined {
    const client = clientOf(info, ctx);
    if (!client) return undefined;
    const b = info.build;
    const args = optionsArgs(info.call, ctx);
    const given = modelOf(args, ['model'], ctx);
    let value: Value = given.node ? given.value : client.model?.value ?? { kind: 'unknown', reason: 'no model argument, and the client was made without one' };
    let provider = client.provider;
    if (client.obj?.ctor === 'from_litellm' || (!provider && stringOptions(value).some((o) => o.value.includes('/')))) {
      // LiteLLM ids through from_litellm.
      const first = stringOptions(value)[0];
      const p = first ? parseLiteLlmId(first.value) : undefined;
      if (p?.provider) provider = p.provider;
      if (first && p) value = value.kind === 'string' ? { ...value, value: p.model } : value;
    }
    const system = argValue(args, ['system']);
    if (system) addText(b, system, 'system', 0, ctx);
    const messages = argValue(args, ['messages']);
    if (messages) addMessages(b, messages, ctx);
    const mr = argValue(args, ['max_retries']);
    const n = attempts(mr, ctx);
    const d = n === undefined ? sdkDefault(client.patched ? 'instructor.patch' : 'instructor', 'maxTurns', ctx, `${client.patched ? 'patched client' : 'Instructor'} max_retries default`) : undefined;
    const tries = n ?? Number(d?.value ?? 3);
    const responseModel = argValue(args, ['response_model']);
    const members = info.members;
    const api = `instructor.${members.slice(members.findIndex((m) => PASS_THROUGH.has(m) || m.startsWith('create'))).join('.')}`;
    return {
      provider: provider === 'aws' || provider === 'azure' ? provider : providerFor(provider, value),
      api,
      sdk: 'instructor',
      modelNode: given.node ?? client.model?.node,
      model: value,
      build: b,
      outputCap: capOf(args, ctx),
      params: { ...paramsOf(args, ctx), ...(responseModel ? { response_model: unwrap(responseModel).text.slice(0, 80) } : {}) },
      structuredOutput: true,
      maxTurns: {
        value: tries,
        param: 'max_retries',
        isDefault: n === undefined,
        // Retries happen only when validation fails: one attempt is what a call is expected to make.
        expected: 1,
        expectedReason: 'a retry bound: one attempt expected (another only when the response fails validation)',
        reason: `up to ${tries} attempt${tries === 1 ? '' : 's'} (${n !== undefined ? `max_retries=${mr!.text.length > 40 ? tries : mr!.text}` : d?.reason ?? 'the instructor max_retries default'}): a response that fails validation is asked again`,
      },
    };
  },
};
