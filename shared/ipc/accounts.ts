import { z } from 'zod';
import { idSchema } from '../protocol/entities';

/*
 * The IPC contract's schemas for the app around the streams: several accounts, where their secrets
 * are kept, the user's settings and what the app can say about itself (versions, logs, local data).
 * The channels that use them are in contract.ts.
 */

/** Where sync stands for one account. `signInRequired`: the server is reachable but wants the password. */
export const syncStateSchema = z.enum(['signedOut', 'offline', 'connecting', 'catchingUp', 'live', 'signInRequired']);
export type SyncState = z.infer<typeof syncStateSchema>;

/** One account the app knows, as the account switcher shows it. */
export const accountSummarySchema = z.object({
  /** The account's id: its user id on its server. */
  id: idSchema,
  serverUrl: z.string(),
  email: z.string(),
  name: z.string(),
  orgName: z.string().nullable(),
  /** The account whose streams the window shows. */
  active: z.boolean(),
  state: syncStateSchema,
  /** Unread messages and unread mentions over all its cached streams. */
  unread: z.number().int().nonnegative(),
  mentions: z.number().int().nonnegative(),
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;

/** How much a stream (or, globally, every stream) may notify: every message, mentions of me, or nothing. */
export const notifyLevelSchema = z.enum(['all', 'mentions', 'nothing']);
export type NotifyLevel = z.infer<typeof notifyLevelSchema>;

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

/**
 * Where login tokens are kept. `os`: encrypted by the system's keychain (Electron safeStorage);
 * `file`: a file only this user can read, in plain text. With `file` in the desktop app the user is
 * asked once (`choice`) whether to keep tokens there or sign in again after each restart.
 */
export const tokenStorageSchema = z.object({
  protection: z.enum(['os', 'file']),
  choice: z.enum(['store', 'dontStore']).nullable(),
  /** Whether the user must still answer the question (plain storage, asked for, not yet answered). */
  askUser: z.boolean(),
});
export type TokenStorage = z.infer<typeof tokenStorageSchema>;

/** The user's settings: app-wide ones, and the active account's per-stream notification levels. */
/** The interface language: one we ship, or `system` (follow the system's preferred languages). */
export const languageSettingSchema = z.enum(['system', 'en', 'fi']);
export type LanguageSetting = z.infer<typeof languageSettingSchema>;

export const settingsSchema = z.object({
  theme: themeSchema,
  language: languageSettingSchema,
  /** The active account's first-run tour was finished or skipped (true when no account is active). */
  firstRunDone: z.boolean(),
  notify: notifyLevelSchema,
  /** streamId → level, for the active account's streams that do not follow `notify`. */
  streamNotify: z.record(idSchema, notifyLevelSchema),
  tokenStorage: tokenStorageSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

/** One change of the settings; absent fields stay as they are. */
export const settingsChangeSchema = z
  .object({
    theme: themeSchema.optional(),
    language: languageSettingSchema.optional(),
    /** Marks the active account's first-run tour done (skipped or finished), or asks for it again. */
    firstRunDone: z.boolean().optional(),
    notify: notifyLevelSchema.optional(),
    /** A stream's own level; `null` makes it follow the global one again. */
    streamNotify: z.object({ streamId: idSchema, level: notifyLevelSchema.nullable() }).strict().optional(),
    /** The answer to the plain token storage question. */
    tokenStorage: z.enum(['store', 'dontStore']).optional(),
  })
  .strict();

/** The active account's cache on disk. */
export const cacheInfoSchema = z.object({
  accountId: idSchema,
  /** The account's folder (cache, its key's name is in the secret store, not here). */
  folder: z.string(),
  bytes: z.number().int().nonnegative(),
  encrypted: z.boolean(),
});
export type CacheInfo = z.infer<typeof cacheInfoSchema>;

/** What the app says about itself on the settings screen. */
export const aboutSchema = z.object({
  appVersion: z.string(),
  /** Component → version (Electron, Chromium, Node, SQLite, cipher …). */
  versions: z.record(z.string(), z.string()),
  /** Where this app writes its log files, when it writes any. */
  logsFolder: z.string().nullable(),
  /** Whether the host shows desktop notifications itself (Electron), and whether the system allows them. */
  desktopNotifications: z.enum(['granted', 'denied', 'unsupported', 'page']),
});
export type About = z.infer<typeof aboutSchema>;
