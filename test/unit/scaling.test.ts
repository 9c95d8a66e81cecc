// Work that grows with a file grows in proportion to it: twice the call sites (functions, calls on
// one line, retrieval settings) is about twice the work, not four times. Counted, not timed: the
// characters of the text read by string methods, the scope's lookups (Scope.probes), the rules'
// reads of the call-site list. A hostile run found 40,000 calls in one file taking 91 s, 71% of it
// in the line number of each finding, counted from the start of the text each time.
//
// And the time budget of a file (costlens.limits.analysisMs) bounds pricing and the rules too, not
// only parsing and extracting: checked with a deadline already passed when they start.
import * as assert from 'node:assert/strict';
import { priceFile } from '../../src/core/analysis/analyzeFile';
import { extractFile } from '../../src/core/analysis/extractFile';
import { AnalysisTimeout, Deadline } from '../../src/core/analysis/limits';
import { defaultConfig } from '../../src/config/load';
import { extractCode } from '../../src/core/extract/code/extract';
import { loadParsers, nodesOfTypes, parse } from '../../src/core/extract/code/parser';
import { Scope, SCOPE_TYPES } from '../../src/core/extract/code/scope';
import { LineIndex, lineOf } from '../../src/core/model';
import { buildReport } from '../../src/core/report/report';
import { renderTable } from '../../src/core/report/table';
import { runRules } from '../../src/core/rules/run';

const config = { ...defaultConfig(), 'limits.analysisMs': 600_000 };

/** n calls, one a line, none with an output cap (so every one has a finding). */
const callsFile = (n: number, sep = '\n') => `from openai import OpenAI\nc = OpenAI()\n${Array.from({ length: n }, (_, i) => `c.responses.create(model="gpt-4o", input="q${i}")`).join(sep)}\n`;

/** n functions, each growing a message list and calling a model with it after a retrieval. */
const functionsFile = (n: number) =>
  `from openai import OpenAI\nc = OpenAI()\nm = []\n${Array.from(
    { length: n },
    (_, i) => `def f${i}(q, store):\n    docs = store.similarity_search(q, k=20)\n    m = [{"role": "user", "content": q}]\n    m.append({"role": "user", "content": "more"})\n    return c.chat.completions.create(model="gpt-4o", messages=m)\n`,
  ).join('')}`;

/**
 * Characters that string methods scan while `run` runs: each charCodeAt, what indexOf and
 * lastIndexOf pass over. (Not slice: V8 makes a long slice a view of its string, without copying;
 * the syntax tree's `text` of a node is one, of the rest of the file.) Restored afterwards.
 */
function charactersRead(run: () => void): number {
  const proto = String.prototype as unknown as Record<string, (this: string, ...args: unknown[]) => unknown>;
  const originals = { charCodeAt: proto.charCodeAt, indexOf: proto.indexOf, lastIndexOf: proto.lastIndexOf };
  let read = 0;
  proto.charCodeAt = function (this: string, ...args) {
    read++;
    return originals.charCodeAt.apply(this, args);
  };
  proto.indexOf = function (this: string, ...args) {
    const from = Math.max(0, Number(args[1] ?? 0) || 0);
    const at = originals.indexOf.apply(this, args) as number;
    read += (at < 0 ? this.length : at) - from;
    return at;
  };
  proto.lastIndexOf = function (this: string, ...args) {
    const from = args[1] === undefined ? this.length : Math.max(0, Number(args[1]) || 0);
    const at = originals.lastIndexOf.apply(this, args) as number;
    read += from - (at < 0 ? 0 : at);
    return at;
  };
  try {
    run();
  } finally {
    Object.assign(proto, originals);
  }
  return read;
}

describe('scaling: work grows in proportion to the file', function () {
  this.timeout(120_000);
  before(() => loadParsers());

  it('a line index answers like counting line breaks from the start, for every offset', () => {
    const text = 'a\n\nbc\r\nd\n';
    const index = new LineIndex(text);
    for (let offset = -1; offset <= text.length + 1; offset++) {
      let line = 1;
      for (let i = 0; i < Math.min(offset, text.length); i++) if (text[i] === '\n') line++;
      assert.equal(index.lineOf(offset), line, `offset ${offset}`);
      assert.equal(lineOf(text, offset), line, `lineOf at ${offset}`);
    }
    assert.deepEqual([1, 2, 3, 4, 5].map((l) => index.startOf(l)), [0, 2, 3, 7, 9]);
  });

  it('the rules find the lines of thousands of findings in one file reading its text about once', () => {
    const text = callsFile(3000);
    const a = priceFile(extractFile('calls.py', text, { config }), text, config);
    assert.equal(a.findings.filter((f) => f.ruleId === 'missing-output-cap').length, 3000);
    let findings: ReturnType<typeof runRules> = [];
    const read = charactersRead(() => {
      findings = runRules({ path: 'calls.py', text, callSites: a.callSites, estimates: a.estimates, tasks: a.tasks, config });
    });
    // Counting from the start for each of them read 3,000 × 70 KB / 2 ≈ 10^8 characters.
    assert.ok(read < 3 * text.length, `the rules read ${read.toLocaleString('en-US')} characters of a ${text.length.toLocaleString('en-US')}-character file`);
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'missing-output-cap').map((f) => f.line),
      Array.from({ length: 3000 }, (_, i) => i + 3),
    );
  });

  it('extracting many calls on one long line reads the line once, not once a call', () => {
    const text = callsFile(2000, '; ');
    let calls = 0;
    const read = charactersRead(() => {
      calls = extractCode('one.py', text).callSites.length;
    });
    assert.equal(calls, 2000);
    // Looking for the start and end of the line of each call's `costlens:` comments scanned 2,000 × 100 KB.
    assert.ok(read < 10 * text.length, `extracting read ${read.toLocaleString('en-US')} characters of a ${text.length.toLocaleString('en-US')}-character file`);
  });

  it("the scope's questions (function around, value of a name, list mutations) cost about the same per call however many functions the file has", () => {
    const probes = (n: number) => {
      const text = functionsFile(n);
      const tree = parse('python', text);
      try {
        const scope = new Scope(tree.rootNode, 'py', nodesOfTypes('python', tree.rootNode, SCOPE_TYPES));
        let calls = 0;
        for (const call of scope.calls) {
          const fn = scope.functionAround(call);
          scope.lookup('m', call);
          scope.lookup('c', call);
          scope.mutationsOf('m', fn);
          calls++;
        }
        return scope.probes / calls;
      } finally {
        tree.delete();
      }
    };
    const small = probes(500);
    const large = probes(2000);
    // A scan of every function (or every binding of `m`) per question: 4× the probes per call here.
    assert.ok(large < 1.5 * small, `probes per call: ${small.toFixed(1)} with 500 functions, ${large.toFixed(1)} with 2,000`);
  });

  it('the rules read the call-site list a few times over, however many retrieval settings the file has', () => {
    const text = functionsFile(1500);
    const a = priceFile(extractFile('funcs.py', text, { config }), text, config);
    assert.equal(a.retrieval?.length, 1500);
    let reads = 0;
    const callSites = new Proxy(a.callSites, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const findings = runRules({ path: 'funcs.py', text, callSites, estimates: a.estimates, tasks: a.tasks, config, retrieval: a.retrieval, chunks: a.chunks });
    assert.equal(findings.filter((f) => f.ruleId === 'rag-chunk-bloat').length, 1500);
    // Looking for each retrieval's call among all call sites read 1,500 × 1,500 of them.
    assert.ok(reads < 20 * a.callSites.length, `${reads.toLocaleString('en-US')} reads of ${a.callSites.length} call sites`);
  });

  it('a file past its time budget when pricing starts is cut with the reason, in the estimates and in the rules', () => {
    const text = callsFile(50);
    const x = extractFile('calls.py', text, { config });
    assert.equal(x.callSites.length, 50);
    // Spent: the budget was used up before pricing (extracting, in another thread).
    const spent = Deadline.forSettings({ 'limits.analysisMs': 1000 }, 1500);
    assert.ok(spent.passed);
    const cut = priceFile(x, text, config, undefined, spent);
    assert.deepEqual(cut.callSites, [], 'nothing half-done');
    assert.equal(cut.estimates.size, 0);
    assert.deepEqual(cut.errors, [{ path: 'calls.py', kind: 'limit', message: 'analysis cut after 1000 ms: the file is too large or complex to analyse in time (costlens.limits.analysisMs)' }]);
    // The rules alone: the runner stops rather than report them as a failed rule.
    const whole = priceFile(x, text, config);
    assert.equal(whole.estimates.size, 50);
    assert.throws(() => runRules({ path: 'calls.py', text, callSites: whole.callSites, estimates: whole.estimates, tasks: whole.tasks, config }, undefined, new Deadline(10, 20)), AnalysisTimeout);
    // Time left: the same extraction is priced whole.
    assert.equal(priceFile(x, text, config, undefined, Deadline.forSettings({ 'limits.analysisMs': 600_000 }, 1500)).estimates.size, 50);
  });

  it('a report of 150,000 call sites renders as a table (no spread of them as arguments)', () => {
    const text = callsFile(2);
    const one = buildReport([priceFile(extractFile('calls.py', text, { config }), text, config)], config).callSites[0];
    const report = buildReport([], config);
    report.callSites = Array.from({ length: 150_000 }, (_, i) => ({ ...one, line: i + 1, key: `calls.py#<module>#${i}` }));
    const table = renderTable(report);
    assert.match(table, /^calls\.py:150000 /m);
  });
});
