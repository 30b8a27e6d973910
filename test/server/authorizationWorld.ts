/*
 * The world of the authorization matrix (test/server/authorization*.test.ts): one server with the demo
 * organization and a second one (Globex), and a signed-in socket for each kind of caller. Each matrix
 * file uses its own world; a case lists who is allowed, and everyone else must be refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { SocketRequestName, Stream } from '../../shared/protocol/index';
import { loginAndConnect, ok, request, startTestServer, type ClientSocket, type TestServer } from '../helpers/server';

export type Actor = 'otherTeam' | 'otherOrg' | 'member' | 'curator' | 'admin';
export const ACTORS: Actor[] = ['otherTeam', 'otherOrg', 'member', 'curator', 'admin'];
const WHO: Record<Actor, string> = {
  otherTeam: 'carol@acme.test',
  otherOrg: 'zed@globex.test',
  member: 'bob@acme.test',
  curator: 'alice@acme.test',
  admin: 'dave@acme.test',
};

/** Members of Design (the team stream every case uses), and everyone who reads the org stream. */
export const teamOnly: Actor[] = ['member', 'curator'];
export const orgWide: Actor[] = ['otherTeam', 'member', 'curator', 'admin'];

export interface Case {
  name: SocketRequestName;
  label: string;
  payload: () => Promise<unknown>;
  allowed: Actor[];
  /** How everyone else is refused, when not the usual FORBIDDEN (NOT_FOUND for another organization). */
  denial?: 'NOT_FOUND';
  /** Acts on the caller's own organization, so another organization's user is refused like anyone else. */
  ownOrg?: true;
}

export interface AuthorizationWorld {
  ts: TestServer;
  sockets: Record<Actor, ClientSocket>;
  /** Design's team stream (alice curates it, bob is a member; carol is in another team). */
  design: Stream;
  orgStream: Stream;
  carolId: string;
  daveId: string;
  post(who: Actor, body: string, streamId?: string): Promise<{ id: string }>;
  proposal(proposer: Actor, author?: Actor): Promise<{ id: string }>;
  published(): Promise<{ id: string }>;
  /** Publishes a new version of Design's guidelines (as its curator) and answers its number. */
  designVersion(): Promise<number>;
  /** Publishes a new version of the organization's guidelines (as an org admin) and answers its number. */
  orgVersion(): Promise<number>;
}

/** Starts the world before the file's tests and closes it after them. */
export function useAuthorizationWorld(): AuthorizationWorld {
  const w = { sockets: {} } as AuthorizationWorld;
  w.post = async (who, body, streamId = w.design.id) =>
    (await ok(w.sockets[who], 'message:send', { streamId, clientId: uuidv7(), body })).message;
  w.proposal = async (proposer, author = 'member') => {
    const message = await w.post(author, 'promote me');
    return (await ok(w.sockets[proposer], 'promotion:propose', { messageId: message.id, clientId: uuidv7() }))
      .promotion;
  };
  w.published = async () => {
    const p = await w.proposal('member');
    return (await ok(w.sockets.curator, 'promotion:decide', { promotionId: p.id, approve: true })).promotion;
  };
  w.designVersion = async () =>
    (await ok(w.sockets.curator, 'guidelines:publish', { teamId: w.design.teamId!, body: 'Design rules' })).guidelines
      .current!.version;
  w.orgVersion = async () =>
    (await ok(w.sockets.admin, 'guidelines:publish', { body: 'Acme rules' })).guidelines.current!.version;

  beforeAll(async () => {
    w.ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
    const admin = w.ts.server.admin;
    await admin.createOrg('Globex');
    await admin.addUser({ org: 'Globex', email: 'zed@globex.test', name: 'Zed Zimmer', password: 'globex-password' });
    await admin.addTeam({ org: 'Globex', name: 'Ops', handle: 'ops' });
    await admin.addMember({ email: 'zed@globex.test', team: 'ops', role: 'curator' });
    for (const actor of ACTORS) {
      w.sockets[actor] = (
        await loginAndConnect(w.ts.url, WHO[actor], actor === 'otherOrg' ? 'globex-password' : undefined)
      ).socket;
    }
    const hello = await ok(w.sockets.curator, 'hello', {});
    w.design = hello.streams.find((s) => s.name === 'Design')!;
    w.orgStream = hello.streams.find((s) => s.kind === 'org')!;
    w.carolId = (await ok(w.sockets.otherTeam, 'hello', {})).user.id;
    w.daveId = (await ok(w.sockets.admin, 'hello', {})).user.id;
  });
  afterAll(async () => {
    for (const actor of ACTORS) w.sockets[actor]?.close();
    await w.ts?.close();
  });
  return w;
}

/** One test per case and caller: the allowed succeed, everyone else gets the expected refusal. */
export function runMatrix(w: AuthorizationWorld, cases: Case[]): void {
  for (const c of cases) {
    for (const actor of ACTORS) {
      const allowed = c.allowed.includes(actor);
      // Another organization's stream, message or promotion answers like a missing one (NOT_FOUND), so
      // its existence does not leak across organizations.
      const denial = c.denial ?? (actor === 'otherOrg' && !c.ownOrg ? 'NOT_FOUND' : 'FORBIDDEN');
      it(`${c.name} (${c.label}) × ${actor} → ${allowed ? 'allowed' : denial}`, async () => {
        const payload = await c.payload();
        const ack = await request(w.sockets[actor], c.name, payload);
        if (allowed) expect(ack).toMatchObject({ ok: true });
        else expect(ack).toMatchObject({ ok: false, error: { code: denial } });
      });
    }
  }
}

/**
 * The requests some matrix file names (a quoted request name in test/server/authorization*.test.ts,
 * as a case's `name` or a request's): the matrix is split by topic, and every request must be in one.
 */
export function requestsWithCases(): Set<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const names = new Set<string>();
  for (const file of readdirSync(here).filter((f) => /^authorization.*\.test\.ts$/.test(f)))
    for (const match of readFileSync(join(here, file), 'utf8').matchAll(/'([a-zA-Z]+(?::[a-zA-Z]+)?)'/g))
      names.add(match[1]!);
  return names;
}
