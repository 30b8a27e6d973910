import { cachedSpeechPolicy } from '../cache/speechPolicy';
import type { Handler } from './context';

/** `speechPolicy:get`: who may post in the org stream and mention many, from the cache (offline too). */
export const speechPolicyGet: Handler<'speechPolicy:get'> = (ctx) => ({
  policy: cachedSpeechPolicy(ctx.account().db),
});
