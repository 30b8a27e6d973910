import { z } from 'zod';
import {
  emojiSchema,
  idSchema,
  messageSchema,
  messageSharingSchema,
  organizationSchema,
  promotionSchema,
  promotionViewSchema,
  seqSchema,
  streamEventSchema,
  streamSchema,
  teamSchema,
  userSchema,
} from './entities';
import { DEFAULT_SYNC_PAGE, MAX_NOTE_CHARS, MAX_PERMISSION_IDS, MAX_SYNC_PAGE } from './limits';

/*
 * Socket requests: every client→server event is `socket.emit(name, payload, ack)`. Each entry pairs the
 * payload schema (validated by the server) with the schema of the success half of the ack.
 * Body length is checked by the server against its configured limit, not here.
 */

const bodySchema = z.string().trim().min(1, 'must not be empty');
const clientIdSchema = z.string().min(8).max(64);

export const helloRequestSchema = z.object({}).strict();
export const helloResponseSchema = z.object({
  user: userSchema,
  org: organizationSchema,
  streams: z.array(streamSchema),
  teams: z.array(teamSchema),
  /** The organization's link policy, so clients can refuse to open what the server would refuse to carry. */
  urlPolicy: z.object({ allow: z.array(z.string()), deny: z.array(z.string()) }),
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

export const messageSendRequestSchema = z
  .object({
    streamId: idSchema,
    clientId: clientIdSchema,
    body: bodySchema,
    threadRootId: idSchema.optional(),
  })
  .strict();
export const messageResponseSchema = z.object({ message: messageSchema });

export const messageEditRequestSchema = z.object({ messageId: idSchema, body: bodySchema }).strict();
export const messageDeleteRequestSchema = z.object({ messageId: idSchema }).strict();
export const reactionToggleRequestSchema = z.object({ messageId: idSchema, emoji: emojiSchema }).strict();

export const readMarkRequestSchema = z.object({ streamId: idSchema, seq: seqSchema }).strict();
export const readMarkResponseSchema = z.object({ lastReadSeq: seqSchema });

export const directoryListRequestSchema = z.object({}).strict();
export const directoryListResponseSchema = z.object({
  users: z.array(userSchema),
  teams: z.array(teamSchema),
});

const noteSchema = z.string().trim().max(MAX_NOTE_CHARS);

export const promotionProposeRequestSchema = z
  .object({ messageId: idSchema, clientId: clientIdSchema, note: noteSchema.optional() })
  .strict();
export const promotionConsentRequestSchema = z.object({ promotionId: idSchema, accept: z.boolean() }).strict();
export const promotionDecideRequestSchema = z
  .object({ promotionId: idSchema, approve: z.boolean(), note: noteSchema.optional() })
  .strict();
export const promotionIdRequestSchema = z.object({ promotionId: idSchema }).strict();
export const promotionResponseSchema = z.object({ promotion: promotionSchema });
export const promotionListRequestSchema = z.object({ scope: z.enum(['mine', 'queue', 'consent']) }).strict();
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
} as const;

export type SocketRequestName = keyof typeof socketRequests;
export type SocketRequest<N extends SocketRequestName> = z.input<(typeof socketRequests)[N]['request']>;
export type SocketRequestParsed<N extends SocketRequestName> = z.output<(typeof socketRequests)[N]['request']>;
export type SocketResponse<N extends SocketRequestName> = z.infer<(typeof socketRequests)[N]['response']>;
export const socketRequestNames = Object.keys(socketRequests) as SocketRequestName[];
