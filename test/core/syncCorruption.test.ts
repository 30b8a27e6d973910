// Corruption that the structure probe cannot see and that the sync path hits first (a live event
// written into a damaged index page) goes to recovery at once, instead of a reconnect loop that
// fails on the same page every time until some UI request happens to touch it.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFile } from '../../main/core/account';
import { cacheKeyOf, openCore, useRestartableServer, signedInCore, streamIdByName, waitUntil } from '../helpers/core';
import { damageLastLeafPage, growClosedCache } from '../helpers/cacheDamage';

describe('corruption hit by the sync path', () => {
  const server = useRestartableServer();

  it('sets the cache aside and resyncs without waiting for the background check or a UI request', async () => {
    const first = await signedInCore(server().url, 'alice@acme.test');
    const { dataDir } = first;
    const userId = (await first.call('session:get', {})).user!.id;
    const design = await streamIdByName(first, 'Design');
    await first.core.close();
    const file = cacheFile(dataDir, userId);
    const key = { key: cacheKeyOf(dataDir, userId) };
    growClosedCache(file, userId, 3000, key);
    // New messages' clientId entries go to the last leaf of this index: the next live event hits it.
    damageLastLeafPage(file, 'messages_client', key);

    // the background quick_check is far away: only the sync path can notice
    const t = openCore(dataDir, { integrityCheckDelayMs: 600_000 });
    const bob = await signedInCore(server().url, 'bob@acme.test');
    try {
      await t.waitForState('live');
      await bob.call('message:send', { streamId: design, body: 'written into a damaged page' });
      await waitUntil(async () => /damaged/.test((await t.call('session:get', {})).notice ?? ''), 10_000, 'notice');
      expect(readdirSync(dirname(file)).some((f) => f.startsWith('cache.sqlite.corrupt-'))).toBe(true);
      await waitUntil(
        async () =>
          (await t.call('message:list', { streamId: design })).messages.some(
            (m) => m.body === 'written into a damaged page',
          ),
        10_000,
        'resynced into the fresh cache',
      );
    } finally {
      await Promise.all([t.core.close(), bob.core.close()]);
    }
  });
});
