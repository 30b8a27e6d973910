// Server-derived permissions: the rules in server/domain/promotions/rules.ts are what the steps
// enforce and what clients are told (`promotion:list` actions, `promotion:permissions`), so what a
// client offers is exactly what the server accepts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import {
  ProtocolError,
  promotionActionSchema,
  promotionStateSchema,
  type Message,
  type Promotion,
  type Stream,
} from '../../shared/protocol/index';
import { allowedActions, requireAction, type PromotionActor } from '../../server/domain/promotions/rules';
import {
  connectDemoUsers,
  ok,
  request,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

describe('promotion rules', () => {
  it('offer exactly the steps that requireAction lets through, for every state, actor and step', () => {
    const author = uuidv7();
    const proposer = uuidv7();
    const base = { id: uuidv7(), authorId: author, proposerId: proposer } as Promotion;
    const actors: PromotionActor[] = [];
    for (const userId of [author, proposer, uuidv7()])
      for (const orgRole of ['member', 'admin', 'compliance'] as const)
        for (const teamRole of ['member', 'curator', null] as const) actors.push({ userId, orgRole, teamRole });
    let offered = 0;
    for (const state of promotionStateSchema.options)
      for (const unpublishRequested of [false, true])
        for (const actor of actors) {
          const promotion = { ...base, state, unpublishRequested };
          const allowed = allowedActions(promotion, actor);
          for (const action of promotionActionSchema.options) {
            let passes = true;
            try {
              requireAction(promotion, actor, action);
            } catch (error) {
              expect(error).toBeInstanceOf(ProtocolError);
              passes = false;
            }
            // asking to unpublish again is accepted (a no-op) but not offered
            const repeat = action === 'requestUnpublish' && unpublishRequested;
            expect(allowed.includes(action)).toBe(passes && !repeat);
            if (allowed.includes(action)) offered += 1;
          }
        }
    expect(offered).toBeGreaterThan(50);
  });
});

let ts: TestServer;
let alice: ClientSocket; // Design curator
let bob: ClientSocket; // Design member
let carol: ClientSocket; // Engineering member
let dave: ClientSocket; // org admin, Engineering member
let design: Stream;
let orgStream: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 1000, burst: 1000 } });
  [alice, bob, carol, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'carol', 'dave']);
  design = await streamNamed(alice, 'Design');
  orgStream = await streamNamed(alice, 'Acme');
});
afterAll(async () => {
  for (const s of [alice, bob, carol, dave]) s.close();
  await ts.close();
});

const post = async (
  socket: ClientSocket,
  body: string,
  streamId = design.id,
  threadRootId?: string,
): Promise<Message> =>
  (await ok(socket, 'message:send', { streamId, clientId: uuidv7(), body, ...(threadRootId ? { threadRootId } : {}) }))
    .message;
const sharing = async (socket: ClientSocket, ...messages: Message[]) =>
  (await ok(socket, 'promotion:permissions', { messageIds: messages.map((m) => m.id) })).permissions;

describe('promotion:list carries the caller’s allowed steps', () => {
  it('per scope and person, including what a proposer who is not the author may not do', async () => {
    const original = await post(bob, 'worth a wider audience');
    const proposed = await ok(alice, 'promotion:propose', { messageId: original.id, clientId: uuidv7() });
    const id = proposed.promotion.id;
    const find = async (socket: ClientSocket, scope: 'mine' | 'queue' | 'consent') =>
      (await ok(socket, 'promotion:list', { scope })).promotions.find((p) => p.id === id);
    expect((await find(bob, 'consent'))?.actions).toEqual(['consent', 'withdraw']);
    expect((await find(alice, 'mine'))?.actions).toEqual(['withdraw']);
    await ok(bob, 'promotion:consent', { promotionId: id, accept: true });
    expect((await find(alice, 'queue'))?.actions).toEqual(['decide', 'withdraw']);
    expect((await find(dave, 'queue'))?.actions).toEqual(['decide']);
    await ok(dave, 'promotion:decide', { promotionId: id, approve: true });
    // published: only the author may ask to unpublish; the proposer (alice, a curator) may unpublish
    expect((await find(bob, 'mine'))?.actions).toEqual(['requestUnpublish']);
    expect((await find(alice, 'mine'))?.actions).toEqual(['unpublish']);
    await ok(bob, 'promotion:requestUnpublish', { promotionId: id });
    expect((await find(bob, 'mine'))?.actions).toEqual([]);
  });
});

describe('promotion:permissions', () => {
  it('says propose exactly where promotion:propose succeeds', async () => {
    const plain = await post(bob, 'plain team message');
    const reply = await post(alice, 'a reply', design.id, plain.id);
    const inOrg = await post(bob, 'in the org stream', orgStream.id);
    const gone = await post(bob, 'deleted soon');
    await ok(bob, 'message:delete', { messageId: gone.id });
    const proposedAlready = await post(bob, 'proposed already');
    await ok(bob, 'promotion:propose', { messageId: proposedAlready.id, clientId: uuidv7() });
    const candidates = [plain, reply, inOrg, gone, proposedAlready];
    const answers = await sharing(alice, ...candidates);
    expect(answers.map((a) => [a.messageId, a.propose])).toEqual([
      [plain.id, true],
      [reply.id, false],
      [inOrg.id, false],
      [gone.id, false],
      [proposedAlready.id, false],
    ]);
    for (const [i, message] of candidates.entries()) {
      const ack = await request(alice, 'promotion:propose', { messageId: message.id, clientId: uuidv7() });
      expect(ack.ok).toBe(answers[i]!.propose);
    }
    // once proposed, the answer turns
    expect((await sharing(alice, plain))[0]!.propose).toBe(false);
  });

  it('says unpublish on an org copy only to curators of the source team and org admins', async () => {
    const original = await post(bob, 'to be published');
    const { promotion } = await ok(bob, 'promotion:propose', { messageId: original.id, clientId: uuidv7() });
    const published = await ok(alice, 'promotion:decide', { promotionId: promotion.id, approve: true });
    const copy = { id: published.promotion.orgMessageId! } as Message;
    expect((await sharing(alice, copy))[0]).toMatchObject({ unpublish: true, propose: false });
    expect((await sharing(dave, copy))[0]).toMatchObject({ unpublish: true });
    expect((await sharing(bob, copy))[0]).toMatchObject({ unpublish: false });
    expect((await sharing(carol, copy))[0]).toMatchObject({ unpublish: false });
    expect((await request(bob, 'promotion:unpublish', { promotionId: promotion.id })).ok).toBe(false);
    await ok(dave, 'promotion:unpublish', { promotionId: promotion.id });
    expect((await sharing(alice, copy))[0]).toMatchObject({ unpublish: false });
  });

  it('leaves out messages the caller cannot read, whether they exist or not', async () => {
    const secret = await post(bob, 'design only');
    const answers = await sharing(carol, secret, { id: uuidv7() } as Message);
    expect(answers).toEqual([]);
    // a reader of the stream gets the answer
    expect((await sharing(alice, secret)).map((a) => a.messageId)).toEqual([secret.id]);
  });
});
