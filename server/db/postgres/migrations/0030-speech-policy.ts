import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0030: one speech policy row per organization that changed it. */
export const migration0030: Migration = {
  version: 30,
  name: 'speech-policy',
  up: `
    CREATE TABLE IF NOT EXISTS org_speech_policies (
      org_id TEXT COLLATE "C" PRIMARY KEY REFERENCES orgs(id),
      org_stream_posting TEXT NOT NULL CHECK (org_stream_posting IN ('everyone', 'curators')),
      org_stream_mentions TEXT NOT NULL CHECK (org_stream_mentions IN ('everyone', 'curators', 'admins')),
      team_stream_mentions TEXT NOT NULL CHECK (team_stream_mentions IN ('everyone', 'curators')),
      updated_at BIGINT NOT NULL
    );
  `,
};
