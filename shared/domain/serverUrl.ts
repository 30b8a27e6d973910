/*
 * Which sync server URLs the desktop client may log in to. The login posts the password and then
 * carries the bearer token on every request, so plain http:// is only acceptable where nothing
 * leaves the machine: the loopback names. Used by the client core (it refuses) and by the login form
 * (it says why before anything is sent).
 */

/** Host names that never leave this machine (URL.hostname spells IPv6 with brackets). */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a server URL is refused, or null when the client may log in to it. */
export function serverUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return 'Enter the server address as a URL, e.g. https://chat.example.com';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return `The server address must start with https:// (not ${url.protocol}//)`;
  if (LOOPBACK_HOSTS.has(url.hostname.toLowerCase())) return null;
  return `The server address must use https:// — plain http:// is only allowed for this computer (127.0.0.1, localhost, ::1)`;
}
