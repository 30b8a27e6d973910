import { z } from 'zod';
import { idSchema } from '../protocol/entities';
import { EXPORT_DOWNLOAD_FORMATS } from '../protocol/exportDownload';
import {
  holdListRequestSchema,
  holdListResponseSchema,
  holdPlaceRequestSchema,
  holdReleaseRequestSchema,
  holdResponseSchema,
} from '../protocol/legalHolds';
import { retentionGetRequestSchema, retentionResponseSchema, retentionSetRequestSchema } from '../protocol/retention';

/*
 * The compliance console's channels (docs/governance.md): the export download, legal holds and the
 * retention settings. Holds and retention forward the socket requests of the same names (online only).
 */

/** One console export download as the progress bar shows it. `total` is null until the server announced it. */
export const exportProgressSchema = z.object({
  accountId: idSchema,
  path: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  error: z.string().nullable(),
});
export type ExportProgress = z.infer<typeof exportProgressSchema>;

/** Whether "since last export" can be offered (this account's last completed export), and a running download. */
export const exportStateSchema = z.object({
  lastExportAt: z.number().nullable(),
  running: exportProgressSchema.nullable(),
});
export type ExportState = z.infer<typeof exportStateSchema>;

export const complianceChannels = {
  /**
   * This account's last completed console export in a format (JSONL when absent: each format has its
   * own cursor, so a CSV run never leaves a gap in the JSONL archive) and the download in progress.
   */
  'export:state': {
    request: z.object({ format: z.enum(EXPORT_DOWNLOAD_FORMATS).optional() }).strict(),
    response: exportStateSchema,
  },
  /**
   * Asks where to save (the desktop's save dialog; the browser host's downloads folder), then downloads
   * in the background with `export:progress` pushes. `path` null: the user cancelled the dialog.
   */
  'export:start': {
    request: z.object({ format: z.enum(EXPORT_DOWNLOAD_FORMATS), sinceLast: z.boolean() }).strict(),
    response: z.object({ path: z.string().nullable() }),
  },
  /** Cancels the running download: its partial file is removed and the cursor stays where it was. */
  'export:cancel': { request: z.object({}).strict(), response: z.object({ cancelled: z.boolean() }) },
  /** The organization's legal holds (online only; compliance). */
  'hold:list': { request: holdListRequestSchema, response: holdListResponseSchema },
  /** Places a legal hold on a user or a team (online only; compliance). */
  'hold:place': { request: holdPlaceRequestSchema, response: holdResponseSchema },
  /** Releases an active legal hold (online only; compliance). */
  'hold:release': { request: holdReleaseRequestSchema, response: holdResponseSchema },
  /** The organization's retention settings (online only; org admins). */
  'retention:get': { request: retentionGetRequestSchema, response: retentionResponseSchema },
  /** Sets the org default or one team's retention period (online only; org admins). */
  'retention:set': { request: retentionSetRequestSchema, response: retentionResponseSchema },
} as const;
