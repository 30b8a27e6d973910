// Guidelines reach the client core: read at every connect, changed live by pushes, kept in the
// cache so the dialog and the composer's notice work offline; the core refuses a post the server
// would refuse for unacknowledged guidelines before queueing it, and refuses to acknowledge offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, signedInCore, streamIdByName, sendAndWaitSent, waitUntil, type TestCore } from '../helpers/core';
import { loginAndConnect, ok, startTestServer, type ClientSocket, type TestServer } from '../helpers/server';

let server: TestServer;
let bob: TestCore;
let alice: ClientSocket; // Design's curator, on a plain socket
let design: string;
let teamId: string;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  bob = await signedInCore(server.url, 'bob@acme.test');
  alice = (await loginAndConnect(server.url, 'alice@acme.test')).socket;
  design = await streamIdByName(bob, 'Design');
  teamId = (await bob.call('stream:list', {})).streams.find((s) => s.id === design)!.teamId!;
});
afterAll(async () => {
  alice?.close();
  await bob?.core.close();
  await server?.close();
});

const designGuidelines = async (t: TestCore) =>
  (await t.call('guidelines:list', {})).guidelines.find((g) => g.teamId === teamId);

describe('guidelines in the client core', () => {
  it('lists the org and my teams from the cache once connected', async () => {
    const { guidelines } = await bob.call('guidelines:list', {});
    expect(guidelines.map((g) => g.teamId)).toEqual([null, teamId]);
    expect(guidelines.every((g) => g.current === null)).toBe(true);
  });

  it('applies a published version and the requirement live, and refuses posting before queueing', async () => {
    await ok(alice, 'guidelines:publish', { teamId, body: '# Design\n\nCredit your sources.' });
    await ok(alice, 'guidelines:require', { teamId, required: true });
    await waitUntil(async () => (await designGuidelines(bob))?.requireAck === true, 10_000, 'pushed requirement');
    expect(await designGuidelines(bob)).toMatchObject({ current: { version: 1 }, acknowledgedVersion: null });
    expect(bob.changes.some((c) => c.kinds.includes('guidelines'))).toBe(true);

    const refused = await bob.core.invoke('message:send', { streamId: design, body: 'hello' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('I have read these') },
    });
    expect((await bob.call('message:list', { streamId: design })).messages.some((m) => m.status === 'pending')).toBe(
      false,
    );
  });

  it('acknowledges online, caches it, and then sends', async () => {
    const { guidelines } = await bob.call('guidelines:acknowledge', { teamId, version: 1 });
    expect(guidelines.acknowledgedVersion).toBe(1);
    expect((await designGuidelines(bob))?.acknowledgedVersion).toBe(1);
    await sendAndWaitSent(bob, design, 'I read them');
  });

  it('catches up on a version published while closed, and works from the cache offline', async () => {
    const { dataDir } = bob;
    await bob.core.close();
    await ok(alice, 'guidelines:publish', { teamId, body: '# Design\n\nCredit sources. No spoilers.' });
    bob = openCore(dataDir);
    // the cache answers at once with what it last heard; the connect brings version 2
    expect((await designGuidelines(bob))?.current?.version).toBe(1);
    await bob.waitForState('live');
    await waitUntil(async () => (await designGuidelines(bob))?.current?.version === 2, 10_000, 'read on connect');

    alice.close();
    await server.close();
    await bob.waitForState('offline');
    expect(await designGuidelines(bob)).toMatchObject({ current: { version: 2 }, acknowledgedVersion: 1 });
    const ack = await bob.core.invoke('guidelines:acknowledge', { teamId, version: 2 });
    expect(ack).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringContaining('acknowledging needs a connection') },
    });
    // the post is refused at once rather than queued to fail later
    expect(await bob.core.invoke('message:send', { streamId: design, body: 'offline post' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
