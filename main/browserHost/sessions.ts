import { join } from 'node:path';
import type { ClientCore, ClientCoreOptions } from '../core/index';

/*
 * One client core per browser session id, created on first connect and kept across reconnects (a
 * page reload or a flaky socket must not log the user out or lose the outbox). Two browser contexts
 * carry two session ids, hence two independent users with their own cache folders.
 */

/** The login prefill every session's core gets. */
export type CoreDefaults = ClientCoreOptions['defaults'];

/** Builds one session's client core (tests tune reconnect delays or count listeners). */
export type CoreFactory = (options: { dataDir: string; defaults: CoreDefaults }) => ClientCore | Promise<ClientCore>;

export class SessionRegistry {
  private readonly cores = new Map<string, Promise<ClientCore>>();
  private closed = false;

  constructor(
    private readonly dataDir: string,
    private readonly defaults: CoreDefaults,
    private readonly createCore: CoreFactory,
  ) {}

  /** The core of one session folder, created lazily; a failed creation is forgotten so a retry can work. */
  get(folder: string): Promise<ClientCore> {
    if (this.closed) return Promise.reject(new Error('browser host is closing'));
    const existing = this.cores.get(folder);
    if (existing) return existing;
    const created = Promise.resolve()
      .then(() => this.createCore({ dataDir: join(this.dataDir, 'sessions', folder), defaults: this.defaults }))
      .catch((error: unknown) => {
        this.cores.delete(folder);
        throw error;
      });
    this.cores.set(folder, created);
    return created;
  }

  /** How many sessions have a live core (tests check reuse across reconnects). */
  get size(): number {
    return this.cores.size;
  }

  /** Closes every core; their caches and outboxes stay on disk for the next launch. */
  async closeAll(): Promise<void> {
    this.closed = true;
    const pending = [...this.cores.values()];
    this.cores.clear();
    await Promise.allSettled(pending.map(async (core) => (await core).close()));
  }
}
