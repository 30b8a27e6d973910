import { z } from 'zod';
import { speechPolicySchema } from '../domain/speechPolicy';
import { guidelinesStateSchema } from './guidelines';
import { presenceChangedSchema, typingChangedSchema } from './presence';
import { profileChangedSchema } from './profiles';
import { idSchema, promotionSchema, streamEventSchema, streamSchema, userSchema } from './entities';

/** Server→client pushes. Clients must tolerate unknown push names (newer servers). */
export const notificationSchema = z.object({
  kind: z.enum(['mention', 'promotion']),
  streamId: idSchema,
  messageId: idSchema.nullable(),
  promotionId: idSchema.nullable(),
  actorId: idSchema,
  actorName: z.string(),
  /** A short plain-text excerpt; never markup. */
  text: z.string(),
  at: z.number().int(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const serverPushes = {
  /** One stream-log entry, live. A gap between its seq and the client's cursor means: catch up. */
  event: streamEventSchema,
  'stream:added': z.object({ stream: streamSchema }),
  'stream:removed': z.object({ streamId: idSchema }),
  notification: notificationSchema,
  /** A promotion the receiver must act on (consent, approval) or follows (proposer, author) changed. */
  'promotion:updated': z.object({ promotion: promotionSchema }),
  /** The organization's speech policy changed (who may post in the org stream, who may mention many). */
  'speechPolicy:changed': z.object({ policy: speechPolicySchema }),
  /** The organization's link policy changed (as `hello`'s `urlPolicy`). */
  'urlPolicy:changed': z.object({ urlPolicy: z.object({ allow: z.array(z.string()), deny: z.array(z.string()) }) }),
  /** The receiver's own account changed (their org role). */
  'user:changed': z.object({ user: userSchema }),
  /** A stream the receiver reads changed for them (their team role in it). */
  'stream:changed': z.object({ stream: streamSchema }),
  /** The organization's or a team's guidelines changed: a new version, or the team's requirement. */
  'guidelines:changed': z.object({ guidelines: guidelinesStateSchema }),
  /** Someone acknowledged a version: to them (their other devices) and to who may see acknowledgements. */
  'guidelines:acknowledged': z.object({
    teamId: idSchema.nullable(),
    userId: idSchema,
    version: z.number().int().positive(),
    at: z.number().int(),
  }),
  /** Readers of a stream the receiver reads came online or went offline (at most one per stream a second). */
  'presence:changed': presenceChangedSchema,
  /** Another reader of a stream the receiver reads started or stopped typing there. */
  'typing:changed': typingChangedSchema,
  /** Someone of the receiver's organization changed their display name (names are shown from the directory). */
  'profile:changed': profileChangedSchema,
} as const;

export type ServerPushName = keyof typeof serverPushes;
export type ServerPush<N extends ServerPushName> = z.infer<(typeof serverPushes)[N]>;
