import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInCore, type TestCore } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

describe('link:open follows the organization URL policy from hello', () => {
  let server: TestServer;
  let alice: TestCore;
  const opened: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ demo: true });
    server.server.admin.setUrlPolicy({ org: 'Acme', allow: ['acme.test', 'example.com'], deny: ['secret.acme.test'] });
    alice = await signedInCore(server.url, 'alice@acme.test', undefined, {
      openExternal: async (url) => {
        opened.push(url);
      },
    });
  });
  afterAll(async () => {
    await alice?.core.close();
    await server?.close();
  });

  it('opens allowed domains and refuses denied or unlisted ones with the reason', async () => {
    expect(await alice.call('link:open', { url: 'https://wiki.acme.test/page' })).toEqual({
      opened: true,
      reason: null,
    });
    const denied = await alice.call('link:open', { url: 'https://secret.acme.test/x' });
    expect(denied).toEqual({ opened: false, reason: "secret.acme.test is on the organization's deny list" });
    const unlisted = await alice.call('link:open', { url: 'https://elsewhere.test/' });
    expect(unlisted.opened).toBe(false);
    expect(unlisted.reason).toMatch(/allow list/);
    expect(opened).toEqual(['https://wiki.acme.test/page']);
  });
});
