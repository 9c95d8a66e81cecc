// An edit of a config module imported by 200 files: the time until every dependent's analysis
// shows the new model, re-analysing only the files whose analysis read the module (reverse edges,
// as the editor does), against re-analysing every file of the workspace.
import { createRequire } from 'node:module';

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

export async function run() {
  const { loadParsers } = require('../../out/src/core/extract/code/parser.js');
  const { IncrementalAnalyzer } = require('../../out/src/core/analysis/incremental.js');
  const { Program } = require('../../out/src/core/program/program.js');
  const { defaultConfig } = require('../../out/src/config/load.js');
  await loadParsers();
  const config = defaultConfig();
  let workspace = files('claude-haiku-4-5');
  const paths = [...workspace.keys()].filter((p) => p.endsWith('.py') && !p.endsWith('__init__.py') && p !== 'app/config.py');
  const deps = new Map();
  let consulting;
  const program = new Program({ read: (rel) => workspace.get(rel), onConsult: (rel) => consulting?.add(rel), files: () => paths });
  const inc = new IncrementalAnalyzer();
  const generation = new Map();
  const analyse = (p) => {
    consulting = new Set();
    const a = inc.analyze(p, 0, workspace.get(p), config, { readers: { program, generation: generation.get(p) ?? 0 } });
    deps.set(p, consulting);
    consulting = undefined;
    return a;
  };
  let t0 = performance.now();
  for (const p of paths) analyse(p);
  const first = performance.now() - t0;

  const edit = (model) => {
    workspace = files(model);
    program.invalidate('app/config.py');
  };
  const modelsOf = (list) => list.map((p) => inc.analyze(p, 0, workspace.get(p), config, { readers: { program, generation: generation.get(p) ?? 0 } }).callSites[0]?.model.id);

  // Reverse edges: only the files whose analysis read config.py.
  edit('claude-sonnet-4-5');
  t0 = performance.now();
  const dependents = paths.filter((p) => deps.get(p)?.has('app/config.py'));
  for (const p of dependents) {
    generation.set(p, (generation.get(p) ?? 0) + 1);
    analyse(p);
  }
  const reverse = performance.now() - t0;
  const updated = modelsOf(dependents).filter((m) => m === 'claude-sonnet-4-5').length;

  // No index: every file again.
  edit('claude-opus-4-1');
  t0 = performance.now();
  for (const p of paths) {
    generation.set(p, (generation.get(p) ?? 0) + 1);
    analyse(p);
  }
  const everything = performance.now() - t0;
  const updatedAll = modelsOf(dependents).filter((m) => m === 'claude-opus-4-1').length;
  inc.dispose();
  program.dispose();
  return {
    columns: ['after the edit, re-analyse', 'files', 'ms', 'dependents showing the new model'],
    rows: [
      ['the dependents (reverse import edges)', String(dependents.length), reverse.toFixed(0), `${updated}/${DEPENDENTS}`],
      ['every file of the workspace', String(paths.length), everything.toFixed(0), `${updatedAll}/${DEPENDENTS}`],
      ['(first analysis of the workspace)', String(paths.length), first.toFixed(0), '—'],
    ],
    notes: [`${DEPENDENTS} files import MODEL from app/config.py, ${OTHERS} do not; the editor re-analyses the open ones among the dependents at once, the others when next shown`],
    data: { reverse, everything, first, dependents: dependents.length, updated, updatedAll },
  };
}
