import { randomUUID } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import { PRESENCE_FLUSH_MS, type PresenceChanged } from '../../shared/protocol/index';
import type { Store, Tx } from '../db/store';
import type { Logger } from '../logger';
import { streamRoom } from './rooms';

/** How presence is kept: how often a node vouches for its sockets, and how long a vouch lasts. */
export interface PresenceOptions {
  /** How often this node moves the expiry of its sockets' rows on (default 20 s). */
  heartbeatMs?: number;
  /** How long a row counts without a heartbeat (default 60 s): a dead node's users go offline then. */
  ttlMs?: number;
  /** How long changes are gathered before they are pushed (default PRESENCE_FLUSH_MS). */
  flushMs?: number;
}

export const DEFAULT_PRESENCE = { heartbeatMs: 20_000, ttlMs: 60_000, flushMs: PRESENCE_FLUSH_MS } as const;

/**
 * Presence across nodes, kept in the database: one row per connected socket, stamped with this node's
 * id and an expiry that one heartbeat statement per node moves on. Any node answers `presence:list`
 * from the table alone, and a node that dies without closing stops counting when its rows expire
 * (the next heartbeat of a live node deletes them and tells their streams). Why not the adapter's
 * `fetchSockets()`: it asks every node over LISTEN/NOTIFY and waits for all of them on every question
 * (and for a timeout when one has died), and ships each socket's data back; a table costs one insert
 * and one delete per connection, one UPDATE per node per heartbeat, and indexed reads.
 *
 * Pushes are coalesced: connects, disconnects and opt-outs mark their user, and once a flush interval
 * the marked users' current state (online and not opted out) is read and pushed as one
 * `presence:changed` per stream to that stream's room, through the adapter to every node.
 */
export class PresenceTracker {
  readonly nodeId = randomUUID();
  private readonly options: Required<PresenceOptions>;
  /** Users to announce at the next flush; true when their own opt-out (or opt-in) is the change. */
  private readonly pending = new Map<string, boolean>();
  /** Each socket's registration, so that its removal never runs before its insert. */
  private readonly registered = new Map<string, Promise<void>>();
  private flushTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly io: Server,
    private readonly store: Store,
    private readonly log: Logger,
    options: PresenceOptions = {},
  ) {
    this.options = { ...DEFAULT_PRESENCE, ...options };
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.options.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  /** Records a newly connected socket and removes it again when it disconnects. */
  track(socket: Socket, userId: string): void {
    if (this.closed) return;
    const expiresAt = Date.now() + this.options.ttlMs;
    const registration = this.store
      .withTransaction((tx) => tx.presence.connect(socket.id, userId, this.nodeId, expiresAt))
      .then(
        () => this.touch([userId]),
        (error: unknown) => this.fail('presence connect failed', error),
      );
    this.registered.set(socket.id, registration);
    socket.once('disconnect', () => {
      this.registered.delete(socket.id);
      void registration.then(() => this.untrack(socket.id));
    });
  }

  private async untrack(socketId: string): Promise<void> {
    if (this.closed) return;
    try {
      const userId = await this.store.withTransaction((tx) => tx.presence.disconnect(socketId));
      if (userId) this.touch([userId]);
    } catch (error) {
      this.fail('presence disconnect failed', error);
    }
  }

  /**
   * Marks users whose presence may have changed; their streams hear it at the next flush. `choice`:
   * the change is the user's own opt-out or opt-in, which is announced; the connects and disconnects
   * of an opted-out user are not (even as "offline": their timing would tell when they are around).
   */
  touch(userIds: readonly string[], choice = false): void {
    if (this.closed || userIds.length === 0) return;
    for (const id of userIds) this.pending.set(id, choice || (this.pending.get(id) ?? false));
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.flushing = this.flushing.then(() => this.flush());
    }, this.options.flushMs);
  }

  /** Reads the marked users' state now and pushes one `presence:changed` per stream they read. */
  private async flush(): Promise<void> {
    const marked = new Map(this.pending);
    this.pending.clear();
    if (marked.size === 0) return;
    try {
      const changes = await this.store.withTransaction((tx) => changesFor(tx, marked, Date.now()), {
        readOnly: true,
      });
      for (const change of changes) this.io.to(streamRoom(change.streamId)).emit('presence:changed', change);
    } catch (error) {
      this.fail('presence flush failed', error);
    }
  }

  /** This node vouches for its sockets, and forgets those of nodes that stopped vouching. */
  private async heartbeat(): Promise<void> {
    if (this.closed) return;
    const now = Date.now();
    try {
      const expired = await this.store.withTransaction(async (tx) => {
        await tx.presence.heartbeat(this.nodeId, now + this.options.ttlMs);
        return tx.presence.expire(now);
      });
      this.touch(expired);
    } catch (error) {
      this.fail('presence heartbeat failed', error);
    }
  }

  /**
   * Stops tracking: this node's sockets are deleted in one statement and their streams told at once
   * (before the sockets close, so the offline push still reaches other nodes' clients).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await Promise.allSettled([...this.registered.values(), this.flushing]);
    this.closed = true;
    try {
      const gone = await this.store.withTransaction((tx) => tx.presence.clearNode(this.nodeId));
      for (const id of gone) this.pending.set(id, false);
      await this.flush();
    } catch (error) {
      this.fail('presence close failed', error);
    }
  }

  private fail(what: string, error: unknown): void {
    this.log.warn(what, { error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * For each stream the marked users read, who of them is online now and who is not. An opted-out
 * user is left out unless their choice itself is the change (then: offline, or online again).
 */
async function changesFor(tx: Tx, marked: ReadonlyMap<string, boolean>, now: number): Promise<PresenceChanged[]> {
  const online = new Set(await tx.presence.visibleOnline([...marked.keys()], now));
  const byStream = new Map<string, PresenceChanged>();
  const orgStreams = new Map<string, string | null>();
  for (const [userId, choice] of marked) {
    if (!choice && !online.has(userId) && (await tx.presence.isHidden(userId))) continue;
    const user = await tx.users.get(userId);
    if (!user) continue;
    if (!orgStreams.has(user.orgId))
      orgStreams.set(user.orgId, (await tx.streams.getOrgStream(user.orgId))?.id ?? null);
    const streamIds = (await tx.teams.listForUser(userId)).map((team) => team.streamId);
    const orgStreamId = orgStreams.get(user.orgId);
    if (orgStreamId) streamIds.push(orgStreamId);
    // direct conversations: their participants see each other as they see team members
    streamIds.push(...(await tx.directs.streamIdsForUser(userId)));
    for (const streamId of streamIds) {
      let change = byStream.get(streamId);
      if (!change) {
        change = { streamId, online: [], offline: [] };
        byStream.set(streamId, change);
      }
      (online.has(userId) ? change.online : change.offline).push(userId);
    }
  }
  return [...byStream.values()];
}
