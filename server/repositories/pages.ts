/** One page of rows: what fits, and whether more rows follow. */
export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

/**
 * Wraps a query of at most `limit + 1` rows (ordered by `order`, with `?` placeholders of its own) so
 * the database hands back only the rows that can still make the page: those whose preceding rows'
 * `bytes` (an SQL expression no larger than each row's serialized size) sum to at most the next
 * parameter, plus always the first two. So a page of 500 large rows never reaches JavaScript whole,
 * and `takePage` still sees the row it must stop at. Append the byte cap to the query's parameters.
 */
export function byteCappedRows(query: string, order: string, bytes: string): string {
  return `SELECT * FROM (
    SELECT capped.*, SUM(${bytes}) OVER (ORDER BY ${order} ROWS UNBOUNDED PRECEDING) - ${bytes} AS "bytesBefore",
      ROW_NUMBER() OVER (ORDER BY ${order}) AS "rowNumber"
    FROM (${query}) AS capped
  ) AS page WHERE "bytesBefore" <= ? OR "rowNumber" <= 2 ORDER BY ${order}`;
}

/**
 * Takes rows until `limit` items or `maxBytes` of their serialized size, whichever comes first, but
 * always at least one: a page that could be empty would stall a client paging through. Pass the
 * `limit + 1` rows of a query (through `byteCappedRows`).
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
