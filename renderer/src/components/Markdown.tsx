/*
 * Renders a message body from the shared markdown tree (the one the server reads mentions, tags
 * and links from) into React elements. There is no path to raw HTML: text is always a text node,
 * and a link gets an href only after safeHref() accepted it again here (defence in depth). Clicks
 * never navigate the window; they go to `link:open`.
 */
import { memo, useMemo, type MouseEvent, type ReactNode } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { safeHref, type MessageNode } from '../../../shared/domain/markdown';
import { isEveryoneHandle } from '../../../shared/domain/mentions';
import { parseMessageCached } from '../lib/markdownCache';
import { useStore } from '../store';

const messages = defineMessages({
  taskDone: { id: 'markdown.taskDone', defaultMessage: 'done' },
  taskOpen: { id: 'markdown.taskOpen', defaultMessage: 'not done' },
  tagTitle: { id: 'markdown.tagTitle', defaultMessage: 'Show every message tagged #{tag}' },
  personTitle: { id: 'markdown.personTitle', defaultMessage: 'Show the profile of {name}' },
});

interface Ctx {
  myHandle: string | null;
  open: (url: string) => void;
  /** What a task box is called for screen readers, in the reader's language. */
  taskLabel: (checked: boolean) => string;
  /** Opens the tag view of a #tag. */
  openTag: (tag: string) => void;
  tagTitle: (tag: string) => string;
  /** The person an @mention names (by handle), whose profile the mention opens; null for teams and @all. */
  person: (handle: string) => { id: string; title: string } | null;
  openProfile: (userId: string) => void;
}

/** Single newlines are line breaks in chat, as people type them. */
function textWithBreaks(value: string, key: string): ReactNode {
  if (!value.includes('\n')) return value;
  return value.split('\n').flatMap((line, i) => (i === 0 ? [line] : [<br key={`${key}b${i}`} />, line]));
}

function all(nodes: MessageNode[], ctx: Ctx, key: string): ReactNode[] {
  return nodes.map((child, i) => node(child, ctx, `${key}.${i}`));
}

function link(href: string, children: ReactNode, ctx: Ctx, key: string): ReactNode {
  const onClick = (e: MouseEvent) => {
    e.preventDefault();
    ctx.open(href);
  };
  return (
    <a key={key} href={href} onClick={onClick} rel="noopener noreferrer nofollow" title={href}>
      {children}
    </a>
  );
}

function node(n: MessageNode, ctx: Ctx, key: string): ReactNode {
  switch (n.type) {
    case 'text':
      return textWithBreaks(n.value, key);
    case 'break':
      return <br key={key} />;
    case 'strong':
      return <strong key={key}>{all(n.children, ctx, key)}</strong>;
    case 'emphasis':
      return <em key={key}>{all(n.children, ctx, key)}</em>;
    case 'delete':
      return <del key={key}>{all(n.children, ctx, key)}</del>;
    case 'inlineCode':
      return <code key={key}>{n.value}</code>;
    case 'mention': {
      const me = ctx.myHandle !== null && n.handle.toLowerCase() === ctx.myHandle.toLowerCase();
      const className = `md-mention${me || isEveryoneHandle(n.handle) ? ' md-mention-me' : ''}`;
      const person = ctx.person(n.handle);
      // a person's mention opens their profile card; a team's or everyone's has no card to open
      return person ? (
        <button
          key={key}
          type="button"
          className={`${className} person-name`}
          title={person.title}
          onClick={() => ctx.openProfile(person.id)}
        >
          @{n.handle}
        </button>
      ) : (
        <span key={key} className={className}>
          @{n.handle}
        </span>
      );
    }
    case 'tag': {
      // a link in look, a button in kind: it opens a view of this app, not a page
      const tag = n.tag.toLowerCase();
      return (
        <button key={key} type="button" className="md-tag" title={ctx.tagTitle(tag)} onClick={() => ctx.openTag(tag)}>
          #{n.tag}
        </button>
      );
    }
    case 'link': {
      const href = safeHref(n.url);
      const children = all(n.children, ctx, key);
      return href ? link(href, children, ctx, key) : <span key={key}>{children}</span>;
    }
    case 'paragraph':
      return <p key={key}>{all(n.children, ctx, key)}</p>;
    case 'heading':
      // A message is not a page: its headings sit below the stream's own in the outline.
      return (
        <p key={key} role="heading" aria-level={Math.min(6, n.depth + 2)} className={`md-heading md-h${n.depth}`}>
          {all(n.children, ctx, key)}
        </p>
      );
    case 'blockquote':
      return <blockquote key={key}>{all(n.children, ctx, key)}</blockquote>;
    case 'list':
      return n.ordered ? (
        <ol key={key} start={n.start ?? undefined}>
          {all(n.children, ctx, key)}
        </ol>
      ) : (
        <ul key={key}>{all(n.children, ctx, key)}</ul>
      );
    case 'listItem':
      return (
        <li key={key} className={n.checked === null || n.checked === undefined ? undefined : 'md-task'}>
          {n.checked === null || n.checked === undefined ? null : (
            <span role="img" aria-label={ctx.taskLabel(n.checked)} className="md-task-box">
              {n.checked ? '☑' : '☐'}
            </span>
          )}
          {all(n.children, ctx, key)}
        </li>
      );
    case 'code':
      return (
        <pre key={key} data-lang={n.lang ?? undefined}>
          <code>{n.value}</code>
        </pre>
      );
    case 'thematicBreak':
      return <hr key={key} />;
    case 'table': {
      const [head, ...body] = n.children;
      const cells = (row: typeof head, Cell: 'th' | 'td', rowKey: string) =>
        row?.children.map((cell, i) => (
          <Cell key={i} className={n.align?.[i] ? `md-align-${n.align[i]}` : undefined}>
            {all(cell.children, ctx, `${rowKey}.${i}`)}
          </Cell>
        ));
      return (
        <table key={key} className="md-table">
          <thead>
            <tr>{cells(head, 'th', `${key}h`)}</tr>
          </thead>
          <tbody>
            {body.map((row, r) => (
              <tr key={r}>{cells(row, 'td', `${key}.${r}`)}</tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'plainBody':
      return (
        <p key={key} className="md-plain">
          {n.value}
        </p>
      );
    default:
      // Constructs the grammar switches off (HTML, images, definitions) never reach here; if one
      // did, its text is all it may show.
      if ('children' in n) return <span key={key}>{all(n.children as MessageNode[], ctx, key)}</span>;
      return 'value' in n ? n.value : null;
  }
}

export interface MarkdownProps {
  text: string;
  /** The reader's handle, so mentions of them stand out. */
  myHandle?: string | null;
}

export const Markdown = memo(function Markdown({ text, myHandle = null }: MarkdownProps) {
  const intl = useIntl();
  const openLink = useStore((s) => s.openLink);
  const openTag = useStore((s) => s.openTag);
  const openProfile = useStore((s) => s.openProfile);
  const users = useStore((s) => s.users);
  const tree = useMemo(() => parseMessageCached(text), [text]);
  const ctx: Ctx = {
    myHandle,
    open: (url) => void openLink(url),
    taskLabel: (checked) => intl.formatMessage(checked ? messages.taskDone : messages.taskOpen),
    openTag: (tag) => void openTag(tag),
    tagTitle: (tag) => intl.formatMessage(messages.tagTitle, { tag }),
    person: (handle) => {
      const user = users.find((u) => u.handle.toLowerCase() === handle.toLowerCase());
      return user ? { id: user.id, title: intl.formatMessage(messages.personTitle, { name: user.name }) } : null;
    },
    openProfile: (userId) => void openProfile(userId),
  };
  return <div className="md">{all(tree.children, ctx, 'm')}</div>;
});
