import { beforeEach, describe, expect, it } from 'vitest';
import { buildRows, createRowBuilder, ROW_PAGE } from '../../renderer/src/lib/grouping';
import type { MessageView } from '../../shared/ipc';
import { makeMessage, makeStream, makeUser } from './fakeApi';

const alice = makeUser('alice');
const bob = makeUser('bob');
const stream = makeStream('Design');
const base = new Date(2026, 10, 20, 10, 0, 0).getTime();

function history(n: number, from = 1): MessageView[] {
  return Array.from({ length: n }, (_, i) =>
    makeMessage(stream, (from + i) % 4 === 0 ? alice : bob, `m${from + i}`, {
      seq: from + i,
      // Monotonic times: a new author group every 7 messages, a new day every ~590.
      createdAt: base + (from + i) * 90_000 + Math.floor((from + i) / 7) * 400_000,
    }),
  );
}

let build: ReturnType<typeof createRowBuilder>;
beforeEach(() => {
  build = createRowBuilder();
});

describe('memoized row grouping', () => {
  it('matches a fresh grouping through appends, edits, prepends and divider moves', () => {
    let items = history(1000, 501);
    const check = (divider: number | undefined) =>
      expect(build(items, divider, alice.id)).toEqual(buildRows(items, divider, alice.id));
    check(undefined);
    items = [...items, ...history(3, 1501)];
    check(undefined);
    items = items.map((m) => (m.seq === 900 ? { ...m, body: 'edited' } : m));
    check(undefined);
    items = [...history(500, 1), ...items];
    check(1200);
    check(1300);
    check(100);
    items = [...items, makeMessage(stream, alice, 'pending', { status: 'pending', seq: 0 })];
    check(100);
  });

  it('keeps the row objects of untouched pages when a message arrives', () => {
    const items = history(2000);
    const before = build(items, undefined, alice.id);
    const grown = [...items, ...history(1, 2001)];
    const after = build(grown, undefined, alice.id);
    expect(after).toHaveLength(before.length + 1);
    // Every message row before the last page is the very same object, at the same index.
    const lastPage = 2000 - (2000 % ROW_PAGE);
    before.forEach((row, i) => {
      if (row.kind === 'message' && row.message.seq < lastPage) expect(after[i]).toBe(row);
    });
    // The same messages in a new array: the same rows, all reused.
    const again = build(grown.slice(), undefined, alice.id);
    again.forEach((row, i) => expect(row).toBe(after[i]));
  });

  it('regroups only the page the "New messages" divider moves into', () => {
    const items = history(2000);
    const first = build(items, 1990, alice.id);
    const second = build(items, 1995, alice.id);
    expect(second.filter((r) => r.kind === 'new')).toHaveLength(1);
    const page = 1995 - (1995 % ROW_PAGE);
    first.forEach((row, i) => {
      if (row.kind === 'message' && row.message.seq < page) expect(second[i]).toBe(row);
    });
  });
});
