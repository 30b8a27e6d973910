import { DEFAULT_MAX_FILE_BYTES, type FileRef } from '../../shared/protocol/index';
import type { Sql } from '../db/sql';

/** One stored file's metadata: who uploaded it where, what it is, and the message carrying it once attached. */
export interface FileRecord {
  id: string;
  orgId: string;
  streamId: string;
  uploaderId: string;
  /** Where its bytes are in the FileStore; an org-wide copy's record shares its original's key. */
  storageKey: string;
  name: string;
  size: number;
  mime: string;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
  messageId: string | null;
  createdAt: number;
  deletedAt: number | null;
}

interface FileRow extends Omit<FileRecord, 'hasThumbnail'> {
  hasThumbnail: number;
}

const SELECT = `SELECT id, org_id AS "orgId", stream_id AS "streamId", uploader_id AS "uploaderId",
  storage_key AS "storageKey", name, size, mime, width, height, has_thumbnail AS "hasThumbnail",
  message_id AS "messageId", created_at AS "createdAt", deleted_at AS "deletedAt" FROM files`;

/** A new record: an upload (unattached), or an org-wide copy's reference (attached at once). */
export type NewFile = Omit<FileRecord, 'messageId' | 'deletedAt'> & {
  messageId?: string;
  position?: number;
  /** The uploader's own id of the upload (migration 0190): a retry with it answers this record. */
  clientId?: string;
};

/** What the message entity shows of a file. */
export function fileRef(record: FileRecord): FileRef {
  return {
    id: record.id,
    name: record.name,
    size: record.size,
    mime: record.mime,
    width: record.width,
    height: record.height,
    thumbnail: record.hasThumbnail,
  };
}

function toRecord(row: FileRow): FileRecord {
  return { ...row, size: Number(row.size), hasThumbnail: row.hasThumbnail === 1 };
}

/** File metadata, the organization's upload limit, and (PostgreSQL deployments) the bytes as chunks. */
export interface FilesRepository {
  /** Inserts a record: an upload (unattached), or with `messageId` an org-wide copy's reference. */
  insert(file: NewFile): Promise<void>;
  get(id: string): Promise<FileRecord | null>;
  /** The upload this uploader named `clientId` (deleted ones too), or null. */
  byClientId(uploaderId: string, clientId: string): Promise<FileRecord | null>;
  /** Frees a deleted upload's client id, so a new upload may take it. */
  releaseClientId(id: string): Promise<void>;
  /** The live files of these messages, in attach order, grouped by message id. */
  forMessages(messageIds: readonly string[]): Promise<Map<string, FileRef[]>>;
  /** The live (not deleted) file records of one message, in attach order. */
  recordsOf(messageId: string): Promise<FileRecord[]>;
  /** Attaches an unattached file; false when it was attached (or deleted) meanwhile. */
  attach(id: string, messageId: string, position: number): Promise<boolean>;
  /** Marks files deleted (their bytes go with the next reap unless another record shares them). */
  markDeleted(ids: readonly string[], at: number): Promise<void>;
  /**
   * Marks the live files of these messages deleted; with `keptForHold` (a legal hold covered the
   * message) the bytes stay for compliance although no reader reaches them any more.
   */
  markDeletedOf(messageIds: readonly string[], at: number, keptForHold: boolean): Promise<void>;
  /** Storage keys whose every record is deleted and none kept for a hold, bytes not yet removed; at most `limit`. */
  erasedKeys(limit: number): Promise<string[]>;
  /** Records that the bytes under this key are gone. */
  markBytesRemoved(storageKey: string): Promise<void>;
  /** Unattached, undeleted uploads created before `before`, oldest first, at most `limit`. */
  staleUnattached(before: number, limit: number): Promise<FileRecord[]>;
  /** The organization's upload limit in bytes (the default unless set). */
  maxFileBytes(orgId: string): Promise<number>;
  setMaxFileBytes(orgId: string, bytes: number | null): Promise<void>;
  /** PostgreSQL FileStore: one chunk of a file's bytes. */
  putChunk(storageKey: string, part: number, data: Uint8Array): Promise<void>;
  /** PostgreSQL FileStore: chunks `from`..`to` (inclusive) of a file, in order. */
  chunks(storageKey: string, from: number, to: number): Promise<Buffer[]>;
  /** PostgreSQL FileStore: removes a file's chunks. */
  deleteChunks(storageKey: string): Promise<void>;
}

/** The files repository on either engine. */
export class SqlFilesRepository implements FilesRepository {
  constructor(private readonly sql: Sql) {}

  async insert(f: NewFile): Promise<void> {
    await this.sql.run(
      `INSERT INTO files (id, org_id, stream_id, uploader_id, storage_key, name, size, mime, width, height,
         has_thumbnail, created_at, message_id, position, client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        f.id,
        f.orgId,
        f.streamId,
        f.uploaderId,
        f.storageKey,
        f.name,
        f.size,
        f.mime,
        f.width,
        f.height,
        f.hasThumbnail ? 1 : 0,
        f.createdAt,
        f.messageId ?? null,
        f.position ?? 0,
        f.clientId ?? null,
      ],
    );
  }

  async get(id: string): Promise<FileRecord | null> {
    const row = await this.sql.get<FileRow>(`${SELECT} WHERE id = ?`, [id]);
    return row ? toRecord(row) : null;
  }

  async byClientId(uploaderId: string, clientId: string): Promise<FileRecord | null> {
    const row = await this.sql.get<FileRow>(`${SELECT} WHERE uploader_id = ? AND client_id = ?`, [
      uploaderId,
      clientId,
    ]);
    return row ? toRecord(row) : null;
  }

  async releaseClientId(id: string): Promise<void> {
    await this.sql.run('UPDATE files SET client_id = NULL WHERE id = ? AND deleted_at IS NOT NULL', [id]);
  }

  async forMessages(messageIds: readonly string[]): Promise<Map<string, FileRef[]>> {
    const result = new Map<string, FileRef[]>();
    if (messageIds.length === 0) return result;
    const { dialect } = this.sql;
    const rows = await this.sql.all<FileRow>(
      `${SELECT} WHERE ${dialect.inList('message_id')} AND deleted_at IS NULL ORDER BY message_id, position`,
      [dialect.listParam(messageIds)],
    );
    for (const row of rows) {
      const refs = result.get(row.messageId!) ?? [];
      refs.push(fileRef(toRecord(row)));
      result.set(row.messageId!, refs);
    }
    return result;
  }

  async recordsOf(messageId: string): Promise<FileRecord[]> {
    const rows = await this.sql.all<FileRow>(
      `${SELECT} WHERE message_id = ? AND deleted_at IS NULL ORDER BY position`,
      [messageId],
    );
    return rows.map(toRecord);
  }

  async attach(id: string, messageId: string, position: number): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE files SET message_id = ?, position = ? WHERE id = ? AND message_id IS NULL AND deleted_at IS NULL',
      [messageId, position, id],
    );
    return changed === 1;
  }

  async markDeleted(ids: readonly string[], at: number): Promise<void> {
    if (ids.length === 0) return;
    const { dialect } = this.sql;
    await this.sql.run(`UPDATE files SET deleted_at = ? WHERE ${dialect.inList('id')} AND deleted_at IS NULL`, [
      at,
      dialect.listParam(ids),
    ]);
  }

  async markDeletedOf(messageIds: readonly string[], at: number, keptForHold: boolean): Promise<void> {
    if (messageIds.length === 0) return;
    const { dialect } = this.sql;
    await this.sql.run(
      `UPDATE files SET deleted_at = ?, kept_for_hold = ? WHERE ${dialect.inList('message_id')} AND deleted_at IS NULL`,
      [at, keptForHold ? 1 : 0, dialect.listParam(messageIds)],
    );
  }

  async erasedKeys(limit: number): Promise<string[]> {
    const rows = await this.sql.all<{ storageKey: string }>(
      `SELECT DISTINCT f.storage_key AS "storageKey" FROM files f
       WHERE f.deleted_at IS NOT NULL AND f.bytes_removed = 0
         AND NOT EXISTS (SELECT 1 FROM files g WHERE g.storage_key = f.storage_key
                         AND (g.deleted_at IS NULL OR g.kept_for_hold = 1))
       LIMIT ?`,
      [limit],
    );
    return rows.map((r) => r.storageKey);
  }

  async markBytesRemoved(storageKey: string): Promise<void> {
    await this.sql.run('UPDATE files SET bytes_removed = 1 WHERE storage_key = ?', [storageKey]);
  }

  async staleUnattached(before: number, limit: number): Promise<FileRecord[]> {
    const rows = await this.sql.all<FileRow>(
      `${SELECT} WHERE message_id IS NULL AND deleted_at IS NULL AND created_at < ? ORDER BY created_at LIMIT ?`,
      [before, limit],
    );
    return rows.map(toRecord);
  }

  async maxFileBytes(orgId: string): Promise<number> {
    const row = await this.sql.get<{ bytes: number | string | null }>(
      'SELECT max_file_bytes AS bytes FROM orgs WHERE id = ?',
      [orgId],
    );
    return row?.bytes === null || row?.bytes === undefined ? DEFAULT_MAX_FILE_BYTES : Number(row.bytes);
  }

  async setMaxFileBytes(orgId: string, bytes: number | null): Promise<void> {
    await this.sql.run('UPDATE orgs SET max_file_bytes = ? WHERE id = ?', [bytes, orgId]);
  }

  async putChunk(storageKey: string, part: number, data: Uint8Array): Promise<void> {
    await this.sql.run('INSERT INTO file_chunks (storage_key, part, data) VALUES (?, ?, ?)', [storageKey, part, data]);
  }

  async chunks(storageKey: string, from: number, to: number): Promise<Buffer[]> {
    // base64, not bytea's text form (hex, twice the bytes): a third less to carry and decode
    const rows = await this.sql.all<{ data: string }>(
      `SELECT encode(data, 'base64') AS data FROM file_chunks WHERE storage_key = ? AND part >= ? AND part <= ?
       ORDER BY part`,
      [storageKey, from, to],
    );
    return rows.map((r) => Buffer.from(r.data, 'base64'));
  }

  async deleteChunks(storageKey: string): Promise<void> {
    await this.sql.run('DELETE FROM file_chunks WHERE storage_key = ?', [storageKey]);
  }
}
