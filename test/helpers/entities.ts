// Protocol entities for tests that work below the socket (cache, search): complete, valid objects
// with only what a test cares about spelled out.
import { uuidv7 } from '../../shared/domain/ids';
import { newMessage, type Message, type Stream, type StreamEvent } from '../../shared/protocol/entities';

/** A team stream the caller is a member of, with no history yet. */
export function makeStream(name: string, extra: Partial<Stream> = {}): Stream {
  return {
    id: uuidv7(),
    kind: 'team',
    teamId: uuidv7(),
    name,
    headSeq: 0,
    lastReadSeq: 0,
    unread: 0,
    mentions: 0,
    role: 'member',
    ...extra,
  };
}

/** A top-level message by Bob created at `seq`, one second after the one before it. */
export function makeMessage(streamId: string, seq: number, body: string, extra: Partial<Message> = {}): Message {
  return newMessage({
    id: uuidv7(),
    streamId,
    seq,
    authorId: uuidv7(),
    authorName: 'Bob Baker',
    clientId: uuidv7(),
    body,
    threadRootId: null,
    createdAt: 1_700_000_000_000 + seq * 1000,
    ...extra,
  });
}

/** `count` padded messages from seq 10,000 on, to grow a cache past a few pages for damage tests. */
export function fillerMessages(streamId: string, count: number): Message[] {
  return Array.from({ length: count }, (_, i) =>
    makeMessage(streamId, 10_000 + i, `filler message number ${i} ${'with some padding '.repeat(4)}`, {
      authorName: 'Filler',
      createdAt: 1_700_000_000_000 + i,
    }),
  );
}

/** The `message:created` log entry of a message, as the server would append it. */
export function createdEvent(m: Message): StreamEvent {
  return {
    streamId: m.streamId,
    seq: m.seq,
    type: 'message:created',
    at: m.createdAt,
    actorId: m.authorId,
    message: m,
    promotion: null,
  };
}
