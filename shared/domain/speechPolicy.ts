/*
 * Who may speak to everyone: an organization's rules for posting directly in the org-wide stream and
 * for mentions that page many people (`@all`/`@everyone` and team handles). Pure, so the server
 * enforces exactly what the composer explains before sending.
 */
import { z } from 'zod';

/** Who may post directly in the org-wide stream (promoted posts always arrive). */
export const orgStreamPostingSchema = z.enum(['everyone', 'curators']);
/** Who may use `@all` and team mentions in the org-wide stream. */
export const orgStreamMentionsSchema = z.enum(['everyone', 'curators', 'admins']);
/** Who may use `@all` and team mentions in a team's stream. */
export const teamStreamMentionsSchema = z.enum(['everyone', 'curators']);

/** An organization's speech policy. "curators" always includes org admins. */
export const speechPolicySchema = z
  .object({
    orgStreamPosting: orgStreamPostingSchema,
    orgStreamMentions: orgStreamMentionsSchema,
    teamStreamMentions: teamStreamMentionsSchema,
  })
  .strict();
export type SpeechPolicy = z.infer<typeof speechPolicySchema>;

/** A change to some of the policy's rules; the others stay. */
export const speechPolicyPatchSchema = speechPolicySchema.partial().strict();
export type SpeechPolicyPatch = z.infer<typeof speechPolicyPatchSchema>;

/** An organization that never set a policy: anyone posts, only admins page the whole organization. */
export const DEFAULT_SPEECH_POLICY: SpeechPolicy = {
  orgStreamPosting: 'everyone',
  orgStreamMentions: 'admins',
  teamStreamMentions: 'everyone',
};

/** The speaker as the rules see them in one stream. */
export interface Speaker {
  orgRole: 'member' | 'admin' | 'compliance';
  streamKind: 'org' | 'team' | 'direct';
  /** Their role in this team stream; null in the org stream and in direct conversations. */
  teamRole: 'member' | 'curator' | null;
  /** Whether they curate any team (what "curators" means in the org-wide stream). */
  curatesAnyTeam: boolean;
}

/** Why a message may not be sent as written. */
export type SpeechRefusal = 'postingRestricted' | 'mentionsRestricted';

function isCurator(speaker: Speaker): boolean {
  if (speaker.orgRole === 'admin') return true;
  return speaker.streamKind === 'org' ? speaker.curatesAnyTeam : speaker.teamRole === 'curator';
}

/** Whether the speaker may post directly in this stream at all. */
export function mayPostDirectly(policy: SpeechPolicy, speaker: Speaker): boolean {
  if (speaker.streamKind !== 'org' || policy.orgStreamPosting === 'everyone') return true;
  return isCurator(speaker);
}

/**
 * Whether the speaker may use `@all` and team mentions in this stream. In a direct conversation they
 * page nobody (the server reads them as plain text there), so no rule applies.
 */
export function mayMentionMany(policy: SpeechPolicy, speaker: Speaker): boolean {
  if (speaker.streamKind === 'direct') return true;
  const rule = speaker.streamKind === 'org' ? policy.orgStreamMentions : policy.teamStreamMentions;
  if (rule === 'everyone') return true;
  if (rule === 'admins') return speaker.orgRole === 'admin';
  return isCurator(speaker);
}

/**
 * The first rule a message breaks, or null. `mentionsMany` says whether its body holds `@all` or a
 * team mention (the caller resolves handles: only it knows which are teams).
 */
export function speechRefusal(policy: SpeechPolicy, speaker: Speaker, mentionsMany: boolean): SpeechRefusal | null {
  if (!mayPostDirectly(policy, speaker)) return 'postingRestricted';
  if (mentionsMany && !mayMentionMany(policy, speaker)) return 'mentionsRestricted';
  return null;
}

/** The refusal in English, for server errors and the CLI. */
export function describeRefusal(
  policy: SpeechPolicy,
  refusal: SpeechRefusal,
  streamKind: Speaker['streamKind'],
): string {
  if (refusal === 'postingRestricted')
    return 'only curators and org admins may post directly in the org-wide stream; propose the post from your team instead';
  const rule = streamKind === 'org' ? policy.orgStreamMentions : policy.teamStreamMentions;
  const who = rule === 'admins' ? 'org admins' : 'curators and org admins';
  return `only ${who} may use @all or team mentions in ${streamKind === 'org' ? 'the org-wide stream' : 'this team stream'}`;
}
