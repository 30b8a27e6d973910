import { describe, expect, it } from 'vitest';
import { evaluateUrl, extractUrls, firstBlockedUrl, OPEN_URL_POLICY } from '../../shared/domain/urlPolicy';

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
    expect(evaluateUrl('https://secret.acme.test/a', policy).allowed).toBe(false);
    expect(evaluateUrl('https://evilacme.test/a', policy).allowed).toBe(false);
    expect(evaluateUrl('mailto:x@acme.test', policy).allowed).toBe(true);
  });
});

describe('message URLs', () => {
  it('extracts bare and markdown URLs once each', () => {
    expect(extractUrls('see https://a.test/x and [b](https://b.test/y) and https://a.test/x')).toEqual([
      'https://a.test/x',
      'https://b.test/y',
    ]);
  });

  it('names the first blocked URL with the reason', () => {
    const blocked = firstBlockedUrl('ok https://a.test then https://bad.test/z', { allow: [], deny: ['bad.test'] });
    expect(blocked).toEqual({ url: 'https://bad.test/z', reason: "bad.test is on the organization's deny list" });
    expect(firstBlockedUrl('no links here', { allow: ['a.test'], deny: [] })).toBeNull();
  });
});
