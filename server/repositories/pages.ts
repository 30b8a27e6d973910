/** One page of rows: what fits, and whether more rows follow. */
export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

/**
 * Takes rows until `limit` items or `maxBytes` of their serialized size, whichever comes first, but
 * always at least one: a page that could be empty would stall a client paging through. Pass an
 * iterator over `limit + 1` rows; leaving the loop early resets the statement behind it.
 */
export function takePage<R, T>(
  rows: Iterable<R>,
  limit: number,
  maxBytes: number,
  toItem: (row: R) => { item: T; bytes: number },
): Page<T> {
  const items: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (items.length >= limit) return { items, hasMore: true };
    const next = toItem(row);
    if (items.length > 0 && bytes + next.bytes > maxBytes) return { items, hasMore: true };
    items.push(next.item);
    bytes += next.bytes;
  }
  return { items, hasMore: false };
}
