import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Team pulse (docs/performance.md § Team pulse): the per-team, per-week rollup of closed weeks'
 * message counters, each row stamped with the team stream's removal watermark (the last deletion or
 * purge in its log) so a row made stale by a later removal is recognised and recomputed; an index
 * that makes that watermark one lookup; and read markers by stream, so an org-wide copy's reach is a
 * range count.
 */
export const migration0170: Migration = {
  version: 170,
  name: 'pulse',
  up: `
    CREATE TABLE IF NOT EXISTS pulse_weeks (
      team_id TEXT NOT NULL REFERENCES teams(id),
      week_start INTEGER NOT NULL,
      posts INTEGER NOT NULL,
      replies INTEGER NOT NULL,
      active_members INTEGER NOT NULL,
      removals_seq INTEGER NOT NULL,
      computed_at INTEGER NOT NULL,
      PRIMARY KEY (team_id, week_start)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS stream_events_removals ON stream_events (stream_id, seq)
      WHERE type IN ('message:deleted', 'messages:purged');
    CREATE INDEX IF NOT EXISTS read_marks_by_stream ON read_marks (stream_id, last_read_seq);
  `,
};
