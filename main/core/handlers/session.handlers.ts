import type { AccountSummary } from '../../../shared/ipc/accounts';
import { listStreams } from '../cache/streams';
import type { Handler } from './context';
import { cacheFile } from '../account';
import { clearFileCache } from '../files/fileCache';
import { forgetAccountFiles } from './files.handlers';

/** `session:get`: the active account, the login defaults and the server's limits. */
export const sessionGet: Handler<'session:get'> = (ctx) => ctx.session.state();

/** `session:login`: logs in (a new account opens beside the others) and makes it the active one. */
export const sessionLogin: Handler<'session:login'> = (ctx, req) =>
  ctx.session.login(req.serverUrl, req.email, req.password);

/**
 * `session:logout`: revokes one account's token and closes it; its cache stays unless asked to go,
 * but its offline files and staged uploads go either way.
 */
export const sessionLogout: Handler<'session:logout'> = async (ctx, req) => {
  const id = req.accountId ?? ctx.session.account?.userId;
  const acc = ctx.session.accounts.find((a) => a.userId === id);
  if (acc) forgetAccountFiles(acc);
  else if (id !== undefined && ctx.session.knownAccount(id)) clearFileCache(null, cacheFile(ctx.session.dataDir, id));
  const state = await ctx.session.logout(req.accountId, req.removeLocalData);
  // a download that was running (a thumbnail fetched ahead) may have stored its bytes while the sign-out
  // waited on the server; the account is closed now, so nothing writes there any more: clear once again
  if (acc) clearFileCache(null, acc.file);
  return state;
};

/** `account:list`: every open account with its state and unread counts, for the switcher. */
export const accountList: Handler<'account:list'> = (ctx) => {
  const activeId = ctx.session.account?.userId ?? null;
  const accounts: AccountSummary[] = ctx.session.accounts.map((acc) => {
    const known = ctx.session.knownAccount(acc.userId);
    let unread = 0;
    let mentions = 0;
    for (const s of listStreams(acc.db)) {
      unread += s.unread;
      mentions += s.mentions;
    }
    return {
      id: acc.userId,
      serverUrl: acc.serverUrl,
      email: acc.user?.email ?? known?.email ?? '',
      name: acc.user?.name ?? known?.name ?? '',
      orgName: acc.org?.name ?? known?.orgName ?? null,
      active: acc.userId === activeId,
      state: acc.engine.status().state,
      unread,
      mentions,
    };
  });
  return { accounts };
};

/** `account:switch`: another open account becomes the one the window shows. */
export const accountSwitch: Handler<'account:switch'> = (ctx, req) => ctx.session.switchTo(req.accountId);

/** `sync:retryNow`: every account reconnects now instead of waiting out its backoff. */
export const syncRetryNow: Handler<'sync:retryNow'> = (ctx) => {
  ctx.session.retryNow();
  return {};
};
