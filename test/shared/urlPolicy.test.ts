import { describe, expect, it } from 'vitest';
import { evaluateUrl, firstBlockedUrl, normalizeDomain, OPEN_URL_POLICY } from '../../shared/domain/urlPolicy';
import { ALLOWED_SPELLINGS, BLOCKED_SPELLINGS, DENY_POLICY } from '../helpers/urlSpellings';

describe('evaluateUrl', () => {
  it('allows http, https and mailto under the open policy', () => {
    for (const url of ['https://acme.test/x', 'http://example.org', 'mailto:bob@acme.test']) {
      expect(evaluateUrl(url, OPEN_URL_POLICY)).toEqual({ allowed: true });
    }
  });

  it('refuses dangerous schemes and garbage', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>', 'file:///etc/passwd', 'vbscript:x', 'not a url']) {
      expect(evaluateUrl(url, OPEN_URL_POLICY).allowed).toBe(false);
    }
  });

  it('applies deny before allow, matching subdomains only on label boundaries', () => {
    const policy = { allow: ['acme.test'], deny: ['secret.acme.test'] };
    expect(evaluateUrl('https://wiki.acme.test/a', policy).allowed).toBe(true);
    expect(evaluateUrl('https://ACME.TEST./a', policy).allowed).toBe(true);
    expect(evaluateUrl('https://secret.acme.test/a', policy).allowed).toBe(false);
    expect(evaluateUrl('https://secret.acme.test%2E/a', policy).allowed).toBe(false);
    expect(evaluateUrl('https://evilacme.test/a', policy).allowed).toBe(false);
    expect(evaluateUrl('https://acme.test.evil.example/a', policy).allowed).toBe(false);
    expect(evaluateUrl('mailto:x@acme.test', policy).allowed).toBe(true);
    expect(evaluateUrl('mailto:x@acme.test,y@other.test', policy).allowed).toBe(false);
  });

  it(`refuses all ${BLOCKED_SPELLINGS.length} spellings of a denied host`, () => {
    expect(BLOCKED_SPELLINGS.length).toBeGreaterThanOrEqual(50);
    const passed = BLOCKED_SPELLINGS.filter((url) => evaluateUrl(url, DENY_POLICY).allowed);
    expect(passed).toEqual([]);
  });

  it('allows look-alikes that are other hosts', () => {
    const refused = ALLOWED_SPELLINGS.filter((url) => !evaluateUrl(url, DENY_POLICY).allowed);
    expect(refused).toEqual([]);
  });

  it('names the normalized host in the reason', () => {
    expect(evaluateUrl('https://EVIL.example%2E/x', DENY_POLICY)).toEqual({
      allowed: false,
      reason: "evil.example is on the organization's deny list",
    });
    expect(evaluateUrl('mailto:a@b@evil.example', DENY_POLICY)).toEqual({
      allowed: false,
      reason: 'a@b@evil.example is not a valid mail address',
    });
  });
});

describe('normalizeDomain', () => {
  it('normalizes policy entries like URL hosts and refuses what is not a domain', () => {
    expect(normalizeDomain('*.Evil.Example.')).toBe('evil.example');
    expect(normalizeDomain('bücher.example')).toBe('xn--bcher-kva.example');
    expect(normalizeDomain('0x7f.1')).toBe('127.0.0.1');
    for (const bad of ['', 'a b.test', 'evil.example/x', 'a@b.test', 'evil.example:80', 'https://x.test']) {
      expect(normalizeDomain(bad)).toBeNull();
    }
  });
});

describe('firstBlockedUrl', () => {
  it('names the first blocked URL with the reason', () => {
    const blocked = firstBlockedUrl(['https://a.test', 'https://bad.test/z'], { allow: [], deny: ['bad.test'] });
    expect(blocked).toEqual({ url: 'https://bad.test/z', reason: "bad.test is on the organization's deny list" });
    expect(firstBlockedUrl([], { allow: ['a.test'], deny: [] })).toBeNull();
  });
});
