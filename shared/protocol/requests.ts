import { adminSocketRequests } from './admin';
import { auditListRequestSchema, auditListResponseSchema } from './audit';
import { z } from 'zod';
import {
  emojiSchema,
  idSchema,
  MAX_FILES_PER_MESSAGE,
  messageSchema,
  messageSharingSchema,
  organizationSchema,
  promotionSchema,
  promotionScopeSchema,
  promotionViewSchema,
  seqSchema,
  streamEventSchema,
  streamSchema,
  teamSchema,
  userSchema,
} from './entities';
import {
  DEFAULT_MAX_BODY_CHARS,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_SYNC_PAGE,
  MAX_NOTE_CHARS,
  MAX_PERMISSION_IDS,
  MAX_SYNC_PAGE,
} from './limits';
import { messageBodySchema } from './messageBody';
import {
  apiTokenCreateRequestSchema,
  apiTokenCreateResponseSchema,
  apiTokenListRequestSchema,
  apiTokenListResponseSchema,
  apiTokenRevokeRequestSchema,
  apiTokenRevokeResponseSchema,
} from './apiTokens';
import {
  integrationCreateRequestSchema,
  integrationCreateResponseSchema,
  integrationListRequestSchema,
  integrationListResponseSchema,
  integrationRevokeRequestSchema,
  integrationRevokeResponseSchema,
} from './integrations';
import {
  messageHistoryRequestSchema,
  messageHistoryResponseSchema,
  speechPolicyGetRequestSchema,
  speechPolicyResponseSchema,
  speechPolicySetRequestSchema,
} from './governance';
import { directOpenRequestSchema, directOpenResponseSchema } from './directs';
import {
  profileGetRequestSchema,
  profileGetResponseSchema,
  profileUpdateRequestSchema,
  profileUpdateResponseSchema,
} from './profiles';
import {
  retentionGetRequestSchema,
  retentionPeriodRequestSchema,
  retentionPeriodResponseSchema,
  retentionResponseSchema,
  retentionSetRequestSchema,
} from './retention';
import {
  holdListRequestSchema,
  holdListResponseSchema,
  holdPlaceRequestSchema,
  holdReleaseRequestSchema,
  holdResponseSchema,
} from './legalHolds';
import {
  guidelinesAcknowledgeRequestSchema,
  guidelinesAcknowledgementsRequestSchema,
  guidelinesAcknowledgementsResponseSchema,
  guidelinesExportRequestSchema,
  guidelinesExportResponseSchema,
  guidelinesGetRequestSchema,
  guidelinesListRequestSchema,
  guidelinesListResponseSchema,
  guidelinesPublishRequestSchema,
  guidelinesRequireRequestSchema,
  guidelinesResponseSchema,
  guidelinesVersionRequestSchema,
  guidelinesVersionResponseSchema,
} from './guidelines';
import {
  presenceGetRequestSchema,
  presenceListRequestSchema,
  presenceListResponseSchema,
  presenceSetRequestSchema,
  presenceSettingResponseSchema,
  typingSignalRequestSchema,
  typingSignalResponseSchema,
} from './presence';
import { pulseGetRequestSchema, pulseGetResponseSchema } from './pulse';
import { searchRequestSchema, searchResponseSchema } from './search';
import {
  messageTagRequestSchema,
  tagMessagesRequestSchema,
  tagMessagesResponseSchema,
  tagTopRequestSchema,
  tagTopResponseSchema,
} from './tags';

/*
 * Socket requests: every client→server event is `socket.emit(name, payload, ack)`. Each entry pairs the
 * payload schema (validated by the server) with the schema of the success half of the ack.
 * Body length is checked against the server's configured limit (announced in `hello`), not here.
 */

/*
 * Field schemas shared by the socket requests and the IPC contract, so the client core refuses
 * exactly what the server would refuse before anything is queued.
 */

/** A message body: markdown, trimmed, with visible text (its length limit is the server's `maxBodyChars`). */
export { messageBodySchema };
/** The sender-chosen idempotency key of a send or a proposal (a UUIDv7 in practice). */
export const clientIdSchema = z.string().min(8).max(64);
/** A promotion note or decision note. */
export const noteSchema = z.string().trim().max(MAX_NOTE_CHARS);

/** The limits a server enforces, announced in `hello` so clients refuse the same input up front. */
export const serverLimitsSchema = z.object({
  /** Longest message body in UTF-16 code units, after trimming (`--max-body-chars`). */
  maxBodyChars: z.number().int().positive(),
  /** Longest promotion or decision note. */
  maxNoteChars: z.number().int().positive(),
  /** The organization's largest file upload in bytes; optional because servers before files do not send it. */
  maxFileBytes: z.number().int().positive().optional(),
});
export type ServerLimits = z.infer<typeof serverLimitsSchema>;

/** What a client assumes before its first `hello`: the defaults of a server started without flags. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxBodyChars: DEFAULT_MAX_BODY_CHARS,
  maxNoteChars: MAX_NOTE_CHARS,
  maxFileBytes: DEFAULT_MAX_FILE_BYTES,
};

/** Why a (trimmed) body is too long for these limits, or null when it fits. */
export function bodyTooLong(body: string, limits: ServerLimits): string | null {
  return body.length > limits.maxBodyChars ? `longer than ${limits.maxBodyChars} characters` : null;
}

export const helloRequestSchema = z.object({}).strict();
export const helloResponseSchema = z.object({
  user: userSchema,
  org: organizationSchema,
  streams: z.array(streamSchema),
  teams: z.array(teamSchema),
  /** The organization's link policy, so clients can refuse to open what the server would refuse to carry. */
  urlPolicy: z.object({ allow: z.array(z.string()), deny: z.array(z.string()) }),
  limits: serverLimitsSchema,
  serverTime: z.number().int(),
});

export const syncRequestSchema = z
  .object({
    streamId: idSchema,
    afterSeq: seqSchema,
    limit: z.number().int().min(1).max(MAX_SYNC_PAGE).default(DEFAULT_SYNC_PAGE),
  })
  .strict();
export const syncResponseSchema = z.object({
  events: z.array(streamEventSchema),
  hasMore: z.boolean(),
  headSeq: seqSchema,
});

export const historyRequestSchema = z
  .object({
    streamId: idSchema,
    beforeSeq: seqSchema,
    limit: z.number().int().min(1).max(MAX_SYNC_PAGE).default(DEFAULT_SYNC_PAGE),
  })
  .strict();
export const historyResponseSchema = z.object({
  messages: z.array(messageSchema),
  hasMore: z.boolean(),
});

/**
 * `message:send`. With `fileIds` (uploaded by the sender into the same stream, not yet attached) the
 * body may be empty: a message of files only. Without files an empty body is INVALID (field `body`).
 */
export const messageSendRequestSchema = z
  .object({
    streamId: idSchema,
    clientId: clientIdSchema,
    body: z.union([messageBodySchema, z.string().trim().length(0)]),
    threadRootId: idSchema.optional(),
    fileIds: z.array(idSchema).max(MAX_FILES_PER_MESSAGE).optional(),
  })
  .strict()
  .superRefine((request, context) => {
    if (request.body === '' && (request.fileIds ?? []).length === 0) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ['body'], message: 'must not be empty' });
    }
  });
export const messageResponseSchema = z.object({ message: messageSchema });

export const messageEditRequestSchema = z.object({ messageId: idSchema, body: messageBodySchema }).strict();
export const messageDeleteRequestSchema = z.object({ messageId: idSchema }).strict();
export const reactionToggleRequestSchema = z.object({ messageId: idSchema, emoji: emojiSchema }).strict();

export const readMarkRequestSchema = z.object({ streamId: idSchema, seq: seqSchema }).strict();
export const readMarkResponseSchema = z.object({ lastReadSeq: seqSchema });

export const directoryListRequestSchema = z.object({}).strict();
export const directoryListResponseSchema = z.object({
  users: z.array(userSchema),
  teams: z.array(teamSchema),
});

export const promotionProposeRequestSchema = z
  .object({ messageId: idSchema, clientId: clientIdSchema, note: noteSchema.optional() })
  .strict();
export const promotionConsentRequestSchema = z.object({ promotionId: idSchema, accept: z.boolean() }).strict();
export const promotionDecideRequestSchema = z
  .object({ promotionId: idSchema, approve: z.boolean(), note: noteSchema.optional() })
  .strict();
export const promotionIdRequestSchema = z.object({ promotionId: idSchema }).strict();
export const promotionResponseSchema = z.object({ promotion: promotionSchema });
export const promotionListRequestSchema = z.object({ scope: promotionScopeSchema }).strict();
export const promotionListResponseSchema = z.object({ promotions: z.array(promotionViewSchema) });
export const promotionPermissionsRequestSchema = z
  .object({ messageIds: z.array(idSchema).min(1).max(MAX_PERMISSION_IDS) })
  .strict();
export const promotionPermissionsResponseSchema = z.object({ permissions: z.array(messageSharingSchema) });

/** The registry of socket requests: name → payload schema and success-response schema. */
export const socketRequests = {
  hello: { request: helloRequestSchema, response: helloResponseSchema },
  sync: { request: syncRequestSchema, response: syncResponseSchema },
  history: { request: historyRequestSchema, response: historyResponseSchema },
  'message:send': { request: messageSendRequestSchema, response: messageResponseSchema },
  'message:edit': { request: messageEditRequestSchema, response: messageResponseSchema },
  'message:delete': { request: messageDeleteRequestSchema, response: messageResponseSchema },
  'reaction:toggle': { request: reactionToggleRequestSchema, response: messageResponseSchema },
  'read:mark': { request: readMarkRequestSchema, response: readMarkResponseSchema },
  'directory:list': { request: directoryListRequestSchema, response: directoryListResponseSchema },
  'promotion:propose': { request: promotionProposeRequestSchema, response: promotionResponseSchema },
  'promotion:consent': { request: promotionConsentRequestSchema, response: promotionResponseSchema },
  'promotion:decide': { request: promotionDecideRequestSchema, response: promotionResponseSchema },
  'promotion:withdraw': { request: promotionIdRequestSchema, response: promotionResponseSchema },
  'promotion:requestUnpublish': { request: promotionIdRequestSchema, response: promotionResponseSchema },
  'promotion:unpublish': { request: promotionIdRequestSchema, response: promotionResponseSchema },
  'promotion:list': { request: promotionListRequestSchema, response: promotionListResponseSchema },
  'promotion:permissions': { request: promotionPermissionsRequestSchema, response: promotionPermissionsResponseSchema },
  /** Creates a personal API token of the caller; the answer holds its secret, shown only this once. */
  'apitoken:create': { request: apiTokenCreateRequestSchema, response: apiTokenCreateResponseSchema },
  /** The caller's live personal API tokens, newest first (never their secrets). */
  'apitoken:list': { request: apiTokenListRequestSchema, response: apiTokenListResponseSchema },
  /** Revokes one of the caller's personal API tokens; its streams end. */
  'apitoken:revoke': { request: apiTokenRevokeRequestSchema, response: apiTokenRevokeResponseSchema },
  /** Creates an integration of a team stream (curators, org admins); the answer holds its flow token, shown once. */
  'integration:create': { request: integrationCreateRequestSchema, response: integrationCreateResponseSchema },
  /** The live integrations of a team stream, newest first (curators, org admins; never their tokens). */
  'integration:list': { request: integrationListRequestSchema, response: integrationListResponseSchema },
  /** Revokes an integration: its flow token is refused from then on. */
  'integration:revoke': { request: integrationRevokeRequestSchema, response: integrationRevokeResponseSchema },
  'speechPolicy:get': { request: speechPolicyGetRequestSchema, response: speechPolicyResponseSchema },
  'speechPolicy:set': { request: speechPolicySetRequestSchema, response: speechPolicyResponseSchema },
  'message:history': { request: messageHistoryRequestSchema, response: messageHistoryResponseSchema },
  /** The organization's retention settings (org admins). */
  'retention:get': { request: retentionGetRequestSchema, response: retentionResponseSchema },
  /** Sets the org default or one team's retention period (org admins); audited. */
  'retention:set': { request: retentionSetRequestSchema, response: retentionResponseSchema },
  /** How long one stream keeps its messages (its team's override, else the org default), for its readers. */
  'retention:period': { request: retentionPeriodRequestSchema, response: retentionPeriodResponseSchema },
  /** The organization's legal holds, newest first, released ones too unless `activeOnly` (compliance). */
  'hold:list': { request: holdListRequestSchema, response: holdListResponseSchema },
  /** Places a legal hold on a user or a team of the organization (compliance); audited. */
  'hold:place': { request: holdPlaceRequestSchema, response: holdResponseSchema },
  /** Releases an active legal hold (compliance); audited. */
  'hold:release': { request: holdReleaseRequestSchema, response: holdResponseSchema },
  search: { request: searchRequestSchema, response: searchResponseSchema },
  'tag:messages': { request: tagMessagesRequestSchema, response: tagMessagesResponseSchema },
  'tag:top': { request: tagTopRequestSchema, response: tagTopResponseSchema },
  'message:tag': { request: messageTagRequestSchema, response: messageResponseSchema },
  /** The organization's audit trail, newest first, for org admins and compliance. */
  'audit:list': { request: auditListRequestSchema, response: auditListResponseSchema },
  /** Opens the direct conversation with these people: the existing one, or a new one (`created`). */
  'dm:open': { request: directOpenRequestSchema, response: directOpenResponseSchema },
  /** A person's profile with only the fields its owner lets the caller see (hidden ones are absent). */
  'profile:get': { request: profileGetRequestSchema, response: profileGetResponseSchema },
  /** Changes the caller's own profile and per-field visibility; audited. */
  'profile:update': { request: profileUpdateRequestSchema, response: profileUpdateResponseSchema },
  /** The organization's guidelines and those of each of the caller's teams, with the caller's acknowledgements. */
  'guidelines:list': { request: guidelinesListRequestSchema, response: guidelinesListResponseSchema },
  /** One scope's guidelines (the org's, or a team's for its members and org admins). */
  'guidelines:get': { request: guidelinesGetRequestSchema, response: guidelinesResponseSchema },
  /** One published version, current or older (older versions are kept). */
  'guidelines:version': { request: guidelinesVersionRequestSchema, response: guidelinesVersionResponseSchema },
  /** Publishes version N+1 (org admins for the org; a team's curators and org admins for a team). */
  'guidelines:publish': { request: guidelinesPublishRequestSchema, response: guidelinesResponseSchema },
  /** Turns the team setting "posting requires acknowledgement" on or off (curators, org admins). */
  'guidelines:require': { request: guidelinesRequireRequestSchema, response: guidelinesResponseSchema },
  /** The caller acknowledges the current version (CONFLICT for an older one). */
  'guidelines:acknowledge': { request: guidelinesAcknowledgeRequestSchema, response: guidelinesResponseSchema },
  /** Who acknowledged which version: counts and names (curators, org admins). */
  'guidelines:acknowledgements': {
    request: guidelinesAcknowledgementsRequestSchema,
    response: guidelinesAcknowledgementsResponseSchema,
  },
  /** The same as CSV text (RFC 4180, formula-safe). */
  'guidelines:export': { request: guidelinesExportRequestSchema, response: guidelinesExportResponseSchema },
  /** Who is online in a stream the caller reads (never a user who opted out). */
  'presence:list': { request: presenceListRequestSchema, response: presenceListResponseSchema },
  /** The caller's own presence choice. */
  'presence:get': { request: presenceGetRequestSchema, response: presenceSettingResponseSchema },
  /** Opts the caller out of (or back into) being shown online, on all their devices. */
  'presence:set': { request: presenceSetRequestSchema, response: presenceSettingResponseSchema },
  /** Relays "is typing" (or its stop) to the stream's other readers; never stored. */
  'typing:signal': { request: typingSignalRequestSchema, response: typingSignalResponseSchema },
  /** A team's activity per ISO week: posts, replies, active members, promotions and reach (curators, org admins). */
  'pulse:get': { request: pulseGetRequestSchema, response: pulseGetResponseSchema },
  ...adminSocketRequests,
} as const;

export type SocketRequestName = keyof typeof socketRequests;
export type SocketRequest<N extends SocketRequestName> = z.input<(typeof socketRequests)[N]['request']>;
export type SocketRequestParsed<N extends SocketRequestName> = z.output<(typeof socketRequests)[N]['request']>;
export type SocketResponse<N extends SocketRequestName> = z.infer<(typeof socketRequests)[N]['response']>;
export const socketRequestNames = Object.keys(socketRequests) as SocketRequestName[];
