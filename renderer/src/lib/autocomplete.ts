/** Finds the @handle or #tag being typed at the caret and the suggestions for it. */
import type { Team, User } from '../../../shared/protocol';

export interface Token {
  trigger: '@' | '#';
  query: string;
  /** Where the trigger character sits in the text. */
  start: number;
}

export interface Suggestion {
  id: string;
  /** What replaces the token, without the trigger. */
  insert: string;
  label: string;
  detail: string;
}

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
  if (token.trigger === '#')
    return tags
      .filter((t) => t.toLowerCase().startsWith(q))
      .slice(0, max)
      .map((t) => ({ id: `tag:${t}`, insert: t, label: `#${t}`, detail: 'tag' }));
  const people = users
    .filter((u) => u.id !== myId && (u.handle.toLowerCase().startsWith(q) || u.name.toLowerCase().includes(q)))
    .map((u) => ({ id: `user:${u.id}`, insert: u.handle, label: `@${u.handle}`, detail: u.name }));
  const groups = teams
    .filter((t) => t.handle.toLowerCase().startsWith(q) || t.name.toLowerCase().includes(q))
    .map((t) => ({ id: `team:${t.id}`, insert: t.handle, label: `@${t.handle}`, detail: `team ${t.name}` }));
  const all = 'all'.startsWith(q)
    ? [{ id: 'all', insert: 'all', label: '@all', detail: 'everyone in this stream' }]
    : [];
  return [...people, ...groups, ...all].slice(0, max);
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
