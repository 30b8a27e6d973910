import {
  ipcRequests,
  type IpcChannel,
  type IpcPush,
  type IpcPushName,
  type IpcResult,
  type SessionState,
} from '../../shared/ipc/contract';
import { errorCodeSchema } from '../../shared/protocol/errors';
import { httpErrorBodySchema, loginResponseSchema } from '../../shared/protocol/http';
import { Account } from './account';
import { setAccountValue } from './cache/directory';
import { isCorruptionError } from './cache/integrity';
import { listStreams } from './cache/streams';
import { CoreError } from './errors';
import type { HandlerContext, HandlerTable } from './handlers/context';
import { messageHandlers } from './handlers/messages';
import { otherHandlers } from './handlers/other';
import { DEFAULT_BACKOFF, type BackoffOptions } from './sync/backoff';
import type { ChangeKind, EngineListeners } from './sync/syncEngine';
import { defaultTokenFile, fileTokenStore, type SavedSession, type TokenStore } from './tokenStore';
import type { ClientCore, ClientCoreOptions } from './index';

type Listener = (payload: unknown) => void;

const LOGIN_TIMEOUT_MS = 15_000;

/** The client core behind `createClientCore`: session lifecycle, dispatch and pushes. */
export class CoreImpl implements ClientCore {
  private account: Account | null = null;
  private notice: string | null = null;
  private readonly listeners = new Map<IpcPushName, Set<Listener>>();
  private readonly tokens: TokenStore;
  private readonly backoff: BackoffOptions;
  private readonly ready: Promise<void>;
  private closed = false;
  private readonly handlers: HandlerTable;
  private sessionQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ClientCoreOptions) {
    this.tokens = options.tokenStore ?? fileTokenStore(defaultTokenFile(options.dataDir));
    this.backoff = { ...DEFAULT_BACKOFF, ...options.reconnect };
    this.handlers = {
      ...messageHandlers,
      ...otherHandlers,
      'session:get': () => this.sessionState(),
      'session:login': (_ctx, req) => this.serialized(() => this.login(req.serverUrl, req.email, req.password)),
      'session:logout': () => this.serialized(() => this.logout()),
      'streams:list': (ctx) => ({ streams: listStreams(ctx.account().db) }),
    };
    this.ready = this.resume();
  }

  /** Validates and dispatches one request; never throws. */
  async invoke(channel: string, request: unknown): Promise<IpcResult<IpcChannel>> {
    try {
      await this.ready;
      if (this.closed) return { ok: false, error: { code: 'UNAVAILABLE', message: 'the client core is closed' } };
      if (!Object.hasOwn(ipcRequests, channel))
        return { ok: false, error: { code: 'INVALID', message: `unknown channel ${channel}`, field: 'channel' } };
      const name = channel as IpcChannel;
      const parsed = ipcRequests[name].request.safeParse(request ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'request';
        return { ok: false, error: { code: 'INVALID', message: `${field}: ${issue?.message ?? 'invalid'}`, field } };
      }
      const handler = this.handlers[name] as ((ctx: HandlerContext, req: unknown) => unknown) | undefined;
      if (!handler) return { ok: false, error: { code: 'INTERNAL', message: `${channel} is not implemented` } };
      const value = await handler(this.context(), parsed.data);
      return { ok: true, value } as IpcResult<IpcChannel>;
    } catch (error) {
      if (error instanceof CoreError) return { ok: false, error: error.toIpc() };
      if (isCorruptionError(error) && this.account) this.cacheDamaged(this.account, String(error));
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'INTERNAL', message } };
    }
  }

  /** Subscribes to a push; returns the unsubscribe function. */
  on<N extends IpcPushName>(name: N, listener: (payload: IpcPush<N>) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as Listener);
    // a window that subscribes late still learns where sync stands, without a request channel for it
    if (name === 'sync:status') {
      void this.ready.then(() => {
        if (set.has(listener as Listener)) (listener as Listener)(this.currentStatus());
      });
    }
    return () => set.delete(listener as Listener);
  }

  /** Stops syncing and closes the cache. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    this.closed = true;
    this.account?.close();
    this.account = null;
    // a login still waiting for the server must not open an account (socket, cache, timers) after this
    await this.sessionQueue.catch(() => undefined);
    (this.account as Account | null)?.close();
    this.account = null;
  }

  /** Runs session changes one at a time, so two logins cannot both open an account. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.sessionQueue.then(work, work);
    this.sessionQueue = run.catch(() => undefined);
    return run;
  }

  private emit<N extends IpcPushName>(name: N, payload: IpcPush<N>): void {
    for (const l of this.listeners.get(name) ?? []) {
      try {
        l(payload);
      } catch (error) {
        console.error(`tributary core: ${name} listener failed`, error);
      }
    }
  }

  private changed(streamIds: string[], kinds: ChangeKind[]): void {
    this.emit('data:changed', { streamIds: [...new Set(streamIds)], kinds: [...new Set(kinds)] });
  }

  private context(): HandlerContext {
    return {
      account: () => {
        if (!this.account) throw new CoreError('UNAUTHENTICATED', 'not signed in');
        return this.account;
      },
      changed: (ids, kinds) => this.changed(ids, kinds),
      openExternal: this.options.openExternal,
    };
  }

  private currentStatus(): IpcPush<'sync:status'> {
    return this.account && !this.closed ? this.account.engine.status() : signedOutStatus();
  }

  private sessionState(): SessionState {
    const acc = this.account;
    return {
      signedIn: acc !== null,
      user: acc?.user ?? null,
      orgName: acc?.org?.name ?? null,
      serverUrl: acc?.serverUrl ?? null,
      defaults: this.options.defaults,
      notice: this.notice,
    };
  }

  private engineListeners(): EngineListeners {
    return {
      status: (s) => this.emit('sync:status', s),
      changed: (ids, kinds) => this.changed(ids, kinds),
      notification: (n) => this.emit('notification', n),
      helloed: (user, org) => {
        if (!this.account) return;
        this.account.user = user;
        this.account.org = org;
      },
      unauthenticated: () => void this.endSession('Your session has expired; please sign in again.'),
      damaged: (reason) => {
        if (this.account) this.cacheDamaged(this.account, reason);
      },
    };
  }

  private startAccount(session: SavedSession, rebuild = false): void {
    const { account, notice } = Account.open(this.options.dataDir, session, this.backoff, this.engineListeners(), {
      syncWindow: this.options.syncWindow,
      integrityCheckDelayMs: this.options.integrityCheckDelayMs,
      onDamaged: (reason) => this.cacheDamaged(account, reason),
      rebuild,
    });
    this.account = account;
    if (notice) this.notice = notice;
    account.engine.start();
  }

  /**
   * Damage found after the cache opened (the background quick_check failed, or SQLite reported
   * corruption during use): the same outcome as at open — set aside, rebuild, resync, notice.
   */
  private cacheDamaged(account: Account, reason: string): void {
    void this.serialized(async () => {
      if (this.account !== account || this.closed) return;
      console.error('tributary core: cache damaged, rebuilding', reason);
      const session = { serverUrl: account.serverUrl, token: account.token, userId: account.userId };
      const { user, org } = account;
      account.close();
      this.account = null;
      try {
        this.startAccount(session, true);
        const fresh = this.account as Account | null;
        if (fresh) {
          // keep who is signed in: the rebuilt cache learns it again from the next hello
          fresh.user = user;
          fresh.org = org;
          if (user) setAccountValue(fresh.db, 'user', JSON.stringify(user));
          if (org) setAccountValue(fresh.db, 'org', JSON.stringify(org));
        }
      } catch (error) {
        this.notice = `Could not open the local cache: ${error instanceof Error ? error.message : String(error)}`;
      }
      this.emit('sync:status', this.currentStatus());
      this.changed([], ['session', 'streams', 'messages', 'outbox', 'promotions', 'directory']);
    });
  }

  private async resume(): Promise<void> {
    // a host token store that fails must leave a usable, signed-out core, not a dead one
    const saved = await this.tokens.load().catch((error: unknown) => {
      this.notice = `Could not read the saved session: ${error instanceof Error ? error.message : String(error)}`;
      return null;
    });
    if (!saved) {
      this.emit('sync:status', signedOutStatus());
      return;
    }
    try {
      this.startAccount(saved);
    } catch (error) {
      this.notice = `Could not open the local cache: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private async login(serverUrl: string, email: string, password: string): Promise<SessionState> {
    const base = serverUrl.replace(/\/+$/, '');
    // Logging in while signed in (as someone else, or again) first ends the current session exactly as
    // session:logout does, so a failed login leaves the core signed out, never half in the old session.
    if (this.account) await this.signOut();
    let res: Response;
    try {
      res = await fetch(`${base}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
        signal: AbortSignal.timeout(LOGIN_TIMEOUT_MS),
      });
    } catch (error) {
      throw new CoreError(
        'UNAVAILABLE',
        `cannot reach ${base}: ${error instanceof Error ? error.message : 'network error'}`,
      );
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = httpErrorBodySchema.safeParse(body);
      const code = errorCodeSchema.safeParse(parsed.data?.error.code);
      throw new CoreError(
        code.success ? code.data : res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL',
        parsed.data?.error.message ?? `login failed (HTTP ${res.status})`,
        parsed.data?.error.field,
      );
    }
    const login = loginResponseSchema.safeParse(body);
    if (!login.success) throw new CoreError('INTERNAL', 'the server answered the login with an unexpected shape');
    if (this.closed) throw new CoreError('UNAVAILABLE', 'the client core is closed');
    this.account?.close();
    this.account = null;
    this.notice = null;
    const session = { serverUrl: base, token: login.data.token, userId: login.data.user.id };
    // the token is saved only once the cache opened, so a refused cache cannot cause a resume loop
    this.startAccount(session);
    await this.tokens.save(session);
    const acc = this.account as Account | null;
    if (acc) {
      acc.user = login.data.user;
      acc.org = login.data.org;
      setAccountValue(acc.db, 'user', JSON.stringify(login.data.user));
      setAccountValue(acc.db, 'org', JSON.stringify(login.data.org));
    }
    this.changed([], ['session', 'streams']);
    return this.sessionState();
  }

  private async logout(): Promise<SessionState> {
    await this.signOut();
    return this.sessionState();
  }

  /** Revokes the current token on the server, then ends the session locally (engine, cache, token store). */
  private async signOut(): Promise<void> {
    const acc = this.account;
    if (acc) {
      // revoking is best effort: offline, the token simply expires on the server
      await fetch(`${acc.serverUrl}/api/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acc.token}`, 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(3000),
      }).catch(() => undefined);
    }
    await this.endSession(null);
  }

  private async endSession(notice: string | null): Promise<void> {
    this.account?.close();
    this.account = null;
    this.notice = notice;
    await this.tokens.clear();
    this.emit('sync:status', signedOutStatus());
    this.changed([], ['session']);
  }
}

function signedOutStatus(): IpcPush<'sync:status'> {
  return { state: 'signedOut', done: 0, total: 0, pendingCount: 0, lastError: null };
}
