import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { Markdown } from '../../renderer/src/components/Markdown';
import { FakeApi } from './fakeApi';
import { renderUi, resetStore } from './harness';
import { xssCorpus } from './xssCorpus';

const FORBIDDEN = [
  'script',
  'iframe',
  'svg',
  'object',
  'embed',
  'style',
  'img',
  'form',
  'input',
  'link',
  'meta',
  'base',
  'math',
  'details',
];

let api: FakeApi;
beforeEach(() => {
  api = new FakeApi();
  resetStore(api);
});

describe('markdown rendering is inert for hostile bodies', () => {
  it('has a corpus of at least 50 bodies', () => {
    expect(xssCorpus.length).toBeGreaterThanOrEqual(50);
  });

  it.each(xssCorpus.map((body, i) => [i, body] as const))('body %i stays inert', (_i, body) => {
    const { container } = renderUi(<Markdown text={body} />);
    for (const tag of FORBIDDEN) expect(container.querySelector(tag)).toBeNull();
    for (const el of Array.from(container.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        expect(attr.name.toLowerCase().startsWith('on')).toBe(false);
        expect(attr.value).not.toMatch(/javascript:|data:|vbscript:/i);
      }
    }
    for (const a of Array.from(container.querySelectorAll('a'))) {
      expect(a.getAttribute('href')).toMatch(/^(https?:\/\/|mailto:)/i);
    }
    // What looked like HTML is shown as the text it is.
    if (body.startsWith('<script>')) expect(container.textContent).toContain('<script>');
  });
});

describe('markdown rendering', () => {
  it('renders formatting, code, quotes, lists, mentions and tags', () => {
    const { container } = renderUi(
      <Markdown text={'**bold** *it* `code`\n\n> quote\n\n- item\n\nhi @alice #launch'} myHandle="alice" />,
    );
    expect(container.querySelector('strong')).toHaveTextContent('bold');
    expect(container.querySelector('em')).toHaveTextContent('it');
    expect(container.querySelector('code')).toHaveTextContent('code');
    expect(container.querySelector('blockquote')).toHaveTextContent('quote');
    expect(container.querySelector('ul li')).toHaveTextContent('item');
    expect(container.querySelector('.md-mention-me')).toHaveTextContent('@alice');
    expect(container.querySelector('.md-tag')).toHaveTextContent('#launch');
  });

  it('renders the GFM additions: _em_, strikethrough, ordered and task lists, tables, headings', () => {
    const body =
      '_it_ ~~gone~~\n\n2. two\n3. three\n\n- [x] done\n- [ ] todo\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n## Title';
    const { container } = renderUi(<Markdown text={body} />);
    expect(container.querySelector('em')).toHaveTextContent('it');
    expect(container.querySelector('del')).toHaveTextContent('gone');
    expect(container.querySelector('ol')).toHaveAttribute('start', '2');
    expect(container.querySelectorAll('ol li')).toHaveLength(2);
    expect(screen.getByRole('img', { name: 'done' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'not done' })).toBeInTheDocument();
    expect(container.querySelector('th')).toHaveTextContent('a');
    expect(container.querySelector('td.md-align-right')).toHaveTextContent('2');
    expect(screen.getByRole('heading', { name: 'Title' })).toHaveAttribute('aria-level', '4');
  });

  it('shows single newlines as line breaks and a body too complex to format as typed', () => {
    const { container } = renderUi(<Markdown text={'one\ntwo'} />);
    expect(container.querySelectorAll('p br')).toHaveLength(1);
    const complex = '[a] '.repeat(400) + '@alice';
    const { container: plain } = renderUi(<Markdown text={complex} myHandle="alice" />);
    expect(plain.querySelector('.md-plain')).toHaveTextContent(complex.trim());
    expect(plain.querySelector('.md-mention')).toBeNull();
  });

  it('opens links through link:open and never navigates the page', () => {
    renderUi(<Markdown text="see [the docs](https://docs.acme.test/start)" />);
    const link = screen.getByRole('link', { name: 'the docs' });
    expect(link).toHaveAttribute('href', 'https://docs.acme.test/start');
    const notPrevented = fireEvent.click(link);
    expect(notPrevented).toBe(false);
    expect(api.callsTo('link:open')).toEqual([{ url: 'https://docs.acme.test/start' }]);
  });
});
