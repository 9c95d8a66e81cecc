// Python values the framework work found unread, for every SDK: annotated parameters, names bound
// by `with … as`, objects made by methods of the workspace's own classes.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, siteAt } from './workspace';

describe('Python values found unread while adding the frameworks', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('follows an annotated parameter (`model: str`) to what its callers pass', () => {
    const text = [
      'from openai import OpenAI',
      'client = OpenAI()',
      '',
      'def ask(question: str, model: str):',
      '    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": question}])',
      '',
      'ask("hi", "gpt-4o")',
      'ask("yo", model="gpt-4o-mini")',
      '',
    ].join('\n');
    const [s] = extractIn({ 'a.py': text }, 'a.py').callSites;
    assert.deepEqual(s.model.alternatives?.map((a) => a.id), ['gpt-4o', 'gpt-4o-mini']);
  });

  it('reads a constant of a submodule imported by name (`from .shared_libraries import constants`, then `constants.MODEL`)', () => {
    // As google/adk-samples' brand-search-optimization reads its model.
    const constants = ['import os', '', 'MODEL = os.getenv("MODEL", "gemini-2.0-flash-001")', ''].join('\n');
    const text = ['from openai import OpenAI', 'from .shared_libraries import constants', '', 'client = OpenAI()', 'client.chat.completions.create(model=constants.MODEL, messages=[])', ''].join('\n');
    const files = { 'app/__init__.py': '', 'app/shared_libraries/__init__.py': '', 'app/shared_libraries/constants.py': constants, 'app/main.py': text };
    const [s] = extractIn(files, 'app/main.py').callSites;
    assert.equal(s?.model.id, 'gemini-2.0-flash-001', s?.model.unresolvedReason);
    // A folder without __init__.py (a namespace package), as that sample has it.
    const { 'app/shared_libraries/__init__.py': _init, ...namespace } = files;
    assert.equal(extractIn(namespace, 'app/main.py').callSites[0]?.model.id, 'gemini-2.0-flash-001');
  });

  it('reads the object a `with … as name:` binds', () => {
    const text = ['from langchain_openai import ChatOpenAI', '', 'with ChatOpenAI(model="gpt-4o-mini") as llm:', '    llm.invoke("hi")', ''].join('\n');
    const [s] = extractIn({ 'a.py': text }, 'a.py').callSites;
    assert.equal(s?.model.id, 'gpt-4o-mini');
  });

  it('follows a method of an instance of a workspace class to the object it returns', () => {
    const text = [
      'from langchain_openai import ChatOpenAI',
      '',
      'class Models:',
      '    def __init__(self, name):',
      '        self.name = name',
      '    def fast(self):',
      '        return ChatOpenAI(model=self.name)',
      '',
      'models = Models("gpt-4o-mini")',
      'models.fast().invoke("hi")',
      'Models("gpt-4.1").fast().invoke("yo")',
      '',
    ].join('\n');
    const sites = extractIn({ 'a.py': text }, 'a.py').callSites;
    assert.deepEqual(sites.map((s) => s.model.id), ['gpt-4o-mini', 'gpt-4.1']);
  });
  it('reads a loop variable over a list the code writes, item by item', () => {
    const text = [
      'from openai import OpenAI',
      'client = OpenAI()',
      '',
      'models = [("gpt-4o-mini", "OPENAI_API_KEY"), ("gpt-4.1-mini", "OPENAI_API_KEY")]',
      '',
      'def compare(prompt):',
      '    for model, env_var in models:',
      '        client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}])',
      '    for name in ["gpt-5-mini"]:',
      '        client.chat.completions.create(model=name, messages=[{"role": "user", "content": prompt}])',
      '    for key in {"a": 1}:',
      '        client.chat.completions.create(model=key, messages=[{"role": "user", "content": prompt}])',
      '',
    ].join('\n');
    const sites = extractIn({ 'a.py': text }, 'a.py').callSites;
    assert.deepEqual(sites[0].model.alternatives?.map((a) => a.id), ['gpt-4o-mini', 'gpt-4.1-mini']);
    assert.equal(sites[1].model.id, 'gpt-5-mini');
    // A dict's keys are not written as a list: unknown.
    assert.equal(sites[2].model.id, undefined);
  });

  it('takes the written fallback of a lookup the code cannot read (`params.get("model") or MODEL`)', () => {
    const text = [
      'import os',
      'from openai import OpenAI',
      'client = OpenAI()',
      'MODEL = os.environ.get("CHAT_MODEL", "gpt-4o-mini")',
      '',
      'def handle(params):',
      '    model = params.get("model") or MODEL',
      '    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}])',
      '',
    ].join('\n');
    const [s] = extractIn({ 'a.py': text }, 'a.py').callSites;
    assert.equal(s.model.id, 'gpt-4o-mini');
  });
  it('reads an option\'s default from the parser a helper builds (`_build_parser().parse_args()`)', () => {
    const text = [
      'import argparse',
      'import asyncio',
      'from agents import Agent, Runner',
      '',
      'DEFAULT_MODEL = "gpt-5-mini"',
      '',
      'async def main(args):',
      '    agent = Agent(name="Assistant", instructions="Be brief.", model=args.model)',
      '    result = await Runner.run(agent, args.prompt)',
      '    print(result.final_output)',
      '',
      'def _build_parser() -> argparse.ArgumentParser:',
      '    parser = argparse.ArgumentParser()',
      '    parser.add_argument("--model", default=DEFAULT_MODEL, help="Model name to use.")',
      '    parser.add_argument("--prompt", default="Hello")',
      '    return parser',
      '',
      'if __name__ == "__main__":',
      '    asyncio.run(main(_build_parser().parse_args()))',
      '',
    ].join('\n');
    const [s] = extractIn({ 'a.py': text }, 'a.py').callSites;
    assert.equal(s.model.id, 'gpt-5-mini');
  });
  it('reads each name of a tuple unpacked from what a helper returns (`researcher, writer = make_agents()`)', () => {
    const text = [
      'from crewai import Agent, Crew, LLM, Task',
      '',
      'def make_agents():',
      '    researcher = Agent(role="Researcher", goal="Research", backstory="You dig.", llm=LLM(model="gpt-4o-mini"))',
      '    writer = Agent(role="Writer", goal="Write", backstory="You write.", llm=LLM(model="gpt-4o-mini"))',
      '    return researcher, writer',
      '',
      'def run(url):',
      '    researcher, writer = make_agents()',
      '    tasks = [Task(description=f"Read {url}", expected_output="Notes", agent=researcher), Task(description="Write", expected_output="Post", agent=writer)]',
      '    return Crew(agents=[researcher, writer], tasks=tasks).kickoff()',
      '',
      'from openai import OpenAI',
      'client = OpenAI()',
      'fast, smart = "gpt-4.1-mini", "gpt-4.1"',
      'client.chat.completions.create(model=smart, messages=[{"role": "user", "content": "hi"}])',
      '',
    ].join('\n');
    const sites = extractIn({ 'a.py': text }, 'a.py').callSites;
    assert.equal(siteAt(sites, lineOf(text, '.kickoff()')).model.id, 'gpt-4o-mini');
    assert.equal(siteAt(sites, lineOf(text, 'model=smart')).model.id, 'gpt-4.1');
  });

  it("follows a provider wrapper: the model object a classmethod makes with cls(llm), its **kwargs from the callers", () => {
    // The shape of a provider abstraction over LangChain classes (gpt-researcher's GenericLLMProvider).
    const provider = [
      'class LLMProvider:',
      '    DEFAULT_MODEL = "gpt-4.1-mini"',
      '',
      '    def __init__(self, llm):',
      '        self.llm = llm',
      '',
      '    @classmethod',
      '    def from_provider(cls, provider: str, **kwargs):',
      '        if provider == "openai":',
      '            from langchain_openai import ChatOpenAI',
      '            llm = ChatOpenAI(**kwargs)',
      '        else:',
      '            raise ValueError(provider)',
      '        return cls(llm)',
      '',
      '    @classmethod',
      '    def default(cls):',
      '        from langchain_openai import ChatOpenAI',
      '        return cls(ChatOpenAI(model=cls.DEFAULT_MODEL))',
      '',
      '    async def respond(self, messages):',
      '        output = await self.llm.ainvoke(messages)',
      '        return output.content',
      '',
    ].join('\n');
    const app = [
      'from provider import LLMProvider',
      '',
      'def get_llm(llm_provider, **kwargs):',
      '    return LLMProvider.from_provider(llm_provider, **kwargs)',
      '',
      'async def chat(messages, model=None, max_tokens=4000):',
      '    provider_kwargs = {"model": model, "max_tokens": max_tokens}',
      '    llm = get_llm("openai", **provider_kwargs)',
      '    return await llm.respond(messages)',
      '',
      'async def summarize(text):',
      '    return await chat([{"role": "user", "content": text}], model="gpt-4o-mini")',
      '',
    ].join('\n');
    const [s] = extractIn({ 'provider.py': provider, 'app.py': app }, 'provider.py').callSites;
    assert.ok(s, 'self.llm.ainvoke is a call of the model the classmethod passes to cls(…)');
    assert.equal(s.line, lineOf(provider, 'self.llm.ainvoke'));
    assert.ok(s.model.alternatives?.some((a) => a.id === 'gpt-4o-mini') || s.model.id === 'gpt-4o-mini', `model from the **kwargs the callers pass: ${JSON.stringify(s.model)}`);
  });

  it('takes the set-up a script picks with a constant (`if chosen == "…":` branches), not the last one written', () => {
    const text = [
      'from smolagents import CodeAgent, InferenceClientModel, LiteLLMModel, OpenAIModel',
      '',
      'chosen_inference = "inference_client"',
      '',
      'if chosen_inference == "inference_client":',
      '    model = InferenceClientModel(model_id="meta-llama/Llama-3.3-70B-Instruct")',
      'elif chosen_inference == "litellm":',
      '    model = LiteLLMModel(model_id="gpt-4o-mini")',
      'else:',
      '    model = OpenAIModel(model_id="gpt-4o")',
      '',
      'agent = CodeAgent(tools=[], model=model)',
      'agent.run("What is the 10th Fibonacci number?")',
      '',
    ].join('\n');
    const [s] = extractIn({ 'pick.py': text }, 'pick.py').callSites;
    assert.equal(s?.model.id, 'meta-llama/Llama-3.3-70B-Instruct');
  });
  it("reads an Enum member's `.value`, through `import constants` too (a FastAPI form's default model)", () => {
    const constants = ['from enum import StrEnum', '', 'class Model(StrEnum):', '    HAIKU_4_5 = "claude-haiku-4-5"', '    SONNET_4_6 = "claude-sonnet-4-6"', ''].join('\n');
    const server = [
      'from typing import Annotated',
      '',
      'import anthropic',
      'from fastapi import FastAPI, Form',
      '',
      'import constants',
      '',
      'app = FastAPI()',
      '_client = anthropic.Anthropic()',
      '',
      '@app.post("/localize")',
      'def localize(label: Annotated[str, Form()], model: Annotated[str, Form()] = constants.Model.HAIKU_4_5.value):',
      '    return _client.messages.create(model=model, max_tokens=100, messages=[{"role": "user", "content": label}])',
      '',
    ].join('\n');
    const [s] = extractIn({ 'constants.py': constants, 'dev_ui/server.py': server }, 'dev_ui/server.py').callSites;
    assert.equal(s?.model.id, 'claude-haiku-4-5');
    const local = server.replace('import constants', 'from constants import Model').replace('constants.Model.HAIKU_4_5.value', 'Model.SONNET_4_6.value');
    const [t] = extractIn({ 'constants.py': constants, 'dev_ui/server.py': local }, 'dev_ui/server.py').callSites;
    assert.equal(t?.model.id, 'claude-sonnet-4-6');
  });
  it('does not take a special case of a mapping helper for the model when the helper returns the rest as given (`_model_mapping(conf().get("model"))`)', () => {
    const text = [
      'import requests',
      'from config import conf',
      '',
      'CLAUDE_3_OPUS = "claude-3-opus-20240229"',
      'CLAUDE_35_SONNET = "claude-3-5-sonnet-latest"',
      '',
      'class ClaudeBot:',
      '    def _model_mapping(self, model):',
      '        if model == "claude-3-opus":',
      '            return CLAUDE_3_OPUS',
      '        elif model == "claude-3.5-sonnet":',
      '            return CLAUDE_35_SONNET',
      '        return model',
      '',
      '    def reply(self, q):',
      '        actual_model = self._model_mapping(conf().get("model"))',
      '        return requests.post("https://api.anthropic.com/v1/messages", json={"model": actual_model, "max_tokens": 100, "messages": [{"role": "user", "content": q}]})',
      '',
    ].join('\n');
    const [s] = extractIn({ 'bot.py': text, 'config.py': 'def conf():\n    return {}\n' }, 'bot.py').callSites;
    assert.equal(s?.model.id, undefined, `not ${s?.model.id}: the mapping passes the configured model through`);
    assert.match(s?.model.unresolvedReason ?? '', /conf\(\)\.get/);
  });
});
