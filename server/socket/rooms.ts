/** Room of everyone reading a stream. */
export const streamRoom = (streamId: string): string => `stream:${streamId}`;
/** Room of one user's sockets (notifications, promotion updates, membership changes). */
export const userRoom = (userId: string): string => `user:${userId}`;
/** Room of the sockets opened with one token, so logout can close exactly those. */
export const tokenRoom = (tokenId: string): string => `token:${tokenId}`;
