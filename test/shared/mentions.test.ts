import { describe, expect, it } from 'vitest';
import { handleFrom, parseReferences } from '../../shared/domain/mentions';

describe('parseReferences', () => {
  it('finds mentions and tags, lower-cased and de-duplicated in order', () => {
    expect(parseReferences('Hi @Alice and @bob, see #Design and #design, @alice again')).toEqual({
      mentions: ['alice', 'bob'],
      all: false,
      tags: ['design'],
    });
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

describe('handleFrom', () => {
  it('derives handles from emails and names', () => {
    expect(handleFrom('alice@acme.test')).toBe('alice');
    expect(handleFrom('Zoë Ann Smith')).toBe('zoe.ann.smith');
    expect(handleFrom('!!!')).toBe('user');
  });
});
