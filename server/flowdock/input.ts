import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { invalidFromZod, ProtocolError, socketRequests, type SocketRequestName } from '../../shared/protocol/index';
import { createEffects } from '../domain/effects';
import type { HandlerContext } from '../handlers/context';
import { handlers } from '../handlers/registry';
import { HttpError } from '../http/respond';
import type { Caller, FlowdockDeps } from './context';

/** Largest request body: a message of the largest allowed length, escaped, with room for its fields. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * A request body as Flowdock accepted it: JSON or `application/x-www-form-urlencoded` (415 for
 * anything else, 400 for malformed JSON, 413 when too large). A form's `tags` may repeat.
 */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && type !== 'application/x-www-form-urlencoded')
    throw new HttpError(
      415,
      'INVALID',
      'content-type must be application/json or application/x-www-form-urlencoded',
      'content-type',
    );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'INVALID', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    const fields: Record<string, string | string[]> = {};
    for (const key of new Set(form.keys())) {
      const values = form.getAll(key);
      fields[key] = values.length > 1 ? values : values[0]!;
    }
    return fields;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'INVALID', 'body is not valid JSON');
  }
}

/** Parses input with a schema; the first bad field answers INVALID (400) under the API's field names. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidFromZod(parsed.error);
  return parsed.data;
}

/** Socket field names as the Flowdock API calls them, for errors from the shared handlers. */
const API_FIELDS: Record<string, string> = {
  body: 'content',
  threadRootId: 'thread_id',
  clientId: 'uuid',
  messageId: 'id',
  streamId: 'flow',
};

/**
 * Runs a socket request's handler for an API caller, exactly as a socket request runs: validated
 * with the request's schema, in one unit of work with the session checked, its effects delivered to
 * sockets and API streams once committed. Posts from bots therefore reach the desktop apps (live and
 * in their caches) the way any message does.
 */
export async function runAsCaller<N extends SocketRequestName>(
  deps: FlowdockDeps,
  caller: Caller,
  name: N,
  payload: unknown,
): Promise<object> {
  try {
    const parsed = parseInput(socketRequests[name].request, payload);
    const now = Date.now();
    const { result, effects } = await deps.store.withTransaction(async (tx) => {
      // the token may have been revoked since the request was authenticated
      if (caller.apiTokenId !== null) {
        const token = await tx.apiTokens.get(caller.apiTokenId);
        if (!token || token.revokedAt !== null) throw new ProtocolError('UNAUTHENTICATED', 'API token revoked');
      }
      const ctx: HandlerContext = {
        tx,
        user: caller.user,
        effects: createEffects(),
        config: deps.config,
        log: deps.log,
        now,
      };
      const handler = handlers[name] as (c: HandlerContext, p: unknown) => Promise<object>;
      return { result: await handler(ctx, parsed), effects: ctx.effects };
    });
    deps.sink()(effects);
    return result;
  } catch (error) {
    throw inApiFields(error);
  }
}

/** An error of the shared handlers under the API's field names (`body` → `content`, …). */
export function inApiFields(error: unknown): unknown {
  if (error instanceof ProtocolError && error.field !== undefined && API_FIELDS[error.field] !== undefined) {
    const field = API_FIELDS[error.field]!;
    return new ProtocolError(error.code, error.message.replace(error.field, field), field);
  }
  return error;
}
