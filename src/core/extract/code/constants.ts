// Module-level string and number constants of a file (`MODEL = "gpt-4o"`, `export const SYSTEM = "…"`), for
// imports from other files. Only what the file itself resolves to a string.
import { familyOf } from './ast';
import { languageOf, nodesOfTypes, parse, parsersLoaded } from './parser';
import { Scope, SCOPE_TYPES, scopeOf } from './scope';
import { resolveValue } from './values';

export function extractConstants(path: string, text: string): Map<string, string | number> | null {
  const lang = languageOf(path);
  if (!lang || !parsersLoaded()) return null;
  const tree = parse(lang, text);
  try {
    const scope = new Scope(tree.rootNode, familyOf(lang), nodesOfTypes(lang, tree.rootNode, SCOPE_TYPES));
    const out = new Map<string, string | number>();
    for (const [name, bindings] of scope.bindings) {
      const top = bindings.filter((b) => !scopeOf(b, scope));
      if (!top.length || name.includes('.')) continue;
      const v = resolveValue(top[top.length - 1].value, { scope, path });
      if (v.kind === 'string' || v.kind === 'number') out.set(name, v.value);
    }
    return out;
  } finally {
    tree.delete();
  }
}
