// batch-eligible and repeatable-response across a workspace: a helper is offline work or a request
// path by who calls it (the program's callers), tests and examples are neither, the discounts come
// from a table with sources, and `costlens check` carries the findings into SARIF like any rule's.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main, scan } from '../../src/cli/main';
import { BATCH_APIS, batchApiOf } from '../../src/core/pricing/batchApis';
import { formatUsd } from '../../src/core/report/format';
import type { Report } from '../../src/core/report/report';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'costlens-i17-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function scanFiles(files: Record<string, string>): Promise<Report> {
  const dir = workspace(files);
  try {
    return await scan(['.'], { cwd: dir, jobs: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SUMMARISE = `from anthropic import Anthropic

client = Anthropic()


def summarise(doc):
    return client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=300,
        system="Summarise the document in five bullet points for the search index.",
        messages=[{"role": "user", "content": doc}],
    )
`;

const BACKFILL = `from lib.summarise import summarise


def load():
    return open("docs.txt").read().split("\\n\\n")


if __name__ == "__main__":
    for doc in load():
        print(summarise(doc))
`;

const ROUTE = `from fastapi import FastAPI
from lib.summarise import summarise

app = FastAPI()


@app.post("/summaries")
def summaries(docs: list[str]):
    return [summarise(d) for d in docs]
`;

const FAQ = `from openai import OpenAI

client = OpenAI()


def faq():
    return client.chat.completions.create(
        model="gpt-4o",
        max_tokens=400,
        messages=[{"role": "user", "content": "List the five questions customers ask most about Acme invoices, with short answers."}],
    )
`;

const FAQ_ROUTE = `from fastapi import FastAPI
from app.faq import faq

app = FastAPI()


@app.get("/faq")
def get_faq():
    return faq()
`;

describe('batch-eligible and repeatable-response across a workspace', () => {
  it('batch-eligible: a helper that a script runs once per item is offline work, priced at the batch discount per call and per run', async () => {
    const report = await scanFiles({ 'lib/summarise.py': SUMMARISE, 'lib/__init__.py': '', 'jobs/backfill.py': BACKFILL });
    const found = report.findings.filter((f) => f.ruleId === 'batch-eligible');
    assert.deepEqual(found.map((f) => `${f.path}:${f.line}`), ['lib/summarise.py:7']);
    assert.match(found[0].message, /once per item of `load\(\)` \(jobs\/backfill\.py:9\)/);
    assert.match(found[0].message, /Message Batches API bills it 50% less/);
    assert.match(found[0].message, /docs\.claude\.com\/en\/docs\/build-with-claude\/batch-processing/);
    const site = report.callSites.find((s) => s.path === 'lib/summarise.py')!;
    // Half of what one call costs, and a run is the loop's calls (a collection of unknown size: 5 assumed).
    assert.ok(site.usd, 'the call is priced');
    assert.ok(found[0].message.includes(`— ${formatUsd(site.usd!.perCall.expected * 0.5)} a call, ${formatUsd(site.usd!.perCall.expected * 0.5 * 5)} a run of ~5 calls`), found[0].message);
  });

  it('batch-eligible: the same helper is quiet when a route also reaches it (a user waits on it)', async () => {
    const report = await scanFiles({ 'lib/summarise.py': SUMMARISE, 'lib/__init__.py': '', 'jobs/backfill.py': BACKFILL, 'app/api.py': ROUTE });
    assert.deepEqual(report.findings.filter((f) => f.ruleId === 'batch-eligible').map((f) => `${f.path}:${f.line}`), []);
  });

  it('repeatable-response: a static prompt in a helper that a route reaches fires there; the same code under tests/ does not', async () => {
    const report = await scanFiles({ 'app/__init__.py': '', 'app/faq.py': FAQ, 'app/api.py': FAQ_ROUTE, 'tests/faq.py': FAQ, 'tests/test_api.py': FAQ_ROUTE.replace('app.faq', 'tests.faq') });
    const found = report.findings.filter((f) => f.ruleId === 'repeatable-response');
    assert.deepEqual(found.map((f) => `${f.path}:${f.line}`), ['app/faq.py:7']);
    assert.match(found[0].message, /answers @app\.get\("\/faq"\) \(app\/api\.py:\d+\) and its prompt is the same on every request/);
    assert.match(found[0].message, /about 90% of requests/);
  });

  it('check --format sarif reports both rules with their ids and docs', async () => {
    const dir = workspace({ 'lib/summarise.py': SUMMARISE, 'lib/__init__.py': '', 'jobs/backfill.py': BACKFILL, 'app/__init__.py': '', 'app/faq.py': FAQ, 'app/api.py': FAQ_ROUTE });
    try {
      let out = '';
      const code = await main(['check', '.', '--format', 'sarif', '--no-cache'], { stdout: (s) => (out += s), stderr: () => undefined, cwd: dir });
      // Both are `info`: below check's default `warning` threshold, so CI does not fail on them.
      assert.equal(code, 0);
      const sarif = JSON.parse(out) as { runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string }[] }[] };
      const ids = sarif.runs[0].results.map((r) => r.ruleId);
      assert.ok(ids.includes('batch-eligible'), ids.join(', '));
      assert.ok(ids.includes('repeatable-response'), ids.join(', '));
      const rules = sarif.runs[0].tool.driver.rules.map((r) => r.id);
      assert.ok(rules.includes('batch-eligible') && rules.includes('repeatable-response'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every batch discount has a source, an as-of date and a guide, and is a fraction off', () => {
    for (const b of BATCH_APIS) {
      assert.ok(b.discount > 0 && b.discount < 1, b.provider);
      assert.ok(b.source.length > 20 && /\d+%/.test(b.source), `${b.provider}: the source states the discount`);
      assert.ok(b.source.includes(`${Math.round(b.discount * 100)}%`), `${b.provider}: the discount is the one its source states`);
      assert.match(b.asOf, /^\d{4}-\d{2}-\d{2}$/);
      assert.match(b.guide, /^https:\/\//);
    }
    assert.equal(batchApiOf('openai')?.discount, 0.5);
    assert.equal(batchApiOf('cohere'), undefined);
  });
});
