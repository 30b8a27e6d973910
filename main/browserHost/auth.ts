import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * The browser host's gate: a random per-launch token that the page URL carries, a cookie for the
 * page's static assets, and Origin/Host checks so another site (or a DNS-rebound name) on the same
 * machine cannot drive the local client core.
 */

export const SESSION_COOKIE = 'tributary_host';
const SESSION_ID_RE = /^[A-Za-z0-9_-]{8,128}$/;

/** 32 random bytes, base64url: unguessable and URL-safe. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares a presented secret with the expected one without leaking its length or prefix by timing. */
export function tokenMatches(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Reads one cookie from a Cookie header; the host only ever sets one. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The asset cookie's name for one listener. Cookies ignore ports, so a fixed name would let a second
 * host on 127.0.0.1 overwrite the first one's cookie (its page then loses its assets) and would send
 * the token along to every other loopback port the browser visits under that name.
 */
export function sessionCookieName(port: number): string {
  return `${SESSION_COOKIE}_${port}`;
}

/** The Set-Cookie value that lets the page load its assets: HttpOnly so page script cannot read it. */
export function sessionCookie(token: string, port: number): string {
  return `${sessionCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** Host header must name this loopback listener: defeats DNS rebinding even before the token check. */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/** A WebSocket's Origin must be this very host; browsers always send it on cross-site upgrades. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** Session ids come from the page; only a plain token shape is accepted, then hashed into a folder name. */
export function sessionFolderName(sessionId: string | null): string | null {
  if (sessionId === null || !SESSION_ID_RE.test(sessionId)) return null;
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 32);
}
