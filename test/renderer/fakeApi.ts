/*
 * An in-memory TributaryApi for component tests: the contract's boundary, faked. It keeps a small
 * world (users, streams, messages, promotions), answers every channel, records each call so tests
 * can assert on them, and can emit pushes. Like the real core it validates every request against
 * the contract's schema (a renderer request the core would refuse fails the test), hands handlers
 * the parsed request, and announces its writes with one `data:changed` push after answering.
 */
import {
  ipcRequests,
  type ChangeKind,
  type IpcChannel,
  type IpcPush,
  type IpcPushName,
  type IpcRequest,
  type IpcRequestParsed,
  type IpcResponse,
  type IpcResult,
  type AccountSummary,
  type CacheInfo,
  type MessageView,
  type SessionState,
  type Settings,
  type TributaryApi,
} from '../../shared/ipc';
import { uuidv7 } from '../../shared/domain/ids';
import { FakePhotos } from './fakePhotos';
import { FakeProfiles } from './fakeProfiles';
import { DEFAULT_SPEECH_POLICY, type SpeechPolicy } from '../../shared/domain/speechPolicy';
import type { MessageVersion } from '../../shared/protocol/governance';
import type { AuditEntry } from '../../shared/protocol/audit';
import { listAudit } from './fakeAudit';
import { fakeAdminHandlers } from './fakeAdmin';
import {
  DEFAULT_SERVER_LIMITS,
  type ApiToken,
  type Integration,
  type MessageSharing,
  type Promotion,
  type ServerLimits,
  type Stream,
  type Team,
  type User,
} from '../../shared/protocol';
import { makeMessage as makeEntity, makeStream } from '../helpers/entities';
import { openDirect } from './fakeDirect';
import { FakeGuidelines } from './fakeGuidelines';
import { promotionHandlers } from './fakePromotions';
import { FakeError } from './fakeError';
import { credentialHandlers } from './fakeCredentials';
import { fakeFileHandlers } from './fakeFiles';
import { complianceHandlers } from './fakeCompliance';
import { pulseHandlers } from './fakePulse';
import { guidelineVersionHandlers, type GuidelineVersions } from './fakeGuidelineVersions';

export const PASSWORD = 'tributary';

export function makeUser(handle: string, extra: Partial<User> = {}): User {
  return {
    id: uuidv7(),
    email: `${handle}@acme.test`,
    name: handle[0]!.toUpperCase() + handle.slice(1),
    handle,
    orgRole: 'member',
    ...extra,
  };
}

export { makeStream };

let seqCounter = 0;
export function makeMessage(stream: Stream, author: User, body: string, extra: Partial<MessageView> = {}): MessageView {
  seqCounter += 1;
  return {
    ...makeEntity(stream.id, seqCounter, body, { authorId: author.id, authorName: author.name, createdAt: Date.now() }),
    status: 'sent',
    failureReason: null,
    ...extra,
  };
}

type Handler<C extends IpcChannel> = (request: IpcRequestParsed<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;
/** One fake handler per channel: the compiler checks the fake covers the whole contract. */
export type Handlers = { [C in IpcChannel]: Handler<C> };

/** A request the real core would have refused: a renderer bug, failed loudly by the test setup. */
export interface ContractViolation {
  channel: string;
  request: unknown;
  error: string;
}

/** Every violation of every FakeApi since the last `takeContractViolations()`. */
const violations: ContractViolation[] = [];

/** Returns and forgets the recorded violations (test/renderer/setup.ts fails a test that has any). */
export function takeContractViolations(): ContractViolation[] {
  return violations.splice(0);
}

/** What a write channel changes in the real core's cache, announced after the answer. */
const WRITES: { [C in IpcChannel]?: ChangeKind[] } = {
  'message:send': ['messages', 'outbox'],
  'message:edit': ['messages'],
  'message:delete': ['messages'],
  'reaction:toggle': ['messages'],
  'outbox:retry': ['messages', 'outbox'],
  'outbox:discard': ['messages', 'outbox'],
  'promotion:propose': ['outbox', 'promotions'],
  'promotion:consent': ['promotions'],
  'promotion:decide': ['promotions'],
  'promotion:withdraw': ['promotions'],
  'promotion:requestUnpublish': ['promotions'],
  'promotion:unpublish': ['promotions'],
  'message:tag': ['messages'],
  'dm:open': ['streams'],
  'guidelines:acknowledge': ['guidelines'],
  'guidelines:publish': ['guidelines'],
  'guidelines:require': ['guidelines'],
  'profile:setPhoto': ['photos'],
  'profile:removePhoto': ['photos'],
};

export interface Call {
  channel: IpcChannel;
  request: unknown;
}

export class FakeApi implements TributaryApi {
  readonly calls: Call[] = [];
  readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  users: User[] = [];
  teams: Team[] = [];
  streams: Stream[] = [];
  messages: MessageView[] = [];
  promotions: Promotion[] = [];
  /** Personal API tokens, newest first, with the secrets a real server would never list. */
  apiTokens: Array<ApiToken & { secret: string }> = [];
  integrations: Integration[] = [];
  me: User;
  signedIn = true;
  /** What `session:get` reports as the server's limits. */
  limits: ServerLimits = DEFAULT_SERVER_LIMITS;
  /** The organization's speech policy the composer explains (`speechPolicy:get`). */
  speechPolicy: SpeechPolicy = DEFAULT_SPEECH_POLICY;
  /** Each stream's retention period (`retention:period`); absent streams keep forever. */
  retentionDays: Record<string, number> = {};
  /** Earlier guidelines versions `guidelines:version` answers, by `teamId ?? 'org'` and version. */
  guidelineVersions: GuidelineVersions = new Map();
  /** The guidelines world (`guidelines:*`). */
  readonly guidelines = new FakeGuidelines(
    () => this.me,
    (error) => {
      throw new FakeError(error);
    },
  );
  /** Edit histories by message id (`message:history`); a message without one has a single version. */
  histories: Record<string, MessageVersion[]> = {};
  /** Messages only the fake server holds: what `search:server` finds beyond the cache. */
  serverOnly: MessageView[] = [];
  /** Whether `search:server` and `dm:open` reach the server (false: they answer offline). */
  serverOnline = true;
  /** What `server:info` answers: the server at any URL runs the demo organization. */
  demo = true;
  /** What `promotion:permissions` answers for a message, instead of the fake server's own rules. */
  sharing: Record<string, Partial<MessageSharing>> = {};
  /** The organization's audit trail (`audit:list`); null: the server cannot be reached. */
  auditTrail: AuditEntry[] | null = [];
  /** The other open accounts (the signed-in one is listed first, from `me`). */
  otherAccounts: AccountSummary[] = [];
  /** The active account has no valid token (offline start without one, or a refused token). */
  needsPassword = false;
  /** The plain token storage question is pending. */
  askTokenStorage = false;
  settings: Settings = {
    theme: 'system',
    // first run already done, so tests that are not about it start in the app
    language: 'system',
    firstRunDone: true,
    notify: 'mentions',
    streamNotify: {},
    tokenStorage: { protection: 'os', choice: null, askUser: false },
  };
  cacheInfo: CacheInfo = {
    accountId: '',
    folder: '/home/alice/.config/Tributary/client/accounts/alice',
    bytes: 3_250_000,
    encrypted: true,
  };
  /** Where tag views say their answers came from (`cache` plays offline). */
  tagSource: 'server' | 'cache' = 'server';
  /** Who `presence:list` says is online, per stream id. */
  online: Record<string, string[]> = {};
  /** Whether I am shown online (`presence:get`/`presence:set`). */
  presenceVisible = true;

  constructor(me: User = makeUser('alice')) {
    this.me = me;
    this.users.push(me);
  }

  session(): SessionState {
    return {
      signedIn: this.signedIn,
      accountId: this.signedIn ? this.me.id : null,
      user: this.signedIn ? this.me : null,
      orgName: 'Acme',
      serverUrl: this.signedIn ? 'http://127.0.0.1:4600' : null,
      defaults: { serverUrl: 'http://127.0.0.1:4600', demoAccounts: ['alice@acme.test', 'bob@acme.test'] },
      notice: null,
      limits: this.limits,
      needsPassword: this.signedIn && this.needsPassword,
      email: this.signedIn ? this.me.email : null,
      askTokenStorage: this.signedIn && this.askTokenStorage,
    };
  }

  /** The account switcher's list: the signed-in account, then the others. */
  accountList(): AccountSummary[] {
    const mine: AccountSummary = {
      id: this.me.id,
      serverUrl: 'http://127.0.0.1:4600',
      email: this.me.email,
      name: this.me.name,
      orgName: 'Acme',
      active: true,
      state: 'live',
      unread: this.streams.reduce((n, s) => n + s.unread, 0),
      mentions: this.streams.reduce((n, s) => n + s.mentions, 0),
    };
    return this.signedIn ? [mine, ...this.otherAccounts.map((a) => ({ ...a, active: false }))] : [];
  }

  callsTo(channel: IpcChannel): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.request);
  }

  emit<N extends IpcPushName>(name: N, payload: IpcPush<N>): void {
    for (const l of this.listeners.get(name) ?? []) l(payload);
  }

  on<N extends IpcPushName>(name: N, listener: (payload: IpcPush<N>) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  async invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<C>> {
    this.calls.push({ channel, request });
    const parsed = ipcRequests[channel].request.safeParse(request);
    if (!parsed.success) {
      violations.push({ channel, request, error: parsed.error.message });
      return { ok: false, error: { code: 'INVALID', message: `${channel}: ${parsed.error.message}` } };
    }
    const data = parsed.data as IpcRequestParsed<C>;
    try {
      // Like real IPC, every answer is a fresh copy: the renderer never shares objects with the core.
      const value = structuredClone(await (this.handlers[channel] as Handler<C>)(data));
      const kinds = WRITES[channel];
      // the real core pushes its change once the request is answered, in a later turn
      if (kinds) setTimeout(() => this.emit('data:changed', { accountId: this.me.id, streamIds: [], kinds }), 0);
      return { ok: true, value };
    } catch (err) {
      if (err instanceof FakeError) return { ok: false, error: err.ipc };
      throw err;
    }
  }

  private find(id: string): MessageView {
    const m = this.messages.find((x) => x.id === id);
    if (!m) throw new FakeError({ code: 'NOT_FOUND', message: 'no such message' });
    return m;
  }

  private replace(m: MessageView): void {
    this.messages = this.messages.map((x) => (x.id === m.id ? m : x));
  }

  /** Profiles and my visibility settings (fakeProfiles.ts). */
  readonly profiles = new FakeProfiles(
    () => this.me,
    (id) => this.users.find((u) => u.id === id)?.name ?? (id === this.me.id ? this.me.name : null),
    (error) => {
      throw new FakeError(error);
    },
  );

  /** Profile photos (fakePhotos.ts). */
  readonly photos = new FakePhotos(
    () => this.me.id,
    (error) => {
      throw new FakeError(error);
    },
  );

  private readonly handlers: Handlers = {
    'profile:get': (r) => this.photos.withPhotoId(this.profiles.get(r)),
    'profile:update': (r) => this.profiles.update(r),
    'profile:photo': (r) => this.photos.photo(r),
    'profile:setPhoto': (r) => this.photos.setPhoto(r),
    'profile:removePhoto': () => this.photos.removePhoto(),
    ...fakeAdminHandlers(this, (error) => new FakeError(error)),
    'session:get': () => this.session(),
    'session:login': (r) => {
      if (r.password !== PASSWORD)
        throw new FakeError({ code: 'UNAUTHENTICATED', message: 'Wrong email or password.' });
      this.signedIn = true;
      this.needsPassword = false;
      return this.session();
    },
    'server:info': () => ({ demo: this.demo }),
    'session:logout': () => {
      this.signedIn = false;
      return this.session();
    },
    'account:list': () => ({ accounts: this.accountList() }),
    'account:switch': (r) => {
      const other = this.otherAccounts.find((a) => a.id === r.accountId);
      if (!other) throw new FakeError({ code: 'NOT_FOUND', message: 'no such open account', field: 'accountId' });
      const previous = this.accountList()[0]!;
      this.otherAccounts = [...this.otherAccounts.filter((a) => a.id !== r.accountId), { ...previous, active: false }];
      this.me = { ...makeUser(other.email.split('@')[0]!), id: other.id, email: other.email, name: other.name };
      return this.session();
    },
    'sync:retryNow': () => ({}),
    'settings:get': () => this.settings,
    'settings:set': (r) => {
      const next = { ...this.settings, streamNotify: { ...this.settings.streamNotify } };
      if (r.theme) next.theme = r.theme;
      if (r.language) next.language = r.language;
      if (r.firstRunDone !== undefined) next.firstRunDone = r.firstRunDone;
      if (r.notify) next.notify = r.notify;
      if (r.streamNotify) {
        if (r.streamNotify.level === null) delete next.streamNotify[r.streamNotify.streamId];
        else next.streamNotify[r.streamNotify.streamId] = r.streamNotify.level;
      }
      if (r.tokenStorage) next.tokenStorage = { ...next.tokenStorage, choice: r.tokenStorage, askUser: false };
      this.settings = next;
      if (r.tokenStorage) this.askTokenStorage = false;
      return this.settings;
    },
    'cache:get': () => ({ ...this.cacheInfo, accountId: this.me.id }),
    'cache:clear': () => ({ ...this.cacheInfo, accountId: this.me.id, bytes: 0 }),
    'app:about': () => ({
      appVersion: '0.1.0',
      versions: { electron: '45.5.0', chrome: '142.0.0.0', node: '22.20.0', sqlite: '3.53.2' },
      logsFolder: '/home/alice/.config/Tributary/logs',
      desktopNotifications: 'granted',
    }),
    'stream:list': () => ({ streams: this.streams }),
    'directory:list': () => ({ users: this.users, teams: this.teams }),
    'message:list': (r) => {
      const limit = r.limit;
      const all = this.messages
        .filter((m) => m.streamId === r.streamId && m.threadRootId === null)
        .filter((m) => r.beforeSeq === undefined || (m.status === 'sent' && m.seq < r.beforeSeq));
      const page = all.slice(Math.max(0, all.length - limit));
      return { messages: page, hasMore: all.length > page.length };
    },
    'message:fetchOlder': () => ({ fetched: 0, hasMore: false }),
    'thread:get': (r) => ({
      root: this.messages.find((m) => m.id === r.rootId) ?? null,
      replies: this.messages.filter((m) => m.threadRootId === r.rootId),
    }),
    'message:send': (r) => {
      const stream = this.streams.find((s) => s.id === r.streamId)!;
      const m = makeMessage(stream, this.me, r.body, {
        status: 'pending',
        threadRootId: r.threadRootId ?? null,
      });
      this.messages.push(m);
      return { clientId: m.clientId };
    },
    'message:edit': (r) => {
      this.replace({ ...this.find(r.messageId), body: r.body, editedAt: Date.now() });
      return {};
    },
    'message:delete': (r) => {
      this.replace({ ...this.find(r.messageId), body: '', deletedAt: Date.now() });
      return {};
    },
    'reaction:toggle': (r) => {
      const m = this.find(r.messageId);
      const users = m.reactions[r.emoji] ?? [];
      const next = users.includes(this.me.id) ? users.filter((u) => u !== this.me.id) : [...users, this.me.id];
      this.replace({ ...m, reactions: { ...m.reactions, [r.emoji]: next } });
      return {};
    },
    'read:mark': () => ({}),
    'outbox:retry': (r) => {
      const m = this.messages.find((x) => x.clientId === r.clientId);
      if (m) this.replace({ ...m, status: 'pending', failureReason: null });
      return {};
    },
    'outbox:discard': (r) => {
      this.messages = this.messages.filter((x) => x.clientId !== r.clientId);
      return {};
    },
    'search:query': (r) => ({
      hits: this.messages
        .filter(
          (m) => m.body.toLowerCase().includes(r.query.toLowerCase()) && (!r.streamId || m.streamId === r.streamId),
        )
        .map((m) => {
          const at = m.body.toLowerCase().indexOf(r.query.toLowerCase());
          return {
            message: m,
            streamName: this.streams.find((s) => s.id === m.streamId)?.name ?? '',
            snippet: [
              { text: m.body.slice(0, at), highlight: false },
              { text: m.body.slice(at, at + r.query.length), highlight: true },
              { text: m.body.slice(at + r.query.length), highlight: false },
            ],
          };
        }),
    }),
    ...promotionHandlers(this, (id) => this.find(id)),
    'link:open': () => ({ opened: true, reason: null }),
    ...credentialHandlers(this),
    'speechPolicy:get': () => ({ policy: this.speechPolicy }),
    'retention:period': (r) => ({ days: this.retentionDays[r.streamId] ?? null }),
    'audit:list': (r) => {
      if (!this.auditTrail) throw new FakeError({ code: 'UNAVAILABLE', message: 'not connected' });
      return listAudit(this.auditTrail, r);
    },
    'message:history': (r) => {
      const m = this.find(r.messageId);
      const only = { body: m.body, editorId: m.authorId, editorName: m.authorName, at: m.createdAt };
      return { versions: this.histories[r.messageId] ?? [only] };
    },
    'search:server': (r) => {
      if (!this.serverOnline) return { online: false, hits: [], nextCursor: null };
      const all = [...this.messages, ...this.serverOnly].filter(
        (m) => m.body.toLowerCase().includes(r.query.toLowerCase()) && (!r.streamId || m.streamId === r.streamId),
      );
      const start = r.cursor === undefined ? 0 : Number(r.cursor);
      const page = all.slice(start, start + r.limit);
      return {
        online: true,
        hits: page.map((m) => ({
          message: m,
          streamName: this.streams.find((s) => s.id === m.streamId)?.name ?? '',
          snippet: [{ text: m.body, highlight: false }],
        })),
        nextCursor: start + r.limit < all.length ? String(start + r.limit) : null,
      };
    },
    'tag:messages': (r) => {
      const tagged = this.messages.filter((m) => m.tags.includes(r.tag)).reverse();
      return { tag: r.tag, count: tagged.length, messages: tagged, hasMore: false, source: this.tagSource };
    },
    'tag:top': (r) => {
      const counts = new Map<string, number>();
      for (const m of this.messages)
        if (m.streamId === r.streamId) for (const t of m.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
      const tags = [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count);
      return { tags: tags.slice(0, r.limit), source: this.tagSource };
    },
    'message:tag': (r) => {
      const m = this.find(r.messageId);
      const tags = r.remove === true ? m.tags.filter((t) => t !== r.tag) : [...new Set([...m.tags, r.tag])];
      this.replace({ ...m, tags });
      return {};
    },
    'dm:open': (r) =>
      openDirect(this, r, (error) => {
        throw new FakeError(error);
      }),
    ...this.guidelines.handlers,
    ...complianceHandlers(this),
    ...pulseHandlers(this),
    ...guidelineVersionHandlers(this.guidelineVersions),
    'presence:list': (r) => ({ online: this.online[r.streamId] ?? [], live: this.serverOnline }),
    'presence:get': () => ({ visible: this.presenceVisible }),
    'presence:set': (r) => {
      this.presenceVisible = r.visible;
      return { visible: r.visible };
    },
    'typing:signal': () => ({}),
    ...fakeFileHandlers(this),
  };
}
