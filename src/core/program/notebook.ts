// Jupyter notebooks as Python modules: the code cells in order, one after the other, so a client
// made in cell 2 is the client called in cell 5. IPython magics (`%pip`, `%%time`) and shell
// lines (`!pip install`) are not Python: they become comments of the same length, so offsets and
// lines inside a cell stay as written. Positions map back to the cell (1-based among all cells,
// markdown included, as Jupyter and VS Code number them) and the line within it.

export interface NotebookCell {
  /** 1-based index among all the notebook's cells. */
  index: number;
  /** Offset of the cell's first character in the module text. */
  start: number;
  /** Offset just past the cell's last character. */
  end: number;
  /** 1-based line of the module text the cell starts on. */
  line: number;
}

export interface NotebookModule {
  ok: boolean;
  /** Why the notebook could not be read, when it could not. */
  problem?: string;
  text: string;
  cells: NotebookCell[];
  /** Cells of a language other than Python (an R or Julia kernel): nothing is analysed. */
  language?: string;
}

const PYTHON_KERNELS = new Set(['python', 'python3', 'python2', 'ipython', 'ipython3', 'coconut', 'xpython', 'pyspark']);

export function isNotebook(path: string): boolean {
  return path.toLowerCase().endsWith('.ipynb');
}

function sourceOf(cell: { source?: unknown }): string | undefined {
  const s = cell.source;
  if (typeof s === 'string') return s;
  if (Array.isArray(s) && s.every((l) => typeof l === 'string')) return s.join('');
  return undefined;
}

/** A line IPython runs rather than Python: magics and shell escapes (also `x = !ls`). */
function ipythonLine(line: string): boolean {
  return /^\s*(%|!|\?)/.test(line) || /^\s*[A-Za-z_]\w*\s*=\s*!/.test(line) || /^\s*\w[\w.]*\?\??\s*$/.test(line);
}

/** Same length, as a comment: `%pip install x` → `#pip install x`. */
function commentOut(line: string): string {
  const lead = /^\s*/.exec(line)![0];
  return line.length > lead.length ? `${lead}#${line.slice(lead.length + 1)}` : line;
}

export function notebookModule(raw: string): NotebookModule {
  let json: { cells?: unknown; metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } } };
  try {
    json = JSON.parse(raw) as typeof json;
  } catch (e) {
    return { ok: false, problem: `not a notebook: the JSON cannot be read (${e instanceof Error ? e.message.slice(0, 80) : 'parse error'})`, text: '', cells: [] };
  }
  if (!json || typeof json !== 'object' || !Array.isArray(json.cells)) return { ok: false, problem: 'not a notebook: no "cells" list', text: '', cells: [] };
  // Python, or a kernel whose code is Python (Coconut, IPython kernels that report their own name
  // but Python's mimetype or editor mode): only a notebook that says another language is skipped.
  const meta = json.metadata as { language_info?: { name?: unknown; mimetype?: unknown; codemirror_mode?: unknown }; kernelspec?: { language?: unknown } } | undefined;
  const declared = [meta?.language_info?.name, meta?.kernelspec?.language].filter((l): l is string => typeof l === 'string');
  const named = declared.map((l) => l.toLowerCase());
  const mime = typeof meta?.language_info?.mimetype === 'string' ? meta.language_info.mimetype : '';
  const cm = meta?.language_info?.codemirror_mode;
  const cmName = typeof cm === 'string' ? cm : cm && typeof cm === 'object' && typeof (cm as { name?: unknown }).name === 'string' ? (cm as { name: string }).name : '';
  const pythonish = named.some((l) => PYTHON_KERNELS.has(l)) || mime.includes('python') || /python/i.test(cmName);
  const language = pythonish ? undefined : declared[0];
  if (language) return { ok: false, problem: `a notebook in ${language} (only Python notebooks are analysed)`, text: '', cells: [], language };
  const cells: NotebookCell[] = [];
  let text = '';
  let line = 1;
  json.cells.forEach((c: unknown, i: number) => {
    const cell = c as { cell_type?: unknown; source?: unknown };
    if (!cell || typeof cell !== 'object' || cell.cell_type !== 'code') return;
    let src = sourceOf(cell) ?? '';
    const lines = src.split('\n');
    // A cell magic (`%%bash`, `%%html`) makes the whole cell something else; `%%time` and friends keep Python.
    const cellMagic = /^\s*%%(\w+)/.exec(lines[0] ?? '')?.[1];
    const pythonCell = !cellMagic || ['time', 'timeit', 'capture', 'prun', 'debug', 'python', 'python3'].includes(cellMagic);
    src = lines.map((l, k) => (!pythonCell || (k === 0 && cellMagic) || ipythonLine(l) ? commentOut(l) : l)).join('\n');
    if (text && !text.endsWith('\n')) {
      text += '\n';
      line++;
    }
    cells.push({ index: i + 1, start: text.length, end: text.length + src.length, line });
    text += src;
    line += lines.length - 1;
  });
  return { ok: true, text, cells };
}

/** The cell holding a 1-based line of the module, and the 1-based line within that cell. */
export function cellAt(nb: NotebookModule, moduleLine: number): { cell: number; line: number } | undefined {
  let found: NotebookCell | undefined;
  for (const c of nb.cells) {
    if (c.line <= moduleLine) found = c;
    else break;
  }
  if (!found) return undefined;
  return { cell: found.index, line: moduleLine - found.line + 1 };
}
