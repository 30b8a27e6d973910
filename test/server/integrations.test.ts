// Integrations of team streams over the socket protocol and the admin CLI: created by curators and org
// admins with a flow token shown once (stored only as its SHA-256), listed, revoked, audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminMain } from '../../server/admin/cli';
import { hashToken } from '../../server/auth/tokens';
import type { Stream } from '../../shared/protocol/index';
import { api } from '../helpers/flowdock';
import {
  connectDemoUsers,
  ok,
  rawSql,
  readStore,
  request,
  startTestServer,
  streamNamed,
  TEST_SCRYPT_COST,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket;
let bob: ClientSocket;
let dave: ClientSocket;
let design: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  [alice, bob, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'dave']);
  design = await streamNamed(alice, 'Design');
});
afterAll(async () => {
  for (const s of [alice, bob, dave]) s.close();
  await ts.close();
});

const cli = async (...argv: string[]) => {
  const result = await adminMain([...argv, '--json', ...ts.storage.cliArgs], { scryptCost: TEST_SCRYPT_COST });
  return { code: result.code, body: JSON.parse(result.stdout) as { ok: boolean; result?: unknown; error?: string } };
};

const postWith = (flowToken: string, content: string) =>
  api(ts.url, '/messages', { method: 'POST', json: { flow_token: flowToken, event: 'message', content } });

describe('integration:create, integration:list, integration:revoke', () => {
  it('shows the flow token once, stores only its hash, lists and revokes the integration, audited', async () => {
    const created = await ok(alice, 'integration:create', {
      streamId: design.id,
      name: 'Zendesk',
      avatarUrl: 'https://zendesk.test/icon.png',
    });
    expect(created.flowToken).toMatch(/^[0-9a-f]{40}$/);
    expect(created.integration).toMatchObject({
      streamId: design.id,
      name: 'Zendesk',
      avatarUrl: 'https://zendesk.test/icon.png',
    });
    const stored = await rawSql(ts, (sql) =>
      sql.get<{ token_hash: string }>('SELECT token_hash FROM integrations WHERE id = ?', [created.integration.id]),
    );
    expect(stored?.token_hash).toBe(hashToken(created.flowToken));
    expect(JSON.stringify(await ok(alice, 'integration:list', { streamId: design.id }))).not.toContain(
      created.flowToken,
    );
    const listed = await ok(dave, 'integration:list', { streamId: design.id });
    expect(listed.integrations.map((i) => i.id)).toContain(created.integration.id);

    expect((await postWith(created.flowToken, 'before revoking')).status).toBe(200);
    await ok(dave, 'integration:revoke', { integrationId: created.integration.id });
    expect((await postWith(created.flowToken, 'after revoking')).status).toBe(401);
    const after = await ok(alice, 'integration:list', { streamId: design.id });
    expect(after.integrations.map((i) => i.id)).not.toContain(created.integration.id);
    expect(await request(alice, 'integration:revoke', { integrationId: created.integration.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const records = await readStore(ts, async (tx) => [
      ...(await tx.audit.list({ action: 'integration.create' })),
      ...(await tx.audit.list({ action: 'integration.revoke' })),
    ]);
    const mine = records.filter((r) => JSON.stringify(r.detail).includes(created.integration.id));
    expect(mine.map((r) => r.action).sort()).toEqual(['integration.create', 'integration.revoke']);
    expect(mine.every((r) => r.target === design.id)).toBe(true);
    expect(JSON.stringify(records)).not.toContain(created.flowToken);
  });

  it('refuses members, the org-wide stream, a blocked avatar and a non-http avatar', async () => {
    expect(await request(bob, 'integration:create', { streamId: design.id, name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const org = await streamNamed(alice, 'Acme');
    expect(await request(dave, 'integration:create', { streamId: org.id, name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID', field: 'streamId' },
    });
    await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: ['evil.example'] });
    try {
      expect(
        await request(alice, 'integration:create', {
          streamId: design.id,
          name: 'x',
          avatarUrl: 'https://evil.example/a.png',
        }),
      ).toMatchObject({ ok: false, error: { code: 'POLICY_BLOCKED', field: 'avatarUrl' } });
    } finally {
      await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: [] });
    }
    expect(
      await request(alice, 'integration:create', { streamId: design.id, name: 'x', avatarUrl: 'javascript:alert(1)' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    // PostgreSQL text cannot hold NUL: refused as input, never an internal error
    expect(await request(alice, 'integration:create', { streamId: design.id, name: 'C\u0000I' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID', field: 'name' },
    });
  });
});

describe('admin CLI: create-integration, list-integrations, revoke-integration', () => {
  it('creates an integration under the team’s curator, lists it and revokes it', async () => {
    const created = await cli('create-integration', '--org', 'Acme', '--team', 'design', '--name', 'Jenkins');
    expect(created).toMatchObject({ code: 0, body: { ok: true, result: { integration: { name: 'Jenkins' } } } });
    const { integration, flowToken } = created.body.result as {
      integration: { id: string; createdBy: string };
      flowToken: string;
    };
    const aliceId = (await ok(alice, 'hello', {})).user.id;
    expect(integration.createdBy).toBe(aliceId);
    const posted = await postWith(flowToken, 'Build 7 passed');
    expect(posted.status).toBe(200);
    const listed = await cli('list-integrations', '--org', 'Acme', '--team', 'design');
    expect((listed.body.result as Array<{ id: string }>).map((i) => i.id)).toContain(integration.id);
    expect((await cli('revoke-integration', '--org', 'Acme', '--id', integration.id)).code).toBe(0);
    expect((await postWith(flowToken, 'Build 8 passed')).status).toBe(401);
    expect((await cli('revoke-integration', '--org', 'Acme', '--id', integration.id)).body.error).toMatch(
      /no live integration/,
    );
  });

  it('refuses a team without a curator unless --as names one, and an unknown team', async () => {
    expect(
      (await cli('create-integration', '--org', 'Acme', '--team', 'engineering', '--name', 'CI')).body.error,
    ).toMatch(/no curator/);
    const asAdmin = await cli(
      'create-integration',
      '--org',
      'Acme',
      '--team',
      'engineering',
      '--name',
      'CI',
      '--as',
      'dave@acme.test',
    );
    expect(asAdmin.code).toBe(0);
    expect((await cli('create-integration', '--org', 'Acme', '--team', 'nope', '--name', 'CI')).body.error).toMatch(
      /no team/,
    );
    // bob is only a member: he may not steward an integration
    expect(
      (await cli('create-integration', '--org', 'Acme', '--team', 'design', '--name', 'CI', '--as', 'bob@acme.test'))
        .code,
    ).toBe(1);
  });
});
