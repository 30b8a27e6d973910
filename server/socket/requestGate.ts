import type { Socket } from 'socket.io';

/** Bounds on the work one connection may have the server do at once. */
export interface GateOptions {
  /** Requests accepted but not yet run; one more is answered RATE_LIMITED at once. */
  maxQueued: number;
  /** Bytes of request payloads waiting to run (a frame may hold up to 1 MB); beyond, RATE_LIMITED. */
  maxQueuedBytes: number;
  /** Bytes of answers still on their way out before the next request runs. */
  highWaterBytes: number;
}

export const DEFAULT_GATE: GateOptions = { maxQueued: 64, maxQueuedBytes: 2_097_152, highWaterBytes: 1_048_576 };

/** How long to wait for the transport's drain before looking again (a transport can change mid-wait). */
const RECHECK_MS = 50;

interface EnginePacket {
  data?: string | { byteLength: number };
}

/**
 * Bytes of this connection's answers not yet handed to the operating system: engine.io's write buffer
 * (waiting for the transport, or for a long-polling client to poll) plus what the WebSocket still
 * buffers. Read through engine.io/ws internals, typed here structurally in one place.
 */
function pendingOutputBytes(socket: Socket): number {
  const conn = socket.conn as unknown as {
    writeBuffer?: EnginePacket[];
    transport?: { socket?: { bufferedAmount?: number } };
  };
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    bytes += typeof data === 'string' ? data.length : (data?.byteLength ?? 0);
  }
  return bytes;
}

/** A request's work: it holds the connection until it returns, or until the promise it returns settles. */
type Run = () => unknown;

interface Job {
  run: Run;
  bytes: number;
}

/**
 * Runs one connection's requests one at a time and in order (the next starts once the one before has
 * been answered, its unit of work committed), at most one per turn of the event loop, and each only
 * once the answers before it have left (output under the high-water mark). So a client that asks for
 * much and reads slowly, or not at all, holds about one page of answers in server memory, and one
 * connection's burst never holds the event loop for more than one request: other users' requests run
 * in between. At most `maxQueued` requests (`maxQueuedBytes` of payload) wait; more are refused.
 * Queued work of a connection that has gone is dropped, never run.
 */
export class RequestGate {
  private readonly queue: Job[] = [];
  private queuedBytes = 0;
  /** A request ran this turn, or the gate waits for output to drain: new ones queue. */
  private paused = false;

  constructor(
    private readonly socket: Socket,
    private readonly options: GateOptions = DEFAULT_GATE,
  ) {
    socket.once('disconnect', () => this.drop());
  }

  /** Requests waiting to run (tests). */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Runs the request now if the gate is idle, else queues it; false (nothing queued) when the queue
   * is full. `size` is asked only for a request that has to wait.
   */
  submit(run: Run, size: () => number): boolean {
    if (!this.paused && this.queue.length === 0 && this.outputLow()) {
      this.runNow(run);
      return true;
    }
    if (this.queue.length >= this.options.maxQueued) return false;
    const bytes = size();
    if (this.queue.length > 0 && this.queuedBytes + bytes > this.options.maxQueuedBytes) return false;
    this.queue.push({ run, bytes });
    this.queuedBytes += bytes;
    if (!this.paused) this.pump();
    return true;
  }

  private outputLow(): boolean {
    return pendingOutputBytes(this.socket) <= this.options.highWaterBytes;
  }

  private runNow(run: Run): void {
    this.paused = true;
    const next = () =>
      setImmediate(() => {
        this.paused = false;
        this.pump();
      });
    let pending: unknown;
    try {
      pending = run();
    } catch (error) {
      next();
      throw error;
    }
    // A request that waits for its unit of work (its commit) holds the connection until it settles.
    if (pending instanceof Promise) pending.then(next, next);
    else next();
  }

  private pump(): void {
    if (this.paused) return;
    if (!this.socket.connected) return this.drop();
    if (this.queue.length === 0) return;
    if (!this.outputLow()) return this.waitForDrain();
    const job = this.queue.shift()!;
    this.queuedBytes -= job.bytes;
    this.runNow(job.run);
  }

  private drop(): void {
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private waitForDrain(): void {
    this.paused = true;
    const transport = this.socket.conn.transport as unknown as NodeJS.EventEmitter;
    const resume = () => {
      clearTimeout(timer);
      transport.off('drain', resume);
      this.socket.off('disconnect', resume);
      this.paused = false;
      this.pump();
    };
    const timer = setTimeout(resume, RECHECK_MS);
    transport.once('drain', resume);
    this.socket.once('disconnect', resume);
  }
}
