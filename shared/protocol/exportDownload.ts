/*
 * The compliance export as an HTTP download (docs/protocol.md#compliance-export-download):
 * `GET /api/export?format=jsonl[&since=CURSOR]` with the session token as `Authorization: Bearer`.
 * The headers announce the total before the body; the trailer confirms the body is complete, and only
 * then may a client keep the cursor for its next export.
 */

export const EXPORT_DOWNLOAD_PATH = '/api/export';
/** Formats served over HTTP (CSV and EML come from `npm run admin -- export`). */
export const EXPORT_DOWNLOAD_FORMATS = ['jsonl'] as const;
export type ExportDownloadFormat = (typeof EXPORT_DOWNLOAD_FORMATS)[number];

/** Records (JSONL lines) the body will hold. */
export const EXPORT_TOTAL_HEADER = 'x-export-total';
/** The cursor to give the next export (`since`), valid once the body is complete. */
export const EXPORT_CURSOR_HEADER = 'x-export-cursor';
/** Trailer sent after the last record: the number of records written. Absent = the body was cut. */
export const EXPORT_COMPLETE_TRAILER = 'x-export-complete';
