import {
  ipcRequests,
  type ChangeKind,
  type IpcChannel,
  type IpcPush,
  type IpcPushName,
  type IpcRequest,
  type IpcRequestParsed,
  type IpcResult,
} from '../../shared/ipc/contract';
import { invalidFromZod, ProtocolError } from '../../shared/protocol/errors';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ChangeCoalescer } from './changes';
import { ExportDownloads } from './export/exportDownloads';
import { isCorruptionError } from './cache/integrity';
import { requireAccount, type HandlerContext } from './handlers/context';
import { ipcHandlers } from './handlers/registry';
import { prefetchThumbnails } from './files/downloads';
import { errorMessage } from './log';
import { Session } from './session';
import type { ClientCore, ClientCoreOptions } from './index';

type Listener = (payload: never) => void;

/**
 * The client core behind `createClientCore`: validates and dispatches every request to its handler
 * (handlers/registry.ts), and delivers pushes. Which accounts are open lives in `Session`.
 */
export class CoreImpl implements ClientCore {
  private readonly listeners = new Map<IpcPushName, Set<Listener>>();
  private readonly session: Session;
  /** One coalescer per account (and one, keyed null, for app-wide changes): a push names one account. */
  private readonly changes = new Map<string | null, ChangeCoalescer>();
  private readonly exportDownloads: ExportDownloads;

  constructor(private readonly options: ClientCoreOptions) {
    this.exportDownloads = new ExportDownloads({
      emit: (progress) => this.emit('export:progress', progress),
      chooseFile:
        options.chooseExportFile ??
        (async (name) => {
          const folder = join(options.dataDir, 'exports');
          mkdirSync(folder, { recursive: true });
          return join(folder, name);
        }),
    });
    this.session = new Session(options, {
      status: (s) => this.emit('sync:status', s),
      changed: (accountId, ids, kinds) => this.recordChange(accountId, ids, kinds),
      notification: (n) => this.emit('notification', n),
      live: (push, accountId) => {
        if (push.name === 'presence:changed') this.emit('presence:changed', { ...push.payload, accountId });
        else {
          // the server coalesces a stream's typing into one push; the renderer takes one change at a time
          const { streamId, changes } = push.payload;
          for (const change of changes) this.emit('typing:changed', { ...change, streamId, accountId });
        }
      },
    });
  }

  /**
   * Records a change for its push. An account's unread and mention counts follow its streams, and
   * the account switcher shows them for every account, the inactive ones too: a change of an
   * account's streams is also an app-wide change of the accounts list.
   */
  private recordChange(accountId: string | null, ids: readonly string[], kinds: readonly ChangeKind[]): void {
    this.changesOf(accountId).add(ids, kinds);
    if (accountId !== null && kinds.includes('messages')) {
      const account = this.session.accounts.find((a) => a.userId === accountId);
      if (account) prefetchThumbnails(account, this.session.log);
    }
    if (accountId !== null && kinds.includes('streams')) this.changesOf(null).add([], ['accounts']);
  }

  private changesOf(accountId: string | null): ChangeCoalescer {
    let coalescer = this.changes.get(accountId);
    if (!coalescer) {
      coalescer = new ChangeCoalescer((change) => this.emit('data:changed', { accountId, ...change }));
      this.changes.set(accountId, coalescer);
    }
    return coalescer;
  }

  /** The context of one request: the account active when it arrived stays its account to the end. */
  private contextNow(): HandlerContext {
    const account = this.session.account;
    return {
      account: () => requireAccount(account),
      changed: (ids, kinds) => this.recordChange(account?.userId ?? null, ids, kinds),
      session: this.session,
      openExternal: this.options.openExternal,
      about: this.options.about,
      openFile: this.options.openFile,
      uploadProgress: (progress) => this.emit('file:progress', progress),
      exportDownloads: this.exportDownloads,
    };
  }

  /** Validates with `ipcRequests` and dispatches; a refusal or a failure is an `{ok:false}` result, never a throw. */
  async invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<C>> {
    try {
      await this.session.ready;
      if (this.session.isClosed)
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'the client core is closed' } };
      // hosts forward what pages send: the channel is checked here too, not only by the type
      if (!Object.hasOwn(ipcRequests, channel))
        return { ok: false, error: { code: 'INVALID', message: `unknown channel ${channel}`, field: 'channel' } };
      const parsed = ipcRequests[channel].request.safeParse(request ?? {});
      if (!parsed.success) throw invalidFromZod(parsed.error);
      const value = await ipcHandlers[channel](this.contextNow(), parsed.data as IpcRequestParsed<C>);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof ProtocolError) return { ok: false, error: error.toJSON() };
      const account = this.session.account;
      if (isCorruptionError(error) && account) this.session.cacheDamaged(account, String(error));
      return {
        ok: false,
        error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
      };
    }
  }

  /** Subscribes to a push; returns the unsubscribe function. */
  on<N extends IpcPushName>(name: N, listener: (payload: IpcPush<N>) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    // a window that subscribes late still learns where sync stands, without a request channel for it
    if (name === 'sync:status') {
      void this.session.ready.then(() => {
        if (set.has(listener)) (listener as (s: IpcPush<'sync:status'>) => void)(this.session.status());
      });
    }
    return () => set.delete(listener);
  }

  /** Stops syncing and closes the cache. */
  async close(): Promise<void> {
    this.exportDownloads.cancel();
    await this.session.close();
    for (const coalescer of this.changes.values()) coalescer.cancel();
  }

  private emit<N extends IpcPushName>(name: N, payload: IpcPush<N>): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        (listener as (p: IpcPush<N>) => void)(payload);
      } catch (error) {
        this.session.log.error('a push listener failed', { push: name, error: errorMessage(error) });
      }
    }
  }
}
