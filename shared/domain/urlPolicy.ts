/*
 * The organization's link policy: which URLs a message may carry and the app may open. Pure, so the
 * server enforces it on send and on promotion, and the desktop host checks it before opening a link.
 */

export interface UrlPolicy {
  /** When non-empty, only these domains (and their subdomains) are allowed. */
  allow: string[];
  /** Always refused, even when also allowed. */
  deny: string[];
}

export const OPEN_URL_POLICY: UrlPolicy = { allow: [], deny: [] };
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const URL_IN_TEXT_RE = /\b(?:https?:\/\/|mailto:)[^\s<>()[\]"'`]+/gi;

export type UrlVerdict = { allowed: true } | { allowed: false; reason: string };

function domainMatches(host: string, domain: string): boolean {
  const d = domain.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  return host === d || host.endsWith(`.${d}`);
}

/** Decides whether one URL may be opened or posted under the policy. */
export function evaluateUrl(raw: string, policy: UrlPolicy): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: 'not a valid URL' };
  }
  if (!SAFE_SCHEMES.has(url.protocol)) return { allowed: false, reason: `scheme ${url.protocol} is not allowed` };
  const host =
    url.protocol === 'mailto:' ? (url.pathname.split('@')[1] ?? '').toLowerCase() : url.hostname.toLowerCase();
  if (policy.deny.some((d) => domainMatches(host, d)))
    return { allowed: false, reason: `${host} is on the organization's deny list` };
  if (policy.allow.length > 0 && !policy.allow.some((d) => domainMatches(host, d)))
    return { allowed: false, reason: `${host} is not on the organization's allow list` };
  return { allowed: true };
}

/** URLs written in a message body (bare or inside markdown links). */
export function extractUrls(body: string): string[] {
  return [...new Set(body.match(URL_IN_TEXT_RE) ?? [])];
}

/** The first URL of a body that the policy refuses, with the reason; null when all pass. */
export function firstBlockedUrl(body: string, policy: UrlPolicy): { url: string; reason: string } | null {
  for (const url of extractUrls(body)) {
    const verdict = evaluateUrl(url, policy);
    if (!verdict.allowed) return { url, reason: verdict.reason };
  }
  return null;
}
