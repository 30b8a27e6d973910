import { DEFAULT_SPEECH_POLICY, type SpeechPolicy } from '../../shared/domain/speechPolicy';
import type { Sql } from '../db/sql';

/** Each organization's speech policy (who may post in the org stream, who may mention many). */
export interface SpeechPoliciesRepository {
  /** The organization's policy; DEFAULT_SPEECH_POLICY when it never set one. */
  get(orgId: string): Promise<SpeechPolicy>;
  /** Stores the organization's whole policy. */
  set(orgId: string, policy: SpeechPolicy, at: number): Promise<void>;
}

/** The speech policies repository on either engine. */
export class SqlSpeechPoliciesRepository implements SpeechPoliciesRepository {
  constructor(private readonly sql: Sql) {}

  async get(orgId: string): Promise<SpeechPolicy> {
    const row = await this.sql.get<SpeechPolicy>(
      `SELECT org_stream_posting AS "orgStreamPosting", org_stream_mentions AS "orgStreamMentions",
        team_stream_mentions AS "teamStreamMentions" FROM org_speech_policies WHERE org_id = ?`,
      [orgId],
    );
    return row ?? DEFAULT_SPEECH_POLICY;
  }

  async set(orgId: string, policy: SpeechPolicy, at: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO org_speech_policies (org_id, org_stream_posting, org_stream_mentions, team_stream_mentions, updated_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (org_id) DO UPDATE SET org_stream_posting = excluded.org_stream_posting,
          org_stream_mentions = excluded.org_stream_mentions, team_stream_mentions = excluded.team_stream_mentions,
          updated_at = excluded.updated_at`,
      [orgId, policy.orgStreamPosting, policy.orgStreamMentions, policy.teamStreamMentions, at],
    );
  }
}
