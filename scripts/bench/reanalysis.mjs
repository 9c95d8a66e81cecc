// Re-analysis of a 2,000-line agent file after a one-line edit (IncrementalAnalyzer: the edited
// tree is reused), against analysing it from scratch each time.
import { createRequire } from 'node:module';
import { bigAgentFile } from './generate.mjs';

const require = createRequire(import.meta.url);
export const title = 'Re-analysis of a 2,000-line agent file after a one-line edit';

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export async function run() {
  const { loadParsers } = require('../../out/src/core/extract/code/parser.js');
  const { IncrementalAnalyzer } = require('../../out/src/core/analysis/incremental.js');
  const { analyzeFile } = require('../../out/src/core/analysis/analyzeFile.js');
  const { defaultConfig } = require('../../out/src/config/load.js');
  await loadParsers();
  const config = defaultConfig();
  let text = bigAgentFile(2000);
  const lines = text.split('\n');
  const inc = new IncrementalAnalyzer();
  const sites = inc.analyze('agent.py', 0, text, config).callSites.length;
  const incremental = [];
  const scratch = [];
  for (let v = 1; v <= 200; v++) {
    // Edit one line, as typing does: a comment added, a number changed, or a blank line inserted.
    let at = 100 + ((v * 37) % (lines.length - 200));
    if (v % 3 === 0) lines[at] = `${lines[at]}  # edit ${v}`;
    else {
      while (!/\d/.test(lines[at]) || lines[at].trimStart().startsWith('#')) at++;
      if (v % 3 === 1) lines[at] = lines[at].replace(/\d/, String(v % 10));
      else lines.splice(at, 0, '');
    }
    text = lines.join('\n');
    let t0 = performance.now();
    inc.analyze('agent.py', v, text, config);
    incremental.push(performance.now() - t0);
    if (v % 4 === 0) {
      t0 = performance.now();
      analyzeFile('agent.py', text, { config });
      scratch.push(performance.now() - t0);
    }
  }
  inc.dispose();
  const p95 = pct(incremental, 95);
  return {
    columns: ['method', 'p50 ms', 'p95 ms', 'runs'],
    rows: [
      ['incremental (edited definition only)', pct(incremental, 50).toFixed(1), p95.toFixed(1), String(incremental.length)],
      ['from scratch', pct(scratch, 50).toFixed(1), pct(scratch, 95).toFixed(1), String(scratch.length)],
    ],
    notes: [`${lines.length} lines, ${sites} LLM call sites; target p95 under 50 ms — ${p95 < 50 ? 'met' : 'NOT met'}`],
    data: { incremental, scratch },
  };
}
