/*
 * URL literals are linked by a transform over text nodes after parsing, so at first a mention or a
 * tag written inside one (`https://x.test/?to=@all`, `www.x.test/~~a~~@all`) is a node of its own.
 * This pass turns those back into text before the URL transform runs, so the URL is linked whole
 * and nothing in it pages anyone. "Inside" means: in the same run of non-space characters as a URL
 * start, following the text in reading order through emphasis, strikethrough and code.
 */
import type { Parents, PhrasingContent, Root, RootContent, Text } from 'mdast';

/** A URL literal's start earlier in the current word. */
const URL_WORD_RE = /(?:https?:\/\/|www\.|mailto:)\S*$/i;
/** How much of a word is remembered (longer URLs are not links anyway: see safeHref). */
const MAX_WORD_CHARS = 4096;

/** The word being read: the characters since the last white space. */
interface Reading {
  word: string;
}

function read(reading: Reading, text: string): void {
  const space = text.search(/\s\S*$/);
  reading.word = (space >= 0 ? text.slice(space + 1) : reading.word + text).slice(-MAX_WORD_CHARS);
}

function merged(children: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const child of children) {
    const last = out[out.length - 1];
    if (child.type === 'text' && last?.type === 'text') out[out.length - 1] = joinText(last, child);
    else out.push(child);
  }
  return out;
}

function joinText(a: Text, b: Text): Text {
  const start = a.position?.start;
  const end = b.position?.end;
  return { type: 'text', value: a.value + b.value, ...(start && end ? { position: { start, end } } : {}) };
}

/** Reads one run of phrasing content, demoting mentions and tags that continue a URL. */
function readPhrasing(parent: Parents, reading: Reading): void {
  const children = parent.children as PhrasingContent[];
  let demoted = false;
  for (let i = 0; i < children.length; i += 1) {
    const child = children[i]!;
    if (child.type === 'mention' || child.type === 'tag') {
      const written = child.type === 'mention' ? `@${child.handle}` : `#${child.tag}`;
      if (URL_WORD_RE.test(reading.word)) {
        children[i] = { type: 'text', value: written };
        demoted = true;
      }
      read(reading, written);
    } else if (child.type === 'text' || child.type === 'inlineCode') read(reading, child.value);
    else if (child.type === 'break') reading.word = '';
    else if ('children' in child) readPhrasing(child, reading);
  }
  if (demoted) parent.children = merged(children) as typeof parent.children;
}

/** Walks the blocks; each paragraph, heading or table cell is read from an empty word. */
function readBlocks(node: Root | RootContent): void {
  if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
    readPhrasing(node, { word: '' });
  } else if ('children' in node) {
    for (const child of node.children) readBlocks(child);
  }
}

/** Turns mentions and tags inside URL literals back into text (run before URLs are linked). */
export function keepUrlsWhole(tree: Root): void {
  readBlocks(tree);
}
