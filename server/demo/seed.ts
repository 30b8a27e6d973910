import { DEMO_PASSWORD } from '../../shared/domain/demo';
import { uuidv7 } from '../../shared/domain/ids';
import { MAX_PAGE_BYTES, ProtocolError, type Message } from '../../shared/protocol/index';
import { AdminService } from '../admin/admin.service';
import { DEFAULT_SCRYPT_COST, hashPassword } from '../auth/passwords';
import type { Db } from '../db/database';
import { createEffects } from '../domain/effects';
import type { HandlerContext } from '../handlers/context';
import { messageSend, reactionToggle } from '../handlers/messages.handlers';
import { hello } from '../handlers/session.handlers';
import type { Logger } from '../logger';
import { getOrgByName } from '../repositories/orgs.repository';
import { getUserByEmail } from '../repositories/users.repository';

export const DEMO_ORG = 'Acme';
/** The demo teams: names and @handles. */
export const DEMO_TEAMS = {
  design: { name: 'Design', handle: 'design' },
  engineering: { name: 'Engineering', handle: 'engineering' },
} as const;

/** Seeds the demo organization once; a database that already has it is left alone. */
export async function seedDemo(db: Db, options: { scryptCost?: number; log?: Logger } = {}): Promise<boolean> {
  if (getOrgByName(db, DEMO_ORG)) return false;
  const admin = new AdminService(db, options.scryptCost === undefined ? {} : { scryptCost: options.scryptCost });
  // One hash for all four accounts: same demo password, and scrypt at full cost is slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD, options.scryptCost ?? DEFAULT_SCRYPT_COST);
  admin.createOrg(DEMO_ORG);
  admin.addTeam({ org: DEMO_ORG, ...DEMO_TEAMS.design, policy: 'approval' });
  admin.addTeam({ org: DEMO_ORG, ...DEMO_TEAMS.engineering, policy: 'approval' });
  const people = [
    { email: 'alice@acme.test', name: 'Alice Archer', orgRole: 'member' as const },
    { email: 'bob@acme.test', name: 'Bob Baker', orgRole: 'member' as const },
    { email: 'carol@acme.test', name: 'Carol Chen', orgRole: 'member' as const },
    { email: 'dave@acme.test', name: 'Dave Dalton', orgRole: 'admin' as const },
  ];
  for (const person of people) await admin.addUser({ org: DEMO_ORG, ...person, passwordHash });
  admin.addMember({ email: 'alice@acme.test', team: 'design', role: 'curator' });
  admin.addMember({ email: 'bob@acme.test', team: 'design', role: 'member' });
  admin.addMember({ email: 'carol@acme.test', team: 'engineering', role: 'member' });
  admin.addMember({ email: 'dave@acme.test', team: 'engineering', role: 'member' });

  const contextFor = (email: string): HandlerContext => {
    const user = getUserByEmail(db, email);
    if (!user) throw new Error(`demo user ${email} missing`);
    const log = options.log ?? { error() {}, warn() {}, info() {}, debug() {} };
    return {
      db,
      user,
      effects: createEffects(),
      config: { maxBodyChars: 100_000, maxPageBytes: MAX_PAGE_BYTES },
      log,
      now: Date.now(),
    };
  };
  const say = (email: string, stream: string, body: string, threadRootId?: string): Message => {
    const ctx = contextFor(email);
    const streams = hello(ctx, {}).streams;
    const target = streams.find((s) => s.name === stream);
    if (!target) throw new ProtocolError('INTERNAL', `demo stream ${stream} missing`);
    const payload = { streamId: target.id, clientId: uuidv7(), body, ...(threadRootId ? { threadRootId } : {}) };
    return messageSend(ctx, payload).message;
  };
  const react = (email: string, message: Message, emoji: string): void => {
    reactionToggle(contextFor(email), { messageId: message.id, emoji });
  };

  const welcome = say(
    'dave@acme.test',
    'Acme',
    'Welcome to Tributary, @all! Team news that deserves a wider audience lands here. #welcome',
  );
  say('carol@acme.test', 'Acme', 'Glad to be here 👋', welcome.id);
  react('alice@acme.test', welcome, '🎉');

  const launch = say(
    'alice@acme.test',
    'Design',
    'Spring launch drafts go in this thread. First round of mockups by Friday. #launch',
  );
  say('bob@acme.test', 'Design', "Thanks @alice, I'll post the moodboard tomorrow.", launch.id);
  say('alice@acme.test', 'Design', 'Great, @bob. Keep the palette to three colours.', launch.id);
  const icons = say('bob@acme.test', 'Design', 'New icon set is ready for review **with dark mode** 🎨 #icons');
  react('alice@acme.test', icons, '👍');

  const build = say('carol@acme.test', 'Engineering', 'The build pipeline is green again after the cache fix. #ci');
  say('dave@acme.test', 'Engineering', 'Nice work @carol! Can you write up what broke?', build.id);
  say('dave@acme.test', 'Engineering', 'Reminder @engineering: standup moves to 10:00 from Monday. #standup');
  return true;
}
