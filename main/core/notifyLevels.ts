import { z } from 'zod';
import { notifyLevelSchema, type NotifyLevel } from '../../shared/ipc/accounts';
import { getAccountValue, setAccountValue } from './cache/directory';
import type { Db } from './cache/database';

/*
 * Per-stream notification levels of one account, kept in its cache (they go with its local data), and
 * the rule that decides whether a notification reaches the user.
 */

const KEY = 'streamNotify';
const levelsSchema = z.record(z.string(), notifyLevelSchema);

/** streamId → level for the streams that do not follow the global level. */
export function streamLevels(db: Db): Record<string, NotifyLevel> {
  const stored = getAccountValue(db, KEY);
  if (stored === null) return {};
  try {
    const parsed = levelsSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Sets one stream's level; null makes it follow the global level again. */
export function setStreamLevel(db: Db, streamId: string, level: NotifyLevel | null): void {
  const levels = streamLevels(db);
  if (level === null) delete levels[streamId];
  else levels[streamId] = level;
  setAccountValue(db, KEY, JSON.stringify(levels));
}

/**
 * Whether a notification of this kind may be shown: `nothing` silences the stream, `mentions` lets
 * through what the server addressed to me (mentions, promotions), `all` also every new message.
 */
export function notifies(level: NotifyLevel, kind: 'mention' | 'promotion' | 'message'): boolean {
  if (level === 'nothing') return false;
  return kind !== 'message' || level === 'all';
}
