import { DEFAULT_MAX_FILE_BYTES, type FileRef } from '../../shared/protocol/index';
import type { Sql } from '../db/sql';
import { decodeByteaColumn, encodeBinaryCopy } from './postgres/binaryCopy';

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
  /**
   * For the compliance export: the file records of these messages that are live or were kept for a
   * legal hold when their message was deleted, in attach order, grouped by message id.
   */
  exportRecordsOf(messageIds: readonly string[]): Promise<Map<string, FileRecord[]>>;
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
  /** Storage keys whose bytes are kept (in key order, after `after`, at most `limit`), and whether one has a thumbnail. */
  storedKeys(after: string, limit: number): Promise<{ storageKey: string; hasThumbnail: boolean }[]>;
  /** Unattached, undeleted uploads created before `before`, oldest first, at most `limit`. */
  staleUnattached(before: number, limit: number): Promise<FileRecord[]>;
  /** The organization's upload limit in bytes (the default unless set). */
  maxFileBytes(orgId: string): Promise<number>;
  setMaxFileBytes(orgId: string, bytes: number | null): Promise<void>;
  /** PostgreSQL FileStore: consecutive chunks of a file's bytes, the first numbered `firstPart`. */
  putChunks(storageKey: string, firstPart: number, data: readonly Uint8Array[]): Promise<void>;
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

  async exportRecordsOf(messageIds: readonly string[]): Promise<Map<string, FileRecord[]>> {
    const result = new Map<string, FileRecord[]>();
    if (messageIds.length === 0) return result;
    const { dialect } = this.sql;
    const rows = await this.sql.all<FileRow>(
      `${SELECT} WHERE ${dialect.inList('message_id')} AND (deleted_at IS NULL OR kept_for_hold = 1)
       ORDER BY message_id, position`,
      [dialect.listParam(messageIds)],
    );
    for (const row of rows) {
      const records = result.get(row.messageId!) ?? [];
      records.push(toRecord(row));
      result.set(row.messageId!, records);
    }
    return result;
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

  async storedKeys(after: string, limit: number): Promise<{ storageKey: string; hasThumbnail: boolean }[]> {
    const rows = await this.sql.all<{ storageKey: string; hasThumbnail: number }>(
      `SELECT storage_key AS "storageKey", MAX(has_thumbnail) AS "hasThumbnail" FROM files
       WHERE storage_key > ? GROUP BY storage_key HAVING MIN(bytes_removed) = 0 ORDER BY storage_key LIMIT ?`,
      [after, limit],
    );
    return rows.map((r) => ({ storageKey: r.storageKey, hasThumbnail: Number(r.hasThumbnail) === 1 }));
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

  async putChunks(storageKey: string, firstPart: number, data: readonly Uint8Array[]): Promise<void> {
    if (this.sql.copy) {
      // one statement for the batch, each chunk's bytes sent as they are (no parameter round trip per chunk)
      const rows = data.map((bytes, index) => [storageKey, firstPart + index, bytes]);
      await this.sql.copy.from(
        'COPY file_chunks (storage_key, part, data) FROM STDIN (FORMAT binary)',
        encodeBinaryCopy(rows),
      );
      return;
    }
    for (const [index, bytes] of data.entries())
      await this.sql.run('INSERT INTO file_chunks (storage_key, part, data) VALUES (?, ?, ?)', [
        storageKey,
        firstPart + index,
        bytes,
      ]);
  }

  async chunks(storageKey: string, from: number, to: number): Promise<Buffer[]> {
    const select = 'SELECT data FROM file_chunks WHERE storage_key = ? AND part >= ? AND part <= ? ORDER BY part';
    if (this.sql.copy) {
      // COPY hands bytea over raw; a SELECT's result values are text (hex or base64) for both sides to convert
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new Error('chunk numbers are integers');
      const query = `SELECT data FROM file_chunks WHERE storage_key = ${this.sql.copy.literal(storageKey)}
        AND part >= ${from} AND part <= ${to} ORDER BY part`;
      return decodeByteaColumn(await this.sql.copy.to(`COPY (${query}) TO STDOUT (FORMAT binary)`));
    }
    const rows = await this.sql.all<{ data: Uint8Array }>(select, [storageKey, from, to]);
    return rows.map((r) => Buffer.from(r.data.buffer, r.data.byteOffset, r.data.length));
  }

  async deleteChunks(storageKey: string): Promise<void> {
    await this.sql.run('DELETE FROM file_chunks WHERE storage_key = ?', [storageKey]);
  }
}
