/*
 * Posts of an integration (Flowdock's `flow_token` posts: Messages.md, Integration-Guide.md): no
 * socket request, but an operation of this layer, beside the sends whose path it shares. Into
 * its own team stream only, under its creator's user id with the integration named as the author.
 * They run through the socket sends' path (body limit, link policy, speech policy, mentions,
 * `storeMessage`), so they reach every app live and every cache like any message. An
 * `external_thread_id` maps to one thread: the first post creates its root from `thread`, later
 * posts reply under it and, with a new `thread`, update the root (an edit, logged as such).
 */
import { ProtocolError, type Message, type MessageIntegration } from '../../shared/protocol/index';
import { appendEdited, storeMessage, threadRoot } from './messages.handlers';
import type { HandlerContext } from './context';
import {
  INTEGRATION_CLIENT_ID,
  type IntegrationEvent,
  type IntegrationRecord,
} from '../repositories/integrations.repository';
import type { StreamWithTeam } from '../repositories/streams.repository';
import { checkBody, resolveReferences } from '../domain/references';
import { checkSpeech } from '../domain/speech';
import { mergeTags } from '../domain/tags';
import { threadMarkdown, type ExternalThread } from '../domain/integrations/threadText';

/** One post of an integration, its fields already read from the request. */
export interface IntegrationPost {
  /** The Flowdock event it is, kept so that the API shows it back as that event. */
  event: IntegrationEvent;
  /** The client's `uuid` (or a fresh one): a resend with the same one stores nothing. */
  uuid: string;
  /** The entry's markdown (activity title, discussion body, or message content). */
  body: string;
  /** The person in the external tool (Flowdock's `author.name` / `external_user_name`). */
  externalAuthor: string | null;
  /** A thread of the stream to post into (Flowdock's `thread_id`: its root message's id). */
  threadId?: string | undefined;
  externalThreadId?: string | undefined;
  /** The external thread's new state; required for the first post of an `external_thread_id`. */
  thread?: ExternalThread | undefined;
}

/** The stream an integration posts into, as its creator's unit of work sees it. */
async function integrationStream(ctx: HandlerContext, integration: IntegrationRecord): Promise<StreamWithTeam> {
  const found = await ctx.tx.streams.getWithTeam(integration.streamId, ctx.user.id);
  if (!found) throw new ProtocolError('INTERNAL', 'integration stream vanished');
  // the integration speaks as a plain member of its team, whatever its creator's role
  return { ...found, role: 'member' };
}

/** Checks a body the integration would store (limit, link policy, speech policy). */
async function checkPostBody(
  ctx: HandlerContext,
  access: StreamWithTeam,
  body: string,
  field: string,
  before?: string,
) {
  await checkBody(ctx.tx, access.stream.orgId, body, ctx.config.maxBodyChars, field);
  await checkSpeech(ctx.tx, ctx.user, access, body, before ?? null);
}

/** The root of the post's thread: found by `external_thread_id` (created or updated), by `thread_id`, or none. */
async function rootFor(
  ctx: HandlerContext,
  integration: IntegrationRecord,
  access: StreamWithTeam,
  post: IntegrationPost,
  author: MessageIntegration,
): Promise<Message | null> {
  if (post.externalThreadId === undefined) {
    if (post.threadId === undefined) return null;
    return threadRoot(ctx, access.stream.id, post.threadId);
  }
  const { tx } = ctx;
  const known = await tx.integrations.getThread(integration.id, post.externalThreadId);
  const knownRoot = known ? await tx.messages.get(known.rootMessageId) : null;
  // a deleted thread is gone for the tool too: its next post starts the thread afresh
  if (!known || !knownRoot || knownRoot.deletedAt !== null) {
    if (!post.thread)
      throw new ProtocolError('INVALID', 'thread: required for the first post of an external_thread_id', 'thread');
    const body = threadMarkdown(post.thread);
    await checkPostBody(ctx, access, body, 'thread');
    const root = await storeMessage(ctx, {
      stream: access.stream,
      clientId: `${INTEGRATION_CLIENT_ID}${integration.id}:thread:${post.uuid}`,
      body,
      root: null,
      authorName: integration.name,
      integration: author,
    });
    const record = {
      integrationId: integration.id,
      externalThreadId: post.externalThreadId,
      rootMessageId: root.id,
      thread: JSON.stringify(post.thread),
    };
    // a first post racing another conflicts on the key (the unit runs again and finds the winner's thread)
    if (!known) await tx.integrations.insertThread(record);
    else if (!(await tx.integrations.moveThread(record, known.rootMessageId)))
      throw new ProtocolError('CONFLICT', 'the thread changed meanwhile; post again', 'external_thread_id');
    return root;
  }
  const root = await threadRoot(ctx, access.stream.id, known.rootMessageId);
  if (post.thread && JSON.stringify(post.thread) !== known.thread) {
    const body = threadMarkdown(post.thread);
    await checkPostBody(ctx, access, body, 'thread', root.body);
    const { mentions, tags } = await resolveReferences(tx, access.stream, body, ctx.user.id);
    // tags people added to the thread after it was posted (message:tag) outlive its updates
    const allTags = mergeTags(tags, await tx.tags.addedTo(root.id));
    await tx.messages.updateBody({ id: root.id, body, mentions, tags: allTags, editorId: ctx.user.id, at: ctx.now });
    await tx.integrations.updateThread(integration.id, post.externalThreadId, JSON.stringify(post.thread));
    return appendEdited(ctx, access.stream.id, root.id);
  }
  return root;
}

/**
 * Stores one post of a live integration; `ctx.user` is the integration's creator (the messages'
 * author id). Idempotent on the post's `uuid`: a resend answers the entry stored first.
 */
export async function postAsIntegration(
  ctx: HandlerContext,
  integration: IntegrationRecord,
  post: IntegrationPost,
): Promise<{ message: Message; threadRootId: string | null }> {
  const clientId = `${INTEGRATION_CLIENT_ID}${integration.id}:${post.uuid}`;
  const existing = await ctx.tx.messages.getByClientId(ctx.user.id, integration.streamId, clientId);
  if (existing) return { message: existing, threadRootId: existing.threadRootId };
  const access = await integrationStream(ctx, integration);
  const author: MessageIntegration = {
    id: integration.id,
    name: integration.name,
    avatarUrl: integration.avatarUrl,
    externalAuthor: post.externalAuthor,
  };
  await checkPostBody(ctx, access, post.body, 'content');
  const root = await rootFor(ctx, integration, access, post, author);
  const message = await storeMessage(ctx, {
    stream: access.stream,
    clientId,
    body: post.body,
    root,
    authorName: integration.name,
    integration: author,
  });
  await ctx.tx.integrations.setEntryEvent(message.id, post.event);
  return { message, threadRootId: root?.id ?? null };
}
