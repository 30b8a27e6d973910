import { z } from 'zod';
import { fileRefSchema, idSchema } from '../protocol/entities';

/*
 * The IPC channels of files, part of the one contract (`ipcRequests` in contract.ts spreads them in).
 * An upload crosses the IPC in chunks (a page's WebSocket frame is at most 1 MB in the browser host)
 * into a staged file in the core, which then streams it to the server with progress pushes. Bytes
 * come back to the page only where it shows them (a thumbnail, an image, a download in a browser).
 */

/** Raw bytes per `file:chunk`; base64 makes it 4/3 as long, well under the browser host's 1 MB frame. */
export const FILE_CHUNK_BYTES = 512 * 1024;
const MAX_CHUNK_BASE64 = Math.ceil(FILE_CHUNK_BYTES / 3) * 4;
/** Longest file name kept (the server keeps it for the download's Content-Disposition). */
export const MAX_FILE_NAME_CHARS = 255;

const base64Schema = z
  .string()
  .max(MAX_CHUNK_BASE64)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/** A staged upload's id: chosen by the core. */
export const uploadIdSchema = z.string().uuid();

/** A file by id, with its name (the cached copy keeps the name's extension for the system's viewer). */
const fileOpenRequestSchema = z.object({ fileId: idSchema, name: z.string().max(MAX_FILE_NAME_CHARS) }).strict();

/** A file's bytes for the page to show: its detected type and base64 content. */
export const fileBytesSchema = z.object({ mime: z.string(), data: z.string() });
export type FileBytes = z.infer<typeof fileBytesSchema>;

/** The active account's offline file cache. */
export const fileCacheInfoSchema = z.object({
  /** Where the bytes are, beside the account's cache. */
  folder: z.string(),
  bytes: z.number().int().nonnegative(),
  entries: z.number().int().nonnegative(),
  /** The bound (the user's setting); least recently used entries are evicted past it. */
  limitBytes: z.number().int().nonnegative(),
});
export type FileCacheInfo = z.infer<typeof fileCacheInfoSchema>;

/** Largest cache bound offered: 20 GB. */
export const MAX_FILE_CACHE_LIMIT_BYTES = 20 * 1024 ** 3;

export const fileChannels = {
  /**
   * Start attaching a file to a message in a stream, online or not: checks the size against the org's
   * last known limit (INVALID `file` when larger, before any byte moves); answers the id the chunks,
   * the upload and `message:send`'s `uploadIds` use.
   */
  'file:stage': {
    request: z
      .object({
        streamId: idSchema,
        name: z.string().trim().min(1).max(MAX_FILE_NAME_CHARS),
        size: z.number().int().nonnegative(),
      })
      .strict(),
    response: z.object({ uploadId: uploadIdSchema }),
  },
  /** The next bytes of a staged file, in order (`offset` = bytes received so far). */
  'file:chunk': {
    request: z
      .object({ uploadId: uploadIdSchema, offset: z.number().int().nonnegative(), data: base64Schema })
      .strict(),
    response: z.object({ received: z.number().int().nonnegative() }),
  },
  /**
   * Upload a fully staged file to the server (`file:progress` pushes while it goes); answers the
   * server's file reference, to attach with `message:send`'s `files`. Offline or when the connection
   * is cut it answers UNAVAILABLE and the file stays staged: send it with `message:send`'s `uploadIds`
   * and the outbox uploads it when online.
   */
  'file:upload': {
    request: z.object({ uploadId: uploadIdSchema }).strict(),
    response: z.object({ file: fileRefSchema }),
  },
  /** Cancel a staged or uploading file: the upload stops (its `file:upload` answers "cancelled"), the bytes go. */
  'file:cancel': { request: z.object({ uploadId: uploadIdSchema }).strict(), response: z.object({}) },
  /** An image's thumbnail: from the offline cache, else from the server (then cached). NOT_FOUND when none. */
  'file:thumbnail': { request: z.object({ fileId: idSchema }).strict(), response: fileBytesSchema },
  /** A file's content (a full image, a download in a browser): from the cache, else the server (then cached). */
  'file:content': { request: fileOpenRequestSchema, response: fileBytesSchema },
  /**
   * Open a file with the system's application: downloaded into the cache first (so it opens offline
   * later); `opened` false when the host cannot open files (the browser host: the page downloads it).
   */
  'file:open': {
    request: fileOpenRequestSchema,
    response: z.object({ opened: z.boolean() }),
  },
  /** The offline file cache: where, how big, its bound. */
  'fileCache:get': { request: z.object({}).strict(), response: fileCacheInfoSchema },
  /** Change the bound (evicts down to it at once). */
  'fileCache:set': {
    request: z.object({ limitBytes: z.number().int().nonnegative().max(MAX_FILE_CACHE_LIMIT_BYTES) }).strict(),
    response: fileCacheInfoSchema,
  },
  /** Empty the offline file cache. */
  'fileCache:clear': { request: z.object({}).strict(), response: fileCacheInfoSchema },
} as const;

export const filePushes = {
  /** How far an upload of an account has gone (bytes sent of total). */
  'file:progress': z.object({
    accountId: idSchema,
    uploadId: uploadIdSchema,
    sent: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
} as const;
