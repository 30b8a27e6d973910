/** Defaults shared by server and clients; the server's are configurable, these are the contract's floor. */
export const DEFAULT_MAX_BODY_CHARS = 16_000;
export const MAX_NOTE_CHARS = 2_000;
export const MAX_SYNC_PAGE = 500;
export const DEFAULT_SYNC_PAGE = 200;
export const MAX_EMOJI_CHARS = 32;
export const DEFAULT_SERVER_PORT = 4600;
