// Figures a user would believe (issue 15): scopes and traffic — a month is only what production
// runs; examples, tests, docs, scripts and notebooks are priced per task and counted in a month only
// when their traffic is stated.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeWorkspace, main } from '../../src/cli/main';
import type { Report } from '../../src/core/report/report';
import { parseWorkspaceConfig, resolveConfig } from '../../src/config/load';
import { scopeOf } from '../../src/core/analysis/scopes';
import { loadParsers } from '../../src/core/extract/code/parser';
import { renderTable } from '../../src/core/report/table';
import { buildCostTree } from '../../src/core/report/costTree';
import { extractIn, lineOf, siteAt } from './frameworks/workspace';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'costlens-figures-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const call = (model: string) => `from anthropic import Anthropic\n\nclient = Anthropic()\n\n\ndef handle(q):\n    return client.messages.create(model="${model}", max_tokens=200, messages=[{"role": "user", "content": q}])\n`;

describe('figures a user would believe: scopes and traffic', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('reads the scope of a path from its conventions, and from .costlens.json scopes first (the longest pattern wins)', () => {
    const cases: [string, string][] = [
      ['app/agent.py', 'production'],
      ['tests/test_agent.py', 'test'],
      ['src/agent_test.py', 'test'],
      ['web/app/chat.test.ts', 'test'],
      ['packages/core/__tests__/run.ts', 'test'],
      ['examples/hello/main.py', 'example'],
      ['cookbook/rag.py', 'example'],
      ['docs/snippets/quickstart.py', 'docs'],
      // A framework's own test apps and documentation snippets (firebase/genkit: js/testapps, js/doc-snippets).
      ['js/testapps/compat-oai/src/index.ts', 'example'],
      ['js/doc-snippets/src/flows/index.ts', 'docs'],
      ['scripts/backfill.py', 'script'],
      ['deep_agents/recency_benchmark.py', 'script'],
      ['src/bench_rag.ts', 'script'],
      ['app/benchmarking.py', 'production'],
      ['analysis/explore.ipynb', 'notebook'],
      ['agents/tools/search.py', 'production'],
    ];
    for (const [p, scope] of cases) assert.equal(scopeOf(p).scope, scope, p);
    const config = resolveConfig([parseWorkspaceConfig(JSON.stringify({ scopes: { 'examples/': 'production', 'examples/sandbox/**': 'example', 'app/**/experiments/*.py': 'script' } })).source]).values;
    assert.equal(scopeOf('examples/hello/main.py', config).scope, 'production');
    assert.equal(scopeOf('examples/sandbox/a/b.py', config).scope, 'example');
    assert.equal(scopeOf('app/x/y/experiments/try.py', config).scope, 'script');
    assert.match(scopeOf('examples/hello/main.py', config).reason, /\.costlens\.json scopes\["examples\/"\]/);
  });

  it('counts only production in the month: an example and a test are priced per task but left out, with the reason', async () => {
    const dir = workspace({ '.costlens.json': '{}', 'app/api.py': call('claude-sonnet-4-5'), 'examples/demo.py': call('claude-opus-4-1'), 'tests/test_api.py': call('claude-opus-4-1') });
    try {
      const { report } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
      const prod = report.tasks.find((t) => t.path === 'app/api.py')!;
      const example = report.tasks.find((t) => t.path === 'examples/demo.py')!;
      const test = report.tasks.find((t) => t.path === 'tests/test_api.py')!;
      assert.equal(prod.scope, 'production');
      assert.equal(example.scope, 'example');
      assert.equal(example.tasksPerDay, 0);
      assert.match(example.traffic!, /not counted in a month: example code/);
      assert.ok(example.usd!.perTask.expected > prod.usd!.perTask.expected, 'an example is still priced per task (opus costs more)');
      assert.equal(example.usd!.perMonth.expected, 0);
      assert.equal(test.usd!.perMonth.expected, 0);
      assert.ok(Math.abs(report.totals.usdPerMonth.expected - prod.usd!.perMonth.expected) < 1e-9, 'the month is the production task alone');
      assert.deepEqual(report.totals.notCounted, { tasks: 2, byScope: { example: 1, test: 1 } });
      assert.equal(report.callSites.find((c) => c.path === 'examples/demo.py')!.scope, 'example');
      assert.match(renderTable(report), /in production .*2 task\(s\) not counted in a month \(1 example, 1 test: no traffic stated\)/);
      // The call-site rows say so too, rather than a month of $0.
      assert.match(renderTable(report), /examples\/demo\.py:\d+ .* not counted\n/);
      assert.doesNotMatch(renderTable(report), /app\/api\.py:\d+ .* not counted\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the scope of a whole workspace from its folder’s name: an examples folder scanned on its own, an examples repository, a cookbook', async () => {
    // `costlens scan examples` in a checkout without .git: the examples folder is the workspace,
    // and no path in it says examples/ any more.
    const parent = workspace({ 'examples/quick_start.py': call('claude-sonnet-4-5'), 'examples/agents/review.py': call('claude-sonnet-4-5') });
    const repo = path.join(tmpdir(), `costlens-scopes-${process.pid}`, 'crewAI-examples');
    mkdirSync(path.join(repo, 'flows/write_a_book/src'), { recursive: true });
    mkdirSync(path.join(repo, '.git'));
    writeFileSync(path.join(repo, 'flows/write_a_book/src/main.py'), call('gpt-4o'));
    try {
      const { report } = await analyzeWorkspace(['examples'], { cwd: parent, jobs: 1, observations: false });
      assert.deepEqual(report.tasks.map((t) => [t.path, t.scope]).sort(), [['agents/review.py', 'example'], ['quick_start.py', 'example']]);
      assert.equal(report.totals.usdPerMonth.expected, 0, 'an examples folder adds nothing to a month');
      assert.match(report.tasks[0].traffic!, /the workspace folder is a examples\/ folder/);
      const named = await analyzeWorkspace(['.'], { cwd: repo, jobs: 1, observations: false });
      assert.equal(named.report.tasks[0].scope, 'example');
      assert.match(named.report.tasks[0].traffic!, /the workspace folder is named "crewAI-examples"/);
      assert.equal(named.report.totals.usdPerMonth.expected, 0);
      // The folder's name is only a hint: a path convention comes first, and a workspace with a
      // .costlens.json has said how it runs (the repository's own example workspace is one).
      writeFileSync(path.join(repo, '.costlens.json'), '{}');
      assert.equal((await analyzeWorkspace(['.'], { cwd: repo, jobs: 1, observations: false })).report.tasks[0].scope, 'production');
      writeFileSync(path.join(repo, '.costlens.json'), JSON.stringify({ scopes: { '**': 'production' } }));
      const stated = await analyzeWorkspace(['.'], { cwd: repo, jobs: 1, observations: false });
      assert.equal(stated.report.tasks[0].scope, 'production');
      assert.ok(stated.report.totals.usdPerMonth.expected > 0);
      // Names that are not about examples leave production alone: a starter, an app, a word inside a name.
      for (const name of ['nextjs-starter', 'support-agent', 'examples-app', 'sampler']) assert.equal(scopeOf('main.py', { 'workspace.folderName': name } as never).scope, 'production', name);
      assert.equal(scopeOf('main.py', { 'workspace.folderName': 'anthropic-cookbook' } as never).scope, 'example');
      assert.equal(scopeOf('test_api.py', { 'workspace.folderName': 'anthropic-cookbook' } as never).scope, 'test', 'a path convention first');
      assert.equal(scopeOf('main.py', { 'workspace.folderName': 'langchain-academy' } as never).scope, 'example', 'a course');
      // Inside a workspace, a folder whose name ends in an example word: a collection of tutorials.
      assert.deepEqual(scopeOf('rag_tutorials/agentic_rag/app.py'), { scope: 'example', reason: 'in a folder named "rag_tutorials"' });
      assert.equal(scopeOf('ai_agent_framework_crash_course/openai_sdk/agent.py').scope, 'example');
      assert.equal(scopeOf('voice_ai_agents/support/app.py').scope, 'production');
      for (const dir of ['sampler', 'tutorial_service_api', 'workshop-booking', 'nextjs-starter']) assert.equal(scopeOf(`${dir}/main.py`).scope, 'production', dir);
    } finally {
      rmSync(parent, { recursive: true, force: true });
      rmSync(path.dirname(repo), { recursive: true, force: true });
    }
  });

  it('leaves a distributable package’s functions that no entry point reaches out of the month (library scope), and says why an application’s uncalled helper is counted', async () => {
    const pyproject = (extra = '') => `[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "judgekit"\nversion = "0.1.0"\n${extra}`;
    const grade = `from judgekit.judge import client\n\n\ndef grade(q):\n    return client.messages.create(model="claude-sonnet-4-5", max_tokens=200, messages=[{"role": "user", "content": q}])\n`;
    const cli = `from judgekit.grading import grade\n\nif __name__ == "__main__":\n    grade("Is this right?")\n`;
    const files = {
      '.costlens.json': '{}',
      'pyproject.toml': pyproject(),
      'judgekit/__init__.py': '',
      // judge(): the package's API, run by its users; grade(): reached from the package's own CLI main.
      'judgekit/judge.py': call('claude-sonnet-4-5').replace('def handle(q)', 'def judge(q)'),
      'judgekit/grading.py': grade,
      'judgekit/cli.py': cli,
    };
    const dir = workspace(files);
    try {
      const { report } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
      const judge = report.tasks.find((t) => t.name === 'judge')!;
      const main = report.tasks.find((t) => t.path === 'judgekit/cli.py')!;
      assert.equal(judge.scope, 'library');
      assert.equal(judge.tasksPerDay, 0);
      assert.match(judge.traffic!, /library code \(pyproject\.toml builds a distribution \(\[project\] and \[build-system\]\)\) that no entry point in this workspace reaches/);
      assert.ok(judge.usd!.perTask.expected > 0, 'still priced per task');
      assert.equal(judge.usd!.perMonth.expected, 0);
      assert.equal(report.callSites.find((c) => c.path === 'judgekit/judge.py')!.scope, 'library');
      // The package's own CLI main is an entry point: what it reaches counts, at the default 1,000 a day.
      assert.equal(main.scope, 'production');
      assert.equal(report.callSites.find((c) => c.path === 'judgekit/grading.py')!.scope, 'production');
      // By hand: the month is grade()'s task through the main alone: $/task × 1,000 tasks/day × 30 days
      // (both calls cost the same, so counting judge() too would double it).
      assert.ok(Math.abs(report.totals.usdPerMonth.expected - main.usd!.perTask.expected * 1000 * 30) < 1e-9);
      assert.ok(Math.abs(judge.usd!.perTask.expected - main.usd!.perTask.expected) < 1e-12);
      assert.deepEqual(report.totals.notCounted, { tasks: 1, byScope: { library: 1 } });
      assert.match(renderTable(report), /1 library/);
      // Stated traffic counts it (scope still library); scoping it production counts it at the default.
      writeFileSync(path.join(dir, '.costlens.json'), JSON.stringify({ traffic: { 'judgekit/judge.py#judge': 50 } }));
      const stated = (await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false })).report;
      const sj = stated.tasks.find((t) => t.name === 'judge')!;
      assert.equal(sj.tasksPerDay, 50);
      assert.ok(Math.abs(stated.totals.usdPerMonth.expected - sj.usd!.perTask.expected * (1000 + 50) * 30) < 1e-9);
      writeFileSync(path.join(dir, '.costlens.json'), JSON.stringify({ scopes: { 'judgekit/': 'production' } }));
      const scoped = (await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false })).report;
      assert.equal(scoped.tasks.find((t) => t.name === 'judge')!.scope, 'production');
      assert.ok(Math.abs(scoped.totals.usdPerMonth.expected - 2 * main.usd!.perTask.expected * 1000 * 30) < 1e-9);
      // `.costlens.json` scopes accept library for code no manifest makes one.
      assert.equal(scopeOf('vendor/sdk/x.py', resolveConfig([parseWorkspaceConfig(JSON.stringify({ scopes: { 'vendor/': 'library' } })).source]).values).scope, 'library');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is production, not library, where the manifest builds no distribution or ships other folders; an uncalled helper’s task says it is counted at the assumed traffic', async () => {
    const helper = call('claude-sonnet-4-5');
    const dir = workspace({
      '.costlens.json': '{}',
      // An application's pyproject: [project] without a build system (uv's application layout).
      'svc/pyproject.toml': '[project]\nname = "svc"\nversion = "0.1.0"\n',
      'svc/app/helpers.py': helper,
      // A package that ships only its cli/ folder: the bot's models are the application's.
      'bot/pyproject.toml': '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "bot"\n\n[project.scripts]\nbot = "cli.cli:main"\n\n[tool.setuptools.packages.find]\ninclude = ["cli*"]\n',
      'bot/models/gemini.py': helper,
      'bot/cli/tools.py': helper,
      // JS: a published package (main, not private) and a private application.
      'packages/sdk/package.json': JSON.stringify({ name: '@acme/sdk', main: 'dist/index.js' }),
      'packages/sdk/src/summarize.ts': `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function summarize(q: string) {\n  return client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: q }] });\n}\n`,
      'apps/web/package.json': JSON.stringify({ name: 'web', private: true, main: 'index.js' }),
      'apps/web/lib/ask.ts': `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function ask(q: string) {\n  return client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: q }] });\n}\n`,
    });
    try {
      const { report } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
      const scope = (p: string) => report.tasks.find((t) => t.path === p)!;
      assert.equal(scope('svc/app/helpers.py').scope, 'production', '[project] without [build-system]: an application');
      assert.equal(scope('bot/models/gemini.py').scope, 'production', 'not in the folders the package ships (include = ["cli*"])');
      assert.equal(scope('bot/cli/tools.py').scope, 'library');
      assert.match(scope('bot/cli/tools.py').traffic!, /bot\/pyproject\.toml builds a distribution/);
      assert.equal(scope('packages/sdk/src/summarize.ts').scope, 'library');
      assert.match(scope('packages/sdk/src/summarize.ts').traffic!, /packages\/sdk\/package\.json publishes it/);
      const web = scope('apps/web/lib/ask.ts');
      assert.equal(web.scope, 'production', 'a private package is an application');
      assert.equal(web.tasksPerDay, 1000);
      assert.match(web.traffic!, /assumed: the default 1,000 tasks\/day \(traffic\.tasksPerDay\); no entry point in this workspace reaches it/);
      const counted = report.tasks.filter((t) => t.scope === 'production');
      assert.equal(counted.length, 3);
      assert.ok(Math.abs(report.totals.usdPerMonth.expected - counted.reduce((n, t) => n + t.usd!.perTask.expected * 1000 * 30, 0)) < 1e-9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts a non-production task whose traffic is stated, and uses a production task’s own traffic (`"traffic": {"path#fn": n}`)', async () => {
    const dir = workspace({
      '.costlens.json': JSON.stringify({ traffic: { tasksPerDay: 1000, 'examples/demo.py#handle': 10, 'app/api.py': 5000 } }),
      'app/api.py': call('claude-sonnet-4-5'),
      'examples/demo.py': call('claude-opus-4-1'),
    });
    try {
      const { report } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
      assert.deepEqual(report.errors, [], 'traffic of particular tasks is no unknown setting');
      const prod = report.tasks.find((t) => t.path === 'app/api.py')!;
      const example = report.tasks.find((t) => t.path === 'examples/demo.py')!;
      assert.equal(prod.tasksPerDay, 5000);
      assert.match(prod.traffic!, /traffic\["app\/api\.py"\]/);
      assert.equal(example.tasksPerDay, 10);
      assert.ok(example.usd!.perMonth.expected > 0);
      assert.ok(Math.abs(report.totals.usdPerMonth.expected - (prod.usd!.perMonth.expected + example.usd!.perMonth.expected)) < 1e-9);
      assert.equal(report.totals.notCounted, undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('figures a user would believe: expected is not the worst case', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  async function scanCode(code: string, file = 'app/agent.py') {
    const dir = workspace({ '.costlens.json': '{}', [file]: code });
    try {
      return await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('prices a one-agent, no-tool run at one call, with max_turns as its cap (the "hello world" agent)', async () => {
    const { report } = await scanCode(`from agents import Agent, Runner

agent = Agent(name="Assistant", instructions="You only respond in haikus.")


async def main():
    result = await Runner.run(agent, "Tell me about recursion in programming.")
    print(result.final_output)
`);
    const c = report.callSites[0];
    assert.equal(c.multiplier.expected, 1);
    assert.equal(c.multiplier.max, 10);
    assert.equal(c.historyGrows, false);
    assert.ok(c.usd!.perTask.expected < 0.01, `one call, not ten with a growing history: $${c.usd!.perTask.expected} a task`);
    assert.ok(Math.abs(c.usd!.perTask.expected - c.usd!.perCall.expected) < 1e-12, 'a task is one call');
    assert.ok(c.usd!.perTask.high >= c.usd!.perCall.high * 10 - 1e-12, 'the worst case keeps the cap');
  });

  it('expects an agent with tools to take 1 + 2 tool rounds (the stated prior), within its max_turns', async () => {
    const { report } = await scanCode(`from agents import Agent, Runner, function_tool


@function_tool
def weather(city: str) -> str:
    return "sunny"


agent = Agent(name="A", instructions="Use the tools.", model="gpt-4.1-mini", tools=[weather])


async def main(q):
    return await Runner.run(agent, q, max_turns=5)
`);
    const c = report.callSites[0];
    assert.equal(c.multiplier.expected, 3);
    assert.equal(c.multiplier.cap, 5);
    assert.match(c.multiplier.expectedReason!, /1 \+ 2 tool rounds/);
    assert.equal(c.historyGrows, true);
  });

  it('keeps a cap of 1,000 turns as one task\'s worst case, out of the month\'s range (a month averages its tasks)', async () => {
    const { report } = await scanCode(`from agents import Agent, Runner, function_tool


@function_tool
def run_shell(command: str) -> str:
    return "ok"


agent = Agent(name="Coder", instructions="Build the app the spec describes.", model="claude-sonnet-4-5", tools=[run_shell])


async def main(spec):
    return await Runner.run(agent, spec, max_turns=1000)
`);
    const c = report.callSites[0];
    assert.equal(c.multiplier.expected, 3);
    assert.equal(c.multiplier.max, 1000);
    const usd = c.usd!;
    assert.ok(usd.perTask.high > usd.perCall.high * 1000, 'one stuck task may run all 1,000 turns, its history growing');
    const runsPerMonth = 1000 * 30;
    // The month: the per-call range at the expected three calls (and their history growth), times the runs.
    assert.ok(usd.perMonth.high < usd.perTask.high * runsPerMonth / 100, `the month's high ($${usd.perMonth.high.toFixed(0)}) is not every task at its cap ($${(usd.perTask.high * runsPerMonth).toFixed(0)})`);
    assert.ok(usd.perMonth.high >= usd.perCall.high * 3 * runsPerMonth, 'at least the per-call high at the expected calls');
    assert.ok(usd.perMonth.low <= usd.perMonth.expected && usd.perMonth.expected <= usd.perMonth.high);
    const task = report.tasks.find((t) => t.callSites?.includes(c.key))!;
    assert.ok(Math.abs(task.usd!.perMonth.high - usd.perMonth.high) < 1e-6 * usd.perMonth.high, 'the task\'s month is its call\'s');
    assert.ok(Math.abs(report.totals.usdPerMonth.high - usd.perMonth.high) < 1e-6 * usd.perMonth.high, 'and the total\'s');
    assert.ok(task.usd!.perTask.high > usd.perCall.high * 1000, 'the task keeps its worst case');
  });

  it('counts an approval loop around a run once, and streaming and non-streaming branches as alternatives (the mean expected, the dearer at worst)', async () => {
    const { report } = await scanCode(`from openai import OpenAI
from agents import Agent, Runner

client = OpenAI()
agent = Agent(name="support", instructions="Answer briefly.", model="gpt-4o-mini")


def reply(q, stream):
    if stream:
        return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}], max_tokens=300, stream=True)
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}], max_tokens=300)


async def approve(q):
    while True:
        result = await Runner.run(agent, q)
        if input(f"{result.final_output} ok? ") == "y":
            break
`);
    const [streaming, plain, run] = report.callSites;
    assert.equal(streaming.multiplier.expected, 0.5);
    assert.equal(plain.multiplier.expected, 0.5);
    const reply = report.tasks.find((t) => t.name === 'reply')!;
    const mean = (streaming.usd!.perCall.expected + plain.usd!.perCall.expected) / 2;
    assert.ok(Math.abs(reply.usd!.perTask.expected - mean) < 1e-12, 'expected: the mean of the two branches');
    assert.ok(Math.abs(reply.usd!.perTask.high - Math.max(streaming.usd!.perCall.high, plain.usd!.perCall.high)) < 1e-12, 'worst case: the dearer branch, never the sum');
    assert.equal(run.multiplier.expected, 1, 'the approval loop passes once; the agent has no tools');
    assert.match(run.multiplier.expectedReason!, /ends on a condition/);
    assert.equal(run.multiplier.max, 100, 'worst case: the loop’s assumed bound × max_turns');
  });

  it('counts a loop that resumes a run while it is interrupted once, its round guard as the cap only', async () => {
    const { report } = await scanCode(`from agents import Agent, Runner

triage = Agent(name="triage", instructions="Hand the case to a person when policy says so.", model="gpt-4.1")


async def resolve(result, state):
    rounds = 0
    while result.interruptions:
        rounds += 1
        if rounds > 5:
            raise RuntimeError("Exceeded 5 approval rounds")
        for interruption in result.interruptions:
            state.approve(interruption)
        result = await Runner.run(triage, state)
    return result
`);
    const c = report.callSites[0];
    assert.equal(c.multiplier.expected, 1, 'one resume expected: the loop ends when nothing is interrupted');
    assert.equal(c.multiplier.cap, 60, 'at worst: 6 rounds × 10 turns');
    assert.match(c.multiplier.expectedReason!, /ends on a condition: 1 pass expected/);
    assert.match(c.multiplier.reason, /`rounds > 5` breaks the loop/);
  });

  it('expects a crew to run each of its tasks (an agent’s turns per task), and a run’s history to grow over its own turns only', async () => {
    const { report } = await scanCode(`from crewai import Agent, Crew, Task
from crewai_tools import SerperDevTool

researcher = Agent(role="Researcher", goal="Find what the company does", backstory="An analyst.", llm="gpt-4.1-mini", tools=[SerperDevTool()])
writer = Agent(role="Writer", goal="Write a job posting", backstory="A recruiter.", llm="gpt-4.1-mini", tools=[SerperDevTool()])


def run(company):
    research = Task(description=f"Research {company}", expected_output="Notes", agent=researcher)
    draft = Task(description="Draft the posting", expected_output="A posting", agent=writer)
    review = Task(description="Review the posting", expected_output="The final posting", agent=writer)
    return Crew(agents=[researcher, writer], tasks=[research, draft, review]).kickoff()


def summarize(company):
    notes = Task(description=f"Summarize {company}", expected_output="Notes", agent=Agent(role="Summarizer", goal="Summarize", backstory="Terse.", llm="gpt-4.1-mini"))
    title = Task(description="Title the summary", expected_output="A title", agent=Agent(role="Titler", goal="Title", backstory="Terse.", llm="gpt-4.1-mini"))
    return Crew(agents=[], tasks=[notes, title]).kickoff()
`);
    const [crew, plain] = report.callSites;
    assert.equal(crew.multiplier.expected, 9, 'three tasks, each 1 + 2 tool rounds: not 3 calls for the whole crew');
    assert.equal(crew.multiplier.min, 3, 'one request per task at the least');
    assert.equal(crew.multiplier.cap, 75, '3 tasks × 25 iterations at worst');
    assert.match(crew.multiplier.expectedReason!, /3 tasks, each run by an agent: an agent with tools: 1 \+ 2 tool rounds/);
    assert.equal(plain.multiplier.expected, 2, 'two tasks of agents without tools: one request each');
    // The history resent grows within each task's run (3 steps), not over all 9 calls.
    const history = crew.assumptions.find((a) => a.text.startsWith('history grows'))!.text;
    const growth = Number(/by ~(\d+) tokens/.exec(history)![1]);
    assert.match(history, /over 3 runs of 3 steps/);
    assert.equal(Number(/resends ([\d,]+) extra/.exec(history)![1].replace(/,/g, '')), 3 * ((growth * 3 * 2) / 2));
  });

  it('grows an agent run’s history over its own turns when a loop runs it once per item', async () => {
    const { report } = await scanCode(`from agents import Agent, Runner, function_tool


@function_tool
def lookup(order_id: str) -> str:
    return "shipped"


agent = Agent(name="orders", instructions="Answer about orders.", model="gpt-4.1-mini", tools=[lookup])


async def answer_all(questions):
    answers = []
    for q in questions:
        answers.append(await Runner.run(agent, q))
    return answers
`);
    const c = report.callSites[0];
    assert.equal(c.multiplier.expected, 15, '5 questions assumed × 3 calls a run');
    const history = c.assumptions.find((a) => a.text.startsWith('history grows'))!.text;
    const growth = Number(/by ~(\d+) tokens/.exec(history)![1]);
    assert.equal(Number(/resends ([\d,]+) extra/.exec(history)![1].replace(/,/g, '')), 5 * growth * 3, 'five runs of 3 turns each resend 3 × growth; not one run of 15 turns (105 × growth)');
    const perCall = c.usd!.perCall.expected;
    assert.ok(c.usd!.perTask.expected < perCall * 15 * 2, `history is not squared over the loop: $${c.usd!.perTask.expected} a task for 15 calls of $${perCall}`);
  });

  it('takes a list that is empty where it is made, and filled later, as of unknown size: not as no calls', async () => {
    const { report } = await scanCode(`from anthropic import Anthropic

client = Anthropic()


class Summarizer:
    def __init__(self):
        self.summaries = []

    def add(self, text):
        self.summaries.append(text)

    def rank(self):
        return [client.messages.create(model="claude-haiku-4-5", max_tokens=2, messages=[{"role": "user", "content": s}]) for s in self.summaries]
`);
    const c = report.callSites[0];
    assert.equal(c.multiplier.expected, 5, 'the collection prior (defaults.collectionSize), not 0');
    assert.match(c.multiplier.reason, /empty where it is made, filled later/);
    assert.ok(c.usd!.perTask.expected > 0);
  });

  it('multiplies expectations of nested loops, and their caps, separately; a retry loop is expected once', async () => {
    const { report } = await scanCode(`from anthropic import Anthropic

client = Anthropic()


def grade(rows):
    for row in ["a", "b", "c", "d"]:
        for attempt in range(3):
            try:
                client.messages.create(model="claude-haiku-4-5", max_tokens=20, messages=[{"role": "user", "content": row}])
                break
            except Exception:
                continue
`);
    const m = report.callSites[0].multiplier;
    assert.equal(m.expected, 4, '4 rows × 1 attempt expected');
    assert.equal(m.max, 12, '4 rows × 3 attempts at worst');
  });
});

describe('figures a user would believe: hidden reasoning is output', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('adds a reasoning model’s thinking to its output, by effort, budget or the model’s default, and none where it does not reason', async () => {
    const dir = workspace({
      '.costlens.json': '{}',
      'app/r.py': `from openai import OpenAI
from anthropic import Anthropic
from google import genai

client = OpenAI()
claude = Anthropic()
g = genai.Client()


def minimal(q):
    return client.chat.completions.create(model="gpt-5", reasoning_effort="minimal", messages=[{"role": "user", "content": q}])


def low(q):
    return client.responses.create(model="o4-mini", reasoning={"effort": "low"}, input=q)


def medium(q):
    return client.responses.create(model="gpt-5", input=q)


def high(q):
    return client.chat.completions.create(model="o4-mini", reasoning_effort="high", messages=[{"role": "user", "content": q}])


def budget(q):
    return claude.messages.create(model="claude-sonnet-4-5", max_tokens=8000, thinking={"type": "enabled", "budget_tokens": 1024}, messages=[{"role": "user", "content": q}])


def flash(q):
    return g.models.generate_content(model="gemini-2.5-flash", contents=q)


def flash_off(q):
    return g.models.generate_content(model="gemini-2.5-flash", contents=q, config={"thinking_config": {"thinking_budget": 0}})


def plain(q):
    return claude.messages.create(model="claude-sonnet-4-5", max_tokens=500, messages=[{"role": "user", "content": q}])
`,
    });
    try {
      const { report } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
      const by = (name: string) => report.callSites.find((c) => c.name === name)!;
      assert.equal(by('minimal').tokens.reasoning, 150);
      assert.equal(by('low').tokens.reasoning, 1000);
      assert.equal(by('medium').tokens.reasoning, 2500, 'gpt-5 reasons at medium when the code says nothing');
      assert.match(by('medium').tokens.reasoningBasis!, /the default of gpt-5/);
      assert.equal(by('high').tokens.reasoning, 6000);
      assert.equal(by('budget').tokens.reasoning, 1024, 'a budget bounds the thinking');
      assert.equal(by('budget').tokens.reasoningRange!.high, 1024);
      assert.equal(by('flash').tokens.reasoning, 2500, 'gemini-2.5-flash thinks by default (dynamic)');
      assert.equal(by('flash_off').tokens.reasoning, undefined, 'thinking_budget 0 turns it off');
      assert.equal(by('plain').tokens.reasoning, undefined, 'Claude thinks only when asked');
      // Billed as output: o4-mini's high effort costs its 6,000 reasoning tokens at the output price.
      const h = by('high');
      const perMtokOut = h.pricesPerMtok!.output;
      const withoutReasoning = h.usd!.perCall.expected - (6000 * perMtokOut) / 1e6;
      assert.ok(withoutReasoning > 0 && Math.abs(withoutReasoning - (h.tokens.input * h.pricesPerMtok!.input + h.tokens.output * perMtokOut) / 1e6) < 1e-9, 'perCall = input + (answer + reasoning) at their prices');
      assert.ok(h.assumptions.some((a) => /reasoning tokens: 6,000 expected .* billed as output/.test(a.text)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('figures a user would believe: a task is what a trigger runs', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('rolls the calls of two helpers up into the route that reaches them: one task at the route’s traffic, the helpers counted once, through it', async () => {
    const dir = workspace({
      '.costlens.json': JSON.stringify({ traffic: { 'app/api/chat/route.ts#POST': 3000 } }),
      'lib/llm.ts': `import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';

export async function summarize(text: string) {
  const { text: out } = await generateText({ model: openai('gpt-4o-mini'), prompt: \`Summarize: \${text}\`, maxOutputTokens: 200 });
  return out;
}

export async function classify(text: string) {
  const { text: out } = await generateText({ model: openai('gpt-4o'), prompt: \`Label: \${text}\`, maxOutputTokens: 5 });
  return out;
}
`,
      'app/api/chat/route.ts': `import { summarize, classify } from '../../../lib/llm';

export async function POST(req: Request) {
  const { text } = await req.json();
  return Response.json({ label: await classify(text), summary: await summarize(text) });
}
`,
      'server.py': `from fastapi import FastAPI
from anthropic import Anthropic

app = FastAPI()
client = Anthropic()


@app.post("/answer")
def answer(q: str):
    return client.messages.create(model="claude-haiku-4-5", max_tokens=100, messages=[{"role": "user", "content": q}])
`,
      'cli.py': `from anthropic import Anthropic

client = Anthropic()


def run(q):
    return client.messages.create(model="claude-haiku-4-5", max_tokens=100, messages=[{"role": "user", "content": q}])


if __name__ == "__main__":
    run("hello")
`,
    });
    try {
      const { report } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
      const post = report.tasks.find((t) => t.name === 'POST')!;
      assert.equal(post.entryPoint!.kind, 'route');
      assert.deepEqual([...post.callSites].sort(), ['lib/llm.ts#classify#0', 'lib/llm.ts#summarize#0']);
      assert.equal(post.tasksPerDay, 3000);
      const sites = report.callSites.filter((c) => c.path === 'lib/llm.ts');
      const perTask = sites.reduce((n, c) => n + c.usd!.perTask.expected, 0);
      assert.ok(Math.abs(post.usd!.perTask.expected - perTask) < 1e-12, 'the route’s task is the sum of the calls it reaches');
      for (const helper of report.tasks.filter((t) => t.path === 'lib/llm.ts')) {
        assert.deepEqual(helper.rolledUpInto, [post.key]);
        assert.equal(helper.usd!.perMonth.expected, 0, 'counted through the route, not again');
      }
      for (const c of sites) assert.ok(Math.abs(c.usd!.perMonth.expected - c.usd!.perTask.expected * 3000 * 30) < 1e-9, 'a call’s month is at the traffic of the route that runs it');
      assert.equal(report.tasks.find((t) => t.name === 'answer')!.entryPoint!.label, '@app.post("/answer")');
      const main = report.tasks.find((t) => t.name === '__main__')!;
      assert.equal(main.entryPoint!.kind, 'cli');
      assert.deepEqual(main.callSites, ['cli.py#run#0']);
      const counted = report.tasks.filter((t) => !t.rolledUpInto);
      const sum = counted.reduce((n, t) => n + (t.usd?.perMonth.expected ?? 0), 0);
      assert.ok(Math.abs(report.totals.usdPerMonth.expected - sum) < 1e-9, 'the month: each trigger once, at its traffic');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says the month per project when a workspace holds several apps (a collection of examples): each at its traffic, dearest first', async () => {
    const app = (model: string) => `from openai import OpenAI

client = OpenAI()


if __name__ == "__main__":
    print(client.chat.completions.create(model="${model}", max_tokens=300, messages=[{"role": "user", "content": "Plan a trip to Lisbon."}]))
`;
    const dir = workspace({
      'travel_agent/requirements.txt': 'openai==1.99.0\n',
      'travel_agent/app.py': app('gpt-4.1'),
      'meal_planner/requirements.txt': 'openai==1.99.0\n',
      'meal_planner/src/main.py': app('gpt-4.1-mini'),
    });
    try {
      const { report } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
      assert.deepEqual(report.projects?.map((p) => [p.path, p.tasks]), [['travel_agent', 1], ['meal_planner', 1]]);
      const sum = report.projects!.reduce((n, p) => n + p.usdPerMonth, 0);
      assert.ok(Math.abs(sum - report.totals.usdPerMonth.expected) < 1e-9, 'every task priced: the projects sum to the month');
      assert.ok(report.projects![0].usdPerMonth > report.projects![1].usdPerMonth);
      const text = renderTable(report);
      assert.match(text, /That month is 2 projects' together \(folders with their own manifest\), each at its traffic; the dearest: travel_agent \$[\d.,k]+, meal_planner \$[\d.,k]+\./);
      // One project: nothing to say.
      const one = workspace({ 'requirements.txt': 'openai==1.99.0\n', 'a.py': app('gpt-4.1'), 'b/c.py': app('gpt-4.1-mini') });
      try {
        const single = (await analyzeWorkspace(['.'], { cwd: one, jobs: 1, observations: false })).report;
        assert.equal(single.projects, undefined);
        assert.doesNotMatch(renderTable(single), /projects' together/);
      } finally {
        rmSync(one, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the function typer or python-fire runs as a command-line entry point: a packaged CLI is an application, not library code (shell_gpt)', async () => {
    const handler = `from openai import OpenAI

client = OpenAI()


def complete(prompt, model):
    return client.chat.completions.create(model=model, max_tokens=200, messages=[{"role": "user", "content": prompt}])
`;
    const app = (runner: string) => `import ${runner === 'fire.Fire' ? 'fire' : 'typer'}
from tool.handler import complete


def main(prompt: str, model: str = "gpt-4o-mini"):
    print(complete(prompt, model))


def entry_point():
    ${runner}(main)
`;
    // A distributable package (pyproject with [project] and [build-system]) whose console script runs main.
    const pyproject = '[project]\nname = "tool"\nversion = "1.0"\n\n[project.scripts]\ntool = "tool.app:entry_point"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';
    for (const runner of ['typer.run', 'fire.Fire']) {
      const dir = workspace({ 'pyproject.toml': pyproject, 'tool/__init__.py': '', 'tool/handler.py': handler, 'tool/app.py': app(runner) });
      try {
        const { report } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
        const main = report.tasks.find((t) => t.name === 'main');
        assert.ok(main, `${runner}: no task for main: ${report.tasks.map((t) => `${t.name} (${t.scope})`).join(', ')}`);
        assert.equal(main.entryPoint?.kind, 'cli', runner);
        assert.equal(main.entryPoint?.label, `${runner}(main)`);
        assert.equal(main.scope, 'production');
        assert.ok((main.usd?.perMonth.expected ?? 0) > 0, `${runner}: counted in the month`);
        const site = report.callSites.find((c) => c.path === 'tool/handler.py')!;
        assert.equal(site.model, 'gpt-4o-mini', 'the default of the command\'s option');
        assert.equal(site.scope, 'production');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('names the entry points a helper rolls into by their file when several share a name (three scripts\' __main__)', async () => {
    const grader = `from openai import OpenAI

client = OpenAI()


def grade(report):
    return client.chat.completions.create(model="gpt-4.1-mini", max_tokens=50, messages=[{"role": "user", "content": report}])
`;
    const main = (n: number) => `from grading import grade\n\nif __name__ == "__main__":\n    grade("run ${n}")\n`;
    const dir = workspace({ '.costlens.json': '{}', 'grading.py': grader, 'recency.py': main(1), 'breadth.py': main(2) });
    try {
      const { report, analyses } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
      const line = renderTable(report).split('\n').find((l) => l.startsWith('grade '))!;
      assert.ok(line, renderTable(report));
      assert.match(line, /in __main__ \((recency|breadth)\.py\), __main__ \((recency|breadth)\.py\)/);
      // The Costs view says the same (one helper for both).
      const grade = buildCostTree(report, analyses).scopes.flatMap((s) => s.tasks).find((t) => t.name === 'grade')!;
      assert.equal(grade.month.kind, 'rolledUp');
      assert.deepEqual(grade.month.kind === 'rolledUp' ? [...grade.month.into].sort() : [], ['__main__ (breadth.py)', '__main__ (recency.py)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts a helper as often as one run of its entry point runs it: called three times, called in a loop over a known list', async () => {
    const dir = workspace({
      '.costlens.json': '{}',
      'support_bot.py': `from anthropic import Anthropic

client = Anthropic()


def chatbot_interaction(user_message):
    return client.messages.create(model="claude-haiku-4-5", max_tokens=300, messages=[{"role": "user", "content": user_message}])


chatbot_interaction("Can you tell me the email address for customer C1?")
chatbot_interaction("What is the status of order O2?")
chatbot_interaction("Please cancel order O1 for me.")
`,
      'batch.py': `from anthropic import Anthropic

client = Anthropic()
REVIEWS = ["great saw", "battery dies fast", "cuts wood like butter", "too heavy"]


def grade(review):
    return client.messages.create(model="claude-haiku-4-5", max_tokens=50, messages=[{"role": "user", "content": review}])


def main():
    return [grade(r) for r in REVIEWS]


if __name__ == "__main__":
    main()
`,
      'earnings.py': `from abc import ABC, abstractmethod

from mistralai import Mistral

client = Mistral()


class Agent(ABC):
    @abstractmethod
    def analyze(self, transcript):
        pass


class FinancialAgent(Agent):
    def analyze(self, transcript):
        return client.chat.complete(model="mistral-large-latest", messages=[{"role": "user", "content": transcript}])


class RiskAgent(Agent):
    def analyze(self, transcript):
        return client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": transcript}])


if __name__ == "__main__":
    financial, risk = FinancialAgent(), RiskAgent()
    for quarter in ["Q1", "Q2", "Q3", "Q4"]:
        financial.analyze(quarter)
        risk.analyze(quarter)
`,
    });
    try {
      const { report } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
      const site = (p: string) => report.callSites.find((c) => c.path === p)!;
      // A method is found by its name: two classes' analyze() called once each a quarter run 4 times each, not 8.
      const analyze = report.tasks.filter((x) => x.path === 'earnings.py' && x.name === 'analyze');
      assert.equal(analyze.length, 2);
      for (const t of analyze) assert.match(t.traffic!, /, 4 times a run \(analyze\(\) in 4 items in `\["Q1", "Q2", "Q3", "Q4"\]`\)/);
      const script = report.tasks.find((t) => t.path === 'support_bot.py' && t.entryPoint?.kind === 'script')!;
      assert.ok(Math.abs(script.usd!.perTask.expected - 3 * site('support_bot.py').usd!.perTask.expected) < 1e-12, 'three calls of the helper: three times its cost');
      assert.ok(Math.abs(script.usd!.perTask.high - 3 * site('support_bot.py').usd!.perTask.high) < 1e-12);
      const helper = report.tasks.find((t) => t.name === 'chatbot_interaction')!;
      assert.match(helper.traffic!, /3 times a run \(3 calls\)/);
      const main = report.tasks.find((t) => t.path === 'batch.py' && t.name === '__main__')!;
      assert.ok(Math.abs(main.usd!.perTask.expected - 4 * site('batch.py').usd!.perTask.expected) < 1e-12, 'once per review of the four');
      assert.match(report.tasks.find((t) => t.name === 'grade')!.traffic!, /4 times a run \(grade\(\) in 4 items in `REVIEWS`\)/);
      assert.ok(Math.abs(site('batch.py').usd!.perMonth.expected - site('batch.py').usd!.perTask.expected * 4 * 1000 * 30) < 1e-9, 'a call’s month: four a run, at the main’s traffic');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('figures a user would believe: telemetry refines the priors', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('moves a call site’s expected calls per run and reasoning tokens to what its spans show', async () => {
    const dir = workspace({
      '.costlens.json': '{}',
      'app/agent.py': `from openai import OpenAI

client = OpenAI()


def run(task):
    messages = [{"role": "user", "content": task}]
    for step in range(10):
        r = client.chat.completions.create(model="gpt-5", messages=messages, max_completion_tokens=4000)
        messages.append({"role": "assistant", "content": r.choices[0].message.content})
        if r.choices[0].finish_reason == "stop":
            return r
`,
    });
    try {
      const scan = async () => {
        let out = '';
        const code = await main(['scan', '--format', 'json', '--no-cache'], { cwd: dir, stdout: (t) => (out += t), stderr: () => undefined });
        assert.equal(code, 0);
        return (JSON.parse(out) as Report).callSites[0];
      };
      const before = await scan();
      assert.equal(before.multiplier.expected, 3, 'the prior: 1 + 2 tool rounds for a hand-written agent loop');
      assert.equal(before.tokens.reasoning, 2500, 'the prior for gpt-5 at its default effort');
      // Four runs (traces) of this call site, two calls each, 800 reasoning tokens a call.
      const spans: object[] = [];
      for (let run = 0; run < 4; run++)
        for (let call = 0; call < 2; call++) {
          const i = run * 2 + call;
          spans.push({
            traceId: (run + 1).toString(16).padStart(32, '0'),
            spanId: (i + 1).toString(16).padStart(16, '0'),
            name: 'chat gpt-5',
            startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i) * 60_000_000_000n),
            endTimeUnixNano: String(1_700_000_001_000_000_000n + BigInt(i) * 60_000_000_000n),
            attributes: [
              ['gen_ai.operation.name', { stringValue: 'chat' }],
              ['gen_ai.request.model', { stringValue: 'gpt-5' }],
              ['gen_ai.provider.name', { stringValue: 'openai' }],
              ['gen_ai.usage.input_tokens', { intValue: '300' }],
              ['gen_ai.usage.output_tokens', { intValue: '1000' }],
              ['gen_ai.usage.reasoning_tokens', { intValue: '800' }],
              ['code.file.path', { stringValue: 'app/agent.py' }],
              ['code.line.number', { intValue: '9' }],
            ].map(([key, value]) => ({ key, value })),
          });
        }
      writeFileSync(path.join(dir, 'spans.jsonl'), JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }) + '\n');
      assert.equal(await main(['import', 'spans.jsonl'], { cwd: dir, stdout: () => undefined, stderr: () => undefined }), 0);
      const after = await scan();
      assert.equal(after.multiplier.expected, 2, 'observed: 2 calls per run');
      assert.match(after.multiplier.expectedReason!, /observed: 2 calls per run over 4 runs/);
      assert.equal(after.multiplier.max, 10, 'the cap is the code’s');
      assert.equal(after.tokens.reasoning, 800);
      assert.match(after.tokens.reasoningBasis!, /observed: 800 a call on average over 8 calls/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('figures a user would believe: one task of the example workspace, by hand', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('prices support-agent’s `answer` as a person would: one call, × 3 expected steps of up to 8, plus the history it resends, × 2,000 tasks a day', async () => {
    const examples = path.join(__dirname, '../../../examples');
    const { report } = await analyzeWorkspace(['.'], { cwd: examples, jobs: 1, cache: false, observations: false });
    const c = report.callSites.find((s) => s.path === 'support-agent/agent.py')!;
    // One call: 2,344 input tokens (2,032 of prompt text + placeholders) at claude-sonnet-4-5's $3 per
    // million, and 400 output tokens (the expected answer, under the 1,024 cap) at $15 per million.
    assert.equal(c.model, 'claude-sonnet-4-5');
    assert.deepEqual([c.pricesPerMtok!.input, c.pricesPerMtok!.output], [3, 15]);
    assert.equal(c.tokens.output, 400);
    const perCall = (c.tokens.input * 3 + 400 * 15) / 1e6;
    assert.ok(Math.abs(c.usd!.perCall.expected - perCall) < 1e-12, `${c.usd!.perCall.expected} vs ${perCall}`);
    // The loop runs up to MAX_STEPS = 8 times but returns when the model stops calling tools: the
    // prior is 1 + 2 tool rounds = 3 calls. Each step resends the history, grown by the answer (400)
    // and a tool result (500): 900 tokens a step, so over 3 steps 900 × (0 + 1 + 2) = 2,700 extra
    // input tokens at $3 per million.
    assert.equal(c.multiplier.expected, 3);
    assert.equal(c.multiplier.max, 8);
    const perTask = 3 * perCall + (900 * 3 * 3) / 1e6;
    assert.ok(Math.abs(c.usd!.perTask.expected - perTask) < 1e-12, `${c.usd!.perTask.expected} vs ${perTask}`);
    // The team's traffic (.costlens.json): 2,000 tasks a day, 30 days.
    const task = report.tasks.find((t) => t.name === 'answer')!;
    assert.equal(task.tasksPerDay, 2000);
    assert.ok(Math.abs(task.usd!.perMonth.expected - perTask * 2000 * 30) < 1e-9);
    assert.ok(task.usd!.perTask.expected < 0.05 && task.usd!.perMonth.expected < 3000, `$${task.usd!.perTask.expected.toFixed(3)} a task, $${Math.round(task.usd!.perMonth.expected)} a month`);
  });
});

describe('figures a user would believe: a framework with no turn bound', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  // The priors (src/core/extract/code/extract.ts DEFAULT_LOOPS, the costlens.defaults the CLI
  // passes): 2 tool rounds, 10 steps assumed for the worst case of an unbounded loop.
  it('expects an AutoGen team that stops only on a text mention one turn per participant, its cap unbounded (not a number multiplied in)', () => {
    const text = `from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.conditions import MaxMessageTermination, TextMentionTermination
from autogen_agentchat.teams import RoundRobinGroupChat, SelectorGroupChat
from autogen_ext.models.openai import OpenAIChatCompletionClient

client = OpenAIChatCompletionClient(model="gpt-4o")
writer = AssistantAgent("writer", model_client=client, system_message="Write a short poem.")
critic = AssistantAgent("critic", model_client=client, system_message="Critique the poem. Say APPROVE when it is good.")
editor = AssistantAgent("editor", model_client=client, system_message="Edit the poem.")
team = RoundRobinGroupChat([writer, critic], termination_condition=TextMentionTermination("APPROVE"))
bounded = RoundRobinGroupChat([writer, critic], termination_condition=TextMentionTermination("APPROVE") | MaxMessageTermination(7))
selector = SelectorGroupChat([writer, critic, editor], model_client=client, termination_condition=TextMentionTermination("APPROVE"))


async def main():
    await team.run(task="Write a poem about the sea.")
    await bounded.run(task="Write a poem about the sea.")
    await selector.run(task="Write a poem about the sea.")
`;
    const sites = extractIn({ 'app/team.py': text }, 'app/team.py').callSites;
    const team = siteAt(sites, lineOf(text, 'await team.run'));
    // By hand: writer, then critic: 2 turns expected; no bound, so the worst case is the assumed 10.
    assert.equal(team.multiplier.expected, 2);
    assert.equal(team.multiplier.max, 10);
    assert.equal(team.multiplier.unbounded, true);
    assert.match(team.multiplier.reason, /stops only when `TextMentionTermination\("APPROVE"\)` holds.*no MaxMessageTermination.*unbounded; the worst case assumes 10 turns/);
    assert.match(team.multiplier.expectedReason ?? '', /one turn per participant \(2\)/);
    const bounded = siteAt(sites, lineOf(text, 'await bounded.run'));
    assert.deepEqual([bounded.multiplier.expected, bounded.multiplier.max, bounded.multiplier.unbounded], [2, 6, undefined], 'MaxMessageTermination(7): 6 turns at most');
    const selector = siteAt(sites, lineOf(text, 'await selector.run'));
    assert.deepEqual([selector.multiplier.expected, selector.multiplier.max, selector.multiplier.unbounded], [6, 20, true], '3 participants, each turn with a speaker selection: 6 expected; 10 turns × 2 assumed at worst');
  });

  it('expects a legacy LlamaIndex agent with tools 1 + 2 tool rounds, within its from_tools default (ReAct 10, function calling 5), and a LlamaIndex.TS agent the same, unbounded', () => {
    const py = `from llama_index.agent.openai import OpenAIAgent
from llama_index.core.agent import ReActAgent
from llama_index.core.tools import FunctionTool
from llama_index.llms.openai import OpenAI


def multiply(a: int, b: int) -> int:
    return a * b


tool = FunctionTool.from_defaults(fn=multiply)
llm = OpenAI(model="gpt-4o-mini")
react = ReActAgent.from_tools([tool], llm=llm)
calls = OpenAIAgent.from_tools([tool], llm=llm)
short = ReActAgent.from_tools([tool], llm=llm, max_iterations=4)


def ask(q):
    react.chat(q)
    calls.chat(q)
    short.chat(q)
`;
    const sites = extractIn({ 'app/agents.py': py }, 'app/agents.py').callSites;
    const react = siteAt(sites, lineOf(py, 'react.chat'));
    assert.deepEqual([react.multiplier.expected, react.multiplier.max], [3, 10]);
    assert.match(react.multiplier.reason, /react\/base\.py ReActAgent\.from_tools\(max_iterations: int = 10\)/);
    const calls = siteAt(sites, lineOf(py, 'calls.chat'));
    assert.deepEqual([calls.multiplier.expected, calls.multiplier.max], [3, 5]);
    assert.match(calls.multiplier.reason, /max_function_calls/);
    assert.deepEqual([siteAt(sites, lineOf(py, 'short.chat')).multiplier.expected, siteAt(sites, lineOf(py, 'short.chat')).multiplier.max], [3, 4]);
    const ts = `import { openai } from '@llamaindex/openai';
import { agent, tool } from '@llamaindex/workflow';
import { z } from 'zod';

const wiki = tool({ name: 'wiki', description: 'Search Wikipedia', parameters: z.object({ q: z.string() }), execute: ({ q }) => q });
const researcher = agent({ tools: [wiki], llm: openai({ model: 'gpt-4.1-mini' }) });
export async function main(q: string) {
  return researcher.run(q);
}
`;
    const run = siteAt(extractIn({ 'src/agent.ts': ts }, 'src/agent.ts').callSites, lineOf(ts, 'researcher.run'));
    assert.deepEqual([run.multiplier.expected, run.multiplier.max, run.multiplier.unbounded], [3, 10, true]);
    assert.match(run.multiplier.reason, /no step limit/);
  });
});

describe('figures a user would believe: a dataset of unknown size', function () {
  this.timeout(60_000);
  before(() => loadParsers());

  it('says a dataset loaded at run time is of unknown size and assumed the prior (5), and takes its size from .costlens.json defaults.collectionSizes', async () => {
    const run = `import datasets
from openai import OpenAI

client = OpenAI()


def answer(q):
    return client.chat.completions.create(model="gpt-4o-mini", max_tokens=100, messages=[{"role": "user", "content": q}])


if __name__ == "__main__":
    ds = datasets.load_dataset("gaia-benchmark/GAIA", split="validation")
    for row in ds:
        answer(row["question"])
`;
    const dir = workspace({ '.costlens.json': '{}', 'app/run.py': run });
    try {
      const { report } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
      const helper = report.tasks.find((t) => t.name === 'answer')!;
      const main = report.tasks.find((t) => t.name === '__main__')!;
      assert.match(helper.traffic!, /5 times a run, up to 15 \(answer\(\) in dataset `ds` \(datasets\.load_dataset\(…\)\) of unknown size: 5 assumed \(costlens\.defaults\.collectionSize; state its size in \.costlens\.json "defaults": \{"collectionSizes": \{"app\/run\.py#ds": N\}\}\), up to 15\)/);
      const one = helper.usd!.perTask;
      // By hand: the main runs answer() once per row: 5 rows assumed, 15 at worst.
      assert.ok(Math.abs(main.usd!.perTask.expected - 5 * one.expected) < 1e-12);
      assert.ok(Math.abs(main.usd!.perTask.high - 15 * one.high) < 1e-12);
      writeFileSync(path.join(dir, '.costlens.json'), JSON.stringify({ defaults: { collectionSizes: { 'app/run.py#ds': 165 } } }));
      const stated = (await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false })).report;
      assert.deepEqual(stated.errors, []);
      const sh = stated.tasks.find((t) => t.name === 'answer')!;
      assert.match(sh.traffic!, /165 times a run \(answer\(\) in `ds`: 165 items \(\.costlens\.json defaults\.collectionSizes\["app\/run\.py#ds"\]\)\)/);
      // The GAIA validation set's 165 questions: 165 × one answer, expected and at worst.
      const sm = stated.tasks.find((t) => t.name === '__main__')!;
      assert.ok(Math.abs(sm.usd!.perTask.expected - 165 * sh.usd!.perTask.expected) < 1e-12);
      assert.ok(Math.abs(sm.usd!.perTask.high - 165 * sh.usd!.perTask.high) < 1e-12);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
