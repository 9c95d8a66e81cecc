// A scan with the analysis cache of an earlier scan (issue 13's warm scan): the same report, byte
// for byte, as a fresh analysis; after an edit, the edited file and the files that depend on it
// through callers, mentions and imports analysed again, on a real multi-file workspace scanned by
// the real CLI code. The cache keeps the workspace's mention index by file hash, so these also
// check that an edited file is read again and the others are not trusted blindly.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as cli from '../../src/cli/main';
import { loadParsers } from '../../src/core/extract/code/parser';
import type { Report, ReportCallSite } from '../../src/core/report/report';

const bin = path.join(__dirname, '../../../bin/costlens.js');

const ASK = ['from anthropic import Anthropic', '', '', 'def ask(q, model):', '    return Anthropic().messages.create(model=model, max_tokens=50, messages=[{"role": "user", "content": q}])', ''].join('\n');
const CHAT = [
  'from openai import OpenAI',
  'from config import MODEL',
  'from app import CHAT_MODEL',
  '',
  'client = OpenAI()',
  '',
  '',
  'def summarise(text):',
  '    return client.chat.completions.create(model=MODEL, max_tokens=100, messages=[{"role": "user", "content": text}])',
  '',
  '',
  'def chat(text):',
  '    return client.chat.completions.create(model=CHAT_MODEL, max_tokens=100, messages=[{"role": "user", "content": text}])',
  '',
].join('\n');
const SETUP = ['from llama_index.core import Settings', 'from llama_index.llms.openai import OpenAI', '', 'Settings.llm = OpenAI(model="gpt-4o-mini")', ''].join('\n');
const QUERY = ['from llama_index.core import SimpleDirectoryReader, VectorStoreIndex', 'import app_setup', '', 'docs = SimpleDirectoryReader("data").load_data()', 'engine = VectorStoreIndex.from_documents(docs).as_query_engine()', 'print(engine.query("What changed?"))', ''].join('\n');

const WORKSPACE: Record<string, string> = {
  '.costlens.json': '{}',
  'llm.py': ASK,
  'main.py': 'from llm import ask\n\nask("hi", "claude-haiku-4-5")\n',
  // Code that calls no SDK (not analysed itself), which a later edit makes a caller of ask.
  'notes.py': 'def tidy(x):\n    return x.strip()\n',
  'config.py': 'MODEL = "gpt-4o-mini"\n',
  'app/__init__.py': 'from app.models import CHAT_MODEL\n',
  'app/models.py': 'CHAT_MODEL = "gpt-4o"\n',
  'chat.py': CHAT,
  'app_setup.py': SETUP,
  'query.py': QUERY,
  ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`util/u${i}.py`, `def helper_${i}(rows):\n    return [r for r in rows if r]\n`])),
};

function site(report: Report, file: string, line: number): ReportCallSite {
  const found = report.callSites.find((c) => c.path === file && c.line === line);
  assert.ok(found, `no call site at ${file}:${line}; found ${report.callSites.map((c) => `${c.path}:${c.line}`).join(', ')}`);
  return found;
}

/** A report without what differs from run to run (the time it was made). */
const strip = (r: Report) => JSON.stringify({ ...r, generatedAt: '' });

describe('costlens scan with the cache of an earlier scan', function () {
  this.timeout(60_000);
  let dir: string;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const edit = (rel: string, from: string, to: string) => {
    const text = readFileSync(path.join(dir, rel), 'utf8');
    assert.ok(text.includes(from), `${rel} holds ${from}`);
    write(rel, text.replace(from, to));
  };
  const cached = async () => (await cli.analyzeWorkspace(['.'], { cwd: dir, jobs: 1, cache: true, observations: false })).report;
  const fresh = async () => (await cli.analyzeWorkspace(['.'], { cwd: dir, jobs: 1, cache: false, observations: false })).report;
  /** A warm scan after an edit: the same report as a fresh analysis, some files taken from the cache. */
  const warmAfterEdit = async () => {
    const warm = await cached();
    const stats = cli.lastScanCache!;
    assert.ok(stats.hits > 0, 'unchanged files come from the cache');
    assert.equal(strip(warm), strip(await fresh()), 'the same report as a fresh analysis');
    return { warm, misses: stats.misses, read: stats.read };
  };

  before(async () => {
    await loadParsers();
    // The cache is keyed by every module loaded in this process (the bundle, in the CLI): a first
    // scan loads them all, so the earlier scan and the later ones share one key.
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-warm-'));
    for (const [rel, text] of Object.entries(WORKSPACE)) write(rel, text);
    await fresh();
    rmSync(dir, { recursive: true, force: true });
  });
  /** Files last modified an hour ago, as a checkout is: the cache trusts their stat signatures. */
  const age = (rel: string) => {
    const hourAgo = Date.now() / 1000 - 3600;
    utimesSync(path.join(dir, rel), hourAgo, hourAgo);
  };
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'costlens-warm-'));
    for (const [rel, text] of Object.entries(WORKSPACE)) {
      write(rel, text);
      age(rel);
    }
    await cached(); // the earlier scan
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same report, byte for byte, as a fresh analysis, every file from the cache', async () => {
    const expected = strip(await fresh());
    const warm = await cached();
    assert.equal(cli.lastScanCache?.misses, 0);
    assert.equal(cli.lastScanCache?.read, 0, 'no file read: each one\'s stat signature is as the earlier scan saw it');
    assert.equal(strip(warm), expected);
    // What the fixture is about, so the comparison compares something.
    assert.equal(site(warm, 'llm.py', 5).model, 'claude-haiku-4-5', 'the model from the caller in main.py');
    assert.equal(site(warm, 'chat.py', 9).model, 'gpt-4o-mini', 'imported');
    assert.equal(site(warm, 'chat.py', 13).model, 'gpt-4o', 'imported through a package re-export');
    assert.equal(site(warm, 'query.py', 6).model, 'gpt-4o-mini', 'Settings.llm set in app_setup.py');
    assert.equal(strip(await cached()), expected, 'and again');
  });

  it('sees a caller added in another file that was unchanged until now (a file the cache had stored as not calling ask)', async () => {
    edit('notes.py', 'def tidy(x):\n    return x.strip()\n', 'from llm import ask\n\n\ndef tidy(x):\n    return ask(x.strip(), "claude-opus-4-1")\n');
    const { warm } = await warmAfterEdit();
    assert.deepEqual(site(warm, 'llm.py', 5).modelAlternatives?.map((a) => a.id).sort(), ['claude-haiku-4-5', 'claude-opus-4-1']);
    // And a caller in a new file.
    write('batch.py', 'from llm import ask\n\nfor q in ["a", "b"]:\n    ask(q, "claude-sonnet-4-5")\n');
    const again = (await warmAfterEdit()).warm;
    assert.deepEqual(site(again, 'llm.py', 5).modelAlternatives?.map((a) => a.id).sort(), ['claude-haiku-4-5', 'claude-opus-4-1', 'claude-sonnet-4-5']);
  });

  it('sees a mention removed: the only caller of ask, and the Settings.llm another module sets', async () => {
    edit('main.py', 'ask("hi", "claude-haiku-4-5")', 'print("hi")');
    edit('app_setup.py', 'Settings.llm = OpenAI(model="gpt-4o-mini")', 'llm = OpenAI(model="gpt-4o-mini")');
    const { warm, misses } = await warmAfterEdit();
    assert.notEqual(site(warm, 'llm.py', 5).model, 'claude-haiku-4-5', 'no caller gives the model any more');
    assert.notEqual(site(warm, 'query.py', 6).model, 'gpt-4o-mini', 'Settings.llm is no longer set');
    assert.ok(misses < 6, `the others are still taken from the cache (${misses} analysed again)`);
  });

  it('sees an import target changed: a module imported directly, and one re-exported by a package', async () => {
    edit('config.py', '"gpt-4o-mini"', '"gpt-4.1-nano"');
    edit('app/models.py', '"gpt-4o"', '"gpt-4.1"');
    const { warm } = await warmAfterEdit();
    assert.equal(site(warm, 'chat.py', 9).model, 'gpt-4.1-nano');
    assert.equal(site(warm, 'chat.py', 13).model, 'gpt-4.1');
  });

  it('reads a file edited in place with its size and modification time kept (its change time differs)', async () => {
    const file = path.join(dir, 'config.py');
    const before = statSync(file);
    edit('config.py', '"gpt-4o-mini"', '"gpt-5-mini" ');
    utimesSync(file, before.atime, before.mtime);
    const after = statSync(file);
    assert.equal(after.size, before.size);
    assert.equal(after.mtimeMs, before.mtimeMs, 'the same size and modification time');
    const { warm, read } = await warmAfterEdit();
    assert.equal(site(warm, 'chat.py', 9).model, 'gpt-5-mini');
    assert.ok(read >= 1 && read < 5, `config.py and what depends on it read, not the rest (${read} read)`);
  });

  it('reads again a file modified within two seconds of the scan that read it (a later edit may not change its times)', async () => {
    write('fresh.py', 'def helper(rows):\n    return rows\n');
    // Modified "after the scan started" (ten minutes ahead) however long scans take on a loaded
    // machine: its stat signature stays the same from one scan to the next, and is not trusted.
    const ahead = Date.now() / 1000 + 600;
    utimesSync(path.join(dir, 'fresh.py'), ahead, ahead);
    await cached();
    assert.equal(cli.lastScanCache!.read, 1, 'the new file read');
    await cached();
    assert.equal(cli.lastScanCache!.read, 1, 'and read again: its signature was not trusted');
    age('fresh.py');
    await cached();
    await cached();
    assert.equal(cli.lastScanCache!.read, 0, 'once it is older, it is not');
  });

  it('keeps the last cache whole when a scan is killed while saving it, and the next scan removes the half-written file', async () => {
    const cacheFile = path.join(dir, '.costlens_cache', 'analysis-v1.json');
    const before = readFileSync(cacheFile, 'utf8');
    edit('config.py', '"gpt-4o-mini"', '"gpt-4.1-nano"');
    const killed = spawnSync(process.execPath, [bin, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, COSTLENS_FAULT_CACHE_KILL: '1' }, timeout: 30_000 });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    assert.equal(readFileSync(cacheFile, 'utf8'), before, 'the cache of the scan before, as it was');
    assert.ok(readdirSync(path.dirname(cacheFile)).some((f) => /^analysis-v1\.json\.\d+\.tmp$/.test(f)), 'a half-written file was left');
    const { warm } = await warmAfterEdit();
    assert.deepEqual(warm.errors, [], 'no cache problem to report');
    assert.equal(site(warm, 'chat.py', 9).model, 'gpt-4.1-nano');
    assert.deepEqual(readdirSync(path.dirname(cacheFile)).filter((f) => f.endsWith('.tmp')), [], 'swept');
  });
});
