// Claude Agent SDK (Python `claude_agent_sdk`, older `claude_code_sdk`; TS
// `@anthropic-ai/claude-agent-sdk`, older `@anthropic-ai/claude-code`): `query(prompt=…, options=
// ClaudeAgentOptions(model=…, max_turns=…))` and `ClaudeSDKClient(options).query(…)`. Each is an
// agent run of Claude Code; without `model` the SDK passes no `--model` and the Claude Code CLI's
// default applies (an assumption, said so); without `max_turns` the run has no turn limit.
import type { Node } from '@vscode/tree-sitter-wasm';
import { Args, field, kids, unwrap } from '../ast';
import { addStepsSoFar, DetectedCall, inArgs, modelOf, nextIndex, optionsArgs, providerFor, valueArgs } from '../callKit';
import { addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver, Receiver } from '../receivers';
import { resolveValue, single } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';

const PY_MODULES = ['claude_agent_sdk', 'claude_code_sdk'];
const JS_MODULES = ['@anthropic-ai/claude-agent-sdk', '@anthropic-ai/claude-code'];

addDefaults([
  {
    sdk: 'claude-agent-sdk',
    packages: { pypi: 'claude-agent-sdk', npm: '@anthropic-ai/claude-agent-sdk' },
    key: 'model',
    value: 'claude-sonnet-4-6',
    source:
      'assumed: claude_agent_sdk/types.py:2036 "Defaults to the CLI default model" (no --model is passed, _internal/transport/subprocess_cli.py:613); the Claude Code CLI defaults API-key users to Sonnet, which resolves to Sonnet 4.6 on the Anthropic API (code.claude.com/docs/en/model-config); subscription accounts may default to Opus',
    asOf: '2026-12-06',
  },
]);

function ours(r: Receiver): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'claude-agent-sdk' && r.kind === 'client' ? r : undefined;
}

/** `async with ClaudeSDKClient(options) as client:` binds `client` to the object the with-item makes. */
function withTarget(name: Node, ctx: PromptContext): Receiver | undefined {
  if (name.type !== 'identifier') return undefined;
  for (let p = name.parent; p; p = p.parent) {
    if (p.type !== 'with_statement') continue;
    const clause = kids(p).find((k) => k.type === 'with_clause');
    for (const item of clause ? kids(clause) : []) {
      const pattern = kids(item).find((k) => k.type === 'as_pattern');
      const alias = pattern ? field(pattern, 'alias') ?? kids(pattern).at(-1) : undefined;
      if (alias && alias.text === name.text) return classifyReceiver(kids(pattern!)[0], ctx);
    }
  }
  return undefined;
}

/** The options of a run: a `ClaudeAgentOptions(...)` / `ClaudeCodeOptions(...)` call or a dict / object. */
function optionsOf(node: Node | undefined, ctx: PromptContext): Args | undefined {
  if (!node) return undefined;
  return valueArgs(single(resolveValue(node, ctx)), ctx);
}

function run(info: CallInfo, options: Args | undefined, prompt: Node | undefined, ctx: PromptContext, api: string): DetectedCall {
  const b = info.build;
  const o = options ? inArgs(options, ctx) : ctx;
  const sys = options ? argValue(options, ['system_prompt', 'systemPrompt']) : undefined;
  if (sys) addText(b, sys, 'system', 0, o);
  if (prompt) addText(b, prompt, 'user', nextIndex(b), ctx);
  // Claude Code's tools run between its turns: their results come back each turn.
  addStepsSoFar(b, 'turns so far (tool calls and results)');
  b.historyGrows = true;
  const m = options ? modelOf(options, ['model'], ctx) : undefined;
  const dflt = m?.node ? undefined : sdkDefault('claude-agent-sdk', 'model', ctx, 'Claude Code default model');
  const model: DetectedCall['model'] = m?.node ? m.value : dflt ? { kind: 'default', value: String(dflt.value), reason: dflt.reason } : { kind: 'unknown', reason: 'no model option' };
  const mt = options ? argValue(options, ['max_turns', 'maxTurns']) : undefined;
  const mv = mt ? single(resolveValue(mt, o)) : undefined;
  const tools = options ? argValue(options, ['allowed_tools', 'allowedTools']) : undefined;
  return {
    provider: providerFor('anthropic', model),
    api,
    sdk: 'claude-agent-sdk',
    operation: 'agent-run',
    modelNode: m?.node,
    model,
    build: b,
    // Claude Code has its built-in tools unless the options narrow them.
    params: { tools: tools ? unwrap(tools).text.slice(0, 80) : "Claude Code's built-in tools" },
    ...(mv?.kind === 'number' ? { maxTurns: { value: mv.value, param: mt!.text.includes('max_turns') || options?.named.has('max_turns') ? 'max_turns' : 'maxTurns', isDefault: false, reason: `up to ${mv.value} turn${mv.value === 1 ? "" : "s"} (${options?.named.has('max_turns') ? 'max_turns' : 'maxTurns'} ${mv.value})` } } : {}),
  };
}

export const claudeAgentSdk: Framework = {
  id: 'claude-agent-sdk',
  callNames: ['query'],
  objects: [
    { kind: 'client', names: ['ClaudeSDKClient'], modules: PY_MODULES },
    { kind: 'options', names: ['ClaudeAgentOptions', 'ClaudeCodeOptions'], modules: PY_MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    // query(prompt=…, options=…) / query({ prompt, options }) imported from the SDK.
    if (!info.members.length && info.chain.root.type === 'identifier') {
      const imp = info.importOf(info.chain.root.text);
      if (!imp || imp.name !== 'query' || ![...PY_MODULES, ...JS_MODULES].some((m) => imp.module === m || imp.module.startsWith(`${m}.`) || imp.module.startsWith(`${m}/`))) return undefined;
      const a = optionsArgs(info.call, ctx);
      return run(info, optionsOf(argValue(a, ['options']), inArgs(a, ctx)), argValue(a, ['prompt']) ?? a.positional[0], ctx, 'claude_agent_sdk.query');
    }
    if (info.members.length !== 1) return undefined;
    const recvNode = unwrap(info.chain.root);
    const r = info.receiver();
    const client = ours(r) ?? ours(withTarget(recvNode, ctx) ?? { type: 'unknown', reason: '' });
    if (!client) return undefined;
    const a = optionsArgs(info.call, ctx);
    const options = optionsOf(argValue(client.args, ['options']) ?? client.args.positional[0], inArgs(client.args, ctx));
    return run(info, options, argValue(a, ['prompt']) ?? a.positional[0], ctx, 'ClaudeSDKClient.query');
  },
};
