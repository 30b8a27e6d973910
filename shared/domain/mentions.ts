/*
 * Mentions and tags, parsed the same way by the server (to store and notify) and the renderer (to
 * highlight). Inline code and fenced code blocks are skipped: `@alice` in code mentions nobody.
 */

export interface ParsedReferences {
  /** Lower-cased handles after @, without @all (which is `all`). */
  mentions: string[];
  all: boolean;
  /** Lower-cased tags after #. */
  tags: string[];
}

export const HANDLE_PATTERN = '[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}';
const MENTION_RE = new RegExp(`(^|[^\\w@])@(${HANDLE_PATTERN})`, 'g');
const TAG_RE = /(^|[^\w&#/])#([\p{L}\p{N}_-]{1,64})/gu;
const CODE_RE = /```[\s\S]*?(```|$)|`[^`\n]*`/g;

/** Replaces code spans and blocks with spaces so offsets elsewhere stay valid. */
export function blankCode(text: string): string {
  return text.replace(CODE_RE, (m) => m.replace(/[^\n]/g, ' '));
}

function trimTrailingPunctuation(handle: string): string {
  return handle.replace(/[._-]+$/, '');
}

/** Extracts mentions and tags, de-duplicated in order of first appearance. */
export function parseReferences(body: string): ParsedReferences {
  const text = blankCode(body);
  const mentions = new Set<string>();
  let all = false;
  for (const m of text.matchAll(MENTION_RE)) {
    const handle = trimTrailingPunctuation(m[2] ?? '').toLowerCase();
    if (!handle) continue;
    if (handle === 'all' || handle === 'everyone') all = true;
    else mentions.add(handle);
  }
  const tags = new Set<string>();
  for (const m of text.matchAll(TAG_RE)) {
    const tag = (m[2] ?? '').replace(/[-_]+$/, '').toLowerCase();
    if (tag && !/^\d+$/.test(tag)) tags.add(tag);
  }
  return { mentions: [...mentions], all, tags: [...tags] };
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
