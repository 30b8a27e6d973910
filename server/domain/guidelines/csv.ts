/*
 * CSV as RFC 4180 writes it (CRLF lines, a field quoted when it holds a quote, comma or line break,
 * quotes doubled), with formula injection neutralized: a spreadsheet runs a cell starting with
 * `=`, `+`, `-`, `@` (or a tab or carriage return, which some strip first) as a formula, so such a
 * cell gets a leading apostrophe (OWASP's advice) and is shown as the text it is.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell, neutralized and quoted as needed. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows (the first one the header) as a CSV document ending in CRLF. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}
