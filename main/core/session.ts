import type { ChangeKind, IpcPush, SessionState } from '../../shared/ipc/contract';
import { serverUrlProblem } from '../../shared/domain/serverUrl';
import { errorCodeSchema, ProtocolError } from '../../shared/protocol/errors';
import { httpErrorBodySchema, loginResponseSchema } from '../../shared/protocol/http';
import { DEFAULT_SERVER_LIMITS } from '../../shared/protocol/requests';
import { Account } from './account';
import { DEFAULT_BACKOFF, type BackoffOptions } from './sync/backoff';
import type { EngineListeners } from './sync/syncEngine';
import { defaultTokenFile, fileTokenStore, type SavedSession, type TokenStore } from './tokenStore';
import type { ClientCoreOptions } from './index';

/*
 * Who is signed in: resuming a saved session, logging in and out, ending a session the server
 * refused, and rebuilding a cache found damaged. Session changes run one at a time, so two logins
 * can never both open an account.
 */

const LOGIN_TIMEOUT_MS = 15_000;
const LOGOUT_TIMEOUT_MS = 3000;

/** What the session reports to the core, which turns it into pushes. */
export interface SessionEvents {
  status(status: IpcPush<'sync:status'>): void;
  changed(streamIds: string[], kinds: ChangeKind[]): void;
  notification(n: IpcPush<'notification'>): void;
}

/** The sync status of a core with nobody signed in. */
export function signedOutStatus(): IpcPush<'sync:status'> {
  return { state: 'signedOut', done: 0, total: 0, pendingCount: 0, lastError: null };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The signed-in account (if any) and every change of it. */
export class Session {
  private current: Account | null = null;
  private notice: string | null = null;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly tokens: TokenStore;
  private readonly backoff: BackoffOptions;
  /** Settles once a saved session was resumed (or there was none). */
  readonly ready: Promise<void>;

  constructor(
    private readonly options: ClientCoreOptions,
    private readonly events: SessionEvents,
  ) {
    this.tokens = options.tokenStore ?? fileTokenStore(defaultTokenFile(options.dataDir));
    this.backoff = { ...DEFAULT_BACKOFF, ...options.reconnect };
    this.ready = this.resume();
  }

  /** The signed-in account, or null. */
  get account(): Account | null {
    return this.current;
  }

  /** Whether the core was closed: nothing may open an account any more. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** What `session:get` answers. */
  state(): SessionState {
    const acc = this.current;
    return {
      signedIn: acc !== null,
      user: acc?.user ?? null,
      orgName: acc?.org?.name ?? null,
      serverUrl: acc?.serverUrl ?? null,
      defaults: this.options.defaults,
      notice: this.notice,
      limits: acc?.limits() ?? DEFAULT_SERVER_LIMITS,
    };
  }

  /** Where sync stands now. */
  status(): IpcPush<'sync:status'> {
    return this.current && !this.closed ? this.current.engine.status() : signedOutStatus();
  }

  /**
   * Logs in. Logging in while signed in (as someone else, or again) first ends the current session
   * exactly as `logout` does, so a failed login leaves the core signed out, never half in the old one.
   */
  login(serverUrl: string, email: string, password: string): Promise<SessionState> {
    return this.serialized(() => this.doLogin(serverUrl, email, password));
  }

  /** Revokes the token on the server (best effort), then ends the session locally. */
  logout(): Promise<SessionState> {
    return this.serialized(async () => {
      await this.signOut();
      return this.state();
    });
  }

  /** Closes the account; a login still waiting for the server opens nothing afterwards. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    this.closed = true;
    this.current?.close();
    this.current = null;
    await this.queue.catch(() => undefined);
    (this.current as Account | null)?.close();
    this.current = null;
  }

  /**
   * Damage found after the cache opened (the background quick_check failed, or SQLite reported
   * corruption during use): the same outcome as at open — set aside, rebuild, resync, notice.
   */
  cacheDamaged(account: Account, reason: string): void {
    void this.serialized(async () => {
      if (this.current !== account || this.closed) return;
      console.error('tributary core: cache damaged, rebuilding', reason);
      const session = { serverUrl: account.serverUrl, token: account.token, userId: account.userId };
      const { user, org } = account;
      account.close();
      this.current = null;
      try {
        const fresh = this.startAccount(session, true);
        // keep who is signed in: the rebuilt cache learns it again from the next hello
        fresh.remember(user, org);
      } catch (error) {
        this.notice = `Could not open the local cache: ${errorText(error)}`;
      }
      this.events.status(this.status());
      this.events.changed([], ['session', 'streams', 'messages', 'outbox', 'promotions', 'directory']);
    });
  }

  /** Runs session changes one at a time. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private engineListeners(): EngineListeners {
    return {
      status: (s) => this.events.status(s),
      changed: (ids, kinds) => this.events.changed(ids, kinds),
      notification: (n) => this.events.notification(n),
      helloed: (user, org) => {
        // the hello itself stored them in the cache
        if (!this.current) return;
        this.current.user = user;
        this.current.org = org;
      },
      unauthenticated: () => void this.endSession('Your session has expired; please sign in again.'),
      damaged: (reason) => {
        if (this.current) this.cacheDamaged(this.current, reason);
      },
    };
  }

  private startAccount(session: SavedSession, rebuild = false): Account {
    const { account, notice } = Account.open(this.options.dataDir, session, this.backoff, this.engineListeners(), {
      syncWindow: this.options.syncWindow,
      integrityCheckDelayMs: this.options.integrityCheckDelayMs,
      nativeBinding: this.options.nativeBinding,
      onDamaged: (reason) => this.cacheDamaged(account, reason),
      rebuild,
    });
    this.current = account;
    if (notice) this.notice = notice;
    account.engine.start();
    return account;
  }

  private async resume(): Promise<void> {
    // a host token store that fails must leave a usable, signed-out core, not a dead one
    const saved = await this.tokens.load().catch((error: unknown) => {
      this.notice = `Could not read the saved session: ${errorText(error)}`;
      return null;
    });
    // a session saved before plain http:// was refused must not keep sending its token in the clear
    const refused = saved ? serverUrlProblem(saved.serverUrl) : null;
    if (!saved || refused) {
      if (refused) {
        this.notice = `Please sign in again. ${refused}`;
        await this.tokens.clear().catch(() => undefined);
      }
      this.events.status(signedOutStatus());
      return;
    }
    try {
      this.startAccount(saved);
    } catch (error) {
      this.notice = `Could not open the local cache: ${errorText(error)}`;
    }
  }

  private async doLogin(serverUrl: string, email: string, password: string): Promise<SessionState> {
    const base = serverUrl.trim().replace(/\/+$/, '');
    const refused = serverUrlProblem(base);
    if (refused) throw new ProtocolError('INVALID', refused, 'serverUrl');
    if (this.current) await this.signOut();
    let res: Response;
    try {
      res = await fetch(`${base}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
        signal: AbortSignal.timeout(LOGIN_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ProtocolError('UNAVAILABLE', `cannot reach ${base}: ${errorText(error)}`);
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = httpErrorBodySchema.safeParse(body);
      const code = errorCodeSchema.safeParse(parsed.data?.error.code);
      throw new ProtocolError(
        code.success ? code.data : res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL',
        parsed.data?.error.message ?? `login failed (HTTP ${res.status})`,
        parsed.data?.error.field,
      );
    }
    const login = loginResponseSchema.safeParse(body);
    if (!login.success) throw new ProtocolError('INTERNAL', 'the server answered the login with an unexpected shape');
    if (this.closed) throw new ProtocolError('UNAVAILABLE', 'the client core is closed');
    this.current?.close();
    this.current = null;
    this.notice = null;
    const session = { serverUrl: base, token: login.data.token, userId: login.data.user.id };
    // the token is saved only once the cache opened, so a refused cache cannot cause a resume loop
    const account = this.startAccount(session);
    await this.tokens.save(session);
    account.remember(login.data.user, login.data.org);
    this.events.changed([], ['session', 'streams']);
    return this.state();
  }

  /** Revokes the current token on the server, then ends the session locally (engine, cache, token store). */
  private async signOut(): Promise<void> {
    const acc = this.current;
    if (acc) {
      // revoking is best effort: offline, the token simply expires on the server
      await fetch(`${acc.serverUrl}/api/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acc.token}`, 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS),
      }).catch(() => undefined);
    }
    await this.endSession(null);
  }

  private async endSession(notice: string | null): Promise<void> {
    this.current?.close();
    this.current = null;
    this.notice = notice;
    await this.tokens.clear();
    this.events.status(signedOutStatus());
    this.events.changed([], ['session']);
  }
}
