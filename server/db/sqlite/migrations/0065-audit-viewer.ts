import type { Migration } from '../../../../shared/storage/migrations';

/**
 * The compliance audit viewer pages the trail newest first by time, filtered by actor, action or
 * team, over millions of records: the team a record concerns becomes a column (from `detail.teamId`,
 * which membership and promotion records carry) and each filter gets an index that ends in (at, id).
 */
export const migration0065: Migration = {
  version: 65,
  name: 'audit-viewer',
  up: `
    ALTER TABLE audit ADD COLUMN team_id TEXT;
    UPDATE audit SET team_id = json_extract(detail, '$.teamId')
      WHERE json_valid(detail) AND json_type(detail, '$.teamId') = 'text';
    CREATE INDEX audit_org_time ON audit (org_id, at, id);
    CREATE INDEX audit_actor_time ON audit (org_id, actor_id, at, id);
    CREATE INDEX audit_action_time ON audit (org_id, action, at, id);
    CREATE INDEX audit_team_time ON audit (org_id, team_id, at, id);
    CREATE INDEX audit_target ON audit (target, id);
  `,
};
