// Personal API tokens from the admin CLI: created for a user (the secret printed once), usable at once
// against a running server's bot API, and revoked again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminMain } from '../../server/admin/cli';
import { api, basicAuth } from '../helpers/flowdock';
import { startTestServer, TEST_SCRYPT_COST, type TestServer } from '../helpers/server';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(() => ts.close());

const admin = async (...argv: string[]) => {
  const result = await adminMain([...argv, '--json', ...ts.storage.cliArgs], { scryptCost: TEST_SCRYPT_COST });
  return { code: result.code, body: JSON.parse(result.stdout) as { ok: boolean; result?: unknown; error?: string } };
};

describe('create-api-token and revoke-api-token', () => {
  it('creates a token a bot can use at once, and revokes it', async () => {
    const created = await admin('create-api-token', '--email', 'Carol@acme.test', '--name', 'deploy bot');
    expect(created).toMatchObject({ code: 0, body: { ok: true, result: { apiToken: { name: 'deploy bot' } } } });
    const { apiToken, secret } = created.body.result as { apiToken: { id: string }; secret: string };
    expect(secret).toMatch(/^[0-9a-f]{40}$/);
    const me = await api(ts.url, '/user', { auth: basicAuth(secret) });
    expect(me.body.email).toBe('carol@acme.test');
    expect((await admin('revoke-api-token', '--email', 'carol@acme.test', '--id', apiToken.id)).code).toBe(0);
    expect((await api(ts.url, '/user', { auth: basicAuth(secret) })).status).toBe(401);
    // a second revocation, or someone else's token, is refused the same way
    expect((await admin('revoke-api-token', '--email', 'carol@acme.test', '--id', apiToken.id)).body.error).toMatch(
      /no API token/,
    );
    expect((await admin('revoke-api-token', '--email', 'bob@acme.test', '--id', apiToken.id)).code).toBe(1);
  });

  it('refuses an unknown user, a missing id and an empty name', async () => {
    expect((await admin('create-api-token', '--email', 'nobody@acme.test')).body.error).toMatch(/no user/);
    expect((await admin('revoke-api-token', '--email', 'bob@acme.test')).body.error).toMatch(/--id is required/);
    expect((await admin('create-api-token', '--email', 'bob@acme.test', '--name', ' ')).body.error).toMatch(/--name/);
  });
});
