import type { Handler } from './context';

/** `session:get`: who is signed in, the login defaults and the server's limits. */
export const sessionGet: Handler<'session:get'> = (ctx) => ctx.session.state();

/** `session:login`: logs in (ending any current session first) and starts syncing. */
export const sessionLogin: Handler<'session:login'> = (ctx, req) =>
  ctx.session.login(req.serverUrl, req.email, req.password);

/** `session:logout`: revokes the token, stops syncing; the cache stays for next time. */
export const sessionLogout: Handler<'session:logout'> = (ctx) => ctx.session.logout();
