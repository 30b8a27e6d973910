import { DEMO_PASSWORD } from '../../shared/domain/demo';
import { uuidv7 } from '../../shared/domain/ids';
import { MAX_PAGE_BYTES, ProtocolError, type Message } from '../../shared/protocol/index';
import { AdminService } from '../admin/admin.service';
import { DEFAULT_SCRYPT_COST, hashPassword } from '../auth/passwords';
import type { Store, Tx } from '../db/store';
import { userStreams } from '../domain/access';
import { createEffects } from '../domain/effects';
import type { HandlerContext } from '../handlers/context';
import { messageSend, reactionToggle } from '../handlers/messages.handlers';
import type { Logger } from '../logger';

export const DEMO_ORG = 'Acme';
/** The demo teams: names and @handles. */
export const DEMO_TEAMS = {
  design: { name: 'Design', handle: 'design' },
  engineering: { name: 'Engineering', handle: 'engineering' },
} as const;

/**
 * Seeds the demo organization once; a database that already has it is left alone. With several
 * server nodes on one database, start one of them with --demo first.
 */
export async function seedDemo(store: Store, options: { scryptCost?: number; log?: Logger } = {}): Promise<boolean> {
  if (await store.withTransaction((tx) => tx.orgs.getByName(DEMO_ORG), { readOnly: true })) return false;
  const admin = new AdminService(store, options.scryptCost === undefined ? {} : { scryptCost: options.scryptCost });
  // One hash for all four accounts: same demo password, and scrypt at full cost is slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD, options.scryptCost ?? DEFAULT_SCRYPT_COST);
  await admin.createOrg(DEMO_ORG);
  await admin.addTeam({ org: DEMO_ORG, ...DEMO_TEAMS.design, policy: 'approval' });
  await admin.addTeam({ org: DEMO_ORG, ...DEMO_TEAMS.engineering, policy: 'approval' });
  const people = [
    { email: 'alice@acme.test', name: 'Alice Archer', orgRole: 'member' as const },
    { email: 'bob@acme.test', name: 'Bob Baker', orgRole: 'member' as const },
    { email: 'carol@acme.test', name: 'Carol Chen', orgRole: 'member' as const },
    { email: 'dave@acme.test', name: 'Dave Dalton', orgRole: 'admin' as const },
  ];
  for (const person of people) await admin.addUser({ org: DEMO_ORG, ...person, passwordHash });
  await admin.addMember({ email: 'alice@acme.test', team: 'design', role: 'curator' });
  await admin.addMember({ email: 'bob@acme.test', team: 'design', role: 'member' });
  await admin.addMember({ email: 'carol@acme.test', team: 'engineering', role: 'member' });
  await admin.addMember({ email: 'dave@acme.test', team: 'engineering', role: 'member' });

  /** Runs a handler as a demo user would, each in its own unit of work (nobody is connected yet). */
  const as = <T>(email: string, act: (ctx: HandlerContext) => Promise<T>): Promise<T> =>
    store.withTransaction(async (tx: Tx) => {
      const user = await tx.users.getByEmail(email);
      if (!user) throw new Error(`demo user ${email} missing`);
      const log = options.log ?? { error() {}, warn() {}, info() {}, debug() {} };
      const config = { maxBodyChars: 100_000, maxPageBytes: MAX_PAGE_BYTES };
      return act({ tx, user, effects: createEffects(), config, log, now: Date.now() });
    });
  const say = (email: string, stream: string, body: string, threadRootId?: string): Promise<Message> =>
    as(email, async (ctx) => {
      const target = (await userStreams(ctx.tx, ctx.user)).find((s) => s.name === stream);
      if (!target) throw new ProtocolError('INTERNAL', `demo stream ${stream} missing`);
      const payload = { streamId: target.id, clientId: uuidv7(), body, ...(threadRootId ? { threadRootId } : {}) };
      return (await messageSend(ctx, payload)).message;
    });
  const react = (email: string, message: Message, emoji: string): Promise<unknown> =>
    as(email, (ctx) => reactionToggle(ctx, { messageId: message.id, emoji }));

  const welcome = await say(
    'dave@acme.test',
    'Acme',
    'Welcome to Tributary, @all! Team news that deserves a wider audience lands here. #welcome',
  );
  await say('carol@acme.test', 'Acme', 'Glad to be here 👋', welcome.id);
  await react('alice@acme.test', welcome, '🎉');

  const launch = await say(
    'alice@acme.test',
    'Design',
    'Spring launch drafts go in this thread. First round of mockups by Friday. #launch',
  );
  await say('bob@acme.test', 'Design', "Thanks @alice, I'll post the moodboard tomorrow.", launch.id);
  await say('alice@acme.test', 'Design', 'Great, @bob. Keep the palette to three colours.', launch.id);
  const icons = await say('bob@acme.test', 'Design', 'New icon set is ready for review **with dark mode** 🎨 #icons');
  await react('alice@acme.test', icons, '👍');

  const build = await say(
    'carol@acme.test',
    'Engineering',
    'The build pipeline is green again after the cache fix. #ci',
  );
  await say('dave@acme.test', 'Engineering', 'Nice work @carol! Can you write up what broke?', build.id);
  await say('dave@acme.test', 'Engineering', 'Reminder @engineering: standup moves to 10:00 from Monday. #standup');
  return true;
}
