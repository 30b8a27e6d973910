import type { FileCacheInfo } from '../../../shared/ipc/fileChannels';
import type { Account } from '../account';
import {
  cachedMime,
  clearFileCache,
  fileCacheFolder,
  fileCacheLimit,
  fileCacheUsage,
  setFileCacheLimit,
} from '../files/fileCache';
import { cachedFilePath, cachedOrFetched } from '../files/downloads';
import { appendChunk, cancelUpload, dropUploads, runUpload, stageUpload } from '../files/uploads';
import { stagedPreview } from '../files/offlineAttachments';
import type { Handler } from './context';
import { requireStream } from './streams.handlers';

/*
 * The files channels: attaching (stage, chunks, upload with progress, cancel), reading through the
 * offline file cache (thumbnail, content, open with the system) and the cache's settings.
 */

/**
 * Types the system may open directly: they show, they do not run. Anything else (a script, an
 * installer, an unknown type) is only shown in its folder, so one click never executes what a
 * colleague attached.
 */
const OPENABLE = /^(image\/(png|jpeg|gif|webp|avif|bmp)|application\/pdf|text\/plain|audio\/|video\/)/;

/** `file:stage`: checks the stream and the size (the org's last known limit); answers the upload's id. */
export const fileStage: Handler<'file:stage'> = (ctx, req) => {
  requireStream(ctx, req.streamId);
  return { uploadId: stageUpload(ctx.account(), req) };
};

/** `file:chunk`: the next bytes of a staged file. */
export const fileChunk: Handler<'file:chunk'> = (ctx, req) => ({ received: appendChunk(ctx.account(), req) });

/** `file:upload`: streams the staged file to the server with progress pushes; answers its reference. */
export const fileUpload: Handler<'file:upload'> = async (ctx, req) => {
  const acc = ctx.account();
  const file = await runUpload(acc, req.uploadId, (sent, total) =>
    ctx.uploadProgress({ accountId: acc.userId, uploadId: req.uploadId, sent, total }),
  );
  return { file };
};

/** `file:cancel`: stops an upload and drops its bytes. */
export const fileCancel: Handler<'file:cancel'> = (ctx, req) => {
  cancelUpload(ctx.account(), req.uploadId);
  return {};
};

function asBytes(got: { mime: string; data: Buffer }): { mime: string; data: string } {
  return { mime: got.mime, data: got.data.toString('base64') };
}

/** `file:thumbnail`: a preview, from the offline cache or the server. */
export const fileThumbnail: Handler<'file:thumbnail'> = async (ctx, req) => {
  const acc = ctx.account();
  // a file of a queued send that has not uploaded yet previews from its staged bytes
  const staged = stagedPreview(acc, req.fileId);
  return asBytes(staged ?? (await cachedOrFetched(acc, req.fileId, 'thumbnail')));
};

/** `file:content`: a whole file (an image shown full size, a download in a browser). */
export const fileContent: Handler<'file:content'> = async (ctx, req) =>
  asBytes(await cachedOrFetched(ctx.account(), req.fileId, 'file', req.name));

/** `file:open`: downloads into the cache (so it opens offline later), then hands it to the system. */
export const fileOpen: Handler<'file:open'> = async (ctx, req) => {
  const acc = ctx.account();
  const path = await cachedFilePath(acc, req.fileId, req.name);
  if (!ctx.openFile) return { opened: false };
  const mime = cachedMime(acc.db, req.fileId, 'file');
  await ctx.openFile(path, mime !== null && OPENABLE.test(mime) ? 'open' : 'reveal');
  return { opened: true };
};

function cacheInfo(acc: Account): FileCacheInfo {
  return { folder: fileCacheFolder(acc.file), ...fileCacheUsage(acc.db), limitBytes: fileCacheLimit(acc.db) };
}

/** `fileCache:get`: where the offline files are, how much they take, the bound. */
export const fileCacheGet: Handler<'fileCache:get'> = (ctx) => cacheInfo(ctx.account());

/** `fileCache:set`: a new bound, evicting down to it. */
export const fileCacheSet: Handler<'fileCache:set'> = (ctx, req) => {
  const acc = ctx.account();
  setFileCacheLimit(acc.db, acc.file, req.limitBytes);
  return cacheInfo(acc);
};

/** `fileCache:clear`: empties the offline file cache. */
export const fileCacheClear: Handler<'fileCache:clear'> = (ctx) => {
  const acc = ctx.account();
  clearFileCache(acc.db, acc.file);
  return cacheInfo(acc);
};

/**
 * Signing out leaves no file of the account on this computer (its messages stay cached for the next
 * sign-in, but opened files may be anything): the cache and the staged uploads go.
 */
export function forgetAccountFiles(acc: Account): void {
  dropUploads(acc);
  clearFileCache(acc.db, acc.file);
}
