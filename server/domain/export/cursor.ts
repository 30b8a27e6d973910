import { z } from 'zod';

/**
 * Where an export stopped, handed to the next run (`--since`): for each stream of the organization
 * the last seq exported. Stream logs are append-only with gap-free seqs, so "every event after these
 * seqs" is exactly what happened since, edits, deletions, reactions and purges included. Opaque to
 * users: base64url of a small JSON document, bound to one organization.
 */
export interface ExportCursor {
  orgId: string;
  /** stream id → last exported seq; a stream missing here starts from its beginning. */
  streams: Record<string, number>;
  /**
   * JSONL's guidelines records (versions, acknowledgements) were exported up to this time (ms,
   * inclusive); absent: none yet. Those tables have no log, so a time watermark stands in for seqs.
   */
  recordsUpTo?: number;
}

const cursorSchema = z.object({
  v: z.literal(1),
  org: z.string().min(1),
  s: z.record(z.string(), z.number().int().nonnegative()),
  g: z.number().int().nonnegative().optional(),
});

/** The text form of a cursor. */
export function encodeCursor(cursor: ExportCursor): string {
  const document = {
    v: 1,
    org: cursor.orgId,
    s: cursor.streams,
    ...(cursor.recordsUpTo === undefined ? {} : { g: cursor.recordsUpTo }),
  };
  return Buffer.from(JSON.stringify(document)).toString('base64url');
}

/** Reads a cursor given back by a user; throws a plain-language error for anything else. */
export function decodeCursor(text: string, orgId: string): ExportCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new Error('--since is not a cursor printed by an earlier export');
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw new Error('--since is not a cursor printed by an earlier export');
  if (result.data.org !== orgId) throw new Error('--since is a cursor of another organization');
  return { orgId, streams: result.data.s, ...(result.data.g === undefined ? {} : { recordsUpTo: result.data.g }) };
}
