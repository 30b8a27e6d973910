/*
 * Attachments in the composer: files picked, dropped or pasted are checked against the org's size
 * limit here first (refused with a toast, nothing read), then staged into the core in chunks and
 * uploaded with progress; each can be cancelled or removed before sending. Attachments belong to a
 * draft (`draftKey`: a stream, or `thread:<rootId>`), like the draft's text.
 */
import { defineMessages } from 'react-intl';
import { FILE_CHUNK_BYTES, type IpcPush } from '../../../shared/ipc';
import { DEFAULT_MAX_FILE_BYTES, MAX_FILES_PER_MESSAGE, type FileRef } from '../../../shared/protocol';
import { call } from '../api/client';
import { toApiError } from '../i18n/errors';
import { uiError, uiMessage, type UiText } from '../i18n/text';
import { bytesToBase64 } from '../lib/base64';
import type { SliceCreator } from './types';

const text = defineMessages({
  tooLarge: {
    id: 'files.tooLarge',
    defaultMessage: '“{name}” is larger than your organization allows ({limit} MB); it was not attached.',
  },
  tooMany: {
    id: 'files.tooMany',
    defaultMessage: 'A message can carry at most {count} files.',
  },
});

/**
 * One file attached to a draft: uploading (with its progress), uploaded (with its reference), queued
 * (staged in the core but not uploaded: offline or the upload was cut; the message takes it along and
 * the outbox uploads it when online), or failed.
 */
export interface Attachment {
  /** The renderer's own id (the core's upload id arrives later). */
  localId: string;
  name: string;
  size: number;
  uploadId: string | null;
  sent: number;
  state: 'uploading' | 'done' | 'queued' | 'failed';
  file: FileRef | null;
  error: UiText | null;
}

export interface FilesSlice {
  /** Attachments by draft key, in the order they were attached. */
  attachments: Record<string, Attachment[]>;
  /** Attaches files to a draft: each is checked, staged and uploaded. */
  attachFiles: (draftKey: string, streamId: string, files: File[]) => void;
  /** Removes an attachment; one still uploading is cancelled. */
  removeAttachment: (draftKey: string, localId: string) => void;
  /** Forgets a draft's attachments (it was sent). */
  clearAttachments: (draftKey: string) => void;
  /** An upload's progress push. */
  applyUploadProgress: (progress: IpcPush<'file:progress'>) => void;
}

export const filesInitial = { attachments: {} } satisfies Partial<FilesSlice>;

const NONE: Attachment[] = [];
let localCounter = 0;

export const createFilesSlice: SliceCreator<FilesSlice> = (set, get) => {
  const update = (draftKey: string, localId: string, patch: Partial<Attachment>) => {
    const list = get().attachments[draftKey] ?? NONE;
    if (!list.some((a) => a.localId === localId)) return;
    set({
      attachments: {
        ...get().attachments,
        [draftKey]: list.map((a) => (a.localId === localId ? { ...a, ...patch } : a)),
      },
    });
  };
  const present = (draftKey: string, localId: string) =>
    (get().attachments[draftKey] ?? NONE).some((a) => a.localId === localId);

  /** Stages and uploads one file; stops quietly when the attachment was removed meanwhile. */
  const upload = async (draftKey: string, streamId: string, localId: string, file: File) => {
    let staged = false;
    try {
      const { uploadId } = await call('file:stage', { streamId, name: file.name, size: file.size });
      update(draftKey, localId, { uploadId });
      for (let offset = 0; offset < file.size; offset += FILE_CHUNK_BYTES) {
        if (!present(draftKey, localId)) return;
        const chunk = new Uint8Array(await file.slice(offset, offset + FILE_CHUNK_BYTES).arrayBuffer());
        await call('file:chunk', { uploadId, offset, data: bytesToBase64(chunk) });
      }
      if (!present(draftKey, localId)) return;
      staged = true;
      const { file: ref } = await call('file:upload', { uploadId });
      update(draftKey, localId, { state: 'done', file: ref, sent: ref.size });
    } catch (err) {
      if (!present(draftKey, localId)) return;
      const error = toApiError(err);
      // the network failed, not the file: the core keeps it staged and the message takes it along
      if (staged && error.code === 'UNAVAILABLE' && error.message !== 'cancelled') {
        update(draftKey, localId, { state: 'queued' });
        return;
      }
      update(draftKey, localId, { state: 'failed', error: uiError(err) });
      get().toast(uiError(err), 'error');
    }
  };

  return {
    ...filesInitial,
    attachFiles: (draftKey, streamId, files) => {
      const limit = get().session?.limits.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
      const existing = get().attachments[draftKey] ?? NONE;
      const added: Attachment[] = [];
      const started: Array<[Attachment, File]> = [];
      for (const file of files) {
        if (existing.length + added.length >= MAX_FILES_PER_MESSAGE) {
          get().toast(uiMessage(text.tooMany, { count: MAX_FILES_PER_MESSAGE }), 'error');
          break;
        }
        if (file.size > limit) {
          // refused before a single byte is read: the server would refuse it anyway
          get().toast(uiMessage(text.tooLarge, { name: file.name, limit: Math.floor(limit / (1024 * 1024)) }), 'error');
          continue;
        }
        localCounter += 1;
        const attachment: Attachment = {
          localId: `attachment-${localCounter}`,
          name: file.name,
          size: file.size,
          uploadId: null,
          sent: 0,
          state: 'uploading',
          file: null,
          error: null,
        };
        added.push(attachment);
        started.push([attachment, file]);
      }
      if (added.length === 0) return;
      set({ attachments: { ...get().attachments, [draftKey]: [...existing, ...added] } });
      for (const [attachment, file] of started) void upload(draftKey, streamId, attachment.localId, file);
    },
    removeAttachment: (draftKey, localId) => {
      const list = get().attachments[draftKey] ?? NONE;
      const gone = list.find((a) => a.localId === localId);
      if (!gone) return;
      set({ attachments: { ...get().attachments, [draftKey]: list.filter((a) => a.localId !== localId) } });
      if ((gone.state === 'uploading' || gone.state === 'queued') && gone.uploadId)
        void call('file:cancel', { uploadId: gone.uploadId }).catch(() => undefined);
    },
    clearAttachments: (draftKey) => {
      const attachments = { ...get().attachments };
      delete attachments[draftKey];
      set({ attachments });
    },
    applyUploadProgress: (progress) => {
      for (const [draftKey, list] of Object.entries(get().attachments)) {
        const a = list.find((x) => x.uploadId === progress.uploadId);
        if (a && a.state === 'uploading') update(draftKey, a.localId, { sent: progress.sent });
      }
    },
  };
};
