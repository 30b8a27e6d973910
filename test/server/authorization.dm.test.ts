// The authorization matrix for direct messages (see authorization.test.ts for the rest).
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { SocketRequestName, Stream } from '../../shared/protocol/index';
import { loginAndConnect, ok, request, type ClientSocket } from '../helpers/server';
import { ACTORS, useAuthorizationWorld, type Actor } from './authorizationWorld';

const w = useAuthorizationWorld();

/*
 * Direct messages: a conversation of the member (bob) and the curator (alice) is theirs alone. Everyone
 * else, org admins and compliance included, is answered as if it did not exist (NOT_FOUND) by every
 * request that takes its stream or one of its messages; a participant is FORBIDDEN only what no
 * participant may do (someone else's post, promotion).
 */
type DmActor = Actor | 'compliance';
const DM_ACTORS: DmActor[] = [...ACTORS, 'compliance'];
let compliance: ClientSocket | undefined;
let dm: Stream;

const dmSocket = (actor: DmActor): ClientSocket => (actor === 'compliance' ? compliance! : w.sockets[actor]);
const dmPost = async (who: 'member' | 'curator') => w.post(who, 'private #secret', dm.id);

interface DmCase {
  name: SocketRequestName;
  label: string;
  payload: () => Promise<unknown>;
  allowed: DmActor[];
}
const participants: DmActor[] = ['member', 'curator'];
const dmCases: DmCase[] = [
  { name: 'sync', label: 'DM', payload: async () => ({ streamId: dm.id, afterSeq: 0 }), allowed: participants },
  { name: 'history', label: 'DM', payload: async () => ({ streamId: dm.id, beforeSeq: 1e9 }), allowed: participants },
  {
    name: 'message:send',
    label: 'DM',
    payload: async () => ({ streamId: dm.id, clientId: uuidv7(), body: 'hi' }),
    allowed: participants,
  },
  {
    name: 'message:edit',
    label: "member's DM post",
    payload: async () => ({ messageId: (await dmPost('member')).id, body: 'y' }),
    allowed: ['member'],
  },
  // nobody moderates a DM: the other participant, curator or not, may not delete or tag it
  {
    name: 'message:delete',
    label: "member's DM post",
    payload: async () => ({ messageId: (await dmPost('member')).id }),
    allowed: ['member'],
  },
  {
    name: 'message:tag',
    label: "member's DM post",
    payload: async () => ({ messageId: (await dmPost('member')).id, tag: 'later' }),
    allowed: ['member'],
  },
  {
    name: 'reaction:toggle',
    label: 'DM post',
    payload: async () => ({ messageId: (await dmPost('member')).id, emoji: '👍' }),
    allowed: participants,
  },
  { name: 'read:mark', label: 'DM', payload: async () => ({ streamId: dm.id, seq: 1 }), allowed: participants },
  {
    name: 'message:history',
    label: "member's DM post",
    payload: async () => ({ messageId: (await dmPost('member')).id }),
    allowed: ['member'],
  },
  {
    name: 'search',
    label: 'DM',
    payload: async () => ({ query: 'private', streamId: dm.id }),
    allowed: participants,
  },
  { name: 'tag:top', label: 'DM', payload: async () => ({ streamId: dm.id }), allowed: participants },
  // never promotable, not even by its author
  {
    name: 'promotion:propose',
    label: "member's DM post",
    payload: async () => ({ messageId: (await dmPost('member')).id, clientId: uuidv7() }),
    allowed: [],
  },
];

describe('authorization matrix: direct messages', () => {
  beforeAll(async () => {
    await w.ts.server.admin.addUser({
      org: 'Acme',
      email: 'erin@acme.test',
      name: 'Erin Evans',
      password: 'compliance-password',
      orgRole: 'compliance',
    });
    compliance = (await loginAndConnect(w.ts.url, 'erin@acme.test', 'compliance-password')).socket;
    const bob = (await ok(w.sockets.member, 'hello', {})).user;
    dm = (await ok(w.sockets.curator, 'dm:open', { userIds: [bob.id] })).stream;
  });

  for (const c of dmCases) {
    for (const actor of DM_ACTORS) {
      const allowed = c.allowed.includes(actor);
      const denial = participants.includes(actor) ? 'FORBIDDEN' : 'NOT_FOUND';
      it(`${c.name} (${c.label}) × ${actor} → ${allowed ? 'allowed' : denial}`, async () => {
        const payload = await c.payload();
        const ack = await request(dmSocket(actor), c.name, payload);
        if (allowed) expect(ack).toMatchObject({ ok: true });
        else expect(ack).toMatchObject({ ok: false, error: { code: denial } });
      });
    }
  }

  it('lists the DM, and finds its messages and tags, for its participants only', async () => {
    const message = await dmPost('member');
    for (const actor of DM_ACTORS) {
      const socket = dmSocket(actor);
      const mine = participants.includes(actor);
      const streams = (await ok(socket, 'hello', {})).streams.map((s) => s.id);
      expect(streams.includes(dm.id)).toBe(mine);
      const hits = (await ok(socket, 'search', { query: 'private' })).hits;
      expect(hits.some((h) => h.message.streamId === dm.id)).toBe(mine);
      const tagged = await ok(socket, 'tag:messages', { tag: 'secret' });
      expect(tagged.count > 0).toBe(mine);
      expect(tagged.messages.every((m) => m.streamId !== dm.id)).toBe(!mine);
      // permissions leave out what the caller cannot read; a participant hears "never shareable"
      const { permissions } = await ok(socket, 'promotion:permissions', { messageIds: [message.id] });
      expect(permissions).toEqual(mine ? [{ messageId: message.id, propose: false, unpublish: false }] : []);
    }
  });
});
