import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../server/auth/tokens';
import { DEFAULT_SCRYPT_COST, hashPassword, parsePasswordHash, verifyPassword } from '../../server/auth/passwords';
import { createLogger } from '../../server/logger';
import {
  connect,
  login,
  rawSql,
  readStore,
  request,
  startTestServer,
  waitFor,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { loginMaxFailures: 3, loginMaxFailuresPerAddress: 1000 } });
});
afterAll(async () => ts.close());

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${ts.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('HTTP auth', () => {
  it('answers health', async () => {
    const res = await fetch(`${ts.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('logs in with the demo password and returns user and org', async () => {
    const session = await login(ts.url, 'alice@acme.test');
    expect(session.token).toMatch(/^[\w-]{43}$/);
    expect(session.user).toMatchObject({
      email: 'alice@acme.test',
      name: 'Alice Archer',
      handle: 'alice',
      orgRole: 'member',
    });
    expect(session.org.name).toBe('Acme');
    expect(session.expiresAt).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });

  it('refuses a wrong password with 401 JSON and a code, no stack', async () => {
    const res = await post('/api/login', JSON.stringify({ email: 'bob@acme.test', password: 'nope' }));
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'wrong email or password' } });
    expect(text).not.toMatch(/at .*\.ts/);
  });

  it('refuses an unknown email the same way', async () => {
    const res = await post('/api/login', JSON.stringify({ email: 'nobody@acme.test', password: 'tributary' }));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['not json', '{oops'],
    ['missing password', JSON.stringify({ email: 'alice@acme.test' })],
    ['wrong types', JSON.stringify({ email: 42, password: [] })],
    ['extra keys', JSON.stringify({ email: 'alice@acme.test', password: 'x', admin: true })],
    ['array body', '[]'],
  ])('answers 400 INVALID to a malformed body (%s)', async (_label, body) => {
    const res = await post('/api/login', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID');
  });

  it('answers 405 for a wrong method and 413 for an oversized body', async () => {
    expect((await fetch(`${ts.url}/api/login`)).status).toBe(405);
    const res = await post('/api/login', JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID');
  });

  it('answers JSON 404 for unknown routes', async () => {
    const res = await fetch(`${ts.url}/api/nothing`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('refuses sockets without a valid token', async () => {
    await expect(connect(ts.url, null)).rejects.toThrow('UNAUTHENTICATED');
    await expect(connect(ts.url, 'forged-token')).rejects.toThrow('UNAUTHENTICATED');
  });

  it('logout revokes the token and disconnects its sockets, but not other sessions', async () => {
    const first = await login(ts.url, 'carol@acme.test');
    const second = await login(ts.url, 'carol@acme.test');
    const doomed = await connect(ts.url, first.token);
    const survivor = await connect(ts.url, second.token);
    let disconnected = false;
    doomed.on('disconnect', () => (disconnected = true));
    const res = await post('/api/logout', '', { authorization: `Bearer ${first.token}` });
    expect(res.status).toBe(200);
    await waitFor(() => disconnected);
    await expect(connect(ts.url, first.token)).rejects.toThrow('UNAUTHENTICATED');
    const again = await post('/api/logout', '', { authorization: `Bearer ${first.token}` });
    expect(again.status).toBe(401);
    const ack = await request(survivor, 'hello', {});
    expect(ack.ok).toBe(true);
    survivor.close();
  });

  it('throttles an account after repeated failures with 429 and Retry-After, even for the right password', async () => {
    for (let i = 0; i < 3; i += 1) {
      const res = await post('/api/login', JSON.stringify({ email: 'dave@acme.test', password: `wrong-${i}` }));
      expect(res.status).toBe(401);
    }
    const res = await post('/api/login', JSON.stringify({ email: 'dave@acme.test', password: 'tributary' }));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    // Another account from the same address is unaffected.
    expect((await login(ts.url, 'bob@acme.test')).user.email).toBe('bob@acme.test');
  });

  it('audits logins, failures and logouts', async () => {
    const actions = (await readStore(ts, (tx) => tx.audit.list({ limit: 1000 }))).map((r) => r.action);
    expect(actions).toContain('login');
    expect(actions).toContain('login.failed');
    expect(actions).toContain('logout');
    const failed = await readStore(ts, (tx) => tx.audit.list({ action: 'login.failed' }));
    expect(JSON.stringify(failed)).not.toContain('wrong-');
  });

  it('stores tokens only as SHA-256 hashes', async () => {
    const { token } = await login(ts.url, 'bob@acme.test');
    const rows = await rawSql(ts, (sql) => sql.all<{ token_hash: string }>('SELECT token_hash FROM tokens'));
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.some((r) => r.token_hash === hashToken(token))).toBe(true);
  });
});

describe('structured logs', () => {
  it('writes one JSON object per line at or above the level', () => {
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line));
    log.debug('hidden');
    log.info('login', { userId: 'u1' });
    log.error('boom');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'login', userId: 'u1' });
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
  });

  it('redacts tokens, passwords, bodies, authorization and cookies wherever a careless call puts them', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (line) => lines.push(line));
    const secrets = ['tok-SECRET-1', 'pw-SECRET-2', 'body-SECRET-3', 'Bearer SECRET-4', 'c=SECRET-5', 'tok-SECRET-6'];
    log.info('request', {
      token: secrets[0],
      password: secrets[1],
      message: { body: secrets[2], id: 'm1' },
      req: { headers: { authorization: secrets[3], cookie: secrets[4] } },
      handshake: { auth: { token: secrets[5] } },
      userId: 'u1',
    });
    expect(lines).toHaveLength(1);
    for (const secret of secrets) expect(lines[0]).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({ userId: 'u1', message: { id: 'm1', body: '[redacted]' } });
  });
});

describe('password hashing', () => {
  it('uses the OWASP scrypt floor by default and stores the parameters with the hash', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$N=131072,r=8,p=1\$/);
    const parsed = parsePasswordHash(stored)!;
    expect(parsed).toMatchObject({ N: DEFAULT_SCRYPT_COST, r: 8, p: 1 });
    expect(DEFAULT_SCRYPT_COST).toBe(2 ** 17);
    expect(parsed.salt.length).toBe(16);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('wrong', stored)).toBe(false);
  });

  it('stores salted hashes for users, never the password', async () => {
    const rows = await rawSql(ts, (sql) => sql.all<{ h: string }>('SELECT password_hash AS h FROM users'));
    expect(rows.length).toBe(4);
    for (const row of rows) {
      expect(row.h).toMatch(/^scrypt\$N=\d+,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
      expect(row.h).not.toContain('tributary');
    }
  });
});
