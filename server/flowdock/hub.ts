import type { Stream, StreamEvent } from '../../shared/protocol/index';
import type { Effects } from '../domain/effects';

/** One open API stream, as the hub sees it. */
export interface StreamSubscriber {
  userId: string;
  /** The personal API token it was opened with (null for email and password). */
  apiTokenId: string | null;
  streamIds: ReadonlySet<string>;
  /** A committed log entry of one of its flows. */
  onEvent(event: StreamEvent): void;
  /** Its access ended (token revoked, removed from a flow): it must close. */
  onEnd(reason: string): void;
  /**
   * Its user was added to a stream (a new direct conversation, say); called before that unit's
   * events are handed over, so a subscriber that adds the stream to `streamIds` hears them too.
   */
  onStreamAdded?(stream: Stream): void;
}

/**
 * Hands committed effects to the open API streams of this node, as the broadcaster hands them to
 * sockets: each log entry to the streams of its flow; a revoked token or a removal from a team ends
 * the streams it concerned (their client reconnects and is refused, as a socket is).
 */
export class FlowStreamHub {
  private readonly subscribers = new Set<StreamSubscriber>();

  /** Adds a stream; returns what removes it. */
  subscribe(subscriber: StreamSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Open streams (tests and logs). */
  get size(): number {
    return this.subscribers.size;
  }

  /** Ends every open stream (the server is closing). */
  endAll(reason: string): void {
    for (const subscriber of [...this.subscribers]) subscriber.onEnd(reason);
  }

  /** Delivers one unit of work's committed effects. */
  deliver(effects: Effects): void {
    if (this.subscribers.size === 0) return;
    const revoked = new Set(effects.revokedTokens);
    const removed = effects.membership.filter((m) => m.change === 'removed');
    for (const subscriber of [...this.subscribers]) {
      if (subscriber.apiTokenId !== null && revoked.has(subscriber.apiTokenId)) {
        subscriber.onEnd('API token revoked');
        continue;
      }
      if (removed.some((m) => m.userId === subscriber.userId && subscriber.streamIds.has(m.streamId))) {
        subscriber.onEnd('no longer a member of a streamed flow');
        continue;
      }
      for (const m of effects.membership)
        if (m.change === 'added' && m.userId === subscriber.userId) subscriber.onStreamAdded?.(m.stream);
      for (const event of effects.events) if (subscriber.streamIds.has(event.streamId)) subscriber.onEvent(event);
    }
  }
}
