// What an environment variable is set to in the files a project keeps its environment in: `.env`
// (the user's own settings), else the template the project ships for it (`.env.example`,
// `.env.sample`, `.env.template`, which its README says to copy). Read for a model id only — a
// model the code takes from the environment with no default — never for other variables (a `.env`
// holds secrets: nothing else is read out of it).
import { dirOf } from './resolve';

/** The environment files of one folder, in the order they are read: the user's, then the project's templates. */
export const ENV_FILES = ['.env', '.env.example', '.env.sample', '.env.template'] as const;

export interface EnvFileValue {
  value: string;
  /** The file, workspace-relative. */
  file: string;
  /** 1-based. */
  line: number;
  /** Written in a template the project ships (not the user's own `.env`). */
  template: boolean;
}

/** A value that stands for one to fill in (`your-model-here`, `<model>`, `xxx`), not a value. */
function isPlaceholder(v: string): boolean {
  return /^(your|my|insert|enter|replace)[-_ ]|^x+$|^(changeme|todo|tbd|none|null)$/i.test(v) || /[<>{}$]/.test(v);
}

/** `NAME=value`, `export NAME="value"`, `NAME='value' # comment` on one line of a dotenv file. */
function valueOn(line: string, name: string): string | undefined {
  let t = line.trim();
  if (t.startsWith('export ')) t = t.slice(7).trimStart();
  const eq = t.indexOf('=');
  if (eq <= 0 || t.slice(0, eq).trim() !== name) return undefined;
  let v = t.slice(eq + 1).trim();
  const q = v[0];
  if (q === '"' || q === "'") {
    const end = v.indexOf(q, 1);
    v = end < 0 ? v.slice(1) : v.slice(1, end);
  } else {
    const hash = v.search(/\s#/);
    if (hash >= 0) v = v.slice(0, hash);
  }
  return v.trim();
}

/**
 * `name` as the environment files nearest `fromPath` set it (walking up to the workspace root; in
 * each folder `.env` first, then the templates). A placeholder or an empty value is no value.
 */
export function envFileValue(name: string, fromPath: string, read: (rel: string) => string | undefined): EnvFileValue | undefined {
  for (let dir = dirOf(fromPath); ; dir = dirOf(dir)) {
    for (const f of ENV_FILES) {
      const file = dir ? `${dir}/${f}` : f;
      const text = read(file);
      if (text === undefined) continue;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const v = valueOn(lines[i], name);
        if (v === undefined) continue;
        if (v && !isPlaceholder(v)) return { value: v, file, line: i + 1, template: f !== '.env' };
        break;
      }
    }
    if (!dir) return undefined;
  }
}
