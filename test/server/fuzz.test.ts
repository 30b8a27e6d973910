// Malformed input: every request gets over a thousand generated bad payloads; each must be answered
// INVALID, nothing may crash or pollute, and the server must keep serving valid requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { socketRequestNames, type SocketRequestName } from '../../shared/protocol/index';
import { HUGE, invalid, junkString, nested, pick, type Kind } from './fuzzValues';
import { loginAndConnect, ok, request, startTestServer, type ClientSocket, type TestServer } from '../helpers/server';

let ts: TestServer;
let socket: ClientSocket;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 100_000, burst: 100_000 } });
  socket = (await loginAndConnect(ts.url, 'alice@acme.test')).socket;
});
afterAll(async () => {
  socket.close();
  await ts.close();
});

/** Valid payloads (with the kind of each field) from which one thing at a time is broken. */
/** The admin console's requests (names take the 1-100 characters of a token's name). */
const adminTemplates = {
  'admin:users': { payload: {}, kinds: {}, required: [] },
  'admin:addUser': {
    payload: { email: 'new@acme.test', name: 'New Person', orgRole: 'member', password: 'a long passphrase' },
    kinds: { email: 'email', name: 'tokenName', orgRole: 'role', password: 'password' },
    required: ['email', 'name'],
  },
  'admin:setOrgRole': {
    payload: { userId: uuidv7(), orgRole: 'admin' },
    kinds: { userId: 'id', orgRole: 'role' },
    required: ['userId', 'orgRole'],
  },
  'admin:deactivate': { payload: { userId: uuidv7() }, kinds: { userId: 'id' }, required: ['userId'] },
  'admin:resetPassword': {
    payload: { userId: uuidv7(), password: 'a long passphrase' },
    kinds: { userId: 'id', password: 'password' },
    required: ['userId'],
  },
  'admin:teams': { payload: {}, kinds: {}, required: [] },
  'admin:addTeam': {
    payload: { name: 'Research', handle: 'research', policy: 'open' },
    kinds: { name: 'tokenName', handle: 'handle', policy: 'sharing' },
    required: ['name'],
  },
  'admin:renameTeam': {
    payload: { teamId: uuidv7(), name: 'Research' },
    kinds: { teamId: 'id', name: 'tokenName' },
    required: ['teamId', 'name'],
  },
  'admin:archiveTeam': {
    payload: { teamId: uuidv7(), archived: true },
    kinds: { teamId: 'id', archived: 'bool' },
    required: ['teamId', 'archived'],
  },
  'admin:setTeamPolicy': {
    payload: { teamId: uuidv7(), policy: 'approval' },
    kinds: { teamId: 'id', policy: 'sharing' },
    required: ['teamId', 'policy'],
  },
  'admin:setMember': {
    payload: { teamId: uuidv7(), userId: uuidv7(), role: 'curator' },
    kinds: { teamId: 'id', userId: 'id', role: 'role' },
    required: ['teamId', 'userId', 'role'],
  },
  'admin:removeMember': {
    payload: { teamId: uuidv7(), userId: uuidv7() },
    kinds: { teamId: 'id', userId: 'id' },
    required: ['teamId', 'userId'],
  },
  'admin:urlPolicy': { payload: {}, kinds: {}, required: [] },
  'admin:setUrlPolicy': {
    payload: { allow: ['acme.test'], deny: ['evil.test'] },
    kinds: { allow: 'domains', deny: 'domains' },
    required: ['allow', 'deny'],
  },
  'admin:apiTokens': { payload: {}, kinds: {}, required: [] },
  'admin:revokeApiToken': { payload: { apiTokenId: uuidv7() }, kinds: { apiTokenId: 'id' }, required: ['apiTokenId'] },
} satisfies Record<string, { payload: Record<string, unknown>; kinds: Record<string, Kind>; required: string[] }>;

const templates: Record<
  SocketRequestName,
  { payload: Record<string, unknown>; kinds: Record<string, Kind>; required: string[] }
> = {
  hello: { payload: {}, kinds: {}, required: [] },
  'directory:list': { payload: {}, kinds: {}, required: [] },
  sync: {
    payload: { streamId: uuidv7(), afterSeq: 0, limit: 10 },
    kinds: { streamId: 'id', afterSeq: 'seq', limit: 'limit' },
    required: ['streamId', 'afterSeq'],
  },
  history: {
    payload: { streamId: uuidv7(), beforeSeq: 9, limit: 10 },
    kinds: { streamId: 'id', beforeSeq: 'seq', limit: 'limit' },
    required: ['streamId', 'beforeSeq'],
  },
  'message:send': {
    payload: { streamId: uuidv7(), clientId: uuidv7(), body: 'hello', threadRootId: uuidv7() },
    // fileIds only as a mutation: a valid list would make an empty body valid too
    kinds: { streamId: 'id', clientId: 'clientId', body: 'body', threadRootId: 'id', fileIds: 'fileIds' },
    required: ['streamId', 'clientId', 'body'],
  },
  'message:edit': {
    payload: { messageId: uuidv7(), body: 'x' },
    kinds: { messageId: 'id', body: 'body' },
    required: ['messageId', 'body'],
  },
  'message:delete': { payload: { messageId: uuidv7() }, kinds: { messageId: 'id' }, required: ['messageId'] },
  'reaction:toggle': {
    payload: { messageId: uuidv7(), emoji: '👍' },
    kinds: { messageId: 'id', emoji: 'emoji' },
    required: ['messageId', 'emoji'],
  },
  'read:mark': {
    payload: { streamId: uuidv7(), seq: 1 },
    kinds: { streamId: 'id', seq: 'seq' },
    required: ['streamId', 'seq'],
  },
  'promotion:propose': {
    payload: { messageId: uuidv7(), clientId: uuidv7(), note: 'n' },
    kinds: { messageId: 'id', clientId: 'clientId', note: 'note' },
    required: ['messageId', 'clientId'],
  },
  'promotion:consent': {
    payload: { promotionId: uuidv7(), accept: true },
    kinds: { promotionId: 'id', accept: 'bool' },
    required: ['promotionId', 'accept'],
  },
  'promotion:decide': {
    payload: { promotionId: uuidv7(), approve: false, note: 'n' },
    kinds: { promotionId: 'id', approve: 'bool', note: 'note' },
    required: ['promotionId', 'approve'],
  },
  'promotion:withdraw': { payload: { promotionId: uuidv7() }, kinds: { promotionId: 'id' }, required: ['promotionId'] },
  'promotion:requestUnpublish': {
    payload: { promotionId: uuidv7() },
    kinds: { promotionId: 'id' },
    required: ['promotionId'],
  },
  'promotion:unpublish': {
    payload: { promotionId: uuidv7() },
    kinds: { promotionId: 'id' },
    required: ['promotionId'],
  },
  'promotion:list': { payload: { scope: 'mine' }, kinds: { scope: 'scope' }, required: ['scope'] },
  'promotion:permissions': {
    payload: { messageIds: [uuidv7()] },
    kinds: { messageIds: 'ids' },
    required: ['messageIds'],
  },
  'apitoken:create': { payload: { name: 'ci bot' }, kinds: { name: 'tokenName' }, required: ['name'] },
  'apitoken:list': { payload: {}, kinds: {}, required: [] },
  'apitoken:revoke': { payload: { apiTokenId: uuidv7() }, kinds: { apiTokenId: 'id' }, required: ['apiTokenId'] },
  'integration:create': {
    payload: { streamId: uuidv7(), name: 'CI', avatarUrl: 'https://ci.test/a.png' },
    kinds: { streamId: 'id', name: 'tokenName', avatarUrl: 'url' },
    required: ['streamId', 'name'],
  },
  'integration:list': { payload: { streamId: uuidv7() }, kinds: { streamId: 'id' }, required: ['streamId'] },
  'integration:revoke': {
    payload: { integrationId: uuidv7() },
    kinds: { integrationId: 'id' },
    required: ['integrationId'],
  },
  'speechPolicy:get': { payload: {}, kinds: {}, required: [] },
  'message:history': { payload: { messageId: uuidv7() }, kinds: { messageId: 'id' }, required: ['messageId'] },
  'speechPolicy:set': {
    payload: { patch: { orgStreamPosting: 'everyone', orgStreamMentions: 'admins' } },
    kinds: { patch: 'speechPatch' },
    required: ['patch'],
  },
  'retention:get': { payload: {}, kinds: {}, required: [] },
  'retention:set': {
    payload: { teamId: uuidv7(), days: 30 },
    kinds: { teamId: 'id', days: 'days' },
    required: ['days'],
  },
  'retention:period': { payload: { streamId: uuidv7() }, kinds: { streamId: 'id' }, required: ['streamId'] },
  'hold:list': { payload: { activeOnly: true }, kinds: { activeOnly: 'bool' }, required: [] },
  // exactly one of userId and teamId: an invalid teamId beside the userId is refused too
  'hold:place': {
    payload: { userId: uuidv7(), reason: 'litigation' },
    kinds: { userId: 'id', teamId: 'id', reason: 'note' },
    required: ['userId', 'reason'],
  },
  'hold:release': { payload: { holdId: 1 }, kinds: { holdId: 'version' }, required: ['holdId'] },
  search: {
    payload: { query: 'roadmap', streamId: uuidv7(), limit: 10 },
    kinds: { query: 'query', streamId: 'id', cursor: 'cursor', limit: 'limit' },
    required: ['query'],
  },
  'tag:messages': {
    payload: { tag: 'design', beforeId: uuidv7(), limit: 10 },
    kinds: { tag: 'tag', beforeId: 'id', limit: 'limit' },
    required: ['tag'],
  },
  'tag:top': {
    payload: { streamId: uuidv7(), limit: 10 },
    kinds: { streamId: 'id', limit: 'limit' },
    required: ['streamId'],
  },
  'message:tag': {
    payload: { messageId: uuidv7(), tag: 'design', remove: false },
    kinds: { messageId: 'id', tag: 'tag', remove: 'bool' },
    required: ['messageId', 'tag'],
  },
  'audit:list': {
    payload: { actorId: uuidv7(), action: 'member.add', teamId: uuidv7(), target: uuidv7(), from: 0, to: 1, limit: 10 },
    kinds: {
      actorId: 'id',
      action: 'tag',
      teamId: 'id',
      target: 'id',
      from: 'seq',
      to: 'seq',
      cursor: 'cursor',
      limit: 'limit',
    },
    required: [],
  },
  // 101 ids or none are over or under the limits; a valid list of strangers answers NOT_FOUND, not here
  'dm:open': { payload: { userIds: [uuidv7()] }, kinds: { userIds: 'ids' }, required: ['userIds'] },
  'profile:get': { payload: { userId: uuidv7() }, kinds: { userId: 'id' }, required: ['userId'] },
  'profile:update': {
    payload: { displayName: 'Alice', title: 'Designer', about: 'hi', skills: ['ux'], visibility: { title: 'org' } },
    kinds: {
      displayName: 'profileText',
      title: 'profileText',
      about: 'profileText',
      skills: 'skills',
      visibility: 'visibilityMap',
    },
    required: [],
  },
  'guidelines:list': { payload: {}, kinds: {}, required: [] },
  'guidelines:get': { payload: { teamId: uuidv7() }, kinds: { teamId: 'id' }, required: [] },
  'guidelines:version': {
    payload: { teamId: uuidv7(), version: 1 },
    kinds: { teamId: 'id', version: 'version' },
    required: ['version'],
  },
  'guidelines:publish': {
    payload: { teamId: uuidv7(), body: '# Be kind' },
    kinds: { teamId: 'id', body: 'guidelinesBody' },
    required: ['body'],
  },
  'guidelines:require': {
    payload: { teamId: uuidv7(), required: true },
    kinds: { teamId: 'id', required: 'bool' },
    required: ['teamId', 'required'],
  },
  'guidelines:acknowledge': {
    payload: { teamId: uuidv7(), version: 2 },
    kinds: { teamId: 'id', version: 'version' },
    required: ['version'],
  },
  'guidelines:acknowledgements': { payload: { teamId: uuidv7() }, kinds: { teamId: 'id' }, required: [] },
  'guidelines:export': { payload: { teamId: uuidv7() }, kinds: { teamId: 'id' }, required: [] },
  'presence:list': { payload: { streamId: uuidv7() }, kinds: { streamId: 'id' }, required: ['streamId'] },
  'presence:get': { payload: {}, kinds: {}, required: [] },
  'pulse:get': {
    payload: { teamId: uuidv7(), weeks: 12 },
    kinds: { teamId: 'id', weeks: 'version' },
    required: ['teamId'],
  },
  'presence:set': { payload: { visible: true }, kinds: { visible: 'bool' }, required: ['visible'] },
  'typing:signal': {
    payload: { streamId: uuidv7(), typing: true, threadRootId: uuidv7() },
    kinds: { streamId: 'id', typing: 'bool', threadRootId: 'id' },
    required: ['streamId', 'typing'],
  },
  ...adminTemplates,
};

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'extra', ''];

/** One payload that is certainly invalid for the request. */
function malformed(name: SocketRequestName): unknown {
  const { payload, kinds, required } = templates[name];
  const fields = Object.keys(kinds);
  const mutation = pick(['top', 'field', 'field', 'field', 'missing', 'extra', 'pollute']);
  if (mutation === 'top' || (fields.length === 0 && mutation !== 'extra' && mutation !== 'pollute')) {
    return pick([null, [], [payload], 'payload', 42, true, HUGE, nested(6)]);
  }
  if (mutation === 'field' && fields.length > 0) {
    const field = pick(fields);
    return { ...payload, [field]: invalid[kinds[field]!]() };
  }
  if (mutation === 'missing' && required.length > 0) {
    const copy = { ...payload };
    delete copy[pick(required)];
    return copy;
  }
  if (mutation === 'pollute') {
    // Built from JSON so __proto__ is an own key, exactly as it arrives off the wire.
    return JSON.parse(
      `{${[...Object.entries(payload).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`), `${JSON.stringify(pick(POLLUTION_KEYS))}:{"polluted":true}`].join(',')}}`,
    ) as unknown;
  }
  return { ...payload, [junkString()]: nested(2) };
}

describe('fuzzing every request', () => {
  it('answers INVALID to over a thousand malformed payloads, then still serves', async () => {
    // about 1,200 payloads in all, however many requests the protocol grows to
    const PER_REQUEST = Math.max(20, Math.ceil(1200 / socketRequestNames.length));
    let total = 0;
    for (const name of socketRequestNames) {
      const payloads = Array.from({ length: PER_REQUEST }, () => malformed(name));
      const acks = await Promise.all(payloads.map((p) => request(socket, name, p)));
      acks.forEach((ack, i) => {
        if (ack.ok || ack.error.code !== 'INVALID')
          throw new Error(
            `${name} accepted or mis-answered ${JSON.stringify(payloads[i]).slice(0, 200)}: ${JSON.stringify(ack)}`,
          );
      });
      total += acks.length;
    }
    expect(total).toBeGreaterThanOrEqual(1000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const streams = (await ok(socket, 'hello', {})).streams;
    const sent = await ok(socket, 'message:send', {
      streamId: streams[0]!.id,
      clientId: uuidv7(),
      body: 'still alive',
    });
    expect(sent.message.body).toBe('still alive');
  });

  it('names the offending field', async () => {
    const ack = await request(socket, 'sync', { streamId: uuidv7(), afterSeq: -1 });
    expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'afterSeq' } });
    const missing = await request(socket, 'message:send', { streamId: uuidv7(), body: 'x' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'clientId' } });
  });

  it('ignores requests without an ack callback and answers unknown requests INVALID', async () => {
    for (const name of socketRequestNames) socket.emit(name, { junk: true });
    socket.emit('message:send');
    const unknown = (await socket.timeout(5000).emitWithAck('admin:destroy', {})) as unknown;
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    // a later request answered on the same socket: nothing sent before it closed the connection
    expect((await request(socket, 'hello', {})).ok).toBe(true);
    expect(socket.connected).toBe(true);
  });

  it('answers INVALID to a missing payload', async () => {
    const ack = (await socket.timeout(5000).emitWithAck('sync')) as unknown;
    expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID' } });
  });
});

describe('rate limiting', () => {
  it('answers RATE_LIMITED over budget and keeps the connection', async () => {
    const limited = await startTestServer({ rateLimit: { perSecond: 5, burst: 5 } });
    try {
      const { socket: s } = await loginAndConnect(limited.url, 'bob@acme.test');
      const acks = await Promise.all(Array.from({ length: 12 }, () => request(s, 'hello', {})));
      const codes = acks.map((a) => (a.ok ? 'OK' : a.error.code));
      expect(codes.filter((c) => c === 'OK').length).toBeGreaterThanOrEqual(5);
      expect(codes.filter((c) => c === 'OK').length).toBeLessThan(8);
      expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(4);
      // the budget refills and the same socket is served again: it was never disconnected
      let again = await request(s, 'hello', {});
      while (!again.ok && again.error.code === 'RATE_LIMITED') again = await request(s, 'hello', {});
      expect(again.ok).toBe(true);
      expect(s.connected).toBe(true);
      s.close();
    } finally {
      await limited.close();
    }
  });
});
