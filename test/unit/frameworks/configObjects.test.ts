// Models read from a Python config object: attributes its constructor (and the methods the
// constructor calls) sets, from a table of defaults looped over with setattr, environment overrides,
// "provider:model" strings split in two, a factory's `if provider == "…":` branch, and `**kwargs`
// handed from a caller's dict down to the model class.
import * as assert from 'node:assert/strict';
import { loadParsers } from '../../../src/core/extract/code/parser';
import { extractIn, lineOf, siteAt } from './workspace';

/** A config class in the shape of gpt-researcher's (Config, DEFAULT_CONFIG, parse_llm). */
const defaults = `DEFAULT_CONFIG = {
    "EMBEDDING": "openai:text-embedding-3-small",
    "FAST_LLM": "openai:gpt-4.1-mini",
    "SMART_LLM": "openai:gpt-4.1",
    "TEMPERATURE": 0.4,
}
`;

const config = `import os
from defaults import DEFAULT_CONFIG


class Config:
    def __init__(self, config_path=None):
        self.config_path = config_path
        self.llm_kwargs = {}
        config_to_use = self.load_config(config_path)
        self._set_attributes(config_to_use)
        self._set_embedding_attributes()
        self._set_llm_attributes()
        self._handle_deprecated_attributes()

    def _set_attributes(self, config):
        for key, value in config.items():
            env_value = os.getenv(key)
            if env_value is not None:
                value = self.convert_env_value(key, env_value)
            setattr(self, key.lower(), value)

    def _set_embedding_attributes(self):
        self.embedding_provider, self.embedding_model = self.parse(self.embedding)

    def _set_llm_attributes(self):
        self.fast_llm_provider, self.fast_llm_model = self.parse(self.fast_llm)
        self.smart_llm_provider, self.smart_llm_model = self.parse(self.smart_llm)

    def _handle_deprecated_attributes(self):
        if os.getenv("SMART_LLM_MODEL") is not None:
            self.smart_llm_model = os.environ["SMART_LLM_MODEL"] or self.smart_llm_model

    @classmethod
    def load_config(cls, config_path):
        if not config_path:
            return DEFAULT_CONFIG
        with open(config_path) as f:
            custom = json.load(f)
        merged = DEFAULT_CONFIG.copy()
        merged.update(custom)
        return merged

    @staticmethod
    def parse(text):
        if text is None:
            return None, None
        provider, model = text.split(":", 1)
        return provider, model

    @staticmethod
    def convert_env_value(key, env_value):
        return env_value
`;

describe('Python config objects: what the constructor sets, read where the model is used', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it('reads an attribute the constructor sets through the methods it calls: a setattr loop over a defaults table, then a "provider:model" split', () => {
    const app = `from openai import OpenAI
from config import Config

client = OpenAI()
cfg = Config()
client.chat.completions.create(model=cfg.smart_llm_model, messages=[{"role": "user", "content": "hi"}])  # smart
client.embeddings.create(model=cfg.embedding_model, input="hello")  # embed
`;
    const files = { 'defaults.py': defaults, 'config.py': config, 'app.py': app };
    const sites = extractIn(files, 'app.py').callSites;
    const smart = siteAt(sites, lineOf(app, '# smart'));
    assert.equal(smart.model.id, 'gpt-4.1');
    // The environment overrides the table's default: said, as for os.getenv("X", default).
    assert.match(smart.model.from ?? '', /defaults\.py:4/);
    const note = smart.notes?.join(' ') ?? '';
    assert.match(note, /environment variable SMART_LLM/);
    assert.match(note, /"openai:gpt-4\.1"/);
    assert.equal(siteAt(sites, lineOf(app, '# embed')).model.id, 'text-embedding-3-small');
  });

  it('keeps an attribute unknown, saying why, when the loop reassigns the value from something else than the environment', () => {
    const looped = config.replace('            env_value = os.getenv(key)\n            if env_value is not None:\n                value = self.convert_env_value(key, env_value)\n', '            value = self.convert_env_value(key, value)\n');
    assert.notEqual(looped, config);
    const app = `from openai import OpenAI
from config import Config

client = OpenAI()
cfg = Config()
client.chat.completions.create(model=cfg.smart_llm_model, messages=[{"role": "user", "content": "hi"}])
`;
    const [s] = extractIn({ 'defaults.py': defaults, 'config.py': looped, 'app.py': app }, 'app.py').callSites;
    assert.equal(s.model.id, undefined);
    assert.match(s.model.unresolvedReason ?? '', /smart_llm/);
  });

  /** A provider factory in the shape of gpt-researcher's GenericLLMProvider.from_provider. */
  const factory = `from typing import Any


class Provider:
    def __init__(self, llm, verbose=True):
        self.llm = llm
        self.verbose = verbose

    @classmethod
    def from_provider(cls, provider: str, verbose: bool = True, **kwargs: Any):
        if provider == "openai":
            from langchain_openai import ChatOpenAI
            kwargs.setdefault("stream_usage", True)
            llm = ChatOpenAI(**kwargs)
        elif provider == "bedrock":
            from langchain_aws import ChatBedrock
            model_id = kwargs.pop("model", None)
            kwargs = {"model_id": model_id, "model_kwargs": kwargs}
            llm = ChatBedrock(**kwargs)
        elif provider == "groq":
            from langchain_groq import ChatGroq
            llm = ChatGroq(**kwargs)
        elif provider == "anthropic":
            from langchain_anthropic import ChatAnthropic
            llm = ChatAnthropic(model="claude-sonnet-4-5")
        else:
            raise ValueError(provider)
        return cls(llm, verbose=verbose)

    async def respond(self, messages):
        output = await self.llm.ainvoke(messages)  # respond
        return output.content
`;

  it('takes the branch of an `if provider == "openai":` factory the provider selects, and the model from the dict the caller splats through typed `**kwargs: Any`', () => {
    const app = `from factory import Provider


def get_llm(llm_provider, **kwargs):
    return Provider.from_provider(llm_provider, **kwargs)


async def subtopics(text):
    provider_kwargs = {"model": "gpt-4.1-mini"}
    provider_kwargs["max_tokens"] = 300
    provider = get_llm("openai", **provider_kwargs)
    return await provider.llm.ainvoke(text)  # direct
`;
    const files = { 'factory.py': factory, 'app.py': app };
    const direct = siteAt(extractIn(files, 'app.py').callSites, lineOf(app, '# direct'));
    // Not the last branch written (ChatAnthropic with its own model).
    assert.equal(direct.provider, 'openai');
    assert.equal(direct.model.id, 'gpt-4.1-mini');
    const respond = siteAt(extractIn(files, 'factory.py').callSites, lineOf(factory, '# respond'));
    assert.equal(respond.provider, 'openai');
    assert.equal(respond.model.id, 'gpt-4.1-mini');
  });

  it("does not take an assignment in another branch of the same `if` chain for a later branch's `**kwargs` (the bedrock branch's `kwargs = {…}` is not the groq branch's)", () => {
    const app = `from factory import Provider


async def ask(text):
    provider = Provider.from_provider("groq", model="llama-3.3-70b-versatile")
    return await provider.llm.ainvoke(text)  # groq
`;
    const s = siteAt(extractIn({ 'factory.py': factory, 'app.py': app }, 'app.py').callSites, lineOf(app, '# groq'));
    assert.equal(s.model.id, 'llama-3.3-70b-versatile');
  });

  it('reads a config object a method hands on as `self` (`Writer(self)`, then `self.researcher.cfg.smart_llm_model`)', () => {
    const app = `from openai import OpenAI
from config import Config

client = OpenAI()


class Writer:
    def __init__(self, researcher):
        self.researcher = researcher

    def write(self, text):
        return client.chat.completions.create(model=self.researcher.cfg.smart_llm_model, messages=[{"role": "user", "content": text}])  # write


class Researcher:
    def __init__(self, config_path=None):
        self.cfg = Config(config_path)
        self.writer = Writer(self)
`;
    const [s] = extractIn({ 'defaults.py': defaults, 'config.py': config, 'app.py': app }, 'app.py').callSites;
    assert.equal(s.line, lineOf(app, '# write'));
    assert.equal(s.model.id, 'gpt-4.1');
  });
});
