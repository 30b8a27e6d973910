import { z } from 'zod';
import {
  MAX_PAGE_BYTES,
  MAX_SYNC_PAGE,
  ProtocolError,
  type Stream,
  type StreamEvent,
} from '../../shared/protocol/index';
import { accessStream } from '../domain/access';
import type { FlowdockRequest } from './context';
import { flowByFilterEntry, type FlowRef } from './flowAccess';
import { parseInput } from './input';
import { messageJson, streamEventJson } from './present';
import { listPrivates, otherOfPair } from './privateAccess';
import { privateStreamEventJson } from './privatePresent';
import { readUnit } from './reply';

const streamQuerySchema = z.object({
  filter: z.string().max(8000).optional(),
  user: z.enum(['0', '1', 'true', 'false']).optional(),
  // presence: Tributary shows none yet, so it is accepted and has no effect
  active: z.enum(['true', 'idle']).optional(),
  accept: z.enum(['application/json', 'text/event-stream']).optional(),
});

const MAX_FLOWS = 100;
/** A client this far behind (bytes queued) is cut off, as Flowdock did on "excessive client-side lag". */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

/** Reads `flowId:seq,flowId:seq` (an event-stream id) into cursors; anything malformed is ignored. */
function parseCursors(lastEventId: unknown): Map<string, number> {
  const cursors = new Map<string, number>();
  if (typeof lastEventId !== 'string' || lastEventId.length > 16_000) return cursors;
  for (const part of lastEventId.split(',')) {
    const colon = part.lastIndexOf(':');
    const seq = Number(part.slice(colon + 1));
    if (colon > 0 && Number.isSafeInteger(seq) && seq >= 0) cursors.set(part.slice(0, colon), seq);
  }
  return cursors;
}

/** Whether a stream request asks for the caller's private messages too (`user=1`). */
const wantsPrivate = (query: z.infer<typeof streamQuerySchema>) => query.user === '1' || query.user === 'true';

/** The flows a stream request names: the path's one flow, or `filter`'s list. */
async function requestedFlows(r: FlowdockRequest, query: z.infer<typeof streamQuerySchema>): Promise<FlowRef[]> {
  const entries =
    r.params.length === 2
      ? [`${r.params[0]}/${r.params[1]}`]
      : [...new Set((query.filter ?? '').split(',').map((e) => e.trim()))].filter((e) => e !== '');
  const privateToo = wantsPrivate(query);
  if (entries.length === 0 && !privateToo)
    throw new ProtocolError('INVALID', 'filter: name at least one flow', 'filter');
  if (entries.length > MAX_FLOWS) throw new ProtocolError('INVALID', `filter: at most ${MAX_FLOWS} flows`, 'filter');
  return readUnit(r, async (tx) => {
    const flows: FlowRef[] = [];
    for (const entry of entries) flows.push(await flowByFilterEntry(tx, r.caller.user, entry));
    return flows;
  });
}

/**
 * `GET /stream/flows?filter=org/flow,…` and `GET /stream/flows/:org/:flow`: every new event of the
 * flows, one JSON object per line (`\r\n`), or Server-Sent Events when the client asks for
 * `text/event-stream` (Accept header or `accept`). With `user=1`, the caller's 1:1 conversations
 * too (those opened while the stream is open as well), as private messages. A keep-alive goes out after `keepAliveMs` of
 * silence; each one re-checks that the token and the flows are still the caller's. An event stream's
 * ids are cursors: reconnecting with `Last-Event-ID` replays from the log what was missed.
 */
export async function openStream(r: FlowdockRequest): Promise<void> {
  const query = parseInput(streamQuerySchema, Object.fromEntries(r.url.searchParams));
  const flows = await requestedFlows(r, query);
  const { deps, caller, res } = r;
  const eventStream =
    query.accept === 'text/event-stream' ||
    (query.accept === undefined && (r.req.headers.accept ?? '').includes('text/event-stream'));
  const capKey = `api-stream:${caller.apiTokenId ?? caller.user.id}`;
  const refusal = deps.budgets.refusal(caller.user.id, capKey);
  if (refusal) throw new ProtocolError('RATE_LIMITED', refusal);
  deps.budgets.open(caller.user.id, capKey);

  // each 1:1 conversation streamed: its two participants, the caller first
  const privatePairs = new Map<string, readonly [string, string]>();
  const addPrivate = (stream: Stream): boolean => {
    const other = stream.kind === 'direct' ? otherOfPair(stream, caller.user.id) : null;
    if (other) privatePairs.set(stream.id, [caller.user.id, other]);
    return other !== null;
  };
  const privates = wantsPrivate(query) ? await readUnit(r, (tx) => listPrivates(tx, caller.user)) : [];
  for (const { stream } of privates) addPrivate(stream);
  const resumeFrom = eventStream ? parseCursors(r.req.headers['last-event-id']) : new Map<string, number>();
  const cursors = new Map(
    [...flows.map((f) => f.stream), ...privates.map((p) => p.stream)].map((s) => [
      s.id,
      resumeFrom.get(s.id) ?? s.headSeq,
    ]),
  );
  const streamIds = new Set(cursors.keys());
  let replaying = true;
  const waiting: StreamEvent[] = [];
  let closed = false;
  let writing = Promise.resolve();

  /** An entry as the stream sends it; an integration's new post is read back to show the event it was. */
  const toJson = async (event: StreamEvent): Promise<object | null> => {
    const pair = privatePairs.get(event.streamId);
    if (pair) return privateStreamEventJson(event, pair);
    const message = event.message;
    if (event.type === 'message:created' && message?.integration) {
      const stored = await readUnit(r, (tx) => tx.flowHistory.getBySeq(message.streamId, message.seq));
      if (stored) return messageJson(stored);
    }
    return streamEventJson(event);
  };
  // one entry at a time, in order, although presenting one may read the database
  const write = async (event: StreamEvent): Promise<void> => {
    const seen = cursors.get(event.streamId);
    if (seen === undefined || event.seq <= seen) return;
    cursors.set(event.streamId, event.seq);
    const json = await toJson(event);
    if (!json || closed) return;
    const text = JSON.stringify(json);
    const cursor = [...cursors].map(([id, seq]) => `${id}:${seq}`).join(',');
    res.write(eventStream ? `id: ${cursor}\ndata: ${text}\n\n` : `${text}\r\n`);
    if (res.writableLength > MAX_QUEUED_BYTES) end('client too far behind');
    lastWrite = Date.now();
  };
  const end = (reason: string): void => {
    if (closed) return;
    closed = true;
    deps.log.debug('api stream ended', { userId: caller.user.id, reason });
    res.end();
  };
  const unsubscribe = deps.hub.subscribe({
    userId: caller.user.id,
    apiTokenId: caller.apiTokenId,
    streamIds,
    onEvent: (event) => (replaying ? waiting.push(event) : enqueue(event)),
    onEnd: end,
    onStreamAdded: (stream) => {
      if (!wantsPrivate(query) || cursors.has(stream.id) || !addPrivate(stream)) return;
      cursors.set(stream.id, stream.headSeq);
      streamIds.add(stream.id);
    },
  });
  let lastWrite = Date.now();
  const timer = setInterval(() => void keepAlive(), Math.max(50, Math.floor(deps.keepAliveMs / 2)));
  res.once('close', () => {
    closed = true;
    clearInterval(timer);
    unsubscribe();
    deps.budgets.close(caller.user.id, capKey);
  });

  res.writeHead(200, {
    'content-type': eventStream ? 'text/event-stream; charset=utf-8' : 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    'flowdock-user': caller.user.id,
  });
  res.flushHeaders();
  try {
    for (const streamId of [...cursors.keys()]) await replay(streamId);
  } catch (error) {
    deps.log.warn('api stream replay failed', { error: error instanceof Error ? error.message : String(error) });
    return end('replay failed');
  }
  replaying = false;
  for (const event of waiting.splice(0)) enqueue(event);

  /** A live entry, written after those before it. */
  function enqueue(event: StreamEvent): void {
    writing = writing
      .then(() => write(event))
      .catch((error: unknown) => {
        deps.log.warn('api stream write failed', { error: error instanceof Error ? error.message : String(error) });
        end('write failed');
      });
  }

  /** Everything of a flow after its cursor, from the log (what a resumed stream missed). */
  async function replay(streamId: string): Promise<void> {
    for (;;) {
      const after = cursors.get(streamId)!;
      const page = await readUnit(r, (tx) => tx.streams.eventsAfter(streamId, after, MAX_SYNC_PAGE, MAX_PAGE_BYTES));
      for (const event of page.items) if (!closed) await write(event);
      if (!page.hasMore || closed || page.items.length === 0) return;
    }
  }

  /** After a silence: a keep-alive, once the token and every flow are confirmed to be the caller's still. */
  async function keepAlive(): Promise<void> {
    if (closed || Date.now() - lastWrite < deps.keepAliveMs / 2) return;
    const allowed = await readUnit(r, async (tx) => {
      if (caller.apiTokenId !== null) {
        const token = await tx.apiTokens.get(caller.apiTokenId);
        if (!token || token.revokedAt !== null) return false;
      }
      for (const streamId of cursors.keys()) await accessStream(tx, caller.user, streamId);
      return true;
    }).catch(() => false);
    if (!allowed) return end('access ended');
    if (closed) return;
    res.write(eventStream ? ':keep-alive\n\n' : '\n');
    lastWrite = Date.now();
  }
}
