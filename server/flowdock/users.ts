import { idSchema, ProtocolError } from '../../shared/protocol/index';
import type { FlowdockRequest } from './context';
import { userJson } from './present';
import { readUnit, reply } from './reply';

/**
 * `GET /users`: the users the caller can see. Everyone reads their organization's org-wide flow, so
 * that is every user of their organization (Flowdock: users sharing a flow with the caller).
 */
export async function listUsers(r: FlowdockRequest): Promise<void> {
  const users = await readUnit(r, (tx) => tx.users.listByOrg(r.caller.user.orgId));
  reply(r, 200, users.map(userJson));
}

/** `GET /user`: the authenticated user. */
export async function getSelf(r: FlowdockRequest): Promise<void> {
  reply(r, 200, userJson(r.caller.user));
}

/** `GET /users/:id`: a user of the caller's organization; anyone else is NOT_FOUND. */
export async function getUser(r: FlowdockRequest): Promise<void> {
  const [id] = r.params as [string];
  const user = await readUnit(r, async (tx) => (idSchema.safeParse(id).success ? tx.users.get(id) : null));
  if (!user || user.orgId !== r.caller.user.orgId) throw new ProtocolError('NOT_FOUND', 'no such user', 'id');
  reply(r, 200, userJson(user));
}
