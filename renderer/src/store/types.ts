/*
 * The store's shape, one interface per slice (pmndrs/zustand slices pattern). Slices live in their own
 * files; every slice creator is typed against the whole Store so actions can read other slices.
 */
import type { StateCreator } from 'zustand';
import type { PhotosSlice } from './photosSlice';
import type { ProfilesSlice } from './profilesSlice';
import type { FilesSlice } from './filesSlice';
import type {
  About,
  AccountSummary,
  CacheInfo,
  IpcPush,
  IpcRequest,
  MessageView,
  SearchHit,
  SessionState,
  Settings,
  SyncStatus,
} from '../../../shared/ipc';
import type {
  ApiError,
  ApiToken,
  FileRef,
  Integration,
  Message,
  MessageSharing,
  PromotionScope,
  PromotionView,
  Stream,
  TagCount,
  Team,
  User,
} from '../../../shared/protocol';
import type { SpeechPolicy } from '../../../shared/domain/speechPolicy';
import type { Guidelines, GuidelinesAcknowledgements } from '../../../shared/protocol/guidelines';
import type { MessageVersion } from '../../../shared/protocol/governance';
import type { Locale } from '../i18n/locale';
import type { UiText } from '../i18n/text';

export interface SessionSlice {
  session: SessionState | null;
  loginBusy: boolean;
  /** Why sign-in (or reading the session) failed; the login screen and the splash explain it. */
  loginError: ApiError | null;
  loadSession: () => Promise<void>;
  login: (form: { serverUrl: string; email: string; password: string }) => Promise<boolean>;
  /** What the server named in the login form says about itself (`server:info`), for that URL. */
  serverInfo: { serverUrl: string; demo: boolean } | null;
  /** Asks the server at this URL about itself; an answer for a URL no longer asked about is dropped. */
  checkServer: (serverUrl: string) => Promise<void>;
  /** Signs the active account out; `removeLocalData` also deletes its cache and key. */
  logout: (options?: { removeLocalData?: boolean }) => Promise<void>;
}

export interface AccountsSlice {
  /** Every account the app knows, with its sync state and unread counts (the switcher). */
  accounts: AccountSummary[];
  /** The sign-in form is open over the shell to add another account. */
  addingAccount: boolean;
  loadAccounts: () => Promise<void>;
  switchAccount: (accountId: string) => Promise<void>;
  setAddingAccount: (adding: boolean) => void;
  /** Reconnects now instead of waiting for the next automatic attempt. */
  retryNow: () => Promise<void>;
}

export interface SettingsSlice {
  settings: Settings | null;
  about: About | null;
  /** The active account's cache on disk (size, folder), read when the settings screen opens. */
  cacheInfo: CacheInfo | null;
  loadSettings: () => Promise<void>;
  /** What only the settings screen shows: versions, logs folder, local data. */
  loadSettingsDetails: () => Promise<void>;
  changeSettings: (change: IpcRequest<'settings:set'>) => Promise<void>;
  /** Deletes the active account's cache; sync fills it again (unsent messages stay). */
  clearLocalData: () => Promise<void>;
}

export interface StreamsSlice {
  streams: Stream[];
  selectedStreamId: string | null;
  loadStreams: () => Promise<void>;
  selectStream: (streamId: string) => void;
  /** Alt+Up/Alt+Down: the previous (-1) or next (1) stream in sidebar order; stops at the ends. */
  selectAdjacentStream: (delta: -1 | 1) => void;
  /** A mention notification arrived before the core's own counters caught up. */
  bumpMention: (streamId: string) => void;
}

export interface StreamMessages {
  /** Top-level messages, oldest first: a contiguous tail of the stream. */
  items: MessageView[];
  /** The local cache has older messages than items[0]. */
  hasMore: boolean;
  /** The server may have history the cache lacks. */
  serverHasMore: boolean;
  loading: boolean;
  loadingOlder: boolean;
  error: ApiError | null;
}

export interface MessagesSlice {
  messages: Record<string, StreamMessages>;
  /** Where the "New messages" divider sits per stream: lastReadSeq when the stream was opened. */
  dividerSeq: Record<string, number>;
  loadLatest: (streamId: string) => Promise<void>;
  loadOlder: (streamId: string) => Promise<void>;
  /** Queues a message; `uploadIds`: staged files not uploaded yet (offline), the outbox uploads them first. */
  send: (
    streamId: string,
    body: string,
    threadRootId?: string,
    files?: FileRef[],
    uploadIds?: string[],
  ) => Promise<boolean>;
  editMessage: (messageId: string, body: string) => Promise<boolean>;
  deleteMessage: (messageId: string) => Promise<void>;
  toggleReaction: (messageId: string, emoji: string) => Promise<void>;
  retry: (clientId: string) => Promise<void>;
  discard: (clientId: string) => Promise<void>;
  markRead: (streamId: string) => Promise<void>;
  /** The row the stream's list should scroll to (a new nonce per request). */
  jumpTarget: { streamId: string; messageId: string; nonce: number } | null;
  /** The message flashed after a jump, cleared after a moment. */
  highlightId: string | null;
  /**
   * Opens a top-level message's stream, pages back through the cache until the message is loaded,
   * then scrolls to and highlights it. False when it could not be reached (not in the cache).
   */
  jumpToMessage: (message: { id: string; streamId: string; seq: number }) => Promise<boolean>;
}

export interface ThreadState {
  rootId: string;
  root: MessageView | null;
  replies: MessageView[];
  loading: boolean;
  error: ApiError | null;
}

export interface ThreadSlice {
  thread: ThreadState | null;
  openThread: (rootId: string) => Promise<void>;
  reloadThread: () => Promise<void>;
  closeThread: () => void;
}

export interface ComposerSlice {
  /** Unsent text per composer: a stream id, or `thread:<rootId>`. */
  drafts: Record<string, string>;
  /** The message being edited inline, if any. */
  editingId: string | null;
  setDraft: (key: string, text: string) => void;
  setEditing: (messageId: string | null) => void;
}

export interface DirectorySlice {
  users: User[];
  teams: Team[];
  loadDirectory: () => Promise<void>;
}

export interface DirectsSlice {
  /** The dialog that picks people for a new (group) conversation. */
  directPickerOpen: boolean;
  setDirectPickerOpen: (open: boolean) => void;
  /** Opens (creating if needed) my conversation with these people and shows it; false when refused. */
  openDirect: (userIds: string[]) => Promise<boolean>;
}

export interface SyncSlice {
  sync: SyncStatus;
  setSync: (status: SyncStatus) => void;
}

export interface Toast {
  id: number;
  /** Formatted when shown, in the locale of the moment. */
  text: UiText;
  kind: 'info' | 'error';
}

export type Panel =
  | 'none'
  | 'search'
  | 'sharing'
  | 'settings'
  | 'apiTokens'
  | 'tags'
  | 'audit'
  | 'integrations'
  | 'help'
  | 'guidelines'
  | 'compliance'
  | 'pulse'
  | 'admin';

export interface UiSlice {
  panel: Panel;
  switcherOpen: boolean;
  /** Bumped by Ctrl/Cmd+F so an open search panel takes focus again. */
  searchFocusNonce: number;
  toasts: Toast[];
  /** The message the share dialog is open for. */
  shareMessage: MessageView | null;
  setPanel: (panel: Panel) => void;
  setSwitcherOpen: (open: boolean) => void;
  /** Opens the search panel (closing the switcher) and focuses its query. */
  focusSearch: () => void;
  toast: (text: UiText, kind?: Toast['kind']) => void;
  dismissToast: (id: number) => void;
  setShareMessage: (message: MessageView | null) => void;
  openLink: (url: string) => Promise<void>;
}

export interface SearchSlice {
  searchQuery: string;
  searchStreamId: string | null;
  searchHits: SearchHit[];
  searchBusy: boolean;
  searchError: ApiError | null;
  setSearchQuery: (query: string) => void;
  setSearchStream: (streamId: string | null) => void;
  runSearch: () => Promise<void>;
  openHit: (hit: SearchHit) => Promise<void>;
}

export type { PromotionScope };

export interface SharingSlice {
  /** Each list as the server gave it, with the steps it lets me take on each promotion. */
  promotions: Record<PromotionScope, PromotionView[]>;
  promotionsError: ApiError | null;
  /** What the server lets me do with each message's sharing (propose, unpublish), by message id. */
  sharing: Record<string, MessageSharing>;
  loadPromotions: (scope: PromotionScope) => Promise<void>;
  /** Asks the server about messages on screen it has not answered for yet (batched, one request). */
  requestSharing: (messageIds: string[]) => void;
  /** Asks again about every message on screen (after a promotion changed). */
  refreshSharing: () => void;
  /** Reads every list: what waits for me is counted on the Sharing button even while the panel is closed. */
  loadAllPromotions: () => Promise<void>;
  propose: (messageId: string, note: string) => Promise<boolean>;
  consent: (promotionId: string, accept: boolean) => Promise<void>;
  decide: (promotionId: string, approve: boolean, note: string) => Promise<void>;
  withdraw: (promotionId: string) => Promise<void>;
  requestUnpublish: (promotionId: string) => Promise<void>;
  unpublish: (promotionId: string) => Promise<void>;
}

/** My personal API tokens for bots (the Flowdock-compatible API), managed from their panel. */
export interface ApiTokensSlice {
  /** Live tokens, newest first, as the server listed them. */
  apiTokens: ApiToken[];
  /** A token just created, with its secret: shown once, until dismissed. */
  apiTokenSecret: { name: string; secret: string } | null;
  apiTokensError: ApiError | null;
  loadApiTokens: () => Promise<void>;
  /** Creates a token; resolves whether it worked (its secret is then in `apiTokenSecret`). */
  createApiToken: (name: string) => Promise<boolean>;
  revokeApiToken: (apiTokenId: string) => Promise<void>;
  dismissApiTokenSecret: () => void;
}

/** The integrations of the selected team stream, managed by its curators from their panel. */
export interface IntegrationsSlice {
  /** Live integrations of `integrationsStreamId`, newest first, as the server listed them. */
  integrations: Integration[];
  integrationsStreamId: string | null;
  /** An integration just created, with its flow token: shown once, until dismissed. */
  integrationToken: { name: string; flowToken: string } | null;
  integrationsError: ApiError | null;
  loadIntegrations: (streamId: string) => Promise<void>;
  /** Creates an integration; resolves whether it worked (its flow token is then in `integrationToken`). */
  createIntegration: (streamId: string, name: string) => Promise<boolean>;
  revokeIntegration: (integrationId: string) => Promise<void>;
  dismissIntegrationToken: () => void;
}

/** The interface language; set from the system at start, the hook for a language setting. */
export interface LocaleSlice {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

/** The organization's governance rules the interface explains (who may speak to everyone). */
export interface GovernanceSlice {
  /** The speech policy as the cache last heard it; null until read. */
  speechPolicy: SpeechPolicy | null;
  loadSpeechPolicy: () => Promise<void>;
  /** The edit history on screen: loading (`versions` null), loaded, or why it could not be read. */
  editHistory: { messageId: string; versions: MessageVersion[] | null; error: UiText | null } | null;
  openEditHistory: (messageId: string) => Promise<void>;
  closeEditHistory: () => void;
  /** Each stream's retention period in days as the server last said (null: kept forever); absent until read. */
  retentionDays: Record<string, number | null>;
  /** Asks the server for a stream's period; offline it stays unknown and the header says nothing. */
  loadRetentionPeriod: (streamId: string) => Promise<void>;
}

/** Guidelines, acknowledged: what asks me to read, the editor and the acknowledgements view. */
export interface GuidelinesSlice {
  /** The org's and my teams' guidelines as the cache holds them; null until read. */
  guidelines: Guidelines[] | null;
  /** Versions put off with "Later" in this session (`scope:version`); a new version asks again. */
  guidelinesLater: string[];
  /** The scope the dialog was asked to show (from the composer's notice), whatever was put off. */
  guidelinesAsked: { teamId: string | null } | null;
  /** Why the last guidelines action failed (acknowledge, publish, setting, export). */
  guidelinesError: ApiError | null;
  /** The acknowledgements view's report, for one scope. */
  acknowledgements: GuidelinesAcknowledgements | null;
  loadGuidelines: () => Promise<void>;
  /** Acknowledges a version; resolves whether it worked. */
  acknowledgeGuidelines: (teamId: string | null, version: number) => Promise<boolean>;
  /** "Later": the dialog stops asking about this version in this session. */
  putOffGuidelines: (teamId: string | null, version: number) => void;
  askGuidelines: (teamId: string | null) => void;
  publishGuidelines: (teamId: string | null, body: string) => Promise<boolean>;
  setGuidelinesRequired: (teamId: string, required: boolean) => Promise<void>;
  loadAcknowledgements: (teamId: string | null) => Promise<void>;
  /** Downloads the acknowledgements as a CSV file. */
  exportAcknowledgements: (teamId: string | null) => Promise<void>;
}

/** One tag's messages as the tag view shows them. */
export interface TagView {
  tag: string;
  /** Every message with the tag that I can read (only the cached ones when `source` is `cache`). */
  count: number;
  messages: Message[];
  hasMore: boolean;
  /** `cache`: answered offline, from what this computer holds. */
  source: 'server' | 'cache';
  busy: boolean;
  error: ApiError | null;
}

/** Flowdock-style tags: a tag's messages across my streams, a stream's most used tags, tagging. */
export interface TagsSlice {
  /** The open tag view; null shows the selected stream's most used tags. */
  tagView: TagView | null;
  /** The most used tags of the stream they were last asked for. */
  topTags: { streamId: string; tags: TagCount[]; source: 'server' | 'cache' } | null;
  /** Opens the tags panel on one tag's messages. */
  openTag: (tag: string) => Promise<void>;
  /** The next (older) page of the open tag view. */
  loadMoreTagged: () => Promise<void>;
  /** Back from a tag view to the stream's tag list. */
  closeTag: () => void;
  loadTopTags: (streamId: string) => Promise<void>;
  /** Shows a message of the tag view in its stream (or its thread). */
  openTagged: (message: Message) => Promise<void>;
  /** Adds a tag to a posted message, or takes an added one off; false (with a toast) when refused. */
  tagMessage: (messageId: string, tag: string, remove?: boolean) => Promise<boolean>;
}

/** Reading: every stream read at once, and the way back to where unread messages start. */
export interface ReadingSlice {
  /** Moves every stream's read marker to its newest message (synced through the server). */
  markAllRead: () => Promise<void>;
  /**
   * Scrolls to the first message that was unread when the stream was opened, paging back through the
   * cache as needed; false when there is none.
   */
  jumpToFirstUnread: (streamId: string) => Promise<boolean>;
}

/** Who is online in the streams I look at, who is typing there, and my own presence choice. */
export interface PresenceSlice {
  /** Online readers per stream id (only streams asked for or pushed about; never cached). */
  online: Record<string, string[]>;
  /**
   * Per stream id (or `typingKey(streamId, threadRootId)` for a thread's replies), the users typing
   * there and when each signal expires (ms since the epoch).
   */
  typing: Record<string, Record<string, number>>;
  /** Whether I am shown online (null until read from the server). */
  presenceVisible: boolean | null;
  /** Asks the server who is online in a stream (an offline answer empties it). */
  loadPresence: (streamId: string) => Promise<void>;
  applyPresence: (change: IpcPush<'presence:changed'>) => void;
  applyTyping: (change: IpcPush<'typing:changed'>, now?: number) => void;
  /** Forgets typing signals that expired by `now` (a lost stop must not stick). */
  expireTyping: (now?: number) => void;
  loadPresenceSetting: () => Promise<void>;
  setPresenceVisible: (visible: boolean) => Promise<void>;
  /** Tells the stream's other readers that I type (`true`, throttled by the caller) or stopped; in a thread with its root. */
  signalTyping: (streamId: string, typing: boolean, threadRootId?: string) => void;
}

export type Store = SessionSlice &
  AccountsSlice &
  SettingsSlice &
  LocaleSlice &
  StreamsSlice &
  MessagesSlice &
  ThreadSlice &
  ComposerSlice &
  DirectorySlice &
  DirectsSlice &
  SyncSlice &
  UiSlice &
  SearchSlice &
  SharingSlice &
  ApiTokensSlice &
  IntegrationsSlice &
  GovernanceSlice &
  GuidelinesSlice &
  ServerSearchSlice &
  TagsSlice &
  ReadingSlice &
  ProfilesSlice &
  PhotosSlice &
  PresenceSlice &
  FilesSlice;

/** Where the server's part of a search stands: asked, answered, or not asked because offline. */
export type ServerSearchState = 'idle' | 'loading' | 'done' | 'offline' | 'error';

export interface ServerSearchSlice {
  /** The server's hits for the current search that the local search did not find (by message id). */
  serverHits: SearchHit[];
  serverSearchState: ServerSearchState;
  /** The cursor of the server's next page, or null when there is none. */
  serverCursor: string | null;
  serverSearchError: ApiError | null;
  /** Asks the server for the search the local results answer (first page), keeping what is new. */
  runServerSearch: (query: string, streamId: string | null) => Promise<void>;
  /** Asks the server for its next page of the current search. */
  loadMoreServerHits: () => Promise<void>;
  /** Forgets the server's part (a new or cleared search). */
  clearServerSearch: () => void;
}

export type SliceCreator<T> = StateCreator<Store, [], [], T>;
