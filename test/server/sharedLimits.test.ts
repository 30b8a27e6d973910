// Limits that several nodes share (the server on PostgreSQL runs them by default; here both engines
// run them with sharedLimits, so the repositories are proven on both): a user's request budget and
// the login throttle count the same on every node of one database.
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { openStore } from '../../server/db/openStore';
import type { Store } from '../../server/db/store';
import { createTestStorage, type TestStorage } from '../helpers/storage';
import { connect, login, ok, request, startTestServer, streamNamed, type TestServer } from '../helpers/server';

const stores: Store[] = [];
const storages: TestStorage[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const store of stores.splice(0)) await store.close();
  for (const storage of storages.splice(0)) await storage.dispose();
});

/** Two stores on one fresh storage: what two nodes hold. */
async function twoNodes(): Promise<[Store, Store]> {
  const storage = await createTestStorage();
  storages.push(storage);
  const a = await openStore(storage.target);
  const b = await openStore(storage.target);
  stores.push(a, b);
  return [a, b];
}

describe('request budgets in the database', () => {
  it('refill at their rate up to the burst, and two nodes taking at once share one bucket', async () => {
    const [a, b] = await twoNodes();
    const rate = { perSecond: 2, burst: 3 };
    const take = (store: Store, now: number, key = 'u1:general') =>
      store.withTransaction((tx) => tx.requestBudgets.take(key, rate, now));
    expect([await take(a, 0), await take(b, 0), await take(a, 0), await take(b, 0)]).toEqual([true, true, true, false]);
    // half a second refills one token (2/s); a clock behind the stored time refills nothing
    expect([await take(b, 500), await take(a, 500), await take(a, 100)]).toEqual([true, false, false]);
    // a full bucket never holds more than the burst, however long it waited
    const later = 1_000_000;
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => take(i % 2 ? a : b, later)));
    expect(burst.filter(Boolean)).toHaveLength(3);
    // another key is another bucket
    expect(await take(a, later, 'u2:general')).toBe(true);
  });

  it('a user over budget on one node is refused on the other, while another user is not', async () => {
    const storage = await createTestStorage();
    storages.push(storage);
    const rateLimit = { perSecond: 0.001, burst: 4 };
    const first = await startTestServer({ storage, rateLimit, sharedLimits: true });
    servers.push(first);
    const second = await startTestServer({ storage, rateLimit, sharedLimits: true, demo: false });
    servers.push(second);
    const { token } = await login(first.url, 'alice@acme.test');
    const onFirst = await connect(first.url, token);
    const onSecond = await connect(second.url, token);
    const acme = await streamNamed(onFirst, 'Acme');
    const send = (socket: typeof onFirst) =>
      request(socket, 'message:send', { streamId: acme.id, clientId: uuidv7(), body: 'budget' });
    // hello took one on the first node; three sends use up the rest
    for (let i = 0; i < 3; i += 1) expect((await send(onFirst)).ok).toBe(true);
    // the second node's own budget is untouched, the shared one is not
    expect(await send(onSecond)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    const bob = await connect(second.url, (await login(second.url, 'bob@acme.test')).token);
    expect((await ok(bob, 'hello', {})).streams.length).toBeGreaterThan(0);
    for (const socket of [onFirst, onSecond, bob]) socket.close();
  });
});

describe('login throttle in the database', () => {
  it('counts failures on one node against logins on another', async () => {
    const storage = await createTestStorage();
    storages.push(storage);
    const rateLimit = { loginMaxFailures: 2, loginMaxFailuresPerAccount: 100, loginMaxFailuresPerAddress: 1000 };
    const first = await startTestServer({ storage, rateLimit, sharedLimits: true });
    servers.push(first);
    const second = await startTestServer({ storage, rateLimit, sharedLimits: true, demo: false });
    servers.push(second);
    const attempt = async (url: string, password: string) =>
      (
        await fetch(`${url}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'bob@acme.test', password }),
        })
      ).status;
    // a right password forgives its own attempt: carol's successes never count
    await login(second.url, 'carol@acme.test');
    expect(await attempt(first.url, 'wrong-1')).toBe(401);
    expect(await attempt(second.url, 'wrong-2')).toBe(401);
    // blocked on both nodes, even with the right password
    expect(await attempt(first.url, 'tributary')).toBe(429);
    expect(await attempt(second.url, 'tributary')).toBe(429);
    await login(first.url, 'carol@acme.test');
  });

  it('forgives and forgets through the repository', async () => {
    const [a, b] = await twoNodes();
    const failures = await a.withTransaction(async (tx) => {
      await tx.loginFailures.insert('pair:k', 10);
      await tx.loginFailures.insert('pair:k', 20);
      await tx.loginFailures.insert('pair:k', 20);
      await tx.loginFailures.insert('pair:other', 5);
      return [
        await tx.loginFailures.nthNewestAfter('pair:k', 0, 3),
        await tx.loginFailures.nthNewestAfter('pair:k', 10, 3),
      ];
    });
    expect(failures).toEqual([10, null]);
    expect(await b.withTransaction((tx) => tx.loginFailures.deleteOne('pair:k', 20))).toBe(true);
    expect(await b.withTransaction((tx) => tx.loginFailures.nthNewestAfter('pair:k', 0, 2))).toBe(10);
    expect(await a.withTransaction((tx) => tx.loginFailures.deleteOne('pair:k', 99))).toBe(false);
    expect(await a.withTransaction((tx) => tx.loginFailures.deleteUpTo(10))).toBe(2);
    await b.withTransaction((tx) => tx.loginFailures.deleteKey('pair:k'));
    expect(await a.withTransaction((tx) => tx.loginFailures.nthNewestAfter('pair:k', 0, 1))).toBeNull();
  });
});
