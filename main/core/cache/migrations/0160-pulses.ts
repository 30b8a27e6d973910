import type { Migration } from './index';

/*
 * The last team pulse fetched per team stream and period, so the pulse panel shows it offline (and
 * after a restart) with the time the server computed it. One JSON row per stream and period: the
 * whole `Pulse` answer, replaced as a unit; it goes with the stream (purgeStream).
 */
export const migration0160: Migration = {
  version: 160,
  name: 'pulses',
  up: `
    CREATE TABLE pulses (
      stream_id TEXT NOT NULL,
      weeks INTEGER NOT NULL,
      payload TEXT NOT NULL,
      computed_at INTEGER NOT NULL,
      fetched_at INTEGER NOT NULL,
      PRIMARY KEY (stream_id, weeks)
    ) WITHOUT ROWID;
  `,
};
