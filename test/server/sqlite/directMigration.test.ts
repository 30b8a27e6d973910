// Migration 0080 on SQLite rebuilds `streams` (a CHECK constraint cannot change in place) with foreign
// keys on: a database written before it keeps every stream and every row that points at one, and
// the rebuilt table takes `direct` streams while still refusing rows that point nowhere.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../server/db/sqlite/database';
import { LATEST_VERSION, MIGRATIONS } from '../../../server/db/sqlite/migrations/index';
import { migrate as runMigrations } from '../../../shared/storage/migrations';
import { uuidv7 } from '../../../shared/domain/ids';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A server database as the version before 0080 left it, with `teams` team streams of `events` log entries each. */
function databaseBefore0080(teams: number, events: number): { db: Database.Database; streamIds: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-0080-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'server.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  runMigrations(
    db,
    MIGRATIONS.filter((m) => m.version < 80),
    () => new Error('too new'),
  );
  const org = uuidv7();
  const user = uuidv7();
  db.prepare("INSERT INTO orgs (id, name, created_at) VALUES (?, 'Acme', 1)").run(org);
  db.prepare(
    "INSERT INTO users (id, org_id, email, name, handle, org_role, password_hash, created_at) VALUES (?, ?, 'a@acme.test', 'A', 'a', 'member', 'x', 1)",
  ).run(user, org);
  const streamIds = [uuidv7()];
  db.prepare("INSERT INTO streams (id, org_id, kind, name, created_at) VALUES (?, ?, 'org', 'Acme', 1)").run(
    streamIds[0],
    org,
  );
  const insertStream = db.prepare(
    "INSERT INTO streams (id, org_id, kind, name, head_seq, created_at) VALUES (?, ?, 'team', ?, ?, 1)",
  );
  const insertTeam = db.prepare(
    'INSERT INTO teams (id, org_id, name, handle, stream_id, created_at) VALUES (?, ?, ?, ?, ?, 1)',
  );
  const insertMessage = db.prepare(
    "INSERT INTO messages (id, stream_id, seq, author_id, client_id, body, created_at) VALUES (?, ?, ?, ?, ?, 'hi', 1)",
  );
  const insertEvent = db.prepare(
    "INSERT INTO stream_events (stream_id, seq, type, at, actor_id, payload) VALUES (?, ?, 'message:created', 1, ?, '{}')",
  );
  db.transaction(() => {
    for (let t = 0; t < teams; t++) {
      const streamId = uuidv7();
      streamIds.push(streamId);
      insertStream.run(streamId, org, `Team ${t}`, events);
      insertTeam.run(uuidv7(), org, `Team ${t}`, `team${t}`, streamId);
      for (let seq = 1; seq <= events; seq++) {
        insertMessage.run(uuidv7(), streamId, seq, user, `c-${t}-${seq}`);
        insertEvent.run(streamId, seq, user);
      }
      db.prepare('INSERT INTO read_marks (user_id, stream_id, last_read_seq) VALUES (?, ?, 1)').run(user, streamId);
    }
  })();
  return { db, streamIds };
}

describe('migration 0080 (SQLite)', () => {
  it('keeps every stream and everything that points at one; takes direct streams; still refuses orphans', () => {
    const { db, streamIds } = databaseBefore0080(5, 20);
    const counts = () =>
      db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM streams) AS streams, (SELECT COUNT(*) FROM teams) AS teams,
             (SELECT COUNT(*) FROM messages) AS messages, (SELECT COUNT(*) FROM stream_events) AS events,
             (SELECT SUM(head_seq) FROM streams) AS heads, (SELECT COUNT(*) FROM read_marks) AS marks`,
        )
        .get();
    const before = counts();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(counts()).toEqual(before);
    expect(db.prepare('SELECT id FROM streams ORDER BY id').pluck().all()).toEqual([...streamIds].sort());
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'streams_before_0080'").get()).toBeUndefined();
    // the one-org-stream index came back
    const org = db.prepare("SELECT org_id AS orgId FROM streams WHERE kind = 'org'").get() as { orgId: string };
    expect(() =>
      db
        .prepare("INSERT INTO streams (id, org_id, kind, name, created_at) VALUES (?, ?, 'org', 'Again', 2)")
        .run(uuidv7(), org.orgId),
    ).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO streams (id, org_id, kind, name, created_at) VALUES (?, ?, 'direct', '', 2)").run(
      uuidv7(),
      org.orgId,
    );
    expect(() =>
      db
        .prepare("INSERT INTO streams (id, org_id, kind, name, created_at) VALUES (?, ?, 'channel', 'x', 2)")
        .run(uuidv7(), org.orgId),
    ).toThrow(/CHECK/);
    // foreign keys still point at the rebuilt table
    expect(() =>
      db
        .prepare(
          "INSERT INTO stream_events (stream_id, seq, type, at, actor_id, payload) VALUES (?, 1, 'x', 1, 'u', '{}')",
        )
        .run(uuidv7()),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('rebuilds a larger database in reasonable time', () => {
    const { db } = databaseBefore0080(100, 200);
    const started = performance.now();
    migrate(db);
    const ms = performance.now() - started;
    // 101 streams, 20,000 messages and log entries pointing at them: measured, and far from a stall
    console.info(`migration 0080: 101 streams, 20,000 messages and events rebuilt in ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(30_000);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
