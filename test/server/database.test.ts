import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile } from '../../server/app';
import { openDatabase } from '../../server/db/database';
import { LATEST_VERSION } from '../../server/db/migrations/index';
import { seedDemo } from '../../server/demo/seed';
import { defaultDataDir } from '../../server/paths';
import { TEST_SCRYPT_COST } from '../helpers/server';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-db-'));
  dirs.push(dir);
  return databaseFile(dir);
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('server database', () => {
  it('migrates to the latest version in WAL mode with foreign keys on', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a database written by a newer server', () => {
    const file = tempDb();
    const db = openDatabase(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer than this server/);
  });

  it('migration 0002 erases the edit history of messages deleted before deletion erased it', async () => {
    const file = tempDb();
    const db = openDatabase(file);
    await seedDemo(db, { scryptCost: TEST_SCRYPT_COST });
    const [gone, kept] = db
      .prepare('SELECT id, author_id AS authorId FROM messages ORDER BY seq LIMIT 2')
      .all() as Array<{
      id: string;
      authorId: string;
    }>;
    // what a database written by the previous version looks like: a deleted message with its history
    const edit = db.prepare(
      'INSERT INTO message_edits (message_id, previous_body, editor_id, edited_at) VALUES (?, ?, ?, 1)',
    );
    edit.run(gone!.id, 'the secret first version', gone!.authorId);
    edit.run(kept!.id, 'an honest first version', kept!.authorId);
    db.prepare('UPDATE messages SET deleted_at = 2 WHERE id = ?').run(gone!.id);
    db.pragma('user_version = 1');
    db.close();
    const reopened = openDatabase(file);
    const left = reopened.prepare('SELECT previous_body AS body FROM message_edits').pluck().all();
    expect(left).toEqual(['an honest first version']);
    reopened.close();
  });

  it('seeds the demo once', async () => {
    const file = tempDb();
    const db = openDatabase(file);
    expect(await seedDemo(db, { scryptCost: TEST_SCRYPT_COST })).toBe(true);
    expect(await seedDemo(db, { scryptCost: TEST_SCRYPT_COST })).toBe(false);
    expect((db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n).toBe(4);
    expect((db.prepare(`SELECT COUNT(*) AS n FROM streams WHERE kind = 'org'`).get() as { n: number }).n).toBe(1);
    // Every stream's log is gap-free from 1 to its head, and each message's seq is its creation event's.
    const streams = db.prepare('SELECT id, head_seq AS head FROM streams').all() as Array<{ id: string; head: number }>;
    for (const s of streams) {
      const seqs = (
        db.prepare('SELECT seq FROM stream_events WHERE stream_id = ? ORDER BY seq').all(s.id) as Array<{ seq: number }>
      ).map((r) => r.seq);
      expect(seqs).toEqual(Array.from({ length: s.head }, (_, i) => i + 1));
    }
    const orphans = db
      .prepare(
        `SELECT COUNT(*) AS n FROM messages m LEFT JOIN stream_events e ON e.stream_id = m.stream_id AND e.seq = m.seq AND e.type = 'message:created' WHERE e.seq IS NULL`,
      )
      .get() as { n: number };
    expect(orphans.n).toBe(0);
    db.close();
  });

  it.each([
    [
      'sync page',
      'SELECT payload FROM stream_events WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ['s', 1, 5],
    ],
    ['history page', 'SELECT id FROM messages WHERE stream_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?', ['s', 1, 5]],
    [
      'idempotent send lookup',
      'SELECT id FROM messages WHERE author_id = ? AND stream_id = ? AND client_id = ?',
      ['a', 's', 'c'],
    ],
    [
      'mention counter',
      'SELECT COUNT(*) FROM message_mentions WHERE user_id = ? AND stream_id = ? AND seq > ?',
      ['u', 's', 1],
    ],
    ['token lookup', 'SELECT id FROM tokens WHERE token_hash = ?', ['h']],
  ])('uses an index for the hot query: %s', (_label, sql, params) => {
    const db = openDatabase(tempDb());
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/^SEARCH \w+ USING (COVERING INDEX|INDEX|PRIMARY KEY)/m);
    expect(plan).not.toMatch(/^SCAN (messages|stream_events|tokens|message_mentions)$/m);
    db.close();
  });

  it('puts the default data folder in the per-user app-data folder', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x/config' }, 'linux')).toBe('/x/config/Tributary/server');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Tributary');
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/Tributary\/server$/);
  });
});
