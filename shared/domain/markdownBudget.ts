/*
 * A linear pre-scan that bounds what parsing a body may cost. micromark's cost grows faster than
 * the body with the number of inline constructs, lines and container nesting (measured on 16,000
 * characters: 4,000 code spans ~200 ms, 800 list/paragraph lines ~100 ms, 5,000 nested `> ` overflow
 * the stack), and the server parses every send while every viewer parses every visible body. A body
 * over budget is not parsed as markdown at all: it is shown as the plain text it is, on both sides.
 *
 * The scan over-counts on purpose: it may send a harmless body to plain text, never an expensive one
 * to the parser. Lines inside a fenced code block cost less (micromark runs no inline constructs
 * there), but only for fences that open at column 0, which no container can hold.
 */

/** Cost units a body may spend and still be parsed as markdown (see COST). */
export const MARKDOWN_BUDGET = 1000;
/** Deepest container nesting (quotes, list items, two columns of indentation) a line may have. */
export const MAX_NESTING = 8;

/** What each feature of a body costs, in budget units, from measurements of the parser. */
const COST = {
  /** A character that can start or end an inline construct. */
  markup: 2,
  /** A line outside fenced code: containers and paragraphs are checked again on every line. */
  line: 4,
  /** Each level a line is nested: every open container is continued on every line. */
  nesting: 2,
  /** A line inside fenced code. */
  fenceLine: 1,
  /** Plain text, per this many characters. */
  textChars: 32,
};

/** Characters that can start or end an inline construct: the parser's work grows with them. */
const MARKUP_RE = /[*_~`[\]()<&\\|@#]/g;
/** A line's container prefix: quote markers, list markers and the indentation between them. */
const PREFIX_RE = /^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*/;
const MARKER_RE = />|[-+*]|\d{1,9}[.)]/g;
/** A fence opener at column 0 (a backtick fence's info string may not contain a backtick). */
const FENCE_OPEN_RE = /^(?:(`{3,})[^`]*|~{3,}.*)$/;
/** Lines that may close a fence of each character. */
const FENCE_CLOSE_RE = { '`': /^ {0,3}`{3,}[ \t]*$/, '~': /^ {0,3}~{3,}[ \t]*$/ } as const;

function countMatches(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

/**
 * A line's container markers, and how deep it nests: its markers plus its indentation in steps of
 * two columns (nested list items), not counting the one space that follows each marker.
 */
function containersOf(line: string): { markers: number; nesting: number } {
  const prefix = PREFIX_RE.exec(line)?.[0] ?? '';
  const markers = countMatches(prefix, MARKER_RE);
  const columns = prefix.replace(/\t/g, '    ').replace(MARKER_RE, '').length;
  return { markers, nesting: markers + Math.floor(Math.max(0, columns - markers) / 2) };
}

/** True when the body is cheap enough to parse as markdown (see the limits above). */
export function withinMarkdownBudget(body: string): boolean {
  let spent = Math.ceil(body.length / COST.textChars);
  /** The fence character we are inside (` or ~), or null outside a fence. */
  let fence: keyof typeof FENCE_CLOSE_RE | null = null;
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (fence !== null) {
      spent += COST.fenceLine;
      // Close on any fence-like line of the same character, even one too short to close it for
      // micromark: ending early only counts more.
      if (FENCE_CLOSE_RE[fence].test(line)) fence = null;
    } else {
      const open = FENCE_OPEN_RE.exec(line);
      if (open) {
        fence = open[1] ? '`' : '~';
        spent += COST.line;
      } else {
        const { markers, nesting } = containersOf(line);
        if (nesting > MAX_NESTING) return false;
        spent += COST.line + COST.nesting * nesting + COST.markup * (markers + countMatches(line, MARKUP_RE));
      }
    }
    if (spent > MARKDOWN_BUDGET) return false;
  }
  return true;
}
