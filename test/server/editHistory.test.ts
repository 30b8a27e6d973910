// message:history: every version of a message with its time and editor, for its author, the team's
// curators and compliance; nobody else, and nothing of a deleted message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { versionsOf } from '../../shared/domain/editHistory';
import type { Stream } from '../../shared/protocol/index';
import {
  connectDemoUsers,
  loginAndConnect,
  ok,
  request,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket; // Design curator
let bob: ClientSocket; // Design member
let dave: ClientSocket; // org admin, not in Design
let auditor: ClientSocket; // compliance, in no team
let design: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  await ts.server.admin.addUser({
    org: 'Acme',
    email: 'erin@acme.test',
    name: 'Erin Audit',
    password: 'compliance-passphrase',
    orgRole: 'compliance',
  });
  [alice, bob, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'dave'] as const);
  auditor = (await loginAndConnect(ts.url, 'erin@acme.test', 'compliance-passphrase')).socket;
  design = await streamNamed(bob, 'Design');
});
afterAll(async () => {
  for (const socket of [alice, bob, dave, auditor]) socket.close();
  await ts.close();
});

describe('edit history', () => {
  it('lists every version oldest first, with who wrote it and since when', async () => {
    const sent = await ok(bob, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'first' });
    const second = await ok(bob, 'message:edit', { messageId: sent.message.id, body: 'second' });
    const third = await ok(bob, 'message:edit', { messageId: sent.message.id, body: 'third' });
    const { versions } = await ok(bob, 'message:history', { messageId: sent.message.id });
    expect(versions).toEqual([
      { body: 'first', editorId: sent.message.authorId, editorName: 'Bob Baker', at: sent.message.createdAt },
      { body: 'second', editorId: sent.message.authorId, editorName: 'Bob Baker', at: second.message.editedAt },
      { body: 'third', editorId: sent.message.authorId, editorName: 'Bob Baker', at: third.message.editedAt },
    ]);
    // the team's curator and compliance read the same; an org admin outside the team does not
    expect((await ok(alice, 'message:history', { messageId: sent.message.id })).versions).toEqual(versions);
    expect((await ok(auditor, 'message:history', { messageId: sent.message.id })).versions).toEqual(versions);
    expect(await request(dave, 'message:history', { messageId: sent.message.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('answers a single version for a message never edited, and none once it is deleted', async () => {
    const sent = await ok(bob, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'only' });
    expect((await ok(bob, 'message:history', { messageId: sent.message.id })).versions).toHaveLength(1);
    await ok(bob, 'message:edit', { messageId: sent.message.id, body: 'changed' });
    await ok(bob, 'message:delete', { messageId: sent.message.id });
    expect((await ok(auditor, 'message:history', { messageId: sent.message.id })).versions).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown message and INVALID naming the field', async () => {
    expect(await request(bob, 'message:history', { messageId: uuidv7() })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'messageId' },
    });
    expect(await request(bob, 'message:history', { messageId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID', field: 'messageId' },
    });
  });

  it('builds versions from stored edits (pure)', () => {
    const message = { body: 'c', authorId: 'a', createdAt: 1 };
    const edits = [
      { previousBody: 'a', editorId: 'a', editedAt: 5 },
      { previousBody: 'b', editorId: 'a', editedAt: 9 },
    ];
    expect(versionsOf(message, edits).map((v) => [v.body, v.at])).toEqual([
      ['a', 1],
      ['b', 5],
      ['c', 9],
    ]);
  });
});
