// The authorization matrix of archiving a team (docs/governance.md#archived-teams): only an org admin
// archives or opens a team of their own organization. Once Design is archived, nobody adds to its
// stream (not its curator, not an org admin: FORBIDDEN "this team is archived"), while its members
// still read it and authors still edit and delete their own words.
import { beforeAll, describe } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { ok } from '../helpers/server';
import { runMatrix, teamOnly, useAuthorizationWorld, type Case } from './authorizationWorld';

const w = useAuthorizationWorld();

describe('archiving a team: who may', () => {
  runMatrix(w, [
    {
      name: 'admin:archiveTeam',
      label: 'Design, open stays open',
      payload: async () => ({ teamId: w.design.teamId!, archived: false }),
      allowed: ['admin'],
      // Globex's user here is no admin: refused as such, before any team is looked up (another
      // organization's *admin* gets NOT_FOUND: authorization.admin.test.ts)
      ownOrg: true,
    },
  ]);
});

describe('an archived team: who may still do what', () => {
  const ids = { rootByMember: '', byCurator: '' };
  beforeAll(async () => {
    ids.rootByMember = (await w.post('member', 'before the archive')).id;
    ids.byCurator = (await w.post('curator', 'mine to redact')).id;
    await ok(w.sockets.admin, 'admin:archiveTeam', { teamId: w.design.teamId!, archived: true });
  });
  const writes: Case[] = [
    {
      name: 'message:send',
      label: 'new post',
      payload: async () => ({ streamId: w.design.id, clientId: uuidv7(), body: 'late' }),
      allowed: [],
    },
    {
      name: 'message:send',
      label: 'reply',
      payload: async () => ({
        streamId: w.design.id,
        clientId: uuidv7(),
        body: 'late',
        threadRootId: ids.rootByMember,
      }),
      allowed: [],
    },
    {
      name: 'reaction:toggle',
      label: 'on a member post',
      payload: async () => ({ messageId: ids.rootByMember, emoji: '👍' }),
      allowed: [],
    },
    {
      name: 'message:tag',
      label: 'on a member post',
      payload: async () => ({ messageId: ids.rootByMember, tag: 'late' }),
      allowed: [],
    },
    {
      name: 'promotion:propose',
      label: 'a member post',
      payload: async () => ({ messageId: ids.rootByMember, clientId: uuidv7() }),
      allowed: [],
    },
    {
      name: 'sync',
      label: 'its history',
      payload: async () => ({ streamId: w.design.id, afterSeq: 0 }),
      allowed: teamOnly,
    },
    {
      name: 'message:edit',
      label: "the curator's own post",
      payload: async () => ({ messageId: ids.byCurator, body: 'mine, redacted' }),
      allowed: ['curator'],
    },
  ];
  runMatrix(w, writes);
});
