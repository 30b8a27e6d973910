import { z } from 'zod';
import { pulseGetRequestSchema, pulseGetResponseSchema } from '../protocol/pulse';

/*
 * The IPC channel of the team pulse, part of the one contract (`ipcRequests` in contract.ts spreads
 * it in). The core keeps the last pulse fetched per team stream and period in its cache: offline it
 * answers with that one and when it was fetched (the pulse carries when the server computed it), or
 * with none ("needs the server").
 */

export const pulseChannels = {
  /**
   * A team's pulse (curators, org admins): from the server when online (`source: 'server'`), else the
   * last one kept in the cache for this team and period (`'cache'`; `pulse` null when none).
   */
  'pulse:get': {
    request: pulseGetRequestSchema,
    response: z.object({
      pulse: pulseGetResponseSchema.nullable(),
      source: z.enum(['server', 'cache']),
      fetchedAt: z.number().int().nullable(),
    }),
  },
} as const;
