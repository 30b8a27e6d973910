// The authorization matrix of the file routes: who may upload into which stream, and who may download
// a file (before it is attached, in a team stream, in the org stream, in a direct conversation, after
// deletion). A refusal to download is always the same 404, so an id tells an outsider nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { FileRef, Stream } from '../../shared/protocol/index';
import { get, png, upload } from '../helpers/files';
import { login, ok, startTestServer, connect, type ClientSocket, type TestServer } from '../helpers/server';

type Actor = 'otherTeam' | 'otherOrg' | 'member' | 'curator' | 'admin' | 'compliance';
const ACTORS: Actor[] = ['otherTeam', 'otherOrg', 'member', 'curator', 'admin', 'compliance'];
const WHO: Record<Actor, [string, string | undefined]> = {
  otherTeam: ['carol@acme.test', undefined],
  otherOrg: ['zed@globex.test', 'globex-password'],
  member: ['bob@acme.test', undefined],
  curator: ['alice@acme.test', undefined],
  admin: ['dave@acme.test', undefined],
  compliance: ['cora@acme.test', 'compliance-password'],
};

let ts: TestServer;
const tokens = {} as Record<Actor, string>;
const sockets = {} as Record<Actor, ClientSocket>;
let design: Stream;
let orgStream: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const admin = ts.server.admin;
  await admin.createOrg('Globex');
  await admin.addUser({ org: 'Globex', email: 'zed@globex.test', name: 'Zed Zimmer', password: 'globex-password' });
  await admin.addTeam({ org: 'Globex', name: 'Ops', handle: 'ops' });
  await admin.addMember({ email: 'zed@globex.test', team: 'ops', role: 'curator' });
  await admin.addUser({
    org: 'Acme',
    email: 'cora@acme.test',
    name: 'Cora Compliance',
    password: 'compliance-password',
    orgRole: 'compliance',
  });
  for (const actor of ACTORS) {
    const [email, password] = WHO[actor];
    tokens[actor] = (await login(ts.url, email, password)).token;
    sockets[actor] = await connect(ts.url, tokens[actor]);
  }
  const hello = await ok(sockets.curator, 'hello', {});
  design = hello.streams.find((s) => s.name === 'Design')!;
  orgStream = hello.streams.find((s) => s.kind === 'org')!;
});
afterAll(async () => {
  for (const actor of ACTORS) sockets[actor].close();
  await ts.close();
});

const put = async (who: Actor, streamId: string, bytes: Buffer = Buffer.from('bytes')) =>
  upload(ts.url, tokens[who], streamId, 'file.bin', bytes);
const attach = async (who: Actor, streamId: string, file: FileRef) =>
  (await ok(sockets[who], 'message:send', { streamId, clientId: uuidv7(), body: '', fileIds: [file.id] })).message;

/** Every actor's status for GET path. */
async function statuses(path: string): Promise<Record<Actor, number>> {
  const result = {} as Record<Actor, number>;
  for (const actor of ACTORS) result[actor] = (await get(ts.url, tokens[actor], path)).status;
  return result;
}

describe('uploading', () => {
  it('into a team stream: its members only', async () => {
    const result = {} as Record<Actor, number>;
    for (const actor of ACTORS) result[actor] = (await put(actor, design.id)).status;
    expect(result).toEqual({ otherTeam: 403, otherOrg: 403, member: 201, curator: 201, admin: 403, compliance: 403 });
  });

  it('into the org stream: everyone of that organization', async () => {
    const result = {} as Record<Actor, number>;
    for (const actor of ACTORS) result[actor] = (await put(actor, orgStream.id)).status;
    expect(result).toEqual({ otherTeam: 201, otherOrg: 403, member: 201, curator: 201, admin: 201, compliance: 201 });
  });

  it('into a direct conversation: its participants only', async () => {
    const bobId = (await ok(sockets.member, 'hello', {})).user.id;
    const { stream } = await ok(sockets.curator, 'dm:open', { userIds: [bobId] });
    const result = {} as Record<Actor, number>;
    for (const actor of ACTORS) result[actor] = (await put(actor, stream.id)).status;
    expect(result).toEqual({ otherTeam: 403, otherOrg: 403, member: 201, curator: 201, admin: 403, compliance: 403 });
  });
});

describe('downloading', () => {
  it('an upload not yet attached: its uploader only', async () => {
    const file = (await put('member', design.id)).json.file!;
    expect(await statuses(`/api/files/${file.id}`)).toEqual({
      otherTeam: 404,
      otherOrg: 404,
      member: 200,
      curator: 404,
      admin: 404,
      compliance: 404,
    });
  });

  it('a file of a team stream, and its thumbnail: whoever reads the stream', async () => {
    const file = (await put('member', design.id, await png(40, 20))).json.file!;
    await attach('member', design.id, file);
    const readers = { otherTeam: 404, otherOrg: 404, member: 200, curator: 200, admin: 404, compliance: 404 };
    expect(await statuses(`/api/files/${file.id}`)).toEqual(readers);
    expect(await statuses(`/api/files/${file.id}/thumbnail`)).toEqual(readers);
  });

  it('a file of the org stream: everyone of that organization', async () => {
    const file = (await put('otherTeam', orgStream.id)).json.file!;
    await attach('otherTeam', orgStream.id, file);
    expect(await statuses(`/api/files/${file.id}`)).toEqual({
      otherTeam: 200,
      otherOrg: 404,
      member: 200,
      curator: 200,
      admin: 200,
      compliance: 200,
    });
  });

  it('a file of a direct conversation: its participants only, never admins or compliance', async () => {
    const bobId = (await ok(sockets.member, 'hello', {})).user.id;
    const { stream } = await ok(sockets.curator, 'dm:open', { userIds: [bobId] });
    const file = (await put('curator', stream.id)).json.file!;
    await attach('curator', stream.id, file);
    expect(await statuses(`/api/files/${file.id}`)).toEqual({
      otherTeam: 404,
      otherOrg: 404,
      member: 200,
      curator: 200,
      admin: 404,
      compliance: 404,
    });
  });

  it('a file of a deleted message: nobody', async () => {
    const file = (await put('member', design.id)).json.file!;
    const message = await attach('member', design.id, file);
    await ok(sockets.curator, 'message:delete', { messageId: message.id });
    expect(Object.values(await statuses(`/api/files/${file.id}`))).toEqual(ACTORS.map(() => 404));
  });

  it('without a session: 401 for every route', async () => {
    const file = (await put('member', orgStream.id)).json.file!;
    expect((await get(ts.url, null, `/api/files/${file.id}`)).status).toBe(401);
    expect((await get(ts.url, 'not-a-token', `/api/files/${file.id}/thumbnail`)).status).toBe(401);
    expect((await upload(ts.url, null, orgStream.id, 'x.bin', Buffer.from('x'))).status).toBe(401);
  });
});
