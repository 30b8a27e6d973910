import type { Store } from '../../db/store';
import type { FileStore } from '../../files/fileStore';
import type { FileRecord } from '../../repositories/files.repository';

/** One file of an exported message: its record, and its bytes when the EML needs them and they are stored. */
export interface ExportAttachment {
  file: FileRecord;
  /** Null when not read (CSV) or gone from the file store. */
  bytes: Buffer | null;
}

/** message id → its files in attach order. */
export type ExportFiles = ReadonlyMap<string, readonly FileRecord[]>;

/**
 * The files of a page of exported messages: those attached now, and those of deleted messages whose
 * bytes a legal hold kept (kept for compliance: docs/governance.md#files-in-the-export). Files deleted
 * with their message without a hold (retention, deletion) are gone and not listed.
 */
export function exportFilesOf(store: Store, messageIds: readonly string[]): Promise<Map<string, FileRecord[]>> {
  return store.withTransaction((tx) => tx.files.exportRecordsOf(messageIds), { readOnly: true });
}

/** Reads a stream to its end. */
async function readAll(source: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/**
 * The bytes of one message's files from the file store (a folder beside SQLite, PostgreSQL's chunks).
 * One message at a time, so at most one message's files are in memory.
 */
export async function withBytes(files: FileStore, records: readonly FileRecord[]): Promise<ExportAttachment[]> {
  const attachments: ExportAttachment[] = [];
  for (const file of records) {
    const source = await files.get(file.storageKey);
    attachments.push({ file, bytes: source === null ? null : await readAll(source) });
  }
  return attachments;
}
