import { z } from 'zod';
import { directOpenRequestSchema, directOpenResponseSchema } from '../protocol/directs';
import {
  profileGetRequestSchema,
  profileGetResponseSchema,
  profileUpdateRequestSchema,
  profileUpdateResponseSchema,
} from '../protocol/profiles';
import {
  guidelinesAcknowledgeRequestSchema,
  guidelinesAcknowledgementsRequestSchema,
  guidelinesAcknowledgementsResponseSchema,
  guidelinesExportRequestSchema,
  guidelinesExportResponseSchema,
  guidelinesVersionRequestSchema,
  guidelinesVersionResponseSchema,
  guidelinesListRequestSchema,
  guidelinesListResponseSchema,
  guidelinesPublishRequestSchema,
  guidelinesRequireRequestSchema,
  guidelinesResponseSchema,
} from '../protocol/guidelines';
import {
  presenceGetRequestSchema,
  presenceListRequestSchema,
  presenceSetRequestSchema,
  presenceSettingResponseSchema,
  typingSignalRequestSchema,
} from '../protocol/presence';
import { idSchema } from '../protocol/entities';

/*
 * The IPC channels of people and community — direct conversations, profiles, guidelines, presence
 * and typing — part of the one contract (`ipcRequests` in contract.ts spreads them in).
 */

/** An answer with nothing in it. */
const ok = z.object({});

export const communityChannels = {
  /**
   * Open the direct conversation with these people (online only: a new one must exist on the server
   * before anything is written in it); the stream is cached before the answer.
   */
  'dm:open': { request: directOpenRequestSchema, response: directOpenResponseSchema },
  /**
   * A person's profile as the server lets me see it: from the server when online (`source: 'server'`),
   * else what it showed me last (`'cache'`, with when; `profile` null when never seen on this computer).
   */
  'profile:get': {
    request: profileGetRequestSchema,
    response: profileGetResponseSchema.extend({
      profile: profileGetResponseSchema.shape.profile.nullable(),
      source: z.enum(['server', 'cache']),
      fetchedAt: z.number().int().nullable(),
    }),
  },
  /** Change my profile and its visibility (online only: offline it is refused, nothing is queued). */
  'profile:update': { request: profileUpdateRequestSchema, response: profileUpdateResponseSchema },
  /** The org's and my teams' guidelines as last synced (offline too), with what I acknowledged. */
  'guidelines:list': { request: guidelinesListRequestSchema, response: guidelinesListResponseSchema },
  /** I have read the current version (online only: refused offline, never queued). */
  'guidelines:acknowledge': { request: guidelinesAcknowledgeRequestSchema, response: guidelinesResponseSchema },
  /** Publish a new version (online only; org admins, a team's curators). */
  'guidelines:publish': { request: guidelinesPublishRequestSchema, response: guidelinesResponseSchema },
  /** The team setting "posting requires acknowledgement" (online only). */
  'guidelines:require': { request: guidelinesRequireRequestSchema, response: guidelinesResponseSchema },
  /** Who acknowledged which version: counts and names (online only). */
  'guidelines:acknowledgements': {
    request: guidelinesAcknowledgementsRequestSchema,
    response: guidelinesAcknowledgementsResponseSchema,
  },
  /** The acknowledgements as CSV text, for a download (online only). */
  'guidelines:export': { request: guidelinesExportRequestSchema, response: guidelinesExportResponseSchema },
  /** An earlier published version, with who published it and when (online only: only the current one is cached). */
  'guidelines:version': { request: guidelinesVersionRequestSchema, response: guidelinesVersionResponseSchema },
  /**
   * Who is online in a stream now (the server's `presence:list`); `live` false offline, with nobody
   * listed: presence is never cached, an old list would be a wrong one.
   */
  'presence:list': {
    request: presenceListRequestSchema,
    response: z.object({ online: z.array(idSchema), live: z.boolean() }),
  },
  /** Whether I am shown online (kept on the server for all my devices; online only). */
  'presence:get': { request: presenceGetRequestSchema, response: presenceSettingResponseSchema },
  /** Opt out of (or back into) being shown online (online only). */
  'presence:set': { request: presenceSetRequestSchema, response: presenceSettingResponseSchema },
  /** "I am typing" or "I stopped" in a stream; dropped when offline (typing is never queued). */
  'typing:signal': { request: typingSignalRequestSchema, response: ok },
} as const;
