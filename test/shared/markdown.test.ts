import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, withinMarkdownBudget } from '../../shared/domain/markdownBudget';
import {
  isPlainLine,
  parseMarkdown,
  parseMessage,
  plainText,
  safeHref,
  type MessageNode,
} from '../../shared/domain/markdown';

/** The tree without source positions, for comparing shapes. */
function shape(body: string): unknown {
  return JSON.parse(JSON.stringify(parseMessage(body).children, (k, v: unknown) => (k === 'position' ? undefined : v)));
}

/** Every node of a body's tree, depth first. */
function nodes(body: string): MessageNode[] {
  const out: MessageNode[] = [];
  const walk = (n: MessageNode) => {
    out.push(n);
    if ('children' in n) n.children.forEach(walk);
  };
  parseMessage(body).children.forEach(walk);
  return out;
}

const types = (body: string) => nodes(body).map((n) => n.type);
const text = (value: string) => ({ type: 'text', value });

describe('markdown grammar: blocks (CommonMark + GFM)', () => {
  it('splits paragraphs on blank lines and keeps single newlines in the text (shown as breaks)', () => {
    expect(shape('one\ntwo\n\nthree')).toEqual([
      { type: 'paragraph', children: [text('one\ntwo')] },
      { type: 'paragraph', children: [text('three')] },
    ]);
  });

  it('parses fenced code verbatim, with an optional language, and an unclosed fence to the end', () => {
    expect(shape('```ts\nconst a = **1**; @bob #tag\n<b>x</b>\n```\nafter')).toEqual([
      { type: 'code', lang: 'ts', meta: null, value: 'const a = **1**; @bob #tag\n<b>x</b>' },
      { type: 'paragraph', children: [text('after')] },
    ]);
    expect(shape('```\nno end')).toEqual([{ type: 'code', lang: null, meta: null, value: 'no end' }]);
  });

  it('parses nested quotes, ordered lists with their start, and task lists', () => {
    expect(types('> quoted **bold**\n> > nested')).toEqual([
      'blockquote',
      'paragraph',
      'text',
      'strong',
      'text',
      'blockquote',
      'paragraph',
      'text',
    ]);
    const [ordered] = parseMessage('3. three\n4. four').children;
    expect(ordered).toMatchObject({ type: 'list', ordered: true, start: 3 });
    expect(nodes('- [ ] todo\n- [x] done').filter((n) => n.type === 'listItem')).toMatchObject([
      { checked: false },
      { checked: true },
    ]);
  });

  it('parses GFM tables with alignment', () => {
    const [table] = parseMessage('| a | b |\n|:--|--:|\n| 1 | 2 |').children;
    expect(table).toMatchObject({ type: 'table', align: ['left', 'right'] });
    expect(plainText(table!)).toBe('ab12');
  });

  it('normalises CRLF line endings', () => {
    expect(shape('a\r\nb\r\n\r\nc')).toEqual(shape('a\nb\n\nc'));
  });
});

describe('markdown grammar: inline', () => {
  it('parses bold, both italics, strikethrough and code', () => {
    expect(shape('**b** *i* _j_ ~~s~~ `c **not bold**`')).toEqual([
      {
        type: 'paragraph',
        children: [
          { type: 'strong', children: [text('b')] },
          text(' '),
          { type: 'emphasis', children: [text('i')] },
          text(' '),
          { type: 'emphasis', children: [text('j')] },
          text(' '),
          { type: 'delete', children: [text('s')] },
          text(' '),
          { type: 'inlineCode', value: 'c **not bold**' },
        ],
      },
    ]);
  });

  it('leaves unmatched or spaced markers and snake_case as text, and honours escapes', () => {
    for (const body of ['2 * 3 * 4 and **open', 'snake_case_name', '\\*not em\\*']) {
      expect(types(body)).toEqual(['paragraph', 'text']);
    }
    expect(plainText(parseMessage('\\*not em\\*'))).toBe('*not em*');
  });

  it('parses links, autolinks, URL literals and emails, trimming sentence punctuation', () => {
    const links = nodes(
      '[docs](https://example.com/a_(b)) <https://x.test/y> see https://acme.test/p?q=1. www.w.test and bob@acme.test',
    ).filter((n) => n.type === 'link');
    expect(links.map((l) => l.type === 'link' && l.url)).toEqual([
      'https://example.com/a_(b)',
      'https://x.test/y',
      'https://acme.test/p?q=1',
      'http://www.w.test',
      'mailto:bob@acme.test',
    ]);
  });

  it('keeps links with unsafe schemes as the text that was written', () => {
    for (const body of [
      '[x](javascript:alert(1))',
      '[x](  javascript:alert(1))',
      '<javascript:alert(1)>',
      '[x](data:text/html,hi)',
      '[x](vbscript:msgbox)',
      '[x](//evil.test)',
      'xmpp:bob@acme.test',
    ]) {
      expect(types(body).includes('link')).toBe(false);
      expect(plainText(parseMessage(body))).toBe(body);
    }
  });

  it('keeps raw HTML, images and link definitions as text', () => {
    expect(shape('<img src=x onerror=alert(1)>')).toEqual([
      { type: 'paragraph', children: [text('<img src=x onerror=alert(1)>')] },
    ]);
    expect(types('![alt](https://x.test/a.png)')).not.toContain('image');
    expect(plainText(parseMessage('[ref]: https://x.test\n\n[ref]'))).toContain('[ref]: https://x.test');
  });
});

describe('markdown grammar: mentions and tags', () => {
  it('parses @mentions and #tags as their own nodes, not in emails, code or numbers', () => {
    expect(shape('hi @bob.smith, see #release-2 and #42 `@carol`')).toEqual([
      {
        type: 'paragraph',
        children: [
          text('hi '),
          { type: 'mention', handle: 'bob.smith' },
          text(', see '),
          { type: 'tag', tag: 'release-2' },
          text(' and #42 '),
          { type: 'inlineCode', value: '@carol' },
        ],
      },
    ]);
  });

  it('drops trailing joiners, and a name too long is no name', () => {
    expect(nodes('@bob. @bob_ @a-b- #x-_').filter((n) => n.type === 'mention' || n.type === 'tag')).toEqual([
      expect.objectContaining({ handle: 'bob' }),
      expect.objectContaining({ handle: 'bob' }),
      expect.objectContaining({ handle: 'a-b' }),
      expect.objectContaining({ tag: 'x' }),
    ]);
    expect(types(`@${'a'.repeat(63)}`)).toContain('mention');
    expect(types(`@${'a'.repeat(64)}`)).not.toContain('mention');
  });

  it('never makes a mention or tag inside a link, a URL, an email or after an escape', () => {
    for (const body of [
      '[@alice #x](https://a.test)',
      'https://example.test/@all',
      'https://example.test/?to=@all&t=#x',
      'www.example.test/a=@all',
      'alice@acme.test',
      '\\@alice \\#tag',
      'a/#frag &#tag',
    ]) {
      const found = types(body).filter((t) => t === 'mention' || t === 'tag');
      expect(found, body).toEqual([]);
    }
  });

  it('keeps mentions in emphasis, quotes, lists and tables', () => {
    const body = '**@a** > x\n\n> @b\n\n- @c\n\n| h |\n|---|\n| @d #t |';
    expect(nodes(body).flatMap((n) => (n.type === 'mention' ? [n.handle] : []))).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('the plain-line shortcut', () => {
  it('gives exactly the tree the parser gives, for every line it takes (fast-check)', () => {
    const piece = fc.oneof(
      fc.stringMatching(/^[a-zA-Z0-9]{1,6}$/),
      fc.constantFrom(...' .,;:!?()"\'-+=/%$^{}éß日本😀\u00a0\u2028\u200b'.split('')),
      fc.constantFrom('1.', '2)', '10.', '  ', ' \t', '\n', ':/', 'ww', 'mailto', 'http', '\u0000', '*', '@', '#'),
    );
    let taken = 0;
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 24 }), (pieces) => {
        const line = pieces.join('');
        if (!isPlainLine(line)) return;
        taken += 1;
        expect(parseMessage(line)).toEqual(parseMarkdown(line));
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(300);
  });

  it('leaves anything markdown could act on to the parser', () => {
    for (const body of [
      '1. one',
      'a  ',
      ' a',
      'a\nb',
      'see https://x.test',
      'www.x.test',
      'a@b.test',
      'a *b*',
      'x | y',
    ]) {
      expect(isPlainLine(body), body).toBe(false);
    }
    expect(isPlainLine('Deployed to staging, thanks! (build 42: green)')).toBe(true);
  });
});

describe('markdown budget', () => {
  it('parses ordinary bodies, long code pastes included, as markdown', () => {
    expect(withinMarkdownBudget('Hi @bob, the **release** is on https://x.test/r #launch')).toBe(true);
    const paste = '```ts\n' + 'const a = b * c[d] <e> && f | g; // @h #i\n'.repeat(300) + '```';
    expect(withinMarkdownBudget(paste)).toBe(true);
    expect(types(paste)).toEqual(['code']);
  });

  it('shows a body too costly to parse as its plain text, with no references', () => {
    for (const body of [
      '*'.repeat(50_000) + 'a' + '*'.repeat(50_000),
      '> '.repeat(5000) + 'deep',
      '1. '.repeat(5000) + 'deep',
      '[a] @b #c '.repeat(2000),
      '- a\n\nb\n\n'.repeat(2000),
      '  ```\n' + '[a] '.repeat(4000),
    ]) {
      expect(withinMarkdownBudget(body)).toBe(false);
      expect(shape(body)).toEqual([{ type: 'plainBody', value: body }]);
    }
  });

  it('limits container nesting per line', () => {
    expect(withinMarkdownBudget('> '.repeat(MAX_NESTING) + 'ok')).toBe(true);
    expect(withinMarkdownBudget('> '.repeat(MAX_NESTING + 1) + 'too deep')).toBe(false);
    expect(withinMarkdownBudget('  '.repeat(MAX_NESTING + 1) + '- too deep')).toBe(false);
  });

  it('counts fence content as cheap only for fences at column 0, which nothing can contain', () => {
    const inside = '[a] '.repeat(300);
    expect(withinMarkdownBudget('```\n' + inside + '\n```')).toBe(true);
    // Indented, it may belong to a list item whose end also ends the fence: counted in full.
    expect(withinMarkdownBudget('- x\n  ```\n' + inside)).toBe(false);
    expect(withinMarkdownBudget('```a`b\n' + inside)).toBe(false);
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
      'mailto:javascript:alert(1)',
      'mailto:?subject=no-recipient',
    ]) {
      expect(safeHref(bad)).toBeNull();
    }
  });
});
