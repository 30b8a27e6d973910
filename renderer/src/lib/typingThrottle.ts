import { TYPING_SIGNAL_INTERVAL_MS } from '../../../shared/protocol/presence';

/**
 * When the composer tells others that I type: one `typing: true` at the first keystroke and at most
 * one more per interval while I keep typing (receivers forget a signal after TYPING_EXPIRY_MS, twice
 * the interval, so one lost signal does not blink the indicator), and one stop on send, on blur or on
 * moving to another stream, only if a start went out.
 */
export class TypingThrottle {
  private streamId: string | null = null;
  private lastStart = 0;

  constructor(
    private readonly send: (streamId: string, typing: boolean) => void,
    private readonly intervalMs: number = TYPING_SIGNAL_INTERVAL_MS,
  ) {}

  /** A keystroke that changed the draft of a stream. */
  typed(streamId: string, now: number = Date.now()): void {
    if (this.streamId !== null && this.streamId !== streamId) this.stopped();
    if (this.streamId === streamId && now - this.lastStart < this.intervalMs) return;
    this.streamId = streamId;
    this.lastStart = now;
    this.send(streamId, true);
  }

  /** The message went out, the box lost focus or was emptied: a stop, once. */
  stopped(): void {
    if (this.streamId === null) return;
    const streamId = this.streamId;
    this.streamId = null;
    this.lastStart = 0;
    this.send(streamId, false);
  }
}
