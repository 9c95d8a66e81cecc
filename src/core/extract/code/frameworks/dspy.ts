// DSPy: a predictor module (`dspy.Predict`, `ChainOfThought`, `ReAct`, `ProgramOfThought`…) called
// as a function (`qa(question=q)`, `self.generate_answer(context=c, question=q)`) or through
// `.forward` / `.acall`. The model is not at the call: it is the LM of the `with dspy.context(lm=…)`
// (or `dspy.settings.context`) around it, else the one `dspy.configure(lm=…)` (or
// `dspy.settings.configure`) sets, in this file or anywhere in the workspace (a global). `dspy.LM`
// takes LiteLLM ids (`openai/gpt-4o-mini`); its default output cap changed with the version, as did
// ReAct's `max_iters`. Calls of the workspace's own `dspy.Module` classes orchestrate predictors and
// are not call sites; optimizers' `compile` loops are not understood.
import type { Node } from '@vscode/tree-sitter-wasm';
import { argsOf, calleeOf, field, isCall, kids, memberChain, unwrap } from '../ast';
import { addStepsSoFar, capOf, DetectedCall, inArgs, nextIndex, optionsArgs, providerFor } from '../callKit';
import { addText, PromptContext } from '../prompts';
import { argValue, classifyReceiver, Receiver } from '../receivers';
import { importedAs, resolveValue, single, stringOptions, Value, ValueContext } from '../values';
import { addDefaults, sdkDefault } from './defaults';
import type { CallInfo, Framework, FrameworkObject } from './framework';
import { bareIds } from './modelIds';

const MODULES = ['dspy'];
const PYPI = { pypi: 'dspy' };

// Read from DSPy's own source at each release tag (github.com/stanfordnlp/dspy).
addDefaults([
  { sdk: 'dspy', packages: PYPI, key: 'maxTurns', versions: '>=3.1.1', value: 20, source: 'dspy/predict/react.py:18 ReAct.__init__ max_iters: int = 20 (dspy 3.1.1 onwards)', asOf: '2026-12-06' },
  { sdk: 'dspy', packages: PYPI, key: 'maxTurns', versions: '>=3.0.0 <3.1.1', value: 10, source: 'dspy/predict/react.py:18 max_iters: int = 10 (dspy 3.0.0–3.1.0)', asOf: '2026-12-06' },
  { sdk: 'dspy', packages: PYPI, key: 'maxTurns', versions: '<3.0.0', value: 5, source: 'dspy/predict/react.py:15 max_iters=5 (dspy 2.4–2.6)', asOf: '2026-12-06' },
  // 0: no cap (the provider's own limit applies).
  { sdk: 'dspy', packages: PYPI, key: 'outputCap', versions: '>=3.0.4', value: 0, source: 'dspy/clients/lm.py:35 LM.__init__ max_tokens: int | None = None (dspy 3.0.4 onwards)', asOf: '2026-12-06' },
  { sdk: 'dspy', packages: PYPI, key: 'outputCap', versions: '>=2.6.24 <3.0.4', value: 4000, source: 'dspy/clients/lm.py:34 LM.__init__ max_tokens: int = 4000 (dspy 2.6.24–3.0.3)', asOf: '2026-12-06' },
  { sdk: 'dspy', packages: PYPI, key: 'outputCap', versions: '<2.6.24', value: 1000, source: 'dspy/clients/lm.py LM.__init__ max_tokens: int = 1000 (dspy 2.5–2.6.23)', asOf: '2026-12-06' },
]);

/** Predictor modules: one request per call, or a loop with its bound. */
const PREDICTORS = ['Predict', 'ChainOfThought', 'ChainOfThoughtWithHint', 'ReAct', 'ProgramOfThought', 'MultiChainComparison', 'BestOfN', 'Refine', 'CodeAct'];
/** LM clients: `dspy.LM` (LiteLLM ids) and the older per-provider clients. */
const LM_CLASSES: Record<string, string | undefined> = {
  LM: undefined,
  OpenAI: 'openai',
  AzureOpenAI: 'azure',
  Claude: 'anthropic',
  Google: 'google',
  GoogleVertexAI: 'google',
  Cohere: 'cohere',
  Together: 'together',
  Mistral: 'mistral',
  GROQ: 'groq',
  Databricks: 'databricks',
};
const SELF_HOSTED_LMS: Record<string, string> = { OllamaLocal: 'Ollama', HFClientVLLM: 'vLLM', HFClientTGI: 'TGI', HFModel: 'transformers (local)', ChatModuleClient: 'MLC (local)', LlamaCpp: 'llama.cpp' };

interface LmModel {
  value: Value;
  node?: Node;
  provider?: string;
  selfHosted?: string;
  cap?: DetectedCall['outputCap'];
  /** Where the LM was chosen: `dspy.context(lm=…) around the call`, `dspy.configure(lm=…) at app.py:3`. */
  via: string;
}

function dspyObject(r: Receiver, kinds: string[]): FrameworkObject | undefined {
  return r.type === 'framework' && r.framework === 'dspy' && kinds.includes(r.kind) ? r : undefined;
}

/** What an `lm=` expression is: a `dspy.LM('openai/gpt-4o-mini', max_tokens=…)`, an older client, a local server. */
function lmModel(node: Node, ctx: PromptContext, via: string): LmModel {
  const r = classifyReceiver(node, ctx);
  const lm = dspyObject(r, ['lm', 'self-hosted-lm']);
  if (!lm) return { value: { kind: 'unknown', reason: `the LM (${unwrap(node).text.slice(0, 40)}) set by ${via}: ${r.type === 'unknown' ? r.reason : 'not a DSPy LM'}` }, via };
  const a = lm.args;
  const c = inArgs(a, ctx);
  const idNode = a.positional[0] ?? argValue(a, ['model']);
  const id = idNode ? resolveValue(idNode, { ...c, callers: true }) : undefined;
  let cap = capOf(a, ctx);
  if (!cap && lm.ctor === 'LM') {
    // dspy.LM's own default cap (none since 3.0.4).
    const d = sdkDefault('dspy', 'outputCap', ctx, 'dspy.LM max_tokens default');
    if (d && Number(d.value) > 0) cap = { tokens: Number(d.value), param: 'max_tokens (dspy.LM default)', node: lm.node };
  }
  if (lm.kind === 'self-hosted-lm') return { value: id ?? { kind: 'unknown', reason: `${lm.ctor} without a model` }, node: idNode, selfHosted: SELF_HOSTED_LMS[lm.ctor], cap, via };
  if (!id) return { value: { kind: 'unknown', reason: `${lm.ctor} without a model` }, cap, via };
  if (lm.ctor === 'LM') {
    const b = bareIds(id);
    const base = argValue(a, ['api_base', 'base_url']);
    const bv = base ? single(resolveValue(base, c)) : undefined;
    const local = bv?.kind === 'string' && /localhost|127\.0\.0\.1|:11434/.test(bv.value) ? 'a local server (api_base)' : undefined;
    return { value: b.value, node: idNode, provider: b.provider, selfHosted: b.selfHosted ?? local, cap, via };
  }
  return { value: id, node: idNode, provider: LM_CLASSES[lm.ctor], cap, via };
}

/** The `lm=` of a `with dspy.context(lm=…)` / `dspy.settings.context(lm=…)` around the call, innermost first. */
function contextLm(call: Node): Node | undefined {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition') return undefined;
    if (p.type !== 'with_statement') continue;
    for (const clause of kids(p).filter((k) => k.type === 'with_clause')) {
      for (const item of kids(clause)) {
        const v = field(item, 'value');
        const expr = v?.type === 'as_pattern' ? kids(v)[0] : v;
        if (!expr || !isCall(expr)) continue;
        const callee = calleeOf(expr);
        const chain = callee ? memberChain(callee) : undefined;
        if (!chain || chain.members[chain.members.length - 1] !== 'context') continue;
        const lm = argsOf(expr).named.get('lm');
        if (lm) return lm;
      }
    }
  }
  return undefined;
}

/** `dspy.configure(lm=…)` / `dspy.settings.configure(lm=…)` / `configure(lm=…)` from dspy: the `lm=` nodes of a file. */
function configureCalls(ctx: ValueContext): Node[] {
  const out: Node[] = [];
  for (const c of ctx.scope.calls) {
    const callee = calleeOf(c);
    if (!callee) continue;
    const chain = memberChain(callee);
    const name = chain.members.length ? chain.members[chain.members.length - 1] : chain.root.text;
    if (name !== 'configure') continue;
    const root = chain.root.type === 'identifier' ? chain.root.text : '';
    const imp = root ? importedAs(root, c, ctx) : undefined;
    if (!imp?.module.startsWith('dspy')) continue;
    const value = argsOf(c).named.get('lm');
    if (value) out.push(value);
  }
  return out;
}

/** The LMs the workspace configures globally: this file's `dspy.configure(lm=…)` first, else every file's. */
function configuredLms(ctx: PromptContext): LmModel[] {
  const here = configureCalls(ctx).map((n) => lmModel(n, ctx, `dspy.configure(lm=…) at ${ctx.path}:${n.startPosition.row + 1}`));
  if (here.length || !ctx.program) return here;
  // The program keeps each module parsed and records what was read: no memo here (it would outlive an edit).
  const program = ctx.program;
  const out: LmModel[] = [];
  for (const rel of program.filesMentioning('configure')) {
    if (rel === ctx.path) continue;
    const mod = program.module(rel);
    if (!mod || !mod.text.includes('dspy')) continue;
    const mctx = { ...mod.ctx, call: ctx.call, loops: [] } as PromptContext;
    for (const n of configureCalls(mod.ctx)) out.push(lmModel(n, mctx, `dspy.configure(lm=…) at ${rel}:${n.startPosition.row + 1}`));
  }
  return out;
}

function lmFor(call: Node, ctx: PromptContext): LmModel {
  const local = contextLm(call);
  if (local) return lmModel(local, ctx, 'the dspy.context(lm=…) around the call');
  const configured = configuredLms(ctx);
  if (!configured.length) return { value: { kind: 'unknown', reason: 'no LM is configured in the workspace (dspy.configure(lm=…) or dspy.context(lm=…))' }, via: 'none' };
  if (configured.length === 1) return configured[0];
  // Several configure calls (scripts, tests, notebooks): each may be the one that ran.
  const options = configured.flatMap((m) => (m.value.kind === 'union' ? m.value.options : [m.value])).filter((o) => o.kind === 'string');
  const seen = new Set<string>();
  const distinct = options.filter((o) => (o.kind === 'string' && !seen.has(o.value) ? (seen.add(o.value), true) : false));
  if (!distinct.length) return configured[0];
  return { ...configured[0], value: distinct.length === 1 ? distinct[0] : { kind: 'union', options: distinct, node: distinct[0].node! } };
}

/** The predictor a call runs: the callee itself (`qa(…)`), or the receiver of `.forward` / `.acall`. */
function predictorOf(info: CallInfo, ctx: PromptContext): FrameworkObject | undefined {
  const callee = unwrap(info.callee);
  if (['forward', 'acall', 'aforward', '__call__'].includes(info.method) && info.members.length) return dspyObject(info.receiver(), ['predictor']);
  // Every call of a DSPy file comes here: plain names, `self.x`, and `dspy.Predict(…)(…)` only.
  if (callee.type === 'identifier') {
    const found = ctx.scope.lookup(callee.text, callee);
    if (!found.value && !found.param && !found.imported) return undefined;
  } else if (callee.type !== 'attribute' && !isCall(callee)) return undefined;
  return dspyObject(classifyReceiver(callee, ctx), ['predictor']);
}

function numberArg(node: Node | undefined, ctx: PromptContext): number | undefined {
  const v = node ? single(resolveValue(node, { ...ctx, callers: true })) : undefined;
  return v?.kind === 'number' ? v.value : undefined;
}

/** The signature's instructions (a `dspy.Signature` class's docstring) and its spec string. */
function addSignature(b: DetectedCall['build'], sig: Node | undefined, ctx: PromptContext): void {
  if (!sig) return;
  const v = single(resolveValue(sig, ctx));
  if (v.kind === 'string') {
    b.parts.push({ role: 'system', message: 0, source: 'literal', text: `Your input fields and output fields: ${v.value}`, span: { start: v.node.startIndex, end: v.node.endIndex } });
    return;
  }
  const u = unwrap(sig);
  const cls = u.type === 'identifier' ? ctx.scope.moduleClass(u.text) : undefined;
  const body = cls ? field(cls, 'body') : undefined;
  const first = body ? kids(body)[0] : undefined;
  const doc = first?.type === 'expression_statement' ? kids(first)[0] : undefined;
  if (doc?.type === 'string') addText(b, doc, 'system', 0, ctx);
}

export const dspy: Framework = {
  id: 'dspy',
  callNames: ['forward', 'acall', 'aforward'],
  // Modules are called as functions under any name: `qa(question=q)`, `self.generate_answer(…)`.
  anyName: (text) => text.includes('dspy'),
  objects: [
    { kind: 'predictor', names: PREDICTORS, modules: MODULES },
    { kind: 'lm', names: Object.keys(LM_CLASSES), modules: MODULES },
    { kind: 'self-hosted-lm', names: Object.keys(SELF_HOSTED_LMS), modules: MODULES },
  ],
  detect(info, ctx): DetectedCall | undefined {
    const p = predictorOf(info, ctx);
    if (!p) return undefined;
    const b = info.build;
    const pc = inArgs(p.args, ctx);
    addSignature(b, p.args.positional[0] ?? argValue(p.args, ['signature']), pc);
    // The inputs, as the call gives them (`question=q`): each a field of the user message.
    const call = optionsArgs(info.call, ctx);
    const m = nextIndex(b);
    for (const [, node] of call.named) addText(b, node, 'user', m, ctx);
    const lm = lmFor(info.call, ctx);
    const tools = argValue(p.args, ['tools']);
    let maxTurns: DetectedCall['maxTurns'];
    if (p.ctor === 'ReAct' || p.ctor === 'ProgramOfThought' || p.ctor === 'CodeAct') {
      const given = numberArg(argValue(call, ['max_iters']), ctx) ?? numberArg(argValue(p.args, ['max_iters']), pc);
      const d = given === undefined ? (p.ctor === 'ProgramOfThought' ? { value: 3, reason: 'the ProgramOfThought max_iters default (dspy/predict/program_of_thought.py max_iters: int = 3)' } : sdkDefault('dspy', 'maxTurns', ctx, `${p.ctor} max_iters default`)) : undefined;
      const iters = given ?? Number(d?.value ?? 20);
      const what = p.ctor === 'ProgramOfThought' ? 'code generations' : 'steps';
      maxTurns = { value: iters + 1, param: 'max_iters', isDefault: given === undefined, reason: `up to ${iters} ${what} (${given !== undefined ? `max_iters=${iters}` : d!.reason}) and the final ${p.ctor === 'ProgramOfThought' ? 'answer' : 'extraction'}` };
      if (tools) {
        addStepsSoFar(b, 'trajectory so far (tool calls and observations)');
        b.historyGrows = true;
      }
    } else if (p.ctor === 'BestOfN' || p.ctor === 'Refine') {
      const n = numberArg(argValue(p.args, ['N']), pc);
      if (n !== undefined) maxTurns = { value: n, param: 'N', isDefault: false, reason: `up to N=${n} attempts` };
    }
    const model: DetectedCall['model'] = lm.value;
    if (lm.value.kind === 'string' || lm.value.kind === 'union') b.notes.push(`LM from ${lm.via}`);
    return {
      provider: providerFor(lm.provider, model),
      api: `dspy.${p.ctor}`,
      sdk: 'dspy',
      operation: p.ctor === 'ReAct' || p.ctor === 'CodeAct' ? 'agent-run' : 'chat',
      ...(lm.selfHosted ? { selfHosted: lm.selfHosted } : {}),
      modelNode: lm.node,
      model,
      build: b,
      outputCap: lm.cap,
      params: { ...(tools ? { tools: unwrap(tools).text.slice(0, 80) } : {}), ...(stringOptions(model as Value).length > 1 ? { lmFrom: 'several dspy.configure calls' } : {}) },
      ...(maxTurns ? { maxTurns } : {}),
    };
  },
};
