import type { ChangeKind, DataChanged } from '../../shared/ipc/contract';

/** One push's worth of changes of one account (the core adds the account id). */
export type ChangeSet = Omit<DataChanged, 'accountId'>;

/*
 * Cache changes are announced as `data:changed` pushes, and every push makes the renderer re-read
 * what it shows. A catch-up page, an ack or a hello records several changes within one turn of the
 * event loop; they leave as ONE push carrying the union of their kinds and stream ids.
 */

/** Collects changes and hands them to `flush` once per event-loop turn. */
export class ChangeCoalescer {
  private readonly kinds = new Set<ChangeKind>();
  private readonly streamIds = new Set<string>();
  /** A change without stream ids concerns any stream; merged with others, the push names none. */
  private anyStream = false;
  private scheduled: NodeJS.Immediate | null = null;

  constructor(private readonly flush: (change: ChangeSet) => void) {}

  /** Records one change; the push goes out after the current turn. */
  add(streamIds: readonly string[], kinds: readonly ChangeKind[]): void {
    if (kinds.length === 0) return;
    for (const kind of kinds) this.kinds.add(kind);
    if (streamIds.length === 0) this.anyStream = true;
    for (const id of streamIds) this.streamIds.add(id);
    this.scheduled ??= setImmediate(() => this.emitNow());
  }

  /** Drops what is pending without announcing it (the core is closing). */
  cancel(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.reset();
  }

  private emitNow(): void {
    this.scheduled = null;
    const change: ChangeSet = {
      streamIds: this.anyStream ? [] : [...this.streamIds],
      kinds: [...this.kinds],
    };
    this.reset();
    this.flush(change);
  }

  private reset(): void {
    this.kinds.clear();
    this.streamIds.clear();
    this.anyStream = false;
  }
}
