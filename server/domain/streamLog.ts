import type {
  Message,
  Promotion,
  Purge,
  ReactionChange,
  StreamEvent,
  StreamEventType,
} from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import type { Effects } from './effects';

/**
 * Appends one entry to a stream's log and queues it for live delivery. Must run inside the unit of
 * work that made the change, so seq numbers stay gap-free and match committed state: the seq comes
 * from the stream's row, which stays locked until the unit commits, so appenders on other
 * connections or nodes wait their turn instead of taking the same number.
 */
export async function appendEvent(
  tx: Tx,
  effects: Effects,
  entry: {
    streamId: string;
    type: StreamEventType;
    actorId: string;
    at: number;
    message: Message | null;
    promotion?: Promotion | null;
    /** `reaction:changed` only: the change itself, with `message` null. */
    reaction?: ReactionChange;
    /** `messages:purged` only: what retention removed, with `message` null. */
    purge?: Purge;
    /** Pass when the seq was already allocated (a new message's seq is its creation event's). */
    seq?: number;
  },
): Promise<void> {
  const event: StreamEvent = {
    streamId: entry.streamId,
    seq: entry.seq ?? (await tx.streams.allocateSeq(entry.streamId)),
    type: entry.type,
    at: entry.at,
    actorId: entry.actorId,
    message: entry.message,
    promotion: entry.promotion ?? null,
    ...(entry.reaction ? { reaction: entry.reaction } : {}),
    ...(entry.purge ? { purge: entry.purge } : {}),
  };
  await tx.streams.insertEvent(event);
  effects.events.push(event);
}
