/** Finds the @handle or #tag being typed at the caret and the suggestions for it. */
import type { Team, User } from '../../../shared/protocol';

export interface Token {
  trigger: '@' | '#';
  query: string;
  /** Where the trigger character sits in the text. */
  start: number;
}

/** What a suggestion is, shown beside it in the reader's language. */
export type SuggestionDetail =
  { kind: 'tag' } | { kind: 'person'; name: string } | { kind: 'team'; name: string } | { kind: 'everyone' };

export interface Suggestion {
  id: string;
  /** What replaces the token, without the trigger. */
  insert: string;
  /** The handle or tag as typed, e.g. `@alice`. */
  label: string;
  detail: SuggestionDetail;
}

/** The handle that mentions everyone in the stream (see isEveryoneHandle in shared/domain/mentions.ts). */
const EVERYONE_HANDLE = 'all';

const TOKEN_RE = /(^|[^\w@#&/])([@#])([\p{L}\p{N}._-]{0,64})$/u;

export function tokenAt(text: string, caret: number): Token | null {
  const m = TOKEN_RE.exec(text.slice(0, caret));
  if (!m) return null;
  return { trigger: m[2] as '@' | '#', query: m[3]!, start: caret - m[3]!.length - 1 };
}

export function suggest(
  token: Token,
  users: User[],
  teams: Team[],
  tags: string[],
  myId: string | null,
  max = 8,
): Suggestion[] {
  const q = token.query.toLowerCase();
  // Shown as typed: the trigger and what it inserts (`@alice`, `#release`).
  const make = (id: string, insert: string, detail: SuggestionDetail): Suggestion => ({
    id,
    insert,
    label: token.trigger + insert,
    detail,
  });
  if (token.trigger === '#')
    return tags
      .filter((t) => t.toLowerCase().startsWith(q))
      .slice(0, max)
      .map((t) => make(`tag:${t}`, t, { kind: 'tag' }));
  const people = users
    .filter(
      (u) =>
        u.id !== myId &&
        (u.handle.toLowerCase().startsWith(q) ||
          u.name.toLowerCase().includes(q) ||
          (u.displayName?.toLowerCase().includes(q) ?? false)),
    )
    // the display name is who they are to colleagues; the account name still finds them
    .map((u) => make(`user:${u.id}`, u.handle, { kind: 'person', name: u.displayName ?? u.name }));
  const groups = teams
    .filter((t) => t.handle.toLowerCase().startsWith(q) || t.name.toLowerCase().includes(q))
    .map((t) => make(`team:${t.id}`, t.handle, { kind: 'team', name: t.name }));
  const everyone = EVERYONE_HANDLE.startsWith(q) ? [make('all', EVERYONE_HANDLE, { kind: 'everyone' })] : [];
  return [...people, ...groups, ...everyone].slice(0, max);
}

/** Replaces the token with the chosen suggestion; returns the new text and caret. */
export function applySuggestion(
  text: string,
  caret: number,
  token: Token,
  s: Suggestion,
): { text: string; caret: number } {
  const before = text.slice(0, token.start) + token.trigger + s.insert + ' ';
  return { text: before + text.slice(caret).replace(/^ /, ''), caret: before.length };
}
