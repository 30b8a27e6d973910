import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0065: the team a record concerns as a column, and an index per viewer filter. */
export const migration0065: Migration = {
  version: 65,
  name: 'audit-viewer',
  up: `
    ALTER TABLE audit ADD COLUMN IF NOT EXISTS team_id TEXT COLLATE "C";
    UPDATE audit SET team_id = detail::jsonb ->> 'teamId'
      WHERE detail LIKE '%"teamId"%' AND jsonb_typeof(detail::jsonb -> 'teamId') = 'string';
    CREATE INDEX IF NOT EXISTS audit_org_time ON audit (org_id, at, id);
    CREATE INDEX IF NOT EXISTS audit_actor_time ON audit (org_id, actor_id, at, id);
    CREATE INDEX IF NOT EXISTS audit_action_time ON audit (org_id, action, at, id);
    CREATE INDEX IF NOT EXISTS audit_team_time ON audit (org_id, team_id, at, id);
    CREATE INDEX IF NOT EXISTS audit_target ON audit (target, id);
  `,
};
