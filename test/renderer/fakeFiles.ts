/*
 * The files part of the FakeApi, kept apart from fakeApi.ts (which spreads `fakeFileHandlers(this)` in
 * one line): staged uploads with progress pushes and cancel, the org's size limit and the offline
 * upload's refusal (the file stays staged) as the core answers them, thumbnails and contents from a small table. The real rules are
 * tested against the server in test/core/files*.test.ts.
 */
import type { FileCacheInfo, FileBytes, IpcRequestParsed, IpcResponse } from '../../shared/ipc';
import { uuidv7 } from '../../shared/domain/ids';
import type { ApiError, FileRef } from '../../shared/protocol';
import type { FakeApi } from './fakeApi';
import { FakeError } from './fakeError';

type Channel =
  | 'file:stage'
  | 'file:chunk'
  | 'file:upload'
  | 'file:cancel'
  | 'file:thumbnail'
  | 'file:content'
  | 'file:open'
  | 'fileCache:get'
  | 'fileCache:set'
  | 'fileCache:clear';

/** A 1×1 transparent PNG: what every fake thumbnail and image is. */
export const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

interface FakeUpload {
  streamId: string;
  name: string;
  size: number;
  received: number;
  cancelled: boolean;
}

/** The fake's file world; tests read and set it through `fakeFiles(api)`. */
export class FakeFilesWorld {
  /** Whether uploads reach the server (false: `file:upload` answers UNAVAILABLE, the file stays staged). */
  online = true;
  /** While set, `file:upload` waits for it after its first progress push (to see progress and cancel). */
  hold: Promise<void> | null = null;
  readonly uploads = new Map<string, FakeUpload>();
  /** Files uploaded so far, in order. */
  readonly uploaded: FileRef[] = [];
  /** Contents by file id (default: the pixel PNG). */
  readonly contents = new Map<string, FileBytes>();
  /** `file:open` answers `opened`: true as in the desktop app, false as in a browser. */
  canOpen = true;
  cache: FileCacheInfo = { folder: '/tmp/acme/files', bytes: 1024, entries: 1, limitBytes: 500 * 1024 * 1024 };
}

const worlds = new WeakMap<FakeApi, FakeFilesWorld>();

/** The file world of a FakeApi. */
export function fakeFiles(api: FakeApi): FakeFilesWorld {
  let world = worlds.get(api);
  if (!world) worlds.set(api, (world = new FakeFilesWorld()));
  return world;
}

function fail(error: ApiError): never {
  throw new FakeError(error);
}

function upload(world: FakeFilesWorld, uploadId: string): FakeUpload {
  return world.uploads.get(uploadId) ?? fail({ code: 'NOT_FOUND', message: 'no such upload', field: 'uploadId' });
}

/** The `file:*` and `fileCache:*` handlers of one FakeApi. */
export function fakeFileHandlers(api: FakeApi): {
  [C in Channel]: (r: IpcRequestParsed<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;
} {
  const world = fakeFiles(api);
  const bytesOf = (fileId: string): FileBytes => world.contents.get(fileId) ?? { mime: 'image/png', data: PIXEL_PNG };
  return {
    'file:stage': (r) => {
      const limit = api.limits.maxFileBytes ?? 25 * 1024 * 1024;
      if (r.size > limit) fail({ code: 'INVALID', message: 'larger than the limit', field: 'file' });
      const uploadId = crypto.randomUUID();
      world.uploads.set(uploadId, { ...r, received: 0, cancelled: false });
      return { uploadId };
    },
    'file:chunk': (r) => {
      const u = upload(world, r.uploadId);
      u.received += Math.floor((r.data.length * 3) / 4) - (r.data.match(/=+$/)?.[0].length ?? 0);
      return { received: u.received };
    },
    'file:upload': async (r) => {
      const u = upload(world, r.uploadId);
      // as the core: offline the file stays staged, for a message:send's uploadIds
      if (!world.online)
        fail({ code: 'UNAVAILABLE', message: 'offline: the file will upload when the message is sent' });
      api.emit('file:progress', {
        accountId: api.me.id,
        uploadId: r.uploadId,
        sent: Math.floor(u.size / 2),
        total: u.size,
      });
      if (world.hold) await world.hold;
      world.uploads.delete(r.uploadId);
      if (u.cancelled) fail({ code: 'UNAVAILABLE', message: 'cancelled' });
      api.emit('file:progress', { accountId: api.me.id, uploadId: r.uploadId, sent: u.size, total: u.size });
      const image = /\.(png|jpe?g|gif|webp)$/i.test(u.name);
      const file: FileRef = {
        id: uuidv7(),
        name: u.name,
        size: u.size,
        mime: image ? 'image/png' : 'application/octet-stream',
        width: image ? 1 : null,
        height: image ? 1 : null,
        thumbnail: image,
      };
      world.uploaded.push(file);
      return { file };
    },
    'file:cancel': (r) => {
      const u = world.uploads.get(r.uploadId);
      if (u) u.cancelled = true;
      return {};
    },
    'file:thumbnail': (r) => bytesOf(r.fileId),
    'file:content': (r) => bytesOf(r.fileId),
    'file:open': () => ({ opened: world.canOpen }),
    'fileCache:get': () => world.cache,
    'fileCache:set': (r) => {
      world.cache = { ...world.cache, limitBytes: r.limitBytes };
      return world.cache;
    },
    'fileCache:clear': () => {
      world.cache = { ...world.cache, bytes: 0, entries: 0 };
      return world.cache;
    },
  };
}
