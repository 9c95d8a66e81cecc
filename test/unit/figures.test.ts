// Figures a user would believe (issue 15): scopes and traffic — a month is only what production
// runs; examples, tests, docs, scripts and notebooks are priced per task and counted in a month only
// when their traffic is stated.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeWorkspace } from '../../src/cli/main';
import { parseWorkspaceConfig, resolveConfig } from '../../src/config/load';
import { scopeOf } from '../../src/core/analysis/scopes';
import { loadParsers } from '../../src/core/extract/code/parser';
import { renderTable } from '../../src/core/report/table';

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
      ['scripts/backfill.py', 'script'],
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
