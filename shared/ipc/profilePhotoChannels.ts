import { z } from 'zod';
import { idSchema } from '../protocol/entities';
import { FILE_CHUNK_BYTES } from './fileChannels';

/*
 * The IPC channels of profile photos, part of the one contract (`ipcRequests` in contract.ts spreads
 * them in). A photo crosses the IPC in chunks, like a file (a page's WebSocket frame is at most 1 MB
 * in the browser host); the core sends it to the server once the last chunk came. Photos come back
 * to the page as data URLs, the avatar size from the core's offline cache when it has them.
 */

const MAX_CHUNK_BASE64 = Math.ceil(FILE_CHUNK_BYTES / 3) * 4;

export const profilePhotoChannels = {
  /**
   * One chunk of my new photo (`offset` is where its bytes start, `total` the photo's size). The
   * last chunk sends it: the answer has the new photo's id; earlier ones answer `photoId: null`.
   * INVALID `photo` when it is larger than a photo may be or not an image; UNAVAILABLE offline.
   */
  'profile:setPhoto': {
    request: z
      .object({
        offset: z.number().int().nonnegative(),
        total: z.number().int().positive(),
        data: z
          .string()
          .max(MAX_CHUNK_BASE64)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
      })
      .strict(),
    response: z.object({ photoId: idSchema.nullable() }),
  },
  /** Removes my photo (UNAVAILABLE offline: nothing is queued). */
  'profile:removePhoto': { request: z.object({}).strict(), response: z.object({}) },
  /**
   * A person's photo as I may see it: `small` (avatars) from the offline cache or the server, `large`
   * (the profile card) from the server only. `dataUrl` null: none, hidden from me, or not seen offline.
   */
  'profile:photo': {
    request: z.object({ userId: idSchema, size: z.enum(['small', 'large']) }).strict(),
    response: z.object({ dataUrl: z.string().nullable() }),
  },
} as const;
