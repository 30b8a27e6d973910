import { MAX_ADDED_TAGS, ProtocolError } from '../../shared/protocol/index';
import { accessMessage, accessStream } from '../domain/access';
import { refuseIfArchived } from '../domain/archive';
import { bodyTags, mergeTags, readableStreamIds } from '../domain/tags';
import type { Handler } from './context';
import { appendEdited, mustGet } from './messages.handlers';

/**
 * `tag:messages`: the messages with a tag in every stream the caller may read, newest first, with
 * the count over all of them. Authorized like `sync`: the stream list is read in this request's unit.
 */
export const tagMessages: Handler<'tag:messages'> = async ({ tx, user }, { tag, beforeId, limit }) => {
  const streamIds = await readableStreamIds(tx, user);
  const page = await tx.tags.pageIds(tag, streamIds, beforeId ?? null, limit);
  return {
    tag,
    count: await tx.tags.count(tag, streamIds),
    messages: await tx.messages.getMany(page.messageIds),
    hasMore: page.hasMore,
  };
};

/** `tag:top`: the most used tags of a stream the caller may read. */
export const tagTop: Handler<'tag:top'> = async ({ tx, user }, { streamId, limit }) => {
  await accessStream(tx, user, streamId);
  return { tags: await tx.tags.top(streamId, limit) };
};

/**
 * `message:tag`: adds a tag to a posted message (or takes an added one off) without touching its
 * body. The author, a curator of the team or an org admin (as for deletions); audited. The change
 * reaches every reader as a `message:edited` log entry with the message's new tags (body and
 * `editedAt` unchanged), which caches apply like any edit. A tag already there (or, to remove, one
 * not added) changes nothing and logs nothing.
 */
export const messageTag: Handler<'message:tag'> = async (ctx, { messageId, tag, remove }) => {
  const { tx } = ctx;
  const { stream, role } = await accessMessage(tx, ctx.user, messageId);
  await refuseIfArchived(tx, stream);
  // Under the row lock: taggings of one message take turns (other nodes too).
  const message = await mustGet(ctx, messageId, true);
  const moderates = stream.kind !== 'direct' && (role === 'curator' || ctx.user.orgRole === 'admin');
  if (message.authorId !== ctx.user.id && !moderates)
    throw new ProtocolError('FORBIDDEN', 'only the author, a curator of this team or an org admin may tag a message');
  if (message.deletedAt !== null) throw new ProtocolError('CONFLICT', 'the message was deleted');
  const written = bodyTags(message.body);
  if (remove === true) {
    if (written.includes(tag) && !(await tx.tags.addedTo(messageId)).includes(tag))
      throw new ProtocolError('CONFLICT', 'tag: it is written in the message; edit the message to remove it', 'tag');
    if (!(await tx.tags.remove(messageId, tag))) return { message };
  } else {
    if (message.tags.includes(tag)) return { message };
    if ((await tx.tags.addedTo(messageId)).length >= MAX_ADDED_TAGS)
      throw new ProtocolError('CONFLICT', `tag: at most ${MAX_ADDED_TAGS} tags may be added to a message`, 'tag');
    await tx.tags.add(messageId, tag, ctx.user.id, ctx.now);
  }
  await tx.tags.setMessageTags(messageId, mergeTags(written, await tx.tags.addedTo(messageId)));
  const updated = await appendEdited(ctx, stream.id, messageId);
  await tx.audit.insert({
    at: ctx.now,
    orgId: ctx.user.orgId,
    actorId: ctx.user.id,
    action: remove === true ? 'message.untag' : 'message.tag',
    target: messageId,
    detail: { streamId: stream.id, authorId: message.authorId, tag },
  });
  return { message: updated };
};
