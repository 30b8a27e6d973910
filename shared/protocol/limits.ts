/** Defaults shared by server and clients; the server's are configurable, these are the contract's floor. */
export const DEFAULT_MAX_BODY_CHARS = 16_000;
export const MAX_NOTE_CHARS = 2_000;
export const MAX_SYNC_PAGE = 500;
export const DEFAULT_SYNC_PAGE = 200;
/** Different emoji on one message; reacting with one already there is always allowed. */
export const MAX_REACTIONS_PER_MESSAGE = 20;
export const DEFAULT_SERVER_PORT = 4600;
/**
 * A `sync` or `history` page holds at most this many bytes of JSON (UTF-8) besides its count limit,
 * but always at least one entry, so a page makes progress even when one entry alone is larger.
 */
export const MAX_PAGE_BYTES = 1_048_576;
/** Messages one `promotion:permissions` request may ask about (a screenful and then some). */
export const MAX_PERMISSION_IDS = 100;
/** An organization's largest file upload unless its admins set another (`set-file-limit`): 25 MB. */
export const DEFAULT_MAX_FILE_BYTES = 26_214_400;
