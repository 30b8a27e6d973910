/*
 * The one markdown grammar of message bodies: CommonMark + GFM (tables, strikethrough, task lists,
 * URL literals) parsed by micromark into an mdast tree, plus Flowdock's `@mentions` and `#tags`
 * (mentionTagSyntax.ts).
 * The server reads mentions, tags and links from this tree (mentions.ts); the renderer draws the
 * same tree (Markdown.tsx), so what notifies and what is shown cannot disagree.
 *
 * Nothing in the tree can carry markup an attacker chose: raw HTML, images and link reference
 * definitions are switched off (they stay text), and a link whose URL is not http(s)/mailto is
 * turned back into the text that was written. A body too costly to parse is one plain-text node.
 */
import type { Link, Node, Parents, Root, RootContent, Text } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { withinMarkdownBudget } from './markdownBudget';
import { mentionTagFromMarkdown, mentionTagSyntax } from './mentionTagSyntax';
import { keepUrlsWhole } from './mentionsInUrls';
import { evaluateUrl, OPEN_URL_POLICY } from './urlPolicy';

/** A body too costly to parse (see markdownBudget.ts), shown as typed: no markup, no references. */
export interface PlainBody extends Node {
  type: 'plainBody';
  value: string;
}

declare module 'mdast' {
  interface RootContentMap {
    plainBody: PlainBody;
  }
}

export type { Mention, Tag } from './mentionTagSyntax';
/** A parsed message body. */
export type MessageTree = Root;
export type MessageNode = RootContent;

const SAFE_PROTOCOL_RE = /^(https?:\/\/|mailto:)/i;

/**
 * Returns the URL when it may become a link (http, https or mailto, no whitespace or control
 * characters that browsers strip to smuggle another scheme, a host or mail recipients the link
 * policy can read), otherwise null.
 */
export function safeHref(raw: string): string | null {
  const url = raw.trim();
  // Browsers drop tabs/newlines inside URLs, so `jav\tascript:` would become javascript:.
  // eslint-disable-next-line no-control-regex
  if (url.length === 0 || url.length > 4096 || /[\u0000-\u0020\u007f-\u009f\u2028\u2029<>"'`\\]/.test(url)) return null;
  if (!SAFE_PROTOCOL_RE.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && parsed.protocol !== 'mailto:') return null;
  if (parsed.protocol !== 'mailto:' && !parsed.hostname) return null;
  // A link the policy could never allow (`mailto:javascript:x`) would only ever be refused.
  return evaluateUrl(url, OPEN_URL_POLICY).allowed ? url : null;
}

const parseOptions = {
  extensions: [
    // Raw HTML stays text; images would load remote content; definitions would hide their line.
    { disable: { null: ['htmlFlow', 'htmlText', 'labelStartImage', 'definition'] } },
    gfmStrikethrough(),
    gfmTable(),
    gfmTaskListItem(),
    mentionTagSyntax(),
  ],
  mdastExtensions: [
    mentionTagFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
  ],
};

/**
 * GFM's URL literals (`https://…`, `www.…`, emails), found by its transform over text nodes: linear,
 * unlike its micromark tokenizer (quadratic after an unclosed `[`). Run by hand, and only when the
 * body could hold one, because it walks the whole tree once per kind of literal.
 */
const linkUrlLiterals = gfmAutolinkLiteralFromMarkdown().transforms?.[0];
const URL_LITERAL_HINT_RE = /:\/\/|www\.|@/i;

/**
 * One line that markdown cannot act on: it starts with a letter or digit (no block syntax, no
 * ordered-list number), ends without white space, and holds no character that opens an inline
 * construct, a URL literal, an email, a mention or a tag. micromark makes it one paragraph of text
 * (a property test checks the two agree), so most chat messages skip the parser.
 */
/* eslint-disable no-control-regex -- control characters are exactly what it must refuse */
const PLAIN_LINE_RE =
  /^(?!\d{1,9}[.)])[\p{L}\p{N}](?:[^\0-\x1f\x7f*_~`[\]<>&\\|#@]*[^\s\0-\x1f\x7f*_~`[\]<>&\\|#@])?$/u;
/* eslint-enable no-control-regex */
const URL_START_RE = /:\/\/|www\.|mailto:/i;

function plainLineTree(line: string): MessageTree {
  const position = {
    start: { line: 1, column: 1, offset: 0 },
    end: { line: 1, column: line.length + 1, offset: line.length },
  };
  return {
    type: 'root',
    children: [{ type: 'paragraph', children: [{ type: 'text', value: line, position }], position }],
    position,
  };
}

/** True for a body that is one line markdown cannot act on (see PLAIN_LINE_RE). */
export function isPlainLine(body: string): boolean {
  return PLAIN_LINE_RE.test(body) && !URL_START_RE.test(body);
}

/** Parses a message body. Never throws; what is not markdown is text. */
export function parseMessage(body: string): MessageTree {
  return isPlainLine(body) ? plainLineTree(body) : parseMarkdown(body);
}

/** The parser itself, without parseMessage's shortcut for plain lines (tests compare the two). */
export function parseMarkdown(body: string): MessageTree {
  // One line ending, so text nodes (and the breaks drawn from them) never carry a stray \r.
  const source = body.replace(/\r\n?/g, '\n');
  if (!withinMarkdownBudget(source)) return { type: 'root', children: [{ type: 'plainBody', value: source }] };
  const tree = fromMarkdown(source, parseOptions);
  if (URL_LITERAL_HINT_RE.test(source)) {
    keepUrlsWhole(tree);
    linkUrlLiterals?.(tree);
  }
  settle(tree, source, false);
  return tree;
}

/** The text a node shows, without markup (mentions and tags with their marker). */
export function plainText(node: MessageNode | Root): string {
  switch (node.type) {
    case 'mention':
      return `@${node.handle}`;
    case 'tag':
      return `#${node.tag}`;
    case 'break':
      return '\n';
    default:
      if ('value' in node) return node.value;
      if ('children' in node) return node.children.map((c: MessageNode) => plainText(c)).join('');
      return '';
  }
}

/** What was written for a node, for constructs that must show as typed (unsafe links). */
function sourceOf(node: MessageNode, source: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start !== undefined && end !== undefined ? source.slice(start, end) : plainText(node);
}

function text(value: string): Text {
  return { type: 'text', value };
}

/**
 * The last pass over a fresh tree: links with an unsafe URL become the text that was written, and
 * mentions and tags inside link text become text (a link names a page, it pages nobody).
 */
function settle(parent: Parents, source: string, inLink: boolean): void {
  const children: MessageNode[] = parent.children;
  for (let i = 0; i < children.length; i += 1) {
    const child = children[i]!;
    if (child.type === 'link') {
      const href = safeHref(child.url);
      if (href === null) {
        children[i] = text(sourceOf(child, source));
        continue;
      }
      (child as Link).url = href;
      settle(child, source, true);
    } else if (inLink && (child.type === 'mention' || child.type === 'tag')) {
      children[i] = text(plainText(child));
    } else if ('children' in child) {
      settle(child, source, inLink);
    }
  }
}
