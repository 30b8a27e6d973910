import type { App } from 'electron';
import { resolve } from 'node:path';
import type { UiCommand } from '../../shared/ipc/contract';
import { idSchema } from '../../shared/protocol/entities';

/*
 * tributary:// links from other apps: tributary://stream/<id> and tributary://message/<id>[?stream=<id>].
 * They arrive as argv (Windows/Linux, first or second instance) or as macOS `open-url`; every part is
 * validated, and a link can only make the app show something, never act on the user's behalf.
 */

export const DEEP_LINK_SCHEME = 'tributary';

/** Turns a tributary:// URL into a UI command, or null for anything malformed or unknown. */
export function parseDeepLink(raw: string): UiCommand | null {
  if (raw.length > 512) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  const id = idSchema.safeParse(url.pathname.replace(/^\/+/, '').replace(/\/+$/, ''));
  if (!id.success) return null;
  if (url.hostname === 'stream') return { kind: 'openStream', streamId: id.data };
  if (url.hostname === 'message') {
    const stream = url.searchParams.get('stream');
    const streamId = stream === null ? null : idSchema.safeParse(stream);
    if (streamId !== null && !streamId.success) return null;
    return { kind: 'openMessage', messageId: id.data, streamId: streamId?.data ?? null };
  }
  return null;
}

/** The deep link among command-line arguments (how Windows and Linux pass it), if any. */
export function findDeepLink(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`)) ?? null;
}

/** Registers the scheme with the OS and routes macOS `open-url` events to `onCommand`. */
export function registerDeepLinks(app: App, onCommand: (command: UiCommand) => void): void {
  // In development the OS must start Electron with our app folder as the argument.
  if (process.defaultApp && process.argv[1])
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])]);
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const command = parseDeepLink(url);
    if (command) onCommand(command);
  });
}
