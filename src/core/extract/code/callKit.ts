// What every call-site detector uses: the call's arguments (a JS options object's, splatted dicts,
// a runner's), the model, the output cap and the request parameters read from them, the provider a
// model id implies. The SDK patterns (detect.ts) and the framework detectors (frameworks/) share it.
import type { Node } from '@vscode/tree-sitter-wasm';
import { inferProviderFromModel } from '../provider';
import { Args, argsOf, calleeOf, isCall, memberChain, objectArgs, unwrap } from './ast';
import type { PromptBuild, PromptContext } from './prompts';
import { argValue } from './receivers';
import { ctxOf, requestBodyRead, resolveValue, single, stringOptions, Value, withSplats } from './values';
import type { ReasoningSetting } from '../../estimate/reasoning';
import type { BuiltinTool } from '../../pricing/toolFees';
import type { EntryKindName } from '../../model';

/** What a call is, as far as pricing cares: a chat request, an agent run, or another priced endpoint. */
export type Operation = 'chat' | 'agent-run' | 'embedding' | 'image' | 'audio';

export interface DetectedCall {
  /** A chat request (default), an agent run, an embedding… (embeddings have no output). */
  operation?: Operation;
  /** The model is a test double (a mock, a fake, a scripted model): no bill, kept out of totals and findings. */
  testDouble?: string;
  /** A model served by the user (Ollama, vLLM, transformers): no API bill. */
  selfHosted?: string;
  /** What the call says about reasoning (an effort, a thinking budget, thinking off). */
  reasoning?: ReasoningSetting;
  /** The system-prompt argument as written (Anthropic `system=`), for fixes that wrap it. */
  systemArg?: { start: number; end: number };
  provider: string;
  api: string;
  sdk: string;
  modelNode?: Node;
  model: Value | { kind: 'default'; value: string; reason: string };
  build: PromptBuild;
  outputCap?: { tokens: number; param: string; node: Node };
  params: Record<string, unknown>;
  /** Agents SDK turns / LangChain agent iterations declared at the call. */
  /**
   * The run's bound (a cap: `max_turns`, `max_iter`, `max_retries`), and, when the detector knows
   * better than the default rule (no tools: 1, tools: 1 + the tool rounds prior), what a run is
   * expected to make of it (a retry: 1).
   */
  /**
   * The turns bound of an agent run; `runs`: the runs the bound is shared by (a crew's tasks, each
   * run by its agent, × its kickoffs), each expected to make an agent's turns. `unbounded`: the
   * framework sets no bound: the worst case assumes `costlens.defaults.unboundedSteps` turns of
   * `value` calls each (1, or 2 where each turn selects a speaker) and says it is unbounded; the
   * expectation is the prior. `runs.withTools`: how many of the runs are by agents with tools (the
   * others are expected to answer in one request), where they differ.
   */
  maxTurns?: { value: number; param: string; isDefault: boolean; reason?: string; expected?: number; expectedReason?: string; runs?: { count: number; label: string; withTools?: number }; unbounded?: boolean };
  /** RAG settings that size the retrieved context (`similarity_top_k`). */
  rag?: { k: number; param: string };
  structuredOutput?: boolean;
  /**
   * What triggers the call when no function around it says (module-level code a framework serves:
   * an ADK module's `root_agent`, run by `adk web` / `adk api_server` per user message).
   */
  entry?: { kind: EntryKindName; label: string };
}

export const SKIP_SEGMENTS = new Set(['with_raw_response', 'with_streaming_response', 'withResponse', 'asResponse', 'aio', 'beta']);
export const OUTPUT_CAPS = ['max_tokens', 'max_tokens_to_sample', 'max_completion_tokens', 'max_output_tokens', 'maxTokens', 'maxOutputTokens', 'max_new_tokens', 'maxCompletionTokens', 'num_predict'];

export function lastMembers(members: string[]): string[] {
  return members.filter((m) => !SKIP_SEGMENTS.has(m));
}

export function endsWith(members: string[], tail: string[]): boolean {
  if (members.length < tail.length) return false;
  return tail.every((t, i) => {
    const m = members[members.length - tail.length + i];
    return t.split('|').includes(m);
  });
}

/** A call's arguments (a JS options object's properties), with what splatted dicts built above it add. */
export function optionsArgs(call: Node, ctx: PromptContext): Args {
  const a = callArgsOf(call, ctx);
  const first = a.positional[0] ? unwrap(a.positional[0]) : undefined;
  const out = first?.type === 'object' && a.named.size === 0 ? objectArgs(first, { positional: a.positional.slice(1), named: new Map(), spread: a.spread }) : a;
  return withSplats(out, ctx);
}

/** The arguments a call passes to the method it invokes (through a runner: those after the method). */
export function callArgsOf(call: Node, ctx: PromptContext): Args {
  return ctx.via && call === ctx.call ? ctx.via.args : argsOf(call);
}

/** The context a receiver's arguments resolve in (another file, a helper's body), with the call's own. */
export function inArgs(args: Args | undefined, ctx: PromptContext): PromptContext {
  return args?.ctx ? { ...ctx, ...args.ctx } : ctx;
}

/** The arguments of a config object a value is (`GenerateContentConfig(…)`, a dict). */
export function valueArgs(v: Value, ctx: PromptContext): Args | undefined {
  const c = ctxOf(v, ctx);
  if (v.kind === 'dict') return { positional: [], named: v.entries, spread: false, ctx: c };
  if (v.kind === 'call') return { ...optionsArgs(v.node, { ...ctx, ...c }), ctx: c };
  return undefined;
}

export function capOf(args: Args, ctx: PromptContext, extra?: Args): DetectedCall['outputCap'] {
  for (const source of [args, extra]) {
    if (!source) continue;
    const c = { ...inArgs(source, ctx), callers: true };
    for (const name of OUTPUT_CAPS) {
      const n = source.named.get(name);
      if (!n) continue;
      const v = resolveValue(n, c);
      // Several caps (callers differ): the largest bounds the output.
      const nums = (v.kind === 'union' ? v.options : [v]).filter((o): o is Extract<Value, { kind: 'number' }> => o.kind === 'number' && o.value > 0);
      if (nums.length) return { tokens: Math.max(...nums.map((o) => o.value)), param: name, node: n };
    }
    // config={"max_output_tokens": …} / config: { maxOutputTokens } / generation_config / GenerateContentConfig(max_output_tokens=…)
    for (const cfgName of ['config', 'generation_config', 'generationConfig', 'model_kwargs', 'providerOptions']) {
      const cfg = source.named.get(cfgName);
      if (!cfg) continue;
      const inner = valueArgs(single(resolveValue(cfg, c)), c);
      if (inner) {
        const r = capOf(inner, ctx);
        if (r) return { ...r, param: `${cfgName}.${r.param}` };
      }
    }
  }
  return undefined;
}

/** The model argument: followed through files, helpers and callers (several values when callers differ). */
export function modelOf(args: Args, names: string[], ctx: PromptContext): { node?: Node; value: Value } {
  const node = argValue(args, names);
  return { node, value: node ? resolveValue(node, { ...inArgs(args, ctx), callers: true }) : { kind: 'unknown', reason: missingModel(args, ctx, `no ${names[0]} argument`) } };
}

/**
 * No model written, but arguments spread in (`create({ ...body, stream: false })`, `create(**params)`)
 * whose content is not known here: the model is in them, so say where they come from (a proxy route
 * forwarding the request body, a caller's options) rather than that there is no model argument.
 */
export function missingModel(args: Args, ctx: PromptContext, missing: string): string {
  const s = args.splats?.[0];
  if (!s || !args.spread) return missing;
  const v = single(resolveValue(s, { ...inArgs(args, ctx), callers: true }));
  if (v.kind !== 'unknown' && v.kind !== 'call') return missing;
  const what = unwrap(s).text.replace(/\s+/g, ' ');
  const shown = what.length > 40 ? `${what.slice(0, 39)}…` : what;
  if (v.node && requestBodyRead(v.node, v.ctx ?? ctx)) return `\`model\` comes from the request body (\`${shown}\` is spread into the call)`;
  const from = v.kind === 'call' ? `a call to \`${v.callee}\`` : v.reason;
  return `\`model\` comes from \`${shown}\` spread into the call${from ? ` (${from})` : ''}`;
}

export function paramsOf(args: Args, ctx: PromptContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const c = inArgs(args, ctx);
  for (const k of ['temperature', 'top_p', 'topP', 'n', 'tools', 'tool_choice', 'response_format', 'responseFormat', 'reasoning_effort', 'reasoning', 'service_tier', 'prompt_cache_key', 'stream', 'schema', 'output']) {
    const n = args.named.get(k);
    if (!n) continue;
    const v = single(resolveValue(n, c));
    out[k] = v.kind === 'string' || v.kind === 'number' || v.kind === 'bool' ? v.value : n.text.length > 80 ? n.text.slice(0, 77) + '…' : n.text;
  }
  const tools = builtinToolsOf(args, ctx);
  if (tools.length) out.builtinTools = tools;
  const choices = choicesOf(args, ctx);
  if (choices) {
    out.choices = choices.count;
    out.choicesParam = choices.param;
  }
  return out;
}

// Built-in (server-side) tools as the request names them: a `type` (OpenAI Responses, Anthropic
// Messages), a key (Gemini `{"google_search": {}}`, `types.Tool(google_search=…)`), or a factory
// (AI SDK `openai.tools.webSearch()`, Agents SDK `WebSearchTool()`, `types.GoogleSearch()`).
const TOOL_TYPES: [RegExp, BuiltinTool][] = [
  [/^web_search_preview/, 'web_search_preview'],
  [/^web_search(_\d+)?$/, 'web_search'],
  [/^file_search$/, 'file_search'],
  [/^code_interpreter$/, 'code_interpreter'],
  [/^computer(_use)?(_preview)?(_\d+)?$/, 'computer_use'],
  [/^web_fetch(_\d+)?$/, 'web_fetch'],
  [/^code_execution(_\d+)?$/, 'code_execution'],
];
const TOOL_KEYS: Record<string, BuiltinTool> = {
  google_search: 'google_search',
  googleSearch: 'google_search',
  google_search_retrieval: 'google_search',
  googleSearchRetrieval: 'google_search',
  code_execution: 'code_execution',
  codeExecution: 'code_execution',
  url_context: 'url_context',
  urlContext: 'url_context',
};
// Factories under a provider's `tools` namespace (AI SDK), and classes that only build a hosted tool.
const TOOL_FACTORIES: [RegExp, BuiltinTool][] = [
  [/^webSearchPreview$/, 'web_search_preview'],
  [/^webSearch(_\d+)?$/, 'web_search'],
  [/^fileSearch$/, 'file_search'],
  [/^codeInterpreter$/, 'code_interpreter'],
  [/^computer(Use)?(_\d+)?$/, 'computer_use'],
  [/^webFetch(_\d+)?$/, 'web_fetch'],
  [/^codeExecution(_\d+)?$/, 'code_execution'],
  [/^googleSearch(Retrieval)?$/, 'google_search'],
  [/^urlContext$/, 'url_context'],
];
const TOOL_CLASSES: Record<string, BuiltinTool> = {
  WebSearchTool: 'web_search',
  webSearchTool: 'web_search',
  FileSearchTool: 'file_search',
  fileSearchTool: 'file_search',
  CodeInterpreterTool: 'code_interpreter',
  codeInterpreterTool: 'code_interpreter',
  ComputerTool: 'computer_use',
  computerTool: 'computer_use',
  GoogleSearch: 'google_search',
  GoogleSearchRetrieval: 'google_search',
  ToolCodeExecution: 'code_execution',
  UrlContext: 'url_context',
};

function collectTools(node: Node, ctx: PromptContext, out: Set<BuiltinTool>, depth: number): void {
  if (depth > 4) return;
  const v = resolveValue(node, ctx);
  for (const o of v.kind === 'union' ? v.options : [v]) {
    const c: PromptContext = { ...ctx, ...ctxOf(o, ctx) };
    if (o.kind === 'list') {
      for (const item of o.items) collectTools(item, c, out, depth + 1);
    } else if (o.kind === 'dict') {
      const type = o.entries.get('type');
      if (type) {
        // A typed tool: a function tool's schema below it names no built-in tool.
        for (const t of stringOptions(resolveValue(type, c))) {
          const hit = TOOL_TYPES.find(([re]) => re.test(t.value));
          if (hit) out.add(hit[1]);
        }
        continue;
      }
      for (const [key, value] of o.entries) {
        if (TOOL_KEYS[key]) out.add(TOOL_KEYS[key]);
        else collectTools(value, c, out, depth + 1);
      }
    } else if (o.kind === 'call') {
      const call = unwrap(o.node);
      if (!isCall(call)) continue;
      const callee = calleeOf(call);
      const chain = callee ? memberChain(callee) : undefined;
      const name = chain?.members.length ? chain.members[chain.members.length - 1] : chain?.root.type === 'identifier' ? chain.root.text : undefined;
      if (!name) continue;
      const cls = Object.prototype.hasOwnProperty.call(TOOL_CLASSES, name) ? TOOL_CLASSES[name] : undefined;
      const factory = chain!.members.slice(0, -1).includes('tools') ? TOOL_FACTORIES.find(([re]) => re.test(name))?.[1] : undefined;
      if (cls ?? factory) {
        out.add((cls ?? factory)!);
        continue;
      }
      // `types.Tool(google_search=types.GoogleSearch())`
      for (const [key, value] of argsOf(call).named) {
        if (Object.prototype.hasOwnProperty.call(TOOL_KEYS, key)) out.add(TOOL_KEYS[key]);
        else if (key === 'tools') collectTools(value, c, out, depth + 1);
      }
    }
  }
}

/** The built-in tools a request enables: its `tools`, or its Gemini config's. */
export function builtinToolsOf(args: Args, ctx: PromptContext): BuiltinTool[] {
  const out = new Set<BuiltinTool>();
  const c = inArgs(args, ctx);
  const tools = args.named.get('tools');
  if (tools) collectTools(tools, c, out, 0);
  for (const cfgName of ['config', 'generation_config', 'generationConfig']) {
    const cfg = args.named.get(cfgName);
    if (!cfg) continue;
    const inner = valueArgs(single(resolveValue(cfg, c)), c);
    const t = inner?.named.get('tools');
    if (inner && t) collectTools(t, inArgs(inner, ctx), out, 0);
  }
  return [...out].sort();
}

/** Answers asked for per request (`n`, Gemini `candidate_count`): each is billed as output. */
export function choicesOf(args: Args, ctx: PromptContext): { count: number; param: string } | undefined {
  const c = inArgs(args, ctx);
  const num = (n: Node | undefined, inCtx: PromptContext) => {
    const v = n ? single(resolveValue(n, inCtx)) : undefined;
    return v?.kind === 'number' && Number.isInteger(v.value) && v.value > 1 ? v.value : undefined;
  };
  for (const name of ['n', 'candidate_count', 'candidateCount']) {
    const count = num(args.named.get(name), c);
    if (count) return { count, param: name };
  }
  for (const cfgName of ['config', 'generation_config', 'generationConfig']) {
    const cfg = args.named.get(cfgName);
    if (!cfg) continue;
    const inner = valueArgs(single(resolveValue(cfg, c)), c);
    if (!inner) continue;
    for (const name of ['candidate_count', 'candidateCount']) {
      const count = num(inner.named.get(name), inArgs(inner, ctx));
      if (count) return { count, param: `${cfgName}.${name}` };
    }
  }
  return undefined;
}

export function providerFor(receiverProvider: string | undefined, model: Value | { kind: 'default'; value: string }): string {
  const id = model.kind === 'string' || model.kind === 'default' ? model.value : model.kind === 'union' ? stringOptions(model)[0]?.value : undefined;
  const inferred = id ? inferProviderFromModel(id) : 'unknown';
  if (inferred !== 'unknown') return inferred;
  return receiverProvider ?? 'unknown';
}

export function nextIndex(b: PromptBuild): number {
  return b.parts.length ? b.parts[b.parts.length - 1].message + 1 : 0;
}

/** What an agent loop sends back each step (its tool calls and their results, the steps so far): a growing, volatile history message. */
export function addStepsSoFar(b: PromptBuild, name: string): void {
  b.parts.push({ role: 'tool', message: nextIndex(b), source: 'unknown', text: '', dynamic: { kind: 'history', name, volatile: true } });
}

/**
 * Reasoning settings among a call's (or a chat model's) arguments: `reasoning_effort`,
 * `reasoning={"effort": …}`, `thinking={"type": "enabled", "budget_tokens": …}`, Gemini's
 * `config.thinking_config.thinking_budget`, and the same inside `providerOptions` (AI SDK).
 */
export function reasoningOf(args: Args, ctx: PromptContext, prefix = ''): ReasoningSetting | undefined {
  const c = inArgs(args, ctx);
  const str = (n: Node | undefined) => {
    const v = n ? single(resolveValue(n, c)) : undefined;
    return v?.kind === 'string' ? v.value : undefined;
  };
  const num = (n: Node | undefined) => {
    const v = n ? single(resolveValue(n, c)) : undefined;
    return v?.kind === 'number' ? v.value : undefined;
  };
  const sub = (name: string) => {
    const n = args.named.get(name);
    return n ? valueArgs(single(resolveValue(n, c)), c) : undefined;
  };
  for (const name of ['reasoning_effort', 'reasoningEffort']) {
    const e = str(args.named.get(name));
    if (e) return { effort: e, param: `${prefix}${name}` };
  }
  const reasoning = sub('reasoning');
  const effort = reasoning ? str(reasoning.named.get('effort')) : undefined;
  if (effort) return { effort, param: `${prefix}reasoning.effort` };
  const thinking = sub('thinking');
  if (thinking) {
    const type = str(thinking.named.get('type'));
    if (type === 'disabled') return { off: true, param: `${prefix}thinking.type` };
    const budget = num(thinking.named.get('budget_tokens') ?? thinking.named.get('budgetTokens'));
    if (budget !== undefined) return { budget, param: `${prefix}thinking.budget_tokens` };
    if (type === 'enabled' || type === 'adaptive') return { effort: 'medium', param: `${prefix}thinking` };
  }
  for (const name of ['thinking_config', 'thinkingConfig']) {
    const t = sub(name);
    const budget = t ? num(t.named.get('thinking_budget') ?? t.named.get('thinkingBudget')) : undefined;
    if (budget !== undefined) return budget < 0 ? { effort: 'dynamic', param: `${prefix}${name}` } : { budget, param: `${prefix}${name}.thinking_budget` };
    const level = t ? str(t.named.get('thinking_level') ?? t.named.get('thinkingLevel')) : undefined;
    if (level) return { effort: level, param: `${prefix}${name}.thinking_level` };
  }
  for (const name of ['config', 'generation_config', 'generationConfig']) {
    const inner = sub(name);
    const r = inner ? reasoningOf(inner, ctx, `${prefix}${name}.`) : undefined;
    if (r) return r;
  }
  const po = sub('providerOptions');
  if (po) {
    for (const [provider] of po.named) {
      const inner = (() => {
        const n = po.named.get(provider);
        return n ? valueArgs(single(resolveValue(n, inArgs(po, ctx))), ctx) : undefined;
      })();
      const r = inner ? reasoningOf(inner, ctx, `${prefix}providerOptions.${provider}.`) : undefined;
      if (r) return r;
    }
  }
  return undefined;
}

/**
 * `{ llm }` (a shorthand property) stands for the expression its name is bound to: the object,
 * not what following its factory through the workspace would give.
 */
export function shorthandTarget(node: Node, ctx: PromptContext): Node {
  const u = unwrap(node);
  if (u.type !== 'shorthand_property_identifier') return node;
  const found = ctx.scope.lookup(u.text, u);
  return found.value && !found.param ? found.value : node;
}
