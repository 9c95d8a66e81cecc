// browser-use (`from browser_use import Agent`): `Agent(task=…, llm=…).run()` / `.run_sync()` is an
// agent run that drives a browser, one model call per step (the page's state, the history so far and
// the task each time) up to `max_steps`. The model is the `llm=`: browser-use's own chat classes
// (`browser_use.ChatOpenAI(model=…)`, `ChatAnthropic`, `ChatGoogle`…) since 0.3, LangChain chat
// models before. Without `llm`, browser-use uses its own cloud model (ChatBrowserUse) or the
// DEFAULT_LLM setting: not read here.
import type { Node } from '@vscode/tree-sitter-wasm';
import { DetectedCall, inArgs, nextIndex, optionsArgs, providerFor } from '../callKit';
import { addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver } from '../receivers';
import { resolveValue, single, Value } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { langchainModel } from './langgraph';
import { bareIds } from './modelIds';

const MODULES = ['browser_use'];
const PYPI = { pypi: 'browser-use' };

addDefaults([
  { sdk: 'browser-use', packages: PYPI, key: 'maxTurns', versions: '>=0.11.9', value: 500, source: 'browser_use/agent/service.py Agent.run(max_steps: int = 500) and run_sync (commit 995cb01 "updated default max step to 500", first in browser-use 0.11.9; line 2508 in 0.13.8)', asOf: '2026-12-06' },
  { sdk: 'browser-use', packages: PYPI, key: 'maxTurns', versions: '<0.11.9', value: 100, source: 'browser_use/agent/service.py Agent.run(max_steps: int = 100) (browser-use 0.1.0–0.11.8)', asOf: '2026-12-06' },
]);

/** browser-use's default system prompt, measured (o200k_base) on browser-use 0.13.8's system_prompt.md. */
const SYSTEM_PROMPT_TOKENS = 5248;

/** browser-use's own chat classes → who bills them (as the price catalogue names providers). */
const CHAT_CLASSES: Record<string, string> = {
  ChatOpenAI: 'openai',
  ChatAzureOpenAI: 'azure',
  ChatAnthropic: 'anthropic',
  ChatAnthropicBedrock: 'aws',
  ChatAWSBedrock: 'aws',
  ChatGoogle: 'google',
  ChatGroq: 'groq',
  ChatDeepSeek: 'deepseek',
  ChatMistral: 'mistral',
  ChatCerebras: 'cerebras',
  ChatOpenRouter: 'openrouter',
  ChatOllama: 'ollama',
  ChatLiteLLM: 'unknown',
  ChatVercel: 'unknown',
  ChatOCIRaw: 'unknown',
  ChatBrowserUse: 'browser-use',
};

type Model = { value: Value; node?: Node; provider?: string; selfHosted?: string; testDouble?: string };

function ours(r: ReturnType<typeof classifyReceiver>, kind: string): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'browser-use' && r.kind === kind ? r : undefined;
}

/** The model an agent's `llm=` is: one of browser-use's chat classes, or a LangChain chat model. */
function llmModel(node: Node | undefined, ctx: PromptContext): Model {
  if (!node) return { value: { kind: 'unknown', reason: "no llm: browser-use's own cloud model (ChatBrowserUse) or its DEFAULT_LLM setting" } };
  const own = ours(classifyReceiver(node, ctx), 'model');
  if (own) {
    const m = argValue(own.args, ['model']) ?? own.args.positional[0];
    const c = inArgs(own.args, ctx);
    if (own.ctor === 'ChatBrowserUse') return { value: { kind: 'unknown', reason: 'ChatBrowserUse: a Browser Use Cloud model, billed by Browser Use' }, node: m };
    const value: Value = m ? resolveValue(m, { ...c, callers: true }) : { kind: 'unknown', reason: `${own.ctor} without a model` };
    if (own.ctor === 'ChatLiteLLM') {
      const ids = bareIds(value);
      return { value: ids.value, node: m, provider: ids.provider, selfHosted: ids.selfHosted };
    }
    const provider = CHAT_CLASSES[own.ctor];
    return { value, node: m, ...(provider === 'ollama' ? { selfHosted: 'Ollama' } : provider !== 'unknown' ? { provider } : {}) };
  }
  const lc = langchainModel(node, ctx);
  return lc ? { value: lc.value.kind === 'default' ? { kind: 'string', value: lc.value.value, node } : lc.value, node: lc.node, provider: lc.provider, selfHosted: lc.selfHosted, testDouble: lc.testDouble } : { value: { kind: 'unknown', reason: 'the llm could not be read' } };
}

function agentRun(info: CallInfo, agent: FrameworkObject, ctx: PromptContext): DetectedCall {
  const b = info.build;
  const a = agent.args;
  const ac = inArgs(a, ctx);
  const m = llmModel(argValue(a, ['llm']), ac);
  // browser-use's system prompt (its actions and rules), then what the code adds to it, then the task.
  b.parts.push({ role: 'system', message: 0, source: 'unknown', text: '', dynamic: { kind: 'unknown', name: "browser-use's system prompt", volatile: false, size: { low: SYSTEM_PROMPT_TOKENS, expected: SYSTEM_PROMPT_TOKENS, high: SYSTEM_PROMPT_TOKENS, basis: `browser_use/agent/system_prompts/system_prompt.md (${SYSTEM_PROMPT_TOKENS} o200k tokens in browser-use 0.13.8), before the actions' schema` } } });
  const extend = argValue(a, ['extend_system_message', 'override_system_message']);
  if (extend) addText(b, extend, 'system', 0, ac);
  const task = argValue(a, ['task']) ?? a.positional[0];
  if (task) addText(b, task, 'user', nextIndex(b), ac);
  // Each step sends the page's state (elements, and a screenshot with vision) and the steps so far.
  b.parts.push({ role: 'user', message: nextIndex(b), source: 'unknown', text: '', dynamic: { kind: 'history', name: 'page state and steps so far', volatile: true } });
  b.historyGrows = true;
  const run = optionsArgs(info.call, ctx);
  const stated = argValue(run, ['max_steps']) ?? run.positional[0];
  const sv = stated ? single(resolveValue(stated, { ...ctx, callers: true })) : undefined;
  const d = sv?.kind === 'number' ? undefined : sdkDefault('browser-use', 'maxTurns', ctx, 'browser-use max_steps default');
  const steps = sv?.kind === 'number' ? sv.value : Number(d?.value ?? 500);
  return {
    provider: m.provider ?? providerFor(undefined, m.value),
    api: `browser_use.Agent.${info.method}`,
    sdk: 'browser-use',
    operation: 'agent-run',
    ...(m.selfHosted ? { selfHosted: m.selfHosted } : {}),
    ...(m.testDouble ? { testDouble: m.testDouble } : {}),
    modelNode: m.node,
    model: m.value,
    build: b,
    params: { tools: "browser-use's browser actions" },
    maxTurns: { value: steps, param: 'max_steps', isDefault: sv?.kind !== 'number', reason: `up to ${steps} steps (${sv?.kind === 'number' ? `max_steps=${steps} given to ${info.method}` : d?.reason ?? 'the browser-use max_steps default'}), one model call each` },
  };
}

export const browserUse: Framework = {
  id: 'browser-use',
  callNames: ['run', 'run_sync'],
  objects: [
    { kind: 'agent', names: ['Agent'], modules: MODULES },
    { kind: 'model', names: Object.keys(CHAT_CLASSES), modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    if (info.members.length !== 1) return undefined;
    const agent = ours(info.receiver(), 'agent');
    return agent ? agentRun(info, agent, ctx) : undefined;
  },
};
