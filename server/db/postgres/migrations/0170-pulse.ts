import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0170: the pulse rollup of closed weeks, the removals index, read markers by stream. */
export const migration0170: Migration = {
  version: 170,
  name: 'pulse',
  up: `
    CREATE TABLE IF NOT EXISTS pulse_weeks (
      team_id TEXT COLLATE "C" NOT NULL REFERENCES teams(id),
      week_start BIGINT NOT NULL,
      posts INTEGER NOT NULL,
      replies INTEGER NOT NULL,
      active_members INTEGER NOT NULL,
      removals_seq BIGINT NOT NULL,
      computed_at BIGINT NOT NULL,
      PRIMARY KEY (team_id, week_start)
    );
    CREATE INDEX IF NOT EXISTS stream_events_removals ON stream_events (stream_id, seq)
      WHERE type IN ('message:deleted', 'messages:purged');
    CREATE INDEX IF NOT EXISTS read_marks_by_stream ON read_marks (stream_id, last_read_seq);
  `,
};
