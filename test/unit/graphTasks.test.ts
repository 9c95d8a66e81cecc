// A LangGraph graph is one task: its nodes' calls roll up into one run of the compiled graph, whose
// entry points are langgraph.json's graphs and the code that runs it; a node on a graph loop runs the
// loop's expected passes, and the loop's bound is the high end of the range, never the expectation.
// Fixtures are written the way LangGraph's own documentation writes graphs.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeWorkspace } from '../../src/cli/main';
import { loadParsers } from '../../src/core/extract/code/parser';
import type { Report, ReportTask } from '../../src/core/report/report';
import { renderTable } from '../../src/core/report/table';
import { buildCostTree } from '../../src/core/report/costTree';
import { callSiteBreakdown } from '../../src/core/report/breakdown';
import type { ConfigValues } from '../../src/config/load';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'costlens-graph-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function scan(files: Record<string, string>): Promise<{ report: Report; analyses: Parameters<typeof buildCostTree>[1]; config: ConfigValues }> {
  const dir = workspace(files);
  try {
    const { report, analyses, config } = await analyzeWorkspace(['.'], { cwd: dir, jobs: 1, observations: false });
    return { report, analyses, config };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

// The "agent" template: a planner, a ReAct loop (a model with tools bound, a ToolNode, a conditional
// edge and an edge back), and a compiled subgraph added as a node; deployed by langgraph.json.
const AGENT = `from typing import Literal

from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode

llm = ChatOpenAI(model="gpt-4.1-mini", max_tokens=300)


@tool
def search(query: str) -> str:
    """Search the web."""
    return "results"


tools = [search]
model_with_tools = llm.bind_tools(tools)


def plan(state: MessagesState):
    return {"messages": [llm.invoke(state["messages"])]}


def agent(state: MessagesState):
    return {"messages": [model_with_tools.invoke(state["messages"])]}


def should_continue(state: MessagesState) -> Literal["tools", "summary"]:
    if state["messages"][-1].tool_calls:
        return "tools"
    return "summary"


def summarize(state: MessagesState):
    return {"messages": [llm.invoke(state["messages"])]}


summary_builder = StateGraph(MessagesState)
summary_builder.add_node("summarize", summarize)
summary_builder.add_edge(START, "summarize")
summary_builder.add_edge("summarize", END)
summary_graph = summary_builder.compile()

builder = StateGraph(MessagesState)
builder.add_node("plan", plan)
builder.add_node(agent)
builder.add_node("tools", ToolNode(tools))
builder.add_node("summary", summary_graph)
builder.add_edge(START, "plan")
builder.add_edge("plan", "agent")
builder.add_conditional_edges("agent", should_continue)
builder.add_edge("tools", "agent")
builder.add_edge("summary", END)

graph = builder.compile()
`;

const LANGGRAPH_JSON = JSON.stringify({ dependencies: ['.'], graphs: { agent: './src/agent/graph.py:graph' } });

// A reflection loop with `Command(goto=…)` back to an earlier node, bounded by a cap the loop
// compares with, run from a FastAPI route (not deployed).
const REFLECT = `from typing import Literal, TypedDict

from langchain_anthropic import ChatAnthropic
from langgraph.graph import END, START, StateGraph
from langgraph.types import Command

MAX_REVISIONS = 4
llm = ChatAnthropic(model="claude-haiku-4-5", max_tokens=500)


class State(TypedDict):
    topic: str
    draft: str
    revisions: int


def write(state: State) -> Command[Literal["critique"]]:
    draft = llm.invoke(f"Write an essay on {state['topic']}")
    return Command(goto="critique", update={"draft": draft.content, "revisions": state["revisions"] + 1})


def critique(state: State) -> Command[Literal["write", "__end__"]]:
    verdict = llm.invoke(f"Is this essay done? {state['draft']}")
    if state["revisions"] >= MAX_REVISIONS or "done" in verdict.content:
        return Command(goto=END)
    return Command(goto="write")


builder = StateGraph(State)
builder.add_node("write", write)
builder.add_node("critique", critique)
builder.add_edge(START, "write")
reflection = builder.compile()
`;

const API = `from fastapi import FastAPI

from app.reflect import reflection

app = FastAPI()


@app.post("/essay")
async def essay(topic: str):
    return await reflection.ainvoke({"topic": topic, "revisions": 0})
`;

describe('a LangGraph graph is one task', function () {
  this.timeout(120_000);
  before(() => loadParsers());

  it('rolls the nodes of a graph deployed in langgraph.json (a ReAct loop, a subgraph added as a node) into one task, its loop bounded by recursion_limit at the high end only', async () => {
    const { report, analyses, config } = await scan({
      '.costlens.json': '{}',
      'langgraph.json': LANGGRAPH_JSON,
      // recursion_limit counts super-steps: 25 by default before langgraph 1.0.6.
      'requirements.txt': 'langgraph==0.4.8\nlangchain-openai==0.3.28\n',
      'src/agent/graph.py': AGENT,
    });
    const graphs = report.tasks.filter((t) => t.entryPoint?.kind === 'graph');
    assert.deepEqual(graphs.map((t) => t.name), ['graph'], 'one task, for the compiled graph (not the subgraph, which is part of it)');
    const task = graphs[0];
    assert.match(task.entryPoint!.label, /deployed as "agent" in langgraph\.json/);
    assert.equal(task.tasksPerDay, 1000);
    const site = (fn: string) => report.callSites.find((c) => c.key.includes(`#${fn}#`))!;
    const [plan, agent, summarize] = [site('plan'), site('agent'), site('summarize')];
    assert.deepEqual([...task.callSites].sort(), [plan.key, agent.key, summarize.key].sort());
    // Every node's function rolls into the graph, counted there and not again.
    for (const fn of ['plan', 'agent', 'summarize']) {
      const t = report.tasks.find((x) => x.name === fn)!;
      assert.deepEqual(t.rolledUpInto, [task.key], fn);
      assert.equal(t.usd!.perMonth.expected, 0, `${fn} is not a task of its own in the month`);
    }
    const counted = report.tasks.filter((t) => !t.rolledUpInto);
    assert.deepEqual(counted.map((t) => t.name), ['graph']);
    near(report.totals.usdPerMonth.expected, task.usd!.perMonth.expected, 'the month is the graph’s runs');
    // The agent's node is on the loop agent → tools → agent: 1 + 2 tool rounds expected; the bound
    // is ⌊25 super-steps / 2 nodes a pass⌋ = 12 passes, the high end only.
    const agentTask = report.tasks.find((x) => x.name === 'agent')!;
    assert.match(agentTask.traffic!, /3 times a run, up to 12 \(the graph loop agent → tools → agent: an agent loop .*1 \+ 2 tool rounds expected.*recursion_limit 25 super-steps, 2 a pass/);
    const per = (s: typeof plan) => s.usd!.perTask;
    near(task.usd!.perTask.expected, per(plan).expected + 3 * per(agent).expected + per(summarize).expected, 'expected: each node once, the loop’s expected passes');
    near(task.usd!.perTask.high, per(plan).high + 12 * per(agent).high + per(summarize).high, 'high: the loop at its bound');
    assert.equal(task.steps, 5, 'steps: plan 1 + agent 3 + summarize 1');
    // The table, the Costs view and the JSON agree.
    const table = renderTable(report);
    assert.match(table, /\nagent\s+src\/agent\/graph\.py:\d+\s+1\s+\S+\s+in graph\n/);
    assert.match(table, /\ngraph\s+src\/agent\/graph\.py:\d+\s+5\s+\S+\s+\$\S+\n/);
    const tree = buildCostTree(report, analyses);
    const prod = tree.scopes.find((s) => s.scope === 'production')!;
    const treeGraph = prod.tasks.find((t) => t.key === task.key)!;
    assert.equal(treeGraph.month.kind, 'counted');
    near(prod.usdPerMonth, task.usd!.perMonth.expected, 'the view’s production month');
    assert.deepEqual(prod.tasks.find((t) => t.name === 'agent')!.month, { kind: 'rolledUp', into: ['graph'] });
    // The hover on the agent's call: its month through the graph, at 3 runs a graph run, and the bound.
    const a = analyses.find((x) => x.path === 'src/agent/graph.py')!;
    const s = a.callSites.find((c) => c.key === agent.key)!;
    const md = callSiteBreakdown(a, s, a.estimates.get(s.key), config);
    assert.match(md, /per month at 3k runs\/day through `graph` \(deployed as "agent" in langgraph\.json, 3 times a run, up to 12 \(the graph loop agent → tools → agent/);
    near(agent.usd!.perMonth.expected, agent.usd!.perTask.expected * 3000 * 30, 'the call’s month in the JSON: 3 runs of the node a graph run');
  });

  it('rolls a graph run from a route into the route’s task, a Command(goto=…) loop bounded by the cap it compares with', async () => {
    const { report } = await scan({ '.costlens.json': '{}', 'app/__init__.py': '', 'app/reflect.py': REFLECT, 'app/api.py': API });
    const route = report.tasks.find((t) => t.name === 'essay')!;
    assert.equal(route.entryPoint!.kind, 'route');
    assert.equal(report.tasks.filter((t) => t.entryPoint?.kind === 'graph').length, 0, 'the graph is run by the route: no task of its own');
    const write = report.callSites.find((c) => c.key.includes('#write#'))!;
    const critique = report.callSites.find((c) => c.key.includes('#critique#'))!;
    assert.deepEqual([...route.callSites].sort(), [critique.key, write.key].sort());
    const writeTask = report.tasks.find((t) => t.name === 'write')!;
    assert.deepEqual(writeTask.rolledUpInto, [route.key]);
    assert.match(writeTask.traffic!, /runs as part of essay \(app\/api\.py:\d+\), 1 times a run, up to 4 \(the graph loop write → critique → write: a loop that ends on a condition: 1 pass expected .*`MAX_REVISIONS` = 4, compared in critique/);
    near(route.usd!.perTask.expected, write.usd!.perTask.expected + critique.usd!.perTask.expected, 'expected: one pass');
    near(route.usd!.perTask.high, 4 * (write.usd!.perTask.high + critique.usd!.perTask.high), 'high: the cap’s passes');
    assert.deepEqual(report.tasks.filter((t: ReportTask) => !t.rolledUpInto).map((t) => t.name), ['essay']);
  });

  it('makes a compiled graph nothing runs or deploys its own task, at the default traffic said as assumed', async () => {
    const { report } = await scan({ '.costlens.json': '{}', 'app/__init__.py': '', 'app/reflect.py': REFLECT });
    const graphs = report.tasks.filter((t) => t.entryPoint?.kind === 'graph');
    assert.deepEqual(graphs.map((t) => t.name), ['reflection']);
    assert.match(graphs[0].traffic!, /assumed: the default 1,000 tasks\/day .*not in langgraph\.json and nothing in this workspace runs it/);
    for (const fn of ['write', 'critique']) assert.deepEqual(report.tasks.find((t) => t.name === fn)!.rolledUpInto, [graphs[0].key]);
  });

  it('leaves out of the month a graph the workspace\'s langgraph.json does not deploy and nothing runs (an older version kept beside the deployed one)', async () => {
    const { report } = await scan({
      '.costlens.json': '{}',
      'langgraph.json': LANGGRAPH_JSON,
      'requirements.txt': 'langgraph==0.4.8\nlangchain-openai==0.3.28\n',
      'src/agent/graph.py': AGENT,
      'src/legacy/__init__.py': '',
      'src/legacy/reflect.py': REFLECT,
    });
    const byName = (n: string) => report.tasks.find((t) => t.entryPoint?.kind === 'graph' && t.name === n)!;
    assert.equal(byName('graph').tasksPerDay, 1000, 'the deployed graph counts');
    const legacy = byName('reflection');
    assert.equal(legacy.tasksPerDay, 0);
    assert.match(legacy.traffic!, /not counted in a month: not deployed \(langgraph\.json deploys "agent", not this graph\)/);
    assert.ok(legacy.usd && legacy.usd.perTask.expected > 0, 'still priced per run');
    assert.equal(report.totals.notCounted?.byScope['not deployed'], 1);
    assert.match(renderTable(report), /reflection .* not counted \(not deployed\)/);
    const month = report.tasks.reduce((n, t) => n + (t.rolledUpInto ? 0 : t.usd?.perMonth.expected ?? 0), 0);
    assert.ok(Math.abs(report.totals.usdPerMonth.expected - month) < 1e-6, 'the total is the counted tasks\' months');
  });
});
