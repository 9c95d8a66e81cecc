// smolagents: agent runs over each model class, max_steps (the version's default when unset),
// models called directly, managed agents, local models, test doubles.
import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/config/load';
import { estimateCallSite } from '../../../src/core/estimate/estimate';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, fixture, lineOf, siteAt } from './workspace';

const estimate = (s: Parameters<typeof estimateCallSite>[0]) => estimateCallSite(s, { config: defaultConfig() });

describe('smolagents', function () {
  this.timeout(30_000);
  before(() => loadParsers());
  const text = fixture('smolagents/agents.py');
  const sites = () => extractIn({ 'agents.py': text }, 'agents.py').callSites;

  it('runs a CodeAgent on InferenceClientModel\'s default model, up to the default max_steps (a cap), with the agent\'s system prompt', () => {
    const s = siteAt(sites(), lineOf(text, 'return agent.run(question)  # expect: huggingface'));
    assert.equal(s.sdk, 'smolagents');
    assert.equal(s.operation, 'agent-run');
    assert.equal(s.provider, 'huggingface');
    assert.equal(s.model.id, 'Qwen/Qwen3-Next-80B-A3B-Thinking');
    assert.ok(s.notes?.some((n) => /InferenceClientModel default model_id/.test(n) && /models\.py:1516/.test(n)), s.notes?.join(' | '));
    // 20 steps (the newest default), plus the final answer when they run out.
    assert.equal(s.multiplier.max, 21);
    assert.match(s.multiplier.reason, /up to 20 steps \(the smolagents max_steps default .*agents\.py:300/);
    assert.equal(s.params.tools, '[WebSearchTool()]');
    const sys = s.parts.find((p) => p.role === 'system' && p.dynamic?.size);
    assert.equal(sys?.dynamic?.size?.expected, 2251, "CodeAgent's own system prompt, measured on its template");
    assert.ok(s.historyGrows, 'each step resends the steps so far');
  });

  it('reads max_steps from the agent or the run, and counts planning steps', () => {
    const all = sites();
    const weather = siteAt(all, lineOf(text, 'expect: anthropic claude-3-5-sonnet-latest'));
    assert.equal(weather.multiplier.max, 6);
    assert.match(weather.multiplier.reason, /up to 5 steps \(max_steps=5\)/);
    assert.deepEqual(weather.outputCap, { tokens: 2048, param: 'max_tokens', span: weather.outputCap?.span });
    const planned = siteAt(all, lineOf(text, 'expect: google gemini-2.0-flash'));
    assert.equal(planned.provider, 'google', 'OpenAIServerModel pointed at Gemini\'s endpoint');
    assert.equal(planned.multiplier.max, 9 + 3 + 1);
    assert.match(planned.multiplier.reason, /max_steps=9 given to run.*3 planning steps \(planning_interval=3\)/);
  });

  it('prices a manager over its managed agents\' models, a router over its model group, Bedrock as AWS\'s bill', () => {
    const all = sites();
    const manager = siteAt(all, lineOf(text, 'return manager.run(question)'));
    assert.deepEqual(manager.model.alternatives?.map((a) => a.id), ['Qwen/Qwen3-Next-80B-A3B-Thinking', 'claude-3-5-sonnet-latest']);
    assert.match(manager.multiplier.reason, /managed agents' own runs are not counted/);
    const router = siteAt(all, lineOf(text, 'model=router).run'));
    assert.deepEqual(router.model.alternatives?.map((a) => a.id), ['gpt-4o-mini', 'anthropic.claude-3-sonnet-20240229-v1:0']);
    const bedrock = siteAt(all, lineOf(text, 'bedrock_model(messages)'));
    assert.equal(bedrock.operation, undefined, 'a model called directly is one chat request');
    assert.equal(bedrock.provider, 'aws');
    assert.equal(bedrock.multiplier.max, 1);
  });

  it('labels a TransformersModel self-hosted ($0), a Model subclass named as a fake a test double (unpriced), an annotated Model parameter a call with an unknown model', () => {
    const all = sites();
    const local = siteAt(all, lineOf(text, 'expect: unknown HuggingFaceTB'));
    assert.equal(local.selfHosted, 'transformers (local)');
    assert.equal(estimate(local).usd?.perCall.expected, 0);
    const double = siteAt(all, lineOf(text, 'return agent.run("What is the answer?")'));
    assert.equal(double.testDouble, 'FakeModel');
    assert.equal(estimate(double).usd, undefined, 'a test double has no price');
    const param = siteAt(all, lineOf(text, 'reformulation_model.generate(messages)'));
    assert.match(param.model.unresolvedReason ?? '', /Model is a parameter \(reformulation_model\)/);
  });

  it('takes the default max_steps and model from the version in the lockfile: two lockfiles, two defaults', () => {
    const main = 'from smolagents import CodeAgent, InferenceClientModel\n\nagent = CodeAgent(tools=[], model=InferenceClientModel())\nagent.run("Hi")\n';
    const older = extractIn({ 'bot/main.py': main, 'bot/requirements.txt': 'smolagents==1.9.2\n' }, 'bot/main.py').callSites[0];
    assert.equal(older.multiplier.max, 7, 'max_steps defaulted to 6 before smolagents 1.10');
    assert.equal(older.model.id, 'Qwen/Qwen2.5-Coder-32B-Instruct');
    const newer = extractIn({ 'bot/main.py': main, 'bot/pyproject.toml': '[project]\nname = "bot"\ndependencies = ["smolagents>=1.23.0"]\n' }, 'bot/main.py').callSites[0];
    assert.equal(newer.multiplier.max, 21);
    assert.equal(newer.model.id, 'Qwen/Qwen3-Next-80B-A3B-Thinking');
  });

  it('does not take another library\'s run or generate for an agent or a model, nor the framework\'s own steps', () => {
    const all = sites();
    for (const needle of ['proc.run("ls")', 'loop.generate(3)']) assert.equal(all.find((c) => c.line === lineOf(text, needle)), undefined, needle);
    const framework = [
      'from smolagents import Model, OpenAIServerModel',
      'class MultiStepAgent:',
      '    def __init__(self, model: Model):',
      '        self.model = model',
      '    def step(self, memory):',
      '        return self.model.generate(memory)',
      'MultiStepAgent(OpenAIServerModel(model_id="gpt-4o"))',
      '',
    ].join('\n');
    assert.deepEqual(extractIn({ 'agents.py': framework }, 'agents.py').callSites, [], 'the steps are counted at the run');
  });
  it('calls a model object held under another name (`agent = model` on one path, an agent on another): the call is the model\'s, the agent\'s run its own', () => {
    // As smolagents' docs call a model directly, inside a benchmark that can also run an agent.
    const code = [
      'from smolagents import CodeAgent, InferenceClientModel',
      '',
      '',
      'def answer(question: str, model, action_type: str):',
      '    if action_type == "vanilla":',
      '        agent = model',
      '    else:',
      '        agent = CodeAgent(tools=[], model=model)',
      '    if action_type == "vanilla":',
      '        return agent([{"role": "user", "content": [{"type": "text", "text": question}]}]).content',
      '    return agent.run(question)',
      '',
      '',
      'model = InferenceClientModel(model_id="Qwen/Qwen2.5-Coder-32B-Instruct", max_tokens=2048)',
      'answer("How many seconds would it take for a leopard at full speed to run through Pont des Arts?", model, "vanilla")',
      '',
    ].join('\n');
    const all = extractIn({ 'bench.py': code }, 'bench.py').callSites;
    const direct = siteAt(all, lineOf(code, 'return agent(['));
    assert.equal(direct.api, 'smolagents.InferenceClientModel.__call__');
    assert.equal(direct.model.id, 'Qwen/Qwen2.5-Coder-32B-Instruct');
    assert.equal(direct.outputCap?.tokens, 2048);
    assert.ok(direct.parts.some((p) => p.role === 'user'), 'the messages it is called with');
    assert.equal(siteAt(all, lineOf(code, 'agent.run(question)')).api, 'smolagents.CodeAgent.run');
    assert.equal(all.length, 2);
    // A name assigned from something else is not looked into.
    assert.deepEqual(extractIn({ 'bench.py': code.replace('agent = model', 'agent = make_runner()') }, 'bench.py').callSites.map((c) => c.api), ['smolagents.CodeAgent.run']);
  });
  it('runs a managed agent where its own method runs it (`self.run` in `__call__`, as its manager calls it), on the model it is made with; the manager\'s run stays one site', () => {
    // As smolagents' docs build a multi-agent system, with a managed agent of the user's own class.
    const code = [
      'from smolagents import CodeAgent, InferenceClientModel, WebSearchTool',
      '',
      '',
      'class WebSearchAgent(CodeAgent):',
      '    def __call__(self, task: str, **kwargs):',
      '        report = self.run(f"You are a web search agent. {task}", **kwargs)',
      '        return f"Report from {self.name}: {report}"',
      '',
      '',
      'web_agent = WebSearchAgent(',
      '    tools=[WebSearchTool()],',
      '    model=InferenceClientModel(model_id="Qwen/Qwen2.5-Coder-32B-Instruct"),',
      '    max_steps=5,',
      '    name="web_search_agent",',
      '    description="Runs web searches for you.",',
      ')',
      'manager_agent = CodeAgent(tools=[], model=InferenceClientModel(model_id="meta-llama/Llama-3.3-70B-Instruct"), managed_agents=[web_agent])',
      'manager_agent.run("Who is the CEO of Hugging Face?")',
      '',
    ].join('\n');
    const all = extractIn({ 'team.py': code }, 'team.py').callSites;
    const managed = siteAt(all, lineOf(code, 'report = self.run('));
    assert.equal(managed.api, 'smolagents.CodeAgent.run');
    assert.equal(managed.operation, 'agent-run');
    assert.equal(managed.model.id, 'Qwen/Qwen2.5-Coder-32B-Instruct');
    assert.equal(managed.multiplier.max, 6, 'max_steps=5 where it is made, and the final answer');
    assert.equal(siteAt(all, lineOf(code, 'manager_agent.run(')).api, 'smolagents.CodeAgent.run');
    assert.equal(all.length, 2);
    // The framework's own agent class: the run of whichever agent it is, its model not in the code.
    const framework = ['from smolagents.models import Model', '', '', 'class MultiStepAgent:', '    def __call__(self, task: str, **kwargs):', '        return self.run(task, **kwargs)', ''].join('\n');
    const [own] = extractIn({ 'agents.py': framework }, 'agents.py').callSites;
    assert.equal(own?.api, 'smolagents.MultiStepAgent.run');
    assert.match(own.model.unresolvedReason ?? '', /self\.model/);
    assert.deepEqual(extractIn({ 'agents.py': framework.replace('smolagents.models', 'mylib.models') }, 'agents.py').callSites, [], 'another library\'s agent class');
  });
});
