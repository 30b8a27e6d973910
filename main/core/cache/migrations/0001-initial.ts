import type { Migration } from './index';

/** The first cache schema: streams, messages + FTS, directory, cursors, outbox, promotions. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE account (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );

    CREATE TABLE streams (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      team_id TEXT,
      name TEXT NOT NULL,
      role TEXT,
      head_seq INTEGER NOT NULL DEFAULT 0,
      last_read_seq INTEGER NOT NULL DEFAULT 0,
      -- last applied event seq: catch-up resumes after it
      cursor INTEGER NOT NULL DEFAULT 0,
      -- lowest seq whose history is known to be loaded; 0 or 1 means complete
      history_floor INTEGER NOT NULL DEFAULT 0,
      server_unread INTEGER NOT NULL DEFAULT 0,
      server_mentions INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE messages (
      row_id INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      stream_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      author_id TEXT NOT NULL,
      author_name TEXT NOT NULL,
      client_id TEXT NOT NULL,
      body TEXT NOT NULL,
      thread_root_id TEXT,
      mentions TEXT NOT NULL DEFAULT '[]',
      tags TEXT NOT NULL DEFAULT '[]',
      reactions TEXT NOT NULL DEFAULT '{}',
      reply_count INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      edited_at INTEGER,
      deleted_at INTEGER,
      shared_at INTEGER,
      provenance TEXT,
      -- denormalized so the FTS index can cover it (external content reads these columns)
      stream_name TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX messages_stream_root_seq ON messages (stream_id, thread_root_id, seq);
    CREATE INDEX messages_thread_seq ON messages (thread_root_id, seq) WHERE thread_root_id IS NOT NULL;
    CREATE INDEX messages_client ON messages (client_id);
    CREATE INDEX messages_stream_seq ON messages (stream_id, seq);

    CREATE VIRTUAL TABLE messages_fts USING fts5(
      body, author_name, stream_name,
      content='messages', content_rowid='row_id',
      tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
      INSERT INTO messages_fts (rowid, body, author_name, stream_name)
      VALUES (new.row_id, new.body, new.author_name, new.stream_name);
    END;
    CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, body, author_name, stream_name)
      VALUES ('delete', old.row_id, old.body, old.author_name, old.stream_name);
    END;
    CREATE TRIGGER messages_fts_au AFTER UPDATE OF body, author_name, stream_name ON messages BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, body, author_name, stream_name)
      VALUES ('delete', old.row_id, old.body, old.author_name, old.stream_name);
      INSERT INTO messages_fts (rowid, body, author_name, stream_name)
      VALUES (new.row_id, new.body, new.author_name, new.stream_name);
    END;

    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL,
      name TEXT NOT NULL,
      handle TEXT NOT NULL,
      org_role TEXT NOT NULL
    );
    CREATE TABLE teams (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      handle TEXT NOT NULL,
      policy TEXT NOT NULL,
      stream_id TEXT NOT NULL
    );

    CREATE TABLE outbox (
      row_id INTEGER PRIMARY KEY AUTOINCREMENT,
      client_id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('send', 'propose')),
      stream_id TEXT NOT NULL,
      body TEXT NOT NULL DEFAULT '',
      thread_root_id TEXT,
      message_id TEXT,
      note TEXT,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failed')),
      failure_reason TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX outbox_stream ON outbox (stream_id, row_id);

    CREATE TABLE promotions (
      id TEXT PRIMARY KEY,
      message_id TEXT NOT NULL,
      source_stream_id TEXT NOT NULL,
      state TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      data TEXT NOT NULL
    );
    CREATE TABLE promotion_scopes (
      scope TEXT NOT NULL,
      promotion_id TEXT NOT NULL,
      PRIMARY KEY (scope, promotion_id)
    );
  `,
};
