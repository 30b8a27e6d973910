// Server search on PostgreSQL answers from a window of the newest readable messages when that window
// holds a full page, and from the GIN index otherwise. Both must give exactly the pages the GIN index
// alone gives, page after page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/ids';
import type { Sql, SqlValue } from '../../../server/db/sql';
import { PostgresSearchRepository } from '../../../server/repositories/postgres/search.repository';
import type { SearchMatch, SearchPosition } from '../../../server/repositories/search.repository';
import { loginAndConnect, ok, rawSql, startTestServer, streamNamed, type TestServer } from '../../helpers/server';

let ts: TestServer;
let streamId: string;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const { socket } = await loginAndConnect(ts.url, 'alice@acme.test');
  streamId = (await streamNamed(socket, 'Design')).id;
  // 30 messages: every one says "meridian", every fifth also "zenith"
  for (let i = 0; i < 30; i += 1) {
    const body = i % 5 === 0 ? `meridian zenith note ${i}` : `meridian note ${i}`;
    await ok(socket, 'message:send', { streamId, clientId: uuidv7(), body });
  }
  socket.close();
});
afterAll(() => ts.close());

/** Every page of a query (3 hits each) and how many statements each page took. */
async function allPages(windowRows: number, text: string): Promise<{ pages: SearchMatch[][]; statements: number[] }> {
  return rawSql(ts, async (sql) => {
    let statements = 0;
    const counting: Sql = {
      dialect: sql.dialect,
      all: <R>(q: string, p?: readonly SqlValue[]) => ((statements += 1), sql.all<R>(q, p)),
      get: (q, p) => sql.get(q, p),
      run: (q, p) => sql.run(q, p),
      exec: (q) => sql.exec(q),
    };
    const repository = new PostgresSearchRepository(counting, windowRows);
    const pages: SearchMatch[][] = [];
    const perPage: number[] = [];
    let before: SearchPosition | null = null;
    for (;;) {
      statements = 0;
      const page = await repository.search({ text, streamIds: [streamId], before, limit: 3 });
      perPage.push(statements);
      if (page.length === 0) break;
      pages.push(page);
      before = page.at(-1)!;
    }
    return { pages, statements: perPage };
  });
}

describe('search on PostgreSQL: newest window, then the GIN index', () => {
  it('gives the same pages as the GIN index alone, for a common word and for a rare one', async () => {
    for (const word of ['meridian', 'zenith']) {
      const exact = await allPages(0, word);
      const windowed = await allPages(8, word);
      expect(windowed.pages, word).toEqual(exact.pages);
    }
    const common = await allPages(8, 'meridian');
    expect(common.pages.flat()).toHaveLength(30);
    // a common word fills its pages from the window: one statement per full page
    expect(common.statements.slice(0, 10)).toEqual(Array(10).fill(1));
    const rare = await allPages(8, 'zenith');
    expect(rare.pages.flat().map((m) => m.marked)).toEqual(
      [25, 20, 15, 10, 5, 0].map((i) => expect.stringContaining(`note ${i}`)),
    );
    // 8 rows hold at most 2 "zenith" messages: short of a page, so the index answers too
    expect(rare.statements[0]).toBe(2);
  });
});
