import { uuidv7 } from '../../shared/domain/ids';
import { MAX_REACTIONS_PER_MESSAGE, ProtocolError, type Message } from '../../shared/protocol/index';
import { accessMessage, accessStream } from '../domain/access';
import { excerpt } from '../domain/effects';
import { checkBody, resolveReferences } from '../domain/references';
import { settleDeletedOriginal } from '../domain/promotions/machine';
import { eraseMessage } from '../domain/retention';
import { checkSpeech } from '../domain/speech';
import { appendEvent } from '../domain/streamLog';
import { mergeTags } from '../domain/tags';
import { newMessageEntity } from '../repositories/messages.repository';
import { PUBLISHED_COPY_CLIENT_ID } from '../repositories/promotions.repository';
import type { Handler, HandlerContext } from './context';

/** The message (with `lock`, its row locked until the unit of work ends); a vanished one is a bug. */
export async function mustGet(ctx: HandlerContext, id: string, lock = false): Promise<Message> {
  const message = await (lock ? ctx.tx.messages.getForUpdate(id) : ctx.tx.messages.get(id));
  if (!message) throw new ProtocolError('INTERNAL', 'message vanished');
  return message;
}

/** Logs a message's current state as `message:edited` by the caller (body, tags, reply count); resolves it. */
export async function appendEdited(ctx: HandlerContext, streamId: string, messageId: string): Promise<Message> {
  const message = await mustGet(ctx, messageId);
  await appendEvent(ctx.tx, ctx.effects, {
    streamId,
    type: 'message:edited',
    actorId: ctx.user.id,
    at: ctx.now,
    message,
  });
  return message;
}

function notifyMentions(ctx: HandlerContext, message: Message, userIds: string[]): void {
  for (const userId of userIds) {
    ctx.effects.notifications.push({
      userId,
      notification: {
        kind: 'mention',
        streamId: message.streamId,
        messageId: message.id,
        promotionId: null,
        actorId: ctx.user.id,
        actorName: ctx.user.name,
        text: excerpt(message.body),
        at: ctx.now,
      },
    });
  }
}

/**
 * `message:send`: idempotent on (author, stream, clientId): a retry returns the first message even
 * if its content differs. The unique key on those three settles a race between two nodes: the unit
 * that loses it is run again and finds the winner's message. A reply also appends a
 * `message:edited` event carrying the root with its new replyCount, so every cache's count is right
 * without counting replies it may not hold.
 */
export const messageSend: Handler<'message:send'> = async (ctx, { streamId, clientId, body, threadRootId }) => {
  const { tx } = ctx;
  // Org-wide copies are stored under the author with clientId `promotion:<id>`; a client sending that
  // clientId first would make the publish fail on the unique (author, stream, clientId) key.
  if (clientId.startsWith(PUBLISHED_COPY_CLIENT_ID))
    throw new ProtocolError('INVALID', `clientId: the prefix "${PUBLISHED_COPY_CLIENT_ID}" is reserved`, 'clientId');
  const access = await accessStream(tx, ctx.user, streamId);
  const { stream } = access;
  const existing = await tx.messages.getByClientId(ctx.user.id, streamId, clientId);
  if (existing) return { message: existing };
  await checkBody(tx, stream.orgId, body, ctx.config.maxBodyChars);
  await checkSpeech(tx, ctx.user, access, body);
  let root: Message | null = null;
  if (threadRootId !== undefined) {
    root = await tx.messages.get(threadRootId);
    if (!root || root.streamId !== streamId)
      throw new ProtocolError('NOT_FOUND', 'no such thread in this stream', 'threadRootId');
    if (root.threadRootId !== null)
      throw new ProtocolError('INVALID', 'threadRootId: a reply cannot start a thread', 'threadRootId');
    if (root.deletedAt !== null) throw new ProtocolError('CONFLICT', 'the thread root was deleted', 'threadRootId');
  }
  const { mentions, tags } = await resolveReferences(tx, stream, body, ctx.user.id);
  const id = uuidv7(ctx.now);
  const seq = await tx.streams.allocateSeq(streamId);
  const row = {
    id,
    streamId,
    seq,
    authorId: ctx.user.id,
    clientId,
    body,
    threadRootId: root?.id ?? null,
    mentions,
    tags,
    createdAt: ctx.now,
    provenance: null,
  };
  await tx.messages.insert(row);
  const message = newMessageEntity(row, ctx.user.name);
  await appendEvent(tx, ctx.effects, {
    streamId,
    type: 'message:created',
    actorId: ctx.user.id,
    at: ctx.now,
    message,
    seq,
  });
  if (root) {
    await tx.messages.incrementReplyCount(root.id);
    await appendEdited(ctx, streamId, root.id);
  }
  notifyMentions(ctx, message, mentions);
  return { message };
};

/** `message:edit`: author only; the previous body is kept in message_edits; newly mentioned people are notified. */
export const messageEdit: Handler<'message:edit'> = async (ctx, { messageId, body }) => {
  const { tx } = ctx;
  const access = await accessMessage(tx, ctx.user, messageId);
  const { stream, message } = access;
  if (message.authorId !== ctx.user.id) throw new ProtocolError('FORBIDDEN', 'only the author may edit a message');
  if (message.deletedAt !== null) throw new ProtocolError('CONFLICT', 'the message was deleted');
  if (message.provenance !== null)
    throw new ProtocolError('CONFLICT', 'an org-wide copy is published as approved; edit the original');
  await checkBody(tx, stream.orgId, body, ctx.config.maxBodyChars);
  await checkSpeech(tx, ctx.user, access, body, message.body);
  const { mentions, tags } = await resolveReferences(tx, stream, body, ctx.user.id);
  // tags added after posting (message:tag) outlive edits of the body
  const allTags = mergeTags(tags, await tx.tags.addedTo(messageId));
  await tx.messages.updateBody({ id: messageId, body, mentions, tags: allTags, editorId: ctx.user.id, at: ctx.now });
  const updated = await appendEdited(ctx, stream.id, messageId);
  const before = new Set(message.mentions);
  notifyMentions(
    ctx,
    updated,
    mentions.filter((id) => !before.has(id)),
  );
  return { message: updated };
};

/** `message:delete`: tombstones the message. Author, a curator of the team, or an org admin; others' deletions are audited. */
export const messageDelete: Handler<'message:delete'> = async (ctx, { messageId }) => {
  const { tx } = ctx;
  const { stream, role } = await accessMessage(tx, ctx.user, messageId);
  // Under the row lock: of two deletes at once (other nodes too), the second sees the tombstone.
  const message = await mustGet(ctx, messageId, true);
  const isAuthor = message.authorId === ctx.user.id;
  // In a direct conversation nobody moderates: only the author deletes (an org admin there is a participant).
  if (!isAuthor && (stream.kind === 'direct' || (role !== 'curator' && ctx.user.orgRole !== 'admin'))) {
    throw new ProtocolError('FORBIDDEN', 'only the author, a curator of this team or an org admin may delete');
  }
  if (message.deletedAt !== null) return { message };
  // Taking an org-wide copy down is the unpublish step (curators and org admins), which also moves the
  // promotion and clears the original's sharedAt; a plain delete would bypass both.
  if (message.provenance !== null)
    throw new ProtocolError('CONFLICT', 'an org-wide copy is taken down with promotion:unpublish');
  await eraseMessage(tx, messageId, ctx.now, ctx.user.id);
  const deleted = await mustGet(ctx, messageId);
  await appendEvent(tx, ctx.effects, {
    streamId: stream.id,
    type: 'message:deleted',
    actorId: ctx.user.id,
    at: ctx.now,
    message: deleted,
  });
  // its promotions follow: a pending one is withdrawn, snapshots not published are emptied
  await settleDeletedOriginal(ctx, messageId, stream.id);
  if (!isAuthor) {
    await tx.audit.insert({
      at: ctx.now,
      orgId: ctx.user.orgId,
      actorId: ctx.user.id,
      action: 'message.delete',
      target: messageId,
      detail: { streamId: stream.id, authorId: message.authorId },
    });
  }
  return { message: deleted };
};

/**
 * `reaction:toggle`: adds my reaction with this (canonical) emoji, or removes it. A message holds at
 * most MAX_REACTIONS_PER_MESSAGE different emoji. The log entry carries only the change, not the
 * message: 600 toggles used to store the message 600 times.
 */
export const reactionToggle: Handler<'reaction:toggle'> = async (ctx, { messageId, emoji }) => {
  const { tx } = ctx;
  const { stream } = await accessMessage(tx, ctx.user, messageId);
  // Read again under the row lock: toggles of one message take turns (other nodes too), so the count
  // below cannot be overtaken before this toggle commits.
  const message = await mustGet(ctx, messageId, true);
  if (message.deletedAt !== null) throw new ProtocolError('CONFLICT', 'the message was deleted');
  const mine = message.reactions[emoji]?.includes(ctx.user.id) ?? false;
  if (!mine) {
    const { present, distinct } = await tx.messages.reactionEmojiCount(messageId, emoji);
    if (!present && distinct >= MAX_REACTIONS_PER_MESSAGE)
      throw new ProtocolError(
        'CONFLICT',
        `emoji: a message holds at most ${MAX_REACTIONS_PER_MESSAGE} different reactions`,
        'emoji',
      );
  }
  const added = await tx.messages.toggleReaction(messageId, emoji, ctx.user.id, ctx.now);
  await appendEvent(tx, ctx.effects, {
    streamId: stream.id,
    type: 'reaction:changed',
    actorId: ctx.user.id,
    at: ctx.now,
    message: null,
    reaction: { messageId, userId: ctx.user.id, emoji, added },
  });
  return { message: await mustGet(ctx, messageId) };
};
