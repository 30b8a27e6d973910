/*
 * Private conversations and their messages in the JSON shapes of Flowdock's Private-Conversations.md
 * and Private-Messages.md. A conversation's `id` is the other person's user id, as Flowdock's was.
 */
import type { StreamEvent } from '../../shared/protocol/index';
import type { FlowMessage } from '../repositories/flowHistory.repository';
import type { UserRecord } from '../repositories/users.repository';
import type { PrivateRef } from './privateAccess';
import { messageJson, streamEventJson, userJson } from './present';

/** A private conversation: `open` once it exists (Tributary shows every conversation it has). */
export function privateConversationJson(base: string, caller: UserRecord, ref: PrivateRef) {
  return {
    id: ref.other.id,
    url: `${base}/private/${ref.other.id}`,
    name: `@${ref.other.handle}`,
    open: ref.stream !== null,
    activity: {
      inbox: false,
      mentions: ref.stream?.mentions ?? 0,
      chat: (ref.stream?.unread ?? 0) > 0,
    },
    users: [userJson(caller), userJson(ref.other)],
  };
}

/**
 * A private message: Flowdock's fields (`to` the participant who is not its author; no `flow` or
 * `thread_id`, which private messages did not have), plus `created_at`, `edited` and `deleted` as on
 * flow messages.
 */
export function privateMessageJson(message: FlowMessage, pair: readonly [string, string]) {
  const { flow: _flow, thread_id: _thread, ...fields } = messageJson(message);
  return { ...fields, to: message.authorId === pair[0] ? pair[1] : pair[0] };
}

/**
 * A log entry of a private conversation as the streaming API sends it (`user=1`): its message as
 * above, or an edit or deletion with `to` in place of `flow`; null for entries Flowdock had no event for.
 */
export function privateStreamEventJson(event: StreamEvent, pair: readonly [string, string]): object | null {
  const json = streamEventJson(event);
  if (!json || !event.message) return null;
  if (event.type === 'message:created') return privateMessageJson(event.message, pair);
  const { flow: _flow, ...fields } = json as Record<string, unknown>;
  return { ...fields, to: event.actorId === pair[0] ? pair[1] : pair[0] };
}
