/*
 * `POST /messages` with a `flow_token` (Flowdock's Messages.md, Integration-Guide.md, Threads.md):
 * an integration posts an `activity`, a `discussion` or a plain `message` into its own flow, without
 * a user's credentials. Activities and discussions belong to a thread, named by `external_thread_id`
 * (created from `thread` on its first post) or by `thread_id`.
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { uuidv7 } from '../../shared/domain/ids';
import { messageBodySchema, ProtocolError, singleLineSchema } from '../../shared/protocol/index';
import { createEffects } from '../domain/effects';
import { postAsIntegration, type IntegrationPost } from '../handlers/integrationPosts';
import { resolveFlowToken } from '../domain/integrations/manage';
import type { ExternalThread } from '../domain/integrations/threadText';
import type { HandlerContext } from '../handlers/context';
import type { FlowdockDeps } from './context';
import { inApiFields, parseInput } from './input';
import { bodyWithTags, tagsInputSchema } from './messageInput';
import { messageJson } from './present';
import { sendFlowdockJson } from './respond';

/** Flowdock's status colors (Threads.md). */
const STATUS_COLORS = ['red', 'green', 'yellow', 'cyan', 'orange', 'grey', 'black', 'lime', 'purple', 'blue'] as const;

/** Free text (titles, bodies, field values): anything but NUL, which PostgreSQL text cannot hold. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .regex(/^https?:\/\/[^\s\p{Cc}]+$/iu, 'must be an http or https URL');

const threadSchema = z.object({
  title: singleLineSchema(1000),
  body: text(20_000).optional(),
  external_url: httpUrl.optional(),
  status: z.object({ color: z.enum(STATUS_COLORS), value: singleLineSchema(100) }).optional(),
  fields: z
    .array(z.object({ label: singleLineSchema(200), value: text(2000) }))
    .max(50)
    .optional(),
  actions: z
    .array(
      z.object({
        '@type': z.literal('ViewAction'),
        url: httpUrl,
        name: singleLineSchema(200),
        description: text(1000).optional(),
        image: z.string().max(2000).optional(),
      }),
    )
    .max(10)
    .optional(),
});

const authorSchema = z.object({
  name: singleLineSchema(100),
  avatar: z.string().max(2000).optional(),
  email: z.string().max(320).optional(),
});

/** What a flow-token post may carry; which fields an event needs is checked after parsing. */
const flowTokenPostSchema = z.object({
  flow_token: z.string().min(1).max(200),
  event: z.enum(['activity', 'discussion', 'message']),
  author: authorSchema.optional(),
  title: singleLineSchema(1000).optional(),
  body: text(100_000).optional(),
  content: text(100_000).optional(),
  external_user_name: singleLineSchema(100).optional(),
  external_thread_id: singleLineSchema(255).optional(),
  thread_id: z.string().min(1).max(100).optional(),
  thread: threadSchema.optional(),
  tags: tagsInputSchema.optional(),
  uuid: z.string().min(8).max(64).optional(),
  flow: z.string().max(100).optional(),
});
type FlowTokenPost = z.infer<typeof flowTokenPostSchema>;

/** Whether a request body is a flow-token post (it names a `flow_token`). */
export function hasFlowToken(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'flow_token' in body;
}

function required(field: string, what: string): never {
  throw new ProtocolError('INVALID', `${field}: required ${what}`, field);
}

function toThread(thread: z.infer<typeof threadSchema>): ExternalThread {
  return {
    title: thread.title,
    body: thread.body ?? null,
    externalUrl: thread.external_url ?? null,
    status: thread.status ?? null,
    fields: thread.fields ?? [],
    actions: (thread.actions ?? []).map((a) => ({ name: a.name, url: a.url, description: a.description ?? null })),
  };
}

/** The entry's markdown by event: an activity's title, a discussion's (title and) body, a message's content. */
function entryBody(input: FlowTokenPost): string {
  if (input.event === 'activity') return visible(input.title ?? required('title', 'for an activity'), 'title');
  if (input.event === 'discussion') {
    const body = visible(input.body ?? required('body', 'for a discussion'), 'body');
    return input.title !== undefined ? `*${input.title}*\n\n${body}` : body;
  }
  return visible(input.content ?? required('content', 'for a message'), 'content');
}

/** A body as the socket's `message:send` takes one: trimmed, with visible text (INVALID, named, otherwise). */
function visible(body: string, field: string): string {
  const parsed = messageBodySchema.safeParse(body);
  if (!parsed.success) throw new ProtocolError('INVALID', `${field}: must contain visible text`, field);
  return parsed.data;
}

/** The request as the domain's post: every field the event needs, checked. */
function toPost(input: FlowTokenPost): IntegrationPost {
  const threaded = input.event !== 'message';
  if (threaded && input.author === undefined) required('author', `for an ${input.event}`);
  if (threaded && input.external_thread_id === undefined && input.thread_id === undefined)
    required('external_thread_id', `(or thread_id) for an ${input.event}`);
  return {
    event: input.event,
    uuid: input.uuid ?? uuidv7(),
    body: bodyWithTags(entryBody(input), input.tags),
    externalAuthor: input.author?.name ?? input.external_user_name ?? null,
    threadId: input.thread_id,
    externalThreadId: input.external_thread_id,
    thread: input.thread ? toThread(input.thread) : undefined,
  };
}

const UNKNOWN_TOKEN = 'unknown or revoked flow_token';

/**
 * Answers a flow-token post: 401 for an unknown or revoked token, 400 for a missing or malformed
 * field (named), 429 over the integration's own request budget; otherwise the stored entry as
 * Flowdock's message resource, with its `thread_id` and `external_thread_id`.
 */
export async function postWithFlowToken(res: ServerResponse, deps: FlowdockDeps, body: unknown): Promise<void> {
  const token = typeof body === 'object' && body !== null ? (body as { flow_token?: unknown }).flow_token : undefined;
  // the token is checked before the rest of the body: a stranger learns nothing from validation errors
  const known =
    typeof token === 'string'
      ? await deps.store.withTransaction((tx) => resolveFlowToken(tx, token), { readOnly: true })
      : null;
  if (!known) throw new ProtocolError('UNAUTHENTICATED', UNKNOWN_TOKEN, 'flow_token');
  // each integration has a budget of its own: a chatty CI job slows down only itself
  if (!deps.budgets.budgetFor(`integration:${known.id}`).general.take())
    throw new ProtocolError('RATE_LIMITED', 'too many requests; slow down');
  const input = parseInput(flowTokenPostSchema, body);
  const post = toPost(input);
  try {
    const now = Date.now();
    const { result, effects } = await deps.store.withTransaction(async (tx) => {
      // revoked between the check above and this unit of work: refused all the same
      const integration = await resolveFlowToken(tx, input.flow_token);
      const creator = integration ? await tx.users.get(integration.createdBy) : null;
      if (!integration || !creator) throw new ProtocolError('UNAUTHENTICATED', UNKNOWN_TOKEN, 'flow_token');
      const ctx: HandlerContext = {
        tx,
        user: creator,
        effects: createEffects(),
        config: deps.config,
        log: deps.log,
        now,
      };
      return { result: await postAsIntegration(ctx, integration, post), effects: ctx.effects };
    });
    deps.sink()(effects);
    // answered as GET messages shows it: the event it is, its thread and author
    const { streamId, seq } = result.message;
    const stored = await deps.store.withTransaction((tx) => tx.flowHistory.getBySeq(streamId, seq), {
      readOnly: true,
    });
    sendFlowdockJson(res, 200, messageJson(stored ?? result.message));
  } catch (error) {
    throw inApiFields(error);
  }
}
