/*
 * Tributary's entities in the JSON shapes of Flowdock's API (flowdock/api-docs: Flows.md, Users.md,
 * Organizations.md, Messages.md). Ids are Tributary's: users, flows and organizations by their UUID,
 * messages by their seq (an integer, unique within the flow, as Flowdock's were).
 */
import type { Organization, StreamEvent } from '../../shared/protocol/index';
import type { FlowMessage } from '../repositories/flowHistory.repository';
import type { UserRecord } from '../repositories/users.repository';
import { parameterize, type FlowRef } from './flowAccess';
import { integrationFields } from './integrationPresent';

/** Where the API is served, for the `url` fields (the request's own origin). */
export type ApiBase = string;

/** A user as Flowdock's user resource showed one. */
export function userJson(user: UserRecord) {
  return {
    id: user.id,
    nick: user.handle,
    name: user.name,
    email: user.email,
    avatar: null,
    status: null,
    disabled: false,
  };
}

/** An organization as Flowdock's organization resource showed one. */
export function organizationJson(base: ApiBase, org: Organization, users: UserRecord[]) {
  const slug = parameterize(org.name);
  return {
    id: org.id,
    parameterized_name: slug,
    name: org.name,
    user_limit: 0,
    user_count: users.length,
    active: true,
    url: `${base}/organizations/${slug}`,
    users: users.map((u) => ({ id: u.id, name: u.name, email: u.email, admin: u.orgRole === 'admin' })),
  };
}

/** A flow as Flowdock's flow resource showed one; `users` only when asked for. */
export function flowJson(base: ApiBase, flow: FlowRef, users?: UserRecord[]) {
  const { stream, org } = flow;
  return {
    id: stream.id,
    name: stream.name,
    parameterized_name: flow.slug,
    organization: { id: org.id, name: org.name, parameterized_name: flow.orgSlug, active: true },
    unread_mentions: stream.mentions,
    open: true,
    joined: true,
    url: `${base}/flows/${flow.orgSlug}/${flow.slug}`,
    web_url: `${base}/flows/${flow.orgSlug}/${flow.slug}`,
    access_mode: stream.kind === 'org' ? 'organization' : 'invitation',
    ...(users ? { users: users.map(userJson) } : {}),
  };
}

/**
 * The `uuid` a client gave a message. An integration's posts are stored under
 * `integration:<integration id>:<uuid>` (their steward's clientId space, shared by all of that user's
 * integrations); the integration knows only its own `uuid`.
 */
function clientUuid(clientId: string): string {
  const match = /^integration:[^:]+:(.*)$/.exec(clientId);
  return match ? match[1]! : clientId;
}

/**
 * A message as Flowdock's message resource showed one: `id` is its seq; `thread_id` is its thread
 * root's id (its own for a top-level message); mentions appear as `:user:<id>` tags, as Flowdock's
 * user tags did; a deleted message is its truncated tombstone (`content` ""). An integration's post
 * is the event it was posted as (integrationPresent.ts).
 */
export function messageJson(message: FlowMessage) {
  return {
    id: message.seq,
    event: 'message',
    app: 'chat',
    flow: message.streamId,
    content: message.body,
    tags: [...message.tags, ...message.mentions.map((id) => `:user:${id}`)],
    thread_id: message.threadRootId ?? message.id,
    uuid: clientUuid(message.clientId),
    user: message.authorId,
    sent: message.createdAt,
    created_at: new Date(message.createdAt).toISOString(),
    edited: message.editedAt,
    deleted: message.deletedAt !== null,
    attachments: [],
    ...integrationFields(message),
  };
}

/** The fields every streamed event shares, as Flowdock's non-message events carried them. */
function eventFrame(event: StreamEvent, name: string) {
  return {
    id: event.seq,
    event: name,
    app: 'chat',
    flow: event.streamId,
    user: event.actorId,
    sent: event.at,
    created_at: new Date(event.at).toISOString(),
    tags: [],
    uuid: null,
    attachments: [],
  };
}

/**
 * A log entry as the streaming API sends it, or null for entries Flowdock had no event for
 * (reactions, promotions, a thread root's reply count).
 */
export function streamEventJson(event: StreamEvent): object | null {
  const message = event.message;
  if (!message) return null;
  if (event.type === 'message:created') return messageJson(message);
  if (event.type === 'message:edited' && message.editedAt === event.at)
    return { ...eventFrame(event, 'message-edit'), content: { message: message.seq, updated_content: message.body } };
  if (event.type === 'message:deleted')
    return { ...eventFrame(event, 'message-delete'), content: { message: message.seq } };
  return null;
}
