import type { SpeechPolicy } from '../../shared/domain/speechPolicy';
import type { UrlPolicy } from '../../shared/domain/urlPolicy';
import type { GuidelinesState, Notification, Promotion, Stream, StreamEvent, User } from '../../shared/protocol/index';

/** A user joined (with the stream as they now see it) or left a team's stream. */
export type MembershipChange =
  | { userId: string; streamId: string; change: 'added'; stream: Stream }
  | { userId: string; streamId: string; change: 'removed' };

/**
 * What a committed change must tell connected clients. Handlers only collect these inside their unit
 * of work (with everything a push carries already read there); the socket layer delivers them after
 * the unit has committed, so nothing is pushed for a change that rolled back or is not yet durable.
 */
export interface Effects {
  events: StreamEvent[];
  notifications: Array<{ userId: string; notification: Notification }>;
  promotionUpdates: Array<{ userIds: string[]; promotion: Promotion }>;
  membership: MembershipChange[];
  revokedTokens: string[];
  /** A new speech policy, for the room of the organization's org stream (every user of the org). */
  speechPolicies: Array<{ streamId: string; policy: SpeechPolicy }>;
  /** A new link policy, for the room of the organization's org stream. */
  urlPolicies: Array<{ streamId: string; urlPolicy: UrlPolicy }>;
  /** A user's new org role (`user`) or team role (`stream`, as they now see it), for their sockets. */
  roleChanges: Array<{ userId: string; user: User } | { userId: string; stream: Stream }>;
  /** New guidelines state, for the room of the team's stream or the org stream. */
  guidelines: Array<{ streamId: string; guidelines: GuidelinesState }>;
  /** An acknowledgement, for the acknowledger and whoever may see acknowledgements. */
  guidelineAcks: Array<{
    userIds: string[];
    ack: { teamId: string | null; userId: string; version: number; at: number };
  }>;
  /** "Is typing" (or its stop) to relay to the stream's other readers (coalesced); never stored. */
  typing: Array<{ streamId: string; userId: string; typing: boolean; threadRootId?: string }>;
  /** A new display name, for the room of the organization's org stream (every user of the org). */
  displayNames: Array<{ streamId: string; userId: string; displayName: string }>;
  /**
   * A new photo (or none, or a new visibility for it), told to whoever may see it before or after:
   * the org stream's room when either visibility is `org`, otherwise the owner's teammates by user.
   */
  photoChanges: Array<{ streamId: string | null; userIds: string[]; userId: string; displayName: string }>;
  /** Users whose presence may have changed (an opt-out): their streams are told once it is re-read. */
  presence: string[];
}

/** An empty collector. */
export function createEffects(): Effects {
  return {
    events: [],
    notifications: [],
    promotionUpdates: [],
    membership: [],
    revokedTokens: [],
    speechPolicies: [],
    urlPolicies: [],
    roleChanges: [],
    guidelines: [],
    guidelineAcks: [],
    typing: [],
    displayNames: [],
    photoChanges: [],
    presence: [],
  };
}

/** Delivers collected effects to whoever is connected (a no-op when no server is running). */
export type EffectSink = (effects: Effects) => void;

/** A short plain-text excerpt for notifications (shared with the client core's own notifications). */
export { excerpt } from '../../shared/domain/excerpt';
