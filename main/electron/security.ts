import type { App, Session, WebContents } from 'electron';
import { evaluateUrl, OPEN_URL_POLICY } from '../../shared/domain/urlPolicy';

/*
 * The window-level half of the desktop security model: nothing navigates, no new windows, no
 * webviews, no permissions, no remote requests, the CSP on every response. Links leave the app only
 * through the system browser, and only after the URL policy allows them.
 */

/** Our renderer's origin (custom, privileged, never reachable from the web). */
export const APP_ORIGIN = 'app://tributary';

/** True for URLs of our own bundle, the only content an app window may show. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'app:' && url.host === 'tributary';
  } catch {
    return false;
  }
}

/** Opens a URL in the system browser only if it is http(s)/mailto and the open policy allows it. */
export async function safeOpenExternal(raw: string, open: (url: string) => Promise<void>): Promise<boolean> {
  if (!evaluateUrl(raw, OPEN_URL_POLICY).allowed) return false;
  await open(new URL(raw).href);
  return true;
}

export interface HardeningOptions {
  /** Hands a clicked link to the client core's `link:open` (org policy, then the system browser). */
  openLink: (url: string) => void;
}

/** Locks one webContents down: no navigation, no popups, no webviews; clicked links go to openLink. */
export function hardenWebContents(contents: WebContents, options: HardeningOptions): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (!isAppUrl(url)) options.openLink(url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (!isAppUrl(url)) options.openLink(url);
    return { action: 'deny' };
  });
}

/** Hardens every webContents the app ever creates, including ones we did not create on purpose. */
export function hardenAllWebContents(app: App, options: HardeningOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}

const BLOCKED_REQUEST_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);

/** True when the renderer may not fetch this URL: the app window talks only to its own bundle. */
export function isBlockedRequest(raw: string): boolean {
  try {
    return BLOCKED_REQUEST_SCHEMES.has(new URL(raw).protocol);
  } catch {
    return true;
  }
}

/** Session-wide rules: deny every permission, block remote requests, add the CSP to every response. */
export function applySessionPolicy(session: Session, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: isBlockedRequest(details.url) }));
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = { ...(details.responseHeaders ?? {}) };
    for (const key of Object.keys(responseHeaders)) {
      if (key.toLowerCase() === 'content-security-policy') delete responseHeaders[key];
    }
    responseHeaders['Content-Security-Policy'] = [csp];
    responseHeaders['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders });
  });
}
