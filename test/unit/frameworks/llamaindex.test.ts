// LlamaIndex (frameworks/llamaIndex.ts and the LlamaIndex patterns of detect.ts): Settings as the
// workspace's default model, agents, chat and query engines, embeddings, the SDK's own defaults by
// version, on fixtures in the style of LlamaIndex's docs, scanned by the real CLI code.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeWorkspace } from '../../../src/cli/main';
import { loadParsers } from '../../../src/core/extract/code/parser';
import type { Report, ReportCallSite } from '../../../src/core/report/report';
import { scanFiles, siteAt as siteIn } from './providerTestKit';
import { extractIn, lineOf, siteAt } from './workspace';

const fixtures = path.join(__dirname, '../../../../test/fixtures');

async function scan(dir: string): Promise<Report> {
  return (await analyzeWorkspace(['.'], { cwd: path.join(fixtures, dir), jobs: 1, observations: false })).report;
}

/** The fixture folders are scanned from the repository's root: paths end with the fixture's own. */
const at = (c: ReportCallSite, file: string) => c.path === file || c.path.endsWith(`/${file}`);

function site(report: Report, file: string, line: number): ReportCallSite {
  const found = report.callSites.find((c) => at(c, file) && c.line === line);
  assert.ok(found, `no call site at ${file}:${line}; found ${report.callSites.map((c) => `${c.path}:${c.line}`).join(', ')}`);
  return found;
}

describe('LlamaIndex', function () {
  this.timeout(60_000);
  let report: Report;
  before(async () => {
    await loadParsers();
    report = await scan('code/llamaindex');
  });

  it('prices query and chat engines on Settings.llm, not on a made-up gpt-3.5-turbo', () => {
    for (const line of [43, 48]) {
      const s = site(report, 'agents_settings.py', line);
      assert.equal(s.model, 'gpt-4o-mini', `agents_settings.py:${line}`);
      assert.equal(s.provider, 'openai');
      assert.ok(s.usd);
    }
    const ts = site(report, 'agent.ts', 33);
    assert.equal(ts.model, 'claude-3-7-sonnet');
    assert.equal(ts.provider, 'anthropic');
  });

  it("uses LlamaIndex's own default when nothing sets Settings, and says which and why", () => {
    const q = site(report, 'defaults.py', 11);
    assert.equal(q.model, 'gpt-5.6-terra');
    assert.match(q.modelFrom ?? '', /LlamaIndex default LLM \(Settings\.llm unset\)/);
    assert.match(q.modelFrom ?? '', /llama-index-llms-openai version not found in the workspace/);
    assert.match(q.modelFrom ?? '', /DEFAULT_OPENAI_MODEL/);
    assert.equal(site(report, 'defaults.py', 15).model, 'gpt-5.6-terra', 'OpenAI() without a model');
    const e = site(report, 'defaults.py', 5);
    assert.equal(e.operation, 'embedding');
    assert.equal(e.model, 'text-embedding-ada-002');
  });

  it('runs agents on their llm or Settings.llm, with max_iterations as the cap (default 20)', () => {
    const fn = site(report, 'agents_settings.py', 31);
    assert.equal(fn.operation, 'agent-run');
    assert.equal(fn.model, 'gpt-4.1');
    assert.equal(fn.multiplier.max, 20);
    assert.match(fn.multiplier.reason, /base_agent\.py DEFAULT_MAX_ITERATIONS = 20/);
    const react = site(report, 'agents_settings.py', 32);
    assert.equal(react.model, 'gpt-4o-mini', 'ReActAgent without llm= uses Settings.llm');
    assert.equal(react.multiplier.max, 5, 'run(max_iterations=5)');
    const wf = site(report, 'agents_settings.py', 33);
    assert.equal(wf.model, 'gpt-4o-mini', 'AgentWorkflow runs its root agent ("reasoner") first');
  });

  it('prices building, inserting into and retrieving from a vector index as embeddings on Settings.embed_model', () => {
    for (const line of [38, 57, 61]) {
      const s = site(report, 'agents_settings.py', line);
      assert.equal(s.operation, 'embedding', `agents_settings.py:${line}`);
      assert.equal(s.model, 'text-embedding-3-small');
      assert.equal(s.tokens.output, 0);
    }
  });

  it('prices an engine with its own llm, and an Ollama model as self-hosted', () => {
    assert.equal(site(report, 'agents_settings.py', 53).model, 'claude-3-5-haiku-latest');
    const local = site(report, 'agents_settings.py', 65);
    assert.ok(local.selfHosted);
    assert.equal(local.model, 'llama3.1:8b');
    assert.equal(local.usd?.perCall.expected, 0);
  });

  it('keeps an embedding class\'s provider and local models through Settings.embedModel (model enums included)', () => {
    const local = site(report, 'local_embedding.ts', 10);
    assert.equal(local.model, 'Xenova/all-mpnet-base-v2');
    assert.ok(local.selfHosted, 'HuggingFaceEmbedding runs on this machine');
    assert.equal(local.usd?.perCall.expected, 0);
    // text-embedding-004 is Google's, not OpenAI's, though its id starts like OpenAI's.
    const gemini = site(report, 'gemini_embedding.ts', 10);
    assert.equal(gemini.model, 'text-embedding-004');
    assert.equal(gemini.provider, 'google');
  });

  it('reads LlamaIndexTS agent() / multiAgent() / llm.exec, factories and retrieval', () => {
    assert.equal(site(report, 'agent.ts', 25).model, 'gpt-4.1-mini', 'agent({ llm }) with llm = openai({ model })');
    assert.equal(site(report, 'agent.ts', 24).model, 'claude-3-7-sonnet', 'multiAgent runs its rootAgent, which has no llm: Settings.llm');
    assert.equal(site(report, 'agent.ts', 38).model, 'gpt-4.1-mini');
    assert.equal(site(report, 'agent.ts', 29).operation, 'embedding');
    assert.equal(site(report, 'agent.ts', 31).model, 'text-embedding-3-small');
    assert.equal(site(report, 'agent.ts', 43).model, 'text-embedding-ada-002', 'OpenAIEmbedding() without a model');
  });

  it('finds the components that call the LLM themselves: evaluators, metadata extractors, a keyword index', () => {
    const judge = site(report, 'evaluation.ts', 10);
    assert.equal(judge.model, 'gpt-4', 'CorrectnessEvaluator judges with Settings.llm');
    assert.ok(judge.usd);
    const kw = site(report, 'evaluation.ts', 17);
    assert.equal(kw.model, 'gpt-3.5-turbo', 'KeywordExtractor({ llm })');
    assert.deepEqual(report.callSites.filter((c) => at(c, 'evaluation.ts') && c.line === 21).map((c) => c.line), [], 'an evaluate() of something else');
    const index = site(report, 'keyword_index.ts', 6);
    assert.notEqual(index.operation, 'embedding', 'a chat request (keywords), not an embedding');
    assert.equal(index.model, null, 'Settings.llm is not set in this program');
    assert.equal(site(report, 'evaluation.py', 13).model, 'gpt-4o-mini', 'FaithfulnessEvaluator(llm=llm)');
    assert.equal(site(report, 'evaluation.py', 17).model, 'gpt-4.1-mini', 'TitleExtractor(llm=…)');
    const py = site(report, 'evaluation.py', 20);
    assert.equal(py.model, 'gpt-4o-mini', 'KeywordTableIndex.from_documents(llm=llm)');
    assert.notEqual(py.operation, 'embedding');
  });

  it("reads a Portkey gateway's target and a Gemini Live session's model", () => {
    const pk = site(report, 'portkey.ts', 9);
    assert.equal(pk.model, 'meta-llama/Llama-2-13b-chat-hf', 'the first of llms in single mode');
    assert.equal(pk.provider, 'anyscale');
    const live = site(report, 'gemini_live.ts', 7);
    assert.equal(live.model, 'gemini-2.0-flash-live-001', 'GEMINI_MODEL.GEMINI_2_0_FLASH_LIVE');
    assert.equal(live.provider, 'google');
    assert.deepEqual(report.callSites.filter((c) => at(c, 'gemini_live.ts') && c.line === 15).map((c) => c.line), [], 'live.connect of something else');
  });

  it("runs a workflow's agent steps when its start event is sent, on the llm the workflow's builder is given", () => {
    const run = site(report, 'workflow.ts', 20);
    assert.equal(run.operation, 'agent-run');
    assert.equal(run.model, 'gpt-4.1-mini', 'agentHandler({ llm }) with llm from the caller of createPlanWorkflow');
    assert.ok(run.usd);
    assert.deepEqual(report.callSites.filter((c) => at(c, 'workflow.ts') && c.line === 26).map((c) => c.line), [], 'a sendEvent of something else');
  });

  it('finds the transcription an AssemblyAI reader makes, and not a directory reader', () => {
    const t = site(report, 'transcripts.ts', 7);
    assert.equal(t.operation, 'audio');
    assert.equal(t.provider, 'assemblyai');
    assert.match(t.modelUnresolvedReason ?? '', /speech model/);
    assert.deepEqual(report.callSites.filter((c) => at(c, 'transcripts.ts') && c.line === 8).map((c) => c.line), []);
  });

  it('does not take docstore reads, workflow state or a tool call for model calls', () => {
    assert.deepEqual(report.callSites.filter((c) => at(c, 'agents_settings.py') && c.line >= 69).map((c) => c.line), []);
    assert.deepEqual(report.callSites.filter((c) => at(c, 'agent.ts') && c.line === 47).map((c) => c.line), []);
  });

  it('finds Settings set in a module the app imports, not in an unrelated script', async () => {
    const r = await scan('program/llamaindex-settings');
    const q = site(r, 'app/main.py', 10);
    assert.equal(q.model, 'claude-sonnet-4-5');
    assert.equal(q.provider, 'anthropic');
    assert.equal(site(r, 'app/main.py', 6).model, 'text-embedding-3-large');
    const alone = site(r, 'scripts/standalone.py', 8);
    assert.equal(alone.model, 'gpt-5.6-terra', 'the standalone script does not import app.config');
  });

  it("reads a framework's objects imported from its packages even where the workspace holds the packages' source (a monorepo)", async () => {
    const r = await scan('program/llamaindex-monorepo');
    const run = site(r, 'examples/agent.ts', 8);
    assert.equal(run.operation, 'agent-run');
    assert.equal(run.model, 'gpt-4.1-mini', 'agent({ llm }) with llm = openai({ model }) from @llamaindex/openai');
    const wf = site(r, 'examples/doc-workflow.ts', 15);
    assert.equal(wf.operation, 'agent-run');
    assert.equal(wf.model, 'gpt-4.1-mini', "a workflow builder's llm parameter is the openai() its caller passes, not the package source's client");
    const complete = site(r, 'examples/agent.ts', 9);
    assert.equal(complete.model, 'gpt-4.1-mini');
    assert.equal(complete.sdk, 'llamaindex');
  });

  it('picks the default of the version in the manifests: LlamaIndexTS 0.10 defaults to gpt-4o, 0.11+ has no default; llama-index-llms-openai 0.1 to gpt-3.5-turbo', async () => {
    const old = site(await scan('program/llamaindex-versions/ts-old'), 'app.ts', 5);
    assert.equal(old.model, 'gpt-4o');
    const recent = site(await scan('program/llamaindex-versions/ts-new'), 'app.ts', 5);
    assert.equal(recent.model, null);
    assert.match(recent.modelUnresolvedReason ?? '', /getLLM\(\) throws/);
    assert.match(recent.modelUnresolvedReason ?? '', /llamaindex 0\.12\.1/);
    const py = site(await scan('program/llamaindex-versions/py-old'), 'app.py', 7);
    assert.equal(py.model, 'gpt-3.5-turbo');
  });

  it('says once why an index has no embedding model when LlamaIndex.TS 0.11+ has no default (create-llama\'s generate.ts)', async () => {
    const files = {
      'package.json': JSON.stringify({ dependencies: { llamaindex: '0.12.0' } }),
      'generate.ts': `import { VectorStoreIndex } from "llamaindex";\n\nexport async function generate(documents: any[]) {\n  await VectorStoreIndex.fromDocuments(documents); // index\n}\n`,
    };
    const s = siteIn(await scanFiles(files), files, 'generate.ts', '// index');
    assert.equal(s.model, null);
    const why = s.modelUnresolvedReason ?? '';
    assert.match(why, /^no LlamaIndex default embedding model \(Settings\.embed_model unset\) \(llamaindex 0\.12\.0 in package\.json; /);
    assert.equal(why.split('Settings.embed_model unset').length, 2, why);
  });
});

// LlamaIndex before 0.10: the engine's model came in a ServiceContext (`llm=`, or an `LLMPredictor`'s).
const legacy = `from llama_index.core import ServiceContext, LLMPredictor
from llama_index.llms.groq import Groq
from llama_index.llms.openai import OpenAI


def engines(index):
    llm = Groq(model="llama3-70b-8192")
    service_context = ServiceContext.from_defaults(llm=llm)
    chat_engine = index.as_chat_engine(service_context=service_context)
    chat_engine.chat("hello")  # service context
    predicted = ServiceContext.from_defaults(llm_predictor=LLMPredictor(llm=OpenAI(model="gpt-4o-mini")))
    index.as_query_engine(service_context=predicted).query("q")  # predictor
`;

describe('LlamaIndex ServiceContext (before 0.10)', function () {
  this.timeout(30_000);
  before(() => loadParsers());

  it("prices an engine made with a service context on the context's llm, not the default OpenAI model", () => {
    const sites = extractIn({ 'engines.py': legacy }, 'engines.py').callSites;
    const chat = siteAt(sites, lineOf(legacy, '# service context'));
    assert.equal(chat.model.id, 'llama3-70b-8192');
    assert.equal(chat.provider, 'groq');
    assert.equal(siteAt(sites, lineOf(legacy, '# predictor')).model.id, 'gpt-4o-mini');
  });

  it('code that imports from llama_index itself was written for LlamaIndex before 0.10: its default LLM then, not the newest (Chainlit cookbook)', async () => {
    const app = (imports: string) => `${imports}

documents = SimpleDirectoryReader("data").load_data()
index = VectorStoreIndex.from_documents(documents)
engine = index.as_query_engine()


def ask(q):
    return engine.query(q)  # query
`;
    const legacy = { 'requirements.txt': 'llama_index\n', 'app.py': app('from llama_index import SimpleDirectoryReader, VectorStoreIndex') };
    const s = siteIn(await scanFiles(legacy), legacy, 'app.py', '# query');
    assert.equal(s.model, 'gpt-3.5-turbo');
    assert.match(s.modelFrom ?? '', /the code imports from `llama_index` itself, as LlamaIndex before 0\.10 had it/);
    // The same code written for 0.10+ (llama_index.core) takes the newest default.
    const current = { 'requirements.txt': 'llama-index\n', 'app.py': app('from llama_index.core import SimpleDirectoryReader, VectorStoreIndex') };
    const c = siteIn(await scanFiles(current), current, 'app.py', '# query');
    assert.notEqual(c.model, 'gpt-3.5-turbo');
    assert.match(c.modelFrom ?? '', /the newest default assumed/);
  });
});
