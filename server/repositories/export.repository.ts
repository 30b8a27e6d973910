import type { Sql } from '../db/sql';

/** A stream of an organization as an export names it. */
export interface ExportStream {
  id: string;
  kind: string;
  name: string;
  /** The team's handle, or null for streams without a team (the org-wide stream). */
  teamHandle: string | null;
  headSeq: number;
}

/** A person of an organization as an export names them. */
export interface ExportPerson {
  id: string;
  email: string;
  name: string;
  createdAt: number;
}

/** A team membership that exists now, with the stream it gives access to. */
export interface CurrentMembership {
  streamId: string;
  userId: string;
  createdAt: number;
}

/** A recorded membership change (from the membership history, migration 0210), with the stream it concerns. */
export interface MembershipChange {
  streamId: string;
  userId: string;
  at: number;
  change: 'added' | 'removed';
}

/** A published guidelines version or an acknowledgement, as the JSONL export lists them. */
export type GuidelinesRecord =
  | {
      kind: 'guidelines.published';
      at: number;
      teamId: string | null;
      teamHandle: string | null;
      version: number;
      body: string;
      userId: string;
    }
  | {
      kind: 'guidelines.acknowledged';
      at: number;
      teamId: string | null;
      teamHandle: string | null;
      version: number;
      userId: string;
    };

/**
 * A profile change from the audit trail (`profile.update`): the names of the fields and visibilities
 * changed, and what the whole organization saw after it (`shown`; null in records written before
 * the values were kept).
 */
export interface ProfileChangeRecord {
  kind: 'profile.changed';
  at: number;
  userId: string;
  fields: string[];
  visibility: Record<string, string>;
  shown: Record<string, unknown> | null;
}

/** A JSONL record besides the log entries, in time order. */
export type ExportRecord = GuidelinesRecord | ProfileChangeRecord;

/**
 * What a compliance export reads besides the stream logs and messages: every stream, person and
 * membership of one organization, and the recorded membership changes that date who could read what.
 */
export interface ExportRepository {
  /** Every stream of the organization (team, org-wide and any other kind), by name. */
  streams(orgId: string): Promise<ExportStream[]>;
  /** Every user of the organization, deactivated ones included. */
  people(orgId: string): Promise<ExportPerson[]>;
  /** Every team membership and direct-conversation participant of the organization as it is now. */
  currentMemberships(orgId: string): Promise<CurrentMembership[]>;
  /** Team joins and leaves recorded in the membership history, oldest first. */
  membershipChanges(orgId: string): Promise<MembershipChange[]>;
  /** Guidelines versions published and acknowledged in (after, upTo], oldest first. */
  guidelinesRecords(orgId: string, after: number, upTo: number): Promise<GuidelinesRecord[]>;
  /** Profile changes audited in (after, upTo], oldest first. */
  profileChanges(orgId: string, after: number, upTo: number): Promise<ProfileChangeRecord[]>;
}

/** The export reads on either engine. */
export class SqlExportRepository implements ExportRepository {
  constructor(private readonly sql: Sql) {}

  streams(orgId: string): Promise<ExportStream[]> {
    return this.sql.all<ExportStream>(
      `SELECT s.id, s.kind, s.name, t.handle AS "teamHandle", s.head_seq AS "headSeq"
         FROM streams s LEFT JOIN teams t ON t.stream_id = s.id
        WHERE s.org_id = ? ORDER BY s.kind, s.name, s.id`,
      [orgId],
    );
  }

  people(orgId: string): Promise<ExportPerson[]> {
    return this.sql.all<ExportPerson>(
      'SELECT id, email, name, created_at AS "createdAt" FROM users WHERE org_id = ? ORDER BY id',
      [orgId],
    );
  }

  currentMemberships(orgId: string): Promise<CurrentMembership[]> {
    // a direct conversation's participants are fixed when it is created
    return this.sql.all<CurrentMembership>(
      `SELECT t.stream_id AS "streamId", m.user_id AS "userId", m.created_at AS "createdAt"
         FROM memberships m JOIN teams t ON t.id = m.team_id WHERE t.org_id = ?
       UNION ALL
       SELECT p.stream_id AS "streamId", p.user_id AS "userId", s.created_at AS "createdAt"
         FROM direct_participants p JOIN streams s ON s.id = p.stream_id WHERE s.org_id = ?`,
      [orgId, orgId],
    );
  }

  async membershipChanges(orgId: string): Promise<MembershipChange[]> {
    const rows = await this.sql.all<{ streamId: string; userId: string; at: number | string; change: string }>(
      `SELECT t.stream_id AS "streamId", h.user_id AS "userId", h.at, h.change
         FROM membership_history h JOIN teams t ON t.id = h.team_id
        WHERE t.org_id = ? ORDER BY h.at, h.id`,
      [orgId],
    );
    return rows.map((r) => ({
      streamId: r.streamId,
      userId: r.userId,
      at: Number(r.at),
      change: r.change === 'joined' ? 'added' : 'removed',
    }));
  }

  async guidelinesRecords(orgId: string, after: number, upTo: number): Promise<GuidelinesRecord[]> {
    const published = await this.sql.all<{
      at: number;
      teamId: string | null;
      teamHandle: string | null;
      version: number;
      body: string;
      userId: string;
    }>(
      `SELECT v.published_at AS "at", v.team_id AS "teamId", t.handle AS "teamHandle", v.version, v.body,
              v.published_by AS "userId"
         FROM guideline_versions v LEFT JOIN teams t ON t.id = v.team_id
        WHERE v.org_id = ? AND v.published_at > ? AND v.published_at <= ?`,
      [orgId, after, upTo],
    );
    const acknowledged = await this.sql.all<{
      at: number;
      teamId: string | null;
      teamHandle: string | null;
      version: number;
      userId: string;
    }>(
      `SELECT a.acknowledged_at AS "at", v.team_id AS "teamId", t.handle AS "teamHandle", a.version,
              a.user_id AS "userId"
         FROM guideline_acks a JOIN guideline_versions v ON v.scope_id = a.scope_id AND v.version = a.version
         LEFT JOIN teams t ON t.id = v.team_id
        WHERE v.org_id = ? AND a.acknowledged_at > ? AND a.acknowledged_at <= ?`,
      [orgId, after, upTo],
    );
    const records: GuidelinesRecord[] = [
      ...published.map((r) => ({
        kind: 'guidelines.published' as const,
        ...r,
        at: Number(r.at),
        version: Number(r.version),
      })),
      ...acknowledged.map((r) => ({
        kind: 'guidelines.acknowledged' as const,
        ...r,
        at: Number(r.at),
        version: Number(r.version),
      })),
    ];
    // publishing acknowledges for the publisher in the same instant: the version comes first
    return records.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'guidelines.published' ? -1 : 1));
  }

  async profileChanges(orgId: string, after: number, upTo: number): Promise<ProfileChangeRecord[]> {
    const rows = await this.sql.all<{ at: number; userId: string; detail: string }>(
      `SELECT at, target AS "userId", detail FROM audit
        WHERE org_id = ? AND action = 'profile.update' AND at > ? AND at <= ? ORDER BY at, id`,
      [orgId, after, upTo],
    );
    return rows.map((row) => {
      const detail = JSON.parse(row.detail) as {
        fields?: string[];
        visibility?: Record<string, string>;
        shown?: Record<string, unknown>;
      };
      return {
        kind: 'profile.changed' as const,
        at: Number(row.at),
        userId: row.userId,
        fields: detail.fields ?? [],
        visibility: detail.visibility ?? {},
        shown: detail.shown ?? null,
      };
    });
  }
}
