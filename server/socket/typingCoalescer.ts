import { TYPING_FLUSH_MS, type TypingChange, type TypingChanged } from '../../shared/protocol/index';
import type { BroadcastTarget } from './broadcaster';
import { streamRoom, userRoom } from './rooms';

/** A relayed `typing:signal`, as the handler puts it in the effects. */
export interface TypingSignal extends TypingChange {
  streamId: string;
}

/**
 * Gathers typing signals per stream for a short window and pushes one `typing:changed` per stream
 * with all of them. One push per signal cost a stream's every reader a socket write per keystroke
 * signal: 10 typists among 1,000 readers were 3,300 writes a second (docs/performance.md §12). Within
 * a window only a user's latest state per thread counts (a start then a stop is just the stop).
 *
 * Nobody is told they type: the stream's room gets the whole list except the window's typists' own
 * sockets, and each typist gets the list without their own entries (when others typed too). That
 * last push goes to the typist's sockets, not through the stream's room: a typist removed from the
 * stream on this node meanwhile is forgotten (`forget`); one removed on another node in the same
 * window may still hear that window's other typists, as they could have a moment before.
 */
export class TypingCoalescer {
  /** Per stream, per user and thread (`userId thread`), the latest change, in arrival order. */
  private readonly pending = new Map<string, Map<string, TypingChange>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly io: BroadcastTarget,
    private readonly flushMs = TYPING_FLUSH_MS,
  ) {}

  add(signal: TypingSignal): void {
    const { streamId, ...change } = signal;
    let changes = this.pending.get(streamId);
    if (!changes) {
      changes = new Map();
      this.pending.set(streamId, changes);
    }
    const key = `${change.userId} ${change.threadRootId ?? ''}`;
    // re-inserted, so that the list keeps the order of the latest signals
    changes.delete(key);
    changes.set(key, change);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      // typing is live only: a pending window never holds the process open
      this.timer.unref();
    }
  }

  /** A user left the stream: their pending signals there are dropped, and they get no typist's push. */
  forget(userId: string, streamId: string): void {
    const changes = this.pending.get(streamId);
    if (!changes) return;
    for (const [key, change] of changes) if (change.userId === userId) changes.delete(key);
    if (changes.size === 0) this.pending.delete(streamId);
  }

  /** Pushes every stream's gathered changes now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [streamId, byKey] of this.pending) this.push(streamId, [...byKey.values()]);
    this.pending.clear();
  }

  /** Drops what is pending (the server is closing; typing is never replayed). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private push(streamId: string, changes: TypingChange[]): void {
    const typists = [...new Set(changes.map((c) => c.userId))];
    const everyone: TypingChanged = { streamId, changes };
    this.io.to(streamRoom(streamId)).except(typists.map(userRoom)).emit('typing:changed', everyone);
    if (typists.length < 2) return;
    for (const typist of typists) {
      const others: TypingChanged = { streamId, changes: changes.filter((c) => c.userId !== typist) };
      this.io.to(userRoom(typist)).emit('typing:changed', others);
    }
  }
}
