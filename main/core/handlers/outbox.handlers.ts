import type { ChangeKind } from '../../../shared/ipc/contract';
import { ProtocolError } from '../../../shared/protocol/errors';
import { bodyTooLong } from '../../../shared/protocol/requests';
import type { Account } from '../account';
import { enqueue, getOutboxItem, removeOutboxItem, requeue, type NewOutboxItem, type OutboxRow } from '../cache/outbox';
import { waitingUploads } from '../cache/stagedUploads';
import { removeUnclaimedUploads } from '../files/stagingFolder';
import { pendingUploadsFolder } from '../files/uploads';
import type { Handler, HandlerContext } from './context';

/**
 * Refuses a body the server would refuse for its length (INVALID `body`), before anything is queued:
 * a queued body the server refuses fails for good, after the user has moved on.
 */
export function requireBodyFits(account: Account, body: string): void {
  const problem = bodyTooLong(body, account.limits());
  if (problem) throw new ProtocolError('INVALID', `body: ${problem}`, 'body');
}

/** The queue changed: tell the UI, re-announce the pending count, and let the sender look. */
function queueChanged(ctx: HandlerContext, streamId: string, kinds: ChangeKind[]): void {
  const acc = ctx.account();
  ctx.changed([streamId], kinds);
  acc.engine.emitStatus();
  acc.engine.outbox.kick();
}

/** Queues an item durably (it shows at once) and starts sending it when online; returns its clientId. */
export function queueItem(
  ctx: HandlerContext,
  item: NewOutboxItem,
  kinds: ChangeKind[],
  alongside?: (clientId: string) => void,
): { clientId: string } {
  const clientId = enqueue(ctx.account().db, item, Date.now(), alongside);
  queueChanged(ctx, item.streamId, kinds);
  return { clientId };
}

/**
 * The failed item a retry or discard is about. A pending one may be in flight right now (or already
 * stored by the server with its ack lost): it can no longer be taken back or re-queued (CONFLICT).
 */
function failedItem(ctx: HandlerContext, clientId: string): OutboxRow {
  const row = getOutboxItem(ctx.account().db, clientId);
  if (!row) throw new ProtocolError('NOT_FOUND', 'no such outbox item', 'clientId');
  if (row.status !== 'failed') throw new ProtocolError('CONFLICT', 'the item is still waiting to be sent', 'clientId');
  return row;
}

/** `outbox:retry`: puts a failed item back in the queue (a changed body gets a new clientId). */
export const outboxRetry: Handler<'outbox:retry'> = (ctx, req) => {
  const acc = ctx.account();
  const row = failedItem(ctx, req.clientId);
  if (row.kind === 'send' && req.body !== undefined) requireBodyFits(acc, req.body);
  requeue(acc.db, req.clientId, row.kind === 'send' ? req.body : undefined);
  queueChanged(ctx, row.stream_id, ['messages', 'outbox']);
  return {};
};

/**
 * `outbox:discard`: drops a failed item, or a send still waiting for its files to upload (the server
 * has not seen it yet: its uploads are stopped). Its staged files go with it.
 */
export const outboxDiscard: Handler<'outbox:discard'> = (ctx, req) => {
  const acc = ctx.account();
  const waiting = waitingUploads(acc.db, req.clientId).length > 0;
  const row = waiting ? getOutboxItem(acc.db, req.clientId) : failedItem(ctx, req.clientId);
  if (!row || !removeOutboxItem(acc.db, req.clientId))
    throw new ProtocolError('NOT_FOUND', 'no such outbox item', 'clientId');
  acc.engine.outbox.abortUploads(req.clientId);
  removeUnclaimedUploads(acc.db, pendingUploadsFolder(acc));
  ctx.changed([row.stream_id], ['messages', 'outbox']);
  acc.engine.emitStatus();
  return {};
};
