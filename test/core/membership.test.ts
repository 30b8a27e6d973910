import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInCore, waitUntil, type TestCore } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

describe('membership changes and revoked sessions reach the cache', () => {
  let server: TestServer;
  let carol: TestCore;

  beforeAll(async () => {
    server = await startTestServer();
    carol = await signedInCore(server.url, 'carol@acme.test');
  });
  afterAll(async () => {
    await carol?.core.close();
    await server?.close();
  });

  it('stream:added backfills the new stream; stream:removed purges it, index included', async () => {
    expect((await carol.call('search:query', { query: 'palette' })).hits).toHaveLength(0);
    await server.server.admin.addMember({ email: 'carol@acme.test', team: 'design' });
    await waitUntil(async () => (await carol.call('search:query', { query: 'palette' })).hits.length === 1);
    const streams = (await carol.call('stream:list', {})).streams;
    const design = streams.find((s) => s.name === 'Design')!;
    expect(design.role).toBe('member');
    const list = await carol.call('message:list', { streamId: design.id });
    expect(list.messages.map((m) => m.body)).toContain('New icon set is ready for review **with dark mode** 🎨 #icons');

    await server.server.admin.removeMember({ email: 'carol@acme.test', team: 'design' });
    await waitUntil(async () => !(await carol.call('stream:list', {})).streams.some((s) => s.id === design.id));
    expect((await carol.call('search:query', { query: 'palette' })).hits).toHaveLength(0);
    expect((await carol.call('message:list', { streamId: design.id })).messages).toHaveLength(0);
    expect(await carol.core.invoke('message:send', { streamId: design.id, body: 'still here?' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'streamId' },
    });
  });

  it('reports catch-up progress before going live', () => {
    const catching = carol.statuses.filter((s) => s.state === 'catchingUp');
    expect(catching.length).toBeGreaterThan(0);
    expect(catching.at(-1)).toMatchObject({ done: catching.at(-1)!.total });
    expect(catching[0]!.total).toBeGreaterThanOrEqual(2);
  });

  it('a password reset ends the token, not the cache: readable, and the password is asked for', async () => {
    await server.server.admin.resetPassword({ email: 'carol@acme.test', password: 'a-new-password' });
    await waitUntil(async () => (await carol.call('session:get', {})).needsPassword, 10_000, 'password asked');
    const session = await carol.call('session:get', {});
    expect(session).toMatchObject({ signedIn: true, email: 'carol@acme.test' });
    expect(session.notice).toMatch(/enter your password/);
    expect(carol.statuses.at(-1)?.state).toBe('signInRequired');
    expect((await carol.call('stream:list', {})).streams.length).toBeGreaterThan(0);
    // the same account signs in again: the cache it had is kept, syncing resumes
    await carol.call('session:login', { serverUrl: server.url, email: 'carol@acme.test', password: 'a-new-password' });
    await carol.waitForState('live');
    expect((await carol.call('session:get', {})).needsPassword).toBe(false);
  });
});
