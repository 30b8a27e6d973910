import { migration0001 } from './0001-initial';

/** One schema step; `version` is what PRAGMA user_version holds once it has run. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** Every cache migration, in the order it runs. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0001];

/** The cache schema version this code writes. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
