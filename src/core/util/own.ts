/**
 * A table lookup by a key read from user input (code, prompt text, command line): only the table's
 * own entries, never `constructor`, `toString` or other inherited properties.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
