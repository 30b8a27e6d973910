import { z } from 'zod';
import type { Tx } from '../db/store';
import { streamMemberIds } from '../domain/access';
import type { UserRecord } from '../repositories/users.repository';
import type { FlowdockRequest } from './context';
import { flowById, flowByPath, readableFlows, type FlowRef } from './flowAccess';
import { parseInput } from './input';
import { flowJson } from './present';
import { apiBase, readUnit, reply } from './reply';

const listQuerySchema = z.object({ users: z.enum(['0', '1', 'true', 'false']).optional() });
const findQuerySchema = z.object({ id: z.string().min(1).max(100) });

/** The people who may read a flow, by name. */
async function flowUsers(tx: Tx, user: UserRecord, flow: FlowRef): Promise<UserRecord[]> {
  const ids = new Set(await streamMemberIds(tx, { ...flow.stream, orgId: user.orgId }));
  return (await tx.users.listByOrg(user.orgId)).filter((u) => ids.has(u.id));
}

/** `GET /flows` (`users=1` adds each flow's users): the flows the caller may read. */
export async function listFlows(r: FlowdockRequest): Promise<void> {
  const { users } = parseInput(listQuerySchema, Object.fromEntries(r.url.searchParams));
  const withUsers = users === '1' || users === 'true';
  const flows = await readUnit(r, async (tx) => {
    const answer = [];
    // one query at a time: a unit of work holds one connection
    for (const flow of await readableFlows(tx, r.caller.user))
      answer.push(flowJson(apiBase(r), flow, withUsers ? await flowUsers(tx, r.caller.user, flow) : undefined));
    return answer;
  });
  reply(r, 200, flows);
}

/** `GET /flows/:org/:flow`: one flow, always with its users. */
export async function getFlow(r: FlowdockRequest): Promise<void> {
  const [orgSlug, flowSlug] = r.params as [string, string];
  const flow = await readUnit(r, async (tx) => {
    const found = await flowByPath(tx, r.caller.user, orgSlug, flowSlug);
    return flowJson(apiBase(r), found, await flowUsers(tx, r.caller.user, found));
  });
  reply(r, 200, flow);
}

/** `GET /flows/find?id=`: one flow by its id, with its users. */
export async function findFlow(r: FlowdockRequest): Promise<void> {
  const { id } = parseInput(findQuerySchema, Object.fromEntries(r.url.searchParams));
  const flow = await readUnit(r, async (tx) => {
    const found = await flowById(tx, r.caller.user, id);
    return flowJson(apiBase(r), found, await flowUsers(tx, r.caller.user, found));
  });
  reply(r, 200, flow);
}
