/*
 * The profile photo channels of the fake IPC boundary (fakeApi.ts wires them in): photos by user id
 * as data URLs, as the core would serve them to the signed-in user (tests put in only what that user
 * may see), and my own photo set from the chunks the page sends, refused offline like the real core.
 */
import type { IpcRequestParsed, IpcResponse } from '../../shared/ipc';
import type { ApiError } from '../../shared/protocol';
import { PROFILE_PHOTO } from '../../shared/protocol/profiles';

/** The id every photo of this fake has (only whether there is one matters to the page). */
export const PHOTO_ID = '01890000-0000-7000-8000-00000000f070';

export class FakePhotos {
  /** What `profile:photo` answers per user id (both sizes alike); absent: no photo for me. */
  photos: Record<string, string> = {};
  /** false: photo changes are UNAVAILABLE (reads still answer, as from the offline cache). */
  online = true;
  /** Every `profile:photo` request, to assert which avatars asked. */
  readonly asked: string[] = [];
  private received: string[] = [];

  constructor(
    private readonly myId: () => string,
    private readonly refuse: (error: ApiError) => never,
  ) {}

  /** A profile answer with `photoId` where this fake has a photo of the person (as the server names it). */
  withPhotoId(answer: IpcResponse<'profile:get'>): IpcResponse<'profile:get'> {
    const profile = answer.profile;
    if (!profile || this.photos[profile.userId] === undefined) return answer;
    return { ...answer, profile: { ...profile, photoId: PHOTO_ID } };
  }

  photo(r: IpcRequestParsed<'profile:photo'>): IpcResponse<'profile:photo'> {
    this.asked.push(r.userId);
    return { dataUrl: this.photos[r.userId] ?? null };
  }

  setPhoto(r: IpcRequestParsed<'profile:setPhoto'>): IpcResponse<'profile:setPhoto'> {
    if (!this.online)
      this.refuse({ code: 'UNAVAILABLE', message: 'changing the photo needs a connection to the server' });
    if (r.total > PROFILE_PHOTO.maxBytes)
      this.refuse({
        code: 'INVALID',
        message: `a photo may be at most ${PROFILE_PHOTO.maxBytes} bytes`,
        field: 'photo',
      });
    if (r.offset === 0) this.received = [];
    this.received.push(r.data);
    const size = this.received.reduce((n, part) => n + Buffer.from(part, 'base64').length, 0);
    if (size < r.total) return { photoId: null };
    this.photos[this.myId()] = `data:image/webp;base64,${this.received.join('')}`;
    return { photoId: PHOTO_ID };
  }

  removePhoto(): IpcResponse<'profile:removePhoto'> {
    if (!this.online)
      this.refuse({ code: 'UNAVAILABLE', message: 'changing the photo needs a connection to the server' });
    delete this.photos[this.myId()];
    return {};
  }
}
