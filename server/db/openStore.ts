import { join } from 'node:path';
import { PostgresStore } from './postgres/store';
import { DEFAULT_GROUP_COMMIT } from './sqlite/groupCommit';
import { SqliteStore } from './sqlite/store';
import type { Store } from './store';

/** Where a server's data lives: a SQLite file (the default) or a PostgreSQL database. */
export type StorageTarget = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

/** How to open a store. */
export interface StoreOptions {
  /** SQLite: commit concurrent units together (default true; false only to measure the difference). */
  groupCommit?: boolean;
  /** PostgreSQL: connections in this node's pool (default 10). */
  poolSize?: number;
  /** Told about settings that weaken durability, and about dropped idle connections. */
  onWarning?: (message: string) => void;
}

/** The SQLite file inside a data folder. */
export const databaseFile = (dataDir: string): string => join(dataDir, 'tributary.db');

/**
 * The target the server and the admin CLI use: `--database postgres://…` selects PostgreSQL,
 * otherwise the SQLite file in the data folder. Anything else given as `--database` is refused.
 */
export function storageTarget(options: { dataDir?: string; database?: string }): StorageTarget {
  if (options.database !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(options.database))
      throw new Error('--database must be a PostgreSQL URL: postgres://USER:PASSWORD@HOST:PORT/DATABASE');
    return { engine: 'postgres', url: options.database };
  }
  if (options.dataDir === undefined) throw new Error('a data folder (--data) or a database (--database) is needed');
  return { engine: 'sqlite', file: databaseFile(options.dataDir) };
}

/** Opens (creating and migrating) the store a target names. */
export async function openStore(target: StorageTarget, options: StoreOptions = {}): Promise<Store> {
  if (target.engine === 'postgres')
    return PostgresStore.open(target.url, {
      ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
  return SqliteStore.open(target.file, { ...DEFAULT_GROUP_COMMIT, enabled: options.groupCommit ?? true });
}
