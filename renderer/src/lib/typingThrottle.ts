import { TYPING_SIGNAL_INTERVAL_MS } from '../../../shared/protocol/presence';

/**
 * When the composer tells others that I type: one `typing: true` at the first keystroke and at most
 * one more per interval while I keep typing (receivers forget a signal after TYPING_EXPIRY_MS, twice
 * the interval, so one lost signal does not blink the indicator), and one stop on send, on blur or on
 * moving to another stream, only if a start went out.
 */
export class TypingThrottle {
  private streamId: string | null = null;
  private threadRootId: string | undefined;
  private lastStart = 0;

  constructor(
    private readonly send: (streamId: string, typing: boolean, threadRootId?: string) => void,
    private readonly intervalMs: number = TYPING_SIGNAL_INTERVAL_MS,
  ) {}

  /** A keystroke that changed the draft of a stream, or of a reply in one of its threads. */
  typed(streamId: string, now: number = Date.now(), threadRootId?: string): void {
    const same = this.streamId === streamId && this.threadRootId === threadRootId;
    if (this.streamId !== null && !same) this.stopped();
    if (same && now - this.lastStart < this.intervalMs) return;
    this.streamId = streamId;
    this.threadRootId = threadRootId;
    this.lastStart = now;
    this.send(streamId, true, threadRootId);
  }

  /** The message went out, the box lost focus or was emptied: a stop, once. */
  stopped(): void {
    if (this.streamId === null) return;
    const { streamId, threadRootId } = this;
    this.streamId = null;
    this.threadRootId = undefined;
    this.lastStart = 0;
    this.send(streamId, false, threadRootId);
  }
}
