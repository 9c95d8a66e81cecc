// pydantic-ai: agents run with a provider's model class, realtime sessions, agents picked from a
// registry dict; fixtures in the style of pydantic-ai's own examples and tests.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, siteAt } from './workspace';

describe('pydantic-ai', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('bills a model class to its own provider, whatever the model id looks like', () => {
    const text = [
      'from pydantic_ai import Agent',
      'from pydantic_ai.models.cerebras import CerebrasModel',
      'from pydantic_ai.providers.cerebras import CerebrasProvider',
      '',
      'async def ask(api_key: str):',
      '    model = CerebrasModel("gpt-oss-120b", provider=CerebrasProvider(api_key=api_key))',
      '    agent = Agent(model=model)',
      '    result = await agent.run("What is 2 + 2?")',
      '    return result.output',
      '',
    ].join('\n');
    const s = siteAt(extractIn({ 'test_cerebras.py': text }, 'test_cerebras.py').callSites, lineOf(text, 'agent.run('));
    assert.equal(s.model.id, 'gpt-oss-120b');
    // A gpt- id served by Cerebras is billed by Cerebras, not OpenAI.
    assert.equal(s.provider, 'cerebras');
  });

  it('finds a realtime session where it is opened, with its model, and not where it is only prepared', () => {
    const text = [
      'import os',
      'from pydantic_ai import Agent',
      'from pydantic_ai.realtime import infer_realtime_model',
      '',
      'voice_agent = Agent(instructions="You are a concise phone support agent.")',
      '',
      'async def call() -> None:',
      '    async with voice_agent.realtime("openai:gpt-realtime").session() as session:',
      '        await session.send("My laptop will not charge.")',
      '',
      'model = infer_realtime_model(os.getenv("REALTIME_MODEL", "openai:gpt-realtime-mini"))',
      'rt = voice_agent.realtime(model)',
      '',
      'async def offer(sdp: str):',
      '    answer = await rt.answer_webrtc_offer(sdp)',
      '    return answer.sdp',
      '',
    ].join('\n');
    const sites = extractIn({ 'voice.py': text }, 'voice.py').callSites;
    const session = siteAt(sites, lineOf(text, '.session()'));
    assert.equal(session.model.id, 'gpt-realtime');
    assert.equal(session.provider, 'openai');
    assert.equal(session.operation, 'audio');
    const webrtc = siteAt(sites, lineOf(text, 'answer_webrtc_offer'));
    assert.equal(webrtc.model.id, 'gpt-realtime-mini');
    // `rt = voice_agent.realtime(model)` prepares the session: no request yet.
    assert.ok(!sites.some((s) => s.line === lineOf(text, 'rt = voice_agent')), 'the prepared session is not a call site');
  });

  it('runs the agent a registry dict gives when every entry has the same model', () => {
    const text = [
      'from pydantic_ai import Agent',
      '',
      'MODEL = "openai:gpt-5.2"',
      'gp_agent = Agent(MODEL, instructions="You are a general practitioner.")',
      'cardiology_agent = Agent(MODEL, instructions="You are a cardiologist.")',
      'SPECIALISTS = {"general": gp_agent, "cardiology": cardiology_agent}',
      'MIXED = {"general": gp_agent, "fast": Agent("openai:gpt-5-mini")}',
      '',
      'async def consult(specialty: str, question: str):',
      '    specialist = SPECIALISTS.get(specialty)',
      '    result = await specialist.run(f"Consultation: {question}")',
      '    other = await SPECIALISTS[specialty].run(question)',
      '    mixed = await MIXED[specialty].run(question)',
      '    return result.output, other.output, mixed.output',
      '',
    ].join('\n');
    const sites = extractIn({ 'delegation.py': text }, 'delegation.py').callSites;
    assert.equal(siteAt(sites, lineOf(text, 'specialist.run(')).model.id, 'gpt-5.2');
    assert.equal(siteAt(sites, lineOf(text, 'SPECIALISTS[specialty].run')).model.id, 'gpt-5.2');
    // Entries with different models: which one runs is not in the code.
    assert.ok(!sites.some((s) => s.line === lineOf(text, 'MIXED[specialty].run') && s.model.id), 'no model picked among different ones');
  });

  it('prices pydantic_evals generate_dataset on the model it is given, else its documented default', () => {
    const text = [
      'from pydantic_evals import Dataset',
      'from pydantic_evals.generation import generate_dataset',
      '',
      'async def main():',
      '    smart = await generate_dataset(dataset_type=Dataset[str, str, None], model="openai:gpt-5.1", n_examples=10,',
      '        extra_instructions="Generate questions about time ranges.")',
      '    plain = await generate_dataset(dataset_type=Dataset[str, str, None], n_examples=3)',
      '',
    ].join('\n');
    const sites = extractIn({ 'gen.py': text }, 'gen.py').callSites;
    const smart = siteAt(sites, lineOf(text, 'smart ='));
    assert.equal(smart.model.id, 'gpt-5.1');
    assert.equal(smart.provider, 'openai');
    const plain = siteAt(sites, lineOf(text, 'plain ='));
    assert.equal(plain.model.id, 'gpt-5.2');
    assert.match(plain.model.from ?? '', /generate_dataset default model/);
  });
  it('runs the task\'s agent for each case of a pydantic_evals dataset, under agent.override(model=…) when given', () => {
    const files: Record<string, string> = {
      'evals/agent.py': [
        'from pydantic_ai import Agent',
        '',
        "support_agent = Agent('openai:gpt-5.2', instructions='Answer support questions briefly.')",
        '',
        'async def answer(question: str) -> str:',
        '    return (await support_agent.run(question)).output',
        '',
      ].join('\n'),
      'evals/run_evals.py': [
        'from pydantic_evals import Case, Dataset',
        'from evals.agent import answer, support_agent',
        '',
        "dataset = Dataset(cases=[Case(name='refund', inputs='How do I get a refund?')])",
        '',
        'def main():',
        '    dataset.evaluate_sync(answer)  # plain',
        "    with support_agent.override(model='openai:gpt-5-mini'):",
        '        dataset.evaluate_sync(answer)  # override',
        '',
        'def not_evals(results):',
        '    results.evaluate(answer)  # not a dataset',
        '',
      ].join('\n'),
    };
    const text = files['evals/run_evals.py'];
    const sites = extractIn(files, 'evals/run_evals.py').callSites;
    const plain = siteAt(sites, lineOf(text, '# plain'));
    assert.equal(plain.model.id, 'gpt-5.2');
    assert.equal(plain.operation, 'agent-run');
    assert.equal(siteAt(sites, lineOf(text, '# override')).model.id, 'gpt-5-mini');
    assert.equal(sites.find((s) => s.line === lineOf(text, '# not a dataset')), undefined);
  });

  it('reads pydantic_ai.direct.model_request as one request to its model', () => {
    const text = [
      'from pydantic_ai import ModelRequest',
      'from pydantic_ai.direct import model_request_sync',
      '',
      "response = model_request_sync('anthropic:claude-haiku-4-5', [ModelRequest.user_text_prompt('What is the capital of France?')])",
      '',
    ].join('\n');
    const [s] = extractIn({ 'direct.py': text }, 'direct.py').callSites;
    assert.equal(s?.model.id, 'claude-haiku-4-5');
    assert.equal(s.provider, 'anthropic');
  });
});
