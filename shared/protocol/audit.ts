import { z } from 'zod';
import { idSchema, timeSchema } from './entities';

/*
 * The audit viewer (`audit:list`, docs/governance.md): the organization's audit trail for org admins
 * and compliance, newest first, filtered by actor, action, team, target and time, paged by an opaque
 * cursor so a trail of millions of records pages as fast as its first page.
 */

/** Most records one page holds. */
export const MAX_AUDIT_PAGE = 100;
/** Records per page when the request names no limit. */
export const DEFAULT_AUDIT_PAGE = 50;
/** Longest cursor a server hands out (clients pass it back untouched). */
export const MAX_AUDIT_CURSOR_CHARS = 100;
/** Longest action name a filter may hold (actions are short dotted names, e.g. `member.add`). */
export const MAX_AUDIT_ACTION_CHARS = 64;

/** A person as the viewer shows them; null fields for records whose actor no longer resolves. */
export const auditPersonSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });

/** One audit record: what happened, who did it, to what, in which team, with the recorded detail. */
export const auditEntrySchema = z.object({
  id: z.number().int().nonnegative(),
  at: timeSchema,
  action: z.string(),
  actor: auditPersonSchema.nullable(),
  target: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  /** What the record holds besides: never secrets or message bodies (the trail is written so). */
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListRequestSchema = z
  .object({
    actorId: idSchema.optional(),
    action: z
      .string()
      .min(1)
      .max(MAX_AUDIT_ACTION_CHARS)
      .regex(/^[a-z_]+(\.[a-z_]+)*$/, 'an action name such as member.add')
      .optional(),
    teamId: idSchema.optional(),
    /** Every record about one thing (a promotion's whole chain, a user, a token). */
    target: idSchema.optional(),
    /** Records at or after this time (ms since the epoch). */
    from: timeSchema.optional(),
    /** Records before this time. */
    to: timeSchema.optional(),
    cursor: z
      .string()
      .min(1)
      .max(MAX_AUDIT_CURSOR_CHARS)
      .regex(/^[A-Za-z0-9_-]+$/, 'a cursor from an earlier page')
      .optional(),
    limit: z.number().int().min(1).max(MAX_AUDIT_PAGE).default(DEFAULT_AUDIT_PAGE),
  })
  .strict();
export type AuditListRequest = z.input<typeof auditListRequestSchema>;

export const auditListResponseSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Pass back for the next (older) page; null when this page is the last. */
  nextCursor: z.string().nullable(),
});
