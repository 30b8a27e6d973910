import type { MessageView } from '../../../shared/ipc/contract';
import { requireGuidelinesAllowPosting } from './guidelines.handlers';
import { newMessage, type Message, type User } from '../../../shared/protocol/entities';
import { ProtocolError } from '../../../shared/protocol/errors';
import { storeMessages } from '../cache/apply';
import { getMessage, listReplies, listTopLevel } from '../cache/messages';
import { listSends, rowFiles, type OutboxRow } from '../cache/outbox';
import { insertStagedUploads } from '../cache/stagedUploads';
import { claimStagedUploads } from '../files/offlineAttachments';
import { releaseStaged } from '../files/uploads';
import { getCursor, setHistoryFloor } from '../cache/streams';
import { unwrap, type Handler } from './context';
import { queueItem, requireBodyFits } from './outbox.handlers';
import { requireStream } from './streams.handlers';

/** Messages of one page asked from the server when scrolling back past the cache. */
const HISTORY_PAGE = 200;

function sent(m: Message): MessageView {
  // not `{ ...m, status, … }`: V8 builds a spread plus extra keys ~10× slower (0.6 ms per 100-row page)
  return Object.assign({}, m, { status: 'sent' as const, failureReason: null });
}

/**
 * An outbox send shown as a message: its clientId doubles as a provisional id (both are UUIDv7), and
 * seq 0 marks it as not yet placed in the stream's log.
 */
function pendingView(row: OutboxRow, userId: string, user: User | null): MessageView {
  const message = newMessage({
    id: row.client_id,
    streamId: row.stream_id,
    seq: 0,
    authorId: userId,
    authorName: user?.name ?? '',
    clientId: row.client_id,
    body: row.body,
    threadRootId: row.thread_root_id,
    createdAt: row.created_at,
  });
  if (row.files) message.files = rowFiles(row);
  return { ...message, status: row.status, failureReason: row.failure_reason };
}

/** `message:list`: the latest (or older) top-level messages from the cache, plus pending sends. */
export const messageList: Handler<'message:list'> = (ctx, req) => {
  const acc = ctx.account();
  const page = listTopLevel(acc.db, req.streamId, req.beforeSeq, req.limit);
  const floor = getCursor(acc.db, req.streamId)?.historyFloor ?? 0;
  const views = page.messages.map(sent);
  if (req.beforeSeq === undefined)
    for (const row of listSends(acc.db, { streamId: req.streamId })) views.push(pendingView(row, acc.userId, acc.user));
  return { messages: views, hasMore: page.hasMore || floor > 0 };
};

/** `message:fetchOlder`: one page of server history below the cache's floor. */
export const messageFetchOlder: Handler<'message:fetchOlder'> = async (ctx, req) => {
  const acc = ctx.account();
  const cursor = getCursor(acc.db, req.streamId);
  if (!cursor) throw new ProtocolError('NOT_FOUND', 'unknown stream', 'streamId');
  if (cursor.historyFloor === 0) return { fetched: 0, hasMore: false };
  // not the lowest cached seq: live edits of old messages put rows far below the floor
  const before = cursor.historyFloor + 1;
  const res = unwrap(
    await acc.engine.request('history', { streamId: req.streamId, beforeSeq: before, limit: HISTORY_PAGE }),
  );
  acc.db.transaction(() => {
    storeMessages(acc.db, acc.userId, res.messages);
    const lowest = res.messages.reduce((min, m) => Math.min(min, m.seq), before);
    setHistoryFloor(acc.db, req.streamId, res.hasMore ? Math.max(0, lowest - 1) : 0);
  })();
  ctx.changed([req.streamId], ['messages']);
  return { fetched: res.messages.length, hasMore: res.hasMore };
};

/** `thread:get`: a root and its replies from the cache, plus pending replies. */
export const threadGet: Handler<'thread:get'> = (ctx, req) => {
  const acc = ctx.account();
  const root = getMessage(acc.db, req.rootId);
  const replies = listReplies(acc.db, req.rootId).map(sent);
  for (const row of listSends(acc.db, { threadRootId: req.rootId }))
    replies.push(pendingView(row, acc.userId, acc.user));
  return { root: root ? sent(root) : null, replies };
};

/** `message:send`: queues the message durably; it shows as pending and leaves when online. */
export const messageSend: Handler<'message:send'> = (ctx, req) => {
  requireStream(ctx, req.streamId);
  requireBodyFits(ctx.account(), req.body);
  requireGuidelinesAllowPosting(ctx.account(), req.streamId);
  const acc = ctx.account();
  const uploadIds = req.uploadIds ?? [];
  // files not yet on the server go along as stand-ins, uploaded by the outbox before it sends
  const staged = claimStagedUploads(acc, req.streamId, uploadIds);
  const files = [...(req.files ?? []), ...staged.refs];
  const item = {
    kind: 'send',
    streamId: req.streamId,
    body: req.body,
    threadRootId: req.threadRootId ?? null,
    ...(files.length ? { files } : {}),
  } as const;
  const queued = queueItem(ctx, item, ['messages', 'outbox'], (clientId) =>
    insertStagedUploads(
      acc.db,
      staged.rows.map((row) => ({ ...row, client_id: clientId })),
    ),
  );
  releaseStaged(acc, uploadIds);
  return queued;
};

/*
 * Edits, deletions and reactions are online only. Their acks are not written to the cache: the log
 * event that follows the ack on the same socket does it, and a response can be older than events
 * that overtook it.
 */

/** `message:edit`: asks the server; the edit arrives through the stream's log. */
export const messageEdit: Handler<'message:edit'> = async (ctx, req) => {
  const acc = ctx.account();
  requireBodyFits(acc, req.body);
  unwrap(await acc.engine.request('message:edit', req));
  return {};
};

/** `message:delete`: asks the server; the tombstone arrives through the stream's log. */
export const messageDelete: Handler<'message:delete'> = async (ctx, req) => {
  unwrap(await ctx.account().engine.request('message:delete', req));
  return {};
};

/** `reaction:toggle`: asks the server; the new reactions arrive through the stream's log. */
export const reactionToggle: Handler<'reaction:toggle'> = async (ctx, req) => {
  unwrap(await ctx.account().engine.request('reaction:toggle', req));
  return {};
};
