import { latestVersion, type Migration } from '../../../shared/storage/migrations';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-erase-deleted-edits';
import { migration0003 } from './0003-deactivated-users';

export type { Migration };

/** Every migration, in the order it runs. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003];

/** The schema version this code writes. */
export const LATEST_VERSION = latestVersion(MIGRATIONS);
