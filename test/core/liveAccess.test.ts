// A connected client core applies access changes as they happen, without reconnecting: the link
// policy (link:open), its team role (stream:list) and its org role (session:get).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminMain } from '../../server/admin/cli';
import { signedInCore, waitUntil, type TestCore } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let bob: TestCore;

beforeAll(async () => {
  server = await startTestServer({ demo: true, adminPollMs: 50 });
  bob = await signedInCore(server.url, 'bob@acme.test', undefined, { openExternal: async () => undefined });
});
afterAll(async () => {
  await bob?.core.close();
  await server?.close();
});

const connects = () => bob.statuses.filter((s) => s.state === 'connecting').length;
const cli = (...argv: string[]) => adminMain([...argv, ...server.storage.cliArgs]);

describe('live access changes in the client core', () => {
  it('refuses a newly denied link as soon as the admin CLI denies it', async () => {
    const before = connects();
    expect((await bob.call('link:open', { url: 'https://evil.test/' })).opened).toBe(true);
    expect((await cli('set-url-policy', '--org', 'Acme', '--deny', 'evil.test')).code).toBe(0);
    await waitUntil(async () => !(await bob.call('link:open', { url: 'https://evil.test/' })).opened, 10_000, 'deny');
    expect(bob.changes.some((c) => c.kinds.includes('policy'))).toBe(true);
    expect(connects()).toBe(before);
  });

  it('shows a new team role and org role without reconnecting', async () => {
    const before = connects();
    expect((await cli('set-role', '--email', 'bob@acme.test', '--team', 'design', '--role', 'curator')).code).toBe(0);
    await waitUntil(
      async () => (await bob.call('stream:list', {})).streams.some((s) => s.name === 'Design' && s.role === 'curator'),
      10_000,
      'curator role',
    );
    await server.server.admin.setOrgRole({ email: 'bob@acme.test', role: 'admin' });
    await waitUntil(async () => (await bob.call('session:get', {})).user?.orgRole === 'admin', 10_000, 'admin role');
    expect(connects()).toBe(before);
  });
});
