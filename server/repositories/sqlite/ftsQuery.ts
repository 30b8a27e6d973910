/*
 * What a user types, read the way PostgreSQL's websearch_to_tsquery reads it, written as an FTS5
 * expression: words, "quoted phrases", `-word` to exclude, `or` between alternatives, and (FTS5
 * only) a trailing `*` for a prefix. Every word reaches FTS5 inside double quotes, so its operators,
 * column filters and stray punctuation are only ever text: no input is a syntax error.
 */

const CONTROL = /\p{Cc}/gu;
const WORDS = /[\p{L}\p{N}\p{M}]+/gu;
const PART = /(-?)"([^"]*)"?|(\S+)/g;

/** A part as a quoted FTS5 phrase, or null when it holds no word. */
function phrase(text: string, prefix: boolean): string | null {
  const words = text.match(WORDS);
  if (!words) return null;
  return `"${words.join(' ')}"${prefix ? '*' : ''}`;
}

/** One alternative: its required phrases, then the excluded ones; null without a required phrase. */
function alternative(required: string[], excluded: string[]): string | null {
  if (required.length === 0) return null;
  let expression = required.join(' AND ');
  for (const e of excluded) expression = `(${expression}) NOT ${e}`;
  return `(${expression})`;
}

/** The FTS5 MATCH expression for what the user typed, or null when nothing searchable remains. */
export function toFts5Query(input: string): string | null {
  const alternatives: string[] = [];
  let required: string[] = [];
  let excluded: string[] = [];
  const close = () => {
    const made = alternative(required, excluded);
    if (made) alternatives.push(made);
    required = [];
    excluded = [];
  };
  for (const m of input.replace(CONTROL, ' ').matchAll(PART)) {
    const word = m[3];
    if (word !== undefined && word.toLowerCase() === 'or') {
      close();
      continue;
    }
    const negated = m[1] === '-' || (word?.startsWith('-') ?? false);
    const text = m[2] ?? word!.replace(/^-/, '');
    const made = phrase(text, word !== undefined && text.endsWith('*'));
    if (made) (negated ? excluded : required).push(made);
  }
  close();
  return alternatives.length > 0 ? alternatives.join(' OR ') : null;
}
