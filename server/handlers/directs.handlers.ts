import { openDirect } from '../domain/directs';
import type { Handler } from './context';

/** `dm:open`: the caller's direct conversation with these people, opened if it is new. */
export const directOpen: Handler<'dm:open'> = async ({ tx, user, effects, now }, { userIds }) =>
  openDirect(tx, user, userIds, effects, now);
