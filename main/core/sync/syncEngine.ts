import type { ChangeKind, SyncStatus } from '../../../shared/ipc/contract';
import type { Organization, Stream, StreamEvent, User } from '../../../shared/protocol/entities';
import type { ServerPush, ServerPushName } from '../../../shared/protocol/pushes';
import type { Notification } from '../../../shared/protocol/pushes';
import type { SocketRequest, SocketRequestName, SocketResponse } from '../../../shared/protocol/requests';
import type { Ack } from '../../../shared/protocol/errors';
import { MAX_SYNC_PAGE } from '../../../shared/protocol/limits';
import { applyEvents } from '../cache/apply';
import type { Db } from '../cache/database';
import { isCorruptionError } from '../cache/integrity';
import { replaceDirectory, setAccountValue, upsertUser } from '../cache/directory';
import { pendingCount } from '../cache/outbox';
import { upsertPromotion } from '../cache/promotions';
import { storeSpeechPolicy } from '../cache/speechPolicy';
import { replaceGuidelines } from '../cache/guidelines';
import { getCursor, getLastReadSeq, listStreamIds, purgeStream, setHeadSeq, upsertStream } from '../cache/streams';
import { errorMessage, type CoreLogger } from '../log';
import { backoffDelay, type BackoffOptions } from './backoff';
import { Connection } from './connection';
import { OutboxSender, type OutboxUploadsOptions } from './outboxSender';
import { applyAccessPush } from './accessPushes';

/** A push that is only passed on: who is online or typing now. */
export type LivePush =
  | { name: 'presence:changed'; payload: ServerPush<'presence:changed'> }
  | { name: 'typing:changed'; payload: ServerPush<'typing:changed'> };

/** What the engine reports to the core. */
export interface EngineListeners {
  status(s: SyncStatus): void;
  changed(streamIds: string[], kinds: ChangeKind[]): void;
  notification(n: Notification): void;
  helloed(user: User, org: Organization): void;
  /** The server refused the token: syncing waits for the password (the cache stays readable). */
  unauthenticated(): void;
  /** The server says the account was deactivated: its local data must go. */
  deactivated(): void;
  /** A message from someone else arrived live (not during catch-up): for "notify on every message". */
  liveMessage?(e: StreamEvent): void;
  /** Live-only news (presence, typing): passed on, never cached. */
  live?(push: LivePush): void;
  /** A cache write during sync failed with SQLite corruption: the cache must be set aside and rebuilt. */
  damaged?(reason: string): void;
}

/** Engine settings. */
export interface EngineOptions {
  serverUrl: string;
  /** Null: no token (not stored, or refused): the cache is readable, the engine only watches for the server. */
  token: string | null;
  myId: string;
  backoff: BackoffOptions;
  log: CoreLogger;
  /** A new stream with a longer log starts catching up this many events below its head. */
  initialWindow?: number;
  /** Events per catch-up page (default and maximum MAX_SYNC_PAGE: fewer round trips and requests). */
  pageSize?: number;
  /** Staged files of queued sends, uploaded before they are sent. */
  outboxUploads?: OutboxUploadsOptions;
}

const DEFAULT_WINDOW = 2000;
const RATE_LIMIT_PAUSE_MS = 1000;
const PROBE_TIMEOUT_MS = 5000;

/**
 * Keeps one account's cache in step with the server: connect → hello → catch up every stream from
 * its cursor in pages → live; gaps trigger a stream catch-up; drops reconnect with jittered backoff.
 */
export class SyncEngine {
  private conn: Connection | null = null;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private state: SyncStatus['state'] = 'offline';
  private done = 0;
  private total = 0;
  private lastError: string | null = null;
  private lastPending = -1;
  private token: string | null;
  /** Bumped per reachability probe, so a slow answer from an older probe is ignored. */
  private probeRun = 0;
  private readonly running = new Map<string, { conn: Connection; run: Promise<void> }>();
  private readonly dirty = new Set<string>();
  readonly outbox: OutboxSender;

  constructor(
    private readonly db: Db,
    private readonly o: EngineOptions,
    private readonly l: EngineListeners,
  ) {
    this.outbox = new OutboxSender(db, o.myId, this, l, o.log, o.outboxUploads ?? null);
    this.token = o.token;
  }

  /** Starts connecting (or, without a token, watching whether the server is reachable); returns at once. */
  start(): void {
    this.stopped = false;
    this.connectOrProbe();
  }

  /** The token the engine syncs with, or null when it has none. */
  authToken(): string | null {
    return this.token;
  }

  /** A new token (a sign-in again): drops the current connection and connects with it at once. */
  setToken(token: string): void {
    this.token = token;
    this.lastError = null;
    this.restartNow();
  }

  /**
   * Connects (or probes) now instead of waiting out the backoff: the user pressed Retry now, the
   * window gained focus or the network came back. A connection already up or on its way is left alone.
   */
  retryNow(): void {
    if (this.stopped) return;
    if (this.conn !== null && this.token !== null) return;
    this.restartNow();
  }

  private restartNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const conn = this.conn;
    this.conn = null;
    conn?.close();
    this.outbox.stop();
    this.attempt = 0;
    this.stopped = false;
    this.connectOrProbe();
  }

  private connectOrProbe(): void {
    if (this.token === null) this.probe();
    else this.connect();
  }

  /**
   * Without a token nothing can sync, but the user should be asked for the password only when that
   * can help: the server is reachable (`signInRequired`); otherwise the account is `offline` and the
   * server's health is probed again with the usual backoff.
   */
  private probe(): void {
    if (this.stopped) return;
    const run = ++this.probeRun;
    const stillWanted = () => !this.stopped && this.token === null && run === this.probeRun;
    if (this.state !== 'signInRequired') this.setState('connecting');
    void fetch(`${this.o.serverUrl}/api/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
      .then(
        (res) => res.ok,
        () => false,
      )
      .then((reachable) => {
        if (!stillWanted()) return;
        if (reachable) {
          this.attempt = 0;
          this.setState('signInRequired');
          return;
        }
        this.setState('offline');
        this.scheduleRetry();
      });
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt, this.o.backoff);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connectOrProbe();
    }, delay);
  }

  /** Stops syncing for good and closes the socket. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.conn?.close();
    this.conn = null;
    this.outbox.stop();
  }

  /** Whether requests can be made now. */
  get online(): boolean {
    return this.conn?.connected === true && (this.state === 'live' || this.state === 'catchingUp');
  }

  /** A request on the current connection; UNAVAILABLE when offline. */
  request<N extends SocketRequestName>(name: N, payload: SocketRequest<N>): Promise<Ack<SocketResponse<N>>> {
    const conn = this.conn;
    if (!conn || !this.online)
      return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'offline' } });
    return conn.request(name, payload);
  }

  /** The current status, with the outbox count read fresh. */
  status(): SyncStatus {
    return {
      accountId: this.o.myId,
      state: this.state,
      done: this.done,
      total: this.total,
      pendingCount: pendingCount(this.db),
      lastError: this.lastError,
    };
  }

  /** Re-announces the status (e.g. after the outbox changed). */
  emitStatus(): void {
    const status = this.status();
    this.lastPending = status.pendingCount;
    this.l.status(status);
  }

  /** Announces the status only when the outbox count moved (live events may settle my sends). */
  private emitStatusIfPendingChanged(): void {
    if (pendingCount(this.db) !== this.lastPending) this.emitStatus();
  }

  private setState(state: SyncStatus['state'], done = 0, total = 0): void {
    // transitions only (progress updates repeat the state): enough to read an outage back from the log
    if (state !== this.state) this.o.log.info('sync state', { accountId: this.o.myId, state });
    this.state = state;
    this.done = done;
    this.total = total;
    this.emitStatus();
  }

  private connect(): void {
    if (this.stopped || this.token === null) return;
    this.setState('connecting');
    const conn: Connection = new Connection(this.o.serverUrl, this.token, this.o.log, {
      onConnect: () =>
        void this.onConnected(conn).catch((error: unknown) => {
          this.o.log.error('sync failed', { accountId: this.o.myId, error: errorMessage(error) });
          this.lastError = error instanceof Error ? error.message : String(error);
          conn.close();
          this.reportIfDamaged(error);
        }),
      onClose: (reason) => this.onClosed(conn, reason),
      onPush: (name, payload) => this.onPush(conn, name, payload),
    });
    this.conn = conn;
  }

  private onClosed(conn: Connection, reason: string): void {
    if (this.conn !== conn) return;
    this.conn = null;
    this.outbox.stop();
    if (this.stopped) return;
    this.lastError = reason;
    if (/DEACTIVATED/.test(reason)) {
      this.stopped = true;
      this.token = null;
      this.setState('signedOut');
      this.l.deactivated();
      return;
    }
    if (/UNAUTHENTICATED|unauthori[sz]ed|invalid token/i.test(reason)) {
      // the server answered, so it is reachable: the password is what is missing now
      this.token = null;
      this.setState('signInRequired');
      this.l.unauthenticated();
      return;
    }
    this.setState('offline');
    this.scheduleRetry();
  }

  private async onConnected(conn: Connection): Promise<void> {
    const hello = await conn.request('hello', {});
    if (this.conn !== conn) return;
    if (!hello.ok) {
      this.lastError = `hello: ${hello.error.message}`;
      conn.close();
      return;
    }
    this.storeHello(hello);
    this.l.helloed(hello.user, hello.org);
    this.lastError = null;
    this.setState('catchingUp', 0, hello.streams.length);
    void this.refreshDirectory(conn);
    void this.refreshSpeechPolicy(conn);
    void this.refreshGuidelines(conn);
    this.outbox.start(conn);
    await this.pushReadMarkers(conn, hello.streams);
    let done = 0;
    for (const s of hello.streams) {
      await this.catchUp(conn, s.id);
      if (this.conn !== conn) return;
      done += 1;
      this.setState('catchingUp', done, hello.streams.length);
    }
    if (this.conn !== conn || !conn.connected) return;
    this.attempt = 0;
    this.setState('live');
  }

  private storeHello({ streams, user, org, teams, urlPolicy, limits }: SocketResponse<'hello'>): void {
    const window = this.o.initialWindow ?? DEFAULT_WINDOW;
    const known = new Set(streams.map((s) => s.id));
    const removed = listStreamIds(this.db).filter((id) => !known.has(id));
    this.db.transaction(() => {
      upsertUser(this.db, user);
      setAccountValue(this.db, 'user', JSON.stringify(user));
      setAccountValue(this.db, 'org', JSON.stringify(org));
      setAccountValue(this.db, 'urlPolicy', JSON.stringify(urlPolicy));
      setAccountValue(this.db, 'limits', JSON.stringify(limits));
      for (const s of streams) upsertStream(this.db, s, Math.max(0, s.headSeq - window));
      for (const id of removed) purgeStream(this.db, id);
      replaceDirectory(this.db, null, teams);
    })();
    this.l.changed([...known, ...removed], ['streams', 'directory', 'session', 'messages']);
  }

  private async refreshDirectory(conn: Connection): Promise<void> {
    const res = await conn.request('directory:list', {});
    if (!res.ok || this.conn !== conn) return;
    replaceDirectory(this.db, res.users, res.teams);
    this.l.changed([], ['directory']);
  }

  /** The speech policy may have changed while offline; later changes arrive as pushes. */
  private async refreshSpeechPolicy(conn: Connection): Promise<void> {
    const res = await conn.request('speechPolicy:get', {});
    if (res.ok && this.conn === conn && storeSpeechPolicy(this.db, res.policy)) this.l.changed([], ['policy']);
  }

  /**
   * Guidelines may have changed while offline, and joining or leaving a team changes which ones I
   * read; later changes arrive as pushes.
   */
  private async refreshGuidelines(conn: Connection): Promise<void> {
    const res = await conn.request('guidelines:list', {});
    if (!res.ok || this.conn !== conn) return;
    replaceGuidelines(this.db, res.guidelines);
    this.l.changed([], ['guidelines']);
  }

  /** Tells the server about read markers that moved while offline. */
  private async pushReadMarkers(conn: Connection, streams: Stream[]): Promise<void> {
    for (const s of streams) {
      const local = getLastReadSeq(this.db, s.id);
      if (local !== null && local > s.lastReadSeq) await conn.request('read:mark', { streamId: s.id, seq: local });
    }
  }

  /**
   * Catches one stream up from its cursor, page by page; each page is applied in one transaction that
   * also advances the cursor. A request for a stream already catching up is folded into that run.
   */
  catchUp(conn: Connection, streamId: string): Promise<void> {
    const current = this.running.get(streamId);
    if (current && current.conn === conn) {
      this.dirty.add(streamId);
      return current.run;
    }
    // a run left over from a dropped connection finishes (fast: its requests fail) before ours starts
    const previous = current?.run ?? Promise.resolve();
    const run = previous.then(async () => {
      do {
        this.dirty.delete(streamId);
        await this.catchUpOnce(conn, streamId);
      } while (this.dirty.has(streamId) && this.conn === conn);
    });
    const entry = { conn, run };
    this.running.set(streamId, entry);
    void run
      .finally(() => {
        if (this.running.get(streamId) === entry) this.running.delete(streamId);
      })
      .catch(() => undefined);
    return run;
  }

  private catchUpInBackground(conn: Connection, streamId: string): void {
    this.catchUp(conn, streamId).catch((error: unknown) => {
      this.o.log.error('catch-up failed', { accountId: this.o.myId, streamId, error: errorMessage(error) });
      conn.close();
      this.reportIfDamaged(error);
    });
  }

  /** A damaged cache fails the same way on every reconnect: hand it to recovery instead of looping. */
  private reportIfDamaged(error: unknown): void {
    if (!this.stopped && isCorruptionError(error)) this.l.damaged?.(String(error));
  }

  private async catchUpOnce(conn: Connection, streamId: string): Promise<void> {
    const limit = Math.min(this.o.pageSize ?? MAX_SYNC_PAGE, MAX_SYNC_PAGE);
    for (;;) {
      // the engine may have stopped (and the cache closed) during a pause: look at the connection first
      if (this.conn !== conn) return;
      const cursor = getCursor(this.db, streamId);
      if (!cursor) return;
      const page = await conn.request('sync', { streamId, afterSeq: cursor.cursor, limit });
      if (!page.ok) {
        this.lastError = `sync: ${page.error.message}`;
        // over the server's request budget: pause and go on; anything else ends this run
        if (page.error.code === 'RATE_LIMITED' && this.conn === conn) {
          await new Promise((r) => setTimeout(r, RATE_LIMIT_PAUSE_MS));
          continue;
        }
        // the user no longer reads the stream (protocol: drop it), even if stream:removed never came
        if (page.error.code === 'FORBIDDEN' && this.conn === conn) {
          purgeStream(this.db, streamId);
          this.l.changed([streamId], ['streams', 'messages', 'promotions']);
        }
        return;
      }
      if (this.conn !== conn) return;
      const result = applyEvents(this.db, this.o.myId, streamId, page.events);
      setHeadSeq(this.db, streamId, page.headSeq);
      if (result.changed > 0)
        this.l.changed(
          [streamId],
          page.events.some((e) => e.purge)
            ? ['messages', 'streams', 'outbox', 'promotions']
            : ['messages', 'streams', 'outbox'],
        );
      // a page that does not move the cursor would loop forever; leave it to the next gap or connect
      if (result.gap || (page.events.length > 0 && result.cursor <= cursor.cursor)) return;
      if (!page.hasMore || page.events.length === 0) return;
    }
  }

  private onPush(conn: Connection, name: ServerPushName, payload: unknown): void {
    if (this.conn !== conn) return;
    try {
      this.applyPush(conn, name, payload);
    } catch (error) {
      // the connection drops it and resyncs; corruption also goes to recovery
      this.reportIfDamaged(error);
      throw error;
    }
  }

  private applyPush(conn: Connection, name: ServerPushName, payload: unknown): void {
    switch (name) {
      case 'event':
        return this.onEvent(conn, payload as StreamEvent);
      case 'stream:added': {
        const { stream } = payload as ServerPush<'stream:added'>;
        upsertStream(this.db, stream, Math.max(0, stream.headSeq - (this.o.initialWindow ?? DEFAULT_WINDOW)));
        this.l.changed([stream.id], ['streams']);
        this.catchUpInBackground(conn, stream.id);
        void this.refreshGuidelines(conn);
        return;
      }
      case 'stream:removed': {
        const { streamId } = payload as ServerPush<'stream:removed'>;
        purgeStream(this.db, streamId);
        this.l.changed([streamId], ['streams', 'messages']);
        void this.refreshGuidelines(conn);
        return;
      }
      case 'notification':
        return this.l.notification(payload as Notification);
      case 'promotion:updated': {
        const { promotion } = payload as ServerPush<'promotion:updated'>;
        if (upsertPromotion(this.db, promotion)) this.l.changed([promotion.sourceStreamId], ['promotions']);
        return;
      }
      case 'speechPolicy:changed':
      case 'urlPolicy:changed':
      case 'user:changed':
      case 'stream:changed':
      case 'guidelines:changed':
      case 'guidelines:acknowledged':
      case 'profile:changed': {
        const change = applyAccessPush(this.db, this.o.myId, name, payload as ServerPush<typeof name>);
        if (change?.user?.org) this.l.helloed(change.user.user, change.user.org);
        if (change) this.l.changed(change.streamIds, change.kinds);
        return;
      }
      case 'presence:changed':
        return this.l.live?.({ name, payload: payload as ServerPush<'presence:changed'> });
      case 'typing:changed':
        return this.l.live?.({ name, payload: payload as ServerPush<'typing:changed'> });
    }
  }

  private onEvent(conn: Connection, e: StreamEvent): void {
    const result = applyEvents(this.db, this.o.myId, e.streamId, [e]);
    // my own send's event finds its message already stored from the ack: nothing to announce
    if (result.changed > 0) {
      if (e.type === 'message:created' && e.message && e.message.authorId !== this.o.myId) this.l.liveMessage?.(e);
      this.l.changed(
        [e.streamId],
        e.promotion || e.purge ? ['messages', 'streams', 'outbox', 'promotions'] : ['messages', 'streams', 'outbox'],
      );
      this.emitStatusIfPendingChanged();
    }
    if (result.gap) this.catchUpInBackground(conn, e.streamId);
  }
}
