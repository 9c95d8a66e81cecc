// What .gitignore files exclude, with git's precedence: a deeper file's rules decide before a
// shallower one's, and within a file the last matching rule wins (negations included). Pure: the
// caller reads the files. Matching is the `ignore` package's (the gitignore spec as ESLint uses it).
import ignore, { type Ignore } from 'ignore';

export class IgnoreRules {
  /** By the folder (relative, '' for the root) whose .gitignore it is. */
  private readonly byFolder = new Map<string, Ignore>();

  /** Add the rules of `<folder>/.gitignore`. */
  add(folder: string, text: string): void {
    try {
      this.byFolder.set(folder, ignore({ allowRelativePaths: true }).add(text));
    } catch {
      // A .gitignore the package cannot read is ignored itself, not fatal.
    }
  }

  get size(): number {
    return this.byFolder.size;
  }

  /** Whether a path (relative to the root, forward slashes) is ignored; folders end their test with `/`. */
  ignores(rel: string, isDir = false): boolean {
    const parts = rel.split('/');
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      const folder = parts.slice(0, depth).join('/');
      const rules = this.byFolder.get(folder);
      if (!rules) continue;
      const sub = parts.slice(depth).join('/') + (isDir ? '/' : '');
      const r = rules.test(sub);
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
    return false;
  }
}
