// The outbox sender against a stand-in connection: an item the server fails on every time (INTERNAL,
// or a code this client does not know) ends up failed after a few attempts instead of holding back
// every later item of its stream forever; RATE_LIMITED never counts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Message } from '../../shared/protocol/entities';
import { openCache } from '../../main/core/cache/database';
import { enqueue, getOutboxItem } from '../../main/core/cache/outbox';
import type { Connection } from '../../main/core/sync/connection';
import { MAX_SERVER_FAILURES, OutboxSender } from '../../main/core/sync/outboxSender';
import { consoleLogger } from '../../main/core/log';
import { tempDataDir, waitUntil } from '../helpers/core';
import { makeMessage } from '../helpers/entities';

const me = uuidv7();

function ackFor(streamId: string, clientId: string, body: string): Message {
  return makeMessage(streamId, 1, body, { authorId: me, authorName: 'Me', clientId });
}

describe('outbox sender', () => {
  it('marks an item failed after repeated server failures, and the next item of the stream goes', async () => {
    const db = openCache(join(tempDataDir(), 'cache.sqlite'));
    const streamId = uuidv7();
    const poison = enqueue(db, { kind: 'send', streamId, body: 'the server chokes on this', threadRootId: null });
    const next = enqueue(db, { kind: 'send', streamId, body: 'and this waits behind it', threadRootId: null });
    const sent: string[] = [];
    let rateLimited = 2;
    const conn = {
      connected: true,
      request: (_name: string, p: { clientId: string; body: string }) => {
        sent.push(p.clientId);
        if (p.clientId === poison) {
          if (rateLimited-- > 0) return Promise.resolve({ ok: false, error: { code: 'RATE_LIMITED', message: 'x' } });
          return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
        }
        return Promise.resolve({ ok: true, message: ackFor(streamId, p.clientId, p.body) });
      },
    } as unknown as Connection;
    const sender = new OutboxSender(
      db,
      me,
      { emitStatus: () => undefined },
      { changed: () => undefined },
      consoleLogger,
    );
    sender.start(conn);
    try {
      await waitUntil(() => getOutboxItem(db, next) === null, 15_000, 'the next item delivered');
      const failed = getOutboxItem(db, poison);
      expect(failed?.status).toBe('failed');
      expect(failed?.failure_reason).toMatch(/INTERNAL: boom/);
      expect(sent.filter((c) => c === poison)).toHaveLength(2 + MAX_SERVER_FAILURES);
      // order kept: the later item only went once the earlier one was settled
      expect(sent.indexOf(next)).toBe(sent.length - 1);
    } finally {
      sender.stop();
      db.close();
    }
  }, 20_000);
});
