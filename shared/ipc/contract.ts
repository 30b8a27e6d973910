import { z } from 'zod';
import {
  idSchema,
  messageSchema,
  promotionSchema,
  seqSchema,
  streamSchema,
  teamSchema,
  userSchema,
} from '../protocol/entities';
import { errorCodeSchema } from '../protocol/errors';
import { notificationSchema } from '../protocol/pushes';

/*
 * The one contract between the renderer and the client core. Main validates every request with it,
 * the preload allow-lists its channel names, the browser host bridges the very same entries, and the
 * renderer's API module is typed by it. Requests are `invoke`; pushes are events; nothing is sync.
 */

export const outboxStatusSchema = z.enum(['sent', 'pending', 'failed']);

/** A message as the UI shows it: the cached state plus the local outbox state. */
export const messageViewSchema = messageSchema.extend({
  status: outboxStatusSchema,
  failureReason: z.string().nullable(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

export const sessionStateSchema = z.object({
  signedIn: z.boolean(),
  user: userSchema.nullable(),
  orgName: z.string().nullable(),
  serverUrl: z.string().nullable(),
  /** Login screen prefill: the local server and the demo accounts, when known. */
  defaults: z.object({ serverUrl: z.string(), demoAccounts: z.array(z.string()) }),
  /** A notice for the user, e.g. that a damaged cache was set aside and rebuilt. */
  notice: z.string().nullable(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const syncStatusSchema = z.object({
  state: z.enum(['signedOut', 'offline', 'connecting', 'catchingUp', 'live']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  pendingCount: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** A search snippet as segments, so highlights render without any HTML. */
export const snippetSchema = z.array(z.object({ text: z.string(), highlight: z.boolean() }));
export const searchHitSchema = z.object({
  message: messageSchema,
  streamName: z.string(),
  snippet: snippetSchema,
});
export type SearchHit = z.infer<typeof searchHitSchema>;

/** Messages the app reads per page from the cache (`messages:list` limit of the renderer's stream view). */
export const MESSAGE_PAGE_SIZE = 100;

const empty = z.object({}).strict();
const ok = z.object({});

export const ipcRequests = {
  /** Who is signed in, and the login defaults. */
  'session:get': { request: empty, response: sessionStateSchema },
  /** Log in to a server; opens (or rebuilds) this account's cache and starts syncing. */
  'session:login': {
    request: z
      .object({
        serverUrl: z.string().url().max(2048),
        email: z.string().trim().min(3).max(254),
        password: z.string().min(1).max(1024),
      })
      .strict(),
    response: sessionStateSchema,
  },
  /** Log out: revokes the token on the server and stops syncing; the cache stays for next time. */
  'session:logout': { request: empty, response: sessionStateSchema },
  /** Streams from the cache, org stream first, with unread and mention counts. */
  'streams:list': { request: empty, response: z.object({ streams: z.array(streamSchema) }) },
  /** Latest top-level messages of a stream from the cache (plus pending sends), oldest first. */
  'messages:list': {
    request: z
      .object({
        streamId: idSchema,
        beforeSeq: seqSchema.optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    response: z.object({ messages: z.array(messageViewSchema), hasMore: z.boolean() }),
  },
  /** Fetch older history of a stream from the server into the cache (online only). */
  'messages:fetchOlder': {
    request: z.object({ streamId: idSchema }).strict(),
    response: z.object({ fetched: z.number().int().nonnegative(), hasMore: z.boolean() }),
  },
  /** A thread: its root and replies, oldest first. */
  'thread:get': {
    request: z.object({ rootId: idSchema }).strict(),
    response: z.object({ root: messageViewSchema.nullable(), replies: z.array(messageViewSchema) }),
  },
  /** Queue a message in the outbox; it shows at once as pending and is sent when online. */
  'messages:send': {
    request: z
      .object({
        streamId: idSchema,
        body: z.string().trim().min(1).max(100_000),
        threadRootId: idSchema.optional(),
      })
      .strict(),
    response: z.object({ clientId: z.string() }),
  },
  'messages:edit': {
    request: z.object({ messageId: idSchema, body: z.string().trim().min(1).max(100_000) }).strict(),
    response: ok,
  },
  'messages:delete': { request: z.object({ messageId: idSchema }).strict(), response: ok },
  'reactions:toggle': {
    request: z.object({ messageId: idSchema, emoji: z.string().min(1).max(32) }).strict(),
    response: ok,
  },
  'read:mark': { request: z.object({ streamId: idSchema, seq: seqSchema }).strict(), response: ok },
  /** Retry a failed outbox item, optionally with an edited body. */
  'outbox:retry': {
    request: z
      .object({ clientId: z.string().min(1).max(64), body: z.string().trim().min(1).max(100_000).optional() })
      .strict(),
    response: ok,
  },
  'outbox:discard': { request: z.object({ clientId: z.string().min(1).max(64) }).strict(), response: ok },
  /** Full-text search of the local cache; works offline. */
  'search:query': {
    request: z
      .object({
        query: z.string().trim().min(1).max(500),
        streamId: idSchema.optional(),
        authorId: idSchema.optional(),
        after: z.number().int().optional(),
        before: z.number().int().optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    response: z.object({ hits: z.array(searchHitSchema) }),
  },
  'directory:list': {
    request: empty,
    response: z.object({ users: z.array(userSchema), teams: z.array(teamSchema) }),
  },
  /** Propose a message for the organization (queued in the outbox when offline). */
  'promotions:propose': {
    request: z.object({ messageId: idSchema, note: z.string().trim().max(2000).optional() }).strict(),
    response: z.object({ clientId: z.string() }),
  },
  'promotions:list': {
    request: z.object({ scope: z.enum(['mine', 'queue', 'consent']) }).strict(),
    response: z.object({ promotions: z.array(promotionSchema) }),
  },
  'promotions:consent': {
    request: z.object({ promotionId: idSchema, accept: z.boolean() }).strict(),
    response: z.object({ promotion: promotionSchema }),
  },
  'promotions:decide': {
    request: z
      .object({ promotionId: idSchema, approve: z.boolean(), note: z.string().trim().max(2000).optional() })
      .strict(),
    response: z.object({ promotion: promotionSchema }),
  },
  'promotions:withdraw': {
    request: z.object({ promotionId: idSchema }).strict(),
    response: z.object({ promotion: promotionSchema }),
  },
  'promotions:requestUnpublish': {
    request: z.object({ promotionId: idSchema }).strict(),
    response: z.object({ promotion: promotionSchema }),
  },
  'promotions:unpublish': {
    request: z.object({ promotionId: idSchema }).strict(),
    response: z.object({ promotion: promotionSchema }),
  },
  /** Open a link in the system browser if the URL policy allows it. */
  'links:open': {
    request: z.object({ url: z.string().max(4096) }).strict(),
    response: z.object({ opened: z.boolean(), reason: z.string().nullable() }),
  },
} as const;

export type IpcChannel = keyof typeof ipcRequests;
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcRequests)[C]['request']>;
export type IpcRequestParsed<C extends IpcChannel> = z.output<(typeof ipcRequests)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof ipcRequests)[C]['response']>;
export const ipcChannels = Object.keys(ipcRequests) as IpcChannel[];

/** What changed in the cache; the renderer re-reads only what it shows. */
export const dataChangedSchema = z.object({
  streamIds: z.array(idSchema),
  kinds: z.array(z.enum(['streams', 'messages', 'outbox', 'promotions', 'directory', 'session'])),
});

/**
 * Desktop shell → renderer: what to show after a menu shortcut, a notification click or a
 * tributary:// link. Only the Electron host sends it; the browser host's pages handle keys themselves.
 */
export const uiCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('openStream'), streamId: idSchema }),
  z.object({ kind: z.literal('openMessage'), messageId: idSchema, streamId: idSchema.nullable() }),
  z.object({ kind: z.literal('openSwitcher') }),
  z.object({ kind: z.literal('openSearch') }),
]);
export type UiCommand = z.infer<typeof uiCommandSchema>;

export const ipcPushes = {
  'sync:status': syncStatusSchema,
  'data:changed': dataChangedSchema,
  notification: notificationSchema,
  'ui:command': uiCommandSchema,
} as const;
export type IpcPushName = keyof typeof ipcPushes;
export type IpcPush<N extends IpcPushName> = z.infer<(typeof ipcPushes)[N]>;
export const ipcPushNames = Object.keys(ipcPushes) as IpcPushName[];

/** Errors cross the IPC boundary as this shape (Electron strips custom error fields). */
export const ipcErrorSchema = z.object({ code: errorCodeSchema, message: z.string(), field: z.string().optional() });
export type IpcError = z.infer<typeof ipcErrorSchema>;
export type IpcResult<C extends IpcChannel> = { ok: true; value: IpcResponse<C> } | { ok: false; error: IpcError };

/** The API the preload (or the browser bridge) exposes as `window.tributary`. */
export interface TributaryApi {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<C>>;
  on<N extends IpcPushName>(name: N, listener: (payload: IpcPush<N>) => void): () => void;
}
