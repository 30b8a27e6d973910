// Regression tests for defects found in review: each fails without its fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Message, Stream } from '../../shared/protocol/index';
import {
  connectDemoUsers,
  loginAndConnect,
  ok,
  request,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket; // Design curator
let bob: ClientSocket; // Design member
let carol: ClientSocket; // Engineering member
let dave: ClientSocket; // org admin, Engineering member
let zed: ClientSocket; // another organization
let design: Stream;
let orgStream: Stream;

beforeAll(async () => {
  ts = await startTestServer({
    rateLimit: { perSecond: 1000, burst: 1000, loginMaxFailures: 3, loginMaxFailuresPerAddress: 1000 },
  });
  const admin = ts.server.admin;
  await admin.createOrg('Globex');
  await admin.addUser({ org: 'Globex', email: 'zed@globex.test', name: 'Zed Zimmer', password: 'globex-password' });
  await admin.addUser({ org: 'Acme', email: 'eve@acme.test', name: 'Eve Evans', password: 'eve-password' });
  [alice, bob, carol, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'carol', 'dave']);
  zed = (await loginAndConnect(ts.url, 'zed@globex.test', 'globex-password')).socket;
  design = await streamNamed(alice, 'Design');
  orgStream = await streamNamed(alice, 'Acme');
});
afterAll(async () => {
  for (const s of [alice, bob, carol, dave, zed]) s.close();
  await ts.close();
});

const post = async (socket: ClientSocket, body: string, streamId = design.id, threadRootId?: string) =>
  (await ok(socket, 'message:send', { streamId, clientId: uuidv7(), body, ...(threadRootId ? { threadRootId } : {}) }))
    .message;
const allEvents = async (socket: ClientSocket, streamId: string) =>
  (await ok(socket, 'sync', { streamId, afterSeq: 0, limit: 500 })).events;
const publishedCopy = async (body: string): Promise<{ promotionId: string; copyId: string; original: Message }> => {
  const original = await post(bob, body);
  const proposed = await ok(bob, 'promotion:propose', { messageId: original.id, clientId: uuidv7() });
  const decided = await ok(alice, 'promotion:decide', { promotionId: proposed.promotion.id, approve: true });
  return { promotionId: decided.promotion.id, copyId: decided.promotion.orgMessageId!, original };
};

describe('reactions with prototype-like emoji', () => {
  it('refuses __proto__, constructor and friends: they are not emoji (INVALID, field emoji)', async () => {
    const message = await post(bob, 'react to me');
    for (const emoji of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', ':__proto__:']) {
      const ack = await request(alice, 'reaction:toggle', { messageId: message.id, emoji });
      expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'emoji' } });
    }
    const history = await ok(bob, 'history', { streamId: design.id, beforeSeq: Number.MAX_SAFE_INTEGER, limit: 5 });
    expect(history.messages.find((m) => m.id === message.id)!.reactions).toEqual({});
  });
});

describe('org-wide copies', () => {
  it('cannot be deleted with message:delete (that would bypass unpublish); unpublish still works', async () => {
    const { promotionId, copyId, original } = await publishedCopy('Shareable insight');
    // bob is the copy's author; dave is an org admin
    expect(await request(bob, 'message:delete', { messageId: copyId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await request(dave, 'message:delete', { messageId: copyId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const copy = (await ok(carol, 'history', { streamId: orgStream.id, beforeSeq: 1e12, limit: 50 })).messages.find(
      (m) => m.id === copyId,
    );
    expect(copy).toMatchObject({ body: 'Shareable insight', deletedAt: null });
    const unpublished = await ok(alice, 'promotion:unpublish', { promotionId });
    expect(unpublished.promotion.state).toBe('unpublished');
    const again = (await ok(bob, 'history', { streamId: design.id, beforeSeq: 1e12, limit: 50 })).messages.find(
      (m) => m.id === original.id,
    );
    expect(again?.sharedAt).toBeNull();
  });
});

describe('promotion edge cases', () => {
  it("reserves the org copy's clientId prefix, so an author cannot make publishing fail", async () => {
    const original = await post(bob, 'please share');
    const { promotion } = await ok(bob, 'promotion:propose', { messageId: original.id, clientId: uuidv7() });
    const squat = await request(bob, 'message:send', {
      streamId: orgStream.id,
      clientId: `promotion:${promotion.id}`,
      body: 'squatting the copy id',
    });
    expect(squat).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'clientId' } });
    const decided = await ok(alice, 'promotion:decide', { promotionId: promotion.id, approve: true });
    expect(decided.promotion.state).toBe('published');
  });

  it('a proposer who left the team cannot read the promotion back by resending the proposal', async () => {
    await ts.server.admin.addUser({
      org: 'Acme',
      email: 'frank@acme.test',
      name: 'Frank Fox',
      password: 'frank-passphrase',
    });
    await ts.server.admin.addMember({ email: 'frank@acme.test', team: 'design' });
    const frank = (await loginAndConnect(ts.url, 'frank@acme.test', 'frank-passphrase')).socket;
    try {
      const original = await post(bob, 'frank wants this shared');
      const clientId = uuidv7();
      await ok(frank, 'promotion:propose', { messageId: original.id, clientId });
      await ts.server.admin.removeMember({ email: 'frank@acme.test', team: 'design' });
      const resend = await request(frank, 'promotion:propose', { messageId: original.id, clientId });
      expect(resend).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      frank.close();
    }
  });
});

describe('deleted content leaves the log', () => {
  it('a deleted message is not served again by a catch-up from an old cursor', async () => {
    const root = await post(bob, 'secret plan alpha @alice #plans');
    await post(alice, 'a reply', design.id, root.id);
    await ok(alice, 'reaction:toggle', { messageId: root.id, emoji: '👍' });
    await ok(bob, 'message:edit', { messageId: root.id, body: 'secret plan beta' });
    await ok(bob, 'message:delete', { messageId: root.id });
    const events = (await allEvents(alice, design.id)).filter((e) => e.message?.id === root.id);
    // the reaction's log entry carries only the change (who, which emoji), never the body
    expect(events.map((e) => e.type)).toEqual([
      'message:created',
      'message:edited',
      'message:edited',
      'message:deleted',
    ]);
    expect(JSON.stringify(events)).not.toContain('secret plan');
    for (const e of events) expect(e.message).toMatchObject({ body: '', mentions: [], tags: [], reactions: {} });
    // seqs are untouched: the log stays gap-free
    const seqs = (await allEvents(alice, design.id)).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('deleting an original withdraws its pending promotion and empties the snapshots of the deleted body', async () => {
    const original = await post(bob, 'confidential roadmap');
    const first = await ok(bob, 'promotion:propose', { messageId: original.id, clientId: uuidv7() });
    await ok(alice, 'promotion:decide', { promotionId: first.promotion.id, approve: false });
    const second = await ok(alice, 'promotion:propose', { messageId: original.id, clientId: uuidv7() });
    expect(second.promotion.state).toBe('awaiting_consent');
    await ok(bob, 'message:delete', { messageId: original.id });
    const consent = await ok(bob, 'promotion:list', { scope: 'consent' });
    expect(consent.promotions.some((p) => p.id === second.promotion.id)).toBe(false);
    const mine = (await ok(bob, 'promotion:list', { scope: 'mine' })).promotions.filter(
      (p) => p.messageId === original.id,
    );
    expect(mine.map((p) => p.state).sort()).toEqual(['declined', 'withdrawn']);
    expect(JSON.stringify(mine)).not.toContain('confidential roadmap');
    const events = await allEvents(alice, design.id);
    expect(JSON.stringify(events)).not.toContain('confidential roadmap');
    expect(events.at(-1)).toMatchObject({ type: 'promotion:changed', promotion: { state: 'withdrawn' } });
  });

  it('unpublishing the copy of a deleted original empties its snapshot too', async () => {
    const { promotionId, original } = await publishedCopy('launch date is March 3');
    await ok(bob, 'message:delete', { messageId: original.id });
    await ok(alice, 'promotion:unpublish', { promotionId });
    const mine = (await ok(bob, 'promotion:list', { scope: 'mine' })).promotions.find((p) => p.id === promotionId);
    expect(mine).toMatchObject({ state: 'unpublished', snapshotBody: '' });
    expect(JSON.stringify(await allEvents(alice, design.id))).not.toContain('launch date');
    expect(JSON.stringify(await allEvents(carol, orgStream.id))).not.toContain('launch date');
  });

  it('an unpublished copy is not served again by a catch-up of the org stream', async () => {
    const { promotionId, copyId } = await publishedCopy('Quarterly numbers, draft');
    await ok(alice, 'promotion:unpublish', { promotionId });
    const events = (await allEvents(carol, orgStream.id)).filter((e) => e.message?.id === copyId);
    expect(events.map((e) => e.type)).toEqual(['message:created', 'message:deleted']);
    expect(JSON.stringify(events)).not.toContain('Quarterly numbers');
  });
});

describe('organization boundaries', () => {
  it("answers another organization's stream, message and promotion exactly like missing ones", async () => {
    const message = await post(bob, 'internal to Acme');
    const { promotionId } = await publishedCopy('published in Acme');
    const pairs: Array<[string, unknown, unknown]> = [
      ['sync', { streamId: design.id, afterSeq: 0 }, { streamId: uuidv7(), afterSeq: 0 }],
      ['sync', { streamId: orgStream.id, afterSeq: 0 }, { streamId: uuidv7(), afterSeq: 0 }],
      [
        'message:send',
        { streamId: orgStream.id, clientId: uuidv7(), body: 'x' },
        { streamId: uuidv7(), clientId: uuidv7(), body: 'x' },
      ],
      ['reaction:toggle', { messageId: message.id, emoji: '👍' }, { messageId: uuidv7(), emoji: '👍' }],
      ['message:edit', { messageId: message.id, body: 'y' }, { messageId: uuidv7(), body: 'y' }],
      ['promotion:unpublish', { promotionId }, { promotionId: uuidv7() }],
    ];
    for (const [name, real, missing] of pairs) {
      const a = await request(zed, name as 'sync', real);
      const b = await request(zed, name as 'sync', missing);
      expect(a).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(a).toEqual(b);
    }
  });
});

describe('login throttling', () => {
  it('counts parallel guesses: a burst cannot get more tries than the limit', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        fetch(`${ts.url}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'eve@acme.test', password: `guess-${i}` }),
        }).then((r) => r.status),
      ),
    );
    expect(attempts.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(attempts.filter((s) => s === 429).length).toBeGreaterThanOrEqual(9);
  });
});

describe('server options', () => {
  it('refuses a body limit that is not a positive integer instead of disabling it', async () => {
    for (const maxBodyChars of [Number.NaN, 0, -5, 1.5]) {
      await expect(startTestServer({ maxBodyChars })).rejects.toThrow('maxBodyChars');
    }
  });
});
