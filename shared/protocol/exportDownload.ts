import { z } from 'zod';

/*
 * The compliance export as an HTTP download (docs/protocol.md#compliance-export-download):
 * `GET /api/export?format=jsonl|csv|eml[&since=CURSOR]` with the session token as `Authorization: Bearer`.
 * The headers announce the total before the body; the trailer confirms the body is complete, and only
 * then may a client keep the cursor for its next export.
 */

export const EXPORT_DOWNLOAD_PATH = '/api/export';
/** Formats served over HTTP, the admin command line's three. */
export const EXPORT_DOWNLOAD_FORMATS = ['jsonl', 'csv', 'eml'] as const;
export type ExportDownloadFormat = (typeof EXPORT_DOWNLOAD_FORMATS)[number];

/**
 * JSONL: the log entries and guidelines records, one per line. CSV, EML: log entries read. Either way
 * the client counts the same unit from the body (lines, or the `read` frames), so progress is exact.
 */
export const EXPORT_TOTAL_HEADER = 'x-export-total';
/** The cursor to give the next export (`since`), valid once the body is complete. */
export const EXPORT_CURSOR_HEADER = 'x-export-cursor';
/** Trailer sent after the last record: the count `X-Export-Total` announced. Absent = the body was cut. */
export const EXPORT_COMPLETE_TRAILER = 'x-export-complete';

/** An EML frame's file name: ours (emlFileName), never a path, checked again by the client before writing. */
export const EXPORT_EML_NAME = /^[A-Za-z0-9._-]{1,200}\.eml$/;

/**
 * One line of a CSV or EML download body. Their records are not lines (CSV fields and mail bodies
 * hold line breaks), so the body is framed: `read` counts log entries for the progress bar, `csv`
 * is text to append to the CSV file (the first frame is the header row), `eml` is one message's file.
 */
export const exportFrameSchema = z.union([
  z.object({ read: z.number().int().positive() }).strict(),
  z.object({ csv: z.string() }).strict(),
  z.object({ eml: z.string().regex(EXPORT_EML_NAME), data: z.string() }).strict(),
]);
export type ExportFrame = z.infer<typeof exportFrameSchema>;
