/** A statement as PostgreSQL receives it: `$n` placeholders and the name it is prepared under. */
export interface PreparedText {
  name: string;
  text: string;
}

const prepared = new Map<string, PreparedText>();

/**
 * The repositories' SQL (written once, with `?` placeholders) in PostgreSQL's spelling: each `?`
 * outside string literals, quoted identifiers and comments becomes `$1`, `$2`, … Each distinct text
 * gets a stable statement name, so every pooled connection parses and plans it once.
 */
export function toPostgres(sql: string): PreparedText {
  let known = prepared.get(sql);
  if (!known) {
    known = { name: `t${prepared.size + 1}`, text: numberPlaceholders(sql) };
    prepared.set(sql, known);
  }
  return known;
}

/** Replaces `?` placeholders by `$1…$n`, leaving quoted text and comments alone. */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i += 1) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end - 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      n += 1;
      out += `$${n}`;
    } else out += c;
  }
  return out;
}

/** The index just past the quote that closes the one at `start` (a doubled quote is an escape). */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}
