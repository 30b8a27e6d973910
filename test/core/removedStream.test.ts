// A removed stream leaves nothing behind: responses that were in flight when it went (send acks,
// history pages) must not re-insert its messages, and its promotions leave with it.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Promotion } from '../../shared/protocol/entities';
import { storeAcked, storeMessages } from '../../main/core/cache/apply';
import { openCache, type Db } from '../../main/core/cache/database';
import { enqueue, getOutboxItem } from '../../main/core/cache/outbox';
import { listScope, replaceScope, upsertPromotion } from '../../main/core/cache/promotions';
import { searchMessages } from '../../main/core/cache/search';
import { purgeStream, upsertStream } from '../../main/core/cache/streams';
import { tempDataDir } from '../helpers/core';
import { makeMessage, makeStream } from '../helpers/entities';

const me = uuidv7();

function promotion(sourceStreamId: string, messageId: string): Promotion {
  return {
    id: uuidv7(),
    messageId,
    sourceStreamId,
    snapshotBody: 'secret roadmap',
    state: 'awaiting_approval',
    updatedAt: Date.now(),
  } as unknown as Promotion;
}

describe('a removed stream stays removed', () => {
  let db: Db;
  beforeEach(() => {
    db = openCache(join(tempDataDir(), 'cache.sqlite'));
  });
  afterEach(() => db.close());

  it('a history page or an ack for a purged stream stores nothing (not even in the search index)', () => {
    const s = makeStream('Secret');
    upsertStream(db, s, 0);
    purgeStream(db, s.id);
    // the responses were already on their way when stream:removed arrived
    storeMessages(db, me, [makeMessage(s.id, 1, 'roadmap from history')]);
    const mine = makeMessage(s.id, 2, 'roadmap I sent', { authorId: me });
    const clientId = enqueue(db, { kind: 'send', streamId: s.id, body: mine.body, threadRootId: null });
    storeAcked(db, me, { ...mine, clientId });
    expect(db.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(0);
    expect(searchMessages(db, 'roadmap', { limit: 10 })).toHaveLength(0);
    // the ack still settles my outbox row: it was delivered
    expect(getOutboxItem(db, clientId)).toBeNull();
  });

  it('purging a stream drops its promotions and their list memberships', () => {
    const gone = makeStream('Gone');
    const kept = makeStream('Kept');
    upsertStream(db, gone, 0);
    upsertStream(db, kept, 0);
    const a = promotion(gone.id, uuidv7());
    const b = promotion(kept.id, uuidv7());
    upsertPromotion(db, a);
    replaceScope(db, 'queue', [a, b]);
    purgeStream(db, gone.id);
    expect(listScope(db, 'queue').map((p) => p.id)).toEqual([b.id]);
    expect(db.prepare('SELECT COUNT(*) FROM promotions WHERE source_stream_id = ?').pluck().get(gone.id)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM promotion_scopes').pluck().get()).toBe(1);
  });
});
