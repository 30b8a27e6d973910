// An account deactivated by the organization: its sessions end, and login and the socket handshake
// answer a code of their own (DEACTIVATED), which tells the desktop apps to wipe the account's data.
// Runs on both engines (projects `node` and `server-postgres`) through the storage fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminMain } from '../../server/admin/cli';
import {
  connect,
  DEMO_PASSWORD,
  login,
  startTestServer,
  TEST_SCRYPT_COST,
  waitFor,
  type TestServer,
} from '../helpers/server';

async function loginStatus(url: string, email: string, password: string): Promise<{ status: number; code: unknown }> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { error?: { code?: unknown } };
  return { status: res.status, code: body.error?.code };
}

describe('deactivating an account', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ adminPollMs: 50 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('through the running server: live sockets drop, the old token and the password both get DEACTIVATED', async () => {
    const { token } = await login(server.url, 'bob@acme.test');
    const socket = await connect(server.url, token);
    let dropped = false;
    socket.on('disconnect', () => (dropped = true));
    expect(await server.server.admin.deactivateUser({ email: 'bob@acme.test' })).toEqual({
      revokedSessions: 1,
      already: false,
    });
    await waitFor(() => dropped);
    await expect(connect(server.url, token)).rejects.toThrow('DEACTIVATED');
    expect(await loginStatus(server.url, 'bob@acme.test', DEMO_PASSWORD)).toEqual({ status: 403, code: 'DEACTIVATED' });
    // a wrong password learns nothing more than with any other account
    expect(await loginStatus(server.url, 'bob@acme.test', 'not the password')).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    // an unknown token is still just unauthenticated
    await expect(connect(server.url, 'not-a-token')).rejects.toThrow('UNAUTHENTICATED');
    expect(await server.server.admin.deactivateUser({ email: 'bob@acme.test' })).toMatchObject({ already: true });
  });

  it('from the admin CLI in another process: the running server ends the sessions within a poll', async () => {
    const { token } = await login(server.url, 'carol@acme.test');
    const socket = await connect(server.url, token);
    let dropped = false;
    socket.on('disconnect', () => (dropped = true));
    const result = await adminMain(
      ['deactivate-user', '--email', 'carol@acme.test', '--json', ...server.storage.cliArgs],
      {
        scryptCost: TEST_SCRYPT_COST,
      },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, result: { revokedSessions: 1, already: false } });
    await waitFor(() => dropped);
    await expect(connect(server.url, token)).rejects.toThrow('DEACTIVATED');
    const audit = await adminMain(
      ['list-audit', '--org', 'Acme', '--action', 'user.deactivated', '--json', ...server.storage.cliArgs],
      {
        scryptCost: TEST_SCRYPT_COST,
      },
    );
    expect(JSON.parse(audit.stdout).result).toHaveLength(2);
  });

  it('refuses an unknown email in one line', async () => {
    const result = await adminMain(['deactivate-user', '--email', 'nobody@acme.test', ...server.storage.cliArgs], {
      scryptCost: TEST_SCRYPT_COST,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
