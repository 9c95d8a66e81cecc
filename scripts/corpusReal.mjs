// `npm run corpus:real -- <folder of checkouts> [--repo owner__name] [--list] [--json FILE]`
//
// Measures the built CLI on public repositories nobody here wrote, against call sites labelled by
// hand in test/corpus-real/labels/<owner>__<name>.tsv (format in test/corpus-real/README.md). For each
// labels file whose checkout <folder>/<owner>__<name> exists, it runs `costlens scan <root> --format
// json --no-cache` in the checkout and matches the reported call sites, in the sampled files only,
// against the labels. Prints per repository, per framework family and in total: labelled, detected,
// true positives, recall, precision, model right, priced rate and test doubles priced.
//
// Matching: a detection matches an unmatched label in the same file (and notebook cell) whose line
// is the detection's line or one of the two lines above it (a call split over lines after an `await`
// or a decorator may be reported a line or two below its name); nearest pairs are matched first.
// Prompt files (`kind: "prompt-file"`) are templates, not call sites: they are left out.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.join(here, '..');

export const KINDS = ['chat', 'agent-run', 'embedding', 'image', 'audio', 'test-double'];
export const FAMILIES = [
  'openai', 'anthropic', 'google-genai', 'litellm', 'langchain', 'langgraph', 'llamaindex', 'ai-sdk',
  'openai-agents', 'crewai', 'smolagents', 'agno', 'pydantic-ai', 'dspy', 'instructor', 'claude-agent-sdk', 'google-adk',
  'autogen', 'mastra', 'genkit', 'mistral', 'cohere', 'bedrock', 'azure-ai-inference', 'openai-compatible',
  'raw-http', 'other',
];
export const SOURCES = ['call', 'file', 'import', 'class', 'caller', 'config', 'framework-default', 'none'];
export const SCOPES = ['production', 'test', 'example', 'script', 'docs', 'notebook'];
const COLUMNS = ['path', 'cell', 'line', 'kind', 'family', 'provider', 'model', 'source', 'scope', 'note'];
/** How far below a label's line a detection may be and still match it. */
const LINE_SLACK = 2;

class LabelError extends Error {}

/** Reads one labels file; any line that does not follow the format is an error naming file and line. */
export function parseLabels(file) {
  const text = readFileSync(file, 'utf8');
  const where = (n) => `${file}:${n}`;
  const fail = (n, msg) => { throw new LabelError(`${where(n)}: ${msg}`); };
  const head = { repo: null, commit: null, root: null, sample: null };
  const files = new Set();
  const labels = [];
  let sawColumns = false;
  text.split(/\r?\n/).forEach((raw, i) => {
    const n = i + 1;
    if (raw.trim() === '') return;
    if (raw.startsWith('#')) {
      const m = /^#\s*(repo|commit|root|sample|file):\s*(.*?)\s*$/.exec(raw);
      if (!m) return; // a free comment
      const [, key, value] = m;
      if (value === '') fail(n, `\`# ${key}:\` has no value`);
      if (key === 'file') {
        const p = normPath(value);
        if (files.has(p)) fail(n, `file ${p} is listed twice`);
        files.add(p);
      } else {
        if (head[key] !== null) fail(n, `\`# ${key}:\` is given twice`);
        head[key] = value;
      }
      return;
    }
    const cols = raw.split('\t');
    if (!sawColumns) {
      if (cols.join('\t') !== COLUMNS.join('\t')) fail(n, `expected the column line \`${COLUMNS.join('\\t')}\` before the first row, found \`${raw}\``);
      sawColumns = true;
      return;
    }
    if (cols.length !== COLUMNS.length) fail(n, `expected ${COLUMNS.length} tab-separated columns, found ${cols.length}`);
    const row = Object.fromEntries(COLUMNS.map((c, k) => [c, cols[k].trim()]));
    row.path = normPath(row.path);
    if (!files.has(row.path)) fail(n, `path ${row.path} is not one of the \`# file:\` lines`);
    const notebook = row.path.endsWith('.ipynb');
    if (notebook && !/^[1-9]\d*$/.test(row.cell)) fail(n, `a notebook row needs its 1-based cell number, found \`${row.cell}\``);
    if (!notebook && row.cell !== '') fail(n, `cell \`${row.cell}\` given for ${row.path}, which is not a notebook`);
    if (!/^[1-9]\d*$/.test(row.line)) fail(n, `line must be a 1-based number, found \`${row.line}\``);
    if (!KINDS.includes(row.kind)) fail(n, `kind \`${row.kind}\` is not one of ${KINDS.join(', ')}`);
    if (!FAMILIES.includes(row.family)) fail(n, `family \`${row.family}\` is not one of ${FAMILIES.join(', ')}`);
    if (!SOURCES.includes(row.source)) fail(n, `source \`${row.source}\` is not one of ${SOURCES.join(', ')}`);
    if (!SCOPES.includes(row.scope)) fail(n, `scope \`${row.scope}\` is not one of ${SCOPES.join(', ')}`);
    if (row.provider === '') fail(n, 'provider is empty (write `?` when the code does not determine it)');
    if (row.model === '') fail(n, 'model is empty (write `?` when the code does not determine it)');
    const key = `${row.path}#${row.cell}:${row.line}`;
    if (labels.some((l) => l.key === key)) fail(n, `two rows for ${key}`);
    labels.push({ ...row, cell: row.cell === '' ? null : Number(row.cell), line: Number(row.line), key, at: where(n) });
  });
  for (const k of ['repo', 'commit', 'root', 'sample']) if (head[k] === null) fail(1, `\`# ${k}:\` is missing`);
  if (!/^[0-9a-f]{40}$/.test(head.commit)) fail(1, `commit \`${head.commit}\` is not a 40-hex sha`);
  if (!/^[^/\s]+\/[^/\s]+$/.test(head.repo)) fail(1, `repo \`${head.repo}\` is not owner/name`);
  const expected = path.basename(file, '.tsv');
  if (head.repo.replace('/', '__') !== expected) fail(1, `repo ${head.repo} does not match the file name ${expected}.tsv`);
  if (!sawColumns) fail(1, 'no column line');
  return { file, ...head, root: normPath(head.root) || '.', files, labels };
}

function normPath(p) {
  const s = p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  return s === '' ? '.' : s;
}

/** The model ids a label accepts: `a|b`, `default:<id>` as `<id>`; empty when the label says `?`. */
export function labelModels(model) {
  if (model === '?') return [];
  return model.split('|').map((m) => m.trim().replace(/^default:/, '')).filter((m) => m !== '' && m !== '?');
}

// Prefixes naming the provider in front of a model id (`openai:gpt-4o`, `anthropic/claude-…`): compared
// without them, on both sides, so the label and the report may write the id either way.
const PROVIDER_PREFIX = /^(openai|anthropic|google|google-gla|google-vertex|gemini|vertex_ai|vertex|groq|mistral|cohere|bedrock|azure|azure_ai|ollama|ollama_chat|together_ai|together|deepseek|xai|openrouter|huggingface|fireworks_ai|hosted_vllm|litellm_proxy|cerebras|perplexity|models)[:/]/i;
export function normModel(m) {
  let s = String(m).trim().toLowerCase();
  while (PROVIDER_PREFIX.test(s)) s = s.replace(PROVIDER_PREFIX, '');
  return s;
}

/** The models a detection names: its `model`, or its alternatives when the report gives several. */
function detectedModels(d) {
  const alt = d.models ?? d.modelAlternatives;
  if (Array.isArray(alt) && alt.length) return alt.map((a) => (typeof a === 'string' ? a : a?.model ?? a?.value ?? a?.id)).filter(Boolean);
  return typeof d.model === 'string' && d.model !== '' ? [d.model] : [];
}

/** A detection's model is right when every model it names is one the label accepts. */
export function modelRight(label, d) {
  const want = new Set(labelModels(label.model).map(normModel));
  const got = detectedModels(d).map(normModel);
  return want.size > 0 && got.length > 0 && got.every((g) => want.has(g));
}

const isPriced = (d) => d.usd != null && d.usd.perCall != null && Number.isFinite(d.usd.perCall.expected);

// The family a detection with no label belongs to: the report's own word when it gives one, else read
// from the API it names (only for grouping false positives).
function familyOf(d) {
  if (typeof d.family === 'string' && FAMILIES.includes(d.family)) return d.family;
  const sdk = d.sdk ?? '';
  if (FAMILIES.includes(sdk)) return sdk;
  const api = String(d.api ?? '');
  if (api.startsWith('langchain.')) return 'langchain';
  if (api.startsWith('llama_index.')) return 'llamaindex';
  if (api.startsWith('agents.')) return 'openai-agents';
  if (api.startsWith('router.') || /^a?(completion|embedding|text_completion|responses)$/.test(api)) return 'litellm';
  if (api === 'messages') return 'anthropic';
  if (/generate_content|send_message/.test(api)) return 'google-genai';
  if (api === 'chat.completions' || api === 'responses' || api.startsWith('embeddings')) return d.provider === 'openai' ? 'openai' : 'openai-compatible';
  return 'other';
}

// The folder the CLI reports paths against: the nearest folder holding `.costlens.json` or `.git` from
// the scanned folder up, else the scanned folder itself (src/cli/workspace.ts, findWorkspaceRoot).
function workspaceRootOf(scanned) {
  for (let dir = scanned; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.costlens.json')) || existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return scanned;
  }
}

/** Repository-relative path, cell and line of one reported call site. */
export function locate(d, checkout, root) {
  let p = String(d.path).replace(/\\/g, '/');
  let cell = d.cell ?? null;
  const m = /^(.*\.ipynb)#cell-(\d+)(?::\d+)?$/.exec(p);
  if (m) { p = m[1]; cell ??= Number(m[2]); }
  const scanned = path.resolve(checkout, root);
  // Should the CLI choose its root otherwise one day, the scanned folder and the checkout are tried.
  const bases = [workspaceRootOf(scanned), scanned, path.resolve(checkout)];
  const abs = bases.map((b) => path.resolve(b, p)).find((a) => existsSync(a)) ?? path.resolve(bases[0], p);
  const rel = path.relative(path.resolve(checkout), abs).split(path.sep).join('/');
  return { path: normPath(rel), cell: cell == null ? null : Number(cell), line: Number(d.line) };
}

/** Matches detections to labels, nearest line first; returns the pairs and what is left on each side. */
export function match(labels, detections) {
  const pairs = [];
  for (const [li, l] of labels.entries()) {
    for (const [di, d] of detections.entries()) {
      if (d.loc.path !== l.path || d.loc.cell !== l.cell) continue;
      const gap = d.loc.line - l.line;
      if (gap >= 0 && gap <= LINE_SLACK) pairs.push({ li, di, gap });
    }
  }
  pairs.sort((a, b) => a.gap - b.gap || a.li - b.li || a.di - b.di);
  const usedL = new Set();
  const usedD = new Set();
  const matched = [];
  for (const p of pairs) {
    if (usedL.has(p.li) || usedD.has(p.di)) continue;
    usedL.add(p.li); usedD.add(p.di);
    matched.push({ label: labels[p.li], det: detections[p.di] });
  }
  return {
    matched,
    missed: labels.filter((_, i) => !usedL.has(i)),
    falsePositives: detections.filter((_, i) => !usedD.has(i)),
  };
}

function emptyCounts() {
  return { labelled: 0, detected: 0, tp: 0, modelKnown: 0, modelRight: 0, billable: 0, priced: 0, billableKnown: 0, pricedKnown: 0, doubles: 0, doublesPriced: 0 };
}

function add(c, { labelled = 0, detected = 0, tp = 0, modelKnown = 0, modelRight = 0, billable = 0, priced = 0, billableKnown = 0, pricedKnown = 0, doubles = 0, doublesPriced = 0 }) {
  c.labelled += labelled; c.detected += detected; c.tp += tp; c.modelKnown += modelKnown; c.modelRight += modelRight;
  c.billable += billable; c.priced += priced; c.billableKnown += billableKnown; c.pricedKnown += pricedKnown;
  c.doubles += doubles; c.doublesPriced += doublesPriced;
}

/** Counts for one repository, overall and per family, from a match. */
export function score(result) {
  const total = emptyCounts();
  const byFamily = new Map();
  const fam = (f) => { if (!byFamily.has(f)) byFamily.set(f, emptyCounts()); return byFamily.get(f); };
  const mismatches = [];
  for (const l of [...result.matched.map((m) => m.label), ...result.missed]) {
    const double = l.kind === 'test-double';
    const known = labelModels(l.model).length > 0;
    const c = { labelled: 1, billable: double ? 0 : 1, billableKnown: !double && known ? 1 : 0, doubles: double ? 1 : 0 };
    add(total, c); add(fam(l.family), c);
  }
  for (const { label: l, det: d } of result.matched) {
    const known = labelModels(l.model).length > 0;
    const right = known && modelRight(l, d);
    const double = l.kind === 'test-double';
    const priced = !double && isPriced(d);
    const c = { detected: 1, tp: 1, modelKnown: known ? 1 : 0, modelRight: right ? 1 : 0, priced: priced ? 1 : 0, pricedKnown: priced && known ? 1 : 0, doublesPriced: double && isPriced(d) ? 1 : 0 };
    add(total, c); add(fam(l.family), c);
    if (known && !right) mismatches.push({ label: l, det: d });
  }
  for (const d of result.falsePositives) {
    add(total, { detected: 1 }); add(fam(familyOf(d)), { detected: 1 });
  }
  return { total, byFamily, mismatches };
}

const ratio = (a, b) => (b === 0 ? '–' : (a / b).toFixed(2));
const frac = (a, b) => (b === 0 ? '–' : `${a}/${b} ${(a / b).toFixed(2)}`);

function row(name, c) {
  return [name, c.labelled, c.detected, c.tp, ratio(c.tp, c.labelled), ratio(c.tp, c.detected), frac(c.modelRight, c.modelKnown), frac(c.priced, c.billable), frac(c.pricedKnown, c.billableKnown), c.doubles ? `${c.doublesPriced}/${c.doubles}` : '–'];
}

function table(title, rows) {
  const head = [title, 'labelled', 'detected', 'TP', 'recall', 'precision', 'model right', 'priced', 'priced (model known)', 'doubles priced'];
  const all = [head, ...rows].map((r) => r.map(String));
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((v, i) => (i === 0 ? v.padEnd(w[i]) : v.padStart(w[i]))).join('  ')).join('\n');
}

function describe(d) {
  const model = detectedModels(d).join('|') || `none (${d.modelUnresolvedReason ?? 'no reason given'})`;
  return `${d.api ?? '?'} model ${model}${isPriced(d) ? `, $${d.usd.perCall.expected.toPrecision(3)}/call` : ', unpriced'}`;
}

const at = (loc) => `${loc.path}${loc.cell != null ? `#cell-${loc.cell}` : ''}:${loc.line}`;

function scan(cli, checkout, root, timeoutMs) {
  const target = root === '.' ? '.' : root;
  const r = spawnSync(process.execPath, [cli, 'scan', target, '--format', 'json', '--no-cache'], {
    cwd: checkout, encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs,
  });
  if (r.error) throw new Error(`costlens scan ${target} in ${checkout}: ${r.error.message}`);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`costlens scan ${target} in ${checkout} exited ${r.status} without a JSON report: ${(r.stderr || r.stdout).slice(0, 500)}`);
  }
  return report;
}

function parseArgs(argv) {
  const opts = { folder: null, repos: [], list: false, json: null, labels: path.join(repoRoot, 'test/corpus-real/labels'), cli: path.join(repoRoot, 'bin/costlens.js'), timeoutMs: 30 * 60_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => { if (i + 1 >= argv.length) throw new LabelError(`${a} needs a value`); return argv[++i]; };
    if (a === '--repo') opts.repos.push(value());
    else if (a === '--list') opts.list = true;
    else if (a === '--tasks') opts.tasks = /^\d+$/.test(argv[i + 1] ?? '') ? Number(argv[++i]) : 20;
    else if (a === '--json') opts.json = path.resolve(value());
    else if (a === '--labels') opts.labels = path.resolve(value());
    else if (a === '--cli') opts.cli = path.resolve(value());
    else if (a === '--timeout') opts.timeoutMs = Number(value()) * 1000;
    else if (a.startsWith('--')) throw new LabelError(`unknown option ${a}`);
    else if (opts.folder === null) opts.folder = a;
    else throw new LabelError(`unexpected argument ${a}`);
  }
  if (opts.folder === null) throw new LabelError('usage: npm run corpus:real -- <folder of checkouts> [--repo owner__name] [--list] [--json FILE] [--labels DIR] [--timeout SECONDS]');
  return opts;
}

const money = (n) => (n === undefined || n === null ? '-' : n >= 1000 ? `$${(n / 1000).toFixed(1)}k` : n >= 1 ? `$${n.toFixed(2)}` : `$${n.toPrecision(2)}`);

/**
 * The most expensive tasks of a scan, for reading each against its code: per task its scope, whether
 * the month counts it, $ per task expected and at worst, and the calls per task its call sites
 * expect and cap; then the month and how many non-production tasks it counted (none should be).
 */
function topTasks(repo, report, n) {
  const sites = new Map((report.callSites ?? []).map((c) => [c.key, c]));
  const tasks = (report.tasks ?? []).filter((t) => t.usd && !t.rolledUpInto).sort((a, b) => b.usd.perTask.expected - a.usd.perTask.expected).slice(0, n);
  const lines = [`== ${repo}: top ${tasks.length} tasks by $ a task (month ${money(report.totals?.usdPerMonth?.expected)}; ${(report.tasks ?? []).filter((t) => t.scope && t.scope !== 'production' && t.tasksPerDay > 0).length} non-production task(s) counted in it)`];
  for (const t of tasks) {
    const calls = t.callSites.map((k) => sites.get(k)).filter(Boolean);
    const exp = calls.reduce((m, c) => Math.max(m, c.multiplier.expected), 0);
    const cap = calls.reduce((m, c) => Math.max(m, c.multiplier.max), 0);
    const models = [...new Set(calls.map((c) => c.model ?? '?'))].join(',');
    lines.push(`${money(t.usd.perTask.expected).padStart(8)} (worst ${money(t.usd.perTask.high)})  ${t.scope ?? '?'}${t.tasksPerDay > 0 ? ' counted' : ''}${t.entryPoint ? ` ${t.entryPoint.kind}` : ''}  ${t.name} ${t.path}:${t.line}  ${calls.length} call site(s), ${exp} expected / ${cap} cap  ${models}`);
  }
  return lines.join('\n');
}

function main(argv) {
  const opts = parseArgs(argv);
  if (!existsSync(opts.cli)) throw new LabelError(`${opts.cli} not found: run \`npm run build\` first`);
  if (!existsSync(opts.folder) || !statSync(opts.folder).isDirectory()) throw new LabelError(`${opts.folder} is not a folder of checkouts`);
  const labelFiles = readdirSync(opts.labels).filter((f) => f.endsWith('.tsv')).sort();
  for (const r of opts.repos) if (!labelFiles.includes(`${r}.tsv`)) throw new LabelError(`--repo ${r}: no labels file ${path.join(opts.labels, `${r}.tsv`)}`);
  const chosen = labelFiles.filter((f) => opts.repos.length === 0 || opts.repos.includes(path.basename(f, '.tsv')));

  const total = emptyCounts();
  const families = new Map();
  const repoRows = [];
  const out = { repositories: [], families: {}, total: null };
  const lists = [];
  const taskLists = [];
  for (const f of chosen) {
    const set = parseLabels(path.join(opts.labels, f));
    const name = path.basename(f, '.tsv');
    const checkout = path.join(opts.folder, name);
    if (!existsSync(checkout)) { console.error(`${name}: no checkout at ${checkout}, skipped (scripts/corpusReal/materialize.sh writes one)`); continue; }
    for (const p of set.files) if (!existsSync(path.join(checkout, p))) console.error(`${name}: sampled file ${p} is not in the checkout (commit ${set.commit}?)`);
    const started = performance.now();
    const report = scan(opts.cli, checkout, set.root, opts.timeoutMs);
    const seconds = (performance.now() - started) / 1000;
    const all = (report.callSites ?? []).filter((d) => d.kind !== 'prompt-file').map((d) => ({ ...d, loc: locate(d, checkout, set.root) }));
    const inSample = all.filter((d) => set.files.has(d.loc.path));
    const result = match(set.labels, inSample);
    const s = score(result);
    add(total, s.total);
    for (const [k, c] of s.byFamily) { if (!families.has(k)) families.set(k, emptyCounts()); add(families.get(k), c); }
    repoRows.push(row(set.repo, s.total));
    out.repositories.push({ repo: set.repo, commit: set.commit, root: set.root, sampledFiles: set.files.size, scanSeconds: Number(seconds.toFixed(1)), detectedOutsideSample: all.length - inSample.length, scanErrors: (report.errors ?? []).length, ...s.total, families: Object.fromEntries(s.byFamily) });
    console.error(`${set.repo}: ${set.files.size} sampled file(s), ${set.labels.length} label(s); scanned ${set.root} in ${seconds.toFixed(1)} s, ${all.length} call site(s) reported (${all.length - inSample.length} outside the sample), ${(report.errors ?? []).length} error(s)`);
    if (opts.tasks) taskLists.push(topTasks(set.repo, report, opts.tasks));
    if (opts.list) {
      const lines = [`== ${set.repo}`];
      for (const l of result.missed) lines.push(`miss     ${at(l)}  ${l.family} ${l.kind} model ${l.model}  (${l.note || 'no note'})`);
      for (const d of result.falsePositives) lines.push(`false+   ${at(d.loc)}  ${describe(d)}`);
      for (const { label: l, det: d } of s.mismatches) lines.push(`model    ${at(l)}  labelled ${l.model} (${l.source}), reported ${describe(d)}`);
      for (const { label: l, det: d } of result.matched) if (l.kind !== 'test-double' && !isPriced(d) && !s.mismatches.some((m) => m.label === l)) lines.push(`unpriced ${at(l)}  labelled ${l.model}, reported ${describe(d)}`);
      for (const { label: l, det: d } of result.matched) if (l.kind === 'test-double' && isPriced(d)) lines.push(`double$  ${at(l)}  test double priced: ${describe(d)}`);
      lists.push(lines.join('\n'));
    }
  }
  if (repoRows.length === 0) throw new LabelError(`no checkout in ${opts.folder} for any labels file in ${opts.labels}`);
  const famRows = [...families.entries()].sort((a, b) => b[1].labelled - a[1].labelled || a[0].localeCompare(b[0])).map(([k, c]) => row(k, c));
  console.log(table('repository', [...repoRows, row('total', total)]));
  console.log('');
  console.log(table('family', famRows));
  console.log('\nrecall = TP/labelled; precision = TP/detected in sampled files; model right over matched labels whose model is known;');
  console.log('priced = matched non-test-double labels with a $ per call / labelled non-test-double call sites; (model known): the same over labels');
  console.log('whose model the code or a documented default determines.');
  if (opts.list) console.log(`\n${lists.join('\n\n')}`);
  if (opts.tasks) console.log(`\n${taskLists.join('\n\n')}`);
  out.families = Object.fromEntries(families);
  out.total = total;
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify(out, null, 2)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof LabelError)) throw e;
    console.error(`corpus:real: ${e.message}`);
    process.exitCode = 2;
  }
}
