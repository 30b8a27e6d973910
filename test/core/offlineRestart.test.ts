import { describe, expect, it } from 'vitest';
import {
  openCore,
  useRestartableServer,
  serverStreamState,
  signedInCore,
  streamIdByName,
  tempDataDir,
  waitUntil,
} from '../helpers/core';

describe('offline compose, restart, reconnect', () => {
  const server = useRestartableServer();
  const dataDir = tempDataDir();
  let design = '';
  const bodies = ['offline one', 'offline two', 'offline three', 'offline four', 'offline five'];

  it('queues messages while the server is down and keeps them across a core restart', async () => {
    const alice = await signedInCore(server().url, 'alice@acme.test', dataDir);
    design = await streamIdByName(alice, 'Design');
    await server().stop();
    await alice.waitForState('offline');
    for (const body of bodies) await alice.call('message:send', { streamId: design, body });
    const list = await alice.call('message:list', { streamId: design });
    expect(list.messages.slice(-5).map((m) => [m.body, m.status])).toEqual(bodies.map((b) => [b, 'pending']));
    expect(alice.statuses.at(-1)?.pendingCount).toBe(5);
    await alice.core.close();
  });

  it('reads and searches the cache with the server down after a restart', async () => {
    const again = openCore(dataDir);
    try {
      const session = await again.call('session:get', {});
      expect(session.signedIn).toBe(true);
      expect(session.user?.email).toBe('alice@acme.test');
      const list = await again.call('message:list', { streamId: design });
      expect(list.messages.map((m) => m.body)).toContain(
        'New icon set is ready for review **with dark mode** 🎨 #icons',
      );
      expect(list.messages.filter((m) => m.status === 'pending').map((m) => m.body)).toEqual(bodies);
      const hits = await again.call('search:query', { query: 'palette' });
      expect(hits.hits.map((h) => h.message.body)).toEqual(['Great, @bob. Keep the palette to three colours.']);
      expect(hits.hits[0]!.streamName).toBe('Design');
      const streams = await again.call('stream:list', {});
      expect(streams.streams.map((s) => s.name)).toEqual(['Acme', 'Design']);
      const fetchOlder = await again.core.invoke('message:edit', { messageId: list.messages[0]!.id, body: 'x' });
      expect(fetchOlder).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    } finally {
      await again.core.close();
    }
  });

  it('delivers each queued message exactly once, in order, when the server returns', async () => {
    const again = openCore(dataDir);
    try {
      await server().start();
      await again.waitForState('live', 15_000);
      await waitUntil(() => again.statuses.at(-1)?.pendingCount === 0, 15_000, 'outbox drained');
      const truth = await serverStreamState(server().url, 'alice@acme.test', design);
      const mine = truth.filter((m) => bodies.includes(m.body));
      expect(mine.map((m) => m.body)).toEqual(bodies);
      expect(new Set(mine.map((m) => m.clientId)).size).toBe(5);
      const list = await again.call('message:list', { streamId: design });
      expect(list.messages.filter((m) => bodies.includes(m.body)).map((m) => [m.body, m.status])).toEqual(
        bodies.map((b) => [b, 'sent']),
      );
    } finally {
      await again.core.close();
    }
  });
});
