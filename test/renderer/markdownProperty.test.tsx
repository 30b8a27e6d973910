// Property tests of the one markdown grammar: for random bodies, what the renderer draws as a
// mention, a tag or a link is exactly what the server extracts to notify, index and check against
// the link policy; and nothing written inside a link, inline code or a code block counts.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { isEveryoneHandle, parseReferences, type ParsedReferences } from '../../shared/domain/mentions';
import { Markdown } from '../../renderer/src/components/Markdown';
import { FakeApi } from './fakeApi';
import { renderUi, resetStore } from './harness';

beforeEach(() => resetStore(new FakeApi()));

/** What the rendered DOM shows as references, in the shape the server extracts. */
function renderedReferences(body: string): ParsedReferences {
  const { container, unmount } = renderUi(<Markdown text={body} />);
  const texts = (selector: string) => Array.from(container.querySelectorAll(selector), (el) => el.textContent ?? '');
  const handles = texts('.md-mention').map((t) => t.slice(1));
  const refs: ParsedReferences = {
    mentions: [...new Set(handles.filter((h) => !isEveryoneHandle(h)).map((h) => h.toLowerCase()))],
    all: handles.some(isEveryoneHandle),
    tags: [...new Set(texts('.md-tag').map((t) => t.slice(1).toLowerCase()))],
    links: [...new Set(Array.from(container.querySelectorAll('a'), (a) => a.getAttribute('href') ?? ''))],
  };
  unmount();
  return refs;
}

const word = fc.stringMatching(/^[a-zA-Z0-9]{1,8}$/);
const handle = fc.oneof(fc.constantFrom('all', 'everyone', 'Bob', 'bob.smith', 'a-b_', 'x'), word);
const mention = handle.map((h) => `@${h}`);
const tag = fc.oneof(fc.constantFrom('release-2', 'café', '42', '_x', 'Design'), word).map((t) => `#${t}`);
const url = fc
  .tuple(
    fc.constantFrom('https://x.test/', 'http://y.test/a?b=', 'www.z.test/', 'mailto:', '<https://w.test/'),
    fc.oneof(mention, tag, word, fc.constant('')),
  )
  .map(([head, tail]) => (head === 'mailto:' ? `mailto:${tail.replace(/\W/g, '') || 'a'}@m.test` : head + tail))
  .map((u) => (u.startsWith('<') ? `${u}>` : u));
const markup = fc.constantFrom(
  '*',
  '**',
  '_',
  '~~',
  '`',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '\\',
  '&',
  '#',
  '@',
  '|',
  '-',
  '1. ',
  '> ',
  '- ',
  '- [ ] ',
  '\n',
  '\n\n',
  '```\n',
  '![',
  '&#64;',
  ':',
  '/',
  '.',
  ',',
  'c@d.test',
  '| a |\n|---|\n',
);
const token = fc.oneof(
  { weight: 3, arbitrary: word },
  { weight: 2, arbitrary: fc.constant(' ') },
  { weight: 2, arbitrary: mention },
  { weight: 2, arbitrary: tag },
  { weight: 2, arbitrary: url },
  { weight: 3, arbitrary: markup },
  { weight: 1, arbitrary: fc.tuple(word, url).map(([t, u]) => `[${t}](${u.replace(/^<|>$/g, '')})`) },
);
const body = fc.array(token, { minLength: 1, maxLength: 40 }).map((tokens) => tokens.join(''));

/** Text that may hold references but cannot close the construct it is put in. */
const inner = fc
  .array(fc.oneof(word, mention, tag, fc.constantFrom(' ', '*', '_', '~~', '.', ',')), { minLength: 1, maxLength: 12 })
  .map((tokens) => tokens.join(''));
const plain = fc.array(fc.oneof(word, fc.constant(' ')), { maxLength: 6 }).map((t) => t.join(''));
const wrapped = fc.oneof(
  inner.map((t) => `\`${t}\``),
  inner.map((t) => `\`\` ${t} \`\``),
  inner.map((t) => `\n\n\`\`\`\n${t}\n\`\`\`\n\n`),
  inner.map((t) => `\n\n~~~ts\n${t}\n~~~\n\n`),
  inner.map((t) => `\n\n    ${t}\n\n`),
  inner.map((t) => `[${t}](https://ok.test/a)`),
  inner.map((t) => `https://ok.test/${t.replace(/\s/g, '')}`),
);

describe('one grammar for server and renderer (fast-check)', () => {
  it('the renderer shows exactly the mentions, tags and links the server extracts', () => {
    fc.assert(
      fc.property(body, (text) => {
        expect(renderedReferences(text)).toEqual(parseReferences(text));
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  it('nothing inside a link, inline code or a code block counts as a mention or tag', () => {
    fc.assert(
      fc.property(plain, wrapped, plain, (before, middle, after) => {
        const text = `${before} ${middle} ${after}`;
        const server = parseReferences(text);
        expect({ mentions: server.mentions, all: server.all, tags: server.tags }).toEqual({
          mentions: [],
          all: false,
          tags: [],
        });
        const shown = renderedReferences(text);
        expect({ mentions: shown.mentions, all: shown.all, tags: shown.tags }).toEqual({
          mentions: [],
          all: false,
          tags: [],
        });
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  it('the same references outside those constructs do count (the property above is not vacuous)', () => {
    expect(parseReferences('`@bob` @bob [#x](https://ok.test) #x https://ok.test/@all @all')).toMatchObject({
      mentions: ['bob'],
      all: true,
      tags: ['x'],
    });
  });
});
