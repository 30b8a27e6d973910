import { z } from 'zod';
import { ProtocolError } from '../../shared/protocol/index';
import type { FlowdockRequest } from './context';
import { parseInput } from './input';
import { organizationJson } from './present';
import { apiBase, readUnit, reply } from './reply';

const findQuerySchema = z.object({ id: z.string().min(1).max(100) });

/** The caller's organization with its users, as Flowdock's organization resource. */
async function ownOrganization(r: FlowdockRequest) {
  return readUnit(r, async (tx) => {
    const org = await tx.orgs.get(r.caller.user.orgId);
    if (!org) throw new ProtocolError('INTERNAL', 'account has no organization');
    return organizationJson(apiBase(r), org, await tx.users.listByOrg(org.id));
  });
}

/** `GET /organizations`: the caller's organizations (a Tributary user belongs to exactly one). */
export async function listOrganizations(r: FlowdockRequest): Promise<void> {
  reply(r, 200, [await ownOrganization(r)]);
}

/** `GET /organizations/:parameterized_name`: the caller's organization; any other is NOT_FOUND. */
export async function getOrganization(r: FlowdockRequest): Promise<void> {
  const [slug] = r.params as [string];
  const org = await ownOrganization(r);
  if (slug !== org.parameterized_name) throw new ProtocolError('NOT_FOUND', 'no such organization', 'organization');
  reply(r, 200, org);
}

/** `GET /organizations/find?id=`: the caller's organization by id; any other is NOT_FOUND. */
export async function findOrganization(r: FlowdockRequest): Promise<void> {
  const { id } = parseInput(findQuerySchema, Object.fromEntries(r.url.searchParams));
  const org = await ownOrganization(r);
  if (org.id !== id) throw new ProtocolError('NOT_FOUND', 'no such organization', 'id');
  reply(r, 200, org);
}
