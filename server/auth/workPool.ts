/** Thrown by WorkPool.run when every slot is busy and the waiting line is full. */
export class PoolFullError extends Error {
  constructor() {
    super('work pool full');
  }
}

/**
 * Runs expensive work a few at a time with a short, bounded waiting line. Logins use it for scrypt:
 * each check costs ~1.5 s of CPU and 128 MiB, and unauthenticated callers must not be able to start
 * any number of them. Over capacity the caller is refused at once instead of queued without end.
 */
export class WorkPool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {
    if (!(concurrency >= 1) || !(maxWaiting >= 0)) throw new Error('WorkPool needs concurrency >= 1, maxWaiting >= 0');
  }

  /** How many jobs run now and how many wait (tests, logs). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `work` in a free slot (waiting for one if the line has room); PoolFullError when it has none. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new PoolFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      // hand the slot straight to the next in line, so `running` never dips and lets a newcomer jump it
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
