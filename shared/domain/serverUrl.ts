/*
 * Which sync server URLs the desktop client may log in to. The login posts the password and then
 * carries the bearer token on every request, so plain http:// is only acceptable where nothing
 * leaves the machine: the loopback names. Used by the client core (it refuses) and by the login form
 * (it says why before anything is sent, in the reader's language: hence the issue as a code).
 */

/** Host names that never leave this machine (URL.hostname spells IPv6 with brackets). */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a server URL is refused: not a URL, a scheme other than http(s), or plain http:// off this machine. */
export type ServerUrlIssue = 'notUrl' | 'scheme' | 'plainHttp';

/** Why a server URL is refused, as a code the UI translates; null when the client may log in to it. */
export function serverUrlIssue(raw: string): ServerUrlIssue | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return 'notUrl';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return 'scheme';
  return LOOPBACK_HOSTS.has(url.hostname.toLowerCase()) ? null : 'plainHttp';
}

/** Why a server URL is refused, in English (for error messages and logs), or null when it is allowed. */
export function serverUrlProblem(raw: string): string | null {
  switch (serverUrlIssue(raw)) {
    case null:
      return null;
    case 'notUrl':
      return 'Enter the server address as a URL, e.g. https://chat.example.com';
    case 'scheme':
      return `The server address must start with https:// (not ${new URL(raw.trim()).protocol}//)`;
    case 'plainHttp':
      return `The server address must use https:// — plain http:// is only allowed for this computer (127.0.0.1, localhost, ::1)`;
  }
}
