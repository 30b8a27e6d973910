// `npm run admin -- migrate-to --database postgres://…`: a SQLite server moves to PostgreSQL with
// every row as it was (orgs, users, teams, streams, log entries, messages, promotions, audit, tokens),
// so seqs, heads and sessions carry over and a client's cache and cursors stay valid; the files' bytes
// move from the folder beside the SQLite database into PostgreSQL.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/ids';
import { adminMain } from '../../../server/admin/cli';
import { openStore } from '../../../server/db/openStore';
import type { Store } from '../../../server/db/store';
import { connect, connectDemoUsers, login, ok, startTestServer, streamNamed } from '../../helpers/server';
import { api } from '../../helpers/flowdock';
import { get, png, upload } from '../../helpers/files';
import { createTestStorage, type TestStorage } from '../../helpers/storage';

const storages: TestStorage[] = [];
afterAll(async () => {
  for (const storage of storages) await storage.dispose();
});

/** Every row of every copied table, in primary-key order, read the same way from either engine. */
async function everyRow(store: Store, tables: readonly string[]): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  await store.withSql(async (sql) => {
    for (const table of tables) rows[table] = await sql.all(`SELECT * FROM ${table} ORDER BY 1, 2`);
  });
  return rows;
}

describe('admin migrate-to', () => {
  it('copies a SQLite server into PostgreSQL row for row; sessions and cursors carry over', async () => {
    const sqlite = await createTestStorage('sqlite');
    const postgres = await createTestStorage('postgres');
    storages.push(sqlite, postgres);
    const before = await startTestServer({ storage: sqlite });
    const { token } = await login(before.url, 'bob@acme.test');
    const [alice, bob] = await connectDemoUsers(before.url, ['alice', 'bob'] as const);
    const design = await streamNamed(bob!, 'Design');
    // a bit of everything: messages, a thread reply, an edit, a reaction, a read mark, a promotion
    const root = (await ok(bob!, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'research #notes' }))
      .message;
    await ok(alice!, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'reply', threadRootId: root.id });
    await ok(bob!, 'message:edit', { messageId: root.id, body: 'research, edited #notes' });
    await ok(alice!, 'reaction:toggle', { messageId: root.id, emoji: '👍' });
    await ok(bob!, 'read:mark', { streamId: design.id, seq: root.seq });
    const proposed = await ok(alice!, 'promotion:propose', { messageId: root.id, clientId: uuidv7(), note: 'share' });
    await ok(bob!, 'promotion:consent', { promotionId: proposed.promotion.id, accept: true });
    await ok(alice!, 'promotion:decide', { promotionId: proposed.promotion.id, approve: true });
    // and a direct conversation with a message in it
    const bobId = (await ok(bob!, 'hello', {})).user.id;
    const dm = (await ok(alice!, 'dm:open', { userIds: [bobId] })).stream;
    await ok(alice!, 'message:send', { streamId: dm.id, clientId: uuidv7(), body: 'just us' });
    // an integration and the thread its post started (messages point at the integration)
    const { flowToken } = await ok(alice!, 'integration:create', { streamId: design.id, name: 'CI' });
    const posted = await api(before.url, '/messages', {
      method: 'POST',
      json: {
        flow_token: flowToken,
        event: 'activity',
        author: { name: 'Runner' },
        title: 'started build',
        external_thread_id: 'build-1',
        thread: { title: 'Build 1', status: { color: 'yellow', value: 'running' } },
      },
    });
    expect(posted.status).toBe(200);
    const head = (await ok(bob!, 'sync', { streamId: design.id, afterSeq: 0, limit: 500 })).headSeq;
    // files: their bytes live beside the SQLite database, and must arrive in PostgreSQL's chunks
    const photo = await png(640, 480);
    const contents = [photo, Buffer.alloc(0), randomBytes(300_000)];
    const uploads = await Promise.all(contents.map((bytes, i) => upload(before.url, token, design.id, `f${i}`, bytes)));
    expect(uploads.map((u) => u.status)).toEqual([201, 201, 201]);
    const fileIds = uploads.map((u) => u.json.file!.id);
    const thumbnail = (await get(before.url, token, `/api/files/${fileIds[0]!}/thumbnail`)).body;
    expect(thumbnail.length).toBeGreaterThan(0);
    for (const socket of [alice!, bob!]) socket.close();
    await before.close();

    const migrated = await adminMain(['migrate-to', '--json', ...sqlite.cliArgs, ...postgres.cliArgs]);
    expect(migrated.code, migrated.stderr + migrated.stdout).toBe(0);
    const report = (JSON.parse(migrated.stdout) as { result: Record<string, number> }).result;
    const expected = ['orgs', 'users', 'teams', 'streams', 'stream_events', 'messages', 'promotions', 'audit'];
    for (const table of [...expected, 'direct_streams', 'direct_participants', 'integrations', 'integration_threads'])
      expect(report[table]).toBeGreaterThan(0);

    const source = await openStore(sqlite.target);
    const destination = await openStore(postgres.target);
    let lastAuditId: number;
    try {
      const tables = Object.keys(report);
      const copied = await everyRow(source, tables);
      // PostgreSQL adds generated columns (the search tsvector): compare the columns the source has.
      const landed = await everyRow(destination, tables);
      for (const table of tables) {
        const columns = Object.keys((copied[table]![0] ?? {}) as object);
        const projected = landed[table]!.map((row) =>
          Object.fromEntries(columns.map((c) => [c, (row as Record<string, unknown>)[c]])),
        );
        expect(projected, table).toEqual(copied[table]);
      }
      lastAuditId = Math.max(...(copied.audit as { id: number }[]).map((r) => r.id));
    } finally {
      await source.close();
      await destination.close();
    }
    // a second copy into a database that holds data is refused
    const again = await adminMain(['migrate-to', '--json', ...sqlite.cliArgs, ...postgres.cliArgs]);
    expect(again).toMatchObject({ code: 1 });
    expect(again.stdout).toContain('already holds data');

    // the server on PostgreSQL: bob's session still works, his cursor is still the head, seqs go on
    const after = await startTestServer({ storage: postgres, demo: false });
    try {
      const bobAgain = await connect(after.url, token);
      const page = await ok(bobAgain, 'sync', { streamId: design.id, afterSeq: head, limit: 500 });
      expect(page).toMatchObject({ events: [], headSeq: head });
      for (const [i, bytes] of contents.entries()) {
        const download = await get(after.url, token, `/api/files/${fileIds[i]!}`);
        expect(download.status).toBe(200);
        expect(download.body.equals(bytes), `file ${i}`).toBe(true);
      }
      expect((await get(after.url, token, `/api/files/${fileIds[0]!}/thumbnail`)).body.equals(thumbnail)).toBe(true);
      const next = await ok(bobAgain, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'on pg' });
      expect(next.message.seq).toBe(head + 1);
      bobAgain.close();
      // audit ids go on after the copied ones
      await login(after.url, 'carol@acme.test');
      const audit = await after.server.store.withTransaction((tx) => tx.audit.list({ limit: 1 }), { readOnly: true });
      expect(audit[0]!.action).toBe('login');
      expect(audit[0]!.id).toBeGreaterThan(lastAuditId);
    } finally {
      await after.close();
    }
  });
});
