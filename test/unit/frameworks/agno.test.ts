// Agno (formerly phidata): agent runs over each model class, the `provider:id` string, Agno's default
// model when none is given, the tool loop (no bound unless tool_call_limit), teams and workflows as
// one task, agents served by AgentOS, Ollama self-hosted.
import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/config/load';
import { estimateCallSite } from '../../../src/core/estimate/estimate';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, fixture, lineOf, siteAt } from './workspace';

const estimate = (s: Parameters<typeof estimateCallSite>[0]) => estimateCallSite(s, { config: defaultConfig() });

describe('agno', function () {
  this.timeout(30_000);
  before(() => loadParsers());
  const text = fixture('agno/agents.py');
  const sites = () => extractIn({ 'agents.py': text }, 'agents.py').callSites;

  it('prices print_response of an agent without tools as one request on its model, with the description as system prompt', () => {
    const s = siteAt(sites(), lineOf(text, 'expect: openai gpt-4o'));
    assert.equal(s.sdk, 'agno');
    assert.equal(s.operation, 'agent-run');
    assert.equal(s.provider, 'openai');
    assert.equal(s.model.id, 'gpt-4o');
    assert.equal(s.multiplier.max, 1, 'no tools: one request');
    assert.ok(s.parts.some((p) => p.role === 'system' && p.text.includes('enthusiastic news reporter')));
    assert.ok(s.parts.some((p) => p.role === 'user' && p.text.includes('breaking news story')));
    const e = estimate(s);
    assert.ok(e.usd && e.usd.perCall.expected > 0 && e.usd.perCall.expected < 0.05, `one short request costs cents at most: ${e.usd?.perCall.expected}`);
  });

  it('runs the tool loop without a bound unless tool_call_limit is set (tool rounds expected, the cap only the high end)', () => {
    const all = sites();
    const tools = siteAt(all, lineOf(text, 'expect: anthropic claude-sonnet-4-0'));
    assert.equal(tools.provider, 'anthropic');
    assert.equal(tools.outputCap?.tokens, 1024, "the model's max_tokens");
    assert.equal(tools.multiplier.unbounded, true);
    assert.match(tools.multiplier.reason, /no tool_call_limit .*models\/base\.py/);
    assert.equal(tools.multiplier.expected, 3, '1 + 2 tool rounds expected');
    assert.ok(tools.parts.some((p) => p.role === 'system' && p.text.includes('Use tables to display data.')), 'instructions are system prompt');
    const limited = siteAt(all, lineOf(text, 'expect: openai gpt-4.1-mini'));
    assert.equal(limited.provider, 'openai', 'the provider of Agno\'s "openai:gpt-4.1-mini" string');
    assert.equal(limited.model.id, 'gpt-4.1-mini');
    assert.equal(limited.multiplier.unbounded, undefined);
    assert.equal(limited.multiplier.max, 4, 'tool_call_limit=3: three tool calls and the answer');
    assert.match(limited.multiplier.reason, /tool_call_limit=3/);
  });

  it("uses Agno's default model when none is given: the lockfile's version picks it", () => {
    const s = siteAt(sites(), lineOf(text, 'default_agent.print_response'));
    assert.equal(s.model.id, 'gpt-5.4');
    assert.equal(s.provider, 'openai');
    assert.ok(s.notes?.some((n) => /Agno default model/.test(n) && /agent\/_init\.py:99/.test(n) && /newest default assumed/.test(n)), s.notes?.join(' | '));
    const main = 'from agno.agent import Agent\n\nagent = Agent(instructions="Be brief.")\nagent.print_response("Hi")\n';
    const older = extractIn({ 'bot/main.py': main, 'bot/requirements.txt': 'agno==2.5.17\n' }, 'bot/main.py').callSites[0];
    assert.equal(older.model.id, 'gpt-4o', 'OpenAIChat(id="gpt-4o") before agno 2.6.0');
    const newer = extractIn({ 'bot/main.py': main, 'bot/requirements.txt': 'agno==2.6.0\n' }, 'bot/main.py').callSites[0];
    assert.equal(newer.model.id, 'gpt-5.4');
    // A model class without an id: the class's own default.
    const bare = extractIn({ 'a.py': 'from agno.agent import Agent\nfrom agno.models.anthropic import Claude\n\nAgent(model=Claude()).run("x")\n', 'requirements.txt': 'agno==2.0.0\n' }, 'a.py').callSites[0];
    assert.equal(bare.model.id, 'claude-3-5-sonnet-20241022');
  });

  it('labels an Ollama model self-hosted ($0); bills Bedrock, OpenRouter and Gemini classes by their module; reads an aliased import', () => {
    const all = sites();
    const local = siteAt(all, lineOf(text, 'local_agent.print_response'));
    assert.equal(local.selfHosted, 'Ollama');
    assert.equal(local.model.id, 'llama3.2');
    assert.equal(estimate(local).usd?.perCall.expected, 0);
    const bedrock = siteAt(all, lineOf(text, 'aliased.run'));
    assert.equal(bedrock.api, 'agno.Agent.run', '`Agent as AgnoAgent` is still the Agent');
    assert.equal(bedrock.provider, 'aws', 'agno.models.aws.Claude is billed by Bedrock, not Anthropic');
    assert.equal(siteAt(all, lineOf(text, 'expect: openrouter')).provider, 'openrouter');
    const gemini = siteAt(all, lineOf(text, 'expect: google gemini-2.0-flash'));
    assert.equal(gemini.provider, 'google');
    assert.equal(gemini.api, 'agno.Agent.arun');
  });

  it("rolls a team's leader and members into one task: the models of all, each run expected once", () => {
    const s = siteAt(sites(), lineOf(text, 'agent_team.print_response'));
    assert.equal(s.api, 'agno.Team.print_response');
    assert.equal(s.provider, 'openai');
    assert.deepEqual(s.model.alternatives?.map((a) => a.id), ['gpt-4.1', 'gpt-4o-mini', 'claude-3-5-haiku-latest']);
    assert.match(s.multiplier.reason, /4 runs in one \(the team leader, Web Agent, Finance Agent, Writer\)/);
    // Leader: delegate + answer; two members with tools: 2 each; the writer: 1.
    assert.equal(s.multiplier.expected, 7);
    assert.equal(s.multiplier.unbounded, true);
    assert.ok(s.parts.some((p) => p.role === 'system' && p.text.includes('Always include sources')));
  });

  it("runs a workflow's agent steps once each, and prices an agent served by AgentOS per request", () => {
    const all = sites();
    const wf = siteAt(all, lineOf(text, 'content_workflow.print_response'));
    assert.equal(wf.api, 'agno.Workflow.print_response');
    assert.deepEqual(wf.model.alternatives?.map((a) => a.id), ['gpt-4o-mini', 'claude-3-5-haiku-latest']);
    assert.equal(wf.multiplier.expected, 3);
    const served = siteAt(all, lineOf(text, 'agent_os = AgentOS'));
    assert.equal(served.api, 'agno.AgentOS');
    assert.equal(served.model.id, 'claude-sonnet-4-0');
    assert.equal(served.multiplier.expected, 3);
  });

  it('expects a routing team to run one member; a Loop bounds its steps by max_iterations; run_rollouts runs each task k times', () => {
    const src = [
      'from agno.agent import Agent',
      'from agno.environments import Environment, Task, run_rollouts',
      'from agno.models.openai import OpenAIResponses',
      'from agno.team import Team',
      'from agno.team.mode import TeamMode',
      'from agno.tools.duckduckgo import DuckDuckGoTools',
      'from agno.workflow import Loop, Step, Workflow',
      '',
      'english = Agent(name="English", model=OpenAIResponses(id="gpt-5-mini"))',
      'french = Agent(name="French", model=OpenAIResponses(id="gpt-5-mini"))',
      'router = Team(model=OpenAIResponses(id="gpt-5.2"), members=[english, french], mode=TeamMode.route)',
      'router.print_response("Bonjour")',
      'researcher = Agent(name="Researcher", model=OpenAIResponses(id="gpt-5-mini"), tools=[DuckDuckGoTools()], tool_call_limit=2)',
      'wf = Workflow(steps=[Loop(steps=[Step(name="r", agent=researcher)], max_iterations=4), english])',
      'wf.run("AI agents")',
      'env = Environment(name="math", agent=english, tasks=(Task(id="a", input="1+1", expected=2), Task(id="b", input="2+2", expected=4)))',
      'result = run_rollouts(env, concurrency=4)',
    ].join('\n');
    const [routed, loop, roll] = extractIn({ 'w.py': src }, 'w.py').callSites;
    assert.equal(routed.api, 'agno.Team.print_response');
    assert.equal(routed.multiplier.expected, 2, 'the leader routes once and one member answers');
    assert.equal(loop.api, 'agno.Workflow.run');
    assert.equal(loop.multiplier.max, 4 * 3 + 1, "the researcher's 3 requests (tool_call_limit=2) in each of 4 iterations, then the English agent");
    assert.equal(loop.multiplier.expected, 3, 'one iteration expected: a tool round and the answer, then one request');
    assert.equal(roll.api, 'agno.environments.run_rollouts');
    assert.equal(roll.multiplier.expected, 16, '2 tasks × the default k=8, one request each');
    assert.ok(roll.multiplier.reason.includes('runner.py:1247'), roll.multiplier.reason);
  });

  it('reads the old phidata imports the same way', () => {
    const src = 'from phi.agent import Agent\nfrom phi.model.groq import Groq\nfrom phi.tools.duckduckgo import DuckDuckGo\n\nagent = Agent(model=Groq(id="llama-3.3-70b-versatile"), tools=[DuckDuckGo()])\nagent.print_response("Whats happening in France?")\nAgent().run("hi")\n';
    const [groq, dflt] = extractIn({ 'a.py': src }, 'a.py').callSites;
    assert.equal(groq.provider, 'groq');
    assert.equal(groq.model.id, 'llama-3.3-70b-versatile');
    assert.equal(dflt.model.id, 'gpt-4o', "phidata's default OpenAIChat()");
    const assistant = 'from phi.assistant import Assistant\nfrom phi.llm.openai import OpenAIChat\n\nAssistant(llm=OpenAIChat(model="gpt-4-turbo")).print_response("Share a quick healthy breakfast recipe.")\n';
    const [old] = extractIn({ 'b.py': assistant }, 'b.py').callSites;
    assert.deepEqual([old?.api, old?.provider, old?.model.id], ['agno.Assistant.print_response', 'openai', 'gpt-4-turbo']);
  });

  it("prices knowledge.insert as embeddings with the vector db's embedder (OpenAIEmbedder when none), and Embedder.get_embedding", () => {
    const src = [
      'from agno.knowledge.embedder.google import GeminiEmbedder',
      'from agno.knowledge.embedder.mistral import MistralEmbedder',
      'from agno.knowledge.knowledge import Knowledge',
      'from agno.vectordb.pgvector import PgVector',
      '',
      'knowledge = Knowledge(vector_db=PgVector(table_name="recipes", db_url=DB, embedder=GeminiEmbedder(id="gemini-embedding-001")))',
      'knowledge.insert(url="https://agno-public.s3.amazonaws.com/recipes/ThaiRecipes.pdf")',
      'plain = Knowledge(vector_db=PgVector(table_name="recipes", db_url=DB))',
      'plain.insert(url="https://example.com/a.pdf")',
      'MistralEmbedder().get_embedding("The quick brown fox")',
      'plain.insert_many(urls=["https://docs.agno.com/introduction", "https://docs.agno.com/knowledge/overview.md"])',
    ].join('\n');
    const [gemini, plain, mistral, many] = extractIn({ 'k.py': src }, 'k.py').callSites;
    assert.deepEqual([many?.api, many?.model.id], ['agno.Knowledge.insert_many', 'text-embedding-3-small']);
    assert.deepEqual([gemini.operation, gemini.provider, gemini.model.id, gemini.api], ['embedding', 'google', 'gemini-embedding-001', 'agno.Knowledge.insert']);
    assert.equal(plain.model.id, 'text-embedding-3-small');
    assert.ok(plain.notes?.some((n) => /pgvector\.py:129/.test(n)), plain.notes?.join(' | '));
    assert.deepEqual([mistral.provider, mistral.model.id, mistral.api], ['mistral', 'mistral-embed', 'agno.Embedder.get_embedding']);
  });

  it("runs a team kept in Streamlit's session state (set to None first, made on a button)", () => {
    const src = [
      'import streamlit as st',
      'from agno.agent import Agent',
      'from agno.models.openai import OpenAIChat',
      'from agno.team import Team',
      '',
      "if 'legal_team' not in st.session_state:",
      '    st.session_state.legal_team = None',
      'if st.button("Analyze"):',
      '    researcher = Agent(name="Legal Researcher", model=OpenAIChat(id="gpt-5"))',
      '    st.session_state.legal_team = Team(model=OpenAIChat(id="gpt-5"), members=[researcher])',
      'if st.session_state.legal_team:',
      '    response = st.session_state.legal_team.run(query)',
    ].join('\n');
    const [s] = extractIn({ 'app.py': src }, 'app.py').callSites;
    assert.equal(s?.api, 'agno.Team.run');
    assert.equal(s.model.id, 'gpt-5');
    assert.equal(s.multiplier.expected, 3, 'the leader delegates and answers, the member runs once');
  });

  it('does not take another library\'s Agent, run or print_response for an Agno run', () => {
    const other = fixture('agno/not_agno.py');
    const found = extractIn({ 'not_agno.py': other }, 'not_agno.py').callSites.filter((s) => s.sdk === 'agno');
    assert.deepEqual(found.map((s) => s.line), []);
  });
});
