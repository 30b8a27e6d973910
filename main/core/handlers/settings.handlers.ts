import type { About, CacheInfo } from '../../../shared/ipc/accounts';
import { accountFolderBytes, cacheFile, type Account } from '../account';
import { dirname } from 'node:path';
import type { Handler } from './context';
import { forgetAccountFiles } from './files.handlers';

/** `settings:get`: theme, notification levels and where tokens are kept. */
export const settingsGet: Handler<'settings:get'> = (ctx) => ctx.session.currentSettings();

/** `settings:set`: changes some settings and answers all of them. */
export const settingsSet: Handler<'settings:set'> = (ctx, req) => ctx.session.updateSettings(req);

function cacheInfo(dataDir: string, acc: Account): CacheInfo {
  return {
    accountId: acc.userId,
    folder: dirname(cacheFile(dataDir, acc.userId)),
    bytes: accountFolderBytes(dataDir, acc.userId),
    encrypted: acc.encrypted,
  };
}

/** `cache:get`: the active account's cache folder and size. */
export const cacheGet: Handler<'cache:get'> = (ctx) => cacheInfo(ctx.session.dataDir, ctx.account());

/** `cache:clear`: deletes the active account's cache and syncs it again; unsent items stay. */
export const cacheClear: Handler<'cache:clear'> = async (ctx) => {
  // the offline files' rows go with the cache; their bytes must not stay behind unaccounted for
  forgetAccountFiles(ctx.account());
  const fresh = await ctx.session.clearLocalData();
  return cacheInfo(ctx.session.dataDir, fresh);
};

/** `app:about`: the host's versions plus the core's own (Node, SQLite, cipher), and where logs go. */
export const appAbout: Handler<'app:about'> = (ctx) => {
  const host = ctx.about ?? {};
  const acc = ctx.session.account;
  const sqlite = acc ? (acc.db.prepare('SELECT sqlite_version()').pluck().get() as string) : null;
  const versions: About['versions'] = { node: process.versions.node, ...host.versions };
  if (sqlite) versions.sqlite = sqlite;
  if (acc?.encrypted) versions.cacheCipher = 'ChaCha20-Poly1305 (SQLite3 Multiple Ciphers)';
  return {
    appVersion: host.appVersion ?? '0.0.0',
    versions,
    logsFolder: host.logsFolder ?? null,
    desktopNotifications: host.desktopNotifications ?? 'page',
  };
};
