/*
 * Who looks at Bob (a Design member) in the tests of what the server shows to whom: his profile and
 * his photo. One signed-in socket per kind of viewer, from himself to another organization's user.
 */
import { loginAndConnect, type ClientSocket, type TestServer } from './server';

export type Viewer = 'self' | 'teammate' | 'otherTeam' | 'admin' | 'compliance' | 'otherOrg';

const ERIN_PASSWORD = 'compliance-password';
const ZED_PASSWORD = 'globex-password';
const WHO: Record<Viewer, { email: string; password?: string }> = {
  self: { email: 'bob@acme.test' }, // Design member: the profile's owner
  teammate: { email: 'alice@acme.test' }, // Design curator
  otherTeam: { email: 'carol@acme.test' }, // Engineering only
  admin: { email: 'dave@acme.test' }, // org admin, Engineering only
  compliance: { email: 'erin@acme.test', password: ERIN_PASSWORD }, // no team
  otherOrg: { email: 'zed@globex.test', password: ZED_PASSWORD },
};
export const VIEWERS = Object.keys(WHO) as Viewer[];

export interface Viewers {
  sockets: Record<Viewer, ClientSocket>;
  /** Each viewer's session token, for the HTTP routes. */
  tokens: Record<Viewer, string>;
  bobId: string;
}

/** Adds Erin (Acme's compliance officer) and Zed (of Globex) to the demo server, and signs every viewer in. */
export async function connectViewers(ts: TestServer): Promise<Viewers> {
  const admin = ts.server.admin;
  await admin.addUser({
    org: 'Acme',
    email: WHO.compliance.email,
    name: 'Erin Evans',
    password: ERIN_PASSWORD,
    orgRole: 'compliance',
  });
  await admin.createOrg('Globex');
  await admin.addUser({
    org: 'Globex',
    email: WHO.otherOrg.email,
    name: 'Zed Zimmer',
    password: ZED_PASSWORD,
  });
  const viewers = { sockets: {}, tokens: {}, bobId: '' } as Viewers;
  for (const viewer of VIEWERS) {
    const { socket, token, user } = await loginAndConnect(ts.url, WHO[viewer].email, WHO[viewer].password);
    viewers.sockets[viewer] = socket;
    viewers.tokens[viewer] = token;
    if (viewer === 'self') viewers.bobId = user.id;
  }
  return viewers;
}
