// An edit of a config module imported by 200 files: the time until every dependent's analysis
// shows the new model, re-analysing only the files whose analysis read the module (reverse edges,
// as the editor does), against re-analysing every file of the workspace. BENCH_BASELINE=<a checkout
// of another commit, built and compiled> adds that build's figures (before the workspace program:
// imports read through the import resolver alone) in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
export const title = 'Edit of a config module imported by 200 files: every dependent up to date';

const DEPENDENTS = 200;
const OTHERS = 800;

function files(model) {
  const out = new Map();
  out.set('app/config.py', `import os\n\nMODEL = os.getenv("MODEL", "${model}")\nMAX_TOKENS = 512\n`);
  out.set('app/__init__.py', '');
  for (let i = 0; i < DEPENDENTS; i++) {
    out.set(
      `app/handlers/h${i}.py`,
      [
        'from anthropic import Anthropic',
        'from app.config import MODEL, MAX_TOKENS',
        '',
        'client = Anthropic()',
        '',
        '',
        `def handle_${i}(question):`,
        `    """Request type ${i}."""`,
        '    return client.messages.create(model=MODEL, max_tokens=MAX_TOKENS, messages=[{"role": "user", "content": question}])',
        '',
      ].join('\n'),
    );
  }
  for (let i = 0; i < OTHERS; i++) {
    out.set(`app/other/o${i}.py`, ['from openai import OpenAI', '', 'client = OpenAI()', '', '', `def other_${i}(q):`, `    return client.chat.completions.create(model="gpt-4o-mini", max_tokens=100, messages=[{"role": "user", "content": q}])`, ''].join('\n'));
  }
  return out;
}

/**
 * The build's own modules (out/, from npm run compile-tests) under `root`. A build without the
 * workspace program (before issue 13) reads imports through its import resolver alone.
 */
function modules(root) {
  const at = (rel) => require(join(root, 'out', 'src', rel));
  let Program;
  try {
    ({ Program } = at('core/program/program.js'));
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND') throw e; // before the workspace program
  }
  return { ...at('core/extract/code/parser.js'), ...at('core/analysis/incremental.js'), ...at('config/load.js'), ...at('core/analysis/imports.js'), Program };
}

async function measure(m) {
  await m.loadParsers();
  const config = m.defaultConfig();
  let workspace = files('claude-haiku-4-5');
  const paths = [...workspace.keys()].filter((p) => p.endsWith('.py') && !p.endsWith('__init__.py') && p !== 'app/config.py');
  const deps = new Map();
  let consulting;
  const read = (rel) => workspace.get(rel);
  const consult = (rel) => consulting?.add(rel);
  const program = m.Program ? new m.Program({ read, onConsult: consult, files: () => paths }) : undefined;
  const readers = (p) => (program ? { program, generation: generation.get(p) ?? 0 } : { resolveImport: m.createImportResolver(read, consult), readFile: m.createFileReader(read, consult), generation: generation.get(p) ?? 0 });
  const inc = new m.IncrementalAnalyzer();
  const generation = new Map();
  const analyse = (p) => {
    consulting = new Set();
    const a = inc.analyze(p, 0, workspace.get(p), config, { readers: readers(p) });
    deps.set(p, consulting);
    consulting = undefined;
    return a;
  };
  let t0 = performance.now();
  for (const p of paths) analyse(p);
  const first = performance.now() - t0;

  const edit = (model) => {
    workspace = files(model);
    program?.invalidate('app/config.py');
  };
  const modelsOf = (list) => list.map((p) => inc.analyze(p, 0, workspace.get(p), config, { readers: readers(p) }).callSites[0]?.model.id);

  // Reverse edges: only the files whose analysis read config.py.
  edit('claude-sonnet-4-5');
  t0 = performance.now();
  const dependents = paths.filter((p) => deps.get(p)?.has('app/config.py'));
  for (const p of dependents) {
    generation.set(p, (generation.get(p) ?? 0) + 1);
    analyse(p);
  }
  const reverse = performance.now() - t0;
  const updated = modelsOf(dependents).filter((x) => x === 'claude-sonnet-4-5').length;

  // No index: every file again.
  edit('claude-opus-4-1');
  t0 = performance.now();
  for (const p of paths) {
    generation.set(p, (generation.get(p) ?? 0) + 1);
    analyse(p);
  }
  const everything = performance.now() - t0;
  const updatedAll = modelsOf(dependents).filter((x) => x === 'claude-opus-4-1').length;
  inc.dispose();
  program?.dispose();
  return { reverse, everything, first, dependents: dependents.length, files: paths.length, updated, updatedAll };
}

export async function run() {
  const builds = [['this build', join(import.meta.dirname, '..', '..')]];
  const notes = [`${DEPENDENTS} files import MODEL from app/config.py, ${OTHERS} do not; the editor re-analyses the open ones among the dependents at once, the others when next shown`];
  const base = process.env.BENCH_BASELINE;
  if (base) {
    // The baseline's compiled modules, beside this build's, in one run (npm run compile-tests there first).
    if (existsSync(join(base, 'out', 'src', 'core', 'analysis', 'incremental.js'))) builds.push([baselineName(base), base]);
    else notes.push(`${base} has no out/ (run npm run compile-tests there): no baseline figures`);
  } else notes.push('BENCH_BASELINE=<a checkout of another commit, built and compiled> adds its figures beside these');
  const rows = [];
  const data = {};
  for (const [who, root] of builds) {
    const r = await measure(modules(root));
    data[who] = r;
    rows.push(
      [`${who}: the dependents (reverse import edges)`, String(r.dependents), r.reverse.toFixed(0), `${r.updated}/${DEPENDENTS}`],
      [`${who}: every file of the workspace`, String(r.files), r.everything.toFixed(0), `${r.updatedAll}/${DEPENDENTS}`],
      [`${who}: (first analysis of the workspace)`, String(r.files), r.first.toFixed(0), '—'],
    );
  }
  return { columns: ['after the edit, re-analyse', 'files', 'ms', 'dependents showing the new model'], rows, notes, data };
}

function baselineName(dir) {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? `baseline ${r.stdout.trim()}` : `baseline ${dir}`;
}
