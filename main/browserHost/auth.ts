import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * The browser host's gate. The launch URL carries a random token (kept per data folder, so the URL
 * outlives a restart); opening it exchanges the token for a page session: a fresh random id in an
 * HttpOnly, SameSite=Strict cookie whose Path is a random folder of this host, and a redirect into that
 * folder, so the token leaves the address bar.
 * Cookies ignore ports: a cookie with Path=/ would reach every other server on 127.0.0.1 the browser
 * visits; one scoped to a path nobody else knows reaches only this host. Origin/Host checks keep
 * another site (or a DNS-rebound name) on the same machine from driving the local client core.
 */

export const SESSION_COOKIE = 'tributary_host';

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
 * The page-session cookie's name for one listener: two hosts on 127.0.0.1 (cookies ignore ports)
 * must not overwrite each other's cookie.
 */
export function sessionCookieName(port: number): string {
  return `${SESSION_COOKIE}_${port}`;
}

/**
 * The Set-Cookie value of a page session: HttpOnly (page script cannot read it), SameSite=Strict
 * (no other site's request carries it) and sent only below `path`, this launch's secret folder.
 */
export function sessionCookie(sessionId: string, port: number, path: string): string {
  return `${sessionCookieName(port)}=${sessionId}; Path=${path}; HttpOnly; SameSite=Strict`;
}

/**
 * The page sessions this host has handed out, kept as digests (so a lookup reveals nothing about a
 * stored id by timing, and the data folder holds no usable session). They outlive a restart: the host
 * saves them with its identity (`identity.ts`), newest last, at most `limit`.
 */
export class PageSessions {
  private readonly digests: string[];

  constructor(
    initial: readonly string[] = [],
    private readonly limit = 64,
    private readonly changed: (digests: readonly string[]) => void = () => undefined,
  ) {
    this.digests = [...initial];
  }

  /** Exchanges a valid launch token for a new page session id. */
  mint(): string {
    const id = createToken();
    this.digests.push(digest(id));
    if (this.digests.length > this.limit) this.digests.splice(0, this.digests.length - this.limit);
    this.changed(this.digests);
    return id;
  }

  /** Whether a presented cookie value is a page session of this host. */
  has(id: string | null): boolean {
    return id !== null && this.digests.includes(digest(id));
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Host header must name this loopback listener: defeats DNS rebinding even before the token check. */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/** A WebSocket's Origin must be this very host; browsers always send it on cross-site upgrades. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
