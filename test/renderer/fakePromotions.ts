/*
 * The staged-sharing part of the FakeApi: proposals, consent, decisions and the per-message sharing
 * permissions, answered as the core would from the FakeApi's world (the real rules are tested on the
 * server in test/server/promotions*.test.ts).
 */
import { uuidv7 } from '../../shared/domain/ids';
import type { MessageView } from '../../shared/ipc';
import type { MessageSharing, Promotion, PromotionAction } from '../../shared/protocol';
import type { FakeApi, Handlers } from './fakeApi';
import { FakeError } from './fakeError';

type Channel =
  | 'promotion:propose'
  | 'promotion:list'
  | 'promotion:permissions'
  | 'promotion:consent'
  | 'promotion:decide'
  | 'promotion:withdraw'
  | 'promotion:requestUnpublish'
  | 'promotion:unpublish';

/** The `promotion:*` handlers over the FakeApi's world; `find` answers NOT_FOUND for an unknown message. */
export function promotionHandlers(api: FakeApi, find: (id: string) => MessageView): Pick<Handlers, Channel> {
  return {
    'promotion:propose': (r) => {
      const m = find(r.messageId);
      const stream = api.streams.find((s) => s.id === m.streamId)!;
      const p: Promotion = {
        id: uuidv7(),
        messageId: m.id,
        sourceStreamId: m.streamId,
        sourceTeamId: stream.teamId!,
        targetStreamId: api.streams.find((s) => s.kind === 'org')?.id ?? uuidv7(),
        authorId: m.authorId,
        proposerId: api.me.id,
        note: r.note ?? null,
        snapshotBody: m.body,
        state: m.authorId === api.me.id ? 'awaiting_approval' : 'awaiting_consent',
        declinedBy: null,
        deciderId: null,
        decisionNote: null,
        orgMessageId: null,
        unpublishRequested: false,
        createdAt: Date.now(),
        updatedAt: Date.now(),
      };
      api.promotions.push(p);
      return { clientId: uuidv7() };
    },
    'promotion:list': (r) => ({
      promotions: api.promotions
        .filter((p) =>
          r.scope === 'mine'
            ? p.proposerId === api.me.id || p.authorId === api.me.id
            : r.scope === 'consent'
              ? p.state === 'awaiting_consent' && p.authorId === api.me.id
              : p.state === 'awaiting_approval',
        )
        .map((p) => ({ ...p, actions: actionsOn(api, p) })),
    }),
    'promotion:permissions': (r) => {
      // one pass over the messages, not one per id: component tests hold up to 100,000 of them
      const wanted = new Set(r.messageIds);
      const byId = new Map(api.messages.filter((m) => wanted.has(m.id)).map((m) => [m.id, m]));
      return {
        permissions: r.messageIds.flatMap((id) => {
          const m = byId.get(id);
          return m ? [{ ...sharingOf(api, m), ...api.sharing[id], messageId: id }] : [];
        }),
      };
    },
    'promotion:consent': (r) =>
      updatePromotion(api, r.promotionId, { state: r.accept ? 'awaiting_approval' : 'declined' }),
    'promotion:decide': (r) =>
      updatePromotion(api, r.promotionId, {
        state: r.approve ? 'published' : 'declined',
        decisionNote: r.note ?? null,
      }),
    'promotion:withdraw': (r) => updatePromotion(api, r.promotionId, { state: 'withdrawn' }),
    'promotion:requestUnpublish': (r) => updatePromotion(api, r.promotionId, { unpublishRequested: true }),
    'promotion:unpublish': (r) => updatePromotion(api, r.promotionId, { state: 'unpublished' }),
  };
}

/** The fake server's answer for a promotion's steps (the real rules are tested on the server). */
function actionsOn(api: FakeApi, p: Promotion): PromotionAction[] {
  const me = api.me.id;
  const pending = p.state === 'awaiting_consent' || p.state === 'awaiting_approval';
  const steps: Array<[PromotionAction, boolean]> = [
    ['consent', p.state === 'awaiting_consent' && p.authorId === me],
    ['decide', p.state === 'awaiting_approval'],
    ['withdraw', pending && (p.authorId === me || p.proposerId === me)],
    ['requestUnpublish', p.state === 'published' && p.authorId === me && !p.unpublishRequested],
  ];
  return steps.filter(([, ok]) => ok).map(([action]) => action);
}

/** The fake server's answer for a message: a team's top-level message nobody shared or proposed yet. */
function sharingOf(api: FakeApi, m: MessageView): Omit<MessageSharing, 'messageId'> {
  const stream = api.streams.find((s) => s.id === m.streamId);
  const open = api.promotions.some(
    (p) => p.messageId === m.id && ['awaiting_consent', 'awaiting_approval', 'published'].includes(p.state),
  );
  const propose = stream?.kind === 'team' && m.threadRootId === null && m.sharedAt === null && !open;
  const curates = api.streams.some((s) => s.id === m.provenance?.sourceStreamId && s.role === 'curator');
  return { propose, unpublish: m.provenance !== null && (api.me.orgRole === 'admin' || curates) };
}

function updatePromotion(api: FakeApi, id: string, patch: Partial<Promotion>): { promotion: Promotion } {
  const p = api.promotions.find((x) => x.id === id);
  if (!p) throw new FakeError({ code: 'NOT_FOUND', message: 'no such promotion' });
  const next = { ...p, ...patch, updatedAt: Date.now() };
  api.promotions = api.promotions.map((x) => (x.id === id ? next : x));
  return { promotion: next };
}
