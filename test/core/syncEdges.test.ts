// Sync engine edges driven by a stand-in connection: `sync` answering FORBIDDEN drops the stream
// (protocol rule), and an engine stopped during a RATE_LIMITED pause never touches the closed cache.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Ack } from '../../shared/protocol/errors';
import { openCache } from '../../main/core/cache/database';
import { storeMessages } from '../../main/core/cache/apply';
import { getCursor, upsertStream } from '../../main/core/cache/streams';
import { searchMessages } from '../../main/core/cache/search';
import type { Connection } from '../../main/core/sync/connection';
import { SyncEngine } from '../../main/core/sync/syncEngine';
import { consoleLogger } from '../../main/core/log';
import { tempDataDir, waitUntil } from '../helpers/core';
import { makeMessage } from '../helpers/entities';

const me = uuidv7();

function setup(answer: () => Ack<never>) {
  const db = openCache(join(tempDataDir(), 'cache.sqlite'));
  const streamId = uuidv7();
  upsertStream(
    db,
    {
      id: streamId,
      kind: 'team',
      teamId: uuidv7(),
      name: 'Gone',
      headSeq: 3,
      lastReadSeq: 0,
      unread: 0,
      mentions: 0,
      role: 'member',
    },
    0,
  );
  storeMessages(db, me, [makeMessage(streamId, 1, 'confidential plan', { authorName: 'Bob', createdAt: Date.now() })]);
  const changed: string[][] = [];
  const engine = new SyncEngine(
    db,
    {
      serverUrl: 'http://127.0.0.1:1',
      token: 't',
      myId: me,
      backoff: { minDelayMs: 10, maxDelayMs: 20 },
      log: consoleLogger,
    },
    {
      status: () => undefined,
      changed: (ids) => changed.push(ids),
      notification: () => undefined,
      helloed: () => undefined,
      unauthenticated: () => undefined,
      deactivated: () => undefined,
    },
  );
  let requests = 0;
  const conn = {
    connected: true,
    request: () => {
      requests += 1;
      return Promise.resolve(answer());
    },
    close: () => undefined,
  } as unknown as Connection;
  // as if connected: the engine's current connection is the stand-in
  (engine as unknown as { conn: Connection }).conn = conn;
  return { db, engine, conn, streamId, changed, requests: () => requests };
}

describe('sync engine edges', () => {
  it('a FORBIDDEN sync page drops the stream with its messages and index entries', async () => {
    const { db, engine, conn, streamId, changed } = setup(() => ({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'not a member' },
    }));
    await engine.catchUp(conn, streamId);
    expect(getCursor(db, streamId)).toBeNull();
    expect(searchMessages(db, 'confidential', { limit: 10 })).toHaveLength(0);
    expect(changed.flat()).toContain(streamId);
    db.close();
  });

  it('stopping during a RATE_LIMITED pause ends the catch-up without touching the closed cache', async () => {
    const { db, engine, conn, streamId, requests } = setup(() => ({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'slow down' },
    }));
    const run = engine.catchUp(conn, streamId);
    // the first page was refused: the run now pauses before asking again
    await waitUntil(() => requests() === 1);
    engine.stop();
    db.close();
    await expect(run).resolves.toBeUndefined();
    expect(requests()).toBe(1);
  });
});
