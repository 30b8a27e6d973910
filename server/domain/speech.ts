/*
 * Enforces the organization's speech policy (shared/domain/speechPolicy.ts) on sends and edits, and
 * changes it (socket request and admin CLI alike): one place for both, so the audit record and the
 * push to connected clients cannot be forgotten by either.
 */
import {
  describeRefusal,
  speechPolicySchema,
  speechRefusal,
  type SpeechPolicy,
  type SpeechPolicyPatch,
} from '../../shared/domain/speechPolicy';
import { ProtocolError } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import type { StreamAccess } from './access';
import type { Effects } from './effects';
import { referencesIn } from './references';
import type { UserRecord } from '../repositories/users.repository';

/** Whether a body pages many people: `@all`/`@everyone` or a team handle not already in `before`. */
async function mentionsMany(tx: Tx, orgId: string, body: string, before: string | null): Promise<boolean> {
  const refs = referencesIn(body);
  const earlier = before === null ? null : referencesIn(before);
  if (refs.all && !earlier?.all) return true;
  const known = new Set(earlier?.mentions ?? []);
  for (const handle of refs.mentions) {
    if (!known.has(handle) && (await tx.teams.getByHandle(orgId, handle))) return true;
  }
  return false;
}

/**
 * Refuses (FORBIDDEN, with the rule in words) a send, or with `before` an edit, that the policy
 * forbids. An edit is held only to what it adds: fixing a typo in an older `@all` post stays possible.
 */
export async function checkSpeech(
  tx: Tx,
  user: UserRecord,
  access: StreamAccess,
  body: string,
  before: string | null = null,
): Promise<void> {
  const { stream, role } = access;
  // In a direct conversation @all and team handles are plain text (references.ts): nothing to police.
  if (stream.kind === 'direct') return;
  // A team stream with a body that pages nobody has no rule to break: no policy read on that path.
  const many = await mentionsMany(tx, stream.orgId, body, before);
  if (stream.kind === 'team' && !many) return;
  if (before !== null && !many) return;
  const policy = await tx.speechPolicies.get(stream.orgId);
  // An edit is no new post: only the mention rule applies to it.
  const rules: SpeechPolicy = before === null ? policy : { ...policy, orgStreamPosting: 'everyone' };
  const speaker = { orgRole: user.orgRole, streamKind: stream.kind, teamRole: role, curatesAnyTeam: false };
  let refusal = speechRefusal(rules, speaker, many);
  // Whether they curate some team matters only in the org stream, and only once a rule bites.
  if (refusal && stream.kind === 'org' && user.orgRole !== 'admin') {
    speaker.curatesAnyTeam = (await tx.teams.listForUser(user.id)).some((t) => t.role === 'curator');
    refusal = speechRefusal(rules, speaker, many);
  }
  if (refusal) throw new ProtocolError('FORBIDDEN', describeRefusal(policy, refusal, stream.kind));
}

/**
 * Applies a change to the organization's policy, audits it, and collects the push that tells every
 * connected client of the organization (they all read the org stream, so its room reaches them).
 */
export async function changeSpeechPolicy(
  tx: Tx,
  change: { orgId: string; patch: SpeechPolicyPatch; actorId: string | null; via: string; now: number },
  effects: Effects,
): Promise<SpeechPolicy> {
  const previous = await tx.speechPolicies.get(change.orgId);
  const policy = speechPolicySchema.parse({ ...previous, ...change.patch });
  await tx.speechPolicies.set(change.orgId, policy, change.now);
  await tx.audit.insert({
    at: change.now,
    orgId: change.orgId,
    actorId: change.actorId,
    action: 'org.speech_policy',
    target: change.orgId,
    detail: { ...policy, previous, via: change.via },
  });
  const orgStream = await tx.streams.getOrgStream(change.orgId);
  if (orgStream) effects.speechPolicies.push({ streamId: orgStream.id, policy });
  return policy;
}
