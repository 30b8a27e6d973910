// Growing and damaging a closed cache file, for the tests of the cache integrity guarantee.
import { closeSync, openSync, writeSync } from 'node:fs';
import { uuidv7 } from '../../shared/domain/ids';
import { storeMessages } from '../../main/core/cache/apply';
import { closeCache, connect, openCache, type SqliteRuntime } from '../../main/core/cache/database';
import { upsertStream } from '../../main/core/cache/streams';
import { makeStream, fillerMessages } from './entities';

/**
 * Adds `count` filler messages in a stream of their own (messages of streams the cache does not know
 * are never stored) and closes the cache cleanly, WAL checkpointed into the main file.
 */
export function growClosedCache(
  file: string,
  userId: string = uuidv7(),
  count = 3000,
  runtime: SqliteRuntime = {},
): void {
  const db = openCache(file, runtime);
  const filler = makeStream('Filler', { role: null });
  upsertStream(db, filler, 0);
  storeMessages(db, userId, fillerMessages(filler.id, count));
  db.pragma('wal_checkpoint(TRUNCATE)');
  closeCache(db);
}

/**
 * Overwrites the last leaf page of an index with junk. The structure probe at open reads only the
 * first leaf, so only the full check (or a write landing there: new clientIds go last) finds it.
 */
export function damageLastLeafPage(file: string, index = 'messages_client', runtime: SqliteRuntime = {}): void {
  const probe = connect(file, { readonly: true }, runtime);
  const page = probe
    .prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path DESC LIMIT 1`)
    .pluck()
    .get(index) as number;
  const pageSize = probe.pragma('page_size', { simple: true }) as number;
  probe.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}
