// Changes to what a user may do reach their connected sockets without a reconnect: the link policy,
// their team role and their org role, whether made through the running server or the admin CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerPush } from '../../shared/protocol/index';
import { adminMain } from '../../server/admin/cli';
import {
  collect,
  connectDemoUsers,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let bob: ClientSocket; // Design member
let carol: ClientSocket; // Engineering member

beforeAll(async () => {
  ts = await startTestServer({ adminPollMs: 50 });
  [bob, carol] = await connectDemoUsers(ts.url, ['bob', 'carol'] as const);
});
afterAll(async () => {
  bob.close();
  carol.close();
  await ts.close();
});

const cli = (...argv: string[]) => adminMain([...argv, '--json', ...ts.storage.cliArgs]);

describe('live access changes', () => {
  it('pushes a new link policy to everyone in the organization', async () => {
    const seen = collect<ServerPush<'urlPolicy:changed'>>(carol, 'urlPolicy:changed');
    await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: ['evil.test'] });
    await waitFor(() => seen.length === 1);
    expect(seen[0]!.urlPolicy).toEqual({ allow: [], deny: ['evil.test'] });
    expect((await cli('set-url-policy', '--org', 'Acme', '--deny', 'worse.test')).code).toBe(0);
    await waitFor(() => seen.length === 2);
    expect(seen[1]!.urlPolicy).toEqual({ allow: [], deny: ['worse.test'] });
  });

  it('pushes a team role change to that user only, with the stream as they now see it', async () => {
    const bobs = collect<ServerPush<'stream:changed'>>(bob, 'stream:changed');
    const carols = collect<ServerPush<'stream:changed'>>(carol, 'stream:changed');
    await ts.server.admin.setTeamRole({ email: 'bob@acme.test', team: 'design', role: 'curator' });
    await waitFor(() => bobs.length === 1);
    expect(bobs[0]!.stream).toMatchObject({ name: 'Design', role: 'curator' });
    expect((await cli('set-role', '--email', 'bob@acme.test', '--team', 'design', '--role', 'member')).code).toBe(0);
    await waitFor(() => bobs.length === 2);
    expect(bobs[1]!.stream).toMatchObject({ name: 'Design', role: 'member' });
    // carol heard nothing of it: her own role change below is the sentinel
    const carolUser = collect<ServerPush<'user:changed'>>(carol, 'user:changed');
    await ts.server.admin.setOrgRole({ email: 'carol@acme.test', role: 'admin' });
    await waitFor(() => carolUser.length === 1);
    expect(carols).toEqual([]);
  });

  it('pushes an org role change to the user, from the CLI too', async () => {
    const seen = collect<ServerPush<'user:changed'>>(carol, 'user:changed');
    expect((await cli('set-role', '--email', 'carol@acme.test', '--org-role', 'compliance')).code).toBe(0);
    await waitFor(() => seen.length === 1);
    expect(seen[0]!.user).toMatchObject({ email: 'carol@acme.test', orgRole: 'compliance' });
  });
});
