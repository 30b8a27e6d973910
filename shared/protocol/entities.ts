import { z } from 'zod';
import { canonicalEmoji } from '../domain/emoji';

/** Identifiers are UUIDv7 strings; the schema stays lenient on version so other clients interoperate. */
export const idSchema = z.string().uuid();
/** UTC milliseconds since the epoch. */
export const timeSchema = z.number().int().nonnegative();
export const seqSchema = z.number().int().nonnegative();

export const orgRoleSchema = z.enum(['member', 'admin', 'compliance']);
export type OrgRole = z.infer<typeof orgRoleSchema>;
export const teamRoleSchema = z.enum(['member', 'curator']);
export type TeamRole = z.infer<typeof teamRoleSchema>;

/** A person as others may see them. `handle` is what @mentions use. */
export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  handle: z.string(),
  orgRole: orgRoleSchema,
  /**
   * The name the person chose in their profile, which every colleague may see; `directory:list` sends
   * it, other answers may leave it out (then show `name`, the account's name).
   */
  displayName: z.string().optional(),
});
export type User = z.infer<typeof userSchema>;

export const organizationSchema = z.object({ id: idSchema, name: z.string() });
export type Organization = z.infer<typeof organizationSchema>;

export const sharingPolicySchema = z.enum(['approval', 'open']);
export type SharingPolicy = z.infer<typeof sharingPolicySchema>;

export const teamSchema = z.object({
  id: idSchema,
  name: z.string(),
  handle: z.string(),
  policy: sharingPolicySchema,
  streamId: idSchema,
});
export type Team = z.infer<typeof teamSchema>;

/** What kind of stream: a team's, the organization's, or a direct conversation between a few people. */
export const streamKindSchema = z.enum(['team', 'org', 'direct']);
export type StreamKind = z.infer<typeof streamKindSchema>;

/** One person of a direct conversation (deactivated people stay listed: the history is theirs too). */
export const directParticipantSchema = z.object({ id: idSchema, name: z.string(), handle: z.string() });
export type DirectParticipant = z.infer<typeof directParticipantSchema>;

/** A stream as one user sees it: counters are that user's own. */
export const streamSchema = z.object({
  id: idSchema,
  kind: streamKindSchema,
  teamId: idSchema.nullable(),
  name: z.string(),
  headSeq: seqSchema,
  lastReadSeq: seqSchema,
  unread: z.number().int().nonnegative(),
  mentions: z.number().int().nonnegative(),
  /** The caller's team role; null for the org stream and direct conversations. */
  role: teamRoleSchema.nullable(),
  /**
   * Direct conversations only: everyone in it, the caller included, by name. Its `name` is the
   * other participants' names as the server put them; clients may draw their own from this list.
   */
  participants: z.array(directParticipantSchema).optional(),
  /**
   * True for the stream of an archived team (docs/governance.md#archived-teams): readable, closed to
   * new posts, reactions and proposals. Absent for every other stream (an older server sends none).
   */
  archived: z.boolean().optional(),
});
export type Stream = z.infer<typeof streamSchema>;

/**
 * A reaction's emoji: one emoji (either presentation) or a known `:shortcode:`, turned into its
 * canonical spelling (`shared/domain/emoji.ts`); anything else is INVALID.
 */
export const emojiSchema = z.string().transform((input, ctx) => {
  const emoji = canonicalEmoji(input);
  if (emoji === null) {
    ctx.issues.push({ code: 'custom', message: 'must be one emoji or a known :shortcode:', input });
    return z.NEVER;
  }
  return emoji;
});

/** emoji → ids of the users who reacted with it. */
export const reactionsSchema = z.record(z.string(), z.array(idSchema));
export type Reactions = z.infer<typeof reactionsSchema>;

/** Where an org-wide copy came from; the link is only followable by members of the source team. */
export const provenanceSchema = z.object({
  promotionId: idSchema,
  sourceStreamId: idSchema,
  sourceMessageId: idSchema,
  sourceTeamId: idSchema,
  sourceTeamName: z.string(),
  authorId: idSchema,
  authorName: z.string(),
  proposerId: idSchema,
  proposerName: z.string(),
  approverId: idSchema.nullable(),
  approverName: z.string().nullable(),
  publishedAt: timeSchema,
});
export type Provenance = z.infer<typeof provenanceSchema>;

/**
 * The integration that posted a message (Flowdock's sources), shown as its author with a mark;
 * `externalAuthor` is the person in the external tool the post names (Flowdock's `author.name`).
 */
export const messageIntegrationSchema = z.object({
  id: idSchema,
  name: z.string(),
  avatarUrl: z.string().nullable(),
  externalAuthor: z.string().nullable(),
});
export type MessageIntegration = z.infer<typeof messageIntegrationSchema>;

/**
 * A file attached to (or uploaded for) a message. `mime` is detected from the content on the server
 * ('application/octet-stream' when unknown), never taken from the name; width and height are set for
 * images only; `thumbnail` says the server made a preview (GET /api/files/:id/thumbnail).
 */
export const fileRefSchema = z.object({
  id: idSchema,
  name: z.string(),
  size: z.number().int().nonnegative(),
  mime: z.string(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  thumbnail: z.boolean(),
});
export type FileRef = z.infer<typeof fileRefSchema>;

/** Files one message may carry. */
export const MAX_FILES_PER_MESSAGE = 10;

/** Current materialized state of one message. A deleted message keeps its row with an empty body. */
export const messageSchema = z.object({
  id: idSchema,
  streamId: idSchema,
  /** The seq of the event that created it: the stable ordering key within a stream. */
  seq: seqSchema,
  authorId: idSchema,
  authorName: z.string(),
  clientId: z.string(),
  body: z.string(),
  threadRootId: idSchema.nullable(),
  /** Ids of the users this message notifies (resolved from @name, @team and @all). */
  mentions: z.array(idSchema),
  tags: z.array(z.string()),
  reactions: reactionsSchema,
  replyCount: z.number().int().nonnegative(),
  createdAt: timeSchema,
  editedAt: timeSchema.nullable(),
  deletedAt: timeSchema.nullable(),
  /** Set on an original once a copy of it is published org-wide. */
  sharedAt: timeSchema.nullable(),
  /** Set on org-wide copies only. */
  provenance: provenanceSchema.nullable(),
  /**
   * Set on an integration's posts (authorName is then the integration's name). Optional so that
   * messages of servers and caches from before integrations still parse; absent means null.
   */
  integration: messageIntegrationSchema.nullable().optional(),
  /** Attached files, in the order they were attached. Optional so that older caches still parse; absent means none. */
  files: z.array(fileRefSchema).optional(),
});
export type Message = z.infer<typeof messageSchema>;

/** What only the creator of a message knows; everything else starts empty. */
export type NewMessageFields = Pick<
  Message,
  'id' | 'streamId' | 'seq' | 'authorId' | 'authorName' | 'clientId' | 'body' | 'threadRootId' | 'createdAt'
> &
  Partial<Message>;

/** A message as it is first created: no mentions, tags, reactions or replies, never edited, shared or deleted. */
export function newMessage(fields: NewMessageFields): Message {
  return {
    mentions: [],
    tags: [],
    reactions: {},
    replyCount: 0,
    editedAt: null,
    deletedAt: null,
    sharedAt: null,
    provenance: null,
    integration: null,
    ...fields,
  };
}

export const promotionStateSchema = z.enum([
  'awaiting_consent',
  'awaiting_approval',
  'published',
  'declined',
  'withdrawn',
  'unpublished',
]);
export type PromotionState = z.infer<typeof promotionStateSchema>;

/** States in which a proposal still waits for someone (the author's consent or a curator's decision). */
export const PENDING_PROMOTION_STATES: readonly PromotionState[] = ['awaiting_consent', 'awaiting_approval'];
/** States that keep a message from being proposed again: pending, or already published. */
export const ACTIVE_PROMOTION_STATES: readonly PromotionState[] = [...PENDING_PROMOTION_STATES, 'published'];

/** Whether a promotion still waits for a decision (it may be withdrawn, and blocks a new proposal). */
export function isPendingPromotion(state: PromotionState): boolean {
  return PENDING_PROMOTION_STATES.includes(state);
}

/**
 * The lists `promotion:list` serves: `mine` (proposed or authored by me), `queue` (awaiting a curator
 * I am), `consent` (awaiting my consent as the author).
 */
export const promotionScopeSchema = z.enum(['mine', 'queue', 'consent']);
export type PromotionScope = z.infer<typeof promotionScopeSchema>;
export const promotionScopes: readonly PromotionScope[] = promotionScopeSchema.options;

/** What a user may do with a promotion: the state machine's steps, as the server decides them for the caller. */
export const promotionActionSchema = z.enum(['consent', 'decide', 'withdraw', 'requestUnpublish', 'unpublish']);
export type PromotionAction = z.infer<typeof promotionActionSchema>;

/** One message's way up the ladder from its team to the organization. */
export const promotionSchema = z.object({
  id: idSchema,
  messageId: idSchema,
  sourceStreamId: idSchema,
  sourceTeamId: idSchema,
  targetStreamId: idSchema,
  authorId: idSchema,
  proposerId: idSchema,
  note: z.string().nullable(),
  /** Exactly what the organization sees if it is published. */
  snapshotBody: z.string(),
  state: promotionStateSchema,
  declinedBy: z.enum(['author', 'curator']).nullable(),
  deciderId: idSchema.nullable(),
  decisionNote: z.string().nullable(),
  orgMessageId: idSchema.nullable(),
  unpublishRequested: z.boolean(),
  createdAt: timeSchema,
  updatedAt: timeSchema,
});
export type Promotion = z.infer<typeof promotionSchema>;

/** A promotion as one user sees it in a list: with the steps the server lets that user take now. */
export const promotionViewSchema = promotionSchema.extend({ actions: z.array(promotionActionSchema) });
export type PromotionView = z.infer<typeof promotionViewSchema>;

/** What one user may do with one message's sharing, as the server decides it. */
export const messageSharingSchema = z.object({
  messageId: idSchema,
  /** `promotion:propose` would be accepted now (team stream, top level, not yet on its way, links allowed…). */
  propose: z.boolean(),
  /** The message is an org-wide copy this user may take down (`promotion:unpublish`). */
  unpublish: z.boolean(),
});
export type MessageSharing = z.infer<typeof messageSharingSchema>;

export const streamEventTypeSchema = z.enum([
  'message:created',
  'message:edited',
  'message:deleted',
  'reaction:changed',
  'promotion:changed',
  'messages:purged',
]);
export type StreamEventType = z.infer<typeof streamEventTypeSchema>;

/** What one `reaction:toggle` changed: who, which (canonical) emoji, added or removed. */
export const reactionChangeSchema = z.object({
  messageId: idSchema,
  userId: idSchema,
  emoji: z.string(),
  added: z.boolean(),
});
export type ReactionChange = z.infer<typeof reactionChangeSchema>;

/** A purged thread root that stays (its own period has not run out, or a hold keeps it): its new reply count. */
export const purgedRootSchema = z.object({ messageId: idSchema, replyCount: z.number().int().nonnegative() });

/**
 * What a `messages:purged` log entry removes: messages (with their versions, reactions and tags), the
 * promotions of those messages, and the new reply counts of thread roots that stay.
 */
export const purgeSchema = z.object({
  messageIds: z.array(idSchema).min(1),
  promotionIds: z.array(idSchema),
  threadRoots: z.array(purgedRootSchema),
});
export type Purge = z.infer<typeof purgeSchema>;

/**
 * One entry of a stream's append-only log. Message events carry the message's full state after the
 * change, so applying an event is an idempotent upsert; `promotion:changed` carries the promotion and,
 * when the change touched a message (an original marked shared, a copy unpublished), that message too.
 * `reaction:changed` carries only the change (`reaction`, `message` null): applying it adds or removes
 * one user from one emoji, which is idempotent too. (Entries logged before this carry the message.)
 * `messages:purged` carries `purge`: retention removed those messages; applying it deletes them, which
 * is idempotent. Entries that carried a purged message are emptied (`message` and `promotion` null).
 */
export const streamEventSchema = z.object({
  streamId: idSchema,
  seq: seqSchema,
  type: streamEventTypeSchema,
  at: timeSchema,
  actorId: idSchema,
  message: messageSchema.nullable(),
  promotion: promotionSchema.nullable(),
  reaction: reactionChangeSchema.optional(),
  /** `messages:purged` only: what retention removed (`message` and `promotion` null). */
  purge: purgeSchema.optional(),
});
export type StreamEvent = z.infer<typeof streamEventSchema>;
