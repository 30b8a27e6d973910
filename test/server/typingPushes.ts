// `typing:changed` pushes carry a stream's typing coalesced (one push, a list of changes); tests that
// follow one user's signals read them one change at a time, in the order they were pushed.
import type { TypingChange, TypingChanged } from '../../shared/protocol/index';
import type { ClientSocket } from '../helpers/server';

/** One change of a `typing:changed` push, with its stream. */
export type SeenTyping = TypingChange & { streamId: string };

/** Every typing change the socket is pushed from now on, one entry per change. */
export function collectTyping(socket: ClientSocket): SeenTyping[] {
  const seen: SeenTyping[] = [];
  socket.on('typing:changed', (push: TypingChanged) => {
    for (const change of push.changes) seen.push({ streamId: push.streamId, ...change });
  });
  return seen;
}

/** Whether a push names the user. */
export const names = (push: TypingChanged, userId: string | undefined): boolean =>
  push.changes.some((change) => change.userId === userId);
