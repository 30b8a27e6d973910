import type { ChangeKind, IpcPush, SessionState } from '../../shared/ipc/contract';
import type { z } from 'zod';
import type { Settings, settingsChangeSchema } from '../../shared/ipc/accounts';
import { serverUrlProblem } from '../../shared/domain/serverUrl';
import { ProtocolError } from '../../shared/protocol/errors';
import { DEFAULT_SERVER_LIMITS } from '../../shared/protocol/requests';
import { Account, removeAccountFolder } from './account';
import { loadAppSettings, saveAppSettings, type AppSettings } from './appSettings';
import {
  loadKnownAccounts,
  saveKnownAccounts,
  withAccount,
  withoutAccount,
  type KnownAccount,
  type KnownAccounts,
} from './knownAccounts';
import { getAccountValue, setAccountValue } from './cache/directory';
import { consoleLogger, errorMessage, type CoreLogger } from './log';
import { setStreamLevel, streamLevels } from './notifyLevels';
import {
  cacheKeySecret,
  defaultSecretsDir,
  fileSecretStore,
  newCacheKey,
  tokenSecret,
  type SecretStore,
} from './secrets';
import { DEFAULT_BACKOFF, type BackoffOptions } from './sync/backoff';
import type { EngineListeners } from './sync/syncEngine';
import { accountListeners, signedOutStatus, type SessionEvents } from './accountListeners';
import { postLogin, revokeToken } from './serverAuth';
import type { ClientCoreOptions } from './index';

/*
 * The accounts this core has open, which one the window shows, and every change of them: resuming
 * at start (offline too: the cache opens without the server and without a token), signing in, out and
 * again, switching, ending a session the server refused, wiping an account the server deactivated,
 * and rebuilding a cache found damaged. Changes run one at a time, so two logins never both open one.
 */

const EVERY_KIND: ChangeKind[] = ['session', 'streams', 'messages', 'outbox', 'promotions', 'directory', 'accounts'];

/** The account value that records the first-run tour as done, per account (each is a first sign-in). */
const FIRST_RUN_KEY = 'firstRun';

type SettingsChange = z.infer<typeof settingsChangeSchema>;

/** The open accounts, the active one, and every change of them. */
export class Session {
  private readonly open = new Map<string, Account>();
  private activeId: string | null = null;
  private known: KnownAccounts = { version: 1, active: null, accounts: [] };
  private settings: AppSettings | null = null;
  private readonly notices = new Map<string | null, string>();
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly secrets: SecretStore;
  private readonly backoff: BackoffOptions;
  readonly log: CoreLogger;
  /** Settles once the saved accounts were opened (or there were none). */
  readonly ready: Promise<void>;

  constructor(
    private readonly options: ClientCoreOptions,
    private readonly events: SessionEvents,
  ) {
    this.secrets = options.secrets ?? fileSecretStore(defaultSecretsDir(options.dataDir));
    this.backoff = { ...DEFAULT_BACKOFF, ...options.reconnect };
    this.log = options.logger ?? consoleLogger;
    this.ready = this.serialized(() => this.resume());
  }

  /** The active account, or null. */
  get account(): Account | null {
    return this.activeId === null ? null : (this.open.get(this.activeId) ?? null);
  }

  /** Every open account, the active one among them. */
  get accounts(): Account[] {
    return [...this.open.values()];
  }

  /** Whether the core was closed: nothing may open an account any more. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** The data folder the accounts' caches live in. */
  get dataDir(): string {
    return this.options.dataDir;
  }

  /** What the app remembers about an account (email, server, names), if it knows it. */
  knownAccount(id: string): KnownAccount | null {
    return this.known.accounts.find((a) => a.id === id) ?? null;
  }

  /** What `session:get` answers: the active account, or the login defaults. */
  state(): SessionState {
    const acc = this.account;
    const known = acc ? this.knownAccount(acc.userId) : null;
    return {
      signedIn: acc !== null,
      accountId: acc?.userId ?? null,
      user: acc?.user ?? null,
      orgName: acc?.org?.name ?? known?.orgName ?? null,
      serverUrl: acc?.serverUrl ?? null,
      defaults: this.options.defaults,
      notice: this.notices.get(acc?.userId ?? null) ?? this.notices.get(null) ?? null,
      limits: acc?.limits() ?? DEFAULT_SERVER_LIMITS,
      needsPassword: acc !== null && acc.token === null,
      email: acc?.user?.email ?? known?.email ?? null,
      askTokenStorage: acc !== null && this.tokenStorage().askUser,
    };
  }

  /** The active account's sync status. */
  status(): IpcPush<'sync:status'> {
    const acc = this.account;
    return acc && !this.closed ? acc.engine.status() : signedOutStatus();
  }

  /** The settings screen's view: app-wide settings and the active account's stream levels. */
  currentSettings(): Settings {
    const s = this.appSettings();
    const acc = this.account;
    return {
      theme: s.theme,
      language: s.language,
      firstRunDone: acc ? getAccountValue(acc.db, FIRST_RUN_KEY) === 'done' : true,
      notify: s.notify,
      streamNotify: acc ? streamLevels(acc.db) : {},
      tokenStorage: this.tokenStorage(),
    };
  }

  /** Applies a settings change; the token storage answer stores or forgets every open account's token. */
  updateSettings(change: SettingsChange): Promise<Settings> {
    return this.serialized(async () => {
      const s = { ...this.appSettings() };
      if (change.theme) s.theme = change.theme;
      if (change.language) s.language = change.language;
      if (change.firstRunDone !== undefined)
        setAccountValue(this.requireActive().db, FIRST_RUN_KEY, change.firstRunDone ? 'done' : 'again');
      if (change.notify) s.notify = change.notify;
      if (change.tokenStorage) s.plainTokens = change.tokenStorage;
      if (change.streamNotify) {
        const acc = this.requireActive();
        setStreamLevel(acc.db, change.streamNotify.streamId, change.streamNotify.level);
      }
      this.settings = s;
      await saveAppSettings(this.options.dataDir, s);
      if (change.tokenStorage) await this.applyTokenPolicy();
      this.events.changed(null, [], change.tokenStorage ? ['settings', 'session'] : ['settings']);
      return this.currentSettings();
    });
  }

  /**
   * Logs in. A new account opens beside the others and becomes the active one; the same account again
   * (a session that expired, a token that was not stored) gets the new token and keeps its cache.
   */
  login(serverUrl: string, email: string, password: string): Promise<SessionState> {
    return this.serialized(() => this.doLogin(serverUrl, email, password));
  }

  /** Signs one account out (default: the active one); `removeLocalData` also deletes its cache and key. */
  logout(accountId: string | undefined, removeLocalData: boolean): Promise<SessionState> {
    return this.serialized(async () => {
      const id = accountId ?? this.activeId;
      if (id === null) return this.state();
      const acc = this.open.get(id);
      if (!acc && !this.knownAccount(id)) throw new ProtocolError('NOT_FOUND', 'no such account', 'accountId');
      if (acc) await revokeToken(acc);
      await this.forget(id, removeLocalData ? 'remove' : 'signOut', null);
      this.log.info('signed out', { accountId: id, removeLocalData });
      return this.state();
    });
  }

  /** Makes an open account the active one. */
  switchTo(accountId: string): Promise<SessionState> {
    return this.serialized(async () => {
      if (!this.open.has(accountId)) throw new ProtocolError('NOT_FOUND', 'no such open account', 'accountId');
      await this.activate(accountId);
      this.log.info('switched account', { accountId });
      return this.state();
    });
  }

  /** Reconnects every account now (Retry now, window focus, network back). */
  retryNow(): void {
    for (const acc of this.open.values()) acc.engine.retryNow();
  }

  /** Deletes the active account's cache and opens a fresh one that sync fills again (unsent items kept). */
  clearLocalData(): Promise<Account> {
    return this.serialized(async () => {
      const acc = this.requireActive();
      return this.reopen(acc, 'cleared');
    });
  }

  /** Closes every account; a login still waiting for the server opens nothing afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue.catch(() => undefined);
    for (const acc of this.open.values()) acc.close();
    this.open.clear();
  }

  /**
   * Damage found after the cache opened (the background quick_check failed, or SQLite reported
   * corruption during use): the same outcome as at open — set aside, rebuild, resync, notice.
   */
  cacheDamaged(account: Account, reason: string): void {
    void this.serialized(async () => {
      if (this.open.get(account.userId) !== account || this.closed) return;
      this.log.error('cache damaged, rebuilding', { accountId: account.userId, reason });
      await this.reopen(account, 'damaged').catch((error: unknown) => {
        this.notices.set(account.userId, `Could not open the local cache: ${errorMessage(error)}`);
      });
    });
  }

  private requireActive(): Account {
    const acc = this.account;
    if (!acc) throw new ProtocolError('UNAUTHENTICATED', 'not signed in');
    return acc;
  }

  /** Runs session changes one at a time. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private appSettings(): AppSettings {
    if (!this.settings) throw new Error('settings are read before the session is ready');
    return this.settings;
  }

  private tokenStorage(): Settings['tokenStorage'] {
    const choice = this.settings?.plainTokens ?? null;
    const asks = this.secrets.protection === 'file' && this.options.confirmPlainTokenStorage === true;
    return { protection: this.secrets.protection, choice, askUser: asks && choice === null };
  }

  /** Whether tokens go to the secret store: always where it encrypts, else as the host and the user say. */
  private storesTokens(): boolean {
    if (this.secrets.protection === 'os' || this.options.confirmPlainTokenStorage !== true) return true;
    return this.settings?.plainTokens === 'store';
  }

  private async applyTokenPolicy(): Promise<void> {
    for (const acc of this.open.values()) {
      const token = acc.token;
      if (this.storesTokens() && token !== null) await this.secrets.set(tokenSecret(acc.userId), token);
      else await this.secrets.delete(tokenSecret(acc.userId));
    }
  }

  private engineListeners(accountId: string): EngineListeners {
    return accountListeners(accountId, {
      events: this.events,
      isActive: () => accountId === this.activeId,
      account: () => this.open.get(accountId) ?? null,
      levelFor: (acc, streamId) => this.levelFor(acc, streamId),
      remember: (acc) => void this.serialized(() => this.rememberKnown(acc)),
      tokenRefused: () => {
        // said at once: the token is already gone from the engine, so the window asks for the password
        this.notices.set(accountId, 'Your session has expired; enter your password to sync again.');
        void this.serialized(() => this.tokenRefused(accountId));
      },
      deactivated: () => void this.serialized(() => this.deactivated(accountId)),
      damaged: (acc, reason) => this.cacheDamaged(acc, reason),
    });
  }

  private levelFor(acc: Account, streamId: string) {
    return streamLevels(acc.db)[streamId] ?? this.appSettings().notify;
  }

  /** The cache key of an account, made on first use; undefined when the host turned encryption off. */
  private async cacheKey(accountId: string): Promise<string | undefined> {
    if (this.options.encryptCache === false) return undefined;
    const name = cacheKeySecret(accountId);
    const stored = await this.secrets.get(name);
    if (stored !== null) return stored;
    const key = newCacheKey();
    await this.secrets.set(name, key);
    return key;
  }

  /** Opens an account's cache and starts its engine (without a token: reading only). */
  private async openAccount(
    k: { id: string; serverUrl: string },
    token: string | null,
    opts: { rebuild?: 'damaged' | 'cleared'; activate?: boolean } = {},
  ): Promise<Account> {
    const key = await this.cacheKey(k.id);
    const { account, notice } = Account.open(
      this.options.dataDir,
      { serverUrl: k.serverUrl, token, userId: k.id },
      this.backoff,
      this.engineListeners(k.id),
      {
        log: this.log,
        key,
        syncWindow: this.options.syncWindow,
        integrityCheckDelayMs: this.options.integrityCheckDelayMs,
        nativeBinding: this.options.nativeBinding,
        onDamaged: (reason) => this.cacheDamaged(account, reason),
        rebuild: opts.rebuild,
      },
    );
    this.open.set(k.id, account);
    if (notice) this.notices.set(k.id, notice);
    // active before its engine starts, so the window sees every status of the first sync
    if (opts.activate) this.activeId = k.id;
    account.engine.start();
    return account;
  }

  /** Closes an account and opens its cache afresh (after damage, or cleared by the user). */
  private async reopen(acc: Account, rebuild: 'damaged' | 'cleared'): Promise<Account> {
    const { user, org, token } = acc;
    acc.close();
    this.open.delete(acc.userId);
    const fresh = await this.openAccount({ id: acc.userId, serverUrl: acc.serverUrl }, token, { rebuild });
    // keep who is signed in: the rebuilt cache learns it again from the next hello
    fresh.remember(user, org);
    if (acc.userId === this.activeId) this.events.status(this.status());
    this.events.changed(acc.userId, [], EVERY_KIND);
    return fresh;
  }

  private async resume(): Promise<void> {
    this.settings = await loadAppSettings(this.options.dataDir);
    const loaded = await loadKnownAccounts(this.options.dataDir);
    if (loaded.problem) this.notices.set(null, `Could not read the saved accounts: ${loaded.problem}`);
    this.known = loaded.known;
    if (loaded.legacyToken && this.storesTokens())
      await this.secrets.set(tokenSecret(loaded.legacyToken.accountId), loaded.legacyToken.token);
    for (const k of this.known.accounts) {
      if (k.signedOut) continue;
      // an account saved before plain http:// was refused must not keep sending its token in the clear
      const refused = serverUrlProblem(k.serverUrl);
      if (refused) {
        this.notices.set(null, `Please sign in again. ${refused}`);
        await this.secrets.delete(tokenSecret(k.id)).catch(() => undefined);
        this.known = withAccount(this.known, { ...k, signedOut: true });
        continue;
      }
      // a host secret store that fails must leave the cache readable, not a dead core
      const token = await this.secrets.get(tokenSecret(k.id)).catch((error: unknown) => {
        this.notices.set(k.id, `Could not read the saved session: ${errorMessage(error)}`);
        return null;
      });
      try {
        await this.openAccount(k, token);
      } catch (error) {
        this.notices.set(null, `Could not open the local cache: ${errorMessage(error)}`);
        this.log.error('could not open a cache at start', { accountId: k.id, error: errorMessage(error) });
      }
    }
    const active = this.known.active;
    this.activeId = active !== null && this.open.has(active) ? active : (this.open.keys().next().value ?? null);
    if (loaded.legacyToken || this.known.active !== this.activeId)
      await this.saveKnown({ ...this.known, active: this.activeId });
    this.events.status(this.status());
  }

  private async saveKnown(next: KnownAccounts): Promise<void> {
    this.known = next;
    await saveKnownAccounts(this.options.dataDir, next).catch((error: unknown) => {
      this.log.error('could not save the list of accounts', { error: errorMessage(error) });
    });
  }

  private async rememberKnown(acc: Account): Promise<void> {
    if (!this.open.has(acc.userId) || !acc.user) return;
    const before = this.knownAccount(acc.userId);
    const next: KnownAccount = {
      id: acc.userId,
      serverUrl: acc.serverUrl,
      email: acc.user.email,
      name: acc.user.name,
      orgName: acc.org?.name ?? before?.orgName ?? null,
      signedOut: false,
    };
    if (before && JSON.stringify(before) === JSON.stringify(next)) return;
    await this.saveKnown(withAccount(this.known, next));
  }

  private async activate(id: string | null, force = false): Promise<void> {
    const changed = force || this.activeId !== id;
    this.activeId = id;
    if (this.known.active !== id) await this.saveKnown({ ...this.known, active: id });
    this.events.status(this.status());
    if (changed) this.events.changed(id, [], EVERY_KIND);
  }

  private async doLogin(serverUrl: string, email: string, password: string): Promise<SessionState> {
    const base = serverUrl.trim().replace(/\/+$/, '');
    const refused = serverUrlProblem(base);
    if (refused) throw new ProtocolError('INVALID', refused, 'serverUrl');
    const login = await postLogin(base, email, password).catch(async (error: unknown) => {
      if (error instanceof ProtocolError && error.code === 'DEACTIVATED') {
        const gone = this.known.accounts.find(
          (a) => a.serverUrl === base && a.email.toLowerCase() === email.trim().toLowerCase(),
        );
        if (gone) await this.deactivated(gone.id);
      }
      throw error;
    });
    if (this.closed) throw new ProtocolError('UNAVAILABLE', 'the client core is closed');
    const id = login.user.id;
    const previous = this.activeId;
    let acc = this.open.get(id);
    if (acc && acc.serverUrl !== base) {
      // the same user at another spelling of the server's address: reopen with the one that worked
      acc.close();
      this.open.delete(id);
      acc = undefined;
    }
    this.notices.delete(id);
    this.notices.delete(null);
    // the token is saved only once the cache opened, so a refused cache cannot cause a resume loop
    if (acc) {
      this.activeId = id;
      acc.engine.setToken(login.token);
    } else acc = await this.openAccount({ id, serverUrl: base }, login.token, { activate: true });
    acc.remember(login.user, login.org);
    if (this.storesTokens()) await this.secrets.set(tokenSecret(id), login.token);
    await this.saveKnown(
      withAccount(this.known, {
        id,
        serverUrl: base,
        email: login.user.email,
        name: login.user.name,
        orgName: login.org.name,
        signedOut: false,
      }),
    );
    await this.activate(id, previous !== id);
    this.log.info('signed in', { accountId: id });
    if (previous === id) this.events.changed(id, [], ['session']);
    this.events.changed(null, [], ['accounts']);
    return this.state();
  }

  /**
   * Closes an account for good in this app: `signOut` keeps its cache (and key) for the next sign-in,
   * `remove` deletes them too. The active account moves to another open one, or none.
   */
  private async forget(id: string, how: 'signOut' | 'remove', notice: string | null): Promise<void> {
    const acc = this.open.get(id);
    acc?.close();
    this.open.delete(id);
    // another open account is shown before anything else changes, so no reader (session:get, the
    // account list, accounts.json) sees the forgotten account still active
    if (this.activeId === id) await this.activate(this.open.keys().next().value ?? null);
    this.notices.delete(id);
    await this.secrets.delete(tokenSecret(id)).catch(() => undefined);
    if (how === 'remove') {
      removeAccountFolder(this.options.dataDir, id);
      await this.secrets.delete(cacheKeySecret(id)).catch(() => undefined);
      await this.saveKnown(withoutAccount(this.known, id));
    } else {
      const k = this.knownAccount(id);
      if (k) await this.saveKnown(withAccount(this.known, { ...k, signedOut: true }));
    }
    if (notice) this.notices.set(null, notice);
    else this.notices.delete(null);
    this.events.changed(null, [], ['session', 'accounts']);
  }

  /** The server refused the token: forget it; the cache stays readable and the password is asked for. */
  private async tokenRefused(id: string): Promise<void> {
    if (!this.open.has(id)) return;
    await this.secrets.delete(tokenSecret(id)).catch(() => undefined);
    this.events.changed(id, [], ['session']);
    this.events.changed(null, [], ['accounts']);
  }

  /** The server deactivated the account: its cache, key and token are removed from this computer. */
  private async deactivated(id: string): Promise<void> {
    const k = this.knownAccount(id);
    const who = k?.email ? `${k.email} on ${k.serverUrl}` : 'An account';
    this.log.warn('account deactivated on the server; local data removed', { accountId: id });
    await this.forget(
      id,
      'remove',
      `${who} was deactivated by the organization; its messages were removed from this computer.`,
    );
  }
}
