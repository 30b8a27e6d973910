/*
 * The private-conversation endpoints (Flowdock's Private-Conversations.md, Private-Messages.md) on
 * Tributary's 1:1 direct conversations. Authorization is the socket protocol's: a conversation is
 * always the caller's own with `:user_id`, so only its participants reach it; someone of another
 * organization is NOT_FOUND. Writes run through `dm:open` and `message:send`, so a bot's private
 * message reaches the recipient's apps live and their caches like any direct message.
 */
import { z } from 'zod';
import { uuidv7 } from '../../shared/domain/ids';
import { ProtocolError, type Message, type Stream } from '../../shared/protocol/index';
import type { FlowdockRequest, FlowdockRoute } from './context';
import { historyQuery, listQuerySchema } from './historyQuery';
import { parseInput, readBody, runAsCaller } from './input';
import { bodyWithTags, messageIdSchema, tagsInputSchema } from './messageInput';
import { listPrivates, privateByUser, type PrivateRef } from './privateAccess';
import { privateConversationJson, privateMessageJson } from './privatePresent';
import { apiBase, readUnit, reply } from './reply';

const postSchema = z.object({
  event: z.string().min(1).max(50),
  content: z.string().max(1_000_000),
  tags: tagsInputSchema.optional(),
  uuid: z.string().max(64).optional(),
});

const updateSchema = z.object({
  open: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]),
});

/** The conversation of `/private/:user_id/…`. */
function pathPrivate(r: FlowdockRequest): Promise<PrivateRef> {
  return readUnit(r, (tx) => privateByUser(tx, r.caller.user, r.params[0]!));
}

/** The two participants: the caller and `:user_id`. */
const pairOf = (r: FlowdockRequest, ref: PrivateRef) => [r.caller.user.id, ref.other.id] as const;

/** Opens the conversation through `dm:open` (a no-op when it exists): every participant's apps learn of a new one. */
async function openPrivate(r: FlowdockRequest, ref: PrivateRef): Promise<Stream> {
  if (ref.stream) return ref.stream;
  const opened = (await runAsCaller(r.deps, r.caller, 'dm:open', { userIds: [ref.other.id] }).catch(
    (error: unknown) => {
      // the socket names the people `userIds`; here the person is the path's `user_id`
      if (error instanceof ProtocolError && error.field === 'userIds')
        throw new ProtocolError(error.code, error.message.replace('userIds', 'user_id'), 'user_id');
      throw error;
    },
  )) as { stream: Stream };
  return opened.stream;
}

/** `GET /private`: the caller's 1:1 conversations. */
export async function listPrivateConversations(r: FlowdockRequest): Promise<void> {
  const privates = await readUnit(r, (tx) => listPrivates(tx, r.caller.user));
  reply(
    r,
    200,
    privates.map((ref) => privateConversationJson(apiBase(r), r.caller.user, ref)),
  );
}

/**
 * `GET /private/:user_id`: one conversation. Flowdock created a missing one, not `open`; Tributary
 * answers the same shape without storing anything until someone writes (or `PUT` opens it).
 */
export async function getPrivateConversation(r: FlowdockRequest): Promise<void> {
  reply(r, 200, privateConversationJson(apiBase(r), r.caller.user, await pathPrivate(r)));
}

/**
 * `PUT /private/:user_id` with `open`: `true` opens the conversation (as `dm:open`); `false` is
 * accepted and changes nothing, as Tributary has no per-person hidden state for conversations.
 */
export async function updatePrivateConversation(r: FlowdockRequest): Promise<void> {
  const input = parseInput(updateSchema, await readBody(r.req));
  const ref = await pathPrivate(r);
  const stream = input.open ? await openPrivate(r, ref) : ref.stream;
  reply(r, 200, privateConversationJson(apiBase(r), r.caller.user, { ...ref, stream }));
}

/** `GET /private/:user_id/messages`: the flow list's parameters; a conversation not opened yet is empty. */
export async function listPrivateMessages(r: FlowdockRequest): Promise<void> {
  const params = parseInput(listQuerySchema, Object.fromEntries(r.url.searchParams));
  const ref = await pathPrivate(r);
  const messages = await readUnit(r, async (tx) => {
    const query = ref.stream ? await historyQuery(tx, r.caller.user, ref.stream.id, params) : null;
    return query ? tx.flowHistory.list(query) : [];
  });
  const pair = pairOf(r, ref);
  reply(
    r,
    200,
    messages.map((m) => privateMessageJson(m, pair)),
  );
}

/** `GET /private/:user_id/messages/:id`: one message, by its seq in the conversation. */
export async function getPrivateMessage(r: FlowdockRequest): Promise<void> {
  const id = messageIdSchema.safeParse(r.params[1]);
  if (!id.success) throw new ProtocolError('INVALID', 'id: a message id is an integer', 'id');
  const ref = await pathPrivate(r);
  const stream = ref.stream;
  const message = stream ? await readUnit(r, (tx) => tx.flowHistory.getBySeq(stream.id, id.data)) : null;
  if (!message) throw new ProtocolError('NOT_FOUND', 'no such message', 'id');
  reply(r, 200, privateMessageJson(message, pairOf(r, ref)));
}

/**
 * `POST /private/:user_id/messages`: an `event` `message` with `content` (and `tags`, `uuid` as on a
 * flow post), into the conversation, opened first if it is new. Answers the stored message
 * (Flowdock answered `{}`; its clients ignore the body).
 */
export async function postPrivateMessage(r: FlowdockRequest): Promise<void> {
  const input = parseInput(postSchema, await readBody(r.req));
  if (input.event !== 'message')
    throw new ProtocolError('INVALID', `event: "${input.event}" is not supported here (message)`, 'event');
  const ref = await pathPrivate(r);
  const stream = await openPrivate(r, ref);
  const payload = {
    streamId: stream.id,
    clientId: input.uuid ?? uuidv7(),
    body: bodyWithTags(input.content, input.tags),
  };
  const { message } = (await runAsCaller(r.deps, r.caller, 'message:send', payload)) as { message: Message };
  reply(r, 200, privateMessageJson(message, pairOf(r, ref)));
}

const SEG = '([^/]+)';

/** The private-conversation endpoints, for the router's table. */
export const PRIVATE_ROUTES: Array<[method: string, path: RegExp, route: FlowdockRoute]> = [
  ['GET', /^\/private$/, listPrivateConversations],
  ['GET', new RegExp(`^/private/${SEG}$`), getPrivateConversation],
  ['PUT', new RegExp(`^/private/${SEG}$`), updatePrivateConversation],
  ['GET', new RegExp(`^/private/${SEG}/messages$`), listPrivateMessages],
  ['POST', new RegExp(`^/private/${SEG}/messages$`), postPrivateMessage],
  ['GET', new RegExp(`^/private/${SEG}/messages/${SEG}$`), getPrivateMessage],
];
