import { z } from 'zod';
import { idSchema } from './entities';

/*
 * Presence (who is online in a stream) and typing ("is typing…"): live only. Presence is shown only
 * to a stream's readers and never for a user who opted out; typing is relayed to the stream's other
 * readers and never stored. Schemas shared by the socket requests and the IPC contract.
 */

/** A client sends at most one `typing: true` per this long while the user keeps typing. */
export const TYPING_SIGNAL_INTERVAL_MS = 3_000;
/** A receiver forgets a typing user after this long without a signal (a lost stop must not stick). */
export const TYPING_EXPIRY_MS = 6_000;
/** The server gathers presence changes for this long before it pushes them (one push per stream). */
export const PRESENCE_FLUSH_MS = 1_000;
/**
 * The server gathers typing signals for this long before it pushes them (one push per stream): short
 * enough that "is typing…" still appears at once, long enough that a busy stream's typists share pushes.
 */
export const TYPING_FLUSH_MS = 250;

/** `presence:list`: who is online in a stream I read now. */
export const presenceListRequestSchema = z.object({ streamId: idSchema }).strict();
export const presenceListResponseSchema = z.object({
  streamId: idSchema,
  /** Readers of the stream with a connected socket who have not opted out, me included. */
  online: z.array(idSchema),
});

/** `presence:get`: my own choice (shown online or not), the same on all my devices. */
export const presenceGetRequestSchema = z.object({}).strict();
/** `presence:set`: opt out of (`visible: false`) or back into being shown online. */
export const presenceSetRequestSchema = z.object({ visible: z.boolean() }).strict();
export const presenceSettingResponseSchema = z.object({ visible: z.boolean() });

/**
 * `typing:signal`: I am typing in a stream (`typing: true`, repeated while I type) or stopped; with
 * `threadRootId`, a reply in that thread of the stream.
 */
export const typingSignalRequestSchema = z
  .object({ streamId: idSchema, typing: z.boolean(), threadRootId: idSchema.optional() })
  .strict();
export const typingSignalResponseSchema = z.object({});

/** Push `presence:changed`: users of a stream who came online or went offline (coalesced). */
export const presenceChangedSchema = z.object({
  streamId: idSchema,
  online: z.array(idSchema),
  offline: z.array(idSchema),
});
export type PresenceChanged = z.infer<typeof presenceChangedSchema>;

/**
 * One reader of a stream started or stopped typing there; `threadRootId` when it is a reply in that
 * thread (shown in the thread, not under the stream).
 */
export const typingChangeSchema = z.object({
  userId: idSchema,
  typing: z.boolean(),
  threadRootId: idSchema.optional(),
});
export type TypingChange = z.infer<typeof typingChangeSchema>;

/**
 * Push `typing:changed`: other readers of a stream who started or stopped typing there, gathered for
 * up to TYPING_FLUSH_MS; one entry per user and thread (the latest), in the order they arrived.
 */
export const typingChangedSchema = z.object({
  streamId: idSchema,
  changes: z.array(typingChangeSchema).min(1),
});
export type TypingChanged = z.infer<typeof typingChangedSchema>;
