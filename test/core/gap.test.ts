import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache, type Db } from '../../main/core/cache/database';
import { listAllInStream } from '../../main/core/cache/messages';
import { getCursor } from '../../main/core/cache/streams';
import { SyncEngine } from '../../main/core/sync/syncEngine';
import { consoleLogger } from '../../main/core/log';
import type { SyncStatus } from '../../shared/ipc/contract';
import { tempDataDir, waitUntil } from '../helpers/core';
import { login, loginAndConnect, ok, startTestServer, type TestServer } from '../helpers/server';

describe('sync engine: gaps and windows', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function engineFor(email: string, extra: { initialWindow?: number } = {}) {
    const session = await login(server.url, email);
    const db: Db = openCache(join(tempDataDir(), 'cache.sqlite'));
    const statuses: SyncStatus[] = [];
    const engine = new SyncEngine(
      db,
      {
        serverUrl: server.url,
        token: session.token,
        myId: session.user.id,
        backoff: { minDelayMs: 10, maxDelayMs: 50 },
        log: consoleLogger,
        ...extra,
      },
      {
        status: (s) => statuses.push(s),
        changed: () => undefined,
        notification: () => undefined,
        helloed: () => undefined,
        unauthenticated: () => undefined,
        deactivated: () => undefined,
      },
    );
    engine.start();
    await waitUntil(() => statuses.at(-1)?.state === 'live');
    return { db, engine, statuses };
  }

  it('a live event beyond cursor+1 triggers a catch-up that fills the gap', async () => {
    const { db, engine } = await engineFor('alice@acme.test');
    const bob = await loginAndConnect(server.url, 'bob@acme.test');
    try {
      const hello = await ok(bob.socket, 'hello', {});
      const design = hello.streams.find((s) => s.name === 'Design')!.id;
      const head = getCursor(db, design)!.cursor;
      const before = listAllInStream(db, design);
      // pretend the last two events never arrived: drop them and move the cursor back
      const lost = before.filter((m) => m.seq > head - 2);
      db.prepare('DELETE FROM messages WHERE stream_id = ? AND seq > ?').run(design, head - 2);
      db.prepare('UPDATE streams SET cursor = ? WHERE id = ?').run(head - 2, design);
      await ok(bob.socket, 'message:send', { streamId: design, clientId: 'gap-test-0001', body: 'after the gap' });
      await waitUntil(() => getCursor(db, design)!.cursor === head + 1, 5000, 'cursor caught up');
      const after = listAllInStream(db, design);
      expect(after.map((m) => m.id)).toEqual([...before.map((m) => m.id), after.at(-1)!.id]);
      expect(after.at(-1)!.body).toBe('after the gap');
      expect(lost.every((m) => after.some((a) => a.id === m.id))).toBe(true);
    } finally {
      bob.socket.close();
      engine.stop();
      db.close();
    }
  });

  it('a new stream with a long log starts from a window below head and fetches older on demand', async () => {
    const carol = await loginAndConnect(server.url, 'carol@acme.test');
    const hello = await ok(carol.socket, 'hello', {});
    const eng = hello.streams.find((s) => s.name === 'Engineering')!.id;
    for (let i = 0; i < 12; i += 1)
      await ok(carol.socket, 'message:send', { streamId: eng, clientId: `window-test-${i}`, body: `window ${i}` });
    carol.socket.close();
    const { db, engine } = await engineFor('dave@acme.test', { initialWindow: 5 });
    try {
      const cursor = getCursor(db, eng)!;
      expect(cursor.historyFloor).toBe(cursor.headSeq - 5);
      expect(listAllInStream(db, eng)).toHaveLength(5);
      const older = await engine.request('history', { streamId: eng, beforeSeq: cursor.historyFloor + 1, limit: 200 });
      expect(older.ok && older.messages.length).toBeGreaterThan(0);
    } finally {
      engine.stop();
      db.close();
    }
  });
});
