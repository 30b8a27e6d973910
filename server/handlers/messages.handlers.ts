import { uuidv7 } from '../../shared/domain/ids';
import {
  MAX_REACTIONS_PER_MESSAGE,
  ProtocolError,
  type Message,
  type MessageIntegration,
} from '../../shared/protocol/index';
import { accessMessage, accessStream } from '../domain/access';
import { refuseIfArchived } from '../domain/archive';
import { excerpt } from '../domain/effects';
import { checkBody, resolveReferences } from '../domain/references';
import { settleDeletedOriginal } from '../domain/promotions/machine';
import { eraseMessage } from '../domain/retention';
import { checkSpeech } from '../domain/speech';
import { checkGuidelines } from '../domain/guidelines/enforce';
import { appendEvent } from '../domain/streamLog';
import { mergeTags } from '../domain/tags';
import { newMessageEntity } from '../repositories/messages.repository';
import { PUBLISHED_COPY_CLIENT_ID } from '../repositories/promotions.repository';
import type { StreamRecord } from '../repositories/streams.repository';
import { INTEGRATION_CLIENT_ID } from '../repositories/integrations.repository';
import { attachFiles } from '../files/attachments';
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

function notifyMentions(ctx: HandlerContext, message: Message, userIds: string[], actorName = ctx.user.name): void {
  for (const userId of userIds) {
    ctx.effects.notifications.push({
      userId,
      notification: {
        kind: 'mention',
        streamId: message.streamId,
        messageId: message.id,
        promotionId: null,
        actorId: ctx.user.id,
        actorName,
        text: excerpt(message.body),
        at: ctx.now,
      },
    });
  }
}

/** What `storeMessage` writes: a new top-level message, or a reply under `root`. */
export interface StoredMessageInput {
  stream: StreamRecord;
  clientId: string;
  body: string;
  root: Message | null;
  /** The name the message shows as its author (the caller's, or an integration's). */
  authorName: string;
  integration?: MessageIntegration | null;
  /** Uploads of the caller into this stream to attach (checked by attachFiles). */
  fileIds?: readonly string[];
}

/**
 * Writes a checked message of the caller (or of an integration, under its creator's id): its row,
 * its `message:created` log entry, a reply's root count (logged as `message:edited`, so every cache's
 * count is right without counting replies it may not hold) and the mention notifications. One path
 * for socket sends and integration posts, so both reach every reader the same way.
 */
export async function storeMessage(ctx: HandlerContext, input: StoredMessageInput): Promise<Message> {
  const { tx } = ctx;
  const { stream, clientId, body, root } = input;
  // every new message (socket, integration, Flowdock API) passes here: the one check for an archived team
  await refuseIfArchived(tx, stream);
  const { mentions, tags } = await resolveReferences(tx, stream, body, ctx.user.id);
  const id = uuidv7(ctx.now);
  const seq = await tx.streams.allocateSeq(stream.id);
  const row = {
    id,
    streamId: stream.id,
    seq,
    authorId: ctx.user.id,
    clientId,
    body,
    threadRootId: root?.id ?? null,
    mentions,
    tags,
    createdAt: ctx.now,
    provenance: null,
    integration: input.integration ?? null,
  };
  await tx.messages.insert(row);
  const files = input.fileIds?.length ? await attachFiles(tx, ctx.user.id, stream.id, id, input.fileIds) : [];
  const message = { ...newMessageEntity(row, input.authorName), ...(files.length > 0 ? { files } : {}) };
  await appendEvent(tx, ctx.effects, {
    streamId: stream.id,
    type: 'message:created',
    actorId: ctx.user.id,
    at: ctx.now,
    message,
    seq,
  });
  if (root) {
    await tx.messages.incrementReplyCount(root.id);
    await appendEdited(ctx, stream.id, root.id);
  }
  notifyMentions(ctx, message, mentions, input.authorName);
  return message;
}

/** The thread root a reply goes under: in the stream, top-level and not deleted. */
export async function threadRoot(ctx: HandlerContext, streamId: string, threadRootId: string): Promise<Message> {
  const root = await ctx.tx.messages.get(threadRootId);
  if (!root || root.streamId !== streamId)
    throw new ProtocolError('NOT_FOUND', 'no such thread in this stream', 'threadRootId');
  if (root.threadRootId !== null)
    throw new ProtocolError('INVALID', 'threadRootId: a reply cannot start a thread', 'threadRootId');
  if (root.deletedAt !== null) throw new ProtocolError('CONFLICT', 'the thread root was deleted', 'threadRootId');
  return root;
}

/**
 * `message:send`: idempotent on (author, stream, clientId): a retry returns the first message even
 * if its content differs. The unique key on those three settles a race between two nodes: the unit
 * that loses it is run again and finds the winner's message.
 */
export const messageSend: Handler<'message:send'> = async (
  ctx,
  { streamId, clientId, body, threadRootId, fileIds },
) => {
  const { tx } = ctx;
  // Org-wide copies are stored under the author with clientId `promotion:<id>`, integration posts under
  // their creator with `integration:…`; a client sending such a clientId first would make those fail
  // on the unique (author, stream, clientId) key.
  for (const prefix of [PUBLISHED_COPY_CLIENT_ID, INTEGRATION_CLIENT_ID])
    if (clientId.startsWith(prefix))
      throw new ProtocolError('INVALID', `clientId: the prefix "${prefix}" is reserved`, 'clientId');
  const access = await accessStream(tx, ctx.user, streamId);
  const { stream } = access;
  const existing = await tx.messages.getByClientId(ctx.user.id, streamId, clientId);
  if (existing) return { message: existing };
  // a message of files only has no body to check (the schema allows '' only with fileIds)
  if (body !== '') await checkBody(tx, stream.orgId, body, ctx.config.maxBodyChars);
  await checkSpeech(tx, ctx.user, access, body);
  await checkGuidelines(tx, ctx.user, access);
  const root = threadRootId === undefined ? null : await threadRoot(ctx, streamId, threadRootId);
  const input = { stream, clientId, body, root, authorName: ctx.user.name, ...(fileIds ? { fileIds } : {}) };
  return { message: await storeMessage(ctx, input) };
};

/** `message:edit`: author only; the previous body is kept in message_edits; newly mentioned people are notified. */
export const messageEdit: Handler<'message:edit'> = async (ctx, { messageId, body }) => {
  const { tx } = ctx;
  const access = await accessMessage(tx, ctx.user, messageId);
  const { stream, message } = access;
  if (message.authorId !== ctx.user.id) throw new ProtocolError('FORBIDDEN', 'only the author may edit a message');
  // an integration's post is stored under its creator, but it is the integration's words
  if (message.integration)
    throw new ProtocolError('FORBIDDEN', "only the integration may change an integration's post");
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
  await refuseIfArchived(tx, stream);
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
