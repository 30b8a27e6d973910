import type { ClientBase } from 'pg';
import { latestVersion, type Migration } from '../../../shared/storage/migrations';

/** Any number for pg_advisory_xact_lock, the same in every node: "Tributary is migrating". */
const MIGRATION_LOCK = 7_404_179_512;

/**
 * Applies pending migrations in one transaction and refuses (with the error `tooNew` makes) a database
 * written by newer code. The version lives in `schema_version` (SQLite keeps it in user_version).
 * Nodes starting together take an advisory lock first: one migrates, the others find nothing left.
 */
export async function migratePostgres(
  client: ClientBase,
  migrations: readonly Migration[],
  tooNew: (current: number, latest: number) => Error,
): Promise<void> {
  const latest = latestVersion(migrations);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = (await client.query<{ version: number }>('SELECT version FROM schema_version')).rows[0];
    if (!row) await client.query('INSERT INTO schema_version (version) VALUES (0)');
    const current = row?.version ?? 0;
    if (current > latest) throw tooNew(current, latest);
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await client.query(migration.up);
      await client.query('UPDATE schema_version SET version = $1', [migration.version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
