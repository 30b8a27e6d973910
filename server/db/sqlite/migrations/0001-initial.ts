import type { Migration } from '../../../../shared/storage/migrations';

/** The first schema: organizations, people, teams, streams with their event logs, messages, trust. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE orgs (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      url_allow TEXT NOT NULL DEFAULT '[]',
      url_deny TEXT NOT NULL DEFAULT '[]',
      created_at INTEGER NOT NULL
    );
    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL REFERENCES orgs(id),
      email TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      handle TEXT NOT NULL,
      org_role TEXT NOT NULL CHECK (org_role IN ('member', 'admin', 'compliance')),
      password_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (org_id, handle)
    );
    CREATE TABLE streams (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL REFERENCES orgs(id),
      kind TEXT NOT NULL CHECK (kind IN ('team', 'org')),
      name TEXT NOT NULL,
      head_seq INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX streams_one_org_stream ON streams (org_id) WHERE kind = 'org';
    CREATE TABLE teams (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL REFERENCES orgs(id),
      name TEXT NOT NULL,
      handle TEXT NOT NULL,
      policy TEXT NOT NULL DEFAULT 'approval' CHECK (policy IN ('approval', 'open')),
      stream_id TEXT NOT NULL UNIQUE REFERENCES streams(id),
      created_at INTEGER NOT NULL,
      UNIQUE (org_id, handle)
    );
    CREATE TABLE memberships (
      team_id TEXT NOT NULL REFERENCES teams(id),
      user_id TEXT NOT NULL REFERENCES users(id),
      role TEXT NOT NULL CHECK (role IN ('member', 'curator')),
      created_at INTEGER NOT NULL,
      PRIMARY KEY (team_id, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX memberships_by_user ON memberships (user_id);
    CREATE TABLE stream_events (
      stream_id TEXT NOT NULL REFERENCES streams(id),
      seq INTEGER NOT NULL,
      type TEXT NOT NULL,
      at INTEGER NOT NULL,
      actor_id TEXT NOT NULL,
      payload TEXT NOT NULL,
      PRIMARY KEY (stream_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE messages (
      id TEXT PRIMARY KEY,
      stream_id TEXT NOT NULL REFERENCES streams(id),
      seq INTEGER NOT NULL,
      author_id TEXT NOT NULL REFERENCES users(id),
      client_id TEXT NOT NULL,
      body TEXT NOT NULL,
      thread_root_id TEXT REFERENCES messages(id),
      mentions TEXT NOT NULL DEFAULT '[]',
      tags TEXT NOT NULL DEFAULT '[]',
      reply_count INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      edited_at INTEGER,
      deleted_at INTEGER,
      shared_at INTEGER,
      provenance TEXT,
      UNIQUE (author_id, stream_id, client_id),
      UNIQUE (stream_id, seq)
    );
    CREATE INDEX messages_by_thread ON messages (thread_root_id) WHERE thread_root_id IS NOT NULL;
    CREATE TABLE message_edits (
      id INTEGER PRIMARY KEY,
      message_id TEXT NOT NULL REFERENCES messages(id),
      previous_body TEXT NOT NULL,
      editor_id TEXT NOT NULL,
      edited_at INTEGER NOT NULL
    );
    CREATE INDEX message_edits_by_message ON message_edits (message_id);
    CREATE TABLE message_mentions (
      message_id TEXT NOT NULL REFERENCES messages(id),
      user_id TEXT NOT NULL REFERENCES users(id),
      stream_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      PRIMARY KEY (message_id, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX message_mentions_by_user ON message_mentions (user_id, stream_id, seq);
    CREATE TABLE reactions (
      message_id TEXT NOT NULL REFERENCES messages(id),
      emoji TEXT NOT NULL,
      user_id TEXT NOT NULL REFERENCES users(id),
      created_at INTEGER NOT NULL,
      PRIMARY KEY (message_id, emoji, user_id)
    ) WITHOUT ROWID;
    CREATE TABLE read_marks (
      user_id TEXT NOT NULL REFERENCES users(id),
      stream_id TEXT NOT NULL REFERENCES streams(id),
      last_read_seq INTEGER NOT NULL,
      PRIMARY KEY (user_id, stream_id)
    ) WITHOUT ROWID;
    CREATE TABLE tokens (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id),
      token_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
    CREATE INDEX tokens_by_user ON tokens (user_id);
    CREATE TABLE audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      org_id TEXT,
      actor_id TEXT,
      action TEXT NOT NULL,
      target TEXT,
      detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_by_org ON audit (org_id, id);
    CREATE TABLE promotions (
      id TEXT PRIMARY KEY,
      message_id TEXT NOT NULL REFERENCES messages(id),
      source_stream_id TEXT NOT NULL REFERENCES streams(id),
      source_team_id TEXT NOT NULL REFERENCES teams(id),
      target_stream_id TEXT NOT NULL REFERENCES streams(id),
      author_id TEXT NOT NULL REFERENCES users(id),
      proposer_id TEXT NOT NULL REFERENCES users(id),
      client_id TEXT NOT NULL,
      note TEXT,
      snapshot_body TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('awaiting_consent', 'awaiting_approval', 'published', 'declined', 'withdrawn', 'unpublished')),
      declined_by TEXT CHECK (declined_by IN ('author', 'curator')),
      decider_id TEXT REFERENCES users(id),
      decision_note TEXT,
      org_message_id TEXT REFERENCES messages(id),
      unpublish_requested INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      UNIQUE (proposer_id, client_id)
    );
    CREATE UNIQUE INDEX promotions_one_active ON promotions (message_id)
      WHERE state IN ('awaiting_consent', 'awaiting_approval', 'published');
    CREATE INDEX promotions_by_state ON promotions (state, source_team_id);
  `,
};
