/*
 * Renders a message body through the shared markdown AST into React elements. There is no path to
 * raw HTML: text is always a text node, and a link gets an href only after safeHref() accepted it
 * again here (defence in depth). Clicks never navigate the window; they go to `links:open`.
 */
import { memo, useMemo, type MouseEvent, type ReactNode } from 'react';
import { parseMarkdown, safeHref, type MdBlock, type MdInline } from '../../../shared/domain/markdown';
import { useStore } from '../store';

interface Ctx {
  myHandle: string | null;
  open: (url: string) => void;
}

function inline(nodes: MdInline[], ctx: Ctx, keyPrefix: string): ReactNode[] {
  return nodes.map((n, i) => {
    const key = `${keyPrefix}${i}`;
    switch (n.type) {
      case 'text':
        return n.text;
      case 'break':
        return <br key={key} />;
      case 'strong':
        return <strong key={key}>{inline(n.children, ctx, `${key}.`)}</strong>;
      case 'em':
        return <em key={key}>{inline(n.children, ctx, `${key}.`)}</em>;
      case 'code':
        return <code key={key}>{n.text}</code>;
      case 'mention': {
        const me = ctx.myHandle !== null && n.handle.toLowerCase() === ctx.myHandle.toLowerCase();
        const all = n.handle.toLowerCase() === 'all' || n.handle.toLowerCase() === 'everyone';
        return (
          <span key={key} className={`md-mention${me || all ? ' md-mention-me' : ''}`}>
            @{n.handle}
          </span>
        );
      }
      case 'tag':
        return (
          <span key={key} className="md-tag">
            #{n.tag}
          </span>
        );
      case 'link': {
        const href = safeHref(n.href);
        const children = inline(n.children, ctx, `${key}.`);
        if (!href) return <span key={key}>{children}</span>;
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
    }
  });
}

function block(b: MdBlock, ctx: Ctx, key: string): ReactNode {
  switch (b.type) {
    case 'paragraph':
      return <p key={key}>{inline(b.children, ctx, `${key}.`)}</p>;
    case 'codeBlock':
      return (
        <pre key={key} data-lang={b.lang ?? undefined}>
          <code>{b.text}</code>
        </pre>
      );
    case 'quote':
      return <blockquote key={key}>{b.children.map((c, i) => block(c, ctx, `${key}.${i}`))}</blockquote>;
    case 'list':
      return (
        <ul key={key}>
          {b.items.map((item, i) => (
            <li key={i}>{inline(item, ctx, `${key}.${i}.`)}</li>
          ))}
        </ul>
      );
  }
}

export interface MarkdownProps {
  text: string;
  /** The reader's handle, so mentions of them stand out. */
  myHandle?: string | null;
}

export const Markdown = memo(function Markdown({ text, myHandle = null }: MarkdownProps) {
  const openLink = useStore((s) => s.openLink);
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  const ctx: Ctx = { myHandle, open: (url) => void openLink(url) };
  return <div className="md">{blocks.map((b, i) => block(b, ctx, String(i)))}</div>;
});
