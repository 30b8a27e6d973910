/*
 * Reading an earlier version of guidelines: asked of the server each time (the cache keeps only the
 * current one), never kept in the store, since only the open history view shows it.
 */
import type { GuidelinesVersion } from '../../../shared/protocol/guidelines';
import { call } from '../api/client';
import { uiError, type UiText } from '../i18n/text';

/** The version, or the error to show (offline: UNAVAILABLE from the core). */
export async function fetchGuidelinesVersion(
  teamId: string | null,
  version: number,
): Promise<{ version: GuidelinesVersion } | { error: UiText }> {
  try {
    return await call('guidelines:version', teamId === null ? { version } : { teamId, version });
  } catch (err) {
    return { error: uiError(err) };
  }
}
