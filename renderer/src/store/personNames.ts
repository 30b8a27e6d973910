/*
 * The name shown for a person: the display name they chose in their profile, from the directory
 * (which the core re-reads when anyone changes theirs, so every name on screen follows at once);
 * the name an item carries (a message's authorName, say) only for someone the directory lacks.
 */
import type { Stream, User } from '../../../shared/protocol';
import { useStore, type Store } from './index';

/** The name shown for a directory entry. */
export const shownName = (user: Pick<User, 'name' | 'displayName'>): string => user.displayName ?? user.name;

// one lookup table per directory array: the directory is replaced, never mutated, on every re-read
const tables = new WeakMap<readonly User[], Map<string, string>>();

/** Every person of the directory by id, with the name shown for them. */
export function personNames(users: readonly User[]): Map<string, string> {
  let table = tables.get(users);
  if (!table) {
    table = new Map(users.map((u) => [u.id, shownName(u)]));
    tables.set(users, table);
  }
  return table;
}

/** The shown name of one person, or `fallback` when the directory does not know them. */
export const selectPersonName =
  (userId: string, fallback: string) =>
  (s: Store): string =>
    personNames(s.users).get(userId) ?? fallback;

/** The shown name of one person (re-renders when the directory changes). */
export function usePersonName(userId: string, fallback: string): string {
  return useStore(selectPersonName(userId, fallback));
}

/**
 * A stream's name as shown: a direct conversation is named by its other participants' shown names
 * (the server's `name` joins their account names); any other stream by its own name.
 */
export function streamShownName(stream: Stream, users: readonly User[], myId: string | null): string {
  if (stream.kind !== 'direct' || !stream.participants) return stream.name;
  const names = personNames(users);
  const others = stream.participants.filter((p) => p.id !== myId);
  if (others.length === 0) return stream.name;
  return others.map((p) => names.get(p.id) ?? p.name).join(', ');
}

/** The shown name of a stream (re-renders when the directory changes). */
export function useStreamName(stream: Stream): string {
  return useStore((s) => streamShownName(stream, s.users, s.session?.user?.id ?? null));
}
