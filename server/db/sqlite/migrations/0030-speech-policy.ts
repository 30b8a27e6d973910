import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Who may speak to everyone (docs/governance.md): one row per organization that changed its speech
 * policy; an organization without a row follows DEFAULT_SPEECH_POLICY. `IF NOT EXISTS`: running it
 * twice (a database rewound to an older version, as the migration tests do) changes nothing.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'speech-policy',
  up: `
    CREATE TABLE IF NOT EXISTS org_speech_policies (
      org_id TEXT PRIMARY KEY REFERENCES orgs(id),
      org_stream_posting TEXT NOT NULL CHECK (org_stream_posting IN ('everyone', 'curators')),
      org_stream_mentions TEXT NOT NULL CHECK (org_stream_mentions IN ('everyone', 'curators', 'admins')),
      team_stream_mentions TEXT NOT NULL CHECK (team_stream_mentions IN ('everyone', 'curators')),
      updated_at INTEGER NOT NULL
    );
  `,
};
