import type { FullVisibility, Profile } from '../../../shared/protocol/profiles';
import type { Db } from './database';
import { stmt } from './statements';

/** A profile as last shown to me, with my visibility settings when it is mine. */
export interface CachedProfile {
  profile: Profile;
  visibility: FullVisibility | null;
  fetchedAt: number;
}

/** Stores the server's answer for one person, replacing what was there (fields hidden since are gone). */
export function storeProfile(db: Db, profile: Profile, visibility: FullVisibility | null, at: number): void {
  stmt(
    db,
    `INSERT INTO profiles (user_id, profile, visibility, fetched_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET profile = excluded.profile, visibility = excluded.visibility,
       fetched_at = excluded.fetched_at`,
  ).run(profile.userId, JSON.stringify(profile), visibility ? JSON.stringify(visibility) : null, at);
}

/** Forgets a person the server no longer shows me (gone, or moved to another organization). */
export function forgetProfile(db: Db, userId: string): void {
  stmt(db, 'DELETE FROM profiles WHERE user_id = ?').run(userId);
}

/** What the server last showed me of a person, or null. */
export function cachedProfile(db: Db, userId: string): CachedProfile | null {
  const row = stmt(db, 'SELECT profile, visibility, fetched_at AS fetchedAt FROM profiles WHERE user_id = ?').get(
    userId,
  ) as { profile: string; visibility: string | null; fetchedAt: number } | undefined;
  if (!row) return null;
  return {
    profile: JSON.parse(row.profile) as Profile,
    visibility: row.visibility === null ? null : (JSON.parse(row.visibility) as FullVisibility),
    fetchedAt: row.fetchedAt,
  };
}
