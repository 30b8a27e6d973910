import { z } from 'zod';
import { pulseGetRequestSchema, pulseGetResponseSchema } from '../protocol/pulse';

/*
 * The IPC channel of the team pulse, part of the one contract (`ipcRequests` in contract.ts spreads
 * it in). A pulse is not cached on disk: offline the core answers with the last one it fetched in
 * this session, from memory, with when; or with none ("needs the server").
 */

export const pulseChannels = {
  /**
   * A team's pulse (curators, org admins): from the server when online (`source: 'server'`), else the
   * last one fetched for this team and period in this session (`'memory'`; `pulse` null when none).
   */
  'pulse:get': {
    request: pulseGetRequestSchema,
    response: z.object({
      pulse: pulseGetResponseSchema.nullable(),
      source: z.enum(['server', 'memory']),
      fetchedAt: z.number().int().nullable(),
    }),
  },
} as const;
