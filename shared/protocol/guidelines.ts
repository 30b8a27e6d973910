import { z } from 'zod';
import { withinMarkdownBudget } from '../domain/markdownBudget';
import { idSchema } from './entities';
import { hasVisibleText } from './messageBody';

/*
 * Guidelines, acknowledged (docs/governance.md): the organization and each team publish markdown
 * guidelines in numbered versions; members acknowledge a version; a team may require the
 * acknowledgement of its current version before anyone posts in its stream. Schemas shared by the
 * socket requests and the IPC contract. A request without `teamId` concerns the organization's.
 */

/** Characters one version of guidelines may hold. */
export const MAX_GUIDELINES_CHARS = 8000;

/**
 * A version's text: markdown in the message grammar, with visible text, and within the parser's
 * budget so it renders as markdown everywhere (a body over budget would show as plain text).
 */
export const guidelinesBodySchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_GUIDELINES_CHARS)
  .refine(hasVisibleText, 'must contain visible text')
  .refine(withinMarkdownBudget, 'too much markup to render: split long lists or tables');

/** A version number: 1 for the first publish, N+1 for every later one. */
export const guidelinesVersionNumberSchema = z.number().int().positive();

/** One published version, kept for good (a new version never replaces an older row). */
export const guidelinesVersionSchema = z.object({
  teamId: idSchema.nullable(),
  version: guidelinesVersionNumberSchema,
  body: z.string(),
  publishedAt: z.number().int(),
  publishedBy: idSchema,
  publisherName: z.string(),
});
export type GuidelinesVersion = z.infer<typeof guidelinesVersionSchema>;

/** One scope's guidelines as everyone sees them (what the `guidelines:changed` push carries). */
export const guidelinesStateSchema = z.object({
  /** The team whose guidelines these are; null for the organization's. */
  teamId: idSchema.nullable(),
  /** The current version; null before the first publish. */
  current: guidelinesVersionSchema.nullable(),
  /** Posting in the team's stream requires acknowledging the current version (always false for the org). */
  requireAck: z.boolean(),
});
export type GuidelinesState = z.infer<typeof guidelinesStateSchema>;

/** One scope's guidelines as one user sees them: with the latest version they acknowledged. */
export const guidelinesSchema = guidelinesStateSchema.extend({
  acknowledgedVersion: guidelinesVersionNumberSchema.nullable(),
});
export type Guidelines = z.infer<typeof guidelinesSchema>;

/** Whether these guidelines still ask the user to read and acknowledge them. */
export function needsAcknowledgement(g: Guidelines): boolean {
  return g.current !== null && (g.acknowledgedVersion ?? 0) < g.current.version;
}

/** Whether posting in the team's stream is refused until the user acknowledges. */
export function postingBlocked(g: Guidelines): boolean {
  return g.requireAck && needsAcknowledgement(g);
}

/** The words of the refusal, the same from the server and the client core. */
export function postingBlockedMessage(teamName: string, version: number): string {
  return `posting in ${teamName} requires acknowledging its guidelines (version ${version}) first: open the team's guidelines and choose "I have read these"`;
}

/** One member and the latest version they acknowledged. */
export const guidelinesAcknowledgerSchema = z.object({
  userId: idSchema,
  name: z.string(),
  acknowledgedVersion: guidelinesVersionNumberSchema.nullable(),
  acknowledgedAt: z.number().int().nullable(),
});
export type GuidelinesAcknowledger = z.infer<typeof guidelinesAcknowledgerSchema>;

const scope = { teamId: idSchema.optional() };

export const guidelinesListRequestSchema = z.object({}).strict();
export const guidelinesListResponseSchema = z.object({ guidelines: z.array(guidelinesSchema) });
export const guidelinesGetRequestSchema = z.object(scope).strict();
export const guidelinesResponseSchema = z.object({ guidelines: guidelinesSchema });
export const guidelinesVersionRequestSchema = z.object({ ...scope, version: guidelinesVersionNumberSchema }).strict();
export const guidelinesVersionResponseSchema = z.object({ version: guidelinesVersionSchema });
export const guidelinesPublishRequestSchema = z.object({ ...scope, body: guidelinesBodySchema }).strict();
export const guidelinesRequireRequestSchema = z.object({ teamId: idSchema, required: z.boolean() }).strict();
export const guidelinesAcknowledgeRequestSchema = z
  .object({ ...scope, version: guidelinesVersionNumberSchema })
  .strict();
export const guidelinesAcknowledgementsRequestSchema = z.object(scope).strict();
export const guidelinesAcknowledgementsResponseSchema = z.object({
  teamId: idSchema.nullable(),
  /** The current version; null before the first publish. */
  currentVersion: guidelinesVersionNumberSchema.nullable(),
  /** Everyone these guidelines are for: the team's members, or the organization's active users. */
  memberCount: z.number().int().nonnegative(),
  /** How many members acknowledged each version as their latest, newest version first. */
  byVersion: z.array(z.object({ version: guidelinesVersionNumberSchema, count: z.number().int().positive() })),
  /** Every member by name, with what they acknowledged (null: nothing yet). */
  members: z.array(guidelinesAcknowledgerSchema),
});
export type GuidelinesAcknowledgements = z.infer<typeof guidelinesAcknowledgementsResponseSchema>;
export const guidelinesExportRequestSchema = z.object(scope).strict();
export const guidelinesExportResponseSchema = z.object({ filename: z.string(), csv: z.string() });
