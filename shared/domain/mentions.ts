/*
 * What a message refers to: the mentions, tags and links of its markdown tree (markdown.ts). The
 * server stores and notifies from this; the renderer draws the very same tree, so a mention is
 * highlighted exactly when it notifies, and a link is clickable exactly when the policy checked it.
 * Nothing inside code, a link's text or a URL counts: the grammar never makes a node there.
 */
import { parseMessage, type MessageNode, type MessageTree } from './markdown';

export interface ParsedReferences {
  /** Lower-cased handles after @, without @all (which is `all`). */
  mentions: string[];
  /** Whether @all or @everyone was written. */
  all: boolean;
  /** Lower-cased tags after #. */
  tags: string[];
  /** The URLs of the body's links (http, https and mailto only), as the renderer links them. */
  links: string[];
}

/** Handles that page everyone who can read the stream. */
export function isEveryoneHandle(handle: string): boolean {
  const lower = handle.toLowerCase();
  return lower === 'all' || lower === 'everyone';
}

/** Extracts mentions, tags and links from a parsed body, de-duplicated in order of appearance. */
export function referencesOf(tree: MessageTree): ParsedReferences {
  const mentions = new Set<string>();
  const tags = new Set<string>();
  const links = new Set<string>();
  let all = false;
  const visit = (node: MessageNode | MessageTree): void => {
    if (node.type === 'mention') {
      if (isEveryoneHandle(node.handle)) all = true;
      else mentions.add(node.handle.toLowerCase());
    } else if (node.type === 'tag') tags.add(node.tag.toLowerCase());
    else if (node.type === 'link') links.add(node.url);
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  return { mentions: [...mentions], all, tags: [...tags], links: [...links] };
}

/**
 * A body without any of these has no mention (`@`), tag (`#`), link (`[`, `<`) or URL literal (`:`,
 * `www.`, `@`) for the grammar to find, so the server need not parse it (a property test checks it).
 */
const REFERENCE_HINT_RE = /[@#:[<]|www\./i;

/** Parses a body and extracts its mentions, tags and links. */
export function parseReferences(body: string): ParsedReferences {
  if (!REFERENCE_HINT_RE.test(body)) return { mentions: [], all: false, tags: [], links: [] };
  return referencesOf(parseMessage(body));
}

/** Makes a mention handle from an email or a name: `alice@acme.test` → `alice`. */
export function handleFrom(text: string): string {
  const base = text.includes('@') ? text.slice(0, text.indexOf('@')) : text;
  const cleaned = base
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9._-]+/g, '.')
    .replace(/^[._-]+|[._-]+$/g, '');
  return cleaned.slice(0, 63) || 'user';
}
