import type { Notification, Promotion, StreamEvent } from '../../shared/protocol/index';

/**
 * What a committed change must tell connected clients. Handlers only collect these; the socket layer
 * delivers them after the transaction commits, so nothing is pushed for a change that rolled back.
 */
export interface Effects {
  events: StreamEvent[];
  notifications: Array<{ userId: string; notification: Notification }>;
  promotionUpdates: Array<{ userIds: string[]; promotion: Promotion }>;
  membership: Array<{ userId: string; streamId: string; change: 'added' | 'removed' }>;
  revokedTokens: string[];
}

/** An empty collector. */
export function createEffects(): Effects {
  return { events: [], notifications: [], promotionUpdates: [], membership: [], revokedTokens: [] };
}

/** Delivers collected effects to whoever is connected (a no-op when no server is running). */
export type EffectSink = (effects: Effects) => void;

/** A short plain-text excerpt for notifications (shared with the client core's own notifications). */
export { excerpt } from '../../shared/domain/excerpt';
