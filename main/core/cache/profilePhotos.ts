import type { Db } from './database';
import { stmt } from './statements';

/*
 * The offline copies of avatar-size profile photos (cache migration 170). Only what the server
 * served me is kept, and a person whose photo changes (or is hidden from me since) is forgotten at
 * once, so a hidden photo does not live on here.
 */

/** Most people whose photo (or its absence) is kept: avatars are ~4 KB, so about 2 MB at most. */
export const MAX_CACHED_PHOTOS = 500;

/** What the cache knows of one person's photo: its id and bytes, or (`photoId` null) that there is none for me. */
export interface CachedPhoto {
  photoId: string | null;
  data: Buffer | null;
  checkedAt: number;
}

/** The cached photo of a person (marking it used), or null when the cache knows nothing of it. */
export function cachedPhoto(db: Db, userId: string, now: number): CachedPhoto | null {
  const row = stmt(
    db,
    'SELECT photo_id AS photoId, data, checked_at AS checkedAt FROM profile_photos WHERE user_id = ?',
  ).get(userId) as CachedPhoto | undefined;
  if (!row) return null;
  stmt(db, 'UPDATE profile_photos SET last_used = ? WHERE user_id = ?').run(now, userId);
  return row;
}

/** Records a person's photo as the server just served it (null: none for me), evicting the least used past the bound. */
export function storePhoto(db: Db, userId: string, photo: { photoId: string; data: Buffer } | null, now: number): void {
  db.transaction(() => {
    stmt(
      db,
      `INSERT INTO profile_photos (user_id, photo_id, data, checked_at, last_used) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET photo_id = excluded.photo_id, data = excluded.data,
         checked_at = excluded.checked_at, last_used = excluded.last_used`,
    ).run(userId, photo?.photoId ?? null, photo?.data ?? null, now, now);
    stmt(
      db,
      `DELETE FROM profile_photos WHERE user_id IN (
         SELECT user_id FROM profile_photos ORDER BY last_used DESC, user_id LIMIT -1 OFFSET ?)`,
    ).run(MAX_CACHED_PHOTOS);
  })();
}

/** The server confirmed the cached row is still current (an ETag match). */
export function confirmPhoto(db: Db, userId: string, now: number): void {
  stmt(db, 'UPDATE profile_photos SET checked_at = ? WHERE user_id = ?').run(now, userId);
}

/** Forgets a person's photo: it changed, or I may no longer see it. */
export function forgetPhoto(db: Db, userId: string): void {
  stmt(db, 'DELETE FROM profile_photos WHERE user_id = ?').run(userId);
}

/** A profile the server just showed me: a cached photo other than the one it names (or none) is dropped. */
export function reconcilePhoto(db: Db, userId: string, photoId: string | undefined): boolean {
  const row = stmt(db, 'SELECT photo_id AS photoId FROM profile_photos WHERE user_id = ?').get(userId) as
    { photoId: string | null } | undefined;
  if (!row || row.photoId === (photoId ?? null)) return false;
  forgetPhoto(db, userId);
  return true;
}
