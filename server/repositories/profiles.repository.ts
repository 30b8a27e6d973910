import {
  DEFAULT_PROFILE_VISIBILITY,
  profileVisibilityMapSchema,
  withVisibility,
  type FullVisibility,
  type ProfileValues,
} from '../../shared/protocol/index';
import type { Sql } from '../db/sql';

/** A stored profile: every value its owner set and every field's visibility (never sent as is). */
export interface ProfileRecord {
  userId: string;
  displayName: string;
  values: ProfileValues;
  visibility: FullVisibility;
  updatedAt: number;
  /** The current photo's id (its bytes are in the FileStore), or null for none. */
  photoId: string | null;
}

interface ProfileRow {
  userId: string;
  displayName: string;
  title: string | null;
  teamRole: string | null;
  location: string | null;
  timeZone: string | null;
  phone: string | null;
  about: string | null;
  skills: string;
  visibility: string;
  updatedAt: number | string;
  photoId: string | null;
}

const COLUMNS = `p.user_id AS "userId", p.display_name AS "displayName", p.title, p.team_role AS "teamRole",
  p.location, p.time_zone AS "timeZone", p.phone, p.about, p.skills, p.visibility, p.updated_at AS "updatedAt",
  ph.photo_id AS "photoId"`;

/** Profiles of users who changed theirs; everyone else has the defaults (no row). */
export interface ProfilesRepository {
  /** The stored profile of a user, or null when they never changed it. */
  get(userId: string): Promise<ProfileRecord | null>;
  /** Writes a user's whole profile (insert or replace); the photo is left as it is (see setPhoto). */
  put(record: ProfileRecord): Promise<void>;
  /** Makes `photoId` the user's photo (null: none) and answers the one it replaced, whose bytes may go. */
  setPhoto(userId: string, photoId: string | null, now: number): Promise<string | null>;
  /** The display names of an organization's users who set one (everyone else shows their account name). */
  displayNamesByOrg(orgId: string): Promise<Map<string, string>>;
  /** Whether two users are members of at least one common team. */
  shareTeam(userA: string, userB: string): Promise<boolean>;
}

/**
 * A stored visibility map, every field it lacks (or cannot be read) private: a field added to the
 * profile later starts hidden for everyone who set their visibility before.
 */
function readVisibility(json: string): FullVisibility {
  const parsed = profileVisibilityMapSchema.safeParse(JSON.parse(json));
  return withVisibility(DEFAULT_PROFILE_VISIBILITY, parsed.success ? parsed.data : undefined);
}

function fromRow(row: ProfileRow): ProfileRecord {
  const values: ProfileValues = {};
  const texts = ['title', 'teamRole', 'location', 'timeZone', 'phone', 'about'] as const;
  for (const key of texts) {
    const value = row[key];
    if (value !== null) values[key] = value;
  }
  const skills = JSON.parse(row.skills) as string[];
  if (skills.length > 0) values.skills = skills;
  return {
    userId: row.userId,
    displayName: row.displayName,
    values,
    visibility: readVisibility(row.visibility),
    updatedAt: Number(row.updatedAt),
    photoId: row.photoId,
  };
}

/** The profiles repository on either engine. */
export class SqlProfilesRepository implements ProfilesRepository {
  constructor(private readonly sql: Sql) {}

  async get(userId: string): Promise<ProfileRecord | null> {
    const row = await this.sql.get<ProfileRow>(
      `SELECT ${COLUMNS} FROM profiles p LEFT JOIN profile_photos ph ON ph.user_id = p.user_id WHERE p.user_id = ?`,
      [userId],
    );
    return row ? fromRow(row) : null;
  }

  async setPhoto(userId: string, photoId: string | null, now: number): Promise<string | null> {
    const before = await this.sql.get<{ photoId: string }>(
      `SELECT photo_id AS "photoId" FROM profile_photos WHERE user_id = ?`,
      [userId],
    );
    if (photoId === null) await this.sql.run(`DELETE FROM profile_photos WHERE user_id = ?`, [userId]);
    else
      await this.sql.run(
        `INSERT INTO profile_photos (user_id, photo_id, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET photo_id = excluded.photo_id, updated_at = excluded.updated_at`,
        [userId, photoId, now],
      );
    return before?.photoId ?? null;
  }

  async put(r: ProfileRecord): Promise<void> {
    const v = r.values;
    await this.sql.run(
      `INSERT INTO profiles (user_id, display_name, title, team_role, location, time_zone, phone, about, skills,
         visibility, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, title = excluded.title,
         team_role = excluded.team_role, location = excluded.location, time_zone = excluded.time_zone,
         phone = excluded.phone, about = excluded.about, skills = excluded.skills,
         visibility = excluded.visibility, updated_at = excluded.updated_at`,
      [
        r.userId,
        r.displayName,
        v.title ?? null,
        v.teamRole ?? null,
        v.location ?? null,
        v.timeZone ?? null,
        v.phone ?? null,
        v.about ?? null,
        JSON.stringify(v.skills ?? []),
        JSON.stringify(r.visibility),
        r.updatedAt,
      ],
    );
  }

  async displayNamesByOrg(orgId: string): Promise<Map<string, string>> {
    const rows = await this.sql.all<{ userId: string; displayName: string }>(
      `SELECT p.user_id AS "userId", p.display_name AS "displayName"
       FROM profiles p JOIN users u ON u.id = p.user_id WHERE u.org_id = ?`,
      [orgId],
    );
    return new Map(rows.map((r) => [r.userId, r.displayName]));
  }

  async shareTeam(userA: string, userB: string): Promise<boolean> {
    const row = await this.sql.get(
      `SELECT 1 AS "shared" FROM memberships a JOIN memberships b ON b.team_id = a.team_id
       WHERE a.user_id = ? AND b.user_id = ? LIMIT 1`,
      [userA, userB],
    );
    return row !== undefined;
  }
}
