import { DEFAULT_SPEECH_POLICY, speechPolicySchema, type SpeechPolicy } from '../../../shared/domain/speechPolicy';
import type { Db } from './database';
import { getAccountValue, setAccountValue } from './directory';

const KEY = 'speechPolicy';

/**
 * The organization's speech policy as last heard from the server (the default before that, which is
 * what a server that never changed it enforces): the composer explains it offline too.
 */
export function cachedSpeechPolicy(db: Db): SpeechPolicy {
  const stored = getAccountValue(db, KEY);
  const parsed = stored ? speechPolicySchema.safeParse(JSON.parse(stored)) : null;
  return parsed?.success ? parsed.data : DEFAULT_SPEECH_POLICY;
}

/** Keeps the speech policy the server announced; true when it differs from the cached one. */
export function storeSpeechPolicy(db: Db, policy: SpeechPolicy): boolean {
  const value = JSON.stringify(policy);
  if (getAccountValue(db, KEY) === value) return false;
  setAccountValue(db, KEY, value);
  return true;
}
