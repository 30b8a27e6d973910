import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInCore, streamIdByName, type TestCore } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';
import { ALLOWED_SPELLINGS, BLOCKED_SPELLINGS, DENY_POLICY } from '../helpers/urlSpellings';

let server: TestServer;
let alice: TestCore;
const opened: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await server.server.admin.setUrlPolicy({
    org: 'Acme',
    allow: ['acme.test', 'example.com'],
    deny: ['secret.acme.test'],
  });
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

describe('link:open follows the organization URL policy from hello', () => {
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

  it('refuses every spelling of a denied host, as the server does', async () => {
    await server.server.admin.setUrlPolicy({ org: 'Acme', ...DENY_POLICY });
    // hello carries the new policy to the core on its next session
    await alice.core.close();
    alice = await signedInCore(server.url, 'alice@acme.test', undefined, {
      openExternal: async (url) => {
        opened.push(url);
      },
    });
    opened.length = 0;
    for (const url of BLOCKED_SPELLINGS) {
      const result = await alice.call('link:open', { url });
      expect(result.opened, JSON.stringify(url)).toBe(false);
    }
    expect(opened).toEqual([]);
    for (const url of ALLOWED_SPELLINGS) expect((await alice.call('link:open', { url })).opened).toBe(true);
    expect(opened).toEqual(ALLOWED_SPELLINGS);
  });
});

describe('message bodies the core refuses before queuing', () => {
  it('refuses bodies of only white space or invisible characters with INVALID on body', async () => {
    const streamId = await streamIdByName(alice, 'Design');
    const before = await alice.call('message:list', { streamId });
    for (const body of [' \u200b ', '\u2060\ufeff\u200d', '\u3164', '\u2800\n\u00ad']) {
      const sent = await alice.core.invoke('message:send', { streamId, body });
      expect(sent).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'body' } });
    }
    const after = await alice.call('message:list', { streamId });
    expect(after.messages).toEqual(before.messages);
    expect(alice.statuses.at(-1)?.pendingCount ?? 0).toBe(0);
  });
});
