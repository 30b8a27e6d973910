import { z } from 'zod';
import { uuidv7 } from '../../shared/domain/ids';
import { ProtocolError, type Message } from '../../shared/protocol/index';
import type { FlowdockRequest } from './context';
import { flowById, flowByPath, type FlowRef } from './flowAccess';
import { parseInput, readBody, runAsCaller } from './input';
import { bodyWithTags, messageIdSchema, tagsInputSchema } from './messageInput';
import { messageJson } from './present';
import { readUnit, reply } from './reply';
import { historyQuery, listQuerySchema } from './historyQuery';

const postSchema = z.object({
  event: z.string().min(1).max(50),
  content: z.string().max(1_000_000),
  tags: tagsInputSchema.optional(),
  uuid: z.string().max(64).optional(),
  thread_id: z.string().max(100).optional(),
  message: messageIdSchema.optional(),
  flow: z.string().min(1).max(100).optional(),
  external_user_name: z.string().optional(),
  external_thread_id: z.string().optional(),
  flow_token: z.unknown().optional(),
});
type PostInput = z.infer<typeof postSchema>;

const editSchema = z
  .object({ content: z.string().max(1_000_000).optional(), tags: tagsInputSchema.optional() })
  .refine((input) => input.content !== undefined || input.tags !== undefined, {
    message: 'content or tags is required',
    path: ['content'],
  });

/** The flow of `/flows/:org/:flow/...`. */
function pathFlow(r: FlowdockRequest): Promise<FlowRef> {
  const [orgSlug, flowSlug] = r.params as [string, string];
  return readUnit(r, (tx) => flowByPath(tx, r.caller.user, orgSlug, flowSlug));
}

/** The message `:id` of a flow: by its seq; NOT_FOUND when the flow has none such. */
async function pathMessage(r: FlowdockRequest, flow: FlowRef, raw: unknown, field = 'id') {
  const parsed = messageIdSchema.safeParse(raw);
  if (!parsed.success) throw new ProtocolError('INVALID', `${field}: a message id is an integer`, field);
  const message = await readUnit(r, (tx) => tx.flowHistory.getBySeq(flow.stream.id, parsed.data));
  if (!message) throw new ProtocolError('NOT_FOUND', 'no such message', field);
  return message;
}

/** Refuses what Tributary has no equivalent for, as Flowdock refused an unknown event (400). */
function refuseUnsupported(input: PostInput, allowed: readonly string[]): void {
  if (!allowed.includes(input.event))
    throw new ProtocolError(
      'INVALID',
      `event: "${input.event}" is not supported here (${allowed.join(', ')})`,
      'event',
    );
  // a user's post names no external author or thread: those are an integration's (flow_token, POST /messages)
  if (input.external_user_name !== undefined || input.external_thread_id !== undefined)
    throw new ProtocolError(
      'INVALID',
      'external_user_name / external_thread_id need an integration: post with its flow_token to POST /messages',
      input.external_user_name !== undefined ? 'external_user_name' : 'external_thread_id',
    );
  if (input.flow_token !== undefined)
    throw new ProtocolError('INVALID', 'flow_token: post with a flow token to POST /messages', 'flow_token');
}

/** Sends a message through the socket protocol's `message:send` and answers it as Flowdock did. */
async function send(r: FlowdockRequest, flow: FlowRef, input: PostInput, threadRootId?: string): Promise<void> {
  const payload = {
    streamId: flow.stream.id,
    clientId: input.uuid ?? uuidv7(),
    body: bodyWithTags(input.content, input.tags),
    ...(threadRootId !== undefined ? { threadRootId } : {}),
  };
  const { message } = (await runAsCaller(r.deps, r.caller, 'message:send', payload)) as { message: Message };
  reply(r, 200, messageJson(message));
}

/** The parent of a comment (its `message`): replies go to the parent's thread root. */
async function commentRoot(r: FlowdockRequest, flow: FlowRef, input: PostInput, fromPath?: string): Promise<string> {
  const raw = fromPath ?? input.message;
  if (raw === undefined) throw new ProtocolError('INVALID', 'message: required for a comment', 'message');
  const parent = await pathMessage(r, flow, raw, 'message');
  return parent.threadRootId ?? parent.id;
}

/** `POST /flows/:org/:flow/messages`: `event` message (top level, or in `thread_id`) or comment. */
export async function postFlowMessage(r: FlowdockRequest): Promise<void> {
  const input = parseInput(postSchema, await readBody(r.req));
  refuseUnsupported(input, ['message', 'comment']);
  const flow = await pathFlow(r);
  if (input.event === 'comment') return send(r, flow, input, await commentRoot(r, flow, input));
  return send(r, flow, input, input.thread_id);
}

/** `POST /messages`: as above, with the flow's id in `flow`. */
export async function postMessage(r: FlowdockRequest): Promise<void> {
  const input = parseInput(postSchema, 'body' in r ? r.body : await readBody(r.req));
  refuseUnsupported(input, ['message', 'comment']);
  if (input.flow === undefined) throw new ProtocolError('INVALID', 'flow: required', 'flow');
  const flowId = input.flow;
  const flow = await readUnit(r, (tx) => flowById(tx, r.caller.user, flowId));
  if (input.event === 'comment') return send(r, flow, input, await commentRoot(r, flow, input));
  return send(r, flow, input, input.thread_id);
}

/** `POST /comments` (flow and message in the body) and `POST /flows/:org/:flow/messages/:id/comments`. */
export async function postComment(r: FlowdockRequest): Promise<void> {
  const input = parseInput(postSchema, await readBody(r.req));
  refuseUnsupported(input, ['comment', 'message']);
  if (r.params.length === 3) {
    const flow = await pathFlow(r);
    return send(r, flow, input, await commentRoot(r, flow, input, r.params[2]));
  }
  if (input.flow === undefined) throw new ProtocolError('INVALID', 'flow: required', 'flow');
  const flowId = input.flow;
  const flow = await readUnit(r, (tx) => flowById(tx, r.caller.user, flowId));
  return send(r, flow, input, await commentRoot(r, flow, input));
}

/** `GET /flows/:org/:flow/messages`: Flowdock's list, filtered and paged by its parameters. */
export async function listMessages(r: FlowdockRequest): Promise<void> {
  const params = parseInput(listQuerySchema, Object.fromEntries(r.url.searchParams));
  const flow = await pathFlow(r);
  const messages = await readUnit(r, async (tx) => {
    const query = await historyQuery(tx, r.caller.user, flow.stream.id, params);
    return query ? tx.flowHistory.list(query) : [];
  });
  reply(r, 200, messages.map(messageJson));
}

/** `GET /flows/:org/:flow/messages/:id`: one message. */
export async function getMessage(r: FlowdockRequest): Promise<void> {
  const flow = await pathFlow(r);
  reply(r, 200, messageJson(await pathMessage(r, flow, r.params[2])));
}

/** `PUT /flows/:org/:flow/messages/:id`: the author's new content (and tags), through `message:edit`. */
export async function editMessage(r: FlowdockRequest): Promise<void> {
  const input = parseInput(editSchema, await readBody(r.req));
  const flow = await pathFlow(r);
  const message = await pathMessage(r, flow, r.params[2]);
  const body = bodyWithTags(input.content ?? message.body, input.tags);
  await runAsCaller(r.deps, r.caller, 'message:edit', { messageId: message.id, body });
  reply(r, 200, {});
}

/** `DELETE /flows/:org/:flow/messages/:id`: truncates the message through `message:delete`. */
export async function deleteMessage(r: FlowdockRequest): Promise<void> {
  const flow = await pathFlow(r);
  const message = await pathMessage(r, flow, r.params[2]);
  await runAsCaller(r.deps, r.caller, 'message:delete', { messageId: message.id });
  reply(r, 200, {});
}
