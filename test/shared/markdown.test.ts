import { describe, expect, it } from 'vitest';
import { inlineText, parseInline, parseMarkdown, safeHref } from '../../shared/domain/markdown';

describe('markdown parser: blocks', () => {
  it('splits paragraphs on blank lines and keeps single newlines as breaks', () => {
    expect(parseMarkdown('one\ntwo\n\nthree')).toEqual([
      {
        type: 'paragraph',
        children: [{ type: 'text', text: 'one' }, { type: 'break' }, { type: 'text', text: 'two' }],
      },
      { type: 'paragraph', children: [{ type: 'text', text: 'three' }] },
    ]);
  });

  it('parses fenced code blocks verbatim, with an optional language', () => {
    expect(parseMarkdown('```ts\nconst a = **1**;\n<b>x</b>\n```\nafter')).toEqual([
      { type: 'codeBlock', lang: 'ts', text: 'const a = **1**;\n<b>x</b>' },
      { type: 'paragraph', children: [{ type: 'text', text: 'after' }] },
    ]);
  });

  it('treats an unclosed fence as a code block to the end', () => {
    expect(parseMarkdown('```\nno end')).toEqual([{ type: 'codeBlock', lang: null, text: 'no end' }]);
  });

  it('parses quotes recursively and lists', () => {
    expect(parseMarkdown('> quoted **bold**\n> > nested\n\n- one\n- *two*')).toEqual([
      {
        type: 'quote',
        children: [
          {
            type: 'paragraph',
            children: [
              { type: 'text', text: 'quoted ' },
              { type: 'strong', children: [{ type: 'text', text: 'bold' }] },
            ],
          },
          { type: 'quote', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'nested' }] }] },
        ],
      },
      {
        type: 'list',
        items: [[{ type: 'text', text: 'one' }], [{ type: 'em', children: [{ type: 'text', text: 'two' }] }]],
      },
    ]);
  });

  it('normalises CRLF line endings', () => {
    expect(parseMarkdown('a\r\nb')).toEqual(parseMarkdown('a\nb'));
  });
});

describe('markdown parser: inline', () => {
  it('parses bold, italic and code', () => {
    expect(parseInline('**b** *i* `c **not bold**`')).toEqual([
      { type: 'strong', children: [{ type: 'text', text: 'b' }] },
      { type: 'text', text: ' ' },
      { type: 'em', children: [{ type: 'text', text: 'i' }] },
      { type: 'text', text: ' ' },
      { type: 'code', text: 'c **not bold**' },
    ]);
  });

  it('leaves unmatched or spaced markers as text', () => {
    expect(inlineText(parseInline('2 * 3 * 4 and **open'))).toBe('2 * 3 * 4 and **open');
    expect(parseInline('2 * 3 * 4').every((n) => n.type === 'text')).toBe(true);
  });

  it('honours backslash escapes', () => {
    expect(parseInline('\\*not em\\*')).toEqual([{ type: 'text', text: '*not em*' }]);
  });

  it('parses links, autolinks and bare URLs, trimming sentence punctuation', () => {
    expect(parseInline('[docs](https://example.com/a_(b)) <https://x.test/y> see https://acme.test/p?q=1.')).toEqual([
      { type: 'link', href: 'https://example.com/a_(b)', children: [{ type: 'text', text: 'docs' }] },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'https://x.test/y', children: [{ type: 'text', text: 'https://x.test/y' }] },
      { type: 'text', text: ' see ' },
      { type: 'link', href: 'https://acme.test/p?q=1', children: [{ type: 'text', text: 'https://acme.test/p?q=1' }] },
      { type: 'text', text: '.' },
    ]);
  });

  it('parses mailto links', () => {
    expect(parseInline('[mail](mailto:bob@acme.test)')).toEqual([
      { type: 'link', href: 'mailto:bob@acme.test', children: [{ type: 'text', text: 'mail' }] },
    ]);
  });

  it('keeps links with unsafe schemes as plain text', () => {
    for (const body of [
      '[x](javascript:alert(1))',
      '[x](  javascript:alert(1))',
      '<javascript:alert(1)>',
      '[x](data:text/html,hi)',
      '[x](vbscript:msgbox)',
    ]) {
      const nodes = parseInline(body);
      expect(nodes.some((n) => n.type === 'link')).toBe(false);
      expect(inlineText(nodes)).toBe(body);
    }
  });

  it('parses @mentions and #tags as their own nodes, not in emails, code or numbers', () => {
    expect(parseInline('hi @bob.smith, see #release-2 and alice@acme.test #42 `@carol`')).toEqual([
      { type: 'text', text: 'hi ' },
      { type: 'mention', handle: 'bob.smith' },
      { type: 'text', text: ', see ' },
      { type: 'tag', tag: 'release-2' },
      { type: 'text', text: ' and alice@acme.test #42 ' },
      { type: 'code', text: '@carol' },
    ]);
  });

  it('keeps nested brackets inside link text and does not nest links', () => {
    const nodes = parseInline('[a [b] https://inner.test](https://outer.test)');
    expect(nodes).toHaveLength(1);
    const link = nodes[0]!;
    expect(link.type).toBe('link');
    if (link.type === 'link') {
      expect(link.href).toBe('https://outer.test');
      expect(link.children.some((c) => c.type === 'link')).toBe(false);
    }
  });

  it('keeps raw HTML as text', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)>')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] },
    ]);
  });

  it('stays fast on hostile input (no quadratic rescans)', () => {
    const started = Date.now();
    parseMarkdown('**a *b `c [d '.repeat(8000));
    parseMarkdown('*'.repeat(50_000));
    parseMarkdown('> '.repeat(5000) + 'deep');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('safeHref', () => {
  it('accepts http, https and mailto only', () => {
    expect(safeHref('https://a.test')).toBe('https://a.test');
    expect(safeHref(' http://a.test/x ')).toBe('http://a.test/x');
    expect(safeHref('mailto:a@b.test')).toBe('mailto:a@b.test');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'jav\tascript:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      'file:///etc/passwd',
      '//evil.test',
      'https://',
      'http://a.test/\u2028x',
      'https://a.test/"onmouseover=x',
    ]) {
      expect(safeHref(bad)).toBeNull();
    }
  });
});
