import { latestVersion, type Migration } from '../../../../shared/storage/migrations';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-erase-deleted-edits';
import { migration0020 } from './0020-api-tokens';
import { migration0030 } from './0030-speech-policy';
import { migration0060 } from './0060-deactivated-users';
import { migration0065 } from './0065-audit-viewer';
import { migration0110 } from './0110-guidelines';
import { migration0010 } from './0010-cluster';
import { migration0015 } from './0015-search';
import { migration0120 } from './0120-presence';
import { migration0170 } from './0170-pulse';
import { migration0180 } from './0180-team-archive';
import { migration0240 } from './0240-api-token-use';
import { migration0200 } from './0200-profile-photos';
import { migration0190 } from './0190-upload-client-ids';
import { migration0210 } from './0210-membership-history';
import { migration0040 } from './0040-message-tags';
import { migration0070 } from './0070-retention';
import { migration0080 } from './0080-direct-messages';
import { migration0100 } from './0100-integrations';
import { migration0130 } from './0130-integration-events';
import { migration0090 } from './0090-profiles';
import { migration0160 } from './0160-files';
import { migration0071 } from './0071-retention-indexes';

export type { Migration };

/** Every migration, in the order it runs. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0010,
  migration0015,
  migration0020,
  migration0030,
  migration0040,
  migration0060,
  migration0065,
  migration0070,
  migration0071,
  migration0080,
  migration0090,
  migration0100,
  migration0110,
  migration0120,
  migration0130,
  migration0160,
  migration0170,
  migration0180,
  migration0190,
  migration0200,
  migration0210,
  migration0240,
];

/** The schema version this code writes. */
export const LATEST_VERSION = latestVersion(MIGRATIONS);
