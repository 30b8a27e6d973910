import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { assertOrdered, latestVersion, migrate, type Migration } from '../../shared/storage/migrations';
import { MIGRATIONS as CACHE_MIGRATIONS } from '../../main/core/cache/migrations/index';
import { MIGRATIONS as SERVER_SQLITE_MIGRATIONS } from '../../server/db/sqlite/migrations/index';
import { MIGRATIONS as SERVER_POSTGRES_MIGRATIONS } from '../../server/db/postgres/migrations/index';

const step = (version: number, table: string): Migration => ({
  version,
  name: `create ${table}`,
  up: `CREATE TABLE ${table} (id INTEGER PRIMARY KEY)`,
});
const tooNew = (current: number, latest: number) => new Error(`too new: ${current} > ${latest}`);

describe('the migration runner', () => {
  it('applies pending steps in order and records the version', () => {
    const db = new Database(':memory:');
    migrate(db, [step(1, 'a'), step(2, 'b')], tooNew);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    migrate(db, [step(1, 'a'), step(2, 'b'), step(3, 'c')], tooNew);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(() => migrate(db, [step(1, 'a')], tooNew)).toThrow('too new: 3 > 1');
    db.close();
  });

  it('refuses a list whose versions do not only increase, before touching the database', () => {
    for (const list of [
      [step(2, 'b'), step(1, 'a')],
      [step(1, 'a'), step(1, 'again')],
      [step(0, 'zero')],
      [step(1, 'a'), step(2.5, 'half')],
    ]) {
      const db = new Database(':memory:');
      expect(() => migrate(db, list, tooNew)).toThrow(/versions only increase/);
      expect(() => latestVersion(list)).toThrow(/versions only increase/);
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      expect(db.prepare(`SELECT COUNT(*) FROM sqlite_master`).pluck().get()).toBe(0);
      db.close();
    }
  });

  it('holds for the lists every database ships', () => {
    expect(() => assertOrdered(CACHE_MIGRATIONS)).not.toThrow();
    expect(() => assertOrdered(SERVER_SQLITE_MIGRATIONS)).not.toThrow();
    expect(() => assertOrdered(SERVER_POSTGRES_MIGRATIONS)).not.toThrow();
  });

  it('gives the server one list per engine with the same versions and names', () => {
    const steps = (list: readonly Migration[]) => list.map((m) => `${m.version} ${m.name}`);
    expect(steps(SERVER_POSTGRES_MIGRATIONS)).toEqual(steps(SERVER_SQLITE_MIGRATIONS));
  });
});
