import { protocol, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { contentTypeFor, resolveAsset } from '../host/staticFiles';
import { APP_ORIGIN } from './security';

/*
 * Serves the renderer bundle as app://tributary/… instead of file://: a real origin (so the CSP's
 * 'self' means our bundle only, and file:// cannot reach the rest of the disk) that no web page can
 * ever name. Paths are confined to the bundle folder.
 */

export const APP_SCHEME = 'app';
/** The page the main window loads. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Must run before `app.ready`: makes app:// a secure, standard scheme with fetch support. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Answers one app:// request from the bundle folder, with the CSP and nosniff on every file. */
export async function serveAppRequest(rendererDir: string, rawUrl: string, csp: string): Promise<Response> {
  const url = new URL(rawUrl);
  const file =
    url.host === 'tributary' ? resolveAsset(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname) : null;
  const data = file === null ? null : await readFile(file).catch(() => null);
  if (file === null || data === null)
    return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  return new Response(new Uint8Array(data), {
    status: 200,
    headers: {
      'Content-Type': contentTypeFor(file),
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}

/** Installs the app:// handler on the window's session (after `app.ready`). */
export function handleAppProtocol(session: Session, rendererDir: string, csp: string): void {
  session.protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request.url, csp));
}
