import { parseMessage, type MessageTree } from '../../../shared/domain/markdown';

/*
 * Parsed bodies, by body text. The list windows its rows, so scrolling mounts the same message
 * again and again; the thread panel, search and the share dialog show bodies the list already
 * parsed. Trees are never changed after parsing, so one may be shared by every view of a body.
 */

/** Bodies kept: a few screens of history in every open view. */
const MAX_ENTRIES = 1000;
const trees = new Map<string, MessageTree>();

/** The markdown tree of a body, parsed once while it stays among the recently shown. */
export function parseMessageCached(body: string): MessageTree {
  const hit = trees.get(body);
  if (hit) {
    // Map keeps insertion order: re-inserting makes this the most recently used entry.
    trees.delete(body);
    trees.set(body, hit);
    return hit;
  }
  const tree = parseMessage(body);
  trees.set(body, tree);
  if (trees.size > MAX_ENTRIES) trees.delete(trees.keys().next().value!);
  return tree;
}
