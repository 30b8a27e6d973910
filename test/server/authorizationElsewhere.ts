/*
 * Requests whose authorization matrix lives in a file of its own (test/server/authorization.<topic>.test.ts)
 * rather than in authorization.test.ts, which counts them as covered.
 */
import type { SocketRequestName } from '../../shared/protocol/index';

export const MATRIX_IN_OWN_FILE: readonly SocketRequestName[] = [
  // authorization.pulse.test.ts
  'pulse:get',
];
