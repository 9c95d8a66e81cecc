// Google's Agent Development Kit: the root_agent an `agent.py` serves to `adk web`, Runner runs,
// the model resolved (an id, LiteLlm's provider prefix, inherited from the LlmAgent above), the
// workflow agents (a LoopAgent's passes), RunConfig's max_llm_calls (ADK's default when unset),
// the output cap, test doubles. The code is written as ADK's own docs and samples write it.
import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/config/load';
import { estimateCallSite } from '../../../src/core/estimate/estimate';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, scanOnDisk, siteAt } from './workspace';

const estimate = (s: Parameters<typeof estimateCallSite>[0]) => estimateCallSite(s, { config: defaultConfig() });

// As ADK's quickstart writes multi_tool_agent/agent.py.
const QUICKSTART = [
  'import datetime',
  'from google.adk.agents import Agent',
  '',
  '',
  'def get_weather(city: str) -> dict:',
  '    """Retrieves the current weather report for a specified city."""',
  '    if city.lower() == "new york":',
  '        return {"status": "success", "report": "The weather in New York is sunny."}',
  '    return {"status": "error", "error_message": f"Weather information for \'{city}\' is not available."}',
  '',
  '',
  'root_agent = Agent(',
  '    name="weather_time_agent",',
  '    model="gemini-2.5-flash",',
  '    description="Agent to answer questions about the time and weather in a city.",',
  '    instruction="You are a helpful agent who can answer user questions about the time and weather in a city.",',
  '    tools=[get_weather],',
  ')',
  '',
].join('\n');

describe('Google ADK', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('takes the root_agent an agent.py defines as what `adk web` serves: one run per user message, its model, instruction and tools, up to ADK\'s default max_llm_calls', () => {
    const ex = extractIn({ 'multi_tool_agent/__init__.py': 'from . import agent\n', 'multi_tool_agent/agent.py': QUICKSTART }, 'multi_tool_agent/agent.py');
    const s = siteAt(ex.callSites, lineOf(QUICKSTART, 'root_agent = Agent('));
    assert.equal(s.sdk, 'google-adk');
    assert.equal(s.operation, 'agent-run');
    assert.equal(s.api, 'adk.root_agent (Agent)');
    assert.equal(s.provider, 'google');
    assert.equal(s.model.id, 'gemini-2.5-flash');
    assert.ok(s.parts.some((p) => p.role === 'system' && /helpful agent who can answer/.test(p.text)), 'the instruction is the system prompt');
    assert.ok(s.parts.some((p) => p.role === 'system' && /time and weather in a city\.$/.test(p.text)), 'the description, which ADK puts in the identity line');
    assert.equal(s.params.tools, 'tools of weather_time_agent');
    assert.equal(s.multiplier.max, 500);
    assert.match(s.multiplier.reason, /up to 500 model calls in one run \(the ADK default RunConfig\.max_llm_calls .*run_config\.py:82/);
    assert.equal(s.multiplier.expected, 3, 'an agent with tools: 1 + 2 tool rounds expected, not the cap');
    const [task] = ex.tasks;
    assert.equal(task.entry?.kind, 'route');
    assert.match(task.entry?.label ?? '', /root_agent, served by `adk web`/);
  });

  it('does not fire on an agent nothing serves or runs, nor on another library\'s Agent or run_async', () => {
    const sub = QUICKSTART.replace('root_agent = Agent(', 'weather_agent = Agent(');
    assert.deepEqual(extractIn({ 'agents/weather.py': sub }, 'agents/weather.py').callSites, [], 'a sub-agent module: the run of the tree is its site');
    const crew = ['from crewai import Agent', '', 'root_agent = Agent(role="Researcher", goal="Find facts", backstory="…")', ''].join('\n');
    assert.deepEqual(extractIn({ 'crew.py': crew }, 'crew.py').callSites, []);
    const other = ['from google.adk.agents import Agent', 'from jobs import queue', '', 'async def drain():', '    await queue.run_async(limit=5)', ''].join('\n');
    assert.deepEqual(extractIn({ 'jobs_runner.py': other }, 'jobs_runner.py').callSites, [], 'a run_async without a Runner\'s arguments');
  });

  it('does not take a root_agent for what `adk web` serves where the workspace runs it with a Runner, or takes it in as a sub-agent', () => {
    // As the crash courses write one file that defines root_agent and runs it with a Runner.
    const both = [
      QUICKSTART,
      'from google.adk.runners import InMemoryRunner',
      '',
      'runner = InMemoryRunner(agent=root_agent, app_name="weather")',
      '',
      '',
      'def ask(question: str, session_id: str):',
      '    return list(runner.run(user_id="user", session_id=session_id, new_message=question))',
      '',
    ].join('\n');
    const ex = extractIn({ 'weather/agent.py': both }, 'weather/agent.py');
    assert.deepEqual(ex.callSites.map((c) => c.api), ['adk.InMemoryRunner.run'], 'the Runner\'s run is the site, not a second served agent');
    assert.equal(ex.callSites[0].model.id, 'gemini-2.5-flash');
    // As adk-samples' data-science agent takes a sub-agent module's root_agent in under another name.
    const sub = QUICKSTART;
    const subs = 'from .bqml.agent import root_agent as bqml_agent\n';
    const top = ['from google.adk.agents import Agent', 'from .sub_agents import bqml_agent', '', 'root_agent = Agent(name="db", model="gemini-2.0-flash", sub_agents=[bqml_agent])', ''].join('\n');
    const files = { 'ds/__init__.py': '', 'ds/agent.py': top, 'ds/sub_agents/__init__.py': subs, 'ds/sub_agents/bqml/__init__.py': '', 'ds/sub_agents/bqml/agent.py': sub };
    assert.deepEqual(extractIn(files, 'ds/sub_agents/bqml/agent.py').callSites, [], 'a sub-agent, run within the root\'s tree');
    const root = extractIn(files, 'ds/agent.py').callSites[0];
    assert.deepEqual(root.model.alternatives?.map((a) => a.id), ['gemini-2.0-flash', 'gemini-2.5-flash']);
  });

  it('takes a root_agent a factory makes (`root_agent = build_agent()`), and one whose Runner is made but never run as served', () => {
    // As awesome-llm-apps' agentic RAG backend builds its agent in a function.
    const factory = [
      'from google.adk.agents import Agent',
      '',
      'def build_agent(retrieval_tool=None) -> Agent:',
      '    return Agent(name="rag", model="gemini-2.5-flash", instruction="Answer from the retrieved context.", tools=[retrieval_tool] if retrieval_tool else [])',
      '',
      'root_agent = build_agent()',
      '',
    ].join('\n');
    const s = siteAt(extractIn({ 'rag_agent/agent.py': factory }, 'rag_agent/agent.py').callSites, lineOf(factory, 'root_agent = build_agent()'));
    assert.equal(s.model.id, 'gemini-2.5-flash');
    assert.equal(s.api, 'adk.root_agent (Agent)');
    const unused = [QUICKSTART, 'from google.adk.runners import Runner', 'runner = Runner(agent=root_agent, app_name="weather", session_service=None)', 'print(type(runner).__name__)', ''].join('\n');
    assert.deepEqual(extractIn({ 'weather/agent.py': unused }, 'weather/agent.py').callSites.map((c) => c.api), ['adk.root_agent (Agent)'], 'a Runner nothing runs does not replace adk web');
  });

  it('runs a Runner imported as an optional dependency (`try: from google.adk.runners import Runner` / `except: Runner = None`)', () => {
    const code = [
      'try:',
      '    from google.adk.runners import Runner',
      'except ImportError:',
      '    Runner = None',
      'from google.adk.agents import Agent',
      '',
      'agent = Agent(name="a", model="gemini-2.5-flash", instruction="Answer.")',
      '',
      'async def answer(q, session_service):',
      '    runner = Runner(agent=agent, app_name="x", session_service=session_service)',
      '    async for event in runner.run_async(user_id="u", session_id="s", new_message=q):',
      '        yield event',
      '',
    ].join('\n');
    const s = siteAt(extractIn({ 'server.py': code }, 'server.py').callSites, lineOf(code, 'runner.run_async('));
    assert.equal(s.api, 'adk.Runner.run_async');
    assert.equal(s.model.id, 'gemini-2.5-flash');
  });

  it('runs the root_agent of the module AgentEvaluator.evaluate names, as ADK\'s evaluator imports it', () => {
    const test = [
      'import pathlib',
      'from google.adk.evaluation.agent_evaluator import AgentEvaluator',
      '',
      'def test_all():',
      '    AgentEvaluator.evaluate(',
      '        agent_module="multi_tool_agent",',
      '        eval_dataset_file_path_or_dir=str(pathlib.Path(__file__).parent / "data/conversation.test.json"),',
      '        num_runs=3,',
      '    )',
      '',
    ].join('\n');
    const files = { 'multi_tool_agent/__init__.py': 'from . import agent\n', 'multi_tool_agent/agent.py': QUICKSTART, 'eval/test_eval.py': test };
    const s = siteAt(extractIn(files, 'eval/test_eval.py').callSites, lineOf(test, 'AgentEvaluator.evaluate('));
    assert.equal(s.api, 'adk.AgentEvaluator.evaluate');
    assert.equal(s.model.id, 'gemini-2.5-flash');
    assert.ok(s.notes?.some((n) => /run 3 time\(s\) \(num_runs=3\)/.test(n)), s.notes?.join(' | '));
    const other = test.replace('google.adk.evaluation.agent_evaluator', 'my_evals');
    assert.deepEqual(extractIn({ ...files, 'eval/test_eval.py': other }, 'eval/test_eval.py').callSites, [], 'another library\'s evaluator');
  });

  it('gives a sub-agent without a model its coordinator\'s (ADK\'s canonical_model), and expects one transfer, not every member', () => {
    // As ADK's multi-agent docs write a coordinator with sub-agents in files of their own.
    const greeter = ['from google.adk.agents import LlmAgent', '', 'greeter = LlmAgent(name="Greeter", description="Handles greetings.", instruction="Greet the user warmly.")', ''].join('\n');
    const helper = ['from google.adk.agents import LlmAgent', '', 'task_executor = LlmAgent(name="TaskExecutor", description="Executes tasks.", instruction="Carry out the task.")', ''].join('\n');
    const root = [
      'from google.adk.agents import LlmAgent',
      'from .greeter import greeter',
      'from .executor import task_executor',
      '',
      'coordinator = LlmAgent(',
      '    name="Coordinator",',
      '    model="gemini-2.0-flash",',
      '    instruction="Route user requests: use Greeter for greetings, TaskExecutor for tasks.",',
      '    description="Main help desk router.",',
      '    sub_agents=[greeter, task_executor],',
      ')',
      'root_agent = coordinator',
      '',
    ].join('\n');
    const files = { 'desk/__init__.py': '', 'desk/greeter.py': greeter, 'desk/executor.py': helper, 'desk/agent.py': root };
    const s = siteAt(extractIn(files, 'desk/agent.py').callSites, lineOf(root, 'coordinator = LlmAgent('));
    assert.equal(s.model.id, 'gemini-2.0-flash');
    assert.equal(s.model.alternatives, undefined, 'the members inherit the one model');
    assert.equal(s.multiplier.expected, 2, 'the coordinator\'s call and the sub-agent it transfers to');
    assert.equal(s.multiplier.max, 500);
    assert.match(s.multiplier.expectedReason ?? '', /3 LlmAgents in the tree, 2 agent runs expected \(Coordinator transfers to one of 2 sub-agents\)/);
    // With no LlmAgent above it, a member has no model: ADK raises, the code says nothing to price.
    const seq = ['from google.adk.agents import SequentialAgent', 'from .greeter import greeter', '', 'root_agent = SequentialAgent(name="Pipeline", sub_agents=[greeter])', ''].join('\n');
    const orphan = extractIn({ ...files, 'desk/agent.py': seq }, 'desk/agent.py').callSites[0];
    assert.match(orphan.model.unresolvedReason ?? '', /Greeter names no model and no LlmAgent above it lends one \(ADK raises "No model found"\)/);
  });

  it('runs a LoopAgent\'s sub-agents up to max_iterations: every pass when nothing escalates, fewer expected when one can', () => {
    // As ADK's iterative-refinement pattern writes a writer/critic loop.
    const loop = (exit: boolean) => [
      'from google.adk.agents import LlmAgent, LoopAgent',
      ...(exit ? ['from google.adk.tools.tool_context import ToolContext', '', 'def exit_loop(tool_context: ToolContext):', '    tool_context.actions.escalate = True', '    return {}', ''] : []),
      'writer = LlmAgent(name="Writer", model="gemini-2.0-flash", instruction="Write a short story draft.")',
      `critic = LlmAgent(name="Critic", model="gemini-2.0-flash", instruction="Critique the draft."${exit ? ', tools=[exit_loop]' : ''})`,
      'root_agent = LoopAgent(name="Refiner", max_iterations=3, sub_agents=[writer, critic])',
      '',
    ].join('\n');
    const bounded = extractIn({ 'story/agent.py': loop(false) }, 'story/agent.py').callSites[0];
    assert.equal(bounded.api, 'adk.root_agent (LoopAgent)');
    assert.equal(bounded.multiplier.max, 6, '2 one-call agents × 3 passes');
    assert.equal(bounded.multiplier.expected, 6, 'nothing escalates: all 3 passes run');
    assert.match(bounded.multiplier.reason, /a LoopAgent of 3 passes \(max_iterations=3; nothing in it escalates/);
    const exits = extractIn({ 'story/agent.py': loop(true) }, 'story/agent.py').callSites[0];
    assert.equal(exits.multiplier.expected, 2 * (1 + 3), '2 passes expected: the writer\'s call and the critic\'s 1 + 2 tool rounds each');
    assert.equal(exits.multiplier.max, 500, 'a critic with tools is bounded only by max_llm_calls');
  });

  it('reads the provider from LiteLlm\'s prefix, Claude as Anthropic\'s model with ADK\'s 1024-token cap, a local Ollama as self-hosted', () => {
    const agent = (model: string, imports = 'from google.adk.models.lite_llm import LiteLlm') => ['from google.adk.agents import LlmAgent', imports, '', `root_agent = LlmAgent(name="assistant", model=${model}, instruction="Answer briefly.")`, ''].join('\n');
    const gpt = extractIn({ 'a/agent.py': agent('LiteLlm(model="openai/gpt-4o")') }, 'a/agent.py').callSites[0];
    assert.equal(gpt.provider, 'openai');
    assert.equal(gpt.model.id, 'gpt-4o');
    const claude = extractIn({ 'a/agent.py': agent('LiteLlm(model="anthropic/claude-3-7-sonnet-20250219")') }, 'a/agent.py').callSites[0];
    assert.equal(claude.provider, 'anthropic');
    assert.equal(claude.model.id, 'claude-3-7-sonnet-20250219');
    const local = extractIn({ 'a/agent.py': agent('LiteLlm(model="ollama_chat/llama3.2")') }, 'a/agent.py').callSites[0];
    assert.equal(local.selfHosted, 'Ollama');
    assert.equal(estimate(local).usd?.perCall.expected, 0);
    const vertexClaude = extractIn({ 'a/agent.py': agent('Claude(model="claude-3-5-sonnet-v2@20241022")', 'from google.adk.models.anthropic_llm import Claude') }, 'a/agent.py').callSites[0];
    assert.equal(vertexClaude.provider, 'anthropic');
    assert.equal(vertexClaude.outputCap?.tokens, 1024);
    assert.match(vertexClaude.outputCap?.param ?? '', /anthropic_llm\.py:48 MAX_TOKEN = 1024/);
  });

  it('runs a Runner\'s agent with the RunConfig given, and reads the output cap from generate_content_config', () => {
    const agentPy = [
      'from google.adk.agents import LlmAgent',
      'from google.genai import types',
      '',
      'capital_agent = LlmAgent(',
      '    model="gemini-2.0-flash",',
      '    name="capital_agent",',
      '    instruction="Respond with the capital city of the country the user names.",',
      '    generate_content_config=types.GenerateContentConfig(temperature=0.2, max_output_tokens=250),',
      ')',
      '',
    ].join('\n');
    const main = [
      'import asyncio',
      'from google.adk.agents.run_config import RunConfig',
      'from google.adk.runners import Runner',
      'from google.adk.sessions import InMemorySessionService',
      'from google.genai import types',
      'from capital.agent import capital_agent',
      '',
      'session_service = InMemorySessionService()',
      'runner = Runner(agent=capital_agent, app_name="capital_app", session_service=session_service)',
      '',
      '',
      'async def call_agent(query: str, user_id: str, session_id: str):',
      '    content = types.Content(role="user", parts=[types.Part(text=query)])',
      '    async for event in runner.run_async(user_id=user_id, session_id=session_id, new_message=content, run_config=RunConfig(max_llm_calls=20)):',
      '        if event.is_final_response():',
      '            return event.content.parts[0].text',
      '',
    ].join('\n');
    const s = siteAt(extractIn({ 'capital/__init__.py': '', 'capital/agent.py': agentPy, 'main.py': main }, 'main.py').callSites, lineOf(main, 'runner.run_async('));
    assert.equal(s.api, 'adk.Runner.run_async');
    assert.equal(s.model.id, 'gemini-2.0-flash');
    assert.equal(s.outputCap?.tokens, 250);
    assert.equal(s.outputCap?.param, 'generate_content_config.max_output_tokens');
    assert.equal(s.multiplier.max, 1, 'an agent without tools or sub-agents makes one call, within max_llm_calls=20');
    assert.ok(s.parts.some((p) => p.role === 'user' && p.dynamic?.name === 'content'), 'the new message');
  });

  it('says so when an instruction is a function ADK calls at run time', () => {
    const code = [
      'from google.adk.agents import Agent',
      'from google.adk.agents.readonly_context import ReadonlyContext',
      '',
      'def build_instruction(context: ReadonlyContext) -> str:',
      '    return f"You help {context.state.get(\'user_name\', \'the user\')} plan trips."',
      '',
      'root_agent = Agent(name="planner", model="gemini-2.5-flash", instruction=build_instruction)',
      '',
    ].join('\n');
    const s = extractIn({ 'trip/agent.py': code }, 'trip/agent.py').callSites[0];
    assert.ok(s.notes?.some((n) => /instruction is a function \(`build_instruction`\)/.test(n)), s.notes?.join(' | '));
    assert.ok(s.parts.some((p) => p.role === 'system' && p.dynamic?.kind === 'unknown'));
  });

  it('keeps a run on ADK\'s tests\' MockModel out of the bill (a test double)', () => {
    // As adk-python's tests/unittests/testing_utils.py defines its model double.
    const utils = [
      'from google.adk.models import BaseLlm, LlmRequest, LlmResponse',
      '',
      'class MockModel(BaseLlm):',
      '    model: str = "mock"',
      '    responses: list[LlmResponse]',
      '',
      '    @classmethod',
      '    def create(cls, responses):',
      '        return cls(responses=responses)',
      '',
      '    async def generate_content_async(self, llm_request: LlmRequest, stream: bool = False):',
      '        yield self.responses[0]',
      '',
    ].join('\n');
    const test = [
      'from google.adk.agents import Agent',
      'from google.adk.runners import InMemoryRunner',
      'from . import testing_utils',
      '',
      'def test_simple_agent():',
      '    mock_model = testing_utils.MockModel.create(responses=["response1"])',
      '    agent = Agent(name="root_agent", model=mock_model)',
      '    runner = InMemoryRunner(agent=agent)',
      '    events = list(runner.run(user_id="u", session_id="s", new_message="hi"))',
      '    assert events',
      '',
    ].join('\n');
    const s = extractIn({ 'tests/__init__.py': '', 'tests/testing_utils.py': utils, 'tests/test_agent.py': test }, 'tests/test_agent.py').callSites[0];
    assert.equal(s.api, 'adk.InMemoryRunner.run');
    assert.equal(s.testDouble, 'MockModel');
    assert.equal(estimate(s).usd, undefined, 'a test double has no price');
  });

  it('prices a root agent with two sub-agents answering a question as one task of a few calls, nothing absurd a month', async () => {
    const agents = [
      'from google.adk.agents import Agent',
      '',
      'billing = Agent(name="billing", model="gemini-2.5-flash", description="Answers billing questions.", instruction="Answer billing questions.")',
      'support = Agent(name="support", model="gemini-2.5-flash", description="Answers technical questions.", instruction="Answer technical questions.")',
      'root_agent = Agent(name="help_desk", model="gemini-2.5-flash", instruction="Send billing questions to billing, technical ones to support.", sub_agents=[billing, support])',
      '',
    ].join('\n');
    const report = await scanOnDisk({ 'help_desk/__init__.py': 'from . import agent\n', 'help_desk/agent.py': agents });
    const adk = report.callSites.filter((c) => c.sdk === 'google-adk');
    assert.equal(adk.length, 1, 'one run of the tree');
    assert.equal(adk[0].multiplier.expected, 2);
    const task = report.tasks.find((t) => t.callSites.includes(adk[0].key));
    assert.ok(task && task.usd && task.usd.perTask.expected < 0.05, `one task of a few calls: ${JSON.stringify(task?.usd?.perTask)}`);
  });
});
