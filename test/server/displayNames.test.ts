// Display names: the directory carries each person's chosen display name (it is visible to the whole
// organization), and a change is pushed to every colleague's sockets as `profile:changed`, never to
// another organization, and not at all when the name stays the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerPush } from '../../shared/protocol/index';
import {
  afterSentinel,
  collect,
  loginAndConnect,
  ok,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

type ProfileChanged = ServerPush<'profile:changed'>;

let ts: TestServer;
let bob: ClientSocket;
let bobId: string;
let carol: ClientSocket;
let zed: ClientSocket;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  await ts.server.admin.createOrg('Globex');
  await ts.server.admin.addUser({
    org: 'Globex',
    email: 'zed@globex.test',
    name: 'Zed Zimmer',
    password: 'globex-password',
  });
  const b = await loginAndConnect(ts.url, 'bob@acme.test');
  bob = b.socket;
  bobId = b.user.id;
  // carol shares no team with bob: the org stream's room still reaches her
  carol = (await loginAndConnect(ts.url, 'carol@acme.test')).socket;
  zed = (await loginAndConnect(ts.url, 'zed@globex.test', 'globex-password')).socket;
  for (const s of [bob, carol, zed]) await ok(s, 'hello', {});
});
afterAll(async () => {
  for (const s of [bob, carol, zed]) s?.disconnect();
  await ts?.close();
});

describe('display names', () => {
  it('lists the account name as the display name until the person chooses another', async () => {
    const { users } = await ok(carol, 'directory:list', {});
    expect(users.find((u) => u.id === bobId)).toMatchObject({ name: 'Bob Baker', displayName: 'Bob Baker' });
  });

  it('pushes a new display name to colleagues and lists it in the directory', async () => {
    const carolSees = collect<ProfileChanged>(carol, 'profile:changed');
    const zedSees = collect<ProfileChanged>(zed, 'profile:changed');
    await ok(bob, 'profile:update', { displayName: '  Robert B.  ' });
    await waitFor(() => carolSees.length > 0);
    expect(carolSees).toEqual([{ userId: bobId, displayName: 'Robert B.' }]);
    const { users } = await ok(carol, 'directory:list', {});
    expect(users.find((u) => u.id === bobId)).toMatchObject({ name: 'Bob Baker', displayName: 'Robert B.' });

    // zed (Globex) hears nothing: his own org's change is the sentinel that proves it
    await afterSentinel<ProfileChanged>(
      zed,
      'profile:changed',
      (p) => p.displayName === 'Zed Z.',
      () => ok(zed, 'profile:update', { displayName: 'Zed Z.' }),
    );
    expect(zedSees.filter((p) => p.userId === bobId)).toEqual([]);
    expect(carolSees.some((p) => p.displayName === 'Zed Z.')).toBe(false);
  });

  it('pushes nothing when the name stays the same', async () => {
    const carolSees = collect<ProfileChanged>(carol, 'profile:changed');
    await ok(bob, 'profile:update', { displayName: 'Robert B.', title: 'Illustrator' });
    await afterSentinel<ProfileChanged>(
      carol,
      'profile:changed',
      (p) => p.displayName === 'Bobby',
      () => ok(bob, 'profile:update', { displayName: 'Bobby' }),
    );
    expect(carolSees.map((p) => p.displayName)).toEqual(['Bobby']);
  });
});
