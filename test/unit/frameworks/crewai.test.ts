// crewAI: crews kicked off (Crew(...), @CrewBase classes with YAML configs), tasks executed, agents
// kicked off; each agent's model, crewAI's default model and max_iter per version, loop bounds.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { estimateCallSite } from '../../../src/core/estimate/estimate';
import { defaultConfig } from '../../../src/config/load';
import { extractIn, fixture, lineOf, siteAt } from './workspace';

const crewFiles = () => ({
  'crew/latest_ai_crew.py': fixture('crewai/latest_ai_crew.py'),
  'crew/config/agents.yaml': fixture('crewai/config/agents.yaml'),
  'crew/config/tasks.yaml': fixture('crewai/config/tasks.yaml'),
});

describe('crewAI', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('kicks off a @CrewBase crew: agents and tasks from config/*.yaml, the model from an agent\'s llm:, max_iter per task', () => {
    const files = crewFiles();
    const text = files['crew/latest_ai_crew.py'];
    const r = extractIn(files, 'crew/latest_ai_crew.py');
    const s = siteAt(r.callSites, lineOf(text, 'crew().kickoff(inputs'));
    assert.equal(s.sdk, 'crewai');
    assert.equal(s.operation, 'agent-run');
    assert.equal(s.provider, 'openai');
    assert.equal(s.model.id, 'gpt-4o', 'llm: openai/gpt-4o in config/agents.yaml');
    // The researcher's role/goal/backstory (system) and the research task (user), read from the YAML files.
    const system = s.parts.filter((p) => p.role === 'system').map((p) => p.text).join(' ');
    assert.match(system, /Senior Data Researcher/);
    assert.ok(s.parts.some((p) => p.role === 'system' && p.path === 'crew/config/agents.yaml'));
    assert.ok(s.parts.some((p) => p.role === 'user' && /Conduct a thorough research/.test(p.text) && p.path === 'crew/config/tasks.yaml'));
    // Two tasks: the researcher's default max_iter (25, the newest crewAI) + the analyst's max_iter: 10.
    assert.equal(s.multiplier.max, 35);
    assert.match(s.multiplier.reason, /25 iterations|crewAI Agent max_iter default/);
    assert.match(s.multiplier.reason, /max_iter: 10 in crew\/config\/agents\.yaml/);
    assert.equal(s.params.tools, 'agent tools', 'the researcher has a tool');
    assert.ok(estimateCallSite(s, { config: defaultConfig() }).usd, 'priced');
  });

  it('multiplies train(n_iterations=N) and kickoff_for_each over a list of inputs', () => {
    const files = crewFiles();
    const text = files['crew/latest_ai_crew.py'];
    const r = extractIn(files, 'crew/latest_ai_crew.py');
    const train = siteAt(r.callSites, lineOf(text, '.train(n_iterations=3'));
    assert.equal(train.multiplier.max, 35 * 3);
    assert.match(train.multiplier.reason, /3 training runs \(n_iterations\)/);
    const replay = siteAt(r.callSites, lineOf(text, '.replay(task_id'));
    assert.equal(replay.api, 'crewai.Crew.replay');
  });

  it('reads agents and tasks made by methods of plain classes, each agent\'s own model and output cap', () => {
    const text = fixture('crewai/trip_crew.py');
    const r = extractIn({ 'trip_crew.py': text }, 'trip_crew.py');
    const s = siteAt(r.callSites, lineOf(text, 'return crew.kickoff()'));
    assert.equal(s.model.id, 'gpt-4o-mini');
    assert.deepEqual(s.model.alternatives?.map((a) => a.id), ['gpt-4o-mini', 'gpt-3.5-turbo'], 'one model per agent: a range');
    assert.equal(s.multiplier.max, 5 + 25, 'max_iter=5 for the first task, the default for the second');
    assert.match(s.multiplier.reason, /max_iter=5/);
    const execute = siteAt(r.callSites, lineOf(text, 'task.execute_sync()'));
    assert.equal(execute.selfHosted, 'Ollama', 'an Ollama model is served by the user');
    assert.equal(estimateCallSite(execute, { config: defaultConfig() }).usd?.perCall.expected, 0);
    assert.equal(execute.model.id, 'llama3.1');
  });

  it('kicks off a single agent, and the crews inside Flow steps, but not Flow.kickoff or another class\'s kickoff', () => {
    const text = fixture('crewai/trip_crew.py');
    const r = extractIn({ 'trip_crew.py': text }, 'trip_crew.py');
    const agent = siteAt(r.callSites, lineOf(text, 'writer.kickoff(f"Write'));
    assert.equal(agent.api, 'crewai.Agent.kickoff');
    assert.equal(agent.provider, 'anthropic');
    assert.equal(agent.model.id, 'claude-3-5-haiku-latest');
    assert.ok(agent.parts.some((p) => p.role === 'user' && p.dynamic), 'the prompt given to kickoff');
    siteAt(r.callSites, lineOf(text, 'crew.kickoff(inputs={"topic": topic})'));
    for (const needle of ['PoemFlow().kickoff()', 'Kickoff().kickoff()']) {
      const line = lineOf(text, needle);
      assert.equal(r.callSites.find((c) => c.line === line), undefined, `${needle} is not a call site`);
    }
  });

  it('takes crewAI\'s default model and max_iter from the version in the lockfile: two lockfiles, two defaults', () => {
    const main = [
      'from crewai import Agent, Crew, Task',
      '',
      'analyst = Agent(role="Analyst", goal="Analyse", backstory="An analyst.")',
      'report = Task(description="Write a report", expected_output="A report", agent=analyst)',
      'Crew(agents=[analyst], tasks=[report]).kickoff()',
      '',
    ].join('\n');
    const lock = (v: string) => `version = 1\n\n[[package]]\nname = "crewai"\nversion = "${v}"\nsource = { registry = "https://pypi.org/simple" }\n`;
    const newer = extractIn({ 'app/main.py': main, 'app/uv.lock': lock('1.6.1') }, 'app/main.py').callSites[0];
    assert.equal(newer.model.id, 'gpt-4.1-mini');
    assert.ok(newer.notes?.some((n) => /crewai 1\.6\.1 in app\/uv\.lock/.test(n) && /DEFAULT_LLM_MODEL/.test(n)), newer.notes?.join(' | '));
    assert.equal(newer.multiplier.max, 25);
    const older = extractIn({ 'app/main.py': main, 'app/requirements.txt': 'crewai==0.80.0\n' }, 'app/main.py').callSites[0];
    assert.equal(older.model.id, 'gpt-4o-mini');
    assert.equal(older.multiplier.max, 20, 'max_iter defaulted to 20 in crewAI 0.64–0.100');
    assert.match(older.multiplier.reason, /crewai 0\.80\.0 in app\/requirements\.txt/);
    const oldest = extractIn({ 'app/main.py': main, 'app/requirements.txt': 'crewai==0.41.1\n' }, 'app/main.py').callSites[0];
    assert.equal(oldest.model.id, 'gpt-4o');
    // Without a version the newest default applies, and the reason says it was assumed.
    const unpinned = extractIn({ 'app/main.py': main }, 'app/main.py').callSites[0];
    assert.equal(unpinned.model.id, 'gpt-4.1-mini');
    assert.ok(unpinned.notes?.some((n) => /version not found in the workspace/.test(n)));
  });

  it('dates a project that declares no crewAI version by the APIs it calls: task.execute() is crewAI before 0.41, so that era\'s default model, said in the reason', () => {
    // As crewAI's README of early 2024 ran a single task.
    const main = [
      'from crewai import Agent, Task',
      '',
      'researcher = Agent(role="Researcher", goal="Uncover developments in AI", backstory="You work at a think tank.", allow_delegation=False)',
      'task = Task(description="Investigate the latest AI trends", expected_output="A short report", agent=researcher)',
      'result = task.execute()',
      '',
    ].join('\n');
    const [old] = extractIn({ 'main.py': main }, 'main.py').callSites;
    assert.equal(old.api, 'crewai.Task.execute');
    assert.equal(old.model.id, 'gpt-4o');
    assert.ok(old.notes?.some((n) => /crewai version not found in the workspace; the code calls Task\.execute\(\), which crewAI has only before 0\.41\.0/.test(n)), old.notes?.join(' | '));
    assert.equal(old.multiplier.max, 25);
    // execute_sync is the current API: nothing to date it, the newest default.
    const [current] = extractIn({ 'main.py': main.replace('task.execute()', 'task.execute_sync()') }, 'main.py').callSites;
    assert.equal(current.model.id, 'gpt-4.1-mini');
    // A version the workspace declares wins over what the code suggests.
    const [pinned] = extractIn({ 'main.py': main, 'requirements.txt': 'crewai==0.30.11\n' }, 'main.py').callSites;
    assert.equal(pinned.model.id, 'gpt-4');
  });

  it('uses OPENAI_MODEL_NAME set in the file over the default; an agent it cannot read leaves the model unknown, not the default', () => {
    const main = [
      'import os',
      'from crewai import Agent, Crew, Task',
      'from helpers import make_agents',
      'os.environ["OPENAI_MODEL_NAME"] = "gpt-4o"',
      'analyst = Agent(role="Analyst", goal="Analyse", backstory="An analyst.")',
      'Crew(agents=[analyst], tasks=[Task(description="d", expected_output="o", agent=analyst)]).kickoff()',
      'a, b = make_agents()',
      'Crew(agents=[a, b], tasks=[]).kickoff()',
      '',
    ].join('\n');
    const r = extractIn({ 'main.py': main }, 'main.py');
    assert.equal(siteAt(r.callSites, 6).model.id, 'gpt-4o');
    const unread = siteAt(r.callSites, 8);
    assert.equal(unread.model.id, undefined);
    assert.match(unread.model.unresolvedReason ?? '', /agents \(a, b\) could not be read/);
  });

  it('takes a model the code reads from the environment with no default from the project\'s .env, else from the .env.example it ships (said, and marked assumed); a placeholder is no value', () => {
    // As crewAI's examples run agents on a local model named in the environment.
    const agents = [
      'import os',
      '',
      'from crewai import Agent, Crew, Task',
      'from langchain_community.llms import Ollama',
      '',
      'llm = Ollama(model=os.environ["MODEL"])',
      'writer = Agent(role="Writer", goal="Write posts", backstory="A copywriter.", llm=llm, api_key=os.environ["SERPER_API_KEY"])',
      'post = Task(description="Write an Instagram post", expected_output="A post", agent=writer)',
      'Crew(agents=[writer], tasks=[post]).kickoff()',
      '',
    ].join('\n');
    const example = 'SERPER_API_KEY=KEY # https://serper.dev/\nMODEL=\'openhermes\'\n';
    const [shipped] = extractIn({ 'crew/main.py': agents, 'crew/.env.example': example }, 'crew/main.py').callSites;
    assert.equal(shipped.model.id, 'openhermes');
    assert.equal(shipped.model.from, 'crew/.env.example:2');
    assert.equal(shipped.model.assumed, true, 'a template\'s value is not the environment the crew runs in');
    assert.ok(shipped.notes?.some((n) => /MODEL in crew\/\.env\.example, the template the project ships/.test(n)), shipped.notes?.join(' | '));
    // The user's own .env beside it wins, and is their setting, not an assumption.
    const [own] = extractIn({ 'crew/main.py': agents, 'crew/.env.example': example, 'crew/.env': 'SERPER_API_KEY=sk-secret\nMODEL=llama3.1\n' }, 'crew/main.py').callSites;
    assert.equal(own.model.id, 'llama3.1');
    assert.equal(own.model.from, 'crew/.env:2');
    assert.equal(own.model.assumed, undefined);
    assert.ok(!JSON.stringify(own).includes('sk-secret'), 'nothing but the model is read out of a .env');
    // A value to fill in is none.
    const [placeholder] = extractIn({ 'crew/main.py': agents, 'crew/.env.example': 'MODEL=<your-model>\n' }, 'crew/main.py').callSites;
    assert.equal(placeholder.model.id, undefined);
    assert.match(placeholder.model.unresolvedReason ?? '', /environment variable MODEL with no default/);
  });

  it('does not take a kickoff, train or test of another library for a crew', () => {
    const text = [
      'import unittest',
      'from myapp import Pipeline',
      'p = Pipeline()',
      'p.kickoff()',
      'p.train(n_iterations=3)',
      'unittest.TestCase().test()',
      '',
    ].join('\n');
    assert.deepEqual(extractIn({ 'x.py': text }, 'x.py').callSites, []);
  });
  it('reads the model a custom LLM of the workspace stores in self.model (a subclass of crewAI\'s LLM)', () => {
    const text = [
      'import os',
      'from crewai import LLM, Agent, Crew, Task',
      'from langchain_groq import ChatGroq',
      '',
      'class GroqWrapped(LLM):',
      '    def __init__(self, llm, model_str: str, temperature=None):',
      '        self.model = model_str',
      '        self.temperature = temperature',
      '        self.llm = llm',
      '',
      '    def call(self, messages, callbacks=None):',
      '        return self.llm.invoke(messages).content',
      '',
      'model = os.environ.get("MODEL", "llama-3.3-70b-versatile")',
      'wrapped = GroqWrapped(model_str="groq/" + model, llm=ChatGroq(model=model))',
      'writer = Agent(role="Writer", goal="Write a post", backstory="You write.", llm=wrapped)',
      'task = Task(description="Write about AI", expected_output="A post", agent=writer)',
      'Crew(agents=[writer], tasks=[task]).kickoff()',
      '',
    ].join('\n');
    const s = siteAt(extractIn({ 'main.py': text }, 'main.py').callSites, lineOf(text, '.kickoff()'));
    assert.equal(s.model.id, 'llama-3.3-70b-versatile');
    assert.equal(s.provider, 'groq');
  });
  it('reports what a subclass of a crewai_tools RAG tool adds and searches as embeddings (super().add, super()._run)', () => {
    const text = [
      'from typing import Any',
      'from crewai_tools import RagTool',
      '',
      'class HandbookTool(RagTool):',
      '    name: str = "Search the employee handbook"',
      '',
      '    def __init__(self, handbook_text: str, **kwargs):',
      '        super().__init__(**kwargs)',
      '        self.add(handbook_text)',
      '',
      '    def add(self, *args: Any, **kwargs: Any) -> None:',
      '        super().add(*args, **kwargs)  # add',
      '',
      '    def _run(self, search_query: str, **kwargs: Any) -> Any:',
      '        return super()._run(query=search_query, **kwargs)  # search',
      '',
      'class Notes:',
      '    def add(self, note):',
      '        super().add(note)  # not a tool',
      '',
    ].join('\n');
    const sites = extractIn({ 'tools.py': text }, 'tools.py').callSites;
    for (const m of ['# add', '# search']) {
      const s = siteAt(sites, lineOf(text, m));
      assert.equal(s.operation, 'embedding');
      assert.equal(s.model.id, undefined);
      assert.match(s.model.unresolvedReason ?? '', /RagTool's embedder/);
    }
    assert.equal(sites.find((s) => s.line === lineOf(text, '# not a tool')), undefined);
  });
});
