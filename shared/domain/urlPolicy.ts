/*
 * The organization's link policy: which URLs a message may carry and the app may open. Pure, so the
 * server enforces it on send, edit and promotion, and the client core checks it again before
 * opening a link: one function, so the two cannot disagree.
 *
 * Hosts are compared after the WHATWG URL parser has normalized them (lower case, IDNA, percent
 * decoding, IPv4 in any notation) and after trailing dots are dropped, so `EVIL.example.`,
 * `evil.example%2E` and `ｅｖｉｌ.example` are all `evil.example`. A URL that does not parse, or a
 * mailto whose recipients cannot be read with certainty, is refused.
 */

export interface UrlPolicy {
  /** When non-empty, only these domains (and their subdomains) are allowed. */
  allow: string[];
  /** Always refused, even when also allowed. */
  deny: string[];
}

export const OPEN_URL_POLICY: UrlPolicy = { allow: [], deny: [] };

export type UrlVerdict = { allowed: true } | { allowed: false; reason: string };

/** mailto header fields that add recipients (RFC 6068); names are case-insensitive. */
const RECIPIENT_FIELDS = new Set(['to', 'cc', 'bcc']);
/** A mailto recipient: exactly one `@`, a domain without URL syntax in it. */
const ADDRESS_RE = /^[^@\s]+@([^@\s/?#\\:]+|\[[0-9a-f:.]+\])$/i;
const IPV4_RE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** IPv4-mapped IPv6 as WHATWG serializes it (`[::ffff:7f00:1]`), so it matches its IPv4 entry. */
const MAPPED_IPV4_RE = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/;

function refuse(reason: string): UrlVerdict {
  return { allowed: false, reason };
}

/** A WHATWG-parsed hostname made comparable: no trailing dots, IPv4-mapped IPv6 as IPv4. */
function canonicalHost(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.+$/, '');
  const mapped = MAPPED_IPV4_RE.exec(host);
  if (!mapped) return host;
  const hi = parseInt(mapped[1]!, 16);
  const lo = parseInt(mapped[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Normalizes a domain (policy entry or mail domain) as a URL host; null when it is not one. */
export function normalizeDomain(domain: string): string | null {
  const bare = domain.trim().replace(/^\*\./, '');
  if (bare === '' || /[/?#@\\:\s]/.test(bare.replace(/^\[[0-9a-f:.]+\]$/i, ''))) return null;
  try {
    const host = canonicalHost(new URL(`http://${bare}/`).hostname);
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Every host a URL leads to: its host, or each mail recipient's domain. A string says why not. */
function destinationHosts(raw: string): string[] | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    const host = canonicalHost(url.hostname);
    return host === '' ? 'the URL has no host' : [host];
  }
  if (url.protocol !== 'mailto:') return `scheme ${url.protocol} is not allowed`;
  const recipients = url.pathname.split(',').map(decode);
  url.searchParams.forEach((value, name) => {
    if (RECIPIENT_FIELDS.has(name.toLowerCase())) recipients.push(...value.split(','));
  });
  const hosts: string[] = [];
  for (const recipient of recipients) {
    if (recipient === null) return 'the mail address is not valid';
    if (recipient.trim() === '') continue;
    const domain = ADDRESS_RE.exec(recipient.trim())?.[1];
    const host = domain === undefined ? null : normalizeDomain(domain);
    if (host === null) return `${recipient.trim()} is not a valid mail address`;
    hosts.push(host);
  }
  return hosts.length > 0 ? hosts : 'the mail link names no recipient';
}

/** Whether a host is a policy domain or one of its subdomains (IP addresses match only exactly). */
function hostMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  if (IPV4_RE.test(host) || host.startsWith('[')) return false;
  return host.endsWith(`.${domain}`);
}

function listed(host: string, domains: string[]): boolean {
  return domains.some((entry) => {
    const domain = normalizeDomain(entry);
    return domain !== null && hostMatches(host, domain);
  });
}

/** Decides whether one URL may be opened or posted under the policy. */
export function evaluateUrl(raw: string, policy: UrlPolicy): UrlVerdict {
  const hosts = destinationHosts(raw);
  if (typeof hosts === 'string') return refuse(hosts);
  for (const host of hosts) {
    if (listed(host, policy.deny)) return refuse(`${host} is on the organization's deny list`);
    if (policy.allow.length > 0 && !listed(host, policy.allow))
      return refuse(`${host} is not on the organization's allow list`);
  }
  return { allowed: true };
}

/** The first of these URLs that the policy refuses, with the reason; null when all pass. */
export function firstBlockedUrl(urls: readonly string[], policy: UrlPolicy): { url: string; reason: string } | null {
  for (const url of urls) {
    const verdict = evaluateUrl(url, policy);
    if (!verdict.allowed) return { url, reason: verdict.reason };
  }
  return null;
}
