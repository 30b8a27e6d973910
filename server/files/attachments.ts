/*
 * Files as parts of messages, inside the unit of work that changes the message: attaching uploads to
 * a new message, copying the references with an org-wide copy, and marking them deleted with their
 * message (the bytes go later, after the commit: janitor.ts).
 */
import { uuidv7 } from '../../shared/domain/ids';
import { DEFAULT_MAX_FILE_BYTES, ProtocolError, type FileRef } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import { fileRef } from '../repositories/files.repository';

/**
 * Checks that every id names an upload of `uploaderId` into `streamId` that is not attached yet, then
 * attaches them to the message in the given order. Anything else is INVALID `fileIds`, one answer for
 * all (a file of someone else's is not ours to describe).
 */
export async function attachFiles(
  tx: Tx,
  uploaderId: string,
  streamId: string,
  messageId: string,
  fileIds: readonly string[],
): Promise<FileRef[]> {
  if (new Set(fileIds).size !== fileIds.length) throw new ProtocolError('INVALID', 'fileIds: duplicate id', 'fileIds');
  const refs: FileRef[] = [];
  for (const [position, id] of fileIds.entries()) {
    const file = await tx.files.get(id);
    const usable =
      file !== null &&
      file.uploaderId === uploaderId &&
      file.streamId === streamId &&
      file.messageId === null &&
      file.deletedAt === null;
    // attach() re-checks under the write: of two sends racing for one upload, one gets it
    if (!usable || !(await tx.files.attach(id, messageId, position)))
      throw new ProtocolError(
        'INVALID',
        'fileIds: each file must be your upload into this stream, not attached to another message',
        'fileIds',
      );
    refs.push(fileRef(file));
  }
  return refs;
}

/**
 * Gives an org-wide copy its own references to the original's files (same bytes, new ids), so the
 * copy's readers download them through the copy and nobody reaches them through the original who
 * could not before.
 */
export async function copyFileRefs(
  tx: Tx,
  fromMessageId: string,
  toMessageId: string,
  toStreamId: string,
  at: number,
): Promise<void> {
  for (const [position, file] of (await tx.files.recordsOf(fromMessageId)).entries()) {
    await tx.files.insert({
      ...file,
      id: uuidv7(at),
      streamId: toStreamId,
      messageId: toMessageId,
      position,
      createdAt: at,
    });
  }
}

/**
 * The upload limit `GET /api/info` announces before anyone signs in: the organization's, or with
 * several organizations on one server the smallest (a client that keeps to it is never refused).
 */
export async function serverMaxFileBytes(tx: Tx): Promise<number> {
  let smallest = DEFAULT_MAX_FILE_BYTES;
  const orgs = await tx.orgs.list();
  for (const [index, org] of orgs.entries()) {
    const bytes = await tx.files.maxFileBytes(org.id);
    smallest = index === 0 ? bytes : Math.min(smallest, bytes);
  }
  return smallest;
}
