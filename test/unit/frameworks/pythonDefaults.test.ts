// Python value semantics that libraries and CLIs use for their model: a default given after the
// config is set (`if not self.config.model: …`), dicts written into before a `**` splat, pure
// string methods, a CLI option's default reached through callers, a dict subclass of defaults.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, siteAt } from './workspace';

describe('Python defaults and dict writes that decide the model', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  // As mem0's providers: the base class takes the caller's config (or makes one), the provider
  // gives the model a default in its constructor when the config has none.
  const provider = [
    'from openai import OpenAI',
    '',
    'class Config:',
    '    def __init__(self, model=None, temperature=0.1):',
    '        self.model = model',
    '        self.temperature = temperature',
    '',
    'class Base:',
    '    def __init__(self, config=None):',
    '        self.config = config or Config()',
    '',
    '    def _params(self, **kwargs):',
    '        if self.config.temperature is None:',
    '            return {}',
    '        return {"temperature": self.config.temperature}',
    '',
    'class OpenAILLM(Base):',
    '    def __init__(self, config=None):',
    '        super().__init__(config)',
    '        if not self.config.model:',
    '            self.config.model = "gpt-5-mini"',
    '        self.client = OpenAI()',
    '',
    '    def direct(self, messages):',
    '        return self.client.chat.completions.create(model=self.config.model, messages=messages)',
    '',
    '    def updated(self, messages):',
    '        params = self._params(messages=messages)',
    '        params.update({"model": self.config.model, "messages": messages})',
    '        return self.client.chat.completions.create(**params)',
    '',
  ].join('\n');

  it('gives `self.config.model` the default the constructor sets when the config sets none', () => {
    const sites = extractIn({ 'llm.py': provider }, 'llm.py').callSites;
    const s = siteAt(sites, lineOf(provider, 'create(model=self.config.model'));
    assert.equal(s.model.id, 'gpt-5-mini', s.model.unresolvedReason);
    assert.match(s.notes?.join(' ') ?? '', /default OpenAILLM gives `self\.config\.model` when `self\.config` sets none/);
  });

  it('keeps the config\'s own model over the default (`X = X or "d"` too)', () => {
    const text = provider.replace('config or Config()', 'config or Config(model="gpt-4.1")').replace('        if not self.config.model:\n            self.config.model = "gpt-5-mini"', '        self.config.model = self.config.model or "gpt-5-mini"');
    const sites = extractIn({ 'llm.py': text }, 'llm.py').callSites;
    assert.equal(siteAt(sites, lineOf(text, 'create(model=self.config.model')).model.id, 'gpt-4.1');
    // With no model in the config, `or` gives the default.
    const none = provider.replace('        if not self.config.model:\n            self.config.model = "gpt-5-mini"', '        self.config.model = self.config.model or "gpt-5-mini"');
    assert.equal(siteAt(extractIn({ 'llm.py': none }, 'llm.py').callSites, lineOf(none, 'create(model=self.config.model')).model.id, 'gpt-5-mini');
  });

  it('does not give a default that a condition other than "unset" guards', () => {
    const text = provider.replace('if not self.config.model:', 'if self.config.temperature > 1:');
    const s = siteAt(extractIn({ 'llm.py': text }, 'llm.py').callSites, lineOf(text, 'create(model=self.config.model'));
    assert.equal(s.model.id, undefined);
    assert.ok(s.model.unresolvedReason);
  });

  it('reads `.update({...})` on a dict a helper returns before `**params`', () => {
    const sites = extractIn({ 'llm.py': provider }, 'llm.py').callSites;
    const s = siteAt(sites, lineOf(provider, 'create(**params)'));
    assert.equal(s.model.id, 'gpt-5-mini', s.model.unresolvedReason);
  });

  it('reads `dict(k=v, **kwargs)` then `.update(model=…)`, and `d["model"] = d["model"].replace(…)`', () => {
    const text = [
      'from openai import OpenAI',
      'client = OpenAI()',
      '',
      'def four(messages, **kwargs):',
      '    params = dict(messages=messages, **kwargs)',
      '    params.update(model="o3-mini")',
      '    return client.chat.completions.create(**params)',
      '',
      'def three(messages):',
      '    params = {"model": "gpt-4o:latest", "messages": messages}',
      '    params["model"] = params["model"].replace(":latest", "").strip().lower()',
      '    return client.chat.completions.create(**params)',
      '',
      'def six(messages, **kwargs):',
      '    params = dict(model="gpt-4.1-mini", messages=messages, **kwargs)',
      '    return client.chat.completions.create(**params)',
      '',
      'def five(messages):',
      '    return client.chat.completions.create(model="openai/GPT-4o-mini ".removeprefix("openai/").rstrip().lower(), messages=messages)',
      '',
    ].join('\n');
    const sites = extractIn({ 'a.py': text }, 'a.py').callSites;
    assert.equal(siteAt(sites, lineOf(text, 'create(**params)')).model.id, 'o3-mini');
    assert.equal(sites[1].model.id, 'gpt-4o', sites[1].model.unresolvedReason);
    assert.equal(sites[2].model.id, 'gpt-4.1-mini', sites[2].model.unresolvedReason);
    assert.equal(sites[3].model.id, 'gpt-4o-mini', sites[3].model.unresolvedReason);
  });

  it('does not read an attribute set on an object a call made (`model.settings = …`) as a dict key', () => {
    const text = [
      'from openai import OpenAI',
      'from app.models import make_model',
      'client = OpenAI()',
      '',
      'def run(messages):',
      '    model = make_model()',
      '    model.settings = {"temperature": 0}',
      '    return client.chat.completions.create(model=model, messages=messages)',
      '',
    ].join('\n');
    const models = ['def make_model():', '    if 1:', '        return {"model": "gpt-4o"}', '    return load()', ''].join('\n');
    const [s] = extractIn({ 'app/__init__.py': '', 'app/models.py': models, 'app/run.py': text }, 'app/run.py').callSites;
    assert.ok(s && !s.model.id);
    assert.match(s.model.unresolvedReason ?? '', /make_model/);
  });

  it('leaves a string method on an unknown string unknown', () => {
    const text = ['from openai import OpenAI', 'client = OpenAI()', '', 'def ask(body):', '    return client.chat.completions.create(model=body["model"].replace(":latest", ""), messages=[])', ''].join('\n');
    const [s] = extractIn({ 'a.py': text }, 'a.py').callSites;
    assert.equal(s.model.id, undefined);
    assert.ok(s.model.unresolvedReason);
  });

  it('reads a dict subclass made from `**DEFAULTS` (`.get` and `[key]`), through a typer option and a subclass\'s method callers', () => {
    // As shell_gpt: the CLI's --model default is `cfg.get("DEFAULT_MODEL")`, passed to a handler
    // subclass's `handle`, which passes it to the base class's `get_completion`.
    const config = [
      'import os',
      '',
      'DEFAULT_CONFIG = {',
      '    "DEFAULT_MODEL": os.getenv("DEFAULT_MODEL", "gpt-4o-mini"),',
      '}',
      '',
      'class Config(dict):',
      '    def __init__(self, path, **defaults):',
      '        self.path = path',
      '        super().__init__(**defaults)',
      '',
      'cfg = Config("~/.cfg", **DEFAULT_CONFIG)',
      '',
    ].join('\n');
    const handler = [
      'from litellm import completion',
      '',
      'class Handler:',
      '    def get_completion(self, model, messages):',
      '        return completion(model=model, messages=messages)',
      '',
      '    def handle(self, prompt, model):',
      '        return self.get_completion(model=model, messages=[{"role": "user", "content": prompt}])',
      '',
    ].join('\n');
    const sub = ['from .handler import Handler', '', 'class DefaultHandler(Handler):', '    pass', ''].join('\n');
    const app = [
      'import typer',
      'from app.config import cfg',
      'from app.default_handler import DefaultHandler',
      '',
      'def main(prompt: str = typer.Argument(""), model: str = typer.Option(cfg.get("DEFAULT_MODEL"), help="model")):',
      '    DefaultHandler().handle(prompt, model=model)',
      '',
      'def other():',
      '    from litellm import completion',
      '    return completion(model=cfg["DEFAULT_MODEL"], messages=[])',
      '',
    ].join('\n');
    const files = { 'app/__init__.py': '', 'app/config.py': config, 'app/handler.py': handler, 'app/default_handler.py': sub, 'app/main.py': app };
    const [s] = extractIn(files, 'app/handler.py').callSites;
    assert.equal(s?.model.id, 'gpt-4o-mini', s?.model.unresolvedReason);
    const [o] = extractIn(files, 'app/main.py').callSites;
    assert.equal(o?.model.id, 'gpt-4o-mini', o?.model.unresolvedReason);
  });
});
