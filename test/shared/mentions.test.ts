import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../shared/domain/markdown';
import { handleFrom, parseReferences, referencesOf } from '../../shared/domain/mentions';

describe('parseReferences', () => {
  it('finds mentions and tags, lower-cased and de-duplicated in order', () => {
    expect(parseReferences('Hi @Alice and @bob, see #Design and #design, @alice again')).toEqual({
      mentions: ['alice', 'bob'],
      all: false,
      tags: ['design'],
      links: [],
    });
  });

  it('does not page anyone from a URL, a link text or code', () => {
    const refs = parseReferences(
      'see https://example.test/@all, https://x.test/?cc=@everyone#t, [@bob #x](https://y.test) and `@carol`',
    );
    expect(refs).toEqual({
      mentions: [],
      all: false,
      tags: [],
      links: ['https://example.test/@all', 'https://x.test/?cc=@everyone#t', 'https://y.test'],
    });
  });

  it('lists the links the renderer makes clickable, and only those', () => {
    expect(
      parseReferences(
        '[a](https://a.test) <mailto:b@b.test> www.c.test d@d.test [x](javascript:alert(1)) `https://e.test`',
      ).links,
    ).toEqual(['https://a.test', 'mailto:b@b.test', 'http://www.c.test', 'mailto:d@d.test']);
  });

  it('treats @all and @everyone as the whole stream', () => {
    const refs = parseReferences('@all please read');
    expect(refs.all).toBe(true);
    expect(refs.mentions).toEqual([]);
    expect(parseReferences('hey @everyone').all).toBe(true);
  });

  it('ignores emails, URL fragments, numbers and code', () => {
    const refs = parseReferences(
      'mail bob@acme.test, see https://x.test/#anchor, issue #42, `@carol #code` and\n```\n@dave #block\n```',
    );
    expect(refs.mentions).toEqual([]);
    expect(refs.tags).toEqual([]);
  });

  it('drops trailing punctuation from handles', () => {
    expect(parseReferences('thanks @alice. and @bob-!').mentions).toEqual(['alice', 'bob']);
  });

  it('accepts unicode tags', () => {
    expect(parseReferences('#café #日本').tags).toEqual(['café', '日本']);
  });
});

describe('the server reads references without parsing bodies that cannot hold one', () => {
  it('gives what the full parse gives, for any body (fast-check)', () => {
    const piece = fc.oneof(
      fc.stringMatching(/^[a-z0-9]{1,5}$/),
      fc.constantFrom(' ', '\n', '*', '_', '~', '`', ']', '(', ')', '>', '&', '&#64;', '&#35;', '\\', '|', '-', '1. '),
      fc.constantFrom('@a', '#t', 'x.test', 'https', ':', '//', 'www', '.', '[', '<', 'b@c.de'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const body = pieces.join('');
        expect(parseReferences(body)).toEqual(referencesOf(parseMarkdown(body)));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('handleFrom', () => {
  it('derives handles from emails and names', () => {
    expect(handleFrom('alice@acme.test')).toBe('alice');
    expect(handleFrom('Zoë Ann Smith')).toBe('zoe.ann.smith');
    expect(handleFrom('!!!')).toBe('user');
  });
});
