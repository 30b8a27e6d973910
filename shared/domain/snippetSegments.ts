/*
 * Highlighted snippets travel as text with two private-use markers (the client cache's ranking and
 * both server search engines produce them) and reach the screen as segments, never as HTML.
 */

/** Private-use characters that mark highlights in a snippet; user text cannot forge them usefully. */
export const HL_START = '\uE000';
export const HL_END = '\uE001';

const MARKER = new RegExp(`([${HL_START}${HL_END}])`);

/** Splits a marked snippet into segments, merging neighbours of the same kind. */
export function toSegments(marked: string): { text: string; highlight: boolean }[] {
  const out: { text: string; highlight: boolean }[] = [];
  let highlight = false;
  // split keeps the markers (odd indexes): each switches highlighting for the text after it
  for (const piece of marked.split(MARKER)) {
    if (piece === HL_START || piece === HL_END) {
      highlight = piece === HL_START;
      continue;
    }
    if (piece === '') continue;
    const last = out[out.length - 1];
    if (last && last.highlight === highlight) last.text += piece;
    else out.push({ text: piece, highlight });
  }
  return out;
}
