/*
 * An integration's post read back as Flowdock showed it (Thread-messages.md): an `activity` (its
 * `title`) or a `discussion` (`title`, `body`) with the external `author`, `thread_id`, the thread's
 * `external_thread_id` and its latest state in `thread`; a plain `message` with `external_user_name`.
 * The thread's root message, which Tributary draws from `thread` and Flowdock had no message for,
 * shows as the activity that opened the thread.
 */
import type { ExternalThread } from '../domain/integrations/threadText';
import { INTEGRATION_CLIENT_ID } from '../repositories/integrations.repository';
import type { FlowMessage } from '../repositories/flowHistory.repository';

/** A discussion with a title is stored as `*title*` on a line of its own above the body. */
const TITLED = /^\*([^\n]*)\*\n\n([\s\S]*)$/;

/** Whether a post is the root Tributary made for an external thread (its clientId says so). */
function isThreadRoot(message: FlowMessage, integrationId: string): boolean {
  return (
    message.threadRootId === null && message.clientId.startsWith(`${INTEGRATION_CLIENT_ID}${integrationId}:thread:`)
  );
}

/** The stored thread state in Flowdock's names (Threads.md), with its `source`: the integration. */
function threadJson(stored: string, source: { id: string; name: string; avatarUrl: string | null }) {
  let thread: ExternalThread;
  try {
    thread = JSON.parse(stored) as ExternalThread;
  } catch {
    return null;
  }
  return {
    title: thread.title,
    body: thread.body,
    external_url: thread.externalUrl,
    status: thread.status,
    fields: thread.fields,
    actions: thread.actions.map((a) => ({
      '@type': 'ViewAction',
      name: a.name,
      url: a.url,
      ...(a.description !== null ? { description: a.description } : {}),
    })),
    source: { id: source.id, application: source.name, icon: source.avatarUrl },
  };
}

/**
 * The fields that make an integration's post the Flowdock event it was, to lay over the message's
 * own; an empty object for anything else. A deleted post keeps its event with its text emptied.
 */
export function integrationFields(message: FlowMessage): Record<string, unknown> {
  const integration = message.integration;
  if (!integration) return {};
  const root = isThreadRoot(message, integration.id);
  const thread = message.thread ? threadJson(message.thread, integration) : null;
  const event = message.integrationEvent ?? (root ? 'activity' : 'message');
  const author = { name: integration.externalAuthor ?? integration.name, avatar: integration.avatarUrl };
  const threaded = {
    ...(message.externalThreadId ? { external_thread_id: message.externalThreadId } : {}),
    ...(thread ? { thread } : {}),
  };
  if (event === 'message')
    return { ...threaded, author, external_user_name: integration.externalAuthor, _application: integration.id };
  let title = message.body;
  let body: string | null = null;
  if (root) title = thread?.title ?? message.body;
  else if (event === 'discussion') {
    const titled = TITLED.exec(message.body);
    [title, body] = titled ? [titled[1]!, titled[2]!] : ['', message.body];
  }
  if (message.deletedAt !== null) [title, body] = ['', null];
  return { ...threaded, event, app: 'influx', content: null, title, body, author, _application: integration.id };
}
