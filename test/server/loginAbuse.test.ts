// Abuse of the login endpoint: cross-site content types, throttling by account and by (account,
// address) with X-Forwarded-For believed only with --trust-proxy, an address that is slowed down but
// never locks out other accounts, and the server-wide bound on password checks.
import { afterEach, describe, expect, it } from 'vitest';
import { LoginGuard, DEFAULT_LOGIN_LIMITS } from '../../server/auth/loginGuard';
import { WorkPool, PoolFullError } from '../../server/auth/workPool';
import { login, readStore, startTestServer, type TestServer } from '../helpers/server';

let ts: TestServer | null = null;
afterEach(async () => {
  await ts?.close();
  ts = null;
});

/** POSTs a login with optional extra headers; returns the status and error code. */
async function attempt(
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; code: string | null; message: string | null }> {
  const res = await fetch(`${ts!.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { error?: { code: string; message: string } };
  return { status: res.status, code: body.error?.code ?? null, message: body.error?.message ?? null };
}

const fromAddress = (address: string) => ({ 'x-forwarded-for': address });

describe('POST /api/login content type', () => {
  it('accepts only application/json: text/plain and forms (cross-site without preflight) get 415', async () => {
    ts = await startTestServer();
    const body = JSON.stringify({ email: 'alice@acme.test', password: 'tributary' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await fetch(`${ts.url}/api/login`, { method: 'POST', headers: { 'content-type': type }, body });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: { code: 'INVALID', field: 'content-type' } });
    }
    const noType = await fetch(`${ts.url}/api/login`, { method: 'POST', body: new Blob([body]) });
    expect(noType.status).toBe(415);
    const withCharset = await fetch(`${ts.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body,
    });
    expect(withCharset.status).toBe(200);
  });
});

describe('login throttle', () => {
  it('blocks per (account, real address) behind a trusted proxy, and per account across addresses', async () => {
    ts = await startTestServer({
      trustProxy: 'loopback',
      rateLimit: { loginMaxFailures: 2, loginMaxFailuresPerAccount: 6, loginMaxFailuresPerAddress: 1000 },
    });
    const a = fromAddress('203.0.113.1');
    expect((await attempt('bob@acme.test', 'wrong-1', a)).status).toBe(401);
    expect((await attempt('bob@acme.test', 'wrong-2', a)).status).toBe(401);
    // this address is done guessing bob's password, even with the right one
    expect(await attempt('bob@acme.test', 'tributary', a)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // bob from his own address is not locked out by it; nor is anyone else at the attacker's address
    expect((await attempt('bob@acme.test', 'tributary', fromAddress('198.51.100.20'))).status).toBe(200);
    expect((await attempt('alice@acme.test', 'tributary', a)).status).toBe(200);
    // distributed guessing: the account as a whole has a ceiling of 6 failures in the window
    for (const address of ['203.0.113.2', '203.0.113.3']) {
      for (const guess of ['x-1', 'x-2'])
        expect((await attempt('bob@acme.test', guess, fromAddress(address))).status).toBe(401);
    }
    expect((await attempt('bob@acme.test', 'tributary', fromAddress('203.0.113.99'))).status).toBe(429);
    const seen = (await readStore(ts, (tx) => tx.audit.list({ action: 'login.failed', limit: 100 }))).map(
      (r) => (r.detail as { address: string }).address,
    );
    expect(new Set(seen)).toEqual(new Set(['203.0.113.1', '203.0.113.2', '203.0.113.3']));
  });

  it('ignores X-Forwarded-For unless told to trust a proxy: a forged header changes nothing', async () => {
    ts = await startTestServer({ rateLimit: { loginMaxFailures: 2, loginMaxFailuresPerAddress: 1000 } });
    expect((await attempt('carol@acme.test', 'no-1', fromAddress('203.0.113.1'))).status).toBe(401);
    expect((await attempt('carol@acme.test', 'no-2', fromAddress('203.0.113.2'))).status).toBe(401);
    expect((await attempt('carol@acme.test', 'no-3', fromAddress('203.0.113.3'))).status).toBe(429);
    const addresses = (await readStore(ts, (tx) => tx.audit.list({ action: 'login.failed' }))).map(
      (r) => (r.detail as { address: string }).address,
    );
    expect(addresses.every((a) => a === '127.0.0.1' || a === '::ffff:127.0.0.1')).toBe(true);
  });

  it('with a hop count takes the address that many proxies in front of us saw', async () => {
    ts = await startTestServer({ trustProxy: '1', rateLimit: { loginMaxFailuresPerAddress: 1000 } });
    // a client-written entry first, then the one our single proxy appended: only the latter counts
    await attempt('dave@acme.test', 'nope-nope', fromAddress('10.6.6.6, 192.0.2.44'));
    const [failed] = await readStore(ts, (tx) => tx.audit.list({ action: 'login.failed' }));
    expect((failed!.detail as { address: string }).address).toBe('192.0.2.44');
  });

  it('refuses to start with a malformed --trust-proxy', async () => {
    await expect(startTestServer({ trustProxy: 'not-an-address' })).rejects.toThrow('--trust-proxy');
    await expect(startTestServer({ trustProxy: '0' })).rejects.toThrow('--trust-proxy');
  });

  it('slows down an address with many failures but never locks out the other accounts behind it', async () => {
    ts = await startTestServer({
      rateLimit: { loginMaxFailures: 5, loginMaxFailuresPerAddress: 3, loginSlowdownMs: 50 },
    });
    // many failures from one address (everyone behind one proxy), spread over accounts
    for (let i = 0; i < 8; i += 1) {
      expect((await attempt(`nobody-${i}@acme.test`, 'guess', {})).status).toBe(401);
    }
    for (const who of ['alice', 'bob', 'carol', 'dave']) {
      expect((await login(ts.url, `${who}@acme.test`)).user.email).toBe(`${who}@acme.test`);
    }
  });

  it('LoginGuard: an address over its limit is slowed down, a success forgives only its own attempt', async () => {
    const guard = new LoginGuard({ ...DEFAULT_LOGIN_LIMITS, maxFailuresPerAddress: 2, maxFailuresPerAccount: 3 });
    const t = 1_000_000;
    await guard.begin('a@x.test', '192.0.2.1', t);
    expect(await guard.slowdownFor('192.0.2.1', t)).toBe(0);
    await guard.begin('b@x.test', '192.0.2.1', t + 1);
    expect(await guard.slowdownFor('192.0.2.1', t + 2)).toBe(DEFAULT_LOGIN_LIMITS.slowdownMs);
    expect(await guard.blockedFor('c@x.test', '192.0.2.1', t + 2)).toBe(0);
    await guard.begin('a@x.test', '192.0.2.2', t + 3);
    const ok = await guard.begin('a@x.test', '192.0.2.3', t + 4);
    await guard.succeeded(ok);
    // the attacker's failures from other addresses stay counted against the account
    await guard.begin('a@x.test', '192.0.2.4', t + 5);
    expect(await guard.blockedFor('a@x.test', '192.0.2.5', t + 6)).toBeGreaterThan(0);
    expect(await guard.slowdownFor('192.0.2.1', t + DEFAULT_LOGIN_LIMITS.windowMs + 10)).toBe(0);
  });
});

describe('password checks are bounded server-wide', () => {
  it('WorkPool never runs more than its concurrency and refuses beyond its waiting line', async () => {
    const pool = new WorkPool(2, 3);
    let running = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const job = () =>
      pool.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => releases.push(r));
        running -= 1;
      });
    const accepted = Array.from({ length: 5 }, job);
    await expect(job()).rejects.toBeInstanceOf(PoolFullError);
    expect(pool.load).toEqual({ running: 2, waiting: 3 });
    while (releases.length > 0 || pool.load.running > 0) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(accepted);
    expect(peak).toBe(2);
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
  });

  it('answers 429 at once when every password check slot and the waiting line are taken', async () => {
    // a realistic scrypt cost, so checks overlap: one runs, one waits, the rest are refused
    ts = await startTestServer({
      scryptCost: 2 ** 15,
      rateLimit: { loginConcurrency: 1, loginQueue: 1, loginMaxFailures: 100, loginMaxFailuresPerAddress: 1000 },
    });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt(`someone-${i}@acme.test`, 'guess')));
    const busy = results.filter((r) => r.status === 429);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(busy.every((r) => r.code === 'RATE_LIMITED' && r.message!.includes('busy'))).toBe(true);
    expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r.status === 401 || r.status === 429)).toBe(true);
  });
});
