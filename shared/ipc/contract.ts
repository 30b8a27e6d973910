import { z } from 'zod';
import {
  emojiSchema,
  fileRefSchema,
  idSchema,
  MAX_FILES_PER_MESSAGE,
  messageSchema,
  messageSharingSchema,
  promotionSchema,
  promotionScopeSchema,
  promotionViewSchema,
  seqSchema,
  streamSchema,
  teamSchema,
  userSchema,
} from '../protocol/entities';
import type { ApiError } from '../protocol/errors';
import { MAX_PERMISSION_IDS } from '../protocol/limits';
import { notificationSchema } from '../protocol/pushes';
import { clientIdSchema, messageBodySchema, noteSchema, serverLimitsSchema } from '../protocol/requests';
import { searchRequestSchema, searchResultSchema } from '../protocol/search';
import { serverUrlProblem } from '../domain/serverUrl';
import {
  aboutSchema,
  accountSummarySchema,
  cacheInfoSchema,
  settingsChangeSchema,
  settingsSchema,
  syncStateSchema,
} from './accounts';
import {
  apiTokenCreateRequestSchema,
  apiTokenCreateResponseSchema,
  apiTokenListRequestSchema,
  apiTokenListResponseSchema,
  apiTokenRevokeRequestSchema,
  apiTokenRevokeResponseSchema,
} from '../protocol/apiTokens';
import {
  integrationCreateRequestSchema,
  integrationCreateResponseSchema,
  integrationListRequestSchema,
  integrationListResponseSchema,
  integrationRevokeRequestSchema,
  integrationRevokeResponseSchema,
} from '../protocol/integrations';
import { speechPolicySchema } from '../domain/speechPolicy';
import { messageHistoryResponseSchema } from '../protocol/governance';
import { retentionPeriodRequestSchema, retentionPeriodResponseSchema } from '../protocol/retention';
import { adminChannels } from './adminChannels';
import { communityChannels } from './communityChannels';
import { fileChannels, filePushes } from './fileChannels';
import { complianceChannels, exportProgressSchema } from './compliance';
import { profilePhotoChannels } from './profilePhotoChannels';
import { pulseChannels } from './pulseChannels';
import { presenceChangedSchema, typingChangeSchema } from '../protocol/presence';
import { auditListRequestSchema, auditListResponseSchema } from '../protocol/audit';
import {
  messageTagRequestSchema,
  tagCountSchema,
  tagMessagesRequestSchema,
  tagTopRequestSchema,
} from '../protocol/tags';

/*
 * The one contract between the renderer and the client core. Main validates every request with it,
 * the preload allow-lists its channel names, the browser host bridges the very same entries, and the
 * renderer's API module is typed by it. Requests are `invoke`; pushes are events; nothing is sync.
 */

export const outboxStatusSchema = z.enum(['sent', 'pending', 'failed']);

/** A message as the UI shows it: the cached state plus the local outbox state. */
export const messageViewSchema = messageSchema.extend({
  status: outboxStatusSchema,
  /** Why a failed send was refused for good: `CODE: message`, the ErrorCode first (the UI translates the code). */
  failureReason: z.string().nullable(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

export const sessionStateSchema = z.object({
  /** An account is open: its cache is shown, whether or not the server still accepts its token. */
  signedIn: z.boolean(),
  /** The active account (its user id), or null. */
  accountId: idSchema.nullable(),
  user: userSchema.nullable(),
  orgName: z.string().nullable(),
  serverUrl: z.string().nullable(),
  /**
   * Login screen prefill: the local server, and the demo organization's accounts, which the login
   * screen offers only for a server whose `server:info` says it runs the demo.
   */
  defaults: z.object({ serverUrl: z.string(), demoAccounts: z.array(z.string()) }),
  /** A notice for the user, e.g. that a damaged cache was set aside and rebuilt. */
  notice: z.string().nullable(),
  /** The signed-in server's limits from its last `hello` (defaults before the first one). */
  limits: serverLimitsSchema,
  /** The active account has no valid token: its cache is readable, syncing needs the password again. */
  needsPassword: z.boolean(),
  /** The active account's email, to prefill a sign-in again. */
  email: z.string().nullable(),
  /** Tokens would be stored in plain text: the user has yet to say whether to keep them (asked once). */
  askTokenStorage: z.boolean(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const syncStatusSchema = z.object({
  /** The account this status is about; null when no account is open. */
  accountId: idSchema.nullable(),
  state: syncStateSchema,
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

/** Messages the app reads per page from the cache (`message:list` limit of the renderer's stream view). */
export const MESSAGE_PAGE_SIZE = 100;

const empty = z.object({}).strict();
/** A server URL the client may talk to: https://, or plain http:// on this computer only. */
const loginServerUrlSchema = z
  .string()
  .max(2048)
  .superRefine((url, ctx) => {
    const problem = serverUrlProblem(url);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const ok = z.object({});
const promotionAnswer = z.object({ promotion: promotionSchema });
/** Where a tag view's answer came from: the server (complete) or this computer's cache (offline). */
const tagSourceSchema = z.enum(['server', 'cache']);

/*
 * Channel names are `domain:verb` with a singular domain; a channel that forwards a socket request
 * carries that request's name (`message:send` here and on the socket), so one name means one operation
 * end to end. Field schemas come from shared/protocol, so the core refuses what the server would.
 */
export const ipcRequests = {
  /** Who is signed in, the login defaults and the server's limits. */
  'session:get': { request: empty, response: sessionStateSchema },
  /**
   * Log in to a server; opens (or rebuilds) this account's cache, starts syncing and makes it the active
   * account. Other open accounts stay signed in; the same account again only renews its token. Plain
   * http:// is refused except on loopback (`serverUrl` INVALID), so a password never crosses a network
   * unencrypted. A deactivated account answers DEACTIVATED and its local data is removed.
   */
  'session:login': {
    request: z
      .object({
        serverUrl: loginServerUrlSchema,
        email: z.string().trim().min(3).max(254),
        password: z.string().min(1).max(1024),
      })
      .strict(),
    response: sessionStateSchema,
  },
  /**
   * What the server at this URL announces about itself before sign-in (`GET /api/info`): `demo` only
   * when it runs the demo organization. `serverUrl` INVALID as for `session:login`; UNAVAILABLE when it
   * cannot be reached; an answer without the flag counts as `demo: false`.
   */
  'server:info': {
    request: z.object({ serverUrl: loginServerUrlSchema }).strict(),
    response: z.object({ demo: z.boolean() }),
  },
  /**
   * Sign out of one account (default: the active one): revokes its token on the server and stops its
   * sync. The cache stays for next time unless `removeLocalData`, which deletes the cache and its key.
   */
  'session:logout': {
    request: z.object({ accountId: idSchema.optional(), removeLocalData: z.boolean().default(false) }).strict(),
    response: sessionStateSchema,
  },
  /** Every account the app knows, with its sync state and unread counts (the account switcher). */
  'account:list': { request: empty, response: z.object({ accounts: z.array(accountSummarySchema) }) },
  /** Make another open account the active one: the window shows its streams. */
  'account:switch': { request: z.object({ accountId: idSchema }).strict(), response: sessionStateSchema },
  /** Reconnect every account now instead of waiting out the backoff (Retry now, focus, network back). */
  'sync:retryNow': { request: empty, response: ok },
  /** The user's settings. */
  'settings:get': { request: empty, response: settingsSchema },
  /** Change some settings; answers all of them. */
  'settings:set': { request: settingsChangeSchema, response: settingsSchema },
  /** The active account's cache on disk: folder, size, whether it is encrypted. */
  'cache:get': { request: empty, response: cacheInfoSchema },
  /** Deletes the active account's cache and fetches it again from the server; unsent messages are kept. */
  'cache:clear': { request: empty, response: cacheInfoSchema },
  /** Versions, where the logs are, and how desktop notifications are shown. */
  'app:about': { request: empty, response: aboutSchema },
  /** Streams from the cache, org stream first, with unread and mention counts. */
  'stream:list': { request: empty, response: z.object({ streams: z.array(streamSchema) }) },
  /** Latest top-level messages of a stream from the cache (plus pending sends), oldest first. */
  'message:list': {
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
  'message:fetchOlder': {
    request: z.object({ streamId: idSchema }).strict(),
    response: z.object({ fetched: z.number().int().nonnegative(), hasMore: z.boolean() }),
  },
  /** A thread: its root and replies, oldest first. */
  'thread:get': {
    request: z.object({ rootId: idSchema }).strict(),
    response: z.object({ root: messageViewSchema.nullable(), replies: z.array(messageViewSchema) }),
  },
  /**
   * Queue a message in the outbox; it shows at once as pending and is sent when online. A body over
   * the server's `maxBodyChars` is refused here (INVALID `body`), never queued.
   */
  'message:send': {
    request: z
      .object({
        streamId: idSchema,
        // empty only with files: a message of attachments alone
        body: z.union([messageBodySchema, z.string().trim().length(0)]),
        threadRootId: idSchema.optional(),
        /** Files uploaded with `file:upload` into this stream, attached to this message. */
        files: z.array(fileRefSchema).max(MAX_FILES_PER_MESSAGE).optional(),
        /**
         * Files fully staged (`file:stage`, `file:chunk`) but not uploaded (offline, or the upload was
         * cut): the message takes them along, after `files`, and the outbox uploads them before sending.
         */
        uploadIds: z.array(z.string().uuid()).max(MAX_FILES_PER_MESSAGE).optional(),
      })
      .strict()
      .refine((r) => r.body !== '' || (r.files?.length ?? 0) + (r.uploadIds?.length ?? 0) > 0, {
        message: 'must not be empty without files',
        path: ['body'],
      })
      .refine((r) => (r.files?.length ?? 0) + (r.uploadIds?.length ?? 0) <= MAX_FILES_PER_MESSAGE, {
        message: `at most ${MAX_FILES_PER_MESSAGE} files`,
        path: ['uploadIds'],
      }),
    response: z.object({ clientId: z.string() }),
  },
  /** Edit my message (online only); the change arrives through the stream's log. */
  'message:edit': {
    request: z.object({ messageId: idSchema, body: messageBodySchema }).strict(),
    response: ok,
  },
  /** Delete a message (online only); the tombstone arrives through the stream's log. */
  'message:delete': { request: z.object({ messageId: idSchema }).strict(), response: ok },
  /** Add or remove my reaction (online only). */
  'reaction:toggle': { request: z.object({ messageId: idSchema, emoji: emojiSchema }).strict(), response: ok },
  /** Move my read marker forward; works offline and is pushed to the server later. */
  'read:mark': { request: z.object({ streamId: idSchema, seq: seqSchema }).strict(), response: ok },
  /** Retry a failed outbox item, optionally with an edited body. */
  'outbox:retry': {
    request: z.object({ clientId: clientIdSchema, body: messageBodySchema.optional() }).strict(),
    response: ok,
  },
  /** Drop a failed outbox item, or a send still waiting for its files to upload (its staged files go too). */
  'outbox:discard': { request: z.object({ clientId: clientIdSchema }).strict(), response: ok },
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
  /** The organization's people and teams from the cache. */
  'directory:list': {
    request: empty,
    response: z.object({ users: z.array(userSchema), teams: z.array(teamSchema) }),
  },
  /** Propose a message for the organization (queued in the outbox when offline). */
  'promotion:propose': {
    request: z.object({ messageId: idSchema, note: noteSchema.optional() }).strict(),
    response: z.object({ clientId: z.string() }),
  },
  /** A promotion list with the steps the server lets me take on each (none offline: decisions need the server). */
  'promotion:list': {
    request: z.object({ scope: promotionScopeSchema }).strict(),
    response: z.object({ promotions: z.array(promotionViewSchema) }),
  },
  /** Per message, whether the server lets me propose it or unpublish its org copy (empty offline). */
  'promotion:permissions': {
    request: z.object({ messageIds: z.array(idSchema).min(1).max(MAX_PERMISSION_IDS) }).strict(),
    response: z.object({ permissions: z.array(messageSharingSchema) }),
  },
  /** The author accepts or declines a proposal of their message. */
  'promotion:consent': {
    request: z.object({ promotionId: idSchema, accept: z.boolean() }).strict(),
    response: promotionAnswer,
  },
  /** A curator approves (publishes) or declines. */
  'promotion:decide': {
    request: z.object({ promotionId: idSchema, approve: z.boolean(), note: noteSchema.optional() }).strict(),
    response: promotionAnswer,
  },
  /** The author or proposer withdraws a pending proposal. */
  'promotion:withdraw': { request: z.object({ promotionId: idSchema }).strict(), response: promotionAnswer },
  /** The author asks the curators to take a published copy down. */
  'promotion:requestUnpublish': {
    request: z.object({ promotionId: idSchema }).strict(),
    response: promotionAnswer,
  },
  /** A curator takes a published copy down. */
  'promotion:unpublish': { request: z.object({ promotionId: idSchema }).strict(), response: promotionAnswer },
  /** Open a link in the system browser if the URL policy allows it. */
  'link:open': {
    request: z.object({ url: z.string().max(4096) }).strict(),
    response: z.object({ opened: z.boolean(), reason: z.string().nullable() }),
  },
  /** Create a personal API token for bots (online only); the answer holds its secret, shown this once. */
  'apitoken:create': { request: apiTokenCreateRequestSchema, response: apiTokenCreateResponseSchema },
  /** My live personal API tokens (online only; never their secrets). */
  'apitoken:list': { request: apiTokenListRequestSchema, response: apiTokenListResponseSchema },
  /** Revoke one of my personal API tokens (online only). */
  'apitoken:revoke': { request: apiTokenRevokeRequestSchema, response: apiTokenRevokeResponseSchema },
  /** Create an integration of a team stream (curators, org admins; online only); its flow token is shown this once. */
  'integration:create': { request: integrationCreateRequestSchema, response: integrationCreateResponseSchema },
  /** A team stream's live integrations (online only; never their tokens). */
  'integration:list': { request: integrationListRequestSchema, response: integrationListResponseSchema },
  /** Revoke an integration (online only): its flow token is refused from then on. */
  'integration:revoke': { request: integrationRevokeRequestSchema, response: integrationRevokeResponseSchema },
  /** The organization's speech policy as last synced (who may post in the org stream, who may mention many). */
  'speechPolicy:get': { request: empty, response: z.object({ policy: speechPolicySchema }) },
  /** Every version of a message with time and editor (online only; author, team curators, compliance). */
  'message:history': { request: z.object({ messageId: idSchema }).strict(), response: messageHistoryResponseSchema },
  /** How long a stream keeps its messages (the socket request of the same name; online only). */
  'retention:period': { request: retentionPeriodRequestSchema, response: retentionPeriodResponseSchema },
  /** The organization's audit trail, newest first, filtered and paged (online only; org admins and compliance). */
  'audit:list': { request: auditListRequestSchema, response: auditListResponseSchema },
  /**
   * The server's full-text search of everything I may read (the socket request `search`, one page,
   * newest first). Offline, or when the server cannot be reached, `online` is false and there are no hits.
   */
  'search:server': {
    request: searchRequestSchema,
    response: z.object({ online: z.boolean(), hits: z.array(searchResultSchema), nextCursor: z.string().nullable() }),
  },
  /**
   * Every message with a tag across my streams, newest first, with the count: from the server when
   * online (`source: 'server'`), else from the cache (`'cache'`: only what this computer holds).
   */
  'tag:messages': {
    request: tagMessagesRequestSchema,
    response: z.object({
      tag: z.string(),
      count: z.number().int().nonnegative(),
      messages: z.array(messageSchema),
      hasMore: z.boolean(),
      source: tagSourceSchema,
    }),
  },
  /** A stream's most used tags (server when online, else the cache), most used first. */
  'tag:top': {
    request: tagTopRequestSchema,
    response: z.object({ tags: z.array(tagCountSchema), source: tagSourceSchema }),
  },
  /** Add a tag to a posted message, or take an added one off (online only; arrives through the log). */
  'message:tag': { request: messageTagRequestSchema, response: ok },
  ...communityChannels,
  ...fileChannels,
  ...complianceChannels,
  ...pulseChannels,
  ...profilePhotoChannels,
  ...adminChannels,
} as const;

export type IpcChannel = keyof typeof ipcRequests;
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcRequests)[C]['request']>;
export type IpcRequestParsed<C extends IpcChannel> = z.output<(typeof ipcRequests)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof ipcRequests)[C]['response']>;
export const ipcChannels = Object.keys(ipcRequests) as IpcChannel[];

/** Whether an untrusted name (from a page, a frame, a preload call) is a channel of the contract. */
export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && Object.hasOwn(ipcRequests, name);
}

/**
 * What changed in the cache. The renderer re-reads only what it shows: `streams` the sidebar,
 * `messages`/`outbox` the open stream and thread, `promotions` the sharing lists, `directory` people and
 * teams, `session` who is signed in and the server's limits, `accounts` the account switcher, `settings`
 * the settings, `guidelines` the guidelines and acknowledgements.
 */
export const changeKindSchema = z.enum([
  'streams',
  'messages',
  'outbox',
  'promotions',
  'directory',
  'session',
  'accounts',
  'settings',
  'policy',
  'guidelines',
  /** Someone's photo changed (or its visibility): avatars re-read theirs. */
  'photos',
]);
export type ChangeKind = z.infer<typeof changeKindSchema>;

/**
 * What changed in the cache since the last push: at most one push per event-loop turn, with the kinds
 * and stream ids of every change in it merged. `streamIds` empty means "any stream".
 */
export const dataChangedSchema = z.object({
  /** The account whose cache changed; null for app-wide changes (accounts added or removed, settings). */
  accountId: idSchema.nullable(),
  streamIds: z.array(idSchema),
  kinds: z.array(changeKindSchema),
});
export type DataChanged = z.infer<typeof dataChangedSchema>;

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

/**
 * A notification for the user: the server's (a mention, a promotion) or, for a stream set to notify
 * on every message, a `message` the core saw arrive live. Each names its account; the user's
 * notification levels were applied before it was pushed.
 */
export const appNotificationSchema = notificationSchema.extend({
  kind: z.enum(['mention', 'promotion', 'message']),
  accountId: idSchema,
});
export type AppNotification = z.infer<typeof appNotificationSchema>;

export const ipcPushes = {
  'sync:status': syncStatusSchema,
  'data:changed': dataChangedSchema,
  notification: appNotificationSchema,
  'ui:command': uiCommandSchema,
  /** Readers of a stream of an account came online or went offline (live only, never cached). */
  'presence:changed': presenceChangedSchema.extend({ accountId: idSchema }),
  /**
   * Another reader of a stream of an account started or stopped typing (live only, never stored): one
   * event per change of the server's coalesced push, in its order.
   */
  'typing:changed': typingChangeSchema.extend({ streamId: idSchema, accountId: idSchema }),
  ...filePushes,
  /** A console export download's progress: rows done of total, then done, failed or cancelled. */
  'export:progress': exportProgressSchema,
} as const;
export type IpcPushName = keyof typeof ipcPushes;
export type IpcPush<N extends IpcPushName> = z.infer<(typeof ipcPushes)[N]>;
export const ipcPushNames = Object.keys(ipcPushes) as IpcPushName[];

/** Whether an untrusted name is a push of the contract. */
export function isIpcPushName(name: unknown): name is IpcPushName {
  return typeof name === 'string' && Object.hasOwn(ipcPushes, name);
}

/**
 * One request's answer. Errors cross the IPC boundary as the protocol's `ApiError` shape (Electron
 * strips custom error fields), the same shape a socket ack carries.
 */
export type IpcResult<C extends IpcChannel> = { ok: true; value: IpcResponse<C> } | { ok: false; error: ApiError };

/**
 * The contract as an object: what the client core implements, what the preload and the browser bridge
 * expose as `window.tributary`, and what both hosts carry. `invoke` never rejects.
 */
export interface TributaryApi {
  /** Validates the request with `ipcRequests` and answers it; never throws. */
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<C>>;
  /** Subscribes to a push; returns the unsubscribe function. */
  on<N extends IpcPushName>(name: N, listener: (payload: IpcPush<N>) => void): () => void;
}
