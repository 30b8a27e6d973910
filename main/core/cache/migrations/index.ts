import { latestVersion, type Migration } from '../../../../shared/storage/migrations';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-unread-counts';
import { migration0040 } from './0040-message-tags';
import { migration0070 } from './0070-purged-messages';
import { migration0080 } from './0080-direct-participants';
import { migration0100 } from './0100-message-integration';
import { migration0090 } from './0090-profiles';
import { migration0110 } from './0110-guidelines';
import { migration0130 } from './0130-files';
import { migration0135 } from './0135-display-names';
import { migration0140 } from './0140-archived-streams';
import { migration0170 } from './0170-profile-photos';
import { migration0150 } from './0150-staged-uploads';
import { migration0160 } from './0160-pulses';

export type { Migration };

/** Every cache migration, in the order it runs. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0040,
  migration0070,
  migration0080,
  migration0090,
  migration0100,
  migration0110,
  migration0130,
  migration0135,
  migration0140,
  migration0150,
  migration0160,
  migration0170,
];

/** The cache schema version this code writes. */
export const LATEST_VERSION = latestVersion(MIGRATIONS);
