// DSPy: predictor modules called as functions, the LM configured for the workspace (or given by
// dspy.context around the call), ReAct's max_iters and dspy.LM's output cap per version.
import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/config/load';
import { estimateCallSite } from '../../../src/core/estimate/estimate';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, fixture, lineOf, siteAt } from './workspace';

describe('DSPy', function () {
  this.timeout(30_000);
  before(() => loadParsers());
  const text = fixture('dspy/rag_program.py');
  const sites = () => extractIn({ 'rag_program.py': text }, 'rag_program.py').callSites;

  it('prices a predictor called inside a module\'s forward on the LM dspy.configure sets, with its signature\'s instructions and cap', () => {
    const s = siteAt(sites(), lineOf(text, 'self.generate_answer(context=context'));
    assert.equal(s.sdk, 'dspy');
    assert.equal(s.api, 'dspy.ChainOfThought');
    assert.equal(s.provider, 'openai');
    assert.equal(s.model.id, 'gpt-4o-mini');
    assert.ok(s.notes?.some((n) => /LM from dspy\.configure\(lm=…\) at rag_program\.py:6/.test(n)), s.notes?.join(' | '));
    assert.equal(s.outputCap?.tokens, 1500);
    assert.ok(s.parts.some((p) => p.role === 'system' && /short factoid answers/.test(p.text)), 'the Signature docstring');
    assert.equal(s.multiplier.max, 1, 'one request');
    assert.ok(estimateCallSite(s, { config: defaultConfig() }).usd, 'priced');
  });

  it('does not take calls of the workspace\'s own dspy.Module classes or a Retrieve for requests', () => {
    const all = sites();
    for (const needle of ['rag(question=question)', 'self.retrieve(question)']) assert.equal(all.find((c) => c.line === lineOf(text, needle)), undefined, needle);
  });

  it('bounds a ReAct run by max_iters (plus the final extraction), and uses the LM of the dspy.context around a call', () => {
    const all = sites();
    const react = siteAt(all, lineOf(text, 'return agent(question=question)'));
    assert.equal(react.operation, 'agent-run');
    assert.equal(react.multiplier.max, 9);
    assert.match(react.multiplier.reason, /up to 8 steps \(max_iters=8\) and the final extraction/);
    assert.equal(react.params.tools, '[search_wikipedia]');
    const claude = siteAt(all, lineOf(text, 'expect: anthropic'));
    assert.equal(claude.provider, 'anthropic');
    assert.equal(claude.model.id, 'claude-3-5-haiku-20241022');
    const local = siteAt(all, lineOf(text, 'qa.forward(question=question)'));
    assert.equal(local.selfHosted, 'Ollama');
    assert.equal(local.model.id, 'llama3.2');
  });

  it('finds the LM dspy.configure sets in another file of the workspace, and says so when none is set', () => {
    const program = 'import dspy\n\nqa = dspy.ChainOfThought("question -> answer")\n\ndef answer(q):\n    return qa(question=q)\n';
    const main = 'import dspy\nfrom app.program import answer\n\ndspy.settings.configure(lm=dspy.LM("gemini/gemini-2.0-flash"))\nanswer("hi")\n';
    const s = extractIn({ 'app/program.py': program, 'app/main.py': main }, 'app/program.py').callSites[0];
    assert.equal(s.model.id, 'gemini-2.0-flash');
    assert.equal(s.provider, 'google');
    const none = extractIn({ 'app/program.py': program }, 'app/program.py').callSites[0];
    assert.equal(none.model.id, undefined);
    assert.match(none.model.unresolvedReason ?? '', /no LM is configured in the workspace/);
  });

  it('takes ReAct\'s max_iters and dspy.LM\'s output cap from the version in the lockfile: two lockfiles, two defaults', () => {
    const code = 'import dspy\ndspy.configure(lm=dspy.LM("openai/gpt-4o"))\nagent = dspy.ReAct("question -> answer", tools=[])\nagent(question="hi")\n';
    const lock = (v: string) => `[[package]]\nname = "dspy"\nversion = "${v}"\n`;
    const old = extractIn({ 'p/a.py': code, 'p/uv.lock': lock('2.6.27') }, 'p/a.py').callSites[0];
    assert.equal(old.multiplier.max, 6, 'max_iters defaulted to 5 before dspy 3.0');
    assert.deepEqual([old.outputCap?.tokens, old.outputCap?.param], [4000, 'max_tokens (dspy.LM default)']);
    assert.match(old.multiplier.reason, /dspy 2\.6\.27 in p\/uv\.lock/);
    const current = extractIn({ 'p/a.py': code, 'p/uv.lock': lock('3.1.3') }, 'p/a.py').callSites[0];
    assert.equal(current.multiplier.max, 21);
    assert.equal(current.outputCap, undefined, 'dspy.LM has had no default cap since 3.0.4');
  });
});
