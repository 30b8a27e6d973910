import { z } from 'zod';

/*
 * What a message body must contain to be sent at all, checked by the server on every write and by
 * the client core before anything is queued (one schema, so the two agree).
 */

/**
 * Characters that show nothing: white space, default-ignorable code points (zero-width space and
 * joiners, word joiner, BOM, soft hyphen, bidi controls, variation selectors, Hangul fillers),
 * control characters and the Braille blank, which renders as an empty cell.
 */
const INVISIBLE_ONLY_RE = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]*$/u;

/** True when the text has at least one character a reader can see. */
export function hasVisibleText(text: string): boolean {
  return !INVISIBLE_ONLY_RE.test(text);
}

/**
 * A message body: trimmed, not made only of white space or invisible characters, and without NUL,
 * which PostgreSQL cannot store in text (and no reader means to send).
 */
export const messageBodySchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine(hasVisibleText, 'must contain visible text, not only white space or invisible characters')
  .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters');
