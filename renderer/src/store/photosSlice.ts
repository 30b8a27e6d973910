/*
 * Profile photos in the interface: avatar-size photos by person, asked of the core once each (it
 * answers from its offline cache or the server) and asked again when a push says photos changed;
 * and setting or removing my own, sent to the core in chunks like an attachment.
 */
import { defineMessages } from 'react-intl';
import { FILE_CHUNK_BYTES } from '../../../shared/ipc';
import { PROFILE_PHOTO } from '../../../shared/protocol/profiles';
import { call } from '../api/client';
import { uiError, uiMessage, type UiText } from '../i18n/text';
import { bytesToBase64 } from '../lib/base64';
import type { SliceCreator } from './types';

const text = defineMessages({
  tooLarge: {
    id: 'photo.tooLarge',
    defaultMessage: 'A photo may be at most {limit} MB; this one was not used.',
  },
  notImage: { id: 'photo.notImage', defaultMessage: 'A photo must be a JPEG, PNG, WebP or GIF image.' },
});

export interface PhotosSlice {
  /**
   * Avatar-size photos as data URLs by user id (null: none, or hidden from me; absent: not asked),
   * with the `photosVersion` they were asked at.
   */
  photos: Record<string, { dataUrl: string | null; version: number }>;
  /** Counts photo changes: an avatar asked at an older one asks again, showing the old one meanwhile. */
  photosVersion: number;
  /** Asks the core for a person's avatar, once per `photosVersion`. */
  loadPhoto: (userId: string) => Promise<void>;
  /** Photos changed (push `data:changed` with `photos`): avatars on screen ask again. */
  photosChanged: () => void;
  /** Makes a picked or dropped image my photo; resolves the error to show, or null when done. */
  setMyPhoto: (file: Blob) => Promise<UiText | null>;
  /** Removes my photo; resolves the error to show, or null when done. */
  removeMyPhoto: () => Promise<UiText | null>;
}

export const photosInitial = { photos: {}, photosVersion: 0 } satisfies Partial<PhotosSlice>;

/** Requests in flight, so ten avatars of one person ask once. */
const asking = new Set<string>();

export const createPhotosSlice: SliceCreator<PhotosSlice> = (set, get) => ({
  ...photosInitial,
  loadPhoto: async (userId) => {
    const version = get().photosVersion;
    const key = `${userId}@${version}`;
    if ((get().photos[userId]?.version ?? -1) >= version || asking.has(key)) return;
    asking.add(key);
    let dataUrl: string | null = null;
    try {
      ({ dataUrl } = await call('profile:photo', { userId, size: 'small' }));
    } catch {
      // no photo to show is what the initials are for; the next change asks again
    } finally {
      asking.delete(key);
    }
    set((s) => ({ photos: { ...s.photos, [userId]: { dataUrl, version } } }));
  },
  photosChanged: () => set((s) => ({ photosVersion: s.photosVersion + 1 })),
  setMyPhoto: async (file) => {
    if (file.size > PROFILE_PHOTO.maxBytes)
      return uiMessage(text.tooLarge, { limit: Math.round(PROFILE_PHOTO.maxBytes / (1024 * 1024)) });
    // the type the system guessed from the name: a first check only, the server reads the bytes
    if (file.size === 0 || (file.type !== '' && !(PROFILE_PHOTO.types as readonly string[]).includes(file.type)))
      return uiMessage(text.notImage);
    try {
      for (let offset = 0; offset < file.size; offset += FILE_CHUNK_BYTES) {
        const chunk = new Uint8Array(await file.slice(offset, offset + FILE_CHUNK_BYTES).arrayBuffer());
        await call('profile:setPhoto', { offset, total: file.size, data: bytesToBase64(chunk) });
      }
      get().photosChanged();
      await get().loadOwnProfile();
      return null;
    } catch (err) {
      return uiError(err);
    }
  },
  removeMyPhoto: async () => {
    try {
      await call('profile:removePhoto', {});
      get().photosChanged();
      await get().loadOwnProfile();
      return null;
    } catch (err) {
      return uiError(err);
    }
  },
});
