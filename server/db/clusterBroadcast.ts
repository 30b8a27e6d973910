import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { ServerOptions } from 'socket.io';
import type { StorageTarget } from './openStore';

/** Broadcasts between the nodes that share one PostgreSQL database. */
export interface ClusterBroadcast {
  /** socket.io's `adapter` option: every room operation and emit reaches the sockets of every node. */
  readonly adapter: ServerOptions['adapter'];
  /** Resolves once this node listens for the other nodes' broadcasts (call after creating the io server). */
  ready(): Promise<void>;
  /** Closes the connections (after the io server, which stops the adapter). */
  close(): Promise<void>;
}

/** How long a node waits for its broadcast listener before refusing to start. */
const READY_TIMEOUT_MS = 15_000;

/**
 * The socket.io PostgreSQL adapter (LISTEN/NOTIFY), so PostgreSQL stays the only service a cluster
 * needs; null on SQLite, which is one node. Its own pool of two connections: one listens, the other
 * publishes, so this node's broadcasts leave in the order they were made (a removal before the next
 * event of that stream) and never wait behind the units of work. A NOTIFY is no data: the
 * publishing connection commits without waiting for a disk flush (synchronous_commit=off).
 */
export function openClusterBroadcast(
  target: StorageTarget,
  onError: (message: string) => void,
): ClusterBroadcast | null {
  if (target.engine !== 'postgres') return null;
  // a name of this node's own, to find its listening connection among the server's sessions
  const applicationName = `tributary-broadcast-${randomBytes(6).toString('hex')}`;
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 2,
    application_name: applicationName,
    options: '-c synchronous_commit=off',
  });
  pool.on('error', (error) => onError(`broadcast connection failed: ${error.message}`));
  const adapter = createAdapter(pool, { errorHandler: (error) => onError(`broadcast failed: ${error.message}`) });

  /** Whether this node's listening connection has run its LISTEN (the adapter does not say). */
  const listening = async (): Promise<boolean> => {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE application_name = $1 AND state = 'idle' AND query LIKE 'LISTEN %'`,
      [applicationName],
    );
    return (rows[0]?.n ?? 0) > 0;
  };
  return {
    adapter,
    async ready() {
      const giveUpAt = Date.now() + READY_TIMEOUT_MS;
      while (!(await listening())) {
        if (Date.now() > giveUpAt) throw new Error('the broadcast listener did not start');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => pool.end(),
  };
}
